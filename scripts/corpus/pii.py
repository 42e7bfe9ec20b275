"""Personal data in disguise: phone, ID, card and plate numbers, QQ and WeChat ids, e-mail addresses, street
addresses and party names, written the way people hide them or pasted them by accident — other spaces,
zero-width characters, dots and dashes, Markdown emphasis, HTML entities, other digits, a line break — in
story bodies, titles, front-matter keys and fields, case records, alt text, file and folder names and SVG text.

Every case must fail the build naming file and line, in Chinese, with the value shown only masked. The last
ones are sentences as the real sites print them, thick with numbers (dates, money, statistics, article and
document numbers, hotlines, ISBNs): they must build.
"""

from __future__ import annotations

from .common import CASE, VALID_ID, jpeg, story

NEWS = "content/news/2021/leak.md"
CASE_FILE = "content/cases/drain.yml"


def body(text: str) -> dict[str, str | bytes]:
    return {NEWS: story("leak", text)}


def field(line: str) -> dict[str, str | bytes]:
    return {NEWS: story("leak", extra=line + "\n")}


def case(text: str, *, field_line: str = "") -> dict[str, str | bytes]:
    """A case record with `text` as its body (a YAML block), or with one more field."""
    record = CASE.format(id="drain")
    if field_line:
        return {CASE_FILE: record + field_line + "\n"}
    return {CASE_FILE: record + "body: |\n" + "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))}


def svg(inner: str) -> dict[str, str | bytes]:
    """A chart in SVG, used by a story, holding `inner`."""
    return {"content/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" '
                                        f'viewBox="0 0 400 300">\n{inner}\n</svg>\n',
            NEWS: story("leak", "![调解工作统计图](../../images/chart.svg)")}


OK_SENTENCES = [
    "2021年，全县共排查化解矛盾纠纷1,234件，调解成功率达98.6%，同比上升2.3个百分点；截至2023年12月31日，"
    "累计接待群众来访13,812人次，办结率100%。",
    "县财政投入资金1.38亿元，新建视频监控点位1,234个，覆盖12个乡镇138个行政村；全县配备网格员5325名、"
    "联户长2121名，组建20支专职群防群治队伍共721人。",
    "依据《中华人民共和国人民调解法》第十二条、第二十一条和第三十三条的规定，双方可以自调解协议生效之日起"
    "三十日内共同向人民法院申请司法确认。",
    "举报电话：0935-2212345；全国统一反诈专线96110；公安报警电话110；政务服务便民热线12345；法律援助热线12348。",
    "本站备案号 京ICP备12345678号-1，京公网安备 11010802020000号，网站标识码 6206000001。",
    "《新时代枫桥经验读本》（ISBN 978-7-5097-1234-5），2021年9月第1版，定价68.00元，印数1—3000册。",
    "2019—2021年连续三年获评“平安县”，4·15全民国家安全教育日当天发放宣传资料3000余份、"
    "接受群众咨询1,200余人次。",
    "| 年份 | 排查 | 化解 | 化解率 |\n|---|---|---|---|\n| 2021 | 1399 | 1387 | 99.1% |\n"
    "| 2022 | 1402 | 1391 | 99.2% |",
    "甘政办发〔2021〕138号文件要求，G312国道1234公里处的临时检查站于2021.09.13启用，"
    "2021-09-13 08:30起实行24小时值守。",
    "微信公众号“平安修武”、官方微博和QQ空间同步推送；涉案金额13812345元，追回赃款5,678元；"
    "总产值 13 812 345 678 元。",
    "“1+3+5+N”模式、“三调联动”机制和“一村一警一法律顾问”制度已覆盖全县138个行政村，"
    "2017、2018、2019、2020年分别化解纠纷1399、1387、1402、1450件。",
]


def cases() -> dict[str, dict[str, str | bytes]]:
    found: dict[str, dict[str, str | bytes]] = {
        # -- phone numbers: separators and look-alike digits -----------------------------------------
        "pii-phone-ideographic-spaces": body("有事请联系调解员，电话138\u30001234\u30005678。"),
        "pii-phone-zero-width": body("有事请联系调解员，电话1\u200b3\u200b8\u200b1234\u200d5678。"),
        "pii-phone-nbsp-in-title": {NEWS: story("leak", title="联系人王某 138\u00a01234\u00a05678")},
        "pii-phone-dots": body("有事请联系调解员，电话138.1234.5678。"),
        "pii-phone-full-width-dashes": body("有事请联系调解员，电话１３８－１２３４－５６７８。"),
        "pii-phone-em-dashes": body("有事请联系调解员，电话138—1234—5678。"),
        "pii-phone-markdown-emphasis": body("有事请联系调解员，电话138**1234**5678。"),
        "pii-phone-code-spans": body("有事请联系调解员，电话`138`1234`5678`。"),
        "pii-phone-html-entities": body("有事请联系调解员，电话&#49;&#51;&#56;1234&#x35;678。"),
        "pii-phone-slashes-and-brackets": body("有事请联系调解员，电话（138）1234/5678。"),
        "pii-phone-right-to-left-override": body("有事请联系调解员，电话\u202e87654321831\u202c。"),
        "pii-phone-yaml-escapes": {NEWS: story("leak", title='"联系人 \\u0031\\u0033\\u0038 1234 5678"')},
        "pii-phone-math-digits": body("有事请联系调解员，电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖。"),
        "pii-phone-circled-digits": body("有事请联系调解员，电话①③⑧①②③④⑤⑥⑦⑧。"),
        "pii-phone-chinese-digits": body("有事请联系调解员，电话幺三八幺二三四五六七八。"),
        "pii-phone-country-code-nbsp": field("subtitle: 联系电话 +86\u00a0138\u00a01234\u00a05678"),
        "pii-phone-split-across-lines": body("调解结束后，王某留下电话13812\n345678，方便回访。"),
        "pii-phone-split-across-paragraphs": body("调解结束后，王某留下电话138 1234\n\n5678是他的手机。"),
        "pii-phone-split-in-case-body": case("调解员随后拨打张某电话138\n1234 5678，约定见面时间。"),
        "pii-phone-link-target": body("有事请[联系调解员](tel:13812345678)。"),
        "pii-phone-two-side-by-side": body("两位调解员的电话是 13812345678 13912345678。"),
        "pii-phone-in-alt-zero-width": body("![王某\u200b138 1234 5678 在调解现场](../../images/body.jpg)"),
        "pii-phone-in-file-name-spaces": {"content/news/2021/wang 138 1234 5678.md": story("wang-call")},
        "pii-phone-in-folder-name": {"content/images/wang-13812345678/scene.jpg": jpeg(),
                                     NEWS: story("leak", "![调解现场](../../images/wang-13812345678/scene.jpg)")},
        "pii-phone-unknown-key": field("13912345678: 张某的电话"),
        "pii-phone-as-yaml-number": {NEWS: story("leak", title="13812345678")},
        "pii-phone-in-svg-tspans": svg('<text x="10" y="20"><tspan>调解员电话 138</tspan>\n'
                                       '  <tspan x="10" dy="16">1234 5678</tspan></text>'),
        "pii-phone-in-svg-title": svg("<title>调解员 王某 13812345678</title>"),
        "pii-phone-in-svg-comment": svg("<!-- 制图：王某 139.1234.5678 -->\n<rect width=\"10\" height=\"10\"/>"),
        # -- ID and card numbers ---------------------------------------------------------------------
        "pii-id-zero-width-in-title": {NEWS: story("leak", title=f"{VALID_ID[:6]}\u200b{VALID_ID[6:14]}\u200b"
                                                                 f"{VALID_ID[14:]}的情况说明")},
        "pii-id-dots": body("当事人身份证号110105.19491231.002X，已登记。"),
        "pii-id-entities": body("当事人身份证号&#49;10105&#x31;9491231002X，已登记。"),
        "pii-id-split-across-lines": body("当事人身份证号110105\n19491231002X，已登记。"),
        "pii-card-ideographic-spaces": body("捐款请汇入 6222\u30000212\u30003456\u30007890\u3000128。"),
        # -- plates ----------------------------------------------------------------------------------
        "pii-plate-hyphen": body("张某的车（豫H-12345）挡住了排水沟。"),
        "pii-plate-hyphen-new-energy": body("李某的新能源车京A-D1234停在消防通道上。"),
        "pii-plate-lowercase-in-case": case("张某的车（豫h·12345）挡住了排水沟。"),
        # -- QQ and WeChat ---------------------------------------------------------------------------
        "pii-qq-haoma-shi": body("调解员说，他的QQ号码是 123456789，有事可以留言。"),
        "pii-qq-hao": body("群众反映问题可加调解员QQ号 123456789。"),
        "pii-qq-full-width-in-field": field("cite: 读者来信（ＱＱ：９８７６５４３２１）"),
        "pii-wechat-add-wxid": body("有需要的群众可以加微信 wxid_k2j3h4g5 咨询。"),
        "pii-wechat-add-me-colon": body("调解员说：“加我微信：abc_123，随时联系。”"),
        "pii-wechat-hao-shi": body("调解员的微信号是 wang_mediator88。"),
        "pii-wechat-add-v": case("张某让对方“加v：zhangsan2021”私下协商。"),
        # -- e-mail ----------------------------------------------------------------------------------
        "pii-email-entity-at": body("来信请寄 zhang.san&#64;example.com。"),
        "pii-email-commat": body("来信请寄 zhang.san&commat;example.com。"),
        "pii-email-bracket-at": body("来信请寄 zhang.san[at]example[dot]com。"),
        "pii-email-full-width-at": field("subtitle: 投稿邮箱 zhang.san＠example.com"),
        # -- street addresses in case records ----------------------------------------------------------
        "pii-address-chinese-numerals": case("纠纷发生在幸福路十二号三单元楼下。"),
        "pii-address-village-group": case("张某家住某村三组十二号，与李某相邻。"),
        "pii-address-building-unit-room": case("张某住3-2-501，楼下李某家漏水。"),
        "pii-address-dong-danyuan-shi": case("张某住在12栋3单元501室。"),
        "pii-address-in-case-title": {CASE_FILE: CASE.format(id="drain").replace("title: 邻里排水纠纷",
                                                                                 "title: 幸福路十二号排水纠纷")},
        "pii-address-in-place-field": case("", field_line="place: 幸福路12号"),
        # -- names -----------------------------------------------------------------------------------
        "pii-party-real-name": {CASE_FILE: CASE.format(id="drain").replace("parties: [张某, 李某]",
                                                                           "parties: [张三丰, 李某]")},
    }
    for n, sentence in enumerate(OK_SENTENCES, start=1):
        found[f"pii-ok-real-world-{n:02d}"] = {NEWS: story("leak", sentence), "verdict": "ok"}
    found["pii-ok-case-with-numbers"] = {
        **case("2024年4月，两户因排水沟走向起争执，涉及修缮费用3,800元。调解员依据《民法典》第二百八十八条，"
               "三次到场查看，5月12日双方签订协议，约定各承担50%。"),
        "verdict": "ok"}
    return found

"""The personal-data detectors: positives, look-alikes that must pass, masking and the allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem
from generator.privacy import compact, id18_status, luhn, mask, redact, scan

from .conftest import SiteMaker, fixture_files, make_image, story

# The GB 11643 sample number (check character X) and one with a wrong check digit.
VALID_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"


def kinds(text: str, **kw: object) -> list[tuple[str, str, str]]:
    return [(f.kind, f.masked, f.level) for f in scan(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize("text, expected", [
    (f"身份证号{VALID_ID}。", [("身份证号", "110*************2X", "error")]),
    ("身份证号 110105 19491231 002X", [("身份证号", "110*************2X", "error")]),
    ("身份证号 110105-1949-1231-002x", [("身份证号", "110*************2X", "error")]),
    ("１１０１０５１９４９１２３１００２Ｘ", [("身份证号", "110*************2X", "error")]),  # full-width
    (BAD_CHECK_ID, [("身份证号", "110*************21", "error")]),  # one digit wrong: still a person's number
    ("老身份证130503670401001", [("身份证号", "130**********01", "error")]),
    ("电话13812345678", [("手机号", "138******78", "error")]),
    ("电话 +86 138-1234-5678", [("手机号", "138******78", "error")]),
    ("电话 138 1234 5678", [("手机号", "138******78", "error")]),
    ("电话 008613812345678", [("手机号", "138******78", "error")]),
    ("卡号 6222 0212 3456 7890 128", [("银行卡号", "622**************28", "error")]),
    ("车牌豫H·12345", [("车牌号", "豫H*****", "error")]),
    ("新能源车甘AD12345", [("车牌号", "甘A******", "error")]),
    ("邮箱 Zhang.San@Example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("QQ：123456789", [("QQ号", "1*******9", "error")]),
    ("扣扣号 12345678", [("QQ号", "1******8", "error")]),
    ("微信号：pingan_2024", [("微信号", "pin******24", "error")]),
    ("加 vx: zhangsan88", [("微信号", "zha*****88", "error")]),
])
def test_detects(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "2021年9月13日（20210913）发布",  # dates
    "排查纠纷1399件，化解1387件，成功率99.1%",  # counts and rates
    "发放宣传单15000余份，30000余人次参与",
    "1,356个问题，1,289个已解决；12803件上报事项",
    "京ICP备12345678号-1　陇ICP备12345678号",  # ICP numbers
    "京公网安备 11010802020000号",  # public-security record number
    "办公电话 0935-2212345，热线 12345、110",
    "投入1100多万元，3000多路视频监控",
    "网站标识码 6206000001",
    "文号 修政〔2021〕12号",
    "“1+3+5+N”模式，4·15国家安全教育日",
    "甘南藏族自治州、豫剧、京剧",
    "微信公众号“平安修武”",
    "13 812 345 678",  # not grouped like a phone number
    "统一社会信用代码 91410821MA9F12345X",
    "6222021234567890123",  # 19 digits failing the Luhn check
    "举报电话 12337 12309 12368",  # three hotlines in a row, not an old ID number
    "政法委 12337、检察院 12309、法院 12368、市民热线 12345",
    "第13957246813期",  # an ordinal
])
def test_look_alikes_pass(text: str) -> None:
    assert scan(text) == []


def test_check_digit_and_luhn() -> None:
    assert id18_status(VALID_ID) == "valid"
    assert id18_status(BAD_CHECK_ID) == "checksum"
    assert id18_status("110105194902300021") is None  # 30 February is no birth date
    assert id18_status("990105194912310021") is None  # no such province code
    assert luhn("4111111111111111") and not luhn("4111111111111112")


def test_addresses_only_where_asked() -> None:
    text = "事发在幸福路12号3单元502室"
    assert scan(text) == []
    assert [f.masked for f in scan(text, addresses=True)] == ["路**号*单元***室"]  # one address, one finding
    assert scan("在村人民调解室调解", addresses=True) == []


def test_allow_list_compares_without_separators() -> None:
    allow = frozenset({compact("138-1234-5678"), compact("Office@Example.gov.cn")})
    assert scan("电话 +86 13812345678，邮箱 office@example.gov.cn", allow=allow) == []
    assert [f.kind for f in scan("电话 13900001111", allow=allow)] == ["手机号"]


def test_an_id_number_with_one_digit_wrong_is_refused_unless_allowed() -> None:
    """A check digit that does not fit is most often a real number copied with one slip: region and birth date still
    show, so it is an error like a valid one; a number that only looks like one (an order number) is allow-listed."""
    found = scan(f"编号{BAD_CHECK_ID}")
    assert [(f.kind, f.level) for f in found] == [("身份证号", "error")]
    assert "privacy.allow" in found[0].advice and "可能抄错了一位" in found[0].message()
    assert scan(f"编号{BAD_CHECK_ID}", allow=frozenset({compact(BAD_CHECK_ID)})) == []


def test_masking_never_shows_the_whole_value() -> None:
    assert mask(VALID_ID, "身份证号") == "110*************2X"
    assert mask("12345", "QQ号") == "1***5"
    assert redact(f"实际是 “{VALID_ID}”，电话 138 1234 5678") == "实际是 “110*************2X”，电话 138******78"
    shown = Problem("content/news/a.md", 3, "title", f"应为文本，实际是 “{VALID_ID}”").format()
    assert VALID_ID not in shown and "110*************2X" in shown



def _scanned_site(make_site: SiteMaker, case: str) -> Path:
    """A site of 12 stories; with "privacy", id numbers in five of them (four with one digit wrong), and with
    "privacy" or "building", two tags whose addresses collide (an error found when the site is built)."""
    files = fixture_files()
    for i in range(12):
        body = f"第{i}篇。登记的证件号 {BAD_CHECK_ID}。" if i % 3 == 0 and case == "privacy" else f"第{i}篇正文。"
        files[f"content/news/2021/s{i:02d}.md"] = story(f"s{i:02d}", title=f"稿件{i}", body=body)
    if case == "privacy":
        files["content/news/2021/s05.md"] = story("s05", title="稿件5", body=f"身份证号{VALID_ID}。")
    if case in ("privacy", "building"):
        files["content/news/2021/s01.md"] = story("s01", title="稿件1", extra="tags: [ABC]\n")
        files["content/news/2021/s02.md"] = story("s02", title="稿件2", extra="tags: [abc]\n")
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    return cfg


@pytest.mark.parametrize("case", ["clean", "privacy", "building"])
def test_a_scan_in_the_background_reports_what_a_scan_here_does(make_site: SiteMaker,
                                                              monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """A big site is scanned for personal data in a background process while its content loads and the site is
    built: the same findings in the same order; `pingan check` reports what building the site found as well (every
    problem in one round), each number once (not again from the automatic summary that repeats it)."""
    from generator import privacy
    from generator.build import check
    from generator.errors import ContentError
    from generator.privacy import site

    cfg = _scanned_site(make_site, case)

    def outcome() -> list[Problem]:
        try:
            return check(cfg).warnings
        except ContentError as exc:
            return exc.problems

    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "1")
    here = outcome()
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(site, "PARALLEL_FROM", 1)  # where SiteScan reads them
    monkeypatch.setattr(site, "PART", 3)
    parts: list[int] = []
    begin = privacy.SiteScan.__init__

    def spy(self: privacy.SiteScan, *args: object, **kwargs: object) -> None:
        begin(self, *args, **kwargs)  # type: ignore[arg-type]
        parts.append(len(self.parts))

    monkeypatch.setattr(privacy.SiteScan, "__init__", spy)
    assert outcome() == here
    assert parts[0] > 3  # scanned in parts, in the background
    where = [(p.path.removeprefix("content/news/2021/"), p.field) for p in here if p.level == "error"]
    assert [p for p in here if p.level == "warning"] == []
    if case == "clean":
        assert where == []
    elif case == "privacy":  # in the order of the files; `pingan check` goes on to build: the tags' collision too
        assert where == [("s00.md", "正文"), ("s02.md", "tags"), ("s03.md", "正文"), ("s05.md", "正文"),
                         ("s06.md", "正文"), ("s09.md", "正文")]
    else:
        assert where == [("s02.md", "tags")]


# -- one normalisation before every scan -----------------------------------------------------------

PHONE = ("手机号", "138******78", "error")


@pytest.mark.parametrize("text", [
    "电话138\u30001234\u30005678",  # ideographic spaces
    "电话1\u200b3\u200b8\u200c1234\u200d5678\u2060",  # zero-width characters
    "电话138\u00a01234\u00a05678",  # no-break spaces
    "电话138\u202f1234\u20095678",  # narrow and thin spaces
    "电话138.1234.5678",
    "电话138-1234-5678",
    "电话138—1234—5678",  # em dashes
    "电话１３８－１２３４－５６７８",  # full width
    "电话138**1234**5678",  # Markdown emphasis inside the number
    "电话138*1234*5678",
    "电话138_1234_5678",
    "电话138`1234`5678",
    "电话138~~1234~~5678",
    "电话\\*138\\*12345678",  # escaped markup
    "电话&#49;&#51;&#56;1234&#x35;678",  # HTML entities, decimal and hex
    "电话&#49&#51&#56 1234 5678",  # entities without the semicolon (browsers read them)
    "电话138&nbsp;1234&nbsp;5678",
    "电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",  # mathematical digits
    "电话①③⑧①②③④⑤⑥⑦⑧",  # circled digits
    "电话١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "电话一三八一二三四五六七八",  # Chinese digits, read out one by one
    "电话幺三八幺二三四五六七八",
    "电话138 - 1234 - 5678",
    "电话 +86\u00a0138\u00a01234\u00a05678",
    "电话138\n1234 5678",  # split by a line break
    "电话13812\n345678",
    "电话138 1234\n\n5678",  # …or by a paragraph break
    "电话138\n  1234\n  5678",  # lines of an indented YAML block
    "Tel13812345678",
    "[联系我们](tel:13812345678)",  # a link's target
    "<span>138</span>1234<b>5678</b>",  # raw HTML between the digits
    '<a title="13812345678">联系</a>',  # an attribute
    "<!-- 13812345678 -->",
    "电话138/1234/5678",
    "电话(138)1234-5678",
    "电话（+86）138 1234 5678",
    "电话\u202e87654321831\u202c",  # a right-to-left override shows the digits backwards
    'title: "\\u0031\\u0033\\x38 1234 5678"',  # YAML and JSON escapes
    'title: "电话138\\\n  12345678"',  # a YAML line continued with a backslash
    "电话138    1234    5678",  # wide gaps
    "电话138&nbsp;&nbsp;&nbsp;&nbsp;1234&nbsp;&nbsp;&nbsp;&nbsp;5678",
    "电话138-12 34-5678",  # separators mixed
    "电话138~1234~5678",
    "电话13812345678平安办",  # 平 of 平安, not of 平方米
    "电话13812345678人民调解委员会",
    "电话138一二三四5678",  # Arabic and Chinese digits mixed
    "电话壹叁捌壹贰叁肆伍陆柒捌",  # the numerals of cheques
    "电话1\u064b3\u064b8 1234 5678",  # combining marks between the digits
    "电话&#x202e;87654321831&#x202c;",  # a right-to-left override written as an entity
    "电话\u202e8765\n4321831\u202c",  # …across a line break inside the paragraph
    '<bdo dir="rtl">87654321831</bdo>',  # shown backwards by the browser
    'title: "电话138\\t1234\\t5678"',  # YAML's tab escape
    "见[电话][1]\n\n[1]: tel:%31%33%38%31%32%33%34%35%36%37%38",  # a reference link's target, percent-encoded
    "[注]: 电话138 1234 5678",  # not a reference definition: read as text
    "联系 13812345678 万老师",  # 万 is a surname before 老师, not a unit
    "经查，13812345678所属机主为王某。",  # 所属 (belongs to), not 所 as a unit
    "号码13812345678名下有两张卡",
    "电话138一1234一5678",  # 一 typed for a hyphen (a Chinese input method's habit)
    "电话 138 一 1234 一 5678",  # …with spaces
    "详见https://x.cn/a，电话138 1234 5678",  # a web address ends at a Chinese character
    "https://map.example.cn/?tel=138-1234-5678",  # hyphens in an address still join a number
    "联系人：张三 13812345678 家住幸福村",  # 家 of 家住, not a unit
    "电话13812345678万分感谢",
])
def test_disguised_phone_numbers_are_found(text: str) -> None:
    assert kinds(text) == [PHONE]


@pytest.mark.parametrize("text, expected", [
    ("身份证 110105\u200b19491231\u200b002X", [("身份证号", "110*************2X", "error")]),
    ("身份证 110105.19491231.002X", [("身份证号", "110*************2X", "error")]),
    ("身份证 &#49;10105194912310&#48;2X", [("身份证号", "110*************2X", "error")]),
    ("身份证 110105\n19491231002X", [("身份证号", "110*************2X", "error")]),
    ("身份证 11010519491231002x", [("身份证号", "110*************2X", "error")]),
    ("身份证 11010519491231002×", [("身份证号", "110*************2X", "error")]),  # × typed for X
    ("身份证 110105 19491231 002 ×", [("身份证号", "110*************2X", "error")]),  # spaced out
    ("身份证号：11010519491231****", [("身份证号", "110*********31", "warning")]),  # birth date shown
    ("身份证号：110105********002X", []),  # the birth date masked: as public lists write it
    ("身份证号：1101051949123100**", [("身份证号", "110***********00", "error")]),  # the check digit's rule
    ("身份证号：11010519491231××××", [("身份证号", "110*********31", "warning")]),  # gives back the last two
    ("身份证号：11010519491231XXXX", [("身份证号", "110*********31", "warning")]),
    ("纳税人识别号：110105194912310021", [("身份证号", "110*************21", "error")]),  # an individual's
    ("个体户王某，税号11010519491231002X", [("身份证号", "110*************2X", "error")]),
    ("卡号 6222\u30000212\u30003456\u30007890\u3000128", [("银行卡号", "622**************28", "error")]),
    ("两部电话 13812345678 13912345678", [PHONE, ("手机号", "139******78", "error")]),
    ("两部电话 138 1234 5678 139 1234 5678", [PHONE, ("手机号", "139******78", "error")]),
    ("车牌豫H-12345", [("车牌号", "豫H*****", "error")]),
    ("车牌京A-D1234", [("车牌号", "京A*****", "error")]),
    ("车牌京A D1234", [("车牌号", "京A*****", "error")]),
    ("车牌豫h·12345", [("车牌号", "豫H*****", "error")]),
    ("车牌豫Ｈ１２３４５", [("车牌号", "豫H*****", "error")]),
    ("QQ号码是 123456789", [("QQ号", "1*******9", "error")]),
    ("QQ号 123456789", [("QQ号", "1*******9", "error")]),
    ("qq号码是：1234 5678 9", [("QQ号", "1*******9", "error")]),
    ("ＱＱ：１２３４５６７８９", [("QQ号", "1*******9", "error")]),
    ("加我QQ123456789", [("QQ号", "1*******9", "error")]),
    ("加微信 wxid_k2j3h4g5", [("微信号", "wxi********g5", "error")]),
    ("加我微信：abc_123", [("微信号", "a*****3", "error")]),
    ("加微信 zhangsan", [("微信号", "z******n", "error")]),
    ("微信号是 wang_mediator88", [("微信号", "wan**********88", "error")]),
    ("加v：zhangsan2021", [("微信号", "zha*******21", "error")]),
    ("她的 wxid_k2j3h4g5 已删除", [("微信号", "wxi********g5", "error")]),
    ("来信 zhang&#64;example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang&commat;example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang＠example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang @ example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang[at]example[dot]com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang(at)example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("来信 zhang#qq.com（#换成@）", [("电子邮箱", "z***@qq.com", "error")]),
    ("来信 zhang\u200b@\u200bexample.com", [("电子邮箱", "z***@example.com", "error")]),
    ("身份证 11○1○519491231○○2X", [("身份证号", "110*************2X", "error")]),  # ○ for zero
    ("身份证 11010519491231002\u03a7", [("身份证号", "110*************2X", "error")]),  # Greek Χ
    ("身份证 11010519491231002\u0425", [("身份证号", "110*************2X", "error")]),  # Cyrillic Х
    ("卡号 9558801234567890128", [("银行卡号", "955**************28", "error")]),
    ("卡号 622202 1234567890128", [("银行卡号", "622**************28", "error")]),  # groups of any size
    ("车牌豫\u041d·12345", [("车牌号", "豫H*****", "error")]),  # Cyrillic Н
    ("車牌滬A·12345", [("车牌号", "沪A*****", "error")]),  # traditional characters
    ("车牌甘A--12345", [("车牌号", "甘A*****", "error")]),
    ("货车豫H1234挂", [("车牌号", "豫H*****", "error")]),  # a trailer's plate
    ("车牌 豫 H 1 2 3 4 5", [("车牌号", "豫H*****", "error")]),  # spaced out
    ("车牌豫H12345 2021年被查处", [("车牌号", "豫H*****", "error")]),
    # letter pairs that are also standards' codes are plates all the same (GB, GA, DB…)
    ("车牌号鲁GA1234的轿车", [("车牌号", "鲁G*****", "error")]),
    ("新GB1234和苏DL5678", [("车牌号", "新G*****", "error"), ("车牌号", "苏D*****", "error")]),
    # spaces of any number between the groups (a page shows one; &nbsp; and 　 show as wide gaps)
    ("手机 138        1234        5678（白天）", [PHONE]),
    ("手机 138" + "\u00a0" * 7 + "1234" + "\u00a0" * 7 + "5678", [PHONE]),
    ("手机13　　　　　　　812　　　　　　　345　　　　　　　678", [PHONE]),  # wide gaps are not thousands
    ("手机 13 812 345 678", [PHONE]),  # grouped like an amount, but said to be a phone
    ("身份证号：11010 11950 100 10000", [("身份证号", "110*************00", "error")]),  # in hotline-shaped groups
    ("身份证号 110105" + " " * 9 + "19491231" + " " * 9 + "002X", [("身份证号", "110*************2X", "error")]),
    # a phone or an ID in its usual groups joined by a Chinese comma or 、 (a bar is a table's: a warning, below)
    ("电话138，1234，5678", [PHONE]),
    ("电话139、1234、5678", [("手机号", "139******78", "error")]),
    ("身份证号110105，19491231，002X", [("身份证号", "110*************2X", "error")]),
    ("身份证号110105、194912、31002X", [("身份证号", "110*************2X", "error")]),
    # 拐 (7) and 勾 (9) as read out on the phone
    ("幺三八拐幺二三四五六七是调解员的电话", [("手机号", "138******67", "error")]),
    ("也可拨打幺三九勾八七六五四三二", [("手机号", "139******32", "error")]),
    # a card number in Chinese numerals, 大写 or mixed with digits
    ("卡号：陆贰贰贰零贰壹贰叁肆伍陆柒捌玖零壹贰捌", [("银行卡号", "622**************28", "error")]),
    ("卡号 6222 0212 3456 七八九〇 一二八", [("银行卡号", "622**************28", "error")]),
    # a word that starts with a counting unit's character after a phone number
    ("包工头王某（电话13812345678项目部）", [PHONE]),
    ("联系电话13812345678家里人都知道", [PHONE]),
    # any word after a number shaped like a mobile: none is a unit of 13.8 billion (平, 公, 万, 例, 台, 千 …)
    ("王某的手机13812345678平时都关机", [PHONE]),
    ("13812345678公布在村务群里", [PHONE]),
    ("13812345678万一联系不上", [PHONE]),
    ("电话13812345678例如白天", [PHONE]),
    ("手机13812345678台账上有", [PHONE]),
    ("卡号6222021234567890128元", [("银行卡号", "622**************28", "error")]),
    # YAML's other escapes: a space, a slash, a line or paragraph separator, a no-break space
    ("电话138\\ 1234\\ 5678", [PHONE]),
    ("电话138\\/1234\\/5678", [PHONE]),
    ("电话138\\L1234\\P5678", [PHONE]),
    ("电话138\\_1234\\_5678", [PHONE]),
    # separators typed in Chinese input mode, and other marks between the groups
    ("王某手机138～1234～5678", [PHONE]),
    ("王某手机138：1234：5678", [PHONE]),
    ("王某手机138／1234／5678", [PHONE]),
    ("王某手机138+1234+5678", [PHONE]),
    ("王某手机138丨1234丨5678", [PHONE]),
    ("王某电话138|1234|5678", [PHONE]),
    ("王某电话138；1234；5678", [PHONE]),
    # documents and accounts named by the words before them: a passport, a pass, a car's frame number, a household
    # account, an insurance card; an account number whatever its check digit
    ("护照号码：E12345678", [("证件号码", "E*******8", "error")]),
    ("往来港澳通行证号C12345678", [("证件号码", "C*******8", "error")]),
    ("车架号LSVAM4187C2184847", [("证件号码", "LSV************47", "error")]),
    ("车辆识别代号：LFV2A21K8D3123456", [("证件号码", "LFV************56", "error")]),
    ("电费户号 0123456789", [("证件号码", "012*****89", "error")]),
    ("医保卡号：1101 0219 9003 0742", [("证件号码", "110***********42", "error")]),
    ("收款账号 6222 0212 3456 7890", [("银行卡号", "622***********90", "error")]),
    ("账户：123456789012", [("银行卡号", "123*******12", "error")]),
    # a QQ number in Chinese digits
    ("QQ号一二三四五六七八九", [("QQ号", "1*******9", "error")]),
    # a plate with the number set off by a slash, an underscore, a colon, a bracket or a line break
    ("甘A/12345", [("车牌号", "甘A*****", "error")]),
    ("甘A_12345", [("车牌号", "甘A*****", "error")]),
    ("甘A：12345", [("车牌号", "甘A*****", "error")]),
    ("甘A（12345）", [("车牌号", "甘A*****", "error")]),
    ("车牌甘A\n12345", [("车牌号", "甘A*****", "error")]),
    ("甘-A12345", [("车牌号", "甘A*****", "error")]),  # a dash between the province and the letter
    ("车牌甘A一二三四五", [("车牌号", "甘A*****", "error")]),  # the number in Chinese digits
    # an ID with only one to three characters masked: bold markers are taken out, these stars are not
    ("身份证号41010219**0307421X", [("身份证号", "410*************1X", "error")]),
    ("身份证410102199003*7421X", [("身份证号", "410*************1X", "error")]),
])
def test_other_disguises_are_found(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("text, masked", [
    ("案发地位于北纬34.12345°、东经113.24681°", ["北纬**.*****°", "东经***.*****°"]),
    ("坐标北纬34°12′30″", ["北纬**°**′**″"]),
    ("北纬34度12分30秒", ["北纬**度**分**秒"]),
    ("经纬度：34.12345,113.24680", ["经纬度：**.*****,***.*****"]),
    ("当事人电话0941 821 7654", ["094******54"]),
    ("当事人电话0935-221-8765", ["093******65"]),
])
def test_coordinates_and_spaced_landlines_in_cases(text: str, masked: list[str]) -> None:
    assert [f.masked for f in scan(text, addresses=True)] == masked
    assert scan(text, addresses=False) == []  # news pages give units' public numbers: cases only


@pytest.mark.parametrize("text, masked", [
    ("事发在幸福路十二号三单元", ["路**号*单元"]),
    ("张某家住某村三组十二号", ["*组**号"]),
    ("住在3-2-501的李某", ["*-*-***"]),
    ("住在12栋3单元501室", ["**栋*单元***室"]),
    ("住在十二栋三单元", ["**栋*单元"]),
    ("住在五〇一室", ["***室"]),
    ("住在张家村12号", ["村**号"]),
    ("门牌已拆除", ["门牌"]),
    ("住在幸福里小区12号", ["小区**号"]),
    ("住在金城花园A座1801", ["A座****"]),
    ("住在人民路12號", ["路**号"]),
    ("住在三栋五〇一", ["*栋***"]),
    ("家住新华路28-3号", ["路**-*号"]),  # a house number with a sub-number
    ("家住新华路中段128号", ["路中段***号"]),
    ("老家在暖泉村三社12号", ["*社**号"]),  # 社 and 队: the village groups of Gansu and Sichuan
    ("住在一队12号", ["*队**号"]),
    ("住在幸福小区12-302", ["小区**-***"]),  # building and room
    ("后搬到金都大厦1203", ["大厦****"]),
    ("另有房产在幸福里小区B栋1203", ["B栋****"]),
    ("住在棉纺厂家属院3排2号", ["*排*号"]),
    ("家住东关社区12-302", ["社区**-***"]),
    ("住在阳光城12-302", ["城**-***"]),  # an estate named …城, …湾, …府
    ("租住御景湾3-1201", ["湾*-****"]),
    ("住在12#302", ["**#***"]),
    ("住在该小区12楼1203", ["**楼****"]),
    ("业主钱某家住锦绣花园二期5号", ["花园*期*号"]),  # a phase or a block of the estate between
    ("孙某的父母住在幸福小区B区3号", ["小区B区*号"]),
    ("家住金都大楼1203室", ["****室"]),  # a building's room is a home's unless the building is an office
])
def test_addresses_in_any_numerals(text: str, masked: list[str]) -> None:
    assert [f.masked for f in scan(text, addresses=True)] == masked


@pytest.mark.parametrize("text", [
    "依据《人民调解法》第十二条、第二十一条，调解员于三月十二号上午到场",
    "两户因两栋房屋之间的排水沟起争执，涉及三室一厅的老房子",
    "村委会二楼调解室",
    "第三单元的培训课",
    "村里号召群众参与",
    "每户补贴500-1000元，共12-15户",  # ranges
    "大厦2023年建成，1203名群众受益",
    "调解员一队12人，三社合并",
    "双方在距金都大厦200米的路口发生碰撞，该小区共有人才公寓1200套，大厦1500平方米的商铺",
    "新建人才公寓200、商铺50间；会场第一排3号座位是调解员的",
    "县城100-300元的补贴，产业园1-200人的企业，12楼1200平米的办公区，#平安甘州#2024#",
    "全县3楼1200余名干部，共排查1#300多处隐患，学院2-2024届，法院1-300期培训",
    "征收范围涉及住宅12栋，小区共有8栋楼，孙某一家五口住一套3室1厅的房子",
    "调解在镇政府3楼302会议室进行，调解员在县综治中心301室主持调解",
    "新建了12栋安置房，住宅楼12栋，调解地点：村委会201室，在社区居委会3楼302室调解",
    "县人民调解中心位于行政服务中心3楼301室",
    "办理护照、港澳通行证的群众，共发放医保卡1200张，社保缴纳12345678元",
    "户号为3，车架号码不详，共有账户123456789012个，编号1234*5678",
    "身份证号410102********421X已遮住出生日期",
    "北纬34度，东经113.2度附近",
])
def test_address_look_alikes_in_cases_pass(text: str) -> None:
    assert scan(text, addresses=True) == []


# Sentences as the real sites print them, thick with numbers: none is personal data.
REAL_WORLD = [
    "2021年，全县共排查化解矛盾纠纷1,234件，调解成功率达98.6%，同比上升2.3个百分点。",
    "截至2023年12月31日，累计接待群众来访13,812人次，办结率100%。",
    "投入资金1.38亿元，新建视频监控点位1,234个，覆盖12个乡镇138个行政村。",
    "全县配备网格员5325名、联户长2121名，组建20支专职群防群治队伍共721人。",
    "依据《中华人民共和国人民调解法》第十二条、第二十一条的规定，当事人可以申请司法确认。",
    "举报电话：0935-2212345，全国统一反诈专线96110，公安报警电话110，政务服务便民热线12345。",
    "京ICP备12345678号-1　京公网安备 11010802020000号　网站标识码 6206000001",
    "ISBN 978-7-5097-1234-5，2021年9月第1版，定价68.00元。",
    "参见 https://baijiahao.baidu.com/s?id=1710768052930497354 与 http://www.gov.cn/xinwen/2021-09/13/content_5637015.htm",
    "2019—2021年连续三年获评“平安县”，4·15全民国家安全教育日当天发放资料3000余份。",
    "时间：2024年3月15日 9:30—11:30，地点：县综治中心三楼会议室。",
    "GDP增长13.81% 23.45% 和 67.8%，人均可支配收入32,189元。",
    "总投入 13 812 345 678 元（国际单位制写法）",
    "2017、2018、2019、2020年分别化解纠纷1399、1387、1402、1450件。",
    "| 年份 | 排查 | 化解 | 化解率 |\n|---|---|---|---|\n| 2021 | 1399 | 1387 | 99.1% |\n| 2022 | 1402 | 1391 | 99.2% |",
    "统一社会信用代码 11620000013812345X，组织机构代码 01381234-5。",
    "甘政办发〔2021〕138号文件，修政〔2021〕12号。",
    "G312国道1234公里处，S45高速2021年建成通车。",
    "微信公众号“平安修武”、QQ空间、QQ音乐和微信支付都能看到宣传片。",
    "关注微信 pinganwuwei，扫码进群。",
    "甘南藏族自治州、豫剧、京剧，新A级景区",
    "会议于2021.09.13召开，2021-09-13 08:30签到。",
    "“1+3+5+N”模式；“三调联动”；“一村一警一法律顾问”。",
    "涉案金额13812345元，追回赃款5678元。",
    "共有 1 3 8 1 2 3 个网格",
    "监测点位于东经134.12345678度、北纬45.1234567度。",
    "对公账户开户行：某银行，编号HN20210913001234，案号（2021）豫0821民初1234号。",
    "东经103°、海拔3000米；客服电话400-800-1234、(0935)2212345、0371-12345678。",
    "2021/09/13 13:45发布；第1/2/3/4季度；（2021）豫0821民初1234号；比分3(1)2。",
    "原文 https://k.sina.com.cn/article_1784473157_6a5ce64502001abc.html",  # an author id, then a hex id
    "见 http://www.jiangxi.gov.cn/art/2021/9/13/art_1381_2345678.html",
    "营业执照注册号620102600123456，工商注册号：410102600123456。",  # old business numbers, not IDs
    "报名咨询：万老师，电话0935-2212345。",
    "肇事车辆车牌号为甘A12×××，另一辆为豫H·5××××，微信号wx××××12。",  # masked as police reports mask them
    "执行新GB 50016-2014标准和新HJ 2025标准。",  # standards after 新, not plates of 新疆
    "近三年受理量依次为156、1324、1587，同比增长；各乡镇上报数据：186，2301，4412。",  # counts in a list
    # web addresses of real news and government sites, thick with numbers: ids of articles, columns, authors
    "新华网 http://www.xinhuanet.com/legal/2021-09/13/c_1127856432.htm 人民网 "
    "http://politics.people.com.cn/n1/2021/0913/c1001-32226351.html",
    "https://www.thepaper.cn/newsDetail_forward_14356789 与 https://www.sohu.com/a/489012345_121106842",
    "https://www.hangzhou.gov.cn/art/2021/9/13/art_1229063382_59041234.html",  # a 10-digit column id
    "https://www.toutiao.com/article/7006789012345678901/ https://www.douyin.com/video/7006789012345678901",
    "https://m.weibo.cn/status/4681234567890123 https://weibo.com/1784473157/KxABC1234",
    "http://www.chinapeace.gov.cn/chinapeace/c100007/2021-09/13/content_12534567.shtml",
    "https://finance.eastmoney.com/a/202109132081234567.html",  # a date and ten digits: 18, no province
    "http://www.moj.gov.cn/pub/sfbgw/gwxw/xwyw/202109/t20210913_436789.html",
    "http://www.ce.cn/xwzx/gnsz/gdxw/202109/13/t20210913_36912345.shtml",
    "https://news.sina.com.cn/c/2021-09-13/doc-iktzscyx1234567.shtml",
    "https://k.sina.com.cn/article_7517400647_1c0126e4705901abc.html",
    "https://m.gmw.cn/baijia/2021-09/13/1302574123.html",
    "https://mp.weixin.qq.com/s?__biz=MzA5NjE2MTIxMQ==&mid=2651234567&idx=1&sn=8a1c3e5f0b2d4c6e8f0a1b2c3d4e5f60",
    "https://www.chinacourt.org/article/detail/2021/09/id/6271234.shtml",
    "http://www.legaldaily.com.cn/index/content/2021-09/13/content_8591234.htm",
    "https://space.bilibili.com/3493123456789012 https://new.qq.com/rain/a/20210913A0ABCD00",
    "https://www.baidu.com/s?wd=%E5%B9%B3%E5%AE%89%E5%BB%BA%E8%AE%BE&pn=10",  # escapes of Chinese characters
    "全年增长15%30个乡镇达标，成功率98.6%。",  # a percent sign before digits in prose is no escape
    "2017、2018、2019、2020年分别受理138、1234、5678件，四个乡镇分别为4521、3367、5120、4410户。",
    "共投入13812345678元，三年间分别为138，1234，5678件。",
]


@pytest.mark.parametrize("text", REAL_WORLD)
def test_real_world_numbers_pass(text: str) -> None:
    assert scan(text) == []


# Personal numbers inside web addresses (an outside security test): a link's target, a bare address, a record's
# source_url are published (pages, feeds, the search index, api/cases.json) as much as the text around them.
URL_ID = "110101199003071233"  # its region, birth date and check digit hold


@pytest.mark.parametrize("text, expected", [
    ("见 https://example.com/user_13812345678", [("手机号", "138******78", "error")]),
    ("见 https://example.com/uid13812345678/home", [("手机号", "138******78", "error")]),
    ("见 https://example.com/profile?tel-13812345678", [("手机号", "138******78", "error")]),
    (f"[名单](https://example.com/list_{URL_ID}.html)", [("身份证号", "110*************33", "error")]),
    (f"source_url: https://example.com/art_{URL_ID}_1.html", [("身份证号", "110*************33", "error")]),
    (f"https://example.com/content_{URL_ID}.html", [("身份证号", "110*************33", "error")]),
    (f"https://example.com/a/{URL_ID}a.pdf", [("身份证号", "110*************33", "error")]),
    ("https://example.com/%31%33%38%31%32%33%34%35%36%37%38", [("手机号", "138******78", "error")]),
    ("https://example.com/user%5F%31%33%38%31%32%33%34%35%36%37%38", [("手机号", "138******78", "error")]),
    ("原文：www.example.com/%31%31%30%31%30%31%31%39%39%30%30%33%30%37%31%32%33%33.html",
     [("身份证号", "110*************33", "error")]),
    # an 11-digit run inside an article's name (content_…) may be the article's number: a warning
    ("原文 http://www.gov.cn/xinwen/content_13812345678.htm", [("手机号", "138******78", "warning")]),
    ("https://mp.weixin.qq.com/s/AbC13812345678xyz", [("手机号", "138******78", "warning")]),
])
def test_personal_numbers_inside_web_addresses_are_found(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(text) == expected


def test_an_id_inside_an_address_is_reported_where_the_address_is_written() -> None:
    from generator.privacy import scan_file

    text = story("leak", body=f"公示[名单](https://example.com/list_{URL_ID}.html)。\n\n"
                              "见 https://example.com/%31%33%38%31%32%33%34%35%36%37%38 。",
                 extra=f"source_url: https://example.com/art_{URL_ID}_1.html\n")
    problems = scan_file(Path("content/news/2021/leak.md"), "content/news/2021/leak.md", text, frozenset(), False)
    assert [(p.line, p.field, p.message, p.level) for p in problems] == [
        (7, "source_url", "疑似身份证号（在网址里）：110*************33", "error"),
        (10, "正文", "疑似身份证号（在网址里）：110*************33", "error"),
        (12, "正文", "疑似手机号：138******78", "error")]
    assert problems[0].hint.startswith("网址里的号码和正文一样公开")
    case = (f"id: c\ntitle: 排水纠纷\nsource_url: https://example.com/content_{URL_ID}.html\n"
            "body: 见 https://example.com/content_13812345678.htm\n")
    problems = scan_file(Path("c.yml"), "content/cases/c.yml", case, frozenset(), "error")
    assert [(p.line, p.field, p.message, p.level) for p in problems] == [
        (3, "source_url", "疑似身份证号（在网址里）：110*************33", "error"),
        (4, "body", "疑似手机号（在网址里）：138******78", "warning")]
    assert "privacy.allow" in problems[1].hint
    assert scan_file(Path("c.yml"), "content/cases/c.yml", case, frozenset({"13812345678"}), "error")[1:] == []


def test_percent_escapes_are_decoded_in_place() -> None:
    assert redact("见 https://x.cn/%31%33%38%31%32%33%34%35%36%37%38 。") == "见 https://x.cn/138******78 。"


def test_each_text_is_normalised_once_and_mapped_back() -> None:
    """Positions in the normalised text lead back to the original: the disguised number is masked where it
    stands, and the text around it (full-width punctuation, Markdown, entities) is left as written."""
    from generator.privacy import normalise

    text = "电话：1&#51;8\u200b**1234**　5678，见[链接](/a/)。"
    norm = normalise(text)
    assert "13812345678" in norm.text.replace(" ", "")
    assert redact(text) == "电话：138******78，见[链接](/a/)。"
    assert redact("字段 ｔｉｔｌｅ：“１３８１２３４５６７８”") == "字段 ｔｉｔｌｅ：“138******78”"


def test_a_number_split_by_a_line_break_is_reported_on_its_first_line() -> None:
    """The description and the search index join a paragraph's lines: a number split across two lines is
    published whole, so it is found whole, and reported where it starts."""
    from generator.privacy import scan_file

    text = story("leak", body="第一段。\n\n请拨打138 1234\n5678 联系王某。", extra="summary: 摘要\n")
    problems = scan_file(Path("content/news/2021/leak.md"), "content/news/2021/leak.md", text, frozenset(), False)
    assert [(p.line, p.field, p.message) for p in problems] == [(12, "正文", "疑似手机号：138******78")]
    assert text.split("\n")[11].startswith("请拨打138")


def test_findings_name_their_field_and_alt_text() -> None:
    from generator.privacy import scan_file

    text = story("leak", title="联系 138\u00a01234\u00a05678",
                 body="![王某\u200b139 1234 5678](../../images/body.jpg)\n\n电话 137-1234-5678",
                 extra="authors:\n  - {name: 李明, role: 记者, note: QQ号 123456789}\n")
    problems = scan_file(Path("a.md"), "a.md", text, frozenset(), False)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (3, "title", "疑似手机号：138******78"),
        (8, "authors", "疑似QQ号：1*******9"),
        (11, "图片说明（alt）", "疑似手机号：139******78"),
        (13, "正文", "疑似手机号：137******78")]


def test_yaml_comments_are_skipped_but_blocks_of_text_are_not() -> None:
    from generator.privacy import scan_file

    text = ("id: drain\ntitle: 排水纠纷  # 门牌 3-2-501 不写\nbody: |\n  ## 经过 #1\n  张某 # 住 3-2-501\n"
            "source: 测试日报 #13812345678\n")
    problems = scan_file(Path("drain.yml"), "content/cases/drain.yml", text, frozenset(), True)
    assert [(p.line, p.field, p.message) for p in problems] == [(5, "body", "疑似详细地址：*-*-***")]


def test_only_what_yaml_reads_as_a_comment_is_skipped() -> None:
    """YAML starts a comment at # after a space or a tab, outside quotes; a WeChat topic after a full-width or
    no-break space (　#平安甘州#) or on the second line of a quoted value is text, published and scanned."""
    from generator.privacy import scan_file

    text = story("leak", extra="summary: 宣传月活动。\u3000#平安甘州# 联系人李老师13812345678\n"
                 'subtitle: "第一行\n  #话题# 电话13912345678"  # 注释里的 13712345678 不发布\n'
                 "cite: 本网\u00a0#原创 13612345678\n")
    problems = scan_file(Path("a.md"), "a.md", text, frozenset(), False)
    assert [(p.field, p.message) for p in problems] == [
        ("summary", "疑似手机号：138******78"), ("subtitle", "疑似手机号：139******78"),
        ("cite", "疑似手机号：136******78")]
    broken = "id: x\ntitle: 调解  # 13812345678\nnote: @某\n"  # YAML the build refuses: nothing is taken for a comment
    assert [p.message for p in scan_file(Path("x.yml"), "x.yml", broken, frozenset(), False)] == [
        "疑似手机号：138******78"]


def test_allow_list_matches_disguised_forms() -> None:
    allow = frozenset({compact("138-1234-5678")})
    assert scan("电话 １３８\u200b１２３４\u30005678，或 138**1234**5678", allow=allow) == []


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
  <!-- 联系人 王某 13912345678 -->
  <title>调解员 QQ号 123456789</title>
  <path d="M 138 1234 L 5678 9012 L 13812345678 0 Z 6222021234567890128" stroke-width="1.5"/>
  <g aria-label="车牌 豫H-12345">
    <text x="10" y="20"><tspan>电话 138</tspan>
      <tspan x="10" dy="14">1234 5678</tspan></text>
  </g>
  <text x="10" y="60">2021年化解纠纷1,234件，成功率99.1%</text>
</svg>
"""


def test_svg_text_attributes_and_comments_are_scanned() -> None:
    from generator.privacy import scan_file

    problems = scan_file(Path("chart.svg"), "content/images/chart.svg", SVG, frozenset(), False)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (2, "SVG 注释", "疑似手机号：139******78"),
        (3, "SVG 文字", "疑似QQ号：1*******9"),
        (5, "SVG 属性 aria-label", "疑似车牌号：豫H*****"),
        (6, "SVG 文字", "疑似手机号：138******78")]


def test_svg_text_drawn_side_by_side_or_right_to_left_is_scanned_as_shown() -> None:
    """Three <text> elements drawn in a row show one number; digits drawn right to left (direction="rtl" with
    unicode-bidi="bidi-override", as an attribute or a style) show reversed: both are read as a reader sees them."""
    from generator.privacy import scan_file

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">\n'
           '<text x="10" y="60">138</text><text x="52" y="60">1234</text><text x="104" y="60">5678</text>\n'
           '<text x="200" y="95" direction="rtl" unicode-bidi="bidi-override">X20013219491501011</text>\n'
           '<text style="direction: rtl; unicode-bidi: bidi-override">87654321931</text>\n</svg>\n')
    problems = scan_file(Path("card.svg"), "content/images/card.svg", svg, frozenset(), False)
    assert [(p.line, p.message) for p in problems] == [
        (2, "疑似手机号：138******78"), (3, "疑似身份证号：110*************2X"), (4, "疑似手机号：139******78")]
    # as drawing programs write them: each <text> on a line of its own, the direction set on a group
    svg = ('<svg xmlns="http://www.w3.org/2000/svg">\n<text x="10">电话138</text>\n<text x="52">1234</text>\n'
           '<text x="104">5678</text>\n<g direction="rtl" unicode-bidi="bidi-override">\n'
           '<text>87654321931</text>\n</g>\n</svg>\n')
    problems = scan_file(Path("card.svg"), "content/images/card.svg", svg, frozenset(), False)
    assert [(p.line, p.message) for p in problems] == [(2, "疑似手机号：138******78"), (6, "疑似手机号：139******78")]


@pytest.mark.parametrize("texts", [
    [f'<text x="{10 + i * 8}" y="20">{d}</text>' for i, d in enumerate("13812345678")],  # one per digit
    [f'<text x="{10 + i * 8}" y="{20 + i % 2 * 0.5}">{d}</text>' for i, d in enumerate("13812345678")],  # jittered
    [f'<text><tspan x="{10 + i * 8}" y="20">{d}</tspan></text>' for i, d in enumerate("13812345678")],
    [f'<text x="{10 + i * 8}" y="20">{d}</text>' for i, d in sorted(enumerate("13812345678"), key=lambda t: t[0] * 7 % 11)],
])
def test_svg_digits_drawn_one_by_one_in_any_order_are_read_as_the_line_shows_them(texts: list[str]) -> None:
    from generator.privacy.files import scan_svg

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">{"".join(texts)}</svg>'
    assert [p.message for p in scan_svg("a.svg", svg, frozenset())] == ["疑似手机号：138******78"]


@pytest.mark.parametrize("labels", [["13", "8", "12", "34", "56", "78"], ["1", "3", "5", "7", "9", "11", "13"],
                                    ["0", "200", "400", "600"], ["266", "184", "520", "716", "73", "0", "28"],
                                    ["577", "698", "8", "5", "791", "796", "139", "582", "691"]])
def test_svg_labels_of_several_characters_on_one_row_are_not_run_together(labels: list[str]) -> None:
    """A chart's labels side by side (13 8 12 34 56 78, ticks 0 200 400 600, values 266 184 520 716 73) made phone
    and card numbers: texts placed apart are not read on from one another; only texts drawn right after each other
    (or one per line in the file, without places) are."""
    from generator.privacy.files import scan_svg

    texts = "".join(f'<text x="{50 + 60 * i}" y="300">{label}</text>' for i, label in enumerate(labels))
    assert scan_svg("c.svg", f'<svg xmlns="http://www.w3.org/2000/svg">{texts}</svg>', frozenset()) == []


def test_svg_texts_drawn_right_after_each_other_are_read_as_one() -> None:
    from generator.privacy.files import scan_svg

    parts = '<text x="10" y="20">138</text><text x="39" y="20">1234</text><text x="77" y="20">5678</text>'
    assert [p.message for p in scan_svg("a.svg", f'<svg xmlns="http://www.w3.org/2000/svg">{parts}</svg>',
                                        frozenset())] == ["疑似手机号：138******78"]


def test_svg_axis_labels_side_by_side_are_no_number() -> None:
    from generator.privacy.files import scan_svg

    labels = "".join(f'<text x="{10 + i * 50}" y="20">{y}</text>' for i, y in enumerate(range(2019, 2025)))
    ticks = "".join(f'<text x="5" y="{30 + i * 20}">{v}</text>' for i, v in enumerate(range(0, 1400, 200)))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">{labels}{ticks}</svg>'
    assert scan_svg("a.svg", svg, frozenset()) == []


def test_svg_entity_declarations_are_scanned() -> None:
    from generator.privacy import scan_file

    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY tel "13812345678">\n]>\n'
           '<svg xmlns="http://www.w3.org/2000/svg"><text>&tel;</text></svg>\n')
    problems = scan_file(Path("x.svg"), "x.svg", svg, frozenset(), False)
    assert [(p.line, p.field) for p in problems] == [(3, "SVG 实体声明")]


def test_svg_files_folders_and_names_are_scanned_in_a_site(make_site: SiteMaker) -> None:
    from generator.build import check
    from generator.errors import ContentError

    files = fixture_files()
    files["content/images/王某13812345678/chart.svg"] = SVG
    files["content/news/2021/s1.md"] = story("s1", body="![统计图](../../images/王某13812345678/chart.svg)")
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    with pytest.raises(ContentError) as caught:
        check(cfg)
    shown = str(caught.value)
    assert "13812345678" not in shown and "13912345678" not in shown
    where = [(p.path, p.field) for p in caught.value.problems if p.message.startswith("疑似")]
    assert ("content/images/王某13812345678", "文件夹名") in where
    assert ("content/images/王某13812345678/chart.svg", "SVG 注释") in where
    assert "content/images/王某138******78" in shown


@pytest.mark.parametrize("name", ["widget.js", "data.xml", "style.css", "site.webmanifest", "contact.vcf"])
def test_text_files_published_as_they_are_are_scanned(make_site: SiteMaker, name: str) -> None:
    """content/root/ is copied to the site unchanged: a script, XML or stylesheet there is read like a story."""
    from generator.build import check
    from generator.errors import ContentError

    files = fixture_files()
    files[f"content/root/{name}"] = "/* 联系人 王某 */\nvar tel = '138 1234 5678';\n"
    cfg = make_site(files)
    with pytest.raises(ContentError) as caught:
        check(cfg)
    where = [(p.path, p.line) for p in caught.value.problems if p.message.startswith("疑似手机号")]
    assert where == [(f"content/root/{name}", 2)]


def test_messages_never_echo_a_number_a_field_label_or_a_name(make_site: SiteMaker) -> None:
    """A YAML type error's hint, an unknown key that is itself a number, a value cut to fit and a party's
    name: each is shown masked."""
    from generator.build import check
    from generator.errors import ContentError
    from generator.schema import describe

    files = fixture_files()
    files["content/news/2021/s1.md"] = story("s1", title="13812345678")
    files["content/news/2021/s2.md"] = story("s2", extra="13912345678: 张某的电话\n电话13712345678: 李某\n")
    files["content/cases/drain.yml"] = (
        "id: drain\ntitle: 邻里排水纠纷\ncategory: 邻里\nregion: xian\ndate: 2024-04\norganisation: 某村人民调解委员会\n"
        "parties: [张三丰, 李某]\noutcome: 成功\nsummary: 两户起争执。\nsource: 测试日报\n")
    cfg = make_site(files)
    with pytest.raises(ContentError) as caught:
        check(cfg)
    shown = str(caught.value)
    for secret in ("13812345678", "13912345678", "13712345678", "张三丰", "三丰"):
        assert secret not in shown
    assert "当事人“张**”没有匿名" in shown
    assert "字段 139******78：字段名应为文本" in shown and "字段 139******78：疑似手机号" in shown
    assert "不认识的字段 电话137******78" in shown
    assert "例如 \"138******78\"" in shown
    cut = describe("很长的说明" * 10 + "13812345678" + "后面还有")
    assert cut.endswith("138****…”")  # masked, then cut


def test_problem_format_masks_field_and_hint() -> None:
    shown = Problem("a.md", 1, "13812345678", "不认识的字段 13812345678", "例如 \"13812345678\"").format()
    assert "13812345678" not in shown and shown.count("138******78") == 3


def test_normalising_is_linear() -> None:
    """Markup and disguises everywhere cost one step each, never a pass over the rest of the text."""
    import time

    from generator.privacy import normalise

    text = ("**加粗** _斜体_ `代码` [链接](/a/) &#49; \u200b　～ ①\n" * 20000)
    started = time.perf_counter()
    norm = normalise(text)
    assert time.perf_counter() - started < 5
    assert len(norm.text) < len(text)


def test_the_import_report_masks_what_the_page_held(make_site: SiteMaker, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`pingan import` prints the title, source and authors it found: masked like every message."""
    from generator.cli import main

    cfg = make_site()
    page = tmp_path / "王某138 1234 5678.txt"
    page.write_text("调解员王某（电话138\u30001234\u30005678）化解邻里纠纷\n2021-09-13 08:30　来源：测试日报\n"
                    "本报讯 今年以来，调解员王某化解纠纷20件。\n", encoding="utf-8")
    assert main(["import", str(page), "--column", "tiaojie", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "138******78" in out
    assert "1234 5678" not in out.replace("\u3000", " ")


def test_hostile_volume_stays_linear_and_listed_briefly() -> None:
    """Thousands of numbers in one file, or comments nested thousands deep: a short report, quickly, no
    recursion error."""
    import time

    from generator.privacy import SHOWN_PER_FILE, scan_file

    started = time.perf_counter()
    contacts = "".join(f"联系人{i} 139{i:08d}\n" for i in range(20000))
    problems = scan_file(Path("list.md"), "list.md", contacts, frozenset(), False)
    assert len(problems) == SHOWN_PER_FILE + 1
    assert problems[-1].message == f"另有 {20000 - SHOWN_PER_FILE} 处疑似个人信息没有逐条列出"
    nested = "<!--" * 5000 + "13812345678" + "-->" * 5000
    assert [p.message for p in scan_file(Path("n.md"), "n.md", nested, frozenset(), False)] == ["疑似手机号：138******78"]
    assert redact("电话 13812345678 " * 5000).count("138******78") == 5000
    assert scan_file(Path("r.md"), "r.md", "\u202e1" * 50000, frozenset(), False) == []  # one backwards reading
    assert time.perf_counter() - started < 20


def test_an_automatic_summary_that_joins_a_number_is_refused(make_site: SiteMaker) -> None:
    """A table's cells (138 | 1234 | 5678) are apart in the body, but the automatic summary joins them into a phone
    number that pages, feeds and search would show: the build stops and names the story; a written summary lets it
    go on, with the warning on the table's row (its cells are side by side on the page)."""
    from generator.build import build
    from generator.errors import ContentError

    table = "| 区号 | 中段 | 尾号 |\n|---|---|---|\n| 138 | 1234 | 5678 |\n"
    files = fixture_files()
    files["content/news/2021/s1.md"] = story("s1", body=table)
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    with pytest.raises(ContentError) as caught:
        build(cfg, cfg.parent / "site")
    found = [(p.path, p.field, p.message) for p in caught.value.problems]
    assert found == [("content/news/2021/s1.md", "摘要（从正文自动截取）", "疑似手机号：138******78"),
                     ("content/news/2021/s1.md", "正文（表格）", "疑似手机号：138******78（表格同一行相邻几格连起来）")]
    assert [p.level for p in caught.value.problems] == ["error", "warning"]
    assert not (cfg.parent / "site").exists()
    files["content/news/2021/s1.md"] = story("s1", body=table, extra="summary: 一张表格。\n")
    cfg = make_site(files)
    report = build(cfg, cfg.parent / "site")  # the row's cells stay apart: a warning
    assert [p.field for p in report.warnings] == ["正文（表格）"]
    assert (cfg.parent / "site/index.html").is_file()


def test_a_number_split_across_table_cells_is_a_warning_on_its_row() -> None:
    """A table row shows its cells side by side: 138 | 1234 | 5678 reads as a mobile number on the page even when
    the story has its own summary. It may also be three figures of a statistics table, so it is a warning (the
    build goes on; --strict stops), on the row's line; a number whole in one cell stays an error, reported once."""
    from generator.privacy import scan_file

    body = ("| 当事人 | 联系方式 | | |\n|---|---|---|---|\n| 王某 | 138 | 1234 | 5678 |\n\n"
            "| 年份 | 受理 | 调解成功 | 成功率 |\n|---|---:|---:|---:|\n| 2023年 | 1,234 | 1,180 | 95.6% |\n"
            "| 热线 | 12337 | 12309 | 12368 |\n\n| 张某 | 13912345678 |\n|---|---|\n")
    text = story("leak", body=body, extra="summary: 摘要\n")
    problems = scan_file(Path("a.md"), "a.md", text, frozenset(), False)
    row = text.split("\n").index("| 王某 | 138 | 1234 | 5678 |") + 1
    one = text.split("\n").index("| 张某 | 13912345678 |") + 1
    assert [(p.line, p.field, p.message, p.level) for p in problems] == [
        (row, "正文（表格）", "疑似手机号：138******78（表格同一行相邻几格连起来）", "warning"),
        (one, "正文", "疑似手机号：139******78", "error")]
    assert "表格" in problems[0].hint
    # allowed public numbers stay allowed when split across cells
    assert scan_file(Path("a.md"), "a.md", text, frozenset({"13812345678", "13912345678"}), False) == []


def test_a_home_address_in_a_story_or_a_profile_is_a_warning(make_site: SiteMaker) -> None:
    """Mediation news and mediators' profiles retell cases as much as case records do: a home address down to the
    room is named there too, as a warning (a story may give an office's public address: 综治中心301室)."""
    from generator.build import check

    files = fixture_files()
    files["content/news/2021/s1.md"] = story("s1", body="家住幸福小区3号楼2单元501室的村民与邻居因漏水发生纠纷。")
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    report = check(cfg)
    found = [(p.path, p.field, p.message, p.level) for p in report.warnings]
    assert found == [("content/news/2021/s1.md", "正文", "疑似详细地址：小区*号", "warning"),
                     ("content/news/2021/s1.md", "正文", "疑似详细地址：*单元***室", "warning")]
    assert "单位对外公开的地址" in report.warnings[0].hint


@pytest.mark.parametrize("shown", ["content/news/2021/s.md", "content/mediators/m.yml", "content/honors/h.yml",
                                   "content/metrics/x.yml"])
def test_a_party_named_in_full_where_a_case_is_retold_is_a_warning(shown: str) -> None:
    """A story, a profile or a note retelling a case names its parties as the case does (村民王某): a full name right
    after the word naming a party is a warning there, masked, on its line; familiar forms and 某 pass, and public
    people named elsewhere in the text (调解员, 书记) are not asked about."""
    from generator.privacy import scan_file

    lines = ["---" if shown.endswith(".md") else "id: x", "title: 调解", "---" if shown.endswith(".md") else "body: |",
             "  调解员陈文华了解到，村民王建国与邻居因排水沟起了争执。",
             "  原告：刘志强，被告：周​建华。当事人何某、村民老李、家属欧阳明月都到了场。",
             "  镇党委书记张振华到场，当事人握手言和。"]
    text = "\n".join(lines) + "\n"
    found = [(p.line, p.message, p.level) for p in scan_file(Path(shown), shown, text, frozenset(), "warning")]
    assert found == [(4, "疑似当事人姓名：王**", "warning"), (5, "疑似当事人姓名：刘**", "warning"),
                     (5, "疑似当事人姓名：周**", "warning"), (5, "疑似当事人姓名：欧***", "warning")]
    # a case record checks every name in it, as an error (content/cases/ is read by the name check, not here)
    assert scan_file(Path("c.yml"), "content/cases/c.yml", text, frozenset(), "error") == []



@pytest.mark.parametrize("close", ["---", "--- \u3000", "---\t\u3000", "--- \xa0", "... \u3000"])
def test_a_body_after_a_closing_line_typed_with_odd_spaces_is_scanned(close: str) -> None:
    """The build ends the front matter at a line that is --- once any kind of space is stripped; the comments the
    scan skips are only those of that front matter, never a body's “ #话题#”."""
    from generator.privacy import scan_file

    text = f"---\ntitle: 调解纠纷\nsummary: 我县成功调解一起纠纷。\n{close}\n\n据当事人介绍 #平安建设# 联系电话13812345678。\n"
    assert [p.message for p in scan_file(Path("x.md"), "x.md", text, frozenset(), "warning")] == ["疑似手机号：138******78"]


def test_many_address_warnings_stay_warnings() -> None:
    """A notice listing 22 service points (public addresses) is 22 warnings, those past the first 20 counted in one
    more warning, not an error."""
    from generator.privacy import scan_file

    body = "\n\n".join(f"第{i}便民服务点：城关镇解放路{i + 1}号。" for i in range(1, 23))
    found = scan_file(Path("x.md"), "x.md", "---\ntitle: t\n---\n\n" + body + "\n", frozenset(), "warning")
    assert len(found) == 21 and {p.level for p in found} == {"warning"}


def test_comments_of_files_published_as_they_are_are_scanned() -> None:
    """content/root/ is copied to the site as it is: a YAML or Markdown comment there is published, so scanned."""
    from generator.privacy import scan_file

    text = "name: 联系表  # 王某 13812345678\n"
    assert [p.message for p in scan_file(Path("contacts.yml"), "content/root/contacts.yml", text, frozenset(),
                                         False)] == ["疑似手机号：138******78"]
    assert scan_file(Path("c.yml"), "content/cases/c.yml", text, frozenset(), False) == []  # never published


def test_a_number_split_across_a_record_s_table_cells_is_a_warning() -> None:
    from generator.privacy import scan_file

    text = "id: c\nbody: |\n  | 当事人 | 电话 | | |\n  |---|---|---|---|\n  | 王某 | 138 | 1234 | 5678 |\n"
    found = scan_file(Path("c.yml"), "content/cases/c.yml", text, frozenset(), True)
    assert [(p.line, p.field, p.level) for p in found] == [(5, "body（表格）", "warning")]


def test_the_importer_s_fingerprint_is_not_a_phone_number_but_only_in_its_own_field() -> None:
    """`imported: 'a9d14816661237b8'` (written by pingan import, never published) holds 14816661237: passed over in
    the front matter's imported field; the same text in the body, or a phone number in that field, is still found."""
    from generator.privacy import scan_file

    def found(text: str) -> list[int | None]:
        return [p.line for p in scan_file(Path("a.md"), "content/news/a.md", text, frozenset(), False)]

    head = "---\ntitle: 测试\nimported: 'a9d14816661237b8'                 # 导入来源的指纹，请勿修改\n---\n\n"
    assert found(head + "正文。\n") == []
    assert found(head + "正文。\nimported: 'a9d14816661237b8'\n") == [7]
    assert found("---\ntitle: 测试\nimported: '13812345678'\n---\n\n正文。\n") == [3]


def test_images_published_as_they_are_carry_no_personal_data_nor_a_place(make_site: SiteMaker) -> None:
    """Images in content/root/ go out byte for byte: a JPEG or GIF comment, a WebP's XMP with a phone number, and GPS
    coordinates are errors there; a photo of content/images/ is re-encoded without them, so its GPS is no error."""
    from PIL import Image

    from generator.build import build
    from generator.errors import ContentError

    from .conftest import NOW

    cfg = make_site({"content/news/2021/a.md": story("a", body="![调解现场](../../images/gps.jpg)")})
    root = cfg.parent / "content/root"
    root.mkdir(parents=True)
    Image.new("RGB", (64, 64)).save(root / "share.jpg", "JPEG", comment="当事人王某 13812345678".encode())
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description><dc:description xmlns:dc="http://purl.org/dc/elements/1.1/">电话 139 1234 5678'
           '</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>')
    Image.new("RGB", (64, 64)).save(root / "card.webp", "WEBP", xmp=xmp.encode())
    Image.new("P", (64, 64)).save(root / "anim.gif", "GIF", comment="王某电话13712345678".encode())
    gps = Image.Exif()
    gps[0x8825] = {1: "N", 2: (36.0, 3.0, 25.5), 3: "E", 4: (103.0, 50.0, 12.3)}
    Image.new("RGB", (64, 64)).save(root / "wechat.jpg", "JPEG", exif=gps)
    make_image(cfg.parent / "content/images/gps.jpg", (800, 600), exif=gps)
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    errors = {(p.path, p.message) for p in raised.value.problems if p.level == "error"}
    assert {path for path, _ in errors} == {f"content/root/{n}" for n in ("share.jpg", "card.webp", "anim.gif",
                                                                          "wechat.jpg")}, errors
    assert any(path == "content/root/wechat.jpg" and "拍摄地点" in message for path, message in errors)
    assert not (cfg.parent / "site").exists()


def test_text_anywhere_in_an_image_published_as_it_is_is_read(make_site: SiteMaker) -> None:
    """An outside check published a phone number from content/root/ in the PNG inside an .ico, a JPEG comment after
    the picture's data, a GIF comment just before its end and bytes after a JPEG's end: no decoder reads them, a
    reader of the file does. (A PNG's packed text chunk is read too.)"""
    import io
    import struct
    import zlib

    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    from generator.build import build
    from generator.errors import ContentError

    from .conftest import NOW

    cfg = make_site({"content/news/2021/a.md": story("a")})
    root = cfg.parent / "content/root"
    root.mkdir(parents=True)
    info = PngInfo()
    info.add_text("Comment", "tel 15907314826")
    png = io.BytesIO()
    Image.new("RGBA", (32, 32)).save(png, "PNG", pnginfo=info)
    icon = png.getvalue()  # an .ico of one PNG: header, one directory entry, the PNG
    (root / "x.ico").write_bytes(struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32,
                                                                               len(icon), 22) + icon)
    jpeg = io.BytesIO()
    Image.new("RGB", (16, 16)).save(jpeg, "JPEG")
    data = jpeg.getvalue()
    comment = "联系13812345678".encode()
    (root / "late.jpg").write_bytes(data[:-2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
                                    + b"\xff\xd9")
    (root / "trail.jpg").write_bytes(data + "身份证 11010519491231002X".encode())
    gif = io.BytesIO()
    Image.new("P", (8, 8)).save(gif, "GIF")
    said = b"13712345678"
    (root / "late.gif").write_bytes(gif.getvalue()[:-1] + b"\x21\xfe" + bytes([len(said)]) + said + b"\x00\x3b")
    packed = io.BytesIO()
    Image.new("RGB", (8, 8)).save(packed, "PNG")
    raw = packed.getvalue()
    chunk = b"Comment\x00\x00" + zlib.compress("电话13612345678".encode())
    ztxt = struct.pack(">I", len(chunk)) + b"zTXt" + chunk + struct.pack(">I", zlib.crc32(b"zTXt" + chunk))
    (root / "packed.png").write_bytes(raw[:33] + ztxt + raw[33:])
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    errors = {p.path for p in raised.value.problems if p.level == "error"}
    assert errors == {f"content/root/{n}" for n in ("x.ico", "late.jpg", "trail.jpg", "late.gif", "packed.png")}
    assert not (cfg.parent / "site").exists()


def test_iptc_captions_and_exif_comments_of_images_are_read(tmp_path: Path) -> None:
    """A photo's caption in IPTC (what newsroom tools write) and a comment in the Exif block (UserComment, with its
    8-byte encoding name) are read: a phone number there is found like one in the text."""
    import io
    import struct

    from PIL import Image

    from generator.privacy.imagetext import image_metadata

    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"ASCII\0\0\0" + "电话13812345678".encode()
    exif.get_ifd(0x8769)[0xA430] = "Wang 13712345678"  # Pillow writes ASCII there
    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, "JPEG", exif=exif)
    caption = "联系13912345678".encode()
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption  # 2:120, the caption
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc + b"\0" * (len(iptc) % 2)
    segment = b"Photoshop 3.0\0" + block
    data = buf.getvalue()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(data[:2] + b"\xff\xed" + struct.pack(">H", len(segment) + 2) + segment + data[2:])
    found = dict(image_metadata(photo))
    assert found["UserComment"] == "电话13812345678" and found["IPTC 2:120"] == "联系13912345678"
    assert found["CameraOwnerName"] == "Wang 13712345678"
    # a UTF-16 comment in the other byte order (a file written big-endian, "MM"): read both ways
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + "电话13812345678".encode("utf-16-be")
    Image.new("RGB", (20, 20)).save(photo, "JPEG", exif=exif)
    assert "电话13812345678" in dict(image_metadata(photo))["UserComment"]


def test_every_detector_is_linear_on_long_runs_of_one_kind_of_character() -> None:
    """A story body of one character repeated (一一一…, 1111…!, 小区1111…) took seconds per 20,000 characters in the
    address patterns, each start inside a run scanning the rest of it: a 1 MB story would take most of an hour. Runs
    of every kind of character the patterns look for, with and without what would end a match, each in a moment."""
    import time

    kinds = ["一", "1", "A", "〇", "十", " ", "-", "#", "楼", "号", "·", "@", "QQ", "微信", "甘A", "1 ", "1-", "一 "]
    texts = [k * (20000 // len(k)) + tail for k in kinds for tail in ("", "!", "号", "室")]
    texts += [head + "1" * 20000 for head in ("小区", "村", "中路", "三组", "大厦", "第", "电话", "身份证")]
    started = time.perf_counter()
    for text in texts:
        scan(text, addresses=True)
    assert time.perf_counter() - started < 10, "a detector is slower than linear on a long run"


@pytest.mark.parametrize("text, found", [
    ("当事人李某家中座机为0935-2218765，妻子娘家电话（0935）6123456", ["093******65", "093******56"]),
    ("电话号码是 010 62345678", ["010******78"]),
    ("座机09352218765", ["093******65"]),
    ("2024-2025年，0935年", []),  # years and ranges are no numbers to call
    ("合同编号 HT-0931-2345678，档案号2024-0931-2345678", []),  # a number after a hyphen is part of a code
])
def test_a_landline_in_a_case_record_is_personal_data(text: str, found: list[str]) -> None:
    """A party's home landline in a case is refused as a mobile number is; in a story, a landline is a unit's public
    number far more often (举报电话 0935-2212345) and is left alone (REAL_WORLD above)."""
    assert [f.masked for f in scan(text, addresses=True) if f.kind == "座机号码"] == found
    assert [f for f in scan(text) if f.kind == "座机号码"] == []


def test_a_landline_in_a_story_is_no_warning(make_site: SiteMaker) -> None:
    from generator.privacy import scan_file

    text = story("a", body="举报电话：0935-2212345。")
    assert scan_file(Path("a.md"), "content/news/2021/a.md", text, frozenset(), "warning") == []
    case = "id: c\nbody: 当事人家中座机0935-2218765。\n"
    [problem] = scan_file(Path("c.yml"), "content/cases/c.yml", case, frozenset(), "error")
    assert (problem.level, problem.message) == ("error", "疑似座机号码：093******65")


@pytest.mark.parametrize("text", ["社保卡 1234567 张", "护照1234567份", "本次共发放医保 1234567 人次", "医保 2023-2024 年度",
                                  "通行证 2024-2025年度", "收款时间：2024-09-13 10:30", "对方账户于2024-09-13 10:30:15转入",
                                  "办公时间：8:30-10:00 11:00-18:00"])
def test_counts_years_times_and_dates_after_the_new_keywords_are_no_numbers(text: str) -> None:
    """The document and account keywords (社保, 护照, 账户…) before a count, a span of years or a date and time, and
    office hours with colons: none is a number to hide (each stopped a build)."""
    assert kinds(text, addresses=True) == []


def test_the_new_keyword_patterns_are_linear_on_runs_of_spaces() -> None:
    import time

    started = time.perf_counter()
    for head in ("护照", "QQ号", "N", "北纬", "账号"):
        kinds(head + " " * 20000 + "甲", addresses=True)
    assert time.perf_counter() - started < 5  # each took seconds for 400 spaces, minutes for 20,000


@pytest.mark.parametrize("text, names", [
    ("当事人明白了其中的道理，患者康复出院，居民文明素养显著提升", []),
    ("村民辛勤劳作，村民宁可少收一季，当事人冷笑一声，居民安静地听，业主阳光房漏雨", []),
    ("当事人是王建国，原告为刘志强，当事人（李秀英），被告人周建华", ["王建国", "刘志强", "李秀英", "周建华"]),
    # a name jieba's dictionary knows as a word (李娜 438) with a character only given names use
    ("村民李娜来到调解室，申请人丁玲表示同意", ["李娜", "丁玲"]),
])
def test_party_names_are_names_not_words_after_a_role(text: str, names: list[str]) -> None:
    """Ordinary words jieba tags as names (明白, 康复, 文明, 阳光…) after 当事人/患者/居民 were warnings; and a name
    after 是, 为 or a bracket, or after 原告人/被告人, was missed."""
    from generator.privacy.names import party_names

    assert [n.name for n in party_names(text)] == names


@pytest.mark.parametrize("text, expected", [
    # separators found by an outside check: a full stop, long marks typed for a dash, a backslash (\0 is no NUL)
    ("老王手机159。0731。4826", [("手机号", "159******26", "error")]),
    ("老王手机159ー0731ー4826", [("手机号", "159******26", "error")]),
    ("老王手机159ｰ0731ｰ4826", [("手机号", "159******26", "error")]),
    ("老王159─0731─4826", [("手机号", "159******26", "error")]),
    ("老王159\\0731\\4826", [("手机号", "159******26", "error")]),
    ("6222ー0212ー3456ー7890ー128", [("银行卡号", "622**************28", "error")]),
    # groups joined by commas: a mobile's a few words after 联系; an ID's with no word at all (its checks hold)
    ("请联系志愿者小李159，0731，4826", [("手机号", "159******26", "error")]),
    ("户主110101，19900307，4213", [("身份证号", "110*************13", "error")]),
    ("全县156、1324、1587", []),  # counts
    ("三个村分别有135、1200、3400户", []),
    ("编号：130、0001、0002", []),  # codes
    ("时段：150、0830、1730", []),  # times
    # Chinese digits as people write them: 参 for 叁, 兩 for 两; Suzhou numerals
    ("壹伍玖零柒参壹肆捌贰陆", [("手机号", "159******26", "error")]),
    ("一五九〇七三一四八兩六", [("手机号", "159******26", "error")]),
    ("〡〥〩〇〧〣〡〤〨〢〦", [("手机号", "159******26", "error")]),
    # a footnote's mark splitting the digits: the page shows 159¹07314826, the search text 15907314826
    ("老王手机159[^a]07314826，有事找他。\n\n[^a]: 本人同意公开。", [("手机号", "159******26", "error")]),
    ("见注释[^1]。\n\n[^1]: 说明。", []),
])
def test_numbers_split_or_spelt_as_an_outside_check_wrote_them(text: str, expected: list[tuple[str, str, str]]
                                                               ) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("texts", [
    # pieces out of the file's order, spaced as 159 0731 4826 (an outside check's)
    '<text x="140" y="30">4826</text><text x="10" y="30">159</text><text x="60" y="30">0731</text>',
    # the same moved into place by transforms
    '<g transform="translate(140,0)"><text x="0" y="30">4826</text></g><g transform="translate(10 0)"><text x="0" '
    'y="30">159</text></g><g transform="matrix(1 0 0 1 60 0)"><text x="0" y="30">0731</text></g>',
    # and with a label drawn after it on the same line
    '<text x="10" y="30">159</text><text x="60" y="30">0731</text><text x="140" y="30">4826</text>'
    '<text x="200" y="30">12</text>',
    # one <text> with a position for each character: Chromium draws 15907314826
    '<text x="20 0 40 60 80 100 120 140 160 180 200" y="30">51907314826</text>',
])
def test_svg_numbers_put_together_by_position_are_read_as_drawn(texts: str) -> None:
    from generator.privacy.files import scan_svg

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">{texts}</svg>'
    assert [p.message for p in scan_svg("a.svg", svg, frozenset())] == ["疑似手机号：159******26"]


def test_the_raw_scan_of_an_image_unpacks_a_bounded_amount() -> None:
    """Packed PNG text is unpacked to be read (a phone number in a zTXt chunk of a content/root/ icon); a file of
    many chunks each unpacking to a megabyte of nothing must not cost gigabytes: 4 MB in all are read."""
    import struct
    import zlib

    from generator.privacy.imagetext import MAX_CHUNK_TEXT, raw_texts

    packed = b"Comment\x00\x00" + zlib.compress(b"\x00" * (2 * MAX_CHUNK_TEXT), 9)
    chunk = struct.pack(">I", len(packed)) + b"zTXt" + packed + struct.pack(">I", zlib.crc32(b"zTXt" + packed))
    said = b"Comment\x00\x00" + zlib.compress("电话13812345678".encode())
    first = struct.pack(">I", len(said)) + b"zTXt" + said + struct.pack(">I", zlib.crc32(b"zTXt" + said))
    data = b"\x89PNG\r\n\x1a\n" + first + chunk * 40
    texts = list(raw_texts(data))
    assert any("13812345678" in t for t in texts)
    assert sum(len(t) for t in texts) <= 4 * MAX_CHUNK_TEXT + len(data)


# Full names right after a party's word that jieba's tagging let through (an outside security test): names that are
# also words (王 + 建设, 黄河, 周到), compound surnames, Tibetan and Uyghur names written without a middle dot.
PARTY_NAMES = ["王建设", "欧阳娜娜", "江海", "黄河", "周到", "扎西多吉", "阿依古丽", "才让卓玛", "马建国", "诸葛亮", "高山", "方圆",
               "次仁", "央金", "买买提", "于建国", "向东", "和平"]


@pytest.mark.parametrize("name", PARTY_NAMES)
def test_a_full_name_right_after_a_party_word_is_found(name: str) -> None:
    from generator.privacy.names import party_names, person_names

    text = f"当事人{name}与邻居崔某因田埂发生纠纷。"
    assert [(n.start, n.name) for n in person_names(text)] == [(3, name)]
    assert [n.name for n in party_names(text)] == [name]  # where a case is retold: a warning


@pytest.mark.parametrize("text, names", [
    ("申请人李秀英称，被申请人王建设的儿子拒绝搬走。", ["李秀英", "王建设"]),
    ("原告：刘志强诉被告黄河（男，45岁）", ["刘志强", "黄河"]),
    ("男方张建国与女方李秀英因感情不和诉至法院。", ["张建国", "李秀英"]),
    ("当事人王建设同意调解，当事人扎西多吉说：“好。”", ["王建设", "扎西多吉"]),
    ("当事人欧阳明月因琐事与人争吵。", ["欧阳明月"]),
])
def test_names_after_party_words_end_where_the_sentence_says(text: str, names: list[str]) -> None:
    from generator.privacy.names import person_names

    assert [n.name for n in person_names(text)] == names


PARTY_PHRASES = ("当事人双方因宅基地发生纠纷。|当事人之间的矛盾得到化解。|当事人均表示满意。|当事人表示感谢。|"
                 "当事人某某与邻居。|当事人高兴地说：“谢谢。”|当事人常年在外务工。|当事人申请后，调解员上门。|"
                 "当事人向他道歉。|当事人曾与对方多次协商。|当事人和好如初。|当事人和解了。|当事人和邻居因琐事争吵。|"
                 "当事人万分感激。|当事人经调解达成协议。|当事人时常在家。|当事人全家人都来了。|当事人关系紧张。|"
                 "当事人于2023年5月申请调解。|当事人于当日在协议上签字。|当事人满意与否是标准。|当事人明确表示同意。|"
                 "当事人方面称已付清。|当事人原告与被告。|男方和女方因感情不和。|女方向男方索要彩礼。|"
                 "当事人黄某与邻居崔某因田埂发生纠纷。|当事人欧阳某与邻居。|当事人王女士与邻居。|当事人老王与邻居。|"
                 "当事人才让步。|当事人都不来。|当事人巴不得早点结束。|当事人严重不满。|当事人安心回家。|"
                 "原告诉称被告拖欠货款。|被告辩称已经付清。|申请人向人民调解委员会申请调解。|受害人及家属。").split("|")


@pytest.mark.parametrize("text", PARTY_PHRASES)
def test_ordinary_words_after_a_party_word_are_no_name(text: str) -> None:
    from generator.privacy.names import party_names, person_names

    assert person_names(text) == [] and party_names(text) == []


def test_public_people_do_not_make_a_party_s_name_public(make_site: SiteMaker) -> None:
    """public_people names a case's mediators, officials and reporters: a name right after 当事人 is a party's,
    whatever public_people says, and the hint says so; the mediator of the same list stays public."""
    from .test_records import CASE, _load

    case = (CASE.format(id="c", mediator="null") + "public_people: [崔建华, 王建设]\nbody: |\n"
            "  当事人崔建华与邻居崔某因田埂发生纠纷，调解员王建设上门调解。\n")
    _, problems = _load(make_site({"content/cases/c.yml": case}))
    assert problems == [
        "错误：content/cases/c.yml 第 14 行，字段 body：body 里有未匿名的人名“崔**”\n"
        "    提示：紧跟在“当事人”“申请人”“原告”这类称谓后面的是当事人，必须写成姓加“某”，例如 当事人王某、申请人刘某甲；"
        "写进 public_people 也不能公开（public_people 只用于调解员、干部和记者）。"]

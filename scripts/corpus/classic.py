"""The first corpus: personal data, encodings, YAML and fields, links, raw HTML (one case per folder)."""

from __future__ import annotations

from PIL import Image

from .common import CASE, VALID_ID, jpeg, story


def cases() -> dict[str, dict[str, str | bytes]]:
    described = Image.Exif()
    described[0x010E] = f"当事人身份证 {VALID_ID}"
    return {
        # -- personal data ---------------------------------------------------------------------------
        "id-number-in-body": {"content/news/2021/leak.md": story("leak", f"当事人身份证号码为{VALID_ID}，已登记。")},
        "id-number-split-by-spaces": {"content/news/2021/leak.md": story("leak", "身份证 110105 19491231 002X。")},
        "id-number-full-width-in-title": {"content/news/2021/leak.md": story(
            "leak", title="１１０１０５１９４９１２３１００２Ｘ的情况说明")},
        "old-15-digit-id": {"content/news/2021/leak.md": story("leak", "老身份证130503670401001仍在使用。")},
        "mobile-in-front-matter": {"content/news/2021/leak.md": story(
            "leak", extra="subtitle: 联系人电话 138 1234 5678\n")},
        "mobile-with-country-code-in-case": {"content/cases/drain.yml": CASE.format(id="drain").replace(
            "summary: ", "summary: 张某（+86-139-0000-1111）反映，")},
        "bank-card-in-body": {"content/news/2021/leak.md": story("leak", "捐款请汇入 6222 0212 3456 7890 128。")},
        "licence-plate-in-case": {"content/cases/drain.yml": CASE.format(id="drain") + "body: |\n  张某的车（豫H·12345）挡住了排水沟。\n"},
        "email-in-body": {"content/news/2021/leak.md": story("leak", "来信请寄 zhang.san@example.com。")},
        "qq-in-body": {"content/news/2021/leak.md": story("leak", "有事联系调解员QQ：123456789。")},
        "wechat-in-body": {"content/news/2021/leak.md": story("leak", "调解员微信号：wang_mediator88。")},
        "street-address-in-case": {"content/cases/drain.yml": CASE.format(id="drain") + "body: |\n  纠纷发生在幸福路12号3单元。\n"},
        "phone-in-image-alt": {"content/news/2021/leak.md": story("leak", "![王某 13812345678 在调解现场](../../images/body.jpg)")},
        "phone-in-file-name": {"content/news/2021/wang-13812345678.md": story("wang-call")},
        "id-number-in-image-metadata": {"content/images/described.jpg": jpeg(exif=described)},
        # -- encodings -------------------------------------------------------------------------------
        "gbk-story": {"content/news/2021/gbk.md": story("gbk", "这篇稿件用 Windows 记事本保存成了 GBK 编码。").encode("gbk")},
        "big5-story": {"content/news/2021/big5.md": story("big5", "這篇稿件從繁體網站複製，存成了 Big5 編碼。", title="繁體稿件")
                       .replace("测试日报", "測試日報").encode("big5")},
        # -- YAML and fields -------------------------------------------------------------------------
        "duplicate-yaml-key": {"content/news/2021/dup.md": story("dup", extra="title: 又写了一遍标题\n")},
        "tab-indentation": {"content/news/2021/tab.md": story("tab", extra="authors:\n\t- {name: 李明, role: 记者}\n")},
        "unknown-field-near-miss": {"content/news/2021/typo.md": story("typo", extra="sumary: 摘要写错了字段名\n")},
        "wrong-type": {"content/news/2021/type.md": story("type", extra="tags: 5\n")},
        "impossible-date": {"content/news/2021/feb.md": story("feb", date="2021-02-30 09:00")},
        "updated-before-date": {"content/news/2021/upd.md": story("upd", date="2021-11-06 10:00",
                                                                  extra="updated: 2020-01-01 10:00\n")},
        "updated-in-future": {"content/news/2021/upd.md": story("upd", date="2021-11-05 10:00",
                                                                extra="updated: 2090-06-01 10:00\n")},
        "duplicate-story-id": {"content/news/2022/alpha.md": story("alpha", date="2022-02-02 09:00")},
        # -- links and references --------------------------------------------------------------------
        "broken-story-link": {"content/news/2021/link.md": story("link", "详见[另一篇](../2021/nope.md)。")},
        "link-to-draft": {"content/news/2021/link.md": story("link", "详见[草稿](../2022/draft-one.md)。")},
        "broken-site-link": {"content/news/2021/link.md": story("link", "参见[案例库](/cases/nope/)。")},
        "link-to-local-file": {"content/news/2021/link.md": story("link", "附件见[通知](file:///C:/Users/x/通知.docx)。")},
        "missing-image": {"content/news/2021/pic.md": story("pic", "![调解现场](../../images/nope.jpg)")},
        "image-without-alt": {"content/news/2021/pic.md": story("pic", "![](../../images/body.jpg)")},
        "external-image": {"content/news/2021/pic.md": story("pic", "![调解现场](https://example.org/a.jpg)")},
        "image-outside-content": {"content/news/2021/pic.md": story("pic", "![密码](../../../../etc/hostname.jpg)")},
        "symlink-escaping-content": {"secret.jpg": jpeg(), "content/images/leak.jpg": "symlink:../../secret.jpg",
                                     "content/news/2021/pic.md": story("pic", "![调解现场](../../images/leak.jpg)")},
        # -- raw HTML --------------------------------------------------------------------------------
        "script-tag": {"content/news/2021/html.md": story("html", "第一段。\n\n<script>alert('x')</script>\n\n第二段。")},
        "event-handler-attribute": {"content/news/2021/html.md": story(
            "html", '第一段。\n\n<div onclick="steal()">点我</div>\n')},
        "javascript-link": {"content/news/2021/html.md": story("html", "[点这里](javascript:alert(1))")},
        "iframe-unknown-host": {"content/news/2021/html.md": story(
            "html", '视频：\n\n<iframe src="https://video.example.com/embed/1"></iframe>\n')},
        "raw-html-image": {"content/news/2021/html.md": story("html", '<p><img src="../../images/body.jpg" alt="图"></p>\n')},
        "svg-with-script": {"content/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                            '<script>alert(1)</script></svg>\n',
                            "content/news/2021/svg.md": story("svg", "![统计图](../../images/chart.svg)")},
    }

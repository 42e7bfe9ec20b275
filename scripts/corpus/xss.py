"""Stored XSS: markup, script and template text in every field a page, feed or data file shows.

Fields are plain text: each payload must build (verdict ok) and show as the characters typed, never as an
element, attribute, script or request (tests/inert.py). Where a value cannot be right at all (a `javascript:`
source address) the build fails instead.
"""

from __future__ import annotations

import json

from .common import CASE, story

# Each payload carries the marker `pwn` in what it would inject.
PAYLOADS = {
    "tag": "<pwn-a>标题</pwn-a>",
    "script": "<script>pwn(1)</script>",
    "attr-break": '"><img src=x onerror=pwn()>',
    "single-quote": "'><svg onload=pwn()>",
    "comment-script": "<!--<script>pwn",
    "end-script": "</script><script>pwn()</script>",
    "jinja": "{{ pwn }}{% if pwn %}",
    "entity": "&lt;pwn-b&gt;&#60;pwn-c&#62;",
    "js-link": '<a href="javascript:pwn()">点我</a>',
    "separators": "\u2028</script>\u2029pwn",
    "style": "<style>@import url(https://pwn.example/x.css)</style>",
    "iframe": '<iframe src="https://pwn.example/"></iframe>',
}


def q(value: str) -> str:
    """A YAML scalar holding `value` exactly (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _story_field(name: str, payload: str) -> dict[str, str]:
    if name == "title":
        return {"content/news/2021/xss.md": story("xss", title=q("测试" + payload))}
    if name == "tags":
        return {"content/news/2021/xss.md": story("xss", extra=f"tags: [{q(payload[:20])}, 普通标签]\n")}
    if name == "authors":
        return {"content/news/2021/xss.md": story("xss", extra=f"authors:\n  - {{name: {q(payload[:20])}, role: 记者}}\n")}
    if name == "source":
        return {"content/news/2021/xss.md": story("xss").replace("source: 测试日报", f"source: {q(payload)}")}
    return {"content/news/2021/xss.md": story("xss", extra=f"{name}: {q(payload)}\n")}


MEDIATOR = """id: xss-room
name: {name}
kind: room
unit: {unit}
region: xian
title: {title}
source: 测试日报
bio: {bio}
"""

HONOR = """id: xss-honor
name: {name}
level: 县级
awarding_body: {body}
year: 2021
recipient: {{region: xian}}
source: {source}
note: {note}
"""


def cases() -> dict[str, dict[str, str | bytes]]:
    found: dict[str, dict[str, str | bytes]] = {}

    def ok(name: str, files: dict[str, str]) -> None:
        found[f"xss-{name}"] = {**files, "verdict": "ok"}

    # Every payload in a story's title: the page, lists, neighbours, feeds, JSON-LD, search and sitemap show it.
    for kind, payload in PAYLOADS.items():
        ok(f"story-title-{kind}", _story_field("title", payload))
    # Each other front-matter field with a few payloads.
    for field in ("subtitle", "summary", "cite", "source", "cover_alt", "tags", "authors"):
        for kind in ("tag", "attr-break", "comment-script"):
            files = _story_field(field, PAYLOADS[kind])
            if field == "cover_alt":
                files = {"content/news/2021/xss.md": story(
                    "xss", extra=f"cover: images/cover.jpg\ncover_alt: {q(PAYLOADS[kind])}\n")}
            ok(f"story-{field}-{kind}", files)
    # Markup in Markdown where it is text: headings, link text, image alt, table cells, code.
    ok("body-heading", {"content/news/2021/xss.md": story("xss", "## 小标题 &lt;pwn-h&gt; `<pwn-code>`\n\n正文。")})
    ok("body-alt", {"content/news/2021/xss.md": story("xss", '![调解"><pwn-alt onerror=pwn()>](../../images/body.jpg)')})
    ok("body-link-title", {"content/news/2021/xss.md": story("xss", '[链接](https://example.org/ "x\\"><pwn-t>")')})
    ok("body-code-span", {"content/news/2021/xss.md": story("xss", "代码示例：`<script>pwn()</script>`\n")})
    ok("body-table", {"content/news/2021/xss.md": story("xss", "| 项目 | 数量 |\n|---|---|\n| <pwn-td> | 1 |")})
    # Case records: every text field.
    for field, payload in (("title", PAYLOADS["tag"]), ("summary", PAYLOADS["attr-break"]),
                           ("organisation", PAYLOADS["comment-script"]), ("source", PAYLOADS["end-script"]),
                           ("place", PAYLOADS["single-quote"])):
        text = CASE.format(id="xss-case")
        if field == "place":
            text += f"place: {q('某村' + payload)}\n"
        else:
            text = "\n".join(f"{field}: {q(payload)}" if line.startswith(f"{field}:") else line
                             for line in text.split("\n"))
        ok(f"case-{field}", {"content/cases/xss-case.yml": text})
    ok("case-body", {"content/cases/xss-case.yml": CASE.format(id="xss-case") +
                     "body: |\n  调解经过 &lt;pwn-d&gt; **加粗** `<b onclick=pwn()>`\n"})
    # Raw HTML in a Markdown field is checked like a story body's: an event handler is refused.
    found["xss-case-body-handler"] = {"content/cases/xss-case.yml": CASE.format(id="xss-case") +
                                      "body: |\n  调解经过 <b onclick=pwn()>点</b>\n"}
    # "]]>" would end the CDATA section the RSS feed wraps each story's HTML in.
    ok("cdata-end-alt", {"content/news/2021/xss.md": story("xss", "![调解]]><pwn-x/>现场](../../images/body.jpg)")})
    ok("cdata-end-text", {"content/news/2021/xss.md": story("xss", "正文 ]]> <![CDATA[ pwn ]]>")})
    ok("cdata-end-title", {"content/news/2021/xss.md": story("xss", title=q("标题]]><pwn-y/>"))})
    # Mediators and honors.
    for field in ("name", "unit", "title", "bio"):
        values = {"name": "测试调解室", "unit": "测试单位", "title": "模范调解员", "bio": "简介。"}
        values[field] = PAYLOADS["attr-break"] if field != "bio" else "简介 &lt;pwn-bio&gt; `<script>pwn()</script>`"
        ok(f"mediator-{field}", {"content/mediators/xss-room.yml": MEDIATOR.format(
            **{k: q(v) for k, v in values.items()})})
    for field in ("name", "body", "source", "note"):
        values = {"name": "测试荣誉", "body": "测试县委", "source": "测试日报", "note": "说明。"}
        values[field] = PAYLOADS["tag"] if field != "note" else PAYLOADS["comment-script"]
        ok(f"honor-{field}", {"content/honors/xss-honor.yml": HONOR.format(**{k: q(v) for k, v in values.items()})})
    # The site's own settings: name, description, host, columns and regions appear on every page.
    found["xss-mediator-bio-script"] = {"content/mediators/xss-room.yml": MEDIATOR.format(
        name=q("测试调解室"), unit=q("测试单位"), title=q("模范调解员"), bio=q(PAYLOADS["script"]))}
    for what, old, new in (("site-name", "name: 测试平安网", f"name: {q('测试<pwn-s>网')}"),
                           ("site-description", "description: 测试站点", f"description: {q(PAYLOADS['attr-break'])}"),
                           ("host", "host: 测试县委政法委", f"host: {q('测试' + PAYLOADS['tag'])}"),
                           ("column-name", "name: 工作动态", f"name: {q('动态<pwn-col>')}"),
                           ("column-description", "description: 最新动态",
                            f"description: {q(PAYLOADS['comment-script'])}"),
                           ("region-name", "name: 测试县", f"name: {q('测试县<pwn-r>')}")):
        ok(f"config-{what}", {"site_config.yml.replace": f"{old}\n{new}"})
    # Open data opened in Excel or WPS: a text cell must never run as a formula.
    for kind, text in (("equals", '=HYPERLINK("https://pwn.example/","点我")'), ("plus", "+cmd|' /C calc'!A0 pwn"),
                       ("at", "@SUM(1+1)*cmd|' /C pwn'!A0"), ("minus", "-2+3+cmd|' /C pwn'!A0"),
                       ("tab", "\t=pwn()"), ("space", ' =HYPERLINK("https://pwn.example/","点我")'),
                       ("nbsp", '\u00a0=HYPERLINK("https://pwn.example/","点我")'),
                       ("fullwidth", '＝HYPERLINK("https://pwn.example/","点我")'), ("fullwidth-plus", "\u3000＋cmd|' /C pwn'!A0")):
        ok(f"csv-formula-{kind}", {"content/metrics/xss-metric.yml": (
            f"id: xss-metric\nregion: xian\nperiod: '2021'\nperiod_note: {q(text)}\ncounts:\n"
            f"  disputes_investigated: 10\n  disputes_resolved: 9\nsource: {q(text)}\n")})
    # A source address that is not a web address cannot be linked: the build says so.
    for kind, url in (("javascript", "javascript:pwn()"), ("javascript-case", "JaVaScRiPt:pwn()"),
                      ("tab", "java\tscript:pwn()"), ("data", "data:text/html,<script>pwn()</script>"),
                      ("no-host", "https:///pwn"), ("space", "https://example.org/ onmouseover=pwn()")):
        found[f"xss-source-url-{kind}"] = {"content/news/2021/xss.md": story("xss", extra=f"source_url: {q(url)}\n")}
    return found

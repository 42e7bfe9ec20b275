"""Escape by default: only render/safe.py makes Markup, templates never opt out, and what safe.py marks is inert."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from markupsafe import Markup

from generator.authoring.sources import plain_text
from generator.cli import main
from generator.outputs.charts import bar_chart, line_chart, trend_chart
from generator.render import safe

from .conftest import SiteMaker, story
from .inert import html_problems, site_problems

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<pwn-a>"\'&<!--<script>pwn()</script>]]>\u2028{{ pwn }}'


def _markup_makers(tree: ast.AST) -> list[int]:
    """Lines where `tree` calls Markup(...) or markupsafe.Markup(...)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name == "Markup":
                lines.append(node.lineno)
    return lines


def test_only_safe_py_makes_markup() -> None:
    found = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        lines = _markup_makers(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[path.relative_to(ROOT).as_posix()] = lines
    assert list(found) == ["generator/render/safe.py"]


def test_no_template_opts_out_of_escaping() -> None:
    opt_out = re.compile(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b", re.IGNORECASE)
    offenders = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "theme").rglob("*"))
                 if p.suffix in (".html", ".xml") and opt_out.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_marker_finder_finds_the_markup_maker() -> None:
    # the check above could pass by finding nothing: it must see a call in code that has one
    assert _markup_makers(ast.parse("from markupsafe import Markup\nx = Markup('<b>')\ny = m.Markup(z)\n")) == [2, 3]


def test_json_script_cannot_end_or_comment_the_script() -> None:
    data = {"headline": HOSTILE, "keywords": ["</script>", "<!--"], "n": 1}
    text = safe.json_script(data)
    assert isinstance(text, Markup)
    assert json.loads(text) == data
    assert not re.search(r"[<>&\u2028\u2029]", text)


def test_html_escapes_every_value_but_markup() -> None:
    out = safe.html('<p title="{}">{}</p>{}', HOSTILE, HOSTILE, safe.html("<b>{}</b>", "x"))
    doc = lxml_html.fragment_fromstring(f"<div>{out}</div>")
    assert doc.xpath("string(p/@title)") == HOSTILE
    assert doc.xpath("string(p)") == HOSTILE
    assert [el.tag for el in doc.iter()] == ["div", "p", "b"]


def test_sanitised_keeps_what_the_sanitiser_made_and_nothing_is_re_escaped() -> None:
    assert safe.sanitised("<p>a &amp; b</p>") == Markup("<p>a &amp; b</p>")
    assert safe.sanitised(Markup("<p>x</p>")) == "<p>x</p>"


@pytest.mark.parametrize("draw", [bar_chart, line_chart])
def test_charts_with_hostile_labels_are_inert_and_show_the_text(draw: object) -> None:
    labels = ["<pwn-l>甲", "乙 onload=pwn()", "$\\frac{1}{2}$ pwn"]
    svg = draw(HOSTILE, labels, [1.0, 2.0, 3.0], "件")  # type: ignore[operator]
    assert html_problems(f"<div>{safe.drawn_svg(svg)}</div>", "chart", "example.org") == []
    text = lxml_html.fragment_fromstring(svg).text_content()
    assert "<pwn-l>甲" in text
    assert "$\\frac{1}{2}$ pwn" in text  # a `$` is text, not TeX


def test_a_dollar_in_a_series_name_is_text_not_a_crash() -> None:
    """A scope or source is a staff-written field: an unclosed TeX formula in it failed the whole chart."""
    svg = trend_chart("调解纠纷数", ["2020年", "2021年"], [("口径 $x^$", [1.0, None]), ("乙报 $", [None, 2.0])], "")
    text = lxml_html.fragment_fromstring(svg).text_content()
    assert "口径 $x^$" in text and "乙报 $" in text


@pytest.mark.parametrize(("raw", "plain"), [
    ('<h1 class="x">武威<b>平安</b>建设</h1>', "武威平安建设"),
    ("&lt;b&gt;标题&lt;/b&gt; &amp; 其他", "标题 & 其他"),
    ("普通标题 A&B 3<5", "普通标题 A&B 3<5"),
    ("<script>pwn()</script>标题", "pwn()标题"),
])
def test_imported_titles_are_plain_text(raw: str, plain: str) -> None:
    assert plain_text(raw) == plain


def test_a_title_that_opens_a_comment_in_json_ld_leaves_the_page_whole(make_site: SiteMaker) -> None:
    title = "标题<!--<script>"
    config = make_site({"content/news/2021/a.md": story("a", title=json.dumps(title, ensure_ascii=False),
                                                        body="正文第一段。\n\n正文最后一段。")})
    assert main(["build", "--config", str(config)]) == 0
    site = config.parent / "site"
    page = lxml_html.fromstring((site / "news/2021/09/13/a/index.html").read_bytes())
    assert page.xpath("string(//h1)").strip() == title
    assert "正文最后一段" in page.xpath("string(//div[contains(@class,'pa-article__body')])")
    assert page.xpath("//footer[contains(@class,'md-footer')] | //footer")  # the page goes on after the script
    ld = page.xpath("//script[@type='application/ld+json']")[0].text
    assert json.loads(ld)["headline"] == title
    assert site_problems(site) == []


def test_messages_never_send_control_characters_to_the_terminal() -> None:
    from generator.errors import Problem

    text = Problem("content/news/a\x1b[2J.md", 3, "ti\x1b]0;x\x07tle", "不认识的字段 \x1b[31m\u202e", "提示\x00").format()
    assert not any(ord(c) < 32 and c != "\n" or c in "\x7f\u202e" for c in text)
    assert "a<U+001B>[2J.md" in text and "ti<U+001B>]0;x<U+0007>tle" in text and "<U+202E>" in text


def test_figures_text_is_escaped_and_keeps_each_number_whole() -> None:
    """The `figures` filter marks a 核对提示 or a rate as safe HTML: what it is given is escaped, and it adds only the
    spans that keep a number on one line and the break points before （ and after ÷."""
    from generator.render.safe import figures

    assert str(figures("<b>98.7%（17,128÷17,356）</b>")) == (
        '&lt;b&gt;<span class="pa-nobr">98.7%</span><wbr>（<span class="pa-nobr">17,128</span>÷<wbr>'
        '<span class="pa-nobr">17,356</span>）&lt;/b&gt;')
    assert str(figures("无数字")) == "无数字"

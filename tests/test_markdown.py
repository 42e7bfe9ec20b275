"""Story bodies: the plain text of a sanitised body (summaries) is what lxml reads in it, without parsing it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from generator.render.htmlpolicy import sanitise
from generator.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, plain_text

REPO = Path(__file__).resolve().parent.parent
HOSTS = frozenset({"www.example-video.cn"})
HOSTILE = [
    "调解员老王走进村委会。",
    "**加粗** 与 *强调*，`代码 <b> & 号`，\\*不是强调\\*。",
    "实体 &amp; &#20013; &#x4e2d; &copy; &nbsp; 与单独的 & 号，AT&T，&amp;copy;。",
    "<span>行内 <b>嵌套 <i>HTML</i></b></span>，“引号”、《书名》——破折号……",
    "```\n代码块 <div> & \"引号\" 'x'\n```\n\n    缩进代码 a < b > c",
    "| 表头 | 二 |\n| --- | :-: |\n| **格** | `码` |\n| 纯文本 | 调解 |",
    '<div markdown="1">\n**里面** 的文字\n</div>\n\n<div><p>原始 HTML</p><script>x()</script><style>p{}</style></div>',
    '<p title="a>b<c" data-x=\'"\'>属性里的尖括号</p><!-- 注释 --><form>表单<input value="x"></form>',
    '<iframe src="https://www.example-video.cn/v"></iframe>后面的文字',
    "脚注[^1]。\n\n[^1]: 脚注的内容，带 **加粗**。",
    "<svg><text>矢量</text></svg><math><mi>x</mi></math>文字",
]


def _lxml_text(fragment: str) -> str:
    """How summaries were made before: the sanitised body parsed again with lxml."""
    if not fragment.strip():
        return ""
    text = lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()
    return re.sub(r"\s+", " ", text).strip()


def _bodies() -> list[str]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    stories = [path.read_text(encoding="utf-8") for path in sorted((REPO / "content").rglob("*.md"))]
    rng = random.Random(7)
    alphabet = ["调", "解", "。", "，", "a", " ", "\n", "\n\n", "*", "_", "[", "]", "(", ")", "<", ">", "&", ";", "#",
                "`", "\\", "\"", "'", "<b>", "</b>", "<p>", "&amp;", "&lt;", "\u00a0", "\u3000", "|", "-"]
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(1000)]
    return [sanitise(md.reset().convert(text), HOSTS) for text in HOSTILE + stories + fuzz]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_bodies_read_as_lxml_reads_them(text: str) -> None:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    body = sanitise(md.reset().convert(text), HOSTS)
    assert plain_text(body) == _lxml_text(body)


def test_sample_stories_and_random_bodies_read_as_lxml_reads_them() -> None:
    bodies = _bodies()
    assert sum("&amp;" in b or "&lt;" in b for b in bodies) > 100  # the references are exercised
    for body in bodies:
        assert plain_text(body) == _lxml_text(body), body


def test_text_of_escaped_markup_is_not_taken_for_tags() -> None:
    assert plain_text('<p title="x&gt;y">a &lt;b&gt; c&amp;amp;d&nbsp;e</p>') == "a <b> c&amp;d e"
    assert plain_text('<iframe src="https://www.example-video.cn/v">&lt;b&gt;<b>x</b></iframe>正文') == "正文"


def test_a_line_break_between_chinese_characters_is_not_a_space() -> None:
    """Text written in lines (a YAML block, a story typed with line breaks) reads as one paragraph: a browser shows
    a line break as a space, which between Chinese characters is a visible gap (267起， 被…). It is dropped there,
    also across inline markup, and kept between Latin words, in code and where the author asked for a break."""
    from generator.render.markdown import BodyRenderer, RenderState, Unusable

    def resolve(src: str) -> object:
        raise Unusable("找不到图片文件：", "")

    body = ("报道说他调解纠纷267起，\n被司法部评为先进个人。\n**荣誉**\n称号两项；English\nwords stay apart。\n"
            "网址 example.cn\n之后\n\n- 列表第一行，\n  第二行\n\n```\n代码第一行\n代码第二行\n```\n\n"
            "硬换行  \n保留\n\n`代码\n片段`与文字\n")
    html = BodyRenderer().render(body, RenderState(resolve, "news/a/"))  # type: ignore[arg-type]
    assert "<p>报道说他调解纠纷267起，被司法部评为先进个人。<strong>荣誉</strong>称号两项；English\nwords stay apart。" in html
    assert "example.cn\n之后" in html  # a Latin character on one side: a space is right
    assert "<li>列表第一行，第二行</li>" in html
    assert "代码第一行\n代码第二行" in html
    assert "硬换行<br>\n保留" in html or "硬换行<br>保留" in html
    assert "<code>代码\n片段</code>与文字" in html


@pytest.mark.parametrize("body, wanted", [
    ("他说**很满意**\n调解结果", "<p>他说<strong>很满意</strong>调解结果</p>"),  # markup at the line's end
    ("> 群众说：“调解员\n> 真是为我们办实事。”", "<p>群众说：“调解员真是为我们办实事。”</p>"),  # a quote's lines
])
def test_a_line_break_is_dropped_whatever_markup_stands_at_the_line_s_edge(body: str, wanted: str) -> None:
    """The same paragraph reads the same in every story: whether a break is dropped does not depend on another line
    of the story having a break between two bare characters."""
    from generator.render.markdown import BodyRenderer, RenderState

    assert wanted in BodyRenderer().render(body, RenderState(lambda src: None, "news/a/"))  # type: ignore[arg-type]


def test_a_footnote_s_way_back_is_labelled_in_chinese() -> None:
    """The link back from a footnote is labelled for screen readers and on hover in the site's language."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    body = sanitise(md.reset().convert("脚注[^1]。\n\n[^1]: 脚注的内容。"), HOSTS)
    titles = lxml_html.fragment_fromstring(body, create_parent="div").xpath("//a[@class='footnote-backref']/@title")
    assert titles == ["返回正文中注释 1 所在处"]

"""Story bodies: the plain text of a sanitised body (summaries) is what lxml reads in it, without parsing it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from generator.render.htmlpolicy import sanitise
from generator.render.markdown import EXTENSION_CONFIGS, EXTENSIONS
from generator.render.widetext import plain_text

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
    """How summaries were made before: the sanitised body parsed again with lxml (and, as now, no space left after
    Chinese punctuation before Chinese text: paragraphs run on as Chinese sets them)."""
    if not fragment.strip():
        return ""
    text = lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()
    marks = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026"
    wide = "\u2e80-\u2fff\u3000-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
    return re.sub(f"(?<=[{marks}]) (?=[{wide}])", "", re.sub(r"\s+", " ", text)).strip()


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
    # a line ending a sentence (。；) stays a line (see test_a_line_that_ends_a_sentence_or_starts_an_item_stays_a_line)
    assert "<p>报道说他调解纠纷267起，被司法部评为先进个人。<br><strong>荣誉</strong>称号两项；English\nwords stay apart。" in html
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


def _body(text: str) -> str:
    from generator.render.markdown import BodyRenderer, RenderState

    return BodyRenderer().render(text, RenderState(lambda src: None, "news/a/"))  # type: ignore[arg-type]


@pytest.mark.parametrize("text, wanted", [
    ("县综治中心提供7*24小时服务，周末实行5*8小时值班。", "<p>县综治中心提供7*24小时服务，周末实行5*8小时值班。</p>"),
    ("价格为 3*4=12 元，*强调*照旧。", "<p>价格为 3*4=12 元，<em>强调</em>照旧。</p>"),
])
def test_an_asterisk_between_digits_is_a_times_sign_not_emphasis(text: str, wanted: str) -> None:
    """7*24 (round the clock) is everyday government wording: read as emphasis it became 724小时 … 58小时."""
    assert wanted in _body(text)


def test_a_first_line_indent_typed_with_a_tab_or_spaces_is_no_code_block() -> None:
    """Chinese paragraphs start indented (首行缩进); a tab or four spaces from Word made a grey code box."""
    html = _body("\t为深入推进平安建设，根据〔2026〕5号文件精神。\n\n    考核分三个阶段进行，具体如下：\n\n"
                 "1. 动员阶段\n2. 总结阶段\n\n\t各单位要高度重视。")
    assert "<pre>" not in html and "<code>" not in html
    assert "<p>为深入推进平安建设，根据〔2026〕5号文件精神。</p>" in html
    assert "<p>考核分三个阶段进行，具体如下：</p>" in html
    assert html.rstrip().endswith("</ol>\n<p>各单位要高度重视。</p>")  # not pulled into the list's last item


def test_word_s_paragraphs_pasted_one_a_line_with_a_tab_are_paragraphs() -> None:
    """Word's paragraphs pasted one a line, each indented with a tab: the second was glued to the first with a line
    break, as 　　 was before it; in a list item a tab-indented line stays the item's."""
    html = _body("第一段写完了。\n\t第二段用制表符缩进。\n　　第三段用全角空格缩进。")
    assert html.count("<p>") == 3 and "<br" not in html
    assert "<li>列表一第二行属于列表</li>" in _body("- 列表一\n\t第二行属于列表")


def test_word_s_odd_spaces_inside_chinese_text_are_dropped_from_the_page() -> None:
    """A no-break or en space pasted from Word between two Chinese characters showed as a gap (将 继续), and a zero
    width joiner (平安\u200d细胞) kept the search from finding 平安细胞; code, an ordinary space and 王　伟 stay."""
    html = _body("我们将\u00a0继续落实平安\u200d细胞工程，深化\u2002建设。`代码\u00a0保留` 和 王　伟，A\u00a0B。")
    assert "我们将继续落实平安细胞工程，深化建设。" in html
    assert "<code>代码&nbsp;保留</code> 和 王　伟，A&nbsp;B。" in html


@pytest.mark.parametrize("text, wanted", [
    ("#平安建设# #夜巡#", "<p>#平安建设# #夜巡#</p>"),
    ("#平安中国#活动持续开展。", "<p>#平安中国#活动持续开展。</p>"),
    ("## 一、工作成效", "<h2"),
    ("#一、没有空格的标题", "<h2"),  # meant as a heading (under the page title): no WeChat topic closes it
])
def test_a_wechat_topic_at_a_line_s_start_is_text_not_a_heading(text: str, wanted: str) -> None:
    assert wanted in _body(text)


def test_a_table_pasted_from_excel_is_a_table() -> None:
    """Excel copies a table as lines of cells between tabs: run together, 1201黄羊镇 read as one number and a place."""
    html = _body("各乡镇排查化解情况如下：\n乡镇\t排查（件）\t化解（件）\n城关镇\t1234\t1201\n黄羊镇\t856\t\n\n以上数据截至年底。")
    table = lxml_html.fragment_fromstring(html, create_parent="div").xpath("//table")
    assert len(table) == 1
    rows = [[" ".join(c.text_content().split()) for c in tr.xpath("th|td")] for tr in table[0].xpath(".//tr")]
    assert rows == [["乡镇", "排查（件）", "化解（件）"], ["城关镇", "1234", "1201"], ["黄羊镇", "856", ""]]
    assert "<p>各乡镇排查化解情况如下：</p>" in html and "<p>以上数据截至年底。</p>" in html


def test_paragraphs_indented_with_a_tab_are_no_table() -> None:
    html = _body("\t第一段，用 Tab 缩进。\n\t第二段，也用 Tab 缩进。")
    assert "<table" not in html and "第一段" in html


@pytest.mark.parametrize("text, wanted", [
    ("1.乡镇平安建设工作；\n2.县直单位综治工作。", "1.乡镇平安建设工作；<br>2.县直单位综治工作。"),
    ("①排查纠纷\n②化解矛盾\n③回访群众", "①排查纠纷<br>②化解矛盾<br>③回访群众"),
    ("来源：凉州区委政法委\n编辑：张某\n审核：李某", "来源：凉州区委政法委<br>编辑：张某<br>审核：李某"),
    ("会议强调：\n一要提高认识。\n二要压实责任。", "会议强调：<br>一要提高认识。<br>二要压实责任。"),
    ("（一）加强组织领导\n（二）强化督导检查", "（一）加强组织领导<br>（二）强化督导检查"),
    ("我们在这里硬换行的\n一句话，继续写。", "<p>我们在这里硬换行的一句话，继续写。</p>"),  # a wrapped sentence joins
])
def test_a_line_that_ends_a_sentence_or_starts_an_item_stays_a_line(text: str, wanted: str) -> None:
    """Lines pasted from Word or WeChat are lines: a numbered point, a 来源/编辑 line. Run together they read as
    one garbled phrase (凉州区委政法委编辑：张某审核). A line broken inside a sentence still joins the next."""
    assert wanted in _body(text).replace("\n", "")


def test_footnote_markers_are_not_read_into_a_summary() -> None:
    """307[^a]起 is 307起 to a reader; the summary (page description, feeds, search) said 3071起."""
    from generator.render.summary import summary_of

    html = _body("2026年全县共排查纠纷307[^a]起，化解1,200件[^b]。\n\n[^a]: 据县司法局统计。\n[^b]: 含正在化解的。")
    assert summary_of("", html) == "2026年全县共排查纠纷307起，化解1,200件。"


def test_footnote_markers_are_not_read_into_search_text() -> None:
    from generator.outputs.search import extract

    body = _body("排查纠纷307[^a]起。\n\n[^a]: 据县司法局统计。")
    doc = extract(f'<article data-pa-search="新闻"><h1>标题</h1>{body}</article>', "news/a/")
    assert doc is not None
    assert "307起" in doc.body and "3071" not in doc.body and "↩" not in doc.body
    assert "据县司法局统计" in doc.body  # the note itself is text of the story


def test_raw_html_from_word_keeps_its_alignment_in_html5_and_drops_obsolete_markup() -> None:
    """Word and Excel write HTML 4: align=, <center>, <strike>, <tt>, <acronym>, <font>. Kept as they were, each was
    a validator error on the page; the alignment a signature or a figure column needs is kept as HTML 5 says it."""
    html = _body('<p align="right">县委政法委<br>2026年12月1日</p>\n\n'
                 '<table align="center" summary="x"><colgroup><col align="left"></colgroup>'
                 '<thead><tr align="center"><th align="center">乡镇</th><th>化解率</th></tr></thead>'
                 '<tbody><tr><td>城关镇</td><td align="right">90.5</td></tr></tbody>'
                 '<tfoot><tr><td>合计</td><td align="right">91.0</td></tr></tfoot></table>\n\n'
                 '<center>居中文字</center>\n\n<p><strike>删除</strike> <tt>等宽</tt> <acronym title="x">缩写</acronym> '
                 '<font color="red">红字</font> <big>大字</big></p>\n\n<hr size="2" width="100%" align="center">\n\n'
                 '<div style="text-align:center">居中</div>')
    doc = lxml_html.fragment_fromstring(html, create_parent="div")
    for obsolete in ("center", "strike", "tt", "acronym", "font", "big"):
        assert doc.xpath(f"//{obsolete}") == [], obsolete
    for attribute in ("align", "summary", "size", "width", "char", "charoff"):
        assert doc.xpath(f"//*[not(self::img or self::iframe or self::video)][@{attribute}]") == [], attribute
    assert doc.xpath("//p[contains(., '县委政法委')]/@style") == ["text-align:right"]
    assert doc.xpath("//td[.='90.5']/@style") == ["text-align:right"]
    assert doc.xpath("//th[.='乡镇']/@style") == ["text-align:center"]
    assert doc.xpath("//tfoot//td[.='91.0']")  # the total row stays the table's foot
    assert doc.xpath("//*[.='居中文字']/@style") == ["text-align:center"]
    assert [e.tag for e in doc.xpath("//*[.='删除' or .='等宽' or .='缩写']")] == ["s", "code", "abbr"]
    assert "红字" in html and "大字" in html
    assert doc.xpath("//div[.='居中']/@style") == ["text-align:center"]


@pytest.mark.parametrize("text", ["联系邮箱：<falv@example.gov.cn>", "联系邮箱：<mailto:falv@example.gov.cn>"])
def test_an_email_address_in_angle_brackets_is_a_mail_link(text: str) -> None:
    """Markdown writes such an address in character references; read as a page of this site, it was reported as a
    missing page named in control characters and references (the address unmasked), with no line."""
    from generator.render.markdown import BodyRenderer, RenderState

    state = RenderState(lambda src: None, "news/a/")  # type: ignore[arg-type]
    html = BodyRenderer().render(text, state)
    assert state.site_links == [] and state.findings == []
    assert lxml_html.fragment_fromstring(html).xpath("//a/@href") == ["mailto:falv@example.gov.cn"]


def test_an_author_s_ids_cannot_take_the_page_s_own() -> None:
    """The theme finds its settings by id (#__config) and the page its parts (#pa-main, #pa-share-url): an element
    of the body with such an id came first in the page and was found instead (and the page had a duplicate id)."""
    html = _body('<p id="__config">{}</p>\n\n<div id="PA-share-url">x</div>\n\n## pa-main\n\n<p id="zhengwen">正文</p>')
    doc = lxml_html.fragment_fromstring(html, create_parent="div")
    ids = doc.xpath("//@id")
    assert not [i for i in ids if i.lower().startswith(("__", "pa-", "md-"))], ids
    assert "zhengwen" in ids


@pytest.mark.parametrize("text, href, shown", [
    ("详见https://www.example.gov.cn/ggfl。", "https://www.example.gov.cn/ggfl", "https://www.example.gov.cn/ggfl"),
    ("见 https://a.cn/x?y=1&z=2）。", "https://a.cn/x?y=1&z=2", "https://a.cn/x?y=1&z=2"),
    ("网址 http://a.cn/b.html, 欢迎访问", "http://a.cn/b.html", "http://a.cn/b.html"),
    ("[县公共法律服务网]（https://www.example.gov.cn/ggfl）", "https://www.example.gov.cn/ggfl", "县公共法律服务网"),
])
def test_a_web_address_in_the_text_is_a_link(text: str, href: str, shown: str) -> None:
    """A web address pasted into the text, or a link written with Chinese brackets （）, is a link a reader can tap;
    it ends where the address does (not at the Chinese punctuation after it)."""
    doc = lxml_html.fragment_fromstring(_body(text), create_parent="div")
    assert [(a.get("href"), a.text_content()) for a in doc.xpath("//a")] == [(href, shown)]


def test_an_address_in_a_link_or_code_is_not_linked_twice() -> None:
    doc = lxml_html.fragment_fromstring(_body("[网站](https://a.cn/) 和 `https://b.cn/` 和 <https://c.cn/>"),
                                        create_parent="div")
    assert doc.xpath("//a/@href") == ["https://a.cn/", "https://c.cn/"]


@pytest.mark.parametrize("text, levels", [
    ("# 一、工作成效\n\n正文。\n\n## （一）排查\n\n正文。", [2, 3]),  # a body's # is under the page's title
    ("#### 工作成效\n\n正文。\n\n#### 下一步\n\n正文。", [2, 2]),  # no levels skipped after the title
    ("## 一\n\n#### 二\n\n## 三", [2, 3, 2]),
    ("## 一\n\n### 二", [2, 3]),
])
def test_headings_in_a_body_follow_the_page_s_title_without_gaps(text: str, levels: list[int]) -> None:
    """The page's title is its one h1: a # heading in the body made a second, and #### right after the title
    skipped levels (screen readers list headings by level)."""
    doc = lxml_html.fragment_fromstring(_body(text), create_parent="div")
    assert [int(h.tag[1]) for h in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")] == levels


# -- what a review of the pasted-text reading found ------------------------------------------------------------

@pytest.mark.parametrize("text, tag", [
    ("主要做法：\n\n1.\t加强宣传引导\n2.\t强化矛盾排查\n3.\t完善调解机制", "ol"),  # Word's list: a tab after the number
    ("要点：\n\n-\t宣传\n-\t排查", "ul"),
])
def test_a_list_copied_from_word_stays_a_list(text: str, tag: str) -> None:
    html = _body(text)
    assert "<table" not in html and f"<{tag}>" in html


@pytest.mark.parametrize("text, kept", [
    ("<pre>\n名称\t数值\n甲\t1\n</pre>", "<pre>名称"),  # raw HTML is the author's own
    ("> 姓名\t数量\n> 张三\t3", "<blockquote>"),
])
def test_tab_separated_lines_in_html_or_a_quote_are_left_alone(text: str, kept: str) -> None:
    html = _body(text)
    assert "| ---" not in html and kept in html


def test_a_list_item_s_indented_paragraphs_stay_in_the_item() -> None:
    """Markdown continues a list item or a footnote with a paragraph indented by spaces; a tab before Chinese text
    is Word's first-line indent (test_a_first_line_indent_typed_with_a_tab_or_spaces_is_no_code_block)."""
    html = _body("1. 工作一\n\n    （一）细则\n\n2. 工作二\n\n[^1]: 第一段。\n\n    第二段注释。\n\n正文[^1]。")
    doc = lxml_html.fragment_fromstring(html, create_parent="div")
    assert [" ".join(li.text_content().split()) for li in doc.xpath("/div/ol/li")] == ["工作一 （一）细则", "工作二"]
    assert "第二段注释" in " ".join(doc.xpath("string(//div[@class='footnote'])").split())


@pytest.mark.parametrize("text, links", [
    ("[https://www.gov.cn/](https://www.gov.cn/)", [("https://www.gov.cn/", "https://www.gov.cn/")]),
    ("请访问<a href=\"https://a.com\">https://a.com</a>。", [("https://a.com", "https://a.com")]),
    ("[官网 https://a.com](https://a.com)", [("https://a.com", "官网 https://a.com")]),
    ("**官网：https://www.gov.cn/**", [("https://www.gov.cn/", "https://www.gov.cn/")]),
    ("详见**https://a.com/x**。", [("https://a.com/x", "https://a.com/x")]),
    ("详见https://baike.baidu.com/item/枫桥经验", []),  # the Chinese rest of its address: not a link to part of it
])
def test_a_web_address_is_linked_once_and_whole(text: str, links: list[tuple[str, str]]) -> None:
    doc = lxml_html.fragment_fromstring(_body(text), create_parent="div")
    assert [(a.get("href"), a.text_content()) for a in doc.xpath("//a")] == links
    assert "**" not in doc.text_content()


@pytest.mark.parametrize("text, style", [
    ('<P ALIGN="CENTER">居中</P>', "text-align:center"),
    ('<table><tr><td style="color:red" align="center">甲</td></tr></table>', "text-align:center"),
])
def test_alignment_is_kept_however_it_is_written(text: str, style: str) -> None:
    doc = lxml_html.fragment_fromstring(_body(text), create_parent="div")
    assert [e.get("style", "").replace(" ", "").lower() for e in doc.xpath("//*[@style]")] == [style]


def test_align_inside_an_attribute_s_value_is_text() -> None:
    doc = lxml_html.fragment_fromstring(_body('<p title="说明 align=center">文字</p>'), create_parent="div")
    assert doc.xpath("//p/@title") == ["说明 align=center"]


def test_a_heading_holding_a_hash_is_a_heading() -> None:
    assert _body("##C#培训").endswith(">C#培训</h2>")


@pytest.mark.parametrize("text", ["[a]（" * 20_000, "<div>\n" + "<p " * 30_000 + "align\n</div>"])
def test_pasted_text_readers_end_quickly_on_long_runs(text: str) -> None:
    import time

    start = time.perf_counter()
    _body(text)
    assert time.perf_counter() - start < 5


def test_every_pasted_paragraph_loses_its_full_width_indent_alike() -> None:
    """Paragraphs pasted from Word or WeChat one a line, each indented with 　　: the first lost its indent, the next
    kept it; then they were joined as lines of one paragraph (no gap, no indent from the second on). Each is a
    paragraph; a line without the indent still joins its paragraph, and a list item's indented line stays in it."""
    html = _body("\u3000\u3000今天召开了会议。\n\u3000\u3000第二段的内容，\n接着写。\n\u3000\u3000第三段。")
    assert "\u3000" not in html
    assert html.replace("\n", "") == "<p>今天召开了会议。</p><p>第二段的内容，接着写。</p><p>第三段。</p>"
    listed = _body("- 第一项\n\u3000\u3000第一项的说明。")
    assert "<p>" not in listed and "说明" in listed
    # a block quote's line and a fence's stay where they are: the quote was cut, the fence shown as backticks
    quoted = _body("> 引用第一段。\n\u3000\u3000引用第二段。\n\n之后。")
    assert quoted.replace("\n", "").startswith("<blockquote><p>引用第一段。<br>引用第二段。</p></blockquote>"), quoted
    fenced = _body("```\n代码\n\u3000\u3000缩进的代码\n```")
    assert "```" not in fenced and "代码" in fenced


def test_a_hostile_web_address_in_the_text_links_only_its_address() -> None:
    """An address followed by what would break out of the attribute: the link ends where the address does, and no
    attribute or element of the text reaches the page."""
    doc = lxml_html.fragment_fromstring(_body('见https://a.cn/x"onmouseover=pwn()<b>粗</b> 和 https://b.cn/?q=\'><i>'),
                                        create_parent="div")
    assert [a.get("href") for a in doc.xpath("//a")] == ["https://a.cn/x", "https://b.cn/?q="]
    assert not doc.xpath("//@onmouseover") and "pwn()" in doc.text_content()


def test_a_summary_runs_paragraphs_on_without_a_space_after_chinese_punctuation() -> None:
    """The summary (list pages, feeds' descriptions) read …邻里纠纷。 村民张某…, …了解情况后…… 此前…: Chinese sets no
    space there. Between a heading's last character and the next paragraph, or after Latin text, a space stays."""
    from generator.render.summary import cut_summary

    body = _body("起因是一起邻里纠纷。\n\n村民张某了解情况后……\n\n此前，双方已经协商过。\n\n## 结果\n\n双方签了 OK 协议 abc.\n\n下一段")
    assert cut_summary(plain_text(body)).startswith("起因是一起邻里纠纷。村民张某了解情况后……此前，双方")
    assert "结果 双方签了 OK 协议 abc. 下一段" in plain_text(body)


def test_a_wide_table_s_cells_carry_their_column_s_name_for_a_phone() -> None:
    """On a phone a table of seven columns showed three and a half, the rest in a box that scrolled sideways
    unannounced: each cell of a table of three columns or more carries its column's name, and the stylesheet sets
    its rows as cards there; the roles keep it a table for screen readers. A table of two columns fits as it is; an
    author's own role is not kept."""
    from generator.render.markdown import BodyRenderer, RenderState

    state = RenderState(lambda src: None, "news/a/")  # type: ignore[arg-type]
    html = BodyRenderer().render("| 乡镇 | 受理 | 调成 |\n|---|---|---|\n| 松山镇 | 98 | |\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n"
                                 '<table role="button"><tr><td role="presentation">x</td></tr></table>', state)
    wide, narrow, raw = lxml_html.fragments_fromstring(html)
    assert [td.get("data-label") for td in wide.iter("td")] == ["乡镇", "受理", "调成"]
    assert [el.get("role") for el in wide.iter()] == ["table", "rowgroup", "row", "columnheader", "columnheader",
                                                      "columnheader", "rowgroup", "row", "cell", "cell", "cell"]
    assert not any(el.get("role") or el.get("data-label") for el in [*narrow.iter(), *raw.iter()])


def test_a_link_written_in_html_keeps_its_query_and_is_found_at_its_line() -> None:
    """&region in ?year=2024&region=x was decoded as ®ion (a browser leaves it); an entity-written link
    (&#47;nope&#47;) was recorded decoded, so its line could not be found."""
    from generator.render.markdown import BodyRenderer, RenderState

    state = RenderState(lambda src: None, "news/a/")  # type: ignore[arg-type]
    html = BodyRenderer().render('<a href="/data/?year=2024&region=x" title="R&D">数据</a>\n\n'
                                 '<a href="&#47;nope&#47;">旧页</a> <a title="x href=/y" href="/w/">w</a> '
                                 '<a href="/v\n/">v</a>', state)  # a browser drops the line break: /v/
    doc = lxml_html.fragment_fromstring(html, create_parent="div")
    assert doc.xpath("//a/@href") == ["../../data/?year=2024&region=x", "../../nope/", "../../w/", "../../v/"]
    assert doc.xpath("//a/@title") == ["R&D", "x href=/y"]
    assert state.site_links == [("/data/?year=2024&region=x", "data/"), ("&#47;nope&#47;", "nope/"), ("/w/", "w/"),
                                ("/v\n/", "v/")]


def test_a_table_s_labels_are_its_header_s_text() -> None:
    """Raw HTML in a header cell went into data-label as Markdown's placeholder, and came out as markup inside the
    attribute (breaking the cell); a footnote's number joined the name."""
    from generator.render.markdown import BodyRenderer, RenderState

    state = RenderState(lambda src: None, "news/a/")  # type: ignore[arg-type]
    html = BodyRenderer().render('| <abbr title="人民调解委员会">调委会</abbr> | 乡镇<br>街道 | 受理[^1] |\n|---|---|---|\n'
                                 '| 松山镇 | a | 1 |\n\n[^1]: 注释\n', state)
    table = lxml_html.fragments_fromstring(html)[0]
    assert [td.get("data-label") for td in table.iter("td")] == ["调委会", "乡镇街道", "受理"]
    assert [td.text_content() for td in table.iter("td")] == ["松山镇", "a", "1"]
    # an attribute holding ">" is not where its tag ends: the label is what the cell shows
    html = BodyRenderer().render('| <abbr title="a>b">调委会</abbr> | 乡<span>镇</span> | <b>受理</b> |\n'
                                 '|---|---|---|\n| 松山镇 | a | 1 |\n', state)
    table = lxml_html.fragments_fromstring(html)[0]
    assert [th.text_content() for th in table.iter("th")] == ["调委会", "乡镇", "受理"]
    assert [td.get("data-label") for td in table.iter("td")] == ["调委会", "乡镇", "受理"]
    # tags a parser treats apart (a pasted <html> ended the whole build with an internal error), and what a script
    # or a text box holds: the label is what the cell shows
    html = BodyRenderer().render('| <html>调委会 | <script>alert(1)</script>受理 | <textarea>文本</textarea>数 |\n'
                                 '|---|---|---|\n| 松山镇 | a | 1 |\n', state)
    table = lxml_html.fragments_fromstring(html)[0]
    shown = [" ".join(th.text_content().split()) for th in table.iter("th")]
    assert shown == ["调委会", "受理", "文本数"] == [td.get("data-label") for td in table.iter("td")]


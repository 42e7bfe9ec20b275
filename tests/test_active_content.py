"""No active or outside content (issue 24, point 3): raw HTML in Markdown and SVG files get through only what
can neither run script nor make the reader's browser fetch from another site. What the author clearly meant
(an outside image, a video from another site) is an error on its line; the sanitiser removes everything else
whatever the check said, so a site stays inert (tests/inert.py) even when the check is fooled.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from generator.active import ActiveContent, check_svg, css_problem, url_kind
from generator.build import build
from generator.outputs.images import ImageRef, Variant, svg_size
from generator.render import markdown as md_module
from generator.render.htmlpolicy import https_host, sanitise
from generator.render.markdown import BodyRenderer, RenderState, Unusable
from generator.render.sitelinks import line_of

from .conftest import NOW, SiteMaker, story
from .inert import html_problems, site_problems, svg_problems

HOSTS = frozenset({"video.example.gov.cn"})
OWN = "pingan.example.gov.cn"
BODY_IMAGE = ImageRef(Path("content/images/body.jpg"), "abc", 800, 600,
                      (Variant(480, 360, "images/abc-480.jpg", "images/abc-480.webp"),
                       Variant(800, 600, "images/abc-800.jpg", "images/abc-800.webp")))


def resolve(src: str) -> ImageRef:
    if src.endswith("body.jpg"):
        return BODY_IMAGE
    raise Unusable("找不到图片文件：", "")


def inert(html: str, where: str) -> list[str]:
    """tests/inert.py's problems with `html`, but for iframes from the allowed video host (which fetch by design)."""
    return [problem for problem in html_problems(html, where, OWN) if "'https://video.example.gov.cn/" not in problem]


def render(body: str, hosts: frozenset[str] = HOSTS) -> tuple[str, list[tuple[int | None, str]]]:
    """Sanitised HTML for `body` and its problems as (line, message)."""
    state = RenderState(resolve, "news/2021/09/13/a/", iframe_hosts=hosts)
    html = BodyRenderer().render(body, state)
    return html, [(line_of(body, f.needle, 1), f.message) for f in state.findings]


# -- the rules the checks share ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "kind"), [
    ("images/a.jpg", "local"), ("/news/", "local"), ("#top", "local"), ("../../a.png 2x", "local"), ("", "local"),
    ("https://pwn.example/a.png", "outside"), ("HTTP://PWN.EXAMPLE/", "outside"), ("//pwn.example/a", "outside"),
    ("\\\\pwn.example\\a", "outside"), ("/\\pwn.example/a", "outside"), ("ftp://pwn.example/", "outside"),
    ("ht\ttps://pwn.example/", "outside"), (" \x01https://pwn.example/", "outside"), ("mailto:a@b", "outside"),
    ("javascript:pwn()", "script"), ("JaVaScRiPt:pwn()", "script"), ("java\tscript:pwn()", "script"),
    ("java\nscript:pwn()", "script"), ("\x00 javascript:pwn()", "script"), ("vbscript:pwn", "script"),
    ("data:text/html,pwn", "data"), ("DATA:image/png;base64,AA", "data"),
])
def test_url_kind_reads_an_address_as_the_browser_does(url: str, kind: str) -> None:
    assert url_kind(url) == kind


@pytest.mark.parametrize("css", [
    "text-align: right;", "fill: url(#grad1); stroke: none", "filter:url('#soft')", 'clip-path: url( "#p1" )',
    "font-family: 'Microsoft YaHei', sans-serif; -inkscape-font-specification:'Microsoft YaHei'",
    "*{stroke-linejoin: round; stroke-linecap: butt}", "translate(10 20) rotate(45)", "color: red",
])
def test_css_that_loads_nothing_passes(css: str) -> None:
    assert css_problem(css) is None


@pytest.mark.parametrize(("css", "found"), [
    ("background:url(https://pwn.example/a.png)", "url(https://pwn.example/a.png)"),
    ("background:URL( 'https://pwn.example/a.png')", "url('https://pwn.example/a.png')"),
    ("background:u\\72l(//pwn.example/a.png)", "url(//pwn.example/a.png)"),
    ("background:u\\rl(//pwn.example/a.png)", "url(//pwn.example/a.png)"),
    ("background:ur/**/l(//pwn.example/a.png)", "url(//pwn.example/a.png)"),
    ("fill:url(data:image/svg+xml,pwn)", "url(data:image/svg+xml,pwn)"), ("fill:url()", "url()"),
    ("@import 'https://pwn.example/x.css'", "@import"), ("@IM\\50 ORT 'x'", "@import"),
    ("width: expression(pwn())", "expression"), ("background: image-set('https://pwn.example/a.png' 1x)", "image-set"),
    ("behavior: url(pwn.htc)", "behavior"), ("-moz-binding: url(pwn.xml#x)", "-moz-binding"),
    # a comment's start inside a quoted string starts no comment: what follows it is read
    ('a{content:"/*"} rect{fill:url(https://pwn.example/x)} b{content:"*/"}', "url(https://pwn.example/x)"),
    ('text{content:"/*"} @import url(https://pwn.example/t.css); desc{content:"*/"}', "@import"),
])
def test_css_that_loads_or_runs_is_named(css: str, found: str) -> None:
    assert css_problem(css) == found


@pytest.mark.parametrize(("url", "host"), [
    ("https://video.example.gov.cn/embed/1", "video.example.gov.cn"),
    ("HTTPS://Video.Example.GOV.cn:443/embed/1", "video.example.gov.cn"),
    (" https://video.example.gov.cn/e", "video.example.gov.cn"),
    ("https://video.example.gov.cn:443@pwn.example/embed", ""),  # a user name: the host is pwn.example
    ("https://video.example.gov.cn@pwn.example/", ""), ("https://pwn.example\\@video.example.gov.cn/", ""),
    ("https://pwn.example#@video.example.gov.cn", "pwn.example"), ("https://video.example.gov.cn:x/", ""),
    ("http://video.example.gov.cn/", ""), ("//video.example.gov.cn/", ""), ("javascript:pwn()", ""),
])
def test_https_host_is_the_host_a_browser_would_ask(url: str, host: str) -> None:
    assert https_host(url) == host


# -- raw HTML in Markdown ----------------------------------------------------------------------------------------

HOSTILE_BODIES = {
    "outside img": ('<img src="https://pwn.example/a.png" alt="x">', "引用了外部图片 https://pwn.example/a.png"),
    # pasted from Word: the picture is a file on the author's computer, not another site's
    "word picture": ('<img width=553 height=311 src="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/'
                     'clip_image002.jpg">', "<img> 指向本机文件 file:///C:/Users/"),
    "word vml picture": ('<v:imagedata src="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/'
                         'clip_image001.png" o:title=""/>', "指向本机文件 file:///C:/Users/"),
    "inline img": ("文字 <img src=//pwn.example/a.png> 文字", "引用了外部图片 //pwn.example/a.png"),
    "srcset": ('<img src="a.jpg" srcset="a.jpg 1x,https://pwn.example/b.jpg 2x">', "https://pwn.example/b.jpg"),
    "picture source": ('<picture><source srcset="//pwn.example/a.webp"></picture>', "引用了外部图片 //pwn.example"),
    "entity host": ('<img src="https&#x3a;//pwn.example/a.png">', "https://pwn.example/a.png"),
    "html5 entity": ('<a href="javascript&colon;pwn()">x</a>', "不安全的链接 javascript:pwn()"),
    "video poster": ('<video poster="https://pwn.example/p.jpg"></video>', "<video poster>"),
    "video src": ('<video src="//pwn.example/v.mp4"></video>', "<video src>"),
    "video local": ('<video src="v.mp4"></video>', "不会发布视频或音频文件"),
    "audio source": ('<audio>\n<source src="https://pwn.example/a.mp3">\n</audio>', "<source src>"),
    "track": ('<video><track src="https://pwn.example/s.vtt"></video>', "<track src>"),
    "background": ('<table background="//pwn.example/b.png"><tr><td>x</td></tr></table>', "<table background>"),
    "ping": ('<a href="/news/" ping="https://pwn.example/">x</a>', "<a ping>"),
    "object": ('<object data="https://pwn.example/x.swf"></object>', "<object>"),
    "embed": ('<embed src="https://pwn.example/x.swf">', "<embed>"),
    "link": ('<link rel="stylesheet" href="https://pwn.example/x.css">', "<link>"),
    "style tag": ("<style>@import url(https://pwn.example/x.css);</style>", "<style>"),
    "base": ('<base href="https://pwn.example/">', "<base>"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://pwn.example/">', "<meta>"),
    "td style": ('<table><tr><td style="background:url(https://pwn.example/b.png)">x</td></tr></table>', "样式"),
    "span style escaped": ('<span style="background:u\\72l(//pwn.example/b.png)">x</span>', "样式"),
    "style import": ("<p style=\"@import 'https://pwn.example/x.css'\">x</p>", "@import"),
    "js link": ('<a href="javascript:pwn()">x</a>', "不安全的链接"),
    "js entity": ('<a href="jav&#x61;script:pwn()">x</a>', "不安全的链接 javascript:pwn()"),
    "js tab": ('<a href="java&#9;script:pwn()">x</a>', "不安全的链接 javascript:pwn()"),
    "js newline": ('<p><a href="java\nscript:pwn()">x</a></p>', "不安全的链接 javascript:pwn()"),
    "vbscript": ('<a href="vbscript:pwn">x</a>', "不安全的链接"), "data link": ('<a href="data:text/html,pwn">x</a>', "data:"),
    "onclick": ('<p onclick="pwn()">x</p>', "onclick"), "srcdoc": ('<iframe srcdoc="pwn"></iframe>', "srcdoc"),
    "iframe other host": ('<iframe src="https://pwn.example/"></iframe>', "pwn.example 的 <iframe>"),
    "iframe user name": ('<iframe src="https://video.example.gov.cn:@pwn.example/"></iframe>', "pwn.example 的"),
    "iframe broken address": ('<iframe src="https://[pwn.example/"></iframe>', "未知网站"),
    "iframe http": ('<iframe src="http://video.example.gov.cn/"></iframe>', "<iframe>"),
    "svg": ('<svg onload="pwn()"><image href="https://pwn.example/a.png"/></svg>', "<svg>"),
    "nested svg": ('<div>\n<svg><a xlink:href="javascript:pwn()"><text>x</text></a></svg>\n</div>', "<svg>"),
    "math": ('<math><mi href="javascript:pwn()">x</mi></math>', "<math>"),
    "form": ('<form action="https://pwn.example/"><input name="pwn"></form>', "<form>"),
    "markdown link": ("[x](jav&#x61;script:pwn())", "不安全的链接 javascript:pwn()"),
    "reference link": ("[x][1]\n\n[1]: &#106;avascript:pwn()", "不安全的链接 javascript:pwn()"),
    "data link md": ("[x](data:text/html,pwn)", "不安全的链接 data:text/html,pwn"),
    "markdown image": ("![x](JAVASCRIPT:pwn())", "不安全的图片地址"),
    "markdown image outside": ("![x](//pwn.example/a.png)", "外部图片"),
    "attr_list handler": ('段落\n{: onclick="pwn()" }', "onclick"),
    "attr_list style": ('段落\n{: style="background:url(//pwn.example/a)" }', "样式"),
    "attr_list srcset": ('![x](images/body.jpg){: srcset="https://pwn.example/a.jpg 2x" }', "<img srcset>"),
    "md_in_html handler": ('<div markdown="1" onmouseover="pwn()">\n**x**\n</div>', "onmouseover"),
    "md_in_html iframe": ('<iframe markdown="1" src="https://pwn.example/"></iframe>', "<iframe>"),
    "md_in_html video": ('<video markdown="1" poster="//pwn.example/p.jpg">\nx\n</video>', "<video poster>"),
    "md_in_html form": ('<form markdown="1" action="https://pwn.example/">\nx\n</form>', "<form>"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_BODIES))
def test_hostile_html_is_reported_and_never_published(case: str) -> None:
    body, expected = HOSTILE_BODIES[case]
    html, problems = render(f"第一段。\n\n{body}\n\n最后一段。")
    assert any(expected in message for _, message in problems), problems
    assert all(line is not None and line >= 3 for line, _ in problems), problems  # on its line, not the first
    assert inert(html, case) == []


def test_problems_are_reported_on_their_own_lines() -> None:
    body = ("第一段。\n\n<p>甲</p>\n\n<img src=\"https://pwn.example/a.png\">\n\n文字\n\n"
            "<video>\n\t<source src=\"https://pwn.example/v.mp4\">\n</video>\n\n尾 <img src=//pwn.example/b.png> 尾\n")
    _, problems = render(body)
    assert sorted(line for line, _ in problems) == [5, 10, 13]  # block HTML is set aside before inline HTML


@pytest.mark.parametrize("body", [
    '<img src="\\\\pwn.example\\a.png">', '<img src="/\\pwn.example/a.png">', '<img srcset="x 1x,//pwn.example/y 2x">',
    '<video poster="HTTPS://pwn.example/p.jpg" controls></video>', '<source src="//pwn.example/v.mp4">',
    '<td style="text-align: url(https://pwn.example/a.png)">x</td>', '<img src="https://pwn.example/a.png">',
    '<iframe src="https://video.example.gov.cn@pwn.example/"></iframe>', '<a href="java\tscript:pwn()">x</a>',
])
def test_the_sanitiser_alone_keeps_nothing_that_fetches_or_runs(body: str) -> None:
    """Were the check fooled (a parser reading the HTML otherwise than lxml), nh3 still removes it."""
    html = sanitise(f"<table><tr>{body}</tr></table>" if body.startswith("<td") else body, HOSTS)
    assert "pwn.example" not in html and "script:" not in html, html


BENIGN_BODIES = [
    "| 项目 | 数量 |\n|:--|--:|\n| 调解 | 12 |",
    "正文[^1]。\n\n[^1]: 来源说明。",
    "## 主要做法 {#zuofa}\n\n段落\n{: .note #p1 }",
    '<div markdown="1" class="box">\n**重要**：见[新闻](/news/)。\n</div>',
    '<iframe src="https://video.example.gov.cn/embed/1" title="宣传片" allowfullscreen></iframe>',
    '详见<a href="https://example.org/notice">通知</a>、<a href="mailto:office@example.gov.cn">来信</a>。',
    "<details><summary>展开</summary>\n\n<kbd>Ctrl</kbd> <mark>重点</mark> <abbr title=\"平安建设\">平安</abbr>\n\n</details>",
    "![调解现场](images/body.jpg)", "见 <https://example.org/a?b=1&c=2> 和 [链接](https://example.org/?a=1&amp;b=2)。",
    '<p align="center" style="color: red">红色居中</p>', "<pwn-box>去掉标签，保留文字</pwn-box>",
    '<table>\n<tr><td style="text-align: right">12</td></tr>\n</table>', "<!-- 注释 --> 文字",
]


@pytest.mark.parametrize("body", BENIGN_BODIES)
def test_ordinary_html_passes_without_a_word(body: str) -> None:
    html, problems = render(body)
    assert problems == []
    assert inert(html, "benign") == []


def test_allowed_iframes_and_table_alignment_are_kept() -> None:
    html, _ = render(BENIGN_BODIES[4] + "\n\n" + BENIGN_BODIES[0])
    assert 'src="https://video.example.gov.cn/embed/1"' in html
    assert '<td style="text-align:right">12</td>' in html


def test_bodies_without_html_are_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw-HTML check parses only the pieces of HTML Markdown set aside: none in a body without `<`."""
    parsed: list[str] = []
    check = md_module.check_raw_html
    monkeypatch.setattr(md_module, "check_raw_html", lambda raw, state: parsed.append(raw) or check(raw, state))
    render("## 标题\n\n段落，**加粗**，[链接](/news/)，![图](images/body.jpg)。\n\n| a | b |\n|--|--|\n| 1 | 2 |")
    assert parsed == []
    render("段落 <kbd>Ctrl</kbd>。")
    assert parsed == ["<kbd>", "</kbd>"]


def test_random_mixtures_of_hostile_pieces_stay_inert() -> None:
    """Pieces of every hostile body, cut and joined at random: whatever the check says, the output is inert."""
    pieces = [body for body, _ in HOSTILE_BODIES.values()] + BENIGN_BODIES
    chooser = random.Random(24)
    for _ in range(300):
        parts = chooser.sample(pieces, 3)
        text = "".join(part[chooser.randrange(len(part)):] if chooser.random() < 0.3 else part for part in parts)
        html, _ = render(text.replace("\n\n", "\n" if chooser.random() < 0.5 else "\n\n"))
        assert inert(html, text) == [], text


# -- SVG files ---------------------------------------------------------------------------------------------------

def matplotlib_svg() -> bytes:
    """A chart as matplotlib saves it: a DOCTYPE, RDF metadata, clip paths, a raster embedded as data:image/png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar([1, 2, 3], [12, 30, 21], color=["#c00", "#06c", "#393"])
    ax.imshow([[0, 1], [1, 0]], extent=(0.5, 1.5, 20, 28))
    ax.set_title("2021 mediation")
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()


INKSCAPE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="300" height="150" viewBox="0 0 300 150" version="1.1" id="svg1" sodipodi:docname="chart.svg"
   inkscape:export-filename="C:\\Users\\wang\\Desktop\\chart.png"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="0.7"/>
  <defs id="defs1">
    <linearGradient id="grad1"><stop style="stop-color:#c00" offset="0"/><stop style="stop-color:#fcc" offset="1"/>
    </linearGradient>
    <linearGradient xlink:href="#grad1" id="grad2" x1="0" y1="0" x2="300" y2="0" gradientUnits="userSpaceOnUse"/>
    <filter id="soft"><feGaussianBlur stdDeviation="1"/></filter>
    <marker id="arrow" orient="auto"><path d="M0,0 L5,2.5 L0,5 z"/></marker>
  </defs>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
    <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="layer 1" inkscape:groupmode="layer" id="layer1">
    <rect width="200" height="40" x="10" y="10" style="fill:url(#grad2);stroke:none;filter:url(&quot;#soft&quot;)"/>
    <path d="M10,80 L200,80" stroke="#333" marker-end="url(#arrow)"/>
    <a href="#layer1"><text x="10" y="130" style="font-family:'Microsoft YaHei'">96%</text></a>
    <use xlink:href="#grad1"/>
  </g>
</svg>
"""

EXCEL = """<svg width="481" height="289" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 overflow="hidden"><defs><clipPath id="clip0"><rect x="0" y="0" width="481" height="289"/></clipPath></defs>
<g clip-path="url(#clip0)"><rect x="0" y="0" width="481" height="289" fill="#FFFFFF"/>
<path d="M52.5 233.5 465.5 233.5" stroke="#D9D9D9" stroke-width="1.33333" stroke-linejoin="round" fill="none"/>
<text font-family="等线,等线_MSFontService,sans-serif" font-weight="400" font-size="12" transform="translate(40 30)">
调解成功率</text></g></svg>""".encode()


@pytest.mark.parametrize(("name", "data", "size"), [
    ("matplotlib", None, (216, 144)), ("inkscape", INKSCAPE, (300, 150)), ("excel", EXCEL, (481, 289)),
    ("doctype 1.0", b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/'
                    b'svg10.dtd"><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', (10, 10)),
    ("bom", b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'viewBox="0 0 4 3"><image width="4" height="3" xlink:href="data:image/png;base64,iVBORw0KGgo=" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink"/></svg>', (4, 3)),
])
def test_exported_charts_pass(name: str, data: bytes | None, size: tuple[int, int]) -> None:
    data = data if data is not None else matplotlib_svg()
    assert svg_size(data) == size
    assert svg_problems(data, name) == []


def test_a_clean_chart_is_published_byte_for_byte_and_the_site_is_inert(make_site: SiteMaker) -> None:
    chart = matplotlib_svg()
    cfg = make_site({"content/news/2021/a.md": story("a", body="![调解案件统计](../../images/chart.svg)"),
                     "content/news/2021/b.md": story("b", body="![示意图](../../images/ink.svg)")})
    (cfg.parent / "content/images").mkdir()
    (cfg.parent / "content/images/chart.svg").write_bytes(chart)
    (cfg.parent / "content/images/ink.svg").write_bytes(INKSCAPE)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    published = {p.read_bytes() for p in (out / "images").glob("*.svg")}
    assert published == {chart, INKSCAPE}
    assert site_problems(out) == []


def svg(inner: str, *, head: str = "", attributes: str = "") -> bytes:
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="300" height="150"{attributes}>\n  <rect width="300" height="150"/>\n{inner}\n</svg>\n').encode()


HOSTILE_SVGS = {
    "script": (svg("  <script>pwn()</script>"), "第 3 行含有 <script>"),
    "script in another namespace": (svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">pwn()</h:script>'),
                                    "<script>"),
    "xhtml img": (svg('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="https://pwn.example/a.png"/>'), "XHTML"),
    "mathml": (svg('<m:math xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mi href="javascript:pwn()"/></m:math>'),
               "MathML"),
    "foreignObject": (svg("  <foreignObject><p>pwn</p></foreignObject>"), "<foreignObject>"),
    "handler": (svg("  <handler>pwn()</handler>"), "<handler>"),
    "unknown element": (svg("  <iframe2 src='https://pwn.example/'/>"), "不认识的元素"),
    "animate href": (svg('  <a href="#a"><animate attributeName="href" to="javascript:pwn()"/></a>'), "<animate>"),
    "set": (svg('  <set attributeName="xlink:href" to="javascript:pwn()"/>'), "<set>"),
    "animateMotion": (svg('  <animateMotion path="M0,0 L9,9"><mpath href="#a"/></animateMotion>'), "<animateMotion>"),
    "animateTransform": (svg('  <animateTransform attributeName="transform" type="rotate"/>'), "<animateTransform>"),
    "onload": (svg("", attributes=' onload="pwn()"'), "第 1 行含有事件属性 onload"),
    "ONCLICK": (svg('  <rect ONCLICK="pwn()"/>'), "onclick"),
    "namespaced handler": (svg('  <rect xmlns:ev="urn:x" ev:onclick="pwn()"/>'), "onclick"),
    "javascript href": (svg('  <a href="javascript:pwn()"><text>x</text></a>'), "javascript:pwn()"),
    "entity javascript": (svg('  <a xlink:href="&#106;avascript:pwn()"/>'), "javascript:pwn()"),
    "split javascript": (svg('  <a href=" java&#9;script&#10;:pwn()"/>'), "javascript:pwn()"),
    "outside link": (svg('  <a href="https://pwn.example/"><text>x</text></a>'), "本文件以外的 https://pwn.example/"),
    "outside image": (svg('  <image href="//pwn.example/a.png"/>'), "<image>"),
    "data svg image": (svg('  <image href="data:image/svg+xml,&lt;svg onload=pwn()&gt;"/>'), "<image>"),
    "data on use": (svg('  <use href="data:image/png;base64,AAAA"/>'), "<use>"),
    "other file": (svg('  <use xlink:href="sprite.svg#pwn"/>'), "<use>"),
    "feImage": (svg('  <filter><feImage xlink:href="https://pwn.example/a.png"/></filter>'), "<feImage>"),
    "style import": (svg("  <style>@import url(https://pwn.example/x.css);</style>"), "@import"),
    "style split by a comment": (svg("  <style>@im<!-- x -->port 'https://pwn.example/x.css';</style>"), "@import"),
    "style url": (svg("  <style><![CDATA[rect{fill:url(https://pwn.example/a.svg#g)}]]></style>"), "url("),
    "style escaped url": (svg("  <style>rect{fill:u\\72l(//pwn.example/a.svg#g)}</style>"), "url(//pwn.example"),
    "style attribute url": (svg("""  <rect style="fill:url('https://pwn.example/a.svg#g')"/>"""), "style"),
    "fill url": (svg('  <rect fill="url(//pwn.example/a.svg#g)"/>'), "fill"),
    "cursor url": (svg('  <rect cursor="url(https://pwn.example/c.cur), auto"/>'), "cursor"),
    "ping": (svg('  <a href="#a" ping="https://pwn.example/log"><text>x</text></a>'), "ping"),
    "xml:base": (svg('  <g xml:base="https://pwn.example/"><use href="#a"/></g>'), "xml:base"),
    "xml-stylesheet": (svg("", head='<?xml-stylesheet href="https://pwn.example/x.css"?>\n'), "xml-stylesheet"),
    "xml-stylesheet inside": (svg('  <?xml-stylesheet href="https://pwn.example/x.css"?>'), "xml-stylesheet"),
    "entity": (svg("  <text>&pwn;</text>", head='<!DOCTYPE svg [<!ENTITY pwn "pwn">]>\n'), "DOCTYPE"),
    "billion laughs": (svg("  <text>&l4;</text>", head='<!DOCTYPE svg [<!ENTITY l0 "pwnpwnpwnpwn">'
                           + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 20}">' for i in range(1, 5)) + "]>\n"),
                       "DOCTYPE"),
    "external entity": (svg("  <text>&x;</text>", head='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
                        "DOCTYPE"),
    "parameter entity": (svg("", head='<!DOCTYPE svg [<!ENTITY % x SYSTEM "file:///etc/passwd"> %x;]>'), "DOCTYPE"),
    "default attribute": (svg("", head='<!DOCTYPE svg [<!ATTLIST svg onload CDATA "pwn()">]>'), "DOCTYPE"),
    "other doctype": (svg("", head='<!DOCTYPE svg SYSTEM "https://pwn.example/svg.dtd">'), "DOCTYPE"),
    "html doctype": (b'<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><script>pwn()</script></html>',
                     "DOCTYPE"),
    "xhtml root": (b'<html xmlns="http://www.w3.org/1999/xhtml"><body onload="pwn()"/></html>', "根元素"),
    "no namespace": (b'<svg width="10" height="10"><text>pwn</text></svg>', "根元素"),
    "utf-7": (b'<?xml version="1.0" encoding="UTF-7"?><svg xmlns="http://www.w3.org/2000/svg" width="1" '
              b'height="1">+ADw-script+AD4-pwn()+ADw-/script+AD4-</svg>', "UTF-8"),
    "utf-16": ('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>pwn()</script></svg>'
               .encode("utf-16"), "UTF-8"),
    "latin-1": (b'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg" width="1" '
                b'height="1"/>', "UTF-8"),
    "not xml": (b"<svg><a></svg>", "不是有效的 XML"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SVGS))
def test_hostile_svg_is_refused_with_its_line(case: str) -> None:
    data, expected = HOSTILE_SVGS[case]
    with pytest.raises(ActiveContent) as caught:
        check_svg(data)
    assert expected in caught.value.message
    assert caught.value.message.endswith("不允许发布") or "XML" in caught.value.message or "根元素" in caught.value.message


@pytest.mark.parametrize("case", sorted(set(HOSTILE_SVGS) - {"utf-7", "utf-16", "latin-1", "not xml", "no namespace",
                                                               "unknown element", "other doctype", "html doctype",
                                                               "other file", "data on use", "data svg image",
                                                               "ping"}))
def test_inert_check_sees_what_the_svg_check_refuses(case: str) -> None:
    """tests/inert.py judges built sites on its own: it must see each of these too."""
    try:
        found = svg_problems(HOSTILE_SVGS[case][0], case)
    except Exception as error:  # noqa: BLE001 - a file it cannot read is a problem found
        found = [repr(error)]
    assert found, case


def test_a_hostile_svg_fails_the_build_naming_the_story_and_the_svg_line(make_site: SiteMaker,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    cfg = make_site({"content/news/2021/a.md": story("a", body="第一段。\n\n![统计图](../../images/chart.svg)")})
    (cfg.parent / "content/images").mkdir()
    (cfg.parent / "content/images/chart.svg").write_bytes(HOSTILE_SVGS["animate href"][0])
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "content/news/2021/a.md 第 11 行" in err
    assert "SVG 图片第 3 行含有动画元素 <animate>" in err and "../../images/chart.svg" in err
    assert not (cfg.parent / "site").exists()


@pytest.mark.parametrize("body", ['<img src="https://pwn.example/a.png" alt="x">', "![统计图](../../images/chart.svg)"])
def test_check_finds_what_build_would_fail_on(make_site: SiteMaker, capsys: pytest.CaptureFixture[str],
                                              body: str) -> None:
    from generator.cli import main

    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    (cfg.parent / "content/images").mkdir()
    (cfg.parent / "content/images/chart.svg").write_bytes(HOSTILE_SVGS["style import"][0])
    assert main(["check", "--config", str(cfg)]) == 1
    assert "content/news/2021/a.md 第 9 行" in capsys.readouterr().err


def test_a_link_to_a_story_file_written_in_html_is_named() -> None:
    """<a href="../2024/x.md"> in raw HTML was published as it is: a link to a file the site does not have, on the
    page and (made absolute) in the feeds, and the check said nothing. Markdown's own [文字](x.md) is rewritten."""
    html, problems = render('<p>详见<a href="../2024/anlu.md">这篇报道</a>。</p>')
    assert any("用 HTML 写的链接" in message and "anlu.md" in message for _, message in problems), problems

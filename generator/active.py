"""Active and outside content: the rules that raw HTML in Markdown (render/markdown.py) and SVG files share.

A URL is read as a browser reads it (spaces and controls dropped, entities decoded by the callers), CSS with its
comments and escapes undone, and an SVG file with a parser that resolves no entity, loads no DTD and reaches no
network. Anything that could run script or make the reader's browser fetch from another site is refused.
"""

from __future__ import annotations

import re
from typing import Any

REPLACE_HINT = "请换一张 JPG、PNG、WebP 或不含脚本的 SVG 图片。"


class ActiveContent(Exception):
    """Something in an SVG file that may not be published: what (with the SVG's line) and how to fix it."""

    def __init__(self, message: str, hint: str = REPLACE_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# -- Active and outside content: the rules raw HTML in Markdown (render/markdown.py) and SVG files share ----------

URL_SPACE = str.maketrans("", "", "\t\n\r")  # browsers drop these anywhere in a URL (WHATWG URL parsing)
URL_EDGE = "".join(map(chr, range(0x21)))  # ... and C0 controls and spaces at either end
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|bmp)[;,]", re.IGNORECASE)


def url_kind(value: str) -> str:
    """What a browser makes of a URL in an attribute (entities already decoded): "script" (javascript:,
    vbscript:), "data", "outside" (any other scheme, or // and \\\\ , which name another host) or "local"."""
    url = as_read(value)
    scheme = URL_SCHEME.match(url)
    if scheme:
        name = scheme[1].lower()
        return "script" if name in ("javascript", "vbscript") else "data" if name == "data" else "outside"
    return "outside" if url[:2].replace("\\", "/") == "//" else "local"


def as_read(url: str) -> str:
    """`url` as the browser reads it (tabs and line breaks dropped, ends trimmed), to show in a message."""
    return url.translate(URL_SPACE).strip(URL_EDGE)


def srcset_urls(value: str) -> list[str]:
    """Every word of a srcset that could be a candidate's URL (more than the browser takes: never fewer)."""
    return [word for word in re.split(r"[\s,]+", value) if word]


def shown(value: str, limit: int = 60) -> str:
    """`value` as a message shows it: on one line, control characters as spaces, cut at `limit` characters."""
    one_line = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", value).split())
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)")
CSS_ACTIVE = ("@import", "expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "image-set(",
              "image(", "cross-fade(", "element(")


def css_problem(css: str) -> str | None:
    """What in a style sheet or `style` attribute loads from anywhere but this file (`url(#id)` is allowed) or
    runs script; None when nothing does. Escapes (`u\\72l(`) and comments are undone first."""
    if not any(c in css for c in "(@:\\"):
        return None

    def unescape(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match[2]

    # Read with comments taken out (u/**/rl( is url() to a browser), and as written: a "/*" inside a quoted string
    # (content:"/*") starts no comment, so taking out what looks like one would hide the rules after it.
    for text in (CSS_ESCAPE.sub(unescape, CSS_COMMENT.sub("", css)).lower(), CSS_ESCAPE.sub(unescape, css).lower()):
        squeezed = "".join(text.split())
        for word in CSS_ACTIVE:
            if word in squeezed:
                return word.rstrip("(:")
        for found in CSS_URL.finditer(text):
            if not found[2].startswith("#"):
                return f"url({found[1]}{found[2]}{found[1]})"
    return None


SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Every element of SVG 1.1 and SVG 2 that draws or describes (and what Inkscape writes of the drafts), lower
# case; not script, foreignObject, the animation elements (animate, set, animateMotion, animateTransform,
# animateColor, mpath, discard) nor SVG Tiny's handler and listener.
SVG_ELEMENTS = frozenset("""
a altglyph altglyphdef altglyphitem circle clippath color-profile cursor defs desc ellipse feblend fecolormatrix
fecomponenttransfer fecomposite feconvolvematrix fediffuselighting fedisplacementmap fedistantlight fedropshadow
feflood fefunca fefuncb fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology feoffset
fepointlight fespecularlighting fespotlight fetile feturbulence filter font font-face font-face-format
font-face-name font-face-src font-face-uri g glyph glyphref hkern image line lineargradient marker mask metadata
missing-glyph path pattern polygon polyline radialgradient rect stop style svg switch symbol text textpath title
tref tspan use view vkern flowroot flowregion flowpara flowspan flowdiv flowline flowregionbreak flowregionexclude
meshgradient meshrow meshpatch hatch hatchpath solidcolor
""".split())
SCRIPTING = frozenset({"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"})
ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor", "mpath", "discard"})
# Namespaces whose elements a browser makes live inside an SVG document (an XHTML <img> fetches, an XHTML
# <script> runs, MathML links), and those of XSLT, XInclude and XML Events.
FOREIGN_ACTIVE = {"http://www.w3.org/1999/xhtml": "网页（XHTML）", "http://www.w3.org/1998/Math/MathML": "MathML",
                  "http://www.w3.org/1999/XSL/Transform": "XSLT", "http://www.w3.org/2001/XInclude": "XInclude",
                  "http://www.w3.org/2001/xml-events": "XML Events"}
SVG_DOCTYPES = {(None, None), ("-//W3C//DTD SVG 1.1//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"),
                ("-//W3C//DTD SVG 1.0//EN", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd"),
                ("-//W3C//DTD SVG 20010904//EN", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd"),
                ("-//W3C//DTD SVG 1.1 Basic//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd"),
                ("-//W3C//DTD SVG 1.1 Tiny//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd")}
SVG_SCRIPT_HINT = "SVG 图片可能被读者单独打开，其中的脚本和外部内容会在本站网址下运行。请用作图软件重新导出不含脚本、" \
                  "动画和外部引用的 SVG，或换成 PNG 图片。"
SVG_ENTITY_HINT = "DOCTYPE 里的声明（<!ENTITY> 等）能让读取它的程序耗尽内存或读出本机文件。请用作图软件重新导出" \
                  "（Inkscape 选“普通 SVG”，Illustrator 用“导出为”），或换成 PNG 图片。"
SVG_ENCODING_HINT = "请用作图软件重新导出为 UTF-8 编码的 SVG，或换成 PNG 图片。"


def _svg_problem(el: object, what: str, hint: str = SVG_SCRIPT_HINT) -> ActiveContent:
    line = getattr(el, "sourceline", None)
    return ActiveContent(f"SVG 图片{f'第 {line} 行' if line else ''}{what}，不允许发布", hint)


def check_svg(data: bytes) -> Any:
    """The root element of an SVG file that is safe to publish as written; raises ActiveContent (with the SVG's
    line) for anything that can run script, load from outside the file or expand entities.

    The file is parsed once, with no DTD, entities, network or file access. Allowed: UTF-8, a standard SVG
    DOCTYPE without declarations (matplotlib writes one), the SVG elements that draw (SVG_ELEMENTS; editors'
    own namespaces, such as Inkscape's and RDF metadata, are inert), `href` only to `#id` in this file (and
    raster `data:image/` on <image>), `url()` only to `#id`."""
    from lxml import etree  # only SVG needs an XML parser here

    class _NoLoading(etree.Resolver):
        """Refuses every file or address the parser would load (a DTD, an external entity)."""

        def resolve(self, url: str, pubid: str, context: object) -> None:
            raise ActiveContent("SVG 图片引用了外部文件，不允许发布", SVG_ENTITY_HINT)

    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"+/v")) or b"\x00" in data[:512]:
        raise ActiveContent("SVG 图片不是 UTF-8 编码，不允许发布", SVG_ENCODING_HINT)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             attribute_defaults=False, dtd_validation=False)
    parser.resolvers.add(_NoLoading())  # never asked with load_dtd=False: should that change, nothing loads
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if b"<!ENTITY" in data or b"<!DOCTYPE" in data and b"[" in data.split(b"<svg", 1)[0]:
            raise ActiveContent("SVG 图片含有 DOCTYPE 内部声明（<!ENTITY> 等），不允许发布", SVG_ENTITY_HINT) from None
        line = f"第 {error.lineno} 行" if getattr(error, "lineno", None) else ""
        raise ActiveContent(f"无法读取的 SVG 文件（{line}不是有效的 XML）") from None
    tree = root.getroottree()
    info = tree.docinfo
    if (info.encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ActiveContent(f"SVG 图片不是 UTF-8 编码（文件声明为 {shown(info.encoding, 20)}），不允许发布",
                           SVG_ENCODING_HINT)
    if info.doctype:
        dtd = info.internalDTD
        declared = dtd is not None and (
            list(dtd.iterelements()) or list(dtd.iterentities())
            or (info.doctype[:-1] + " [").encode() in etree.tostring(tree))
        if declared or info.root_name != "svg" or (info.public_id, info.system_url) not in SVG_DOCTYPES:
            raise ActiveContent("SVG 图片含有 DOCTYPE 内部声明或非标准的 DOCTYPE，不允许发布", SVG_ENTITY_HINT)
    for node in (*root.itersiblings(preceding=True), *root.itersiblings(), *root.iter(etree.PI)):
        if isinstance(node, etree._ProcessingInstruction) and node.target.lower() == "xml-stylesheet":
            raise _svg_problem(node, "含有 <?xml-stylesheet?>，会加载外部样式表")
    if root.tag != f"{SVG_NS}svg":
        raise ActiveContent("SVG 文件的根元素不是 <svg xmlns=\"http://www.w3.org/2000/svg\">，浏览器无法显示",
                           "请用作图软件重新导出 SVG，或换成 PNG 图片。")
    for el in root.iter(etree.Element):
        qname = etree.QName(el)
        local, namespace = qname.localname.lower(), qname.namespace
        if local in SCRIPTING:
            raise _svg_problem(el, f"含有 <{qname.localname}>，可能执行脚本")
        if namespace in FOREIGN_ACTIVE:
            raise _svg_problem(el, f"含有{FOREIGN_ACTIVE[namespace]}元素 <{qname.localname}>，"
                                   "可能执行脚本或加载外部内容")
        if namespace == SVG_NS[1:-1]:
            if local in ANIMATION:
                raise _svg_problem(el, f"含有动画元素 <{qname.localname}>，可能改写链接或执行脚本",
                                   "请导出不带动画的静态 SVG，或换成 PNG 图片。")
            if local not in SVG_ELEMENTS:
                raise _svg_problem(el, f"含有不认识的元素 <{qname.localname}>")
            if local == "style":
                found = css_problem("".join(el.itertext()))
                if found:
                    raise _svg_problem(el, f"的样式含有 {shown(found, 40)}，会加载外部内容或执行脚本")
        styled = namespace in (None, SVG_NS[1:-1])  # editors' own namespaces (Inkscape, RDF) hold no CSS
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname.lower() if name.startswith("{") else name.lower()
            if attr.startswith("on"):
                raise _svg_problem(el, f"含有事件属性 {attr}，可能执行脚本")
            if name == XML_BASE:
                raise _svg_problem(el, "含有 xml:base 属性，可能让引用指向其他网站")
            if attr == "ping":  # SVG 2's <a ping>: a click reports to those addresses
                raise _svg_problem(el, "含有 ping 属性，点击时会通知其他网站")
            kind = url_kind(value)
            if kind == "script":
                raise _svg_problem(el, f"含有 {shown(as_read(value), 30)} 这样的地址，可能执行脚本")
            if attr == "href" and (name == XLINK_HREF or not name.startswith("{")):
                if value.strip(URL_EDGE).startswith("#") or (
                        local in ("image", "feimage") and RASTER_DATA.match(value.strip(URL_EDGE))):
                    continue
                raise _svg_problem(el, f"的 <{qname.localname}> 引用了本文件以外的 {shown(as_read(value), 40)}"
                                   "（SVG 只能引用自身以 # 开头的内容）")
            if styled and not name.startswith("{") and (found := css_problem(value)):
                raise _svg_problem(el, f"的 {attr} 含有 {shown(found, 40)}，会加载外部内容或执行脚本")
    return root


# -- Files published as they are (content/root/): a verification file needs nothing that runs or loads ------------

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
XML_SUFFIXES = (".xml", ".xsl", ".xslt", ".rss", ".atom")
# The only elements a verification page holds (its code as text, maybe a title and a robots meta). The page is read as
# text, not parsed: a parser that reads HTML otherwise than a browser (after </html>, 256 levels deep, inside
# <noscript>, in another declared encoding) would let through what the browser runs.
PAGE_TAGS = frozenset({"html", "head", "body", "title", "meta", "p", "div", "span", "br", "pre", "h1", "h2", "h3",
                       "h4", "h5", "h6"})
# A tag with its attributes, a quoted value read whole (<p title=">" onfocus=…> is one tag: a browser does not end it
# at the ">" inside the quotes, so neither may the check); an unclosed quote runs to the text's end, as it does in
# the browser (all of it is the attribute's, and checked as such).
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][^\s/>]*)((?:\"[^\"]*(?:\"|$)|'[^']*(?:'|$)|[^>\"'])*)>?")
_DECLARATION = re.compile(r"<!(?!--|doctype\s+html\s*>)", re.IGNORECASE)
_HANDLER = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.IGNORECASE)
_CHARSET = re.compile(r"(?:charset|encoding)\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.IGNORECASE)
_XML_ACTIVE = re.compile(r"<!(?!--)|<\?(?!xml\s)|<\s*(?:[A-Za-z0-9_.-]+:)?script\b|www\.w3\.org/(?:1999/xhtml|2000/svg"
                         r"|1998/Math|1999/xlink)", re.IGNORECASE)
# What a web server runs rather than sends: PHP, ASP and JSP blocks, and server-side includes (<!--#exec cmd=…-->).
_SERVER_SIDE = re.compile(r"<\?(?:php|=|\s)|<%|<!--\s*#", re.IGNORECASE)
_PAGE_PI = re.compile(r"<\?(?!xml\s)", re.IGNORECASE)  # in a page, only the XML declaration (<?xml-stylesheet loads)
# Namespaces an XML file published as it is may use: none (a verification file's <users><user>…), sitemaps' (with
# Google's for pictures) and Atom's, none of which a browser runs.
# Any other (XHTML, SVG, XSLT, XLink, MathML …) may run script or fetch in the browser that opens the file.
INERT_XML_NAMESPACES = frozenset({None, "http://www.sitemaps.org/schemas/sitemap/0.9",
                                  "http://www.google.com/schemas/sitemap-image/1.1", "http://www.w3.org/2005/Atom"})
AS_IS_HINT = ("content/root/ 里的文件原样发布在本站网址下，其中的脚本会在本站运行。网站验证文件只需要验证方给的原样内容"
              "（通常只有一行验证码）：请重新下载原文件放进来，不要添加别的内容。")


def _refused(what: str) -> ActiveContent:
    return ActiveContent(f"{what}，不允许原样发布", AS_IS_HINT)


def published_as_is_problem(suffix: str, data: bytes) -> ActiveContent | None:
    """What keeps a file published as it is (content/root/) from going out: anything in a page but a verification
    page's few plain elements, script or outside content in an XML file, an SVG failing the SVG check; else None.
    Read as UTF-8 text (content/root/ takes UTF-8 only), never with a parser of its own."""
    if suffix == ".svg":
        try:
            check_svg(data)
        except ActiveContent as exc:
            return exc
        return None
    if suffix not in PAGE_SUFFIXES + XML_SUFFIXES:
        return None
    text = data.decode("utf-8", "replace")
    for found in _CHARSET.finditer(text):
        if found[1].lower().replace("-", "").replace("_", "") != "utf8":
            return _refused(f"文件声明的编码是 {shown(found[1], 20)}（浏览器会按另一种编码读它）")
    if _SERVER_SIDE.search(text):
        return _refused("文件里有 <?php、<% 或 <!--# 这样由网站服务器执行的代码")
    if suffix in XML_SUFFIXES:
        active = _XML_ACTIVE.search(text)
        if active is not None or _HANDLER.search(text):
            return _refused("XML 文件里有声明、处理指令、脚本、事件属性或网页、SVG 的内容（浏览器会运行）")
        return _xml_problem(data)
    if _DECLARATION.search(text):
        return _refused("网页里有 <!DOCTYPE html> 以外的声明")
    if _PAGE_PI.search(text):
        return _refused("网页里有 <?…?> 处理指令（如 <?xml-stylesheet?>，会加载别的文件来改写网页）")
    for tag in _TAG.finditer(text):
        name, attributes = tag[2].lower(), tag[3]
        if name not in PAGE_TAGS:
            return _refused(f"网页里有 <{shown(name, 20)}>（验证文件只需要文字）")
        if _HANDLER.search(" " + attributes) or re.search(r"http-equiv|javascript:|vbscript:|data:|style\s*=",
                                                         attributes, re.IGNORECASE):
            return _refused(f"网页里 <{name}> 的属性“{shown(attributes.strip(), 40)}”会运行脚本或把读者带走")
    return None


def _xml_problem(data: bytes) -> ActiveContent | None:
    """An XML file as the browser reads it: parsed (no DTD, entities, network or files), so that a namespace written
    with character references (http://www&#46;w3.org/1999/xhtml), which the text check above does not see, is read
    as what it is. Only elements and attributes of no namespace (or a sitemap's) are published; character
    references are refused outright, as nothing a verification file holds needs them."""
    from lxml import etree

    if "&#" in data.decode("utf-8", "replace"):
        return _refused("XML 文件里有 &#…; 这样的字符引用（可能拼出网页、脚本的地址）")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = f"第 {error.lineno} 行" if getattr(error, "lineno", None) else ""
        return _refused(f"XML 文件{line}格式不正确（浏览器读不懂它）")
    if root.getroottree().docinfo.doctype:
        return _refused("XML 文件里有 DOCTYPE 声明")
    for node in (*root.itersiblings(preceding=True), *root.itersiblings(), *root.iter(etree.PI, etree.Entity)):
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            return _refused("XML 文件里有处理指令或实体引用")
    for el in root.iter(etree.Element):
        qname = etree.QName(el)
        if qname.namespace not in INERT_XML_NAMESPACES:
            return _refused(f"XML 文件第 {el.sourceline} 行的 <{qname.localname}> 属于命名空间 "
                            f"{shown(qname.namespace, 40)}（浏览器可能把它当作网页、脚本运行）")
        if [name for name in el.attrib if name.startswith("{") and name not in (XML_LANG, XML_SPACE)]:
            return _refused(f"XML 文件第 {el.sourceline} 行的 <{qname.localname}> 有带命名空间的属性"
                            "（如 xlink:href、xml:base，浏览器可能据此打开或加载别的地址）")
    return None

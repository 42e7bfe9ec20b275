"""What raw HTML in a story may hold, and the sanitiser every body passes through (nh3, an allow-list): the tags
and attributes allowed, what counts as loading from another site, and what the author is told about each element
the sanitiser would have to remove."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from html import escape as html_escape
from urllib.parse import urlsplit

import nh3

from ..active import URL_EDGE, URL_SPACE, as_read, css_problem, shown, srcset_urls, url_kind

SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}
BANNED_TAGS = {"script", "style", "object", "embed", "applet", "form", "input", "button", "textarea", "select",
               "meta", "link", "base", "frame", "frameset", "svg", "math", "template"}
# HTML 4's presentational tags, which Word and WeChat still write, are obsolete in HTML 5 (each a validator error
# on the page): each is written as its HTML 5 counterpart before the sanitiser (see _modern), and not allowed.
OBSOLETE_TAGS = {"center", "strike", "tt", "acronym", "font", "big"}
ALLOWED_TAGS = (nh3.ALLOWED_TAGS - OBSOLETE_TAGS) | {"picture", "source", "figure", "figcaption", "section", "iframe",
                                                    "video", "audio", "track", "tfoot"}
# nh3's defaults less the attributes HTML 5 made obsolete (align, char, charoff, a table's summary, a rule's size
# and width): an alignment is kept as style text-align (the only style property kept), on the blocks that take it.
_OBSOLETE_ATTRIBUTES = {"align", "char", "charoff", "summary", "size", "width"}
_ALIGNED = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th")
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) - _OBSOLETE_ATTRIBUTES for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{tag: {"style"} for tag in _ALIGNED},
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "title", "rel"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "src"},
    "td": {"style", "colspan", "rowspan", "headers", "role", "data-label"},
    "th": {"style", "colspan", "rowspan", "headers", "scope", "abbr", "role"},
    **{tag: {"role"} for tag in ("table", "thead", "tbody", "tr")},
    "iframe": {"src", "width", "height", "title", "allowfullscreen", "loading"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"},
    "track": {"src", "kind", "srclang", "label"},
}
TABLE_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "th": "columnheader",
               "td": "cell"}
_OLD_TAG = re.compile(r"<(/?)(center|strike|tt|acronym|font|big)\b([^>]*)>", re.IGNORECASE)
_NEW_TAG = {"center": "div", "strike": "s", "tt": "code", "acronym": "abbr", "font": "span", "big": "span"}
# A start tag of the blocks that take an alignment, its attributes read one by one (a value in quotes is a value:
# title="说明 align=center" is no alignment). Bounded: a "<p " never closed costs one short look, not the rest.
_ALIGNABLE = re.compile(r"<(p|div|h[1-6]|td|th)(\s[^<>]{0,2000})>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_ALIGNMENTS = ("left", "right", "center", "justify")


def _aligned(m: re.Match[str]) -> str:
    """A start tag whose align= is written as style text-align (added to a style it has)."""
    attributes = [(a[1], a[2]) for a in ATTRIBUTE.finditer(m[2])]
    align = next((v.strip("\"'").lower() for n, v in attributes if n.lower() == "align" and v), "")
    if align not in _ALIGNMENTS:
        return m[0]
    kept = [(n, v) for n, v in attributes if n.lower() not in ("align", "style")]
    style = next((v.strip("\"'") for n, v in attributes if n.lower() == "style" and v), "").rstrip("; ")
    style = f"{style}; text-align:{align}" if style else f"text-align:{align}"
    written = "".join(f" {n}={v}" if v else f" {n}" for n, v in kept)
    return f'<{m[1]}{written} style="{html_escape(style)}">'


def _modern(html: str) -> str:
    """HTML 4's presentational markup as HTML 5 says it: <center> a centred <div>, <strike> <s>, <tt> <code>,
    <acronym> <abbr> (its title kept), <font> and <big> a <span> (their look dropped), align= text-align."""
    def tag(m: re.Match[str]) -> str:
        closing, name, rest = m[1], m[2].lower(), m[3]
        new = _NEW_TAG[name]
        if closing:
            return f"</{new}>"
        if name == "center":
            return '<div style="text-align:center">'
        return f"<{new}{rest}>" if name == "acronym" else f"<{new}>"

    return _ALIGNABLE.sub(_aligned, _OLD_TAG.sub(tag, html))


def https_host(url: str) -> str:
    """The host of an https:// address as a browser reads it; '' for anything else (http, relative, javascript:)
    and for addresses a browser reads differently from urlsplit (a user name before @, backslashes)."""
    url = url.translate(URL_SPACE).strip(URL_EDGE)
    if "\\" in url or not url[:8].lower() == "https://":
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return ""
    return "" if "@" in parts.netloc else parts.hostname or ""


def _any_host(url: str) -> str:
    """The host a browser would ask for `url`, whatever its scheme; '' when there is none."""
    try:
        return urlsplit(as_read(url).replace("\\", "/")).hostname or ""
    except ValueError:  # an unclosed [ of an IPv6 address
        return ""


# Attributes whose address the reader's browser loads by itself as the page opens (a link's href waits for a
# click); and those whose address is followed when clicked or submitted.
FETCHING = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background", "ping", "lowsrc", "dynsrc",
                      "codebase", "archive", "manifest", "xlink:href"})
FOLLOWED = frozenset({"href", "action", "formaction", "cite", "longdesc", "usemap"})
# Attributes no browser reads as an address or as script: not looked at (Markdown's toc gives every heading an id)
PLAIN = frozenset({"id", "class", "title", "alt", "lang", "dir", "colspan", "rowspan", "align", "valign", "scope",
                   "width", "height", "headers", "abbr", "span", "start", "datetime", "sizes", "media", "type",
                   "loading", "decoding", "controls", "preload", "kind", "srclang", "label", "allowfullscreen",
                   "rel", "hreflang", "reversed", "open", "value"})
IMAGE_TAGS = {"img", "image", "picture"}
MEDIA_TAGS = {"video", "audio", "track", "source"}
BANNED_HINT = "网页正文只能包含文字、图片、表格和链接；脚本、样式和表单等请删除。"
SVG_HINT = "矢量图请存成 .svg 文件放进 content/images/，再用 ![图表说明](/images/文件名.svg) 引用；" \
           "发布前会检查其中有没有脚本。"
# A file on the author's computer (a browser reads \\host\a.png as //host/a.png: another site, said as that).
_ON_COMPUTER = re.compile(r"^(?:file:|[A-Za-z]:[\\/])", re.IGNORECASE)
LOCAL_PICTURE_HINT = ("读者的浏览器打不开您电脑上的文件：请在 Word 里把图片另存为图片文件，复制进 content/images/，"
                      "再写成 ![图片说明](/images/文件名.jpg)，删掉这段 HTML。")
EXTERNAL_IMAGE_HINT = "外部图片会让读者的浏览器访问其他网站，也可能失效；请下载后放进 content/images/ 再引用。"
RAW_IMAGE_HINT = "请改用 Markdown 写法 ![图片说明](/images/文件名.jpg)，图片才会被压缩并发布。"
MEDIA_HINT = "本站不发布视频和音频文件，也不让读者的浏览器从其他网站加载它们；请上传到 site_config.yml 中 " \
             "security.iframe_hosts 列出的视频网站，用它提供的 <iframe> 嵌入代码。"
OUTSIDE_HINT = "正文不能让读者的浏览器从其他网站加载图片、样式或文件；请删除这个属性，或把文件下载后放进 content/。"
STYLE_HINT = "style 里不能有 url()、@import、expression() 或 javascript:，它们会从其他网站加载内容或执行脚本；" \
             "表格对齐请用 Markdown 表格的 :--: 写法，其余样式请删除。"
SCRIPT_URL_HINT = "javascript: 等地址会执行脚本，请删除。"
DATA_URL_HINT = "data: 地址可以装进任何网页或脚本；链接请指向网页地址或站内稿件。"
CONTENT_LINK_HINT = ("网站上没有 .md 文件：请改用 Markdown 写法 [链接文字](../2024/文件名.md)，"
                     "链接会换成那篇稿件的网址。")
CONTENT_FILE = re.compile(r"\.(?:md|markdown|ya?ml)$", re.IGNORECASE)  # a story's or a record's file
SRCDOC_HINT = "srcdoc 会在页面里嵌入另一张网页，可能执行脚本；请删除。"
# (text to look for in the source, message, hint)
Report = tuple[str, str, str]


def element_problems(tag: str, attrib: Mapping[str, str], hosts: frozenset[str], *,
                     written: bool = True) -> Iterator[Report]:
    """What in one element of raw HTML the site cannot publish: a tag that is not allowed, an event handler, a
    script address, style that loads or runs something, anything the browser would load from another site, or
    (`written`: the element was written as HTML, not made by Markdown) an image or video file that is not
    published. `sanitise` removes all of it whatever this says; this is what the author is told."""
    tag = tag.lower()
    if tag in BANNED_TAGS:
        yield f"<{tag}", f"正文中的 <{tag}> 标签不允许发布", SVG_HINT if tag == "svg" else BANNED_HINT
        return
    outside: tuple[str, str, str] | None = None  # (attribute, its value, the address in it that loads)
    local_file = False
    for name, value in attrib.items():
        name = name.lower()
        if name in PLAIN:
            continue
        if name.startswith("on"):
            yield value or name, f"正文中的事件属性 {name} 不允许发布", "onclick、onerror 等属性会执行脚本，请删除。"
            continue
        if name == "srcdoc":
            yield value or name, f"正文中的 <{tag} srcdoc> 不允许发布", SRCDOC_HINT
            continue
        if name == "style":
            found = css_problem(value)
            if found:
                yield value, f"正文中的样式（style）会加载外部内容或执行脚本：{shown(found, 40)}", STYLE_HINT
            continue
        if not written and (tag, name) in (("a", "href"), ("img", "src")):
            continue  # Markdown's own links and images: checked where they are handled
        kinds = {url: url_kind(url) for url in (srcset_urls(value) if "srcset" in name else [value])}
        if "script" in kinds.values():
            yield value, f"不安全的链接 {shown(as_read(value), 30)}", SCRIPT_URL_HINT
        elif "data" in kinds.values() and name in FOLLOWED:
            yield value, f"不安全的链接 {shown(as_read(value), 30)}", DATA_URL_HINT
        elif name in FETCHING and (loads := [url for url, kind in kinds.items() if kind in ("outside", "data")]):
            outside = outside or (name, value, loads[0])
        elif name in ("src", "poster") and value.strip(URL_EDGE):
            local_file = True
    if tag == "iframe":
        src = attrib.get("src", "")
        host = https_host(src)
        if host not in hosts:  # named as the browser would ask it (https://allowed.host:@other.host/: other.host)
            host = host or _any_host(src) or "未知网站"
            yield "<iframe", f"正文嵌入了来自 {host} 的 <iframe>", \
                "只能嵌入 site_config.yml 中 security.iframe_hosts 列出的网站（必须是 https）。"
    elif outside is not None:
        name, value, url = outside
        if _ON_COMPUTER.match(as_read(url).strip(URL_EDGE)):  # Word's pasted picture: file:///C:/Users/…/msohtmlclip1/…
            yield value, f"正文里的 <{tag}> 指向本机文件 {shown(as_read(url))}（从 Word 粘贴的图片常常这样）", \
                LOCAL_PICTURE_HINT
        elif tag in IMAGE_TAGS or "srcset" in name:  # <source srcset> is a <picture>'s, <source src> a video's
            what = f"用 HTML 写的 <{tag}>" if written else f"的 <{tag} {name}>"
            yield value, f"正文里{what} 引用了外部图片 {shown(as_read(url))}", EXTERNAL_IMAGE_HINT
        else:
            yield value, f"正文里的 <{tag} {name}> 会让读者的浏览器访问其他网站：{shown(as_read(url))}", \
                MEDIA_HINT if tag in MEDIA_TAGS else OUTSIDE_HINT
    elif written and tag in ("img", "image"):
        yield "<img", "正文里用 HTML 写的 <img> 不会发布图片文件", RAW_IMAGE_HINT
    elif written and tag == "a" and url_kind(href := attrib.get("href", "")) == "local" and \
            CONTENT_FILE.search(href.partition("#")[0].partition("?")[0].strip(URL_EDGE)):
        yield href, f"正文里用 HTML 写的链接指向稿件文件 {shown(href)}", CONTENT_LINK_HINT
    elif local_file and tag in MEDIA_TAGS:
        yield f"<{tag}", f"正文里用 HTML 写的 <{tag}> 不会发布视频或音频文件", MEDIA_HINT


# What the page's own ids start with: Material's (__config, __drawer) and the site's (pa-main, pa-share-url). A body
# element with one came first in the page and was found in its place.
PAGE_IDS = ("__", "pa-", "md-")


def sanitise(html: str, iframe_hosts: frozenset[str]) -> str:
    """The allow-list sanitiser every body passes through; iframes only from the configured hosts, and nothing
    else that the browser loads by itself (src, srcset, poster) from another site; no style that loads."""
    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "iframe" and attr == "src":
            host = https_host(value)
            return value if host in iframe_hosts else None
        if attr in FETCHING:
            words = srcset_urls(value) if "srcset" in attr else [value]
            return value if all(url_kind(word) == "local" for word in words) else None
        if attr == "style" and css_problem(value):
            return None
        if attr == "id" and value.lower().startswith(PAGE_IDS):
            return None
        if attr == "role":  # a table's own roles (render/tables.py), no other
            return value if TABLE_ROLES.get(tag) == value else None
        return value

    if _OLD_TAG.search(html) or "align" in html.lower():
        html = _modern(html)
    return nh3.clean(html, tags=ALLOWED_TAGS if iframe_hosts else ALLOWED_TAGS - {"iframe"},
                     attributes=ALLOWED_ATTRIBUTES, attribute_filter=keep, url_schemes=SAFE_URL_SCHEMES,
                     link_rel=None, filter_style_properties={"text-align"}, strip_comments=True)

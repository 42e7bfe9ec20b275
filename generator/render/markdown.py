"""Story bodies to HTML with one reused Markdown instance (a new instance per page costs ~4x).

Images become <picture>s, links to other content files become page links, raw HTML is checked and
every body is passed through an allow-list sanitiser (nh3) before it is published.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import TypeVar
from urllib.parse import urlsplit

import markdown
import nh3
from lxml import html as lxml_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..active import RASTER_DATA, URL_EDGE, URL_SPACE, as_read, css_problem, shown, srcset_urls, url_kind
from ..outputs.images import ImageRef

EXTENSIONS = ["tables", "attr_list", "sane_lists", "footnotes", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}



class Unusable(Exception):
    """A reference (image or link) that cannot be published: the message (ends where the reference is named)
    and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# Resolves an <img src> as written in Markdown to an image; raises Unusable when it cannot be used.
ImageResolver = Callable[[str], ImageRef]
# Resolves a link to a content file (…/story.md, ../cases/x.yml) to the page URL it becomes; raises Unusable.
LinkResolver = Callable[[str], str]

T = TypeVar("T")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
LOCAL_FILE = re.compile(r"^(?:file:|[A-Za-z]:[\\/]|\\\\)", re.IGNORECASE)
CONTENT_LINK = re.compile(r"\.(?:md|markdown|ya?ml)$", re.IGNORECASE)
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}
BANNED_TAGS = {"script", "style", "object", "embed", "applet", "form", "input", "button", "textarea", "select",
               "meta", "link", "base", "frame", "frameset", "svg", "math", "template"}
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"picture", "source", "figure", "figcaption", "section", "iframe", "video",
                                   "audio", "track"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "title", "rel"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "src"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen", "loading"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"},
    "track": {"src", "kind", "srclang", "label"},
}


@dataclass
class Finding:
    """Something wrong in a document: the text to look for (to find the line), message and hint."""

    needle: str
    message: str
    hint: str


@dataclass
class RenderState:
    """Per-document settings and findings, swapped in before each conversion."""

    resolve: ImageResolver
    page_url: str
    link: LinkResolver | None = None
    iframe_hosts: frozenset[str] = frozenset()
    images: list[ImageRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    site_links: list[tuple[str, str]] = field(default_factory=list)  # (as written, site path) to check later

    def problem(self, needle: str, message: str, hint: str) -> None:
        self.findings.append(Finding(needle, message, hint))

    def attempt(self, resolve: Callable[[str], T], ref: str, written: str | None = None) -> T | None:
        """`resolve(ref)`, or None after reporting why the reference (as `written`) cannot be used."""
        try:
            return resolve(ref)
        except Unusable as exc:
            written = written or ref
            self.problem(written, f"{exc.message}{written}", exc.hint)
            return None


def picture(ref: ImageRef, alt: str, page_url: str, *, lazy: bool, sizes: str = "(max-width: 960px) 100vw, 960px"
            ) -> etree.Element:
    """A <picture> with WebP sources, a JPEG fallback and its intrinsic size (no layout shift)."""
    def rel(path: str) -> str:
        return urls.relative(path, page_url)

    if ref.svg:  # a vector image scales itself: one file, no variants
        img = etree.Element("img")
        img.set("src", rel(ref.largest.jpeg))
        img.set("width", str(ref.width))
        img.set("height", str(ref.height))
        img.set("alt", alt)
        if lazy:
            img.set("loading", "lazy")
        return img
    pic = etree.Element("picture")
    source = etree.SubElement(pic, "source")
    source.set("type", "image/webp")
    source.set("srcset", ", ".join(f"{rel(v.webp)} {v.width}w" for v in ref.variants))
    source.set("sizes", sizes)
    img = etree.SubElement(pic, "img")
    default = ref.default
    img.set("src", rel(default.jpeg))
    img.set("srcset", ", ".join(f"{rel(v.jpeg)} {v.width}w" for v in ref.variants))
    img.set("sizes", sizes)
    img.set("width", str(default.width))
    img.set("height", str(default.height))
    img.set("alt", alt)
    img.set("decoding", "async")
    if lazy:
        img.set("loading", "lazy")
    return pic


class _ImageProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, owner: BodyRenderer) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        state = self.owner.state
        assert state is not None
        for a in root.iter("a"):
            _link(a, state)
        parents: dict[etree.Element, etree.Element] = {}
        banned: set[etree.Element] = set()  # elements inside an element reported as not allowed: not reported again
        for parent in root.iter():
            for child in parent:
                parents[child] = parent
            if parent.attrib or parent.tag in BANNED_TAGS:  # what md_in_html and attr_list let an author write
                if parents.get(parent) in banned:
                    banned.add(parent)
                    continue
                if parent.tag in BANNED_TAGS:
                    banned.add(parent)
                for needle, message, hint in element_problems(parent.tag, parent.attrib, state.iframe_hosts,
                                                              written=False):
                    state.problem(needle, message, hint)
        for img in list(root.iter("img")):
            src = img.get("src", "")
            if not img.get("alt", "").strip():
                state.problem(f"]({src}", f"图片 {src} 没有文字说明（alt）",
                              "在方括号里写一句图片说明，例如 ![调解员在村委会接待群众](images/a.jpg)；"
                              "读屏软件会读出它。")
            read = unescape(src)  # as the browser reads the attribute Markdown writes
            if _unsafe(read, images=True):
                state.problem(src, f"不安全的图片地址 {shown(as_read(read), 30)}", "图片地址只能是图片文件的路径。")
                continue
            if LOCAL_FILE.match(read):
                state.problem(src, f"图片指向本机文件 {shown(read)}",
                              "请把图片复制进 content/images/，再写成 images/文件名.jpg 这样的相对路径。")
                continue
            if EXTERNAL.match(read) or url_kind(read) != "local":
                state.problem(src, f"正文引用了外部图片 {shown(read)}", EXTERNAL_IMAGE_HINT)
                continue
            ref = state.attempt(state.resolve, src)
            if ref is None:
                continue
            state.images.append(ref)
            parent = parents[img]
            pic = picture(ref, img.get("alt", ""), state.page_url, lazy=True)
            pic.tail = img.tail
            index = list(parent).index(img)
            parent.remove(img)
            parent.insert(index, pic)


def _link(a: etree.Element, state: RenderState) -> None:
    """Check one link; links to content files are rewritten to the page they become."""
    href = a.get("href", "")
    if not href or href.startswith("#"):
        return
    if _unsafe(unescape(href)):  # Markdown writes entities in an address as they are: the browser decodes them
        state.problem(href, f"不安全的链接 {shown(as_read(unescape(href)), 30)}", "链接只能指向网页地址（http/https）、"
                                                                   "站内稿件或 mailto: 邮箱。")
        a.set("href", "#")
        return
    if LOCAL_FILE.match(href):
        state.problem(href, f"链接指向本机文件 {href}",
                      "读者打不开你电脑上的文件；请把文件放进 content/ 后用相对路径链接，或删除链接。")
        return
    if EXTERNAL.match(href):
        return
    path, _, fragment = href.partition("#")
    anchor = f"#{fragment}" if fragment else ""
    if CONTENT_LINK.search(path):
        target = state.attempt(state.link, path, href) if state.link else None
        if target is not None:
            a.set("href", urls.relative(target, state.page_url) + anchor)
        return
    # A site path (/cases/) or a path relative to this page: checked against the built site afterwards.
    joined = path[1:] if path.startswith("/") else posixpath.join(state.page_url, path)
    site_path = posixpath.normpath(joined) if joined else ""
    if site_path.startswith(".."):
        state.problem(href, f"链接 {href} 超出了本站范围", "站内链接请写成 /cases/ 这样以 / 开头的网址，"
                                                  "或链接到 .md 稿件文件。")
        return
    site_path = "" if site_path == "." else site_path + ("/" if joined.endswith("/") else "")
    state.site_links.append((href, site_path))
    if path.startswith("/"):
        a.set("href", urls.relative(site_path, state.page_url) + anchor)


def _unsafe(url: str, images: bool = False) -> bool:
    """A javascript:, vbscript: or data: address (for `images`, data: other than a raster image)."""
    kind = url_kind(url)
    return kind == "script" or (kind == "data" and not (images and RASTER_DATA.match(url.strip(URL_EDGE))))


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
SVG_HINT = "矢量图请存成 .svg 文件放进 content/images/，再用 ![图表说明](images/文件名.svg) 引用；" \
           "发布前会检查其中有没有脚本。"
EXTERNAL_IMAGE_HINT = "外部图片会让读者的浏览器访问其他网站，也可能失效；请下载后放进 content/images/ 再引用。"
RAW_IMAGE_HINT = "请改用 Markdown 写法 ![图片说明](images/文件名.jpg)，图片才会被压缩并发布。"
MEDIA_HINT = "本站不发布视频和音频文件，也不让读者的浏览器从其他网站加载它们；请上传到 site_config.yml 中 " \
             "security.iframe_hosts 列出的视频网站，用它提供的 <iframe> 嵌入代码。"
OUTSIDE_HINT = "正文不能让读者的浏览器从其他网站加载图片、样式或文件；请删除这个属性，或把文件下载后放进 content/。"
STYLE_HINT = "style 里不能有 url()、@import、expression() 或 javascript:，它们会从其他网站加载内容或执行脚本；" \
             "表格对齐请用 Markdown 表格的 :--: 写法，其余样式请删除。"
SCRIPT_URL_HINT = "javascript: 等地址会执行脚本，请删除。"
DATA_URL_HINT = "data: 地址可以装进任何网页或脚本；链接请指向网页地址或站内稿件。"
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
        if tag in IMAGE_TAGS or "srcset" in name:  # <source srcset> is a <picture>'s, <source src> a video's
            what = f"用 HTML 写的 <{tag}>" if written else f"的 <{tag} {name}>"
            yield value, f"正文里{what} 引用了外部图片 {shown(as_read(url))}", EXTERNAL_IMAGE_HINT
        else:
            yield value, f"正文里的 <{tag} {name}> 会让读者的浏览器访问其他网站：{shown(as_read(url))}", \
                MEDIA_HINT if tag in MEDIA_TAGS else OUTSIDE_HINT
    elif written and tag in ("img", "image"):
        yield "<img", "正文里用 HTML 写的 <img> 不会发布图片文件", RAW_IMAGE_HINT
    elif local_file and tag in MEDIA_TAGS:
        yield f"<{tag}", f"正文里用 HTML 写的 <{tag}> 不会发布视频或音频文件", MEDIA_HINT


def check_raw_html(raw: str, state: RenderState) -> None:
    """Report what the sanitiser would have to remove from a piece of raw HTML written in Markdown, each problem
    with the line of the piece its element starts on (the caller finds that line in the document)."""
    try:
        fragments = lxml_html.fragments_fromstring(raw)
    except Exception:  # lxml refuses some pieces (only a comment, say): read it inside an element instead
        try:
            fragments = [lxml_html.fragment_fromstring(raw, create_parent="div")]
        except Exception:  # nothing lxml can read; the sanitiser still removes whatever it must
            return
    lines = raw.split("\n")
    for fragment in fragments:
        if isinstance(fragment, str):
            continue
        stack = [fragment]
        while stack:
            el = stack.pop()
            if not isinstance(el.tag, str):  # a comment or processing instruction: removed by the sanitiser
                continue
            line = lines[el.sourceline - 1].strip() if el.sourceline and el.sourceline <= len(lines) else ""
            # lxml decodes HTML 4's entities; a browser also HTML 5's (&colon; &Tab; &NewLine;): decode those too
            attrib = {name: unescape(value) if "&" in value else value for name, value in el.attrib.items()}
            for needle, message, hint in element_problems(el.tag, attrib, state.iframe_hosts):
                state.problem(line or needle, message, hint)
            if el.tag.lower() not in BANNED_TAGS:
                stack.extend(reversed(el))


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
        return value

    return nh3.clean(html, tags=ALLOWED_TAGS if iframe_hosts else ALLOWED_TAGS - {"iframe"},
                     attributes=ALLOWED_ATTRIBUTES, attribute_filter=keep, url_schemes=SAFE_URL_SCHEMES,
                     link_rel=None, filter_style_properties={"text-align"}, strip_comments=True)


def in_source(text: str, needle: str) -> str:
    """`needle` if the document holds it, else the document's line that holds it once tabs are expanded (as
    Markdown does before it hands raw HTML on), so the problem is reported on its line."""
    if not needle or needle in text:
        return needle
    for line in text.split("\n"):
        if needle in line.expandtabs(4):
            return line
    return needle


class _Hook(Extension):
    def __init__(self, owner: BodyRenderer) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_ImageProcessor(md, self.owner), "pingan_images", 0)


class BodyRenderer:
    """Converts Markdown bodies; one instance per build, reset between documents."""

    def __init__(self) -> None:
        self.state: RenderState | None = None
        self.md = markdown.Markdown(extensions=[*EXTENSIONS, _Hook(self)],
                                    extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str, state: RenderState) -> str:
        """Sanitised HTML for `text`; images found and problems are recorded on `state`."""
        self.state = state
        try:
            html = self.md.reset().convert(text)
            for raw in self.md.htmlStash.rawHtmlBlocks:  # none when the text holds no HTML
                check_raw_html(str(raw), state)
            for finding in state.findings:
                finding.needle = in_source(text, finding.needle)
        finally:
            self.state = None
        return sanitise(html, state.iframe_hosts)


# In what `sanitise` returns (html5ever's serialisation), "<" and ">" stand for themselves only as a tag's first
# and last character: text and attribute values have them as &lt; and &gt;, comments are removed, and the one
# allowed element whose content is not escaped is <iframe> (raw text, never shown). So a tag is "<", no ">",
# ">", and the text is what is left, decoded: the only references it holds are &amp; &lt; &gt; &nbsp; &quot;.
TAG = re.compile(r"<iframe\b[^>]*>.*?</iframe>|<[^>]*>", re.DOTALL | re.IGNORECASE)
SPACE = re.compile(r"\s+")


def plain_text(sanitised: str) -> str:
    """The text a reader sees in a sanitised body (see `sanitise`), runs of white space as one space; what
    lxml's text_content() gives for it, without parsing it again (iframe fallback content, never shown, left out)."""
    return SPACE.sub(" ", unescape(TAG.sub("", sanitised))).strip()

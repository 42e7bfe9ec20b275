"""Story bodies to HTML with one reused Markdown instance (a new instance per page costs ~4x).

Images become <picture>s, links to other content files become page links, raw HTML is checked and
every body is passed through an allow-list sanitiser (nh3) before it is published.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from typing import TypeVar

import markdown
from lxml import html as lxml_html
from markdown import util
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..active import RASTER_DATA, URL_EDGE, as_read, shown, url_kind
from ..outputs.images import ImageRef
from . import pasted, tables
from .htmlpolicy import ATTRIBUTE, BANNED_TAGS, CONTENT_FILE, EXTERNAL_IMAGE_HINT, element_problems, sanitise
from .widetext import MAY_GAP, MAY_JOIN, OddGaps, WideLines

EXTENSIONS = ["tables", "attr_list", "sane_lists", "footnotes", "md_in_html", "toc"]
# A footnote's link back is labelled (on hover, for screen readers) in the site's language.
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "footnotes": {"BACKLINK_TITLE": "返回正文中注释 {} 所在处"}}



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
    wide_breaks: bool = False  # the text has a line break between two Chinese characters (set by render)
    odd_gaps: bool = False  # the text has a no-break, thin or zero-width space (set by render; see widetext.OddGaps)
    page_known: bool = True  # False: the page has no address yet, and links relative to it are not read

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
    if ref.webp:  # a long picture beyond WebP's size is JPEG only
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
                              "在方括号里写一句图片说明，例如 ![调解员在村委会接待群众](/images/a.jpg)；"
                              "读屏软件会读出它。")
            read = unescape(src)  # as the browser reads the attribute Markdown writes
            if _unsafe(read, images=True):
                state.problem(src, f"不安全的图片地址 {shown(as_read(read), 30)}", "图片地址只能是图片文件的路径。")
                continue
            if urls.LOCAL_FILE.match(read):
                state.problem(src, f"图片指向本机文件 {shown(read)}",
                              "请把图片复制进 content/images/，再写成 /images/文件名.jpg"
                              "（/images/ 开头的路径在哪篇稿件里都能用）。")
                continue
            if EXTERNAL.match(read) or url_kind(read) != "local":
                state.problem(src, f"正文引用了外部图片 {shown(read)}", EXTERNAL_IMAGE_HINT)
                continue
            ref = state.attempt(state.resolve, src)
            if ref is None:
                continue
            state.images.append(ref)
            # The <img> becomes the <picture> where it stands: finding its place among its parent's children (one
            # search each) made a paragraph of n pictures cost n².
            pic = picture(ref, img.get("alt", ""), state.page_url, lazy=True)
            tail = img.tail
            img.clear()
            img.tag, img.text, img.tail = pic.tag, pic.text, tail
            img.attrib.update(pic.attrib)
            img.extend(list(pic))


def _link(a: etree.Element, state: RenderState) -> None:
    """Check one link; links to content files are rewritten to the page they become."""
    href = a.get("href", "")
    if util.AMP_SUBSTITUTE in href:  # <name@host>: Markdown hides the address in character references
        href = unescape(href.replace(util.AMP_SUBSTITUTE, "&"))
        a.set("href", href)
    if not href or href.startswith("#"):
        return
    if _unsafe(unescape(href)):  # Markdown writes entities in an address as they are: the browser decodes them
        state.problem(href, f"不安全的链接 {shown(as_read(unescape(href)), 30)}", "链接只能指向网页地址（http/https）、"
                                                                   "站内稿件或 mailto: 邮箱。")
        a.set("href", "#")
        return
    if urls.LOCAL_FILE.match(href):
        state.problem(href, f"链接指向本机文件 {href}",
                      "读者打不开你电脑上的文件；请把文件放进 content/ 后用相对路径链接，或删除链接。")
        return
    if EXTERNAL.match(href):
        _private_link(href, href, state)
        return
    path, _, fragment = href.partition("#")
    anchor = f"#{fragment}" if fragment else ""
    if CONTENT_FILE.search(path):
        target = state.attempt(state.link, path, href) if state.link else None
        if target is not None:
            a.set("href", urls.relative(target, state.page_url) + anchor)
        return
    placed = _site_link(href, state)
    if placed is not None:
        a.set("href", placed)


def _private_link(href: str, written: str, state: RenderState) -> None:
    """Report a link into this computer or the office's network (readers outside cannot open it)."""
    host = urls.url_host(href)
    if host and urls.private_host(host):
        state.problem(written, f"链接 {shown(href, 60)} 指向本机或单位内部网络的地址，公众打不开",
                      "这样的地址（内网系统、本机、192.168.x.x、10.x.x.x）只有在单位里才能打开：请换成对方在互联网上的"
                      "正式网址，或删除这个链接。")


def _site_link(href: str, state: RenderState, written: str | None = None) -> str | None:
    """A site path (/cases/) or a path relative to this page, recorded to be checked against the built site
    afterwards; the link as the page writes it (a site path made relative, so that it holds when the site is
    published in a folder such as /pingan/), or None after reporting a path that leaves the site. `written`: the
    link as the text has it (&#47;nope&#47;), to find its line by."""
    written = written or href
    path, _, fragment = href.partition("#")
    path, mark, query = path.partition("?")  # /search/?q=调解 is the search page
    after = (f"?{query}" if mark else "") + (f"#{fragment}" if fragment else "")
    if not path or not (state.page_known or path.startswith("/")):  # ?page=2, #top: this page; or no page yet
        return href
    joined = path[1:] if path.startswith("/") else posixpath.join(state.page_url, path)
    site_path = posixpath.normpath(joined) if joined else ""
    if site_path.startswith(".."):
        state.problem(written, f"链接 {written} 超出了本站范围", "站内链接请写成 /cases/ 这样以 / 开头的网址，"
                                                        "或链接到 .md 稿件文件。")
        return None
    site_path = "" if site_path == "." else site_path + ("/" if joined.endswith("/") else "")
    state.site_links.append((written, site_path))
    return urls.relative(site_path, state.page_url) + after if path.startswith("/") else href


# An <a> start tag in raw HTML, its attributes read one by one (a value in quotes is a value: title="x href=/y" is
# no href). Bounded, as the sanitiser's own reading of start tags: a "<a " never closed costs one short look.
_RAW_ANCHOR = re.compile(r"<a(\s[^<>]{0,2000})>", re.IGNORECASE)
# A character reference as a browser decodes it inside an attribute: numeric, or named with its semicolon (a named
# one without it, &region in ?year=2024&region=x, is left as written there, as the browser leaves it).
_ATTRIBUTE_REF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)")


def place_raw_links(raw: str, state: RenderState) -> str:
    """A piece of raw HTML with its links to this site's pages (<a href="/cases/">) recorded to be checked and
    made relative, as Markdown's links are (links to content files, scripts and other sites are reported by
    check_raw_html, and left to the sanitiser). Only the href's value is rewritten; the rest stays as written."""
    if "href" not in raw.lower():
        return raw
    out, at = [], 0
    for tag in _RAW_ANCHOR.finditer(raw):
        found = next((a for a in ATTRIBUTE.finditer(tag[1]) if a[1].lower() == "href" and a[2]), None)
        if found is None:
            continue
        written = found[2][1:-1] if found[2][0] in "\"'" else found[2]
        href = as_read(_ATTRIBUTE_REF.sub(lambda m: unescape(m[0]), written))  # as the browser reads it: /ne⏎ws/
        if url_kind(href) == "outside":
            _private_link(href, written, state)
        if url_kind(href) != "local" or not href or href.startswith("#") or \
                CONTENT_FILE.search(href.partition("#")[0].partition("?")[0]) or urls.LOCAL_FILE.match(href):
            continue
        placed = _site_link(href, state, written)
        if placed is None or placed == href:
            continue
        value_at = tag.start(1) + found.start(2)
        out += [raw[at:value_at], f'"{escape(placed)}"']
        at = value_at + len(found[2])
    return "".join(out) + raw[at:]


def _unsafe(url: str, images: bool = False) -> bool:
    """A javascript:, vbscript: or data: address (for `images`, data: other than a raster image)."""
    kind = url_kind(url)
    return kind == "script" or (kind == "data" and not (images and RASTER_DATA.match(url.strip(URL_EDGE))))


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
        # after the inline patterns (20); only on a text that may have such a break (RenderState.wide_breaks)
        md.treeprocessors.register(WideLines(md, lambda: self.owner.state is not None and self.owner.state.wide_breaks),
                                   "pingan_wide_lines", 5)
        md.treeprocessors.register(OddGaps(md, lambda: self.owner.state is not None and self.owner.state.odd_gaps),
                                   "pingan_odd_gaps", 4)
        md.postprocessors.register(_RawHtml(md, self.owner), "pingan_raw_html", 35)  # before raw_html (30)
        pasted.register(md)
        tables.register(md)


class _RawHtml(Postprocessor):
    """Raw HTML, before Markdown puts it back in its place: checked (check_raw_html) as written, then its links to
    this site's pages placed as Markdown's are (place_raw_links)."""

    def __init__(self, md: markdown.Markdown, owner: BodyRenderer) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, text: str) -> str:
        state = self.owner.state
        assert state is not None and self.md is not None
        blocks = self.md.htmlStash.rawHtmlBlocks  # none when the text holds no HTML
        # each once: the table of contents runs the postprocessors on its own text before the page's turn
        for i in range(self.owner.raw_done, len(blocks)):
            raw = blocks[i]
            if isinstance(raw, str):  # md_in_html keeps elements here too: Markdown's own, checked as the tree
                check_raw_html(raw, state)
                blocks[i] = place_raw_links(raw, state)
        self.owner.raw_done = len(blocks)
        return text


class BodyRenderer:
    """Converts Markdown bodies; one instance per build, reset between documents."""

    def __init__(self) -> None:
        self.state: RenderState | None = None
        self.raw_done = 0  # the raw HTML blocks of this document checked and placed so far (_RawHtml)
        self.md = markdown.Markdown(extensions=[*EXTENSIONS, _Hook(self)],
                                    extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str, state: RenderState) -> str:
        """Sanitised HTML for `text`; images found and problems are recorded on `state`."""
        self.state = state
        self.raw_done = 0
        state.wide_breaks = MAY_JOIN.search(text) is not None
        state.odd_gaps = MAY_GAP.search(text) is not None
        try:
            html = self.md.reset().convert(text)  # raw HTML checked and its links placed on the way (_RawHtml)
            for finding in state.findings:
                finding.needle = in_source(text, finding.needle)
        finally:
            self.state = None
        return sanitise(html, state.iframe_hosts)

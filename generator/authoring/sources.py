"""Reading what staff import: any text encoding, HTML pages, Word files, Traditional Chinese and pinyin damage."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.frontmatter import detect_encoding
from ..errors import PinganError
from .ballot import PageHints
from .lines import furniture

PINYIN_DAMAGE = re.compile(r"([\u4e00-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)[)）]")


class SourceProblem(PinganError):
    """A file that cannot be read at all (unknown encoding, damaged Word file)."""


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 (with or without BOM) first, else the detector's best guess."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    best = detect_encoding(raw)
    if best is None:
        raise SourceProblem("无法识别文件的编码")
    name = {"gb18030": "GBK（GB18030）", "big5": "Big5", "utf_16": "UTF-16"}.get(best, best)
    return raw.decode(best, errors="replace"), name


MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


def plain_text(text: str) -> str:
    """`text` with any HTML tags dropped and entities read, whitespace runs as one space: what a field that is
    plain text (a headline, a source) may hold. Text without markup is returned as it is."""
    import html

    from lxml import html as lxml_html

    if not MARKUP.search(text):
        return text
    for _ in range(2):  # once more for markup that was escaped once (&lt;b&gt;)
        if re.search(r"<[A-Za-z/!?]", text):
            text = lxml_html.fragment_fromstring(text, create_parent="div").text_content()
        text = html.unescape(text)
    return " ".join(text.split())


# Pictures a page has around its article rather than in it: logos, icons, QR codes (二维码, often "ewm"), spacers.
DECOR = re.compile(r"logo|icon|qrcode|\bqr|ewm|erweima|spacer|blank\.gif|^data:|"
                   r"(?:^|/)(?:wx|weixin|wechat|weibo|share|fenxiang)[\w-]{0,12}\.(?:png|gif|jpe?g|svg)(?:$|\?)", re.I)
NAMED_SIZE = re.compile(r"_w(\d{1,4})_h(\d{1,4})(?=[._])")
DECOR_PX = 48  # a picture set this small or smaller (width or height) is an icon, a bullet or a spacer


# Where pages that load their pictures late (WeChat, many news sites) keep the picture's address.
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")


def picture_source(img: Any) -> str:
    """The address an <img> shows: its src, or the late-loaded one when src is missing or a placeholder."""
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        src = next((img.get(name).strip() for name in LAZY_SOURCES if (img.get(name) or "").strip()), src)
    return src


def picture_address(src: str, page: str) -> str:
    """A picture's address as a Markdown image may hold it: made absolute from the page's own address when the page
    gives one, with spaces, brackets and control characters percent-encoded (never written raw into a draft)."""
    from urllib.parse import quote, urljoin

    address = urljoin(page, src) if page else src
    return quote(address, safe="/:?&=#%~+@,;!$'*.-_")


def _decor(img: Any) -> bool:
    """Whether the <img> `img` is one of the page's decorations, not a picture of the article (an animated GIF
    of the article is a picture: only its size or name says it is decoration)."""
    if DECOR.search(picture_source(img)):
        return True
    sizes = [re.match(r"\s*(\d+)\s*(?:px)?\s*$", img.get(side) or "") for side in ("width", "height")]
    named = NAMED_SIZE.search(picture_source(img))  # size1_w16_h16.png: a 16-pixel icon, whatever the markup says
    return any(size is not None and int(size[1]) <= DECOR_PX for size in sizes) or \
        (named is not None and min(int(named[1]), int(named[2])) <= DECOR_PX)


# A browser's "save page" writes where the page came from: <!-- saved from url=(0047)https://… -->
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


def _own_address(doc: Any, text: str) -> str | None:
    """The page's own web address, as it states it: canonical link, og:url, a url meta, or the saved-from note."""
    found = [*doc.xpath("//link[@rel='canonical']/@href"), *doc.xpath("//meta[@property='og:url']/@content"),
             *doc.xpath("//meta[@name='url']/@content")]
    saved = SAVED_FROM.search(text[:2000])
    found += [saved[1]] if saved else []
    return next((a.strip() for a in found if re.match(r"https?://[^\s/]+\.[^\s]+$", a.strip())), None)


TABLE_CELL_MAX = 80  # characters: a longer cell is a page laid out in a table, not a table of figures


def _table_rows(table: Any) -> list[str] | None:
    """A table of figures as Markdown table rows (the first row as its header, short rows padded), or None for a
    table that lays out a page (tables or pictures inside, long cells, a single row or column)."""
    if table.xpath(".//table|.//img"):
        return None
    rows = [[" ".join(c.text_content().split()).replace("|", "｜") for c in tr.xpath("./th|./td")]
            for tr in table.xpath(".//tr")]
    rows = [r for r in rows if any(r)]
    width = max((len(r) for r in rows), default=0)
    if len(rows) < 2 or width < 2 or any(len(c) > TABLE_CELL_MAX for r in rows for c in r):
        return None
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return [lines[0], "| " + " | ".join(["---"] * width) + " |", *lines[1:]]


def html_lines(text: str) -> tuple[list[str], PageHints]:
    """Block-level text lines of an HTML page, and what its head says: <h1>, <title>, and the <meta> names
    government and news sites fill in (ArticleTitle, PubDate, ContentSource, SiteName, author)."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(text)
    meta: dict[str, str] = {}
    for el in doc.xpath("//meta[@content]"):
        name = (el.get("name") or el.get("property") or "").lower().replace("og:", "")
        if name in ("articletitle", "pubdate", "contentsource", "sitename", "site_name", "author", "publishdate"):
            key = {"site_name": "sitename", "publishdate": "pubdate"}.get(name, name)
            meta[key] = " ".join(el.get("content").split())
    address = _own_address(doc, text)
    if address:
        meta["url"] = address
    articles = max(len(doc.xpath("//article")), len(doc.xpath("//h1")))
    if articles > 1:
        meta["articles"] = str(articles)  # read by the importer: one story per file, so it warns
    for bad in doc.xpath("//script|//style|//noscript|//iframe|//form|//head"):
        bad.drop_tree()
    pictures = [picture_source(img) for img in doc.xpath("//body//img")
                if picture_source(img) and not _decor(img)]
    heads = frozenset(" ".join(h.text_content().split()) for h in doc.xpath("//body//h2|//body//h3|//body//h4"))
    hints = PageHints(h1=doc.xpath("normalize-space(//h1)") or None,
                      title=" ".join(lxml_html.fromstring(text).xpath("string(//title)").split()) or None, meta=meta,
                      images=list(dict.fromkeys(pictures)), headings=heads - {""})
    for el in doc.iter(*INLINE):  # a line break in the source around inline markup is a space, as a browser shows
        el.text = el.text and WRAP.sub(" ", el.text)  # it (<span>日期</span>⏎<a>来源</a> stays one line); a block's
        el.tail = el.tail and WRAP.sub(" ", el.tail)  # own text keeps its breaks (some pages set it white-space: pre)
        parent = el.getparent()
        if parent is not None and parent.text and parent.index(el) == 0 and parent.tag not in ("pre", "textarea"):
            parent.text = BREAK_BEFORE.sub(" ", parent.text)  # 2019年10月23日⏎<a>环球网</a>: only the break before
    _drop_hidden(doc)
    for table in doc.xpath("//body//table"):
        rows = _table_rows(table)
        if rows is not None:  # a table of figures: its rows as Markdown, one line each (nothing flattened away)
            block = lxml_html.Element("div")
            block.text = "\n".join(rows)
            block.tail = table.tail
            table.getparent().replace(table, block)
    for img in doc.xpath("//body//img"):  # a picture of the story: a Markdown image at its place, its address as given
        src = picture_source(img)
        if src and not _decor(img) and img.getparent() is not None:
            alt = " ".join((img.get("alt") or img.get("title") or "").split()).replace("[", "【").replace("]", "】")
            block = lxml_html.Element("div")
            block.text = f"![{alt}]({picture_address(src, meta.get('url', ''))})"
            block.tail = img.tail
            img.getparent().replace(img, block)
    for link in doc.iter("a"):  # marked, to find the lines made only of links (menus, tickers, tag lists)
        shown = " ".join(link.text_content().split())
        found = furniture(shown) if shown else None
        if found is not None and found.ends:  # 返回搜狐，查看更多 after a byline: a line of its own
            link.text, link.tail = "\n" + (link.text or ""), "\n" + (link.tail or "")
        elif shown:
            link.text = LINK_START + (link.text or "")
            link.tail = LINK_END + (link.tail or "")
    links: set[str] = set()
    for menu in doc.xpath("//body//ul|//body//ol"):  # a list whose every item is a link: a menu
        items = [li.text_content() for li in menu.findall("li")]
        if len(items) >= 2 and all(LINK_START in t and not LINKED.sub("", t).strip(" |｜/·•、") for t in items):
            links.update(" ".join(t.replace(LINK_START, "").replace(LINK_END, "").split()) for t in items)
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    body = doc.body if doc.find("body") is not None else doc
    lines = []
    for line in body.text_content().split("\n"):
        only_links = line.count(LINK_START) >= 2 and not LINKED.sub("", line).strip(" |｜/·•、")
        line = ADJACENT_LINKS.sub(" | ", line.strip())  # <a>首页</a><a>要闻</a>: a menu's items stay apart
        if only_links:
            links.add(" ".join(line.replace(LINK_START, "").replace(LINK_END, "").split()))
        lines.append(line.replace(LINK_START, "").replace(LINK_END, ""))
    hints.link_lines = frozenset(links)
    return lines, hints


def _drop_hidden(doc: Any) -> None:
    """Drop what the page never shows (style="display:none", hidden): a profile card, a second copy of a menu.
    Never the article itself: an element holding most of the page's text stays, however it is styled."""
    total = len(doc.text_content())
    for el in doc.xpath("//body//*[@hidden or contains(translate(@style, ' ', ''), 'display:none')]"):
        if el.getparent() is not None and len(el.text_content()) * 2 < total:
            el.drop_tree()


BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "td", "dd",
          "dt", "table", "ul", "ol", "header", "footer", "nav", "aside", "blockquote", "center", "hr"}
INLINE = ("span", "a", "em", "strong", "b", "i", "u", "font", "small", "big", "sub", "sup", "label", "abbr", "time",
          "cite", "q", "s", "strike", "ins", "del", "mark")
BREAK_BEFORE = re.compile(r"[ \t]*[\r\n]+[ \t]*$")
WRAP = re.compile(r"[ \t]*[\r\n]+[ \t]*")
LINK_START, LINK_END = "\u2062", "\u2063"  # invisible marks around a link's text while the lines are made
ADJACENT_LINKS = re.compile(f"{LINK_END}[ \t]*{LINK_START}")
LINKED = re.compile(f"{LINK_START}[^{LINK_END}]*{LINK_END}")


def repair_pinyin(text: str) -> tuple[str, int]:
    """Drop the pinyin some sites print after each character: 發(fā)展 -> 發展; other parentheses stay."""
    from pypinyin import Style, pinyin

    count = 0

    def plain(syllable: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", syllable.lower()) if not unicodedata.combining(c))

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        readings = {plain(p) for p in pinyin(m[1], style=Style.TONE, heteronym=True)[0]}
        readings |= {r.replace("ü", "v") for r in readings} | {r.replace("v", "u") for r in readings}
        if plain(m[2]) in readings or plain(m[2]).replace("ü", "u") in readings:
            count += 1
            return m[1]
        return m[0]

    return PINYIN_DAMAGE.sub(fix, text), count


def to_simplified(text: str) -> tuple[str, int]:
    """Traditional to Simplified Chinese (OpenCC t2s); returns the text and how many characters changed."""
    import opencc

    converted = opencc.OpenCC("t2s").convert(text)
    changed = sum(a != b for a, b in zip(text, converted, strict=False))
    return (converted, changed) if changed else (text, 0)


# -- Word files ----------------------------------------------------------------------------------------

@dataclass
class WordImage:
    """An image embedded in a Word file, kept in memory until the story is known to be new."""

    extension: str
    data: bytes
    alt: str  # empty when the document gives none


def docx_markdown(path: Path, raw: bytes) -> tuple[str, str | None, list[WordImage]]:
    """Markdown of a .docx (headings, paragraphs, bold, lists, tables), its title, and its images.

    Image n is written as ![alt](word-image-n): the caller names and saves the files.
    """
    import mammoth
    from markdownify import markdownify

    images: list[WordImage] = []

    def keep(image: mammoth.documents.Image) -> dict[str, str]:
        ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}.get(image.content_type, "png")
        with image.open() as data:
            images.append(WordImage(ext, data.read(), (image.alt_text or "").strip()))
        return {"src": f"word-image-{len(images)}", "alt": images[-1].alt or f"配图{len(images)}"}

    try:
        with io.BytesIO(raw) as handle:
            html = mammoth.convert_to_html(handle, convert_image=mammoth.images.img_element(keep)).value
    except Exception:  # mammoth raises many types for a damaged file
        raise SourceProblem(f"{path.name}：无法读取的 Word 文件（已损坏，或是旧的 .doc 格式，"
                            "请用 Word 另存为 .docx）") from None
    title = None
    match = re.match(r"\s*<h1>(.*?)</h1>", html, re.S)
    if match:
        title = re.sub(r"<[^>]+>", "", match[1]).strip()
        html = html[match.end():]
    if "<h1>" in html:  # the page title is the only level-1 heading: the rest move one level down
        html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}>", html)
    markdown = markdownify(_header_rows(html), heading_style="ATX", bullets="-", strong_em_symbol="*",
                           escape_underscores=False)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n", title, images


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT_XML_BYTES = 64 * 2**20  # word/document.xml unpacked: a 1 MB story with its markup is a few MB


def docx_styled(raw: bytes) -> list[str]:
    """The stretches of text a .docx sets apart by colour, highlight, shading or underline, which Markdown cannot
    keep (mammoth leaves them out): one per paragraph, in order, as “text”（红色）, for the import report."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as docx:
            if docx.getinfo("word/document.xml").file_size > _DOCUMENT_XML_BYTES:
                return []
            xml = docx.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except Exception:  # read by mammoth already: a part it did without is not worth an error
        return []
    found: list[str] = []
    for paragraph in root.iter(f"{W}p"):
        words, kinds = "", set()
        for run in paragraph.iter(f"{W}r"):
            kind = None if run.getparent().tag == f"{W}hyperlink" else _run_style(run)  # a link is kept as one
            if kind:
                words += "".join(t.text or "" for t in run.iter(f"{W}t"))
                kinds.add(kind)
        if words.strip():
            words = " ".join(words.split())
            found.append(f"“{words[:20]}{'…' if len(words) > 20 else ''}”（{'、'.join(sorted(kinds))}）")
    return found


# Run properties that set words apart where Markdown cannot: (element, its attribute, the value when absent, values
# that set nothing apart, what to call it), in the order they are named.
_STYLES = (("color", "val", "auto", ("auto", "000000"), "颜色"),
           ("highlight", "val", "none", ("none",), "突出显示"),
           ("shd", "fill", "auto", ("auto", "ffffff"), "底纹"),
           ("u", "val", "single", ("none",), "下划线"))


def _run_style(run: Any) -> str | None:
    """What sets a run of a Word paragraph apart that Markdown cannot say: 颜色, 突出显示, 底纹 or 下划线."""
    props = run.find(f"{W}rPr")
    if props is None:
        return None
    for tag, attribute, absent, plain, name in _STYLES:
        found = props.find(f"{W}{tag}")
        if found is not None and (found.get(f"{W}{attribute}") or absent).lower() not in plain:
            return name
    return None


def _header_rows(html: str) -> str:
    """Word tables carry no header row; the first row is taken as one so Markdown tables read right."""
    if "<table" not in html:
        return html
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for table in root.iter("table"):
        rows = table.xpath(".//tr")
        if rows and not table.xpath(".//th"):
            for cell in rows[0].xpath("./td"):
                cell.tag = "th"
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root)

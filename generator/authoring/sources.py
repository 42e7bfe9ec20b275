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
from ..limits import MAX_IMAGE_BYTES

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

    _within_bounds(path, raw)
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
# A .docx is a zip: a few KB can unpack to gigabytes (a billion zeros as a picture, millions of empty paragraphs),
# which the converter would hold in memory. What a story can hold bounds what is read: a 1 MB story with its markup
# is a few MB of word/document.xml, a camera picture at most MAX_IMAGE_BYTES.
_DOCUMENT_XML_BYTES = 16 * 2**20
_PARAGRAPHS = 30_000  # a 300-page report has about 5,000
_UNPACKED_BYTES = 256 * 2**20  # every part together
TOO_BIG_WORD = "请把文档分成几篇分别导入，或把图片另存后压缩一下再插入；正常的一篇稿件远小于这个大小。"


def _within_bounds(path: Path, raw: bytes) -> None:
    """Refuse a .docx that unpacks to more than a story can hold, before anything is unpacked in full."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as docx:
            parts = docx.infolist()
            if sum(p.file_size for p in parts) > _UNPACKED_BYTES:
                raise SourceProblem(f"{path.name}：Word 文件解压后超过 {_UNPACKED_BYTES // 2**20} MB。{TOO_BIG_WORD}")
            for part in parts:
                if part.filename.startswith("word/media/") and part.file_size > MAX_IMAGE_BYTES:
                    raise SourceProblem(f"{path.name}：文档里的图片 {part.filename[11:]} 超过 "
                                        f"{MAX_IMAGE_BYTES // 2**20} MB。{TOO_BIG_WORD}")
            body = docx.getinfo("word/document.xml")
            if body.file_size > _DOCUMENT_XML_BYTES:
                raise SourceProblem(f"{path.name}：Word 文件的正文部分太大（解压后超过 "
                                    f"{_DOCUMENT_XML_BYTES // 2**20} MB）。{TOO_BIG_WORD}")
            xml = docx.read(body)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return  # not a readable .docx: the converter says so in words
    paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ") + xml.count(b"<w:p/>")
    if paragraphs > _PARAGRAPHS:
        raise SourceProblem(f"{path.name}：Word 文件有 {paragraphs} 个段落，超过 {_PARAGRAPHS} 个。{TOO_BIG_WORD}")


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

"""Chinese text as readers read it: a line break between two Chinese characters is no space (WideLines, for
Markdown's tree), and a sanitised body's plain text (plain_text) sets no space after Chinese punctuation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from html import unescape

import markdown
from markdown.treeprocessors import Treeprocessor

# Characters written without spaces between them: Chinese (and other East Asian) characters and the full-width
# punctuation, quotes and dashes that go with them. A line break between two of them is no space to a reader.
_WIDE = "\u2e80-\u2fff\u3000-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
# Also after or before Chinese punctuation whatever is on the other side (工作法。⏎2023年), and between a Chinese
# character and a digit (在⏎2023年): Chinese text sets neither apart with a space.
_MARKS = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026"
WIDE_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}0-9])|(?<=[{_MARKS}0-9])[ \t]*\n[ \t]*(?=[{_WIDE}])"
                        rf"|(?<=[{_MARKS}])[ \t]*\n[ \t]*(?=[^\s])")
# Whether a document may have such a break once its markup is read: one line break between two wide characters,
# with emphasis marks, spaces or a quote's > at the lines' edges (他说**很满意**⏎调解结果, > …调解员⏎> 真是…).
MAY_JOIN = re.compile(rf"[{_WIDE}0-9][*_~`]*[ \t]*\n[ \t>]*[*_~`]*[{_WIDE}0-9]|[{_MARKS}][*_~`]*[ \t]*\n")
_VERBATIM = frozenset({"pre", "code", "kbd", "samp", "script", "style"})
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th",
                     "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "hr", "section"})


def _flow(el: etree.Element) -> Iterator[tuple[etree.Element, str] | None]:
    """The text pieces of `el` in reading order, as (element, "text" or "tail"); None where the text stops flowing
    (a block starts or ends, verbatim text)."""
    if el.tag in _VERBATIM:
        yield None
        return
    yield el, "text"
    for child in el:
        block = child.tag in _BLOCKS
        if block:
            yield None
        yield from _flow(child)
        if block:
            yield None
        yield child, "tail"


class _WhenWanted(Treeprocessor):
    """A tree processor that runs only when `wanted()`: when its document may need it (a cheap test of its text)."""

    def __init__(self, md: markdown.Markdown, wanted: Callable[[], bool]) -> None:
        super().__init__(md)
        self.wanted = wanted


class WideLines(_WhenWanted):
    """Drops a line break between two Chinese characters (see WIDE_BREAK), across inline markup too; runs only when
    `wanted()` (the text has such a break: MAY_JOIN)."""

    def run(self, root: etree.Element) -> None:
        if not self.wanted():
            return
        run: list[tuple[etree.Element, str]] = []
        for piece in [*_flow(root), None]:
            if piece is not None:
                run.append(piece)
                continue
            if len(run) == 1:
                el, attr = run[0]
                text = getattr(el, attr)
                if text and "\n" in text:
                    setattr(el, attr, WIDE_BREAK.sub("", text))
            elif run:
                _join_run(run)
            run = []


# Word's and WeChat's spaces inside Chinese text: a no-break, en, em or thin space between two Chinese characters
# (将 继续) shows as a gap no Chinese text has, and a zero-width space or joiner beside one (平安\u200d细胞) splits a
# word for the search; both are dropped from the page (the file keeps them). An ordinary or full-width space is
# left as written: 王　伟 in a list of names is set so on purpose.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ODD = "\u00a0\u2002-\u200a\u202f\u205f"
_INVISIBLE = "\u200b-\u200d\u2060\ufeff"
ODD_GAP = re.compile(rf"(?<=[{_HAN}])[{_ODD}{_INVISIBLE}]+(?=[{_HAN}])|[{_INVISIBLE}]+(?=[{_HAN}])"
                     rf"|(?<=[{_HAN}])[{_INVISIBLE}]+")
MAY_GAP = re.compile(rf"[{_ODD}{_INVISIBLE}]")  # whether a text has any of them (else OddGaps does nothing)


class OddGaps(_WhenWanted):
    """Drops ODD_GAP from the text of the page (not from code); runs only when `wanted()` (MAY_GAP found one)."""

    def run(self, root: etree.Element) -> None:
        if not self.wanted():
            return
        for piece in _flow(root):
            if piece is not None:
                el, attr = piece
                text = getattr(el, attr)
                if text:
                    setattr(el, attr, ODD_GAP.sub("", text))


def _join_run(run: list[tuple[etree.Element, str]]) -> None:
    """WIDE_BREAK applied to pieces of text that read as one, each piece keeping what is left of it."""
    texts = [getattr(el, attr) or "" for el, attr in run]
    whole = "".join(texts)
    if "\n" not in whole:
        return
    drops = [m.span() for m in WIDE_BREAK.finditer(whole)]
    if not drops:
        return
    at = k = 0
    for (el, attr), text in zip(run, texts, strict=True):
        end = at + len(text)
        kept, pos = [], at
        while k < len(drops) and drops[k][0] < end:
            a, b = drops[k]
            kept.append(whole[pos:max(a, pos)])
            pos = max(pos, min(b, end))
            if b > end:  # the break goes on into the next piece
                break
            k += 1
        if pos != at:
            setattr(el, attr, "".join(kept) + whole[pos:end])
        at = end


# In what `sanitise` returns (html5ever's serialisation), "<" and ">" stand for themselves only as a tag's first
# and last character: text and attribute values have them as &lt; and &gt;, comments are removed, and the one
# allowed element whose content is not escaped is <iframe> (raw text, never shown). So a tag is "<", no ">",
# ">", and the text is what is left, decoded: the only references it holds are &amp; &lt; &gt; &nbsp; &quot;.
TAG = re.compile(r"<iframe\b[^>]*>.*?</iframe>|<[^>]*>", re.DOTALL | re.IGNORECASE)
SPACE = re.compile(r"\s+")


def plain_text(sanitised: str) -> str:
    """The text a reader sees in a sanitised body (see `sanitise`), runs of white space as one space; what
    lxml's text_content() gives for it, without parsing it again (iframe fallback content, never shown, left out).
    Paragraphs follow one another without a space after Chinese punctuation (…邻里纠纷。村民张某…), as Chinese sets
    sentences."""
    return _AFTER_MARK.sub("", SPACE.sub(" ", unescape(TAG.sub("", sanitised)))).strip()


_AFTER_MARK = re.compile(rf"(?<=[{_MARKS}]) (?=[{_WIDE}])")

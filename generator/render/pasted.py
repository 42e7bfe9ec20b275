"""Markdown read as the text publicity staff write and paste: Chinese paragraphs from Word and WeChat, not code.

Python-Markdown follows the conventions of programmers' text; five of them turn everyday Chinese text into
something its writer never meant, and are read here as that writer meant them (each through Markdown's own
extension points, not by patching it):
- a paragraph indented with a tab or spaces (首行缩进) is a paragraph, not a code block, and a line indented
  with 　　 right after another paragraph's line starts a paragraph of its own (Word's paragraphs pasted one a line);
- `7*24小时`: an asterisk between digits is a times sign, not the start of emphasis (724小时 … 58小时);
- `#平安建设#` at a line's start is a WeChat topic, not a heading (`#一、标题` without a space still is one);
- lines of cells between tabs (a table copied from Excel) are a table;
- a line that ends a sentence or a clause (。！？；：) or before a numbered point or a 来源：/编辑： line is kept as
  a line (a <br>); a line broken inside a sentence still joins the next;
- a web address in the text is a link (ending where the address does, not at the Chinese punctuation after it),
  and so is a link written with Chinese brackets: [网站]（https://…）;
- headings follow the page's title without gaps: a body's # is not a second h1, #### after the title is an h2.

One more is about time, not meaning: links and pictures are found in time proportional to the text (_Brackets).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown import inlinepatterns as ip
from markdown import util
from markdown.blockprocessors import HashHeaderProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# A Chinese character or full-width mark starting the text of an indented line.
_WIDE_START = re.compile(r"^[ \t\u3000]+(?=[\u2e80-\u2fff\u3001-\u9fff\uf900-\ufaff\uff01-\uffef“‘])")
# What a line ends a sentence or a clause with (closing quotes and brackets may follow).
_LINE_END = re.compile(r"[。！？；：!?;:][”’」』）)》]*$")
# A point's number as Chinese documents write it: ① ⑴ ⒈, （一） (1), 一、, 1. 1、 2） (not 2.5万).
_NUMBER = (r"[\u2460-\u249b]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
           r"|\d{1,3}(?:[、）)]|[.．](?!\d))")
# What a line starting a new point starts with: a number, ㈠, 一是, ▲ ● …, or a short label and its colon (来源：).
_ITEM_START = re.compile(rf"{_NUMBER}|[\u3220-\u3229▲△●○■□◆◇★☆※→]|[一二三四五六七八九十]{{1,3}}[是要]"
                         r"|[\u4e00-\u9fff]{2,6}[：:]")
_TAB_TABLE_MIN_ROWS = 2
# [网站]（https://…）: a link typed in Chinese input mode (an address, a site path or a content file in the brackets).
_WIDE_LINK = re.compile(r"(\[[^\[\]\n]{1,200}\])（((?:https?://|mailto:|/|\.{1,2}/)[^）\s]{0,500}"
                        r"|[^）\s（\[\]]{1,300}\.(?:md|ya?ml))）")
# A web address in the text: ASCII only, so it ends at the Chinese text or punctuation after it; not one after = or a
# quote (an attribute's value in {: srcset="…"}, read by attr_list after the inline patterns).
_ADDRESS = re.compile(r"(?<![A-Za-z0-9@/.=\"'])https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?(?:[/?#][-A-Za-z0-9._~%!$&'+,;=:@/?#()]*)?")
_ADDRESS_TAIL = ".,;:!?'"


def _tab_table(rows: list[str]) -> list[str]:
    """Markdown table lines for lines of tab-separated cells (the first is the header)."""
    cells = [[cell.strip().replace("|", "\\|") for cell in row.split("\t")] for row in rows]
    width = len(cells[0])
    lines = ["| " + " | ".join(row) + " |" for row in cells[:1]]
    lines.append("|" + " --- |" * width)
    lines.extend("| " + " | ".join(row) + " |" for row in cells[1:])
    return ["", *lines, ""]


def _is_header_row(line: str) -> bool:
    """A table's first line: two cells or more, none empty, the first no list marker (Word copies a numbered or
    bulleted list as the marker, a tab and the text: 1.⇥加强宣传引导), no markup (a quote's >, raw HTML)."""
    cells = line.split("\t")
    return len(cells) >= 2 and all(cell.strip() for cell in cells) and not _MARKER.fullmatch(cells[0].strip()) \
        and not line.lstrip().startswith((">", "<"))


# A list item's marker as Word writes it before a tab: 1. 1、 (1) （一） 一、 - * + • · ① …
_MARKER = re.compile(rf"{_NUMBER}|[-*+•·▪■◆●○]")
# Where a line is part of a list, a footnote or a block of raw HTML: its indent is Markdown's, not a first-line one.
_FENCE = re.compile(r"[ ]{0,3}(?:`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s|\[\^[^\]]+\]:")


class _Pasted(Preprocessor):
    """Tables copied from Excel, and first-line indents, read before Markdown expands tabs (priority 35 > 30)."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        nested = False  # the lines since the last paragraph of text belong to a list or a footnote
        raw = False  # inside a block of raw HTML (between a line starting with < and a blank line)
        quoted = False  # in a block quote: a line starting with >, and the lines after it up to a blank one
        fenced = False  # between ``` (or ~~~) lines
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                raw = False
            elif not out or not out[-1].strip():
                raw = line.lstrip().startswith("<")
            if raw:
                out.append(line)
                i += 1
                continue
            if "\t" in line and _is_header_row(line):
                width = len(line.split("\t"))
                end = i + 1
                while end < len(lines) and len(lines[end].split("\t")) == width:
                    end += 1
                if end - i >= _TAB_TABLE_MIN_ROWS:
                    out.extend(_tab_table(lines[i:end]))
                    i = end
                    continue
            if _FENCE.match(line):
                fenced = not fenced
            if line.strip():
                quoted = line.lstrip().startswith(">") or (quoted and bool(out) and bool(out[-1].strip()))
            if _LIST_ITEM.match(line):
                nested = True
            elif line.strip() and not line[:1].isspace():
                nested = False  # a paragraph of its own ends the list
            if (not out or not out[-1].strip()) and (not nested or line[:1] == "\t") and _WIDE_START.match(line):
                line = _WIDE_START.sub("", line)  # a paragraph's first-line indent
            elif line[:1] in ("\u3000", "\t") and not nested and _WIDE_START.match(line):
                # the next pasted paragraph, on the next line: 　　 (or a tab) starts a paragraph in Word's text
                # (none in Markdown's), so it is one here too, with its gap and indent, not a line break in the last
                # one; inside a block quote (its lazy line) or a fence it stays the line it is
                line = _WIDE_START.sub("", line)
                if not quoted and not fenced:
                    out.append("")
            if "（" in line:
                line = _WIDE_LINK.sub(r"\1(\2)", line)
            out.append(line)
            i += 1
        return out


class _Lines(Preprocessor):
    """A line that ends a sentence or a clause, or is followed by a new point, ends in a hard break ("  ")."""

    def run(self, lines: list[str]) -> list[str]:
        for i in range(len(lines) - 1):
            line, after = lines[i].rstrip(), lines[i + 1].strip()
            if line and after and (_LINE_END.search(line) or _ITEM_START.match(after)):
                lines[i] = line + "  "
        return lines


class _Times(InlineProcessor):
    """7*24: the asterisk is kept as text, as Markdown keeps an escaped one."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802 - Markdown's API name
        return f"{util.STX}{ord('*')}{util.ETX}", m.start(0), m.end(0)


class _Brackets(ip.LinkInlineProcessor):
    """Where the [ of a link or picture closes, as Markdown finds it, but in time proportional to the text.

    Markdown maps every bracket of a text to its closing one in one pass, and again for each link, as the text it
    is handed changes after each link (the link before it becomes a placeholder): a paragraph of 5,000 links took
    minutes. Where a [ closes depends only on the text after it, which stays the same: the map of that text is kept
    and read from its end."""

    _after = ""  # the text after the [ the map was made for
    _ends: list[int | None] = []  # Markdown's map of `_after` (ip.LinkInlineProcessor._findBracketEnds)

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Markdown's API name
        skip = len(self._after) - (len(data) - index)  # where data[index:] starts in `_after`, if it is its end
        if skip < 0 or self._after[skip:] != data[index:]:
            self._after, self._ends, skip = data[index:], self._findBracketEnds(data[index:]), 0
        end = self._ends[skip]
        if end is None:
            return data[index:], len(data), False
        end += index - skip
        return data[index:end - 1], end, True


class _Link(_Brackets, ip.LinkInlineProcessor): ...
class _Image(_Brackets, ip.ImageInlineProcessor): ...
class _Reference(_Brackets, ip.ReferenceInlineProcessor): ...
class _ImageReference(_Brackets, ip.ImageReferenceInlineProcessor): ...
class _ShortReference(_Brackets, ip.ShortReferenceInlineProcessor): ...
class _ShortImageReference(_Brackets, ip.ShortImageReferenceInlineProcessor): ...


# Markdown's link and picture patterns by name: the same patterns and priorities, each with _Brackets' getText.
_BRACKETED = {"reference": (_Reference, ip.REFERENCE_RE, 170), "link": (_Link, ip.LINK_RE, 160),
              "image_link": (_Image, ip.IMAGE_LINK_RE, 150),
              "image_reference": (_ImageReference, ip.IMAGE_REFERENCE_RE, 140),
              "short_reference": (_ShortReference, ip.REFERENCE_RE, 130),
              "short_image_ref": (_ShortImageReference, ip.IMAGE_REFERENCE_RE, 125)}


class _Addresses(Treeprocessor):
    """https://…: a link to itself, found in the text once Markdown has read links, code and emphasis (so never
    inside a link, an <a> written in HTML or code, and never taking an emphasis mark with it). A full stop, a comma
    or an unopened ) at its end is the text's; an address running on into Chinese after a / or = (…/item/枫桥经验)
    is left as text, not linked to a part of it."""

    def run(self, root: etree.Element) -> None:
        self.inside = False  # between an <a …> and its </a> written as raw HTML, in reading order
        self._visit(root, False)

    def _visit(self, el: etree.Element, skip: bool) -> None:
        skip = skip or el.tag in _NOT_LINKED
        count = len(el)
        if el.text:
            el.text = self._linked(el, 0, el.text, skip)
        # Each child's place is counted, not looked up (list(el).index(child) made a body of n blocks cost n²):
        # the links inserted before it, for the text or an earlier tail, move it by as many places.
        moved = len(el) - count
        for place, child in enumerate(list(el)[moved:]):
            self._visit(child, skip)
            if child.tail:
                count = len(el)
                child.tail = self._linked(el, moved + place + 1, child.tail, skip)
                moved += len(el) - count

    def _linked(self, parent: etree.Element, index: int, text: str, skip: bool) -> str:
        """The part of `text` before its first address; the addresses and what follows them are inserted into
        `parent` at `index` as links and their tails. Raw HTML in the text is a placeholder (Markdown's stash)."""
        if util.STX not in text and (skip or self.inside or "://" not in text):
            return text  # nothing to link and no raw HTML to follow: the common text of every body
        closed = []  # where raw <a> … </a> spans of this text end and begin: (start, end) not to link in
        start = 0 if self.inside else None
        for m in _STASHED.finditer(text):
            html = self.md.htmlStash.rawHtmlBlocks[int(m[1])] if int(m[1]) < len(self.md.htmlStash.rawHtmlBlocks) \
                else ""
            tag = str(html).lstrip()[:3].lower()
            if tag.startswith("<a") and tag[2:3] in (" ", ">", "\t", "\n") and start is None:
                start = m.end()
            elif tag == "</a" and start is not None:
                closed.append((start, m.start()))
                start = None
        self.inside = start is not None
        if start is not None:
            closed.append((start, len(text)))
        if skip or "://" not in text:
            return text
        pieces: list[tuple[str, str]] = []  # (address, text after it)
        head, pos = None, 0
        for m in _ADDRESS.finditer(text):
            if m.start() < pos or any(a <= m.start() < b for a, b in closed):
                continue
            url = m.group(0)
            while url and (url[-1] in _ADDRESS_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
                url = url[:-1]
            after = text[m.start() + len(url):m.start() + len(url) + 1]
            if url[-1:] in "/=?&" and after and "\u4e00" <= after <= "\u9fff":
                continue  # https://baike.baidu.com/item/枫桥经验: the address goes on in Chinese
            if head is None:
                head = text[:m.start()]
            else:
                pieces[-1] = (pieces[-1][0], text[pos:m.start()])
            pieces.append((url, ""))
            pos = m.start() + len(url)
        if head is None:
            return text
        pieces[-1] = (pieces[-1][0], text[pos:])
        for k, (url, tail) in enumerate(pieces):
            a = etree.Element("a")
            a.set("href", url)
            a.text = util.AtomicString(url)
            a.tail = tail
            parent.insert(index + k, a)
        return head


_NOT_LINKED = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style"})
_STASHED = re.compile(re.escape(util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))  # raw HTML set aside


class _Outline(Treeprocessor):
    """The body's heading levels in order of depth, from h2: the page's title is its h1."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        levels = sorted({int(h.tag[1]) for h in headings})
        if levels and levels != list(range(2, 2 + len(levels))):
            rank = {level: min(2 + i, 6) for i, level in enumerate(levels)}
            for h in headings:
                h.tag = f"h{rank[int(h.tag[1])]}"


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Heading(HashHeaderProcessor):
    """`# 标题` and `#标题` are headings; a line starting with a WeChat topic (#平安建设#) is not."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{2,6}|#(?![^#\s][^#\n]*#(?!#)))(?!#)(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)")


def register(md: markdown.Markdown) -> None:
    """Read `md`'s text as the staff who write and paste it mean it (see the module's docstring)."""
    md.preprocessors.register(_Pasted(md), "pingan_pasted", 35)  # before whitespace is normalised (30)
    md.preprocessors.register(_Lines(md), "pingan_lines", 25)  # before raw HTML blocks are set aside (20)
    md.inlinePatterns.register(_Times(r"(?<=\d)\*(?=\d)", md), "pingan_times", 75)  # before emphasis (70, 60)
    for name, (kind, pattern, priority) in _BRACKETED.items():
        md.inlinePatterns.register(kind(pattern, md), name, priority)
    md.parser.blockprocessors.register(_Heading(md.parser), "hashheader", 70)  # in place of Markdown's own
    md.treeprocessors.register(_Addresses(md), "pingan_addresses", 6)  # after the inline patterns (20)
    md.treeprocessors.register(_Outline(md), "pingan_outline", 4)
    md.parser.blockprocessors.deregister("code")  # an indented block is a paragraph: no code in these stories

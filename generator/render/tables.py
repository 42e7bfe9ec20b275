"""A body's tables, readable on a phone: each cell carries its column's name (data-label), so that the stylesheet can
set a wide table's rows as cards on a narrow screen, every value under its column's name; the ARIA roles keep it a
table for screen readers, which drop a table's semantics once it is no longer displayed as one (as the data page's
tables)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import lxml.etree
import lxml.html
import markdown
from markdown import util
from markdown.treeprocessors import Treeprocessor

from .htmlpolicy import TABLE_ROLES as ROLES

CARD_FROM = 3  # columns from which a table is set as cards on a phone: two fit side by side


# Raw HTML in a header cell (<abbr title="…">调委会</abbr>, 乡镇<br>街道) is still Markdown's placeholder here
_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER.replace("%s", r"(\d+)"))


def _shown(raw: str) -> str:
    """The text a browser shows for a piece of raw HTML: parsed, not cut at each `>` (an attribute may hold one:
    title="a>b"), what a script, style or frame holds left out."""
    try:
        parts = lxml.html.fragments_fromstring(raw)
    except (lxml.etree.ParserError, ValueError):  # nothing but white space or a comment
        return ""
    shown = []
    for part in parts:
        if isinstance(part, str):
            shown.append(part)
            continue
        for hidden in part.xpath(".//script | .//style | .//iframe | .//template"):
            hidden.drop_tree()
        if part.tag not in ("script", "style", "iframe", "template") and isinstance(part.tag, str):
            shown.append(part.text_content())
        shown.append(part.tail or "")
    return "".join(shown)


class _Cards(Treeprocessor):
    def _name(self, th: etree.Element) -> str:
        """A header cell's text as a reader sees it: raw HTML as its text, without footnote marks (受理[^1])."""
        parts = [th.text or ""]
        for child in th:
            if child.tag != "sup":
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        blocks = self.md.htmlStash.rawHtmlBlocks

        def text(m: re.Match[str]) -> str:
            block = blocks[int(m[1])] if int(m[1]) < len(blocks) else ""
            return _shown(block) if isinstance(block, str) else ""

        return " ".join(_PLACEHOLDER.sub(text, "".join(parts)).split())

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead/tr")
            names = [self._name(th) for th in head.iter("th")] if head is not None else []
            if len(names) < CARD_FROM:
                continue
            for el in table.iter():
                if el.tag in ROLES:
                    el.set("role", ROLES[el.tag])
            for row in table.iterfind("tbody/tr"):
                for name, cell in zip(names, row.findall("td"), strict=False):
                    if name:
                        cell.set("data-label", name)


def register(md: markdown.Markdown) -> None:
    md.treeprocessors.register(_Cards(md), "pingan_table_cards", 3)

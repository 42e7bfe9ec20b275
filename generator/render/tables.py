"""A body's tables, readable on a phone: each cell carries its column's name (data-label), so that the stylesheet can
set a wide table's rows as cards on a narrow screen, every value under its column's name; the ARIA roles keep it a
table for screen readers, which drop a table's semantics once it is no longer displayed as one (as the data page's
tables)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

import markdown
from markdown import util
from markdown.treeprocessors import Treeprocessor

from .htmlpolicy import TABLE_ROLES as ROLES
from .htmlpolicy import sanitise
from .widetext import plain_text

CARD_FROM = 3  # columns from which a table is set as cards on a phone: two fit side by side


# Raw HTML in a header cell (<abbr title="…">调委会</abbr>, 乡镇<br>街道) is still Markdown's placeholder here
_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER.replace("%s", r"(\d+)"))


class _Cards(Treeprocessor):
    def _name(self, th: etree.Element) -> str:
        """A header cell's text as a reader sees it, without footnote marks (受理[^1]): the cell's HTML with its raw
        HTML put back (Markdown keeps each tag apart, <abbr title="a>b"> and </abbr>), sanitised as the body is, as
        text (a script's or a <textarea>'s content as the cell shows it)."""
        parts = [escape(th.text or "", quote=False)]
        for child in th:
            if child.tag != "sup":
                parts.append(escape("".join(child.itertext()), quote=False))
            parts.append(escape(child.tail or "", quote=False))
        blocks = self.md.htmlStash.rawHtmlBlocks

        def raw(m: re.Match[str]) -> str:
            block = blocks[int(m[1])] if int(m[1]) < len(blocks) else ""
            return block if isinstance(block, str) else ""

        return plain_text(sanitise(_PLACEHOLDER.sub(raw, "".join(parts)), frozenset()))

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

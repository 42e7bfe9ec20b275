"""A body's tables, readable on a phone: each cell carries its column's name (data-label), so that the stylesheet can
set a wide table's rows as cards on a narrow screen, every value under its column's name; the ARIA roles keep it a
table for screen readers, which drop a table's semantics once it is no longer displayed as one (as the data page's
tables)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

from .htmlpolicy import TABLE_ROLES as ROLES

CARD_FROM = 3  # columns from which a table is set as cards on a phone: two fit side by side


class _Cards(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead/tr")
            names = ["".join(th.itertext()).strip() for th in head.iter("th")] if head is not None else []
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

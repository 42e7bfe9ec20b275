"""What the detector works with: the page's rows, the candidates of each field with their scores and reasons,
and the article it decides on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from . import shapes as s
from .lines import source_name

T = TypeVar("T")
SURE = 6  # a winner at least this strong, with no rival within RIVAL points, is detected rather than guessed
RIVAL = 2


@dataclass(frozen=True)
class Edition:
    """A print-edition reference: （法治日报 2021年12月30日 第09版）."""

    paper: str
    date: str | None  # YYYY-MM-DD; an e-paper page may show only the page
    page: str | None  # as printed: 第09版, 05版, A3版; an e-paper page may show only the date

    def __str__(self) -> str:
        when = ""
        if self.date:
            y, m, d = self.date.split("-")
            when = f"{int(y)}年{int(m)}月{int(d)}日"
        return f"《{self.paper}》{when}{self.page or ''}"


@dataclass
class Candidate(Generic[T]):
    """One possible value of a field, the line it came from (0: the HTML head) and why it scored."""

    value: T
    score: int
    line: int
    why: str


@dataclass
class PageHints:
    """What an HTML page says of itself outside its text: <h1>, <title>, and <meta> names."""

    h1: str | None = None
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)  # the addresses of the page's pictures (not imported)
    link_lines: frozenset[int] = frozenset()  # the numbers of its lines that are only links: menus, tickers, tags
    table_lines: frozenset[int] = frozenset()  # the numbers of its lines that are a table's rows (| 城关镇 | 120 |)
    headings: frozenset[str] = frozenset()  # the texts of its <h2>–<h4>: the story's section headings, if in it


@dataclass
class Article:
    """What the detector made of a page; `detected`/`guessed` are the report's sentences."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    source: str | None = None
    own_words: tuple[str, int] | None = None  # the source given only as 本网/本报 (and its line): whose, the file says
    reprinted_by: str | None = None
    reprint_date: str | None = None
    edition: Edition | None = None
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    editors: list[str] = field(default_factory=list)
    editor_note: bool = False
    captions: int = 0  # photo captions kept in the body as "> 图片说明：" quotes
    body: list[str] = field(default_factory=list)  # paragraphs; the editor's note as a "> " quote
    dropped: Counter[str] = field(default_factory=Counter)
    detected: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)


@dataclass
class Row:
    n: int  # line number in the input, from 1
    text: str
    furniture: s.Furniture | None = None


class Ballot:
    """The candidates of every field, in the order they were found."""

    def __init__(self) -> None:
        self.fields: dict[str, list[Candidate[object]]] = {}
        self.brands: dict[str, str] = {}  # 海报新闻 -> 大众网

    def add(self, name: str, value: object, score: int, line: int, why: str) -> None:
        if name == "source" and isinstance(value, str):
            raw, value = value, source_name(value)
            if "·" in raw:  # 大众网·海报新闻: the brand of a site, not a reprint of it
                self.brands[str(value)] = raw.split("·")[0].strip()
        if value:
            self.fields.setdefault(name, []).append(Candidate(value, score, line, why))

    def best(self, name: str) -> tuple[Candidate[object] | None, Candidate[object] | None]:
        """The winner (highest score, the earliest of equals) and the best rival with another value."""
        ranked = sorted(self.fields.get(name, []), key=lambda c: -c.score)
        if not ranked:
            return None, None
        rival = next((c for c in ranked[1:] if c.value != ranked[0].value), None)
        return ranked[0], rival

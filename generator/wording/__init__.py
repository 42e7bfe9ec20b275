"""The wording check: standard names and expressions against their common wrong forms, over published texts.

The dictionary is data (terms.yml beside this file, each entry with the norm it comes from); a site adds its own
entries in site_config.yml (editorial.terms), and the names of its own 自治 regions are added from the region
tree. `pingan audit` reports every hit by severity; `pingan check` and `pingan build` report the 严重 ones as
warnings, so that --strict fails on them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Literal

import yaml

from ..config import Region, SiteConfig
from ..errors import Problem
from ..privacy import normalise

Severity = Literal["严重", "一般", "提示"]
SEVERITIES: tuple[Severity, ...] = ("严重", "一般", "提示")
TERMS_FILE = Path(__file__).with_name("terms.yml")
_ADDRESS = re.compile(r"https?://[^\s)\]>]+")  # a bare address in the text: blanked, same length, not wording


@dataclass(frozen=True)
class Term:
    """One entry: the wrong form (literal or pattern), the standard form, its severity and where the norm comes from."""

    pattern: re.Pattern[str]
    shown: str  # the wrong form as the report names it
    right: str
    severity: Severity
    basis: str
    note: str = ""
    since: date | None = None  # only texts published on or after this day (a renamed organ, a repealed law)
    origin: str = "词典"  # 词典 / site_config.yml / 地区树
    keys: tuple[str, ...] = ()  # text one of which a match must contain (the wrong form itself, for a literal)

    @property
    def needles(self) -> tuple[str, ...]:
        return self.keys or (self.shown,)


@dataclass(frozen=True)
class Hit:
    """A wrong form found in one line of one file."""

    path: str
    line: int
    found: str
    term: Term


def _term(entry: dict[str, object], origin: str) -> Term:
    wrong, pattern = entry.get("wrong"), entry.get("pattern")
    since = entry.get("since")
    given = entry.get("keys")
    keys: list[object] = list(given) if isinstance(given, list) else ([] if pattern else [wrong])
    return Term(pattern=re.compile(str(pattern) if pattern else re.escape(str(wrong))),
                shown=str(wrong or pattern), right=str(entry["right"]), severity=entry.get("severity", "一般"),  # type: ignore[arg-type]
                basis=str(entry.get("basis", "")), note=str(entry.get("note", "") or ""),
                since=since if isinstance(since, date) else None, origin=origin,
                keys=tuple(str(k) for k in keys))


@cache
def dictionary() -> tuple[Term, ...]:
    """The shipped entries (terms.yml), read once."""
    return tuple(_term(entry, "词典") for entry in yaml.safe_load(TERMS_FILE.read_text("utf-8")))


def terms(config: SiteConfig) -> list[Term]:
    """The shipped entries, the site's own (editorial.terms) and the full names of the site's 自治 regions."""
    own = [Term(re.compile(re.escape(t.wrong)), t.wrong, t.right, t.severity, t.basis or "本站规定", t.note,
                origin="site_config.yml") for t in config.editorial.terms]
    return [*dictionary(), *own, *_region_terms(config.regions)]


# The 55 minority peoples' names (the 56 民族 less 汉族), longest first so that 东乡 is not read as 乡.
PEOPLES = sorted("""蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
    拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
    俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split(), key=len, reverse=True)
_AUTONOMOUS = re.compile(rf"^(?P<place>.+?)(?P<peoples>(?:(?:{'|'.join(PEOPLES)})族)+)自治(?P<kind>州|县|旗)$")


def _region_terms(regions: list[Region]) -> Iterator[Term]:
    """天祝藏族自治县 written 天祝自治县: a 自治 region's name keeps its peoples."""
    for region in regions:
        m = _AUTONOMOUS.match(region.name)
        if m:
            wrong = f"{m['place']}自治{m['kind']}"
            yield Term(re.compile(re.escape(wrong)), wrong, region.name, "一般",
                       "《中华人民共和国民族区域自治法》：自治地方的名称由地方名称、民族名称和行政地位组成",
                       origin="地区树")
        yield from _region_terms(region.children)


class Scanner:
    """All entries as one pattern, run only on the lines that hold one of the entries' keys: a file is normalised
    and searched for the keys in one pass each, so a long text with nothing wrong costs two scans of it."""

    def __init__(self, entries: list[Term]) -> None:
        self.entries = entries
        self.pattern = re.compile("|".join(f"(?P<t{k}>{t.pattern.pattern})" for k, t in enumerate(entries))) \
            if entries else None
        needles = sorted({n for t in entries for n in t.needles}, key=len, reverse=True)
        self.keys = re.compile("|".join(re.escape(n) for n in needles)) if needles else None

    def scan(self, path: str, lines: Iterable[tuple[int, str]], published: date | None) -> list[Hit]:
        """The hits in `lines` (line number, text) of one file, for a text published on `published`. The text is
        read as the personal-data gate reads it (privacy.normalise): what a reader sees joined is matched joined
        (学习**习近平**…, 检<span>查</span>院, 检&#26597;院, zero-width and format characters, full-width digits),
        and link targets and tags are not published wording."""
        hits: list[Hit] = []
        if self.pattern is None or self.keys is None:
            return hits
        numbered = list(lines)
        norm = normalise("\n".join(t for _, t in numbered))
        text = _ADDRESS.sub(lambda m: " " * len(m[0]), norm.text) if "://" in norm.text else norm.text
        if not self.keys.search(text):
            return hits
        starts = list(accumulate((len(t) + 1 for _, t in numbered[:-1]), initial=0))  # each line in the original
        line_end = -1
        for key in self.keys.finditer(text):
            if key.start() <= line_end:
                continue  # this normalised line is searched already
            line_start = text.rfind("\n", 0, key.start()) + 1
            line_end = text.find("\n", key.end())
            line_end = len(text) if line_end < 0 else line_end
            for m in self.pattern.finditer(text, line_start, line_end):
                term = self.entries[int(str(m.lastgroup)[1:])]
                if not (term.since and published and published < term.since):
                    number = numbered[bisect.bisect_right(starts, norm.start(m.start())) - 1][0]
                    hits.append(Hit(path, number, m[0], term))
        return hits


# Front-matter keys whose values are not read as published text (ids, dates, paths, fingerprints, the review chain).
_NOT_TEXT = frozenset({"id", "date", "updated", "column", "region", "source_url", "cover", "imported", "draft",
                       "review"})


def text_lines(file: Path) -> list[tuple[int, str]]:
    """The lines of a story or record file that are published text, numbered from 1: a story's body and its
    text fields; a record's text values. Keys such as id, date and review (and what is nested under them) are
    left out."""
    out: list[tuple[int, str]] = []
    skipping = False
    in_front = False
    for number, line in enumerate(file.read_text("utf-8-sig", errors="replace").splitlines(), start=1):
        if file.suffix == ".md" and number == 1 and line.strip() == "---":
            in_front = True
            continue
        if in_front and line.strip() == "---":
            in_front, skipping = False, False
            continue
        if in_front or file.suffix in (".yml", ".yaml"):
            key = re.match(r"^([A-Za-z_]\w*)\s*:", line)
            if key:
                skipping = key[1] in _NOT_TEXT
            elif line and not line[0].isspace():
                skipping = False
            if skipping:
                continue
        out.append((number, line))
    return out


def severe_problems(hits: list[Hit]) -> list[Problem]:
    """The 严重 hits as warnings of `pingan check` and `pingan build` (errors with --strict)."""
    return [Problem(h.path, h.line, "", f"严重表述错误：“{h.found}”应为“{h.term.right}”",
                    f"依据：{h.term.basis}。" + (h.term.note and f"{h.term.note}"), level="warning")
            for h in hits if h.term.severity == "严重"]


def published_texts(root: Path, stories: Iterable[object], records: Iterable[str]
                    ) -> Iterator[tuple[str, list[tuple[int, str]], date | None]]:
    """(shown path, text lines, publication day) of the given published stories and record files."""
    for story in stories:
        yield story.path, text_lines(story.file), story.date.date()  # type: ignore[attr-defined]
    for shown in records:
        yield shown, text_lines(root / shown), None


def check_published(root: Path, config: SiteConfig, stories: Iterable[object], records: Iterable[str],
                    severity: tuple[Severity, ...] = SEVERITIES) -> list[Hit]:
    """Every hit of the entries of the given severities in the published texts."""
    scanner = Scanner([t for t in terms(config) if t.severity in severity])
    hits: list[Hit] = []
    for shown, lines, day in published_texts(root, stories, records):
        hits += scanner.scan(shown, lines, day)
    return hits

"""All structured records, loaded and checked as one dataset: references and metric arithmetic."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import SiteConfig
from ..errors import Collector, Problem
from ..pinyin import slug_for
from ..privacy import mask_name, normalise
from ..privacy.names import NAME_HINT, PARTY_NAME_HINT, names_in, person_names, short_place_names
from ..privacy.parties import after_party
from ..privacy.surnames import SURNAME_FIELDS, party_surnames, surname_hint, surnamed_names
from ..schema import SLUG_RE
from ..urls import RECORD_FOLDERS
from ..yamlsrc import loc_text
from .cases import Case
from .figures import Note, check_figures
from .honors import Honor
from .mediators import Mediator
from .metrics import Metrics
from .records import Loaded, Record, load_records

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ..publish.cache import Memo

# the case texts a name could leak through
NAME_FIELDS = ("title", "summary", "body", "place", "date_note", "source", "organisation")


@dataclass
class Dataset:
    cases: list[Loaded[Case]]
    mediators: list[Loaded[Mediator]]
    honors: list[Loaded[Honor]]
    metrics: list[Loaded[Metrics]]
    present: dict[str, set[str]]  # kind -> every record file name found, valid or not
    drafts: list[str]  # record files marked draft: checked, not published
    notes: list[Note] = field(default_factory=list)  # figures published as reported despite contradicting
    checked: int = 0  # warnings about figures that the files' `checked:` say were checked against the report

    @property
    def published_files(self) -> list[str]:
        """The record files that are published (drafts are not), as shown in messages."""
        kinds: tuple[list[Loaded[Any]], ...] = (self.cases, self.mediators, self.honors, self.metrics)
        return [r.path for kind in kinds for r in kind]

    @property
    def count(self) -> int:
        return len(self.cases) + len(self.mediators) + len(self.honors) + len(self.metrics)


R = TypeVar("R", bound=Record)
# Each folder of records, its schema and what its records are called.
KINDS: dict[str, tuple[type[Record], str]] = {"cases": (Case, "调解案例"), "mediators": (Mediator, "调解员或调解室"),
                                              "honors": (Honor, "荣誉"), "metrics": (Metrics, "统计数据")}


def load_dataset(root: Path, config: SiteConfig, collector: Collector, today: date,
                 memo: Memo | None = None, names: list[NameCheck] | None = None) -> Dataset:
    """Load every record type, then check references, names in case texts and figures across the whole dataset.
    With `memo`, the names found in a case text are kept by the text (and the site's public names). With `names`,
    the name check is begun in the background and appended there; its problems are the caller's to collect."""
    context = {"today": today}
    present: dict[str, set[str]] = {kind: set() for kind in KINDS}
    drafts: list[str] = []
    def records(kind: str, schema: type[R]) -> list[Loaded[R]]:
        return load_records(root, kind, schema, config, collector, context, present[kind], drafts, KINDS)

    data = Dataset(
        cases=records("cases", Case), mediators=records("mediators", Mediator), honors=records("honors", Honor),
        metrics=records("metrics", Metrics),
        present=present,
        drafts=drafts,
    )
    check_references(data, collector)
    if names is None:
        check_names(data, config, collector, memo)
    else:
        names.append(NameCheck(data, config, memo, background=True))
    findings = check_figures(data.metrics, config, collector)
    data.notes, data.checked = findings.notes, findings.checked
    return data


def public_names(data: Dataset, config: SiteConfig) -> tuple[frozenset[str], tuple[str, ...]]:
    """Names the site publishes itself: mediators and rooms, regions; and every record's source, whose people
    (reporters) are public too. A case's public_people are public in that case only (NameCheck). A case's
    organisation is not: it is checked as the case's text is (a party's name written into it would otherwise be
    public in every case)."""
    regions = {r.name for r in config.region_map.values()}
    known = {m.record.name for m in data.mediators} | regions | short_place_names(regions)
    sources = [x.record.source for kind in (data.cases, data.mediators, data.honors, data.metrics) for x in kind]
    return frozenset(known), tuple(sorted(set(sources)))


def check_names(data: Dataset, config: SiteConfig, collector: Collector, memo: Memo | None = None) -> None:
    """A party's name in a case's title, summary or body must be in the 某 form: anything else is an error naming
    the file and line, with the name masked."""
    with contextlib.closing(NameCheck(data, config, memo)) as names:
        collector.extend(names.problems())


PARALLEL_NAMES_FROM = 300  # texts to check from which a background process checks them (it loads jieba, ~2.5 s)


class NameCheck:
    """`check_names` begun. The names found in each text are kept in `memo`; with `background` and at least
    PARALLEL_NAMES_FROM texts not kept, a background process checks them while this one goes on (jieba tags
    ~60,000 characters a second: a cold build of 1,000 cases takes ~8 s). `problems` waits for it."""

    def __init__(self, data: Dataset, config: SiteConfig, memo: Memo | None = None, background: bool = False) -> None:
        self.data = data
        self.memo = memo
        # by (text, the surnames of its case's parties: see privacy/surnames.py), [start, name] or, for a name found
        # by a party's surname, [start, name, "surname"]
        self.found: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        self.todo: list[tuple[str, tuple[str, ...]]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future[list[list[list[Any]]]] | None = None
        if not data.cases:
            return  # jieba is not loaded for a site without cases
        # The names in the sources are found where the texts are checked: jieba (~190 MiB) is then loaded only there,
        # and not at all when every text's names are kept.
        self.known = public_names(data, config)
        self.digest = memo.fingerprint("public names", sorted(self.known[0]), self.known[1]) if memo is not None else ""
        texts = {_keyed(case, loc, text) for case in data.cases for _, loc, text in _name_texts(case)}
        for item in texts:
            kept = memo.get(self._key(item)) if memo is not None else None
            if kept is not None:
                self.found[item] = kept
        self.todo = sorted(texts - set(self.found))
        if background and len(self.todo) >= PARALLEL_NAMES_FROM:
            from ..parallel import process_pool, workers

            if workers() > 1:
                self.pool = process_pool(1)
                self.future = self.pool.submit(_names_of_many, self.todo, self.known)

    def _key(self, item: tuple[str, tuple[str, ...]]) -> str:
        assert self.memo is not None
        return self.memo.fingerprint("names", item[0], self.digest, *item[1])

    def problems(self) -> list[Problem]:
        if self.todo:
            results = self.future.result() if self.future is not None else _names_of_many(self.todo, self.known)
            for item, names in zip(self.todo, results, strict=True):
                self.found[item] = names
                if self.memo is not None:
                    self.memo.put(self._key(item), names)
            self.todo = []
        out = []
        for case in self.data.cases:
            public = case.record.public_people  # the officials this case names: public here, not in other cases
            for name_field, loc, text in _name_texts(case):
                line = case.line(*loc)
                first = line + 1 if line is not None and "\n" in text else line  # `body: |` starts on the next line
                for start, name, *surname in self.found[_keyed(case, loc, text)]:
                    party = after_party(text, start)  # 当事人王建设: a party, whatever public_people says
                    if not party and any(name in person for person in public):  # 张伟 (of the public 张伟)
                        continue
                    at = first + text.count("\n", 0, start) if first is not None else None
                    out.append(Problem(
                        case.path, at, name_field,
                        f"{name_field}{_GAP[name_field.endswith('项')]}里有未匿名的人名“{mask_name(name)}”",
                        surname_hint(name, case.record.parties) if surname and not party
                        else PARTY_NAME_HINT if party else NAME_HINT))
        return out

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


_GAP = (" ", "")  # between a field and 里有: title 里有…, parties 第 2 项里有…


def _name_texts(case: Loaded[Case]) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """(field, its place in the file, text) for each text of a case a party's name could be written in: the
    NAME_FIELDS, each amount's item and amount, and a party written as an unnamed organisation (某李秀英养殖厂)."""
    record = case.record
    for name_field in NAME_FIELDS:
        if text := getattr(record, name_field):
            yield name_field, (name_field,), text
    for i, amount in enumerate(record.amounts):
        yield loc_text(("amounts", i, "item")), ("amounts", i, "item"), amount.item
        yield loc_text(("amounts", i, "amount")), ("amounts", i, "amount"), amount.amount  # 付给张建国1.8万元
    for i, party in enumerate(record.parties):
        if party.startswith("某"):
            yield loc_text(("parties", i)), ("parties", i), party


def _keyed(case: Loaded[Case], loc: tuple[str | int, ...], text: str) -> tuple[str, tuple[str, ...]]:
    """A case text with the surnames of the case's parties, for the texts they are looked for in."""
    return text, party_surnames(case.record.parties) if loc[0] in SURNAME_FIELDS else ()


def _names_of_many(texts: list[tuple[str, tuple[str, ...]]], known: tuple[frozenset[str], tuple[str, ...]]
                   ) -> list[list[list[Any]]]:
    """[[start, name], …] for each text (run in the background process: see NameCheck), and [start, name,
    "surname"] for a name found by the surname of one of its case's parties. `known`: the site's public names, and
    the sources whose people are public too (记者 马忠)."""
    names, sources = known
    public = names | names_in(sources)
    out = []
    for text, surnames in texts:
        # read as the personal-data gate reads it: a name split by a zero-width space, written as HTML entities
        # (&#24352;) or split by bold markers is found, and reported where it starts in the original
        norm = normalise(text)
        # 居民何建国 in a case of 何某's, found by the party's surname: in place of what jieba found there
        by = surnamed_names(norm.text, surnames, public) if surnames else []
        found: list[list[Any]] = [[norm.start(n.start), n.name, "surname"] for n in by]
        found += [[norm.start(n.start), n.name] for n in person_names(norm.text, public)
                  if not any(b.start < n.start + len(n.name) and n.start < b.start + len(b.name) for b in by)]
        # and in the parts taken out of the running text but published all the same: <span title="张伟">
        found += [[start, n.name] for start, _, side in norm.sides for n in person_names(side.text, public)]
        out.append(sorted(found))
    return out


def _missing(loaded: Loaded, loc: tuple[str | int, ...], field: str, what: str, kind: str, ref: str,
             named: dict[str, str]) -> Problem:
    """A reference to no record; when it is a record's name (王芳, not wang-fang), the id to write instead."""
    line = loaded.line(*loc)
    if ref in named:
        found = named[ref]
        written = f"{loc[-1]}: {found}" if isinstance(loc[-1], str) else found
        return Problem(loaded.path, line, field, f"“{ref}”是{what}的名字，这里要写它的标识 {found}"
                       f"（content/{kind}/{found}.yml）", f"请写成 {written}")
    if SLUG_RE.match(ref):
        return Problem(loaded.path, line, field, f"找不到{what} {ref}（应有文件 content/{kind}/{ref}.yml）",
                       f"检查拼写，或先在 content/{kind}/ 里添加 {ref}.yml。")
    slug = slug_for(ref, kind.rstrip("s"))  # 全省优秀人民调解员: a name, and no record has it
    return Problem(loaded.path, line, field, f"找不到{what}“{ref}”：这里要写{what}文件的标识（英文），不是名称",
                   f"先用 pingan new {_NEW_KIND[kind]} --title {_argument(ref)} 新建这个{what}"
                   f"（文件名就是它的标识，例如 content/{kind}/{slug}.yml），再在这里写 {slug}。")


def _argument(text: str) -> str:
    """`text` as one argument of a command typed in a terminal (cmd.exe too: double quotes)."""
    return f'"{text}"' if any(c.isspace() for c in text) or '"' in text else text


_NEW_KIND = {folder: kind for kind, folder in RECORD_FOLDERS.items()}


def check_references(data: Dataset, collector: Collector) -> None:
    """Every reference must point at an existing record; the message names both files."""
    mediators = data.present["mediators"]
    honors = data.present["honors"]
    mediator_names = {m.record.name: m.record.id for m in data.mediators}
    honor_names = {h.record.name: h.record.id for h in data.honors}
    for case in data.cases:
        ref = case.record.mediator
        if ref is not None and ref not in mediators:
            collector.add(_missing(case, ("mediator",), "mediator", "调解员或调解室", "mediators", ref,
                                   mediator_names))
    for mediator in data.mediators:
        for i, ref in enumerate(mediator.record.honors):
            if ref not in honors:
                collector.add(_missing(mediator, ("honors", i), loc_text(("honors", i)), "荣誉", "honors", ref,
                                       honor_names))
    for honor in data.honors:
        ref = honor.record.recipient.mediator
        if ref is not None and ref not in mediators:
            collector.add(_missing(honor, ("recipient", "mediator"), "recipient.mediator", "调解员或调解室",
                                   "mediators", ref, mediator_names))

"""Structured records: one YAML file per record under content/<kind>/, validated by its schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import Field, ValidationError

from ..config import SiteConfig
from ..errors import Collector, Problem
from ..limits import control_problems, refusal, walk_strings
from ..nesting import nesting_problem
from ..schema import SLUG_RE, Schema, problems_from
from ..yamlhints import not_fields
from ..yamlsrc import Document, YamlError, load, loc_text
from .common import joined_items, unfilled, unpicked
from .frontmatter import FrontMatterError, read_text


class Record(Schema):
    """What every record file may say besides its own fields."""

    draft: bool = Field(False, description="草稿：true 时不发布。")


T = TypeVar("T", bound=Record)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated record with the file it came from, for messages that name file and line."""

    record: T
    doc: Document

    @property
    def path(self) -> str:
        return self.doc.path

    def line(self, *loc: str | int) -> int | None:
        return self.doc.line_of(tuple(loc))


def load_records(root: Path, kind: str, schema: type[T], config: SiteConfig, collector: Collector,
                 context: dict[str, Any] | None = None, present: set[str] | None = None,
                 drafts: list[str] | None = None, kinds: dict[str, tuple[type[Record], str]] | None = None
                 ) -> list[Loaded[T]]:
    """Load every `content/<kind>/**/*.yml`; the record id must be unique and match the file name.

    `present` receives the name of every file found, valid or not, so that a reference to a record
    that exists but has its own errors is not reported a second time as missing. `kinds` (folder -> schema and
    what its records are called) tells a record saved in the wrong folder.
    """
    folder = root / "content" / kind
    out: list[Loaded[T]] = []
    seen: dict[str, str] = {}
    for file in sorted([*folder.rglob("*.yml"), *folder.rglob("*.yaml")]):
        shown = file.relative_to(root).as_posix()
        if present is not None:
            present.add(file.stem)
        if refusal(file, root / "content") is not None:
            continue  # a FIFO, device, dangling link or link out of content/: reported by limits.special_files
        try:
            text = read_text(file, shown, root / "content")
            doc = load(text, shown)
        except FrontMatterError as exc:
            collector.add(exc.problem)
            continue
        except YamlError as exc:
            collector.extend(exc.problems)
            continue
        collector.extend(doc.problems)
        if not isinstance(doc.data, dict):
            collector.extend(not_fields(text, shown, 0, "记录文件应为“字段: 值”的键值对", "参照示例文件填写。"))
            continue
        texts = _text_problems(doc) + joined_items(doc, shown)
        collector.extend(texts)
        # a value still the example `pingan new` wrote (said beside the record's other errors, in the same round)
        picked = [] if doc.data.get("draft") is True else unpicked(text, shown)
        collector.extend(picked)
        if any(p.level == "error" for p in texts):  # a Markdown field (body, bio) nested too deep to convert, or
            continue  # writing a control character; a separator in a list's item (a space in one: read on)
        try:
            record = schema.model_validate(doc.data, context={"zone": config.zone, "config": config,
                                                              **(context or {})})
        except ValidationError as exc:
            elsewhere = _belongs_elsewhere(doc.data, kind, schema, kinds or {})
            if elsewhere is not None:
                folder_name, what = elsewhere
                collector.add(Problem(shown, 1, "", f"这个文件像是{what}的记录，却放在 content/{kind}/ 里",
                                      f"请把它移到 content/{folder_name}/；{what}的记录都放在那里。"))
                continue
            written = doc.data.get("id")
            if isinstance(written, str) and written != file.stem:  # said now, not in a round after these
                collector.add(_id_problem(shown, doc, written, file))
            collector.extend(_missing_id(problem, file) if problem.field == "id" and problem.message == "缺少必填字段"
                             else problem for problem in problems_from(exc, schema, doc))
            continue
        if doc.problems:
            continue
        record_id = str(getattr(record, "id", file.stem))
        if record_id != file.stem:
            collector.add(_id_problem(shown, doc, record_id, file))
            continue
        if record_id in seen:
            collector.add(Problem(shown, doc.line_of(("id",)), "id", f"标识 {record_id} 与 {seen[record_id]} 重复",
                                  "每条记录的 id 必须唯一。"))
            continue
        seen[record_id] = shown
        if record.draft:  # checked like any record, but not published
            if drafts is not None:
                drafts.append(shown)
            continue
        empty = unfilled(doc, shown)
        collector.extend(empty)
        if empty or picked:
            continue
        out.append(Loaded(record, doc))
    return out


def _belongs_elsewhere(data: dict[Any, Any], kind: str, schema: type[Schema],
                       kinds: dict[str, tuple[type[Record], str]]) -> tuple[str, str] | None:
    """(folder, what its records are called) of the other kind of record `data` is, when at least two of its fields
    are not this kind's and every field is that kind's (a case saved in content/mediators/)."""
    keys = {k for k in data if isinstance(k, str)}
    if len(keys - set(schema.model_fields)) < 2:
        return None
    for other, (other_schema, what) in kinds.items():
        if other != kind and keys <= set(other_schema.model_fields):
            return other, what
    return None


def _id_problem(shown: str, doc: Document, record_id: str, file: Path) -> Problem:
    either = f"，或把 id 改成 {file.stem}" if SLUG_RE.match(file.stem) else ""  # a name fit to be an id
    return Problem(shown, doc.line_of(("id",)), "id", f"记录标识 {record_id} 与文件名 {file.stem} 不一致",
                   f"请把文件改名为 {record_id}{file.suffix}{either}。")


def _missing_id(problem: Problem, file: Path) -> Problem:
    """A missing id, with the id to write: the file's name, which it must match (a Chinese name: the file renamed to
    its pinyin first; typing the name as the id only led to the next error)."""
    if SLUG_RE.match(file.stem):
        return replace(problem, hint=f"请在文件中加上 id: {file.stem}（id 要和文件名相同）。")
    if not re.search(r"[\u4e00-\u9fff]", file.stem):  # no Chinese to spell in pinyin (！！！.yml)
        return replace(problem, hint="id 要和文件名相同，并且只用英文字母、数字和连字符：请把文件改成这样的名字"
                                     "（例如 zhang-san.yml），再加上同样的 id（id: zhang-san）。")
    from ..pinyin import slugs

    slug = slugs([file.stem])[file.stem]
    return replace(problem, hint=f"id 要和文件名相同，并且只用英文字母、数字和连字符："
                                 f"请把文件改名为 {slug}{file.suffix}，再加上 id: {slug}。")


def _text_problems(doc: Document) -> list[Problem]:
    """What in a record's texts cannot be converted or published: Markdown nested deeper than limits.MAX_DEPTH
    (the first such text only) and control characters written as references (&#27;). Every field is checked:
    the cheap tests need not know which fields are Markdown."""
    problems: list[Problem] = []
    deep = None
    for loc, text in walk_strings(doc.data):
        line = doc.line_of(loc) or 1
        first = line + 1 if "\n" in text else line  # a block scalar (`body: |`) starts on the line after its key
        deep = deep or nesting_problem(text, doc.path, first, loc_text(loc))
        problems += control_problems(text, doc.path, first, loc_text(loc), raw=False)
    return ([deep] if deep is not None else []) + problems

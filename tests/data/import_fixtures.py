"""The import fixtures (tests/data/import_pages/*/) and how an imported article is compared with them.

Shared by tests/test_import_pages.py, which asserts every field, and bench/import_accuracy.py, which counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.authoring.article import Article
from generator.authoring.importer import analyse_file

PAGES = Path(__file__).parent / "import_pages"
FIELDS = ("title", "subtitle", "date", "source", "reprinted_by", "edition", "people", "editor_note",
          "body_first", "body_last", "gone", "figures")
SENTENCE = re.compile(r".*?[。！？!?][”’」』）)\"]*|.+$")


@dataclass(frozen=True)
class Fixture:
    name: str
    page: Path
    expected: dict[str, Any]


def fixtures() -> list[Fixture]:
    out = []
    for folder in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        page = next((folder / n for n in ("page.html", "page.htm", "page.txt") if (folder / n).exists()), None)
        if page is not None and (folder / "expected.yml").exists():
            out.append(Fixture(folder.name, page, yaml.safe_load((folder / "expected.yml").read_text("utf-8"))))
    return out


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(paragraph) if s.strip()]


def story(art: Article) -> list[str]:
    """The story's own paragraphs: the editor's note and captions (quotes), section headings, pictures and tables
    left out."""
    return [p for p in art.body if not p.startswith((">", "#", "![", "|"))]


def actual(art: Article) -> dict[str, Any]:
    """What the importer made of a fixture, in the terms of expected.yml."""
    paras = story(art)
    return {
        "title": art.title,
        "subtitle": art.subtitle,
        "date": art.date,
        "source": art.source,
        "reprinted_by": art.reprinted_by,
        "edition": None if art.edition is None else
        {"paper": art.edition.paper, "date": art.edition.date, "page": art.edition.page},
        "people": [{"name": n, "role": r} for n, r in art.people],
        "editor_note": art.editor_note,
        "body_first": sentences(paras[0])[0] if paras else None,
        "body_last": sentences(paras[-1])[-1] if paras else None,
    }


def compare(fixture: Fixture, art: Article | None = None) -> dict[str, tuple[bool, Any, Any]]:
    """Per field: (right, what came out, what was expected)."""
    art = art or analyse_file(fixture.page)
    got = actual(art)
    want = fixture.expected
    text = "\n".join([art.title or "", art.subtitle or "", *art.body])
    result: dict[str, tuple[bool, Any, Any]] = {}
    for name in FIELDS:
        if name == "gone":
            kept = [g for g in want.get("gone") or [] if str(g) in text]
            result[name] = (not kept, kept, [])
        elif name == "figures":
            lost = [f for f in want.get("figures") or [] if str(f) not in text]
            result[name] = (not lost, lost, [])
        else:
            expected = want.get(name)
            if name == "edition" and expected is not None:
                expected = {k: (str(v) if v is not None else None) for k, v in expected.items()}
            if name == "people":
                expected = expected or []
            if name == "editor_note":
                expected = bool(expected)
            if name == "date" and expected is not None:
                expected = str(expected)
            result[name] = (got[name] == expected, got[name], expected)
    return result

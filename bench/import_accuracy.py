"""How many real page shapes `pingan import` gets right, field by field.

    python bench/import_accuracy.py [--held-out PREFIX ...]

Runs the importer's detector on every fixture in tests/data/import_pages/ (one real page shape each, written in
our own words, with an expected.yml) and prints, per field, how many fixtures came out exactly right, then every
miss with what came out and what was expected. With --held-out, fixtures whose folder starts with one of the
prefixes are counted apart (pages written after the rules were settled)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.data.import_fixtures import FIELDS, compare, fixtures  # noqa: E402

NAMES = {"title": "标题", "subtitle": "副题/引题", "date": "日期时间", "source": "来源", "reprinted_by": "转载网站",
         "edition": "版面出处", "people": "署名和身份", "editor_note": "编者按", "body_first": "正文第一句",
         "body_last": "正文最后一句", "gone": "页面杂项已删净", "figures": "数字全部保留"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", nargs="*", default=[], help="folder prefixes counted apart")
    args = parser.parse_args()
    groups: dict[str, list[tuple[str, dict[str, tuple[bool, object, object]]]]] = {"全部": []}
    for fixture in fixtures():
        result = compare(fixture)
        groups["全部"].append((fixture.name, result))
        if any(fixture.name.startswith(p) for p in args.held_out):
            groups.setdefault("后写的", []).append((fixture.name, result))
    publishers = {f.expected.get("publisher") for f in fixtures()}
    print(f"{len(groups['全部'])} 个页面样本，{len(publishers)} 家发布者")
    header = "| 字段 | " + " | ".join(f"{g}（{len(rows)}）" for g, rows in groups.items()) + " |"
    print(header)
    print("|" + "---|" * (len(groups) + 1))
    worst = 1.0
    for name in FIELDS:
        cells = []
        for rows in groups.values():
            right = sum(r[name][0] for _, r in rows)
            share = right / max(len(rows), 1)
            worst = min(worst, share) if rows is groups["全部"] else worst
            cells.append(f"{right}/{len(rows)}（{share:.0%}）")
        print(f"| {NAMES[name]} | " + " | ".join(cells) + " |")
    misses = [(fixture, name, got, want) for fixture, r in groups["全部"]
              for name, (ok, got, want) in r.items() if not ok]
    if misses:
        print("\n未答对：")
    for fixture, name, got, want in misses:
        print(f"  {fixture}  {NAMES[name]}：得到 {got!r}，应为 {want!r}")
    return 0 if worst >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())

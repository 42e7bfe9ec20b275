"""Precision and recall of the name check in case texts, on the sentences of tests/data/names_table.py.

    python bench/name_check.py

Prints one line per part of the table (the sentences the rules were settled on, and those written afterwards), and
every sentence where the check found other names than expected."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.privacy.names import person_names  # noqa: E402
from tests.data.names_table import HELD_OUT, KNOWN, TABLE  # noqa: E402


def main() -> None:
    totals = [0, 0, 0, 0, 0]
    print("| 句子 | 应报的人名 | 报对 | 误报 | 漏报 | 准确率 | 召回率 |")
    for name, rows in (("定规则用的", TABLE), ("之后才写的", HELD_OUT)):
        expected = hit = wrong = missed = 0
        for sentence, names in rows:
            found = {n.name for n in person_names(sentence, KNOWN)}
            expected += len(names)
            hit += len(found & names)
            wrong += len(found - names)
            missed += len(names - found)
            if found != names:
                print(f"  {sentence}  找到 {sorted(found)}，应为 {sorted(names)}", file=sys.stderr)
        for i, v in enumerate((len(rows), expected, hit, wrong, missed)):
            totals[i] += v
        print(_row(f"{name} {len(rows)} 句", expected, hit, wrong, missed))
    print(_row(f"合计 {totals[0]} 句", *totals[1:]))


def _row(name: str, expected: int, hit: int, wrong: int, missed: int) -> str:
    return (f"| {name} | {expected} | {hit} | {wrong} | {missed} | {hit / max(hit + wrong, 1):.1%} | "
            f"{hit / max(hit + missed, 1):.1%} |")


if __name__ == "__main__":
    main()

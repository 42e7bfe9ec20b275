"""Build-speed benchmark: N synthetic stories (Chinese, 800-3,000 characters each) built in a temp dir.

Usage:  python bench/build_speed.py [N ...]        (default: 1000 5000)

The corpus is what a city portal holds: N stories that read like real ones (corpus.py: varied sentences,
headings, lists, bold, links, a table in one in eight, a small photo in one in four), one in ten also with a
12-megapixel photo, N/5 cases, N/50 mediators, N/50 honors, and metrics for 20 regions over 12 periods. The
12-megapixel photos are made once under bench/out/photos/ and reused.

Each size is built three times, each in a fresh child process: cold (no cache), warm (nothing changed) and
after editing one story. Reports wall times, ms per story, warm/cold ratio, peak memory of the cold build (with
its child processes), the size of the output, the bytes one search query downloads (the largest of 调解, 调解员,
网格员 and 长安杯, measured in headless Chromium by search_bytes.py; every one must find something) and the
per-story cost relative to the smallest size (1.00 means perfectly linear).

Then, in the same run, the same stories (with their small photos, without the 12-megapixel ones and the
records, which only this generator builds) are
built cold by this generator, by Pelican and by Hugo (compare.py), and our time is printed as a ratio to theirs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from project import REPO, write_corpus

CHILD = """
import sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
from pathlib import Path
from generator.build import build
root = Path(sys.argv[1])
started = time.perf_counter()
report = build(root / "site_config.yml", root / "site", now=datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
print(time.perf_counter() - started, report.stories, report.pages)
"""


def _child(root: Path) -> tuple[float, int, int, float]:
    """One build in a fresh process: (seconds, stories, pages, peak MiB of it and its children)."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"build in {root} failed")
    seconds, stories, pages = out.split()
    # The build returned once the new site was in place; its old site is deleted by a process of its own
    # (publish._discard). Let that finish before the next build is timed, so it does not share the cores.
    deadline = time.monotonic() + 600
    while list(root.glob(".site.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return float(seconds), int(stories), int(pages), usage.ru_maxrss / 1024


def run(n: int) -> dict[str, float]:
    """Cold build, warm build (nothing changed) and a build after editing one story, each in its own process."""
    with tempfile.TemporaryDirectory(prefix=f"pingan-bench-{n}-") as tmp:
        root = Path(tmp)
        write_corpus(root, n)
        first = next((root / "content" / "news").rglob("*.md"))
        sample = first.read_text(encoding="utf-8")
        cold, stories, pages, peak = _child(root)
        output = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        search = _search_bytes(root / "site")
        warm, *_ = _child(root)
        first.write_text(sample.replace("title: ", "title: 修改后的", 1), encoding="utf-8")
        edited, *_ = _child(root)
        return {"stories": stories, "pages": pages, "cold": cold, "warm": warm, "edited": edited, "peak": peak,
                "output": output / 2**20, "search": search, "chars": len(sample.split("---\n", 2)[2])}


def _search_bytes(site: Path) -> float:
    """KB the costliest of the sample queries downloads; NaN without Chromium and Playwright."""
    if shutil.which("chromium") is None:
        return float("nan")
    from search_bytes import measure

    results = measure(site)
    empty = [query for query, (_sent, shown) in results.items() if shown == 0]
    if empty:
        raise SystemExit(f"搜索没有找到：{'、'.join(empty)}")
    return max(sent for sent, _shown in results.values()) / 1024


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000]
    print(f"{'stories':>8} {'pages':>7} {'cold s':>7} {'ms/story':>9} {'warm s':>7} {'warm/cold':>9} {'edit s':>7} "
          f"{'peak MiB':>9} {'out MiB':>8} {'search KB':>10} {'vs smallest':>12}")
    base = None
    for n in sizes:
        started = time.perf_counter()
        r = run(n)
        per = r["cold"] * 1000 / r["stories"]
        base = base or per
        print(f"{r['stories']:>8.0f} {r['pages']:>7.0f} {r['cold']:>7.1f} {per:>9.2f} {r['warm']:>7.1f} "
              f"{r['warm'] / r['cold']:>9.2f} {r['edited']:>7.1f} {r['peak']:>9.0f} {r['output']:>8.0f} "
              f"{r['search']:>10.0f} {per / base:>11.2f}x"
              f"   (~{r['chars']:.0f} characters per story; total {time.perf_counter() - started:.0f} s)", flush=True)
    print()
    from compare import compare

    compare(sizes)


if __name__ == "__main__":
    main(sys.argv[1:])

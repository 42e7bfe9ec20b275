"""The same stories built by this generator, by Pelican (PyPI, default theme) and, when installed, by Hugo.

Usage:  python bench/compare.py [N ...]        (default: 1000 5000)

Pelican is installed into bench/out/pelican-venv from PyPI on first use. Hugo is the Debian package `hugo`
(apt-get install hugo) with the minimal theme in bench/hugo/; without it the Hugo column says so. Every
build is cold (fresh directories, no caches) and runs in its own process; times are wall-clock seconds
and the ratios are ours divided by theirs, from the same run. The corpus is the stories of corpus.py with their
small photos (no 12-megapixel photos or records), since those are what all three build; the text is the same
for all three, only an image's address is written the way each generator reaches content/images.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus
from project import REPO, write_corpus

OUT = REPO / "bench" / "out"
PELICAN_VENV = OUT / "pelican-venv"
HUGO_THEME = REPO / "bench" / "hugo"

PELICAN_CONF = """\
SITENAME = "平安建设宣传网"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "news/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
RELATIVE_URLS = True
STATIC_PATHS = ["images"]
"""

HUGO_CONFIG = """\
baseURL = "https://pingan.example.gov.cn/"
languageCode = "zh-cn"
title = "平安建设宣传网"
hasCJKLanguage = true
paginate = 10
theme = "minimal"
themesDir = "{themes}"
[taxonomies]
  tag = "tags"
  category = "categories"
  region = "regions"
[permalinks]
  news = "/news/:year/:month/:day/:slug/"
"""

def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr[-2000:]}")
    return seconds


def ensure_pelican() -> Path:
    python = PELICAN_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pelican>=4.9", "markdown"], check=True)
    return PELICAN_VENV / "bin" / "pelican"


def main(argv: list[str]) -> None:
    compare([int(a) for a in argv] or [1000, 5000])


def compare(sizes: list[int]) -> None:
    """Build the same stories cold with each generator; print the times and our ratios."""
    pelican = ensure_pelican()
    hugo = shutil.which("hugo")
    print(f"{'stories':>8} {'ours s':>7} {'Pelican s':>10} {'Hugo s':>7} {'ours/Pelican':>13} {'ours/Hugo':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"pingan-compare-{n}-") as tmp:
            root = Path(tmp)
            (root / "ours").mkdir()
            made = write_corpus(root / "ours", n, photos=False, records=False)  # the stories all three can build
            ours = timed([sys.executable, "-m", "generator", "build", "--config", str(root / "ours/site_config.yml")],
                         REPO)
            (root / "pelican").mkdir()
            (root / "pelican" / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
            corpus.write_pelican(root / "pelican", made)
            theirs = timed([str(pelican), "content", "-o", "output", "-s", "pelicanconf.py", "-q"], root / "pelican")
            hugo_s = None
            if hugo:
                (root / "hugo").mkdir()
                (root / "hugo" / "config.toml").write_text(HUGO_CONFIG.format(themes=HUGO_THEME), encoding="utf-8")
                corpus.write_hugo(root / "hugo", made)
                hugo_s = timed([hugo, "--quiet", "-d", "public"], root / "hugo")
            hugo_text = f"{hugo_s:>7.1f}" if hugo_s else f"{'—':>7}"
            ratio_hugo = f"{ours / hugo_s:>9.2f}x" if hugo_s else f"{'(no hugo)':>10}"
            print(f"{n:>8} {ours:>7.1f} {theirs:>10.1f} {hugo_text} {ours / theirs:>12.2f}x {ratio_hugo}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])

"""Preview latency: from saving an edited story to the browser showing it, with `pingan serve` on N stories.

Usage:  python bench/serve_latency.py [N ...]        (default: 5000)

Builds the corpus of build_speed.py (without the photos, which only slow the first build), starts
`pingan serve` on 127.0.0.1, opens a story in headless Chromium (Debian package `chromium`), then edits that
story's title five times. For each save it reports the seconds until the open page shows the new title
(the browser reloads by itself), and until the whole follow-up build has updated the lists as well.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from project import REPO, write_corpus

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
EDITS = 5


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_in_log(log: Path, needle: str, count: int, limit: float) -> float:
    """Seconds until `needle` appears `count` times in the log."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if log.read_text(encoding="utf-8", errors="replace").count(needle) >= count:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"等待超时：{needle}\n" + log.read_text(encoding="utf-8", errors="replace")[-2000:])


def run(n: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix=f"pingan-serve-{n}-") as tmp:
        root = Path(tmp)
        write_corpus(root, n, photos=False)
        story = sorted((root / "content" / "news").rglob("*.md"))[-1]
        text = story.read_text(encoding="utf-8")
        date = next(line for line in text.splitlines() if line.startswith("date: "))[6:16]
        url_path = f"news/{date.replace('-', '/')}/{story.stem}/"
        port, log = _port(), root / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--config",
                                     str(root / "site_config.yml"), "--port", str(port)], cwd=REPO, stdout=out,
                                    stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
            try:
                _wait_in_log(log, "预览地址", 1, 900)
                # The site is served at its address's path (/sub/ for https://x.gov.cn/sub/): start from there
                address = re.search(r"预览地址：(http://\S+?/)(?:\s|　|$)", log.read_text(encoding="utf-8"))
                if address is None:
                    raise SystemExit("日志里没有预览地址\n" + log.read_text(encoding="utf-8", errors="replace")[-2000:])
                shown, whole = [], []
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
                    page = browser.new_page()
                    page.goto(address[1] + url_path)
                    for i in range(EDITS):
                        title = f"第{i}次修改后的标题"
                        builds = log.read_text(encoding="utf-8").count("已重新生成")
                        started = time.perf_counter()
                        story.write_text(text.replace("title: ", f"title: {title}", 1), encoding="utf-8")
                        while time.perf_counter() - started < 120:
                            try:
                                if title in page.inner_text("h1", timeout=1000):
                                    break
                            except Exception:  # the page is reloading
                                pass
                            time.sleep(0.01)
                        else:
                            raise SystemExit("浏览器没有显示修改")
                        shown.append(time.perf_counter() - started)
                        whole.append(_wait_in_log(log, "已重新生成", builds + 1, 600) + shown[-1])
                    browser.close()
                return shown, whole
            finally:
                proc.terminate()
                proc.wait(timeout=30)


def main(argv: list[str]) -> None:
    print(f"{'stories':>8} {'save→page shown s':>18} {'max s':>6} {'save→all pages s':>17}")
    for n in [int(a) for a in argv] or [5000]:
        shown, whole = run(n)
        print(f"{n:>8} {statistics.median(shown):>18.2f} {max(shown):>6.2f} {statistics.median(whole):>17.1f}"
              f"   (median of {EDITS} saves)")


if __name__ == "__main__":
    main(sys.argv[1:])

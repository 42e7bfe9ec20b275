"""Bytes a reader's browser downloads to run one search query on a built site.

Usage:  python bench/search_bytes.py SITE_DIR [QUERY ...]     (default queries: 调解 调解员 网格员 长安杯)

Serves SITE_DIR on 127.0.0.1, opens /search/?q=QUERY in headless Chromium (Debian package `chromium`) and adds
up every file under /search-index/ that the query fetched (meta.json, index chunks, one file per result shown)
and the results page's own script, each counted at the size a server with gzip would send: the script and JSON
gzipped, the binary index chunks as they are (servers often do not compress unknown types). The page itself and
the styles and scripts every page has are not counted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
QUERIES = ["调解", "调解员", "网格员", "长安杯"]
SCRIPT = "pingan-search.js"  # the results page's own script, counted with the index files
COMPRESSIBLE = (".js", ".css", ".json")  # index chunks (.bin) are counted as they are


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def sent_bytes(name: str, body: bytes) -> int:
    """What a gzip-enabled server sends for this file."""
    if name.endswith(COMPRESSIBLE):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def measure(site: Path, queries: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Per query: (bytes under /search-index/ and of the script as sent with gzip, number of results shown)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, tuple[int, int]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            for query in queries or QUERIES:
                page = browser.new_page()  # a fresh page with an empty cache for every query
                responses: list[Any] = []
                page.on("response", lambda response, into=responses: into.append(response))
                page.goto(f"{base}search/?q={query}")
                page.wait_for_function("/找到|没有找到|暂时不能/.test(document.getElementById('pa-search-status')"
                                       ".textContent)", timeout=60_000)
                page.wait_for_load_state("networkidle")
                shown = page.locator(".pa-results__title").count()
                fetched = {r.url: sent_bytes(r.url.split("?")[0].rsplit("/", 1)[-1], r.body())
                           for r in responses if ("/search-index/" in r.url or SCRIPT in r.url) and r.ok}  # read now
                results[query] = (sum(fetched.values()), shown)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def main(argv: list[str]) -> None:
    site = Path(argv[0])
    for query, (sent, shown) in measure(site, argv[1:] or None).items():
        print(f"{query}\t{sent / 1024:.0f} KB\t{shown} results shown")


if __name__ == "__main__":
    main(sys.argv[1:])

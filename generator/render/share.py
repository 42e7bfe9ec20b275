"""What a shared article carries: a QR code for WeChat, Open Graph, schema.org JSON-LD, government meta tags."""

from __future__ import annotations

import functools
import hashlib
import threading
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

from . import safe

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ..pagecache import Store

QR_VERSION = "2"  # bump when the drawing below changes
KIND = "qr"
# The data mask is fixed: segno then skips scoring the eight masks (ISO/IEC 18004, 7.8.3), ~3/4 of the time it
# takes to make a code. Every mask gives a valid code; mask 2 is the one segno itself picks most often for the
# site's story addresses and has the lowest mean penalty of the eight on them.
QR_MASK = 2
QR_SCALE = 4  # pixels per module: story addresses make codes of version 4 or 5, 148 or 164 px with the border
QR_BORDER = 2  # quiet zone, in modules (pingan.css paints the code's box white)
QR_TITLE = "扫码在手机上阅读本文"
QR_LABEL = "本文网址的二维码，用手机扫码阅读"


def _key(url: str) -> str:
    """Where `url`'s code is kept: named by the URL, the drawing's version and segno's."""
    return hashlib.sha256(f"{QR_VERSION}|{segno.__version__}|{url}".encode()).hexdigest()[:20]


def _draw_chunk(urls: list[str]) -> list[str]:
    return [qr_svg(url) for url in urls]


class QRCodes:
    """The QR code of each story's address, for the page templates (`svg`).

    segno draws a code of a story's address in ~3 ms (see `qr_svg`), so a cold build of 5,000 stories
    spends ~15 s of processor time on QR codes. `start` hands the codes the store lacks to background
    processes, which draw them while this process converts Markdown and renders pages; `svg` waits only for
    the part holding the code it needs. Finished parts are held compressed until their pages ask (10,000 codes
    as text: ~50 MB). Codes are read from `store` by URL and kept there (a read-only store, `pingan check`'s,
    keeps nothing), so a warm build draws only the codes of new addresses.
    """

    CHUNK = 100

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.pool: ProcessPoolExecutor | None = None
        self.lock = threading.Lock()  # `arrived` runs in the pool's thread
        self.pending: dict[str, tuple[Future[list[str]], int]] = {}  # url -> its part while it is drawn
        self.drawn: dict[str, bytes] = {}  # url -> its code, zlib-compressed, from a finished part
        self.parts: list[Future[list[str]]] = []  # the parts handed to the background, in order

    def start(self, urls: list[str], workers: int) -> None:
        """Draw the missing codes of `urls` in `workers` background processes, in the order given (the order
        pages are rendered in). Fewer than a few hundred are not worth starting processes for."""
        if self.store is None or not self.store.write or workers < 1:
            return
        kept = self.store.keys(KIND)
        missing = [u for u in dict.fromkeys(urls) if _key(u) not in kept]
        if len(missing) < 200:
            return
        from ..parallel import process_pool

        self.close()
        self.pool = process_pool(workers)
        for i in range(0, len(missing), self.CHUNK):
            chunk = missing[i:i + self.CHUNK]
            future = self.pool.submit(_draw_chunk, chunk)
            self.parts.append(future)
            with self.lock:
                self.pending.update((url, (future, n)) for n, url in enumerate(chunk))
            future.add_done_callback(functools.partial(self._arrived, chunk))

    def _arrived(self, chunk: list[str], future: Future[list[str]]) -> None:
        """A part is drawn: hold its codes compressed and let go of the part (a failed part is left for `svg`,
        which raises its error)."""
        if future.cancelled() or future.exception() is not None:
            return
        packed = [zlib.compress(svg.encode("utf-8"), 1) for svg in future.result()]
        with self.lock:
            for url, data in zip(chunk, packed, strict=True):
                if self.pending.pop(url, None) is not None:
                    self.drawn[url] = data

    def svg(self, url: str) -> str:
        """`url`'s code: drawn in the background, kept, or drawn now (and kept)."""
        with self.lock:
            data = self.drawn.pop(url, None)
            waiting = self.pending.pop(url, None)
        if data is not None:
            svg = zlib.decompress(data).decode("utf-8")
        elif waiting is not None:
            future, n = waiting
            svg = future.result()[n]  # a worker's error fails the build like our own would
        else:
            kept = self.store.get(KIND, _key(url)) if self.store is not None else None
            if kept is not None:
                return kept.decode("utf-8")
            svg = qr_svg(url)
        if self.store is not None:
            self.store.put(KIND, _key(url), svg.encode("utf-8"))
        if self.pool is not None and all(part.done() for part in reversed(self.parts)):
            self._stop()  # every part has arrived: end the processes, their memory is free for the rest of the build
        return svg

    def _stop(self) -> None:
        """End the background processes; parts that arrived meanwhile are moved to `drawn` first."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.parts = []

    def close(self) -> None:
        """Stop the background processes (codes still waiting are drawn on demand); safe to call twice."""
        self._stop()
        with self.lock:
            self.pending.clear()
            self.drawn.clear()


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (error correction M, so a printed copy still scans), as segno writes it
    for HTML5 (no XML declaration, no namespace, no id), with the accessible name screen readers announce.

    `unit="px"` makes segno write a viewBox beside the size: the page's CSS sets the code's box (7.5rem), and
    without a viewBox a code wider than that box (version 5 and up: 164 px and more) was cut off, not scaled."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    svg = code.svg_inline(scale=QR_SCALE, border=QR_BORDER, unit="px", svgclass="pa-qr", lineclass=None,
                          title=QR_TITLE)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{QR_LABEL}" ', 1)


def domain(base_url: str) -> str:
    return urlsplit(base_url).hostname or ""


def news_article(*, url: str, title: str, published: str, modified: str, section: str, keywords: list[str],
                 description: str, image: str | None, authors: list[str], publisher: str, source: str) -> Markup:
    """schema.org NewsArticle as a JSON-LD script body; dates keep their +08:00 offset."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": title,
        "datePublished": published,
        "dateModified": modified,
        "articleSection": section,
        "keywords": keywords,
        "description": description,
        "inLanguage": "zh-CN",
        "author": [{"@type": "Person", "name": name} for name in authors] or [{"@type": "Organization",
                                                                               "name": source}],
        "publisher": {"@type": "Organization", "name": publisher},
        "isBasedOn": source,
    }
    if image:
        data["image"] = [image]
    return safe.json_script(data)

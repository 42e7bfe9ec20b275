"""What a shared article carries: a QR code for WeChat, Open Graph, schema.org JSON-LD, government meta tags."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import segno

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

QR_VERSION = "1"  # bump when the drawing below changes


def _kept(url: str, cache_dir: Path) -> Path:
    """Where `url`'s code is kept: named by the URL and the drawing's version."""
    return cache_dir / (hashlib.sha256(f"{QR_VERSION}|{segno.__version__}|{url}".encode()).hexdigest()[:20] + ".svg")


def _draw_chunk(urls: list[str], cache_dir: Path) -> None:
    for url in urls:
        qr_svg(url, cache_dir)


class QRCodes:
    """The QR code of each story's address, for the page templates (`svg`).

    Choosing a code's mask costs ~5 ms, so a cold build of 5,000 stories spends ~25 s of processor time on
    QR codes. `start` hands the codes the cache lacks to background processes, which draw them while this
    process converts Markdown and renders pages; `svg` waits only for the part holding the code it needs.
    Codes are read from and kept in `cache_dir` by URL (kept only when `write`: `pingan check` writes nothing).
    """

    CHUNK = 100

    def __init__(self, cache_dir: Path | None, write: bool) -> None:
        self.cache_dir = cache_dir
        self.write = write
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[str, Future[None]] = {}

    def start(self, urls: list[str], workers: int) -> None:
        """Draw the missing codes of `urls` in `workers` background processes, in the order given (the order
        pages are rendered in). Fewer than a few hundred are not worth starting processes for."""
        if self.cache_dir is None or not self.write or workers < 1:
            return
        missing = [u for u in dict.fromkeys(urls) if not _kept(u, self.cache_dir).is_file()]
        if len(missing) < 200:
            return
        from ..parallel import process_pool

        self.close()
        self.pool = process_pool(workers)
        for i in range(0, len(missing), self.CHUNK):
            chunk = missing[i:i + self.CHUNK]
            future = self.pool.submit(_draw_chunk, chunk, self.cache_dir)
            self.pending.update(dict.fromkeys(chunk, future))

    def svg(self, url: str) -> str:
        future = self.pending.pop(url, None)
        if future is not None:
            future.result()  # a worker's error (a full disk, say) fails the build like our own would
        return qr_svg(url, self.cache_dir, self.write)

    def close(self) -> None:
        """Stop the background processes (codes still waiting are drawn on demand); safe to call twice."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.pending.clear()


def qr_svg(url: str, cache_dir: Path | None = None, write: bool = True) -> str:
    """An inline SVG QR code of `url` (error correction M, so a printed copy still scans).

    Choosing the best mask costs a few milliseconds per code, so codes are kept in `cache_dir` by URL
    (read always, written only when `write`: `pingan check` writes nothing).
    """
    cached = _kept(url, cache_dir) if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(scale=4, border=2, svgclass="pa-qr", title="扫码在手机上阅读本文", lineclass=None)
    svg = svg.replace("<svg ", '<svg role="img" aria-label="本文网址的二维码，用手机扫码阅读" ', 1)
    if cached is not None and write:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        os.replace(tmp, cached)
    return svg


def domain(base_url: str) -> str:
    return urlsplit(base_url).hostname or ""


def news_article(*, url: str, title: str, published: str, modified: str, section: str, keywords: list[str],
                 description: str, image: str | None, authors: list[str], publisher: str, source: str) -> str:
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
    # "</" would end the <script> element early; JSON allows the escaped form.
    return json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")

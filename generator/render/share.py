"""What a shared article carries: a QR code for WeChat, Open Graph, schema.org JSON-LD, government meta tags."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno

QR_VERSION = "1"  # bump when the drawing below changes


def _qr_key(url: str) -> str:
    return hashlib.sha256(f"{QR_VERSION}|{segno.__version__}|{url}".encode()).hexdigest()[:20]


def _qr_to_cache(args: tuple[str, Path]) -> None:
    qr_svg(args[0], args[1])


def prepare_qr(urls: list[str], cache_dir: Path, workers: int) -> None:
    """Draw the QR codes the cache lacks on every core before pages are rendered (a cold build of thousands)."""
    missing = [u for u in urls if not (cache_dir / f"{_qr_key(u)}.svg").is_file()]
    if len(missing) < 200 or workers < 2:
        return  # not worth starting processes; pages draw their own
    from ..images import process_pool

    with process_pool(workers) as pool:
        list(pool.map(_qr_to_cache, [(u, cache_dir) for u in missing], chunksize=100))


def qr_svg(url: str, cache_dir: Path | None = None, write: bool = True) -> str:
    """An inline SVG QR code of `url` (error correction M, so a printed copy still scans).

    Choosing the best mask costs a few milliseconds per code, so codes are kept in `cache_dir` by URL
    (read always, written only when `write`: `pingan check` writes nothing).
    """
    cached = cache_dir / f"{_qr_key(url)}.svg" if cache_dir is not None else None
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

"""What a shared article carries: a QR code for WeChat, Open Graph, schema.org JSON-LD, government meta tags."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import segno


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (error correction M, so a printed copy still scans)."""
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(scale=4, border=2, svgclass="pa-qr", title="扫码在手机上阅读本文", lineclass=None)
    return svg.replace("<svg ", '<svg role="img" aria-label="本文网址的二维码，用手机扫码阅读" ', 1)


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

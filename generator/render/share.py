"""What a shared article carries: a QR code for WeChat, Open Graph, schema.org JSON-LD, government meta tags."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

from . import safe

QR_VERSION = "3"  # bump when the drawing below changes
# The data mask is fixed: segno then skips scoring the eight masks (ISO/IEC 18004, 7.8.3), ~3/4 of the time it
# takes to make a code. Every mask gives a valid code; mask 2 is the one segno itself picks most often for the
# site's story addresses and has the lowest mean penalty of the eight on them.
QR_MASK = 2
QR_SCALE = 4  # pixels per module: story addresses make codes of version 4 or 5, 148 or 164 px with the border
QR_BORDER = 2  # quiet zone, in modules (pingan.css paints the code's box white)
# The name a screen reader says, and the tooltip: one short text, said once (the caption under the code says what
# to do with it; a longer title was read as a description after the name, the caption a third time).
QR_LABEL = QR_TITLE = "本文网址的二维码"


def qr_key(url: str) -> str:
    """Where `url`'s code is kept: named by the URL, the drawing's version and segno's."""
    return hashlib.sha256(f"{QR_VERSION}|{segno.__version__}|{url}".encode()).hexdigest()[:20]


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

"""sitemap.xml (lastmod from content dates, never the build time) and robots.txt."""

from __future__ import annotations

import gzip
import io
from xml.sax.saxutils import escape

from . import urls
from .config import SiteConfig
from .render.spec import PageSpec


def sitemap(config: SiteConfig, pages: list[PageSpec]) -> bytes:
    base = config.site.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.url):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(base + page.url)}</loc>")
        if page.lastmod:
            lines.append(f"    <lastmod>{page.lastmod}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def section_sitemaps(config: SiteConfig, pages: list[PageSpec]) -> dict[str, bytes]:
    """A sitemap beside every section feed: each column (with its stories), cases/ and honors/.

    Material's JavaScript fetches `sitemap.xml` next to every `<link rel="alternate">` URL; a real sitemap
    there turns what would be a 404 on every page view into a useful file.
    """
    sections: dict[str, list[PageSpec]] = {urls.column(c.id): [] for c in config.columns}
    for page in pages:
        if page.section:
            prefix = page.section
        elif page.url.startswith(("cases/", "honors/")):
            prefix = page.url.split("/")[0] + "/"
        else:
            prefix = "/".join(page.url.split("/")[:2]) + "/"  # columns/<id>/ for column list pages
        if prefix in sections or prefix in ("cases/", "honors/"):
            sections.setdefault(prefix, []).append(page)
    return {prefix + "sitemap.xml": sitemap(config, members) for prefix, members in sections.items()}


def gzipped(data: bytes) -> bytes:
    """gzip with a zero timestamp and no file name, so identical input gives identical bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.site.base_url}sitemap.xml\n".encode()

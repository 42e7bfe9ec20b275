"""sitemap.xml (lastmod from content dates, never the build time) and robots.txt."""

from __future__ import annotations

import gzip
import io
from xml.sax.saxutils import escape

from . import urls
from .config import SiteConfig
from .render.pages import PageSpec


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


def column_sitemaps(config: SiteConfig, pages: list[PageSpec]) -> dict[str, bytes]:
    """A sitemap per column, beside the column's feeds.

    Material's JavaScript fetches `sitemap.xml` next to every `<link rel="alternate">` URL; giving each
    column directory a real sitemap turns what would be a 404 on every page view into a useful file.
    """
    out: dict[str, bytes] = {}
    for column in config.columns:
        prefix = urls.column(column.id)
        members = [p for p in pages if p.url.startswith(prefix)
                   or (p.template == "story.html" and p.context.get("column", {}).get("id") == column.id)]
        out[prefix + "sitemap.xml"] = sitemap(config, members)
    for prefix in ("cases/", "honors/"):  # record sections with feeds of their own
        members = [p for p in pages if p.url.startswith(prefix)]
        if members:
            out[prefix + "sitemap.xml"] = sitemap(config, members)
    return out


def gzipped(data: bytes) -> bytes:
    """gzip with a zero timestamp and no file name, so identical input gives identical bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.site.base_url}sitemap.xml\n".encode()

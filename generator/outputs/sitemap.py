"""Sitemaps (lastmod from content dates, never the build time) and robots.txt.

The pages are listed in part files at the site's root (sitemap-<section>-<n>.xml: a sitemap may list only the
addresses under its own folder), one or more for each section (a column with its stories, the case library, the
honor wall, the rest of the site), at most PART_LIMIT addresses each. `sitemap.xml` is an index of every part,
and each section has an index of its own parts beside its feeds.

The indexes are small on purpose: Material's JavaScript downloads and parses the `sitemap.xml` beside every
`<link rel="alternate">` of a page (our feed links) on every page view. A sitemap of every page there would
be megabytes per view at tens of thousands of stories, and past 50,000 addresses no longer a valid sitemap.
"""

from __future__ import annotations

import gzip
import io
from xml.sax.saxutils import escape

from .. import urls
from ..config import SiteConfig
from ..render.spec import PageSpec

PART_LIMIT = 10_000  # addresses in one part file (the protocol allows 50,000 and 50 MB)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNLISTED = frozenset({urls.SEARCH})  # the search page: empty until a reader types a query


def _xml(root: str, item: str, base: str, entries: list[tuple[str, str | None]]) -> bytes:
    """A `<urlset>` of pages or a `<sitemapindex>` of parts: one `item` per (address from the site root,
    lastmod or None)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{NAMESPACE}">']
    for rel, lastmod in entries:
        lines.append(f"  <{item}>")
        lines.append(f"    <loc>{escape(base + rel)}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        lines.append(f"  </{item}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _section(page: PageSpec, columns: dict[str, list[PageSpec]]) -> str:
    """The section a page is listed under: a column's address, cases/, honors/, or "" for the rest."""
    if page.section:
        return page.section
    if page.url.startswith(("cases/", "honors/")):
        return page.url.split("/")[0] + "/"
    prefix = "/".join(page.url.split("/")[:2]) + "/"  # columns/<id>/ for column list pages
    return prefix if prefix in columns else ""


def sitemaps(config: SiteConfig, pages: list[PageSpec]) -> dict[str, bytes]:
    """Every sitemap file by output path: the parts, each section's index, `sitemap.xml` and its gzip copy."""
    base = config.site.base_url
    sections: dict[str, list[PageSpec]] = {"": [], **{urls.column(c.id): [] for c in config.columns}}
    for page in pages:
        if page.url in UNLISTED:
            continue
        sections.setdefault(_section(page, sections), []).append(page)
    files: dict[str, bytes] = {}
    every: list[tuple[str, str | None]] = []
    for prefix, members in sorted(sections.items()):
        members.sort(key=lambda p: p.url)
        name = prefix.strip("/").replace("/", "-") or "site"
        parts: list[tuple[str, str | None]] = []
        for number, start in enumerate(range(0, len(members), PART_LIMIT), 1):
            chunk = members[start:start + PART_LIMIT]
            rel = f"sitemap-{name}-{number}.xml"
            files[rel] = _xml("urlset", "url", base, [(p.url, p.lastmod) for p in chunk])
            parts.append((rel, max((p.lastmod for p in chunk if p.lastmod), default=None)))
        if prefix:  # beside the section's feeds, where Material looks
            files[prefix + "sitemap.xml"] = _xml("sitemapindex", "sitemap", base, parts)
        every.extend(parts)
    files["sitemap.xml"] = _xml("sitemapindex", "sitemap", base, every)
    files["sitemap.xml.gz"] = gzipped(files["sitemap.xml"])
    return files


def gzipped(data: bytes) -> bytes:
    """gzip with a zero timestamp and no file name, so identical input gives identical bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.site.base_url}sitemap.xml\n".encode()

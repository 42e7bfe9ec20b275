"""What renderers hand to an engine: one PageSpec per page, plus the feed links pages advertise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import urls
from ..config import SiteConfig


@dataclass
class PageSpec:
    """Everything an engine needs to write one page; no engine types in here."""

    url: str
    title: str
    template: str
    context: dict[str, Any]
    content: str = ""  # HTML of the page's main text (story bodies, case and mediator texts)
    search: bool = False  # whether the page goes into the search index (its template marks data-pa-search)
    lastmod: str | None = None  # ISO date for sitemap.xml
    nav_title: str = ""  # set on the pages the nav links to: home, columns, record sections

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


def feed_pair(name: str, prefix: str) -> list[dict[str, str]]:
    """The RSS and Atom links of one feed pair living under `prefix`."""
    return [{"type": "application/rss+xml", "title": f"{name} RSS", "href": prefix + "feed.xml"},
            {"type": "application/atom+xml", "title": f"{name} Atom", "href": prefix + "atom.xml"}]


def feed_links(config: SiteConfig, section: tuple[str, str] | None = None) -> list[dict[str, str]]:
    """The feeds a page advertises with <link rel="alternate">: the site's, plus its section's.

    `section` is (name, url prefix) of a column, the case library or the honor wall.
    """
    links = feed_pair(config.site.name, "")
    if section is not None:
        links += feed_pair(f"{config.site.name}·{section[0]}", section[1])
    return links


def column_section(config: SiteConfig, column_id: str) -> tuple[str, str]:
    return config.column_map[column_id].name, urls.column(column_id)

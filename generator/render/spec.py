"""What renderers hand to an engine: one PageSpec per page, plus the feed links pages advertise."""

from __future__ import annotations

import hashlib
import io
import pickle
import zlib
from collections.abc import Iterable
from typing import Any

from .. import urls
from ..config import SiteConfig


class PageSpec:
    """Everything an engine needs to write one page; no engine types in here.

    The page's data (`context`, for its template) is kept pickled and compressed from the moment the page is
    made until the engine renders it: as Python objects the data of a 10,000-story site's 20,000 pages
    would take about 600 MB; packed, a tenth of that. `digest` names template, data and content together
    (the page cache's key): it is a hash of the same pickle (see `_pickled`), which costs a seventh of
    naming the data by its sorted JSON (5,000 stories: 0.1 s against 0.66 s, on a stretch where one core
    works). Every read of `context` returns a fresh copy.
    """

    __slots__ = ("url", "title", "template", "content", "search", "lastmod", "nav_title", "section", "description",
                 "digest", "_packed")

    def __init__(self, url: str, title: str, template: str, context: dict[str, Any], content: str = "",
                 search: bool = False, lastmod: str | None = None, nav_title: str = "", section: str = "") -> None:
        self.url = url
        self.title = title
        self.template = template
        self.content = content  # HTML of the page's main text (story bodies, case and mediator texts)
        self.search = search  # whether the page goes into the search index (its template marks data-pa-search)
        self.lastmod = lastmod  # ISO date for sitemap.xml
        self.nav_title = nav_title  # set on the pages the nav links to: home, columns, record sections
        self.section = section  # for story pages: the column's address (its section sitemap lists the story)
        self.description = str(context.get("description") or "")  # for <meta name="description">
        data = _pickled(context)
        named = hashlib.sha256(f"{FORMAT}\0{template}\0{len(data)}\0".encode())
        named.update(data)
        named.update(content.encode("utf-8"))
        self.digest = named.hexdigest()[:32]
        self._packed = zlib.compress(data, 1)

    def __getstate__(self) -> tuple[Any, ...]:
        # The text goes as UTF-8 bytes: pickling a str would leave a UTF-8 copy of it inside the str for as long as
        # the page lives (a story page's ~7 KB; ~40 MB when half the pages of 5,000 stories go to another process).
        return tuple(self.content.encode("utf-8") if name == "content" else getattr(self, name)
                     for name in self.__slots__)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value.decode("utf-8") if name == "content" else value)

    @property
    def context(self) -> dict[str, Any]:
        return pickle.loads(zlib.decompress(self._packed))  # type: ignore[no-any-return]

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


FORMAT = "pickle-5"  # part of every digest: change it when `_pickled` changes


def _pickled(context: dict[str, Any]) -> bytes:
    """`context` as bytes that depend on its value alone: pickle without its memo ("fast" mode). With the memo,
    an object met twice is written as a reference to the first, so the bytes would depend on which equal
    values happen to be one object. The data is plain (dicts, lists, strings, numbers, booleans, None) and is made in
    the same order every build, so equal data gives equal bytes and the digest names it. Bytes never equal for
    different data, so a page is never reused wrongly; data that pickled differently each run (a set, whose
    order changes between runs) would only have its page rendered again every build."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo (the data holds no cycles: a cycle would raise ValueError here)
    pickler.dump(context)
    return out.getvalue()


def feed_pair(name: str, prefix: str) -> list[dict[str, str]]:
    """The RSS and Atom links of one feed pair living under `prefix`."""
    return [{"type": "application/rss+xml", "title": f"{name} RSS", "href": prefix + "feed.xml"},
            {"type": "application/atom+xml", "title": f"{name} Atom", "href": prefix + "atom.xml"}]


def feed_links(config: SiteConfig, section: tuple[str, str] | None = None) -> list[dict[str, str]]:
    """The feeds a page advertises with <link rel="alternate">: its section's first (a reader that subscribes to the
    first feed it finds takes the column's on a column's page), then the site's.

    `section` is (name, url prefix) of a column, the case library or the honor wall.
    """
    own = feed_pair(f"{config.site.name}·{section[0]}", section[1]) if section is not None else []
    return own + feed_pair(config.site.name, "")


def column_section(config: SiteConfig, column_id: str) -> tuple[str, str]:
    return config.column_map[column_id].name, urls.column(column_id)


def feed_folders(config: SiteConfig, regions_with_stories: Iterable[str], cases: bool, honors: bool) -> list[str]:
    """Where a build writes feeds (feed.xml, atom.xml) and, below the top, a section's sitemap.xml beside them
    (outputs/feeds.py, outputs/sitemap.py): the top, every column, each region with stories, and the case library
    and the honor wall when they hold records."""
    return ["", *(urls.column(c.id) for c in config.columns), *(urls.region(r) for r in sorted(regions_with_stories)),
            *([urls.CASES] if cases else []), *([urls.HONORS] if honors else [])]


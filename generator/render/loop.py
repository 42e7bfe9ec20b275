"""The render stage's loop: every page spec through its template, `html = template.render(context(spec))`, in
this process and, for a large site, in render processes beside it (parallel.render_processes); each page's HTML
goes to the one writer and to the page cache, and a page marked for search is cut for the search index where it
was rendered (search.page_entry), so the index never reads the written pages back. A page whose fingerprint is
kept is copied from the cache instead (its HTML cannot differ)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..outputs import search
from ..parallel import render_processes
from ..publish.cache import PageCache, Store
from ..publish.writer import Writer
from . import share
from .spec import PageSpec
from .theme import Settings, Theme

PART = 40  # pages per task handed to a render process
QR_KIND = "qr"  # the store kind of QR codes


def page_file(url: str) -> str:
    """Where the page at `url` is written: its folder's index.html."""
    return f"{url}index.html"


@dataclass(frozen=True)
class PagesDone:
    """What the loop did: pages rendered and copied from the cache, and each page's fingerprint."""

    rendered: int
    reused: int
    fingerprints: dict[str, str]  # page address -> fingerprint ('' without a page cache)


class Codes:
    """The QR code of each story's address, kept in `store` by URL (a read-only store keeps nothing new)."""

    def __init__(self, store: Store | None, base_url: str) -> None:
        self.store = store
        self.base_url = base_url
        self.kept = store.keys(QR_KIND) if store is not None else set()
        self.new: dict[str, str] = {}

    key = staticmethod(share.qr_key)

    def of(self, specs: list[PageSpec]) -> dict[str, str]:
        """The kept codes of the story pages among `specs`, by URL."""
        found = {}
        for spec in specs:
            if spec.template == "story.html":
                url = urls.absolute(self.base_url, spec.url)
                key = self.key(url)
                if key in self.kept and self.store is not None and (svg := self.store.get(QR_KIND, key)):
                    found[url] = svg.decode("utf-8")
        return found

    def draw(self, url: str) -> str:
        """`url`'s code: kept, or drawn now (and kept)."""
        key = self.key(url)
        if key in self.kept and self.store is not None and (svg := self.store.get(QR_KIND, key)):
            return svg.decode("utf-8")
        made = share.qr_svg(url)
        self.keep({url: made})
        return made

    def keep(self, made: dict[str, str]) -> None:
        if self.store is None or not self.store.write:
            return
        for url, svg in made.items():
            key = self.key(url)
            self.store.put(QR_KIND, key, svg.encode("utf-8"))
            self.kept.add(key)


Entry = dict[str, Any] | None  # a rendered page's search index entry (None: the page is not searched)
_Part = tuple[list[tuple[bytes, Entry]], dict[str, str]]  # a part's pages with their search entries, codes drawn


def render_pages(specs: list[PageSpec], theme: Theme, writer: Writer, codes: Codes, cache: PageCache | None,
                 progress: Any, index: Callable[[str, dict[str, Any]], None] | None = None) -> PagesDone:
    """Write every page of `specs` through `writer`: kept ones from `cache`, the others rendered. `index` is
    given each rendered page's fingerprint and search entry (pages marked for search)."""
    fingerprints = {spec.url: cache.fingerprint(spec.digest) if cache is not None else "" for spec in specs}
    todo = []
    for spec in specs:
        fingerprint = fingerprints[spec.url]
        if cache is not None and cache.has(fingerprint):
            writer.write_from(page_file(spec.url), _reader(cache, fingerprint))
            progress.update()
        else:
            todo.append(spec)

    def done(spec: PageSpec, html: bytes, made: Entry) -> None:
        writer.write(page_file(spec.url), html)
        if cache is not None:
            cache.put(fingerprints[spec.url], html)
        if made is not None and index is not None:
            index(fingerprints[spec.url], made)
        progress.update()

    processes = render_processes(len(todo))
    if processes <= 1:
        for spec in todo:
            done(spec, *rendered(theme, spec))
    else:
        _split(todo, theme, codes, processes - 1, done)
    return PagesDone(len(todo), len(specs) - len(todo), fingerprints)


def _reader(cache: PageCache, fingerprint: str) -> Callable[[], bytes]:
    return lambda: cache.read(fingerprint)


def encoded(html: str) -> bytes:
    """A page's bytes: UTF-8, a character that cannot be written (a lone surrogate) as a character reference."""
    return html.encode("utf-8", "xmlcharrefreplace")


def rendered(theme: Theme, spec: PageSpec) -> tuple[bytes, Entry]:
    """`spec`'s page, and its search entry cut from the page as written (marked for search only)."""
    data = encoded(theme.render(spec))
    return data, search.page_entry(data.decode("utf-8"), spec.url) if spec.search else None


def _split(todo: list[PageSpec], theme: Theme, codes: Codes, helpers: int,
           done: Callable[[PageSpec, bytes, Entry], None]) -> None:
    """Render `todo` in this process and `helpers` render processes, taking parts of PART pages in order from
    one queue: whoever is free takes the next part, so no one waits while parts remain. Two parts per process
    wait or run at a time, so finished pages never pile up in memory."""
    from ..parallel import process_pool

    parts = deque(todo[i:i + PART] for i in range(0, len(todo), PART))
    flight: deque[tuple[list[PageSpec], Future[_Part]]] = deque()
    with process_pool(helpers, _start, (theme.settings,)) as pool:

        def take(part: list[PageSpec], future: Future[_Part]) -> None:
            pages, drawn = future.result()  # an error in a render process fails the build like our own
            codes.keep(drawn)
            for spec, (html, made) in zip(part, pages, strict=True):
                done(spec, html, made)

        while parts or flight:
            while parts and len(flight) < 2 * helpers:
                part = parts.popleft()
                flight.append((part, pool.submit(_render_part, part, codes.of(part))))
            if flight[0][1].done() or not parts:
                take(*flight.popleft())
            else:  # the render processes are busy: this process renders the last part waiting
                part = parts.pop()
                for spec in part:
                    done(spec, *rendered(theme, spec))


# -- in a render process ---------------------------------------------------------------------------

_theme: Theme | None = None
_codes: dict[str, str] = {}  # the codes of the part being rendered: kept ones, then those drawn


def _start(settings: Settings) -> None:
    global _theme
    _theme = Theme(settings, _qr)


def _qr(url: str) -> str:
    svg = _codes.get(url)
    if svg is None:
        svg = _codes[url] = share.qr_svg(url)
    return svg


def _render_part(part: list[PageSpec], kept: dict[str, str]) -> _Part:
    """The pages of `part` (with their search entries) and the codes drawn for them that were not kept."""
    assert _theme is not None
    _codes.clear()
    _codes.update(kept)
    pages = [rendered(_theme, spec) for spec in part]
    return pages, {url: svg for url, svg in _codes.items() if url not in kept}

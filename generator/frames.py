"""Page parts rendered once for many pages instead of once per page.

Material's header (but for the page's title), tabs, nav, config script, style sheets, scripts and back-to-top
button, and our footer, show the same on every page except for their links, which are relative to the page:
from `news/2024/05/01/a/` the link to `regions/` is `../../../../../regions/`, and so it is from every other
story (same depth, nothing in common with `regions/`). The link to `news/` is `../../../../` from every story
too, but `./` on `news/` itself and `../news/` on `search/`.

A link from page P to target T is `../` once for each of P's folders below the part P and T have in common,
then the rest of T. So a part made for one page is reused for another page of the same depth when every
target it links to has as many leading folders in common with the new page as with the first one; otherwise
the page renders its own (and up to `VARIANTS` such variants are kept). Templates name what else a part shows
of its page: `{{ pa_frame("site_nav", super, page.meta.hide) }}`; nav pages always render their own (the nav
marks the current page).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import pass_context

# Links in a part: HTML attributes, and the two paths in Material's config script ({"base": "../..", ...}).
_LINK = re.compile(r'(?:href|src|action)="([^"]*)"|"(?:base|search)": "([^"]*)"')
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)  # absolute (scheme or /) or in-page

SitePath = tuple[str, ...]  # a site path by its parts: "news/2024/" -> ("news", "2024")


def targets(html: str, page_url: str) -> frozenset[str]:
    """The site paths the relative links in `html`, on the page at `page_url`, lead to ("news", "")."""
    found = set()
    for match in _LINK.finditer(html):
        link = match.group(1) if match.group(1) is not None else match.group(2)
        if _OUTSIDE.match(link):
            continue
        link = link.split("#")[0].split("?")[0]
        path = posixpath.normpath(posixpath.join("/" + page_url, link)).lstrip("/")
        found.add("" if path == "." else path)
    return frozenset(found)


def parts(path: str) -> SitePath:
    return tuple(part for part in path.split("/") if part)


def _shared(target: SitePath, page: SitePath) -> int:
    """How many leading folders `target` and `page` have in common."""
    n = 0
    for a, b in zip(target, page, strict=False):
        if a != b:
            break
        n += 1
    return n


class Frames:
    """The parts made so far in one build: by (part, page depth, what else it shows), a few variants each."""

    enabled = True  # off: every page renders every part (tests compare the two)
    VARIANTS = 8

    def __init__(self) -> None:
        # key -> [(targets, how many folders each shares with the page it was made for, html)]
        self.made: dict[tuple[Hashable, ...], list[tuple[tuple[SitePath, ...], tuple[int, ...], str]]] = {}
        self.reused = 0

    @pass_context
    def __call__(self, context: Any, name: str, render: Callable[[], str], *depends: Hashable) -> str:
        """A part of the page being rendered (`render` makes it). The page's `pa_frames` is its address, or
        None when it may not share (nav pages)."""
        page_url = context.get("pa_frames")
        if not self.enabled or page_url is None:
            return render()
        page = parts(page_url)
        variants = self.made.setdefault((name, len(page), *depends), [])
        for paths, shared, html in variants:
            if all(_shared(path, page) == n for path, n in zip(paths, shared, strict=True)):
                self.reused += 1
                return html
        html = render()
        if len(variants) < self.VARIANTS:
            paths = tuple(parts(path) for path in sorted(targets(html, page_url)))
            variants.append((paths, tuple(_shared(path, page) for path in paths), html))
        return html

"""The pager under a list: which page numbers it shows and where they lead."""

from __future__ import annotations

from typing import Any

from .. import urls


def pagination(base: str, number: int, total: int, count: int) -> dict[str, Any]:
    """The pager of page `number` of `total` of the list at `base` (`count` items in all), links relative to it."""
    page = urls.paged(base, number)
    return {
        "number": number,
        "total": total,
        "count": count,
        "previous": urls.relative(urls.paged(base, number - 1), page) if number > 1 else None,
        "next": urls.relative(urls.paged(base, number + 1), page) if number < total else None,
        "pages": [{"number": n, "url": urls.relative(urls.paged(base, n), page), "current": n == number}
                  for n in page_window(number, total)],
    }


def page_window(number: int, total: int, spread: int = 2) -> list[int]:
    """Page numbers shown in the pager: first, last and a few around the current one."""
    shown = {1, total, *range(max(1, number - spread), min(total, number + spread) + 1)}
    return sorted(shown)

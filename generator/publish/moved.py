"""Stories whose address changed: a story's address holds its date (news/2021/11/01/<id>/), so correcting the date
moves it. Links already shared (WeChat, other sites, readers' bookmarks) would end on a 404; instead the old
address keeps a small page that sends the reader on to the new one.

The old addresses are read from the site being replaced: a story's folder there under another date, or the
forwarding page an earlier build left (which is kept as long as the story exists, so a second date change keeps
both old addresses). A site built into an empty folder has none to keep.

The feeds go on naming a moved story by the address readers hold (its RSS guid and Atom id): a reader would
otherwise show it again as a new story. Its forwarding pages and its own page record that address
(data-pa-feed-id), so that a second move, or a move back, keeps it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..model import Entry

MARK = '<meta name="pingan-moved" content="'  # what tells a forwarding page from the story's own page
_FEED_ID = re.compile(r' data-pa-feed-id="([^"<>]*)"')  # on a forwarding page's body, a moved story's article
DRAFT_MARK = 'class="pa-badge pa-badge--draft pa-article__draft"'  # theme/story.html, on a preview's draft page
_READ = 512 * 1024  # of an old page, looked through for DRAFT_MARK (a story's page is ~30-60 KB)
_DAY = re.compile(r"[0-9]{4}|[0-9]{2}")  # a year, month or day folder (matched whole)


@dataclass(frozen=True)
class Moved:
    """A story's old address (a site folder, 'news/2021/11/01/x/'), its new one, and whether an earlier build already
    forwarded it (then nothing is said again), with the address the old page says the feeds name the story by (''
    if none: a story that had not moved before, or a page written before pages said it)."""

    old: str
    entry: Entry
    forwarded: bool
    feed_id: str = ""


def moved_stories(out: Path, entries: list[Entry]) -> list[Moved]:
    """The old addresses under `out/news/` of the stories in `entries` that are now elsewhere."""
    news = out / urls.NEWS
    if not news.is_dir():
        return []
    by_id = {e.id: e for e in entries}
    found = []
    for year in _folders(news):
        for month in _folders(news / year):
            for day in _folders(news / year / month):
                for story_id in sorted(os.listdir(news / year / month / day)):
                    entry = by_id.get(story_id)
                    old = f"{urls.NEWS}{year}/{month}/{day}/{story_id}/"
                    page = out / old / "index.html"
                    if entry is None or old == entry.url or not _plain_file(out / old, page):
                        continue
                    with page.open("rb") as handle:
                        text = handle.read(_READ).decode("utf-8", "replace")
                    forwarded = MARK in text[:2048]
                    if not forwarded and DRAFT_MARK in text:
                        continue  # the preview's page of a draft or a scheduled story: never published, never shared
                    said = _FEED_ID.search(text)
                    found.append(Moved(old, entry, forwarded, said[1] if said and _is_story(said[1], story_id) else ""))
    return found


def feed_ids(moved: list[Moved]) -> dict[str, str]:
    """The address (a site folder) the feeds name each moved story by, by story id, where it is not the story's own:
    the one its old pages recorded; else, when it moved in this build, the address it stood at until now (which
    readers hold). A story whose old pages record none and that did not move now (it moved under a version that
    recorded nothing) is named by its own address, as readers have it."""
    ids: dict[str, str] = {}
    for m in sorted(moved, key=lambda m: (not m.feed_id, m.forwarded, m.old)):  # recorded ones, then its last page
        if m.feed_id or not m.forwarded:
            ids.setdefault(m.entry.id, m.feed_id or m.old)
    return ids


def _is_story(address: str, story_id: str) -> bool:
    """An address of the story `story_id` ('news/2021/11/01/x/'): nothing else is taken from an old page."""
    return re.fullmatch(f"{urls.NEWS}[0-9]{{4}}/[0-9]{{2}}/[0-9]{{2}}/{re.escape(story_id)}/", address) is not None


def _folders(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if _DAY.fullmatch(name) and (folder / name).is_dir()
                  and not (folder / name).is_symlink())


def _plain_file(folder: Path, page: Path) -> bool:
    """A page the old site really held: an ordinary file in an ordinary folder (a link could lead out of the site,
    a FIFO would never end a read)."""
    return not folder.is_symlink() and not page.is_symlink() and page.is_file()


def forwarding(moved: Moved, base_url: str, feed_id: str) -> dict[str, str]:
    """What the page at the old address (theme/moved.html) says: the story's title and id, where it now is, and
    the address the feeds name it by."""
    return {"title": moved.entry.title, "id": moved.entry.id, "target": urls.relative(moved.entry.url, moved.old),
            "canonical": urls.absolute(base_url, moved.entry.url), "feed_id": feed_id}

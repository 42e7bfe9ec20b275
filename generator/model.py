"""The site model: published stories with URLs, taxonomies, neighbours and related stories."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from . import pinyin, urls
from .config import Column, Region, SiteConfig
from .content.news import Story
from .errors import Collector, Problem
from .pinyin import slugs as pinyin_slugs

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .publish.cache import Memo

# How far along a shared tag's or region's date-ordered list related stories are looked for.
# A fixed window keeps the cost per story constant however many stories share a popular tag.
RELATED_WINDOW = 30


@dataclass(eq=False)
class Entry:
    """A story as it will be published."""

    story: Story
    url: str
    column: Column
    regions: list[Region]  # outermost first; empty when the story has no region
    tags: list[Tag] = field(default_factory=list)
    previous: Entry | None = None  # older story in the same column
    next: Entry | None = None  # newer story in the same column
    related: list[Entry] = field(default_factory=list)
    draft: bool = False
    scheduled: bool = False

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def title(self) -> str:
        return self.story.meta.title

    @property
    def date(self) -> datetime:
        return self.story.date

    @property
    def region(self) -> Region | None:
        return self.regions[-1] if self.regions else None


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return urls.tag(self.slug)


@dataclass
class Site:
    config: SiteConfig
    entries: list[Entry]  # newest first
    by_column: dict[str, list[Entry]]
    tags: list[Tag]  # by number of stories, then name
    by_region: dict[str, list[Entry]]  # a region's own stories and its sub-regions'
    by_year: dict[int, list[Entry]]
    drafts: list[Story]  # left out of this build
    scheduled: list[Story]  # dated in the future, left out of this build
    unreviewed: list[Story] = field(default_factory=list)  # review chain required and not complete: left out

    @property
    def newest(self) -> datetime | None:
        """The newest published story's time (a draft or a scheduled story in the preview is not yet on the site:
        the footer's year and the pages' dates are the published site's)."""
        return max((e.story.updated for e in self.entries if not (e.draft or e.scheduled)), default=None)


def _sort_key(entry: Entry) -> tuple[float, str]:
    return (-entry.date.timestamp(), entry.id)


PARALLEL_PINYIN_FROM = 400  # stories from which the tags' pinyin is made in a process of its own (see TagIds)


class TagIds:
    """The pinyin ids of every tag the stories use that the config does not name, kept in `memo` by the tags'
    names. On a big site, ids not kept are made in a process of its own, so pypinyin's dictionaries (about
    90 MiB) never enter this process, whose peak is the build's; a small site loads them here (a process's start
    would cost more than they do). A first build (nothing kept) of a big site (`expected` story files) begins that
    process before the stories are read: pypinyin loads (about half a second) while they load. Later builds begin it
    only for a new tag, once the stories are read (`given`)."""

    def __init__(self, config: SiteConfig, memo: Memo | None = None, expected: int = 0) -> None:
        self.config = config
        self.memo = memo
        self.names: list[str] = []
        self.key = ""
        self.ids: dict[str, str] | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future[dict[str, str]] | None = None
        if expected >= PARALLEL_PINYIN_FROM and not (memo is not None and memo.values):
            self._begin()

    def _begin(self) -> None:
        from .parallel import process_pool, workers

        if workers() > 1:
            self.pool = process_pool(1)
            self.pool.submit(pinyin.load)  # the process starts with its first task

    def given(self, stories: list[Story]) -> TagIds:
        """The stories' tags: their ids are taken from the memo, or begun in the other process on a big site."""
        self.names = sorted({n for s in stories for n in s.meta.tags if n not in self.config.tags})
        self.key = self.memo.fingerprint("tag-slugs", self.names) if self.memo is not None else ""
        self.ids = self.memo.get(self.key) if self.memo is not None else None
        if self.ids is not None or not self.names:
            self.close(wait=False)  # begun but not needed: it ends once pypinyin has loaded
            return self
        if self.pool is None and len(stories) >= PARALLEL_PINYIN_FROM:
            self._begin()
        if self.pool is not None:
            self.future = self.pool.submit(pinyin_slugs, self.names)
        return self

    def __call__(self, names: list[str]) -> dict[str, str]:
        """Ids for `names` (all among the stories' tags)."""
        if self.ids is None:
            self.ids = self.future.result() if self.future is not None else pinyin_slugs(self.names)
            if self.memo is not None:
                self.memo.put(self.key, self.ids)
            self.close()
        return self.ids

    def close(self, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def build_site(config: SiteConfig, stories: list[Story], now: datetime, include_unpublished: bool,
               collector: Collector, tag_ids: Callable[[list[str]], dict[str, str]] = pinyin_slugs) -> Site:
    """Turn loaded stories into the site model; collisions are reported to `collector`. `tag_ids` gives the ids of
    the tags the config does not name (the pinyin, or the ids an earlier build kept)."""
    drafts = [s for s in stories if s.meta.draft]
    scheduled = [s for s in stories if not s.meta.draft and s.date > now]
    unreviewed = [s for s in stories if config.editorial.require_review and not s.meta.draft
                  and not (s.meta.review and s.meta.review.done_by(s.date))]
    held = {s.id for s in unreviewed}  # by id: comparing Story values would compare whole bodies, once per story
    entries: list[Entry] = []
    for story in stories:
        is_draft, is_scheduled = story.meta.draft or story.id in held, (not story.meta.draft and story.date > now)
        if (is_draft or is_scheduled) and not include_unpublished:
            continue
        regions = config.region_chain(story.meta.region) if story.meta.region else []
        entries.append(Entry(story, urls.story(story.date, story.id), config.column_map[story.meta.column],
                             regions, draft=is_draft, scheduled=is_scheduled))
    entries.sort(key=_sort_key)

    by_column: dict[str, list[Entry]] = {c.id: [] for c in config.columns}
    by_region: dict[str, list[Entry]] = defaultdict(list)
    by_year: dict[int, list[Entry]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    unnamed = sorted({n for e in entries for n in e.story.meta.tags if n not in config.tags})
    ids = {**(tag_ids(unnamed) if unnamed else {}), **config.tags}
    slugs: dict[str, str] = {}  # slug -> tag name
    first_use: dict[str, str] = {}  # tag name -> file that used it first
    for entry in entries:  # newest first, so every list below is newest first too
        by_column[entry.column.id].append(entry)
        by_year[entry.date.year].append(entry)
        for region in entry.regions:
            by_region[region.id].append(entry)
        for name in entry.story.meta.tags:
            if name not in tags:
                slug = ids[name]
                if slug in slugs:
                    other = slugs[slug]
                    collector.add(Problem(
                        entry.story.path, None, "tags",
                        f"标签“{name}”和 {first_use[other]} 里的标签“{other}”的网址标识都是 {slug}",
                        f"请在 site_config.yml 的 tags 里为其中一个指定不同的标识，例如 {name}: {slug}-2。"))
                slugs[slug] = name
                first_use[name] = entry.story.path
                tags[name] = Tag(name, slug)
            tags[name].entries.append(entry)
            entry.tags.append(tags[name])

    for column_entries in by_column.values():
        for newer, older in zip(column_entries, column_entries[1:], strict=False):
            newer.previous, older.next = older, newer

    _relate(entries, list(tags.values()), by_region, config.listing.related)
    return Site(
        config=config,
        entries=entries,
        by_column=by_column,
        tags=sorted(tags.values(), key=lambda t: (-len(t.entries), t.slug)),
        by_region=dict(by_region),
        by_year=dict(sorted(by_year.items(), reverse=True)),
        drafts=drafts,
        scheduled=scheduled,
        unreviewed=unreviewed,
    )


def _relate(entries: list[Entry], tags: list[Tag], by_region: dict[str, list[Entry]], limit: int) -> None:
    """Pick up to `limit` related stories per entry: shared tags count double, a shared region once. Ties go to
    the story nearest in time, then to the smaller id."""
    if limit == 0:
        return
    position: dict[tuple[int, int], int] = {}
    for tag in tags:
        for i, entry in enumerate(tag.entries):
            position[(id(tag), id(entry))] = i
    own_region_lists = {rid: [e for e in lst if e.region is not None and e.region.id == rid]
                        for rid, lst in by_region.items()}
    region_pos = {(rid, id(e)): i for rid, lst in own_region_lists.items() for i, e in enumerate(lst)}
    stamp = {id(e): e.date.timestamp() for e in entries}
    for entry in entries:
        scores: Counter[Entry] = Counter()  # entries hash by identity; Counter counts in C
        for tag in entry.tags:
            nearby = _window(tag.entries, position[(id(tag), id(entry))])
            scores.update(nearby)
            scores.update(nearby)  # a shared tag counts twice
        if entry.region is not None:
            rid = entry.region.id
            scores.update(_window(own_region_lists[rid], region_pos[(rid, id(entry))]))
        del scores[entry]
        ranked = scores.most_common()  # highest first
        if len(ranked) > limit:  # only those scoring at least the limit-th can be picked
            cut = ranked[limit - 1][1]
            ranked = [item for item in ranked if item[1] >= cut]
        own = stamp[id(entry)]
        entry.related = [other for other, _ in heapq.nsmallest(
            limit, ranked, key=lambda item: (-item[1], abs(stamp[id(item[0])] - own), item[0].id))]


def _window(candidates: list[Entry], at: int) -> list[Entry]:
    """The stories within RELATED_WINDOW of position `at` in `candidates`."""
    return candidates[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1]

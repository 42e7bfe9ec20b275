"""The pipeline, top to bottom: config -> content -> site model -> pages -> feeds/images -> publish."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import privacy, urls, wording
from .config import SiteConfig, load_config
from .content.common import Unread, marked_draft
from .content.dataset import Dataset, NameCheck, load_dataset
from .content.news import Story, load_news, story_files
from .content.rootfiles import ROOT_FILES, root_file_problems
from .content.strays import stray_files
from .errors import Collector, ContentError, Problem
from .limits import special_files
from .model import Site, TagIds, build_site
from .outputs import search, sitemap
from .outputs.encoder import Encoder
from .outputs.feeds import record_feeds, render_feeds
from .outputs.opendata import open_data
from .parallel import workers
from .placeholders import sample_values
from .progress import progress_bar
from .publish import scratch
from .publish.cache import CACHE_DIR, STORE, Memo, PageCache, Store, site_key
from .publish.filelist import remember, settle
from .publish.moved import Moved, feed_ids, forwarding, moved_stories
from .publish.outguard import MARKER, Owner, claim, marker
from .publish.swap import staging
from .publish.writer import Writer
from .render.loop import Codes, encoded, page_file, render_pages
from .render.pages import Rendered, Renderer
from .render.spec import PageSpec
from .render.theme import NavEntry, Settings, Theme, theme_dir

log = logging.getLogger(__name__)


@dataclass
class Report:
    """What a build or check did, for the summary printed at the end."""

    pages: int = 0
    stories: int = 0
    records: int = 0  # cases, mediators, honors and metrics checked
    drafts: list[Story] = field(default_factory=list)
    scheduled: list[Story] = field(default_factory=list)
    unreviewed: list[Story] = field(default_factory=list)  # editorial.require_review and the chain not complete
    feeds: int = 0
    images_new: int = 0
    images_cached: int = 0
    warnings: list[Problem] = field(default_factory=list)
    zone_assumed: int = 0  # stories whose date had no time zone
    pages_rendered: int = 0  # pages the engine rendered in this build
    pages_reused: int = 0  # pages copied from the page cache because nothing they are made from changed
    search_reused: bool = False  # the whole search index taken from the cache
    search_pages_reused: int = 0  # else: pages whose index entries were taken from the cache
    record_drafts: list[str] = field(default_factory=list)
    figures_checked: int = 0  # warnings about reported figures answered by `checked:` in their files
    zone: str = ""
    seconds: float = 0.0
    out: Path | None = None


@dataclass
class Prepared:
    config: SiteConfig
    site: Site
    dataset: Dataset
    collector: Collector
    now: datetime  # the time the build takes for now
    zone_assumed: int = 0
    unread: list[Unread] = field(default_factory=list)  # bodies of stories whose headers have errors


def prepare(config_path: Path, now: datetime | None, include_unpublished: bool, strict: bool,
            memo: Memo | None = None, keep_going: bool = False) -> Prepared:
    """Load and validate the config and all content, and build the site model (no output). With `keep_going`
    (`pingan check`), files that could not be read are left out and the rest is built all the same, so that their
    bodies are checked in the same run; the caller raises the problems at the end."""
    config = load_config(config_path)
    root = config_path.resolve().parent
    now = now or datetime.now(config.zone)
    collector = Collector(draft=functools.partial(marked_draft, root))
    collector.extend(sample_values(config, config_path))  # the sample's 备案号 and 主办单位, never changed
    collector.extend(special_files(root))  # FIFOs, devices, links out of content/: never opened
    collector.extend(stray_files(root))  # a story or record where nothing reads it: a warning saying where it goes
    # The personal-data scan runs in the background (on a big site) while the content loads and the site is built.
    with contextlib.ExitStack() as background:
        scan = background.enter_context(contextlib.closing(privacy.SiteScan(
            root, privacy.allowed(config.public_contacts), memo, background=True)))
        # the tags' ids: on a big site a process of their own begins now, ended however this block ends
        tag_ids = background.enter_context(contextlib.closing(TagIds(config, memo, expected=story_files(root))))
        unread: list[Unread] = []
        stories = load_news(root, config, collector, memo, now, unread if keep_going else None)
        tag_ids.given(stories)
        zone_assumed = sum(s.zone_assumed for s in stories)
        names: list[NameCheck] = []  # the case texts' names, checked in the background on a big site
        dataset = load_dataset(root, config, collector, now.date(), memo, names)
        loaded = len(collector.problems)
        try:
            site = None if collector.stops(strict) and not keep_going else build_site(
                config, stories, now, include_unpublished, collector, tag_ids)
            found = [p for check in names for p in check.problems()] + scan.problems()
            if site is not None:  # 严重表述错误 in what is published: warnings, errors with --strict
                found += wording.severe_problems(wording.check_published(
                    root, config, [e.story for e in site.entries if not (e.draft or e.scheduled)],
                    [*dataset.published_files, *(u.path for u in unread)], severity=("严重",)))
        finally:
            for check in names:
                check.close()
    # The report is the one a scan before building the site would give: the scan's findings follow the loading's,
    # and if they end the build, what building the site found meanwhile is not reported.
    collector.problems[loaded:loaded] = found
    if keep_going:
        assert site is not None
        return Prepared(config, site, dataset, collector, now, zone_assumed, unread)
    if collector.stops(strict, upto=loaded + len(found)):
        del collector.problems[loaded + len(found):]
    collector.raise_if_errors(strict=strict)
    assert site is not None  # it is built unless the loading's problems end the build, raised just above
    return Prepared(config, site, dataset, collector, now, zone_assumed)


def check(config_path: Path, *, now: datetime | None = None, strict: bool = False) -> Report:
    """Validate everything `build` would read, render nothing to disk."""
    started = time.perf_counter()
    root = config_path.resolve().parent
    # Reads what builds kept but writes nothing: `pingan check` leaves every folder as it was.
    with contextlib.closing(Store(root / CACHE_DIR / STORE, write=False)) as store:
        memo = Memo(store)  # read, never saved
        prep = prepare(config_path, now, include_unpublished=False, strict=strict, memo=memo, keep_going=True)
        checker = Renderer(prep.site, root, prep.collector, prep.dataset, store=store, memo=memo)
        rendered = checker.render()
        checker.check_unpublished(prep.unread)
    prep.collector.extend(root_file_problems(root))
    try:
        prep.collector.raise_if_errors(strict=strict)
    except ContentError as exc:
        exc.unread = _unread(prep)
        raise
    report = _report(prep, rendered)
    report.seconds = time.perf_counter() - started
    return report


def _unread(prep: Prepared) -> list[str]:
    """Stories and records with errors that kept them from being read: their bodies are checked once those are
    mended (a round more, said so that a list of problems is not taken for the last one)."""
    data = prep.dataset
    site = prep.site
    read = {s.path for s in (*site.drafts, *site.scheduled, *site.unreviewed)} | {e.story.path for e in site.entries}
    read |= {u.path for u in prep.unread}  # their bodies' pictures and links were checked: only the header waits
    read |= {item.path for items in (data.cases, data.mediators, data.honors, data.metrics) for item in items}
    return sorted({p.path for p in prep.collector.problems if p.level == "error" and p.path not in read
                   and p.path.startswith(("content/news/", "content/cases/", "content/mediators/"))
                   and p.path.endswith((".md", ".yml", ".yaml"))})


def _report(prep: Prepared, rendered: Rendered) -> Report:
    return Report(pages=len(rendered.pages), stories=len(prep.site.entries), records=prep.dataset.count,
                  drafts=prep.site.drafts, scheduled=prep.site.scheduled, unreviewed=prep.site.unreviewed,
                  warnings=prep.collector.warnings,
                  zone_assumed=prep.zone_assumed, zone=prep.config.site.timezone,
                  record_drafts=prep.dataset.drafts, figures_checked=prep.dataset.checked)


@dataclass
class Kept:
    """What a finished build leaves for the preview's quick path: the model, the renderer, every page and the
    loaded theme."""

    prep: Prepared
    renderer: Renderer
    pages: list[PageSpec]
    theme: Theme
    memo: Memo


@contextlib.contextmanager
def cache_lock(root: Path) -> Iterator[None]:
    """One build at a time per site folder: builds share .pingan-cache and each prunes what it did not use.

    A second build (say `pingan build` while `pingan serve` is rebuilding) waits for the first to finish.
    The lock is the operating system's, so a build that was killed does not leave it held."""
    from filelock import FileLock, Timeout

    (root / CACHE_DIR).mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / CACHE_DIR / "build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("另一个生成（pingan build 或 pingan serve）正在使用这个网站文件夹，等它完成后再开始……")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def build(config_path: Path, out: Path, *, now: datetime | None = None, include_unpublished: bool = False,
          strict: bool = False, keep: Callable[[Kept], None] | None = None) -> Report:
    """Build the site into `out`; on any failure the previous `out` is left untouched.

    `keep` receives what the build made once it has succeeded (the preview server holds on to it).
    An output folder whose replacement would destroy something is refused before anything is written
    (outguard.claim); the published site is marked as this project's."""
    with claim(config_path, out) as project, cache_lock(config_path.resolve().parent):
        scratch.sweep()  # what builds killed by the system left in the temporary folder
        return _build(config_path, out, now=now, include_unpublished=include_unpublished, strict=strict,
                      keep=keep, project=project)


def _build(config_path: Path, out: Path, *, now: datetime | None, include_unpublished: bool, strict: bool,
           keep: Callable[[Kept], None] | None, project: Owner | None = None) -> Report:
    """The stages, top to bottom: config and content -> site model -> page specs -> render -> feeds, sitemap,
    open data, search, images -> publish."""
    started = time.perf_counter()
    root = config_path.resolve().parent
    # Kept results (committed as they come: each is named by its inputs, so even a failed build's are right)
    with contextlib.closing(Store(root / CACHE_DIR / STORE, write=True)) as store, \
            contextlib.ExitStack() as background:  # the build's background work ends with it, failed or not
        memo = Memo(store)
        try:
            prep = prepare(config_path, now, include_unpublished, strict, memo)
        except ContentError as exc:
            exc.early = True  # the bodies' pictures, links and names are checked only once these are mended
            raise
        config, site = prep.config, prep.site
        renderer = Renderer(site, root, prep.collector, prep.dataset, store=store, memo=memo)
        moved = moved_stories(out, site.entries)  # old addresses of stories whose date was corrected
        first = feed_ids(moved)  # and the address the feeds go on naming each by (its page says it too)
        renderer.feed_ids = first
        photos = renderer.bodies_html()  # the story bodies
        renderer.check_unpublished()  # and those left out, for their problems only
        # Photos are encoded in the background from now on, at a low priority on every core: in whatever time
        # making the page data, rendering the pages and building the search index leave idle.
        images = background.enter_context(contextlib.closing(Encoder(photos,
                                                                                 root / CACHE_DIR / "images")))
        images.start(workers())
        rendered = renderer.page_specs()  # the page specs
        images.add(rendered.images)  # and the records' photos
        prep.collector.raise_if_errors(strict=strict)
        codes = Codes(store, config.site.base_url)
        theme = Theme(theme_settings(config, rendered.pages, site.newest, _records_year(prep.dataset)), codes.draw)
        extras: dict[str, bytes] = {
            **sitemap.sitemaps(config, rendered.pages),
            "robots.txt": sitemap.robots(config),
            **open_data(config, prep.dataset),
        }
        for m in moved:
            if not m.forwarded:
                prep.collector.add(moved_warning(m))
        report = _report(prep, rendered)
        report.out = out
        cache = PageCache(store, site_key(theme.settings.stable_options(), theme_dir(), theme.settings.copyright_year,
                                          theme.settings.epoch))
        cut = search.Cut(store)  # the search entries of the pages rendered now, cut as they are rendered
        with staging(out) as tmp:
            with Writer(tmp) as writer:
                progress = progress_bar(len(rendered.pages), "生成页面", "页")
                pages = render_pages(rendered.pages, theme, writer, codes, cache, progress, index=cut.add)
                progress.close()
                writer.write("404.html", encoded(theme.render_error_page()))
                for rel, source in theme.static_files(memo):
                    writer.copy(rel, source)
                for rel, data in extras.items():
                    writer.write(rel, data)
                # The feeds (a site's, each column's, each region's, the records') are made here, once the pages are
                # written, and let go as they are written: they are not held through rendering and the search index.
                feeds = render_feeds(site, rendered.bodies, rendered.summaries, prep.now,
                                     {story: urls.absolute(config.site.base_url, old) for story, old in first.items()})
                feeds.update(record_feeds(config, prep.dataset, rendered.case_bodies))
                report.feeds = len(feeds)
                while feeds:
                    writer.write(*feeds.popitem())
                for m in moved:
                    writer.write(page_file(m.old), encoded(theme.template("moved.html").render(
                        moved=forwarding(m, config.site.base_url, first.get(m.entry.id, m.entry.url)))))
                indexed = sorted((spec.url, pages.fingerprints[spec.url]) for spec in rendered.pages if spec.search)
                search_key = hashlib.sha256(repr([search.FORMAT, indexed]).encode()).hexdigest()[:32]
                kept = search.build(writer, [page_file(url) for url, _ in indexed], search_key,
                                    root / CACHE_DIR / "search", {page_file(url): fp for url, fp in indexed}, store,
                                    cut.fingerprints)
                report.images_new, report.images_cached = images.publish(writer)  # photos left: on every core
                writer.flush()
                cache.prune()
                report.pages_rendered, report.pages_reused = pages.rendered, pages.reused
                report.search_reused, report.search_pages_reused = kept is None, kept or 0
                # links to feeds and data files, now they exist
                renderer.refs.check_site_links(rendered.pages, out_dir=tmp)
                prep.collector.raise_if_errors(strict=strict)
                memo.save()
                _root_files(root, writer)
                if project is not None:  # the complete site is marked as this project's before it replaces `out`
                    writer.write(MARKER, marker(project, writer.top))
                    # what it holds, so that the next build sees a file someone put there
                    remember(config_path, out, writer.paths)
        if project is not None:
            settle(config_path, out)
    if keep is not None:
        keep(Kept(prep, renderer, rendered.pages, theme, memo))
    report.seconds = time.perf_counter() - started
    return report


def moved_warning(moved: Moved) -> Problem:
    """Said once, the first build after a story's date (and so its address) changed."""
    story = moved.entry.story
    return Problem(story.path, story.date_line, "date",
                   f"发布时间改了，稿件的网址从 /{moved.old} 变为 /{moved.entry.url}",
                   "旧网址上留了一个自动转到新网址的页面，已经分享出去的链接仍然能打开；订阅源里这篇仍以旧网址为标识，"
                   "订阅软件不会把它当作新稿件再显示一次。发布时间原来写错了、现在改对了，就不用管这条提醒。",
                   level="warning")


def theme_settings(config: SiteConfig, pages: list[PageSpec], newest: datetime | None,
                   records_year: int = 0) -> Settings:
    """What the theme is loaded with: the nav pages, and the year and date of the newest content (pages show
    them; the build's own date would make every build differ). The copyright year is the newest story's or
    record's (`records_year`: a case of 2025 on a site whose newest story is of 2024 makes it 2025)."""
    epoch = int(newest.timestamp()) if newest else 946684800  # 2000-01-01 for an empty site
    return Settings(config, tuple(NavEntry.of(spec) for spec in pages if spec.nav_title),
                    max(newest.year if newest else 0, records_year), epoch)  # 0: no year to show yet


def _root_files(root: Path, writer: Writer) -> None:
    """Publish every file of content/root/ at the site's top level, as it is (see `root_file_problems`)."""
    problems = root_file_problems(root, writer.top)
    if problems:
        raise ContentError(problems)
    folder = root / ROOT_FILES
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        writer.copy(path.name, path)


def _records_year(dataset: Dataset) -> int:
    """The year of the newest published case, honor or figure (0 without any)."""
    years = [c.record.date.year for c in dataset.cases] + [h.record.sort_year for h in dataset.honors]
    years += [m.record.period.start.year for m in dataset.metrics]
    return max(years, default=0)

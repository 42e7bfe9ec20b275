"""Hands rendered pages to MkDocs + Material and runs it. With preview_server.py (the preview's live-reload
server), the only code that imports MkDocs."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme

from . import search, urls
from .config import SiteConfig
from .errors import PinganError
from .frames import Frames
from .pagecache import PageCache, Store, site_key
from .parallel import workers
from .progress import progress_bar
from .render.spec import PageSpec

log = logging.getLogger(__name__)

THEME_FEATURES = [
    "navigation.tabs",
    "navigation.tabs.sticky",
    "navigation.prune",
    "navigation.top",
]


class EngineError(PinganError):
    """MkDocs or a template failed."""


def theme_dir() -> Path:
    """Material overrides: `theme/` of a source checkout, or the copy inside an installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "theme", here / "theme"):
        if (candidate / "main.html").exists():
            return candidate
    raise EngineError("找不到主题目录 theme/（安装不完整）")


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory, so the preview's repeated builds compile each template once.

    Jinja keys each entry by the template's name and a checksum of its source, so an edited template is
    compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


BATCH = 4000  # pages per MkDocs run: a run holds all of its pages in memory (~4 KB each beyond our own data)
HELPER_PAGES = 1500  # pages to render from which a second process renders part of them (it takes ~1 s to start)
HELPER_SHARE = 0.55  # the part of the pages to render that the second process takes


class PinganPlugin(BasePlugin):  # type: ignore[type-arg]
    """Feeds our pages into MkDocs and writes the files MkDocs knows nothing about.

    Pages in the nav are always rendered: the nav is built from them. Any other page whose fingerprint is
    cached is copied instead of rendered (its HTML cannot differ). The pages to render are split into
    batches of `batch` pages, one MkDocs run each (`current` says which); every run is given the nav pages,
    but a run that adds to a folder already holding them (`adding`: later batches, the preview's quick
    render) leaves them as they are, and the last run copies the cached pages and writes the extras.
    """

    def __init__(self, pages: list[PageSpec], write_extras: Callable[[Path], None], qr: Callable[[str], str],
                 cache: PageCache | None = None, batch: int | None = None, progress: Any = None) -> None:
        super().__init__()
        self.pages = {spec.src_uri: spec for spec in pages}
        self.qr = qr  # a URL's QR code as inline SVG, for templates: {{ url | qr_svg }}
        self.write_extras = write_extras
        self.cache = cache
        self.fingerprints = {uri: cache.fingerprint(s.digest) for uri, s in self.pages.items()
                             } if cache else {}
        self.reused: dict[str, str] = {}  # fingerprint -> output path, for pages taken from the cache
        self.searched: dict[str, str] = {}  # output path -> fingerprint ('' without a cache) of each indexed page
        self.nav = [uri for uri, spec in self.pages.items() if spec.nav_title]
        self.frames = Frames()
        self.cached = {uri for uri, spec in self.pages.items() if cache is not None and not spec.nav_title
                       and cache.has(self.fingerprints[uri])}
        self.todo = [uri for uri, spec in self.pages.items() if not spec.nav_title and uri not in self.cached]
        self.size = batch or BATCH
        self.batches = _batches(self.todo, self.size)
        self.current = 0
        self.adding = False
        self.counted: set[str] = set()  # pages already counted by the progress bar (nav pages render per run)
        self.written: dict[str, str] = {}  # source path -> output path of each page rendered
        self.progress = progress or progress_bar(len(pages), "生成页面", "页")
        self.helper: _Helper | None = None  # renders the pages handed off by `hand_off`

    def hand_off(self, share: float) -> list[str]:
        """Leave the last `share` of the pages to render to someone else: they are neither rendered nor counted
        here. Returns them. Story pages come last: their QR codes, drawn in the background, are ready first."""
        keep = len(self.todo) - int(len(self.todo) * share)
        self.todo, handed = self.todo[:keep], self.todo[keep:]
        self.batches = _batches(self.todo, self.size)
        return handed

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.helper is not None and self.current == 0:
            self.helper.start()  # now: the first run has emptied the site folder
        uris = self.nav + self.batches[self.current] + (sorted(self.cached) if self.current == 0 else [])
        for uri in uris:
            kind = _Written if self.adding and uri in self.nav else File
            file = kind.generated(config, uri, content="")
            if self.pages[uri].search:
                self.searched[file.dest_uri] = self.fingerprints.get(uri, "")
            if uri in self.cached:
                self.reused[self.fingerprints[uri]] = file.dest_uri
                continue
            _Ready(self.pages[uri], file, config)  # becomes file.page
            files.append(file)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = COMPILED
        env.filters["qr_svg"] = self.qr
        env.globals["pa_frame"] = self.frames  # parts rendered once for many pages (frames.py)
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        spec = self.pages[page.file.src_uri]
        context["pa"] = spec.context
        context["pa_search"] = spec.search  # templates mark the indexed part with data-pa-search
        # The nav marks its own pages as current, and a table of contents is the page's own: those render alone.
        context["pa_frames"] = None if spec.nav_title or any(True for _ in page.toc) else page.url
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.cache is not None:
            self.cache.put(self.fingerprints[page.file.src_uri], output)
        self.written[page.file.src_uri] = page.file.dest_uri
        if page.file.src_uri not in self.counted:
            self.counted.add(page.file.src_uri)
            self.progress.update()
        if self.helper is not None:
            self.progress.update(self.helper.done_since())
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.current < len(self.batches) - 1:
            return
        site_dir = Path(config.site_dir)
        if self.cache is not None:
            for fingerprint, dest in self.reused.items():
                self.cache.copy_to(fingerprint, site_dir / dest)
                self.progress.update()
        if self.helper is not None:
            for uri, dest in self.helper.finish(self.progress).items():
                if self.pages[uri].search:
                    self.searched[dest] = self.fingerprints.get(uri, "")
                if self.cache is not None:
                    self.cache.put_file(self.fingerprints[uri], site_dir / dest)
        self.progress.close()
        self.write_extras(site_dir)


def mkdocs_options(config: SiteConfig, pages: list[PageSpec], docs_dir: Path, site_dir: Path,
                   copyright_year: int) -> dict[str, Any]:
    """The MkDocs configuration for one build, as plain data."""
    # Short by design: Material renders the whole nav into every page (quadratic in nav size).
    nav = [{p.nav_title: p.src_uri} for p in pages if p.nav_title]
    identity = config.identity
    return {
        "site_name": config.site.name,
        "site_url": config.site.base_url,
        "site_description": config.site.description,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "nav": nav,
        "copyright": f"© {copyright_year} {identity.host}",
        "theme": {
            "name": "material",
            "custom_dir": str(theme_dir()),
            "language": "zh-CN",
            "font": False,
            "features": THEME_FEATURES,
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "icon": {"logo": "material/shield-check"},
        },
        "plugins": [],  # search is our own chunked index, built after the pages (search.py)
        "markdown_extensions": [],
        "extra": {
            "generator": False,
            "pingan": {
                "identity": identity.model_dump(),
                "site_name": config.site.name,
                "domain": urlsplit(config.site.base_url).hostname or "",
            },
        },
        "validation": {
            "nav": {"omitted_files": "ignore", "not_found": "warn", "absolute_links": "ignore"},
            "links": {"not_found": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore",
                      "anchors": "ignore"},
        },
        "watch": [],
    }


def _batches(uris: list[str], size: int) -> list[list[str]]:
    return [uris[i:i + size] for i in range(0, len(uris), size)] or [[]]


def run(config: SiteConfig, pages: list[PageSpec], root: Path, site_dir: Path,
        write_extras: Callable[[Path], None], copyright_year: int, source_epoch: int, qr: Callable[[str], str],
        store: Store | None = None, into_existing: bool = False, progress: Any = None) -> EngineRun:
    """Run one MkDocs build of `pages` into `site_dir`; with `store`, unchanged pages are copied, not rendered.

    With `into_existing` (the preview's quick path), `site_dir` already holds a built site: only `pages` are
    written (they must include the nav pages) and every other file stays as it is.
    `qr` draws a URL's QR code for the templates (it is not part of the pages' data: the code is a function of
    the URL, drawn meanwhile in the background). Returns how many pages were rendered and reused, and the key
    of the pages the search indexes.
    With two or more cores and at least HELPER_PAGES pages to render, a second process renders part of them
    (`_Helper`) into the same folder meanwhile. `progress` replaces the progress bar (the second process's).
    """
    for name in ("mkdocs", "material"):
        # A partial ("dirty") build warns that other pages may be stale: the preview rebuilds them next.
        logging.getLogger(name).setLevel(logging.ERROR if into_existing else logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="pingan-docs-") as docs:
        options = mkdocs_options(config, pages, Path(docs), site_dir, copyright_year)
        previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        # MkDocs stamps pages with the build date unless told otherwise; use the newest content date.
        os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch)
        try:
            cache = None
            if store is not None:
                cache = PageCache(store, site_key(options, theme_dir(), copyright_year, source_epoch))
            plugin = PinganPlugin(pages, write_extras, qr, cache, progress=progress)
            plugin.load_config({})
            if not into_existing and workers() > 1 and len(plugin.todo) >= HELPER_PAGES:
                handed = plugin.hand_off(HELPER_SHARE)
                plugin.helper = _Helper(config, [plugin.pages[uri] for uri in plugin.nav + handed], root, site_dir,
                                        copyright_year, source_epoch, qr)
            text = yaml.safe_dump(options, allow_unicode=True)
            with _quiet_dirty_warning(), contextlib.closing(plugin.helper or _Nothing()):
                for number in range(len(plugin.batches)):
                    plugin.current = number
                    mk = load_config(io.StringIO(text), config_file_path=str(root / "mkdocs.yml"))
                    # sitemap.xml is ours (written with the extras); a partial build leaves 404.html as it is.
                    mk.theme.static_templates -= {"sitemap.xml", "404.html"} if into_existing else {"sitemap.xml"}
                    mk.plugins["pingan"] = plugin
                    adding = plugin.adding = into_existing or number > 0  # later runs add to the first one's
                    if adding:
                        _assets_copied(mk.theme)
                    mkdocs_build(mk, dirty=adding)
            search_key = None
            if cache is not None:
                cache.prune()
                indexed = sorted((spec.url, plugin.fingerprints[uri])
                                 for uri, spec in plugin.pages.items() if spec.search)
                search_key = hashlib.sha256(repr([search.FORMAT, indexed]).encode()).hexdigest()[:32]
            return EngineRun(len(pages) - len(plugin.reused), len(plugin.reused), search_key,
                             dict(sorted(plugin.searched.items())), plugin.helper.rendered if plugin.helper else 0,
                             plugin.written)
        except MkDocsException as exc:
            raise EngineError(f"页面生成失败：{exc}") from exc
        finally:
            if previous_epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


class _Ready(Page):
    """One of our pages as MkDocs sees it: its HTML is made already, so MkDocs reads no source file and converts
    no Markdown for it (it would make a Markdown converter for every page to convert an empty text: ~0.2 ms a
    page, 2 s of a cold build at 5,000 stories). A page the nav links to keeps the nav's title."""

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        super().__init__(spec.nav_title or None, file, config)
        self.spec = spec

    def read_source(self, config: MkDocsConfig) -> None:
        spec = self.spec
        self.markdown = ""
        self.meta = {"title": spec.title, "template": spec.template, "hide": ["navigation", "toc"]}
        if spec.description:  # Material writes it as <meta name="description">
            self.meta["description"] = spec.description

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.spec.content
        self.toc = get_toc([])
        self.present_anchor_ids = set()


class _Written(File):
    """A nav page the folder already holds, as MkDocs' dirty build sees it: in the nav (with its title from the
    nav config), neither read nor rendered again. A quick render at 5,000 stories spent 0.12 s of 0.2 s on them."""

    def is_modified(self) -> bool:
        return False


class _Unlisted(FileSystemLoader):
    """Loads templates as usual but lists no files: MkDocs lists the theme's files only to copy its assets."""

    def list_templates(self) -> list[str]:
        return []


def _assets_copied(theme: Theme) -> None:
    """For a run into a folder that already has the theme's assets: skip MkDocs' listing of every theme file
    (Material's ~14,500 icons; 0.14 s, most of a preview's quick render)."""
    get_env = theme.get_env

    def env() -> Environment:
        made = get_env()
        made.loader = _Unlisted(theme.dirs)
        return made

    setattr(theme, "get_env", env)  # noqa: B010 - this one Theme object, for this one run


@contextlib.contextmanager
def _quiet_dirty_warning() -> Iterator[None]:
    """MkDocs warns that a "dirty" build may leave stale pages; our later batches add to a fresh build."""
    logger = logging.getLogger("mkdocs.commands.build")
    drop = _DropDirty()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


class _DropDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build")


@dataclass(frozen=True)
class EngineRun:
    """What one engine run did: pages rendered and reused, and a key naming the pages the search indexes."""

    rendered: int
    reused: int
    search_key: str | None  # None without a page cache
    search_pages: dict[str, str]  # output path -> page fingerprint ('' without a page cache) of the indexed pages
    helped: int = 0  # of the rendered pages, how many the second process rendered
    written: dict[str, str] = field(default_factory=dict)  # source path -> output path of each page rendered


class _Nothing:
    def close(self) -> None:
        pass


class _Helper:
    """A second process that renders some of a cold build's pages into the same folder while this one renders
    the rest (page rendering is most of a cold build, and MkDocs renders on one core).

    It is started with "spawn" (see parallel.py) once the first run has emptied the folder. While it starts, the
    engine's settings, its pages and their QR codes are written to a temporary file in parts (writing to a pipe
    would wait for it to finish starting, ~1 s); the file is not in the docs folder, which MkDocs would copy
    into the site. It renders them with the nav pages as the preview's
    quick path does (into an existing folder, leaving the nav pages, the theme's files and 404.html to this
    process) and reports progress as it goes. `finish` waits for it and returns where each of its pages was
    written; an error in it fails the build as this process's would.
    """

    PART = 100  # pages per pickle written

    def __init__(self, config: SiteConfig, pages: list[PageSpec], root: Path, site_dir: Path, copyright_year: int,
                 source_epoch: int, qr: Callable[[str], str]) -> None:
        self.settings = (config, root, site_dir, copyright_year, source_epoch)
        self.pages = pages
        self.qr = qr
        self.path: Path | None = None
        self.process: Any = None
        self.ready: Any = None  # the pipe that tells it `path` is written
        self.reports: Any = None  # the pipe it reports on
        self.last: tuple[str, Any] | None = None  # its final message, once it came
        self.rendered = 0

    def start(self) -> None:
        import multiprocessing

        handle, name = tempfile.mkstemp(prefix="pingan-pages-", suffix=".pickle")
        os.close(handle)
        self.path = Path(name)
        context = multiprocessing.get_context("spawn")
        ready, self.ready = context.Pipe(duplex=False)
        self.reports, report_in = context.Pipe(duplex=False)
        self.process = context.Process(target=_helper_main, args=(self.path, ready, report_in), daemon=True,
                                       name="pingan-pages")
        self.process.start()
        ready.close()
        report_in.close()
        base = self.settings[0].site.base_url
        with self.path.open("wb") as file:
            pickle.dump(self.settings, file, protocol=pickle.HIGHEST_PROTOCOL)
            for i in range(0, len(self.pages), self.PART):
                part = self.pages[i:i + self.PART]
                # Its stories' codes are drawn in the background by now (or drawn here): it would draw them again.
                codes = {url: self.qr(url) for url in (urls.absolute(base, spec.url) for spec in part
                                                       if spec.template == "story.html")}
                pickle.dump((part, codes), file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pages = []
        with contextlib.suppress(OSError):  # it has stopped already: `finish` says why
            self.ready.send(True)

    def done_since(self) -> int:
        """How many pages it has rendered since last asked (without waiting)."""
        count = 0
        try:
            while self.last is None and self.reports.poll():
                message = self.reports.recv()
                if message[0] == "progress":
                    count += message[1]
                else:
                    self.last = message
        except EOFError:  # it ended without a word: `finish` says so
            self.last = ("ended", None)
        return count

    def finish(self, progress: Any) -> dict[str, str]:
        """Wait for it to end; each of its pages' source path -> output path. Raises its error."""
        message = self.last
        while message is None:
            try:
                message = self.reports.recv()
            except EOFError:
                message = ("ended", None)
            if message[0] == "progress":
                progress.update(message[1])
                message = None
        if message[0] == "ended":  # killed, or out of memory
            self.process.join()
            raise EngineError(f"页面生成失败：第二个生成进程意外退出（退出码 {self.process.exitcode}）。"
                              "请重新生成；如果反复出现，设置环境变量 PINGAN_IMAGE_WORKERS=1 只用一个进程生成")
        if message[0] == "error":
            raise message[1]
        written: dict[str, str] = message[1]
        self.rendered = len(written)
        return written

    def close(self) -> None:
        """Stop it if it still runs (this process failed); safe to call twice."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process.close()
            self.process = None
        for pipe in (self.ready, self.reports):
            if pipe is not None:
                pipe.close()
        self.ready = self.reports = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def _helper_main(path: Path, ready: Any, reports: Any) -> None:
    """The second process: render the pages in `path` (once `ready` says it is written) and say where each went
    (or what went wrong)."""
    try:
        ready.recv()
        pages: list[PageSpec] = []
        codes: dict[str, str] = {}
        with path.open("rb") as file:
            config, root, site_dir, copyright_year, source_epoch = pickle.load(file)
            with contextlib.suppress(EOFError):
                while True:
                    part, part_codes = pickle.load(file)
                    pages += part
                    codes.update(part_codes)
        from .render.share import qr_svg

        def qr(url: str) -> str:
            return codes.get(url) or qr_svg(url)

        progress = _Reported(reports)
        engine = run(config, pages, root, site_dir, lambda _site: None, copyright_year, source_epoch, qr,
                     into_existing=True, progress=progress)
        progress.close()
        reports.send(("done", engine.written))
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the build, which raises it
        try:
            reports.send(("error", exc))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled goes as text
            reports.send(("error", EngineError(f"页面生成失败：{exc}")))
    finally:
        reports.close()


class _Reported:
    """The second process's progress bar: counts go to the build every 50 pages."""

    def __init__(self, reports: Any) -> None:
        self.reports = reports
        self.unsent = 0

    def update(self, count: int = 1) -> None:
        self.unsent += count
        if self.unsent >= 50:
            self.close()

    def close(self) -> None:
        if self.unsent:
            self.reports.send(("progress", self.unsent))
            self.unsent = 0

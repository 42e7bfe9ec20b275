"""Hands rendered pages to MkDocs + Material and runs it. With preview_server.py (the preview's live-reload
server), the only code that imports MkDocs."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme

from . import scratch, search, templating
from .config import SiteConfig
from .errors import PinganError
from .frames import Frames
from .pagecache import PageCache, Store, site_key
from .parallel import file_threads, workers
from .progress import progress_bar
from .render import safe
from .render.spec import PageSpec

if TYPE_CHECKING:
    from .pagehelper import PageHelper

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
                 cache: PageCache | None = None, batch: int | None = None, progress: Any = None,
                 on_written: Callable[[str, str], None] | None = None) -> None:
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
        self.helper: PageHelper | None = None  # renders the pages handed off by `hand_off`
        # Hears (source path, output path) of each page rendered, before it is written. (Not `self.on_written`: MkDocs
        # takes every `on_` attribute of a plugin for an event handler.)
        self.tell_written = on_written

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
        # Escape by default: every value a template prints is escaped unless it is Markup (render/safe.py).
        env.autoescape = True
        env.bytecode_cache = COMPILED
        env.filters["qr_svg"] = self._qr
        env.globals["pa_frame"] = self.frames  # parts rendered once for many pages (frames.py)
        templating.install(env, config)
        return env

    def _qr(self, url: str) -> Markup:
        return safe.drawn_svg(self.qr(url))

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
        if self.tell_written is not None:
            self.tell_written(page.file.src_uri, page.file.dest_uri)
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
            self.cache.copy_all(self.reused, site_dir, file_threads(), self.progress.update)
        if self.helper is not None:
            # Its pages are kept as it writes them, while it renders its last ones; then the rest.
            self.helper.finish(self.progress, functools.partial(self._helped, site_dir))
        self.progress.close()
        self.write_extras(site_dir)

    def _helped(self, site_dir: Path, uri: str, dest: str) -> None:
        """The second process has written page `uri` to `dest` under `site_dir`."""
        if self.pages[uri].search:
            self.searched[dest] = self.fingerprints.get(uri, "")
        if self.cache is not None:
            self.cache.put_file(self.fingerprints[uri], site_dir / dest)


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
        store: Store | None = None, into_existing: bool = False, progress: Any = None,
        on_written: Callable[[str, str], None] | None = None) -> EngineRun:
    """Run one MkDocs build of `pages` into `site_dir`; with `store`, unchanged pages are copied, not rendered.

    With `into_existing` (the preview's quick path), `site_dir` already holds a built site: only `pages` are
    written (they must include the nav pages) and every other file stays as it is.
    `qr` draws a URL's QR code for the templates (it is not part of the pages' data: the code is a function of
    the URL, drawn meanwhile in the background). Returns how many pages were rendered and reused, and the key
    of the pages the search indexes.
    With two or more cores and at least HELPER_PAGES pages to render, a second process renders part of them
    (pagehelper.py) into the same folder meanwhile. `progress` replaces the progress bar (the second process's);
    `on_written` hears of each page rendered (source path, output path) before its file is written.
    """
    for name in ("mkdocs", "material"):
        # A partial ("dirty") build warns that other pages may be stale: the preview rebuilds them next.
        logging.getLogger(name).setLevel(logging.ERROR if into_existing else logging.WARNING)
    with tempfile.TemporaryDirectory(prefix=scratch.prefix("docs")) as docs:
        options = mkdocs_options(config, pages, Path(docs), site_dir, copyright_year)
        previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        # MkDocs stamps pages with the build date unless told otherwise; use the newest content date.
        os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch)
        try:
            cache = None
            if store is not None:
                cache = PageCache(store, site_key(options, theme_dir(), copyright_year, source_epoch))
            plugin = PinganPlugin(pages, write_extras, qr, cache, progress=progress, on_written=on_written)
            plugin.load_config({})
            helping: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
            if not into_existing and workers() > 1 and len(plugin.todo) >= HELPER_PAGES:
                from .pagehelper import PageHelper

                handed = plugin.hand_off(HELPER_SHARE)
                plugin.helper = PageHelper(config, [plugin.pages[uri] for uri in plugin.nav + handed], root,
                                           site_dir, copyright_year, source_epoch, qr)
                helping = contextlib.closing(plugin.helper)
            text = yaml.safe_dump(options, allow_unicode=True)
            with _quiet_dirty_warning(), helping:
                if plugin.helper is not None:
                    plugin.helper.launch()  # it starts while MkDocs starts here; its pages follow in on_files
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
        self.content = safe.sanitised(self.spec.content)  # the sanitised body (or "" for pages without one)
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

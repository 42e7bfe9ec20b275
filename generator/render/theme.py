"""Material's templates, loaded once through MkDocs' public theme API, and the context they expect.

MkDocs is a library here, never the build driver: its configuration loader gives Material's `Theme`, the
theme's `get_env` the template environment, and its structure classes the nav. The page loop is ours
(render/loop.py). With the preview server, which does not import MkDocs either, this is the only module that
imports MkDocs.

Every link a template makes through Material's `url` filter is root-relative (`/news/`, or `/sub/news/` for a
site published under https://host/sub/), so the parts that are the same on every page (tabs, drawer nav,
footer, style sheets, scripts, the config script) are the same text on every page by construction; templates
render them once per build through `pa_shared` (see `Shared`).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, Template, pass_context
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..config import SiteConfig
from ..errors import PinganError
from ..publish import scratch
from ..publish.cache import Memo
from . import safe
from .spec import PageSpec

THEME_FEATURES = [
    "navigation.tabs",
    "navigation.tabs.sticky",
    "navigation.prune",
    "navigation.top",
]
HIDE = ["navigation", "toc"]  # every page: the nav is in the tabs, and no page shows a table of contents


class ThemeError(PinganError):
    """Material's templates could not be loaded or a template failed."""


def theme_dir() -> Path:
    """Material overrides: `theme/` of a source checkout, or the copy inside an installed package."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "theme", here / "theme"):
        if (candidate / "main.html").exists():
            return candidate
    raise ThemeError("找不到主题目录 theme/（安装不完整）")


def theme_folders() -> tuple[Path, Path]:
    """Where the files a site serves as they are come from: ours, then Material's (see static_files)."""
    from mkdocs.utils import get_theme_dir

    return theme_dir(), Path(get_theme_dir("material"))


@cache
def material_templates() -> Path:
    """Material's own templates folder (our partials include Material's original through the `material/` prefix)."""
    import material

    return Path(material.__file__).resolve().parent / "templates"


# The theme files a site serves, by (theme folders, static templates, our theme's files): see static_files.
_LISTED: dict[tuple[tuple[str, ...], ...], list[list[str]]] = {}


@dataclass(frozen=True)
class NavEntry:
    """A page the nav links to, as the nav shows it on every page."""

    title: str  # in the nav
    url: str
    meta: tuple[tuple[str, Any], ...]  # the page's own meta data (Material's nav templates read it)

    @classmethod
    def of(cls, spec: PageSpec) -> NavEntry:
        return cls(spec.nav_title, spec.url, tuple(page_meta(spec).items()))


def page_meta(spec: PageSpec) -> dict[str, Any]:
    """A page's meta data as Material reads it (MkDocs reads it from a Markdown file's front matter)."""
    meta: dict[str, Any] = {"template": spec.template, "hide": HIDE}
    if spec.url:  # Material titles a page "<title> - <site name>", the home page with the site's name alone
        meta["title"] = spec.title
    if spec.description:  # Material writes it as <meta name="description">
        meta["description"] = spec.description
    return meta


@dataclass(frozen=True)
class Settings:
    """What loading the theme needs, as plain data (a render process is handed it)."""

    config: SiteConfig
    nav: tuple[NavEntry, ...]  # the pages the nav links to, in order
    copyright_year: int
    epoch: int  # the build's date (the newest content's), as Unix time

    def options(self, docs_dir: str) -> dict[str, Any]:
        """MkDocs' configuration: what Material's templates read from `config`."""
        config = self.config
        identity = config.identity
        return {
            "site_name": config.site.name,
            "site_url": config.site.base_url,
            "site_description": config.site.description,
            "docs_dir": docs_dir,
            "use_directory_urls": True,
            # Short by design: Material renders the whole nav into every page.
            "nav": [{entry.title: _src_uri(entry.url)} for entry in self.nav],
            # an empty site has no year of its own to show (2000 was shown)
            "copyright": f"© {self.copyright_year} {identity.host}" if self.copyright_year else f"© {identity.host}",
            "theme": {
                "name": "material",
                "custom_dir": str(theme_dir()),
                "language": "zh-CN",
                "font": False,
                "features": THEME_FEATURES,
                "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
                # the site's own pictures are files of content/root/, published at the top as they are
                **({"logo": config.site.logo} if config.site.logo else {"icon": {"logo": "material/shield-check"}}),
                "favicon": config.site.favicon or "assets/images/favicon.png",  # ours (theme/), not Material's book
            },
            "plugins": [],  # search is our own index (outputs/search.py)
            "markdown_extensions": [],
            "extra": {
                "generator": False,
                "pingan": {
                    "identity": identity.model_dump(),
                    "site_name": config.site.name,
                    "domain": urlsplit(config.site.base_url).hostname or "",
                },
            },
            "watch": [],
        }

    def stable_options(self) -> dict[str, Any]:
        """The options without the temporary docs folder: part of what names every kept page."""
        return {key: value for key, value in self.options("").items() if key != "docs_dir"}


def _src_uri(url: str) -> str:
    return f"{url}index.md"


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory, so the preview's repeated builds compile each template once.

    Jinja keys each entry by the template's name and a checksum of its source: an edited template is compiled
    again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


class Shared:
    """Page parts rendered once per build: `{{ pa_shared("footer", render, key...) }}` gives the first rendering
    of `footer` for `key` to every later page with the same key.

    A template uses it only for a part whose text depends on nothing but the site (its links are root-relative)
    and the key it names: the nav page that is current (tabs and drawer nav mark it), nothing for the footer.
    `enabled = False` renders every part on every page (the tests compare the two whole sites)."""

    enabled = True

    def __init__(self) -> None:
        self.made: dict[tuple[Hashable, ...], str] = {}

    def __call__(self, name: str, render: Callable[[], str], *key: Hashable) -> str:
        if not self.enabled:
            return render()
        found = self.made.get((name, *key))
        if found is None:
            found = self.made[(name, *key)] = render()
        return found


class ThemePage:
    """A page as Material's templates read it: the attributes of MkDocs' `Page` they use."""

    is_page = True
    is_section = False
    is_link = False
    is_index = True
    children = None
    parent = None
    previous_page = None
    next_page = None
    edit_url = None
    active = False
    ancestors: list[Any] = []

    def __init__(self, spec: PageSpec, base_url: str, root: str) -> None:
        self.title = spec.nav_title or spec.title
        self.meta = page_meta(spec)
        self.url = spec.url
        self.abs_url = root + spec.url
        self.canonical_url = base_url + spec.url
        self.content = safe.sanitised(spec.content)  # the sanitised body ("" for pages without one)
        self.toc: list[Any] = []
        self.is_homepage = spec.url == ""


class Theme:
    """Material's templates for one build: the environment, the nav and the context each page is rendered with.

    `qr` draws a URL's QR code for `{{ url | qr_svg }}` (story pages)."""

    def __init__(self, settings: Settings, qr: Callable[[str], str]) -> None:
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        self.settings = settings
        self.qr = qr
        config = settings.config
        self.base_url = config.site.base_url
        self.root = urlsplit(self.base_url).path or "/"  # where the site lives on its host: "/" or "/sub/"
        self.urls: dict[str, str] = {}  # what `url` made of each address asked for
        with tempfile.TemporaryDirectory(prefix=scratch.prefix("docs")) as folder:  # MkDocs wants a docs folder
            docs = Path(folder) / "docs"
            docs.mkdir()
            text = yaml.safe_dump(settings.options(str(docs)), allow_unicode=True)
            try:
                self.mkdocs = load_config(io.StringIO(text), config_file_path=str(Path(folder) / "mkdocs.yml"))
            except MkDocsException as exc:
                raise ThemeError(f"主题设置无效：{exc}") from exc
        self.env = self._environment()
        self.shared = Shared()
        self.env.globals["pa_shared"] = self.shared
        self.nav, self.nav_pages = self._nav()
        self.build_date = datetime.fromtimestamp(settings.epoch, UTC)
        self.templates: dict[str, Template] = {}

    def _environment(self) -> Environment:
        env = self.mkdocs.theme.get_env()
        # Our partials can include the file they replace as "material/partials/…".
        assert env.loader is not None  # MkDocs' loader of the theme's folders
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(material_templates())})])
        # Escape by default: every value a template prints is escaped unless it is Markup (render/safe.py).
        env.autoescape = True
        env.bytecode_cache = COMPILED
        # Context-dependent, so Jinja never folds `{{ 'assets/x.css' | url }}` into the compiled template: the
        # compiled code is shared by every build in this process (COMPILED), whatever its base_url's path.
        env.filters["url"] = pass_context(lambda _context, value: self.url(value))
        env.filters["qr_svg"] = self._qr
        env.filters["figures"] = safe.figures
        return env

    def url(self, value: object) -> str:
        """Material's `url` filter, root-relative: 'assets/x.css' -> '/assets/x.css' (or '/sub/assets/x.css'),
        '' -> '/'; absolute addresses, '/…' and '#…' stay as they are."""
        text = str(value)
        made = self.urls.get(text)  # templates ask for the same few addresses on every page
        if made is None:
            parts = urlsplit(text)
            if parts.scheme or parts.netloc or text.startswith(("/", "#")):
                made = text
            else:
                made = self.root + ("" if text == "." else text.removeprefix("./"))
            self.urls[text] = made
        return made

    def _qr(self, url: str) -> Markup:
        return safe.drawn_svg(self.qr(url))

    def _nav(self) -> tuple[Any, dict[str, Any]]:
        """The nav as MkDocs builds it (its structure classes: Material's nav templates read them)."""
        from mkdocs.structure.files import File
        from mkdocs.structure.nav import Navigation
        from mkdocs.structure.pages import Page

        pages = {}
        for entry in self.settings.nav:
            url = entry.url
            file = File(_src_uri(url), None, self.mkdocs.site_dir, use_directory_urls=True)  # no source: never read
            page = Page(entry.title, file, self.mkdocs)
            page.meta = dict(entry.meta)
            page.canonical_url = self.base_url + url
            page.abs_url = self.root + url
            page.toc = []  # type: ignore[assignment] # no page shows a table of contents
            pages[url] = page
        nav = Navigation(list(pages.values()), list(pages.values()))
        nav.homepage = pages.get("")
        return nav, pages

    def template(self, name: str) -> Template:
        found = self.templates.get(name)
        if found is None:
            try:
                found = self.templates[name] = self.env.get_template(name)
            except Exception as exc:  # noqa: BLE001 - a missing or broken template, named for the user
                raise ThemeError(f"模板 {name} 无法载入：{exc}") from exc
        return found

    def render(self, spec: PageSpec) -> str:
        """One page's HTML."""
        nav_page = self.nav_pages.get(spec.url) if spec.nav_title else None
        # a page under a nav page (a story under its column, a case under the case library): the tabs and the
        # drawer mark that section as active too (as a section: the page itself is not the nav page's)
        active = spec.url if nav_page else self._section_of(spec)
        section = self.nav_pages.get(active) if active is not None else None
        page: Any
        if nav_page is not None:
            page = nav_page
            page.content = safe.sanitised(spec.content)
        else:
            page = ThemePage(spec, self.base_url, self.root)
        if section is not None:
            section.active = True  # the tabs and the drawer nav mark it
        try:
            # the shared parts' key: the nav page itself (its link is the current page's) or a page under it
            key = active if nav_page else f"under {active}" if section else None
            return self.template(spec.template).render(self.context(page, key, pa=spec.context,
                                                                    pa_search=spec.search))
        finally:
            if section is not None:
                section.active = False

    def _section_of(self, spec: PageSpec) -> str | None:
        """The address of the nav page a page belongs under: its column's for a story, else the one its address
        lies under (cases/ for cases/x/, columns/x/ for its second page) other than the home page; None for none."""
        if spec.section and spec.section in self.nav_pages:
            return spec.section
        under = [url for url in self.nav_pages if url and spec.url.startswith(url)]  # columns/x/ of columns/x/page/2/
        return max(under, key=len) if under else None

    def render_error_page(self) -> str:
        """404.html, which the web server shows for any missing address."""
        return self.template("404.html").render(self.context(None, None))

    def context(self, page: Any, active: str | None, **extra: Any) -> dict[str, Any]:
        """The context MkDocs gives a template (mkdocs.commands.build.get_context), root-relative; `active` is the
        shared parts' key: the address of the nav page rendered, "under <address>" for a page of its section, or
        None."""
        import mkdocs

        return {"nav": self.nav, "pages": [], "base_url": self.root.rstrip("/") or "/", "extra_css": [],
                "extra_javascript": [], "mkdocs_version": mkdocs.__version__, "build_date_utc": self.build_date,
                "config": self.mkdocs, "page": page, "pa_active": active, **extra}

    def static_files(self, memo: Memo | None = None) -> list[tuple[str, Path]]:
        """The theme's files a site serves as they are (style sheets, scripts, images): (path in the site, file),
        as MkDocs chooses them (Material's, ours where we have the same path). Choosing walks all of Material's
        templates (some 15,000 files, its icons among them: a third of a cold build of a small site), so the list
        is kept in `memo` by the theme folders and the names in ours (Material's version is in the memo's key), and
        for the process: a site's first build in a process that has built one already (the preview's, a run of
        builds) does not walk them again."""
        theme = self.mkdocs.theme
        ours = sorted(p.relative_to(theme_dir()).as_posix() for p in theme_dir().rglob("*") if p.is_file())
        key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), tuple(ours))

        def listed() -> list[list[str]]:
            if key not in _LISTED:
                from mkdocs.structure.files import Files

                files = Files([])
                files.add_files_from_theme(theme.get_env(), self.mkdocs)  # the theme's own folders only
                _LISTED[key] = [[file.dest_uri, file.abs_src_path or ""] for file in files]
            return _LISTED[key]

        rows = listed() if memo is None else memo.cached(memo.fingerprint("theme files", *key), listed)
        return [(dest, Path(source)) for dest, source in rows]

"""What Markdown and record fields refer to: images and links resolved inside content/, problems reported.

Stories and records share one `References`: it probes each image once, turns links to content files into page
links, reports every reference that cannot be published with file and line, and checks links to site paths
once every page (or, in a build, every file) exists.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from .. import urls
from ..config import SiteConfig
from ..content.rootfiles import ROOT_FILES
from ..errors import Collector, Problem
from ..limits import files_by_name
from ..outputs.images import NOT_FOUND_HINT, ImageProblem, ImageRef, probe
from ..publish.cache import Memo
from . import safe
from .markdown import BodyRenderer, RenderState, Unusable, picture
from .sitelinks import SEARCH_META, SiteLink, line_of, may_be_written, missing, site_links
from .spec import PageSpec

if TYPE_CHECKING:
    from concurrent.futures import Future

PARALLEL_FROM = 300  # texts to convert from which a second process converts part of them (it takes ~1 s to start)
PART = 50  # texts per part handed to it
# Folders of content/ a picture or a link may name before any exists (a new site has no images/ yet).
CONTENT_FOLDERS = frozenset({"images", "news", "cases", "mediators", "honors", "metrics", "root", "files"})

# A Markdown text to convert, as `References.markdown_html` takes it: text, page URL, source file, first line, field
Text = tuple[str, str, str, int | None, str]
_LET_GO: Text = ("", "", "", None, "")  # in place of a text converted


@dataclass
class Converted:
    """A Markdown text converted: its HTML, what its images and links resolved to, its problems and site links,
    the images it shows (resolved path -> image), and what reading their headers kept (memo fingerprint ->
    value; filled in the second process)."""

    html: str
    uses: list[tuple[str, str, str]]
    problems: list[Problem]
    links: list[tuple[str, str]]
    images: dict[str, ImageRef]
    kept: dict[str, Any] = field(default_factory=dict)


def picture_html(ref: ImageRef, alt: str, page_url: str, lazy: bool, sizes: str) -> Markup:
    return safe.element(picture(ref, alt, page_url, lazy=lazy, sizes=sizes))


@dataclass
class References:
    """Resolves and checks what content refers to; `page_of_file` maps content files to their pages."""

    root: Path
    config: SiteConfig
    collector: Collector
    page_of_file: dict[Path, str]
    unpublished: set[Path]
    memo: Memo | None = None  # bodies kept by text, page and what their images and links resolved to
    markdown: BodyRenderer = field(default_factory=BodyRenderer)
    images: dict[str, ImageRef] = field(default_factory=dict)  # resolved path -> image a published page shows
    _probed: dict[str, ImageRef] = field(default_factory=dict)  # resolved path -> image read once this build
    site_links: list[SiteLink] = field(default_factory=list)
    feed_folders: frozenset[str] = frozenset()  # where the build writes feeds and sections' sitemaps (spec.py)
    reported: set[tuple[str, str]] = field(default_factory=set)  # (file, reference) already reported
    titles: dict[str, str] = field(default_factory=dict)  # a story's title -> its page (a link written as a title)
    _by_name: dict[str, list[Path]] | None = None  # content's files by lower-case name, once an image is missing

    @functools.cached_property
    def hosts(self) -> frozenset[str]:
        """Hosts whose <iframe>s a body may embed."""
        return frozenset(self.config.security.iframe_hosts)

    @functools.cached_property
    def _hosts_key(self) -> list[str]:
        """`hosts` as part of a body's memo key (sorted once, not for every body)."""
        return sorted(self.hosts)

    @property
    def content_dir(self) -> Path:
        return (self.root / "content").resolve()

    def target(self, ref: str, source: str, what: str) -> Path:
        """The file `ref` names, written in `source`: relative to its folder, or to content/ with a leading /. A path
        not found from the folder is looked for from content/ too (images/a.jpg, as a story's cover is written)."""
        content = self.content_dir
        base = (self.root / source).parent
        target = (content / ref.lstrip("/") if ref.startswith("/") else base / ref).resolve()
        if not ref.startswith((".", "/")) and not _exists(target) and _exists(content / ref):
            target = (content / ref).resolve()
        if not target.is_relative_to(content):
            raise Unusable(f"{what}指向 content/ 以外的文件：", "只能引用 content/ 目录里的文件（也不能通过 ../ "
                           "或快捷方式（符号链接）跳出去）；请把文件复制进 content/images/。")
        return target

    def image(self, src: str, source: str) -> ImageRef:
        """The image `src` as written in `source`, probed once per build. Only probed: the pages that show it
        publish it (`images`), so a draft's picture is read for its problems and never encoded."""
        key = str(self.target(src, source, "图片"))
        if key not in self._probed:
            try:
                self._probed[key] = probe(Path(key), self.config.images.max_width, self.memo)
            except ImageProblem as exc:
                raise Unusable(f"{exc.message}：", self._found_elsewhere(src, source) if exc.missing else exc.hint
                               ) from None
        return self._probed[key]

    def _found_elsewhere(self, src: str, source: str) -> str:
        """The hint for an image not found: where a file of that name is (capitals aside) and how to write its path
        from `source`, else how paths are written (images.NOT_FOUND_HINT)."""
        if src == urls.EXAMPLE_PICTURE:
            return "这是新建稿件时模板里的示例：换成真实图片的地址，或删掉“插图这样写”这一行。"
        name = src.replace("\\", "/").rsplit("/", 1)[-1].lower()
        content = self.content_dir
        if self._by_name is None:  # listed once per build, on the first image not found
            self._by_name = files_by_name(content)
        found = self._by_name.get(name, [])
        first = src.lstrip("/").split("/", 1)[0]
        if not found and src.startswith("/") and first not in CONTENT_FOLDERS and not (content / first).is_dir():
            # /Upload/2025/06/1.jpg: the address the picture had on the page it was imported from
            return ("这像是原网页上的图片地址（content/ 里没有这个文件夹）：请在原网页上把图片另存到 content/images/，"
                    "再把地址改成 /images/文件名.jpg。")
        if not found:
            return NOT_FOUND_HINT
        inside = found[0].relative_to(content).as_posix()
        if src.startswith("/"):  # written from content/ (/images/a.jpg): said the same way
            return f"找到了 content/{inside}：请写成 /{inside}（文件名的大小写也要一致）"
        written = Path(os.path.relpath(found[0], (self.root / source).resolve().parent)).as_posix()
        return (f"找到了 content/{inside}：在这个文件里请写成 {written}"
                "（路径从这个文件所在的文件夹算起，文件名的大小写也要一致）")

    def page(self, ref: str, source: str) -> str:
        """The page a link to a content file (a story .md, a case or mediator .yml) becomes."""
        target = self.target(ref, source, "链接")
        url = self.page_of_file.get(target)
        if url is not None:
            return url
        if target in self.unpublished:
            raise Unusable("链接的稿件是草稿或尚未到发布时间：", "等那篇稿件发布后再加链接，或先删除这个链接。")
        raise Unusable("链接的文件不存在：", "检查文件名和路径；路径相对于这个文件所在的文件夹，"
                       "或以 / 开头表示相对 content/。")

    def markdown_html(self, text: str, page_url: str, source: str, first_line: int | None, field: str) -> Markup:
        """Sanitised HTML for a Markdown text from the file `source` (relative to the site root).

        Every problem (missing image or alt text, broken link, unsafe HTML) is reported with file and line.
        With a memo, a text converted before is reused when every image and link in it still resolves to the
        same thing (an image's content hash and size, a linked story's page); texts with problems are not kept.
        """
        if not text.strip():
            return safe.sanitised("")
        return self._html(self._key(text, page_url, source), text, page_url, source, first_line, field)

    def _html(self, key: str, text: str, page_url: str, source: str, first_line: int | None, field: str) -> Markup:
        """`markdown_html` of a text whose memo key is `key`."""
        if (self.memo is not None and (kept := self.memo.get(key)) is not None
                and (shown := self._still(kept["uses"], source)) is not None):
            for ref in shown:
                self.images.setdefault(str(ref.source), ref)
            self._site_links(kept["links"], text, source, first_line, field)
            kept["html"] = html = safe.sanitised(kept["html"])  # one copy of the text, not a second as Markup
            return html
        return self._take(self.convert(text, page_url, source, first_line, field), key, text, source, first_line,
                          field)

    def markdown_many(self, texts: list[Text], each: Callable[[int, str], None]) -> None:
        """`markdown_html` of each text, handed to `each(i, html)` in order, with the same results and reports.
        Each text is let go (its place in `texts` emptied) once converted: a big site's Markdown is ~5 KB a story.

        When many of them were not converted before, a second process converts parts of them meanwhile: this
        one takes parts from the front, the other from the back, two parts handed to it at a time (so few texts
        wait in the pool), and this one records every text's images, problems and links in order."""
        from ..parallel import process_pool, workers

        keys = [self._key(text, page_url, source) if text.strip() else "" for text, page_url, source, _, _ in texts]
        todo = [i for i, (text, *_) in enumerate(texts)
                if text.strip() and (self.memo is None or keys[i] not in self.memo.values)]
        parallel = len(todo) >= PARALLEL_FROM and workers() > 1
        parts = [todo[i:i + PART] for i in range(0, len(todo), PART)] if parallel else []
        part_of = {i: n for n, part in enumerate(parts) for i in part}
        claimed, back = 0, len(parts)  # parts before `claimed` are this process's; from `back` on, the other's
        handed: dict[int, Future[list[Converted]]] = {}  # by part, until this process takes its results
        working: list[Future[list[Converted]]] = []  # the parts the other process has not finished
        done: dict[int, Converted] = {}
        pool = process_pool(1, initializer=_start_worker, initargs=(
            self.root, self.config, self.page_of_file, self.unpublished,
            self.memo.key if self.memo is not None else None)) if parallel else None
        try:
            for i, text in enumerate(texts):
                n = part_of.get(i)
                if n is not None and i == parts[n][0]:
                    if n in handed:
                        done.update(zip(parts[n], handed.pop(n).result(), strict=True))
                    else:
                        claimed = n + 1
                # Keep two parts in the other process's hands; the part after this process's is left to it.
                working = [future for future in working if not future.done()]
                while pool is not None and back - 1 > claimed and len(working) < 2:
                    back -= 1
                    handed[back] = future = pool.submit(_convert_part, [texts[k] for k in parts[back]])
                    working.append(future)
                texts[i] = _LET_GO
                body, page_url, source, first_line, field = text
                converted = done.pop(i, None)
                if not body.strip():
                    each(i, "")
                elif converted is None:
                    each(i, self._html(keys[i], body, page_url, source, first_line, field))
                else:
                    each(i, self._take(converted, keys[i], body, source, first_line, field))
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _key(self, text: str, page_url: str, source: str) -> str:
        memo = self.memo
        return memo.fingerprint("body", text, page_url, source, self._hosts_key) if memo is not None else ""

    def convert(self, text: str, page_url: str, source: str, first_line: int | None, field: str,
                page_known: bool = True) -> Converted:
        """Convert a Markdown text (see `markdown_html`) without recording anything but the images probed; without
        `page_known` (a story whose header has errors: no address yet), links relative to the page are not read."""
        uses: list[tuple[str, str, str]] = []  # (kind, reference as written, what it resolved to)
        images: dict[str, ImageRef] = {}

        def image(src: str) -> ImageRef:
            ref = self.image(src, source)
            uses.append(("image", src, repr(ref)))
            images[str(ref.source)] = ref
            return ref

        def page(ref: str) -> str:
            url = self.page(ref, source)
            uses.append(("page", ref, url))
            return url

        state = RenderState(image, page_url, link=page, iframe_hosts=self.hosts, page_known=page_known)
        html = self.markdown.render(text, state)
        problems = [Problem(source, line_of(text, finding.needle, first_line) if first_line is not None else None,
                            field, finding.message, finding.hint) for finding in state.findings]
        return Converted(html, uses, problems, state.site_links, images)

    def _take(self, converted: Converted, key: str, text: str, source: str, first_line: int | None,
              field: str) -> Markup:
        """Record a conversion: its images, problems and site links, and (without problems) the text's HTML."""
        for path, ref in converted.images.items():
            self.images.setdefault(path, ref)
        if self.memo is not None:
            for fingerprint, value in converted.kept.items():  # image headers read by the other process
                self.memo.put(fingerprint, value)
        for problem in converted.problems:
            self.collector.add(problem)
        self._site_links(converted.links, text, source, first_line, field)
        html = safe.sanitised(converted.html)
        if self.memo is not None and not converted.problems:  # the same object: the HTML is held once until saved
            self.memo.put(key, {"html": html, "uses": converted.uses, "links": converted.links})
        return html

    def _still(self, uses: list[list[str]], source: str) -> list[ImageRef] | None:
        """The images a kept body shows, if every image and link it used resolves as it did then; else None."""
        shown = []
        for kind, ref, then in uses:
            try:
                if kind == "image":
                    shown.append(image := self.image(ref, source))
                    now = repr(image)
                else:
                    now = self.page(ref, source)
            except Unusable:
                return None
            if now != then:
                return None
        return shown

    def _site_links(self, links: list[tuple[str, str]] | list[list[str]], text: str, source: str,
                    first_line: int | None, field: str) -> None:
        self.site_links += site_links(links, text, source, first_line, field)

    def picture_html(self, src: str, alt: str, page_url: str, source: str, line: int | None, field: str,
                     sizes: str) -> Markup | None:
        """A <picture> for an image named in a record field; a problem is reported once, however many pages show it."""
        try:
            ref = self.image(src, source)
        except Unusable as exc:
            if (source, src) not in self.reported:
                self.reported.add((source, src))
                self.collector.add(Problem(source, line, field, f"{exc.message}{src}", exc.hint))
            return None
        self.images.setdefault(str(ref.source), ref)
        return picture_html(ref, alt, page_url, lazy=True, sizes=sizes)

    def check_site_links(self, pages: list[PageSpec], unloaded: set[str] | None = None,
                         out_dir: Path | None = None) -> set[str]:
        """Every site path a Markdown link names must be a page (or, once built, a file) of this site; `unloaded`:
        pages of record files with problems of their own (the link is right; the record's error says why).
        Returns the paths a link may name (for check_links)."""
        known = {page.url for page in pages} | (unloaded or set())
        self.titles = {page.title: page.url for page in pages if page.template == "story.html"}
        self.check_links(self.site_links, known, out_dir)
        return known

    def check_links(self, links: list[SiteLink], known: set[str], out_dir: Path | None = None) -> None:
        """`links` checked against the pages `known` (and, once built, the files in `out_dir`)."""
        folder = urlsplit(self.config.site.base_url).path.strip("/")

        def there(path: str) -> bool:
            if path in known or (path + "/") in known:
                return True
            if out_dir is None:  # before the files are written (and in `pingan check`): those a build may write
                return may_be_written(path, known, self.root, self.feed_folders)
            if path.startswith("search-index/") and path != SEARCH_META:  # renamed by the next build
                return False
            return (out_dir / path).is_file() or (out_dir / path / "index.html").is_file() or \
                "/" not in path and (self.root / ROOT_FILES / path).is_file()  # content/root/: published last

        for link in links:
            path = link.site_path
            if there(path):
                continue
            written = " ".join(link.href.split())  # a line break inside an HTML attribute: one line
            if folder and path.startswith(folder + "/") and there(path[len(folder) + 1:]):
                fixed = written.replace(f"/{folder}/", "/", 1) if written.startswith(f"/{folder}/") else \
                    "/" + path[len(folder) + 1:]
                self.collector.add(Problem(link.source, link.line, link.field,
                                           f"站内链接 {written} 多写了网站所在的目录 /{folder}/",
                                           f"网站放在 /{folder}/ 下，站内链接从这一层以下写起：请写成 {fixed}，"
                                           f"生成时会自动加上 /{folder}/。"))
                continue
            self.collector.add(missing(link, written, self._titled(link)))

    def _titled(self, link: SiteLink) -> tuple[str, str] | None:
        """(title, the link to write) when a missing link names a story by its title ([见](武威市推进隐患整改))."""
        name = unquote(link.site_path.rstrip("/").rsplit("/", 1)[-1]).removesuffix(".md").strip()
        url = self.titles.get(name)
        target = next((file for file, page in self.page_of_file.items() if page == url), None) if url else None
        if target is None:
            return None
        return name, Path(os.path.relpath(target, (self.root / link.source).resolve().parent)).as_posix()


def _exists(path: Path) -> bool:
    """Whether `path` names something; False for a name the system refuses (too long, a NUL): the probe that
    follows says what is wrong with it, as for any file not found."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


_WORKER: list[References] = []  # in the second process: the References that converts its parts


def _start_worker(root: Path, config: SiteConfig, page_of_file: dict[Path, str], unpublished: set[Path],
                  key: str | None = None) -> None:
    """In the second process: its References, fingerprinting with the build's code key `key` (the code read when
    the build began, even if the files change meanwhile)."""
    _WORKER.append(References(root, config, Collector(), page_of_file, unpublished, Memo(None, key)))


def _convert_part(texts: list[Text]) -> list[Converted]:
    """In the second process: convert `texts`; image headers it reads go back with the first text showing them."""
    refs = _WORKER[0]
    out = []
    for text in texts:
        converted = refs.convert(*text)
        assert refs.memo is not None
        converted.kept, refs.memo.new = refs.memo.new, {}
        out.append(converted)
    return out

"""Walking the site: site_config.yml and everything under content/ (file and folder names, texts, image
metadata), with a text's findings kept by its content and a big site's texts scanned in a background process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Collector, Problem
from ..limits import MAX_IMAGE_BYTES, MAX_TEXT_BYTES, ROOT_FILE_BYTES, Unreadable, read_file, refusal
from .detect import compact, scan
from .files import scan_file
from .imagetext import GPS, image_metadata, raw_texts

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ..publish.cache import Memo

# Every text a site publishes; content/root/ copies scripts, stylesheets, XML and cards as they are.
TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".txt", ".html", ".htm", ".xhtml", ".csv", ".tsv", ".json",
                 ".xml", ".rss", ".atom", ".js", ".mjs", ".css", ".webmanifest", ".vcf", ".ics"}
# How to take a picture's properties out, in the tools a clerk has (Windows' Explorer; WPS 图片 or 画图 save a copy
# without them).
REMOVE_PROPERTIES = ("删除的办法：在 Windows 文件资源管理器里右键点这张图片，选“属性”→“详细信息”→ "
                     "最下面的“删除属性和个人信息”→“从此文件中删除以下属性”→“全选”→“确定”；"
                     "或者用画图打开后“另存为”一张新图片。")
METADATA_HINT = "网站上的图片会去掉这些信息，但原图文件里仍有，不能留在 content/ 里。" + REMOVE_PROPERTIES
AS_IS_HINT = "content/root/ 里的图片原样发布，文件里的说明、注释和附带的文字也会公开。" + REMOVE_PROPERTIES
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".ico", ".bmp"}
NAME_HINT = "文件名会出现在网址和图片地址里，请给文件改名，去掉这段信息。"
FOLDER_HINT = "文件夹名会出现在网址和图片地址里，请给文件夹改名，去掉这段信息。"

PARALLEL_FROM = 200  # text files to scan from which a background process scans them (it takes ~0.3 s to start)
PART = 250  # text files per part handed to it


def scan_site(root: Path, config_allow: Iterable[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan site_config.yml and everything under content/: text, file and folder names, image metadata.

    With `memo`, a text file's findings are kept by its content (and the allow-list), so a build after an
    edit scans only the files that changed."""
    with contextlib.closing(SiteScan(root, allowed(config_allow), memo)) as scan:
        collector.extend(scan.problems())


class SiteScan:
    """`scan_site` begun: with `background` and at least PARALLEL_FROM text files whose findings are not kept, a
    background process scans them while this one goes on (a cold build of 5,000 stories: ~2.7 s). `problems`
    waits for it and returns the findings in the order `scan_site` reports them. `paths` scans only those."""

    def __init__(self, root: Path, allow: frozenset[str], memo: Memo | None = None, background: bool = False,
                 paths: list[Path] | None = None) -> None:
        self.allow = allow  # see `allowed`
        self.memo = memo
        self.found: list[list[Problem]] = []  # per file, in order
        self.texts: list[tuple[Path, str, str, str]] = []  # texts to scan: (path, shown, text, addresses)
        self.keep: list[tuple[int, str, str | None]] = []  # for each: its file's place in `found`, shown, memo key
        self.folders: set[str] = set()  # folders whose names were scanned, as shown
        if paths is None:  # the whole site
            paths = [root / "site_config.yml"] if (root / "site_config.yml").is_file() else []
            content = root / "content"
            if content.is_dir():
                paths += sorted(p for p in content.rglob("*") if p.is_file())
        for path in paths:
            self._folders(root, path)
            self._begin(root, path)
        self.pool: ProcessPoolExecutor | None = None
        self.parts: list[Future[list[list[list[Any]]]]] = []
        from ..parallel import workers

        if background and len(self.texts) >= PARALLEL_FROM and workers() > 1:
            from ..parallel import process_pool

            self.pool = process_pool(1)
            self.parts = [self.pool.submit(_scan_texts, self.texts[i:i + PART], self.allow)
                          for i in range(0, len(self.texts), PART)]
            self.texts = []

    def _folders(self, root: Path, path: Path) -> None:
        """Scan the names of the folders between content/ and `path` not scanned yet."""
        parts = path.relative_to(root).as_posix().split("/")
        if parts[0] != "content":
            return
        for k in range(2, len(parts)):
            shown = "/".join(parts[:k])
            if shown in self.folders:
                continue
            self.folders.add(shown)
            self.found.append([Problem(shown, None, "文件夹名", finding.message(), FOLDER_HINT, finding.level)
                               for finding in scan(parts[k - 1], self.allow)])

    def _begin(self, root: Path, path: Path) -> None:
        """Scan `path`'s name and image metadata, and take its text's findings from `memo` or note it as to scan."""
        shown = path.relative_to(root).as_posix()
        found = [Problem(shown, None, "文件名", finding.message(), NAME_HINT, finding.level)
                 for finding in scan(path.name, self.allow)]
        self.found.append(found)
        if refusal(path, root / "content") is not None:
            return  # a FIFO, device or link out of content/ is never opened: reported by limits.special_files
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES or suffix == ".svg":
            try:
                data = read_file(path, limit=MAX_IMAGE_BYTES if suffix == ".svg" else MAX_TEXT_BYTES)
                text = (data.decode("utf-8-sig", "replace") if suffix == ".svg"
                        else data.decode("utf-8-sig")).replace("\r\n", "\n")
            except UnicodeDecodeError:
                return  # reported by the encoding check
            except (OSError, Unreadable):
                return  # unreadable or too large files are reported where they are read
            # home addresses: an error in a case record, a warning where cases are retold (news, profiles, honors,
            # metrics' notes), with a party's name after the word naming the party (村民王建国)
            addresses = "error" if shown.startswith("content/cases/") else "warning" if shown.startswith(
                ("content/news/", "content/mediators/", "content/honors/", "content/metrics/")) else ""
            key = None
            if self.memo is not None:
                key = self.memo.fingerprint("privacy", shown, text, sorted(self.allow), addresses)
                kept = self.memo.get(key)
                if kept is not None:
                    found += [Problem(shown, *row) for row in kept]
                    return
            self.texts.append((path, shown, text, addresses))
            self.keep.append((len(self.found) - 1, shown, key))
        elif suffix in IMAGE_SUFFIXES:
            for name, text in image_metadata(path):
                if name == GPS:  # a published photo is re-encoded without it; one published as it is keeps it
                    if shown.startswith("content/root/"):
                        found.append(Problem(shown, None, "图片元数据 GPS", "原样发布的图片带有拍摄地点（GPS 坐标）",
                                             "content/root/ 里的文件原样发布，图片的拍摄地点也会公开。"
                                             + REMOVE_PROPERTIES))
                    continue
                for finding in scan(text, self.allow):
                    found.append(Problem(shown, None, f"图片元数据 {name}", finding.message(),
                                         AS_IS_HINT if shown.startswith("content/root/") else METADATA_HINT,
                                         finding.level))
            if shown.startswith("content/root/"):  # published byte for byte: whatever text the file holds
                self._raw(path, shown, found)

    def _raw(self, path: Path, shown: str, found: list[Problem]) -> None:
        """Findings in the text anywhere in the bytes of an image published as it is (imagetext.raw_texts)."""
        try:
            data = read_file(path, limit=ROOT_FILE_BYTES)
        except (OSError, Unreadable):
            return  # too large for content/root/ (or unreadable): reported where it is published
        said = {problem.message for problem in found}  # read in its metadata already
        for text in raw_texts(data):
            for finding in scan(text, self.allow):
                if finding.message() not in said:
                    said.add(finding.message())
                    found.append(Problem(shown, None, "图片文件里的文字", finding.message(), AS_IS_HINT,
                                         finding.level))

    def problems(self) -> list[Problem]:
        """Every finding, in file order (waits for the background process)."""
        if self.parts:
            rows = [row for part in self.parts for row in part.result()]
        else:
            rows = _scan_texts(self.texts, self.allow)
        for (n, shown, key), kept in zip(self.keep, rows, strict=True):
            if self.memo is not None and key is not None:
                self.memo.put(key, kept)
            self.found[n] += [Problem(shown, *row) for row in kept]
        self.close()
        return [problem for found in self.found for problem in found]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _rows(problems: list[Problem]) -> list[list[Any]]:
    """A file's findings as kept (and sent between processes): all but the file."""
    return [[p.line, p.field, p.message, p.hint, p.level] for p in problems]


def _scan_texts(texts: list[tuple[Path, str, str, str]], allow: frozenset[str]) -> list[list[list[Any]]]:
    """The findings of each text, as kept (here, or in the background process)."""
    return [_rows(scan_file(path, shown, text, allow, addresses)) for path, shown, text, addresses in texts]


def allowed(config_allow: Iterable[str]) -> frozenset[str]:
    """The allow-list in the form `scan_path` compares against."""
    return frozenset(compact(a) for a in config_allow)


def scan_path(root: Path, path: Path, allow: frozenset[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan one file of the site: its name (and its folders'), and its text, SVG text or image metadata."""
    collector.extend(SiteScan(root, allow, memo, paths=[path]).problems())

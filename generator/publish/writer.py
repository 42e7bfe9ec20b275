"""The one writer of a build's site folder: pages, kept pages, feeds, the sitemap, open data, the theme's files,
images, the search index and the ownership marker (outguard.MARKER) all go through it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..parallel import Threads, file_threads
from .cache import link_or_copy


class Writer:
    """Writes files under `site_dir` in `file_threads()` threads while the caller goes on: making folders and files
    is mostly the system's work, which threads do side by side (two cores, 10,000 pages: four threads took 1.8–4 s
    where one took 3–7 s). At most a few dozen files wait at a time. `close` waits for the rest and raises the
    first error; so does leaving a `with` block."""

    def __init__(self, site_dir: Path, threads: int | None = None) -> None:
        self.site_dir = site_dir
        self.threads = Threads(file_threads() if threads is None else threads, ahead=64, name="pingan-writer")
        self.folders: set[str] = set()
        self.top: set[str] = set()  # the names at the site folder's top level
        self.paths: list[str] = []  # every file written, as given
        self.count = 0

    def write(self, rel: str, data: bytes) -> None:
        """Write `data` to `rel` (a path under the site folder, with '/' between folders)."""
        self._add(rel)
        self.threads.submit(self._write, rel, lambda: data)

    def write_from(self, rel: str, read: Callable[[], bytes]) -> None:
        """Write what `read()` gives, called in the writing thread (a kept page read from the cache)."""
        self._add(rel)
        self.threads.submit(self._write, rel, read)

    def copy(self, rel: str, source: Path) -> None:
        """Copy the file `source` to `rel` (a copy, never a link: the source may be edited in place later)."""
        self._add(rel)
        self.threads.submit(lambda: shutil.copyfile(source, self._folder(rel)))

    def link(self, rel: str, source: Path) -> None:
        """Put the cached file `source` at `rel` as a hard link (a copy where links are not possible): only for
        files nothing writes in place (images and search index files, named by what they hold)."""
        self._add(rel)
        self.threads.submit(lambda: link_or_copy(source, self._folder(rel)))

    def _add(self, rel: str) -> None:
        self.count += 1
        self.paths.append(rel)
        self.top.add(rel.partition("/")[0])

    def flush(self) -> None:
        """Wait until everything handed over so far is on disk (raising the first error)."""
        self.threads.wait()

    def _folder(self, rel: str) -> str:
        """`rel`'s full path, its folder made (in a writing thread: folders are most of the system's work)."""
        folder = rel.rpartition("/")[0]
        if folder not in self.folders:
            os.makedirs(os.path.join(self.site_dir, folder), exist_ok=True)  # two threads may race: both fine
            self.folders.add(folder)
        return os.path.join(self.site_dir, rel)

    def _write(self, rel: str, read: Callable[[], bytes]) -> None:
        target = self._folder(rel)
        data = read()
        with open(target, "wb") as file:
            file.write(data)

    def close(self) -> None:
        self.threads.__exit__(None, None, None)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self.threads.__exit__(kind, error, trace)


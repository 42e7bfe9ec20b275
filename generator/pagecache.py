"""Results kept on disk by the hash of everything they are made from, so a build redoes only what changed.

`PageCache` keeps rendered pages. A page's fingerprint covers everything its HTML is made from: its template
name, its plain-data context, its body HTML, and a site key made of the engine options, the theme's files, the
generator's own code, the package versions, the copyright year and the build's date stamp. `Memo` keeps smaller
derived results (story bodies as HTML, chart SVGs, image headers) the same way. Any change to an input gives a
new key. The one thing judged by file signature rather than content is whether an image's header must be read
again (size, times and inode, as git does); what is published from an image stays keyed by its content hash.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_FORMAT = "2"  # bump when what a fingerprint covers changes


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - a source checkout without installation
        return "?"


def tree_digest(directory: Path, pattern: str = "*") -> str:
    """The names and bytes of every file under `directory` (matching `pattern`)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob(pattern) if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """The generator's own source files and the versions of the libraries that shape its output."""
    versions = [package_version(name) for name in ("mkdocs", "mkdocs-material", "markdown", "nh3", "pillow",
                                                   "matplotlib", "segno", "lxml", "pingan-portal")]
    return hashlib.sha256((tree_digest(Path(__file__).resolve().parent, "*.py") + repr(versions)).encode()).hexdigest()


def site_key(options: dict[str, Any], theme: Path, year: int, epoch: int) -> str:
    """What every page shares: engine options (without the temporary paths), theme files, code, versions, dates."""
    stable = {k: v for k, v in options.items() if k not in ("docs_dir", "site_dir")}
    parts = [CACHE_FORMAT, json.dumps(stable, sort_keys=True, ensure_ascii=False, default=str), tree_digest(theme),
             code_digest(), str(year), str(epoch)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def digest(*parts: Any, key: str = "") -> str:
    """A name for plain data (`parts`, JSON-able; anything else by its str) under `key`."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((key + "\0" + data).encode()).hexdigest()[:32]


class PageCache:
    """Rendered HTML pages under `directory`, one file per fingerprint; pruned to the pages of the last build."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.used: set[str] = set()
        directory.mkdir(parents=True, exist_ok=True)

    def fingerprint(self, *parts: Any) -> str:
        return digest(*parts, key=self.key)

    def path(self, fingerprint: str) -> Path:
        return self.directory / f"{fingerprint}.html"

    def has(self, fingerprint: str) -> bool:
        self.used.add(fingerprint)
        return self.path(fingerprint).is_file()

    def put(self, fingerprint: str, html: str) -> None:
        self.used.add(fingerprint)
        target = self.path(fingerprint)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)

    def copy_to(self, fingerprint: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path(fingerprint), target)

    def prune(self) -> None:
        """Forget pages this build did not use, so the cache stays the size of one site."""
        for path in self.directory.glob("*.html"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


class Memo:
    """Derived results (story bodies as HTML, chart SVGs, image headers) by the fingerprint of their inputs.

    Everything kept is read when the build starts, so loaders and renderers never touch the disk for it;
    new results are written, and results this build did not use are removed, by `save` once the build has
    succeeded (`pingan check` never saves). The key adds the generator's own code to every fingerprint."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.key = code_digest()
        self.values: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()
        for path in directory.glob("*.json") if directory.is_dir() else []:
            try:
                self.values[path.stem] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # a damaged entry is simply computed again
                continue

    def fingerprint(self, *parts: Any) -> str:
        return digest(*parts, key=self.key)

    def get(self, fingerprint: str) -> Any:
        """The kept result, or None."""
        value = self.values.get(fingerprint)
        if value is not None:
            self.used.add(fingerprint)
        return value

    def put(self, fingerprint: str, value: Any) -> None:
        self.values[fingerprint] = self.new[fingerprint] = value
        self.used.add(fingerprint)

    def cached(self, fingerprint: str, compute: Any) -> Any:
        """The kept result for `fingerprint`, or `compute()` kept under it."""
        value = self.get(fingerprint)
        if value is None:
            value = compute()
            self.put(fingerprint, value)
        return value

    def save(self) -> None:
        """Write the new results and forget the ones this build did not use."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for fingerprint, value in self.new.items():
            target = self.directory / f"{fingerprint}.json"
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, target)
        self.new.clear()
        for path in self.directory.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Put `source`'s bytes at `target` as a second name for the same file (a hard link: no bytes copied),
    or as a copy where links are not possible (another drive, a file system without them).

    Only for files named by their content (images, search index chunks) that nothing writes in place;
    a file already at `target` has the same name, so the same content, and is kept."""
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(source, target)


def copy_tree(source: Path, target: Path) -> None:
    """`source` as `target` (replaced), every file linked or copied by `link_or_copy`."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, copy_function=link_or_copy)

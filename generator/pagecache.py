"""Rendered pages kept by fingerprint, so a build renders only the pages whose inputs changed.

A page's fingerprint covers everything its HTML is made from: its template name, its plain-data context, its
body HTML, and a site key made of the engine options, the theme's files, the package versions, the copyright
year and the build's date stamp. Any change to one of those gives a new fingerprint; nothing is trusted by date.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_FORMAT = "1"  # bump when what a fingerprint covers changes


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - a source checkout without installation
        return "?"


def tree_digest(directory: Path) -> str:
    """The names and bytes of every file under `directory`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def site_key(options: dict[str, Any], theme: Path, year: int, epoch: int) -> str:
    """What every page shares: engine options (without the temporary paths), theme files, versions, dates."""
    stable = {k: v for k, v in options.items() if k not in ("docs_dir", "site_dir")}
    versions = [package_version(name) for name in ("mkdocs", "mkdocs-material", "pingan-portal")]
    parts = [CACHE_FORMAT, json.dumps(stable, sort_keys=True, ensure_ascii=False, default=str), tree_digest(theme),
             *versions, str(year), str(epoch)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class PageCache:
    """HTML files under `directory`, one per fingerprint; pruned to the pages of the last build."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.used: set[str] = set()
        directory.mkdir(parents=True, exist_ok=True)

    def fingerprint(self, template: str, context: dict[str, Any], content: str) -> str:
        data = json.dumps([template, context, content], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256((self.key + "\0" + data).encode()).hexdigest()[:32]

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


def copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)

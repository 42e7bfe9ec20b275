"""The list of the files a build wrote into its output folder, kept in the project's cache, so that the next build
can tell a file someone put into the site (a document saved beside the pages) from the site's own."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
from pathlib import Path

from .cache import CACHE_DIR

log = logging.getLogger(__name__)

IGNORED = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # what file managers add by looking at a folder


def _listing(config_path: Path, target: Path) -> Path:
    """Where the list of the files the last build wrote into `target` is kept (in the project's cache)."""
    key = hashlib.sha256(os.fsencode(target)).hexdigest()[:24]
    return config_path.resolve().parent / CACHE_DIR / "outputs" / f"{key}.json.gz"


def remember(config_path: Path, out: Path, files: list[str]) -> None:
    """Just before a build replaces `out`: keep the list of the new site's files (paths with '/') beside the list
    of the site there now. Until `settle` makes it the list, the next build's check reads both: a build killed
    between the swap and `settle` leaves no file of either site looking like someone else's."""
    target = out.resolve()
    pending = _pending(_listing(config_path, target))
    tmp = pending.with_name(f"{pending.name}.{os.getpid()}.tmp")
    try:  # a cache that cannot take the list only weakens the next check (see settle)
        pending.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(gzip.compress(json.dumps({"folder": os.fsdecode(target), "files": sorted(files)},
                                                 ensure_ascii=False).encode("utf-8"), mtime=0))
        os.replace(tmp, pending)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            pending.unlink(missing_ok=True)
        log.warning("没能在缓存里记下网站的文件清单（%s）：下次生成只检查网站顶层有没有别人的文件。",
                    exc.strerror or exc)


def settle(config_path: Path, out: Path) -> None:
    """After a build replaced `out`: the list `remember` kept becomes the list of the site. Without one (the cache
    could not take it) the old list goes too: the next check is the top level's, never a stale list's."""
    listing = _listing(config_path, out.resolve())
    with contextlib.suppress(OSError):
        os.replace(_pending(listing), listing)
        return
    with contextlib.suppress(OSError):
        listing.unlink(missing_ok=True)


def _pending(listing: Path) -> Path:
    return listing.with_name(listing.name.replace(".json.gz", ".next.json.gz"))


def _remembered(listing: Path) -> set[str]:
    """The files of the list `remember` kept at `listing` (none when there is no list, or it is damaged)."""
    try:
        data = json.loads(gzip.decompress(listing.read_bytes()))
        return set(data["files"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return set()


def strays(config_path: Path, target: Path) -> list[str]:
    """Files and folders below `target`'s top level that the last build into it did not write (by the list
    `remember` kept; [] without one), shallowest first."""
    listing = _listing(config_path, target)
    files = _remembered(listing) | _remembered(_pending(listing))
    if not files:
        return []
    folders = {f.rsplit("/", n)[0] for f in files for n in range(1, f.count("/") + 1)}
    strays = []
    for top, dirs, names in os.walk(target):
        rel = os.path.relpath(top, target).replace(os.sep, "/")
        if rel == ".":
            dirs[:] = [d for d in dirs if d in folders]  # the top level: check_owner's own test
            continue
        for d in list(dirs):
            if f"{rel}/{d}" not in folders:
                strays.append(f"{rel}/{d}/")
                dirs.remove(d)
        strays += [f"{rel}/{n}" for n in names if f"{rel}/{n}" not in files and n not in IGNORED]
    return sorted(strays, key=lambda p: (p.count("/"), p))

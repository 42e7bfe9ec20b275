"""Results kept on disk by the hash of everything they are made from, so a build redoes only what changed.

`Store` holds them all in one SQLite file, `.pingan-cache/kept.sqlite`: a site of 5,000 stories keeps ~30,000
results (pages, story bodies, QR codes, search entries); one file per result would make a cold build create
tens of thousands of small files (seconds of system time on Linux, far more where a virus scanner looks at
every new file).

`PageCache` keeps rendered pages. A page's fingerprint covers everything its HTML is made from: its template
name, its plain-data context, its body HTML, and a site key made of the engine options, the theme's files, the
generator's own code, the package versions, the copyright year and the build's date stamp. `Memo` keeps smaller
derived results (story bodies as HTML, chart SVGs, image headers) the same way. Any change to an input gives a
new key. The one thing judged by file signature rather than content is whether an image's header must be read
again (size, times and inode, as git does); what is published from an image stays keyed by its content hash.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import threading
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import PinganError

CACHE_FORMAT = "3"  # bump when what a fingerprint covers changes


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


# The generator package: every module of it can shape the output, not only this folder's.
PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def code_digest() -> str:
    """The generator's own source files (all of them: wording lists too) and the versions of the libraries that
    shape its output."""
    versions = [package_version(name) for name in ("mkdocs", "mkdocs-material", "markdown", "nh3", "pillow",
                                                   "matplotlib", "segno", "lxml", "pypinyin",
                                                   "pingan-portal")]
    code = tree_digest(PACKAGE, "*.py") + tree_digest(PACKAGE, "*.yml")
    return hashlib.sha256((code + repr(versions)).encode()).hexdigest()


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


CACHE_DIR = ".pingan-cache"  # beside site_config.yml: images, the search index and kept.sqlite
STORE = "kept.sqlite"
OLD_FOLDERS = ("memo", "pages", "qr", "search/pages")  # where earlier versions kept one file per result
COMMIT_BYTES = 64 * 2**20  # a build's writes are committed in parts of about this size


class Store:
    """Kept results in one SQLite file, by kind ("page", "memo", "qr", "search") and key.

    A build opens it to write (`write`), `pingan check` to read only: a missing, locked or damaged file is
    then simply an empty cache. A damaged file met by a build is replaced by a new, empty one (everything
    in it can be made again). What a build puts is committed as it goes and when it closes, failed or not:
    every result is named by the hash of its inputs, so a result kept by a failed build is still right.
    Safe to use from several threads (the preview renders in its own); a closed store keeps nothing.
    """

    def __init__(self, path: Path, write: bool) -> None:
        self.path = path
        self.write = write
        self.lock = threading.Lock()
        self.db: sqlite3.Connection | None = None
        self.unsaved = 0
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in OLD_FOLDERS:
                shutil.rmtree(path.parent / old, ignore_errors=True)
            try:
                self.db = self._open()
            except sqlite3.DatabaseError:  # not a database (damaged, another program's, an earlier version's): again
                for stale in (path, path.with_name(path.name + "-journal")):
                    stale.unlink(missing_ok=True)
                self.db = self._open()
        elif path.is_file():
            try:
                self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2,
                                          check_same_thread=False)
                self.db.execute("SELECT count(*) FROM kept WHERE 0")
            except sqlite3.Error:
                self.close()

    def _open(self) -> sqlite3.Connection:
        """The file, with its table. The table has rowids: SQLite keeps a page's ~30 KB in overflow pages written
        once, where a WITHOUT ROWID table (which earlier versions made) moves them about in its b-tree: 3 times
        slower to fill and 5 times slower to read. A file holding such a table is started again."""
        db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        try:
            made = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kept'").fetchone()
            if made is not None and "WITHOUT ROWID" in made[0].upper():
                raise sqlite3.DatabaseError("an earlier version's table")  # started again, as a damaged file is
            db.execute("CREATE TABLE IF NOT EXISTS kept (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _fail(self, exc: sqlite3.Error) -> PinganError:
        """A build cannot use the store (disk full, no permission, damaged): the build fails, the site stays."""
        return PinganError(f"无法使用生成缓存 {self.path}：{exc}。请检查磁盘空间和文件夹权限；"
                           "也可以删除 .pingan-cache 文件夹后重试（缓存会重新生成，网站内容不受影响）。")

    @contextlib.contextmanager
    def _using(self, writing: bool) -> Iterator[sqlite3.Connection | None]:
        """The connection under the lock (None when closed, or when `writing` to a read-only store). An error
        fails a build with a clear message; a reader (`pingan check`) goes on as if nothing were kept."""
        with self.lock:
            if self.db is None or (writing and not self.write):
                yield None
                return
            try:
                yield self.db
            except sqlite3.DatabaseError as exc:
                if self.write:
                    raise self._fail(exc) from exc

    def get(self, kind: str, key: str) -> bytes | None:
        row = None
        with self._using(writing=False) as db:
            if db is not None:
                row = db.execute("SELECT value FROM kept WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return None if row is None else bytes(row[0])

    def keys(self, kind: str) -> set[str]:
        found: set[str] = set()
        with self._using(writing=False) as db:
            if db is not None:
                found = {key for (key,) in db.execute("SELECT key FROM kept WHERE kind = ?", (kind,))}
        return found

    def items(self, kind: str) -> Iterator[tuple[str, bytes]]:
        """Every kept (key, value) of `kind`, read a few hundred at a time (not all held at once); the store
        is locked until the last one is taken, so the caller must not use the store meanwhile."""
        with self._using(writing=False) as db:
            if db is not None:
                rows = db.execute("SELECT key, value FROM kept WHERE kind = ?", (kind,))
                while batch := rows.fetchmany(500):
                    yield from batch

    def put(self, kind: str, key: str, value: bytes) -> None:
        with self._using(writing=True) as db:
            if db is not None:
                db.execute("INSERT OR REPLACE INTO kept VALUES (?, ?, ?)", (kind, key, value))
                self.unsaved += len(value)
                if self.unsaved > COMMIT_BYTES:
                    self._commit_now(db)

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Forget the results of `kind` not named in `keys` (those the last build did not use)."""
        with self._using(writing=True) as db:
            if db is not None:
                gone = [(kind, key) for (key,) in db.execute("SELECT key FROM kept WHERE kind = ?", (kind,))
                        if key not in keys]
                db.executemany("DELETE FROM kept WHERE kind = ? AND key = ?", gone)

    def _commit_now(self, db: sqlite3.Connection) -> None:
        db.commit()
        self.unsaved = 0

    def commit(self) -> None:
        with self._using(writing=True) as db:
            if db is not None:
                self._commit_now(db)

    def close(self) -> None:
        """Commit what was put and close the file; safe to call twice."""
        try:
            self.commit()
        finally:
            with self.lock:
                if self.db is not None:
                    self.db.close()
                    self.db = None


class PageCache:
    """Rendered HTML pages by fingerprint, kept in `store`; pruned to the pages of the last build."""

    KIND = "page"

    def __init__(self, store: Store, key: str) -> None:
        self.store = store
        self.key = key
        self.used: set[str] = set()
        self.known = store.keys(self.KIND)

    def fingerprint(self, *parts: Any) -> str:
        return digest(*parts, key=self.key)

    def has(self, fingerprint: str) -> bool:
        self.used.add(fingerprint)
        return fingerprint in self.known

    def put(self, fingerprint: str, html: bytes) -> None:
        self.used.add(fingerprint)
        self.store.put(self.KIND, fingerprint, html)
        self.known.add(fingerprint)

    def read(self, fingerprint: str) -> bytes:
        """A kept page's HTML (`has` said it is kept)."""
        data = self.store.get(self.KIND, fingerprint)
        if data is None:  # has() said it was kept: only another program can have removed it since
            raise PinganError(f"生成缓存 {self.store.path} 在生成过程中被改动，缺少已保存的页面。"
                              "请删除 .pingan-cache 文件夹后重新生成。")
        return data

    def prune(self) -> None:
        """Forget pages this build did not use, so the cache stays the size of one site."""
        self.store.keep_only(self.KIND, self.used)


class Memo:
    """Derived results (story bodies as HTML, chart SVGs, image headers) by the fingerprint of their inputs.

    Everything kept is read when the build starts, so loaders and renderers never touch the disk for it;
    new results are put into the store, and results this build did not use are removed, by `save` once the
    build has succeeded (`pingan check` never saves). The key adds the generator's own code to every
    fingerprint."""

    KIND = "memo"

    def __init__(self, store: Store | None, key: str | None = None) -> None:
        self.store = store
        self.key = key or code_digest()  # a process helping a build takes the build's (its code read once)
        self.values: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()
        for key, value in store.items(self.KIND) if store is not None else []:
            try:
                self.values[key] = json.loads(value)
            except ValueError:  # a damaged entry is simply computed again
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
        """Put the new results into the store and forget the ones this build did not use."""
        if self.store is None:
            return
        for fingerprint, value in self.new.items():
            self.store.put(self.KIND, fingerprint, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        self.new.clear()
        self.store.keep_only(self.KIND, self.used)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Put `source`'s bytes at `target` as a second name for the same file (a hard link: no bytes copied),
    or as a copy where links are not possible (another drive, a file system without them).

    Only for files named by their content (images, search index chunks) that nothing writes in place;
    a file already at `target` has the same name, so the same content, and is kept. `source` must be an ordinary
    file: a link planted in the cache (to /etc/passwd) would otherwise be published, or the file it names copied."""
    if not stat.S_ISREG(os.lstat(source).st_mode):
        raise PinganError(f"缓存里的 {os.path.basename(source)} 不是普通文件（缓存可能被改动过），没有把它放进网站。"
                          f"请删除 {CACHE_DIR} 文件夹后重新生成。")
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(source, target)



"""Atomic publish: build into a sibling temporary directory, swap it in only on success."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

MARKER = ".pingan-site"  # the file naming the project whose site a folder is (see outguard.py)


# The names this module gives the folders it keeps beside `out` (a build's staging folder, the site it displaced,
# the old site being deleted): nothing else beside `out` is touched (.site.old-2024备份 is a person's).
_OURS = {"tmp": re.compile(r"\d+-[0-9a-f]{8}"), "old": re.compile(r"\d+"), "trash": re.compile(r"[0-9a-f]{8}")}


def _siblings(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.{kind}-"
    return sorted(path for path in out.parent.glob(glob.escape(prefix) + "*")
                  if _OURS[kind].fullmatch(path.name[len(prefix):]) and path.is_dir() and not path.is_symlink()
                  and (kind != "old" or (path / MARKER).is_file()))  # a displaced site is a marked one


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty directory next to `out`; on normal exit it replaces `out`, on error it is removed."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    # Named before it is made, and made inside the try: a Ctrl+C arriving just after the folder is made (the
    # moment the folder appears is when a person or a test is most likely to press it) still removes it.
    # A second Ctrl+C during the removal can leave it; the next build's recover removes it then.
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        tmp.mkdir(mode=0o700)
        yield tmp
    except BaseException as exc:
        if isinstance(exc, OSError):
            _blame(exc, tmp, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, out)


def _blame(exc: OSError, tmp: Path, out: Path) -> None:
    """Name the file of an error met while writing the new site as the user knows it: a path inside the staging
    folder (a name nobody has seen, gone once the error is reported) as the same path inside `out`; a full disk
    met by a write (which names no file) as `out`, when the staging folder's disk is the one that is full."""
    for attr in ("filename", "filename2"):
        name = getattr(exc, attr)
        if isinstance(name, str | bytes | os.PathLike):
            path = Path(os.fsdecode(name))
            if path == tmp or path.is_relative_to(tmp):
                setattr(exc, attr, os.fspath(out / path.relative_to(tmp)))
    if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT) and _nearly_full(tmp):
        exc.filename = os.fspath(out)


def _nearly_full(folder: Path) -> bool:
    """Whether the disk of `folder` has (almost) no room left: less than 4 MB or 1 % free."""
    try:
        fs = os.statvfs(folder)
    except (OSError, AttributeError):  # gone, or no statvfs (Windows)
        return False
    free = fs.f_bavail * fs.f_frsize
    return free < 4 * 1024 * 1024 or free < fs.f_blocks * fs.f_frsize // 100 or (fs.f_files > 0 and fs.f_favail == 0)


def recover(out: Path) -> None:
    """Tidy up after a build that was killed: restore a displaced site, drop stale staging dirs and what an
    earlier build's deletion of its old site left (the deletion was killed, or the machine was switched off)."""
    old = _siblings(out, "old")
    if not out.exists() and old:
        os.replace(old[-1], out)
        log.warning("上次构建中断，已恢复原网站目录 %s", out)
    for stale in _siblings(out, "tmp") + _siblings(out, "old") + _siblings(out, "trash"):
        shutil.rmtree(stale, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _swap(tmp: Path, out: Path) -> None:
    os.chmod(tmp, 0o755)
    # Where the system can, the old and new site trade places in one step: at every instant `out` is
    # one complete site. Elsewhere two renames are used; between them the old site is kept aside and
    # restored by recover() if the process dies right there.
    if out.exists() and _exchange(tmp, out):
        _discard(tmp, out)  # `tmp` holds the old site now
        return
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            os.replace(old, out)
            raise
        _discard(old, out)
    else:
        os.replace(tmp, out)


class _Detached(subprocess.Popen[bytes]):
    """A process meant to go on after this one ends: nothing to warn about then (Popen warns of a child still
    running when it is let go); the system takes it over."""

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # one that never started has nothing to reap
            self.poll()  # reaped if it has ended


# Deletions of old sites still running (a long-lived process, the preview server, starts one per whole build).
_deleting: list[_Detached] = []
_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _discard(old: Path, out: Path) -> None:
    """Delete the old site `old`, replaced by `out`, without making the build wait for it.

    Deleting a site is one system call per file and folder: 1.5-3 s at 5,000 stories, up to a quarter of a
    build that changed little. So the folder is renamed out of the way (`.site.trash-*`) and a process of its
    own deletes it while the command returns (and goes on if the command's window is closed). If that
    process cannot start, it is deleted here; if it is killed before it is done, the next build deletes the
    rest (`recover`)."""
    trash = out.with_name(f".{out.name}.trash-{secrets.token_hex(4)}")
    try:
        os.replace(old, trash)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return
    _deleting[:] = [p for p in _deleting if p.poll() is None]  # those that finished are done with
    # Its own session (process group on Windows): a Ctrl+C typed in the terminal afterwards is not for it.
    detached = ({"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
                if sys.platform == "win32" else {"start_new_session": True})
    try:
        if not sys.executable:  # an embedded Python that cannot start itself
            raise OSError("no interpreter to start")
        _deleting.append(_Detached([sys.executable, "-I", "-c", _DELETE, os.fspath(trash)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   **detached))
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)

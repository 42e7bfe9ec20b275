"""Atomic publish: build into a sibling temporary directory, swap it in only on success."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty directory next to `out`; on normal exit it replaces `out`, on error it is removed."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    # Named before it is made, and made inside the try: a Ctrl+C arriving just after the folder is made (the
    # moment the folder appears is when a person or a test is most likely to press it) still removes it.
    # A second Ctrl+C during the removal can leave it; the next build's _recover removes it then.
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        tmp.mkdir(mode=0o700)
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, out)


def _recover(out: Path) -> None:
    """Tidy up after a build that was killed: restore a displaced site, drop stale staging dirs."""
    old = _siblings(out, "old")
    if not out.exists() and old:
        os.replace(old[-1], out)
        log.warning("上次构建中断，已恢复原网站目录 %s", out)
    for stale in _siblings(out, "tmp") + _siblings(out, "old"):
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
    # restored by _recover() if the process dies right there.
    if out.exists() and _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            os.replace(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)

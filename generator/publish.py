"""Atomic publish: build into a sibling temporary directory, swap it in only on success."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
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
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
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


def _swap(tmp: Path, out: Path) -> None:
    # Same filesystem, so each rename is atomic; between the two the old site is kept aside and
    # restored by _recover() if the process dies right there.
    os.chmod(tmp, 0o755)
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

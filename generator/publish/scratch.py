"""Temporary files and folders named by the process that made them, so a later build removes what a killed one
left behind (a build killed by the system for want of memory runs no clean-up: its second process's page file
is ~60 MB at 5,000 stories, a preview's copy of the site hundreds of MB)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

KINDS = ("docs", "pages", "preview")  # MkDocs' (empty) docs folder, earlier versions' pages, the preview's site
_NAME = re.compile(rf"pingan-(?:{'|'.join(KINDS)})-(\d+)-.+")


def prefix(kind: str) -> str:
    """The name prefix for a temporary file or folder of `kind` made by this process."""
    assert kind in KINDS
    return f"pingan-{kind}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep() -> list[Path]:
    """Remove the temporary files and folders of processes that no longer run; returns what was removed.
    A process whose number was given to another since keeps its files until that one ends too."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob("pingan-*"):
        found = _NAME.fullmatch(path.name)
        if found is None or _alive(int(found[1])):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:  # another user's, or already gone
            continue
        removed.append(path)
    return removed

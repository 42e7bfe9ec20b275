"""Worker processes for a build's parallel work: images, QR codes, charts, Markdown and the search index."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def process_pool(count: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """`count` worker processes, each running `initializer(*initargs)` first. Started with "spawn": the preview
    server runs threads, and forking a threaded process can deadlock."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)


def workers() -> int:
    """How many processes parallel work may use: every core, or PINGAN_IMAGE_WORKERS (1 gives a serial run)."""
    configured = os.environ.get("PINGAN_IMAGE_WORKERS", "")
    return max(1, int(configured)) if configured.isdigit() else (os.cpu_count() or 1)

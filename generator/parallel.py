"""Worker processes for a build's parallel work: images, QR codes, charts and the search index."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def process_pool(count: int) -> ProcessPoolExecutor:
    """`count` worker processes. Started with "spawn": the preview server runs threads, and forking a threaded
    process can deadlock."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))


def workers() -> int:
    """How many processes parallel work may use: every core, or PINGAN_IMAGE_WORKERS (1 gives a serial run)."""
    configured = os.environ.get("PINGAN_IMAGE_WORKERS", "")
    return max(1, int(configured)) if configured.isdigit() else (os.cpu_count() or 1)

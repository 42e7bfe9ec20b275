"""Worker processes for a build's parallel work (images, QR codes, charts, Markdown and the search index), and
threads for writing many files."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def process_pool(count: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """`count` worker processes, each running `initializer(*initargs)` first. Started with "spawn": the preview
    server runs threads, and forking a threaded process can deadlock. Each worker ends when this process does,
    however it ends (`_start_worker`)."""
    from concurrent.futures import ProcessPoolExecutor

    from .spawn import QUIET_SPAWN

    return ProcessPoolExecutor(max_workers=count, mp_context=QUIET_SPAWN,
                               initializer=_start_worker, initargs=(initializer, initargs))


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """In a worker process, first: ignore Ctrl+C (the build hears it and ends its pools), watch the process that
    started it, then run the pool's own initializer.

    A build killed outright (SIGKILL from the system's out-of-memory killer, `kill -9`) cannot shut its pool
    down, and a worker waiting for work never hears of it (it holds its own queue's other end), so it would wait
    for ever. The parent's sentinel becomes ready when the parent ends; the watching thread then ends the worker.
    """
    import multiprocessing
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # started with it blocked (spawn.py): now ignored, then let through
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    parent = multiprocessing.parent_process()
    if parent is not None:
        def watch() -> None:
            parent.join()
            os._exit(1)

        threading.Thread(target=watch, name="pingan-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


RENDER_FROM = 400  # pages to render from which render processes pay for their start (~1 s each, beside this one)


def render_processes(pages: int) -> int:
    """How many processes render `pages` pages: this one alone for a small site (or a serial run), else one
    per core (this process among them)."""
    count = workers()
    return count if count > 1 and pages >= RENDER_FROM else 1


ENCODE_FROM = 2_000_000  # pixels to encode from which image processes pay for their start (~0.1 s of processor
# time each, about what a photo of 1.5 megapixels takes to encode: a small site's cover and a picture or two are
# encoded here, one 12-megapixel photo already in processes)


def image_processes(images: int, pixels: int) -> int:
    """How many processes encode `images` images of `pixels` pixels in all: one per core, at most one per image,
    when there is enough to encode, else this one alone (1)."""
    count = workers()
    return min(count, images) if count > 1 and pixels >= ENCODE_FROM else 1


FILE_THREADS = 4  # threads writing files (kept pages)


def file_threads() -> int:
    """How many threads write files: FILE_THREADS, or one for a serial run (PINGAN_IMAGE_WORKERS=1)."""
    return FILE_THREADS if workers() > 1 else 1


def workers() -> int:
    """How many processes parallel work may use: every core, or PINGAN_IMAGE_WORKERS (1 gives a serial run)."""
    configured = os.environ.get("PINGAN_IMAGE_WORKERS", "")
    return max(1, int(configured)) if configured.isdigit() else (os.cpu_count() or 1)


class Threads:
    """Work handed to `count` threads while the caller goes on, for work that is mostly the system's: making
    folders and files, which threads do side by side where Python code would take turns. Not for many files
    in one folder: the system adds a folder's entries one at a time (the search index's 5,000 result files
    took as long with four threads as with one). With one thread the work is done at once, in the caller's
    thread.

    At most `ahead` pieces wait or run at a time: `submit` waits for the oldest beyond that, so what the pieces
    hold is never all in memory. `done` hears each piece's result, in the order submitted. Leaving the `with`
    block waits for the rest; on an error (or Ctrl+C) pieces not yet started are dropped and the first error
    is raised."""

    def __init__(self, count: int, done: Callable[[Any], None] = lambda _result: None, ahead: int = 16,
                 name: str = "pingan-files") -> None:
        from collections import deque
        from concurrent.futures import Future, ThreadPoolExecutor

        self.done = done
        self.ahead = ahead
        self.pool = ThreadPoolExecutor(count, thread_name_prefix=name) if count > 1 else None
        self.pending: deque[Future[Any]] = deque()

    def submit(self, work: Callable[..., Any], *args: Any) -> None:
        if self.pool is None:
            self.done(work(*args))
            return
        self.pending.append(self.pool.submit(work, *args))
        while len(self.pending) > self.ahead:
            self.done(self.pending.popleft().result())

    def wait(self) -> None:
        """Wait for every piece submitted so far (raising the first error)."""
        while self.pending:
            self.done(self.pending.popleft().result())

    def __enter__(self) -> Threads:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.pool is None:
            return
        try:
            if error is None:
                self.wait()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

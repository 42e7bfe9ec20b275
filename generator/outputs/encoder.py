"""Encoding a build's images in processes of their own, and publishing every variant into a site."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem
from ..parallel import image_processes, process_pool, workers
from ..progress import progress_bar
from .images import ImageProblem, ImageRef, encode, variant_names

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ..publish.writer import Writer


class Encoder:
    """Encodes the images a build lacks into `cache_dir` and publishes every variant into a site.

    Photos are most of a cold build's work (~0.7 s of processor time per 12-megapixel photo). `start`, called
    as soon as the story bodies are converted (their photos known), sets processes to work on them at once, at a
    low priority (`_background`): they take whatever processor time making the page data, rendering the pages
    and building the search index leave idle, on any core, without slowing that work down; images found later
    are added (`add`); `publish` then uses every core for the rest. Each image is encoded on its own, from its
    own bytes, so when and where it is encoded changes nothing in what is written. `close` stops the workers (a
    failed build); safe to call twice.
    """

    def __init__(self, refs: list[ImageRef], cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.refs: dict[str, ImageRef] = {}  # by content hash
        self.missing: list[ImageRef] = []  # the ones the cache lacks, in the order they are encoded
        self.waiting: queue.Queue[ImageRef | None] = queue.Queue()  # missing ones for the feeder; None: no more
        self.pool: ProcessPoolExecutor | None = None
        self.submitted: queue.Queue[Future[None]] = queue.Queue()  # every encode, in order, for publish to wait on
        self.slots = threading.Semaphore(0)  # free places among the encodes allowed in flight
        self.allowed = 0  # encodes allowed in flight
        self.feeder: threading.Thread | None = None
        self.stopped = False
        self.add(refs)

    def add(self, refs: list[ImageRef]) -> None:
        """More images to publish; those the cache lacks are encoded (in the background once started). The
        build adds the photos of the story bodies as soon as they are converted, the rest with the pages."""
        for ref in sorted(refs, key=lambda r: r.key):
            if ref.key in self.refs:
                continue
            self.refs[ref.key] = ref
            if not ref.svg and not all((self.cache_dir / n).exists() for n in variant_names(ref)):
                self.missing.append(ref)
                self.waiting.put(ref)

    def _count(self) -> int:
        """How many processes encode the missing images (parallel.image_processes: 1 is this one, in publish)."""
        return image_processes(len(self.missing), sum(ref.width * ref.height for ref in self.missing))

    def start(self, meanwhile: int) -> None:
        """Begin encoding in the background, at most `meanwhile` images at a time until `publish`."""
        count = self._count()
        if count < 2 or self.pool is not None:
            return  # one process: everything is encoded by publish, in order
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.pool = process_pool(workers(), _background)  # started as work comes: images added later may need them
        self.allowed = max(1, min(meanwhile, count))
        self.slots.release(self.allowed)
        self.feeder = threading.Thread(target=self._feed, args=(self.pool,), name="pingan-images", daemon=True)
        self.feeder.start()

    def _feed(self, pool: ProcessPoolExecutor) -> None:
        from concurrent.futures import Future

        while (ref := self.waiting.get()) is not None:
            self.slots.acquire()
            if self.stopped:
                return
            try:
                future = pool.submit(encode, ref, self.cache_dir)
            except Exception as exc:  # a broken pool: handed on as a failed encode, publish raises it
                future = Future()
                future.set_exception(exc)
            future.add_done_callback(lambda _: self.slots.release())
            self.submitted.put(future)

    def publish(self, writer: Writer) -> tuple[int, int]:
        """Encode what is still missing on every core, then hand every variant to `writer` (under images/).

        Returns (newly encoded, taken from the cache)."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        bar = progress_bar(len(self.missing), "处理图片", "张")
        self.waiting.put(None)  # nothing more to encode: the feeder ends after the last one
        count = self._count()
        if count > 1:
            if self.pool is None:
                self.start(count)
            elif count > self.allowed:  # every core now
                self.slots.release(count - self.allowed)
                self.allowed = count
            for ref in self.missing:  # in the order submitted, as they finish
                try:
                    self.submitted.get().result()  # a worker's error (a damaged file, a full disk) fails the build
                except ImageProblem as exc:
                    raise _failed(ref, exc) from None
                bar.update()
            self.close()
        else:
            for ref in self.missing:
                try:
                    encode(ref, self.cache_dir)
                except ImageProblem as exc:
                    raise _failed(ref, exc) from None
                bar.update()
        bar.close()
        for ref in sorted(self.refs.values(), key=lambda r: r.key):
            names = variant_names(ref)
            if ref.svg:  # checked when probed; published as written
                writer.copy(f"images/{names[0]}", ref.source)
                continue
            for name in names:  # named by content hash, never written in place: linked, not copied
                writer.link(f"images/{name}", self.cache_dir / name)
        return len(self.missing), len(self.refs) - len(self.missing)

    def close(self) -> None:
        self.stopped = True
        self.slots.release(len(self.missing) + 1)  # wake the feeder so it sees `stopped`
        self.waiting.put(None)  # or ends, if it waits for an image to encode
        if self.feeder is not None:
            self.feeder.join()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _background() -> None:
    """In an encoding process, first: run at a low priority, so the build's other work is seldom kept waiting by
    it (where the system has priorities: not on Windows). 10, not the lowest (19): another program busy on the
    computer still leaves the encoding a tenth of a core, not a hundredth."""
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:  # not allowed here: encode at the usual priority
            pass


def _failed(ref: ImageRef, exc: ImageProblem) -> ContentError:
    """The build's error for an image that could not be encoded, named from content/ on."""
    parts = ref.source.parts
    at = len(parts) - 1 - parts[::-1].index("content") if "content" in parts else None
    shown = "/".join(parts[at:]) if at is not None else str(ref.source)
    return ContentError([Problem(shown, None, "", exc.message, exc.hint)])


def publish(refs: list[ImageRef], cache_dir: Path, writer: Writer) -> tuple[int, int]:
    """Encode what the cache lacks (on every core) and hand every variant to `writer` (under images/)."""
    return Encoder(refs, cache_dir).publish(writer)

"""The second process of a cold build: it renders part of the pages while the build process renders the rest
(page rendering is most of a cold build, and MkDocs renders on one core). mkdocs_adapter.run starts it."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import scratch, urls
from .config import SiteConfig
from .mkdocs_adapter import EngineError, run
from .render.spec import PageSpec


class PageHelper:
    """The second process, seen from the build process.

    It is started with "spawn" (see parallel.py) by `launch` as the engine starts, so that its ~0.3 s of starting
    (a new interpreter importing MkDocs) overlaps the build process's own start of MkDocs; it then waits. Once the
    first MkDocs run has emptied the folder, `start` writes the engine's settings, its pages and their QR codes to
    a temporary file in parts (writing to a pipe would wait for it to finish starting) and tells it to go on; the
    file is not in the docs folder, which MkDocs would copy into the site. It renders them with the nav pages as
    the preview's quick path does (into an existing folder, leaving the nav pages, the theme's files and 404.html
    to the build process) and reports progress as it goes, with the pages whose files it has written. `finish`
    hands each of those on (the build process keeps them in the page cache meanwhile) and waits for it; an error
    in it fails the build as the build process's own would.
    """

    PART = 100  # pages per pickle written

    def __init__(self, config: SiteConfig, pages: list[PageSpec], root: Path, site_dir: Path, copyright_year: int,
                 source_epoch: int, qr: Callable[[str], str]) -> None:
        self.settings = (config, root, site_dir, copyright_year, source_epoch)
        self.pages = pages
        self.qr = qr
        self.path: Path | None = None
        self.process: Any = None
        self.ready: Any = None  # the pipe that tells it `path` is written
        self.reports: Any = None  # the pipe it reports on
        self.last: tuple[Any, ...] | None = None  # its final message, once it came
        self.finished: list[tuple[str, str]] = []  # (source path, output path) of pages written, not handed on yet
        self.rendered = 0

    def launch(self) -> None:
        """Start the process; it waits for `start` (safe to call twice)."""
        if self.process is not None:
            return
        import multiprocessing

        handle, name = tempfile.mkstemp(prefix=scratch.prefix("pages"), suffix=".pickle")
        os.close(handle)
        self.path = Path(name)
        context = multiprocessing.get_context("spawn")
        ready, self.ready = context.Pipe(duplex=False)
        self.reports, report_in = context.Pipe(duplex=False)
        self.process = context.Process(target=helper_main, args=(self.path, ready, report_in), daemon=True,
                                       name="pingan-pages")
        self.process.start()
        ready.close()
        report_in.close()

    def start(self) -> None:
        """Hand it its pages (launching it first if `launch` was not called): the folder is ready for them."""
        self.launch()
        assert self.path is not None
        base = self.settings[0].site.base_url
        with self.path.open("wb") as file:
            pickle.dump(self.settings, file, protocol=pickle.HIGHEST_PROTOCOL)
            for i in range(0, len(self.pages), self.PART):
                part = self.pages[i:i + self.PART]
                # Its stories' codes are drawn in the background by now (or drawn here): it would draw them again.
                codes = {url: self.qr(url) for url in (urls.absolute(base, spec.url) for spec in part
                                                       if spec.template == "story.html")}
                pickle.dump((part, codes), file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pages = []
        with contextlib.suppress(OSError):  # it has stopped already: `finish` says why
            self.ready.send(True)

    def done_since(self) -> int:
        """How many pages it has rendered since last asked (without waiting). The pages whose files it reported
        written are kept in `finished` for `finish` to hand on."""
        count = 0
        try:
            while self.last is None and self.reports.poll():
                message = self.reports.recv()
                if message[0] == "progress":
                    count += message[1]
                    self.finished += message[2]
                else:
                    self.last = message
        except EOFError:  # it ended without a word: `finish` says so
            self.last = ("ended", None)
        return count

    def finish(self, progress: Any, each: Callable[[str, str], None]) -> None:
        """Wait for it to end, calling `each(source path, output path)` for each of its pages as soon as it has
        written the page's file (those it reported earlier first). Raises its error."""
        handed: set[str] = set()

        def hand(pages: Iterable[tuple[str, str]]) -> None:
            for uri, dest in pages:
                handed.add(uri)
                each(uri, dest)

        hand(self.finished)
        self.finished = []
        message: tuple[Any, ...] | None = self.last
        while message is None:
            try:
                message = self.reports.recv()
            except EOFError:
                message = ("ended", None)
            if message[0] == "progress":
                progress.update(message[1])
                hand(message[2])
                message = None
        if message[0] == "ended":  # killed, or out of memory
            self.process.join()
            raise EngineError(f"页面生成失败：第二个生成进程意外退出（{_why(self.process.exitcode)}）。"
                              "请重新生成；如果反复出现，设置环境变量 PINGAN_IMAGE_WORKERS=1 只用一个进程生成")
        if message[0] == "error":
            raise message[1]
        written: dict[str, str] = message[1]
        hand((uri, dest) for uri, dest in written.items() if uri not in handed)
        self.rendered = len(written)

    def close(self) -> None:
        """Stop it if it still runs (this process failed); safe to call twice."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process.close()
            self.process = None
        for pipe in (self.ready, self.reports):
            if pipe is not None:
                pipe.close()
        self.ready = self.reports = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def _why(exitcode: int) -> str:
    """How a process ended, for people: a signal by name (SIGKILL is most often the system out of memory)."""
    if exitcode >= 0:
        return f"退出码 {exitcode}"
    name = signal.Signals(-exitcode).name
    return f"被信号 {name} 强制结束，常见原因是内存不足" if name == "SIGKILL" else f"被信号 {name} 结束"


def helper_main(path: Path, ready: Any, reports: Any) -> None:
    """The second process: render the pages in `path` (once `ready` says it is written) and say where each went
    (or what went wrong)."""
    try:
        ready.recv()
        pages: list[PageSpec] = []
        codes: dict[str, str] = {}
        with path.open("rb") as file:
            config, root, site_dir, copyright_year, source_epoch = pickle.load(file)
            with contextlib.suppress(EOFError):
                while True:
                    part, part_codes = pickle.load(file)
                    pages += part
                    codes.update(part_codes)
        from .render.share import qr_svg

        def qr(url: str) -> str:
            return codes.get(url) or qr_svg(url)

        progress = Reported(reports)
        engine = run(config, pages, root, site_dir, lambda _site: None, copyright_year, source_epoch, qr,
                     into_existing=True, progress=progress, on_written=progress.written)
        progress.close()
        reports.send(("done", engine.written))
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the build, which raises it
        try:
            reports.send(("error", exc))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled goes as text
            reports.send(("error", EngineError(f"页面生成失败：{exc}")))
    finally:
        reports.close()


class Reported:
    """The second process's progress bar: counts go to the build every 50 pages, with the pages whose files are
    written. MkDocs writes a page's file after telling of it (`written`), so a page is sent once the next one is
    told of, or the run is over (`close`)."""

    def __init__(self, reports: Any) -> None:
        self.reports = reports
        self.unsent = 0
        self.files: list[tuple[str, str]] = []  # written, not sent yet
        self.writing: tuple[str, str] | None = None  # the page being written

    def update(self, count: int = 1) -> None:
        self.unsent += count
        if self.unsent >= 50:
            self._send()

    def written(self, uri: str, dest: str) -> None:
        if self.writing is not None:
            self.files.append(self.writing)
        self.writing = (uri, dest)

    def close(self) -> None:
        """The run is over: every page's file is written."""
        if self.writing is not None:
            self.files.append(self.writing)
            self.writing = None
        self._send()

    def _send(self) -> None:
        if self.unsent or self.files:
            self.reports.send(("progress", self.unsent, self.files))
            self.unsent, self.files = 0, []

"""`pingan serve`'s web server, on the standard library: the preview folder, live reload and the file watch.

The site is served at the path of its configured address (`/sub/` for https://x.gov.cn/sub/), so links that
start with that path work as they will on the real server; `/` leads there. The answers themselves are in
handler.py.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..errors import PinganError
from .handler import Handler, debugging

log = logging.getLogger(__name__)

CHANGES = {EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}

def base_path(path: str) -> str:
    """`path` as the folder the site is served at: `/`, or `/sub/` for `sub`, `/sub` or `/sub/`."""
    inner = path.strip("/")
    return f"/{inner}/" if inner else "/"

def _now() -> int:
    return time.time_ns() // 1_000_000


# Rebuilds the preview folder; returns an error page to show instead of the site (None when the build
# succeeded) and whether to build again as soon as the browsers have reloaded (after a quick render of
# just the edited pages).
Rebuild = Callable[[], tuple[bytes | None, bool]]

class PreviewServer(ThreadingHTTPServer):
    """Serves the preview folder `root` at `base`, rebuilds when a watched file changes, and tells the open pages
    to reload after each build; shows `error_page` instead of the site's pages while the content is broken.

    It listens to the operating system's file-change notices (inotify, FSEvents, ReadDirectoryChangesW), so a
    save is seen at once however many files the site has; where no such notices exist (or the system's limit
    of watched folders is reached) watchdog checks the files once a second. Pages are served while a build
    runs: builds swap in a whole new folder at once, so what is served is always a complete site.

    After a quick render the whole build waits (at most RELOAD_WAIT seconds) until the open pages have
    reloaded: a build in the same process would slow the server down just as the browsers fetch the page.
    Each open page keeps one live-reload question waiting and asks a new one once it has loaded again.
    """

    daemon_threads = True
    RELOAD_WAIT = 2.0
    POLL_TIMEOUT = 60.0  # a live-reload question is answered after this long even when nothing changed
    BUILD_DELAY = 0.1  # a build starts once the saves have stopped for this long (an editor writes in steps)

    def __init__(self, rebuild: Rebuild, host: str, port: int, root: str, base: str = "/",
                 error_page: bytes | None = None) -> None:
        self.rebuild = rebuild
        self.root = os.path.realpath(root)
        self.base = base_path(base)
        self.error_page = error_page
        self.notice = b""  # the build's warnings, shown atop each page (set by the rebuild: see cli/serve.py)
        self.on_built: Callable[[], None] = lambda: None  # called after each build (the cli reads the base there)
        self.epoch = _now()  # the build shown: pages that came with another one reload
        self.polls = 0  # live-reload questions asked so far
        self.waiting = 0  # live-reload questions waiting now: the pages that reload after a build
        self._shown = threading.Condition()  # held when reading or changing the three numbers above
        self._wanted = threading.Condition()  # held when reading or changing the two flags below
        self._want_build = False
        self._stopping = False
        self._observer: BaseObserver = Observer()  # native where there is one, polling elsewhere
        self._watched: list[str] = []
        self._serving = threading.Thread(target=self.serve_forever, args=(0.25,), daemon=True)
        super().__init__((host, port), Handler)

    def server_bind(self) -> None:
        """Bind the port; a port in use or not allowed is said in words."""
        try:
            super().server_bind()
        except OSError as exc:
            port = self.server_address[1]
            if exc.errno == errno.EADDRINUSE:
                raise PinganError(f"端口 {port} 已被占用（可能已经有一个 pingan serve 或别的程序在用它）。\n"
                                  f"    提示：关掉那个程序，或者换一个端口，例如 pingan serve --port {port + 1}。"
                                  ) from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise PinganError(f"没有权限使用端口 {port}（1024 以下的端口通常需要管理员权限）。\n"
                                  "    提示：换一个 1024 以上的端口，例如 pingan serve --port 8000。") from None
            raise

    def inside(self, rel: str) -> str | None:
        """The real path of `rel` under the site, None when it leads out of it (a link in the folder may)."""
        real = os.path.realpath(os.path.join(self.root, rel))
        return real if real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep) else None

    def wait_for_build(self, epoch: int) -> int:
        """The build shown, once it is not `epoch` (or after POLL_TIMEOUT, or when the server stops)."""
        with self._shown:
            self.polls += 1
            self.waiting += 1
            self._shown.notify_all()
            try:
                self._shown.wait_for(lambda: self.epoch != epoch or self._stopping, timeout=self.POLL_TIMEOUT)
                return self.epoch
            finally:
                self.waiting -= 1

    def watch(self, path: str) -> None:
        """Rebuild when a file under `path` is written, created, deleted or moved.

        Not on any event: the operating system also reports files being opened and read, and every build reads
        every content file, so that would rebuild for ever."""
        path = os.path.abspath(path)
        try:
            self._observer.schedule(_Changes(self), path, recursive=True)
        except OSError as exc:  # the system's limit of watched folders (inotify) is reached, say
            if isinstance(self._observer, PollingObserver):
                raise
            log.warning("系统不能再监视更多文件夹（%s），改为每秒检查一次文件有没有改动。", exc.strerror or exc)
            self._observer = PollingObserver(timeout=1.0)
            for known in [*self._watched, path]:
                self._observer.schedule(_Changes(self), known, recursive=True)
        self._watched.append(path)

    def rebuild_again(self) -> None:
        """Ask for another build as soon as the current one is done."""
        with self._wanted:
            self._want_build = True
            self._wanted.notify_all()

    def serve(self) -> None:
        """Serve until `shutdown()`: requests on threads of their own, builds on the calling thread."""
        with self._wanted:  # a shutdown() before this point closed the socket: nothing is started on it
            if self._stopping:
                return
            if self._watched:
                self._observer.start()
            self._serving.start()
        while True:
            with self._wanted:
                # Woken now and then, so that Ctrl+C is seen on every system
                while not self._wanted.wait_for(lambda: self._want_build or self._stopping, timeout=0.25):
                    pass
                if self._stopping:
                    return
                while self._wanted.wait(timeout=self.BUILD_DELAY):
                    pass  # still saving: build once the saves stop
                self._want_build = False
            self._build()

    def _build(self) -> None:
        try:
            error_page, again = self.rebuild()
        except Exception as exc:  # the rebuild reports its own problems; this is a last guard
            log.warning("重新生成时出错：%s", exc)
            error_page, again = None, False
        self.error_page = error_page
        self.on_built()
        with self._shown:
            reloaded = self.polls + self.waiting  # the waiting pages each ask again once reloaded
            self.epoch = max(_now(), self.epoch + 1)
            self._shown.notify_all()
        if again:
            threading.Thread(target=self._rebuild_after_reload, args=(reloaded,), daemon=True).start()

    def _rebuild_after_reload(self, polls: int) -> None:
        """Ask for the whole build once `polls` live-reload questions have come (the reloaded pages' new ones)."""
        with self._shown:
            self._shown.wait_for(lambda: self.polls >= polls or self._stopping, timeout=self.RELOAD_WAIT)
        self.rebuild_again()

    def shutdown(self) -> None:
        """Stop watching, building and serving; the waiting live-reload questions are answered."""
        with self._wanted:  # from here serve() starts nothing; what it started is alive and stopped below
            self._stopping = True
            self._wanted.notify_all()
        with self._shown:
            self._shown.notify_all()
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(5)
        if self._serving.is_alive():
            super().shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed (a reader closed the page while it loaded, say): no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        log.warning("预览服务器处理一个请求时出错：%s", exc)
        if debugging():
            super().handle_error(request, client_address)


class _Changes(FileSystemEventHandler):
    """Asks `server` for a build when a file (not a folder) is written, created, deleted or moved."""

    def __init__(self, server: PreviewServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            self.server.rebuild_again()


def follow(server: PreviewServer, given: str) -> str | None:
    """Serve at the path of the site's address `given` from now on; the new path when it changed, else None. ""
    (the config cannot be read now, and its error is shown) keeps the path: a Chinese colon in the config said the
    address had changed, and again when it was mended."""
    if not given:
        return None
    now = base_path(given)
    if now == server.base:
        return None
    server.base = now
    return now


def serve(rebuild: Rebuild, site_dir: Path, watch: list[Path], host: str, port: int,
          base: Callable[[], str] = lambda: "/", notice: Callable[[], bytes] = lambda: b"") -> None:
    """Preview `site_dir` at the path `base()` gives (read again after each build; "" while the config cannot be
    read) with live reload: `rebuild` runs first and whenever a watched path changes; browsers reload after each
    build, each page topped by `notice()` (the build's warnings or errors).

    The port is taken before the first build: one in use is said at once, not after the build."""
    server = PreviewServer(rebuild, host, port, str(site_dir), "/")
    try:
        print("正在生成预览，请稍候……", flush=True)
        server.error_page, _ = rebuild()
        site_dir.mkdir(parents=True, exist_ok=True)  # a first build that failed still gets a server
        server.base = base_path(base() or "/")
        server.notice = notice()
    except BaseException:
        server.server_close()
        raise
    print(f"预览地址：http://{host}:{port}{quote(server.base)}　（按 Ctrl+C 停止）", flush=True)

    def built() -> None:
        server.notice = notice()
        if (now := follow(server, base())) is not None:
            print(f"网站地址的路径改了，预览地址现在是：http://{host}:{port}{quote(now)}", flush=True)

    server.on_built = built
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("预览已停止。", file=sys.stderr)
    finally:
        server.shutdown()

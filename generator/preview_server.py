"""`pingan serve`'s web server: MkDocs' live-reload server, changed for previews of large sites.

With mkdocs_adapter.py, the only code that imports MkDocs.
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer
from mkdocs.livereload import _Handler as _MkDocsHandler

from .errors import PinganError
from .privacy import redact

log = logging.getLogger(__name__)

MAX_PATH = 2048  # longer request paths are answered 414: no page of ours has one


def _debug() -> bool:
    return bool(os.environ.get("PINGAN_DEBUG"))


class _Quiet:
    """Where the request handlers' tracebacks go: nowhere, unless PINGAN_DEBUG is set (a reader who closes a
    page while it loads is no reason to fill the terminal)."""

    def write(self, text: str) -> int:
        if _debug():
            sys.stderr.write(text)
        return len(text)

    def flush(self) -> None:
        if _debug():
            sys.stderr.flush()


class _Handler(_MkDocsHandler):
    """MkDocs' request handler, logging the request line with control characters escaped (a request may hold
    any byte; printed raw, an escape sequence would act on the terminal)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        line = self.requestline.encode("latin-1", "replace").decode("ascii", "backslashreplace")
        line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)
        level = logging.DEBUG if str(code) == "200" else logging.WARNING
        log.log(level, '"%s" %s', redact(line)[:200], code)  # an address may hold a number: masked

    def get_stderr(self) -> Any:
        return _Quiet()


def _bad_request(path: str) -> tuple[str, str] | None:
    """Why a request for `path` (the URL's path, %-decoded into one character per byte) is refused, if it is."""
    if len(path) > MAX_PATH:
        return "414 URI Too Long", f"网址太长（超过 {MAX_PATH} 个字符）。"
    try:
        text = path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return "400 Bad Request", "网址不是有效的 UTF-8 文字。"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return "400 Bad Request", "网址里有控制字符。"
    if "\\" in text or any(part == ".." for part in text.split("/")):
        return "400 Bad Request", "网址里不能有 .. 或反斜杠。"
    if not text.startswith("/"):
        return "400 Bad Request", "网址应以 / 开头。"
    return None


# Rebuilds the preview folder; returns an error page to show instead of the site (None when the build
# succeeded) and whether to build again as soon as the browsers have reloaded (after a quick render of
# just the edited pages).
Rebuild = Callable[[], tuple[bytes | None, bool]]


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that shows an error page instead of the site while the content is broken.

    It listens to the operating system's file-change notices (inotify, FSEvents, ReadDirectoryChangesW)
    instead of MkDocs' default of scanning every watched file twice a second, so a save is seen at once
    however many files the site has; where no such notices exist, watchdog falls back to scanning.
    Pages are served while a build runs (MkDocs holds every request until the build ends): our builds
    swap in a whole new folder at once, so what is served is always a complete site.

    After a quick render the whole build waits (at most RELOAD_WAIT seconds) until the open pages have
    reloaded: a build in the same process would slow the server down just as the browsers fetch the page.
    Each open page keeps one live-reload request waiting and sends a new one once it has loaded again.
    """

    RELOAD_WAIT = 2.0
    error_page: bytes | None = None

    def __init__(self, rebuild: Rebuild, host: str, port: int, root: str) -> None:
        super().__init__(builder=self._build, host=host, port=port, root=root)
        from watchdog.observers import Observer

        self.RequestHandlerClass = _Handler
        self.rebuild = rebuild
        self.observer = Observer()  # type: ignore[assignment]  # native where there is one, polling elsewhere
        self._polls_cond = threading.Condition()  # held when reading or changing the two counts below
        self._polls = 0  # live-reload requests received so far
        self._polls_waiting = 0  # live-reload requests waiting now: the pages that reload after a build

    def _build(self) -> None:
        with self._epoch_cond:  # the epoch the loop set for this build takes effect when the build ends
            target, self._wanted_epoch = self._wanted_epoch, self._visible_epoch
        try:
            self.error_page, again = self.rebuild()
        finally:
            with self._epoch_cond:
                self._wanted_epoch = target
        if again:
            with self._polls_cond:  # the loop tells the waiting pages to reload once this returns
                reloaded = self._polls + self._polls_waiting
            threading.Thread(target=self._rebuild_after_reload, args=(reloaded,), daemon=True).start()

    def _rebuild_after_reload(self, polls: int) -> None:
        """Ask for the whole build once `polls` live-reload requests have come (the reloaded pages' new ones)."""
        with self._polls_cond:
            self._polls_cond.wait_for(lambda: self._polls >= polls, timeout=self.RELOAD_WAIT)
        self.rebuild_again()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under `path` is written, created, deleted or moved.

        MkDocs' own handler rebuilds on any event; the operating system also reports files being opened and
        read, and every build reads every content file, so that would rebuild forever."""
        from watchdog.events import (
            EVENT_TYPE_CLOSED,
            EVENT_TYPE_CREATED,
            EVENT_TYPE_DELETED,
            EVENT_TYPE_MODIFIED,
            EVENT_TYPE_MOVED,
            FileSystemEvent,
            FileSystemEventHandler,
        )

        changes = {EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}

        class Changes(FileSystemEventHandler):
            def on_any_event(handler, event: FileSystemEvent) -> None:  # noqa: N805 - the server is `self`
                if not event.is_directory and event.event_type in changes:
                    self.rebuild_again()

        path = os.path.abspath(path)
        try:
            watch = self.observer.schedule(Changes(), path, recursive=recursive)
        except OSError as exc:  # the system's limit of watched folders (inotify) is reached, say
            from watchdog.observers.polling import PollingObserver

            if isinstance(self.observer, PollingObserver):
                raise
            log.warning("系统不能再监视更多文件夹（%s），改为每秒检查一次文件有没有改动。", exc.strerror or exc)
            self.observer = PollingObserver(timeout=1.0)  # type: ignore[assignment]
            for known in list(self._watched_paths):
                self._watch_refs[known] = self.observer.schedule(Changes(), known, recursive=recursive)
            watch = self.observer.schedule(Changes(), path, recursive=recursive)
        self._watched_paths[path] = 1  # MkDocs starts the observer only when something is watched
        self._watch_refs[path] = watch

    def rebuild_again(self) -> None:
        """Ask the build loop for another build as soon as the current one is done."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _refuse(self, start_response: Callable[..., Any], status: str, text: str,
                headers: list[tuple[str, str]] | None = None, exc_info: Any = None) -> list[bytes]:
        body = f"{status}\n{text}\n".encode()
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                                *(headers or [])], exc_info)
        return [body]

    def _inside(self, path: str) -> bool:
        """Whether the file a request for `path` is answered with lies inside the site (a link in it may not lead
        out of it)."""
        rel = posixpath.normpath("/" + path.encode("latin-1").decode("utf-8")).lstrip("/")
        if path.endswith("/"):
            rel = posixpath.join(rel, "index.html")
        root = os.path.realpath(self.root)
        real = os.path.realpath(os.path.join(root, rel))
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Answer GET and HEAD for files of the site; any other request is refused with a 4xx status, and an
        error while answering gives a 500 and a line in the terminal, never a traceback."""
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._refuse(start_response, "405 Method Not Allowed", "预览只接受 GET 和 HEAD 请求。",
                                [("Allow", "GET, HEAD")])
        path = environ.get("PATH_INFO", "")
        refused = _bad_request(path)
        if refused is not None:
            return self._refuse(start_response, *refused)
        if not path.startswith("/livereload/") and not self._inside(path):
            return None  # 404
        try:
            result = self._answer(path, environ, start_response)
        except Exception as exc:  # a request must not stop the preview
            log.warning("预览服务器回答 %s 时出错：%s", redact(path.encode("latin-1").decode("utf-8"))[:200], exc)
            if _debug():
                log.exception("详细信息")
            return self._refuse(start_response, "500 Internal Server Error", "预览服务器出错，请刷新页面重试。",
                                exc_info=sys.exc_info())
        if method == "HEAD" and result is not None:
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return []
        return result

    def _answer(self, path: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if path.startswith("/livereload/"):
            with self._polls_cond:
                self._polls += 1
                self._polls_waiting += 1
                self._polls_cond.notify_all()
            try:
                return super()._serve_request(environ, start_response)
            finally:
                with self._polls_cond:
                    self._polls_waiting -= 1
        if self.error_page is not None and (
                path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]):
            with self._epoch_cond:
                epoch = self._visible_epoch
            page = self._inject_js_into_html(self.error_page, epoch)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(page)))])
            return [page]
        return super()._serve_request(environ, start_response)

    def server_bind(self) -> None:
        """Bind the port; a port in use or not allowed is said in words."""
        import errno

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

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed (a reader closed the page while it loaded, say): no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        log.warning("预览服务器处理一个请求时出错：%s", exc)
        if _debug():
            super().handle_error(request, client_address)


def serve(rebuild: Rebuild, site_dir: Path, watch: list[Path], host: str, port: int,
          first_error: bytes | None = None) -> None:
    """Preview `site_dir` with live reload: `rebuild` runs whenever a watched path changes; browsers reload
    after each build."""
    server = PreviewServer(rebuild, host, port, str(site_dir))
    server.error_page = first_error
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("预览已停止")
    finally:
        server.shutdown()

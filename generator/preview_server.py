"""`pingan serve`'s web server, on the standard library: the preview folder, live reload and the file watch.

The site is served at the path of its configured address (`/sub/` for https://x.gov.cn/sub/), so links that
start with that path work as they will on the real server; `/` leads there. Every HTML page gets a small
script that asks `/livereload/<number of the build it shows>` and reloads once a newer build is shown: the
server holds the question until then (or a minute, after which the script asks again).
"""

from __future__ import annotations

import errno
import logging
import mimetypes
import os
import posixpath
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

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

from .errors import PinganError
from .privacy import redact

log = logging.getLogger(__name__)

MAX_PATH = 2048  # longer request paths are answered 414: no page of ours has one
MAX_LINE = 65536  # the longest request line read at all (http.server's own limit)

# Reloads the page once the server shows a build other than the one the page came from. A hidden tab stops
# asking (so it does not count as a page about to reload) and asks again when shown.
RELOAD_SCRIPT = """<script>(function (epoch) {
  var asking = null, retry = null;
  function ask() {
    if (asking || document.visibilityState === "hidden") return;
    var request = asking = new XMLHttpRequest();
    request.onloadend = function () {
      if (asking !== request) return;
      asking = null;
      if (request.status === 200 && request.responseText !== String(epoch)) location.reload();
      else retry = setTimeout(ask, request.status === 200 ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + epoch);
    request.send();
  }
  function stop() {
    if (asking) { var request = asking; asking = null; request.abort(); }
    clearTimeout(retry);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stop(); else ask();
  });
  window.addEventListener("pagehide", stop);
  ask();
})(%d);</script>"""

CHANGES = {EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}

REFUSALS = {  # what http.server's own checks refuse, in words
    HTTPStatus.BAD_REQUEST: "请求的格式不对。",
    HTTPStatus.REQUEST_URI_TOO_LONG: "网址太长。",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "请求头太长或太多。",
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "不支持这个 HTTP 版本。",
}


def _debug() -> bool:
    return bool(os.environ.get("PINGAN_DEBUG"))


def _printable(text: str) -> str:
    """`text` with control characters escaped (printed raw, an escape sequence would act on the terminal)."""
    text = text.encode("latin-1", "replace").decode("ascii", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _bad_request(path: str) -> tuple[int, str] | None:
    """Why a request for `path` (the URL's path, %-decoded into one character per byte) is refused, if it is."""
    if len(path) > MAX_PATH:
        return 414, f"网址太长（超过 {MAX_PATH} 个字符）。"
    try:
        text = path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return 400, "网址不是有效的 UTF-8 文字。"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return 400, "网址里有控制字符。"
    if "\\" in text or any(part == ".." for part in text.split("/")):
        return 400, "网址里不能有 .. 或反斜杠。"
    if not text.startswith("/"):
        return 400, "网址应以 / 开头。"
    return None


def base_path(path: str) -> str:
    """`path` as the folder the site is served at: `/`, or `/sub/` for `sub`, `/sub` or `/sub/`."""
    inner = path.strip("/")
    return f"/{inner}/" if inner else "/"


def _with_script(page: bytes, epoch: int) -> bytes:
    """`page` with the live-reload script before its last `</body>` (at its end when it has none)."""
    end = page.rfind(b"</body>")
    end = len(page) if end < 0 else end
    return page[:end] + (RELOAD_SCRIPT % epoch).encode() + page[end:]


def _now() -> int:
    return time.time_ns() // 1_000_000


# Rebuilds the preview folder; returns an error page to show instead of the site (None when the build
# succeeded) and whether to build again as soon as the browsers have reloaded (after a quick render of
# just the edited pages).
Rebuild = Callable[[], tuple[bytes | None, bool]]


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the site's files and the live-reload questions; refuses anything else with a
    4xx status and a reason in Chinese."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"  # connections are kept for the page's styles, scripts and images
    timeout = 30  # a client that stops sending mid-request does not hold its thread for ever

    def version_string(self) -> str:
        return "pingan-preview"

    def handle_one_request(self) -> None:
        """Read one request and answer it: the standard dispatch to `do_<METHOD>` would answer an unknown
        method with 501, where 405 (and the methods we take) is the answer."""
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
            if len(self.raw_requestline) > MAX_LINE:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self.answer()
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True

    def answer(self) -> None:
        if self.command not in ("GET", "HEAD"):
            self.refuse(405, "预览只接受 GET 和 HEAD 请求。", {"Allow": "GET, HEAD"})
            return
        target = self.path.split("?", 1)[0].split("#", 1)[0].encode("latin-1")  # one character per byte read
        raw = unquote_to_bytes(target).decode("latin-1")
        refused = _bad_request(raw)
        if refused is not None:
            self.refuse(*refused)
            return
        path = raw.encode("latin-1").decode("utf-8")
        try:
            if path.startswith("/livereload/"):
                self.reload_question(path)
            else:
                self.site_file(path)
        except (ConnectionError, TimeoutError):
            raise
        except Exception as exc:  # a request must not stop the preview
            log.warning("预览服务器回答 %s 时出错：%s", redact(_printable(path))[:200], exc)
            if _debug():
                log.exception("详细信息")
            self.refuse(500, "预览服务器出错，请刷新页面重试。")

    def reload_question(self, path: str) -> None:
        """`/livereload/<build>`: answered with the build shown once it is another (or after a minute)."""
        asked = re.fullmatch(r"/livereload/([0-9]{1,19})", path)
        if asked is None:
            self.not_found()
            return
        epoch = self.server.wait_for_build(int(asked[1]))
        self.respond(200, b"%d" % epoch, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"})

    def site_file(self, path: str) -> None:
        server, base = self.server, self.server.base
        if not path.startswith(base):
            if path == "/" or path + "/" == base:
                self.redirect(base)
            else:
                self.not_found()
            return
        if server.error_page is not None and (path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]):
            self.page(500, server.error_page)
            return
        rel = posixpath.normpath("/" + path[len(base):]).lstrip("/")
        file = server.inside(rel)
        if file is not None and os.path.isdir(file):
            if not path.endswith("/"):
                if os.path.isfile(os.path.join(file, "index.html")):
                    self.redirect(path + "/")
                else:
                    self.not_found()
                return
            file = server.inside(posixpath.join(rel, "index.html"))
        if file is None or not os.path.isfile(file):
            self.not_found()
        elif file.endswith(".html"):
            with open(file, "rb") as f:
                self.page(200, f.read())
        else:
            self.send_file(file)

    def send_file(self, file: str) -> None:
        with open(file, "rb") as f:
            stat = os.fstat(f.fileno())
            tag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
            headers = {"Cache-Control": "no-cache", "ETag": tag}  # asked again each time, sent only if changed
            if tag in (t.strip() for t in (self.headers.get("If-None-Match") or "").split(",")):
                self.send_response(304)
                self.send_headers(headers)
                return
            kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("+xml", "/json", "/javascript")):
                kind += "; charset=utf-8"
            self.send_response(200)
            self.send_headers({"Content-Type": kind, "Content-Length": str(stat.st_size), **headers})
            if self.command == "GET":
                shutil.copyfileobj(f, self.wfile)

    def page(self, status: int, html: bytes) -> None:
        """An HTML page with the live-reload script; never cached (the script names the build it came with)."""
        self.respond(status, _with_script(html, self.server.epoch),
                     {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"})

    def not_found(self) -> None:
        """The site's own 404.html (its links start from the site's address), or a line of text without one."""
        file = self.server.inside("404.html")
        if file is not None and os.path.isfile(file):
            with open(file, "rb") as f:
                self.page(404, f.read())
        else:
            self.refuse(404, "找不到这个页面。")

    def redirect(self, path: str) -> None:
        # One leading slash only: `//host/` would send the browser to another server
        location = "/" + quote(path).lstrip("/")
        self.respond(302, location.encode(), {"Location": location, "Content-Type": "text/plain; charset=utf-8"})

    def refuse(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        self.close_connection = True  # a refused request's body, if any, is not read
        body = f"{status} {HTTPStatus(status).phrase}\n{text}\n".encode()
        self.respond(status, body, {"Content-Type": "text/plain; charset=utf-8", "Connection": "close",
                                    **(headers or {})})

    def respond(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_headers({**headers, "Content-Length": str(len(body))})
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_headers(self, headers: dict[str, str]) -> None:
        for name, value in {"X-Content-Type-Options": "nosniff", **headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server's own checks refuse (a malformed request line, say), answered in words."""
        status = HTTPStatus(code)
        self.log_error("%s %s", code, message or status.phrase)
        self.refuse(code, REFUSALS.get(status, "请求无法处理。"))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        level = logging.DEBUG if str(code)[:1] in "123" else logging.WARNING
        log.log(level, '"%s" %s', redact(_printable(self.requestline))[:200], code)  # a path may hold a number

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard signature
        log.debug("%s", redact(_printable(format % args))[:300])


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
        super().__init__((host, port), _Handler)

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
        with self._wanted:
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
        if _debug():
            super().handle_error(request, client_address)


class _Changes(FileSystemEventHandler):
    """Asks `server` for a build when a file (not a folder) is written, created, deleted or moved."""

    def __init__(self, server: PreviewServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            self.server.rebuild_again()


def serve(rebuild: Rebuild, site_dir: Path, watch: list[Path], host: str, port: int,
          first_error: bytes | None = None, base: Callable[[], str] = lambda: "/") -> None:
    """Preview `site_dir` at the path `base()` gives (read again after each build) with live reload: `rebuild`
    runs whenever a watched path changes; browsers reload after each build."""
    server = PreviewServer(rebuild, host, port, str(site_dir), base(), first_error)
    print(f"预览地址：http://{host}:{port}{quote(server.base)}　（按 Ctrl+C 停止）", flush=True)

    def moved() -> None:
        now = base_path(base())
        if now != server.base:
            server.base = now
            print(f"网站地址的路径改了，预览地址现在是：http://{host}:{port}{quote(now)}", flush=True)

    server.on_built = moved
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("预览已停止。", file=sys.stderr)
    finally:
        server.shutdown()

"""`pingan serve`'s answers over HTTP: the site's files, its 404 page, the error page, the live-reload questions.

Every HTML page gets a small script that asks `/livereload/<number of the build it shows>` and reloads once a
newer build is shown: the server holds the question until then (or a minute, after which the script asks
again). Requests that are not plain GET or HEAD of a path inside the site are refused with a 4xx status and a
reason in Chinese.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import posixpath
import re
import shutil
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol, cast
from urllib.parse import quote, unquote_to_bytes

from ..privacy import redact

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
  window.addEventListener("pageshow", ask);  // back from the browser's page cache
  ask();
})(%d);</script>"""

REFUSALS = {  # what http.server's own checks refuse, in words
    HTTPStatus.BAD_REQUEST: "请求的格式不对。",
    HTTPStatus.REQUEST_URI_TOO_LONG: "网址太长。",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "请求头太长或太多。",
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "不支持这个 HTTP 版本。",
}


def debugging() -> bool:
    """Whether PINGAN_DEBUG asks for the details (tracebacks) of failed requests."""
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

def _with_script(page: bytes, epoch: int, notice: bytes = b"") -> bytes:
    """`page` with the live-reload script before its last `</body>` (at its end when it has none), and `notice`
    (the warnings of the build shown) at the top of its body."""
    end = page.rfind(b"</body>")
    end = len(page) if end < 0 else end
    page = page[:end] + (RELOAD_SCRIPT % epoch).encode() + page[end:]
    if notice:  # after the skip link, which stays the first thing Tab reaches; else at the top of the body
        skip = page.find(b'class="pa-skip"')
        end = page.find(b"</a>", skip) if skip >= 0 else -1
        body = _BODY.search(page)
        at = end + 4 if end >= 0 else body.end() if body is not None else 0
        page = page[:at] + notice + page[at:]
    return page


_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

QUIET_404 = ("favicon.ico", "apple-touch-icon.png", "apple-touch-icon-precomposed.png")
# What a failed request means to the writer watching the preview's terminal.
REQUEST_WORDS = {"404": "找不到页面", "500": "这个页面现在显示的是出错说明（生成有错误，见上面的提示）",
                 "400": "浏览器的请求看不懂", "403": "不允许访问", "405": "预览只能浏览，不能提交"}


class Site(Protocol):
    """What the handler asks of the server."""

    base: str  # the path the site is served at: `/` or `/sub/`
    error_page: bytes | None  # shown instead of the site's pages while the content is broken
    epoch: int  # the build shown
    notice: bytes  # the warnings of the build shown, as a banner atop each page (b"" when there are none)

    def inside(self, rel: str) -> str | None: ...

    def wait_for_build(self, epoch: int) -> int: ...


class Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the site's files and the live-reload questions; refuses anything else with a
    4xx status and a reason in Chinese."""

    protocol_version = "HTTP/1.1"  # connections are kept for the page's styles, scripts and images
    timeout = 30  # a client that stops sending mid-request does not hold its thread for ever

    @property
    def site(self) -> Site:
        return cast(Site, self.server)

    def version_string(self) -> str:
        return "pingan-preview"

    def handle_one_request(self) -> None:
        """Read one request and answer it: the standard dispatch to `do_<METHOD>` would answer an unknown
        method with 501, where 405 (and the methods we take) is the answer."""
        self.path = ""  # a request that fails before it is read must not be logged with the last one's path
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
        if not self.own_host():
            self.refuse(421, "预览只回答发给本机（127.0.0.1 或 localhost）的请求。")
            return
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
            if debugging():
                log.exception("详细信息")
            self.refuse(500, "预览服务器出错，请刷新页面重试。")

    def own_host(self) -> bool:
        """Whether the request names this machine in its Host header (or none, as HTTP/1.0 may): a page of another
        site whose name an attacker points at 127.0.0.1 (DNS rebinding) would otherwise read the preview, drafts
        and all, as its own."""
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return True
        name, port = (host, "") if host.endswith("]") or ":" not in host else host.rsplit(":", 1)
        own_port = str(cast(Any, self.server).server_address[1])
        return name in ("127.0.0.1", "localhost", "[::1]") and port in ("", own_port)

    def reload_question(self, path: str) -> None:
        """`/livereload/<build>`: answered with the build shown once it is another (or after a minute)."""
        asked = re.fullmatch(r"/livereload/([0-9]{1,19})", path)
        if asked is None:
            self.not_found()
            return
        epoch = self.site.wait_for_build(int(asked[1]))
        self.respond(200, b"%d" % epoch, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"})

    def site_file(self, path: str) -> None:
        server, base = self.site, self.site.base
        if not path.startswith(base):
            if path == "/" or path + "/" == base:
                self.redirect(base)
            else:
                self.not_found()
            return
        if server.error_page is not None and (path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]) \
                and not self.built():  # no good build yet: the errors alone; else the last good site, the errors atop
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

    def built(self) -> bool:
        """Whether a build has put a site in the folder (a failed first build has not)."""
        home = self.site.inside("index.html")
        return home is not None and os.path.isfile(home)

    def page(self, status: int, html: bytes) -> None:
        """An HTML page with the live-reload script, and the build's notice (its warnings, or its errors above the
        last good site) atop it; never cached (the script names the build it came with). On the 404 page the
        notice is open: a draft whose header has a mistake has no page, and the notice says why."""
        notice = self.site.notice if status in (200, 404) else b""
        if status == 404:
            notice = notice.replace(b"<details>", b"<details open>", 1)
        self.respond(status, _with_script(html, self.site.epoch, notice),
                     {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"})

    def not_found(self) -> None:
        """The site's own 404.html (its links start from the site's address), or a line of text without one."""
        file = self.site.inside("404.html")
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
        """A request that went wrong, said in words (a path may hold a number: masked); others only when debugging."""
        # a path may hold a number: masked (cut first: a request line may be 64 KB long)
        path = redact(_printable(getattr(self, "path", "") or self.requestline)[:400])[:200]
        if str(code) == "404" and path.rsplit("/", 1)[-1] in QUIET_404:
            return  # asked by every browser of every site, whatever its pages name
        said = REQUEST_WORDS.get(str(code))
        if str(code)[:1] in "123" or said is None:
            log.log(logging.DEBUG if str(code)[:1] in "123" else logging.WARNING, '"%s" %s', path, code)
        else:
            log.warning("%s：%s（%s）", said, path, code)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard signature
        log.debug("%s", redact(_printable(format % args)[:600])[:300])

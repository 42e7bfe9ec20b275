"""The preview's quick path: an edited story's page first, exactly as a whole build writes it; then the rest.
And the preview server: the site at its address's path, live reload, the error page, 404s."""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.preview.builds import Preview
from generator.preview.server import PreviewServer, Rebuild

from .conftest import kill_render_processes, story, tree_bytes
from .test_cache import _cold, _edit, _site

ALPHA = "news/2021/09/13/alpha/index.html"


def test_quick_render_writes_the_page_a_whole_build_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import share

    cfg = _site(tmp_path)
    preview = Preview(cfg, tmp_path / "preview")
    preview.build()
    assert preview.quick() is None  # nothing changed
    home_before = (tmp_path / "preview/index.html").read_bytes()
    _edit("content/news/2021/alpha.md", "这里是正文第一段", "这里是改过的正文第一段")(tmp_path)
    _edit("content/news/2021/alpha.md", "title: 测试县推进网格化管理", "title: 测试县全面推进网格化管理")(tmp_path)
    drawn: list[str] = []
    draw = share.qr_svg
    monkeypatch.setattr(share, "qr_svg", lambda url: drawn.append(url) or draw(url))
    assert preview.quick() == ["测试县全面推进网格化管理"]
    assert drawn == []  # the page's QR code is the one the whole build kept, not drawn again
    monkeypatch.undo()
    shown = (tmp_path / "preview" / ALPHA).read_bytes()
    assert "这里是改过的正文第一段".encode() in shown
    assert (tmp_path / "preview/index.html").read_bytes() == home_before  # lists wait for the whole build
    assert preview.quick() is None  # the model was changed: the whole build must come first
    preview.build()
    cold = _cold(cfg, tmp_path / "cold", preview=True)
    assert cold[ALPHA] == shown
    assert tree_bytes(tmp_path / "preview") == cold
    assert "测试县全面推进网格化管理".encode() in cold["index.html"]


def test_a_story_edited_with_a_related_one_shows_its_new_title_on_that_one_s_page(tmp_path: Path) -> None:
    """Cards are made once per story and build; one whose story was edited and rendered anew is made again."""
    cfg = _site(tmp_path)
    preview = Preview(cfg, tmp_path / "preview")
    preview.build()
    _edit("content/news/2021/alpha.md", "title: 测试县推进网格化管理", "title: 测试县全面推进网格化管理")(tmp_path)
    _edit("content/news/2021/bravo.md", "这里是正文第一段", "这里是改过的正文第一段")(tmp_path)
    assert preview.quick() == ["测试县全面推进网格化管理", "网格员走进千家万户"]
    bravo = (tmp_path / "preview/news/2021/10/01/bravo/index.html").read_text(encoding="utf-8")
    related = bravo[bravo.index('class="pa-related"'):]
    assert "测试县全面推进网格化管理" in related


def test_changes_that_move_a_story_or_break_it_take_the_whole_build(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    preview = Preview(cfg, tmp_path / "preview")
    changes = [
        _edit("content/news/2021/alpha.md", "date: 2021-09-13 08:30", "date: 2021-09-12 08:30"),  # a new address
        _edit("content/news/2021/alpha.md", "tags: [网格化管理, 平安细胞]", "tags: [网格化管理]"),  # tag lists
        _edit("content/news/2021/alpha.md", "这里是正文第一段", "联系电话 13812345678"),  # a problem to report
        _edit("content/news/2021/alpha.md", "这里是正文第一段", "见[另一篇](nowhere.md)"),  # a broken link
        _edit("site_config.yml", "name: 测试平安网", "name: 测试平安建设网"),  # every page
        lambda root: (root / "content/news/2021/new.md").write_text(
            (root / "content/news/2021/bravo.md").read_text(encoding="utf-8").replace("id: bravo", "id: new"),
            encoding="utf-8"),  # a new story
    ]
    for change in changes:
        shutil.rmtree(tmp_path / "content")
        shutil.rmtree(tmp_path / ".pingan-cache", ignore_errors=True)
        _site(tmp_path)
        preview.build()
        change(tmp_path)
        assert preview.quick() is None


def test_a_worker_killed_during_a_preview_build_shows_in_the_browser_and_the_next_save_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`pingan serve` rebuilds after a save; if the system kills a worker process meanwhile (out of memory, say),
    the terminal and the browser say so in words, and the next rebuild works."""
    from generator.cli.failures import WORKER_KILLED
    from generator.cli.serve import rebuild as _rebuild

    cfg = _site(tmp_path)
    (tmp_path / "content/news/2021/s000.md").write_text(story("s000", title="稿件0", date="2021-09-01 08:30"),
                                                        encoding="utf-8")
    undo = kill_render_processes(monkeypatch)
    builds = Preview(cfg, tmp_path / "preview")
    page, quick = _rebuild(builds)
    assert page is not None and not quick
    shown = page.decode("utf-8")
    assert "一个子进程意外退出（常见原因是内存不足）" in shown
    assert "<h1>生成没有完成，预览暂停更新</h1>" in shown and "这不是稿件内容的问题" in shown  # not "内容有错误"
    assert WORKER_KILLED in capsys.readouterr().err
    undo()
    assert _rebuild(builds) == (None, False)  # the next save builds
    assert (tmp_path / "preview/news/2021/09/01/s000/index.html").is_file()


# -- the preview server (HTTP, live reload, the site's address) ----------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of `url`, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        conn.close()


@contextlib.contextmanager
def _server(site: Path, base: str = "/", rebuild: Rebuild = lambda: (None, False)) -> Iterator[PreviewServer]:
    """A PreviewServer for `site` on a free port of 127.0.0.1, serving on a thread; stopped afterwards."""
    server = PreviewServer(rebuild, "127.0.0.1", _free_port(), str(site), base)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(20)
    assert not thread.is_alive()


def _served_site(root: Path) -> Path:
    site = root / "site"
    (site / "news/a").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><h1>首页</h1></body></html>", encoding="utf-8")
    (site / "news/a/index.html").write_text("<html><body><h1>稿件甲</h1></body></html>", encoding="utf-8")
    (site / "404.html").write_text('<html><body><h1>页面不存在</h1><a href="/sub/">回首页</a></body></html>',
                                   encoding="utf-8")
    (site / "style.css").write_text("body { color: #222; }", encoding="utf-8")
    return site


def _epoch(page: bytes) -> int:
    found = re.search(rb"\}\)\((\d+)\);</script>\s*</body>", page)
    assert found is not None, page[-600:]
    return int(found[1])


def test_the_site_is_served_at_the_path_of_its_address(tmp_path: Path) -> None:
    """base_url https://x.gov.cn/sub/: pages at /sub/…, `/` leads there, anything else gets the site's 404 page."""
    with _server(_served_site(tmp_path), "/sub/") as server:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        status, headers, _ = _fetch(url + "/")
        assert (status, headers["Location"]) == (302, "/sub/")
        assert _fetch(url + "/sub")[1]["Location"] == "/sub/"
        status, headers, body = _fetch(url + "/sub/")
        assert status == 200 and "<h1>首页</h1>".encode() in body
        assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
        status, headers, _ = _fetch(url + "/sub/news/a")
        assert (status, headers["Location"]) == (302, "/sub/news/a/")
        assert "稿件甲".encode() in _fetch(url + "/sub/news/a/")[2]
        for missing in ("/news/a/", "/sub/news/b/", "/sub/nothing.css", "/other"):
            status, headers, body = _fetch(url + missing)
            assert status == 404 and "<h1>页面不存在</h1>".encode() in body, missing
            _epoch(body)  # the 404 page reloads itself like any other
        status, headers, body = _fetch(url + "/sub/style.css")
        assert (status, body) == (200, b"body { color: #222; }") and headers["Content-Type"] == "text/css; charset=utf-8"
        assert _fetch(url + "/sub/style.css", {"If-None-Match": headers["ETag"]})[0] == 304
        status, headers, body = _fetch(url + "/sub/news/a/", method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_a_site_at_the_root_has_no_redirect_and_says_404_in_words_without_a_404_page(tmp_path: Path) -> None:
    site = _served_site(tmp_path)
    (site / "404.html").unlink()
    with _server(site) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        status, _, body = _fetch(url + "/")
        assert status == 200 and "<h1>首页</h1>".encode() in body
        status, headers, body = _fetch(url + "/sub/")
        assert status == 404 and body.decode("utf-8") == "404 Not Found\n找不到这个页面。\n"
        assert headers["Content-Type"] == "text/plain; charset=utf-8"
        # A folder named like a host: the redirect stays on this server
        (site / "evil.example").mkdir()
        (site / "evil.example/index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
        status, headers, _ = _fetch(url + "//evil.example")
        assert status == 302 and headers["Location"] == "/evil.example/"


def test_open_pages_reload_after_each_build_and_the_errors_top_the_last_good_site_meanwhile(tmp_path: Path) -> None:
    """What the page's script does, over HTTP: ask with the build it shows, be answered with the new one. While a
    build fails, the last good site stays viewable with the errors atop each page (one mistake in one story
    blanked every page); only with no good build yet is the error page all there is."""
    results: list[tuple[bytes | None, bool]] = [("<html><body><h1>内容有错误</h1></body></html>".encode(), False),
                                                (None, False)]

    def rebuild() -> tuple[bytes | None, bool]:
        result = results.pop(0)
        server.notice = b"<div>ERRORS</div>" if result[0] else b""  # as cli/serve.py sets it
        return result

    with _server(_served_site(tmp_path), rebuild=rebuild) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        shown = _epoch(_fetch(url + "/news/a/")[2])
        assert _fetch(url + f"/livereload/{shown - 1}")[2] == str(shown).encode()  # a page of an older build
        answers: list[bytes] = []
        asking = threading.Thread(target=lambda: answers.append(_fetch(url + f"/livereload/{shown}")[2]))
        asking.start()
        for _ in range(200):  # until the question waits in the server
            if server.waiting:
                break
            time.sleep(0.01)
        assert server.waiting == 1 and not answers
        server.rebuild_again()  # a save: the build fails
        asking.join(20)
        assert answers and int(answers[0]) > shown
        for _ in range(200):  # until the failed build is shown
            if server.notice:
                break
            time.sleep(0.05)
        status, _, page = _fetch(url + "/news/a/")
        assert status == 200 and b"ERRORS" in page and "稿件甲".encode() in page and _epoch(page) == int(answers[0])
        assert _fetch(url + "/style.css")[0] == 200
        (tmp_path / "site/index.html").unlink()  # no good build yet (a first build that failed): the errors alone
        status, _, page = _fetch(url + "/news/a/")
        assert status == 500 and "<h1>内容有错误</h1>".encode() in page
        (tmp_path / "site/index.html").write_text("<html><body><h1>首页</h1></body></html>", encoding="utf-8")
        server.rebuild_again()  # fixed
        for _ in range(200):  # until the build is shown
            if server.epoch != int(answers[0]):
                break
            time.sleep(0.05)
        status, _, page = _fetch(url + "/news/a/")
        assert status == 200 and "稿件甲".encode() in page and _epoch(page) > int(answers[0])


def test_the_preview_server_does_not_import_mkdocs() -> None:
    code = "import sys, generator.preview.server; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_failed_request_is_said_in_words_on_the_preview_s_terminal(caplog: pytest.LogCaptureFixture) -> None:
    """The writer watching `pingan serve` saw `"GET / HTTP/1.1" 500`: a failed request is said in Chinese with its
    address (a number in it masked); a page served is said only when debugging."""
    import logging

    from generator.preview.handler import Handler

    handler = Handler.__new__(Handler)
    handler.requestline = "GET /news/13812345678/ HTTP/1.1"
    handler.path = "/news/13812345678/"
    with caplog.at_level(logging.DEBUG, logger="generator.preview.handler"):
        handler.log_request(404)
        handler.log_request(500)
        handler.log_request(200)
    said = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert said[:2] == [(logging.WARNING, "找不到页面：/news/138******78/（404）"),
                        (logging.WARNING, "这个页面现在显示的是出错说明（生成有错误，见上面的提示）：/news/138******78/（500）")]
    assert said[2][0] == logging.DEBUG


def test_a_request_naming_another_host_is_refused(tmp_path: Path) -> None:
    """DNS rebinding: a page of attacker.example whose name is pointed at 127.0.0.1 would read the preview, drafts
    and all, as its own. Only this machine's names (with this port, or none) are answered."""
    with _server(_served_site(tmp_path)) as server:
        port = server.server_address[1]
        url = f"http://127.0.0.1:{port}/news/a/"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
            assert _fetch(url, {"Host": host})[0] == 200, host
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1:1", f"127.0.0.1.evil.example:{port}"):
            status, _, body = _fetch(url, {"Host": host})
            assert status == 421 and "稿件甲".encode() not in body, host
            assert "预览只回答发给本机" in body.decode("utf-8")


def test_a_malformed_request_after_a_good_one_is_not_logged_with_its_path(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    """On a kept connection, a request the server cannot read was logged with the path of the one before it."""
    import logging

    with _server(_served_site(tmp_path)) as server, caplog.at_level(logging.WARNING, "generator.preview.handler"):
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as conn:
            conn.sendall(b"GET /news/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while b"</html>" not in answer:
                answer += conn.recv(65536)
            conn.sendall(b"GET /x HTTP/1.1 extra words\r\n\r\n")
            assert b"400" in conn.recv(65536)
    refused = [r.getMessage() for r in caplog.records if "（400）" in r.getMessage()]
    assert refused and all("/news/a/" not in said for said in refused), refused


def test_the_preview_shows_the_build_s_warnings_in_the_terminal_and_atop_each_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A draft's mistakes are warnings, and a draft is in no list of the preview: they went unseen while writing
    (a full-width colon in a draft's header made it vanish from the preview without a word). The terminal lists
    them after each build and every page of the preview shows them in a banner, the published site never."""
    from generator.cli.serve import rebuild as _rebuild

    cfg = _site(tmp_path)
    draft = story("d", title="草稿稿件", date="2021-09-01 08:30", extra="draft: true\n").replace("title:", "title：")
    (tmp_path / "content/news/2021/d.md").write_text(draft, encoding="utf-8")
    shown: dict[str, bytes] = {"notice": b""}
    said: set[str] = set()
    builds = Preview(cfg, tmp_path / "preview")
    assert _rebuild(builds, shown, said) == (None, False)
    out = capsys.readouterr().out
    assert "content/news/2021/d.md" in out and "中文冒号" in out and "个警告（见上面；预览页面顶部也列出了）" in out
    # the next save's build says a warning it has said already in one line, not again in full
    (tmp_path / "content/news/2021/e.md").write_text(story("e", title="另一篇", date="2021-09-02 08:30"), "utf-8")
    assert _rebuild(builds, shown, said) == (None, False)
    again = capsys.readouterr().out
    assert "中文冒号" not in again and "1 个警告（见上面，其中 1 个和上次一样，不再重复列出" in again
    notice = shown["notice"].decode("utf-8")
    assert "预览提示" in notice and "content/news/2021/d.md" in notice and "中文冒号" in notice
    with _server(_served_site(tmp_path)) as server:
        server.notice = shown["notice"]
        url = f"http://127.0.0.1:{server.server_address[1]}"
        page = _fetch(url + "/news/a/")[2].decode("utf-8")
        assert page.index("预览提示") < page.index("稿件甲")  # atop the page, right after <body>
        # the draft whose header has the mistake has no page: its address is the 404 page, which says why, open
        status, _, missing = _fetch(url + "/news/2021/09/01/d/")
        assert status == 404 and "<details open>" in missing.decode("utf-8") and "中文冒号" in missing.decode("utf-8")
        assert _fetch(url + "/style.css")[2] == b"body { color: #222; }"  # only pages get it
        server.notice = b""  # fixed: the next build has no warnings
        assert "预览提示" not in _fetch(url + "/news/a/")[2].decode("utf-8")
    assert not any("预览提示" in p.read_text(encoding="utf-8") for p in (tmp_path / "preview").rglob("*.html"))


def test_the_warnings_banner_comes_after_the_skip_link() -> None:
    """The skip link stays the first stop of Tab on a preview page: the banner goes right after it (at the top of
    the body on a page without one)."""
    from generator.preview.handler import _with_script

    page = b'<html><body><div><a class="pa-skip" href="#pa-main">\xe8\xb7\xb3</a><form></form></div></body></html>'
    shown = _with_script(page, 1, b"<div>NOTICE</div>")
    assert shown.index(b'class="pa-skip"') < shown.index(b"NOTICE") < shown.index(b"<form>")
    plain = _with_script(b"<html><body><h1>x</h1></body></html>", 1, b"<div>NOTICE</div>")
    assert plain.index(b"<body>") < plain.index(b"NOTICE") < plain.index(b"<h1>")


def test_a_config_that_cannot_be_read_keeps_the_preview_s_address(tmp_path: Path) -> None:
    """A colon typed in Chinese in site_config.yml while the preview ran: “网站地址的路径改了” was printed, and again
    once mended, though base_url never changed. The address changes only when the config says so."""
    from generator.cli.serve import base_path
    from generator.preview.server import follow

    config = tmp_path / "site_config.yml"
    config.write_text("site：\n  name: x\n", encoding="utf-8")
    assert base_path(config) == ""
    with _server(_served_site(tmp_path)) as server:
        server.base = "/pingan/"
        assert follow(server, base_path(config)) is None and server.base == "/pingan/"
        assert follow(server, "/pingan/") is None
        assert follow(server, "/other/") == "/other/" and server.base == "/other/"


def test_a_server_shut_down_before_it_serves_starts_nothing(tmp_path: Path) -> None:
    """shutdown() right after the serving thread was asked to start (a short test, a Ctrl+C at once) closed the
    socket before serve() started serving on it: the serving thread then failed on a closed socket."""
    server = PreviewServer(lambda: (None, False), "127.0.0.1", _free_port(), str(_served_site(tmp_path)))
    server.shutdown()
    server.serve()  # returns at once: nothing is served on the closed socket
    assert not server._serving.is_alive() and server._serving.ident is None


def test_the_error_banner_escapes_what_it_shows_and_is_open() -> None:
    """The errors atop the last good site come from files anyone may write (a title with markup): shown as text."""
    from generator.cli.serve import error_notice

    banner = error_notice("错误：标题 <script>alert(1)</script>", "内容有错误", "请修改。").decode("utf-8")
    assert "<script>" not in banner and "&lt;script&gt;" in banner
    assert 'role="alert"' in banner and "<details open>" in banner and "上一次生成成功的网站" in banner

"""The pingan command: Chinese help, exit codes, summary, and the preview server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import SiteMaker, story


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["serve", "--help"], ["check", "--help"]])
def test_help_is_in_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：pingan")
    assert "显示本帮助并退出" in out
    assert "usage" not in out and "show this help" not in out and "options:" not in out


def test_usage_error_exits_2_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "--bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "pingan：错误：无法识别的参数：--bogus" in err
    with pytest.raises(SystemExit) as info:
        main(["publish"])
    assert info.value.code == 2
    assert "无效的选项 'publish'" in capsys.readouterr().err
    assert main([]) == 2


def test_content_error_exits_1_and_lists_problems(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", column="nope")})
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "错误：content/news/2021/a.md 第 5 行，字段 column" in err
    assert "发现 1 个错误、0 个警告" in err
    assert main(["build", "--config", str(cfg)]) == 1
    assert not (cfg.parent / "site").exists()


def test_build_prints_summary_with_drafts(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({
        "content/news/2021/a.md": story("a"),
        "content/news/2021/b.md": story("b", title="还在写的稿子", extra="draft: true\n"),
        "content/news/2099/c.md": story("c", title="将来的稿子", date="2099-01-01 08:00"),
    })
    out = cfg.parent / "public"
    assert main(["build", "--config", str(cfg), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "生成完成：1 篇稿件" in text
    assert "未发布的草稿（1 篇）：\n  content/news/2021/b.md　《还在写的稿子》" in text
    assert "定时发布、尚未到时间的稿件（1 篇）：\n  content/news/2099/c.md　《将来的稿子》　2099-01-01 08:00" in text
    assert (out / "index.html").is_file()
    assert main(["check", "--config", str(cfg)]) == 0
    assert "检查通过：1 篇稿件" in capsys.readouterr().out
    # built again unchanged (or after the preview made the pages): said as reused, not as “新生成 0 个”
    assert main(["build", "--config", str(cfg), "--out", str(out)]) == 0
    again = capsys.readouterr().out
    assert "个页面（都与上次生成或预览时完全相同，从缓存取用）" in again and "新生成 0" not in again


def test_a_draft_with_errors_stays_in_the_list_of_drafts(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """A draft whose header cannot be read is not published and its errors are warnings, but it is still a draft
    waiting: it stays in the list, with how many things to mend, so “检查通过” does not read as “ready”."""
    cfg = make_site({
        "content/news/2021/a.md": story("a"),
        "content/news/2021/b.md": "---\ntitle：还在写的稿子\ndate: 2024.5.6\ndraft: true\n---\n\n正文。\n",
        "content/news/2021/c.md": story("c", title="写好了一半", extra="draft: true\n"),
    })
    assert main(["check", "--config", str(cfg)]) == 0
    text = capsys.readouterr().out
    assert "未发布的草稿（2 篇）：\n" in text
    assert "  content/news/2021/b.md　（有 1 处要改，见上面的警告）" in text
    assert "  content/news/2021/c.md　《写好了一半》\n" in text


def test_strict_turns_warnings_into_failure(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2020/a.md": story("a", date="2021-09-13 08:30")})
    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "警告：content/news/2020/a.md 第 4 行，字段 date" in out and "共 1 个警告。" in out
    assert main(["build", "--strict", "--config", str(cfg)]) == 1
    assert "发现 0 个错误、1 个警告" in capsys.readouterr().err
    assert not (cfg.parent / "site").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # the preview's error page comes with status 500
        with error:
            return f"{error.code} " + error.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = _get(url)
        if text is not None and needle in text:
            return text
        time.sleep(0.3)
    return None


def _wait_in_log(log_path: Path, done: Callable[[str], bool], seconds: float) -> str:
    """The log's text once `done` holds for it (or after `seconds`)."""
    deadline = time.monotonic() + seconds
    text = log_path.read_text(encoding="utf-8")
    while not done(text) and time.monotonic() < deadline:
        time.sleep(0.2)
        text = log_path.read_text(encoding="utf-8")
    return text


@contextlib.contextmanager
def _serving(cfg: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`pingan serve` on a free port of 127.0.0.1: (base URL, process, log file); stopped afterwards."""
    port = _free_port()
    log_path = cfg.parent / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--config", str(cfg), "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            yield f"http://127.0.0.1:{port}/", proc, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serve_shows_drafts_marked_and_rebuilds_on_save(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/news/2021/a.md": story("a", title="已发布稿件"),
        "content/news/2021/b.md": story("b", title="草稿稿件", date="2021-09-14 08:00", extra="draft: true\n"),
    })
    with _serving(cfg) as (base, proc, log_path):
        draft = _wait_for(base + "news/2021/09/14/b/", "草稿稿件", 60)
        assert draft is not None, log_path.read_text(encoding="utf-8", errors="replace")
        assert "草稿：不会发布到正式网站" in draft
        home = _get(base)
        assert home is not None and "pa-badge--draft" in home
        target = cfg.parent / "content/news/2021/a.md"
        target.write_text(story("a", title="修改后的标题"), encoding="utf-8")
        assert _wait_for(base + "news/2021/09/13/a/", "修改后的标题", 60) is not None
        target.write_text("---\ntitle: 坏\n---\n", encoding="utf-8")  # an error must not stop the server
        # the last good site stays viewable, the errors atop each page (one mistake blanked every page before)
        broken = _wait_for(base + "news/2021/09/13/a/", "内容有错误：下面是上一次生成成功的网站", 60)
        assert broken is not None and not broken.startswith("500 ") and "修改后的标题" in broken  # status 200
        assert "错误：content/news/2021/a.md 第 2 行" in broken and "/livereload/" in broken  # reloads itself
        other = _get(base + "news/2021/09/14/b/")
        assert other is not None and "草稿稿件" in other and "内容有错误" in other
        target.write_text(story("a", title="再次修改"), encoding="utf-8")
        assert _wait_for(base + "news/2021/09/13/a/", "再次修改", 60) is not None
        assert proc.poll() is None
        assert "错误：content/news/2021/a.md" in log_path.read_text(encoding="utf-8")
    assert not Path(cfg.parent / "site").exists()  # serve never touches the published output


def test_serve_shows_an_edited_story_first_then_updates_the_rest(make_site: SiteMaker) -> None:
    """After a save that only edits a story's text, its page is rendered on its own before the whole build;
    a change to where the story belongs (its tags) goes straight to the whole build."""
    cfg = make_site({
        "content/news/2021/a.md": story("a", title="原来的标题", extra="tags: [人民调解]\n"),
        "content/news/2021/b.md": story("b", title="另一篇", date="2021-09-14 08:00"),
    })
    with _serving(cfg) as (base, proc, log_path):
        assert _wait_for(base, "原来的标题", 60) is not None, log_path.read_text(encoding="utf-8", errors="replace")
        target = cfg.parent / "content/news/2021/a.md"
        target.write_text(story("a", title="改过的标题", extra="tags: [人民调解]\n"), encoding="utf-8")
        assert _wait_for(base + "news/2021/09/13/a/", "改过的标题", 60) is not None
        assert _wait_for(base, "改过的标题", 60) is not None  # the home page's list, from the whole build after it
        assert _wait_for(base + "tags/ren-min-tiao-jie/", "改过的标题", 60) is not None
        # The build prints its line once it has finished, a moment after the new pages are in place
        log = _wait_in_log(log_path, lambda text: text.count("已重新生成") >= 2, 30)
        assert "已更新：改过的标题。" in log
        assert log.index("已更新：改过的标题。") < log.rindex("已重新生成")
        target.write_text(story("a", title="换了标签", extra="tags: [网格化管理]\n"), encoding="utf-8")
        assert _wait_for(base + "tags/wang-ge-hua-guan-li/", "换了标签", 60) is not None
        assert "已更新：换了标签" not in log_path.read_text(encoding="utf-8")
        # A build reads every content file; reading is not a change that calls for another build, so the
        # builds stop (a save can still be seen twice, as written and as closed, on a busy machine).
        counts = []
        for _ in range(10):
            counts.append(log_path.read_text(encoding="utf-8").count("已重新生成"))
            if len(counts) >= 2 and counts[-1] == counts[-2]:
                break
            time.sleep(3)
        assert counts[-1] == counts[-2], counts
        assert proc.poll() is None


def test_preview_serves_pages_while_a_build_runs(tmp_path: Path) -> None:
    """A reader (or the reload after a quick render) gets the current site at once, not after the build."""
    import threading

    from generator.preview.server import PreviewServer

    site, watched = tmp_path / "site", tmp_path / "content"
    site.mkdir()
    watched.mkdir()
    (site / "index.html").write_text("<html><body>现在的网站</body></html>", encoding="utf-8")
    building, release = threading.Event(), threading.Event()

    def rebuild() -> tuple[bytes | None, bool]:
        building.set()
        release.wait(30)
        return None, False

    port = _free_port()
    server = PreviewServer(rebuild, "127.0.0.1", port, str(site))
    server.watch(str(watched))
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/", "现在的网站", 20)  # serving: the folder is watched now
        (watched / "a.md").write_text("改动", encoding="utf-8")
        assert building.wait(20)
        started = time.monotonic()
        page = _get(f"http://127.0.0.1:{port}/")
        assert page is not None and "现在的网站" in page
        assert time.monotonic() - started < 5 and not release.is_set()  # answered while the build still runs
    finally:
        release.set()
        server.shutdown()
        thread.join(20)
    assert not thread.is_alive()


def test_whole_build_waits_until_the_open_page_has_reloaded(tmp_path: Path) -> None:
    """After a quick render the whole build starts once the open page has loaded again (it sends a new
    live-reload request), so the build does not slow the reload down; with no page open it starts at once."""
    import re
    import threading

    from generator.preview.server import PreviewServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>网站</body></html>", encoding="utf-8")
    builds: list[tuple[str, float]] = []
    quick_next = threading.Event()
    built = threading.Condition()

    def rebuild() -> tuple[bytes | None, bool]:
        quick = quick_next.is_set()
        quick_next.clear()
        with built:
            builds.append(("quick" if quick else "whole", time.monotonic()))
            built.notify_all()
        return None, quick

    def wait_builds(count: int, seconds: float) -> bool:
        with built:
            return built.wait_for(lambda: len(builds) >= count, timeout=seconds)

    def poll(epoch: str, answers: list[float]) -> None:  # what the page's live-reload script does
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/{epoch}", timeout=60) as response:
            response.read()
        answers.append(time.monotonic())

    port = _free_port()
    server = PreviewServer(rebuild, "127.0.0.1", port, str(site))
    server.RELOAD_WAIT = 20.0
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/", "网站", 20)
        found = re.search(r"\}\)\((\d+)\);</script>", page or "")
        assert found is not None, page
        told: list[float] = []
        first = threading.Thread(target=poll, args=(found[1], told))
        first.start()
        for _ in range(200):  # until the request waits in the server
            if server.waiting:
                break
            time.sleep(0.01)
        quick_next.set()
        server.rebuild_again()  # a save that only edited a story's text
        first.join(20)
        assert told and [kind for kind, _ in builds] == ["quick"]  # the page is told to reload
        time.sleep(1.0)  # the page reloads: the whole build must not start meanwhile
        assert [kind for kind, _ in builds] == ["quick"]
        reloaded = time.monotonic()
        second = threading.Thread(target=poll, args=(str(server.epoch), []))
        second.start()  # the reloaded page's request
        assert wait_builds(2, 10) and builds[1][0] == "whole" and builds[1][1] >= reloaded
        second.join(20)  # answered when the whole build is shown
        assert not second.is_alive()

        quick_next.set()  # no page open: the whole build follows the quick render at once
        server.rebuild_again()
        assert wait_builds(4, 10), builds
        assert [kind for kind, _ in builds[2:]] == ["quick", "whole"]
        assert builds[3][1] - builds[2][1] < 5  # far below RELOAD_WAIT

        server.RELOAD_WAIT = 1.5  # a page that is told to reload but never asks again (closed meanwhile)
        told = []
        third = threading.Thread(target=poll, args=(str(server.epoch), told))
        third.start()
        for _ in range(200):
            if server.waiting:
                break
            time.sleep(0.01)
        quick_next.set()
        server.rebuild_again()
        third.join(20)
        assert told and wait_builds(6, 10), builds
        assert [kind for kind, _ in builds[4:]] == ["quick", "whole"]
        assert 1.4 <= builds[5][1] - builds[4][1] < 5  # held for RELOAD_WAIT, then built anyway
    finally:
        server.shutdown()
        thread.join(20)
    assert not thread.is_alive()


def test_serve_stops_on_ctrl_c_with_a_page_open(make_site: SiteMaker) -> None:
    """Ctrl+C stops the preview at once, though an open page's live-reload question is waiting."""
    import re
    import signal
    import threading

    cfg = make_site({"content/news/2021/a.md": story("a")})
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--config", str(cfg), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as on a terminal
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/", "</html>", 60)
        found = re.search(r"\}\)\((\d+)\);</script>", page or "")
        assert found is not None, page
        url = f"http://127.0.0.1:{port}/livereload/{found[1]}"
        threading.Thread(target=_get, args=(url,), daemon=True).start()
        time.sleep(0.5)  # the question reaches the server and waits there
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = out.decode("utf-8")
    assert proc.returncode == 0 and "预览已停止。" in text and "Traceback" not in text, text
    assert not list(Path(tempfile.gettempdir()).glob(f"pingan-preview-{proc.pid}-*"))  # the preview folder is gone


def test_serve_starts_on_broken_content_and_recovers(make_site: SiteMaker) -> None:
    """A first build that fails still serves: the browser shows the problems until the file is fixed."""
    cfg = make_site({"content/news/2021/a.md": "---\ntitle: 坏\n---\n"})
    with _serving(cfg) as (base, proc, log_path):
        page = _wait_for(base, "内容有错误，预览暂停更新", 60)
        assert page is not None, log_path.read_text(encoding="utf-8", errors="replace")
        assert "字段 date：缺少必填字段" in page
        (cfg.parent / "content/news/2021/a.md").write_text(story("a", title="修好了"), encoding="utf-8")
        assert _wait_for(base + "news/2021/09/13/a/", "修好了", 60) is not None
        assert proc.poll() is None


def test_progress_bars_show_counts_on_a_terminal_only() -> None:
    import io

    from generator.progress import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = progress_bar(40, "生成页面", "页", stream=screen, delay=0)
    bar.update(10)
    bar.refresh()
    assert "生成页面" in screen.getvalue() and "10/40" in screen.getvalue()
    bar.close()
    piped = io.StringIO()
    quiet = progress_bar(40, "生成页面", "页", stream=piped, delay=0)
    quiet.update(10)
    quiet.close()
    assert piped.getvalue() == ""


def test_output_cut_short_by_a_pipe_is_not_an_error(make_site: SiteMaker) -> None:
    """`pingan check | head -1`: the reader leaves early; no traceback, exit 0."""
    title = "草稿标题" * 17  # 68 characters: 600 drafts list well over a pipe's 64 KiB buffer
    files = {f"content/news/2022/d{i}.md": story(f"d{i}", title=title, date="2022-01-01 08:00", extra="draft: true\n")
             for i in range(600)}
    cfg = make_site(files)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "check", "--config", str(cfg)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode("utf-8")
    proc.stdout.close()  # like head -1
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert first.startswith("检查通过") and "Traceback" not in err


def test_a_day_on_the_command_line_is_read_as_front_matter_reads_one() -> None:
    import argparse
    from datetime import date

    from generator.cli.args import day as _day

    assert _day("2025-9-6") == _day("2025/09/06") == _day("2025年9月6日") == _day("2025-09-06") == date(2025, 9, 6)
    with pytest.raises(argparse.ArgumentTypeError, match="日期应写成 年-月-日"):
        _day("2025-13-06")


def test_check_says_which_bodies_wait_for_their_header(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """A story whose header cannot be read has its body's pictures and links checked in the same round; a body
    that cannot be converted (a control character in it) is checked only once it is mended, and so is a case whose
    file cannot be read: the report says so, so that nobody takes this list of problems for the last one."""
    cfg = make_site({"content/news/2021/a.md": "---\ntitle：标题\ndate: 2021-09-13 08:30\n---\n\n![](/images/x.jpg)\n",
                     "content/news/2021/b.md": story("b", body="![现场](/images/none.jpg)"),
                     "content/news/2021/c.md": "---\ntitle：标题\n---\n\n响铃\x07。![](/images/y.jpg)\n",
                     "content/cases/d.yml": "title：标题\n"})
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "content/news/2021/b.md 第 9 行，字段 正文：找不到图片文件" in err  # read in the same round
    assert "content/news/2021/a.md 第 6 行，字段 正文：找不到图片文件：/images/x.jpg" in err  # so is its body
    assert "y.jpg" not in err and "content/news/2021/c.md 第 5 行，字段 正文" in err  # the bell, not its picture
    assert err.rstrip().endswith("content/cases/d.yml、content/news/2021/c.md 没能完整检查（上面的错要先改）："
                                 "里面的正文、图片、链接和人名要等这些错改好后才检查，改好后请再检查一次。")


def test_a_build_on_a_terminal_says_it_has_begun(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A cold build says nothing for seconds: on a terminal its first line says the work has begun; in a log or a
    pipe only the summary is written."""
    import sys

    from generator.cli import main

    cfg = make_site({"content/news/2021/a.md": story("a")})
    assert main(["check", "--config", str(cfg)]) == 0
    assert "正在" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["build", "--config", str(cfg)]) == 0
    assert capsys.readouterr().err.startswith("正在检查并生成网站……\n")


def test_a_build_stopped_while_reading_says_the_bodies_are_not_checked_yet(make_site: SiteMaker,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A header error stops a build before any body is read: the report says so and points to `pingan check`, which
    reads on and finds the missing picture in the other story; a build stopped later does not say it."""
    cfg = make_site({"content/news/2021/a.md": story("a", body="![现场](../../images/missing.jpg)"),
                     "content/news/2021/b.md": story("b", column="nope")})
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "生成在读取稿件和记录时就停下了" in err and "missing.jpg" not in err
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "missing.jpg" in err and "生成在读取稿件和记录时就停下了" not in err
    (cfg.parent / "content/news/2021/b.md").write_text(story("b"), encoding="utf-8")
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "missing.jpg" in err and "生成在读取稿件和记录时就停下了" not in err


def test_a_failed_build_says_the_last_good_site_is_still_there(make_site: SiteMaker,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """After the list of errors, a clerk is told that site/ still holds the last good site (it does): only when
    there is one."""
    cfg = make_site({"content/news/2021/a.md": story("a")})
    bad = story("b", extra="region: mars\n")
    (cfg.parent / "content/news/2021/b.md").write_text(bad, encoding="utf-8")
    assert main(["build", "--config", str(cfg)]) == 1
    assert "仍是上一次生成的网站" not in capsys.readouterr().err  # no site yet: nothing to keep
    (cfg.parent / "content/news/2021/b.md").unlink()
    assert main(["build", "--config", str(cfg)]) == 0
    (cfg.parent / "content/news/2021/b.md").write_text(bad, encoding="utf-8")
    assert main(["build", "--config", str(cfg)]) == 1
    assert capsys.readouterr().err.endswith("这次没有生成；配置文件旁的 site/ 里仍是上一次生成的网站，一个文件也没有改动。\n")

"""The preview's quick path: an edited story's page first, exactly as a whole build writes it; then the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.preview import Preview

from .conftest import kill_qr_processes, story, tree_bytes
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
    from generator.cli import _rebuild
    from generator.clierrors import WORKER_KILLED

    cfg = _site(tmp_path)
    for i in range(210):  # enough QR codes that the build draws them in worker processes
        (tmp_path / f"content/news/2021/s{i:03d}.md").write_text(
            story(f"s{i:03d}", title=f"稿件{i}", date=f"2021-09-{1 + i % 28:02d} 08:30"), encoding="utf-8")
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    undo = kill_qr_processes(monkeypatch)
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

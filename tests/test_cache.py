"""Caching never changes the output: a warm build equals a cold one, after every kind of edit."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import parallel
from generator.build import build
from generator.outputs import search
from generator.render import loop
from generator.render import theme as theme_module
from generator.render.spec import PageSpec

from .conftest import BASE_CONFIG, NOW, fixture_files, forget, kept, kill_render_processes, make_image, tree_bytes
from .test_records import CASE, MEDIATOR


def _site(root: Path) -> Path:
    files = fixture_files()
    files["content/cases/drain.yml"] = CASE.format(id="drain", mediator="wang")
    files["content/mediators/wang.yml"] = MEDIATOR.format(id="wang", honors="")
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg", (1600, 900))
    make_image(root / "content/images/body.jpg", (800, 600), (20, 90, 200))
    return root / "site_config.yml"


def _cold(cfg: Path, out: Path, preview: bool = False) -> dict[str, bytes]:
    """A build with no cache at all, for comparison (as the preview builds it: drafts and scheduled included)."""
    shutil.rmtree(cfg.parent / ".pingan-cache", ignore_errors=True)
    if preview:
        build(cfg, out, include_unpublished=True)
    else:
        build(cfg, out, now=NOW)
    return tree_bytes(out)


def test_warm_build_is_byte_identical_and_renders_nothing_again(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    cold = _cold(cfg, tmp_path / "cold")
    report = build(cfg, tmp_path / "warm", now=NOW)
    assert tree_bytes(tmp_path / "warm") == cold
    nav_pages = 1 + 2 + 3  # home, two columns, cases/mediators/honors sections: always rendered (they make the nav)
    assert report.pages_rendered <= nav_pages + 1 and report.pages_reused >= report.pages - nav_pages - 1
    assert report.search_reused and report.images_new == 0


def test_kept_pages_written_by_several_threads_equal_the_cold_build(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from generator.publish import cache as pagecache

    cfg = _site(tmp_path)
    cold = _cold(cfg, tmp_path / "cold")
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    readers: set[str] = set()
    read = pagecache.PageCache.read

    def noted(self: pagecache.PageCache, fingerprint: str) -> bytes:
        readers.add(threading.current_thread().name)
        time.sleep(0.002)  # long enough for the other threads to take pages too
        return read(self, fingerprint)

    monkeypatch.setattr(pagecache.PageCache, "read", noted)
    report = build(cfg, tmp_path / "warm", now=NOW)
    assert report.pages_reused > 20
    assert tree_bytes(tmp_path / "warm") == cold
    assert len(readers) > 1 and all(name.startswith("pingan-writer") for name in readers)


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        target = root / path
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def _image(root: Path) -> None:
    make_image(root / "content/images/body.jpg", (800, 600), (200, 200, 20))


EDITS = {
    # a story title shows on its page, its column and year lists, tag and region pages, feeds and related lists
    "story": _edit("content/news/2021/alpha.md", "测试县推进网格化管理", "测试县全面推进网格化管理"),
    "record": _edit("content/cases/drain.yml", "邻里排水纠纷", "邻里排水沟纠纷"),
    "config": _edit("site_config.yml", "name: 测试平安网", "name: 测试平安建设网"),
    "image": _image,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_edits_give_exactly_the_cold_output(tmp_path: Path, kind: str) -> None:
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)  # fills the caches
    before = tree_bytes(tmp_path / "site")
    EDITS[kind](tmp_path)
    report = build(cfg, tmp_path / "site", now=NOW)
    warm = tree_bytes(tmp_path / "site")
    assert warm != before
    indexed = len(list((tmp_path / "site/search-index").glob("*/d/*.json")))
    # one kept search entry per indexed page: those of pages the edit changed are gone
    assert len(kept(tmp_path, "search")) == indexed
    assert warm == _cold(cfg, tmp_path / "cold")
    assert not report.search_reused
    if kind in ("story", "record"):
        assert report.pages_reused > 0  # only what depends on the edit was rendered again
        assert 0 < report.search_pages_reused < indexed  # and only changed pages were cut for the search again
    if kind == "config":
        assert report.pages_reused == 0 and report.search_pages_reused == 0  # the site name is on every page


def _render_processes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every build render its pages in this process and a render process, in parts of 3 pages; returns
    the number of pages this process rendered in each build that split its pages."""
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(parallel, "RENDER_FROM", 1)
    monkeypatch.setattr(loop, "PART", 3)
    here: list[int] = []
    split, render = loop._split, theme_module.Theme.render

    def counted(*args: object) -> None:
        here.append(0)
        split(*args)  # type: ignore[arg-type]

    def rendered(self: theme_module.Theme, spec: PageSpec) -> str:
        if here:
            here[-1] += 1
        return render(self, spec)

    monkeypatch.setattr(loop, "_split", counted)
    monkeypatch.setattr(theme_module.Theme, "render", rendered)
    return here


def test_pages_rendered_in_two_processes_equal_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two cores a big cold build renders its pages in this process and a render process, taking parts from
    one queue: the site is byte for byte the serial one, the render process's pages are kept for the next build
    like the others, and its QR codes too."""
    cfg = _site(tmp_path)
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "1")
    serial = _cold(cfg, tmp_path / "one")
    here = _render_processes(monkeypatch)
    shutil.rmtree(cfg.parent / ".pingan-cache")
    report = build(cfg, tmp_path / "two", now=NOW)
    assert tree_bytes(tmp_path / "two") == serial
    assert len(here) == 1 and 0 < here[0] < report.pages_rendered  # both processes rendered pages
    stories = sum(b'class="pa-qr"' in data for name, data in serial.items() if name.endswith(".html"))
    assert len(kept(cfg.parent, "qr")) == stories > 2  # every story's code, drawn in either process, is kept
    again = build(cfg, tmp_path / "two", now=NOW)  # nothing changed: every page but the nav's from the cache
    assert tree_bytes(tmp_path / "two") == serial
    assert again.pages_rendered < 10 < again.pages_reused
    assert again.pages_reused + again.pages_rendered == report.pages_rendered


def test_repeat_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two cold builds, in other folders at other times, give the same bytes."""
    cfg = _site(tmp_path)
    first = _cold(cfg, tmp_path / "a")
    time.sleep(1.1)
    assert _cold(cfg, tmp_path / "b") == first


def test_template_change_renders_every_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    theme = tmp_path / "theme"
    shutil.copytree(theme_module.theme_dir(), theme)
    story = theme / "story.html"
    story.write_text(story.read_text(encoding="utf-8").replace("相关阅读", "延伸阅读"), encoding="utf-8")
    monkeypatch.setattr(theme_module, "theme_dir", lambda: theme)
    monkeypatch.setattr("generator.build.theme_dir", lambda: theme)
    report = build(cfg, tmp_path / "site", now=NOW)
    assert report.pages_reused == 0
    assert "延伸阅读" in (tmp_path / "site/news/2021/09/13/alpha/index.html").read_text(encoding="utf-8")
    assert tree_bytes(tmp_path / "site") == _cold(cfg, tmp_path / "cold")


def test_the_theme_s_file_list_is_kept_until_a_theme_file_is_added(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing the theme's files walks Material's ~15,000 templates: a warm build takes the kept list, so does a
    cold build of another project in the same process, and a file added to the theme makes it choose again (the
    new file is published)."""
    from mkdocs.structure.files import Files

    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    first = tree_bytes(tmp_path / "site")
    choose = Files.add_files_from_theme

    def refuse(*args: object) -> None:
        raise AssertionError("the theme's files were chosen again")

    monkeypatch.setattr(Files, "add_files_from_theme", refuse)
    build(cfg, tmp_path / "site", now=NOW)
    assert tree_bytes(tmp_path / "site") == first
    # another project built in this process (the preview's, a run of builds) has no kept list of its own: it takes
    # the process's
    (tmp_path / "other").mkdir()
    other = _site(tmp_path / "other")
    build(other, tmp_path / "other/site", now=NOW)
    published = {k: v for k, v in first.items() if k != ".pingan-site"}  # the marker names its own project
    assert {k: v for k, v in tree_bytes(tmp_path / "other/site").items() if k != ".pingan-site"} == published
    theme = tmp_path / "theme"
    shutil.copytree(theme_module.theme_dir(), theme)
    (theme / "assets" / "pingan-extra.txt").write_text("新增的主题文件", encoding="utf-8")
    monkeypatch.setattr(theme_module, "theme_dir", lambda: theme)
    monkeypatch.setattr("generator.build.theme_dir", lambda: theme)
    with pytest.raises(AssertionError, match="chosen again"):
        build(cfg, tmp_path / "site", now=NOW)
    monkeypatch.setattr(Files, "add_files_from_theme", choose)
    build(cfg, tmp_path / "site", now=NOW)
    assert (tmp_path / "site/assets/pingan-extra.txt").read_text(encoding="utf-8") == "新增的主题文件"


def test_a_kept_body_follows_the_story_it_links_to(tmp_path: Path) -> None:
    """Story bodies are kept between builds; one that links to a story whose address moved is converted again."""
    cfg = _site(tmp_path)
    _edit("content/news/2021/alpha.md", "## 主要做法", "另见[网格员的一天](bravo.md)。\n\n## 主要做法")(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    alpha = tmp_path / "site/news/2021/09/13/alpha/index.html"
    assert 'href="../../../10/01/bravo/"' in alpha.read_text(encoding="utf-8")
    _edit("content/news/2021/bravo.md", "date: 2021-10-01 09:00", "date: 2021-10-02 09:00")(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    assert 'href="../../../10/02/bravo/"' in alpha.read_text(encoding="utf-8")
    warm = tree_bytes(tmp_path / "site")
    # the old address forwards to the new one (publish/moved.py); a cold build into an empty folder has no old site
    assert b'url=../../02/bravo/' in warm.pop("news/2021/10/01/bravo/index.html")
    # the feeds go on naming bravo by its first address, which a cold build does not know
    first, moved = (f"https://pingan.example.gov.cn/news/2021/10/{day}/bravo/".encode() for day in ("01", "02"))
    cold = _cold(cfg, tmp_path / "cold")
    for name in [name for name in cold if name.endswith(".xml") and moved in cold[name]]:
        for tag in (b"<guid isPermaLink=\"true\">%s</guid>", b"<id>%s</id>"):
            cold[name] = cold[name].replace(tag % moved, tag % first)
    page = "news/2021/10/02/bravo/index.html"  # and its page says so, for its next move
    cold[page] = cold[page].replace(b' lang="zh-CN">', b' data-pa-feed-id="news/2021/10/01/bravo/" lang="zh-CN">', 1)
    assert warm == cold


def test_a_second_build_in_the_same_folder_waits_for_the_first(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                                ) -> None:
    """Builds share .pingan-cache and prune it: while one runs (here: its lock is held), another waits."""
    import threading

    from filelock import FileLock

    cfg = _site(tmp_path)
    (tmp_path / ".pingan-cache").mkdir()
    held = FileLock(str(tmp_path / ".pingan-cache" / "build.lock"))
    held.acquire()
    done = threading.Event()
    thread = threading.Thread(target=lambda: (build(cfg, tmp_path / "site", now=NOW), done.set()))
    try:
        thread.start()
        assert not done.wait(3) and not (tmp_path / "site").exists()
    finally:
        held.release()
    thread.join(120)
    assert done.is_set() and (tmp_path / "site/index.html").is_file()
    assert "另一个生成（pingan build 或 pingan serve）正在使用这个网站文件夹" in caplog.text


def test_charts_are_drawn_outside_the_build_process(tmp_path: Path) -> None:
    """matplotlib (~40 MB) never loads into the process that holds every page; the data page still has charts."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "content" / "metrics", tmp_path / "content" / "metrics")  # the sample's figures only
    shutil.copy(repo / "site_config.yml", tmp_path)
    code = ("import sys; from pathlib import Path; from generator.build import build; "
            "build(Path(sys.argv[1]), Path(sys.argv[2])); print('matplotlib loaded:', 'matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "site_config.yml"), str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=repo, check=True)
    assert done.stdout.strip().splitlines()[-1] == "matplotlib loaded: False"
    assert (tmp_path / "site/data/index.html").read_text(encoding="utf-8").count("<svg") >= 5


def test_images_and_search_index_are_linked_from_the_cache_not_copied(tmp_path: Path) -> None:
    """The site's image variants and search index files are second names of the cached files (no bytes copied);
    a stray file or link left in the search cache folder is cleared, never followed."""
    import os

    cfg = _site(tmp_path)
    cache = cfg.parent / ".pingan-cache"
    (cache / "search").mkdir(parents=True)
    (cache / "search/stray.txt").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    (cache / "search/link").symlink_to(outside, target_is_directory=True)
    build(cfg, tmp_path / "site", now=NOW)
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    left = list((cache / "search").iterdir())
    assert len(left) == 1 and (left[0] / "meta.json").is_file()  # the index only
    published = [p for p in (tmp_path / "site/images").iterdir()] + list((tmp_path / "site/search-index").rglob("*.*"))
    assert len([p for p in published if p.suffix == ".webp"]) >= 2 and any(p.suffix == ".bin" for p in published)
    cached = {os.stat(p).st_ino for p in cache.rglob("*") if p.is_file()}
    assert all(os.stat(p).st_ino in cached for p in published if p.is_file()), "a published file was copied"


def test_pages_are_cut_for_the_search_where_they_are_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's search entry is cut from its HTML where it is rendered (here or in a render process), never
    read back from the written file; the index equals a one-process build's. Entries are kept by page, so a later
    build reads back and cuts only the pages whose entries are gone."""
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "1")
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "here", now=NOW)
    shutil.rmtree(cfg.parent / ".pingan-cache")
    here = _render_processes(monkeypatch)
    read_back: list[str] = []
    real = search._read
    monkeypatch.setattr(search, "_read", lambda site, rel: read_back.append(rel) or real(site, rel))
    report = build(cfg, tmp_path / "processes", now=NOW)
    assert here and 0 < here[-1] < report.pages_rendered  # the render process rendered pages too
    assert read_back == [] and report.search_pages_reused == 0  # every entry cut as its page was rendered
    assert tree_bytes(tmp_path / "processes/search-index") == tree_bytes(tmp_path / "here/search-index")
    entries = sorted(kept(cfg.parent, "search"))
    indexed = len(list((tmp_path / "here/search-index").glob("*/d/*.json")))
    assert len(entries) == indexed > 4
    shutil.rmtree(cfg.parent / ".pingan-cache/search")  # the whole index is not kept: it is made from the entries
    forget(cfg.parent, "search", entries[:3])
    report = build(cfg, tmp_path / "again", now=NOW)  # every page from the page cache
    assert report.pages_rendered == 0 and not report.search_reused and report.search_pages_reused == indexed - 3
    assert len(read_back) == 3
    assert tree_bytes(tmp_path / "again/search-index") == tree_bytes(tmp_path / "here/search-index")


def test_privacy_scans_are_kept_and_follow_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are scanned for personal data once per content: a warm build scans nothing again, and an edited file is
    scanned again (every finding is an error, so what a build that went through keeps is that a file is clean)."""
    from generator.errors import ContentError
    from generator.privacy import site

    scanned: list[str] = []
    real = site.scan_file
    monkeypatch.setattr(site, "scan_file", lambda path, shown, *rest: scanned.append(shown) or real(
        path, shown, *rest))
    cfg = _site(tmp_path)
    story = "content/news/2021/alpha.md"
    build(cfg, tmp_path / "site", now=NOW)
    assert story in scanned
    scanned.clear()
    build(cfg, tmp_path / "site", now=NOW)
    assert scanned == []  # nothing changed: every file's findings were kept
    _edit(story, "## 主要做法", "登记的证件号 110105194912310021。\n\n## 主要做法")(tmp_path)  # one digit wrong
    with pytest.raises(ContentError) as caught:
        build(cfg, tmp_path / "site", now=NOW)
    assert scanned == [story]
    assert [(p.path, p.field, p.level) for p in caught.value.problems] == [(story, "正文", "error")]
    assert "抄错" in caught.value.problems[0].message


def test_results_are_kept_in_one_file_and_a_damaged_one_is_made_again(tmp_path: Path) -> None:
    """Pages, story bodies, QR codes and search entries are kept in .pingan-cache/kept.sqlite, not one file
    each; the folders earlier versions kept them in are removed; a damaged file costs a cold build, nothing else."""
    cfg = _site(tmp_path)
    cache = tmp_path / ".pingan-cache"
    for old in ("memo", "pages", "qr", "search/pages"):
        (cache / old).mkdir(parents=True)
        (cache / old / "0123.json").write_text("{}", encoding="utf-8")
    cold = build(cfg, tmp_path / "site", now=NOW)
    assert cold.pages_reused == 0
    assert not any((cache / old).exists() for old in ("memo", "pages", "qr", "search/pages"))
    pages, memo, codes, entries = (kept(tmp_path, kind) for kind in ("page", "memo", "qr", "search"))
    assert len(pages) == cold.pages and len(codes) == cold.stories and memo and entries
    assert sum(1 for p in cache.rglob("*") if p.is_file()) < 60  # images, the last search index, the store
    warm = build(cfg, tmp_path / "site", now=NOW)
    assert warm.pages_reused == cold.pages - warm.pages_rendered > 30 and warm.search_reused  # all but the nav pages
    (cache / "kept.sqlite").write_bytes(b"not a database, a file damaged by a full disk" * 100)
    again = build(cfg, tmp_path / "site", now=NOW)
    assert again.pages_reused == 0 and len(kept(tmp_path, "page")) == cold.pages
    assert tree_bytes(tmp_path / "site") == _cold(cfg, tmp_path / "cold")


def test_a_store_from_an_earlier_version_without_rowids_is_made_again(tmp_path: Path) -> None:
    """Earlier versions kept results in a WITHOUT ROWID table, slow for values as big as pages: a build starts
    such a file again (a cold build, same site) and the next build reuses what that one kept."""
    import sqlite3

    cfg = _site(tmp_path)
    store = tmp_path / ".pingan-cache" / "kept.sqlite"
    store.parent.mkdir(parents=True)
    db = sqlite3.connect(store)
    db.execute("CREATE TABLE kept (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID")
    db.execute("INSERT INTO kept VALUES ('page', 'old', x'00')")
    db.commit()
    db.close()
    cold = build(cfg, tmp_path / "site", now=NOW)
    assert cold.pages_reused == 0 and "old" not in kept(tmp_path, "page")
    db = sqlite3.connect(store)
    (schema,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'kept'").fetchone()
    db.close()
    assert "WITHOUT ROWID" not in schema.upper()
    warm = build(cfg, tmp_path / "site", now=NOW)
    assert warm.pages_reused == cold.pages - warm.pages_rendered > 30
    assert tree_bytes(tmp_path / "site") == _cold(cfg, tmp_path / "cold")


def test_check_reads_the_kept_results_and_changes_nothing_even_while_a_build_writes(tmp_path: Path) -> None:
    """`pingan check` opens the store read-only: it leaves the folder byte-identical, and while a build holds
    the store's write lock it checks everything anyway (it only cannot use what was kept)."""
    import sqlite3

    from generator.build import check

    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    before = tree_bytes(tmp_path)
    report = check(cfg, now=NOW)
    assert report.stories == 8 and tree_bytes(tmp_path) == before
    writer = sqlite3.connect(tmp_path / ".pingan-cache" / "kept.sqlite")
    writer.execute("BEGIN EXCLUSIVE")  # as a build does while it commits
    try:
        assert check(cfg, now=NOW).stories == 8
    finally:
        writer.rollback()
        writer.close()
    assert tree_bytes(tmp_path) == before


def test_a_cache_that_cannot_be_written_fails_the_build_clearly_and_keeps_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk while results are kept: the build stops with a Chinese message naming the cache file and
    what to do, exit code 1, and the last site stays as it was."""
    import sqlite3

    from generator.cli import main
    from generator.publish import cache as pagecache

    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    before = tree_bytes(tmp_path / "site")
    _edit("content/news/2021/alpha.md", "这里是正文第一段", "这里是改过的正文第一段")(tmp_path)

    class Full:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, *args)

        def __getattr__(self, name: str) -> object:
            return getattr(self.db, name)

    opened = pagecache.Store._open
    monkeypatch.setattr(pagecache.Store, "_open", lambda self: Full(opened(self)))
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "无法使用生成缓存" in err and "kept.sqlite" in err and "database or disk is full" in err
    assert "磁盘空间" in err and "删除 .pingan-cache" in err
    assert tree_bytes(tmp_path / "site") == before


def test_page_parts_shared_between_pages_equal_parts_rendered_for_each_page(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Tabs, the drawer's nav, the config script, style sheets, scripts, the back-to-top button and the footer
    are rendered once per build (render/theme.py's Shared): the whole site is byte for byte the one rendered
    part by part for every page, and the parts really are shared."""
    cfg = _site(tmp_path)
    monkeypatch.setattr(theme_module.Shared, "enabled", False)
    alone = _cold(cfg, tmp_path / "alone")
    monkeypatch.setattr(theme_module.Shared, "enabled", True)
    made: list[theme_module.Shared] = []
    real_init = theme_module.Shared.__init__
    monkeypatch.setattr(theme_module.Shared, "__init__", lambda self: made.append(self) or real_init(self))
    assert _cold(cfg, tmp_path / "shared") == alone
    names = {key[0] for shared in made for key in shared.made}
    assert names == {"tabs", "site_nav", "config", "styles", "scripts", "top", "footer"}
    # two sets per nav page at most (the page itself, and the pages under it that mark it), for dozens of pages
    tabs = [key[1] for key in made[0].made if key[0] == "tabs"]
    sections = {k for k in tabs if k is not None and not k.startswith("under ")}
    assert {k.removeprefix("under ") for k in tabs if k} <= sections | {"columns/dongtai/", "columns/tiaojie/"}
    assert len(made) == 1 and len(tabs) <= 2 * len(sections) + 1 and len(made[0].made) < 40


@pytest.mark.parametrize("name", ["tabs.html", "top.html"])
def test_a_shared_partial_is_material_s_own(name: str) -> None:
    """theme/partials/tabs.html and top.html only hand Material's file, included unchanged, to pa_shared: no
    copy of Material's text to drift from it."""
    ours = (theme_module.theme_dir() / "partials" / name).read_text(encoding="utf-8")
    assert f'{{% include "material/partials/{name}" %}}' in ours
    assert "pa_shared(" in ours
    body = re.sub(r"\{#.*?#\}", "", ours, flags=re.S)
    assert len(re.sub(r"\{[%{].*?[%}]\}", "", body, flags=re.S).strip()) == 0  # tags only, no markup of ours


def test_a_page_s_digest_names_its_data_by_value_not_by_which_values_are_one_object() -> None:
    """Pages with equal template, data and text get one digest (the page cache's key), however their strings are
    shared; any difference in any of the three gives another. Pickle with its memo would write a string met twice
    as a reference, so sharing alone changed the bytes."""
    def spec(context: dict[str, object], template: str = "story.html", content: str = "<p>正文</p>") -> PageSpec:
        return PageSpec("news/a/", "标题", template, context, content=content)

    name = "".join(["平安", "建设"])  # made at run time: not the constant's object
    shared = {"column": name, "cards": [{"column": name}, {"column": name}], "draft": False}
    separate = {"column": "平安建设", "cards": [{"column": "".join(["平安", "建设"])}, {"column": "平安" + name[2:]}],
                "draft": False}
    assert spec(shared).digest == spec(separate).digest
    assert spec(shared).context == separate
    changed = [spec({**shared, "draft": True}), spec({**shared, "draft": 0}), spec({**shared, "cards": []}),
               spec(shared, template="list.html"), spec(shared, content="<p>正文。</p>"),
               spec(dict(reversed(shared.items())))]  # order is data too: templates list in it
    digests = {s.digest for s in changed} | {spec(shared).digest}
    assert len(digests) == len(changed) + 1


def _pages(tmp_path: Path) -> tuple[list[PageSpec], theme_module.Theme]:
    specs: list[Any] = []
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW, keep=lambda k: specs.append((k.pages, k.theme)))
    return specs[0]


def test_a_render_process_that_dies_fails_the_build_and_leaves_the_last_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A render process killed mid-build (here: as it starts) ends the build with the words for a killed worker;
    the last site stays and no process is left."""
    import multiprocessing

    from generator.cli import main

    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    last = tree_bytes(tmp_path / "site")
    kill_render_processes(monkeypatch)
    shutil.rmtree(cfg.parent / ".pingan-cache")  # a cold build: pages to render, so a render process
    assert main(["build", "--config", str(cfg)]) == 1
    assert "子进程意外退出" in capsys.readouterr().err
    assert tree_bytes(tmp_path / "site") == last
    assert not multiprocessing.active_children()


def test_an_error_in_a_render_process_is_raised_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render process's error (pages whose template does not exist, the first parts, which go to the render
    process while this one, slowed down, renders from the back) ends the render as this process's own would,
    and the processes are gone."""
    import multiprocessing

    from generator.publish.writer import Writer

    specs, theme = _pages(tmp_path)
    here = _render_processes(monkeypatch)
    render = theme_module.Theme.render

    def slow(self: theme_module.Theme, spec: PageSpec) -> str:
        assert spec.template != "no-such-template.html", "rendered here, not in the render process"
        time.sleep(0.05)
        return render(self, spec)

    monkeypatch.setattr(theme_module.Theme, "render", slow)
    broken = [PageSpec(f"broken{i}/", "坏页", "no-such-template.html", {}) for i in range(6)]
    with pytest.raises(theme_module.ThemeError, match="模板 no-such-template.html 无法载入"), \
            Writer(tmp_path / "out") as writer:
        loop.render_pages([*broken, *specs], theme, writer, loop.Codes(None, "https://x.cn/"), None, _Bar())
    assert len(here) == 1 and 0 < here[0] < len(specs)  # this process rendered some good pages meanwhile
    assert not multiprocessing.active_children()


class _Bar:
    def __init__(self) -> None:
        self.count, self.closed = 0, False

    def update(self, count: int = 1) -> None:
        assert not self.closed
        self.count += count

    def close(self) -> None:
        self.closed = True


def test_the_progress_bar_counts_every_page_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one progress bar counts every page once, whichever process rendered it or whether it was kept."""
    from generator.publish.cache import PageCache, Store
    from generator.publish.writer import Writer

    specs, theme = _pages(tmp_path)
    _render_processes(monkeypatch)
    bar = _Bar()
    with Writer(tmp_path / "out") as writer:
        done = loop.render_pages(specs, theme, writer, loop.Codes(None, "https://x.cn/"), None, bar)
    assert bar.count == len(specs) == done.rendered
    store = Store(tmp_path / "store", write=True)
    cache = PageCache(store, "key")
    with Writer(tmp_path / "out2") as writer:
        loop.render_pages(specs[:5], theme, writer, loop.Codes(store, "https://x.cn/"), cache, _Bar())
    bar = _Bar()
    with Writer(tmp_path / "out2") as writer:
        done = loop.render_pages(specs, theme, writer, loop.Codes(store, "https://x.cn/"), cache, bar)
    assert bar.count == len(specs) and done.reused == 5 and done.rendered == len(specs) - 5
    assert tree_bytes(tmp_path / "out2") == tree_bytes(tmp_path / "out")


def _many_bodies(root: Path, broken: bool = False) -> Path:
    """The cache fixture plus 24 stories whose bodies show photos (some shared, some their own), link to other
    stories and to site pages; with `broken`, some bodies also name a missing photo or story, a missing site
    page, or a <script>."""
    from .conftest import story

    root.mkdir()
    cfg = _site(root)
    for i in range(24):
        body = [f"第{i}篇：网格员走访调解。", f"![调解现场{i}](../../images/own{i % 6}.jpg)",
                "![调解现场](../../images/body.jpg)", f"参见[上一篇](s{max(i - 1, 0):02d}.md)和[案例](/cases/)。"]
        if broken and i % 7 == 3:
            body += [f"![缺图](../../images/missing{i}.jpg)", "[不存在的稿件](nothing.md)", "[旧栏目](/old-page/)",
                     "<script>alert(1)</script>"]
        (root / f"content/news/2021/s{i:02d}.md").write_text(
            story(f"s{i:02d}", title=f"调解稿件{i}", date=f"2021-08-{1 + i:02d} 09:00", body="\n\n".join(body)),
            encoding="utf-8")
    for n in range(6):
        make_image(root / f"content/images/own{n}.jpg", (900 + 10 * n, 600), (40 * n, 100, 60))
    return cfg


def test_markdown_converted_in_a_second_process_gives_what_one_process_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many bodies to convert (a cold build of a big site): a second process converts parts of them from the back
    while this one converts from the front. The site, the kept results (bodies, image headers) and the error
    report are those of one process, and a warm build after it reuses every body."""
    from generator.errors import ContentError
    from generator.render import references

    here: list[str] = []
    convert = references.References.convert
    slow = [0.0]  # seconds each conversion here takes longer: the other process has time to start (~1 s)

    def counted(self: references.References, text: str, *rest: object) -> references.Converted:
        here.append(text)
        time.sleep(slow[0])
        return convert(self, text, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(references.References, "convert", counted)
    monkeypatch.setattr(references, "PARALLEL_FROM", 1)
    monkeypatch.setattr(references, "PART", 3)
    cfg = _many_bodies(tmp_path / "site")
    broken = _many_bodies(tmp_path / "broken", broken=True)
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("PINGAN_IMAGE_WORKERS", workers)
        for root in (cfg.parent, broken.parent):
            shutil.rmtree(root / ".pingan-cache", ignore_errors=True)
        here.clear()
        slow[0] = 0.25 if workers == "2" else 0.0
        report = build(cfg, tmp_path / f"out{workers}", now=NOW)
        slow[0] = 0.0
        results[workers] = (tree_bytes(tmp_path / f"out{workers}"), kept(cfg.parent, "memo"),
                            [str(w) for w in report.warnings], len(here))
        warm = build(cfg, tmp_path / f"warm{workers}", now=NOW)
        assert warm.pages_reused == report.pages - warm.pages_rendered
        assert tree_bytes(tmp_path / f"warm{workers}") == results[workers][0]
        with pytest.raises(ContentError) as raised:
            build(broken, tmp_path / "broken-out", now=NOW)
        results[workers] += (str(raised.value),)
    serial, parallel = results["1"], results["2"]
    apart = {k: (serial[1].get(k, b"")[:400], parallel[1].get(k, b"")[:400])
             for k in serial[1].keys() | parallel[1].keys() if serial[1].get(k) != parallel[1].get(k)}
    assert apart == {}  # the kept results that differ (serial, parallel): seen once under a loaded machine
    assert parallel[:3] == serial[:3] and parallel[4] == serial[4]
    assert serial[4].count("missing") == 3 and "nothing.md" in serial[4] and "<script>" in serial[4]
    assert parallel[3] <= serial[3] - 3  # the other process converted at least one part (not counted here)


def test_work_in_threads_reports_in_order_and_stops_at_the_first_error() -> None:
    import threading

    from generator.parallel import Threads

    heard: list[int] = []
    with Threads(4, heard.append, ahead=3) as pool:
        for n in range(40):
            pool.submit(lambda n: (time.sleep(0.001 * (n % 3)), n)[1], n)
    assert heard == list(range(40))  # in the order submitted, whichever thread finished first

    started: list[int] = []

    def work(n: int) -> int:
        started.append(n)
        if n == 0:
            raise OSError("磁盘已满（模拟）")
        time.sleep(0.05)
        return n

    with pytest.raises(OSError, match="磁盘已满"):
        with Threads(2, ahead=100) as pool:
            for n in range(50):
                pool.submit(work, n)
    assert 0 in started and len(started) < 10  # the parts not yet started were dropped
    assert not [t for t in threading.enumerate() if t.name.startswith("pingan-files")]  # and the threads ended


def test_the_code_key_covers_every_module_of_the_generator(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept pages and story bodies are keyed by the generator's code: a change to the Markdown renderer or the
    wording list must make them again (the key once covered only the cache's own folder)."""
    from generator.publish import cache as pagecache

    copy = tmp_path / "generator"
    shutil.copytree(pagecache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pagecache, "PACKAGE", copy)
    before = pagecache.code_digest.__wrapped__()
    assert pagecache.code_digest.__wrapped__() == before
    (copy / "render" / "__pycache__").mkdir(exist_ok=True)
    (copy / "render" / "__pycache__" / "markdown.cpython-311.pyc").write_bytes(b"\0")  # written by Python, not code
    assert pagecache.code_digest.__wrapped__() == before
    for changed in ("render/markdown.py", "wording/terms.yml", "build.py"):
        original = (copy / changed).read_bytes()
        (copy / changed).write_bytes(original + b"\n")
        assert pagecache.code_digest.__wrapped__() != before, changed
        (copy / changed).write_bytes(original)


def test_on_a_big_site_the_tags_process_begins_before_the_stories_are_read(
        make_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a first build of a big site pypinyin loads in the tags' process while the stories are read (the build
    waited ~0.4 s for it when the process began after them); a later build with a new tag begins it once the stories
    are read, one with no new tag never. The ids are those made in this process, and no process is left."""
    import multiprocessing

    from generator import build as build_stage
    from generator import model

    cfg = make_site(fixture_files())
    make_image(tmp_path / "site-src/content/images/cover.jpg")
    make_image(tmp_path / "site-src/content/images/body.jpg", (800, 600))
    build(cfg, tmp_path / "small", now=NOW)  # a small site: ids made in this process
    shutil.rmtree(tmp_path / "site-src" / ".pingan-cache")
    monkeypatch.setattr(model, "PARALLEL_PINYIN_FROM", 1)
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    made: list[model.TagIds] = []
    seen: list[bool] = []  # whether the tags' process was running when the stories began to load

    class Watched(model.TagIds):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    load = build_stage.load_news

    def loading(*args: Any, **kwargs: Any) -> Any:
        seen.append(made[-1].pool is not None and bool(multiprocessing.active_children()))
        return load(*args, **kwargs)

    monkeypatch.setattr(build_stage, "TagIds", Watched)
    monkeypatch.setattr(build_stage, "load_news", loading)
    for out in ("big", "kept"):
        build(cfg, tmp_path / out, now=NOW)
        assert made[-1].pool is None and not multiprocessing.active_children()
    story = tmp_path / "site-src" / "content/news/2021/alpha.md"
    story.write_text(story.read_text(encoding="utf-8").replace("tags: [", "tags: [社区矫正, "), encoding="utf-8")
    build(cfg, tmp_path / "new-tag", now=NOW)
    assert made[-1].pool is None and not multiprocessing.active_children()
    assert seen == [True, False, False]  # begun early only when nothing was kept
    assert [t.future is not None for t in made] == [True, False, True]  # the second build's ids were kept
    assert tree_bytes(tmp_path / "big") == tree_bytes(tmp_path / "small") == tree_bytes(tmp_path / "kept")
    assert "tags/she-qu-jiao-zheng/index.html" in tree_bytes(tmp_path / "new-tag")


def test_a_build_with_no_new_tag_does_not_load_pinyin(make_site: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tags' pinyin ids are kept: pypinyin's dictionaries (about 90 MiB and half a second to load) are loaded again
    only for a new tag, and the ids are the same either way. On a big site they are made in a process of its own
    and never enter the build's process at all."""
    import subprocess
    import sys

    from generator import model

    cfg = make_site(fixture_files())
    make_image(tmp_path / "site-src/content/images/cover.jpg")
    make_image(tmp_path / "site-src/content/images/body.jpg", (800, 600))
    asked: list[list[str]] = []
    made = model.pinyin_slugs

    def pinyin(names: list[str]) -> dict[str, str]:
        asked.append(names)
        return made(names)

    monkeypatch.setattr(model, "pinyin_slugs", pinyin)
    build(cfg, tmp_path / "site-src" / "site", now=NOW)  # first build: every tag is new
    assert asked == [["人民调解", "平安细胞", "治安防控", "矛盾纠纷化解", "网格化管理"]]
    first = tree_bytes(tmp_path / "site-src" / "site")
    # Builds in a process of their own, as `pingan build` runs (`big`: as if the site were big, on two cores)
    # (at the tests' clock, as the first build: the fixture's scheduled story stays scheduled)
    probe = ("import sys; from pathlib import Path; from generator import model; from generator.build import build; "
             "from tests.conftest import NOW; model.PARALLEL_PINYIN_FROM = int(sys.argv[2]); "
             "cfg = Path(sys.argv[1]); build(cfg, cfg.parent / 'site', now=NOW); print(0, 'pypinyin' in sys.modules)")

    def pinyin_loaded(big: bool = False) -> bool:
        done = subprocess.run([sys.executable, "-c", probe, str(cfg), "1" if big else "400"], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "PINGAN_IMAGE_WORKERS": "2"},
                              cwd=Path(__file__).resolve().parent.parent)
        code, loaded = done.stdout.split()[-2:]
        assert code == "0", done.stderr
        return loaded == "True"

    assert not pinyin_loaded()  # the ids are kept
    assert tree_bytes(tmp_path / "site-src" / "site") == first
    story = tmp_path / "site-src" / "content/news/2021/alpha.md"
    story.write_text(story.read_text(encoding="utf-8").replace("tags: [", "tags: [社区矫正, "), encoding="utf-8")
    assert not pinyin_loaded(big=True)  # a new tag on a big site: made in another process
    assert "tags/she-qu-jiao-zheng/index.html" in tree_bytes(tmp_path / "site-src" / "site")
    story.write_text(story.read_text(encoding="utf-8").replace("社区矫正", "禁毒宣传"), encoding="utf-8")
    build(cfg, tmp_path / "site-src" / "site", now=NOW)  # a small site: made here
    assert len(asked) == 2 and "禁毒宣传" in asked[1]
    built = tree_bytes(tmp_path / "site-src" / "site")
    assert "tags/jin-du-xuan-chuan/index.html" in built and "tags/she-qu-jiao-zheng/index.html" not in built

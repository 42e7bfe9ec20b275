"""Caching never changes the output: a warm build equals a cold one, after every kind of edit."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import jinja2
import material
import pytest

from generator import frames, mkdocs_adapter, pagehelper, search, templating
from generator.build import build
from generator.errors import Problem
from generator.render.spec import PageSpec

from .conftest import BASE_CONFIG, NOW, fixture_files, forget, kept, make_image, tree_bytes
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

    from generator import pagecache

    cfg = _site(tmp_path)
    cold = _cold(cfg, tmp_path / "cold")
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(pagecache.PageCache, "PART", 2)  # the small site's pages in many parts
    writers: set[str] = set()
    copy_to = pagecache.PageCache.copy_to

    def noted(self: pagecache.PageCache, fingerprint: str, target: Path) -> None:
        writers.add(threading.current_thread().name)
        time.sleep(0.002)  # long enough for the other threads to take parts too
        copy_to(self, fingerprint, target)

    monkeypatch.setattr(pagecache.PageCache, "copy_to", noted)
    report = build(cfg, tmp_path / "warm", now=NOW)
    assert report.pages_reused > 20
    assert tree_bytes(tmp_path / "warm") == cold
    assert len(writers) > 1 and all(name.startswith("pingan-pages") for name in writers)


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


def test_pages_rendered_in_batches_equal_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    """Large sites are rendered a few thousand pages per MkDocs run (to bound memory): same output."""
    cfg = _site(tmp_path)
    whole = _cold(cfg, tmp_path / "whole")
    monkeypatch.setattr(mkdocs_adapter, "BATCH", 4)
    runs: list[int] = []
    real = mkdocs_adapter.mkdocs_build
    monkeypatch.setattr(mkdocs_adapter, "mkdocs_build", lambda mk, dirty: runs.append(dirty) or real(mk, dirty=dirty))
    assert _cold(cfg, tmp_path / "batched") == whole
    assert len(runs) > 3 and runs[0] is False and all(runs[1:])  # only the first run starts from an empty folder
    assert "dirty" not in caplog.text
    edit = _edit("content/news/2021/alpha.md", "测试县推进网格化管理", "测试县全面推进网格化管理")
    edit(tmp_path)
    report = build(cfg, tmp_path / "batched", now=NOW)  # with the cache: only changed pages go into batches
    assert tree_bytes(tmp_path / "batched") == _cold(cfg, tmp_path / "cold")
    assert report.pages_reused > 0


def test_template_change_renders_every_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    theme = tmp_path / "theme"
    shutil.copytree(mkdocs_adapter.theme_dir(), theme)
    story = theme / "story.html"
    story.write_text(story.read_text(encoding="utf-8").replace("相关阅读", "延伸阅读"), encoding="utf-8")
    monkeypatch.setattr(mkdocs_adapter, "theme_dir", lambda: theme)
    report = build(cfg, tmp_path / "site", now=NOW)
    assert report.pages_reused == 0
    assert "延伸阅读" in (tmp_path / "site/news/2021/09/13/alpha/index.html").read_text(encoding="utf-8")
    assert tree_bytes(tmp_path / "site") == _cold(cfg, tmp_path / "cold")


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
    assert tree_bytes(tmp_path / "site") == _cold(cfg, tmp_path / "cold")


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
    shutil.copytree(repo / "content", tmp_path / "content")
    shutil.copy(repo / "site_config.yml", tmp_path)
    code = ("import sys; from pathlib import Path; from generator.build import build; "
            "build(Path(sys.argv[1]), Path(sys.argv[2])); print('matplotlib loaded:', 'matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "site_config.yml"), str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=repo, check=True)
    assert done.stdout.strip().splitlines()[-1] == "matplotlib loaded: False"
    assert (tmp_path / "site/data/index.html").read_text(encoding="utf-8").count("<svg") >= 5


def test_pages_cut_for_the_search_in_worker_processes_give_the_same_index(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Many pages to cut (a cold build of a big site): read and cut in processes, the same index as here; the
    entries are kept by page, so a later build cuts only the pages whose entries are gone."""
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "here", now=NOW)  # a few pages: cut in this process
    shutil.rmtree(cfg.parent / ".pingan-cache")
    monkeypatch.setattr(search, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search, "PART", 2)
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    parallel: list[int] = []
    real = search._in_parallel
    monkeypatch.setattr(search, "_in_parallel", lambda kept, site, pages, count: parallel.append(count) or real(
        kept, site, pages, count))
    build(cfg, tmp_path / "processes", now=NOW)
    assert parallel == [2]
    assert tree_bytes(tmp_path / "processes/search-index") == tree_bytes(tmp_path / "here/search-index")
    entries = sorted(kept(cfg.parent, "search"))
    indexed = len(list((tmp_path / "here/search-index").glob("*/d/*.json")))
    assert len(entries) == indexed > 4
    shutil.rmtree(cfg.parent / ".pingan-cache/search")  # the whole index is not kept: it is made from the entries
    forget(cfg.parent, "search", entries[:3])
    report = build(cfg, tmp_path / "again", now=NOW)
    assert parallel == [2, 2] and not report.search_reused and report.search_pages_reused == indexed - 3
    assert tree_bytes(tmp_path / "again/search-index") == tree_bytes(tmp_path / "here/search-index")


def test_kept_privacy_findings_are_reported_again_and_follow_the_text(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are scanned for personal data once per content; a warm build reports the same findings, and an
    edited file is scanned again."""
    from generator.errors import ContentError
    from generator.privacy import site

    scanned: list[str] = []
    real = site.scan_file
    monkeypatch.setattr(site, "scan_file", lambda path, shown, *rest: scanned.append(shown) or real(
        path, shown, *rest))
    cfg = _site(tmp_path)
    story = "content/news/2021/alpha.md"
    _edit(story, "## 主要做法", "登记的证件号 110105194912310021。\n\n## 主要做法")(tmp_path)  # wrong check digit

    def findings(report_warnings: list[Problem]) -> list[tuple[str, int | None, str, str, str]]:
        return [(w.path, w.line, w.field, w.message, w.level) for w in report_warnings if w.path == story]

    first = findings(build(cfg, tmp_path / "site", now=NOW).warnings)
    assert len(first) == 1 and first[0][2] == "正文" and first[0][4] == "warning"
    assert story in scanned
    scanned.clear()
    assert findings(build(cfg, tmp_path / "site", now=NOW).warnings) == first
    assert scanned == []  # nothing changed: every file's findings were kept
    _edit(story, "110105194912310021", "11010519491231002X")(tmp_path)  # now a valid number: an error
    with pytest.raises(ContentError, match="alpha.md"):
        build(cfg, tmp_path / "site", now=NOW)
    assert scanned == [story]


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

    from generator import pagecache
    from generator.cli import main

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
    """Header (before and after the title), tabs, nav, config script, style sheets, scripts, the back-to-top button and
    the footer are rendered once for many pages (frames.py): same output as rendering them for every page, and they
    really are shared."""
    cfg = _site(tmp_path)
    monkeypatch.setattr(frames.Frames, "enabled", False)
    alone = _cold(cfg, tmp_path / "alone")
    monkeypatch.setattr(frames.Frames, "enabled", True)
    made: list[frames.Frames] = []
    real_init = frames.Frames.__init__
    monkeypatch.setattr(frames.Frames, "__init__", lambda self: made.append(self) or real_init(self))
    assert _cold(cfg, tmp_path / "shared") == alone
    shared = {key[0] for frame in made for key in frame.made}
    assert shared == {"header_start", "header_end", "tabs", "site_nav", "config", "styles", "scripts", "top", "footer"}
    assert sum(frame.reused for frame in made) > 50


def test_template_shortcuts_give_the_pages_jinja_and_material_give(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Dict lookups and remembered translations (templating.py) leave every byte of the site as it was."""
    cfg = _site(tmp_path)
    monkeypatch.setattr(templating, "ENABLED", False)
    plain = _cold(cfg, tmp_path / "plain")
    monkeypatch.setattr(templating, "ENABLED", True)
    assert _cold(cfg, tmp_path / "shortcuts") == plain


def _theme_dirs() -> list[str]:
    """Template folders as MkDocs searches them: our theme/, then Material's."""
    return [str(mkdocs_adapter.theme_dir()), str(Path(material.__file__).parent / "templates")]


def test_a_dict_lookup_in_a_template_finds_what_jinja_finds() -> None:
    """Keys, missing keys (undefined, named), keys named like dict methods (the method wins, as in Jinja), other
    objects and dict subclasses: the shortcut answers as Environment.getattr does."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_theme_dirs()), undefined=jinja2.StrictUndefined)
    jinja_getattr = env.getattr
    templating.install(env, {"theme": {"language": "zh-CN"}})
    assert "getattr" in vars(env)  # this environment's own lookup now, in front of Environment.getattr

    class Sub(dict):  # type: ignore[type-arg]
        title = "attribute"

    data = {"title": "标题", "items": "key", "get": 1, "none": None}
    for obj, name in [(data, "title"), (data, "items"), (data, "get"), (data, "none"), (Sub(title="key"), "title"),
                      (env, "globals"), (["a"], "append"), ("text", "upper")]:
        assert env.getattr(obj, name) == jinja_getattr(obj, name), name
    for obj, name in [(data, "missing"), (Sub(), "missing"), ("text", "missing")]:
        got, want = env.getattr(obj, name), jinja_getattr(obj, name)
        assert type(got) is type(want) is jinja2.StrictUndefined
        assert got._undefined_name == want._undefined_name == name and got._undefined_obj is obj
    assert env.from_string("{{ d.title }}/{{ d.items() | list | length }}").render(d=data) == "标题/4"
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        env.from_string("{{ d.missing }}").render(d=data)


def test_remembered_translations_equal_material_s_language_partial() -> None:
    """`lang.t(key)` through our partials/language.html gives, for every string Material has (and one it has not),
    what Material's own file gives with our zh-CN strings, also when asked again."""
    material_dirs = _theme_dirs()
    ours = jinja2.Environment(loader=jinja2.FileSystemLoader(material_dirs))
    config = {"theme": {"language": "zh-CN"}}
    templating.install(ours, config)
    theirs = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"partials/language.html": templating.material_language_html()}),
        jinja2.FileSystemLoader(material_dirs)]))
    source = ('{% import "partials/language.html" as lang with context %}'
              '{% for key in keys %}{{ key }}={{ lang.t(key) }}\n{% endfor %}')
    keys = sorted(set(re.findall(r'^  "([^"]+)":', (Path(material_dirs[1]) / "partials/languages/en.html")
                                 .read_text(encoding="utf-8"), re.M)))
    assert len(keys) > 50 and "search.placeholder" in keys
    keys += ["language", "no.such.string", "search.placeholder"]
    want = theirs.from_string(source).render(config=config, keys=keys)
    assert ours.from_string(source).render(config=config, keys=keys) == want
    assert "language=zh-CN\n" in want and "search.placeholder=搜索\n" in want and "no.such.string=no.such.string" in want


@pytest.mark.parametrize("name", ["header.html", "top.html"])
def test_a_framed_partial_is_material_s_partial_cut_into_parts(name: str) -> None:
    """theme/partials/header.html and top.html are Material's files with their text cut into macros that pages share
    (the header around the page's title): with each pa_frame call replaced by its macro's text, they are Material's
    text again (this fails when a Material update changes the file)."""
    ours = (mkdocs_adapter.theme_dir() / "partials" / name).read_text(encoding="utf-8").split("-#}\n", 1)[1]
    macros = dict(re.findall(r"\{%- macro (\w+)\(\) %\}(.*?)\{% endmacro -%\}\n", ours, re.S))
    calls = re.sub(r"\{%- macro .*?\{% endmacro -%\}\n", "", ours, flags=re.S)
    assert len(macros) == calls.count("pa_frame(") >= 1
    page_parts = re.sub(r'\{\{ pa_frame\("\w+", (\w+)\) \}\}', "", calls)
    assert not any(re.search(r"\bpage\b", text) for text in macros.values())  # the shared parts show no page
    assert ("page.title" in page_parts) == (name == "header.html")
    joined = re.sub(r'\{\{ pa_frame\("\w+", (\w+)\) \}\}', lambda call: macros[call[1]], calls)
    theirs = (Path(material.__file__).parent / "templates" / "partials" / name).read_text(encoding="utf-8")
    assert joined + "\n" == theirs.split("-#}\n", 1)[1]


def test_a_part_is_not_shared_with_a_page_its_links_lead_into() -> None:
    """From `search/` the footer's link to the news archive is `../news/`; on `news/` itself it must be `./`."""
    def part(page: str) -> str:
        return '<a href="./">首页</a>' if page == "news/" else '<a href="../news/">新闻</a><a href="../">首页</a>'

    shared = frames.Frames()
    assert shared({"pa_frames": "search/"}, "footer", lambda: part("search/")) == part("search/")
    assert shared({"pa_frames": "news/"}, "footer", lambda: part("news/")) == part("news/")
    assert shared({"pa_frames": "tags/"}, "footer", lambda: part("tags/")) == part("search/")  # same links here
    assert shared.reused == 1
    assert shared({"pa_frames": None}, "footer", lambda: "nav page") == "nav page"  # nav pages render their own
    assert frames.targets('<a href="../../news/">x</a><img src="../../assets/a.png"><a href="https://x.cn/">'
                          '<a href="#top">', "news/2024/") == {"news", "assets/a.png"}


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


def _second_process(monkeypatch: pytest.MonkeyPatch) -> list[mkdocs_adapter.EngineRun]:
    """Make every build leave part of its pages to a second process; returns the engine runs as they end."""
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(mkdocs_adapter, "HELPER_PAGES", 1)
    runs: list[mkdocs_adapter.EngineRun] = []
    real = mkdocs_adapter.run

    def run(*args: object, **kwargs: object) -> mkdocs_adapter.EngineRun:
        runs.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return runs[-1]

    monkeypatch.setattr(mkdocs_adapter, "run", run)
    return runs


def test_a_second_process_renders_part_of_the_pages_with_the_same_output(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With two cores a big cold build leaves part of its pages to a second process: the site is the same, and
    the pages it rendered are kept for the next build like the others."""
    cfg = _site(tmp_path)
    whole = _cold(cfg, tmp_path / "one")
    runs = _second_process(monkeypatch)
    monkeypatch.setattr(mkdocs_adapter, "BATCH", 4)  # this process's pages in several runs (each lists docs_dir)
    launched: list[bool] = []
    on_files = mkdocs_adapter.PinganPlugin.on_files

    def first_files(self: mkdocs_adapter.PinganPlugin, files: object, **kwargs: object) -> object:
        if self.helper is not None and self.current == 0:
            launched.append(self.helper.process is not None)
        return on_files(self, files, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs_adapter.PinganPlugin, "on_files", first_files)
    assert _cold(cfg, tmp_path / "two") == whole
    first = runs[-1]
    assert 0 < first.helped < first.rendered  # both processes rendered pages, and each page once
    assert launched == [True]  # it was starting while MkDocs started here, before its pages were handed over
    assert len(first.written) + first.helped == first.rendered
    report = build(cfg, tmp_path / "two", now=NOW)  # nothing changed: every page but the nav's from the cache
    assert tree_bytes(tmp_path / "two") == whole
    assert runs[-1].helped == 0 and report.pages_rendered < 10 < report.pages_reused
    assert report.pages_reused + report.pages_rendered == first.rendered


def test_a_second_process_that_dies_fails_the_build_and_leaves_the_last_site(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _site(tmp_path)
    build(cfg, tmp_path / "site", now=NOW)
    last = tree_bytes(tmp_path / "site")
    _second_process(monkeypatch)
    start = pagehelper.PageHelper.start
    helpers: list[pagehelper.PageHelper] = []

    def killed(self: pagehelper.PageHelper) -> None:
        start(self)
        helpers.append(self)
        self.process.kill()

    monkeypatch.setattr(pagehelper.PageHelper, "start", killed)
    shutil.rmtree(cfg.parent / ".pingan-cache")  # a cold build: pages to render, so a second process
    with pytest.raises(mkdocs_adapter.EngineError, match="第二个生成进程意外退出（被信号 SIGKILL 强制结束，常见原因是内存不足）"):
        build(cfg, tmp_path / "site", now=NOW)
    assert tree_bytes(tmp_path / "site") == last
    assert len(helpers) == 1 and helpers[0].process is None and helpers[0].path is None  # stopped, let go


def test_an_error_in_the_second_process_is_raised_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process's error ends the build as this process's own would (here: a page whose template does
    not exist, the last page, so it is the second process's), and the process is gone."""
    import multiprocessing

    from generator.config import load_config
    from generator.render.spec import PageSpec

    cfg = _site(tmp_path)
    kept_pages: list[list[PageSpec]] = []
    build(cfg, tmp_path / "site", now=NOW, keep=lambda k: kept_pages.append(k.pages))
    _second_process(monkeypatch)
    handed: list[str] = []
    hand_off = mkdocs_adapter.PinganPlugin.hand_off
    monkeypatch.setattr(mkdocs_adapter.PinganPlugin, "hand_off",
                        lambda self, share: handed.extend(hand_off(self, share)) or handed)
    broken = PageSpec("broken/", "坏页", "no-such-template.html", {})
    with pytest.raises(Exception, match="no-such-template.html"):
        mkdocs_adapter.run(load_config(cfg), [*kept_pages[0], broken], tmp_path, tmp_path / "out",
                           lambda _site: None, 2021, 0, lambda url: "")
    assert broken.src_uri in handed  # the second process's page, not this one's
    assert not multiprocessing.active_children()


def test_the_progress_bar_counts_the_second_process_s_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one progress bar counts every page once, whichever process rendered it, and ends at the total."""
    from generator.config import load_config

    cfg = _site(tmp_path)
    kept_pages: list[list[PageSpec]] = []
    build(cfg, tmp_path / "site", now=NOW, keep=lambda k: kept_pages.append(k.pages))
    runs = _second_process(monkeypatch)

    class Counted:
        def __init__(self) -> None:
            self.count, self.closed = 0, False

        def update(self, count: int = 1) -> None:
            assert not self.closed
            self.count += count

        def close(self) -> None:
            self.closed = True

    bar = Counted()
    mkdocs_adapter.run(load_config(cfg), kept_pages[0], tmp_path, tmp_path / "out", lambda _site: None, 2021, 0,
                       lambda url: "", progress=bar)
    assert runs[-1].helped > 0
    assert bar.closed and bar.count == len(kept_pages[0])


def test_the_second_process_tells_of_a_page_only_once_its_file_is_written() -> None:
    """MkDocs writes a page's file after on_post_page: the second process names a page to the build process once
    it has told of the next one (or its run is over), every page exactly once, with the progress counts."""
    sent: list[tuple[object, ...]] = []

    class Pipe:
        def send(self, message: tuple[object, ...]) -> None:
            sent.append(message)

    bar = pagehelper.Reported(Pipe())
    for i in range(120):
        bar.written(f"p{i}.md", f"p{i}/index.html")
        assert all(f"p{i}.md" != uri for message in sent for uri, _ in message[2])  # type: ignore[attr-defined]
        bar.update()
    assert [message[1] for message in sent] == [50, 50]
    assert [uri for message in sent for uri, _ in message[2]] == [f"p{i}.md" for i in range(99)]  # type: ignore[attr-defined]
    bar.close()
    assert sent[-1] == ("progress", 20, [(f"p{i}.md", f"p{i}/index.html") for i in range(99, 120)])


def test_the_build_process_keeps_the_second_process_s_pages_as_they_are_written(tmp_path: Path) -> None:
    """`finish` hands on each page the second process reported (first those heard of while this process rendered),
    then the rest of its pages once it is done: each exactly once, in order."""
    messages = [("progress", 2, [("a.md", "a/"), ("b.md", "b/")]), ("progress", 1, [("c.md", "c/")]),
                ("done", {"a.md": "a/", "b.md": "b/", "c.md": "c/", "d.md": "d/", "e.md": "e/"})]

    class Reports:
        arrived = 1  # the first message is there while this process renders, the others come later

        def poll(self) -> bool:
            return self.arrived > 0

        def recv(self) -> tuple[object, ...]:
            self.arrived -= 1
            return messages.pop(0)

    class Bar:
        def __init__(self) -> None:
            self.counts: list[int] = []

        def update(self, count: int) -> None:
            self.counts.append(count)

    helper = pagehelper.PageHelper(None, [], tmp_path, tmp_path, 2024, 0, str)  # type: ignore[arg-type]
    helper.reports = Reports()
    assert helper.done_since() == 2 and helper.finished == [("a.md", "a/"), ("b.md", "b/")]
    heard: list[tuple[str, str]] = []
    bar = Bar()
    helper.finish(bar, lambda uri, dest: heard.append((uri, dest)))
    assert heard == [("a.md", "a/"), ("b.md", "b/"), ("c.md", "c/"), ("d.md", "d/"), ("e.md", "e/")]
    assert bar.counts == [1] and helper.rendered == 5 and not messages


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

"""`--out` cannot destroy, and what a user can do to the output, the config file and the preview ends in words.

- An output folder that is, holds or lies inside the sources, the config, the project folder, the theme, the
  cache or a built site, or that holds files pingan did not write, is refused before anything is written: the
  whole project (sources, cache, last site) stays the same byte for byte.
- Published sites are marked (.pingan-site): a second project is refused, a moved project keeps its site,
  builds into one folder at once are serialised.
- A full disk (a real 'tmpfs' of a few megabytes) and a read-only disk (the same, remounted read-only) end in a
  Chinese message naming the folder, exit code 1, the last site as it was and no staging folder left.
- The config file being a folder, missing, unreadable, not UTF-8, empty or a pipe is said in words.
- `pingan serve` answers hostile requests with 4xx and goes on serving; it never serves a file outside the site.
- A bug ends in a Chinese message saying how to report it; the traceback only with PINGAN_DEBUG=1.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import shutil
import site
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import outguard
from generator.publish import swap as publish
from generator.render import theme as theme_module

from .conftest import BASE_CONFIG, REPO, SiteMaker, fixture_files, make_image, story

REFUSED = "不能把网站生成到"


def _project(root: Path, small: bool = True) -> Path:
    """A project in `root`: one story (or the fixture site), its config; returns the config's path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    files = {"content/news/2021/a.md": story("a", title="第一篇")} if small else fixture_files()
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    if not small:
        make_image(root / "content/images/cover.jpg")
        make_image(root / "content/images/body.jpg", (800, 600))
    return root / "site_config.yml"


def snapshot(root: Path) -> dict[str, object]:
    """Every file (its bytes), folder and symbolic link (its target) under `root`, links not followed."""
    found: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = path.read_bytes()
    return found


def _build(cfg: Path, *extra: str) -> int:
    return main(["build", "--config", str(cfg), *extra])


# -- refused before anything is written ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with its site built into site/, and a copy of the theme (the real one is never risked)."""
    root = tmp_path_factory.mktemp("guard") / "project"
    cfg = _project(root, small=False)
    assert _build(cfg) == 0
    theme = tmp_path_factory.mktemp("theme-copy") / "theme"
    shutil.copytree(theme_module.theme_dir(), theme)
    return cfg, theme


# (what --out says, relative to the project folder; "{theme}" is the theme's folder; part of the message)
REFUSALS = [
    ("content", "：这是稿件文件夹，生成会用网站替换掉全部稿件。"),
    ("content/", "这是稿件文件夹"),
    ("./content/./", "这是稿件文件夹"),
    ("site/../content", "这是稿件文件夹"),
    ("content/news", "不能把网站生成到 content/news/：它在稿件文件夹 content/ 里面"),
    ("content/news/new-folder", "它在稿件文件夹 content/ 里面"),
    (".", "不能把网站生成到 ./：这是项目文件夹本身（site_config.yml 所在的文件夹）"),
    ("./", "这是项目文件夹本身"),
    ("content/..", "这是项目文件夹本身"),
    ("..", "不能把网站生成到 ../：它包含项目文件夹 project/"),
    ("../..", "它包含项目文件夹"),
    ("/", "不能把网站生成到 /：它包含项目文件夹"),
    ("site_config.yml", "不能把网站生成到 site_config.yml：这是网站配置文件，不是文件夹"),
    ("site_config.yml/", "这是网站配置文件"),
    ("site_config.yml/site", "site_config.yml 是一个文件，不是文件夹"),
    ("content/news/2021/alpha.md", "它在稿件文件夹 content/ 里面"),
    (".pingan-cache", "这是生成缓存文件夹"),
    (".pingan-cache/images", "它在生成缓存文件夹 .pingan-cache/ 里面"),
    ("site/news", "它在已经生成的网站 site/ 里面"),
    ("site/assets/new", "它在已经生成的网站 site/ 里面"),
    ("{theme}", "这是主题文件夹"),
    ("{theme}/partials", "它在主题文件夹"),
    ("{theme}/..", "它包含主题文件夹"),
]


@pytest.mark.parametrize(("given", "said"), REFUSALS, ids=[g for g, _ in REFUSALS])
def test_refused_out_leaves_everything_as_it_was(given: str, said: str, built: tuple[Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cfg, theme = built
    root = cfg.parent
    monkeypatch.setattr(theme_module, "theme_dir", lambda: theme)
    monkeypatch.chdir(root)  # the relative forms a person types in the project folder
    before, theme_before = snapshot(root), snapshot(theme)
    capsys.readouterr()

    code = main(["build", "--out", given.replace("{theme}", str(theme))])

    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith(f"错误：{REFUSED}") and said in err, err
    assert "\n    提示：" in err and "Traceback" not in err
    assert snapshot(root) == before
    assert snapshot(theme) == theme_before
    assert [p.name for p in root.parent.iterdir() if p.name.startswith(".")] == []


def test_symlinks_are_followed_and_named(built: tuple[Path, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cfg, _ = built
    root = cfg.parent
    (tmp_path / "to-content").symlink_to(root / "content")
    (tmp_path / "to-project").symlink_to(root)
    before = snapshot(root)
    for link, said in (("to-content", "（指向 "), ("to-project", "这是项目文件夹本身")):
        capsys.readouterr()
        assert _build(cfg, "--out", str(tmp_path / link)) == 1
        err = capsys.readouterr().err
        assert REFUSED in err and said in err, err
    assert snapshot(root) == before


# -- whose folder it is ------------------------------------------------------------------------------------

def test_a_published_site_is_marked_and_built_again(tmp_path: Path) -> None:
    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    site = cfg.parent / "site"
    mark = json.loads((site / outguard.MARKER).read_text(encoding="utf-8"))
    assert mark == {"generator": "pingan", "project": outguard.project_id(cfg), "entries": sorted(os.listdir(site))}
    assert _build(cfg) == 0
    assert _build(cfg, "--out", str(tmp_path / "elsewhere")) == 0  # the same bytes wherever it is written
    assert snapshot(tmp_path / "elsewhere") == snapshot(site)


def test_empty_folders_and_file_manager_litter_are_accepted(tmp_path: Path) -> None:
    cfg = _project(tmp_path / "p")
    (tmp_path / "empty").mkdir()
    (tmp_path / "looked-at").mkdir()
    (tmp_path / "looked-at/.DS_Store").write_bytes(b"\0")
    assert _build(cfg, "--out", str(tmp_path / "empty")) == 0
    assert _build(cfg, "--out", str(tmp_path / "looked-at")) == 0
    assert (tmp_path / "looked-at/index.html").is_file()


def test_a_site_built_before_sites_were_marked_is_accepted_and_marked(tmp_path: Path) -> None:
    """Versions before the marker named MkDocs and Material in a generator tag of every page (no longer written)."""
    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    (cfg.parent / "site" / outguard.MARKER).unlink()
    home = cfg.parent / "site" / "index.html"
    home.write_bytes(home.read_bytes().replace(
        b"<head>", b'<head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.6.14">', 1))
    assert _build(cfg) == 0
    assert (cfg.parent / "site" / outguard.MARKER).is_file()


def test_an_unmarked_site_holding_other_files_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An earlier version's site (or one whose marker a `cp site/*` left behind) next to a system's files on the
    server: it was replaced whole, and oa-system/ with it. Only the names a build writes at the top (and the files
    content/root/ puts there) may be in it."""
    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    site = cfg.parent / "site"
    (site / outguard.MARKER).unlink()
    home = site / "index.html"
    home.write_bytes(home.read_bytes().replace(
        b"<head>", b'<head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.5.0">', 1))
    (site / "oa-system").mkdir()
    (site / "oa-system/db.sql").write_text("insert …\n", encoding="utf-8")
    (site / "baidu_verify_abc.html").write_text("abc\n", encoding="utf-8")
    before = snapshot(site)
    capsys.readouterr()
    assert _build(cfg) == 1
    assert "里面有不是 pingan 生成的文件（baidu_verify_abc.html、oa-system）" in capsys.readouterr().err
    assert snapshot(site) == before
    shutil.rmtree(site / "oa-system")
    (cfg.parent / "content/root").mkdir()
    (cfg.parent / "content/root/baidu_verify_abc.html").write_text("abc\n", encoding="utf-8")
    assert _build(cfg) == 0  # the verification file is the project's own now
    assert (site / "baidu_verify_abc.html").is_file() and (site / outguard.MARKER).is_file()


def test_folders_beside_out_that_are_not_the_build_s_are_left_alone(tmp_path: Path) -> None:
    """A refused build deleted .docs.old-2024备份 and .docs.tmp-keep beside --out docs (the names of the folders a
    build keeps beside its site, followed by anything); and a .docs.old-… folder was moved into docs' place."""
    cfg = _project(tmp_path / "p")
    out = tmp_path / "tt/docs"
    out.mkdir(parents=True)
    (out / "a.txt").write_text("别人的文件\n", encoding="utf-8")
    kept = [tmp_path / "tt/.docs.old-2024备份", tmp_path / "tt/.docs.tmp-keep", tmp_path / "tt/.docs.old-2024",
            tmp_path / "tt/.docs.trash-mine"]
    for folder in kept:
        folder.mkdir()
        (folder / "note.txt").write_text("备份\n", encoding="utf-8")
    assert _build(cfg, "--out", str(out)) == 1
    assert all((folder / "note.txt").is_file() for folder in kept)
    shutil.rmtree(out)  # no docs/: a backup named like a displaced site (but unmarked) is not put in its place
    assert _build(cfg, "--out", str(out)) == 0
    assert all((folder / "note.txt").is_file() for folder in kept) and not (out / "note.txt").exists()


def test_a_file_put_into_the_site_is_not_thrown_away(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    site = cfg.parent / "site"
    (site / "baidu_verify_x.html").write_text("x\n", encoding="utf-8")
    before = snapshot(site)
    capsys.readouterr()
    assert _build(cfg) == 1
    err = capsys.readouterr().err
    assert "不能把网站生成到 site/：里面有不是 pingan 生成的文件（baidu_verify_x.html）" in err
    assert snapshot(site) == before
    assert "请放进 content/root/，每次生成会原样放到网站顶层" in err
    (site / "baidu_verify_x.html").unlink()
    assert _build(cfg) == 0
    # the supported way: content/root/ is published at the top, as it is, build after build
    (cfg.parent / "content/root").mkdir()
    (cfg.parent / "content/root/baidu_verify_x.html").write_text("x\n", encoding="utf-8")
    assert _build(cfg) == 0 and _build(cfg) == 0
    assert (site / "baidu_verify_x.html").read_text(encoding="utf-8") == "x\n"
    (cfg.parent / "content/root/index.html").write_text("<p>首页</p>\n", encoding="utf-8")
    before = snapshot(site)
    capsys.readouterr()
    assert _build(cfg) == 1
    assert "content/root/index.html：与网站自动生成的 index.html 同名，会把它覆盖" in capsys.readouterr().err
    assert snapshot(site) == before
    # `pingan check` says so too, before any build is tried: for this name and for any the build may write
    (cfg.parent / "content/root/index.html").rename(cfg.parent / "content/root/feed.xml")
    assert main(["check", "--config", str(cfg)]) == 1
    assert "content/root/feed.xml：与网站自动生成的 feed.xml 同名，会把它覆盖" in capsys.readouterr().err
    (cfg.parent / "content/root/feed.xml").unlink()
    assert main(["check", "--config", str(cfg)]) == 0
    # what the personal-data check cannot read is not published: a GBK CSV (Excel's on Chinese Windows), Office files
    names = "序号,姓名,联系电话\n1,李建国,13812345678\n"
    (cfg.parent / "content/root/mingdan.csv").write_bytes(names.encode("gbk"))
    (cfg.parent / "content/root/mingdan.xlsx").write_bytes(b"PK\x03\x04" + names.encode("utf-8"))
    (cfg.parent / "content/root/favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "content/root/mingdan.csv 第 1 行：文件不是 UTF-8 编码" in err and "GB" in err
    assert "content/root/mingdan.xlsx：这类文件（.xlsx）查不了里面有没有个人信息" in err
    assert "favicon.ico" not in err
    assert _build(cfg) == 1 and not (site / "mingdan.csv").exists() and not (site / "mingdan.xlsx").exists()


def test_check_knows_every_name_a_build_writes_at_the_top(sample_site: Path) -> None:
    """`pingan check` refuses content/root/ files by a list of the names a build writes at the site's top level:
    the sample site (every kind of page, feed and data file) writes none that the list misses."""
    from generator.publish.outguard import built_at_top

    written = {p.name for p in (sample_site.parent / "site").iterdir()}
    assert {name for name in written if not built_at_top(name)} == set()
    assert {"index.html", "news", "feed.xml", "cases", "data", ".pingan-site"} <= written


def test_a_file_put_deeper_into_the_site_is_not_thrown_away(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """A document saved beside the pages (site/news/领导批示.docx) or a folder made there is not the build's: the
    next build refuses, names it and leaves everything in place; pages a build stops writing (a story deleted)
    are no such thing."""
    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    site = cfg.parent / "site"
    news = site / "news"
    (news / "领导批示.docx").write_bytes(b"PK\3\4 important")
    (site / "assets" / "新建文件夹").mkdir()
    before = snapshot(site)
    capsys.readouterr()
    assert _build(cfg) == 1
    err = capsys.readouterr().err
    assert f"里面有不是 pingan 生成的文件（{news.name}/领导批示.docx、assets/新建文件夹/）" in err, err
    assert snapshot(site) == before and (news / "领导批示.docx").read_bytes() == b"PK\3\4 important"
    (news / "领导批示.docx").unlink()
    (site / "assets" / "新建文件夹").rmdir()
    assert _build(cfg) == 0
    (news / "a\x1b[31m.txt").write_text("x", encoding="utf-8")  # a name is shown, never sent to the terminal
    assert _build(cfg) == 1
    assert "news/a<U+001B>[31m.txt" in capsys.readouterr().err
    (news / "a\x1b[31m.txt").unlink()
    # a cache that cannot keep the list: the site is built all the same, the next check is the top level's
    shutil.rmtree(cfg.parent / ".pingan-cache" / "outputs")
    (cfg.parent / ".pingan-cache" / "outputs").write_text("not a folder", encoding="utf-8")
    assert _build(cfg) == 0
    assert "没能在缓存里记下网站的文件清单" in caplog.text
    story_files = sorted((cfg.parent / "content/news").rglob("*.md"))
    story_files[0].unlink()  # its pages were the build's: gone from the next site without a word
    assert _build(cfg) == 0


def test_two_projects_cannot_share_an_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = _project(tmp_path / "one"), _project(tmp_path / "two")
    shared = tmp_path / "shared"
    assert _build(one, "--out", str(shared)) == 0
    before = snapshot(shared)
    capsys.readouterr()
    assert _build(two, "--out", str(shared)) == 1
    err = capsys.readouterr().err
    assert f"不能把网站生成到 {shared}/：这里是另一个项目生成的网站" in err and "Traceback" not in err
    assert snapshot(shared) == before
    assert _build(two, "--out", str(tmp_path / "own")) == 0


def test_a_moved_project_keeps_its_own_site_but_not_an_outside_one(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _project(tmp_path / "before")
    assert _build(cfg) == 0
    assert _build(cfg, "--out", str(tmp_path / "published")) == 0
    moved = tmp_path / "after"
    (tmp_path / "before").rename(moved)
    assert _build(moved / "site_config.yml") == 0  # site/ moved with its project
    capsys.readouterr()
    assert _build(moved / "site_config.yml", "--out", str(tmp_path / "published")) == 1
    assert "如果这是本项目移动位置以前生成的网站，先删除这个文件夹再生成" in capsys.readouterr().err


def test_two_builds_into_one_folder_at_once_are_serialised(tmp_path: Path) -> None:
    """While one build writes into a folder, another waits; then it finds the first one's site and is refused
    (two projects), so the folder holds one whole site."""
    one, two = _project(tmp_path / "one"), _project(tmp_path / "two")
    shared = tmp_path / "shared"
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    with outguard._out_lock(shared.resolve(), "shared"):  # as if a build were writing there now
        procs = []
        for cfg, log in zip((one, two), logs, strict=True):
            with log.open("wb") as stream:
                procs.append(subprocess.Popen([sys.executable, "-m", "generator", "build", "--config", str(cfg),
                                               "--out", str(shared)], stdout=stream, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all("等它完成后再开始" in log.read_text(encoding="utf-8")
                                                      for log in logs):
            time.sleep(0.1)
        waiting = [log.read_text(encoding="utf-8") for log in logs]
        assert all("另一个生成正在写入输出文件夹" in text for text in waiting), waiting
        assert all(p.poll() is None for p in procs)
        assert not shared.exists()
    codes = [p.wait(timeout=120) for p in procs]
    texts = [log.read_text(encoding="utf-8") for log in logs]
    assert sorted(codes) == [0, 1], texts
    winner = codes.index(0)
    assert "这里是另一个项目生成的网站" in texts[1 - winner] and "Traceback" not in texts[1 - winner]
    mark = json.loads((shared / outguard.MARKER).read_text(encoding="utf-8"))
    assert mark["project"] == outguard.project_id((one, two)[winner])
    assert (shared / "index.html").is_file()


# -- a full disk, a read-only disk ---------------------------------------------------------------------------

@contextlib.contextmanager
def _tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root, not in a restricted container): {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _kb(folder: Path) -> int:
    return sum(-(-p.stat().st_size // 4096) * 4 for p in folder.rglob("*") if p.is_file()) + 64


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project and its site built outside it (copied onto the small disks as the 'last site')."""
    base = tmp_path_factory.mktemp("disks")
    cfg = _project(base / "project", small=False)
    assert _build(cfg, "--out", str(base / "probe")) == 0
    return cfg, base / "probe"


def test_a_full_disk_ends_in_words_and_keeps_the_last_site(probe: tuple[Path, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    cfg, site = probe
    sources = snapshot(cfg.parent / "content")
    # Room for the last site and half of another: the new site is written beside the old one.
    with _tmpfs(tmp_path / "disk", _kb(site) * 3 // 2) as disk:
        shutil.copytree(site, disk / "site")
        before = snapshot(disk / "site")
        capsys.readouterr()
        assert _build(cfg, "--out", str(disk / "site")) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：写入 ") and "时磁盘空间已满（ENOSPC）。网站没有生成完，上一次生成的网站保持不变。" in err
        assert f"提示：清理输出文件夹 {disk / 'site'}/ 所在磁盘的空间后重试" in err
        assert ".tmp-" not in err and "Traceback" not in err
        assert snapshot(disk / "site") == before
        assert sorted(os.listdir(disk)) == ["site"]  # no staging folder left
    assert snapshot(cfg.parent / "content") == sources


def test_a_write_that_fills_the_disk_is_blamed_on_the_output_folder(tmp_path: Path) -> None:
    """A write that fails for want of room names no file: the error names the output folder then."""
    with _tmpfs(tmp_path / "disk", 1024) as disk:
        out = disk / "site"
        with pytest.raises(OSError) as caught, publish.staging(out) as tmp, (tmp / "big").open("wb") as f:
            for _ in range(2048):
                f.write(b"\0" * 1024)
                f.flush()
        assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(out)
        assert os.listdir(disk) == []


@pytest.mark.parametrize("checked_first", [True, False], ids=["before-building", "while-writing"])
def test_a_read_only_disk_ends_in_words_and_keeps_the_last_site(
        checked_first: bool, probe: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    cfg, site = probe
    if not checked_first:  # the check before building is skipped: the first write meets the read-only disk
        monkeypatch.setattr(outguard, "_writable", lambda folder: None)
    with _tmpfs(tmp_path / "disk", _kb(site) * 3) as disk:
        shutil.copytree(site, disk / "site")
        before = snapshot(disk / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        capsys.readouterr()
        assert _build(cfg, "--out", str(disk / "site")) == 1
        err = capsys.readouterr().err
        assert "所在的磁盘是只读的，不能写入（EROFS）。网站没有生成完，上一次生成的网站保持不变。" in err, err
        assert str(disk) in err and ".tmp-" not in err and "Traceback" not in err
        assert snapshot(disk / "site") == before
        assert sorted(os.listdir(disk)) == ["site"]


def test_an_immutable_output_folder_ends_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _project(tmp_path / "p")
    parent = tmp_path / "locked"
    parent.mkdir()
    if subprocess.run(["chattr", "+i", str(parent)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        capsys.readouterr()
        assert _build(cfg, "--out", str(parent / "site")) == 1
        err = capsys.readouterr().err
        assert f"错误：没有权限读写 {parent}" in err or f"错误：系统不允许修改 {parent}" in err, err
        assert "Traceback" not in err
    finally:
        subprocess.run(["chattr", "-i", str(parent)], check=False)
    assert os.listdir(parent) == []


# -- the config file ---------------------------------------------------------------------------------------

def test_the_config_file_being_unusable_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    root.mkdir()
    cfg = root / "site_config.yml"

    def said(command: str = "build", config: Path = cfg) -> str:
        capsys.readouterr()
        assert main([command, "--config", str(config)]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and "发现 1 个错误" in err
        return err

    assert f"找不到配置文件 {cfg}" in said()
    cfg.mkdir()
    assert f"配置文件 {cfg} 是一个文件夹，不是文件" in said()
    assert f"配置文件 {cfg} 是一个文件夹" in said("check")
    cfg.rmdir()
    cfg.write_text("", encoding="utf-8")
    assert "配置文件应为键值对（映射），实际为空" in said()
    cfg.write_bytes("site:\n  name: 测试\n".encode("gbk"))
    assert "文件不是 UTF-8 编码" in said()
    cfg.write_text(BASE_CONFIG, encoding="utf-8")
    cfg.unlink()
    os.mkfifo(cfg)
    assert "不是普通文件（是管道、设备或套接字）" in said()
    cfg.unlink()
    cfg.write_text(BASE_CONFIG, encoding="utf-8")
    assert f"你是不是想写 --config {cfg}？" in said(config=root)
    assert sorted(os.listdir(tmp_path)) == ["p"]  # nothing was made beside the folder given (a cache, a site)


NOBODY = 65534


_PROBE = "import os, sys; print(sys.version_info[:2], os.path.dirname(os.__file__))"


@functools.cache
def _nobody_python() -> tuple[str, dict[str, str]]:
    """A Python the user nobody can run this checkout with, and the environment for it.

    The test's own interpreter may live where nobody cannot read (pyenv's under /root): run as nobody, it then
    finds no standard library of its own and takes the system's, of another patch release, whose regular-expression
    compiler its built-in engine misreads (a pattern of the personal-data check then ran for minutes, now and then).
    So an interpreter counts only if nobody sees the standard library root sees; the system's Python of the same
    minor version may stand in, with this checkout's packages on its path."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run pingan as another user")
    packages = os.pathsep.join([*site.getsitepackages(), str(REPO)])
    candidates = [(sys.executable, {}), ("/usr/bin/python3", {"PYTHONPATH": packages})]
    for python, extra in candidates:
        env = {**os.environ, "HOME": "/", **extra}
        seen = [subprocess.run(prefix + [python, "-c", _PROBE], capture_output=True, text=True, timeout=60, env=env,
                               cwd=REPO).stdout
                for prefix in ([], ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"])]
        if seen[0] and seen[0] == seen[1] and seen[0].startswith(str(sys.version_info[:2])):
            return python, env
    pytest.skip("the user nobody cannot read a Python of this version with its own standard library")


def _as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    """`pingan ARGS` run as the user nobody (root may read and write anything: permissions are tested so)."""
    python, env = _nobody_python()
    done = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", python,
                           "-m", "generator", *args], capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    if "No module named" in done.stderr or "Permission denied" in done.stderr and "python" in done.stderr:
        pytest.skip(f"the user nobody cannot run this checkout: {done.stderr.strip()[:200]}")
    return done


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user may enter (pytest's own are the owner's only)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pingan-guard-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_unreadable_config_file_is_said_in_words(shared_tmp: Path) -> None:
    cfg = _project(shared_tmp / "p")
    cfg.chmod(0o000)
    done = _as_nobody("check", "--config", str(cfg))
    assert done.returncode == 1, done.stderr
    assert f"错误：site_config.yml：没有权限读取配置文件 {cfg}" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_output_folder_without_write_permission_is_said_in_words(shared_tmp: Path) -> None:
    cfg = _project(shared_tmp / "p")
    for path in [cfg.parent, *cfg.parent.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    (shared_tmp / "root-only").mkdir(mode=0o755)
    done = _as_nobody("build", "--config", str(cfg), "--out", str(shared_tmp / "root-only/site"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"错误：没有权限读写 {shared_tmp / 'root-only'}（EACCES）。网站没有生成完，"
                                  "上一次生成的网站保持不变。"), done.stderr
    assert "Traceback" not in done.stderr
    assert os.listdir(shared_tmp / "root-only") == []


# -- the last resort ---------------------------------------------------------------------------------------

def test_a_bug_is_said_in_words_and_its_traceback_shown_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from generator import build as build_module

    cfg = _project(tmp_path / "p")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("坏了")

    monkeypatch.setattr(build_module, "build", broken)
    monkeypatch.delenv("PINGAN_DEBUG", raising=False)
    assert _build(cfg) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：pingan 内部出错（ValueError：坏了）。网站没有生成完，上一次生成的网站保持不变。")
    assert "PINGAN_DEBUG=1 pingan build" in err and "Traceback" not in err
    monkeypatch.setenv("PINGAN_DEBUG", "1")
    assert _build(cfg) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ValueError: 坏了" in err


@pytest.mark.parametrize(("error", "said"), [
    (OSError(errno.EIO, "Input/output error", "{root}/content/news/2021/a.md"),
     "错误：读写 content/news/2021/a.md 时出错，磁盘、U 盘或网络盘可能有故障（EIO）。"),
    (OSError(errno.EMFILE, "Too many open files"), "错误：同时打开的文件太多（EMFILE）。"),
    (OSError(errno.ENOSPC, "No space left on device"), "错误：磁盘空间已满（可能是输出文件夹 site/、生成缓存"),
    (OSError(errno.ECONNRESET, "Connection reset by peer", "{root}/x"), "错误：处理 x 时出错：Connection reset"),
    (sqlite3.OperationalError("database or disk is full"), "错误：读写生成缓存 .pingan-cache/ 时出错：磁盘空间已满。"),
    (MemoryError(), "错误：内存不足，网站没有生成完"),
], ids=["eio", "emfile", "enospc-no-file", "other-errno", "sqlite", "memory"])
def test_system_errors_from_anywhere_in_a_build_end_in_words(error: BaseException, said: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from generator import build as build_module

    cfg = _project(tmp_path / "p")
    if isinstance(error, OSError) and error.filename:
        error.filename = error.filename.replace("{root}", str(cfg.parent))

    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(build_module, "build", failing)
    assert _build(cfg) == 1
    err = capsys.readouterr().err
    assert err.startswith(said), err
    assert "\n    提示：" in err and "Traceback" not in err


def test_a_preview_build_that_meets_a_full_disk_shows_it_in_the_browser(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli.serve import rebuild as _rebuild
    from generator.preview.builds import Preview

    builds = Preview(_project(tmp_path / "p"), tmp_path / "preview")

    def full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "preview/index.html"))

    monkeypatch.setattr(builds, "build", full)
    page, quick = _rebuild(builds)
    assert page is not None and not quick
    assert "磁盘空间已满（ENOSPC）" in page.decode("utf-8") and "生成没有完成" in page.decode("utf-8")


# -- pingan serve ------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ask(port: int, request: bytes) -> tuple[int, bytes]:
    """Send raw bytes, read the answer: (status, whole answer); 0 when the server closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        answer = b""
        with contextlib.suppress(ConnectionError):
            conn.sendall(request)
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_WR)
            while chunk := conn.recv(65536):
                answer += chunk
    first = answer.split(b"\r\n", 1)[0].split()
    return (int(first[1]) if len(first) > 1 and first[1].isdigit() else 0), answer


HOSTILE: list[tuple[bytes, set[int]]] = [
    (b"GET /%00 HTTP/1.1", {400}),
    (b"GET /%00.html HTTP/1.1", {400}),
    (b"GET /index.html%00.txt HTTP/1.1", {400}),
    (b"GET /..%2f..%2fetc/passwd HTTP/1.1", {400}),
    (b"GET /..%2f..%2fsecret.txt HTTP/1.1", {400}),
    (b"GET /../secret.txt HTTP/1.1", {400}),
    (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", {400}),
    (b"GET /..%5c..%5csecret.txt HTTP/1.1", {400}),
    (b"GET /leak.txt HTTP/1.1", {404}),  # a link inside the site to a file outside it
    (b"GET /leakdir/secret.txt HTTP/1.1", {404}),
    (b"GET /%ff%fe HTTP/1.1", {400}),
    (b"GET /%c0%af HTTP/1.1", {400}),  # an overlong UTF-8 '/'
    (b"GET /\xff\xfe HTTP/1.1", {400}),
    (b"GET /%1b[31m HTTP/1.1", {400}),
    (b"GET /\x1b[31m HTTP/1.1", {400}),  # printed raw in the log, it would turn the terminal red
    (b"GET /" + b"a" * 5000 + b" HTTP/1.1", {414}),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1", {0, 414}),  # the server may close before reading it all
    (b"GET /" + b"a/" * 1000 + b" HTTP/1.1", {404}),
    (b"GET /nothing-here HTTP/1.1", {404}),
    (b"GET /livereload/abc HTTP/1.1", {404}),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", {405}),
    (b"PUT /index.html HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", {405}),
    (b"DELETE /index.html HTTP/1.1", {405}),
    (b"BREW / HTTP/1.1", {405}),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", {0, 400}),  # a TLS hello: https:// typed by mistake
    (b"GET", {0, 400}),
    (b"", {0}),
]


def test_serve_answers_hostile_requests_and_goes_on_serving(tmp_path: Path, capfd: pytest.CaptureFixture[str]
                                                            ) -> None:
    from generator.preview.server import PreviewServer

    site, watched = tmp_path / "site", tmp_path / "content"
    site.mkdir()
    watched.mkdir()
    (site / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("SECRET-OUTSIDE", encoding="utf-8")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "leakdir").symlink_to(tmp_path)
    port = _free_port()
    server = PreviewServer(lambda: (None, False), "127.0.0.1", port, str(site))
    server.watch(str(watched))
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if _ask(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")[0] == 200:
                    break
            time.sleep(0.1)
        for _round in range(3):
            for request, expected in HOSTILE:
                raw = request if b"\r\n\r\n" in request or not request else request + b"\r\nHost: 127.0.0.1\r\n\r\n"
                status, answer = _ask(port, raw)
                assert status in expected, (request[:80], answer[:200])
                assert b"SECRET-OUTSIDE" not in answer
        status, answer = _ask(port, b"HEAD /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert status == 200 and answer.endswith(b"\r\n\r\n")  # headers only
        status, answer = _ask(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert status == 200 and "首页".encode() in answer  # still serving
        assert thread.is_alive()
    finally:
        server.shutdown()
        thread.join(20)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "SECRET-OUTSIDE" not in out + err
    assert "\x1b[31m" not in out + err  # a request's escape sequence is not printed raw


def test_serve_on_a_port_in_use_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import signal

    cfg = _project(tmp_path / "p")
    handler = signal.getsignal(signal.SIGTERM)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            assert main(["serve", "--config", str(cfg), "--port", str(port)]) == 1
        finally:
            signal.signal(signal.SIGTERM, handler)
    err = capsys.readouterr().err
    assert f"错误：端口 {port} 已被占用" in err and f"--port {port + 1}" in err and "Traceback" not in err


def test_a_build_killed_just_after_its_swap_leaves_a_site_the_next_build_accepts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed between putting the new site in place and keeping its list of files, a build must not leave the next
    one refusing the folder because the new site's own files look like someone else's."""
    from generator import build as build_module

    cfg = _project(tmp_path / "p")
    assert _build(cfg) == 0
    (cfg.parent / "content/news/2021/b.md").write_text(story("b", title="第二篇", date="2021-10-01 08:00"),
                                                       encoding="utf-8")

    def killed_after_swap(config_path: Path, out: Path) -> None:
        raise SystemExit(137)  # the process ends here, as a SIGKILL would end it

    monkeypatch.setattr(build_module, "settle", killed_after_swap)
    with pytest.raises(SystemExit):
        build_module.build(cfg, cfg.parent / "site")
    monkeypatch.undo()
    site = cfg.parent / "site"
    assert any(site.glob("news/2021/10/01/b/index.html"))  # the new site is in place
    (site / "news" / "领导批示.docx").write_bytes(b"PK\3\4 important")
    assert _build(cfg) == 1  # a file someone put there is still refused
    (site / "news" / "领导批示.docx").unlink()
    assert _build(cfg) == 0


@pytest.mark.parametrize("name, data, said", [
    ("baidu_verify_abc.html", "<html><body><script>alert(document.cookie)</script></body></html>", "<script>"),
    ("verify.html", '<html><body><img src="https://evil.example/t.gif"></body></html>', "<img>"),
    ("verify.htm", '<p onclick="steal()">abc</p>', "onclick"),
    ("go.html", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta>"),
    ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ("feed-extra.xml", '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.xsl"?><a/>', "处理指令"),
    ("page.xml", '<a xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></a>', "脚本"),
    # what a parser reads otherwise than a browser (a hostile review's bypasses of a check that parsed the page)
    ("after.html", "<html><body>x</body></html><script>alert(1)</script>", "<script>"),
    ("deep.html", "<div>" * 300 + "<script>alert(1)</script>", "<script>"),
    ("noscript.html", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<noscript>"),
    ("second-body.html", "<p>x</p><body onload=alert(1)>", "onload"),
    # a ">" inside a quoted value does not end the tag for a browser (a hostile re-read's bypass)
    ("quoted.html", '<html><body><p title=">" onfocus="alert(document.cookie)" autofocus tabindex="0">x</p></body></html>',
     "onfocus"),
    ("quoted-meta.html", '<meta name=">" http-equiv="refresh" content="0;url=https://evil.example/">', "http-equiv"),
    ("single.html", "<p title='>' onclick='steal()'>x</p>", "onclick"),
    ("utf16.html", '<meta charset="utf-16"><p>x</p>', "utf-16"),
    ("deep.xml", '<a xmlns:h="http://www.w3.org/1999/xhtml">' + "<b>" * 300 + "<h:script>alert(1)</h:script></a>",
     "脚本"),
    ("jp.xml", '<?xml version="1.0" encoding="ISO-2022-JP"?><?xml-\x1b(Bstylesheet href="x.xsl"?><a/>', "ISO-2022-JP"),
    # a namespace spelt with a character reference, which a text search does not see (a security review, in Chromium)
    ("google-site-verification.xml", '<?xml version="1.0" encoding="UTF-8"?><verify><code>abc123</code>'
     '<iframe xmlns="http://www&#46;w3.org/1999/xhtml" src="&#106;avascript:alert(document.domain)"></iframe></verify>',
     "字符引用"),
    ("ns.xml", '<verify><x:a xmlns:x="http://www.w3.org/1999/XSL/Transform"/></verify>', "命名空间"),
    ("link.xml", '<verify xmlns:l="http://www.w3.org/1999/xlink"><a l:href="https://evil.example/">x</a></verify>',
     "脚本"),
    ("attr.xml", '<verify xmlns:q="urn:x"><a q:b="1">x</a></verify>', "带命名空间的属性"),
    ("broken.xml", "<verify><a></verify>", "格式不正确"),
    # a style sheet an XHTML page asks the browser to load (XSLT writes <script>)
    ("verify.xhtml", '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="/v.xml"?>'
     '<html xmlns="http://www.w3.org/1999/xhtml"><body>abc</body></html>', "处理指令"),
    # what the web server runs instead of sending: PHP and server-side includes in a page, a .php part in its name
    ("baidu_verify_x.html", '<html><body><?php system($_GET["c"]); ?></body></html>', "<?php"),
    ("baidu_verify_y.html", '<html><body><!--#exec cmd="id" --></body></html>', "<!--#"),
    ("baidu_verify_z.html", "<html><body><% Response.Write(1) %></body></html>", "<%"),
    ("baidu_verify_x.php.html", "abc", ".php"),
    ("verify.asp", "abc", ".asp"),
    # pages a server shows for the site's address instead of the built home page (IIS: Default.htm first)
    ("Default.htm", "<p>abc</p>", "首页"),
    ("index.htm", "<p>abc</p>", "首页"),
    ("INDEX.HTML", "<p>abc</p>", "首页"),
    ("web.config", "<configuration/>", "服务器的设置文件"),
    (".htaccess", "Options +Includes", "服务器的设置文件"),
    ("a.asp;.txt", "abc", "分号"),
])
def test_a_file_published_as_it_is_may_not_run_script_on_the_site(make_site: SiteMaker, name: str, data: str,
                                                                   said: str) -> None:
    """content/root/ goes out byte for byte at the site's top: a page, XML or SVG there that runs script or loads
    from elsewhere would run on the site's own address. A verification file as the services give it goes out."""
    from generator.build import check
    from generator.errors import ContentError

    cfg = make_site({"content/news/2021/a.md": story("a"), f"content/root/{name}": data,
                     "content/root/google123.html": "google-site-verification: google123.html",
                     "content/root/baidu_verify_ok.html": '<html><head><meta name="robots" content="noindex">'
                                                          "</head><body>9f8e7d6c5b</body></html>",
                     "content/root/BingSiteAuth.xml": '<?xml version="1.0"?>\n<users>\n\t<user>0123ABCD</user>\n</users>',
                     "content/root/sitemap-extra.xml.txt": "x",
                     # names with a domain's parts, and images named index: no server runs or shows them as pages
                     "content/root/a.sh.gov.cn.txt": "x", "content/root/verify.do.txt": "x",
                     "content/root/code.inc.txt": "x",
                     "content/root/links.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                                               'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
                                               "<url><loc>https://a.example.gov.cn/x/</loc><image:image><image:loc>"
                                               "https://a.example.gov.cn/a.jpg</image:loc></image:image></url></urlset>",
                     "content/root/space.xml": '<verify xml:space="preserve"> abc </verify>'})
    with pytest.raises(ContentError) as raised:
        check(cfg)
    problems = [(p.path, p.message) for p in raised.value.problems]
    assert [path for path, _ in problems] == [f"content/root/{name}"] and said in problems[0][1], problems


def test_a_suggested_output_folder_with_a_space_can_be_copied_into_the_command(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]
                                                                              ) -> None:
    """--out "网站 青山"/news: the suggestion to build the whole site names the folder in quotes (copied without
    them, the command took 网站 and 青山 for two arguments)."""
    cfg = _project(tmp_path / "p")
    assert _build(cfg, "--out", str(cfg.parent / "网站 青山")) == 0
    capsys.readouterr()
    assert _build(cfg, "--out", str(cfg.parent / "网站 青山" / "news")) == 1
    assert '请用 --out "网站 青山" 生成整个网站' in capsys.readouterr().err

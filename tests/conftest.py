"""Inline fixture sites, built in a temp dir from a dict of files."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

# The suite starts the generator in hundreds of processes (command-line runs, render and image workers). Where the
# environment says PYTHONDONTWRITEBYTECODE, each of them compiled the whole package again (about 0.15 s of processor
# time a process, a minute a run): the tests' processes keep Python's usual bytecode cache instead.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=ZONE)

BASE_CONFIG = """\
site:
  name: 测试平安网
  base_url: https://pingan.example.gov.cn/
  description: 测试站点
identity:
  host: 测试县委政法委
  contact:
    phone: 0000-1234567
    email: office@example.gov.cn
  icp: 测ICP备12345678号
  police_record: 测公网安备 12345678901234号
  site_code: "1234567890"
columns:
  - id: dongtai
    name: 工作动态
    description: 最新动态
  - id: tiaojie
    name: 矛盾调解
regions:
  - id: sheng
    name: 测试省
    level: 省
    children:
      - id: shi
        name: 测试市
        level: 市
        children:
          - {id: xian, name: 测试县, level: 县}
          - {id: qu, name: 测试区, level: 区}
listing:
  page_size: 3
  home_per_column: 2
feeds:
  items: 5
"""


def story(story_id: str, *, title: str = "测试稿件", date: str = "2021-09-13 08:30", column: str = "dongtai",
          body: str = "这是一篇测试稿件的正文。", extra: str = "") -> str:
    """Front matter + body of a minimal valid story."""
    return (f"---\nid: {story_id}\ntitle: {title}\ndate: {date}\ncolumn: {column}\nsource: 测试日报\n"
            f"{extra}---\n\n{body}\n")


def make_image(path: Path, size: tuple[int, int] = (1200, 800), colour: tuple[int, int, int] = (200, 30, 30),
               exif: Image.Exif | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, colour)
    if exif is not None:
        im.save(path, "JPEG", exif=exif)
    else:
        im.save(path, "JPEG")


SiteMaker = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """Write a site from a dict {relative path: text}; returns the path of site_config.yml."""

    def _make(files: dict[str, str] | None = None, config: str = BASE_CONFIG, root: Path | None = None) -> Path:
        base = root or tmp_path / "site-src"
        base.mkdir(parents=True, exist_ok=True)
        (base / "site_config.yml").write_text(config, encoding="utf-8")
        (base / "content" / "news").mkdir(parents=True, exist_ok=True)
        for rel, text in (files or {}).items():
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return base / "site_config.yml"

    return _make


def site_leftovers(parent: Path, timeout: float = 30) -> list[str]:
    """The `.site.*` folders next to a site in `parent`, once the deletions of old sites that builds hand to
    processes of their own (publish._discard) have ended; they go on after a build returns (bounded wait)."""
    import time

    deadline = time.monotonic() + timeout
    while list(parent.glob(".site.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site."))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, for byte-for-byte comparisons."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def kept(root: Path, kind: str) -> dict[str, bytes]:
    """What the builds of the site in `root` keep of `kind` ("page", "memo", "qr", "search"), by key."""
    import sqlite3

    db = sqlite3.connect(root / ".pingan-cache" / "kept.sqlite")
    try:
        return {key: bytes(value) for key, value in db.execute("SELECT key, value FROM kept WHERE kind = ?", (kind,))}
    finally:
        db.close()


def forget(root: Path, kind: str, keys: list[str]) -> None:
    """Remove the kept results `keys` of `kind`, as if they had never been kept."""
    import sqlite3

    db = sqlite3.connect(root / ".pingan-cache" / "kept.sqlite")
    try:
        with db:
            db.executemany("DELETE FROM kept WHERE kind = ? AND key = ?", [(kind, key) for key in keys])
    finally:
        db.close()


def fixture_files() -> dict[str, str]:
    """A small site: 8 published stories in two columns, a draft and a scheduled story."""
    files: dict[str, str] = {}
    specs = [
        # id, date, column, region, tags, title
        ("alpha", "2021-09-13 08:30", "dongtai", "xian", "[网格化管理, 平安细胞]", "测试县推进网格化管理"),
        ("bravo", "2021-10-01 09:00", "dongtai", "xian", "[网格化管理]", "网格员走进千家万户"),
        ("charlie", "2021-11-20 10:15", "tiaojie", "qu", "[人民调解, 矛盾纠纷化解]", "调解室化解邻里纠纷"),
        ("delta", "2022-01-05 14:00", "dongtai", "qu", "[平安细胞]", "平安细胞创建现场会召开"),
        ("echo", "2022-03-08 08:00", "tiaojie", "xian", "[人民调解]", "人民调解员培训班开班"),
        ("foxtrot", "2022-05-20 16:45", "dongtai", "shi", "[治安防控]", "全市治安防控体系建设推进会"),
        ("golf", "2022-07-01 09:30", "dongtai", "xian", "[网格化管理, 治安防控]", "雪亮工程覆盖全部行政村"),
        ("hotel", "2022-09-09 11:00", "tiaojie", "qu", "[矛盾纠纷化解]", "诉调对接让纠纷化解更快"),
    ]
    for story_id, date, column, region, tags, title in specs:
        extra = (f"region: {region}\ntags: {tags}\nauthors:\n  - {{name: 李明, role: 记者}}\n"
                 "  - {name: 王芳, role: 通讯员}\n")
        body = f"{title}。这里是正文第一段，介绍基层开展矛盾纠纷排查调解的具体做法。\n\n## 主要做法\n\n第二段文字。"
        if story_id == "alpha":
            extra += "cover: images/cover.jpg\ncover_alt: 网格员入户走访的插画\ncite: 据测试日报报道改写\n"
            body += "\n\n![调解现场的插画](../../images/body.jpg)\n\n更多内容见[上一篇](https://example.org/x)。"
        if story_id == "charlie":
            body = "邻里之间因为排水问题产生纠纷，调解员上门调解，双方握手言和。\n\n调解工作取得实效。"
        files[f"content/news/{date[:4]}/{story_id}.md"] = story(story_id, title=title, date=date,
                                                                 column=column, body=body, extra=extra)
    files["content/news/2022/draft-one.md"] = story("draft-one", title="尚未完成的草稿", date="2022-10-01 08:00",
                                                    extra="draft: true\n")
    files["content/news/2026/later-one.md"] = story("later-one", title="定时发布的稿件", date="2026-09-01 08:00")
    return files


class Dies:
    """Unpickled in a render process, it ends that process at once (as the system's out-of-memory killer would)."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        import os

        return os._exit, (9,)


def kill_render_processes(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """From now on, a build renders its pages in render processes (two cores, however few pages), and each render
    process dies as it starts, as the system kills a process for want of memory. Returns what undoes it."""
    from types import SimpleNamespace

    from generator import parallel
    from generator.render import loop

    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(parallel, "RENDER_FROM", 1)
    split = loop._split
    monkeypatch.setattr(loop, "_split", lambda todo, theme, *rest: split(
        todo, SimpleNamespace(settings=Dies(), render=theme.render), *rest))
    return lambda: monkeypatch.setattr(loop, "_split", split)


REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZONE)


def _state(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of a project's site and sources, with its size and time of change."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for folder in (root / "site", root / "content") for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def sample_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's sample site built once for the whole run (its site_config.yml; the site is beside it).
    Every test process shares it (one builds, the others wait on a lock), so tests must only read it: a process
    that changed a file of the site or its sources fails at its end, naming the file."""
    import fcntl
    import shutil

    from generator.build import build

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if hasattr(request.config, "workerinput") else base  # xdist: the run's folder
    root = shared / "sample-site"
    with (shared / "sample-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / ".built").exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
            shutil.copytree(REPO / "content", root / "content")
            build(root / "site_config.yml", root / "site", now=SAMPLE_NOW)
            (root / ".built").touch()
        before = _state(root)
    yield root / "site_config.yml"
    after = _state(root)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"a test changed the shared sample site: {changed[:5]}"

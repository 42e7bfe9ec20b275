"""Inline fixture sites, built in a temp dir from a dict of files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

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


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, for byte-for-byte comparisons."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

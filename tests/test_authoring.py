"""`pingan new`: files in the right place, fresh ids, templates that pass the check as drafts."""

from __future__ import annotations

import pytest

from generator.authoring.new import slug_for
from generator.cli import main

from .conftest import SiteMaker, story


def test_slugs_are_pinyin_and_ascii() -> None:
    assert slug_for("我县召开平安建设推进会", "story") == "wo-xian-zhao-kai-ping-an-jian-she"
    assert slug_for("APP上线", "story") == "app-shang-xian"
    assert slug_for("2024年工作", "story") == "story-2024-nian-gong-zuo"  # an id starts with a letter
    assert slug_for("", "story-20261123-0900") == "story-20261123-0900"


def test_new_files_for_every_kind_pass_the_check_as_drafts(make_site: SiteMaker,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a")})
    root = cfg.parent
    made = []
    for kind in ("news", "case", "mediator", "honor", "metrics"):
        assert main(["new", kind, "--title", "调解室新址启用", "--config", str(cfg)]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        made.append(first.split("：", 1)[1])
    year = made[0].split("/")[2]
    assert made == [f"content/news/{year}/tiao-jie-shi-xin-zhi-qi-yong.md",
                    "content/cases/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/mediators/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/honors/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/metrics/tiao-jie-shi-xin-zhi-qi-yong.yml"]
    assert "# 网址标识" in (root / made[0]).read_text(encoding="utf-8")  # commented in Chinese
    # The same title again gets a fresh id instead of overwriting.
    assert main(["new", "news", "--title", "调解室新址启用", "--column", "tiaojie", "--config", str(cfg)]) == 0
    second = capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
    assert second == f"content/news/{year}/tiao-jie-shi-xin-zhi-qi-yong-2.md"
    assert "column: tiaojie" in (root / second).read_text(encoding="utf-8")

    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "检查通过：1 篇稿件" in out
    assert f"  {made[0]}　《调解室新址启用》" in out and f"  {second}　《调解室新址启用》" in out
    assert "未发布的记录草稿（4 条）：\n" + "\n".join(f"  {m}" for m in made[1:]) in out


def test_new_refuses_an_unknown_column(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site()
    assert main(["new", "news", "--column", "nope", "--config", str(cfg)]) == 2
    assert "没有栏目 nope；可用的栏目：dongtai（工作动态）、tiaojie（矛盾调解）" in capsys.readouterr().err
    assert not list((cfg.parent / "content/news").rglob("*.md"))

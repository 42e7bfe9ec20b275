"""`pingan import` on real page shapes: every field of every fixture in tests/data/import_pages/ exactly right.

Each fixture keeps the structure of a real page (named in its expected.yml) with sentences written anew."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .conftest import SiteMaker
from .data.import_fixtures import FIELDS, Fixture, compare, fixtures

FIXTURES = fixtures()
# Fixtures the importer does not get fully right yet: why, and exactly which fields are wrong (any other field
# going wrong is a regression; a listed field coming right must be taken off the list).
KNOWN_MISSES: dict[str, tuple[str, set[str]]] = {
    "a13-chinadaily-zgzx": ("the page names its reporter only inside a sentence (“记者 申屠立：…”), not as a byline",
                            {"people"}),
    "b05-sanxia-ribao": ("a column name stands above the meta line and the headline below it: both score alike",
                         {"title", "subtitle"}),
    "d03-tuanjiebao-xiangxi-szb": ("the paper is named only as its publisher (湘西团结报社出版) and the kicker is a bare "
                                   "place name above the headline", {"subtitle", "source", "edition"}),
    "d06-heishan-gongan-wechat-mirror": ("the mirror replaced the account's name with 政务; its real name is only in "
                                         "the account card after the story", {"reprinted_by"}),
    "d09-guancha-zhuanlan": ("the columnist's motto (基层警务观察者) under the byline reads as a deck",
                             {"subtitle", "gone"}),
}


def test_the_fixtures_cover_real_publishers() -> None:
    assert len(FIXTURES) >= 40
    assert len({f.expected["publisher"] for f in FIXTURES}) >= 15
    for f in FIXTURES:
        assert f.expected.get("studied"), f"{f.name}: which real page was studied?"
        assert set(FIELDS) - {"gone", "figures"} <= set(f.expected) | {"reprinted_by", "subtitle", "editor_note"}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_every_field(fixture: Fixture) -> None:
    result = compare(fixture)
    wrong = {name: (got, want) for name, (ok, got, want) in result.items() if not ok}
    _why, known = KNOWN_MISSES.get(fixture.name, ("", set()))
    assert set(wrong) == known, f"{fixture.page}: " + "; ".join(
        f"{k}: got {g!r}, expected {w!r}" for k, (g, w) in wrong.items()) + (
        f" (known to be wrong: {sorted(known)})" if known else "")


def test_a_page_never_seen_imports_and_says_what_it_guessed(make_site: SiteMaker, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A page with no meta line, no byline and a menu before its headline: imported, with the guesses named."""
    cfg = make_site()
    page = tmp_path / "odd.txt"
    page.write_text("网站首页 新闻 政务 服务 互动\n\n村里来了调解员\n\n调解员老周在村里住了三天，把两家的账算清楚了，"
                    "双方都签了字。\n\n这一年，村里共调解纠纷17件。\n\n技术支持：某某网络公司\n", encoding="utf-8")
    assert main(["import", str(page), "--column", "tiaojie", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "推测（请逐项核对）：" in out and "没有找到来源，已写成“（待填写）”" in out and "没有找到日期" in out
    guesses = out.split("推测（请逐项核对）：\n", 1)[1].splitlines()
    assert any(line.startswith("    - 标题推测为《村里来了调解员》") for line in guesses)  # one guess a line
    story = next((cfg.parent / "content/news").rglob("*.md")).read_text("utf-8")
    assert "技术支持" not in story and "网站首页" not in story and "17件" in story


def test_damaged_pages_never_crash_the_detector() -> None:
    """Every fixture shuffled, thinned, cut mid-line and cut in half, with stray lines as its <h1> and <title>
    (a <title> of separators only among them): the detector returns an article each time."""
    import random

    from generator.authoring.article import PageHints, read_article

    rng = random.Random(7)
    for fixture in FIXTURES:
        lines = fixture.page.read_text("utf-8").split("\n")
        for k in range(12):
            damaged = lines[:]
            if k % 4 == 0:
                rng.shuffle(damaged)
            elif k % 4 == 1:
                damaged = [x for x in damaged if rng.random() < 0.5]
            elif k % 4 == 2:
                damaged = [x[:rng.randint(0, len(x))] for x in damaged]
            else:
                damaged = damaged[rng.randint(0, len(damaged)):]
            title = rng.choice([*damaged, " | ", "——", "_"]) if damaged else None
            art = read_article(damaged, PageHints(h1=rng.choice(damaged) if damaged else None, title=title))
            assert isinstance(art.body, list)

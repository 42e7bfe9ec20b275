"""URL rules, pagination, drafts, neighbours and related stories: plain Python, no build."""

from __future__ import annotations

import pytest

from generator import urls
from generator.build import prepare
from generator.errors import ContentError
from generator.render.pager import page_window

from .conftest import NOW, SiteMaker, fixture_files, make_image, story


def _site(make_site: SiteMaker, files: dict[str, str] | None = None, unpublished: bool = False):
    cfg = make_site(files if files is not None else fixture_files())
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    return prepare(cfg, NOW, include_unpublished=unpublished, strict=False).site


def test_urls_are_ascii_and_dated(make_site: SiteMaker) -> None:
    site = _site(make_site)
    by_id = {e.id: e for e in site.entries}
    assert by_id["alpha"].url == "news/2021/09/13/alpha/"
    assert all(e.url.isascii() for e in site.entries)
    assert urls.paged("columns/dongtai/", 1) == "columns/dongtai/"
    assert urls.paged("columns/dongtai/", 3) == "columns/dongtai/page/3/"
    assert urls.relative("columns/dongtai/page/2/", "columns/dongtai/") == "page/2/"
    assert urls.relative("", "news/2021/09/13/alpha/") == "../../../../../"
    assert urls.relative("images/a.jpg", "tags/x/") == "../../images/a.jpg"


def test_relative_links_are_what_posixpath_makes() -> None:
    """urls.relative works on the segments as strings; for any two site paths (with empty and "." segments,
    files and folders) it gives posixpath.relpath's link, with a trailing / when the target is a folder."""
    import posixpath
    import random

    rng = random.Random(5)
    segments = ["news", "2021", "03", "a", "page", "2", "x.jpg", "feed.xml", ".", "", "新闻"]
    for _ in range(5000):
        target, page = ("/".join(rng.choice(segments) for _ in range(rng.randint(0, 6))) + rng.choice(["", "/"])
                        for _ in range(2))
        expected = posixpath.relpath("/" + target, "/" + page)
        if (not target or target.endswith("/")) and not expected.endswith("/"):
            expected += "/"
        assert urls.relative(target, page) == expected, (target, page)


def test_drafts_and_future_stories_are_left_out_and_listed(make_site: SiteMaker) -> None:
    site = _site(make_site)
    assert [e.id for e in site.entries] == ["hotel", "golf", "foxtrot", "echo", "delta", "charlie", "bravo", "alpha"]
    assert [s.id for s in site.drafts] == ["draft-one"]
    assert [s.id for s in site.scheduled] == ["later-one"]
    preview = _site(make_site, unpublished=True)
    flags = {e.id: (e.draft, e.scheduled) for e in preview.entries}
    assert flags["draft-one"] == (True, False) and flags["later-one"] == (False, True)


def test_previous_and_next_stay_within_the_column(make_site: SiteMaker) -> None:
    site = _site(make_site)
    by_id = {e.id: e for e in site.entries}
    assert by_id["golf"].previous is by_id["foxtrot"] and by_id["golf"].next is None
    assert by_id["charlie"].previous is None and by_id["charlie"].next is by_id["echo"]
    assert by_id["alpha"].previous is None and by_id["alpha"].next is by_id["bravo"]


def test_related_share_tags_or_region_and_are_at_most_five(make_site: SiteMaker) -> None:
    site = _site(make_site)
    by_id = {e.id: e for e in site.entries}
    alpha = by_id["alpha"]
    assert 0 < len(alpha.related) <= 5
    assert alpha not in alpha.related
    for other in alpha.related:
        shares_tag = {t.name for t in other.tags} & {t.name for t in alpha.tags}
        assert shares_tag or other.region is alpha.region
    # bravo shares a tag and the region with alpha, so it ranks first
    assert alpha.related[0] is by_id["bravo"]


def test_taxonomies(make_site: SiteMaker) -> None:
    site = _site(make_site)
    assert {t.name: t.slug for t in site.tags}["网格化管理"] == "wang-ge-hua-guan-li"
    assert [e.id for e in site.by_region["shi"]] == ["hotel", "golf", "foxtrot", "echo", "delta", "charlie",
                                                    "bravo", "alpha"]
    assert [e.id for e in site.by_region["qu"]] == ["hotel", "delta", "charlie"]
    assert list(site.by_year) == [2022, 2021]


def test_tag_slug_collision_is_an_error(make_site: SiteMaker) -> None:
    files = {
        "content/news/2021/a.md": story("a", title="稿件甲", extra="tags: [调解]\n"),
        "content/news/2021/b.md": story("b", title="稿件乙", extra="tags: [调节]\n"),
    }
    with pytest.raises(ContentError) as info:
        _site(make_site, files)
    assert [p.format() for p in info.value.problems] == [
        "错误：content/news/2021/b.md，字段 tags：标签“调节”和 content/news/2021/a.md 里的标签“调解”的网址标识都是 tiao-jie\n"
        "    提示：请在 site_config.yml 的 tags 里为其中一个指定不同的标识，例如 调节: tiao-jie-2。"]


@pytest.mark.parametrize("number, total, shown", [
    (1, 1, [1]), (1, 10, [1, 2, 3, 10]), (5, 10, [1, 3, 4, 5, 6, 7, 10]), (10, 10, [1, 8, 9, 10]),
])
def test_pager_window(number: int, total: int, shown: list[int]) -> None:
    assert page_window(number, total) == shown


def test_related_candidates_come_from_a_bounded_window(make_site: SiteMaker) -> None:
    """Every story shares one tag; each still gets candidates from a bounded window only."""
    from generator import model

    files = {f"content/news/2021/s{i:03d}.md": story(f"s{i:03d}", date=f"2021-01-{1 + i % 28:02d} {i % 24:02d}:00",
                                                     extra="tags: [平安]\n") for i in range(120)}
    site = _site(make_site, files)
    assert len(site.entries) == 120 and all(len(e.related) == 5 for e in site.entries)
    # the window bounds how far apart related stories can be in the tag's date order
    order = {e.id: i for i, e in enumerate(site.tags[0].entries)}
    assert all(abs(order[o.id] - order[e.id]) <= model.RELATED_WINDOW for e in site.entries for o in e.related)


def test_related_are_the_best_scored_of_the_window_with_ties_to_the_nearest_in_time(make_site: SiteMaker) -> None:
    """Checked against scoring every story in each window and sorting them all: the related picked are the ones
    with the most shared tags (2 each) and region (1), then nearest in time, then the smaller id."""
    import random

    from generator import model

    rng = random.Random(3)
    tags = ["平安", "调解", "网格", "反诈", "普法"]
    files = {}
    for i in range(90):
        chosen = ", ".join(rng.sample(tags, rng.randint(0, 3)))
        region = rng.choice(["xian", "qu", "shi"])
        files[f"content/news/2021/s{i:03d}.md"] = story(
            f"s{i:03d}", date=f"2021-{1 + i % 12:02d}-{1 + rng.randrange(28):02d} {rng.randrange(24):02d}:00",
            extra=f"tags: [{chosen}]\nregion: {region}\n")
    site = _site(make_site, files)

    def window(entries: list[model.Entry], entry: model.Entry) -> list[model.Entry]:
        at = entries.index(entry)
        return entries[max(0, at - model.RELATED_WINDOW):at + model.RELATED_WINDOW + 1]

    when = {e.id: e.date.timestamp() for e in site.entries}
    tied = 0  # stories whose fifth pick ties on score with a story not picked
    for entry in site.entries:
        scores: dict[str, int] = {}
        for tag in entry.tags:
            for other in window(tag.entries, entry):
                scores[other.id] = scores.get(other.id, 0) + 2
        same_region = [e for e in site.by_region.get(entry.region.id, []) if e.region is entry.region]
        for other in window(same_region, entry):
            scores[other.id] = scores.get(other.id, 0) + 1
        scores.pop(entry.id, None)
        ranked = sorted(scores, key=lambda i: (-scores[i], abs(when[i] - entry.date.timestamp()), i))
        assert [e.id for e in entry.related] == ranked[:5]
        tied += len(ranked) > 5 and scores[ranked[4]] == scores[ranked[5]]
    assert tied > 10

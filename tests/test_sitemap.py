"""Sitemaps at scale: small indexes (Material downloads them on every page view), parts within the limit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from lxml import etree

from generator.outputs import sitemap
from generator.render.spec import PageSpec

BASE = "https://pingan.example.gov.cn/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _site(stories: int) -> tuple[Any, list[PageSpec]]:
    config = SimpleNamespace(site=SimpleNamespace(base_url=BASE), columns=[SimpleNamespace(id="tiaojie"),
                                                                          SimpleNamespace(id="dongtai")])
    pages = [PageSpec("", "首页", "home.html", {}, lastmod="2024-01-01T08:00:00+08:00"),
             PageSpec("columns/tiaojie/", "调解", "list.html", {}), PageSpec("columns/dongtai/", "动态", "list.html", {}),
             PageSpec("cases/", "案例", "list.html", {})]
    for n in range(stories):
        column = ("tiaojie", "dongtai")[n % 2]
        pages.append(PageSpec(f"news/2023/{n // 28 % 12 + 1:02d}/{n % 28 + 1:02d}/s{n:05d}/", f"稿件{n}", "story.html",
                              {}, lastmod=f"2023-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}T08:00:00+08:00",
                              section=f"columns/{column}/"))
    return config, pages


def _locs(data: bytes, kind: str) -> list[str]:
    tree = etree.fromstring(data)
    return [str(x) for x in tree.xpath(f"s:{kind}/s:loc/text()", namespaces=NS)]


def test_parts_hold_every_page_once_and_indexes_list_their_sections_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap, "PART_LIMIT", 3)
    config, pages = _site(11)
    files = sitemap.sitemaps(config, pages)
    parts = {rel: _locs(data, "url") for rel, data in files.items() if rel.startswith("sitemap-")}
    assert all(0 < len(locs) <= 3 for locs in parts.values())
    listed = [loc for locs in parts.values() for loc in locs]
    assert sorted(listed) == sorted(BASE + p.url for p in pages)  # every page, once
    assert sorted(_locs(files["sitemap.xml"], "sitemap")) == sorted(BASE + rel for rel in parts)
    tiaojie = [loc for rel in _locs(files["columns/tiaojie/sitemap.xml"], "sitemap") for loc in parts[rel[len(BASE):]]]
    assert sorted(tiaojie) == sorted(BASE + p.url for p in pages if p.url == "columns/tiaojie/"
                                     or p.section == "columns/tiaojie/")
    assert [loc for rel in _locs(files["cases/sitemap.xml"], "sitemap") for loc in parts[rel[len(BASE):]]] == [
        BASE + "cases/"]
    assert _locs(files["columns/tiaojie/sitemap.xml"], "url") == []  # an index: Material finds no pages in it


def test_indexes_stay_small_as_the_site_grows() -> None:
    small = sitemap.sitemaps(*_site(100))
    large = sitemap.sitemaps(*_site(30_000))
    for index in ("sitemap.xml", "columns/tiaojie/sitemap.xml"):
        assert len(large[index]) < 2_000, index  # a few parts, not 15,000 addresses
        assert len(large[index]) <= len(small[index]) + 1_000
    assert max(len(_locs(d, "url")) for r, d in large.items() if r.startswith("sitemap-")) <= sitemap.PART_LIMIT


def test_every_part_lists_only_addresses_under_its_own_folder() -> None:
    """The protocol: a sitemap at /catalog/sitemap.xml may list only addresses under /catalog/, and a crawler drops
    the rest; the parts were in /sitemaps/ and listed the whole site."""
    files = sitemap.sitemaps(*_site(20))
    parts = [rel for rel in files if rel.endswith(".xml") and _locs(files[rel], "url")]
    assert parts
    for rel in parts:
        folder = BASE + rel.rpartition("/")[0] + ("/" if "/" in rel else "")
        assert all(loc.startswith(folder) for loc in _locs(files[rel], "url")), rel


def test_the_empty_search_page_is_not_offered_to_crawlers() -> None:
    from generator import urls

    config, pages = _site(5)
    files = sitemap.sitemaps(config, [*pages, PageSpec(urls.SEARCH, "搜索", "search.html", {})])
    listed = [loc for rel, data in files.items() if rel.startswith("sitemap-") for loc in _locs(data, "url")]
    assert listed and BASE + urls.SEARCH not in listed

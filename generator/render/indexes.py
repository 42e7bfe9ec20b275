"""The site's index pages: every tag, every region (with what each region's page holds), and the search page."""

from __future__ import annotations

from typing import Any

from .. import urls
from ..config import SiteConfig
from ..model import Site
from .records import RecordPages
from .spec import PageSpec, feed_links


def search_page(config: SiteConfig) -> PageSpec:
    page = urls.SEARCH
    return PageSpec(page, "站内搜索", "search.html", {
        "kind": "search", "heading": "站内搜索", "bundle": urls.relative("search-index/", page),
        "tags_url": urls.relative(urls.TAGS, page), "regions_url": urls.relative(urls.REGIONS, page),
        "news_url": urls.relative(urls.NEWS, page),
        "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}], "feeds": feed_links(config)})


def tag_index(site: Site) -> PageSpec:
    page = urls.TAGS
    items = [{"name": t.name, "url": urls.relative(t.url, page), "count": len(t.entries)} for t in site.tags]
    return PageSpec(page, "全部标签", "terms.html",
                    {"kind": "tags", "heading": "全部标签", "terms": items, "feeds": feed_links(site.config),
                     "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}]})


def region_count(site: Site, records: RecordPages | None, region_id: str) -> str:
    """What a region's page holds, in words: 3 篇报道、1 件案例、1 位调解员、2 项荣誉、3 组数据 (a link with
    no words looked like a page with nothing on it)."""
    parts = [(len(site.by_region.get(region_id, [])), "篇报道")]
    if records:
        held = records.in_region.get(region_id, {})
        parts += [(len(held.get("cases", [])), "件案例"), (len(held.get("mediators", [])), "个调解员或调解室"),
                  (len(held.get("honors", [])), "项荣誉"),
                  (len(records.metrics_by_region.get(region_id, [])),
                   "组本级数据" if site.config.region_map[region_id].children else "组数据")]
    return "、".join(f"{n} {unit}" for n, unit in parts if n)


def region_index(site: Site, records: RecordPages | None, region_pages: set[str]) -> PageSpec:
    """/regions/: the region tree, each region linked where it has a page, with what the page holds."""
    page = urls.REGIONS

    def tree(regions: list[Any]) -> list[dict[str, Any]]:
        return [{"name": r.name, "level": r.level,
                 "url": urls.relative(urls.region(r.id), page) if r.id in region_pages else None,
                 "count": region_count(site, records, r.id), "children": tree(r.children)}
                for r in regions]

    return PageSpec(page, "地区", "terms.html",
                    {"kind": "regions", "heading": "按地区浏览", "tree": tree(site.config.regions),
                     "feeds": feed_links(site.config),
                     "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}]})

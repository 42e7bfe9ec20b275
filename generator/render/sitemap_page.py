"""The readers' 网站地图 (/sitemap/): the site's sections, years and feeds on one page (sitemap.xml, for search
engines, is outputs/sitemap.py)."""

from __future__ import annotations

from .. import urls
from ..model import Site
from .spec import PageSpec, feed_links


def site_map(site: Site, made: set[str]) -> PageSpec:
    """网站地图 for readers: every section of the site in one page (`made`: the addresses of the pages built), and
    the feeds to subscribe to, each with its full address to copy into a reader (a feed opened in a browser shows
    its code, which looks broken)."""
    page = urls.SITEMAP
    base = site.config.site.base_url

    def link(name: str, url: str, note: str = "") -> dict[str, str]:
        return {"name": name, "url": urls.relative(url, page), "note": note}

    columns = [link(c.name, urls.column(c.id), c.description or "") for c in site.config.columns]
    records = [link(name, url, note) for name, url, note in (
        ("调解案例", urls.CASES, "人民调解和矛盾纠纷化解案例"), ("调解员和调解室", urls.MEDIATORS, ""),
        ("荣誉", urls.HONORS, "平安建设荣誉与表彰"), ("工作数据", urls.DATA, "各地的平安建设工作数字"))
        if url in made]
    finding = [link("全部新闻", urls.NEWS), link("按地区浏览", urls.REGIONS), link("全部标签", urls.TAGS),
               link("站内搜索", urls.SEARCH)]
    years = [link(f"{year}年", urls.year(year), f"{len(entries)} 篇")
             for year, entries in site.by_year.items()]
    feeds = [{"name": "全站新闻", "prefix": ""}, *({"name": c.name, "prefix": urls.column(c.id)}
                                              for c in site.config.columns)]
    feeds += [{"name": name, "prefix": prefix} for name, prefix in (("调解案例", urls.CASES), ("荣誉", urls.HONORS))
              if prefix in made]
    feeds += [{"name": r.name, "prefix": urls.region(r.id)} for r in site.config.region_map.values()
              if site.by_region.get(r.id)]  # each region with stories, in the order of the region tree
    for feed in feeds:
        feed["rss"], feed["atom"] = (urls.absolute(base, feed["prefix"] + name)
                                     for name in ("feed.xml", "atom.xml"))
    return PageSpec(page, "网站地图", "sitemap.html", {
        "kind": "sitemap", "heading": "网站地图",
        "description": f"{site.config.site.name}的全部栏目、专题和订阅地址。",
        "groups": [{"name": "新闻栏目", "links": columns}, {"name": "专题", "links": records},
                   {"name": "查找", "links": finding}, {"name": "按年份", "links": years}],
        "subscribe": feeds, "feeds": feed_links(site.config),
        "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}]})

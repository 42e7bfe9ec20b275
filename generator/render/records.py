"""Pages for structured records: the case library, mediators and the honor wall."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from .. import urls
from ..config import SiteConfig
from ..content.cases import CATEGORIES, UNREPORTED, Case
from ..content.dataset import Dataset
from ..content.honors import Honor
from ..content.mediators import Mediator
from ..content.metrics import Counts, Metrics, fact_label, fact_text
from ..content.records import Loaded
from ..dates import month_iso, month_label
from ..publish.cache import Memo
from ..urls import CASES, DATA, HONORS, MEDIATORS
from .figures import Figures
from .spec import PageSpec, feed_links

# What a case page calls the mediator it links, by the mediator's kind (a room is not a 调解员).
MEDIATOR_LABELS = {"person": "调解员", "room": "调解室", "centre": "调解机构"}
# Category pages need ASCII URLs; the list of categories is fixed, so is this map.
CATEGORY_SLUGS = dict(zip(CATEGORIES, (
    "marriage-family", "neighbours", "housing-land", "contract", "business", "damages", "forest-land",
    "land-acquisition", "pollution", "labour", "consumer", "medical", "traffic", "property-management", "other",
), strict=True))
LEVELS = ("国家级", "省级", "市级", "县级")
MEDIATOR_KINDS = {"person": "调解员", "room": "调解室", "centre": "调解组织"}

# Renders a Markdown field: (text, page url, source file, first line of the text, field name) -> HTML.
MarkdownFn = Callable[[str, str, str, int | None, str], str]
# Renders an image named in a field: (src, alt, page url, source file, line, field, sizes) -> <picture> or None.
PictureFn = Callable[[str, str, str, str, int | None, str, str], str | None]


MAX_STORIES = 6  # the stories a mediator's page links to, newest first
# what follows a person's name in the name of a room named after them: 才让当知人民调解室, 老杨调解室
ROOM_WORDS = ("人民调解", "调解", "工作室", "个人调解", "说事", "警务", "法律", "服务")



def _named_after(person: Mediator, room: Mediator) -> bool:
    """Whether `room` is named after `person`: the person's name followed by what a room is called (才让当知人民调解室
    after 才让当知, not 张华强人民调解室 after 张华)."""
    return person.kind == "person" and room.kind != "person" and len(person.name) >= 2 and \
        room.name.startswith(person.name) and room.name[len(person.name):].startswith(ROOM_WORDS)


class RecordPages:
    """Renders record pages from a checked dataset; Markdown fields go through the shared renderer."""

    def __init__(self, config: SiteConfig, data: Dataset, markdown: MarkdownFn, picture: PictureFn,
                 region_pages: set[str], memo: Memo | None = None,
                 news: list[tuple[str, str, str, str]] | None = None) -> None:
        self.config = config
        self.news = news or []  # (text a name is looked for in, title, address, date shown) of each story
        self.data = data
        self.markdown = markdown
        self.picture = picture
        self.sources: dict[tuple[str, str], Loaded[Any]] = {("cases", c.record.id): c for c in data.cases}
        self.sources.update({("mediators", m.record.id): m for m in data.mediators})
        # Every list below is sorted once, in the order pages show it.
        self.cases = sorted((c.record for c in data.cases), key=lambda c: (-c.date.toordinal(), c.id))
        self.mediators = {m.id: m for m in sorted((x.record for x in data.mediators),
                                                  key=lambda m: (list(MEDIATOR_KINDS).index(m.kind), m.id))}
        self.honors = {h.id: h for h in sorted((x.record for x in data.honors),
                                               key=lambda h: (-h.sort_year, LEVELS.index(h.level), h.id))}
        self.metrics_by_region: dict[str, list[Metrics]] = defaultdict(list)
        for item in sorted(data.metrics, key=lambda x: (x.record.period.start, x.record.id), reverse=True):
            self.metrics_by_region[item.record.region].append(item.record)
        self.cases_by_mediator: dict[str, list[Case]] = defaultdict(list)
        for c in self.cases:
            if c.mediator:
                self.cases_by_mediator[c.mediator].append(c)
        # Every region that has a record, and each of its ancestors, gets a region page.
        self.in_region: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        placed: list[tuple[str, str | None, Any]] = [("cases", c.region, c) for c in self.cases]
        placed += [("mediators", m.region, m) for m in self.mediators.values()]
        placed += [("honors", h.recipient.region, h) for h in self.honors.values()]
        for kind, region_id, record in placed:
            for region in config.region_chain(region_id) if region_id else []:
                self.in_region[region.id][kind].append(record)
        self.region_pages = region_pages | set(self.in_region) | set(self.metrics_by_region)
        self.case_bodies: dict[str, str] = {}  # for the case feed
        self.figures = Figures(config, data, memo, self._region_link)

    def _html(self, kind: str, record_id: str, field: str, page_url: str) -> str:
        loaded = self.sources[(kind, record_id)]
        line = loaded.line(field)
        text = getattr(loaded.record, field)
        # A block scalar (`body: |`) starts on the line after its key.
        return self.markdown(text, page_url, loaded.path, line + 1 if line is not None else None, field)

    def feeds(self, section: tuple[str, str] | None = None) -> list[dict[str, str]]:
        return feed_links(self.config, section)

    def _region_link(self, region_id: str, page_url: str) -> str | None:
        """A link to the region's page, or None while that region has no page of its own (or on that page)."""
        target = urls.region(region_id)
        return urls.relative(target, page_url) if region_id in self.region_pages and target != page_url else None

    def _crumbs(self, page_url: str, *trail: tuple[str, str]) -> list[dict[str, str]]:
        crumbs = [{"name": "首页", "url": urls.relative("", page_url)}]
        crumbs += [{"name": name, "url": urls.relative(target, page_url)} for name, target in trail]
        return crumbs

    # -- cases -------------------------------------------------------------------------------------

    def _case_card(self, case: Case, page_url: str) -> dict[str, Any]:
        return {
            "title": case.title,
            "url": urls.relative(urls.case(case.id), page_url),
            "category": case.category,
            "category_url": urls.relative(f"{CASES}category/{CATEGORY_SLUGS[case.category]}/", page_url),
            "region": self.config.region_map[case.region].name,
            "date": month_label(case.date),
            "outcome": case.outcome,
            "outcome_text": "结果报道未说明" if case.outcome == UNREPORTED else f"调解{case.outcome}",
            "summary": case.summary,
        }

    def _filters(self, page_url: str, cases: list[Case], region: str | None = None) -> dict[str, Any]:
        """The facets, each value with its number of cases. Regions: the provinces (or, on a region's own page, the
        sub-regions of that region that have cases), so the list stays short however many towns there are.
        On a filter's own page the other facets count (and lead to) the whole library, and are labelled so: a
        region's page does not offer "2024年（5）" as if five of its own cases were from 2024."""
        whole = "（全部案例）" if page_url != CASES else ""
        def facet(name: str, url: str, count: int) -> dict[str, Any]:
            return {"name": name, "url": urls.relative(url, page_url), "count": count,
                    "current": url == page_url}

        categories: dict[str, int] = defaultdict(int)
        years: dict[int, int] = defaultdict(int)
        places: dict[str, int] = defaultdict(int)
        depth = len(self.config.region_chain(region)) if region else 0
        for c in cases:
            categories[c.category] += 1
            years[c.date.year] += 1
            chain = self.config.region_chain(c.region)
            if region is None or (len(chain) > depth and chain[depth - 1].id == region):
                places[chain[depth].id] += 1
        order = list(self.config.region_map)
        return {
            "categories": [facet(n, f"{CASES}category/{CATEGORY_SLUGS[n]}/", categories[n])
                           for n in sorted(categories, key=CATEGORIES.index)],
            "regions": [facet(self.config.region_map[r].name, f"{CASES}region/{r}/", places[r])
                        for r in sorted(places, key=order.index)],
            "regions_label": "下级地区" if region else f"地区{whole}",
            "categories_label": f"纠纷类型{whole}",
            "years_label": f"年份{whole}",
            "years": [facet(f"{y}年", f"{CASES}year/{y}/", years[y]) for y in sorted(years, reverse=True)],
        }

    def _case_list(self, url: str, heading: str, cases: list[Case], everything: list[Case], nav: str = "",
                   region: str | None = None) -> PageSpec:
        context = {
            "kind": "cases",
            "heading": heading,
            "count": len(cases),
            "unreported": any(c.outcome == UNREPORTED for c in everything),  # cases taken from reports
            "items": [self._case_card(c, url) for c in cases],
            "filters": self._filters(url, everything, region),
            "all_url": urls.relative(CASES, url),
            "breadcrumb": self._crumbs(url) if url == CASES else self._crumbs(url, ("调解案例", CASES)),
            "feeds": self.feeds(("调解案例", CASES)),
        }
        return PageSpec(url, heading, "cases.html", context, nav_title=nav, lastmod=_newest(c.published for c in cases))

    def case_pages(self) -> list[PageSpec]:
        cases = self.cases
        if not cases:
            return []
        pages = [self._case_list(CASES, "调解案例", cases, cases, nav="调解案例")]
        groups: dict[str, tuple[str, list[Case], str | None]] = {}
        for c in cases:
            keys: list[tuple[str, str, str | None]] = [
                (f"{CASES}category/{CATEGORY_SLUGS[c.category]}/", f"调解案例：{c.category}", None),
                (f"{CASES}year/{c.date.year}/", f"调解案例：{c.date.year}年", None)]
            chain = self.config.region_chain(c.region)
            keys += [(f"{CASES}region/{r.id}/", f"调解案例：{r.name}", r.id) for r in chain]
            for url, heading, region in keys:
                groups.setdefault(url, (heading, [], region))[1].append(c)
        pages += [self._case_list(url, heading, members, cases, region=region)
                  for url, (heading, members, region) in sorted(groups.items())]
        pages += [self._case(c) for c in cases]
        return pages

    def _case(self, case: Case) -> PageSpec:
        url = urls.case(case.id)
        mediator = self.mediators.get(case.mediator or "")
        context = {
            "kind": "case",
            "card": self._case_card(case, url),
            "organisation": case.organisation,
            "month": month_iso(case.date),
            "parties": case.parties,
            "place": case.place,
            "date_note": case.date_note,
            "unreported": case.outcome == UNREPORTED,
            "amounts": [{"item": a.item, "amount": a.amount} for a in case.amounts],
            "source": case.source,
            "source_url": case.source_url,
            "mediator": {"name": mediator.name, "url": urls.relative(urls.mediator(mediator.id), url),
                         "label": MEDIATOR_LABELS[mediator.kind]} if mediator else None,
            "region_url": self._region_link(case.region, url),
            "regions": [{"name": r.name, "url": self._region_link(r.id, url)}
                        for r in self.config.region_chain(case.region)],
            "breadcrumb": self._crumbs(url, ("调解案例", CASES)),
            "feeds": self.feeds(("调解案例", CASES)),
        }
        body = self.case_bodies[case.id] = self._html("cases", case.id, "body", url)
        return PageSpec(url, case.title, "case.html", context, content=body, search=True,
                        lastmod=_newest([case.published]))

    # -- mediators ---------------------------------------------------------------------------------

    def _mediator_card(self, m: Mediator, page_url: str) -> dict[str, Any]:
        photo = None
        if m.photo:
            loaded = self.sources[("mediators", m.id)]
            photo = self.picture(m.photo, m.photo_alt or "", page_url, loaded.path, loaded.line("photo"), "photo",
                                 "(max-width: 760px) 50vw, 240px")
        region = self.config.region_map[m.region].name
        place = region.split("（")[0]  # 修武县（所属乡镇报道未写明） is in 修武县综治中心 already
        return {"name": m.name, "kind": MEDIATOR_KINDS[m.kind], "unit": m.unit, "title": m.title,
                "region": region, "region_named": place in m.unit or place in m.name, "photo": photo,
                "url": urls.relative(urls.mediator(m.id), page_url)}

    def mediator_pages(self) -> list[PageSpec]:
        mediators = list(self.mediators.values())
        if not mediators:
            return []
        gallery = PageSpec(MEDIATORS, "模范调解员与调解室", "mediators.html", {
            "kind": "mediators", "heading": "模范调解员与调解室",
            "items": [self._mediator_card(m, MEDIATORS) for m in mediators],
            "breadcrumb": self._crumbs(MEDIATORS), "feeds": self.feeds()}, nav_title="模范调解员")
        return [gallery] + [self._mediator(m) for m in mediators]

    def _mediator(self, m: Mediator) -> PageSpec:
        url = urls.mediator(m.id)
        rate = None
        if m.cases_handled and m.cases_succeeded is not None and not (m.approx("cases_handled")
                                                                      or m.approx("cases_succeeded")):
            rate = f"{m.cases_succeeded * 100 / m.cases_handled:.1f}%"  # not from 1500余 and 1400余: no such precision
        context = {
            "kind": "mediator",
            "card": self._mediator_card(m, url),
            "since": m.since,
            "quote": m.quote,
            "source": m.source,
            "source_url": m.source_url,
            "figures": {"handled": _approx(m, "cases_handled"), "succeeded": _approx(m, "cases_succeeded"),
                        "handled_unit": m.count_unit("cases_handled"),
                        "succeeded_unit": m.count_unit("cases_succeeded"),
                        "rate": rate, "approx_succeeded": rate is None and m.cases_succeeded is not None,
                        "stated_rate": f"{m.success_rate:g}%{m.approx('success_rate')}"
                        if m.success_rate is not None else None,
                        "note": m.cases_note},
            "honors": [self._honor_item(self.honors[h], url) for h in m.honors if h in self.honors],
            "cases": [self._case_card(c, url) for c in self.cases_by_mediator.get(m.id, [])],
            "regions": [{"name": r.name, "url": self._region_link(r.id, url)}
                        for r in self.config.region_chain(m.region)],
            "related": self._related(m, url),
            "stories": self._stories(m, url),
            "breadcrumb": self._crumbs(url, ("模范调解员", MEDIATORS)),
            "feeds": self.feeds(),
        }
        return PageSpec(url, m.name, "mediator.html", context, content=self._html("mediators", m.id, "bio", url),
                        search=True)

    def _related(self, m: Mediator, page_url: str) -> list[dict[str, str]]:
        """A person and the room named after them (才让当知, 才让当知人民调解室), each linked from the other."""
        return [{"name": o.name, "label": MEDIATOR_LABELS[o.kind], "url": urls.relative(urls.mediator(o.id), page_url)}
                for o in self.mediators.values() if o.id != m.id and (_named_after(m, o) or _named_after(o, m))]

    def _stories(self, m: Mediator, page_url: str) -> list[dict[str, str]]:
        """The newest stories whose title, subtitle or summary names `m`. A name inside another mediator's longer
        name (王芳 in 王芳芳) does not count, unless that one is a room named after `m`."""
        if len(m.name) < 2:
            return []
        longer = sorted((o.name for o in self.mediators.values() if m.name in o.name != m.name
                         and not _named_after(m, o)), key=len, reverse=True)
        others = re.compile("|".join(map(re.escape, longer))) if longer else None
        found = [{"title": title, "url": urls.relative(story_url, page_url), "date": date}
                 for text, title, story_url, date in self.news
                 if m.name in (others.sub("", text) if others else text)]
        return found[:MAX_STORIES]

    # -- honors ------------------------------------------------------------------------------------

    def _honor_item(self, h: Honor, page_url: str) -> dict[str, Any]:
        r = h.recipient
        if r.mediator and r.mediator in self.mediators:
            recipient: dict[str, str | None] = {
                "name": self.mediators[r.mediator].name, "url": urls.relative(urls.mediator(r.mediator), page_url)}
        elif r.region:
            recipient = {"name": self.config.region_map[r.region].name, "url": self._region_link(r.region, page_url)}
        else:
            recipient = {"name": r.unit or "", "url": None}
        return {"id": h.id, "name": h.name, "level": h.level, "when": h.when(), "year": h.sort_year,
                "awarding_body": h.awarding_body, "recipient": recipient, "source": h.source,
                "source_url": h.source_url, "note": h.note}

    def honor_pages(self) -> list[PageSpec]:
        honors = list(self.honors.values())
        if not honors:
            return []
        by_level = [{"level": level, "items": [self._honor_item(h, HONORS) for h in honors if h.level == level]}
                    for level in LEVELS]
        years: dict[tuple[int, int, str], list[dict[str, Any]]] = defaultdict(list)
        for h in honors:  # award years first, then periods, then years only a report gives, within each year
            kind = 0 if h.year is not None else 1 if h.period else 2
            years[(h.sort_year, -kind, h.timeline_label)].append(self._honor_item(h, HONORS))
        context = {
            "kind": "honors", "heading": "荣誉墙",
            "levels": [group for group in by_level if group["items"]],
            "timeline": [{"label": key[2], "items": items} for key, items in sorted(years.items(), reverse=True)],
            "breadcrumb": self._crumbs(HONORS), "feeds": self.feeds(("荣誉", HONORS)),
        }
        return [PageSpec(HONORS, "荣誉墙", "honors.html", context, nav_title="荣誉墙",
                         lastmod=_newest(h.published for h in honors))]

    # -- regions -----------------------------------------------------------------------------------

    def region_extras(self, region_id: str, page_url: str) -> dict[str, Any]:
        """What a region page shows besides news: its figures, and the records of it and its sub-regions."""
        found = self.in_region.get(region_id, {})
        figures = [{"period": m.period_label, "note": m.period_note, "scope": m.scope, "remark": m.note,
                    "source": m.source, "source_url": m.source_url, "rows": self.figures.rows(m)}
                   for m in self.metrics_by_region.get(region_id, [])]
        return {
            "figures": figures,
            "cases": [self._case_card(c, page_url) for c in found.get("cases", [])],
            "cases_url": urls.relative(f"{CASES}region/{region_id}/", page_url) if found.get("cases") else None,
            "mediators": [self._mediator_card(m, page_url) for m in found.get("mediators", [])],
            "honors": [self._honor_item(h, page_url) for h in
                       sorted(found.get("honors", []), key=lambda h: (-h.sort_year, h.id))],
        }

    def home_extras(self, page_url: str) -> dict[str, Any]:
        """The showcase on the home page: key figures with their period, the mediators with the most reported
        cases, the newest honors and cases."""
        figures: list[dict[str, Any]] = []
        latest = sorted(self.data.metrics, key=lambda x: (-x.record.period.end.toordinal(), x.record.id))
        for item in latest:
            m = item.record
            facts = m.reported_facts()
            counts = [k for k in facts if k in Counts.model_fields]
            if not counts or m.scope or len(figures) == 4:
                continue  # a figure of a narrower scope would need its scope beside it: it stays on /data/
            figures.append({"value": fact_text(counts[0], facts[counts[0]], m.counts), "name": fact_label(counts[0]),
                            "where": self.config.region_map[m.region].name, "period": m.period_label,
                            "url": self._region_link(m.region, page_url)})
        busiest = sorted(self.mediators.values(), key=lambda m: (-(m.cases_handled or -1), m.id))
        return {
            "figures": figures,
            "mediators": [self._mediator_card(m, page_url) | {"handled": _counted(m, "cases_handled") if m.cases_handled
                                                              else None}
                          for m in busiest[:4]],
            "honors": [self._honor_item(h, page_url) for h in list(self.honors.values())[:4]],
            "cases": [self._case_card(c, page_url) for c in self.cases[:4]],
            "cases_url": urls.relative(CASES, page_url) if self.data.cases else None,
            "mediators_url": urls.relative(MEDIATORS, page_url) if self.mediators else None,
            "honors_url": urls.relative(HONORS, page_url) if self.honors else None,
            "data_url": urls.relative(DATA, page_url),
        }

    # -- data --------------------------------------------------------------------------------------

    def data_pages(self) -> list[PageSpec]:
        return self.figures.pages(self._crumbs(DATA), self.feeds())

    def pages(self) -> list[PageSpec]:
        """Every record page, in a stable order."""
        return self.case_pages() + self.mediator_pages() + self.honor_pages() + self.data_pages()


def _newest(days: Iterable[date | None]) -> str | None:
    """A page's lastmod for the sitemap: the newest publication day of the records it shows (None if none says)."""
    known = [d for d in days if d is not None]
    return max(known).isoformat() if known else None


def _approx(m: Mediator, key: str) -> str | None:
    """A mediator's count as pages write it: 1,500余 where the report wrote 1500余, 267 where it gave the number."""
    value = getattr(m, key)
    return None if value is None else f"{value:,}{m.approx(key)}"


def _counted(m: Mediator, key: str) -> str | None:
    """A mediator's count with its unit: 1,500余起, 267件."""
    value = _approx(m, key)
    return None if value is None else value + m.count_unit(key)

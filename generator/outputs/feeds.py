"""RSS 2.0 and Atom feeds (feedgen), for the whole site and per column."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import escape as html_escape
from html import unescape as html_unescape

from feedgen.feed import FeedGenerator
from lxml import html as lxml_html
from markupsafe import Markup

from .. import urls
from ..config import SiteConfig
from ..content.dataset import Dataset
from ..content.honors import Honor
from ..dates import month_label
from ..model import Entry, Site
from ..render import safe

GENERATOR = "pingan"


@dataclass(frozen=True)
class FeedItem:
    """What a feed needs of one story or record, with every URL already absolute."""

    url: str
    title: str
    published: datetime
    updated: datetime
    html: str  # full text, absolute URLs
    summary: str
    categories: tuple[tuple[str, str], ...] = ()  # (name, the address of the list it names: column, tag, region)
    byline: tuple[str, ...] = ()
    credit: Markup = safe.html("")  # the closing lines (来源, 出处), also at the end of `html`
    id: str = ""  # the RSS guid and Atom id when not `url`: a moved story's address readers hold (publish/moved.py)

    def brief(self) -> FeedItem:
        """This item without its full text, for a feed of summaries: the summary and the closing lines (a reprint
        limit in 出处 must reach a reader of summaries too)."""
        return replace(self, html=safe.html("<p>{}</p>", self.summary) + self.credit)


def absolute_html(fragment: str, page_url: str) -> Markup:
    """Make every link and image in `fragment` (sanitised HTML) absolute; <picture> becomes its plain <img>; no id
    is kept (the page's anchors are reached by the absolute links)."""
    if not fragment.strip():
        return safe.html("")
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    # libxml2 does not know <source> is a void element and may nest the <img> inside it,
    # so take the <img> out of the <picture> instead of deleting the <source> elements.
    for pic in list(root.iter("picture")):
        img = next(pic.iter("img"), None)
        parent = pic.getparent()
        if img is None or parent is None:
            continue
        img.tail = pic.tail
        parent.replace(pic, img)
    for img in root.iter("img"):
        img.attrib.pop("srcset", None)
        img.attrib.pop("sizes", None)
        img.attrib.pop("loading", None)
        img.attrib.pop("decoding", None)
    root.make_links_absolute(page_url, resolve_base_href=False)  # a link to #fn1 leads to the page's note
    for named in root.xpath(".//*[@id]"):  # a reader shows several items on one page: ids (h2 "_1") would clash
        del named.attrib["id"]
    return safe.html("{}", root.text or "") + safe.html("").join(safe.element(child) for child in root)


def provenance(source: str, source_url: str = "", cite: str = "", *, label: str = "来源") -> Markup:
    """The closing lines of an item, as the page shows them: where it comes from and how it may be used. A reader
    that shows only the feed must not lose them (a cite may say 原文不得转载). `label` is the page's word for
    `source`: a story's 来源 (who published it), a record's 出处 (the report it is drawn from)."""
    link = safe.html('（<a href="{}">原文</a>）', source_url) if source_url else safe.html("")
    out = safe.html("<p>{}：{}{}</p>", label, source, link)
    if cite:
        out += safe.html("<p>出处：{}</p>", cite)
    return out


def feed_items(site: Site, bodies: dict[str, str], summaries: dict[str, str], entries: Iterable[Entry],
               ids: Mapping[str, str]) -> dict[str, FeedItem]:
    """One FeedItem per story in `entries`, keyed by story id; `ids`: the ids of stories not named by their address."""
    base = site.config.site.base_url
    items = {}
    for entry in entries:
        url = urls.absolute(base, entry.url)
        cover = safe.html("")
        if entry.story.cover is not None:
            v = entry.story.cover.default
            cover = safe.html('<p><img src="{}" width="{}" height="{}" alt="{}"></p>', base + v.jpeg, v.width,
                              v.height, entry.story.meta.cover_alt or "")
        meta = entry.story.meta
        subtitle = safe.html("<p><strong>{}</strong></p>", meta.subtitle) if meta.subtitle else safe.html("")
        credit = provenance(meta.source, meta.source_url, meta.cite)
        html = subtitle + cover + absolute_html(bodies[entry.id], url) + credit
        # A story of pictures only has no text to sum up: its title stands in (an empty summary would make feedgen
        # move the full text into <description>, where readers expect the summary).
        summary = summaries[entry.id] or meta.subtitle or entry.title
        # what each category is says its scheme (RSS domain): the column's, the tags' or the regions' address
        categories = ((entry.column.name, urls.absolute(base, urls.column(entry.column.id))),
                      *((tag, urls.absolute(base, urls.TAGS)) for tag in meta.tags),
                      *((r.name, urls.absolute(base, urls.REGIONS)) for r in entry.regions[-1:]))
        items[entry.id] = FeedItem(url, entry.title, entry.date, entry.story.updated, html, summary, categories,
                                   tuple(_byline(entry)), credit, ids.get(entry.id, ""))
    return items


def _byline(entry: Entry) -> list[str]:
    return [f"{a.role} {a.name}" for a in entry.story.meta.authors]


def _generator(config: SiteConfig, title: str, description: str, page_url: str, self_url: str,
               updated: datetime, atom: bool) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(page_url)
    fg.title(title if atom else _rss_text(title))
    fg.language("zh-CN")
    fg.generator(GENERATOR)
    fg.rights(f"© {config.identity.host}")
    fg.author({"name": config.identity.host})
    if atom:
        fg.subtitle(description)
        fg.link(href=page_url, rel="alternate")
        fg.link(href=self_url, rel="self", type="application/atom+xml")
    else:
        fg.load_extension("dc")
        fg.description(safe.html("{}", description))  # shown as HTML by RSS readers
        # The RSS <link> is taken from the last link() call, so the self link must come first.
        fg.link(href=self_url, rel="self", type="application/rss+xml")
        fg.link(href=page_url, rel="alternate")
    if atom:  # always set: feedgen dates an undated feed "now", and repeat builds would differ
        fg.updated(updated)
    else:
        fg.lastBuildDate(updated)
    return fg


def _rss_text(text: str) -> str:
    """A plain text for an RSS element that readers may take for HTML (a title): one holding < or what HTML reads
    as a character reference (&amp;, &copy) is written escaped for HTML, so that a reader shows the characters typed
    whichever way it reads it (feedparser takes a title with a tag in it for HTML; <img src=…> in a title loaded a
    picture from another site). A lone & (平安&法治, R&D) is written as it is: readers that show titles as text
    showed 平安&amp;法治 when it was escaped, and those that read HTML take a lone & as itself."""
    return html_escape(text, quote=False) if "<" in text or html_unescape(text) != text else text


def _add(fg: FeedGenerator, item: FeedItem, atom: bool) -> None:
    # &#34; (how MarkupSafe escapes a quote) is the same character as &quot;, but feedparser, which many readers
    # use, cuts an attribute at it (alt="他说&#34;好&#34;" arrives as alt="他说"): write the named form.
    html = str(item.html).replace("&#34;", "&quot;")  # str: Markup.replace would escape "&quot;" itself
    fe = fg.add_entry(order="append")
    fe.id(item.id or item.url)
    fe.title(item.title if atom else _rss_text(item.title))  # Atom's titles are declared text
    fe.link(href=item.url, rel="alternate")
    fe.published(item.published)
    fe.updated(item.updated)
    for term, scheme in dict.fromkeys(item.categories):  # a tag named as its column is still a tag, said once each
        fe.category(term=term, scheme=scheme)  # readers take a category for text, whatever it holds
    if atom:
        fe.summary(item.summary)
        if html:
            fe.content(html, type="html")
        for line in item.byline:
            fe.author(name=line)
    else:
        fe.guid(item.id or item.url, permalink=True)  # an old address forwards to the story: a permalink too
        fe.description(safe.html("{}", item.summary))  # RSS readers show a description as HTML: the text, escaped
        if html:
            fe.content(html, type="CDATA")
        if item.byline:
            fe.dc.dc_creator(list(item.byline))


def feed_pair(config: SiteConfig, prefix: str, title: str, description: str,
              items: list[FeedItem], empty_since: datetime | None = None) -> dict[str, bytes]:
    """RSS (`prefix`feed.xml) and Atom (`prefix`atom.xml) for `items`, which are newest first. An empty feed
    (a new column) is still written, so that it can be subscribed to, dated `empty_since` (the site's newest
    story; on a site without stories, the day it is built), not a made-up date. With `feeds.full_text: false` the
    items carry their summaries and links only."""
    base = config.site.base_url
    chosen = items[:config.feeds.items]
    if not config.feeds.full_text:
        chosen = [item.brief() for item in chosen]
    updated = max((i.updated for i in chosen), default=empty_since)
    assert updated is not None, "an empty feed is dated by its caller"
    out: dict[str, bytes] = {}
    for name, atom in (("feed.xml", False), ("atom.xml", True)):
        self_url = urls.absolute(base, prefix + name)
        fg = _generator(config, title, description, urls.absolute(base, prefix), self_url, updated, atom)
        for item in chosen:
            _add(fg, item, atom)
        out[prefix + name] = fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)
    return out


def render_feeds(site: Site, bodies: dict[str, str], summaries: dict[str, str], now: datetime,
                 ids: Mapping[str, str]) -> dict[str, bytes]:
    """Every feed file, keyed by its path in the site. Only the stories the feeds carry (the newest
    `feeds.items` of each) get feed items: their bodies are re-parsed for absolute links. The site's and the
    columns' feeds carry full texts; each region's carries summaries with the link (a county's newsroom learns of
    its county's stories; the full text is on the page and in the column's feed): 70 regions' full texts would be
    a tenth more work for the whole build and twice the feeds' size."""
    config = site.config
    limit = config.feeds.items
    groups: list[tuple[str, str, str, list[Entry]]] = [
        ("", config.site.name, config.site.description or config.site.name, site.entries)]
    for column in config.columns:
        groups.append((urls.column(column.id), f"{config.site.name}·{column.name}",
                       column.description or column.name, site.by_column[column.id]))
    carried = {e.id: e for *_, entries in groups for e in entries[:limit]}
    items = feed_items(site, bodies, summaries, carried.values(), ids)
    # an empty feed's date: the site's newest story's, or on a site without stories the day of the build
    newest = site.newest or now.replace(hour=0, minute=0, second=0, microsecond=0)
    out: dict[str, bytes] = {}
    for prefix, title, description, entries in groups:
        out.update(feed_pair(config, prefix, title, description, [items[e.id] for e in entries[:limit]], newest))
    for region_id, entries in sorted(site.by_region.items()):  # a county's newsroom subscribes to its county
        name = config.region_map[region_id].name
        brief = [(items[e.id] if e.id in items else _region_item(site, summaries, e, ids)).brief()
                 for e in entries[:limit]]
        out.update(feed_pair(config, urls.region(region_id), f"{config.site.name}·{name}",
                             f"{name}的平安建设新闻（摘要，全文见链接）。", brief, newest))
    return out


def _region_item(site: Site, summaries: dict[str, str], entry: Entry, ids: Mapping[str, str]) -> FeedItem:
    """A story as a region's feed carries it: its summary, with its link, categories and byline."""
    return feed_items(site, {entry.id: ""}, summaries, [entry], ids)[entry.id]


def record_feeds(config: SiteConfig, data: Dataset, case_bodies: dict[str, str]) -> dict[str, bytes]:
    """Feeds for the case library (/cases/) and the honor wall (/honors/), same rules as the news feeds."""
    base = config.site.base_url
    zone = config.zone
    out: dict[str, bytes] = {}
    # Only the cases the feed carries get items: their bodies are re-parsed for absolute links.
    # Newest first by the day a case went on the site (`published`), else by its own month: a case about 2018
    # added today is news to subscribers.
    cases = sorted((c.record for c in data.cases),
                   key=lambda c: (-(c.published or c.date).toordinal(), c.id))[:config.feeds.items]
    if cases:
        items = []
        for c in cases:
            url = base + urls.case(c.id)
            day = c.published or c.date
            when = datetime(day.year, day.month, day.day, tzinfo=zone)
            region = config.region_map[c.region].name
            facts = [("纠纷类型", c.category), ("地区", region + (f"（{c.place}）" if c.place else "")),
                     ("时间", month_label(c.date)),
                     ("调解组织", c.organisation), ("调解结果", c.outcome),
                     *((a.item, f"{a.amount}（按出处照录）") for a in c.amounts)]
            credit = provenance(c.source, c.source_url, label="出处")
            html = (safe.html("<p>{}</p><p>{}</p>", c.summary, "；".join(f"{k}：{v}" for k, v in facts))
                    + absolute_html(case_bodies.get(c.id, ""), url) + credit)
            items.append(FeedItem(url, c.title, when, when, html, c.summary,
                                  ((c.category, base + urls.CASES), (region, base + urls.REGIONS)), credit=credit))
        out.update(feed_pair(config, "cases/", f"{config.site.name}·调解案例", "人民调解和矛盾纠纷化解案例。", items))
    honors = sorted((h.record for h in data.honors), key=lambda h: (-_honor_day(h).toordinal(), h.id))
    if honors:
        mediators = {m.record.id: m.record.name for m in data.mediators}
        items = []
        for h in honors:
            r = h.recipient
            who = mediators.get(r.mediator or "") or (config.region_map[r.region].name if r.region else r.unit or "")
            day = _honor_day(h)
            when = datetime(day.year, day.month, day.day, tzinfo=zone)
            text = f"{who}获得{h.level}荣誉“{h.name}”（{h.when()}，{h.awarding_body}）。"
            credit = safe.html("<p>出处：{}</p>", h.source)
            items.append(FeedItem(f"{base}honors/#{h.id}", f"{who}：{h.name}（{h.when()}）", when, when,
                                  safe.html("<p>{}</p>", text) + credit, text, ((h.level, base + urls.HONORS),),
                                  credit=credit))
        out.update(feed_pair(config, "honors/", f"{config.site.name}·荣誉", "平安建设荣誉与表彰。", items))
    return out


def _honor_day(h: Honor) -> date:
    """An honor's day in its feed: the day it went on the site, else the report's day (when it is of the honor's
    year), else its year's first day (a feed item must have a date)."""
    if h.published is not None:
        return h.published
    if h.reported is not None and h.reported.year == h.sort_year:
        return h.reported
    return date(h.sort_year, 1, 1)

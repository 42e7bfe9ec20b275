"""Page renderers: the site model in, one PageSpec (template + plain data) per output page out."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import urls
from ..content.common import Unread
from ..content.dataset import Dataset
from ..errors import Collector, Problem
from ..model import Entry, Site
from ..outputs.images import ImageRef
from ..privacy import allowed, scan
from ..publish.cache import Memo, Store
from . import share
from .indexes import region_index, search_page, tag_index
from .pager import pagination
from .records import RecordPages
from .references import References, picture_html
from .sitelinks import site_links
from .sitemap_page import site_map
from .spec import PageSpec, column_section, feed_folders, feed_links, feed_pair
from .summary import summary_of

# What in a body can name a picture or a page that is not there: Markdown's ]( or ]: and raw HTML's tags.
_REFERS = re.compile(r"\]\(|\]:|<")


@dataclass
class Rendered:
    """Output of the render stage."""

    pages: list[PageSpec]
    bodies: dict[str, str]  # story id -> body HTML with links relative to the story page
    summaries: dict[str, str]  # story id -> summary text
    images: list[ImageRef] = field(default_factory=list)
    case_bodies: dict[str, str] = field(default_factory=dict)  # case id -> body HTML, relative to the case page


def display_date(entry: Entry) -> str:
    return f"{entry.date:%Y-%m-%d}"


NAMED_WITHIN = 800  # characters of a story's text a mediator's page looks for its name in


class Renderer:
    """Renders every page of a site. Reads nothing from disk except image headers via the resolver."""

    def __init__(self, site: Site, root: Path, collector: Collector, dataset: Dataset | None = None,
                 store: Store | None = None, memo: Memo | None = None) -> None:
        self.site = site
        self.config = site.config
        self.root = root
        self.bodies: dict[str, str] = {}
        self.summaries: dict[str, str] = {}
        self.known: set[str] = set()  # the site paths a link may name, once the page specs are made
        self.feed_ids: dict[str, str] = {}  # story id -> the address the feeds name it by, where not its own
        self.cards: dict[str, dict[str, Any]] = {}  # story id -> the parts of its card every page shares
        self.allow: frozenset[str] | None = None  # the privacy allow-list, made when a summary is first checked
        self.dataset = dataset
        page_of_file = {e.story.file.resolve(): e.url for e in site.entries}
        if dataset is not None:  # links to record files lead to their pages
            record_pages = [(c.path, urls.case(c.record.id)) for c in dataset.cases]
            record_pages += [(m.path, urls.mediator(m.record.id)) for m in dataset.mediators]
            record_pages += [(h.path, urls.HONORS) for h in dataset.honors]
            record_pages += [(m.path, urls.DATA) for m in dataset.metrics]
            page_of_file.update({(root / path).resolve(): url for path, url in record_pages})
        self.refs = References(root, self.config, collector, page_of_file,
                               {s.file.resolve() for s in [*site.drafts, *site.scheduled]}, memo)
        # what a mediator's page looks for its name in: each published story's title, subtitle, summary and the
        # opening of its text (where a story names whom it is about; the whole text of 5,000 stories, searched for
        # each of 100 names, would cost about a second)
        news = [(f"{e.title}\n{e.story.meta.subtitle}\n{e.story.meta.summary}\n{e.story.body[:NAMED_WITHIN]}", e.title,
                 e.url, display_date(e)) for e in site.entries if not (e.draft or e.scheduled)]
        self.records = RecordPages(self.config, dataset, self.refs.markdown_html, self.refs.picture_html,
                                   set(site.by_region), memo, news) if dataset else None
        self.region_pages: set[str] = self.records.region_pages if self.records else set(site.by_region)

    # -- entry point -------------------------------------------------------------------------------

    def render(self) -> Rendered:
        """Render story bodies first (lists need their summaries), then every page."""
        self.bodies_html()
        return self.page_specs()

    def bodies_html(self) -> list[ImageRef]:
        """Convert every story body; returns the images known so far (covers and the bodies' images)."""
        entries = self.site.entries
        self.refs.markdown_many([(e.story.body, e.url, e.story.path, e.story.body_line, "正文") for e in entries],
                                lambda i, body: self._set_body(entries[i], body))
        return self._images()

    def check_unpublished(self, unread: Sequence[Unread] = ()) -> None:
        """The bodies of the stories this build leaves out (drafts, scheduled, awaiting review), converted only for
        their problems: a missing picture or a broken link there is a warning now, not an error met one at a time
        once the story is published. So are the bodies of stories whose headers have errors (`unread`): their
        problems are errors, said in the same round as the header's."""
        site = self.site
        seen = {entry.story.path for entry in site.entries}  # the preview renders them as pages already
        left: list[tuple[str, str, int, str, str | None]] = [
            (s.path, s.body, s.body_line, urls.story(s.date, s.id), label)
                for stories, label in ((site.drafts, ""), (site.scheduled, "定时发布的稿件："),
                                       (site.unreviewed, "三审未完成的稿件：")) for s in stories]
        # a story whose header has errors (label None) has no address yet: links relative to it are not read, and
        # its links to site paths are checked here (the site's were checked with the page specs)
        left += [(u.path, u.body, u.body_line, urls.NEWS, None) for u in unread]
        for path, body, body_line, page_url, label in left:
            if path in seen or not _REFERS.search(body):
                continue  # said once (a scheduled story awaiting review is in two lists); no picture, no link
            seen.add(path)
            # convert() only probes the pictures a draft names (refs.images, the published ones, is left alone)
            converted = self.refs.convert(body, page_url, path, body_line, "正文", page_known=label is not None)
            if label is None and self.known:  # a story to be published: its links to site paths too
                self.refs.check_links(site_links(converted.links, body, path, body_line, "正文"), self.known)
            for problem in converted.problems:  # a draft's: made a warning by the collector (草稿：…)
                self.refs.collector.add(problem if not label else replace(
                    problem, level="warning", message=label + problem.message,
                    hint=f"{problem.hint}（发布以前要改好）" if problem.hint else "发布以前要改好。"))

    def _images(self) -> list[ImageRef]:
        return [ref for entry in self.site.entries if (ref := entry.story.cover)] + list(self.refs.images.values())

    def page_specs(self) -> Rendered:
        """Every page's spec, once the bodies are converted (bodies_html)."""
        records = self.records
        pages = [self._home(records.home_extras("") if records else None)]
        for column in self.config.columns:
            pages += self._listing(self.site.by_column[column.id], urls.column(column.id), column.name,
                                   column.description, "column", column.id, nav_title=column.name)
        pages += self._listing(self.site.entries, urls.NEWS, "全部新闻", "本站发布的全部新闻，按时间倒序排列。", "news")
        for year, entries in self.site.by_year.items():
            pages += self._listing(entries, urls.year(year), f"{year}年新闻", f"{year}年发布的新闻。", "year",
                                   crumbs=(("全部新闻", urls.NEWS),))
        for tag in self.site.tags:
            pages += self._listing(tag.entries, tag.url, f"标签：{tag.name}", f"带有“{tag.name}”标签的新闻。", "tag")
        for region_id in [r for r in self.config.region_map if r in self.region_pages]:
            region = self.config.region_map[region_id]
            extra = records.region_extras(region_id, urls.region(region_id)) if records else None
            about = (f"{region.name}及所辖地区的平安建设新闻、案例、调解员和荣誉，以及{region.name}本级的工作数据"
                     "（所辖地区的数据在各自的页面上）。" if region.children else
                     f"{region.name}的平安建设新闻、案例、调解员、荣誉和工作数据。")
            pages += self._listing(self.site.by_region.get(region_id, []), urls.region(region_id), region.name,
                                   about, "region",
                                   extra=extra, crumbs=(("按地区浏览", urls.REGIONS), *(
                                       (r.name, urls.region(r.id)) for r in self.config.region_chain(region_id)[:-1]
                                       if r.id in self.region_pages)))
        pages += [tag_index(self.site), region_index(self.site, self.records, self.region_pages),
                  search_page(self.config)]
        if records is not None:
            pages += records.pages()
        pages.append(site_map(self.site, {p.url for p in pages}))
        # Stories last, after the site map (made from the other pages' addresses); each story's QR code is drawn
        # where its page is rendered (render/loop.py).
        pages += [self._story(entry) for entry in self.site.entries]
        data = self.dataset
        self.refs.feed_folders = frozenset(feed_folders(self.config, self.site.by_region, bool(data and data.cases),
                                                        bool(data and data.honors)))
        self.known = self.refs.check_site_links(pages, self._unloaded())
        return Rendered(pages, self.bodies, self.summaries, self._images(), records.case_bodies if records else {})

    def _unloaded(self) -> set[str]:
        """The pages of the case and mediator files this build could not read: a link to one is no broken link to
        look for (the file's own problem is said). A draft's page is not among them: a link to it is broken."""
        data = self.dataset
        if data is None:
            return set()
        drafts = {Path(path).stem for path in data.drafts}
        cases = data.present["cases"] - {c.record.id for c in data.cases} - drafts
        mediators = data.present["mediators"] - {m.record.id for m in data.mediators} - drafts
        return {urls.case(i) for i in cases} | {urls.mediator(i) for i in mediators}

    # -- stories -----------------------------------------------------------------------------------

    def story_page(self, entry: Entry, collector: Collector) -> PageSpec:
        """One story's page on its own, body converted again (the preview's quick path after an edit);
        problems in the body go to `collector`, not to the finished build's."""
        previous, self.refs.collector = self.refs.collector, collector
        try:
            self._render_body(entry)
        finally:
            self.refs.collector = previous
        return self._story(entry)

    def _render_body(self, entry: Entry) -> None:
        story = entry.story
        self._set_body(entry, self.refs.markdown_html(story.body, entry.url, story.path, story.body_line, "正文"))

    def _set_body(self, entry: Entry, body: str) -> None:
        story = entry.story
        self.bodies[story.id] = body
        self.summaries[story.id] = summary_of(entry.story.meta.summary, body)
        if not story.meta.summary:
            self._check_summary(entry)
        self.cards.pop(story.id, None)  # its card shows the summary (the preview renders an edited story anew)
        # Nothing reads the Markdown text again (the preview reloads a story it renders anew): let it go,
        # ~5 KB a story, 50 MB of a 10,000-story build's peak.
        entry.story = replace(story, body="")

    def _check_summary(self, entry: Entry) -> None:
        """An automatic summary joins what the body keeps apart (a table's cells, short paragraphs): the personal-
        data gate, which read the body, reads the joined text too, as pages, feeds and search will show it."""
        if self.allow is None:
            self.allow = allowed(self.config.public_contacts)
        for finding in scan(self.summaries[entry.id], self.allow):
            if any(p.path == entry.story.path and p.message == finding.message() for p in self.refs.collector.problems):
                continue  # the body's own scan named it (`pingan check` goes on after it to read every body)
            self.refs.collector.add(Problem(
                entry.story.path, entry.story.body_line, "摘要（从正文自动截取）", finding.message(),
                "正文里分开写的数字（表格的几格、几个短段落）在自动摘要里连成了一串，看起来像个人信息。"
                "请在信息区写上 summary（摘要），并核对正文。", finding.level))

    def _card(self, entry: Entry, page_url: str, with_cover: bool = False) -> dict[str, Any]:
        """A story as a list shows it, linked from `page_url`. A story is a card on ~14 pages (its column, the
        archive, its year, tags and regions, beside related stories), so what does not depend on the page is
        made once (71,621 cards at 5,000 stories: 0.84 s made whole each time)."""
        same = self.cards.get(entry.id)
        if same is None:
            same = self.cards[entry.id] = {
                "title": entry.title, "url": "", "date": display_date(entry), "iso": entry.date.isoformat(),
                "column": entry.column.name, "column_url": "", "region": entry.region.name if entry.region else "",
                "summary": self.summaries[entry.id], "cover": None, "draft": entry.draft,
                "scheduled": entry.scheduled,
            }
        card = same.copy()  # keys stay in this order: the order is part of the page's data
        card["url"] = urls.relative(entry.url, page_url)
        card["column_url"] = urls.relative(urls.column(entry.column.id), page_url)
        if with_cover and entry.story.cover is not None:
            card["cover"] = picture_html(entry.story.cover, entry.story.meta.cover_alt or "", page_url, lazy=True,
                                         sizes="(max-width: 760px) 100vw, 480px")
        return card

    def _story(self, entry: Entry) -> PageSpec:
        meta = entry.story.meta
        page = entry.url

        def link(target: str) -> str:
            return urls.relative(target, page)

        roles: dict[str, list[str]] = {}
        for author in meta.authors:
            roles.setdefault(author.role, []).append(author.name)
        cover = None
        if entry.story.cover is not None:
            cover = picture_html(entry.story.cover, meta.cover_alt or "", page, lazy=False,
                                  sizes="(max-width: 960px) 100vw, 960px")
        base = self.config.site.base_url
        absolute = urls.absolute(base, page)
        image = urls.absolute(base, entry.story.cover.largest.jpeg) if entry.story.cover else None
        summary = self.summaries[entry.id]
        published, modified = entry.date.isoformat(), entry.story.updated.isoformat()
        tags = [t.name for t in entry.tags]
        context = {
            "kind": "story",
            "share": {"url": absolute, "image": image, "image_alt": meta.cover_alt or "",
                      "published": published, "modified": modified, "tags": tags},
            "jsonld": share.news_article(
                url=absolute, title=meta.title, published=published, modified=modified, section=entry.column.name,
                keywords=tags, description=summary, image=image, authors=[a.name for a in meta.authors],
                publisher=self.config.identity.host, source=meta.source),
            "gov": {"ColumnName": entry.column.name, "ArticleTitle": meta.title,
                    "PubDate": f"{entry.date:%Y-%m-%d %H:%M}", "ContentSource": meta.source,
                    "Keywords": ",".join(tags), "Description": summary},
            "description": summary,
            "title": meta.title,
            "subtitle": meta.subtitle,
            "date": f"{entry.date:%Y-%m-%d %H:%M}",
            "iso": entry.date.isoformat(),
            "updated": f"{meta.updated:%Y-%m-%d %H:%M}" if meta.updated else "",
            "source": meta.source,
            "source_url": meta.source_url,
            "cite": meta.cite,
            "authors": [{"role": role, "names": names} for role, names in roles.items()],
            "column": {"id": entry.column.id, "name": entry.column.name, "url": link(urls.column(entry.column.id))},
            "regions": [{"name": r.name, "url": link(urls.region(r.id))} for r in entry.regions],
            "tags": [{"name": t.name, "url": link(t.url)} for t in entry.tags],
            "cover": cover,
            "cover_alt": meta.cover_alt or "",
            "cover_caption": meta.cover_caption,
            "summary": self.summaries[entry.id],
            "breadcrumb": [{"name": "首页", "url": link("")},
                           {"name": entry.column.name, "url": link(urls.column(entry.column.id))}],
            "previous": self._neighbour(entry.previous, page),
            "next": self._neighbour(entry.next, page),
            "related": [self._card(other, page) for other in entry.related],
            "feeds": feed_links(self.config, column_section(self.config, entry.column.id)),
            "draft": entry.draft,
            "scheduled": entry.scheduled,
            # a moved story's page says the address the feeds go on naming it by, for the build after its next move
            "feed_id": feed_id if (feed_id := self.feed_ids.get(entry.id, page)) != page else None,
        }
        return PageSpec(page, meta.title, "story.html", context, content=self.bodies[entry.id], search=True,
                        lastmod=entry.story.updated.isoformat(), section=urls.column(entry.column.id))

    def _neighbour(self, entry: Entry | None, page_url: str) -> dict[str, str] | None:
        if entry is None:
            return None
        return {"title": entry.title, "url": urls.relative(entry.url, page_url), "date": display_date(entry)}

    # -- listings ----------------------------------------------------------------------------------

    def _listing(self, entries: list[Entry], base: str, heading: str, description: str, kind: str,
                 column_id: str | None = None, nav_title: str = "",
                 extra: dict[str, Any] | None = None, crumbs: tuple[tuple[str, str], ...] = ()) -> list[PageSpec]:
        """A list's pages; `crumbs`: (name, address) of the pages between the home page and this one."""
        size = self.config.listing.page_size
        feeds = feed_links(self.config, column_section(self.config, column_id) if column_id else None)
        # a region with stories has feeds of its own (outputs/feeds.py): named in its pages' <head> too, with the
        # small sitemap index Material's script fetches beside every feed link (its pages are its section)
        own = feed_pair(f"{self.config.site.name}·{heading}", base) if kind == "region" and entries else []
        section = base if own else ""
        feeds = own + feeds  # its own first
        total = max(1, math.ceil(len(entries) / size))
        specs = []
        for number in range(1, total + 1):
            chunk = entries[(number - 1) * size:number * size]
            page = urls.paged(base, number)
            title = heading if number == 1 else f"{heading}（第 {number} 页）"
            context = {
                "kind": kind,
                "heading": heading,
                "description": description,
                "items": [self._card(e, page) for e in chunk],
                "pagination": pagination(base, number, total, len(entries)),
                "feeds": feeds,
                "breadcrumb": [{"name": name, "url": urls.relative(url, page)}
                               for name, url in (("首页", ""), *crumbs)],
                # the feed of this list itself, shown on it: a column's, or a region's (which has stories)
                "own_feeds": feeds[:-2],
                "records": extra if number == 1 else None,
                "gov": {"ColumnName": heading, "Description": description},
            }
            newest = max((e.story.updated for e in chunk), default=None)
            specs.append(PageSpec(page, title, "list.html", context, nav_title=nav_title if number == 1 else "",
                                  lastmod=newest.isoformat() if newest else None, section=section))
        return specs

    # -- home --------------------------------------------------------------------------------------

    def _home(self, showcase: dict[str, Any] | None) -> PageSpec:
        page = ""
        per = self.config.listing.home_per_column
        # the newest published story with a cover picture (in the preview too: a draft is no 头条 until published)
        lead = next((e for e in self.site.entries if e.story.cover is not None and not (e.draft or e.scheduled)), None)
        sections = []
        for column in self.config.columns:
            entries = self.site.by_column[column.id]
            sections.append({
                "name": column.name,
                "description": column.description,
                "url": urls.relative(urls.column(column.id), page),
                "items": [self._card(e, page) for e in entries[:per]],
                "more": len(entries) > per,
            })
        context = {
            "kind": "home",
            "showcase": showcase,
            "lead": self._card(lead, page, with_cover=True) if lead else None,
            "sections": sections,
            "years": [{"year": y, "url": urls.relative(urls.year(y), page), "count": len(v)}
                      for y, v in self.site.by_year.items()],
            "all_news": urls.relative(urls.NEWS, page),
            "tags_url": urls.relative(urls.TAGS, page),
            "regions_url": urls.relative(urls.REGIONS, page),
            "top_tags": [{"name": t.name, "url": urls.relative(t.url, page)} for t in self.site.tags[:20]],
            "feeds": feed_links(self.config),
        }
        newest = self.site.newest
        return PageSpec(page, self.config.site.name, "home.html", context, nav_title="首页",
                        lastmod=newest.isoformat() if newest else None)


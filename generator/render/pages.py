"""Page renderers: the site model in, one PageSpec (template + plain data) per output page out."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from .. import urls
from ..content.dataset import Dataset
from ..errors import Collector, Problem
from ..images import ImageProblem, ImageRef, probe
from ..model import Entry, Site
from . import share
from .markdown import BodyRenderer, RenderState, picture
from .records import DATA, HONORS, RecordPages, case_url, mediator_url
from .spec import PageSpec, column_section, feed_links

SUMMARY_CHARS = 110
CACHE_DIR = ".pingan-cache"  # beside site_config.yml; build.py keeps images there too
IMAGE_HINT = "检查文件名（区分大小写）和路径；图片路径相对于这个文件所在的文件夹，或以 / 开头表示相对 content/。"


@dataclass(frozen=True)
class SiteLink:
    """A link in Markdown to a site path, checked once every page (or, in a build, every file) exists."""

    source: str
    line: int | None
    field: str
    href: str
    site_path: str


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


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    text = lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()
    return re.sub(r"\s+", " ", text).strip()


def _summary(entry: Entry, body_html: str) -> str:
    if entry.story.meta.summary:
        return entry.story.meta.summary.strip()
    text = _html_text(body_html)
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + "…"


def _picture_html(ref: ImageRef, alt: str, page_url: str, lazy: bool, sizes: str) -> str:
    return etree.tostring(picture(ref, alt, page_url, lazy=lazy, sizes=sizes), encoding="unicode",
                          method="html")


class Renderer:
    """Renders every page of a site. Reads nothing from disk except image headers via the resolver."""

    def __init__(self, site: Site, root: Path, collector: Collector, dataset: Dataset | None = None,
                 write_cache: bool = False) -> None:
        self.site = site
        self.config = site.config
        self.root = root
        self.collector = collector
        self.write_cache = write_cache  # builds keep QR codes in .pingan-cache/; checks write nothing
        self.content_dir = (root / "content").resolve()
        self.markdown = BodyRenderer()
        self.bodies: dict[str, str] = {}
        self.summaries: dict[str, str] = {}
        self.images: dict[str, ImageRef] = {}
        self.missing_pictures: set[tuple[str, str]] = set()
        self.site_links: list[SiteLink] = []
        self.page_of_file: dict[Path, str] = {e.story.file.resolve(): e.url for e in site.entries}
        self.unpublished_files = {s.file.resolve() for s in [*site.drafts, *site.scheduled]}
        self.records = RecordPages(self.config, dataset, self.markdown_html, self.picture_html,
                                   set(site.by_region)) if dataset else None
        self.region_pages: set[str] = self.records.region_pages if self.records else set(site.by_region)
        if dataset is not None:  # links to record files lead to their pages
            record_pages: list[tuple[str, str]] = [(c.path, case_url(c.record.id)) for c in dataset.cases]
            record_pages += [(m.path, mediator_url(m.record.id)) for m in dataset.mediators]
            record_pages += [(h.path, HONORS) for h in dataset.honors] + [(m.path, DATA) for m in dataset.metrics]
            self.page_of_file.update({(root / path).resolve(): url for path, url in record_pages})

    # -- entry point -------------------------------------------------------------------------------

    def render(self) -> Rendered:
        """Render story bodies first (lists need their summaries), then every page."""
        if self.write_cache:
            from ..images import workers

            share.prepare_qr([urls.absolute(self.config.site.base_url, e.url) for e in self.site.entries],
                             self.root / CACHE_DIR / "qr", workers())
        for entry in self.site.entries:
            self._render_body(entry)
        records = self.records
        pages = [self._home(records.home_extras("") if records else None)]
        pages += [self._story(entry) for entry in self.site.entries]
        for column in self.config.columns:
            pages += self._listing(self.site.by_column[column.id], urls.column(column.id), column.name,
                                   column.description, "column", column.id, nav_title=column.name)
        pages += self._listing(self.site.entries, urls.NEWS, "全部新闻", "本站发布的全部新闻，按时间倒序排列。", "news")
        for year, entries in self.site.by_year.items():
            pages += self._listing(entries, urls.year(year), f"{year} 年新闻", f"{year} 年发布的新闻。", "year")
        for tag in self.site.tags:
            pages += self._listing(tag.entries, tag.url, f"标签：{tag.name}", f"带有“{tag.name}”标签的新闻。", "tag")
        for region_id in [r for r in self.config.region_map if r in self.region_pages]:
            region = self.config.region_map[region_id]
            extra = records.region_extras(region_id, urls.region(region_id)) if records else None
            pages += self._listing(self.site.by_region.get(region_id, []), urls.region(region_id), region.name,
                                   f"{region.name}及所辖地区的平安建设新闻、案例、调解员、荣誉和数据。", "region",
                                   extra=extra)
        pages += [self._tag_index(), self._region_index(), self._search_page()]
        if records is not None:
            pages += records.pages()
        self.check_site_links(pages)
        images = [ref for entry in self.site.entries if (ref := entry.story.cover)] + list(self.images.values())
        return Rendered(pages, self.bodies, self.summaries, images, records.case_bodies if records else {})

    # -- stories -----------------------------------------------------------------------------------

    def _target(self, ref: str, source: str, what: str) -> Path:
        """The file `ref` names, written in `source`: relative to its folder, or to content/ with a leading /."""
        base = (self.root / source).parent
        target = (self.content_dir / ref.lstrip("/") if ref.startswith("/") else base / ref).resolve()
        if not target.is_relative_to(self.content_dir):
            raise ImageProblem(f"{what}指向 content/ 以外的文件：", "只能引用 content/ 目录里的文件（"
                                                            "也不能通过 ../ 或快捷方式"
                               "（符号链接）跳出去）；请把文件复制进 content/images/。")
        return target

    def _resolve(self, src: str, source: str) -> ImageRef:
        """The image `src` as written in `source`; raises ImageProblem with the reason it cannot be used."""
        target = self._target(src, source, "图片")
        key = str(target)
        if key not in self.images:
            try:
                self.images[key] = probe(target, self.config.images.max_width)
            except ImageProblem as exc:
                hint = IMAGE_HINT if "找不到" in str(exc) else "请换一张 JPG、PNG、WebP 或不含脚本的 SVG 图片。"
                raise ImageProblem(f"{exc}：", hint) from None
        return self.images[key]

    def _link_target(self, ref: str, source: str) -> str:
        """The page a link to a content file (a story .md, a case or mediator .yml) becomes."""
        target = self._target(ref, source, "链接")
        url = self.page_of_file.get(target)
        if url is not None:
            return url
        if target in self.unpublished_files:
            raise ImageProblem("链接的稿件是草稿或尚未到发布时间：", "等那篇稿件发布后再加链接，或先删除这个链接。")
        raise ImageProblem("链接的文件不存在：", "检查文件名和路径；路径相对于这个文件所在的文件夹，"
                                        "或以 / 开头表示相对 content/。")

    def markdown_html(self, text: str, page_url: str, source: str, first_line: int | None, field: str) -> str:
        """Sanitised HTML for a Markdown text from the file `source` (relative to the site root).

        Images and links resolve against the file's folder (or content/ when written with a leading /).
        Every problem (missing image or alt text, broken link, unsafe HTML) is reported with file and line.
        """
        if not text.strip():
            return ""
        state = RenderState(lambda src: self._resolve(src, source), page_url,
                            link=lambda ref: self._link_target(ref, source),
                            iframe_hosts=frozenset(self.config.security.iframe_hosts))
        html = self.markdown.render(text, state)
        for finding in state.findings:
            line = _line_of(text, finding.needle, first_line) if first_line is not None else None
            self.collector.add(Problem(source, line, field, finding.message, finding.hint))
        for href, site_path in state.site_links:
            line = _line_of(text, href, first_line) if first_line is not None else None
            self.site_links.append(SiteLink(source, line, field, href, site_path))
        return html

    def picture_html(self, src: str, alt: str, page_url: str, source: str, line: int | None, field: str,
                     sizes: str) -> str | None:
        """A <picture> for an image named in a record field; a problem is reported (once) like a Markdown image's."""
        try:
            ref = self._resolve(src, source)
        except ImageProblem as exc:
            if (source, src) not in self.missing_pictures:
                self.missing_pictures.add((source, src))
                self.collector.add(Problem(source, line, field, f"{exc.args[0]}{src}", exc.args[1]))
            return None
        return _picture_html(ref, alt, page_url, lazy=True, sizes=sizes)

    def check_site_links(self, pages: list[PageSpec], out_dir: Path | None = None) -> None:
        """Every site path a Markdown link names must be a page (or, once built, a file) of this site."""
        known = {page.url for page in pages}
        for link in self.site_links:
            path = link.site_path
            if path in known or (path + "/") in known:
                continue
            if out_dir is None and "." in path.rsplit("/", 1)[-1]:
                continue  # a feed, data file or image: checked against the built site
            if out_dir is not None and ((out_dir / path).is_file() or (out_dir / path / "index.html").is_file()):
                continue
            self.collector.add(Problem(link.source, link.line, link.field, f"站内链接 {link.href} 指向的页面不存在",
                                       "检查网址拼写；链接其他稿件时，直接写那篇稿件的文件路径，"
                                       "例如 ../2021/wuwei.md。"))

    def _render_body(self, entry: Entry) -> None:
        story = entry.story
        body = self.markdown_html(story.body, entry.url, story.path, story.body_line, "正文")
        self.bodies[story.id] = body
        self.summaries[story.id] = _summary(entry, body)

    def _card(self, entry: Entry, page_url: str, with_cover: bool = False) -> dict[str, Any]:
        cover = None
        if with_cover and entry.story.cover is not None:
            cover = _picture_html(entry.story.cover, entry.story.meta.cover_alt or "", page_url, lazy=True,
                                  sizes="(max-width: 760px) 100vw, 480px")
        return {
            "title": entry.title,
            "url": urls.relative(entry.url, page_url),
            "date": display_date(entry),
            "iso": entry.date.isoformat(),
            "column": entry.column.name,
            "column_url": urls.relative(urls.column(entry.column.id), page_url),
            "region": entry.region.name if entry.region else "",
            "summary": self.summaries[entry.id],
            "cover": cover,
            "draft": entry.draft,
            "scheduled": entry.scheduled,
        }

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
            cover = _picture_html(entry.story.cover, meta.cover_alt or "", page, lazy=False,
                                  sizes="(max-width: 960px) 100vw, 960px")
        base = self.config.site.base_url
        absolute = urls.absolute(base, page)
        image = urls.absolute(base, entry.story.cover.largest.jpeg) if entry.story.cover else None
        summary = self.summaries[entry.id]
        published, modified = entry.date.isoformat(), entry.story.updated.isoformat()
        tags = [t.name for t in entry.tags]
        context = {
            "kind": "story",
            "share": {"url": absolute, "qr": share.qr_svg(absolute, self.root / CACHE_DIR / "qr", self.write_cache),
                      "image": image, "image_alt": meta.cover_alt or "",
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
            "summary": self.summaries[entry.id],
            "breadcrumb": [{"name": "首页", "url": link("")},
                           {"name": entry.column.name, "url": link(urls.column(entry.column.id))}],
            "previous": self._neighbour(entry.previous, page),
            "next": self._neighbour(entry.next, page),
            "related": [self._card(other, page) for other in entry.related],
            "feeds": feed_links(self.config, column_section(self.config, entry.column.id)),
            "draft": entry.draft,
            "scheduled": entry.scheduled,
        }
        return PageSpec(page, meta.title, "story.html", context, content=self.bodies[entry.id], search=True,
                        lastmod=entry.story.updated.isoformat())

    def _neighbour(self, entry: Entry | None, page_url: str) -> dict[str, str] | None:
        if entry is None:
            return None
        return {"title": entry.title, "url": urls.relative(entry.url, page_url), "date": display_date(entry)}

    # -- listings ----------------------------------------------------------------------------------

    def _listing(self, entries: list[Entry], base: str, heading: str, description: str, kind: str,
                 column_id: str | None = None, nav_title: str = "",
                 extra: dict[str, Any] | None = None) -> list[PageSpec]:
        size = self.config.listing.page_size
        feeds = feed_links(self.config, column_section(self.config, column_id) if column_id else None)
        total = max(1, math.ceil(len(entries) / size))
        specs = []
        for number, chunk in enumerate(_chunks(entries, size, total), start=1):
            page = urls.paged(base, number)
            pagination = {
                "number": number,
                "total": total,
                "count": len(entries),
                "previous": urls.relative(urls.paged(base, number - 1), page) if number > 1 else None,
                "next": urls.relative(urls.paged(base, number + 1), page) if number < total else None,
                "pages": [{"number": n, "url": urls.relative(urls.paged(base, n), page), "current": n == number}
                          for n in _page_window(number, total)],
            }
            title = heading if number == 1 else f"{heading}（第 {number} 页）"
            context = {
                "kind": kind,
                "heading": heading,
                "description": description,
                "items": [self._card(e, page) for e in chunk],
                "pagination": pagination,
                "feeds": feeds,
                "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}],
                "column_feeds": feeds[2:],
                "records": extra if number == 1 else None,
                "gov": {"ColumnName": heading, "Description": description},
            }
            newest = max((e.story.updated for e in chunk), default=None)
            specs.append(PageSpec(page, title, "list.html", context, nav_title=nav_title if number == 1 else "",
                                  lastmod=newest.isoformat() if newest else None))
        return specs

    def _search_page(self) -> PageSpec:
        page = urls.SEARCH
        return PageSpec(page, "站内搜索", "search.html", {
            "kind": "search", "heading": "站内搜索", "bundle": urls.relative("pagefind/", page),
            "tags_url": urls.relative(urls.TAGS, page), "regions_url": urls.relative(urls.REGIONS, page),
            "news_url": urls.relative(urls.NEWS, page),
            "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}], "feeds": feed_links(self.config)})

    def _tag_index(self) -> PageSpec:
        page = urls.TAGS
        items = [{"name": t.name, "url": urls.relative(t.url, page), "count": len(t.entries)}
                 for t in self.site.tags]
        return PageSpec(page, "全部标签", "terms.html",
                        {"kind": "tags", "heading": "全部标签", "terms": items,
                         "feeds": feed_links(self.config),
                         "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}]})

    def _region_index(self) -> PageSpec:
        page = urls.REGIONS

        def tree(regions: list[Any]) -> list[dict[str, Any]]:
            return [{"name": r.name, "level": r.level,
                     "url": urls.relative(urls.region(r.id), page) if r.id in self.region_pages else None,
                     "count": len(self.site.by_region.get(r.id, [])), "children": tree(r.children)}
                    for r in regions]

        return PageSpec(page, "地区", "terms.html",
                        {"kind": "regions", "heading": "按地区浏览", "tree": tree(self.config.regions),
                         "feeds": feed_links(self.config),
                         "breadcrumb": [{"name": "首页", "url": urls.relative("", page)}]})

    # -- home --------------------------------------------------------------------------------------

    def _home(self, showcase: dict[str, Any] | None) -> PageSpec:
        page = ""
        per = self.config.listing.home_per_column
        lead = next((e for e in self.site.entries if e.story.cover is not None), None)
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


def _chunks(entries: list[Entry], size: int, total: int) -> Iterator[list[Entry]]:
    for n in range(total):
        yield entries[n * size:(n + 1) * size]


def _page_window(number: int, total: int, spread: int = 2) -> list[int]:
    """Page numbers shown in the pager: first, last and a few around the current one."""
    shown = {1, total, *range(max(1, number - spread), min(total, number + spread) + 1)}
    return sorted(shown)


def _line_of(body: str, needle: str, first_line: int) -> int | None:
    for n, line in enumerate(body.split("\n")):
        if needle in line:
            return first_line + n
    return None


"""RSS 2.0 and Atom feeds (feedgen), for the whole site and per column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import html as lxml_html

from . import urls
from .config import SiteConfig
from .model import Entry, Site

GENERATOR = "pingan"


@dataclass(frozen=True)
class FeedItem:
    """What a feed needs of one story, with every URL already absolute."""

    entry: Entry
    url: str
    html: str  # full text, absolute URLs
    summary: str


def absolute_html(fragment: str, page_url: str) -> str:
    """Make every link and image in `fragment` absolute; <picture> becomes its plain <img>."""
    if not fragment.strip():
        return ""
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
    root.make_links_absolute(page_url, resolve_base_href=False)
    out = (root.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    return out


def feed_items(site: Site, bodies: dict[str, str], summaries: dict[str, str]) -> dict[str, FeedItem]:
    """One FeedItem per published story, keyed by story id."""
    base = site.config.site.base_url
    items = {}
    for entry in site.entries:
        url = urls.absolute(base, entry.url)
        cover = ""
        if entry.story.cover is not None:
            v = entry.story.cover.default
            cover = (f'<p><img src="{base}{v.jpeg}" width="{v.width}" height="{v.height}" '
                     f'alt="{_attr(entry.story.meta.cover_alt or "")}"></p>')
        html = cover + absolute_html(bodies[entry.id], url)
        items[entry.id] = FeedItem(entry, url, html, summaries[entry.id])
    return items


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _byline(entry: Entry) -> list[str]:
    return [f"{a.role} {a.name}" for a in entry.story.meta.authors]


def _generator(config: SiteConfig, title: str, description: str, page_url: str, self_url: str,
               updated: datetime | None, atom: bool) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(page_url)
    fg.title(title)
    fg.language("zh-CN")
    fg.generator(GENERATOR)
    fg.rights(f"© {config.identity.host}")
    fg.author({"name": config.identity.host})
    if atom:
        fg.subtitle(description)
        fg.link(href=page_url, rel="alternate")
        fg.link(href=self_url, rel="self")
    else:
        fg.load_extension("dc")
        fg.description(description)
        # The RSS <link> is taken from the last link() call, so the self link must come first.
        fg.link(href=self_url, rel="self")
        fg.link(href=page_url, rel="alternate")
    stamp = updated or datetime(2000, 1, 1, tzinfo=config.zone)  # an empty feed still builds reproducibly
    if atom:
        fg.updated(stamp)
    else:
        fg.lastBuildDate(stamp)
    return fg


def _add(fg: FeedGenerator, item: FeedItem, atom: bool) -> None:
    meta = item.entry.story.meta
    fe = fg.add_entry(order="append")
    fe.id(item.url)
    fe.title(meta.title)
    fe.link(href=item.url, rel="alternate")
    fe.published(item.entry.date)
    fe.updated(item.entry.story.updated)
    for tag in [item.entry.column.name, *meta.tags]:
        fe.category(term=tag)
    if atom:
        fe.summary(item.summary)
        fe.content(item.html, type="html")
        for line in _byline(item.entry):
            fe.author(name=line)
    else:
        fe.guid(item.url, permalink=True)
        fe.description(item.summary)
        fe.content(item.html, type="CDATA")
        byline = _byline(item.entry)
        if byline:
            fe.dc.dc_creator(byline)


def render_feeds(site: Site, items: dict[str, FeedItem]) -> dict[str, bytes]:
    """Every feed file, keyed by its path in the site."""
    config = site.config
    base = config.site.base_url
    limit = config.feeds.items
    groups: list[tuple[str, str, str, list[Entry]]] = [
        ("", config.site.name, config.site.description or config.site.name, site.entries)]
    for column in config.columns:
        groups.append((urls.column(column.id), f"{config.site.name}·{column.name}",
                       column.description or column.name, site.by_column[column.id]))
    out: dict[str, bytes] = {}
    for prefix, title, description, entries in groups:
        chosen = entries[:limit]  # newest first
        updated = max((e.story.updated for e in chosen), default=None)
        for name, atom in (("feed.xml", False), ("atom.xml", True)):
            self_url = urls.absolute(base, prefix + name)
            fg = _generator(config, title, description, urls.absolute(base, prefix), self_url, updated, atom)
            for entry in chosen:
                _add(fg, items[entry.id], atom)
            out[prefix + name] = fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)
    return out

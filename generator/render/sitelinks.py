"""Links in content to site paths: where each is written, and whether a build writes what it names (a page, a
feed, a file of content/root/…), said in the same words by `pingan check` and by a build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.rootfiles import ROOT_FILES
from ..errors import Problem
from ..publish.outguard import built_at_top
from .theme import theme_folders


@dataclass(frozen=True)
class SiteLink:
    """A link in Markdown to a site path, checked once every page (or, in a build, every file) exists."""

    source: str
    line: int | None
    field: str
    href: str
    site_path: str


def site_links(links: list[tuple[str, str]] | list[list[str]], text: str, source: str, first_line: int | None,
               field: str) -> list[SiteLink]:
    """A converted text's links to site paths, each with its line in the file."""
    return [SiteLink(source, line_of(text, href, first_line) if first_line is not None else None, field, href,
                     site_path) for href, site_path in links]


def line_of(body: str, needle: str, first_line: int) -> int | None:
    """The file line of the first line of `body` (which starts at `first_line`) that contains `needle`."""
    for n, line in enumerate(body.split("\n")):
        if needle in line:
            return first_line + n
    return None


def may_be_written(path: str, known: set[str], root: Path, feed_folders: frozenset[str]) -> bool:
    """Whether a build may write the file at site path `path` (one with a dot in its last part), said before it
    has: a page's index.html, a file content/root/ holds, a name a build writes at the top (feeds, sitemaps), a
    resized picture's name, or a file in the folders a build fills (assets, search index, data and feeds): `pingan
    check` then says what the build says of a link to /images/a.jpg or /files/a.pdf."""
    folder, _, name = path.rpartition("/")
    if "." not in name:
        return False
    if name == "index.html":
        return folder + "/" in known or not folder and "" in known
    if not folder:
        return built_at_top(name) or (root / ROOT_FILES / name).is_file()
    if name in ("feed.xml", "atom.xml", "sitemap.xml"):
        return folder + "/" in feed_folders
    if path.startswith("assets/"):
        return any((folder / path).is_file() for folder in theme_folders())
    return path in OPEN_DATA or path == SEARCH_META or _PICTURE.fullmatch(path) is not None


OPEN_DATA = frozenset({"api/cases.json", "api/mediators.json", "api/honors.json", "data/metrics.csv",
                       "data/metrics.json"})  # outputs/opendata.py, written on every site
# A resized picture's name, not known before a build writes it (outputs/images.py: its key, the width, the format).
_PICTURE = re.compile(r"images/[0-9a-f]{16}(?:-[0-9]+\.(?:jpg|webp)|\.svg)")
SEARCH_META = "search-index/meta.json"  # the search index's one lasting name; its other files are renamed each build


def missing(link: SiteLink, written: str, titled: tuple[str, str] | None = None) -> Problem:
    """A link to a site path nothing is published at, said for what it names: a picture of content/images/, a file
    (an attachment), or a page; `titled`: the story whose title the link names, and the link to write."""
    path = link.site_path
    if titled is not None:
        return Problem(link.source, link.line, link.field, f"站内链接 {written} 指向的页面不存在",
                       f"“{titled[0]}”是一篇稿件的标题；链接那篇稿件要写它的文件路径：{titled[1]}"
                       "（从这个文件所在的文件夹算起）。")
    if path.startswith("search-index/"):
        return Problem(link.source, link.line, link.field, f"站内链接 {written} 指向搜索索引的文件",
                       "搜索索引的文件每次生成都换新名字，链接很快就会失效；"
                       "要让读者搜索，请链接站内搜索页 /search/。")
    if path.startswith(("images/", "content/images/")) or "/images/" in "/" + link.href:  # ../../images/a.jpg
        return Problem(link.source, link.line, link.field,
                       f"站内链接 {written} 指向 content/images/ 里的图片，网站上没有这个地址",
                       "图片在网站上会缩放成几种大小、换成新的文件名：要在正文里显示图片，写 ![图片说明](../../images/"
                       f"{path.rsplit('/', 1)[-1]})（前面是英文感叹号，路径从这个文件所在的文件夹算起）。")
    if "." in path.rsplit("/", 1)[-1] and not path.endswith((".html", ".htm", ".md")):
        return Problem(link.source, link.line, link.field, f"站内链接 {written} 指向的文件不存在",
                       "网站只发布稿件和记录生成的页面、订阅源、开放数据和 content/root/ 里的文件，不能发布附件"
                       "（PDF、Word 等）；要让读者下载文件，请放在本单位其他网站上，链接写完整网址（https://…）。")
    return Problem(link.source, link.line, link.field, f"站内链接 {written} 指向的页面不存在",
                   "检查网址拼写；链接其他稿件时，直接写那篇稿件的文件路径，"
                   "例如 ../2024/anquan-xuanchuan.md（从这个文件所在的文件夹算起）。")

"""Checks on the last built site: every internal link and asset resolves, external links per page (fetched only
when asked), the identity marks in every page's footer, the reading aids, search, the 404 page, the sitemap and
the feeds. Nothing here writes into the site."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..config import SiteConfig
from .fetch import PRIVATE, status
from .findings import Audit, Finding
from .indicators import DEDUCT, GUIDE, NOTE, SOURCE, VETO

LINK_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
              ("iframe", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("form", "action"))
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
SHOWN = 5  # pages named in a finding that is true of many pages


@dataclass
class Page:
    path: str  # from the site root: index.html, news/2021/x/index.html
    url: str  # the address it is served at: /, /news/2021/x/
    doc: lxml_html.HtmlElement


def pages(site: Path, audit: Audit) -> Iterator[Page]:
    """Every HTML page of the built site, in path order, one at a time (a 5,000-story site has 11,000 pages: they
    are never all in memory). A page that cannot be read or parsed is a finding, not the end of the audit."""
    try:
        files = sorted(site.rglob("*.html"))
    except OSError as exc:  # a link loop, a folder that vanished while being read
        audit.findings.append(Finding(DEDUCT, "页面损坏", str(site), f"网站目录读不完（{exc.strerror or exc}）",
                                      "读不到的页面无法检查", "运行 pingan build 重新生成网站"))
        return
    for file in files:
        rel = file.relative_to(site).as_posix()
        if rel.startswith(".") or "/." in rel:
            continue
        url = "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        try:
            doc = lxml_html.fromstring(file.read_bytes())
        except (OSError, etree.ParserError, ValueError) as exc:
            audit.findings.append(Finding(DEDUCT, "页面损坏", url, f"页面读不出来或不是网页（{type(exc).__name__}）",
                                          "打不开的页面和坏链接一样扣分", "运行 pingan build 重新生成网站"))
            continue
        yield Page(rel, url, doc)


def _target(site: Path, path: str) -> bool:
    """Whether an address from the site root names a file of the built site."""
    rel = unquote(path).lstrip("/")
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
        return candidate.is_file() or (candidate.is_dir() and (candidate / "index.html").is_file())
    except (ValueError, OSError, RuntimeError):
        return False  # ../ out of the site, a link loop, a name the system refuses


def _netloc(url: str) -> str:
    """host[:port] as a browser compares them: case-insensitive, default ports dropped."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    return host if port in (None, 80, 443) else f"{host}:{port}"


class Reader:
    """The checks made on each page as it is read (its links and its footer); the findings once all are read."""

    def __init__(self, site: Path, config: SiteConfig) -> None:
        self.site, self.config = site, config
        base = config.site.base_url
        self.base_host, self.prefix = _netloc(base), urlsplit(base).path.rstrip("/")
        self.broken: dict[tuple[str, str], list[str]] = defaultdict(list)  # (link, why) -> pages
        self.known: dict[str, bool] = {}  # path -> in the site: every page links to the same few hundred
        identity = config.identity
        self.marks = {"网站标识码": identity.site_code, "ICP备案号": identity.icp,
                      "公安机关备案号": identity.police_record, "主办单位": identity.host}
        if identity.organizer:
            self.marks["承办单位"] = identity.organizer
        self.missing: dict[str, list[str]] = defaultdict(list)
        self.no_aids: list[str] = []
        self.count = 0

    def read(self, audit: Audit, page: Page) -> None:
        self.count += 1
        self._links(audit, page)
        self._footer(page)

    def _links(self, audit: Audit, page: Page) -> None:
        external: set[str] = set()
        for tag, attr in LINK_ATTRS:
            for el in page.doc.iter(tag):
                value = (el.get(attr) or "").strip()
                if not value or value.startswith("#") or value.lower().startswith(SKIP_SCHEMES):
                    continue
                try:
                    full = urlsplit(urljoin(self.config.site.base_url.rstrip("/") + page.url, value))
                    host = _netloc(full.geturl())
                except ValueError:
                    self.broken[(value, "网址写错了")].append(page.url)
                    continue
                if full.scheme not in ("http", "https") or host != self.base_host:
                    external.add(value)  # another site, or ftp:, file: …: not a page of this one
                    continue
                path = full.path
                if self.prefix:
                    if not (path == self.prefix or path.startswith(self.prefix + "/")):
                        self.broken[(value, f"指向网站目录 {self.prefix}/ 以外")].append(page.url)
                        continue
                    path = path[len(self.prefix):]
                if path not in self.known:
                    self.known[path] = _target(self.site, path)
                if not self.known[path]:
                    self.broken[(value, f"网站里没有 {path or '/'}")].append(page.url)
        if external:
            audit.external[page.url] = sorted(external)

    def _footer(self, page: Page) -> None:
        if page.doc.xpath("//meta[@http-equiv='refresh']"):
            return  # a redirect, never seen
        footer = " ".join(" ".join(el.text_content() for el in page.doc.iter("footer")).split())
        for name, value in self.marks.items():
            if " ".join(value.split()) not in footer:
                self.missing[name].append(page.url)
        if not page.doc.xpath("//a[@href='#pa-main']") or not page.doc.xpath("//*[contains(@class,'pa-access')]"):
            self.no_aids.append(page.url)

    def finish(self, audit: Audit) -> None:
        audit.pages = self.count
        for (value, why), where in sorted(self.broken.items()):
            home = "（在首页上）" if "/" in where else ""
            audit.findings.append(Finding(
                DEDUCT, "链接可用性", _pages(where), f"链接“{value}”打不开：{why}{home}",
                f"首页和其他页面上不能正常访问的链接（含图片、附件）每个都扣分（{SOURCE}）",
                "改正稿件里的链接或图片路径，或补上缺少的文件，然后重新运行 pingan build"))
        for name, where in self.missing.items():
            audit.findings.append(Finding(
                DEDUCT, "网站标识", _pages(where), f"页脚没有{name}（{self.marks[name]}）",
                f"政府网站每个页面的页脚都要有网站标识码、ICP 备案号、公安机关备案号和主办单位（{GUIDE}；{SOURCE}）",
                "检查 site_config.yml 的 identity 和自定义的页脚模板，重新运行 pingan build"))
        contact = self.config.identity.contact
        if not (contact.phone or contact.email):
            audit.findings.append(Finding(DEDUCT, "网站标识", "site_config.yml identity.contact",
                                          "没有公开的联系电话或邮箱", f"页脚要有主办单位的联系方式（{GUIDE}）",
                                          "在 identity.contact 里写上办公电话或邮箱"))
        if self.no_aids:
            audit.findings.append(Finding(
                DEDUCT, "无障碍和适老化", _pages(self.no_aids), "页面上没有“跳到正文”链接或长辈模式、高对比度按钮",
                "政府网站要提供无障碍和适老化的浏览方式（工业和信息化部《互联网网站适老化通用设计规范》，2021年）",
                "不要在自定义模板里去掉 announce 区块，重新运行 pingan build"))


def _pages(urls: list[str]) -> str:
    unique = sorted(set(urls))
    shown = "、".join(unique[:SHOWN])
    return shown + (f" 等 {len(unique)} 个页面" if len(unique) > SHOWN else "")


def online(audit: Audit, timeout: float = 8.0, workers: int = 8) -> None:
    """Fetch each external link once (HEAD, then GET when HEAD is refused); each that fails is 扣分."""
    where: dict[str, list[str]] = defaultdict(list)
    for page, found in audit.external.items():
        for url in found:
            if urlsplit(url).scheme.lower() in ("http", "https"):  # never file:, ftp: or another scheme
                where[url].append(page)

    def fetch(url: str) -> str | None:
        return status(url, timeout)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(where, pool.map(fetch, where), strict=True))
    audit.online = True
    for url in [url for url, failure in results.items() if failure == PRIVATE]:
        del results[url]
        audit.findings.append(Finding(DEDUCT, "链接可用性", _pages(where[url]), f"外部链接 {url} {PRIVATE}",
                                      "这样的链接只有在单位内部网络里才打得开，公众打不开；检查时也不访问它",
                                      "改成对方在互联网上的正式网址，或删除这个链接"))
    if results and all(f and f.startswith("连接失败") for f in results.values()):
        # Not one answered: the machine has no network (or none to these sites), not 20 broken links.
        audit.findings.append(Finding(NOTE, "链接可用性", "外部链接",
                                      f"{len(results)} 个外部链接都连不上，像是这台电脑没有联网",
                                      "联不上网时无法判断外部链接能不能打开",
                                      "在能上网的电脑上再运行 pingan audit --online"))
        return
    for url, failure in sorted(results.items()):
        if failure:
            audit.findings.append(Finding(DEDUCT, "链接可用性", _pages(where[url]), f"外部链接 {url} 打不开：{failure}",
                                          f"页面上不能正常访问的链接每个都扣分（{SOURCE}）",
                                          "确认对方网址是否已改变，改正或删除这个链接"))


def basics(audit: Audit, site: Path) -> None:
    """The home page, the search (its page and a non-empty index), the 404 page, the sitemap and the feeds."""
    if not (site / "index.html").is_file():
        audit.findings.append(Finding(VETO, "站点无法访问", "首页（/）", "生成的网站里没有首页 index.html",
                                      f"首页打不开即判定为不合格（{SOURCE}）", "运行 pingan build 重新生成网站"))
    meta = site / "search-index" / "meta.json"
    empty = False  # an index that holds no page because the site has published none: no missing index
    try:
        index = json.loads(meta.read_text("utf-8"))
        docs = int(index.get("docs", 0))
        empty = docs == 0
        # The newest page's result file, and the page it names: what a search shows first.
        first = json.loads((site / "search-index" / str(index["v"]) / "d" / "0.json").read_text("utf-8"))
        docs = docs if _target(site, "/" + str(first["u"]).lstrip("/")) else 0
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        docs = 0
    if empty and (site / "search" / "index.html").is_file():
        audit.findings.append(Finding(NOTE, "站内搜索", "/search/", "搜索索引是空的：网站还没有发布稿件和记录",
                                      f"政府网站应提供站内搜索（{GUIDE}）",
                                      "发布稿件或记录后运行 pingan build，搜索就能找到它们"))
    elif not (site / "search" / "index.html").is_file() or docs == 0:
        audit.findings.append(Finding(DEDUCT, "站内搜索", "/search/", "站内搜索页或搜索索引缺失（或索引里没有页面）",
                                      f"政府网站应提供站内搜索（{GUIDE}）", "运行 pingan build 重新生成网站"))
    if not (site / "404.html").is_file():
        audit.findings.append(Finding(DEDUCT, "错误页面", "/404.html", "没有 404 页面",
                                      "打不开的地址应显示友好的错误页面，并给出返回首页和搜索的入口",
                                      "运行 pingan build 重新生成网站"))
    for name, what, needs in (("sitemap.xml", "网站地图", ("{*}url", "{*}sitemap")),
                              ("feed.xml", "RSS 订阅源", ("channel",)), ("atom.xml", "Atom 订阅源", ())):
        try:
            root = etree.fromstring((site / name).read_bytes())
            ok = not needs or any(root.find(f".//{tag}") is not None for tag in needs)
        except (OSError, etree.XMLSyntaxError):
            ok = False
        if not ok:
            audit.findings.append(Finding(DEDUCT if name == "sitemap.xml" else NOTE, what, f"/{name}",
                                          f"{what}缺失或无法读取", "网站地图和订阅源让搜索引擎、媒体找到新内容",
                                          "运行 pingan build 重新生成网站"))

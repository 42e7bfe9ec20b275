"""Checks on the last built site: every internal link and asset resolves, external links per page (fetched only
when asked), the identity marks in every page's footer, the reading aids, search, the 404 page, the sitemap and
the feeds. Nothing here writes into the site."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..config import SiteConfig
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


def pages(site: Path) -> Iterator[Page]:
    """Every HTML page of the built site, in path order (the site's own bookkeeping files are not pages)."""
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("."):
            continue
        url = "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        raw = file.read_bytes()
        yield Page(rel, url, lxml_html.fromstring(raw) if raw.strip() else lxml_html.fromstring("<html></html>"))


def _target(site: Path, path: str) -> bool:
    """Whether an address from the site root names a file of the built site."""
    rel = unquote(path).lstrip("/")
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return False  # ../ out of the site
    return candidate.is_file() or (candidate.is_dir() and (candidate / "index.html").is_file())


def links(audit: Audit, site: Path, config: SiteConfig, read: list[Page]) -> None:
    """Broken internal links and assets (扣分), and the external links of each page."""
    base = urlsplit(config.site.base_url)
    prefix = base.path.rstrip("/")
    broken: dict[tuple[str, str], list[str]] = defaultdict(list)  # (link, missing path) -> pages
    known: dict[str, bool] = {}  # path -> whether it is in the site: every page links to the same few hundred
    for page in read:
        external: set[str] = set()
        for tag, attr in LINK_ATTRS:
            for el in page.doc.iter(tag):
                value = (el.get(attr) or "").strip()
                if not value or value.startswith("#") or value.lower().startswith(SKIP_SCHEMES):
                    continue
                full = urlsplit(urljoin(config.site.base_url.rstrip("/") + page.url, value))
                if full.scheme in ("http", "https") and full.netloc and full.netloc != base.netloc:
                    external.add(value)
                    continue
                path = full.path
                if prefix and path.startswith(prefix):
                    path = path[len(prefix):]
                if path not in known:
                    known[path] = _target(site, path)
                if not known[path]:
                    broken[(value, path)].append(page.url)
        if external:
            audit.external[page.url] = sorted(external)
    for (value, path), where in sorted(broken.items()):
        on_home = "/" in where
        audit.findings.append(Finding(
            DEDUCT, "链接可用性", _pages(where),
            f"链接“{value}”打不开：网站里没有 {path}" + ("（在首页上）" if on_home else ""),
            f"首页和其他页面上不能正常访问的链接（含图片、附件）每个都扣分（{SOURCE}）",
            "改正稿件里的链接或图片路径，或补上缺少的文件，然后重新运行 pingan build"))


def _pages(urls: list[str]) -> str:
    unique = sorted(set(urls))
    shown = "、".join(unique[:SHOWN])
    return shown + (f" 等 {len(unique)} 个页面" if len(unique) > SHOWN else "")


def online(audit: Audit, timeout: float = 8.0, workers: int = 8) -> None:
    """Fetch each external link once (HEAD, then GET when HEAD is refused); each that fails is 扣分."""
    where: dict[str, list[str]] = defaultdict(list)
    for page, found in audit.external.items():
        for url in found:
            where[url].append(page)

    def fetch(url: str) -> str | None:
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": "pingan-audit"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
                    if response.status < 400:
                        return None
                    failure = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                failure = f"HTTP {exc.code}"
                if method == "HEAD" and exc.code in (403, 405, 501):
                    continue
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                failure = f"连接失败（{getattr(exc, 'reason', exc)}）"
            return failure
        return failure

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(where, pool.map(fetch, where), strict=True))
    audit.online = True
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


def identity(audit: Audit, config: SiteConfig, read: list[Page]) -> None:
    """The marks every page's footer must carry (网站标识码, ICP, 公安备案, 主办), the contact, and the reading aids."""
    marks = {"网站标识码": config.identity.site_code, "ICP备案号": config.identity.icp,
             "公安机关备案号": config.identity.police_record, "主办单位": config.identity.host}
    if config.identity.organizer:
        marks["承办单位"] = config.identity.organizer
    missing: dict[str, list[str]] = defaultdict(list)
    no_aids: list[str] = []
    for page in read:
        if page.doc.xpath("//meta[@http-equiv='refresh']"):
            continue  # a redirect, never seen
        footer = " ".join(" ".join(el.text_content() for el in page.doc.iter("footer")).split())
        for name, value in marks.items():
            if " ".join(value.split()) not in footer:
                missing[name].append(page.url)
        if not page.doc.xpath("//a[@href='#pa-main']") or not page.doc.xpath("//*[contains(@class,'pa-access')]"):
            no_aids.append(page.url)
    for name, where in missing.items():
        audit.findings.append(Finding(
            DEDUCT, "网站标识", _pages(where), f"页脚没有{name}（{marks[name]}）",
            f"政府网站每个页面的页脚都要有网站标识码、ICP 备案号、公安机关备案号和主办单位（{GUIDE}；{SOURCE}）",
            "检查 site_config.yml 的 identity 和自定义的页脚模板，重新运行 pingan build"))
    contact = config.identity.contact
    if not (contact.phone or contact.email):
        audit.findings.append(Finding(DEDUCT, "网站标识", "site_config.yml identity.contact",
                                      "没有公开的联系电话或邮箱", f"页脚要有主办单位的联系方式（{GUIDE}）",
                                      "在 identity.contact 里写上办公电话或邮箱"))
    if no_aids:
        audit.findings.append(Finding(
            DEDUCT, "无障碍和适老化", _pages(no_aids), "页面上没有“跳到正文”链接或长辈模式、高对比度按钮",
            "政府网站要提供无障碍和适老化的浏览方式（工业和信息化部《互联网网站适老化通用设计规范》，2021年）",
            "不要在自定义模板里去掉 announce 区块，重新运行 pingan build"))


def basics(audit: Audit, site: Path) -> None:
    """The home page, the search (its page and a non-empty index), the 404 page, the sitemap and the feeds."""
    if not (site / "index.html").is_file():
        audit.findings.append(Finding(VETO, "站点无法访问", "首页（/）", "生成的网站里没有首页 index.html",
                                      f"首页打不开即判定为不合格（{SOURCE}）", "运行 pingan build 重新生成网站"))
    meta = site / "search-index" / "meta.json"
    try:
        index = json.loads(meta.read_text("utf-8"))
        docs = int(index.get("docs", 0))
        # The newest page's result file, and the page it names: what a search shows first.
        first = json.loads((site / "search-index" / str(index["v"]) / "d" / "0.json").read_text("utf-8"))
        docs = docs if _target(site, "/" + str(first["u"]).lstrip("/")) else 0
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        docs = 0
    if not (site / "search" / "index.html").is_file() or docs == 0:
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

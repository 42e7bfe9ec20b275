"""A build of the fixture site, checked by parsing the HTML it writes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html

from generator.build import Report, build

from .conftest import BASE_CONFIG, NOW, REPO, SAMPLE_NOW, SiteMaker, fixture_files, make_image, story
from .test_sitemap import NS as SITEMAP_NS

BASE = "https://pingan.example.gov.cn/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    root = tmp_path_factory.mktemp("fixture")
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    for rel, text in fixture_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg", (1600, 900))
    make_image(root / "content/images/body.jpg", (800, 600), (20, 90, 200))
    out = root / "site"
    from mkdocs.structure.pages import Page

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("MkDocs read or converted Markdown for a page whose HTML is made already")

    with pytest.MonkeyPatch.context() as patch:  # our pages reach MkDocs ready: no source, no Markdown converter
        patch.setattr(Page, "read_source", refuse)
        patch.setattr(Page, "render", refuse)
        report = build(root / "site_config.yml", out, now=NOW)
    return out, report


def page(out: Path, url: str) -> html.HtmlElement:
    return html.fromstring((out / url / "index.html").read_bytes())


def texts(doc: html.HtmlElement, xpath: str) -> list[str]:
    return [re.sub(r"\s+", " ", el.text_content()).strip() for el in doc.xpath(xpath)]


def test_report_counts_and_unpublished_lists(built: tuple[Path, Report]) -> None:
    _, report = built
    assert report.stories == 8
    assert [s.id for s in report.drafts] == ["draft-one"]
    assert [s.id for s in report.scheduled] == ["later-one"]
    assert report.feeds == 14  # site + 2 columns + 4 regions with stories (测试省 测试市 测试县 测试区), RSS and Atom each


def test_drafts_and_scheduled_stories_are_not_published(built: tuple[Path, Report]) -> None:
    out, _ = built
    assert not (out / "news/2022/10/01/draft-one").exists()
    assert not (out / "news/2026/09/01/later-one").exists() and "定时发布的稿件" not in (out / "index.html").read_text(encoding="utf-8")
    assert "尚未完成的草稿" not in (out / "index.html").read_text(encoding="utf-8")


def test_home_lists_latest_per_column_newest_first(built: tuple[Path, Report]) -> None:
    doc = page(built[0], "")
    sections = doc.xpath("//section[contains(@class,'pa-section')]")
    assert texts(doc, "//section[contains(@class,'pa-section')]//h2") == ["工作动态", "矛盾调解"]
    first = texts(sections[0], ".//h3[contains(@class,'pa-card__title')]")
    assert first == ["雪亮工程覆盖全部行政村", "全市治安防控体系建设推进会"]  # home_per_column = 2
    second = texts(sections[1], ".//h3[contains(@class,'pa-card__title')]")
    assert second == ["诉调对接让纠纷化解更快", "人民调解员培训班开班"]
    assert doc.xpath("//html/@lang") == ["zh-CN"]
    assert doc.xpath("//title/text()") == ["测试平安网"]  # the site's name once, not "name - name"


def test_nav_holds_the_columns_only(built: tuple[Path, Report]) -> None:
    out, _ = built
    for url in ("", "news/2021/09/13/alpha/", "columns/dongtai/page/2/"):
        doc = page(out, url)
        labels = texts(doc, "//nav[contains(@class,'md-tabs')]//a")
        assert labels == ["首页", "工作动态", "矛盾调解"], url
        nav_links = doc.xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
        assert not any("news/20" in href for href in nav_links)


def test_column_list_paginates(built: tuple[Path, Report]) -> None:
    out, _ = built
    first = page(out, "columns/dongtai/")
    assert texts(first, "//ul[@class='pa-list']//*[contains(@class,'pa-card__title')]") == [
        "雪亮工程覆盖全部行政村", "全市治安防控体系建设推进会", "平安细胞创建现场会召开"]
    assert first.xpath("//a[@rel='next']/@href") == ["page/2/"]
    second = page(out, "columns/dongtai/page/2/")
    assert texts(second, "//ul[@class='pa-list']//*[contains(@class,'pa-card__title')]") == ["网格员走进千家万户", "测试县推进网格化管理"]
    assert second.xpath("//a[@rel='prev']/@href") == ["../../"]
    assert second.xpath("//a[@rel='next']") == []
    assert texts(second, "//p[@class='pa-pager__status']") == ["第 2 / 2 页，共 5 篇"]
    assert not (out / "columns/dongtai/page/3").exists()
    # read aloud: each page number as 第 N 页, the current one marked; no link where there is no page to go to
    assert texts(first, "//ol[@class='pa-pager__pages']/li") == ["第 1 页", "第 2 页"]
    assert texts(first, "//ol[@class='pa-pager__pages']//*[@aria-current='page']") == ["第 1 页"]
    assert texts(first, "//span[contains(@class,'pa-pager__off')]") == ["上一页（已是第一页）"]
    assert texts(second, "//span[contains(@class,'pa-pager__off')]") == ["下一页（已是最后一页）"]
    assert first.xpath("//*[@aria-disabled]") == []


def test_archive_tag_and_region_pages(built: tuple[Path, Report]) -> None:
    out, _ = built
    assert texts(page(out, "news/2021/"), "//ul[@class='pa-list']//*[contains(@class,'pa-card__title')]") == [
        "调解室化解邻里纠纷", "网格员走进千家万户", "测试县推进网格化管理"]
    crumbs = page(out, "news/2021/").xpath("//nav[@class='pa-breadcrumb']//a")
    assert [(a.text_content(), a.get("href")) for a in crumbs] == [("首页", "../../"), ("全部新闻", "../")]
    tag = page(out, "tags/wang-ge-hua-guan-li/")
    assert texts(tag, "//h1") == ["标签：网格化管理"]
    assert texts(tag, "//ul[@class='pa-list']//*[contains(@class,'pa-card__title')]") == ["雪亮工程覆盖全部行政村", "网格员走进千家万户",
                                                      "测试县推进网格化管理"]
    region = page(out, "regions/qu/")
    assert texts(region, "//ul[@class='pa-list']//*[contains(@class,'pa-card__title')]") == ["诉调对接让纠纷化解更快", "平安细胞创建现场会召开",
                                                         "调解室化解邻里纠纷"]
    # a parent region gathers its sub-regions' stories, paginated
    assert texts(page(out, "regions/sheng/"), "//p[@class='pa-pager__status']") == ["第 1 / 3 页，共 8 篇"]
    assert "测试区" in texts(page(out, "regions/"), "//ul[contains(@class,'pa-tree')]")[0]
    assert len(page(out, "tags/").xpath("//ul[@class='pa-terms']/li")) == 5
    assert (out / "news/page/3/index.html").exists()


def test_article_page_has_government_article_fields(built: tuple[Path, Report]) -> None:
    doc = page(built[0], "news/2021/09/13/alpha/")
    assert texts(doc, "//h1") == ["测试县推进网格化管理"]
    assert doc.xpath("//title/text()")[0].startswith("测试县推进网格化管理")
    meta = texts(doc, "//div[@class='pa-article__meta']/span")
    assert meta == ["发布时间：2021-09-13 08:30", "来源：测试日报", "记者：李明", "通讯员：王芳", "栏目：工作动态",
                    "地区：测试省 › 测试市 › 测试县"]
    assert doc.xpath("//time/@datetime")[0] == "2021-09-13T08:30:00+08:00"
    assert texts(doc, "//nav[@class='pa-breadcrumb']//li") == ["首页", "工作动态", "正文"]
    assert texts(doc, "//div[@class='pa-tools']/button") == ["大", "中", "小", "打印"]
    # each size named with what it sets, its visible word inside the name (a button list shows more than 大)
    assert doc.xpath("//div[@class='pa-tools']/button/@aria-label") == ["大字号", "中字号", "小字号"]
    assert texts(doc, "//p[contains(@class,'pa-article__tags')]/a") == ["网格化管理", "平安细胞"]
    assert texts(doc, "//p[@class='pa-article__cite']") == ["出处：据测试日报报道改写"]
    assert texts(doc, "//p[contains(@class,'pa-neighbours__next')]/a") == ["网格员走进千家万户"]
    assert texts(doc, "//p[contains(@class,'pa-neighbours__prev')]") == ["上一篇：没有了"]
    related = texts(doc, "//section[@class='pa-related']//h3")
    assert 0 < len(related) <= 5 and related[0] == "网格员走进千家万户"
    body = texts(doc, "//div[contains(@class,'pa-article__body')]")[0]
    assert body.startswith("测试县推进网格化管理。这里是正文第一段")


def test_images_have_alt_size_and_lazy_loading(built: tuple[Path, Report]) -> None:
    out, report = built
    doc = page(out, "news/2021/09/13/alpha/")
    cover = doc.xpath("//figure[@class='pa-article__cover']//img")[0]
    assert cover.get("alt") == "网格员入户走访的插画"
    assert (cover.get("width"), cover.get("height")) == ("960", "540")
    assert cover.get("loading") is None  # above the fold
    assert doc.xpath("//figure[@class='pa-article__cover']//source/@type") == ["image/webp"]
    inline = doc.xpath("//div[contains(@class,'pa-article__body')]//img")[0]
    assert inline.get("alt") == "调解现场的插画" and inline.get("loading") == "lazy"
    assert inline.get("width") == "800" and inline.get("height") == "600"
    for img in doc.xpath("//img"):
        src = img.get("src")
        assert (out / "news/2021/09/13/alpha" / src).resolve().is_file(), src
    assert report.images_new + report.images_cached == 2


def test_footer_shows_identity_fields(built: tuple[Path, Report]) -> None:
    for url in ("", "news/2021/09/13/alpha/", "tags/"):
        doc = page(built[0], url)
        identity = dict(zip(texts(doc, "//dl[@class='pa-footer__identity']//dt"),
                            texts(doc, "//dl[@class='pa-footer__identity']//dd"), strict=True))
        assert identity == {"主办单位": "测试县委政法委", "联系方式": "电话 0000-1234567 邮箱 office@example.gov.cn",
                            "ICP备案号": "测ICP备12345678号", "公安备案号": "测公网安备 12345678901234号",
                            "网站标识码": "1234567890"}


def test_every_page_links_its_feeds(built: tuple[Path, Report]) -> None:
    out, _ = built
    for file in [*out.rglob("index.html"), out / "404.html"]:
        doc = html.fromstring(file.read_bytes())
        base = BASE + file.parent.relative_to(out).as_posix() + "/" if file.name == "index.html" else BASE
        hrefs = [urljoin(base, h) for h in doc.xpath("//head/link[@rel='alternate']/@href")]
        assert BASE + "feed.xml" in hrefs and BASE + "atom.xml" in hrefs, file
        # Material fetches sitemap.xml beside every alternate link: each must exist on this site
        for href in hrefs:
            assert (out / urljoin(href, "sitemap.xml")[len(BASE):]).is_file(), (file, href)
    story = page(out, "news/2021/11/20/charlie/")
    hrefs = [urljoin(BASE + "news/2021/11/20/charlie/", h) for h in story.xpath("//head/link[@rel='alternate']/@href")]
    assert BASE + "columns/tiaojie/feed.xml" in hrefs
    # a region with stories names its own feeds in its <head> too (feed readers find them from the page)
    region = page(out, "regions/xian/")
    hrefs = [urljoin(BASE + "regions/xian/", h) for h in region.xpath("//head/link[@rel='alternate']/@href")]
    assert BASE + "regions/xian/feed.xml" in hrefs and BASE + "regions/xian/atom.xml" in hrefs


def test_no_external_resources(built: tuple[Path, Report]) -> None:
    out, _ = built
    for file in list(out.rglob("*.html")):
        doc = html.fromstring(file.read_bytes())
        for attr in doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"):
            assert not attr.startswith(("http://", "https://", "//")), (file, attr)
        assert not doc.xpath("//link[contains(@href,'fonts.googleapis')]")


def sitemap_entries(out: Path, index: str) -> dict[str, str | None]:
    """Address → lastmod of every page in the parts a sitemap index lists (each part read once)."""
    tree = etree.fromstring((out / index).read_bytes())
    assert etree.QName(tree).localname == "sitemapindex"
    entries: dict[str, str | None] = {}
    for loc in tree.xpath("s:sitemap/s:loc/text()", namespaces=SITEMAP_NS):
        part = etree.fromstring((out / loc[len(BASE):]).read_bytes())
        for url in part.findall("s:url", SITEMAP_NS):
            address = url.findtext("s:loc", namespaces=SITEMAP_NS)
            assert address not in entries, address
            entries[address] = url.findtext("s:lastmod", namespaces=SITEMAP_NS)
    return entries


def test_sitemap_uses_content_dates(built: tuple[Path, Report]) -> None:
    out, _ = built
    entries = sitemap_entries(out, "sitemap.xml")
    assert entries[BASE + "news/2021/09/13/alpha/"] == "2021-09-13T08:30:00+08:00"
    assert entries[BASE] == "2022-09-09T11:00:00+08:00"
    assert entries[BASE + "columns/dongtai/page/2/"] == "2021-10-01T09:00:00+08:00"
    pages = {BASE + f.parent.relative_to(out).as_posix() + "/" for f in out.rglob("index.html")}
    # every page but the search page (empty until a reader types a query)
    assert set(entries) == {BASE if p == BASE + "./" else p for p in pages} - {BASE + "search/"}
    assert sorted(sitemap_entries(out, "columns/tiaojie/sitemap.xml")) == [
        BASE + "columns/tiaojie/", BASE + "news/2021/11/20/charlie/", BASE + "news/2022/03/08/echo/",
        BASE + "news/2022/09/09/hotel/"]
    index = etree.fromstring((out / "sitemap.xml").read_bytes())  # a part's lastmod is its newest page's
    site_part = index.xpath("s:sitemap[s:loc = $loc]/s:lastmod/text()", namespaces=SITEMAP_NS,
                            loc=BASE + "sitemap-site-1.xml")
    assert site_part == ["2022-09-09T11:00:00+08:00"]
    assert gzip.decompress((out / "sitemap.xml.gz").read_bytes()) == (out / "sitemap.xml").read_bytes()
    assert (out / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_404_page_is_in_chinese(built: tuple[Path, Report]) -> None:
    doc = html.fromstring((built[0] / "404.html").read_bytes())
    assert texts(doc, "//h1") == ["页面不存在（404）"]
    assert doc.xpath("//title/text()") == ["页面不存在 - 测试平安网"]


def test_search_index_covers_articles_only(built: tuple[Path, Report]) -> None:
    """The search index holds the articles (marked for it), not lists (they would repeat titles)."""
    out = built[0]
    meta = json.loads((out / "search-index/meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == 8  # the eight published stories
    folder = out / "search-index" / meta["v"]
    assert sorted(p.name for p in (folder / "b").iterdir()) == [f"{k}.bin" for k in range(meta["buckets"])]
    docs = [json.loads((folder / "d" / f"{n}.json").read_text(encoding="utf-8")) for n in range(meta["docs"])]
    assert all(d["u"].startswith("news/") for d in docs)
    assert [d["d"] for d in docs] == sorted((d["d"] for d in docs), reverse=True)  # numbered newest first
    charlie = next(d for d in docs if d["u"] == "news/2021/11/20/charlie/")
    story_page = page(out, "news/2021/11/20/charlie/")
    assert charlie["t"] == texts(story_page, "//article[@data-pa-search]//h1")[0] and charlie["d"] == "2021-11-20"
    assert "握手言和" in charlie["x"] and "本文网址" not in charlie["x"]  # the share box is marked to skip
    assert charlie["t"] not in charlie["x"] and "发布时间" not in charlie["x"]  # excerpts come from the body
    assert story_page.xpath("//section[@class='pa-share'][@data-pa-search-ignore]")
    for listing in ("", "columns/dongtai/", "tags/", "news/"):
        assert page(out, listing).xpath("//*[@data-pa-search]") == []
    search = page(out, "search/")
    assert search.xpath("//script[@defer]/@src") == ["/assets/javascripts/pingan-search.js"]  # root-relative
    assert search.xpath("//*[@id='pa-search']/@data-bundle") == ["../search-index/"]
    assert page(out, "").xpath("//form[@role='search']/@action") == ["/search/"]


def test_article_carries_share_and_government_metadata(built: tuple[Path, Report]) -> None:
    import json

    out, _ = built
    doc = page(out, "news/2021/09/13/alpha/")

    def meta(attr: str, name: str) -> list[str]:
        return doc.xpath(f"//meta[@{attr}='{name}']/@content")

    url = "https://pingan.example.gov.cn/news/2021/09/13/alpha/"
    assert meta("property", "og:url") == [url] and meta("property", "og:title") == ["测试县推进网格化管理"]
    assert meta("property", "og:image") == ["https://pingan.example.gov.cn/" + doc.xpath(
        "//figure[@class='pa-article__cover']//img/@srcset")[0].split(", ")[-1].split(" ")[0].replace("../", "")]
    assert meta("property", "article:published_time") == ["2021-09-13T08:30:00+08:00"]
    assert meta("property", "article:tag") == ["网格化管理", "平安细胞"]
    assert meta("name", "twitter:card") == ["summary_large_image"]
    data = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert (data["@type"], data["headline"], data["datePublished"], data["mainEntityOfPage"]["@id"]) == (
        "NewsArticle", "测试县推进网格化管理", "2021-09-13T08:30:00+08:00", url)
    assert [a["name"] for a in data["author"]] == ["李明", "王芳"] and data["inLanguage"] == "zh-CN"
    assert {name: meta("name", name) for name in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle",
                                                  "PubDate", "ContentSource", "Keywords")} == {
        "SiteName": ["测试平安网"], "SiteDomain": ["pingan.example.gov.cn"], "SiteIDCode": ["1234567890"],
        "ColumnName": ["工作动态"], "ArticleTitle": ["测试县推进网格化管理"], "PubDate": ["2021-09-13 08:30"],
        "ContentSource": ["测试日报"], "Keywords": ["网格化管理,平安细胞"]}
    assert meta("name", "Description")[0].startswith("测试县推进网格化管理。")
    qr = doc.xpath("//div[@class='pa-share__qr']/*[local-name()='svg']")[0]
    assert qr.get("aria-label") == "本文网址的二维码" and qr.xpath(".//*[local-name()='path']/@d")
    assert doc.xpath("//button[@data-pa-copy]/@data-pa-copy") == [url]
    column = page(out, "columns/dongtai/")
    assert column.xpath("//meta[@name='ColumnName']/@content") == ["工作动态"]
    assert column.xpath("//meta[@name='ArticleTitle']") == []


def test_story_texts_are_let_go_once_converted(make_site: SiteMaker) -> None:
    """A 10,000-story build holds ~50 MB of Markdown text it never reads again after converting it."""
    from generator.build import prepare
    from generator.render.pages import Renderer

    cfg = make_site({"content/news/2021/a.md": story("a", body="正文里有**加粗**的字。")})
    prep = prepare(cfg, NOW, include_unpublished=False, strict=False)
    rendered = Renderer(prep.site, cfg.parent, prep.collector, prep.dataset).render()
    assert [entry.story.body for entry in prep.site.entries] == [""]
    assert "<strong>加粗</strong>" in rendered.bodies["a"]
    page = next(spec for spec in rendered.pages if spec.url == "news/2021/09/13/a/")
    assert "<strong>加粗</strong>" in page.content


def test_invisible_characters_pasted_from_wechat_are_not_published(make_site: SiteMaker) -> None:
    """Zero-width spaces, word joiners, soft hyphens and stray BOMs come with text copied from WeChat and web
    pages: nobody sees them, but they split search words and end up in titles that readers copy. They are left
    out of everything published; the files stay as written."""
    invisible = "\u200b\u2060\u00ad\ufeff"
    text = story("a", title="我县召开\u200b平安建设推进会\u00ad", extra="summary: 摘要\u200b里也有\ufeff。\n",
                 body="\u00a0点击上方蓝字\u200b关注我们。\n\n会议\u2060现场\u00ad。")
    cfg = make_site({"content/news/2021/a.md": text})
    build(cfg, cfg.parent / "site")
    published = "".join(p.read_text(encoding="utf-8") for p in (cfg.parent / "site").rglob("*")
                        if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    assert "我县召开平安建设推进会" in published and "会议现场。" in published and "摘要里也有。" in published
    assert not any(ch in published for ch in invisible)
    assert (cfg.parent / "content/news/2021/a.md").read_text(encoding="utf-8") == text


def test_a_cover_s_caption_is_its_own_field_not_the_alt_text(make_site: SiteMaker) -> None:
    """The alt text describes the picture for those who cannot see it; shown again under the picture it is read
    twice by screen readers and tells sighted readers what they see. A caption (图注) is written on its own, and
    without one there is no figcaption."""
    files = {"content/news/2021/a.md": story("a", extra="cover: images/cover.jpg\ncover_alt: 四个人围坐在长桌旁交谈\n"
                                                        "cover_caption: 调解员在村委会调解宅基地纠纷（通讯员 李明 摄）\n"),
             "content/news/2021/b.md": story("b", extra="cover: images/cover.jpg\ncover_alt: 四个人围坐在长桌旁交谈\n")}
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    build(cfg, cfg.parent / "site")
    a = html.parse(str(cfg.parent / "site/news/2021/09/13/a/index.html")).getroot()
    assert a.xpath("//figure[@class='pa-article__cover']//img/@alt") == ["四个人围坐在长桌旁交谈"]
    assert a.xpath("string(//figure[@class='pa-article__cover']/figcaption)") == "调解员在村委会调解宅基地纠纷（通讯员 李明 摄）"
    b = html.parse(str(cfg.parent / "site/news/2021/09/13/b/index.html")).getroot()
    assert b.xpath("//figure[@class='pa-article__cover']//img/@alt") == ["四个人围坐在长桌旁交谈"]
    assert b.xpath("//figure[@class='pa-article__cover']/figcaption") == []


def test_a_site_under_a_path_links_every_page_part_under_that_path(make_site: SiteMaker) -> None:
    """base_url https://x/sub/: the parts shared by every page (stylesheets, scripts, nav, search form, footer)
    link from the site root with /sub/ in front, and every such link, like every relative one, names a file
    the build wrote — on the home page, a story, a listing and the 404 page (which is served at any depth). A build
    of another site at the host's root comes first in the same process: nothing of its links may carry over."""
    plain = make_site({"content/news/2021/a.md": story("a")})
    build(plain, plain.parent / "site", now=NOW)  # a build at the host's root first, in this same process
    cfg = make_site(fixture_files(), config=BASE_CONFIG.replace("https://pingan.example.gov.cn/",
                                                                "https://pingan.example.gov.cn/sub/"),
                    root=plain.parent.parent / "under-a-path")
    make_image(cfg.parent / "content/images/cover.jpg", (1600, 900))
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    checked = 0
    for rel, url in [("index.html", "/sub/"), ("news/2021/09/13/alpha/index.html", "/sub/news/2021/09/13/alpha/"),
                     ("news/index.html", "/sub/news/"), ("404.html", "/sub/no/such/page/")]:
        doc = html.fromstring((out / rel).read_bytes())
        assert doc.xpath("//link[@rel='stylesheet']/@href")[0].startswith("/sub/assets/")
        assert doc.xpath("//form[@role='search']/@action") == ["/sub/search/"]
        for _, attr, link, _ in doc.iterlinks():
            if attr not in ("href", "src") or link.startswith(("http:", "https:", "mailto:", "tel:", "#", "data:")):
                continue
            target = urljoin(url, link).split("#")[0].split("?")[0]
            assert target.startswith("/sub/"), (rel, link)
            path = out / target.removeprefix("/sub/")
            assert path.is_file() or (path / "index.html").is_file(), (rel, link)
            checked += 1
    assert checked > 100


def test_links_written_in_html_are_checked_and_placed_under_the_site_s_path(make_site: SiteMaker) -> None:
    """<a href="/news/"> in a body was neither checked nor given the site's folder: under /sub/ the page linked
    outside the site and the feed to https://host/news/. It is now a link like Markdown's; a missing page is an
    error, and a link that names the folder itself is told to leave it out."""
    from generator.errors import ContentError

    config = BASE_CONFIG.replace("https://pingan.example.gov.cn/", "https://pingan.example.gov.cn/sub/")
    body = ('<p>详见<a href="/news/" title="全部">甲页</a>和<a href="/no-such-page/">乙页</a>。</p>\n\n'
            "也可以看[丙页](/sub/news/)，或者<a href='/search/?q=调解'>丁页</a>。")
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)}, config=config)
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    said = [(p.line, p.message, p.hint) for p in raised.value.problems if p.level == "error"]
    assert [(line, message) for line, message, _ in said] == [
        (9, "站内链接 /no-such-page/ 指向的页面不存在"), (11, "站内链接 /sub/news/ 多写了网站所在的目录 /sub/")], said
    assert "请写成 /news/" in said[1][2]
    (cfg.parent / "content/news/2021/a.md").write_text(
        story("a", body=body.replace("/no-such-page/", "/news/2021/").replace("/sub/news/", "/news/")), "utf-8")
    build(cfg, cfg.parent / "site", now=NOW)
    page = html.parse(str(cfg.parent / "site/news/2021/09/13/a/index.html")).getroot()
    hrefs = [page.xpath(f"//a[.='{text}']/@href") for text in ("甲页", "乙页", "丙页", "丁页")]
    assert hrefs == [["../../../../"], ["../../../"], ["../../../../"], ["../../../../../search/?q=调解"]], hrefs
    assert page.xpath("//a[.='甲页']/@title") == ["全部"]
    feed = (cfg.parent / "site/feed.xml").read_text("utf-8")
    assert 'href="https://pingan.example.gov.cn/sub/news/2021/"' in feed
    assert 'href="https://pingan.example.gov.cn/news/' not in feed


def test_a_link_to_a_file_that_names_the_site_s_folder_is_told_to_leave_it_out(make_site: SiteMaker) -> None:
    """/sub/feed.xml under /sub/ is told to leave the folder out (as a page's link is), not called missing, and a
    data file that no build writes is called missing, a file (the right links build)."""
    from generator.errors import ContentError

    config = BASE_CONFIG.replace("https://pingan.example.gov.cn/", "https://pingan.example.gov.cn/sub/")
    body = "订阅本站：[RSS](/sub/feed.xml)，数据见[表格](/sub/data/metrics.csv)，另有[旧表](/data/nothing.csv)。"
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)}, config=config)
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    said = [(p.line, p.message, p.hint) for p in raised.value.problems if p.level == "error"]
    assert [(line, message) for line, message, _ in said] == [
        (9, "站内链接 /sub/feed.xml 多写了网站所在的目录 /sub/"),
        (9, "站内链接 /sub/data/metrics.csv 多写了网站所在的目录 /sub/"),
        (9, "站内链接 /data/nothing.csv 指向的文件不存在")], said
    assert "请写成 /feed.xml" in said[0][2] and "请写成 /data/metrics.csv" in said[1][2]
    assert not (cfg.parent / "site").exists()  # nothing published
    (cfg.parent / "content/news/2021/a.md").write_text(
        story("a", body=body.replace("/sub/", "/").replace("，另有[旧表](/data/nothing.csv)", "")), "utf-8")
    build(cfg, cfg.parent / "site", now=NOW)
    page = html.parse(str(cfg.parent / "site/news/2021/09/13/a/index.html")).getroot()
    assert page.xpath("//a[.='RSS']/@href") == ["../../../../../feed.xml"]


def test_a_link_into_the_office_network_is_refused(make_site: SiteMaker) -> None:
    """An OA system's address copied into a story (http://192.168.1.10/oa/, http://oa/…, http://localhost:8080/)
    opens only inside the office: refused with a hint; a link to another site on the internet is fine."""
    from generator.build import check
    from generator.errors import ContentError

    body = ("通知见[内网](http://192.168.1.10/oa/notice.html)。\n\n[办公系统](http://oa/x)和[本机](http://localhost:8080/)。"
            "\n\n[元数据](http://169.254.169.254/latest/)和[中国政府网](https://www.gov.cn/)。")
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    said = [p.message for p in raised.value.problems if p.level == "error"]
    assert len(said) == 4 and all("指向本机或单位内部网络的地址" in m for m in said), said
    assert not [m for m in said if "gov.cn" in m]
    # the forms a browser reads as such an address (a hostile re-read), in raw HTML too, and a report's address
    forms = ["http://127.1/", "http://10.1/", "http://0x7f.1/", "http://0177.0.0.1/", "http:192.168.1.4/",
             "http://１９２.１６８.１.８/", "http://①⑨②.168.1.7/", "http://%31%39%32.168.1.10/", "http://2130706433/"]
    body = "、".join(f"[{n}]({url})" for n, url in enumerate(forms)) + '\n\n<a href="http://192.168.1.13/">内网</a>' \
        '<a href="http://192.168.&#9;1.14/">内网</a>\n'
    cfg = make_site({"content/news/2021/a.md": story("a", body=body, extra="source_url: http://192.168.1.10/oa/\n"),
                     "content/news/2021/b.md": story("b", body="[十二](http://12.34/)和[网易](https://163.com/x)。")})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    errors = [p for p in raised.value.problems if p.level == "error"]
    assert {p.path for p in errors} == {"content/news/2021/a.md"}
    assert len([p for p in errors if "指向本机或单位内部网络的地址" in p.message]) == len(forms) + 2
    assert [p.field for p in errors if "互联网上的网址" in p.message] == ["source_url"]


def test_a_link_written_as_a_story_s_title_is_told_that_story_s_path(make_site: SiteMaker) -> None:
    """[相关报道](武威排查隐患) was told only how paths are written, though a story of that title exists: the hint
    names its file, as the link is to be written from the linking file's folder."""
    from generator.build import check
    from generator.errors import ContentError

    cfg = make_site({"content/news/2021/a.md": story("a", title="武威排查隐患"),
                     "content/news/2022/b.md": story("b", date="2022-01-05 08:00", body="另见[相关报道](武威排查隐患)。")})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    [problem] = [p for p in raised.value.problems if p.level == "error"]
    assert problem.path == "content/news/2022/b.md" and "指向的页面不存在" in problem.message
    assert "“武威排查隐患”是一篇稿件的标题" in problem.hint and "../2021/a.md" in problem.hint


def test_check_and_build_agree_on_links_to_pictures_and_attachments(make_site: SiteMaker) -> None:
    """`pingan check` passed ！[会议现场](/images/a.jpg) (a full-width ！ makes it a link), [查看大图](/images/a.jpg)
    and [附件](/files/fangan.pdf); `pingan build` then stopped on them as pages that do not exist. Both say the same,
    and say what each is: a picture is shown with ![…](…), an attachment cannot be published."""
    from generator.build import check
    from generator.errors import ContentError

    body = "会议现场！[会议现场](/images/a.jpg)\n\n[查看大图](../../images/a.jpg)\n\n[附件：实施方案](/files/fangan.pdf)\n\n" \
           "订阅本站：[RSS](/feed.xml)，[数据](/data/metrics.csv)，[旧表](/data/old.csv)。\n\n" \
           "[本栏目](/columns/dongtai/atom.xml)，[栏目网站地图](/columns/dongtai/sitemap.xml)，[验证](/baidu_verify_x.html)，" \
           "[没有稿件的地区](/regions/qu/feed.xml)，[没有的栏目](/columns/nosuch/feed.xml)，[接口](/api/news.json)，" \
           "[图](/images/0123456789abcdef-960.png)。\n\n" \
           "[样式](/assets/stylesheets/pingan.css)，[没有的样式](/assets/stylesheets/nosuch.css)，" \
           "[搜索](/search-index/meta.json)，[索引块](/search-index/0a1b2c/b/3.bin)。"
    cfg = make_site({"content/news/2021/a.md": story("a", body=body, extra="region: xian\n"),
                     "content/root/baidu_verify_x.html": "<html><body>verify</body></html>"})
    make_image(cfg.parent / "content/images/a.jpg")
    said = []
    for run in (lambda: check(cfg, now=NOW), lambda: build(cfg, cfg.parent / "site", now=NOW)):
        with pytest.raises(ContentError) as raised:
            run()
        said.append([(p.line, p.message) for p in raised.value.problems if p.level == "error"])
    assert said[0] == said[1] == [
        (10, "站内链接 /images/a.jpg 指向 content/images/ 里的图片，网站上没有这个地址"),
        (12, "站内链接 ../../images/a.jpg 指向 content/images/ 里的图片，网站上没有这个地址"),
        (14, "站内链接 /files/fangan.pdf 指向的文件不存在"),
        (16, "站内链接 /data/old.csv 指向的文件不存在"),
        (18, "站内链接 /regions/qu/feed.xml 指向的文件不存在"),
        (18, "站内链接 /columns/nosuch/feed.xml 指向的文件不存在"),
        (18, "站内链接 /api/news.json 指向的文件不存在"),
        (18, "站内链接 /images/0123456789abcdef-960.png 指向 content/images/ 里的图片，网站上没有这个地址"),
        (20, "站内链接 /assets/stylesheets/nosuch.css 指向的文件不存在"),
        (20, "站内链接 /search-index/0a1b2c/b/3.bin 指向搜索索引的文件")], said
    hint = next(p.hint for p in raised.value.problems if p.line == 10)
    assert "![图片说明](../../images/a.jpg)" in hint and "英文感叹号" in hint


def test_the_feed_folders_a_link_may_name_are_those_a_build_writes(sample_site: Path) -> None:
    """`pingan check` takes the folders of feeds and sections' sitemaps from spec.feed_folders, and the open data's
    files from sitelinks.OPEN_DATA; the build writes them in outputs/: the two must name the same files."""
    from generator.build import prepare
    from generator.render.spec import feed_folders

    prep = prepare(sample_site, SAMPLE_NOW, include_unpublished=False, strict=False)
    predicted = feed_folders(prep.config, prep.site.by_region, bool(prep.dataset.cases), bool(prep.dataset.honors))
    site = sample_site.parent / "site"
    written = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("atom.xml")}
    assert {f or "./" for f in predicted} == written
    sections = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("sitemap.xml") if p.parent != site}
    assert sections == set(predicted) - {""}
    from generator.render.sitelinks import OPEN_DATA  # and the open data's files

    assert {p.relative_to(site).as_posix() for folder in ("api", "data") for p in (site / folder).iterdir()
            if p.name != "index.html"} == OPEN_DATA


def test_a_draft_s_problems_do_not_hold_up_the_site(make_site: SiteMaker) -> None:
    """A colleague's unfinished draft (a phone number, a YAML slip) is not published, so it does not stop the build:
    its problems are reported as warnings, marked 草稿; once `draft: true` goes, they are errors again."""
    from generator.errors import ContentError

    phone = story("phone", title="来稿", body="联系电话13912345678。", extra="draft: true\n")
    broken = "---\ntitle: \"没写完\ndraft: true\n---\n正文。\n"
    cfg = make_site({"content/news/2021/a.md": story("a"), "content/news/2021/phone.md": phone,
                     "content/news/2021/broken.md": broken})
    report = build(cfg, cfg.parent / "site", now=NOW)
    warned = {p.path: p for p in report.warnings if p.message.startswith("草稿：")}
    assert set(warned) == {"content/news/2021/phone.md", "content/news/2021/broken.md"}, report.warnings
    assert "手机号" in warned["content/news/2021/phone.md"].message
    assert "发布以前要改好" in warned["content/news/2021/phone.md"].hint
    assert (cfg.parent / "site/index.html").is_file()
    (cfg.parent / "content/news/2021/phone.md").write_text(phone.replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [p.path for p in raised.value.problems if p.level == "error"] == ["content/news/2021/phone.md"]
    with pytest.raises(ContentError):
        build(cfg, cfg.parent / "site", now=NOW, strict=True)  # --strict: a draft's problems fail too
    # only the front matter says what a story is: "draft: true" written in a published story's text is text
    (cfg.parent / "content/news/2021/phone.md").write_text(
        phone.replace("draft: true\n", "").replace("联系电话", "draft: true\n\n联系电话"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [p.path for p in raised.value.problems if p.level == "error"] == ["content/news/2021/phone.md"]


def test_only_stories_and_records_can_be_drafts(make_site: SiteMaker) -> None:
    """What marks a draft is a story's front matter or a record's top-level key, never the bytes of another file."""
    from generator.content.common import marked_draft

    cfg = make_site({"content/news/2021/a.md": story("a", extra="draft: true\n"),
                     "content/cases/c.yml": "id: c\ndraft: true\n",
                     "content/cases/d.yml": "id: d\nbody: |\n  draft: true\n",
                     "content/images/x.svg": "<svg>\ndraft: true\n</svg>\n"})
    root = cfg.parent
    assert marked_draft(root, "content/news/2021/a.md") and marked_draft(root, "content/cases/c.yml")
    assert not marked_draft(root, "content/cases/d.yml") and not marked_draft(root, "content/images/x.svg")
    assert not marked_draft(root, "site_config.yml") and not marked_draft(root, "content/news/2021/missing.md")


@pytest.mark.parametrize("path, text", [
    ("content/news/2021/p.md", story("p", body="联系电话13912345678。", extra='imported: "3f2a9c\ndraft: true\n"\n')),
    ("content/news/2021/p.md", story("p", title='平安建设推进会召开\ndraft: true\n"', body="联系电话13912345678。")
     .replace("title: ", 'title: "', 1)),
    ("content/cases/p.yml", "id: p\ndate_note: \"报道未写日期\ndraft: true\n\"\nbody: 联系电话13912345678。\n"),
])
def test_a_draft_line_inside_a_quoted_value_does_not_make_a_draft(make_site: SiteMaker, path: str, text: str) -> None:
    """A draft is what the build reads as one: a line "draft: true" inside a quoted value that runs over several lines
    is text in that value, so the file is published and its personal data stops the build (it used to be read as a
    draft by its lines, its errors turned into warnings, and then published)."""
    from generator.content.common import marked_draft
    from generator.errors import ContentError

    cfg = make_site({"content/news/2021/a.md": story("a"), path: text})
    assert not marked_draft(cfg.parent, path)
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    assert any(p.path == path and "手机号" in p.message for p in raised.value.problems if p.level == "error"), \
        raised.value.problems


def test_the_readers_site_map_lists_every_section_and_the_feeds_to_copy(built: tuple[Path, Report]) -> None:
    """网站地图 is a page for readers (sitemap.xml stays for search engines): the columns, the list pages and the
    years, each linked; the feeds with their full addresses as text to copy into a reader, since a feed opened in
    a browser shows its code. Every page's footer leads there, not to raw XML."""
    out, _ = built
    doc = page(out, "sitemap/")
    links = {a.text_content(): a.get("href") for a in doc.xpath("//main//ul[@class='pa-sitemap__links']//a")}
    assert {"工作动态", "矛盾调解", "全部新闻", "按地区浏览", "全部标签", "站内搜索", "2021年"} <= set(links)
    for href in links.values():
        assert (out / "sitemap" / href / "index.html").resolve().is_file(), href
    feeds = [a.text_content() for a in doc.xpath("//ul[@class='pa-sitemap__feeds']//a")]
    assert BASE + "feed.xml" in feeds and BASE + "columns/tiaojie/atom.xml" in feeds
    assert all(a == a.strip() and a.startswith(BASE) for a in feeds)
    story = page(out, "news/2021/11/20/charlie/")
    footer = story.xpath("//footer//div[@class='pa-footer__links']/a/@href")
    assert not [h for h in footer if h.endswith(".xml")]
    assert any(h.endswith("sitemap/") for h in footer) and any(h.endswith("sitemap/#subscribe") for h in footer)


def test_a_story_or_record_where_nothing_reads_it_is_a_warning_saying_where_it_goes(make_site: SiteMaker) -> None:
    """A story saved beside the news folder, in a record folder or with .MD, a record outside its folder, a Word
    document copied in: each is named with where it belongs (the site was built without it and nothing said so).
    Pictures, hidden files and content/root/ are left alone."""
    text = story("lost")
    cfg = make_site({"content/news/2021/a.md": story("a"),
                     "content/fazhi.md": text, "content/cases/fazhi.md": text, "content/新闻/fazhi.md": text,
                     "content/news/2021/upper.MD": text, "content/news/2021/note.markdown": text,
                     "content/news/2021/推进会.md.txt": text,
                     "content/news/2021/case.yml": "id: case\n", "content/case/c.yml": "id: c\n",
                     "content/mediators/w.YML": "id: w\n", "content/news/2021/来稿.docx": "x",
                     "content/news/2021/.DS_Store": "x", "content/root/robots-extra.txt": "ok",
                     "content/images/readme.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    (cfg.parent / "content/outside.md").symlink_to("/etc/hostname")  # refused where links are: reported once, there
    from generator.errors import ContentError

    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [p.level for p in raised.value.problems if p.path == "content/outside.md"] == ["error"]
    unread = {p.path: p.hint for p in raised.value.problems if p.message == "这个文件不会被读取，也不会发布"}
    assert sorted(unread) == ["content/case/c.yml", "content/cases/fazhi.md", "content/fazhi.md",
                              "content/mediators/w.YML", "content/news/2021/case.yml", "content/news/2021/note.markdown",
                              "content/news/2021/upper.MD", "content/news/2021/推进会.md.txt",
                              "content/news/2021/来稿.docx", "content/新闻/fazhi.md"]
    # 记事本 adds .txt to a story saved as 推进会.md: told to rename it, not to import it
    assert "改名为 推进会.md" in unread["content/news/2021/推进会.md.txt"]
    assert "import" not in unread["content/news/2021/推进会.md.txt"]
    assert "upper.md" in unread["content/news/2021/upper.MD"] and "w.yml" in unread["content/mediators/w.YML"]
    assert "content/news/年份/" in unread["content/cases/fazhi.md"]
    assert "content/cases/" in unread["content/case/c.yml"] and "pingan import" in unread["content/news/2021/来稿.docx"]


def test_the_site_s_own_logo_and_icon_and_no_generator_tag(make_site: SiteMaker) -> None:
    """A county's emblem in the header and its own browser icon, from files put in content/root/; without them a
    shield and the site's own icon (not the theme's book). No page names the software and versions it was made
    with (security scans of government sites report it)."""
    from generator.build import build

    config = BASE_CONFIG.replace("  description: 测试站点\n", "  description: 测试站点\n  logo: emblem.png\n  favicon: icon.png\n")
    cfg = make_site({"content/news/2021/a.md": story("a")}, config=config)
    root = cfg.parent / "content" / "root"
    root.mkdir(parents=True)
    (root / "emblem.png").write_bytes(_png(64, 64))
    (root / "icon.png").write_bytes(_png(32, 32))
    build(cfg, cfg.parent / "site", now=NOW)
    page = html.fromstring((cfg.parent / "site" / "news/2021/09/13/a/index.html").read_bytes())
    icon = urljoin("/news/2021/09/13/a/", page.xpath("//link[@rel='icon']/@href")[0])
    assert (cfg.parent / "site" / icon.lstrip("/")).read_bytes() == (root / "icon.png").read_bytes()
    assert [src.rsplit("/", 1)[-1] for src in page.xpath("//header//img/@src")] == ["emblem.png"]
    assert not page.xpath("//meta[@name='generator']")

    plain = make_site({"content/news/2021/a.md": story("a")}, root=cfg.parent.parent / "plain")
    build(plain, plain.parent / "site", now=NOW)
    page = html.fromstring((plain.parent / "site" / "index.html").read_bytes())
    assert not page.xpath("//meta[@name='generator']") and page.xpath("//header//svg")
    icon = page.xpath("//link[@rel='icon']/@href")[0]
    assert (plain.parent / "site" / icon.lstrip("/")).read_bytes() == (REPO / "theme/assets/images/favicon.png").read_bytes()


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (168, 21, 27)).save(out, "PNG")
    return out.getvalue()


def test_a_logo_not_in_content_root_is_named_with_its_line(make_site: SiteMaker) -> None:
    from generator.config import ConfigError, load_config

    cfg = make_site(config=BASE_CONFIG.replace("  description: 测试站点\n", "  description: 测试站点\n  logo: emblem.png\n"))
    with pytest.raises(ConfigError) as caught:
        load_config(cfg)
    assert [p.format() for p in caught.value.problems] == [
        "错误：site_config.yml 第 5 行，字段 site.logo：找不到 content/root/emblem.png\n"
        "    提示：把图片放进 content/root/（文件名的大小写也要一样），或删掉这一行，使用默认的图标。"]


def test_a_site_with_nothing_in_it_yet_builds_without_a_made_up_year(make_site: SiteMaker) -> None:
    """A new county site before its first story: every page is there, a column says it has no stories yet, and the
    footer names the host without a year (it said © 2000)."""
    cfg = make_site()
    build(cfg, cfg.parent / "site", now=NOW)
    home = html.fromstring((cfg.parent / "site" / "index.html").read_bytes())
    footer = " ".join(home.xpath("string(//p[@class='pa-footer__copyright'])").split())
    assert footer == "© 测试县委政法委"
    column = html.fromstring((cfg.parent / "site" / "columns/dongtai/index.html").read_bytes())
    assert "这里还没有稿件" in column.text_content()


def test_a_story_s_column_is_marked_in_the_tabs(built: tuple[Path, Report]) -> None:
    """A reader on a story sees which section they are in: its column's tab is marked, as on the column itself;
    the home tab is not."""
    site = built[0]
    for rel, column in (("news/2021/09/13/alpha/index.html", "工作动态"), ("columns/dongtai/index.html", "工作动态"),
                        ("columns/dongtai/page/2/index.html", "工作动态")):
        page = html.fromstring((site / rel).read_bytes())
        active = [" ".join(a.text_content().split()) for a in page.xpath("//li[contains(@class,'md-tabs__item--active')]")]
        assert active == [column], (rel, active)
    tag = html.fromstring((site / "index.html").read_bytes())
    assert [" ".join(a.text_content().split()) for a in tag.xpath("//li[contains(@class,'md-tabs__item--active')]")] == ["首页"]

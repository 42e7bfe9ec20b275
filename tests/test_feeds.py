"""Feeds: valid, newest first, full text with absolute URLs, permalink GUIDs, +08:00 dates, right self links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree, html

from generator.build import Report

from .conftest import BASE_CONFIG, NOW, SiteMaker, fixture_files, make_image, story
from .test_build import BASE, built  # noqa: F401 - the module-scoped built site fixture

NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
FEEDS = ["feed.xml", "atom.xml", "columns/dongtai/feed.xml", "columns/dongtai/atom.xml",
         "columns/tiaojie/feed.xml", "columns/tiaojie/atom.xml"]


def _built(make_site: SiteMaker, stories: dict[str, str] | None = None, config: str = BASE_CONFIG) -> Path:
    """The fixture site with `stories` added (path -> text), built; its site folder."""
    from generator.build import build

    cfg = make_site({**fixture_files(), **(stories or {})}, config=config)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    build(cfg, cfg.parent / "site", now=NOW)
    return cfg.parent / "site"


@pytest.mark.parametrize("name", FEEDS)
def test_feed_parses_cleanly(built: tuple[Path, Report], name: str) -> None:  # noqa: F811
    parsed = feedparser.parse((built[0] / name).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries, name
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_rss_items(built: tuple[Path, Report]) -> None:  # noqa: F811
    tree = etree.fromstring((built[0] / "feed.xml").read_bytes())
    channel = tree.find("channel")
    assert channel.findtext("link") == BASE
    own = channel.find("atom:link[@rel='self']", NS)
    assert (own.get("href"), own.get("type")) == (BASE + "feed.xml", "application/rss+xml")
    assert channel.findtext("language") == "zh-CN"
    assert channel.findtext("lastBuildDate") == "Fri, 09 Sep 2022 11:00:00 +0800"
    items = channel.findall("item")
    assert len(items) == 5  # feeds.items
    assert [i.findtext("title") for i in items][:2] == ["诉调对接让纠纷化解更快", "雪亮工程覆盖全部行政村"]
    for item in items:
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true"
        assert guid.text == item.findtext("link")
        assert guid.text.startswith(BASE + "news/")
        assert item.findtext("pubDate").endswith("+0800")
        assert item.findtext("description")
        assert item.findtext("content:encoded", namespaces=NS)
        assert item.findtext("dc:creator", namespaces=NS) == "记者 李明"


def _absolute_urls(fragment: str) -> list[str]:
    doc = html.fragment_fromstring(fragment, create_parent="div")
    return [value for _, attr, value, _ in doc.iterlinks() if attr in ("href", "src")]


def test_full_text_with_absolute_urls(built: tuple[Path, Report]) -> None:  # noqa: F811
    out, _ = built
    everything = etree.fromstring((out / "feed.xml").read_bytes())
    links = [i.findtext("link") for i in everything.iter("item")]
    assert BASE + "news/2021/09/13/alpha/" not in links  # only the newest 5 stories are in the feed
    column = etree.fromstring((out / "columns/dongtai/feed.xml").read_bytes())
    assert [i.findtext("link") for i in column.iter("item")][-1] == BASE + "news/2021/09/13/alpha/"
    for item in [*everything.iter("item"), *column.iter("item")]:
        content = item.findtext("content:encoded", namespaces=NS)
        assert len(content) > 20
        for url in _absolute_urls(content):
            assert url.startswith(BASE) or url == "https://example.org/x", url
        # no ids: a reader showing several items on one page had each subheading's id ("_1") many times
        assert html.fragment_fromstring(content, create_parent="div").xpath("//@id") == [], content
    assert html.fromstring((out / "news/2022/09/09/hotel/index.html").read_bytes()).xpath(
        "//div[contains(@class, 'pa-article__body')]//h2/@id")  # the page keeps them
    atom = etree.fromstring((out / "atom.xml").read_bytes())
    for entry in atom.findall("atom:entry", NS):
        for url in _absolute_urls(entry.findtext("atom:content", namespaces=NS)):
            assert url.startswith(BASE), url


def test_images_in_content_not_enclosures(tmp_path: Path) -> None:
    from generator.build import build

    from .conftest import BASE_CONFIG, NOW, fixture_files, make_image

    root = tmp_path / "big-feed"
    root.mkdir()
    (root / "site_config.yml").write_text(BASE_CONFIG.replace("items: 5", "items: 50"), encoding="utf-8")
    for rel, text in fixture_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg", (1600, 900))
    make_image(root / "content/images/body.jpg", (800, 600))
    out = root / "site"
    build(root / "site_config.yml", out, now=NOW)
    tree = etree.fromstring((out / "feed.xml").read_bytes())
    alpha = next(i for i in tree.iter("item") if i.findtext("link").endswith("/alpha/"))
    content = alpha.findtext("content:encoded", namespaces=NS)
    urls = _absolute_urls(content)
    assert urls[0].startswith(BASE + "images/") and urls[0].endswith("-960.jpg")  # the cover leads the content
    images = [u for u in urls if u.endswith(".jpg")]
    assert len(images) == 2 and all(u.startswith(BASE + "images/") for u in images)
    assert "https://example.org/x" in urls  # external links stay as written
    assert "<picture" not in content and "srcset" not in content
    assert alpha.find("enclosure") is None
    for url in images:
        assert (out / url[len(BASE):]).is_file()
    atom = etree.fromstring((out / "atom.xml").read_bytes())
    for entry in atom.findall("atom:entry", NS):
        # one link only, the alternate (rel defaults to alternate); no enclosure turned into a second one
        rels = [link.get("rel", "alternate") for link in entry.findall("atom:link", NS)]
        assert rels == ["alternate"]


def test_atom_feed(built: tuple[Path, Report]) -> None:  # noqa: F811
    tree = etree.fromstring((built[0] / "columns/tiaojie/atom.xml").read_bytes())
    own = tree.find("atom:link[@rel='self']", NS)
    assert (own.get("href"), own.get("type")) == (BASE + "columns/tiaojie/atom.xml", "application/atom+xml")
    assert tree.find("atom:link[@rel='alternate']", NS).get("href") == BASE + "columns/tiaojie/"
    assert tree.findtext("atom:updated", namespaces=NS) == "2022-09-09T11:00:00+08:00"
    entries = tree.findall("atom:entry", NS)
    assert [e.findtext("atom:title", namespaces=NS) for e in entries] == [
        "诉调对接让纠纷化解更快", "人民调解员培训班开班", "调解室化解邻里纠纷"]
    first = entries[0]
    assert first.findtext("atom:id", namespaces=NS) == BASE + "news/2022/09/09/hotel/"
    assert first.findtext("atom:published", namespaces=NS) == "2022-09-09T11:00:00+08:00"
    assert first.findtext("atom:updated", namespaces=NS) == "2022-09-09T11:00:00+08:00"
    assert first.find("atom:content", NS).get("type") == "html"
    assert first.findtext("atom:summary", namespaces=NS)


def test_items_end_with_where_they_come_from(built: tuple[Path, Report]) -> None:  # noqa: F811
    """A reader that shows only the feed still sees the source and the cite the page shows (a cite may say the
    original must not be reposted)."""
    out, _ = built
    column = etree.fromstring((out / "columns/dongtai/feed.xml").read_bytes())
    contents = {i.findtext("link"): i.findtext("content:encoded", namespaces=NS) for i in column.iter("item")}
    alpha = contents.pop(BASE + "news/2021/09/13/alpha/")
    assert alpha.endswith("<p>来源：测试日报</p><p>出处：据测试日报报道改写</p>")
    assert contents and all(c.endswith("<p>来源：测试日报</p>") for c in contents.values())
    atom = feedparser.parse((out / "columns/dongtai/atom.xml").read_bytes())
    assert atom.entries[-1].content[0].value.endswith("<p>出处：据测试日报报道改写</p>")


def test_a_feed_with_no_items_yet_has_the_sites_date(make_site: SiteMaker) -> None:
    """A new column's feed is written (it can be subscribed to before its first story), dated as the site's newest
    story (both formats need a date; a made-up one, or the time of the build, would mislead readers)."""
    out = _built(make_site, config=BASE_CONFIG.replace("  - id: tiaojie\n", "  - id: xinlan\n    name: 新栏目\n  - id: tiaojie\n"))
    rss = etree.fromstring((out / "columns/xinlan/feed.xml").read_bytes())
    assert rss.find("channel/item") is None
    assert rss.findtext("channel/lastBuildDate") == "Fri, 09 Sep 2022 11:00:00 +0800"
    atom = etree.fromstring((out / "columns/xinlan/atom.xml").read_bytes())
    assert atom.findtext("atom:updated", namespaces=NS) == "2022-09-09T11:00:00+08:00"
    assert feedparser.parse((out / "columns/xinlan/feed.xml").read_bytes()).bozo == 0


def test_an_automatic_summary_stops_where_a_reader_would() -> None:
    from generator.render.summary import cut_summary

    first = "今年以来，全县各级调解组织深入开展矛盾纠纷排查化解专项行动，把问题解决在基层、化解在萌芽状态，" \
            "群众满意度明显提升。"
    second = "截至目前，共排查各类矛盾纠纷一千余件，其中涉及婚姻家庭、邻里关系和土地承包的纠纷占七成以上，均已依法妥善处理。"
    assert cut_summary(first + second, 80) == first + "……"  # the whole first sentence, then the Chinese ellipsis
    clause = "据了解，" + "网格员每周入户走访辖区群众" * 4 + "，及时掌握社情民意并登记在册" * 3
    assert cut_summary(clause, 80) == clause[:clause.rfind("，", 0, 80)] + "……"  # at a comma
    number = "全年" + "化解纠纷" * 18 + "涉及金额12345678元"
    cut = cut_summary(number, 80)
    assert cut.endswith("金额……") and len(cut) <= 82  # not "金额1234……": never half a number
    assert cut_summary("短短一句话。", 80) == "短短一句话。"


@pytest.mark.parametrize(("text", "cut"), [
    ("甲" * 60 + "调解员说：“我们要把这件事情办好，" + "乙" * 60, "甲" * 60 + "调解员说：“我们要把这件事情办好……”"),
    ("《关于（试行）" + "加强人民调解工作" * 20 + "》", ("《关于（试行）" + "加强人民调解工作" * 20)[:110] + "……》"),
])
def test_a_summary_cut_inside_a_quotation_closes_it(text: str, cut: str) -> None:
    """A summary cut inside a quotation, an aside or a title left its mark open (调解员说：“我们要…): it closes
    after the ellipsis, as a shortened quotation is printed."""
    from generator.render.summary import cut_summary

    assert cut_summary(text) == cut


@pytest.mark.parametrize(("head", "shortened"), [
    ("甲乙“", "甲乙……"),  # cut right after an opening mark: no empty quotation
    ("“甲《乙”丙", "“甲《乙”丙……"),  # a closing mark closes what was left open inside it
    ("（甲【乙）丙", "（甲【乙）丙……"),
    ("甲”乙", "甲”乙……"),  # a closing mark with no opener: nothing to close
    ("“甲“乙”丙", "“甲“乙”丙……”"),  # nested: the outer one is still open
])
def test_a_shortened_summary_closes_only_what_is_open(head: str, shortened: str) -> None:
    from generator.render.summary import _shortened

    assert _shortened(head) == shortened


@pytest.mark.parametrize("tail", ["共计１２３４５６件。", "共计12.5万件。", "共计3.14％的", "共计12,345,678元",
                                  "见 https://example.gov.cn/a/b 页", "见 https://x.cn/a"])
def test_an_automatic_summary_cuts_no_number_written_in_full_width_or_with_its_wan(tail: str) -> None:
    """１２３４|５６件 (full-width, as pasted from Word) and 12.5|万件 (a reader sees 12.5 of what is 125,000) were cut
    inside; so were 12,|345 and https:|// at a comma or colon taken for a clause's end."""
    from generator.render.summary import cut_summary

    text = "甲" * 104 + tail
    assert cut_summary(text) == "甲" * 104 + "共计……" if tail.startswith("共计") else "甲" * 104 + "见……"


@pytest.mark.parametrize(("text", "cut"), [
    ("甲" * 102 + "受理纠纷4546，调成4321，" + "乙" * 10, "甲" * 102 + "受理纠纷4546……"),  # ， is no part of a number
    ("甲" * 60 + "覆盖群众超过十万人次,3个乡镇" + "乙" * 40, "甲" * 60 + "覆盖群众超过十万人次……"),  # a clause's comma
])
def test_an_automatic_summary_still_stops_at_a_comma_beside_a_number(text: str, cut: str) -> None:
    from generator.render.summary import cut_summary

    assert cut_summary(text) == cut


def test_feeds_without_full_text_carry_summaries_and_links(make_site: SiteMaker) -> None:
    """feeds.full_text: false was accepted and ignored: the full texts went out all the same."""
    out = _built(make_site, config=BASE_CONFIG.replace("feeds:\n", "feeds:\n  full_text: false\n"))
    for name in ("feed.xml", "atom.xml", "columns/dongtai/feed.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        assert feed.entries and all(e.summary and e.link for e in feed.entries), name
        for e in feed.entries:  # the summary and where it comes from (出处 too: 转载 limits are kept), no body
            lines = [p.text_content() for p in html.fragments_fromstring(e.content[0].value)]
            assert lines[0] == e.summary and lines[1].startswith(("来源：", "出处：")) and len(lines) <= 3, lines
    assert "<h2" not in (out / "feed.xml").read_text(encoding="utf-8")  # the bodies' subheadings: no body at all


def test_a_site_without_stories_dates_its_feeds_the_day_it_is_built(make_site: SiteMaker) -> None:
    """An empty site's feeds were dated 2000-01-01, a date no one wrote."""
    from generator.build import build

    cfg = make_site({})
    build(cfg, cfg.parent / "site", now=NOW)
    atom = etree.fromstring((cfg.parent / "site/atom.xml").read_bytes())
    assert atom.findtext("atom:updated", namespaces=NS) == NOW.strftime("%Y-%m-%dT00:00:00+08:00")
    rss = etree.fromstring((cfg.parent / "site/feed.xml").read_bytes())
    assert rss.findtext("channel/lastBuildDate") == NOW.strftime("%a, %d %b %Y 00:00:00 +0800")


def test_an_automatic_summary_is_the_story_s_text_not_its_tables(make_site: SiteMaker) -> None:
    """A data story that opens with a table is summed up by its first paragraph, not by the table's cells run
    together (县区 受理 调成 甘州区 138 125 12345…, which the personal-data gate also read as a phone number).
    A story that is only a table keeps the cells (there is nothing else)."""
    from generator.build import build

    table = "| 县区 | 受理（件） | 调成（件） | 涉及金额（万元） |\n|---|---|---|---|\n| 甘州区 | 138 | 125 | 12345 |\n"
    files = fixture_files()
    files["content/news/2025/s1.md"] = story("s1", title="表格在前", date="2025-05-01 08:00", body=table + "\n全市去年受理矛盾纠纷两千余件，调解成功率九成以上。\n")
    files["content/news/2025/s2.md"] = story("s2", title="只有表格", date="2025-05-02 08:00", body="| 县区 | 受理 |\n|---|---|\n| 甘州区 | 1399 |\n")
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    report = build(cfg, cfg.parent / "site", now=NOW)
    assert [(p.field, p.level) for p in report.warnings] == [("正文（表格）", "warning")]  # the row, still named
    feed = feedparser.parse((cfg.parent / "site/feed.xml").read_bytes())
    summaries = {e.title: e.summary for e in feed.entries}
    assert summaries["表格在前"] == "全市去年受理矛盾纠纷两千余件，调解成功率九成以上。"
    assert summaries["只有表格"] == "县区 受理 甘州区 1399"


def test_quotes_in_alt_text_reach_feed_readers_whole(make_site: SiteMaker) -> None:
    """An alt text with a quote mark survives feedparser (used by many readers), which cuts an attribute at &#34;."""
    site = _built(make_site, {"content/news/2022/quote.md": (
        "---\nid: quote\ntitle: 引号测试\ndate: 2022-10-10 08:00\ncolumn: dongtai\nsource: 测试日报\n"
        "cover: images/cover.jpg\ncover_alt: '横幅写着\"平安\"二字'\n---\n\n正文。\n\n![他说\"好\"的样子](../../images/body.jpg)\n")})
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        entry = next(e for e in parsed.entries if e.link.endswith("/quote/"))
        alts = html.fragment_fromstring(entry.content[0].value, create_parent="div").xpath("//img/@alt")
        assert alts == ['横幅写着"平安"二字', '他说"好"的样子'], name


def test_a_picture_story_keeps_the_feed_shape_with_its_subtitle_and_one_category_per_name(make_site: SiteMaker
                                                                                        ) -> None:
    """A story that is only a picture still has its full text in content:encoded and a summary in description;
    its subtitle is in the item as on its page; a tag named as the story's column is both, each said by its domain."""
    site = _built(make_site, {"content/news/2022/photo.md": (
        "---\nid: photo\ntitle: 图片新闻测试\nsubtitle: 副标题在这里\ndate: 2022-10-10 08:00\ncolumn: dongtai\n"
        "source: 测试日报\ntags: [工作动态, 基层治理]\n---\n\n![会议室里的调解现场](../../images/body.jpg)\n")})
    rss = etree.fromstring((site / "feed.xml").read_bytes())
    item = next(i for i in rss.iter("item") if i.findtext("link").endswith("/photo/"))
    full = item.findtext("content:encoded", namespaces=NS)
    assert full is not None and "<img" in full and "副标题在这里" in full
    assert "<img" not in item.findtext("description") and "副标题在这里" in item.findtext("description")
    # each category says what it is by its domain: the column, the tags, the region (a tag named as the column too)
    assert [(c.text, c.get("domain")) for c in item.iter("category")] == [
        ("工作动态", "https://pingan.example.gov.cn/columns/dongtai/"), ("工作动态", "https://pingan.example.gov.cn/tags/"),
        ("基层治理", "https://pingan.example.gov.cn/tags/")]
    atom = etree.fromstring((site / "atom.xml").read_bytes())
    entry = next(e for e in atom.iterfind("atom:entry", NS) if e.findtext("atom:id", namespaces=NS).endswith("/photo/"))
    assert entry.findtext("atom:summary", namespaces=NS) == "副标题在这里"


@pytest.mark.parametrize(("page", "own"), [("regions/xian/", "regions/xian/"), ("columns/dongtai/", "columns/dongtai/"),
                                           ("news/2021/09/13/alpha/", "columns/dongtai/"), ("news/", "")])
def test_a_page_names_its_own_feed_first(built: tuple[Path, Report], page: str, own: str) -> None:  # noqa: F811
    """A reader that subscribes to the first feed a page names took the whole site's from a column's or a region's
    page: the page's own section comes first, the site's after it (and alone on pages of no section)."""
    out, _ = built
    doc = html.fromstring((out / page / "index.html").read_bytes())
    hrefs = [urljoin(BASE + page, h) for h in doc.xpath("//head/link[@rel='alternate']/@href")]
    mine = [BASE + own + "feed.xml", BASE + own + "atom.xml"]
    assert hrefs == (mine + [BASE + "feed.xml", BASE + "atom.xml"] if own else mine)


def test_each_region_with_stories_has_its_feed(built: tuple[Path, Report]) -> None:  # noqa: F811
    """A county's newsroom subscribes to its county: each region with stories has RSS and Atom feeds holding the
    stories of the region and the regions under it, named on the region's page and in the site map; items name their
    region as a category."""
    out, _ = built
    rss = etree.fromstring((out / "regions/xian/feed.xml").read_bytes())
    links = [i.findtext("link") for i in rss.iter("item")]
    page = html.fromstring((out / "regions/xian/index.html").read_bytes())
    cards = [urljoin(BASE + "regions/xian/", h) for h in page.xpath("//li[contains(@class,'pa-card')]//h3/a/@href")]
    assert links and links[:len(cards)] == cards
    assert rss.findtext("channel/title") == "测试平安网·测试县"
    assert feedparser.parse((out / "regions/xian/atom.xml").read_bytes()).bozo == 0
    assert page.xpath("//p[@class='pa-list-header__feeds']/a/@href")[:2] == [
        BASE + "regions/xian/feed.xml", BASE + "regions/xian/atom.xml"]
    assert "订阅本地区" in page.xpath("string(//p[@class='pa-list-header__feeds'])")
    assert BASE + "regions/xian/feed.xml" in html.fromstring((out / "sitemap/index.html").read_bytes()).xpath(
        "//ul[@class='pa-sitemap__feeds']//a/text()")
    item = next(rss.iter("item"))
    assert ("测试县", BASE + "regions/") in [(c.text, c.get("domain")) for c in item.iter("category")]
    # a region's feed is light: summaries with their links (the full text is on the page and in the column's feed),
    # and the lines saying where a story comes from, as on its page (a county's newsroom may reprint from here)
    content = html.fragments_fromstring(item.findtext("content:encoded", namespaces=NS))
    assert [p.text_content() for p in content] == [item.findtext("description"), "来源：测试日报"]


def test_a_title_with_markup_characters_reads_as_text_in_every_feed_reader(make_site: SiteMaker) -> None:
    """An RSS title is taken for HTML by readers (feedparser too) when it holds markup: a title with a tag in it
    loaded a picture from another site in the reader. Titles holding < or & are written escaped for HTML, so the
    reader shows exactly the characters typed, as the Atom feed does (its titles are declared text)."""
    import html as html_module

    title = "'A&B <img src=\"https://evil.example/t.gif\"> <b>粗体</b> &amp; 字'"
    site = _built(make_site, {"content/news/2022/markup.md": story("markup", title=title, date="2022-09-10 09:00",
                                                                   extra='tags: ["平安&法治"]\n')})
    typed = title.strip("'")
    for name in ("feed.xml", "atom.xml"):
        entry = next(e for e in feedparser.parse((site / name).read_bytes()).entries if "markup" in e.link)
        shown = html_module.unescape(entry.title) if entry.title_detail.type == "text/html" else entry.title
        assert shown == typed, name
        assert "平安&法治" in [tag.term for tag in entry.tags], name  # a category is read as text: written as typed
        if entry.title_detail.type == "text/html":  # taken for HTML: holds no element a reader would draw
            assert html.fragment_fromstring(entry.title, create_parent="div").xpath("//img | //b") == []
    rss = etree.fromstring((site / "feed.xml").read_bytes())
    written = [i.findtext("title") for i in rss.iter("item") if "markup" in i.findtext("link")]
    assert written == [html_module.escape(typed, quote=False)]  # whatever a reader takes it for, it reads as typed


@pytest.mark.parametrize(("typed", "written"), [("R&D", "R&D"), ("AT&T;", "AT&T;"), ("A&B", "A&B"),
                                               ("&amp;", "&amp;amp;"), ("&copy", "&amp;copy"), ("&#169;", "&amp;#169;"),
                                               ("<b>", "&lt;b&gt;")])
def test_an_rss_title_is_escaped_only_where_html_would_read_it_otherwise(typed: str, written: str) -> None:
    from generator.outputs.feeds import _rss_text

    assert _rss_text(typed) == written


@pytest.mark.parametrize("name", ["feed.xml", "columns/dongtai/feed.xml"])
def test_a_title_with_a_lone_ampersand_is_written_once_escaped(make_site: SiteMaker, name: str) -> None:
    """平安&法治 escaped for HTML as well read 平安&amp;法治 in readers that show RSS titles as text: a lone & is no
    markup, and HTML readers take it as itself. The column's name in the channel's title likewise."""
    config = BASE_CONFIG.replace("name: 工作动态", "name: 平安&法治")
    site = _built(make_site, {"content/news/2022/amp.md": story("amp", title="“平安&法治”进社区", date="2022-09-10 09:00")},
                  config=config)
    raw = (site / name).read_text("utf-8")
    assert "<title>“平安&amp;法治”进社区</title>" in raw and "&amp;amp;" not in raw
    feed = feedparser.parse(raw.encode())
    assert next(e.title for e in feed.entries if "amp" in e.link) == "“平安&法治”进社区"
    if name != "feed.xml":
        assert feed.feed.title == "测试平安网·平安&法治"


def test_a_direction_override_pasted_into_a_title_reaches_no_feed(make_site: SiteMaker) -> None:
    """U+202E left in a title turned the text after it around in every reader's feed and tab, while the zero-width
    space beside it was dropped: direction overrides and isolates are dropped the same way."""
    out = _built(make_site, {"content/news/2022/rtl.md": story(
        "rtl", title='"标题\\u202e反向文字"', date="2022-09-20 08:00",
        extra='summary: "零宽\\u200b字符\\u2066隔离\\u2069摘要"\n')})
    for name in ("feed.xml", "atom.xml"):
        text = (out / name).read_text("utf-8")
        assert "标题反向文字" in text and "零宽字符隔离摘要" in text, name
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), name
    assert "<title>标题反向文字" in (out / "news/2022/09/20/rtl/index.html").read_text("utf-8")

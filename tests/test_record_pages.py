"""Record pages built from a fixture and checked by parsing the HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from generator.build import build
from generator.errors import ContentError

from .conftest import BASE_CONFIG, NOW, SiteMaker, story
from .test_records import CASE, HONOR, MEDIATOR, metrics


def _texts(doc: html.HtmlElement, xpath: str) -> list[str]:
    return [re.sub(r"\s+", " ", el.text_content()).strip() for el in doc.xpath(xpath)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("records")
    files = {
        "site_config.yml": BASE_CONFIG,
        "content/news/2021/a.md": story("a", extra="region: xian\n"),
        "content/cases/drain.yml": CASE.format(id="drain", mediator="wang"),
        "content/cases/wages.yml": CASE.format(id="wages", mediator="wang").replace("category: 邻里", "category: 劳动争议")
        .replace("date: 2024-04", "date: 2023-11").replace("title: 邻里排水纠纷", "title: 拖欠工资纠纷"),
        "content/cases/lease.yml": CASE.format(id="lease", mediator="null").replace("category: 邻里", "category: 合同")
        .replace("region: xian", "region: qu").replace("title: 邻里排水纠纷", "title: 租赁合同纠纷"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="model-2021") + "bio: 长期扎根基层。\n",
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="wang"),
        "content/honors/county-2019.yml": HONOR.format(id="county-2019", mediator="x")
        .replace("recipient: {mediator: x}", "recipient: {region: xian}").replace("level: 市级", "level: 国家级")
        .replace("year: 2021", "period: 2017—2019年度").replace("name: 模范调解室", "name: 示范县"),
        "content/metrics/xian-2021.yml": metrics("xian-2021", "xian", "2021",
                                                 "  disputes_investigated: 1399\n  disputes_resolved: 1387\n",
                                                 "  dispute_resolution_rate: 99.1\n") + "note: 据测试日报年终报道\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    out = root / "site"
    build(root / "site_config.yml", out, now=NOW)
    return out


def page(out: Path, url: str) -> html.HtmlElement:
    return html.fromstring((out / url / "index.html").read_bytes())


def test_case_library_and_static_filters(site: Path) -> None:
    library = page(site, "cases/")
    assert _texts(library, "//ul[contains(@class,'pa-cases')]//h2") == ["邻里排水纠纷", "租赁合同纠纷", "拖欠工资纠纷"]
    assert _texts(library, "//nav[@class='pa-filters']/p[2]/a") == ["邻里（1）", "合同（1）", "劳动争议（1）"]
    assert _texts(library, "//nav[@class='pa-filters']/p[3]/a") == ["测试省（3）"]  # provinces, with their counts
    assert library.xpath("//nav[@class='pa-filters']/p[2]/a/@href") == [
        "category/neighbours/", "category/contract/", "category/labour/"]
    assert _texts(page(site, "cases/category/labour/"), "//ul[contains(@class,'pa-cases')]//h2") == ["拖欠工资纠纷"]
    assert _texts(page(site, "cases/region/qu/"), "//ul[contains(@class,'pa-cases')]//h2") == ["租赁合同纠纷"]
    assert _texts(page(site, "cases/year/2023/"), "//ul[contains(@class,'pa-cases')]//h2") == ["拖欠工资纠纷"]
    assert not library.xpath("//script[not(@src)][contains(., 'filter')]")  # filters need no script


def test_case_page_links_the_mediator(site: Path) -> None:
    doc = page(site, "cases/drain/")
    facts = dict(zip(_texts(doc, "//dl[@class='pa-facts']//dt"), _texts(doc, "//dl[@class='pa-facts']//dd"), strict=True))
    assert facts["调解室"] == "王某调解室" and "调解员" not in facts and facts["当事人"] == "何某、刘某甲、刘某乙" and facts["纠纷类型"] == "邻里"
    assert facts["时间"].startswith("2024年4月")  # a month as Chinese text writes it, not 2024年04月
    assert doc.xpath("//dl[@class='pa-facts']//dd/a[.='王某调解室']/@href") == ["../../mediators/wang/"]
    assert (site / "mediators/wang/index.html").is_file()
    # the place with the regions above it, as a story gives them (测试县 alone says nothing to a reader elsewhere)
    assert facts["地区"] == "测试省 › 测试市 › 测试县"


def test_search_results_say_a_record_s_kind(site: Path) -> None:
    meta = json.loads((site / "search-index/meta.json").read_text(encoding="utf-8"))
    docs = [json.loads((site / "search-index" / meta["v"] / "d" / f"{n}.json").read_text(encoding="utf-8"))
            for n in range(meta["docs"])]
    kinds = {d["u"]: (d.get("k"), d["d"]) for d in docs}
    assert kinds["cases/drain/"] == ("案例", "2024-04")
    assert kinds["mediators/wang/"] == ("调解室", "")
    assert {k for u, (k, _d) in kinds.items() if u.startswith("news/")} == {"新闻"}


def test_a_case_s_mediator_named_in_its_organisation_is_one_row(make_site: SiteMaker) -> None:
    """调解组织 古城乡“老王调解工作室” and 调解室 老王调解工作室 said the same twice: one row, linking the room."""
    case = CASE.format(id="c", mediator="wang").replace("organisation: 某村人民调解委员会",
                                                        "organisation: 某村“王某调解室”")
    cfg = make_site({"content/cases/c.yml": case, "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="")})
    build(cfg, cfg.parent / "site")
    doc = page(cfg.parent / "site", "cases/c/")
    assert _texts(doc, "//dl[@class='pa-facts']//dt") == ["纠纷类型", "地区", "时间", "调解组织", "当事人", "调解结果"]
    assert doc.xpath("//dl[@class='pa-facts']//dd/a[.='王某调解室']/@href") == ["../../mediators/wang/"]


def test_mediator_gallery_and_profile(site: Path) -> None:
    gallery = page(site, "mediators/")
    assert _texts(gallery, "//li[@class='pa-person']//h2") == ["王某调解室"]
    # each line says what it is; the region is left out where the unit names it already
    assert _texts(gallery, "//li[@class='pa-person']/p") == ["所属：某村人民调解委员会", "地区：测试县"]
    profile = page(site, "mediators/wang/")
    assert _texts(profile, "//section[h2='调解的案例']//a") == ["邻里排水纠纷", "拖欠工资纠纷"]
    assert _texts(profile, "//section[h2='所获荣誉']//li") == ["2021年 模范调解室（市级，测试市司法局）"]
    facts = dict(zip(_texts(profile, "//dl[@class='pa-facts']//dt"), _texts(profile, "//dl[@class='pa-facts']//dd"),
                     strict=True))
    assert facts["成功率"] == "90.0%（9/10）"  # computed from the counts
    assert facts["地区"] == "测试省 › 测试市 › 测试县" and facts["单位"] == "某村人民调解委员会"
    assert "长期扎根基层" in _texts(profile, "//div[contains(@class,'pa-article__body')]")[0]


def test_honor_wall_by_level_and_year_links_recipients(site: Path) -> None:
    doc = page(site, "honors/")
    assert _texts(doc, "//section[@class='pa-honor-level']/h2") == ["国家级", "市级"]
    assert _texts(doc, "//section[@class='pa-timeline']/h3") == ["2021年", "2017—2019年度"]  # the period it was given for, not a year
    # the year index links to each honor above instead of repeating it
    assert _texts(doc, "//section[@class='pa-timeline']//li") == ["模范调解室（王某调解室，市级）", "示范县（测试县，国家级）"]
    targets = doc.xpath("//section[@class='pa-timeline']//a/@href")
    assert targets == ["#model-2021", "#county-2019"] and all(doc.xpath(f"//li[@id='{t[1:]}']") for t in targets)
    national = doc.xpath("//section[@class='pa-honor-level'][1]//li")[0]
    assert national.xpath(".//a/@href") == ["../regions/xian/"]
    assert "2017—2019年度" in national.text_content()
    city = doc.xpath("//section[@class='pa-honor-level'][2]//li")[0]
    assert city.xpath(".//a/@href") == ["../mediators/wang/"]
    # what the layout tells a sighted reader, said to a screen reader; each honor names its source
    assert _texts(city, ".//span[@class='pa-visually-hidden']") == ["时间：", "获得者：", "授予单位："]
    assert _texts(city, ".//span[@class='pa-honor__source']") == ["出处：测试日报"]


def test_copyright_year_is_the_newest_content_s_including_records(site: Path) -> None:
    """The newest story is of 2021, the newest case of 2024: the footer says 2024 (not the build's own date)."""
    assert _texts(page(site, ""), "//p[@class='pa-footer__copyright']")[0].startswith("© 2024 ")


def test_region_index_says_what_each_region_holds(site: Path) -> None:
    """Everything a region's page holds counts: a region with cases, mediators, honors or figures and no story is
    not shown as "0 篇", nor as a link with no count (which looked like an empty page)."""
    tree = {re.sub(r"\s+", "", li.xpath("string(./a)")): _texts(li, "./span[@class='pa-count']")
            for li in page(site, "regions/").xpath("//ul[contains(@class,'pa-tree')]//li[a]")}
    assert tree["测试县"] == ["（1 篇报道、2 件案例、1 个调解员或调解室、1 项荣誉、1 组数据）"]
    assert tree["测试区"] == ["（1 件案例）"]
    # a region with sub-regions shows its own figures only, and says so (its sub-regions' are on their pages)
    desc = _texts(page(site, "regions/sheng/"), "//p[@class='pa-list-header__desc']")[0]
    assert "本级的工作数据" in desc and "所辖地区的数据在各自的页面上" in desc
    assert not any("0 篇" in " ".join(v) for v in tree.values())


def test_nav_adds_record_sections_that_exist(site: Path) -> None:
    labels = _texts(page(site, ""), "//nav[contains(@class,'md-tabs')]//a")
    assert labels == ["首页", "工作动态", "矛盾调解", "调解案例", "模范调解员", "荣誉墙", "数据"]


def test_open_data_equals_the_records(site: Path) -> None:
    cases = json.loads((site / "api/cases.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in cases["items"]] == ["drain", "lease", "wages"]
    drain = cases["items"][0]
    assert (drain["category"], drain["region_name"], drain["date"], drain["parties"], drain["url"]) == (
        "邻里", "测试县", "2024-04", ["何某", "刘某甲", "刘某乙"], "https://pingan.example.gov.cn/cases/drain/")
    mediators = json.loads((site / "api/mediators.json").read_text(encoding="utf-8"))
    assert [(m["id"], m["cases_handled"], m["cases_succeeded"], m["honors"]) for m in mediators["items"]] == [
        ("wang", 10, 9, ["model-2021"])]
    honors = json.loads((site / "api/honors.json").read_text(encoding="utf-8"))
    # each file says what its fields hold, for whoever downloads it without this README: every field, no other
    for kind in (cases, mediators, honors):
        assert [list(item) for item in kind["items"]] == [list(kind["field_notes"])] * len(kind["items"])
        assert all(kind["field_notes"].values())
    assert [(h["id"], h["level"], h["year"], h["period"], h["recipient"]) for h in honors["items"]] == [
        ("county-2019", "国家级", None, "2017—2019年度", {"region": "xian", "unit": None, "mediator": None}),
        ("model-2021", "市级", 2021, None, {"region": None, "unit": None, "mediator": "wang"})]
    raw = (site / "data/metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["region_name"], r["period_label"], r["indicator_name"], r["kind"], r["value"]) for r in rows] == [
        ("测试县", "2021年", "矛盾纠纷排查数", "count", "1399"),
        ("测试县", "2021年", "矛盾纠纷化解数", "count", "1387"),
        ("测试县", "2021年", "矛盾纠纷化解率", "rate_computed", "99.14"),
        ("测试县", "2021年", "矛盾纠纷化解率", "rate_stated", "99.1"),
    ]
    # what each column holds is said where the files are downloaded, and in the JSON (no one downloading them has
    # this project's README)
    said = page(site, "data/").xpath("//details[@class='pa-data__columns']//dt/code/text()")
    assert said == list(rows[0]) and len(said) == 21
    # a spreadsheet sorts and filters periods by their first and last day (Excel reads 2021-09 as a date)
    assert {(r["period_start"], r["period_end"]) for r in rows} == {("2021-01-01", "2021-12-31")}
    as_json = json.loads((site / "data/metrics.json").read_text(encoding="utf-8"))
    assert list(as_json["field_notes"]) == said and all(as_json["field_notes"].values())
    assert [str(r["value"]) for r in as_json["items"]] == [r["value"] for r in rows]
    assert [r["record_note"] for r in rows] == ["据测试日报年终报道"] * 4  # the record's own note, by each figure
    # a value a record leaves out is null, as the README says, never an empty string
    for kind in (cases, mediators, honors, as_json):
        assert not [(item.get("id"), key) for item in kind["items"] for key, value in item.items() if value == ""]
    # each figure names the record it comes from: two sources' figures for the same region and period were rows
    # alike but for the free-text source
    assert {r["record"] for r in as_json["items"]} == {"xian-2021"}
    assert [r["record"] for r in rows] == ["xian-2021"] * 4
    assert (drain["place"], drain["date_note"]) == (None, None)


NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
BASE = "https://pingan.example.gov.cn/"


@pytest.mark.parametrize("section, first_link", [("cases", BASE + "cases/drain/"), ("honors", BASE + "honors/#model-2021")])
def test_case_and_honor_feeds(site: Path, section: str, first_link: str) -> None:
    import feedparser
    from lxml import etree

    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / section / name).read_bytes())
        assert parsed.bozo == 0 and parsed.entries[0].link == first_link
    rss = etree.fromstring((site / section / "feed.xml").read_bytes())
    assert rss.find("channel/atom:link[@rel='self']", NS).get("href") == f"{BASE}{section}/feed.xml"
    for item in rss.iter("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")
        assert item.findtext("pubDate").endswith("+0800")
        content = html.fragment_fromstring(item.findtext("content:encoded", namespaces=NS), create_parent="div")
        assert all(v.startswith(BASE) for _, a, v, _ in content.iterlinks() if a in ("href", "src"))
    doc = page(site, f"{section}/")
    hrefs = doc.xpath("//head/link[@rel='alternate']/@href")
    assert f"/{section}/feed.xml" in hrefs and "/feed.xml" in hrefs  # the head's links are root-relative
    assert (site / section / "sitemap.xml").is_file()  # Material fetches it beside the feed link
    if section == "honors":
        assert doc.xpath("//li[@id='model-2021']")  # the GUID's fragment exists on the page


def test_region_pages_gather_records_and_figures(site: Path) -> None:
    xian = page(site, "regions/xian/")
    table = xian.xpath("//table[@class='pa-figures']")[0]
    rows = dict(zip(_texts(table, ".//tbody/tr/th"), _texts(table, ".//tbody/tr/td"), strict=True))
    assert rows == {"矛盾纠纷排查数": "1,399", "矛盾纠纷化解数": "1,387",
                    "矛盾纠纷化解率": "99.1%（1,387÷1,399）；报道为 99.1%"}
    # each number on one line in a narrow column (a phone broke 1,399 as 1,39 / 9)
    assert _texts(table, ".//tbody/tr/td//span[@class='pa-nobr']") == ["1,399", "1,387", "99.1%", "1,387", "1,399",
                                                                       "99.1%"]
    assert _texts(xian, "//section[starts-with(h2,'调解案例')]//li/a") == ["邻里排水纠纷", "拖欠工资纠纷"]
    assert _texts(xian, "//section[starts-with(h2,'调解案例')]/h2") == ["调解案例（2 件）"]
    assert _texts(xian, "//section[h2='调解员与调解室']//a") == ["王某调解室"]
    assert _texts(xian, "//section[h2='荣誉']//li") == ["2017—2019年度 示范县（国家级）— 测试县"]
    assert xian.xpath("//section[h2='荣誉']//a") == []  # the county itself: no link to the page it is on
    crumbs = xian.xpath("//nav[@class='pa-breadcrumb']//a")
    assert [(a.text_content(), a.get("href")) for a in crumbs] == [
        ("首页", "../../"), ("按地区浏览", "../"), ("测试省", "../sheng/"), ("测试市", "../shi/")]
    # qu has no news but a case, so it gets a page; the province page gathers every case below it
    assert _texts(page(site, "regions/qu/"), "//section[starts-with(h2,'调解案例')]//li/a") == ["租赁合同纠纷"]
    assert len(page(site, "regions/sheng/").xpath("//section[starts-with(h2,'调解案例')]//li")) == 3
    assert page(site, "cases/lease/").xpath("//dd//a[.='测试区']/@href") == ["../../regions/qu/"]


def test_home_leads_with_the_showcase(site: Path) -> None:
    home = page(site, "")
    figures = home.xpath("//section[@class='pa-keyfigures']//li")
    assert [_texts(li, ".//span")[:2] for li in figures] == [["1,399", "矛盾纠纷排查数"]]
    assert _texts(home, "//span[@class='pa-keyfigures__where']") == ["测试县·2021年"]
    # headed like every other section of the home page, with 更多 leading to the data page
    assert home.xpath("//section[@class='pa-keyfigures']/header[@class='pa-section__header']//a/@href") == [
        "data/", "data/"]
    assert _texts(home, "//section[.//h2='最新荣誉']//strong") == ["模范调解室", "示范县"]
    assert _texts(home, "//section[.//h2='模范调解员与调解室']//h3") == ["王某调解室"]
    assert _texts(home, "//section[.//h2='模范调解员与调解室']//p/span[3]") == ["调解 10件"]
    assert _texts(home, "//section[.//h2='最新调解案例']//h3") == [
        "邻里排水纠纷", "租赁合同纠纷", "拖欠工资纠纷"]  # newest first


def test_data_page_charts_are_svg_text_followed_by_their_table(site: Path) -> None:
    doc = page(site, "data/")
    assert [s.get("id") for s in doc.xpath("//section[@class='pa-indicator']")] == [
        "disputes_investigated", "disputes_resolved", "dispute_resolution_rate"]
    section = doc.xpath("//section[@id='disputes_investigated']")[0]
    # one region reports it: a one-bar chart would say nothing the table does not
    assert section.xpath(".//figure") == [] and not section.xpath(".//script")
    assert _texts(section, ".//p[@class='pa-chart-note']") == ["这一指标只有测试县的数字，没有其他地区可比，数字列在下表。"]
    rows = [_texts(tr, "./*") for tr in section.xpath(".//table/tbody/tr")]
    assert rows == [["测试县", "2021年", "1,399说明：据测试日报年终报道", "测试日报"]]  # the record's note beside it
    rate = doc.xpath("//section[@id='dispute_resolution_rate']//table/tbody/tr/td")
    # computed from the counts, 1387/1399, and said so beside the source (which reported the rate too)
    assert _texts(rate[1], ".//span[@class='pa-figures__value']") == ["99.1%"]
    assert _texts(rate[1], ".//small") == ["由计数算出（1,387÷1,399）；报道为 99.1%"]
    # every data file is downloaded, never opened as a page of code
    assert doc.xpath("//a[@download]/@href") == ["metrics.csv", "metrics.json", BASE + "api/cases.json",
                                                 BASE + "api/mediators.json", BASE + "api/honors.json"]
    assert "数据" in _texts(page(site, ""), "//nav[contains(@class,'md-tabs')]//a")


def test_counts_of_regions_at_different_levels_are_not_drawn_in_one_chart(make_site: SiteMaker) -> None:
    """A province's count beside a county's shows nothing of the county: counts are compared in a bar chart only
    among regions at the same level of the region tree; a region alone at its level is in the table only (and
    the page says why). Rates compare across levels."""
    def record(rid: str, region: str, count: int) -> str:
        return metrics(rid, region, "2021", f"  disputes_investigated: {count}\n  disputes_resolved: {count - 1}\n")

    cfg = make_site({"content/metrics/sheng.yml": record("sheng", "sheng", 125000),
                     "content/metrics/xian.yml": record("xian", "xian", 1399),
                     "content/metrics/qu.yml": record("qu", "qu", 615)})
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    section = doc.xpath("//section[@id='disputes_investigated']")[0]
    assert _texts(section, ".//figcaption") == ["图：各县、区矛盾纠纷排查数（2021年）（数据见下表）"]
    svg = section.xpath(".//figure[@class='pa-chart']/*[local-name()='svg']")
    assert len(svg) == 1 and not section.xpath(".//script")
    labels = " ".join(t.text_content() for t in svg[0].xpath(".//*[local-name()='text']"))
    assert "测试县（2021年）" in labels and "测试区（2021年）" in labels and "测试省" not in labels
    assert "1,399" in labels  # Chinese and figures kept as text, not paths
    sizes = {float(size) for size in re.findall(r"font-size: ([\d.]+)px", html.tostring(svg[0], encoding="unicode"))}
    assert sizes and min(sizes) >= 11  # drawn at phone width: no tick, value or legend under 11 px (older readers)
    assert _texts(section, ".//table/tbody/tr/th") == ["测试省", "测试县", "测试区"]
    assert _texts(section, ".//p[@class='pa-chart-note']") == [
        "这一指标下，测试省没有统计期、口径和层级都相同的地区可比，数字只列在下表。"]
    assert "计数还只在同一层级的地区之间比较" in " ".join(_texts(doc, "//p[@class='pa-data__downloads']"))
    rate = doc.xpath("//section[@id='dispute_resolution_rate']")[0]
    assert _texts(rate, ".//figcaption") == ["图：矛盾纠纷化解率（数据见下表）"] and not rate.xpath(".//p[@class='pa-chart-note']")
    rate_labels = " ".join(t.text_content() for t in rate.xpath(".//*[local-name()='svg']//*[local-name()='text']"))
    assert "测试省（2021年）" in rate_labels and "测试县（2021年）" in rate_labels
    assert "100%" in rate_labels.split() and "120%" not in rate_labels.split()  # a rate's scale ends at 100%


def test_figures_of_different_periods_are_not_drawn_in_one_chart(make_site: SiteMaker) -> None:
    """A year's count beside another year's (or seven months') says nothing: a bar chart across regions holds only
    figures of one period and scope, and its title names the period."""
    def record(rid: str, region: str, period: str, count: int) -> str:
        return metrics(rid, region, period, f"  disputes_investigated: {count}\n")

    cfg = make_site({"content/metrics/xian.yml": record("xian", "xian", "2021", 1399),
                     "content/metrics/qu.yml": record("qu", "qu", "2022", 615)})
    build(cfg, cfg.parent / "site", now=NOW)
    section = page(cfg.parent / "site", "data/").xpath("//section[@id='disputes_investigated']")[0]
    assert section.xpath(".//figure") == []
    assert _texts(section, ".//p[@class='pa-chart-note']") == [
        "这一指标下，测试县、测试区没有统计期、口径和层级都相同的地区可比，数字只列在下表。"]
    (cfg.parent / "content/metrics/shi.yml").write_text(record("shi", "xian", "2022", 1500), encoding="utf-8")
    build(cfg, cfg.parent / "site", now=NOW)
    section = page(cfg.parent / "site", "data/").xpath("//section[@id='disputes_investigated']")[0]
    # both latest figures are now of 2022: one chart across them (each bar names its period), and 测试县's trend
    assert _texts(section, ".//figcaption") == ["图：矛盾纠纷排查数（数据见下表）", "图：测试县：矛盾纠纷排查数（数据见下表）"]
    bars = " ".join(t.text_content() for t in section.xpath(".//figure[1]//*[local-name()='text']"))
    assert "测试县（2022年）" in bars and "测试区（2022年）" in bars and "1,500" in bars
    assert section.xpath(".//p[@class='pa-chart-note']") == []


def test_charts_are_deterministic() -> None:
    from generator.outputs.charts import bar_chart, line_chart

    assert bar_chart("网格员", ["武威市（2021年）", "修武县"], [5325, 580], "") == \
        bar_chart("网格员", ["武威市（2021年）", "修武县"], [5325, 580], "")
    line = line_chart("修武县：调解纠纷数", ["2020年", "2021年"], [100, 4546], "")
    assert line.startswith("<svg role=\"img\"") and "修武县：调解纠纷数" in line and "PingFang SC" in line


def test_record_markdown_images_resolve_like_story_images(make_site: SiteMaker) -> None:
    """Case bodies and mediator bios use the same image handling as stories: found, sized, or reported."""
    from generator.errors import ContentError

    from .conftest import make_image

    case = CASE.format(id="drain", mediator="null") + "body: |\n  调解现场。\n\n  ![调解室内景](../images/room.jpg)\n"
    cfg = make_site({"content/cases/drain.yml": case})
    with pytest.raises(ContentError) as info:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [p.format() for p in info.value.problems] == [
        "错误：content/cases/drain.yml 第 15 行，字段 body：找不到图片文件：../images/room.jpg\n"
        "    提示：检查文件名（区分大小写）和路径；图片路径相对于这个文件所在的文件夹，或以 / 开头表示相对 content/。"]
    make_image(cfg.parent / "content/images/room.jpg", (640, 480))
    build(cfg, cfg.parent / "site", now=NOW)
    img = page(cfg.parent / "site", "cases/drain/").xpath("//div[contains(@class,'pa-article__body')]//img")[0]
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("调解室内景", "640", "480")
    assert (cfg.parent / "site/cases/drain" / img.get("src")).resolve().is_file()


def test_mediator_photo_in_gallery_and_profile(make_site: SiteMaker) -> None:
    """A mediator's photo is shown, sized and described, on the gallery card and the profile; a missing one is named."""
    from generator.errors import ContentError

    from .conftest import make_image

    mediator = (MEDIATOR.format(id="wang", honors="").replace("honors: []\n", "")
                + "photo: images/wang.jpg\nphoto_alt: 王某在调解室接待群众\n")
    cfg = make_site({"content/mediators/wang.yml": mediator})
    with pytest.raises(ContentError) as info:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [p.format().splitlines()[0] for p in info.value.problems] == [
        f"错误：content/mediators/wang.yml 第 {mediator.splitlines().index('photo: images/wang.jpg') + 1} 行，"
        "字段 photo：找不到图片文件：images/wang.jpg"]
    make_image(cfg.parent / "content/mediators/images/wang.jpg", (800, 600))
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    for url in ("mediators/", "mediators/wang/"):
        imgs = page(out, url).xpath("//article//picture//img | //ul[@class='pa-gallery']//picture//img")
        assert [(i.get("alt"), i.get("width"), i.get("height")) for i in imgs] == [("王某在调解室接待群众", "800", "600")]
        assert (out / url / imgs[0].get("src")).resolve().is_file()


def test_a_photo_path_written_from_content_works_as_a_cover_s_does(make_site: SiteMaker) -> None:
    """A cover is written images/x.jpg (from content/); the same path for a mediator's photo was not found (it was
    read from content/mediators/) and the hint said ../images/…: a path not found from the file's folder is looked
    for from content/ too, in records and in stories' text alike."""
    from .conftest import make_image, story

    mediator = (MEDIATOR.format(id="wang", honors="").replace("honors: []\n", "")
                + "photo: images/王建国 近照.jpg\nphoto_alt: 王某在调解室接待群众\n")
    cfg = make_site({"content/mediators/wang.yml": mediator,
                     "content/news/2021/a.md": story("a", body="![调解现场](images/王建国 近照.jpg)")})
    make_image(cfg.parent / "content/images/王建国 近照.jpg", (800, 600))
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    for url in ("mediators/wang/", "news/2021/09/13/a/"):
        imgs = page(out, url).xpath("//article//picture//img")
        assert [i.get("width") for i in imgs] == ["800"], url
        assert (out / url / imgs[0].get("src")).resolve().is_file()


def test_record_drafts_are_checked_but_not_published(make_site: SiteMaker) -> None:
    from generator.errors import ContentError

    cfg = make_site({"content/cases/drain.yml": CASE.format(id="drain", mediator="null"),
                     "content/cases/later.yml": CASE.format(id="later", mediator="null") + "draft: true\n"})
    out = cfg.parent / "site"
    report = build(cfg, out, now=NOW)
    assert report.record_drafts == ["content/cases/later.yml"]
    assert (out / "cases/drain/index.html").is_file() and not (out / "cases/later").exists()
    assert [c["id"] for c in json.loads((out / "api/cases.json").read_text(encoding="utf-8"))["items"]] == ["drain"]
    (cfg.parent / "content/cases/later.yml").write_text(
        CASE.format(id="later", mediator="null").replace("parties: [何某, 刘某甲, 刘某乙]", "parties: [何大明]") + "draft: true\n",
        encoding="utf-8")
    report = build(cfg, out, now=NOW)  # a draft is still checked: its problems are said, without holding up the site
    assert [p.path for p in report.warnings if p.message.startswith("草稿：")] == ["content/cases/later.yml"]
    with pytest.raises(ContentError):  # and with --strict they fail the build
        build(cfg, out, now=NOW, strict=True)


def test_a_record_s_period_note_is_written_once_on_the_data_page(make_site: SiteMaker) -> None:
    """A record's period note (截至2024年9月…) is shown in full at its first figure on /data/; its other figures link
    to it instead of repeating it under every indicator."""
    note = "截至2024年9月报道时"
    cfg = make_site({"content/metrics/xian.yml": metrics("xian", "xian", "2024", "  disputes_investigated: 20\n"
                                                         "  disputes_resolved: 18\n") + f"period_note: {note}\n",
                     "content/metrics/qu.yml": metrics("qu", "qu", "2024", "  disputes_investigated: 9\n")})
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    assert len(doc.xpath(f"//table//small[.='{note}']")) == 1
    assert doc.xpath(f"//table//small[.='{note}']/@id") == ["pa-period-xian"]
    links = doc.xpath("//table//small/a[starts-with(., '统计期说明见上文')]")
    assert links and {a.get("href") for a in links} == {"#pa-period-xian"}
    # each link says where it leads (the indicator whose table shows the note): not 说明见上文 over and over
    first = doc.xpath("//small[@id='pa-period-xian']/ancestor::section[1]//h2")[0].text_content().strip()
    assert {a.text_content() for a in links} == {f"统计期说明见上文“{first}”"}


@pytest.mark.parametrize("url, wanted", [
    ("cases/", ["cases/feed.xml", "cases/atom.xml", "api/cases.json"]),
    ("cases/category/neighbours/", ["cases/feed.xml", "cases/atom.xml", "api/cases.json"]),
    ("honors/", ["honors/feed.xml", "honors/atom.xml", "api/honors.json"]),
    ("mediators/", ["api/mediators.json"]),
    ("data/", ["api/cases.json", "api/mediators.json", "api/honors.json"]),
])
def test_record_pages_link_their_feeds_and_open_data(site: Path, url: str, wanted: list[str]) -> None:
    """A reader finds the feeds and the data files on the pages they belong to, and every link leads to a file."""
    hrefs = [h.removeprefix(BASE) for h in page(site, url).xpath("//a/@href")]
    assert [w for w in wanted if w not in hrefs] == []
    for w in wanted:
        assert (site / w).is_file()


def test_a_mediator_page_leads_to_its_region_its_room_and_the_stories_about_it(sample_site: Path) -> None:
    """A mediator's page links its region (each level with a page), the room named after the mediator (and the room
    back to the mediator), and the published stories whose title or summary names it; a name in no story links none."""
    site = sample_site.parent / "site"

    def links(url: str, xpath: str) -> list[tuple[str, str]]:
        doc = html.fromstring((site / url / "index.html").read_bytes())
        return [(a.text_content(), a.get("href")) for a in doc.xpath(xpath)]

    person = "mediators/cairangdangzhi/"
    assert [name for name, _ in links(person, "//dl[@class='pa-facts']//span[@class='pa-facts__place']/a")] == [
        "甘肃省", "甘南藏族自治州", "合作市", "卡加曼乡"]
    assert links(person, "//dl[@class='pa-facts']//dt[.='调解室']/../dd/a") == [
        ("才让当知人民调解室", "../cairangdangzhi-room/")]
    assert links("mediators/cairangdangzhi-room/", "//dl[@class='pa-facts']//dt[.='调解员']/../dd/a") == [
        ("才让当知", "../cairangdangzhi/")]
    stories = links(person, "//section[h2[@id='pa-stories']]//a")
    assert stories and all("才让当知" in title for title, _ in stories)
    for _, href in stories:
        assert (site / person / href / "index.html").resolve().is_file()
    assert "本网将推出平安建设年度回顾专题" not in str(stories)  # scheduled: not published yet
    # a room named only in a story's text (“窝哥”工作室 in 修武's story on its mediation rooms)
    room = links("mediators/xiuwu-wo-ge-studio/", "//section[h2[@id='pa-stories']]//a")
    assert room and all((site / "mediators/xiuwu-wo-ge-studio/" / href / "index.html").resolve().is_file()
                        for _, href in room)


def test_a_room_is_related_to_the_person_it_is_named_after_only() -> None:
    """才让当知人民调解室 is named after 才让当知; 张华强人民调解室 is not named after 张华."""
    from generator.content.mediators import Mediator
    from generator.render.records import RecordPages

    def mediator(mid: str, name: str, kind: str) -> Mediator:
        return Mediator.model_construct(id=mid, name=name, kind=kind, unit="某村", region="xian", source="测试日报")

    pages = RecordPages.__new__(RecordPages)
    people = [mediator("a", "才让当知", "person"), mediator("b", "才让当知人民调解室", "room"),
              mediator("c", "张华", "person"), mediator("d", "张华强人民调解室", "room")]
    pages.mediators = {m.id: m for m in people}
    assert [r["name"] for r in pages._related(people[0], "mediators/a/")] == ["才让当知人民调解室"]
    assert [r["name"] for r in pages._related(people[1], "mediators/b/")] == ["才让当知"]
    assert pages._related(people[2], "mediators/c/") == [] and pages._related(people[3], "mediators/d/") == []


def test_a_mediator_s_stories_are_not_those_of_a_longer_name_holding_it() -> None:
    """王芳's page lists the stories naming 王芳, not those naming only 王芳芳 (another mediator); a story naming both
    is listed on both pages; a room named after the person still leads to the person's page."""
    from generator.content.mediators import Mediator
    from generator.render.records import RecordPages

    def mediator(mid: str, name: str, kind: str) -> Mediator:
        return Mediator.model_construct(id=mid, name=name, kind=kind, unit="某村", region="xian", source="测试日报")

    pages = RecordPages.__new__(RecordPages)
    people = [mediator("a", "王芳", "person"), mediator("b", "王芳芳", "person"),
              mediator("c", "王芳人民调解室", "room")]
    pages.mediators = {m.id: m for m in people}
    pages.news = [("调解员王芳芳化解一起纠纷", "甲", "news/a/", "2024-01-02"),
                  ("王芳和王芳芳一起走访", "乙", "news/b/", "2024-01-01"),
                  ("走进王芳人民调解室", "丙", "news/c/", "2023-12-30")]
    assert [s["title"] for s in pages._stories(people[0], "mediators/a/")] == ["乙", "丙"]
    assert [s["title"] for s in pages._stories(people[1], "mediators/b/")] == ["甲", "乙"]
    assert [s["title"] for s in pages._stories(people[2], "mediators/c/")] == ["丙"]


def test_a_unit_s_own_cases_and_figures_are_not_said_to_come_from_reports(make_site: SiteMaker) -> None:
    """A county publishing its own figures (`reported: false`) and its committees' cases: the pages said every
    case was 据公开报道整理 and every rate 报道为, which was not true of them."""
    own = metrics("xian", "xian", "2024", "  disputes_investigated: 20\n  disputes_resolved: 18\n",
                  "  dispute_resolution_rate: 90\n").replace("source: 测试日报", "source: 本单位统计\nreported: false")
    cfg = make_site({"content/metrics/xian.yml": own,
                     "content/cases/drain.yml": CASE.format(id="drain", mediator="null")
                     .replace("source: 测试日报", "source: 石桥镇人民调解委员会报送")})
    build(cfg, cfg.parent / "site", now=NOW)
    data = page(cfg.parent / "site", "data/")
    rate = data.xpath("//section[@id='dispute_resolution_rate']//table/tbody/tr/td")
    assert _texts(rate[1], ".//small") == ["由计数算出（18÷20）；填报为 90%"]
    said = " ".join(data.xpath("//main//text()[not(ancestor::details[@class='pa-data__columns'])]"))
    assert "报道" not in said and "由计数算出" in said  # the columns' meanings name both kinds of figure
    cases = " ".join(_texts(page(cfg.parent / "site", "cases/"), "//main"))
    assert "报道" not in cases and "每件都注明出处" in cases


def test_a_newly_published_case_or_honor_dates_its_pages_in_the_sitemap(make_site: SiteMaker) -> None:
    """A case put up today changes the case library: crawlers learn of it from lastmod (cases and honors had none)."""
    cfg = make_site({"content/cases/drain.yml": CASE.format(id="drain", mediator="null") + "published: 2025-12-05\n",
                     "content/cases/lease.yml": CASE.format(id="lease", mediator="null") + "published: 2025-11-01\n",
                     "content/honors/h.yml": HONOR.format(id="h", mediator="null").replace(
                         "{mediator: null}", "{region: xian}") + "published: 2025-10-02\n"})
    build(cfg, cfg.parent / "site", now=NOW)
    site = cfg.parent / "site"
    lastmods: dict[str, str] = {}
    for part in site.glob("sitemap-*.xml"):
        for url in etree.parse(str(part)).getroot():
            lastmods[url[0].text.removeprefix(BASE)] = url[1].text if len(url) > 1 else ""
    assert (lastmods["cases/"], lastmods["cases/drain/"], lastmods["cases/lease/"]) == (
        "2025-12-05", "2025-12-05", "2025-11-01")
    assert lastmods["honors/"] == "2025-10-02"


def test_no_clearance_rate_is_computed_from_cases_filed_and_solved(make_site: SiteMaker) -> None:
    """Cases solved in a period include cases filed before it: 19 solved of 47 filed is no 40% 破案率, and more solved
    than filed is no error. A 破案率 is shown only as a report states it."""
    cfg = make_site({"content/metrics/xian.yml": metrics("xian", "xian", "2024", "  criminal_cases: 47\n"
                                                         "  criminal_cases_solved: 19\n"),
                     "content/metrics/qu.yml": metrics("qu", "qu", "2024", "  criminal_cases: 10\n"
                                                       "  criminal_cases_solved: 12\n")})
    build(cfg, cfg.parent / "site", now=NOW)
    text = page(cfg.parent / "site", "data/").text_content()
    assert "破案率" not in text and "40.4%" not in text
    cfg.parent.joinpath("content/metrics/xian.yml").write_text(
        metrics("xian", "xian", "2024", "  criminal_cases: 47\n", "  case_clearance_rate: 95\n"), encoding="utf-8")
    build(cfg, cfg.parent / "site", now=NOW)
    assert "破案率" in page(cfg.parent / "site", "data/").text_content()


def _two_years_and(make_site: SiteMaker, since: str, period: str, count: int) -> tuple[Path, Any, list[str], str]:
    """A county's disputes mediated in 2020 and 2021, and `count` more `since` (a start) `period` (the file
    xian-other.yml): built; the data page, its table rows and the text of its charts."""
    cfg = make_site({
        "content/metrics/xian-2020.yml": metrics("xian-2020", "xian", "2020", "  disputes_mediated: 900\n"),
        "content/metrics/xian-2021.yml": metrics("xian-2021", "xian", "2021", "  disputes_mediated: 1000\n"),
        "content/metrics/xian-other.yml": f"since: {since}\n" + metrics("xian-other", "xian", period,
                                                                        f"  disputes_mediated: {count}\n"),
    })
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    rows = [" ".join(tr.xpath("string(.)").split()) for tr in doc.xpath("//table//tr[td]")]
    return cfg, doc, rows, " ".join(doc.xpath("//svg//text()"))


def test_a_running_total_is_written_as_reported_and_never_drawn_as_a_year(make_site: SiteMaker) -> None:
    """“2017年以来调解纠纷4546起” is no count for 2021: the data page writes 2017年以来 up to its report (截至2021年),
    never 2021年 alone or 全年, and does not join it to the yearly figures in a trend line; a start after the
    period's year is an error."""
    cfg, doc, rows, charts = _two_years_and(make_site, "2017", "2021", 4546)
    total = [r for r in rows if "4,546" in r]
    assert total and all("2017年以来，截至2021年" in r for r in total), rows
    assert "4,546" not in charts and "4546" not in charts  # the trend joins 2020 and 2021 only
    assert "全年" not in doc.text_content()
    opened = json.loads((cfg.parent / "site/data/metrics.json").read_text("utf-8"))
    rows_of = {r["record"]: (r["period"], r["since"], r["period_label"]) for r in opened["items"]}
    assert rows_of == {"xian-2020": ("2020", None, "2020年"), "xian-2021": ("2021", None, "2021年"),
                       "xian-other": ("2021", "2017", "2017年以来，截至2021年")}, rows_of
    cfg.parent.joinpath("content/metrics/xian-other.yml").write_text(
        "since: 2022\n" + metrics("xian-other", "xian", "2021", "  disputes_mediated: 4546\n"), encoding="utf-8")
    with pytest.raises(ContentError, match="字段 since：应为不晚于统计期年份（2021）的年份"):
        build(cfg, cfg.parent / "site", now=NOW)


def test_a_total_whose_start_the_report_does_not_give_is_written_as_of_its_month(make_site: SiteMaker) -> None:
    """“截至9月共排查纠纷1399件”, no start given: `since: 不详` with the report's month is written 截至2021年9月 on
    the data page and in the open data, never 2021年 (a whole year the report does not claim), and not joined to
    the yearly figures; a start written in words is told the two forms."""
    cfg, doc, rows, charts = _two_years_and(make_site, "不详", "2021-09", 1399)
    total = [r for r in rows if "1,399" in r]
    assert total and all("截至2021年9月" in r for r in total), rows
    assert "1,399" not in charts and "1399" not in charts  # the trend joins 2020 and 2021 only
    opened = (cfg.parent / "site/data/metrics.csv").read_text("utf-8-sig")
    assert any(line.startswith("xian-other,") and ",2021-09,不详,截至2021年9月," in line for line in opened.splitlines())
    cfg.parent.joinpath("content/metrics/xian-other.yml").write_text(
        "since: 未写明\n" + metrics("xian-other", "xian", "2021-09", "  disputes_mediated: 1399\n"), "utf-8")
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    said = [f"{p.field} {p.message} {p.hint}" for p in raised.value.problems]
    assert len(said) == 1 and said[0].startswith("since ") and "不详" in said[0], said


@pytest.mark.parametrize("since, period, said", [
    ("不详", "2021-01~09", "since: 不详 的统计期应是报道所在的月份，而不是 2021年1—9月"),
    ("不详", "2021-H1", "since: 不详 的统计期应是报道所在的月份，而不是 2021年上半年"),
    ("1948", "2021", "应为 1949 年或以后的年份"),
    ("从2017年", "2021", "应为累计起点的年份（例如 2017），或 不详"),
    ("'" + "9" * 5000 + "'", "2021", "应为累计起点的年份（例如 2017），或 不详"),  # no year: said in words, not Python's
    ("'２０１７'", "2021", None),  # full-width digits from a Chinese input method: 2017
    ("' 不详 '", "2021-09", None),
])
def test_a_running_total_s_start_is_a_year_or_unknown_up_to_a_month(make_site: SiteMaker, since: str, period: str,
                                                                     said: str | None) -> None:
    cfg = make_site({"content/metrics/xian.yml": f"since: {since}\n" + metrics("xian", "xian", period,
                                                                                "  disputes_mediated: 10\n")})
    if said is None:
        build(cfg, cfg.parent / "site", now=NOW)
        return
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    problems = [p for p in raised.value.problems if p.level == "error"]
    assert len(problems) == 1 and said in problems[0].message and problems[0].field == "since", problems


def test_totals_whose_start_is_unknown_are_neither_compared_nor_added_up(make_site: SiteMaker) -> None:
    """截至2021年9月 in a city and in its two districts: their starts may differ, so no chart sets the districts side
    by side and the city's smaller total is not said to be below theirs."""
    from generator.build import check

    cfg = make_site({f"content/metrics/{r}.yml": "since: 不详\n" + metrics(r, r, "2021-09", f"  disputes_mediated: {n}\n")
                     for r, n in (("shi", 300), ("xian", 200), ("qu", 200))})
    assert check(cfg, now=NOW).warnings == []
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    assert doc.xpath("//figure[contains(@class, 'pa-chart')]") == []
    rows = [" ".join(tr.xpath("string(.)").split()) for tr in doc.xpath("//table//tr[td]")]
    assert sum("截至2021年9月" in r for r in rows) == 3, rows


def test_a_record_s_own_note_is_on_the_data_page_once_then_linked(make_site: SiteMaker) -> None:
    """A record's note (报道原文为…) stood beside its figures on the region page only; the data page showed the
    figures without it. It is there now, in full under the first of its figures, a link under the others."""
    note = "报道原文为“排查矛盾纠纷20起，化解18起”。"
    cfg = make_site({"content/metrics/xian.yml": metrics("xian", "xian", "2024", "  disputes_investigated: 20\n"
                                                         "  disputes_resolved: 18\n") + f"note: {note}\n"})
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    full = doc.xpath("//table//p[contains(@class, 'pa-figures__remark')][@id='pa-remark-xian']")
    assert [p.text_content() for p in full] == [f"说明：{note}"]
    links = doc.xpath("//table//p[contains(@class, 'pa-figures__remark')]/a")
    assert links and {a.get("href") for a in links} == {"#pa-remark-xian"}
    assert all(a.text_content().startswith("说明见上文“") for a in links)


def test_a_mediator_s_figures_keep_the_report_s_余_and_以上(make_site: SiteMaker) -> None:
    """“调解纠纷1500余起，成功率98%以上” is written 1500余 and 98以上: pages say 1,500余件 and 98%以上, not 1,500 and
    98%, compute no rate from approximate counts, and the open data says which figures are approximate."""
    text = MEDIATOR.format(id="wang", honors="").replace("cases_handled: 10\ncases_succeeded: 9\n",
                                                         "cases_handled: 1500余\ncases_succeeded: 1400多\n"
                                                         "success_rate: 98以上\n")
    cfg = make_site({"content/mediators/wang.yml": text})
    build(cfg, cfg.parent / "site", now=NOW)
    facts = [" ".join(d.text_content().split()) for d in page(cfg.parent / "site", "mediators/wang/").xpath(
        "//dl[@class='pa-facts']/div")]
    assert "调解案件1,500余件" in facts and "出处所说成功率98%以上" in facts, facts
    assert not any(f.startswith("成功率") for f in facts)  # 1400多 ÷ 1500余 is no 93.3%
    assert "调解成功1,400多件" in facts  # shown on its own, as written
    data = json.loads((cfg.parent / "site/api/mediators.json").read_text(encoding="utf-8"))
    wang = next(m for m in (data["items"] if isinstance(data, dict) else data) if m["id"] == "wang")
    assert wang["cases_handled"] == 1500 and wang["approximate"] == {"cases_handled": "余", "cases_succeeded": "多",
                                                                     "success_rate_stated": "以上"}


def test_a_mediator_s_counts_keep_the_report_s_unit(make_site: SiteMaker) -> None:
    """“调解各类矛盾纠纷1500余起” is written 1500余起: the profile, the home page and the open data say 起, as the report
    did, not 件; a count without a unit is in 件; a rate is still computed from exact counts written with a unit."""
    text = MEDIATOR.format(id="wang", honors="").replace("cases_handled: 10\ncases_succeeded: 9\n",
                                                         "cases_handled: 1500余起\ncases_succeeded: 1400多\n")
    exact = MEDIATOR.format(id="li", honors="").replace("cases_handled: 10\ncases_succeeded: 9\n",
                                                        "cases_handled: 200起\ncases_succeeded: 150宗\n")
    cfg = make_site({"content/mediators/wang.yml": text, "content/mediators/li.yml": exact})
    build(cfg, cfg.parent / "site", now=NOW)

    def facts(url: str) -> list[str]:
        return [" ".join(d.text_content().split()) for d in page(cfg.parent / "site", url).xpath(
            "//dl[@class='pa-facts']/div")]

    wang = facts("mediators/wang/")
    assert "调解案件1,500余起" in wang and "调解成功1,400多件" in wang, wang
    li = facts("mediators/li/")
    assert "成功率75.0%（150/200）" in li, li
    home = " ".join(page(cfg.parent / "site", "").text_content().split())
    assert "调解 1,500余起" in home and "调解 200起" in home
    data = json.loads((cfg.parent / "site/api/mediators.json").read_text(encoding="utf-8"))
    units = {m["id"]: m["units"] for m in data["items"]}
    assert units == {"wang": {"cases_handled": "起"}, "li": {"cases_handled": "起", "cases_succeeded": "宗"}}
    assert {m["id"]: m["cases_handled"] for m in data["items"]} == {"wang": 1500, "li": 200}


def test_the_honors_timeline_invents_no_award_year(make_site: SiteMaker) -> None:
    """An honor whose report gives no award year is listed under the year of that report as such (见于2021年的报道),
    one given for a period under the period: never under a heading that reads as the year it was awarded."""
    base = HONOR.format(id="x", mediator="m").replace("{mediator: m}", "{region: xian}")
    cfg = make_site({
        "content/honors/a.yml": base.replace("id: x", "id: a"),
        "content/honors/b.yml": base.replace("id: x", "id: b").replace("year: 2021", "reported: 2021-08-16"),
        "content/honors/c.yml": base.replace("id: x", "id: c").replace("year: 2021", "period: 2017—2020年度"),
    })
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "honors/")
    assert _texts(doc, "//section[@class='pa-timeline']/h3") == ["2021年", "见于2021年的报道", "2017—2020年度"]


def test_mediators_honors_and_figures_link_their_source(make_site: SiteMaker) -> None:
    """A profile, an honor and a record of figures may give the report's address as a story and a case do: the page
    links it beside the source; an address that is no web address is refused."""
    url = "https://example.gov.cn/a/1.html"
    cfg = make_site({
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="h") + f"source_url: {url}\n",
        "content/honors/h.yml": HONOR.format(id="h", mediator="wang") + f"source_url: {url}\n",
        "content/metrics/xian.yml": metrics("xian", "xian", "2024", "  disputes_investigated: 20\n")
        + f"source_url: {url}\n",
    })
    build(cfg, cfg.parent / "site", now=NOW)
    for where in ("mediators/wang/", "honors/", "data/"):
        assert page(cfg.parent / "site", where).xpath(f"//a[@href='{url}']"), where
    cfg.parent.joinpath("content/honors/h.yml").write_text(
        HONOR.format(id="h", mediator="wang") + "source_url: javascript:alert(1)\n", encoding="utf-8")
    with pytest.raises(ContentError, match="source_url"):
        build(cfg, cfg.parent / "site", now=NOW)


def test_a_running_total_is_never_added_up_nor_compared_as_a_year(make_site: SiteMaker) -> None:
    """A district's 2017年以来 total is not summed into its city's count for 2021, no 同比 is computed from two
    running totals, and it does not push the district's yearly figure out of the comparison chart of 2021."""
    from generator.build import check

    cfg = make_site({
        "content/metrics/shi.yml": metrics("shi", "shi", "2021", "  disputes_mediated: 900\n"),
        "content/metrics/xian.yml": metrics("xian", "xian", "2021", "  disputes_mediated: 500\n"),
        "content/metrics/qu.yml": metrics("qu", "qu", "2021", "  disputes_mediated: 400\n"),
        "content/metrics/qu-since.yml": "since: 2017\n" + metrics("qu-since", "qu", "2021", "  disputes_mediated: 3000\n"),
        "content/metrics/qu-since-2022.yml": "since: 2017\n" + metrics(
            "qu-since-2022", "qu", "2022", "  disputes_mediated: 3600\n") + "changes:\n  disputes_resolved: 10\n",
    })
    assert check(cfg, now=NOW).warnings == []  # 900 = 500 + 400; no 同比 from two running totals
    build(cfg, cfg.parent / "site", now=NOW)
    doc = page(cfg.parent / "site", "data/")
    charts = [" ".join(f.xpath(".//text()")) for f in doc.xpath("//figure[contains(@class, 'pa-chart')]")]
    compared = [c for c in charts if "各县、区" in c]
    assert len(compared) == 1 and "测试县" in compared[0] and "测试区" in compared[0], charts
    assert not any("3,000" in c or "3000" in c or "3,600" in c for c in charts)


def test_a_region_s_tables_of_one_period_from_two_sources_are_told_apart(make_site: SiteMaker) -> None:
    """Two reports of one year: the region page's two tables were both named “2024年” to a screen reader; each
    table's name now ends with its source (not shown twice on the screen)."""
    cfg = make_site({"content/metrics/a.yml": metrics("a", "xian", "2024", "  disputes_mediated: 10\n"),
                     "content/metrics/b.yml": metrics("b", "xian", "2024", "  disputes_mediated: 12\n").replace(
                         "source: 测试日报", "source: 测试晚报")})
    build(cfg, cfg.parent / "site", now=NOW)
    captions = [" ".join(c.text_content().split()) for c in page(cfg.parent / "site", "regions/xian/").xpath(
        "//section[@class='pa-region-figures']//caption")]
    assert len(captions) == 2 and len(set(captions)) == 2, captions
    assert all(c.startswith("2024年") for c in captions)


def test_open_data_rows_link_their_source_and_keep_whole_figures_whole(make_site: SiteMaker) -> None:
    """A journalist citing a figure needs the report's address beside it, a period a spreadsheet can sort, and a
    report's 98% and −28% as 98 and -28: 98.0 claims a precision the report did not give."""
    year = metrics("xian-2024", "xian", "2024", "  disputes_investigated: 400\n", "  dispute_resolution_rate: 98\n") + \
        "changes:\n  criminal_cases: -28\n  homicides: -22.1\nsource_url: https://example.gov.cn/a/1.html\n"
    since = metrics("xian-since", "xian", "2024", "  disputes_resolved: 3000\n") + "since: 2017\n"
    cfg = make_site({"content/metrics/xian-2024.yml": year, "content/metrics/xian-since.yml": since})
    build(cfg, cfg.parent / "site", now=NOW)
    raw = (cfg.parent / "site/data/metrics.csv").read_bytes().decode("utf-8-sig")
    rows = {(r["record"], r["indicator"], r["kind"]): r for r in csv.DictReader(io.StringIO(raw))}
    assert rows[("xian-2024", "dispute_resolution_rate", "rate_stated")]["value"] == "98"
    assert rows[("xian-2024", "criminal_cases", "change_stated")]["value"] == "-28"
    assert rows[("xian-2024", "homicides", "change_stated")]["value"] == "-22.1"
    assert rows[("xian-2024", "disputes_investigated", "count")]["source_url"] == "https://example.gov.cn/a/1.html"
    assert rows[("xian-since", "disputes_resolved", "count")]["source_url"] == ""
    assert (rows[("xian-2024", "disputes_investigated", "count")]["period_start"],
            rows[("xian-2024", "disputes_investigated", "count")]["period_end"]) == ("2024-01-01", "2024-12-31")
    assert (rows[("xian-since", "disputes_resolved", "count")]["period_start"],
            rows[("xian-since", "disputes_resolved", "count")]["period_end"]) == ("", "")  # not known to the day
    items = json.loads((cfg.parent / "site/data/metrics.json").read_text(encoding="utf-8"))["items"]
    stated = next(i for i in items if i["kind"] == "rate_stated")
    assert stated["value"] == 98 and isinstance(stated["value"], int)
    assert next(i for i in items if i["record"] == "xian-since")["period_start"] is None
    for name in ("data/metrics.json", "api/cases.json", "api/mediators.json", "api/honors.json"):  # how to cite
        assert "请注明原出处" in json.loads((cfg.parent / "site" / name).read_text(encoding="utf-8"))["citation"]
    # each figure can be cited by its row on the data page: every address names a row there, one per figure
    doc = page(cfg.parent / "site", "data/")
    for row in rows.values():
        base, _, anchor = row["url"].partition("#")
        assert base.endswith("/data/") and len(doc.xpath(f"//tr[@id='{anchor}']")) == 1, row["url"]
    assert len({r["url"] for r in rows.values() if r["kind"] != "rate_computed"}) == len(
        [r for r in rows.values() if r["kind"] != "rate_computed"])  # a computed rate shares its stated rate's row

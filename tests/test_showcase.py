"""The sample site as a showcase: real reported cases, trends and the figures' own contradictions, checked on the
built pages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from lxml import html

REPO = Path(__file__).resolve().parent.parent
CASES = sorted((REPO / "content/cases").glob("*.yml"))


def _text(el: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site.parent / "site"


def page(site: Path, url: str) -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_bytes())


def test_the_sample_has_enough_real_cases() -> None:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in CASES]
    assert len(cases) >= 12
    assert len({c["category"] for c in cases}) >= 6
    config = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    province = {}

    def walk(nodes: list[dict], top: str | None) -> None:
        for node in nodes:
            province[node["id"]] = top or node["id"]
            walk(node.get("children", []), top or node["id"])

    walk(config["regions"], None)
    assert len({province[c["region"]] for c in cases}) >= 4
    assert all(c["source"] for c in cases)
    assert sum(c["outcome"] == "报道未说明" for c in cases) >= 1  # nothing filled in


def test_every_case_page_has_its_source_outcome_and_links(site: Path) -> None:
    for path in CASES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = page(site, f"cases/{case['id']}/")
        cite = _text(doc.xpath("//p[@class='pa-article__cite']")[0])
        assert cite.startswith("出处：" + case["source"]), path.name
        if case.get("source_url"):
            assert doc.xpath("//p[@class='pa-article__cite']//a/@href") == [case["source_url"]]
        facts = dict(zip([_text(e) for e in doc.xpath("//dl[@class='pa-facts']//dt")],
                         [_text(e) for e in doc.xpath("//dl[@class='pa-facts']//dd")], strict=True))
        assert facts["调解结果"].startswith(case["outcome"]), path.name
        region_link = doc.xpath("//dt[.='地区']/following-sibling::dd//a/@href")
        assert region_link and all((site / "cases" / case["id"] / link / "index.html").resolve().is_file()
                                   for link in region_link)
        if case.get("mediator"):
            mediator = yaml.safe_load((REPO / "content/mediators" / f"{case['mediator']}.yml").read_text(encoding="utf-8"))
            label = {"person": "调解员", "room": "调解室", "centre": "调解机构"}[mediator["kind"]]  # a room is not a 调解员
            if mediator["name"] in case["organisation"]:  # named in the organisation: linked there, one row
                label = "调解组织"
            href = doc.xpath(f"//dt[.='{label}']/following-sibling::dd/a/@href")
            assert href == [f"../../mediators/{case['mediator']}/"], path.name
        for amount in case.get("amounts", []):
            assert facts[amount["item"]].startswith(amount["amount"]), path.name


def test_an_unreported_outcome_reads_as_such(site: Path) -> None:
    doc = page(site, "cases/gaotai-pumpkin-flood-2025/")
    assert _text(doc.xpath("//dt[.='调解结果']/following-sibling::dd")[0]) == "报道未说明（原报道没有写调解结果）"
    library = page(site, "cases/")
    card = [_text(li) for li in library.xpath("//li[contains(@class,'pa-case')]") if "两亩南瓜" in _text(li)]
    assert card and "结果报道未说明" in card[0]


def test_facets_show_counts_that_add_up(site: Path) -> None:
    library = page(site, "cases/")
    rows = {_text(p.xpath("./span[@class='pa-filters__label']")[0]): p.xpath("./a")
            for p in library.xpath("//nav[@class='pa-filters']/p")}
    total = len(CASES)
    for label in ("纠纷类型：", "地区：", "年份："):
        counts = [int(re.search(r"（(\d+)）$", _text(a))[1]) for a in rows[label]]
        assert sum(counts) == total, label
    # a facet's count is the number of cases its page lists
    for a in rows["地区："]:
        listed = page(site, "cases/" + a.get("href")).xpath("//ul[contains(@class,'pa-cases')]/li")
        assert f"（{len(listed)}）" in _text(a)
    # a province's page drills down into its sub-regions
    gansu = page(site, "cases/region/gansu/")
    subs = gansu.xpath("//nav[@class='pa-filters']/p[span='下级地区：']/a")
    assert len(subs) >= 3 and sum(int(re.search(r"（(\d+)）", _text(a))[1]) for a in subs) == len(
        gansu.xpath("//ul[contains(@class,'pa-cases')]/li"))
    # the other facets there count the whole library, and say so: their numbers are not Gansu's
    labels = [_text(s) for s in gansu.xpath("//nav[@class='pa-filters']/p/span[@class='pa-filters__label']")]
    assert labels == ["全部：", "纠纷类型（全部案例）：", "下级地区：", "年份（全部案例）："]
    years = gansu.xpath("//nav[@class='pa-filters']/p[span='年份（全部案例）：']/a")
    assert sum(int(re.search(r"（(\d+)）", _text(a))[1]) for a in years) == total


def test_a_region_page_with_one_case_reads_well(site: Path) -> None:
    counts = Counter(yaml.safe_load(p.read_text(encoding="utf-8"))["region"] for p in CASES)
    single = sorted(r for r, n in counts.items() if n == 1)[0]
    doc = page(site, f"cases/region/{single}/")
    assert len(doc.xpath("//ul[contains(@class,'pa-cases')]/li")) == 1
    assert "共 1 件" in _text(doc.xpath("//p[@class='pa-list-header__desc']")[0])


def test_data_page_has_trends_and_the_reported_contradictions(site: Path) -> None:
    doc = page(site, "data/")
    trends = [svg for svg in doc.xpath("//figure[@class='pa-chart']/*[local-name()='svg']")
              if any(re.search(r"-series-1$", el.get("id") or "") for el in svg.iter())]
    titles = {t.text for svg in trends for t in svg.iter("{*}title") if t.text}
    assert len(trends) >= 2
    assert any("甘肃省：破获刑事案件" in t for t in titles) and any("骆驼城镇：调解纠纷数" in t for t in titles)
    checks = _text(doc.xpath("//section[@class='pa-checks']")[0])
    # facts-cases.md section 四: 黄石 1127 vs 1111, 庆阳 17356 > 17128, 甘肃 2024 two sources (治安案件), 2021->2022 rounding,
    # 剑河 “连续六年攀升” while 2015 < 2014
    for fragment in ("1,111", "17,356", "9.6%", "10.6%", "2.5万", "连续六年攀升"):
        assert fragment in checks, fragment


def test_home_shows_newest_cases_and_busiest_mediators(site: Path) -> None:
    home = page(site, "")
    cases = [_text(h) for h in home.xpath("//section[.//h2='最新调解案例']//h3")]
    assert cases[0] == "九名务工人员被欠工资诉到法院，转综治中心调解后没开庭就化解"  # 2025-12, the newest
    handled = [_text(s) for s in home.xpath("//section[.//h2='模范调解员与调解室']//p/span[3]")]
    numbers = [int(re.sub(r"\D", "", s)) for s in handled]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] == 1500


def test_mediator_cards_do_not_repeat_the_place(site: Path) -> None:
    """修武县综治中心 / 所属：修武县 / 地区：修武县 says 修武县 three times: the region line is left out where the unit
    already names it, and kept where it does not."""
    cards = [[_text(p) for p in li.xpath("./p")] for li in page(site, "mediators/").xpath("//li[contains(@class,'pa-person')]")]
    assert cards and all(any(line.startswith("所属：") for line in card) for card in cards)
    for card in cards:
        unit = next(line for line in card if line.startswith("所属："))
        regions = [line.removeprefix("地区：").split("（")[0] for line in card if line.startswith("地区：")]
        assert not any(r in unit for r in regions), card
    # a profile still names its region, whatever the card leaves out
    for href in page(site, "mediators/").xpath("//li[contains(@class,'pa-person')]//h2/a/@href"):
        region = page(site, "mediators/" + href).xpath("//dl[@class='pa-facts']//dt[.='地区']/following-sibling::dd")
        assert region and _text(region[0]), href


def test_the_case_and_honor_feeds_carry_what_the_pages_show(site: Path) -> None:
    """A case in the feed has its organisation, amounts (as reported) and source with a link to the original, the
    way its page shows them; every honor names where it is recorded."""
    import feedparser

    cases = feedparser.parse((site / "cases/feed.xml").read_bytes())
    assert cases.bozo == 0 and cases.entries
    entry = next(e for e in cases.entries if e.link.endswith("/cases/luqu-unpaid-wages-2025/"))
    content = entry.content[0].value
    assert "调解组织：碌曲县人民法院（诉调对接转出）、碌曲县综治中心调解室" in content
    assert "被拖欠的劳务工资：20680元（按出处照录）" in content
    # labelled as the case page labels it (出处: the report the record is drawn from)
    assert page(site, "cases/luqu-unpaid-wages-2025/").xpath("string(//p[@class='pa-article__cite'])").startswith(
        "出处：甘肃法治报")
    assert content.endswith('<p>出处：甘肃法治报（甘肃政法网转载，责任编辑 张曦云）2025年12月5日'
                            '（<a href="https://www.gszfw.gov.cn/Wap/Show/457437">原文</a>）</p>')
    for record in CASES:
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        shown = next((e for e in cases.entries if e.link.endswith(f"/cases/{data['id']}/")), None)
        if shown is not None:
            assert "<p>出处：" in shown.content[0].value and data["organisation"] in shown.content[0].value
    placed = next(e for e in cases.entries if e.link.endswith("/cases/baofeng-old-house-2025/"))
    assert "（没梁庙村）" in placed.content[0].value  # the place is in the text; the region alone is
    assert not [t.term for t in placed.tags if "没梁庙" in t.term]  # the item's category
    honors = feedparser.parse((site / "honors/feed.xml").read_bytes())
    assert honors.bozo == 0 and honors.entries
    assert all("<p>出处：" in e.content[0].value for e in honors.entries)

"""Reported figures that contradict themselves or another source: published as reported, warned about, noted on
the page next to the figure and in the open data; errors only for a unit's own figures (`reported: false`)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from lxml import etree, html

from generator.build import build
from generator.errors import ContentError

from .conftest import NOW, SiteMaker
from .test_records import _load


def metric(record_id: str, region: str, period: str, body: str, source: str = "测试日报") -> str:
    return f"id: {record_id}\nregion: {region}\nperiod: '{period}'\nsource: {source}\n{body}"


# One file per kind of contradiction, each as real reports have them (see the sample site's metrics).
KINDS = {
    # a part larger than its total, and a stated rate that neither division gives (庆阳 2015)
    "content/metrics/shi-2015.yml": metric("shi-2015", "shi", "2015-01~07",
                                           "counts:\n  disputes_mediated: 17128\n  mediations_succeeded: 17356\n"
                                           "stated_rates:\n  mediation_success_rate: 98.5\n"),
    # sub-items that do not add up to the total (黄石 2020)
    "content/metrics/xian-2020.yml": metric("xian-2020", "xian", "2020",
                                            "counts:\n  mediation_committees: 1127\n"
                                            "parts:\n  mediation_committees: {村居: 972, 乡镇街道: 49, 企事业: 81, "
                                            "交通事故: 6, 医疗纠纷: 2, 劳动争议调解中心: 1}\n"),
    # two sources that disagree for the same place and period (甘肃 2024)
    "content/metrics/sheng-2024-a.yml": metric("sheng-2024-a", "sheng", "2024",
                                               "changes:\n  criminal_cases: -29.2\n  homicides: -22.1\n", "甲报"),
    "content/metrics/sheng-2024-b.yml": metric("sheng-2024-b", "sheng", "2024",
                                               "changes:\n  criminal_cases: -28\n  homicides: -22.1\n", "乙报"),
    # a stated change the two periods' counts do not give (甘肃 2021 -> 2022)
    "content/metrics/sheng-2021.yml": metric("sheng-2021", "sheng", "2021", "counts:\n  criminal_cases_solved: 2.5万\n"),
    "content/metrics/sheng-2022.yml": metric("sheng-2022", "sheng", "2022",
                                             "counts:\n  criminal_cases_solved: 2.9万\nchanges:\n"
                                             "  criminal_cases_solved: 12.1\n"),
}


def test_each_kind_of_contradiction_is_a_warning_naming_file_and_line(make_site: SiteMaker) -> None:
    data, problems = _load(make_site(KINDS))
    assert problems == [
        "警告：content/metrics/sheng-2022.yml 第 8 行，字段 changes.criminal_cases_solved：同比上升 12.1% 与两期计数算出的 "
        "+16.0% 不符（上一期见 content/metrics/sheng-2021.yml）\n"
        "    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。",
        "警告：content/metrics/sheng-2024-b.yml 第 6 行，字段 changes.criminal_cases：2024年的刑事立案同比与 "
        "content/metrics/sheng-2024-a.yml 不一致：下降 28% 与 下降 29.2%\n"
        "    提示：两个出处都照录，不要合并或取舍；页面上两个数字会并列显示，并注明各自的来源。",
        "警告：content/metrics/shi-2015.yml 第 7 行，字段 counts.mediations_succeeded：调解成功数 17356 大于调解纠纷数 17128\n"
        "    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。",
        "警告：content/metrics/shi-2015.yml 第 9 行，字段 stated_rates.mediation_success_rate：报道的调解成功率 98.5% 与按计数算出的 "
        "101.33%（17356÷17128）相差 2.83 个百分点，反过来算 98.69% 也对不上\n"
        "    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。",
        "警告：content/metrics/xian-2020.yml 第 8 行，字段 parts.mediation_committees：人民调解委员会的分项之和 1111 与总数 1127 "
        "不符（相差 16）\n"
        "    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。",
    ]
    by_metric = {n.metric: n.text for n in data.notes}
    assert set(by_metric) == {"shi-2015", "xian-2020", "sheng-2024-a", "sheng-2024-b", "sheng-2022"}
    # every note gives both numbers and, where two reports are involved, both sources
    assert "1,127" in by_metric["xian-2020"] and "1,111" in by_metric["xian-2020"]
    assert "甲报" in by_metric["sheng-2024-a"] and "乙报" in by_metric["sheng-2024-a"]
    assert "2.5万" in by_metric["sheng-2022"] and "上升 16%" in by_metric["sheng-2022"]  # as the reports wrote them
    # the figures are kept exactly as reported: 2.5万 is 25000, nothing corrected
    assert {m.record.id: m.record.counts.criminal_cases_solved for m in data.metrics
            if m.record.counts.criminal_cases_solved} == {"sheng-2021": 25000, "sheng-2022": 29000}


def test_a_count_written_in_wan_is_shown_as_written(make_site: SiteMaker) -> None:
    """2.9万 is a rounded figure: pages show it as the report wrote it, not as 29,000, which would claim a precision
    the report does not give; a count written in full keeps its digits and separators."""
    from generator.content.metrics import fact_text

    data, _ = _load(make_site(KINDS))
    record = next(m.record for m in data.metrics if m.record.id == "sheng-2022")
    assert fact_text("criminal_cases_solved", 29000, record.counts) == "2.9万"
    full = next(m.record for m in data.metrics if m.record.id == "shi-2015")
    assert fact_text("mediations_succeeded", 17356, full.counts) == "17,356"
    assert fact_text("criminal_cases_solved", 29000) == "29,000"


def test_checked_answers_its_warning_and_the_note_stays(make_site: SiteMaker, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Staff who checked a contradiction against the report write its field under `checked:`: the warning is not
    repeated on every build (a real one would drown among them), the page keeps its note, the summary says how many
    were answered; an entry that answers nothing (the figure was corrected, or the name misspelt) is a warning."""
    from generator.cli import main

    files = dict(KINDS)
    files["content/metrics/shi-2015.yml"] += "checked: [counts.mediations_succeeded, stated_rates.mediation_success_rate]\n"
    files["content/metrics/sheng-2024-b.yml"] += "checked:\n  - changes.criminal_cases\n  - changes.homicide\n"
    data, problems = _load(make_site(files))
    assert [p.split("\n")[0] for p in problems] == [
        "警告：content/metrics/sheng-2022.yml 第 8 行，字段 changes.criminal_cases_solved：同比上升 12.1% 与两期计数算出的 "
        "+16.0% 不符（上一期见 content/metrics/sheng-2021.yml）",
        "警告：content/metrics/sheng-2024-b.yml 第 10 行，字段 checked 第 2 项：“changes.homicide”已标为核对过，"
        "但这个字段现在没有需要核对的不一致",
        "警告：content/metrics/xian-2020.yml 第 8 行，字段 parts.mediation_committees：人民调解委员会的分项之和 1111 与总数 1127 "
        "不符（相差 16）",
    ]
    assert data.checked == 3
    # the notes are what they were without `checked:`: the page still gives both numbers
    assert {n.metric for n in data.notes} == {"shi-2015", "xian-2020", "sheng-2024-a", "sheng-2024-b", "sheng-2022"}
    cfg = make_site(files)
    assert main(["check", "--config", str(cfg)]) == 0
    said = capsys.readouterr().out
    assert "说明：3 处报道数字的不一致已标为核对过（数据文件的 checked 字段），不再警告，页面上照样注明。" in said
    assert "共 3 个警告。" in said and "17356 大于" not in said


def test_a_units_own_figures_that_contradict_are_errors(make_site: SiteMaker) -> None:
    own = {path: text.replace("source: 测试日报", "source: 本单位统计\nreported: false")
           for path, text in KINDS.items() if "shi-2015" in path or "xian-2020" in path}
    data, problems = _load(make_site(own))
    assert [p.split("\n")[0] for p in problems] == [
        "错误：content/metrics/shi-2015.yml 第 8 行，字段 counts.mediations_succeeded：调解成功数 17356 大于调解纠纷数 17128",
        "错误：content/metrics/xian-2020.yml 第 9 行，字段 parts.mediation_committees：人民调解委员会的分项之和 1111 与总数 1127 "
        "不符（相差 16）",
    ]
    assert data.notes == []


def test_two_files_for_one_period_from_one_source_are_still_an_error(make_site: SiteMaker) -> None:
    same = {"content/metrics/a.yml": metric("a", "xian", "2021", "counts:\n  grid_workers: 1\n"),
            "content/metrics/b.yml": metric("b", "xian", "2021", "counts:\n  grid_workers: 2\n")}
    _, problems = _load(make_site(same))
    assert problems[0].startswith("错误：content/metrics/b.yml 第 3 行，字段 period：xian 在 2021年 的数据已经写在 "
                                  "content/metrics/a.yml 里")


def test_strict_fails_on_a_contradiction(make_site: SiteMaker, tmp_path: Path) -> None:
    cfg = make_site({"content/metrics/shi-2015.yml": KINDS["content/metrics/shi-2015.yml"]})
    build(cfg, tmp_path / "ok", now=NOW)  # a warning does not stop a build
    with pytest.raises(ContentError) as caught:
        build(cfg, tmp_path / "strict", now=NOW, strict=True)
    assert "调解成功数 17356 大于调解纠纷数 17128" in caught.value.format()
    assert not (tmp_path / "strict").exists()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import BASE_CONFIG

    root = tmp_path_factory.mktemp("figures")
    files = dict(KINDS)
    files["site_config.yml"] = BASE_CONFIG
    # one place, one indicator, three periods in two scopes: 2020 and 2022 whole years, 2021 only January-July
    files["content/metrics/qu-2020.yml"] = metric("qu-2020", "qu", "2020", "counts:\n  disputes_mediated: 2681\n")
    files["content/metrics/qu-2021.yml"] = metric("qu-2021", "qu", "2021-01~07",
                                                  "scope: 只统计品牌调解室\ncounts:\n  disputes_mediated: 800\n")
    files["content/metrics/qu-2022.yml"] = metric("qu-2022", "qu", "2022", "counts:\n  disputes_mediated: 2752\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    build(root / "site_config.yml", root / "site", now=NOW)
    return root / "site"


def _doc(site: Path, url: str) -> html.HtmlElement:
    return html.fromstring((site / url / "index.html").read_bytes())


def _text(el: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def test_notes_are_shown_next_to_the_figures_on_the_data_page(site: Path) -> None:
    doc = _doc(site, "data/")
    checks = doc.xpath("//section[@class='pa-checks']//li")
    assert len(checks) == 4  # the two sources' disagreement is listed once
    notes = [_text(n) for n in doc.xpath("//section[@class='pa-checks']//span[@class='pa-checks__note']")]
    assert len(notes) == len(set(notes)) == 5
    # listed by record: a record with two notes is one item (4 items, 5 notes), and the heading says both
    assert _text(doc.xpath("//section[@class='pa-checks']/h2")[0]) == "核对提示（4 组数据，共 5 处）"
    # each note sits in the table cell of the figure it concerns, with both numbers
    cell = doc.xpath("//section[@id='mediation_committees']//tbody/tr[th='测试县']/td[2]")[0]
    assert _text(cell).startswith("1,127") and "核对提示" in _text(cell) and "1,111" in _text(cell)
    rate = doc.xpath("//section[@id='mediation_success_rate']//tbody/tr/td[2]")[0]
    assert "两种算法都对不上" in _text(rate) and "98.5%" in _text(rate)
    changes = [_text(tr) for tr in doc.xpath("//section[@id='changes']//tbody/tr")]
    disputed = [row for row in changes if "刑事立案同比" in row]
    assert len(disputed) == 2 and all("甲报" in row and "乙报" in row for row in disputed)
    # agreeing figures carry no note
    assert not [row for row in changes if "命案发案同比" in row and "核对提示" in row]


def test_a_stated_change_keeps_its_scope_note_and_source_link(make_site: SiteMaker) -> None:
    """甘肃's “各级综治中心调处化解矛盾纠纷同比增长113%” lost its scope in the 同比 table, so it read as the whole
    province's; a change's row now says what a count's row says: the period's note, the scope, the record's note (in
    full once, then a link to it) and the report's address."""
    body = ("period_note: 截至11月底\nscope: 各级综治中心\ncounts:\n  disputes_resolved: 812700\n"
            "changes:\n  disputes_resolved: 113\n  homicides: -22.1\nnote: 口径与另一篇报道不同\n"
            "source_url: https://example.gov.cn/z.html\n")
    cfg = make_site({"content/metrics/sheng-2024.yml": metric("sheng-2024", "sheng", "2024", body)})
    build(cfg, cfg.parent / "site", now=NOW)
    rows = _doc(cfg.parent / "site", "data/").xpath("//section[@id='changes']//tbody/tr")
    texts = [_text(tr) for tr in rows]
    assert len(texts) == 2 and all("口径：各级综治中心" in t for t in texts), texts
    assert all(tr.xpath(".//a[starts-with(., '原文')]/@href") == ["https://example.gov.cn/z.html"] for tr in rows)
    assert all("统计期说明见上文“矛盾纠纷化解数”" in t and "说明见上文“矛盾纠纷化解数”" in t for t in texts), texts


def test_a_stock_is_said_to_be_one(site: Path) -> None:
    """How many committees there are is a count at a time, not of a period's work: its section says so, and that
    its 统计期 is the report's time; a count of disputes mediated is not one."""
    doc = _doc(site, "data/")
    said = "这是某个时候共有多少（存量）"
    assert said in _text(doc.xpath("//section[@id='mediation_committees']")[0])
    assert said not in _text(doc.xpath("//section[@id='disputes_mediated']")[0])


def test_notes_are_shown_on_the_region_page(site: Path) -> None:
    doc = _doc(site, "regions/shi/")
    notes = [_text(n) for n in doc.xpath("//section[@class='pa-region-figures']//p[@class='pa-check-note']")]
    assert len(notes) == 2 and any("17,356" in n and "17,128" in n for n in notes)


def test_counts_whose_part_exceeds_the_whole_give_no_rate(site: Path, make_site: SiteMaker) -> None:
    """17,356 succeeded of 17,128 mediated is no 101.3% success rate: the report's own 98.5% is the figure shown and
    charted, the computed one said beside it as not taken; without a stated rate there is no rate at all."""
    rate = _text(_doc(site, "data/").xpath("//section[@id='mediation_success_rate']//tbody/tr[th='测试市']/td[2]")[0])
    assert rate.startswith("98.5%报道给出的比率；按计数算出 101.3%（17,356÷17,128），超过 100%，未采用"), rate
    row = _doc(site, "regions/shi/").xpath("//section[@class='pa-region-figures']//tr[th='调解成功率']/td")[0]
    assert _text(row).startswith("98.5%（报道）；按计数算出 101.3%（17,356÷17,128），超过 100%，未采用"), _text(row)
    rows = list(csv.DictReader(io.StringIO((site / "data/metrics.csv").read_bytes().decode("utf-8-sig"))))
    assert [(r["kind"], r["value"]) for r in rows if r["record"] == "shi-2015" and r["indicator"] ==
            "mediation_success_rate"] == [("rate_stated", "98.5")]  # the open data as the pages: no 101.33
    data, _ = _load(make_site(KINDS))
    record = next(m.record for m in data.metrics if m.record.id == "shi-2015")
    assert record.value("mediation_success_rate") == 98.5  # what the chart across regions draws
    unstated = {"content/metrics/shi-2015.yml": KINDS["content/metrics/shi-2015.yml"].split("stated_rates")[0]}
    data, _ = _load(make_site(unstated))
    record = next(m.record for m in data.metrics if m.record.id == "shi-2015")
    assert record.value("mediation_success_rate") is None
    assert record.rate("mediation_success_rate") is not None  # the division, for the checks


def test_open_data_carries_the_notes_as_a_column(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "data/metrics.csv").read_bytes().decode("utf-8-sig"))))
    noted = {(r["region"], r["indicator"], r["kind"]) for r in rows if r["note"]}
    assert noted == {("shi", "mediations_succeeded", "count"),
                     ("shi", "mediation_success_rate", "rate_stated"),  # 101.3% computed: no rate, as on the pages
                     ("xian", "mediation_committees", "count"),
                     ("sheng", "criminal_cases", "change_stated"),
                     ("sheng", "criminal_cases_solved", "change_stated"),
                     ("sheng", "criminal_cases_solved", "count")}
    scoped = [r for r in rows if r["region"] == "qu"]
    assert [(r["period_label"], r["scope"], r["value"]) for r in scoped] == [
        ("2020年", "", "2681"), ("2021年1—7月", "只统计品牌调解室", "800"), ("2022年", "", "2752")]


def test_a_trend_chart_has_one_series_per_scope(site: Path) -> None:
    doc = _doc(site, "data/")
    section = doc.xpath("//section[@id='disputes_mediated']")[0]
    charts = section.xpath(".//figure/*[local-name()='svg']")
    # 测试市 and 测试区 are at different levels, each alone at its own: no chart across regions, 测试区 over time
    assert [" ".join(c.text_content().split()) for c in section.xpath(".//figcaption")] == ["图：测试区：调解纠纷数（数据见下表）"]
    assert len(charts) == 1
    assert [p.text_content() for p in section.xpath(".//p[@class='pa-chart-note']")] == [
        "这一指标下，测试市、测试区没有统计期、口径和层级都相同的地区可比，数字只列在下表。"]
    trend = charts[0]
    series = [g for g in trend.iter() if re.search(r"-series-\d+$", g.get("id") or "")]
    # the whole-year line joins 2020 and 2022; the scoped period's one figure is no trend of its own, and beside
    # the line it would only invite the comparison the scope forbids: it is in the table, not on the chart
    assert len(series) == 1
    whole = series[0]
    assert len(whole.xpath(".//*[local-name()='path']")) >= 1
    labels = [t.text_content() for t in trend.iter("{*}text", "text")]
    assert {"2,681", "2,752"} <= set(labels) and not any("2021" in t or "1—7月" in t for t in labels), labels
    table = " ".join(section.xpath(".//table")[0].text_content().split())
    assert "800" in table and "只统计品牌调解室" in table


def test_a_claimed_trend_is_checked_against_the_periods(make_site: SiteMaker) -> None:
    """剑河县: “连续六年攀升”, while 2015 is below 2014."""
    files = {f"content/metrics/xian-{y}.yml": metric(f"xian-{y}", "xian", str(y),
                                                     f"stated_rates:\n  public_safety_rate: {v}\n")
             for y, v in ((2013, 98.03), (2014, 98.73), (2015, 98.39))}
    files["content/metrics/xian-2016.yml"] = metric(
        "xian-2016", "xian", "2016", "stated_rates:\n  public_safety_rate: 98.45\n"
        "claims:\n  - {figure: public_safety_rate, trend: 上升, since: 2013, words: 连续四年攀升}\n")
    data, problems = _load(make_site(files))
    assert problems == [
        "警告：content/metrics/xian-2016.yml 第 8 行，字段 claims.0：“连续四年攀升”与各期数字不符：2015年 98.39% 低于 2014年 "
        "98.73%\n    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。"]
    assert [n.text for n in data.notes] == ["报道称群众安全感“连续四年攀升”，但 2015年的 98.39% 低于 2014年的 98.73%。"]
    # a claim the figures bear out is silent
    files["content/metrics/xian-2015.yml"] = metric("xian-2015", "xian", "2015",
                                                    "stated_rates:\n  public_safety_rate: 98.74\n")
    files["content/metrics/xian-2016.yml"] = files["content/metrics/xian-2016.yml"].replace("98.45", "98.8")
    _, problems = _load(make_site(files))
    assert problems == []


def test_a_trend_joins_only_figures_a_year_apart_and_counts_tick_in_whole_numbers() -> None:
    """2015, 2016 and 2022: one line for the first two, the third a point on its own (a line to it would show a
    steady trend no report gave); a count's scale is whole numbers with thousands separators."""
    from generator.outputs.charts import trend_chart

    svg = trend_chart("命案发案", ["2015年", "2016年", "2022年"], [("", [3.0, 12.0, 5.0])], "")
    assert "series-1-part-2" in svg and "series-1-part-3" not in svg
    ticks = [t for t in re.findall(r">([0-9][0-9,.]*)</text>", svg)]
    assert ticks and not any("." in t for t in ticks)
    big = trend_chart("调解纠纷数", ["2020年", "2021年"], [("", [6368.0, 2681.0])], "")
    assert "6,000" in big or "4,000" in big


def test_an_axis_reaching_ten_thousand_ticks_in_wan_as_its_points_are_labelled() -> None:
    """An axis of 800,000, 600,000 beside points labelled 81.27万 read as two kinds of number to a reader."""
    from generator.outputs.charts import line_chart, trend_chart

    svg = trend_chart("调解纠纷数", ["2022年", "2023年"], [("", [812700.0, 125000.0])], "")
    assert ">20万<" in svg and ">80万<" in svg
    assert not any(f">{n},000<" in svg for n in (200, 400, 600, 800))
    # the figures decide, not the axis running past them: 8,400 is no reason to tick 1万
    below = line_chart("受理纠纷", ["2021年", "2022年", "2023年"], [6200.0, 7800.0, 8400.0], "件")
    assert "万<" not in below and ">10,000<" in below


def test_the_sample_site_shows_its_wan_figures_as_reported(sample_site: Path) -> None:
    """The sample's 12.5万 (甘肃 2024, 奔流新闻) is 12.5万 on the home page's key figures and in the data table."""
    from lxml import html

    site = sample_site.parent / "site"
    home = html.fromstring((site / "index.html").read_bytes())
    data = html.fromstring((site / "data/index.html").read_bytes())
    assert "12.5万" in home.text_content() and "125,000" not in home.text_content()
    assert "12.5万" in data.xpath("//span[@class='pa-figures__value']/text()")


def test_charts_write_wan_figures_as_reported(sample_site: Path) -> None:
    """The trend of 甘肃's solved criminal cases labels its points 2.47万, 2.5万, 2.9万, as the table under it does."""
    svg = (sample_site.parent / "site/data/index.html").read_text(encoding="utf-8")
    assert ">2.47万<" in svg and ">2.9万<" in svg and ">29,000<" not in svg and ">24,700<" not in svg


def test_a_long_series_name_is_wrapped_inside_the_chart() -> None:
    """滑县's legend: 全年，只统计11个个人品牌调解室和9个行业性专业性调委会 ran off both sides of the chart (markers
    clipped, 会 lost), so a reader could not tell which line was which scope."""
    import re

    from generator.outputs.charts import _text_width, trend_chart

    name = "全年，只统计11个个人品牌调解室和9个行业性专业性调委会"
    svg = trend_chart("滑县：调解成功数", ["2022年", "2023年"], [("全县", [1.0, 2.0]), (name, [3.0, 4.0])], "")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])  # type: ignore[index]
    legend = []
    for element in etree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        where = element.get("x") or re.search(r"translate\(([-\d.]+)", element.get("transform", ""))[1]  # type: ignore[index]
        size = int(re.search(r"font-size: (\d+)px", element.get("style", ""))[1])  # type: ignore[index]
        if element.text and element.text in name and "anchor: middle" not in element.get("style", "") \
                and "anchor: end" not in element.get("style", ""):
            legend.append((float(where), element.text, size))
    assert "".join(t for _, t, _ in legend) == name  # every character, on as many lines as it takes
    for x, text, size in legend:
        assert x >= 0 and x + _text_width(text, size) <= width, (x, text)


def test_a_rate_shortened_on_a_crowded_chart_rounds_half_up_as_a_reader_does() -> None:
    """97.55% on a chart of five periods read 97.5% (the float below 97.55) beside 98.45 read 98.5%."""
    from generator.outputs.charts import trend_chart

    svg = trend_chart("化解率", [f"{y}年" for y in range(2020, 2025)], [("", [97.55, 98.45, 96.25, 95.0, 99.95])], "%")
    assert all(f">{shown}%<" in svg for shown in ("97.6", "98.5", "96.3", "95.0", "100.0"))


def test_open_data_says_which_counts_the_source_rounded(site: Path) -> None:
    """2.5万 was 25000 in the open data with nothing saying it is rounded: value_written gives it as written."""
    rows = list(csv.DictReader(io.StringIO((site / "data/metrics.csv").read_bytes().decode("utf-8-sig"))))
    solved = {(r["period_label"], r["value"], r["value_written"]) for r in rows
              if r["region"] == "sheng" and r["indicator"] == "criminal_cases_solved" and r["kind"] == "count"}
    assert ("2021年", "25000", "2.5万") in solved
    assert all(r["value_written"] == "" for r in rows if r["region"] == "qu")  # counts to the unit: nothing more


@pytest.mark.parametrize(("written", "kept"), [("2025年", "2025"), ("2025年上半年", "2025-H1"), ("2025年下半年", "2025-H2"),
                                              ("2025年第三季度", "2025-Q3"), ("2025年三季度", "2025-Q3"),
                                              ("2025年9月", "2025-09"), ("2025年1-6月", "2025-01~06"),
                                              ("２０２５年１—６月", "2025-01~06"), ("2025年1至6月", "2025-01~06")])
def test_a_period_written_as_reports_write_it_is_read_as_the_same_period(written: str, kept: str) -> None:
    """A case's date takes 2026年10月, a record's period refused 2025年 and 2025年1-6月: both read as reports write
    them, each as the period it names (the page and the open data as ever)."""
    from generator.content.periods import parse_period

    assert parse_period(written) == parse_period(kept)
    assert parse_period(written).text == kept


@pytest.mark.parametrize("written", ["2025年13月", "2025年7-3月", "2025年第五季度", "2025年底"])
def test_a_period_written_in_words_that_name_no_period_is_still_refused(written: str) -> None:
    from pydantic_core import PydanticCustomError

    from generator.content.periods import parse_period

    with pytest.raises(PydanticCustomError):
        parse_period(written)


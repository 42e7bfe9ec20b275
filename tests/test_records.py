"""Structured records: schemas, cross-references and metric arithmetic, checked as one dataset."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.content.dataset import Dataset, load_dataset
from generator.content.periods import parse_period
from generator.errors import Collector

from .conftest import BASE_CONFIG, SiteMaker, story

TODAY = date(2026, 1, 1)

CASE = """id: {id}
title: 邻里排水纠纷
category: 邻里
region: xian
date: 2024-04
mediator: {mediator}
organisation: 某村人民调解委员会
parties: [何某, 刘某甲, 刘某乙]
outcome: 成功
summary: 调解员上门调解，双方达成协议。
source: 测试日报
"""
MEDIATOR = """id: {id}
name: 王某调解室
kind: room
unit: 某村人民调解委员会
region: xian
honors: [{honors}]
cases_handled: 10
cases_succeeded: 9
source: 测试日报
"""
HONOR = """id: {id}
name: 模范调解室
level: 市级
awarding_body: 测试市司法局
year: 2021
recipient: {{mediator: {mediator}}}
source: 测试日报
"""


def metrics(record_id: str, region: str, period: str, counts: str, rates: str = "") -> str:
    text = f"id: {record_id}\nregion: {region}\nperiod: '{period}'\nsource: 测试日报\ncounts:\n{counts}"
    return text + (f"stated_rates:\n{rates}" if rates else "")


def _load(cfg: Path) -> tuple[Dataset, list[str]]:
    collector = Collector()
    data = load_dataset(cfg.parent, load_config(cfg), collector, TODAY)
    return data, [p.format() for p in sorted(collector.problems)]


def test_valid_dataset_loads(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/cases/drain.yml": CASE.format(id="drain", mediator="wang"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="model-2021"),
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="wang"),
        "content/metrics/xian-2021.yml": metrics("xian-2021", "xian", "2021",
                                                 "  disputes_investigated: 1399\n  disputes_resolved: 1387\n",
                                                 "  dispute_resolution_rate: 99.1\n"),
    })
    data, problems = _load(cfg)
    assert problems == []  # 1387/1399 = 99.14%, within 0.1 point of the stated 99.1%
    assert [c.record.id for c in data.cases] == ["drain"]
    assert data.cases[0].record.date == date(2024, 4, 1)
    assert data.metrics[0].record.rate("dispute_resolution_rate") == pytest.approx((99.1422, 1387, 1399), 1e-4)
    assert data.honors[0].record.when() == "2021年"


def test_schema_errors_name_file_line_and_field(make_site: SiteMaker) -> None:
    bad_case = ("id: bad-case\ntitle: 坏案例\ncategory: 吵架\nregion: xian\nplace: 幸福路12号3单元\ndate: 2030-01\n"
                "organisation: 调委会\nparties: [何大明]\noutcome: 成功\nsummary: x\nsource: 测试\n")
    bad_honor = ("id: no-year\nname: 示范县\nlevel: 省级\nawarding_body: 省领导小组\nperiod: 2020-2017年度\n"
                 "recipient: {region: xian, unit: 县委}\nsource: 测试\n")
    cfg = make_site({"content/cases/bad-case.yml": bad_case, "content/honors/no-year.yml": bad_honor,
                     "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="").replace("9\n", "12\n")})
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/cases/bad-case.yml 第 3 行，字段 category：应为以下之一：婚姻家庭、邻里、房屋宅基地、合同、生产经营、损害赔偿、"
        "山林土地、征地拆迁、环境污染、劳动争议、消费、医疗、道路交通事故、物业、其他，实际是 “吵架”",
        "错误：content/cases/bad-case.yml 第 6 行，字段 date：应为不晚于本月（2026-01）的日期，实际是 “2030-01”\n"
        "    提示：案例发生在将来？请核对年份和月份。",
        "错误：content/cases/bad-case.yml 第 8 行，字段 parties：当事人“何**”没有匿名\n"
        "    提示：只写姓氏加“某”，例如 何某；同姓的几个人写 刘某甲、刘某乙；几个人一起写 王某等9人。",
        "错误：content/honors/no-year.yml 第 5 行，字段 period：应为“起始年—结束年年度”形式的评选周期，实际是 “2020-2017年度”\n"
        "    提示：例如 2017—2020年度（中间是破折号“—”）。",
        "错误：content/honors/no-year.yml 第 6 行，字段 recipient：获奖对象 recipient 必须且只能写 region、unit、mediator 中的一项\n"
        "    提示：例如 recipient: {region: xiuwu}。",
        "错误：content/mediators/wang.yml 第 8 行，字段 cases_succeeded：调解成功数 12 大于调解案件数 10\n"
        "    提示：成功数不能超过案件总数，请核对。",
    ]


@pytest.mark.parametrize("name, ok", [("何某", True), ("刘某甲", True), ("欧阳某", True), ("何某某", True),
                                      ("某农业开发有限公司", True), ("何大明", False), ("某某", False),
                                      ("何某1", False), ("某", False), ("何大明公司", False),
                                      ("司马某乙", True), ("张伟某", False), ("李秀某某", False),
                                      ("某村委会", True), ("某养殖场", True), ("某施工队", True), ("某4S店", True),
                                      ("某镇人民政府", True), ("王某等9人", True), ("王某等九人", True),
                                      ("王某等", False), ("王大明等9人", False), ("某abc", False),
                                      ("平安物业公司", False), ("某<b>x</b>店", False),
                                      ("某WangJianguo商行", False), ("某县交通运输局", True), ("某街道办事处", True),
                                      ("某县人民法院", True), ("某煤矿", True), ("某大学", True), ("王某夫妇", True),
                                      ("王某等人", True), ("王女士", True), ("某KTV店", True)])
def test_party_names_must_be_anonymised(make_site: SiteMaker, name: str, ok: bool) -> None:
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null").replace("何某, 刘某甲, 刘某乙", name)})
    _, problems = _load(cfg)
    assert (problems == []) is ok, problems


@pytest.mark.parametrize("name, message, hint", [
    ("平安物业公司", "单位当事人“平*****”没有匿名", "某物业公司"),
    ("某甲乙丙", "当事人“某…”看不出是哪一类单位", "某施工队"),
    ("何大明", "当事人“何**”没有匿名", "王某等9人"),
])
def test_an_unanonymised_party_is_told_what_to_write(make_site: SiteMaker, name: str, message: str,
                                                     hint: str) -> None:
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null").replace("何某, 刘某甲, 刘某乙", name)})
    _, problems = _load(cfg)
    assert len(problems) == 1 and message in problems[0] and hint in problems[0], problems
    assert name not in problems[0]


def test_names_in_a_case_s_organisation_are_checked_and_not_public_elsewhere(make_site: SiteMaker) -> None:
    """A case's organisation is published like its text: a party's full name written into it is an error, and it
    does not make that name public in another case (an organisation used to count as a public name everywhere)."""
    cfg = make_site({
        "content/cases/a.yml": CASE.format(id="a", mediator="null").replace(
            "某村人民调解委员会", "某村人民调解委员会（应钱国强、孙丽华双方申请）"),
        "content/cases/b.yml": CASE.format(id="b", mediator="null").replace(
            "调解员上门调解", "何某之前还与钱国强、孙丽华发生过纠纷，调解员上门调解"),
    })
    _, problems = _load(cfg)
    named = sorted(p.split("\n")[0] for p in problems)
    assert named == sorted([
        "错误：content/cases/a.yml 第 7 行，字段 organisation：organisation 里有未匿名的人名“钱**”",
        "错误：content/cases/a.yml 第 7 行，字段 organisation：organisation 里有未匿名的人名“孙**”",
        "错误：content/cases/b.yml 第 10 行，字段 summary：summary 里有未匿名的人名“钱**”",
        "错误：content/cases/b.yml 第 10 行，字段 summary：summary 里有未匿名的人名“孙**”"]), problems


def test_names_split_by_a_dot_or_written_into_an_amount_are_found(make_site: SiteMaker) -> None:
    """An outside check published 付给张建国1.8万元 (an amount was never read for names) and 被申请人张·建国 (a dot
    after the surname). 中国·兰州, 王-李两家, 甘-青两省 and 林-草 name no one. (A party written 孙-丽华 is refused by
    the parties' own rule.)"""
    cfg = make_site({
        "content/cases/a.yml": CASE.format(id="a", mediator="null").replace(
            "title: 邻里排水纠纷", "title: 被申请人张·建国与何某排水纠纷").replace(
            "summary:", "amounts: [{item: 赔偿款, amount: 付给钱国强1.8万元}]\nsummary:"),
        "content/cases/b.yml": CASE.format(id="b", mediator="null").replace(
            "调解员上门调解", "中国·兰州的调解员上门调解，王-李两家和甘-青两省交界的林-草纠纷一并化解"),
    })
    _, problems = _load(cfg)
    named = sorted(p.split("\n")[0] for p in problems)
    assert named == sorted([
        "错误：content/cases/a.yml 第 2 行，字段 title：title 里有未匿名的人名“张**”",
        "错误：content/cases/a.yml 第 10 行，字段 amounts 第 1 项的 amount：amounts 第 1 项的 amount 里有未匿名的人名“钱**”"]), problems


def test_dangling_references_name_both_files(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/cases/drain.yml": CASE.format(id="drain", mediator="nobody"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="model-2021, missing-honor"),
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="ghost"),
    })
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/cases/drain.yml 第 6 行，字段 mediator：找不到调解员或调解室 nobody（应有文件 content/mediators/nobody.yml）\n"
        "    提示：检查拼写，或先在 content/mediators/ 里添加 nobody.yml。",
        "错误：content/honors/model-2021.yml 第 6 行，字段 recipient.mediator：找不到调解员或调解室 ghost（应有文件 "
        "content/mediators/ghost.yml）\n    提示：检查拼写，或先在 content/mediators/ 里添加 ghost.yml。",
        "错误：content/mediators/wang.yml 第 6 行，字段 honors 第 2 项：找不到荣誉 missing-honor（应有文件 content/honors/missing-honor.yml）\n"
        "    提示：检查拼写，或先在 content/honors/ 里添加 missing-honor.yml。",
    ]


def test_a_record_named_with_a_space_gets_a_command_that_runs_as_written(make_site: SiteMaker) -> None:
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="'平安建设 先进个人'")})
    _, problems = _load(cfg)
    assert any('先用 pingan new honor --title "平安建设 先进个人" 新建这个荣誉' in p for p in problems), problems


def test_a_record_named_where_its_id_belongs_is_told_how_to_make_it(make_site: SiteMaker) -> None:
    """honors: [全省优秀人民调解员] was told to add content/honors/全省优秀人民调解员.yml, a file whose id is then
    refused: the hint makes the record with pingan new and names the id it gets."""
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="全省优秀人民调解员")})
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/mediators/wang.yml 第 6 行，字段 honors 第 1 项：找不到荣誉“全省优秀人民调解员”：这里要写荣誉文件的标识"
        "（英文），不是名称\n    提示：先用 pingan new honor --title 全省优秀人民调解员 新建这个荣誉（文件名就是它的标识，例如 "
        "content/honors/quan-sheng-you-xiu-ren-min.yml），再在这里写 quan-sheng-you-xiu-ren-min。"]


@pytest.mark.parametrize("written, wanted", [("kind: 调解员", "person"), ("kind: 调解室", "room"),
                                             ("kind: 综治中心", "centre")])
def test_a_choice_written_in_chinese_is_given_the_word_to_write(make_site: SiteMaker, written: str, wanted: str
                                                                ) -> None:
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="").replace("kind: room", written)})
    _, problems = _load(cfg)
    assert len(problems) == 1 and problems[0].endswith(f"提示：是不是要写 {wanted}？"), problems


@pytest.mark.parametrize("field, written, wanted", [("outcome", "调解成功", "成功"), ("category", "邻里纠纷", "邻里"),
                                                    ("outcome", "调解不成功", "未成功"), ("outcome", "没有成功", "未成功"),
                                                    ("outcome", "调解失败", "未成功"),
                                                    ("category", "宅基地纠纷", "房屋宅基地"),
                                                    ("category", "交通事故纠纷", "道路交通事故")])
# (事故纠纷 and 土地纠纷 get no guess: a workplace accident, or 宅基地 and 征地, are as likely)
def test_a_choice_written_longer_is_given_the_choice(make_site: SiteMaker, field: str, written: str, wanted: str
                                                     ) -> None:
    case = CASE.format(id="c", mediator="null")
    case = re.sub(rf"^{field}: .*$", f"{field}: {written}", case, flags=re.M)
    _, problems = _load(make_site({"content/cases/c.yml": case}))
    assert len(problems) == 1 and problems[0].endswith(f"提示：是不是要写 {wanted}？"), problems


def test_a_record_s_id_is_checked_against_its_file_name_in_the_same_round(make_site: SiteMaker) -> None:
    """An id that differs from the file's name is named together with the record's other errors, not in a second
    round after they are mended."""
    case = CASE.format(id="tian-zhu-lin-li", mediator="null").replace("outcome: 成功", "outcome: 调解成功")
    _, problems = _load(make_site({"content/cases/c.yml": case}))
    assert len(problems) == 2 and "字段 id：记录标识 tian-zhu-lin-li 与文件名 c 不一致" in problems[0]
    assert "字段 outcome：应为以下之一" in problems[1]


def test_a_reference_written_as_a_name_is_given_the_id(make_site: SiteMaker) -> None:
    """Staff write the mediator's or honor's name where its id goes: the hint names the id to write, not a file to
    add (a file named 王某调解室.yml would be refused in turn)."""
    cfg = make_site({
        "content/cases/drain.yml": CASE.format(id="drain", mediator="王某调解室"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="模范调解室"),
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="wang"),
    })
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/cases/drain.yml 第 6 行，字段 mediator：“王某调解室”是调解员或调解室的名字，这里要写它的标识 wang"
        "（content/mediators/wang.yml）\n    提示：请写成 mediator: wang",
        "错误：content/mediators/wang.yml 第 6 行，字段 honors 第 1 项：“模范调解室”是荣誉的名字，这里要写它的标识 model-2021"
        "（content/honors/model-2021.yml）\n    提示：请写成 model-2021",
    ]


def test_a_record_with_its_own_errors_is_not_also_reported_missing(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/cases/drain.yml": CASE.format(id="drain", mediator="wang"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="").replace("kind: room", "kind: 房间"),
    })
    _, problems = _load(cfg)
    assert [p.split("，")[0] for p in problems] == ["错误：content/mediators/wang.yml 第 3 行"]


def test_metric_arithmetic(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/metrics/shi-2021.yml": metrics("shi-2021", "shi", "2021",
                                                "  disputes_investigated: 100\n  disputes_resolved: 90\n"
                                                "  grid_workers: 50\n", "  dispute_resolution_rate: 91.5\n"),
        "content/metrics/xian-2021.yml": metrics("xian-2021", "xian", "2021",
                                                 "  grid_workers: 40\n  hazards_found: 10\n  hazards_rectified: 11\n")
        .replace("source: 测试日报", "source: 测试日报\nreported: false"),  # the unit's own figures: errors
        "content/metrics/qu-2021.yml": metrics("qu-2021", "qu", "2021", "  grid_workers: 20\n"),
        "content/metrics/qu-h1.yml": metrics("qu-h1", "qu", "2021-H1", "  disputes_investigated: -1\n"
                                             "  dispute_resolved: 3\n"),
        "content/metrics/qu-future.yml": metrics("qu-future", "qu", "2031-Q2", "  grid_workers: 1\n"),
        "content/metrics/qu-again.yml": metrics("qu-again", "qu", "2021", "  grid_workers: 2\n"),
    })
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/metrics/qu-again.yml 第 3 行，字段 period：qu 在 2021年 的数据已经写在 content/metrics/qu-2021.yml 里\n"
        "    提示：同一地区、同一统计期、同一出处只能有一个数据文件，请合并。",
        "错误：content/metrics/qu-future.yml 第 3 行，字段 period：应为已经开始的统计期（今天是 2026-01-01），实际是 “2031-Q2”\n"
        "    提示：统计期不能在将来，请核对年份。",
        "错误：content/metrics/qu-h1.yml 第 6 行，字段 counts.disputes_investigated：应为不小于 0 的数，实际是 -1",
        "错误：content/metrics/qu-h1.yml 第 7 行，字段 counts.dispute_resolved：不认识的字段 dispute_resolved\n"
        "    提示：是不是要写 disputes_resolved？",
        "警告：content/metrics/shi-2021.yml 第 8 行，字段 counts.grid_workers：测试市的网格员 50 小于下级地区之和 60："
        "测试县 40（content/metrics/xian-2021.yml）、测试区 20（content/metrics/qu-2021.yml）\n"
        "    提示：上级数据一般应包含下级，请核对统计口径。",
        "警告：content/metrics/shi-2021.yml 第 10 行，字段 stated_rates.dispute_resolution_rate：报道的矛盾纠纷化解率 91.5% "
        "与按计数算出的 90.00%（90÷100）相差 1.50 个百分点\n"
        "    提示：数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。",
        "错误：content/metrics/xian-2021.yml 第 9 行，字段 counts.hazards_rectified：安全隐患整改数 11 大于安全隐患排查数 10\n"
        "    提示：部分不能超过总数，请核对原始数据。",
    ]


@pytest.mark.parametrize("text, label, start, end", [
    ("2021", "2021年", date(2021, 1, 1), date(2021, 12, 31)),
    ("2021-H1", "2021年上半年", date(2021, 1, 1), date(2021, 6, 30)),
    ("2021-H2", "2021年下半年", date(2021, 7, 1), date(2021, 12, 31)),
    ("2024-Q1", "2024年第一季度", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-02", "2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
    ("2022-01~07", "2022年1—7月", date(2022, 1, 1), date(2022, 7, 31)),
    ("2020-02~11", "2020年2—11月", date(2020, 2, 1), date(2020, 11, 30)),
])
def test_periods(text: str, label: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_record_id_must_match_file_name(make_site: SiteMaker) -> None:
    cfg = make_site({"content/cases/other-name.yml": CASE.format(id="drain", mediator="null")})
    _, problems = _load(cfg)
    assert problems == ["错误：content/cases/other-name.yml 第 1 行，字段 id：记录标识 drain 与文件名 other-name 不一致\n"
                        "    提示：请把文件改名为 drain.yml，或把 id 改成 other-name。"]


@pytest.mark.parametrize(("name", "hint"), [
    ("drain", "请在文件中加上 id: drain（id 要和文件名相同）。"),
    ("排水 纠纷", "id 要和文件名相同，并且只用英文字母、数字和连字符：请把文件改名为 pai-shui-jiu-fen.yml，再加上 id: pai-shui-jiu-fen。"),
])
def test_a_missing_id_is_given_the_one_to_write(make_site: SiteMaker, name: str, hint: str) -> None:
    """请在文件中加上 id: … left a clerk to guess: the Chinese name typed as the id brought a second error, then a
    third (the file name)."""
    cfg = make_site({f"content/cases/{name}.yml": CASE.format(id="x", mediator="null").replace("id: x\n", "")})
    _, problems = _load(cfg)
    assert [p.split("\n")[1].strip() for p in problems if "字段 id：缺少必填字段" in p] == [f"提示：{hint}"], problems


def test_check_and_build_gate_on_records(make_site: SiteMaker) -> None:
    from generator.build import check
    from generator.errors import ContentError

    from .conftest import NOW

    cfg = make_site({
        "content/cases/drain.yml": CASE.format(id="drain", mediator="wang"),
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="model-2021"),
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="wang"),
    })
    assert check(cfg, now=NOW).records == 3
    (cfg.parent / "content/cases/drain.yml").write_text(CASE.format(id="drain", mediator="nobody"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        check(cfg, now=NOW)
    assert [(p.path, p.field) for p in info.value.problems] == [("content/cases/drain.yml", "mediator")]


def test_honor_known_only_from_a_report(make_site: SiteMaker) -> None:
    """An honor whose award year the source does not give is dated by the report, and says so."""
    reported = HONOR.format(id="known", mediator="wang").replace("year: 2021\n", "reported: 2021-08-16\n")
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="known"),
                     "content/honors/known.yml": reported,
                     "content/honors/bad.yml": HONOR.format(id="bad", mediator="wang")
                     .replace("year: 2021\n", "reported: 2021-02-30\n")})
    data, problems = _load(cfg)
    assert problems == ["错误：content/honors/bad.yml 第 5 行，字段 reported：应为年-月-日形式的日期，实际是 “2021-02-30”\n"
                        "    提示：例如 2021-08-16；日期要真实存在。"]
    honor = next(h.record for h in data.honors if h.record.id == "known")
    assert (honor.when(), honor.sort_year) == ("见于2021年8月16日报道", 2021)


def test_an_honor_in_the_future_is_refused_and_a_reported_day_dates_its_feed_item(make_site: SiteMaker) -> None:
    """A year or report day after today is a slip (2030 for 2020); an honor known from a report is dated by that day
    in its feed, not by a made-up 1 January."""
    from generator.outputs.feeds import record_feeds

    honor = HONOR.format(id="known", mediator="wang")
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="known"),
                     "content/honors/known.yml": honor.replace("year: 2021\n", "year: 2021\nreported: 2021-08-16\n"),
                     "content/honors/later.yml": HONOR.format(id="later", mediator="wang")
                     .replace("year: 2021\n", f"year: {TODAY.year + 4}\n"),
                     "content/honors/soon.yml": HONOR.format(id="soon", mediator="wang")
                     .replace("year: 2021\n", f"reported: {TODAY.year}-12-31\n")})
    data, problems = _load(cfg)
    assert [p.splitlines()[0] for p in problems] == [
        f"错误：content/honors/later.yml 第 5 行，字段 year：应为不晚于今年（{TODAY.year}）的年份，实际是 {TODAY.year + 4}",
        f"错误：content/honors/soon.yml 第 5 行，字段 reported：应为不晚于今天（{TODAY:%Y-%m-%d}）的日期，"
        f"实际是 “{TODAY.year}-12-31”"]
    feed = record_feeds(load_config(cfg), data, {})["honors/feed.xml"].decode()
    assert "<pubDate>Mon, 16 Aug 2021 00:00:00 +0800</pubDate>" in feed


def test_a_record_added_today_about_an_old_event_leads_its_feed(make_site: SiteMaker) -> None:
    """`published` (the day a case or honor went on the site; `pingan new` writes today) orders and dates the feeds:
    a case of 2018 added today is news to subscribers, not left out behind the 20 newest events."""
    from generator.outputs.feeds import record_feeds

    config = BASE_CONFIG.replace("feeds:\n  items: 5", "feeds:\n  items: 2")
    cfg = make_site({
        "content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="model-2021"),
        "content/honors/model-2021.yml": HONOR.format(id="model-2021", mediator="wang"),
        "content/cases/new-a.yml": CASE.format(id="new-a", mediator="wang").replace("date: 2024-04", "date: 2025-03"),
        "content/cases/new-b.yml": CASE.format(id="new-b", mediator="wang").replace("date: 2024-04", "date: 2025-02"),
        "content/cases/old.yml": CASE.format(id="old", mediator="wang").replace("date: 2024-04", "date: 2018-05")
        .replace("source: ", "published: 2025-12-20\nsource: "),
        "content/cases/later.yml": CASE.format(id="later", mediator="wang")
        .replace("source: ", "published: 2027-01-01\nsource: ")}, config=config)
    data, problems = _load(cfg)
    assert [p.splitlines()[0] for p in problems] == [
        "错误：content/cases/later.yml 第 11 行，字段 published：应为不晚于今天（2026-01-01）的日期，实际是 “2027-01-01”"]
    rss = record_feeds(load_config(cfg), data, {})["cases/feed.xml"].decode()
    assert rss.index("/cases/old/") < rss.index("/cases/new-a/") and "/cases/new-b/" not in rss
    assert "<pubDate>Sat, 20 Dec 2025 00:00:00 +0800</pubDate>" in rss


@pytest.mark.parametrize("amount, ok", [("20680元", True), ("1.8万元", True), ("五万多元", True), ("2700余万元", True),
                                        ("很多钱", False), ("20680", False)])
def test_case_amounts_are_written_as_reported(make_site: SiteMaker, amount: str, ok: bool) -> None:
    case = CASE.format(id="c", mediator="null") + f"amounts:\n  - {{item: 赔偿, amount: {amount}}}\n"
    data, problems = _load(make_site({"content/cases/c.yml": case}))
    assert (problems == []) is ok, problems
    if ok:
        assert [a.amount for a in data.cases[0].record.amounts] == [amount]  # kept exactly as written


def test_a_case_whose_report_does_not_say_how_it_ended(make_site: SiteMaker) -> None:
    case = CASE.format(id="c", mediator="null").replace("outcome: 成功", "outcome: 报道未说明") + (
        "date_note: 报道未写调解时间，按报道日期归档\nsource_url: https://www.example.gov.cn/a/1.html\n")
    data, problems = _load(make_site({"content/cases/c.yml": case}))
    assert problems == []
    record = data.cases[0].record
    assert (record.outcome, record.date_note, record.source_url) == (
        "报道未说明", "报道未写调解时间，按报道日期归档", "https://www.example.gov.cn/a/1.html")
    _, problems = _load(make_site({"content/cases/c.yml": case.replace("outcome: 报道未说明", "outcome: 大概成功了")}))
    assert problems and "outcome" in problems[0]


def test_numbers_written_as_reports_write_them_get_a_hint_to_act_on(make_site: SiteMaker) -> None:
    """95%, 下降18.4%, 1.15万件 and 400余件 are how reports write figures; each error says what to write instead."""
    text = metrics("m", "xian", "2021", "  disputes_investigated: 1.15万件\n  disputes_resolved: 400余件\n",
                   "  dispute_resolution_rate: 95%\n") + "changes:\n  criminal_cases: 下降18.4%\n"
    cfg = make_site({"content/metrics/m.yml": text})
    _, problems = _load(cfg)
    said = "\n".join(problems)
    assert "提示：只写数字，去掉单位“件”，写成 1.15万。" in said
    assert "提示：这里只能写确切的数；报道写的是约数（如“400余件”）时，照录在 note 说明里。" in said  # a record's note
    assert "提示：去掉百分号，写成 95。" in said
    assert "提示：下降写成负数，例如 -18.4（上升写正数）。" in said


@pytest.mark.parametrize(("written", "read"), [("'1,399'", 1399), ("'12,345'", 12345), ("'1，399'", 1399),
                                              ("'30,7'", None), ("'3,07'", None), ("'1,3990'", None)])
def test_a_comma_in_a_count_is_only_a_thousands_separator(make_site: SiteMaker, written: str, read: int | None
                                                          ) -> None:
    """30,7 and 3,07 were both read as 307: a comma is taken only between groups of three digits; a misplaced one
    is refused with a hint, as a typo to check against the report."""
    data, problems = _load(make_site({"content/metrics/m.yml": metrics("m", "xian", "2024",
                                                                        f"  disputes_investigated: {written}\n")}))
    if read is None:
        assert len(problems) == 1 and "逗号只能用来每三位分隔" in problems[0], problems
    else:
        assert problems == [] and data.metrics[0].record.counts.disputes_investigated == read


def test_a_rate_over_100_is_told_how_rates_are_written(make_site: SiteMaker) -> None:
    """A rate of 915 said only 应为不大于 100.0 的数: it now says 100, and that 91.5% is written 91.5."""
    _, problems = _load(make_site({"content/metrics/m.yml": metrics("m", "xian", "2024", "  disputes_investigated: 4\n",
                                                                    "  dispute_resolution_rate: 915\n")}))
    assert len(problems) == 1 and "应为不大于 100 的数，实际是 915" in problems[0], problems
    assert "91.5% 写 91.5：915 是不是少了小数点" in problems[0]


def test_screenings_counted_in_times_are_not_disputes(make_site: SiteMaker) -> None:
    """“排查矛盾纠纷615次” counts rounds of screening, not disputes found (黄石 2020 gives both: 开展排查1223次, 排查发现
    纠纷1305件): written as disputes_investigated it is refused with a pointer to screenings, which holds it apart."""
    text = metrics("m", "xian", "2024", "  disputes_investigated: 615次\n")
    _, problems = _load(make_site({"content/metrics/m.yml": text}))
    assert any("请写在 screenings 下，写成 screenings: 615" in p for p in problems), problems
    data, problems = _load(make_site({"content/metrics/m.yml": text.replace("disputes_investigated: 615次",
                                                                             "screenings: 615")}))
    assert problems == [] and data.metrics[0].record.counts.screenings == 615
    assert data.metrics[0].record.counts.disputes_investigated is None


@pytest.mark.parametrize("written", ["2021-08-16", "2021-8-16", "2021/8/16", "2021年8月16日"])
def test_a_record_s_day_is_read_as_a_story_s_date_is(make_site: SiteMaker, written: str) -> None:
    """A report's day, or the day a record went on the site, may be written as staff write a story's date."""
    cfg = make_site({"content/mediators/wang.yml": MEDIATOR.format(id="wang", honors="known"),
                     "content/honors/known.yml": HONOR.format(id="known", mediator="wang")
                     .replace("year: 2021\n", f"reported: {written}\npublished: {written}\n")})
    data, problems = _load(cfg)
    honor = data.honors[0].record
    assert problems == [] and (honor.reported, honor.published) == (date(2021, 8, 16), date(2021, 8, 16))


@pytest.mark.parametrize("body, line", [
    ("body: |\n  第一段。\n\n第二段没有缩进。\n第三段。\n", 15),
    ("body: |\n第一段没有缩进。\n\n  第二段。\n", 13),
])
def test_text_pasted_under_a_block_without_its_indentation_is_named(make_site: SiteMaker, body: str, line: int
                                                                    ) -> None:
    """Paragraphs pasted under `body: |` without the two spaces: the first such line is named, and why (the reader
    said a colon was missing, on a later line)."""
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null") + body + "public_people: [张三]\n"})
    _, problems = _load(cfg)
    assert problems == [f"错误：content/cases/c.yml 第 {line} 行，字段 body：body: | 下面的文字这一行没有缩进\n"
                        "    提示：body: | 下面的每一行（空行除外）前面都要空两格，这一行和它后面没有空格的几行都要补上。"]


def test_a_record_saved_in_another_kind_s_folder_is_told_where_it_belongs(make_site: SiteMaker) -> None:
    """A case saved in content/mediators/ gave one error per field with odd guesses (date: 是不是要写 draft？):
    now one error says it is a case and where cases go."""
    cfg = make_site({"content/mediators/c.yml": CASE.format(id="c", mediator="null")})
    _, problems = _load(cfg)
    assert problems == ["错误：content/mediators/c.yml 第 1 行：这个文件像是调解案例的记录，却放在 content/mediators/ 里\n"
                        "    提示：请把它移到 content/cases/；调解案例的记录都放在那里。"]


def test_a_number_in_a_message_is_shown_as_the_file_writes_it(make_site: SiteMaker) -> None:
    """date: 2026.10 (a month typed with a dot) is read as the number 2026.1: the message quotes 2026.10, which the
    writer can find in the file."""
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null").replace("date: 2024-04", "date: 2025.10")})
    _, problems = _load(cfg)
    assert len(problems) == 1 and "2025.10" in problems[0] and "2025.1，" not in problems[0], problems


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_figure_that_is_no_number_is_refused(make_site: SiteMaker, value: str) -> None:
    """YAML reads .nan and .inf as numbers: the open-data JSON then held NaN / Infinity, which JSON.parse refuses."""
    cfg = make_site({"content/metrics/m.yml": metrics("m", "xian", "2024", "  disputes_investigated: 9\n")
                     + f"changes:\n  homicides: {value}\n"})
    _, problems = _load(cfg)
    assert len(problems) == 1 and "changes.homicides：应为一个具体的数" in problems[0], problems


def test_a_case_dated_by_its_year_alone_is_shown_so(make_site: SiteMaker) -> None:
    """A report that gives only 2023年: `date: 2023` is shown 2023年 on the case's page, in the library and in the open
    data (2023), and sorts as the year's start; a month had to be made up before. A year to come is refused."""
    import json

    from lxml import html

    from generator.build import build

    from .conftest import NOW

    cfg = make_site({"content/news/2021/a.md": story("a"),
                     "content/cases/c.yml": CASE.format(id="c", mediator="null").replace("date: 2024-04", "date: 2023"),
                     "content/cases/d.yml": CASE.format(id="d", mediator="null").replace("date: 2024-04", "date: 2023-05")})
    build(cfg, cfg.parent / "site", now=NOW)
    page = html.fromstring((cfg.parent / "site/cases/c/index.html").read_bytes())
    assert page.xpath("//time/@datetime") == ["2023"] and page.xpath("//time/text()") == ["2023年"]
    library = (cfg.parent / "site/cases/index.html").read_text(encoding="utf-8")
    assert "<span>2023年</span>" in library and library.index('href="d/"') < library.index('href="c/"')  # May first
    rows = json.loads((cfg.parent / "site/api/cases.json").read_text(encoding="utf-8"))
    assert {r["id"]: r["date"] for r in rows["items"]} == {"c": "2023", "d": "2023-05"}
    _, problems = _load(make_site({"content/cases/e.yml": CASE.format(id="e", mediator="null").replace(
        "date: 2024-04", "date: 2027")}))
    assert len(problems) == 1 and "date" in problems[0], problems


def test_a_renamed_record_is_not_told_to_take_a_file_name_no_id_can_be(make_site: SiteMaker) -> None:
    """A case saved as 石桥 排水沟.yml: the hint said 或把 id 改成 石桥 排水沟, which no id may be."""
    cfg = make_site({"content/cases/石桥 排水沟.yml": CASE.format(id="drain", mediator="null")})
    _, problems = _load(cfg)
    wrong = [p for p in problems if "不一致" in p]
    assert wrong and all("改成 石桥" not in p for p in wrong)
    assert "请把文件改名为 drain.yml。" in wrong[0]


@pytest.mark.parametrize("written, month", [("2024年4月", (2024, 4, 1)), ("2024年4月18日", (2024, 4, 18)),
                                            ("2024/4", (2024, 4, 1)), ("2024-4", (2024, 4, 1)),
                                            ("2023年", (2023, 1, 1))])
def test_a_case_s_date_may_be_written_as_a_report_writes_it(make_site: SiteMaker, written: str,
                                                            month: tuple[int, int, int]) -> None:
    """Stories took 2024年9月13日 8:00 while cases refused 2024年4月: a case's month is read as it is written."""
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null").replace("date: 2024-04",
                                                                                          f"date: {written}")})
    data, problems = _load(cfg)
    assert problems == [] and data.cases[0].record.date.timetuple()[:3] == month


@pytest.mark.parametrize("lines, ok", [
    ("cases_handled: 0余\n", False), ("success_rate: 100以上\n", False), ("success_rate: 98余\n", False),
    ("cases_handled: 1.5余\n", False), ("cases_handled: 1，500余\n", True), ("success_rate: 98%以上\n", True),
    ("cases_handled: 1500 余\n", True), ("cases_handled: 300余件\n", True),  # as the report has it, unit and all
    ("cases_handled: 300余元\n", False), ("cases_handled: 300余人\n", False),  # people are no cases
])
def test_a_mediator_s_approximate_figures_must_make_sense(make_site: SiteMaker, lines: str, ok: bool) -> None:
    """余 and 多 go with whole counts above 0, 以上 and 左右 with rates below 100%: 0余, 100%以上, 98%余 and 1.5余 say
    nothing a report could, and are refused."""
    text = MEDIATOR.format(id="wang", honors="").replace("cases_handled: 10\ncases_succeeded: 9\n", lines)
    _, problems = _load(make_site({"content/mediators/wang.yml": text}))
    assert (problems == []) is ok, problems


@pytest.mark.parametrize("written", ["2024年112", "2024-112"])
def test_a_case_s_month_and_day_run_together_are_refused(make_site: SiteMaker, written: str) -> None:
    """2024年112 could be 11月2日 or 1月12日: refused, not read as either."""
    cfg = make_site({"content/cases/c.yml": CASE.format(id="c", mediator="null").replace("date: 2024-04",
                                                                                          f"date: {written}")})
    _, problems = _load(cfg)
    assert len(problems) == 1 and "字段 date" in problems[0]


def test_a_figures_record_with_no_figure_is_refused(make_site: SiteMaker) -> None:
    """`pingan new metrics` leaves its counts empty: published so, it was a record of nothing that passed the check."""
    text = "id: m\nregion: xian\nperiod: '2024'\nsource: 测试日报\ncounts:\n  disputes_investigated:\n  disputes_resolved:\n"
    _, problems = _load(make_site({"content/metrics/m.yml": text}))
    assert len(problems) == 1 and "这条数据记录里一个数字也没有" in problems[0], problems


def test_a_figure_yaml_would_read_as_another_number_is_refused(make_site: SiteMaker) -> None:
    """YAML 1.1 read 0x3b4265c8a and 20:27:24:58:33:46 as 15907314826 (a phone number the personal-data check never
    saw, published as 15,907,314,826): figures written so are refused with how to write them (0120 is read as 120,
    not YAML's octal 80)."""
    text = metrics("m", "xian", "2021", "  disputes_investigated: 0x3b4265c8a\n  police_calls: 20:27:24:58:33:46\n"
                   "  grid_workers: 0120\n")
    _, problems = _load(make_site({"content/metrics/m.yml": text}))
    hint = "    提示：数字按平常的写法写（十进制，例如 1399），不要写 0x、冒号或开头的 0。"
    assert problems == [
        f"错误：content/metrics/m.yml 第 6 行，字段 counts.disputes_investigated：应为整数，实际是 “0x3b4265c8a”\n{hint}",
        f"错误：content/metrics/m.yml 第 7 行，字段 counts.police_calls：应为整数，实际是 “20:27:24:58:33:46”\n{hint}"]


def test_a_photo_without_its_description_is_said_at_the_photo_s_line(make_site: SiteMaker) -> None:
    """photo_alt not written: the error named line 2 (the id), where nothing is wrong."""
    text = MEDIATOR.format(id="wang", honors="") + "photo: /images/wang.jpg\n"
    _, problems = _load(make_site({"content/mediators/wang.yml": text}))
    line = text.splitlines().index("photo: /images/wang.jpg") + 1
    assert [p.split("\n")[0] for p in problems] == [
        f"错误：content/mediators/wang.yml 第 {line} 行，字段 photo_alt：有照片时必须填写 photo_alt（照片的文字说明）"]


def test_invisible_characters_written_as_escapes_are_not_published(make_site: SiteMaker) -> None:
    """Pasted invisible characters are left out of what is read (README); written as YAML escapes in quotes
    ("\\u200b") they reached the figures' CSV."""
    text = metrics("m", "xian", "2021", "  grid_workers: 12\n") + 'note: "网格\\u200b员\\u00ad人数\\u2060按\\ufeff年底"\n'
    data, problems = _load(make_site({"content/metrics/m.yml": text}))
    assert problems == [] and data.metrics[0].record.note == "网格员人数按年底"

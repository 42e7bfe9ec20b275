"""Metrics per region and period: `content/metrics/<id>.yml`. Rates are computed from counts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, ValidatorFunctionWrapHandler, field_validator, model_validator

from ..config import Slug, Text
from ..schema import Schema, fail, refuse
from .common import check_region, check_source_url, ctx
from .periods import Period, parse_period
from .records import Record

# A count as reports write it: 2.47万, 1.1万, 24700, 2,988 (to an integer).
WAN_RE = re.compile(r"^(\d+(?:\.\d+)?)万$")
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?万?")  # 1,399 and 12,345.5万: commas between groups of three


def _count(value: Any) -> Any:
    """2.47万 -> 24700, 2,988 -> 2988: a count may be written the way the report writes it."""
    if isinstance(value, str):
        text = value.strip().replace("，", ",")
        if "," in text and not THOUSANDS.fullmatch(text):  # 30,7: a typo for 30.7 or 307, not 307 (said in words)
            return value
        text = text.replace(",", "")
        match = WAN_RE.match(text)
        if match:
            number = Decimal(match[1]) * 10000
            return int(number) if number == int(number) else value
        if text.isdigit():
            return int(text)
    return value


class Counts(Schema):
    """计数（非负整数）。只写报道中有的项目；“2.47万”这样的写法也可以。"""

    # A count the report wrote in 万 (12.5万), as written: shown so, not as 125,000, which would claim a precision
    # the report does not give. The number is what rates and charts use.
    _written: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _as_written(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        written = {k: text for k, v in data.items() if isinstance(v, str)
                   and WAN_RE.match(text := v.strip().replace(",", "").replace("，", ""))}
        counts = handler({k: _count(v) for k, v in data.items()})
        counts._written = {k: v for k, v in written.items() if getattr(counts, k, None) is not None}
        return counts

    def written(self, key: str) -> str | None:
        """How the report wrote the count `key` when it wrote it in 万 (12.5万), else None."""
        return self._written.get(key)

    disputes_investigated: int | None = Field(None, ge=0, description="矛盾纠纷排查数（起）")
    # rounds of screening, not disputes: 黄石 2020 "开展排查1223次，排查发现纠纷1305件" gives both
    screenings: int | None = Field(None, ge=0, description="开展矛盾纠纷排查（次）")
    # received by a centre (综治中心), not all of them mediated
    disputes_received: int | None = Field(None, ge=0, description="受理纠纷案件数（件）")
    disputes_resolved: int | None = Field(None, ge=0, description="矛盾纠纷化解数（起）")
    disputes_in_progress: int | None = Field(None, ge=0, description="正在化解的矛盾纠纷（起）")
    disputes_mediated: int | None = Field(None, ge=0, description="调解纠纷数（起）")
    mediations_succeeded: int | None = Field(None, ge=0, description="调解成功数（起）")
    hazards_found: int | None = Field(None, ge=0, description="安全隐患排查数（处）")
    hazards_rectified: int | None = Field(None, ge=0, description="安全隐患整改数（处）")
    grid_workers: int | None = Field(None, ge=0, description="网格员（名）")
    household_heads: int | None = Field(None, ge=0, description="联户长（名）")
    mediation_committees: int | None = Field(None, ge=0, description="人民调解委员会（个）")
    mediators: int | None = Field(None, ge=0, description="调解员（名）")
    legal_advisers: int | None = Field(None, ge=0, description="法律明白人（名）")
    police_calls: int | None = Field(None, ge=0, description="接处警（起）")
    criminal_cases: int | None = Field(None, ge=0, description="刑事立案（起）")
    criminal_cases_solved: int | None = Field(None, ge=0, description="破获刑事案件（起）")
    criminal_incidents: int | None = Field(None, ge=0, description="刑事案件发案（起）")
    homicides: int | None = Field(None, ge=0, description="命案发案（起）")
    public_order_cases: int | None = Field(None, ge=0, description="治安案件（起）")
    cameras: int | None = Field(None, ge=0, description="视频监控（路）")


class StatedRates(Schema):
    """报道中给出的比率（百分数），用来和按计数算出的比率核对。"""

    dispute_resolution_rate: float | None = Field(None, ge=0, le=100, description="矛盾纠纷化解率（%）")
    hazard_rectification_rate: float | None = Field(None, ge=0, le=100, description="安全隐患整改率（%）")
    case_clearance_rate: float | None = Field(None, ge=0, le=100, description="刑事案件破案率（%）")
    mediation_success_rate: float | None = Field(None, ge=0, le=100, description="调解成功率（%）")
    self_resolution_rate: float | None = Field(None, ge=0, le=100, description="基层自主化解率（%）")
    public_safety_rate: float | None = Field(None, ge=0, le=100, description="群众安全感（%）")


class Changes(Schema):
    """报道中的同比变化（百分数，上升写正数，下降写负数），例如 刑事案件发案同比下降18.4% 写 -18.4。"""

    criminal_cases: float | None = Field(None, description="刑事立案同比（%）")
    criminal_cases_solved: float | None = Field(None, description="破获刑事案件同比（%）")
    criminal_incidents: float | None = Field(None, description="刑事案件发案同比（%）")
    homicides: float | None = Field(None, description="命案发案同比（%）")
    public_order_cases: float | None = Field(None, description="治安案件同比（%）")
    disputes_resolved: float | None = Field(None, description="矛盾纠纷化解数同比（%）")


# (rate, part, whole): a part never exceeds its whole, and the rate is part / whole. Not 破案率: the cases solved in
# a period include cases filed before it (安陆: 47 filed, 19 solved is no 40% clearance rate), so it is shown only
# as a report states it.
RATES: tuple[tuple[str, str, str], ...] = (
    ("dispute_resolution_rate", "disputes_resolved", "disputes_investigated"),
    ("hazard_rectification_rate", "hazards_rectified", "hazards_found"),
    ("mediation_success_rate", "mediations_succeeded", "disputes_mediated"),
)


def label(model: type[Schema], key: str) -> str:
    """The Chinese name of a count or rate, from its declared description, without its unit."""
    return str(model.model_fields[key].description).split("（")[0]


# Counts of what there is at a time (people, committees, cameras), not of what happened in a period: a report gives
# them as of its date. Known by their unit (名, 个, 路), not listed apart from the counts that declare them.
STOCK_UNITS = ("名", "个", "路")
STOCKS = frozenset(key for key, info in Counts.model_fields.items()
                   if str(info.description).endswith(tuple(f"（{unit}）" for unit in STOCK_UNITS)))


PartName = Annotated[str, Field(min_length=1, max_length=20)]


class Claim(Schema):
    """报道对趋势的说法，例如“群众安全感连续六年攀升”：会与各期数字核对。"""

    figure: str = Field(description="说的是哪个数字：counts 或 stated_rates 里的名字，例如 public_safety_rate。")
    trend: Literal["上升", "下降"] = Field(description="说法：上升 或 下降（逐期）。")
    since: int = Field(ge=1949, le=2100, description="从哪一年起，例如 2011。")
    words: Text = Field(max_length=60, description="报道原话，例如 连续六年攀升。")

    @field_validator("figure")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in Counts.model_fields and value not in StatedRates.model_fields:
            raise fail("counts 或 stated_rates 里的一个名字", "例如 public_safety_rate（群众安全感）。")
        return value


class Metrics(Record):
    """一个地区在一个统计期内的工作数据。"""

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同，例如 wuwei-2021。")
    region: str = Field(description="地区标识。")
    period: Any = Field(description="统计期：2021、2021-H1、2021-Q3 或 2021-09。")
    since: Annotated[int, Field(ge=1949)] | Literal["不详"] | None = Field(
        None, description="累计起点（可选）：报道写“2017年以来”的累计数时写 2017，period 写报道所在的月份（2021-12）"
        "或年份；页面写“2017年以来，截至2021年12月”，不当成一年的数字，也不与各年的数字连成趋势线。报道只说“截至9月共…”、"
        "没写从哪年算起时写 不详，period 写报道所在的月份（2021-09），页面写“截至2021年9月”。")
    period_note: str = Field("", max_length=60, description="统计期说明（可选），例如 截至2021年9月。")
    scope: str = Field("", max_length=60, description="统计口径（可选），与同一地区其他统计期的口径不同时必写，"
                                                     "例如 只统计品牌调解室和行业性专业性调委会。")
    reported: bool = Field(True, description="true（默认）：数字出自报道，照录，自相矛盾时警告并在页面上注明；"
                                             "false：本单位自己填报的数字，自相矛盾是错误。")
    counts: Counts = Field(default_factory=lambda: Counts(), description="计数。")
    stated_rates: StatedRates = Field(default_factory=lambda: StatedRates(), description="报道中的比率（可选）。")
    changes: Changes = Field(default_factory=lambda: Changes(), description="报道中的同比变化（可选）。")
    parts: dict[str, dict[PartName, Annotated[int, Field(ge=0)]]] = Field(
        default_factory=dict, description="分项（可选）：一个计数按类别拆开，例如 mediation_committees: {村居: 972}。")
    claims: list[Claim] = Field(default_factory=list, description="报道对趋势的说法（可选），会与各期数字核对。")
    note: str = Field("", max_length=200, description="说明（可选），显示在数字旁边，例如 报道的另一处说法。")
    checked: list[str] = Field(default_factory=list, description="已核对（可选）：核对过原始报道、确认按报道照录的"
                               "不一致之处，写警告里的字段名，例如 [counts.mediations_succeeded]；写上后不再为它警告，"
                               "页面上照样注明。")
    source: Text = Field(description="出处。")
    source_url: str = Field("", description="原文网址（可选）。")

    _source_url = field_validator("source_url")(check_source_url)

    _region = field_validator("region")(check_region)

    @field_validator("parts")
    @classmethod
    def _parts(cls, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for key in value:
            if key not in Counts.model_fields:
                raise fail("counts 里的一个计数名，例如 mediation_committees",
                           "分项写在它所属的计数名下面，计数名见 counts 的说明。")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: Any, info: ValidationInfo) -> Period:
        period = parse_period(value)
        today: date = ctx(info)["today"]
        if period.start > today:
            raise fail(f"已经开始的统计期（今天是 {today:%Y-%m-%d}）", "统计期不能在将来，请核对年份。")
        return period

    @field_validator("since", mode="before")
    @classmethod
    def _since_form(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()  # ２０１７ from a Chinese input method, ' 不详 '
            if value.isascii() and value.isdigit() and len(value) <= 4:
                value = int(value)  # since: '2017' (a longer run of digits is no year: refused below, in words)
        if type(value) is int and value < 1949:
            raise fail("1949 年或以后的年份", "since 写累计的起点年份，例如 2017。")
        if value is None or value == "不详" or type(value) is int:
            return value
        raise fail("累计起点的年份（例如 2017），或 不详（报道没写从哪年算起）",
                   "报道写“2017年以来”时写 since: 2017；只说“截至9月共…”时写 since: 不详，"
                   "period 写报道所在的月份，例如 2021-09。")

    @field_validator("since")
    @classmethod
    def _since(cls, value: int | str | None, info: ValidationInfo) -> int | str | None:
        period = info.data.get("period")
        if isinstance(value, int) and isinstance(period, Period) and value > period.start.year:
            raise fail(f"不晚于统计期年份（{period.start.year}）的年份",
                       "since 写累计的起点年份，period 写报道所在的月份或年份，例如 since: 2017、period: '2021-12'。")
        if value == "不详" and isinstance(period, Period) and not (period.shape == "年" or period.shape.isdigit()):
            raise refuse(f"since: 不详 的统计期应是报道所在的月份，而不是 {period.label}",
                         "起点不详的累计数只说到报道时为止：period 写报道所在的月份（例如 2021-09），"
                         "页面写“截至2021年9月”；报道写明了时段（例如 1—9 月）时删掉 since，period 照写 2021-01~09。")
        return value

    @property
    def period_label(self) -> str:
        """The period as pages write it: 2021年, 2021年上半年 … or, for a running total, 2017年以来，截至2021年12月,
        up to its report (read years later, 2017年以来 alone means up to now), or 截至2021年9月 when the report does
        not say where it starts."""
        if self.since == "不详":
            return f"截至{self.period.label}"
        return f"{self.since}年以来，截至{self.period.label}" if self.since is not None else self.period.label

    @model_validator(mode="after")
    def _some_figure(self) -> Metrics:
        if not self.draft and not self.reported_facts():  # the template's counts left empty: a record of nothing
            raise refuse("这条数据记录里一个数字也没有",
                         "在 counts 里填上报道中的数字（例如 disputes_investigated: 307），或者删掉这个文件。")
        return self

    def value(self, key: str) -> float | None:
        """A count as given, or a rate: computed from its counts (one decimal) where both are given, else as the
        report states it; None when not reported. Counts whose part is larger than its whole (17,356 succeeded of
        17,128 mediated) give no rate: 101.3% is no success rate, so the report's own rate stands, or none."""
        if key in Counts.model_fields:
            count: int | None = getattr(self.counts, key)
            return count
        computed = self.counted_rate(key)
        if computed is not None:
            return round(computed[0], 1)
        stated: float | None = getattr(self.stated_rates, key)
        return stated

    def counted_rate(self, key: str) -> tuple[float, int, int] | None:
        """`rate` as pages, charts and open data use it: None also for counts whose part is larger than its whole."""
        computed = self.rate(key)
        return computed if computed is not None and computed[1] <= computed[2] else None

    def rate_over_whole(self, key: str) -> tuple[float, int, int] | None:
        """`rate` of counts whose part is larger than its whole (101.3%), said beside the report's rate as not taken;
        None for any other."""
        computed = self.rate(key)
        return computed if computed is not None and computed[1] > computed[2] else None

    def rate(self, key: str) -> tuple[float, int, int] | None:
        """(computed percentage, part, whole) for a rate, when both counts are given and the whole is > 0; None
        also for a rate reports only state (群众安全感)."""
        for rate, part_key, whole_key in RATES:
            if rate == key:
                part, whole = getattr(self.counts, part_key), getattr(self.counts, whole_key)
                if part is None or whole is None or whole == 0:
                    return None
                return part * 100 / whole, part, whole
        if key in StatedRates.model_fields:
            return None
        raise KeyError(key)

    @property
    def when(self) -> str | None:
        """The period this record's figures may be set beside or added up with others' (other regions' in a
        comparison, sub-regions' in a sum): the same period, and a running total only with totals from the same
        start; None for a total whose start is unknown (截至2021年9月), which is never compared nor added up."""
        return None if self.since == "不详" else self.counted

    @property
    def counted(self) -> str:
        """What the figures count, as written: the period, and a running total's start (2017, 不详). Two files of
        one region and scope with the same `counted` report the same figures."""
        return self.period.text + (f"~{self.since}" if self.since is not None else "")

    @property
    def series(self) -> tuple[str, str]:
        """Which figures of a region can be joined into one line: the same period shape and the same scope."""
        if self.since == "不详":  # starts unknown, maybe different: never joined
            return self.period_label, self.scope
        return (f"{self.since}年以来" if self.since is not None else self.period.shape), self.scope

    def reported_facts(self) -> dict[str, float]:
        """Every figure this record gives, by field: counts, stated rates and changes (`changes.<key>`)."""
        facts: dict[str, float] = {k: v for k in Counts.model_fields if (v := getattr(self.counts, k)) is not None}
        facts |= {k: v for k in StatedRates.model_fields if (v := getattr(self.stated_rates, k)) is not None}
        facts |= {f"changes.{k}": v for k in Changes.model_fields if (v := getattr(self.changes, k)) is not None}
        return facts


def fact_label(key: str) -> str:
    """The Chinese name of a figure named as in `Metrics.reported_facts`."""
    if key.startswith("changes."):
        return label(Changes, key.removeprefix("changes."))
    return label(Counts if key in Counts.model_fields else StatedRates, key)


def fact_text(key: str, value: float, counts: Counts | None = None) -> str:
    """A figure as a page shows it: 17,356, 12.5万 (a count `counts` holds as the report wrote it), 98.5%,
    同比下降 18.4%."""
    if counts is not None and (written := counts.written(key)):
        return written
    if key.startswith("changes."):
        return f"{'上升' if value > 0 else '下降' if value < 0 else '持平'} {abs(value):g}%"
    if key in Counts.model_fields:
        return f"{int(value):,}"
    return f"{value:g}%"

"""Metrics per region and period: `content/metrics/<id>.yml`. Rates are computed from counts."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from ..config import Slug, Text
from ..schema import Schema, fail
from .common import check_region, ctx
from .records import Record

PERIOD_RE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


class Counts(Schema):
    """计数（非负整数）。只写报道中有的项目。"""

    disputes_investigated: int | None = Field(None, ge=0, description="矛盾纠纷排查数（起）")
    disputes_resolved: int | None = Field(None, ge=0, description="矛盾纠纷化解数（起）")
    disputes_in_progress: int | None = Field(None, ge=0, description="正在化解的矛盾纠纷（起）")
    disputes_mediated: int | None = Field(None, ge=0, description="调解纠纷数（起）")
    hazards_found: int | None = Field(None, ge=0, description="安全隐患排查数（处）")
    hazards_rectified: int | None = Field(None, ge=0, description="安全隐患整改数（处）")
    grid_workers: int | None = Field(None, ge=0, description="网格员（名）")
    household_heads: int | None = Field(None, ge=0, description="联户长（名）")
    mediation_committees: int | None = Field(None, ge=0, description="人民调解委员会（个）")
    mediators: int | None = Field(None, ge=0, description="调解员（名）")
    legal_advisers: int | None = Field(None, ge=0, description="法律明白人（名）")
    police_calls: int | None = Field(None, ge=0, description="接处警（起）")
    criminal_cases: int | None = Field(None, ge=0, description="刑事立案（起）")
    criminal_cases_solved: int | None = Field(None, ge=0, description="刑事破案（起）")
    cameras: int | None = Field(None, ge=0, description="视频监控（路）")


class StatedRates(Schema):
    """报道中给出的比率（百分数），用来和按计数算出的比率核对。"""

    dispute_resolution_rate: float | None = Field(None, ge=0, le=100, description="矛盾纠纷化解率（%）")
    hazard_rectification_rate: float | None = Field(None, ge=0, le=100, description="安全隐患整改率（%）")
    case_clearance_rate: float | None = Field(None, ge=0, le=100, description="刑事案件破案率（%）")


# (rate, part, whole): a part never exceeds its whole, and the rate is part / whole.
RATES: tuple[tuple[str, str, str], ...] = (
    ("dispute_resolution_rate", "disputes_resolved", "disputes_investigated"),
    ("hazard_rectification_rate", "hazards_rectified", "hazards_found"),
    ("case_clearance_rate", "criminal_cases_solved", "criminal_cases"),
)


def label(model: type[Schema], key: str) -> str:
    """The Chinese name of a count or rate, from its declared description, without its unit."""
    return str(model.model_fields[key].description).split("（")[0]


@dataclass(frozen=True)
class Period:
    """A year, half, quarter or month."""

    text: str
    start: date
    end: date

    @property
    def label(self) -> str:
        year = self.start.year
        kind = self.text[5:] if len(self.text) > 4 else ""
        if not kind:
            return f"{year}年"
        if kind.startswith("H"):
            return f"{year}年{'上' if kind == 'H1' else '下'}半年"
        if kind.startswith("Q"):
            return f"{year}年第{'一二三四'[int(kind[1]) - 1]}季度"
        return f"{year}年{int(kind)}月"


def parse_period(value: object) -> Period:
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    match = PERIOD_RE.match(text)
    if not match:
        raise fail("统计期：年（2021）、半年（2021-H1）、季度（2021-Q3）或月份（2021-09）",
                   "年份写 2021，上半年写 2021-H1，第三季度写 2021-Q3，9 月写 2021-09。")
    year, kind = int(match[1]), match[2]
    if kind is None:
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    if kind.startswith("H"):
        half = int(kind[1])
        return Period(text, date(year, 6 * half - 5, 1), _month_end(year, 6 * half))
    if kind.startswith("Q"):
        q = int(kind[1])
        end_month = q * 3
        return Period(text, date(year, end_month - 2, 1), _month_end(year, end_month))
    month = int(kind)
    if not 1 <= month <= 12:
        raise fail("1—12 月之间的月份", "例如 2021-09。")
    return Period(text, date(year, month, 1), _month_end(year, month))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class Metrics(Record):
    """一个地区在一个统计期内的工作数据。"""

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同，例如 wuwei-2021。")
    region: str = Field(description="地区标识。")
    period: Any = Field(description="统计期：2021、2021-H1、2021-Q3 或 2021-09。")
    period_note: str = Field("", max_length=60, description="统计口径说明（可选），例如 截至2021年9月。")
    counts: Counts = Field(description="计数。")
    stated_rates: StatedRates = Field(default_factory=lambda: StatedRates(), description="报道中的比率（可选）。")
    source: Text = Field(description="出处。")

    _region = field_validator("region")(check_region)

    @field_validator("period")
    @classmethod
    def _period(cls, value: Any, info: ValidationInfo) -> Period:
        period = parse_period(value)
        today: date = ctx(info)["today"]
        if period.start > today:
            raise fail(f"已经开始的统计期（今天是 {today:%Y-%m-%d}）", "统计期不能在将来，请核对年份。")
        return period

    def value(self, key: str) -> float | None:
        """A count as given, or a rate (one decimal) computed from its counts; None when not reported."""
        if key in Counts.model_fields:
            count: int | None = getattr(self.counts, key)
            return count
        computed = self.rate(key)
        return round(computed[0], 1) if computed else None

    def rate(self, key: str) -> tuple[float, int, int] | None:
        """(computed percentage, part, whole) for a rate, when both counts are given and the whole is > 0."""
        for rate, part_key, whole_key in RATES:
            if rate == key:
                part, whole = getattr(self.counts, part_key), getattr(self.counts, whole_key)
                if part is None or whole is None or whole == 0:
                    return None
                return part * 100 / whole, part, whole
        raise KeyError(key)

"""Honors (长安杯, 示范县, 模范调解员 …): `content/honors/<id>.yml`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from ..config import Slug, Text
from ..schema import Schema, fail, refuse
from .common import PUBLISHED_HELP, check_past_day, check_region, check_source_url, ctx, parse_day
from .records import Record

PERIOD_RE = re.compile(r"^(\d{4})—(\d{4})年度$")


class Recipient(Schema):
    """获奖对象：一个地区、一个单位或一位调解员（三选一）。"""

    region: str | None = Field(None, description="地区标识。")
    unit: str | None = Field(None, description="单位名称。")
    mediator: str | None = Field(None, description="调解员或调解室的标识。")

    _region = field_validator("region")(check_region)

    @model_validator(mode="after")
    def _one(self) -> Recipient:
        given = [k for k in ("region", "unit", "mediator") if getattr(self, k)]
        if len(given) != 1:
            raise refuse("获奖对象 recipient 必须且只能写 region、unit、mediator 中的一项",
                         "例如 recipient: {region: xiuwu}。")
        return self


class Honor(Record):
    """一项荣誉。"""

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同。")
    name: Text = Field(max_length=40, description="荣誉名称，例如 长安杯、平安中国建设示范县。")
    level: Literal["国家级", "省级", "市级", "县级"] = Field(description="级别：国家级、省级、市级、县级。")
    awarding_body: Text = Field(description="授予单位或表彰活动。")
    year: int | None = Field(None, ge=1949, le=2100, description="授予年份，例如 2021。")
    period: str | None = Field(None, description="评选周期，例如 2017—2020年度。")
    reported: Annotated[dt.date | None, BeforeValidator(lambda v: None if v is None else parse_day(v))] = Field(
        None, description="授予时间不详时，写最早报道这项荣誉的日期，例如 2021-08-16。")
    published: Annotated[dt.date | None, BeforeValidator(lambda v: None if v is None else parse_day(v))] = Field(
        None, description=PUBLISHED_HELP.format(what="授予年份"))
    recipient: Recipient = Field(description="获奖对象。")
    source: Text = Field(description="出处。")
    source_url: str = Field("", description="原文网址（可选）。")

    _source_url = field_validator("source_url")(check_source_url)
    note: str = Field("", max_length=200, description="说明（可选）。")

    @field_validator("year")
    @classmethod
    def _past_year(cls, value: int | None, info: ValidationInfo) -> int | None:
        today: dt.date = ctx(info)["today"]
        if value is not None and value > today.year:
            raise fail(f"不晚于今年（{today.year}）的年份", "荣誉授予在将来？请核对年份；还没有授予的荣誉不要录入。")
        return value

    _past_days = field_validator("reported", "published")(check_past_day)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = PERIOD_RE.match(value)
        if not match or int(match[1]) > int(match[2]):
            raise fail("“起始年—结束年年度”形式的评选周期", "例如 2017—2020年度（中间是破折号“—”）。")
        return value

    @model_validator(mode="after")
    def _when(self) -> Honor:
        if self.year is None and self.period is None and self.reported is None:
            raise refuse("year（授予年份）、period（评选周期）和 reported（报道日期）至少要写一项",
                         "例如 year: 2021；授予年份不详时写 reported: 2021-08-16。")
        return self

    @property
    def sort_year(self) -> int:
        """The year the honor is listed under: the award year, else the period's last year, else the report's."""
        if self.year is not None:
            return self.year
        match = PERIOD_RE.match(self.period or "")
        if match:
            return int(match[2])
        return self.reported.year if self.reported else 0

    @property
    def timeline_label(self) -> str:
        """The heading it is listed under by year: the award year (2021年), else the period (2017—2020年度), else
        the year of the report it was seen in (见于2021年的报道): no award year the report does not give."""
        if self.year is not None:
            return f"{self.year}年"
        if self.period:
            return self.period
        return f"见于{self.reported.year}年的报道" if self.reported else "年份不详"

    def when(self) -> str:
        """How the date is shown: 2021年, 2017—2020年度, both, or 见于2021年8月16日报道 when only that is known."""
        parts = [f"{self.year}年"] if self.year is not None else []
        if self.period:
            parts.append(self.period)
        if not parts and self.reported:
            parts.append(f"见于{self.reported.year}年{self.reported.month}月{self.reported.day}日报道")
        return "，".join(parts)

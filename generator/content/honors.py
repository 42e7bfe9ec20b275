"""Honors (长安杯, 示范县, 模范调解员 …): `content/honors/<id>.yml`."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..config import Slug, Text
from ..schema import Schema, fail, refuse
from .common import check_region

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


class Honor(Schema):
    """一项荣誉。"""

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同。")
    name: Text = Field(max_length=40, description="荣誉名称，例如 长安杯、平安中国建设示范县。")
    level: Literal["国家级", "省级", "市级", "县级"] = Field(description="级别：国家级、省级、市级、县级。")
    awarding_body: Text = Field(description="授予单位或表彰活动。")
    year: int | None = Field(None, ge=1949, le=2100, description="授予年份，例如 2021。")
    period: str | None = Field(None, description="评选周期，例如 2017—2020年度。")
    recipient: Recipient = Field(description="获奖对象。")
    source: Text = Field(description="出处。")
    note: str = Field("", max_length=200, description="说明（可选）。")

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
        if self.year is None and self.period is None:
            raise refuse("year（授予年份）和 period（评选周期）至少要写一项", "例如 year: 2021。")
        return self

    @property
    def sort_year(self) -> int:
        """The year the honor is listed under: the award year, else the period's last year."""
        if self.year is not None:
            return self.year
        match = PERIOD_RE.match(self.period or "")
        return int(match[2]) if match else 0

    def when(self) -> str:
        """How the date is shown: 2021年, 2017—2020年度, or both."""
        parts = [f"{self.year}年"] if self.year is not None else []
        if self.period:
            parts.append(self.period)
        return "，".join(parts)

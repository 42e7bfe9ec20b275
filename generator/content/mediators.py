"""模范调解员, 个人品牌调解室 and other dispute-resolution bodies: `content/mediators/<id>.yml`."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from ..config import Slug, Text
from ..schema import refuse
from .common import check_region, check_source_url
from .records import Record

# A figure as reports write it about a mediator: 1500余, 400多, 98以上 (98%以上): the number, and the word that says
# it is not exact, which pages keep (1500余件, not 1500件); a count may name its unit as the report did (1500余起,
# 267起), which pages keep too (件 when it names none).
APPROX_COUNT = re.compile(r"^(\d+)\s*(余|多|以上|左右)?\s*([件起宗])?$")  # cases: a whole number (300余件, not 余人)
COUNT_UNIT = "件"  # a count's unit when the record names none
APPROX_RATE = re.compile(r"^(\d+(?:\.\d+)?)\s*%?\s*(以上|左右)$")  # a rate: 98以上 (98余 says nothing)
APPROX_FIELDS = ("cases_handled", "cases_succeeded", "success_rate")


class Mediator(Record):
    """一位模范调解员或一个个人品牌调解室。"""

    _approx: dict[str, str] = PrivateAttr(default_factory=dict)  # field -> 余/多/以上/左右, as the report wrote it
    _units: dict[str, str] = PrivateAttr(default_factory=dict)  # count field -> 起/宗/件, where the record names it

    @model_validator(mode="wrap")
    @classmethod
    def _as_written(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        approx, units = {}, {}
        data = dict(data)
        for key in APPROX_FIELDS:
            value = data.get(key)
            pattern = APPROX_RATE if key == "success_rate" else APPROX_COUNT
            if isinstance(value, str) and (m := pattern.match(value.strip().replace(",", "").replace("，", ""))):
                number = float(m[1]) if key == "success_rate" else int(m[1])
                if number == 0 and m[2] or (key == "success_rate" and number >= 100):
                    continue  # 0余, 100%以上: left as written, refused below as no number
                data[key] = number
                if m[2]:
                    approx[key] = m[2]
                if key != "success_rate" and m[3]:
                    units[key] = m[3]
        mediator = handler(data)
        mediator._approx = approx
        mediator._units = units
        return mediator

    def approx(self, key: str) -> str:
        """余, 多, 以上 or 左右 when the report gave the figure `key` so, else ''."""
        return self._approx.get(key, "")

    def count_unit(self, key: str) -> str:
        """The unit of the count `key` as the record names it (1500余起: 起), else 件."""
        return self._units.get(key, COUNT_UNIT)

    def count_units(self) -> dict[str, str]:
        """The units the record names, by count field."""
        return dict(self._units)

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同。")
    name: Text = Field(max_length=30, description="姓名或调解室名称。")
    kind: Literal["person", "room", "centre"] = Field(
        description="person 表示调解员，room 表示调解室，centre 表示综治中心、护航站等承担纠纷化解的组织。")
    unit: Text = Field(description="所在单位或调解组织。")
    region: str = Field(description="地区标识。")
    photo: str | None = Field(None, description="照片，相对 content/ 的路径（可选）。")
    photo_alt: str | None = Field(None, validate_default=True, description="照片的文字说明，有照片时必填。")
    title: str = Field("", max_length=40, description="称号，例如 全国模范人民调解员。")
    since: int | None = Field(None, ge=1949, le=2100, description="从事调解工作或调解室成立的年份。")
    honors: list[str] = Field(default_factory=list, description="所获荣誉的标识（content/honors/ 中的文件名）。")
    cases_handled: int | None = Field(None, ge=0, description="调解案件数；报道写“1500余起”时照写 1500余起"
                                                               "（也可写 多、以上、左右；单位写 件、起 或 宗，"
                                                               "不写时为 件）。")
    cases_succeeded: int | None = Field(None, ge=0, description="调解成功数（写法同上）。")
    success_rate: float | None = Field(None, ge=0, le=100,
                                       description="报道中给出的成功率（百分数）；“98%以上”写 98以上。")
    cases_note: str = Field("", max_length=100,
                            description="数字说明（可选），照录报道原文，例如 报道原文为“调解纠纷400余件”。")
    quote: str = Field("", max_length=120, description="一句话（可选）。")
    bio: str = Field("", description="简介（Markdown）。")
    source: Text = Field(description="出处。")
    source_url: str = Field("", description="原文网址（可选）。")

    _source_url = field_validator("source_url")(check_source_url)

    _region = field_validator("region")(check_region)

    @field_validator("photo_alt")
    @classmethod
    def _alt(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("photo") and not (value or "").strip():
            raise refuse("有照片时必须填写 photo_alt（照片的文字说明）", "例如：才让当知在调解室里与群众交谈。",
                         near="photo")  # not written: said at the photo's line, not the file's first
        return value

    @field_validator("cases_succeeded")
    @classmethod
    def _part(cls, value: int | None, info: ValidationInfo) -> int | None:
        handled = info.data.get("cases_handled")
        if value is not None and handled is not None and value > handled:
            raise refuse(f"调解成功数 {value} 大于调解案件数 {handled}", "成功数不能超过案件总数，请核对。")
        return value

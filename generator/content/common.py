"""Validators shared by the record schemas."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationInfo

from ..config import SiteConfig
from ..schema import fail, web_url


def ctx(info: ValidationInfo) -> dict[str, Any]:
    """The validation context every record is validated with: the site's zone and config."""
    assert info.context is not None, "records must be validated with a context"
    return dict(info.context)


def check_region(value: str | None, info: ValidationInfo) -> str | None:
    """A region id must exist in the region tree of site_config.yml."""
    config: SiteConfig = ctx(info)["config"]
    if value is not None and value not in config.region_map:
        raise fail("site_config.yml 中已定义的地区标识",
                   "请在 site_config.yml 的 regions 里查找对应地区的 id，例如 wuwei。")
    return value


_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


def parse_month(value: object) -> date:
    """A date of at least month precision: 2024-04 or 2024-04-18 (the day is kept when given)."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    match = _MONTH_RE.match(text)
    if not match:
        raise fail("年-月（例如 2024-04）或年-月-日", "案例日期精确到月即可，例如 2024-04。")
    try:
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        raise fail("真实存在的日期", "检查月份（1—12）和当月天数。") from None


def check_source_url(value: str) -> str:
    """An optional web address of the original report."""
    if value and not web_url(value):
        raise fail("以 http:// 或 https:// 开头、带网站域名、不含空格的网址", "不知道原文网址时可以不写这个字段。")
    return value

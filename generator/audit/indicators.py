"""The inspection's indicators as data: column kinds and their update limits, the thresholds of the 单项否决
items, and the names the report groups findings under.

From 《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）and 《政府网站发展指引》（国办发〔2017〕47号）, as this
project reads them: the figures below are the published ones; how a static site is checked against them is ours.
"""

from __future__ import annotations

from dataclasses import dataclass

VETO = "单项否决"
DEDUCT = "扣分项"
NOTE = "提示"
GROUPS = (VETO, DEDUCT, NOTE)

SOURCE = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
GUIDE = "《政府网站发展指引》（国办发〔2017〕47号）"


@dataclass(frozen=True)
class Limit:
    """How long a column of one kind may go without a new item: `days`, or `months` counted on the calendar."""

    kind: str
    days: int = 0
    months: int = 0
    label: str = ""


# 动态、要闻类：2 周；通知公告、政策文件类：6 个月；人事、规划计划类：1 年。专题 and 其他 have no limit.
LIMITS: dict[str, Limit] = {
    "动态要闻": Limit("动态要闻", days=14, label="2 周"),
    "通知公告": Limit("通知公告", months=6, label="6 个月"),
    "政策文件": Limit("政策文件", months=6, label="6 个月"),
    "人事": Limit("人事", months=12, label="1 年"),
    "规划计划": Limit("规划计划", months=12, label="1 年"),
}
HOME_DAYS = 14  # 首页：监测 2 周无信息更新 → 网站不更新（单项否决）
STALE_VETO = 5  # 动态要闻类 2 周、通知公告/政策文件类 6 个月未更新的栏目累计 ≥ 5 → 单项否决
LONG_STALE_VETO = 10  # 应更新而长期未更新的栏目（含人事、规划计划类 1 年）累计 ≥ 10 → 单项否决
EMPTY_VETO = 5  # 空白栏目累计 ≥ 5 → 单项否决
SHORT_STALE = ("动态要闻", "通知公告", "政策文件")

"""Updates: each column against its kind's limit, the count of stale and of empty columns, the home page's newest
item, and stories held back because their review chain is not complete."""

from __future__ import annotations

from datetime import date, datetime

from .. import urls
from ..config import SiteConfig
from ..content.news import Story
from ..model import Entry
from .findings import Finding
from .indicators import (
    DEDUCT,
    EMPTY_VETO,
    HOME_DAYS,
    LIMITS,
    LONG_STALE_VETO,
    NOTE,
    SHORT_STALE,
    SOURCE,
    STALE_VETO,
    VETO,
    Limit,
)


def deadline(limit: Limit, as_of: date) -> date:
    """The day before which a column's newest item is too old: `days` back, or `months` back on the calendar
    (31 August less 6 months is the last day of February)."""
    if limit.days:
        return date.fromordinal(as_of.toordinal() - limit.days)
    month = as_of.month - limit.months
    year = as_of.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in range(as_of.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # day 1 exists in every month


def updates(config: SiteConfig, entries: list[Entry], as_of: datetime) -> list[Finding]:
    """The update findings at `as_of` for the stories published by then (entries, newest first)."""
    today = as_of.date()
    findings: list[Finding] = []
    newest: dict[str, datetime] = {}
    for entry in entries:
        newest.setdefault(entry.column.id, entry.date)
    stale_short, stale_all, empty = 0, 0, 0
    for column in config.columns:
        where = f"栏目“{column.name}”（/{urls.column(column.id)}）"
        last = newest.get(column.id)
        limit = LIMITS.get(column.kind)
        if last is None:
            empty += 1
            findings.append(Finding(DEDUCT, "空白栏目", where, "栏目里没有一篇已发布的稿件",
                                    f"没有任何信息的栏目是“空白栏目”，累计 {EMPTY_VETO} 个即为单项否决（{SOURCE}）",
                                    "尽快在这个栏目发布稿件；"
                                    "暂时没有内容的栏目请先从 site_config.yml 的 columns 里去掉"))
            continue
        if limit is None or last.date() >= deadline(limit, today):
            continue
        stale_all += 1
        stale_short += column.kind in SHORT_STALE
        days = (today - last.date()).days
        findings.append(Finding(
            DEDUCT, "栏目更新", where,
            f"{column.kind}类栏目，最近一篇发布于 {last:%Y-%m-%d}，"
            f"到 {today:%Y-%m-%d} 已 {days} 天，超过 {limit.label}",
            f"{column.kind}类栏目 {limit.label}内应有更新；"
            f"超期的动态要闻、通知公告、政策文件类栏目累计 {STALE_VETO} 个，"
            f"或全部应更新而未更新的栏目累计 {LONG_STALE_VETO} 个，即为单项否决（{SOURCE}）",
            "发布这个栏目的新稿件；栏目类别不对的，在 site_config.yml 里改它的 kind（专题类不查更新）"))
    if stale_short >= STALE_VETO:
        findings.append(Finding(VETO, "栏目不更新", "全站",
                                f"超期未更新的动态要闻、通知公告、政策文件类栏目有 {stale_short} 个",
                                f"累计达到 {STALE_VETO} 个即判定为不合格（{SOURCE}）",
                                "按上面“栏目更新”各条逐个补发稿件"))
    if stale_all >= LONG_STALE_VETO:
        findings.append(Finding(VETO, "栏目不更新", "全站", f"应更新而长期未更新的栏目有 {stale_all} 个",
                                f"累计达到 {LONG_STALE_VETO} 个即判定为不合格（{SOURCE}）",
                                "按上面“栏目更新”各条逐个补发稿件"))
    if empty >= EMPTY_VETO:
        findings.append(Finding(VETO, "空白栏目", "全站", f"空白栏目有 {empty} 个",
                                f"累计达到 {EMPTY_VETO} 个即判定为不合格（{SOURCE}）",
                                "给空白栏目发布内容，或合并、去掉这些栏目"))
    home = entries[0].date if entries else None
    if home is None or (today - home.date()).days > HOME_DAYS:
        shown = f"最新一篇发布于 {home:%Y-%m-%d}，到 {today:%Y-%m-%d} 已 {(today - home.date()).days} 天" if home \
            else "首页没有任何已发布的稿件"
        findings.append(Finding(VETO, "网站不更新", "首页（/）", shown,
                                f"首页 {HOME_DAYS} 天内没有信息更新即判定为不合格（{SOURCE}）",
                                "尽快发布新稿件；定时发布的稿件从它的发布时间起才算更新"))
    return findings


def unreviewed(stories: list[Story]) -> list[Finding]:
    """Stories held back because editorial.require_review is on and their chain is not complete."""
    findings = []
    for story in stories:
        lacking = story.meta.review.lacking(story.date) if story.meta.review else "缺初审、复审、终审"
        findings.append(Finding(NOTE, "三审", story.path, f"《{story.meta.title}》{lacking}，没有发布",
                                "本站要求稿件经过初审、复审、终审才能发布（site_config.yml editorial.require_review）",
                                "审核后在稿件信息区的 review 里补上审核人和时间，再运行 pingan build"))
    return findings

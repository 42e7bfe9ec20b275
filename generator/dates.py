"""Dates are timezone-aware from the moment they are read."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from .schema import fail

_DT_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)

# A day as staff write one: 2025-06-30, 2025-6-30, 2025/6/30, 2025.6.30, 2025年6月30日
_DAY_RE = re.compile(r"((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")


def day_of(text: str) -> date:
    """The day `text` writes (any of the ways above); ValueError for anything else or a day that does not exist."""
    found = _DAY_RE.fullmatch(text.strip())
    if found is None:
        raise ValueError(text)
    return date(int(found[1]), int(found[2]), int(found[3]))


# A story's date written as a day is often written (year, month, day with / . or 年月日), with a time or not.
_OTHER_FORM = re.compile(r"((?:19|20)[0-9]{2})[/.年]([0-9]{1,2})[/.月]([0-9]{1,2})日?(?:[ T]*([0-9]{1,2}):([0-9]{2}))?")
FORMAT_HINT = "请写成“2021-09-13 08:30”（年-月-日 时:分），时区默认为网站设置的时区。"


def parse_datetime(value: object, zone: tzinfo) -> datetime:
    """Parse a front-matter date with time; naive values take the site's zone."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if not isinstance(value, str):
        raise fail("带时间的日期（年-月-日 时:分）", FORMAT_HINT)
    written = _OTHER_FORM.fullmatch(value.strip().replace("：", ":"))
    if written is not None:  # 2024年5月6日 09:00, 2024.5.6 9:00, 2024/5/6: read as 2024-5-6 09:00
        colon = "：" if "：" in value else ":"
        value = f"{written[1]}-{written[2]}-{written[3]}" + (f" {written[4]}{colon}{written[5]}" if written[4] else "")
    match = _DT_RE.match(value.strip())
    if not match and _DT_RE.match(value.strip().replace("：", ":")):  # 2024-03-05 10：30, from a Chinese input method
        raise fail("带时间的日期（年-月-日 时:分）", "时间里的冒号要用英文的“:”，例如 "
                   + value.strip().replace("：", ":") + "。")
    if not match:
        raise fail("带时间的日期（年-月-日 时:分）", _why_not(value.strip()))
    if match["H"] is None:
        raise fail("带时间的日期，但只写了日期没有时间", "请补上发布时间，例如“" + value.strip() + " 08:30”。")
    try:
        parsed = datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                          int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        raise fail("真实存在的日期和时间", "检查月份（1—12）、当月天数和时间（0:00—23:59）。") from None
    tz = match["tz"]
    if tz is None:
        return parsed.replace(tzinfo=zone)
    try:
        aware = datetime.fromisoformat(parsed.isoformat() + ("+00:00" if tz == "Z" else _colon(tz)))
        offset = aware.utcoffset()
        if offset is None or abs(offset) > timedelta(hours=14):
            raise ValueError(tz)
    except ValueError:  # +99:00, +20:00: no zone on earth is so far from UTC
        raise fail("带时间的日期，时区要在 -12:00 到 +14:00 之间", "时区一般不用写（默认为网站设置的时区）；"
                   "要写时写成 +08:00 这样，例如“2021-09-13 08:30+08:00”。") from None
    return aware.astimezone(zone)


_WIDE = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")


def _why_not(text: str) -> str:
    """How to write a date the clerk wrote so: full-width digits from a Chinese input method, no year, 上午/下午."""
    narrow = text.translate(_WIDE)
    if narrow != text and (_DT_RE.match(narrow) or _OTHER_FORM.fullmatch(narrow)):
        return f"日期里是中文输入法打出的全角数字或符号：请切换到英文输入法重写，写成“{narrow}”。"
    if not re.search(r"(?:19|20)[0-9]{2}", narrow) and re.match(r"^[0-9]{1,2}\s*[月/.-]\s*[0-9]{1,2}", narrow):
        return "少了年份（或年份没写全四位）：请写成“2021-09-13 08:30”这样的完整日期。"
    if re.match(r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:19|20)[0-9]{2}", narrow):
        return "年份要写在最前面：请按“年-月-日 时:分”写，例如“2021-09-13 08:30”。"
    if re.search(r"上午|下午|晚上|中午|早上|[0-9]点", narrow):
        return "时间请用 24 小时制写成 时:分，例如下午两点半写“14:30”：“2021-09-13 14:30”。"
    return FORMAT_HINT


def _colon(tz: str) -> str:
    return tz if ":" in tz else tz[:3] + ":" + tz[3:]


def iso(dt: datetime) -> str:
    """ISO 8601 with seconds and offset, e.g. 2021-09-13T08:30:00+08:00."""
    return dt.isoformat(timespec="seconds")


class YearOnly(date):
    """A day known only by its year (a case a report dates 2023年): January 1st for ordering, its year when shown."""


def month_label(day: date) -> str:
    """A month as Chinese text writes it, without a leading zero: 2024年4月; a year alone when that is all that is
    known (2023年)."""
    return f"{day.year}年" if isinstance(day, YearOnly) else f"{day.year}年{day.month}月"


def month_iso(day: date) -> str:
    """A month in ISO 8601 (2024-04, as <time datetime> and the open data write it); a year alone: 2023."""
    return f"{day:%Y}" if isinstance(day, YearOnly) else f"{day:%Y-%m}"

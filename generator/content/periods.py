"""A record's statistical period (统计期): a year, half, quarter, month or run of months, as files write it."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..schema import fail

PERIOD_RE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2})(?:~(\d{2}))?)?$")


@dataclass(frozen=True)
class Period:
    """A year, half, quarter or month."""

    text: str
    start: date
    end: date

    @property
    def shape(self) -> str:
        """What kind of span this is, whatever the year: 年, H1, Q3, 09, 01~07. Only periods of one shape (and one
        scope) are drawn as one line: 2022年1—7月 and 2024年1—5月 are not the same kind of figure as a year's."""
        return self.text[5:] or "年"

    @property
    def span(self) -> str:
        """The span without its year: 全年, 上半年, 第三季度, 9月, 1—7月."""
        kind = self.text[5:]
        if not kind:
            return "全年"
        if kind.startswith("H"):
            return "上半年" if kind == "H1" else "下半年"
        if kind.startswith("Q"):
            return f"第{'一二三四'[int(kind[1]) - 1]}季度"
        return "—".join(str(int(m)) for m in kind.split("~")) + "月"

    @property
    def label(self) -> str:
        """2021年, 2021年上半年, 2021年第三季度, 2021年9月, 2021年1—7月."""
        return f"{self.start.year}年" + ("" if self.span == "全年" else self.span)


# A period as reports write it: 2025年, 2025年上半年, 2025年第三季度, 2025年9月, 2025年1-6月 (1—6月, 1至6月).
_WRITTEN_PERIOD = re.compile(r"^(\d{4})年(?:(上|下)半年|第?([一二三四1-4])季度|(\d{1,2})月"
                             r"|(\d{1,2})(?:-|—|–|~|至|到)(\d{1,2})月)?$")


def _as_written(text: str) -> str:
    """`text` in the form periods are kept in (2025, 2025-H1, 2025-Q3, 2025-09, 2025-01~06) when it is a period as a
    report writes it; else as it is."""
    found = _WRITTEN_PERIOD.match(unicodedata.normalize("NFKC", text).replace(" ", ""))
    if found is None:
        return text
    year, half, quarter, month, first, last = found.groups()
    if half:
        return f"{year}-H{1 if half == '上' else 2}"
    if quarter:
        return f"{year}-Q{'一二三四'.index(quarter) + 1 if quarter in '一二三四' else quarter}"
    if month:
        return f"{year}-{int(month):02d}"
    if first:
        return f"{year}-{int(first):02d}~{int(last):02d}"
    return year


def parse_period(value: object) -> Period:
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    text = _as_written(text)
    match = PERIOD_RE.match(text)
    if not match:
        raise fail("统计期：年（2021）、半年（2021-H1）、季度（2021-Q3）、月份（2021-09）或几个月（2021-01~07）",
                   "年份写 2021，上半年写 2021-H1，第三季度写 2021-Q3，9 月写 2021-09，1 至 7 月写 2021-01~07"
                   "（也可以照报道写 2021年、2021年上半年、2021年第三季度、2021年9月、2021年1—7月）。")
    year, kind, last = int(match[1]), match[2], match[3]
    if last is not None:
        if kind.startswith(("H", "Q")) or not 1 <= int(kind) < int(last) <= 12:
            raise fail("同一年里从早到晚的几个月，例如 2021-01~07", "起止月份在 01—12 之间，先写起始月。")
        return Period(text, date(year, int(kind), 1), _month_end(year, int(last)))
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

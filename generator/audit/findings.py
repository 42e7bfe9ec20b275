"""What an audit found: one Finding per problem, grouped as the indicators are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .indicators import GROUPS, VETO


@dataclass(frozen=True)
class Finding:
    """One problem: its group (单项否决 / 扣分项 / 提示), the indicator, where it is (file and line, or a page's
    address), what was found, why it counts and what to do."""

    group: str
    indicator: str
    where: str
    what: str
    why: str
    todo: str


@dataclass
class Audit:
    """The whole result: the findings, and the facts the report states at the top."""

    site: str
    as_of: date
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0  # built pages read
    external: dict[str, list[str]] = field(default_factory=dict)  # page -> external links on it
    online: bool = False  # external links were fetched

    @property
    def vetoed(self) -> bool:
        return any(f.group == VETO for f in self.findings)

    def grouped(self) -> list[tuple[str, list[Finding]]]:
        return [(g, [f for f in self.findings if f.group == g]) for g in GROUPS]

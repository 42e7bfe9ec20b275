"""The figures of the metrics records as pages show them: each figure with the notes the checks made on it (region
pages' tables), and the data page (/data/) with its charts across regions and trends, tables and downloads."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .. import urls
from ..config import SiteConfig
from ..content.dataset import Dataset
from ..content.figures import Note
from ..content.metrics import STOCKS, Counts, Metrics, StatedRates, fact_label, fact_text, label
from ..outputs.opendata import CITATION, CSV_COLUMNS
from ..publish.cache import Memo
from ..urls import DATA
from . import datacharts, safe
from .spec import PageSpec


class Figures:
    """The records' figures and their notes; `region_link(region id, page url)` links a region's page (or None)."""

    def __init__(self, config: SiteConfig, data: Dataset, memo: Memo | None,
                 region_link: Callable[[str, str], str | None]) -> None:
        self.config = config
        self.data = data
        self.memo = memo  # charts are kept by their data
        self.region_link = region_link
        self.notes: dict[str, list[Note]] = defaultdict(list)
        for note in data.notes:
            self.notes[note.metric].append(note)

    def notes_on(self, metric: str, key: str | None = None) -> list[str]:
        """The notes on a record's figures (all of them, or those on `key`), in the order the checks found them."""
        return [n.text for n in self.notes.get(metric, []) if key is None or key in n.keys]

    def rows(self, m: Metrics) -> list[dict[str, Any]]:
        """Every figure a record gives, each with its notes: counts, rates (computed, and as reported), changes."""
        rows: list[dict[str, Any]] = []
        for key, value in m.reported_facts().items():
            if key in StatedRates.model_fields:
                continue  # with the computed rate below
            rows.append({"name": fact_label(key), "value": fact_text(key, value, m.counts),
                         "notes": self.notes_on(m.id, key)})
        for rate in StatedRates.model_fields:
            if m.value(rate) is None:
                continue
            rows.append({"name": label(StatedRates, rate), "value": _rate_text(m, rate),
                         "notes": self.notes_on(m.id, rate)})
        return rows

    def pages(self, breadcrumb: list[dict[str, str]], feeds: list[dict[str, str]]) -> list[PageSpec]:
        """/data/: per indicator, a chart across regions and, where a region has several periods, a trend chart with
        one line per series (same period shape and scope: figures of different scope are never joined), followed
        by the table it was drawn from, each figure with its notes; then every note, and the downloads."""
        if not self.data.metrics:
            return []
        region_order = list(self.config.region_map)
        metrics = sorted((m.record for m in self.data.metrics),
                         key=lambda m: (region_order.index(m.region), m.period.start, m.id))
        indicators: list[dict[str, Any]] = []
        noted: dict[tuple[str, str], str] = {}  # (note kind, record id) -> the indicator it is shown under

        def first_shown(kind: str, m: Metrics, text: str, indicator: str) -> dict[str, str | None]:
            """A record's note (`kind`: its period's or its own) in full where the page first shows one of its
            figures, then a link to it (安陆's period note stood under each of its five indicators), saying where
            it leads."""
            if not text:
                return {kind: None}
            anchor = f"pa-{'period' if kind == 'note' else kind}-{m.id}"
            if (kind, m.id) in noted:
                return {kind: None, f"{kind}_ref": f"#{anchor}", f"{kind}_where": noted[kind, m.id]}
            noted[kind, m.id] = indicator
            return {kind: text, f"{kind}_id": anchor}

        wanted: list[datacharts.Chart] = []  # drawn together below; the indicators hold their places in this list
        series = [(key, label(Counts, key), "") for key in Counts.model_fields]
        series += [(rate, label(StatedRates, rate), "%") for rate in StatedRates.model_fields]
        for key, name, unit in series:
            rows = [(m, v) for m in metrics if (v := m.value(key)) is not None]
            if not rows:
                continue
            latest: dict[str, tuple[Any, float]] = {}
            for m, v in rows:  # rows are in period order, so the last one wins; a running total only where a
                if m.since is None or latest.get(m.region, (m, v))[0].since is not None:  # region has no other
                    latest[m.region] = (m, v)
            compared = datacharts.compared(self.config, name, {r: m for r, (m, _v) in latest.items()}, unit)
            charts = [_want(wanted, ("bar", title, [f"{self.config.region_map[r].name}（{latest[r][0].period_label}）"
                                                    for r in group], [latest[r][1] for r in group], unit,
                                     [latest[r][0].counts.written(key) for r in group]))
                      for title, group in compared]
            for region_id in latest:
                own = [(m, v) for m, v in rows if m.region == region_id and m.since is None]  # no running totals
                if len(own) > 1:
                    region = self.config.region_map[region_id].name
                    periods, lines = datacharts.trend(own, key)
                    if lines:
                        charts.append(_want(wanted, ("trend", f"{region}：{name}", periods, lines, unit, None)))
            indicators.append({
                "id": key, "name": name, "charts": charts, "stock": key in STOCKS,
                # regions alone at their depth: only in the table
                "apart": [self.config.region_map[r].name for r in latest
                          if not any(r in group for _title, group in compared)] if len(latest) > 1 else [],
                "alone": self.config.region_map[next(iter(latest))].name if len(latest) == 1 else None,
                "rows": [{"region": self.config.region_map[m.region].name,
                          "anchor": urls.figure(m.id, key).partition("#")[2],
                          "region_url": self.region_link(m.region, DATA), "period": _lines(m.period_label),
                          **first_shown("note", m, m.period_note, name),
                          **first_shown("remark", m, m.note, name), "scope": m.scope, "source": m.source,
                          "source_url": m.source_url,
                          # 12.5万 as the report wrote it; a computed rate to one decimal, as region pages show it
                          "value": m.counts.written(key) or (f"{v:.1f}%" if unit and m.counted_rate(key) else
                                                             f"{v:,g}{unit}"),
                          "how": _rate_how(m, key) if unit else None,
                          "notes": self.notes_on(m.id, key)} for m, v in rows],
            })
        svgs = datacharts.draw(self.memo, wanted)
        for indicator in indicators:
            indicator["charts"] = [{"svg": safe.drawn_svg(svgs[i]), "title": wanted[i][1]} for i in indicator["charts"]]
        checks, shown = [], set()  # a note on two sources that disagree is listed once, under the first
        for m in metrics:
            notes = [n for n in self.notes_on(m.id) if n not in shown]
            shown.update(notes)
            if notes:
                checks.append({"region": self.config.region_map[m.region].name, "period": m.period_label,
                               "source": m.source, "notes": notes})
        context = {"kind": "data", "heading": "平安建设数据", "indicators": indicators, "checks": checks,
                   "check_count": len(shown),
                   "changes": self._change_rows(metrics, first_shown),
                   "csv": "metrics.csv", "json": "metrics.json", "columns": CSV_COLUMNS, "citation": CITATION,
                   "breadcrumb": breadcrumb, "feeds": feeds}
        return [PageSpec(DATA, "平安建设数据", "data.html", context, nav_title="数据")]

    def _change_rows(self, metrics: list[Metrics], first_shown: Callable[[str, Metrics, str, str], dict[str, Any]]
                     ) -> list[dict[str, Any]]:
        """The changes reports state (同比), as a table: they are not drawn, having no counts of their own. A row
        says what the counts' rows say: the period's note, the scope (甘肃's +113% is of 各级综治中心 only), the
        record's note, and the report's address."""
        rows = []
        for m in metrics:
            for key, value in m.reported_facts().items():
                if key.startswith("changes."):
                    rows.append({"region": self.config.region_map[m.region].name, "period": _lines(m.period_label),
                                 "anchor": urls.figure(m.id, key).partition("#")[2],
                                 **first_shown("note", m, m.period_note, "同比变化"),
                                 **first_shown("remark", m, m.note, "同比变化"), "scope": m.scope,
                                 "name": fact_label(key), "value": fact_text(key, value), "source": m.source,
                                 "source_url": m.source_url, "region_url": self.region_link(m.region, DATA),
                                 "notes": self.notes_on(m.id, key)})
        return rows


def _rate_text(m: Metrics, rate: str) -> str:
    """A rate on a region page, with where it comes from: 99.1%（1,387÷1,399）；报道为 99.0%, or the report's
    own figure when its counts give none."""
    computed, over = m.counted_rate(rate), m.rate_over_whole(rate)
    stated = getattr(m.stated_rates, rate)
    said = "报道" if m.reported else "填报"
    if over is not None:  # shown only with the report's own rate (Metrics.value)
        return f"{stated:g}%（{said}）；{_over_100(over)}"
    shown = f"{computed[0]:.1f}%（{computed[1]:,}÷{computed[2]:,}）" if computed else ""
    if stated is not None:
        shown += f"；{said}为 {stated:g}%" if computed else f"{stated:g}%（{said}）"
    return shown


def _over_100(computed: tuple[float, int, int]) -> str:
    return f"按计数算出 {computed[0]:.1f}%（{computed[1]:,}÷{computed[2]:,}），超过 100%，未采用"


def _rate_how(m: Metrics, rate: str) -> str:
    """Where a rate on the data page comes from, said beside its source: computed from the record's counts (and
    what the report said, when it gave the rate too), or the report's own figure when there are no counts or
    they give more than 100%. Shown through the `figures` filter (safe.figures): each number kept on one line."""
    computed, over = m.counted_rate(rate), m.rate_over_whole(rate)
    stated = getattr(m.stated_rates, rate)
    said = "报道" if m.reported else "填报"  # figures from a report, or typed in by the unit for itself
    if over is not None:
        return f"{said}给出的比率；{_over_100(over)}"
    if computed is None:
        return f"{'报道给出' if m.reported else '填报'}的比率（没有可核算的计数）"
    how = f"由计数算出（{computed[1]:,}÷{computed[2]:,}）；"
    return how + (f"{said}没有给出比率" if stated is None else f"{said}为 {stated:g}%")


def _want(wanted: list[datacharts.Chart], chart: datacharts.Chart) -> int:
    wanted.append(chart)
    return len(wanted) - 1


def _lines(period: str) -> list[str]:
    """A period's label in the pieces a narrow table column may put on lines of their own: after the year, when
    months follow (2020年 / 1—11月), and after a comma (2017年以来， / 截至2021年 / 12月); never inside a piece
    (20 / 20年, 1— / 11月)."""
    return re.split(r"(?<=年)(?=\d)|(?<=，)", period)

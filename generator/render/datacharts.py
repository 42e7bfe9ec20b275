"""The data page's charts: which regions one bar chart compares, one region's trend as series, and drawing them
(in child processes, each kept in the memo by its data)."""

from __future__ import annotations

from typing import Any

from ..config import SiteConfig
from ..content.metrics import Metrics
from ..content.periods import Period
from ..publish.cache import Memo

# ("bar", title, labels, values, unit, shown) or ("trend", title, periods, [(series name, values or None, shown)],
# unit, None); `shown`: how each value is written where the report wrote it in 万 (12.5万), else None
Chart = tuple[str, str, list[str], Any, str, Any]


def compared(config: SiteConfig, name: str, latest: dict[str, Metrics], unit: str) -> list[tuple[str, list[str]]]:
    """The bar charts across regions of one indicator, from each region's latest figure (`latest`, by region):
    (title, regions). Only figures of the same period and scope share a chart (a year's count beside another
    year's seven months says nothing); counts, moreover, only among regions at the same depth of the region tree
    (a province's 125,000 beside a town's 149 shows nothing of either), rates across any. With more than one
    group, each group of two or more gets a chart named by its levels and period (各县、县级市调解纠纷数（2021年）);
    a region alone in its group is only in the table."""
    groups: dict[tuple[int, str, str], list[str]] = {}
    for region, m in latest.items():
        depth = 0 if unit == "%" else len(config.region_chain(region))
        # Metrics.when: a running total shares a chart only with totals from the same start; one whose start is
        # unknown, with none (a group of its own)
        groups.setdefault((depth, m.when or f"~{region}", m.scope), []).append(region)
    if len(latest) == 1:
        return []  # one bar says nothing the table does not: a region alone in an indicator is only in the table
    if len(groups) == 1:
        return [(name, list(latest))]
    out = []
    for (_depth, _period, scope), group in sorted(groups.items(), key=lambda g: (g[0][0], -len(g[1]), g[0][1])):
        if len(group) > 1:
            levels = "地" if unit == "%" else "、".join(dict.fromkeys(config.region_map[r].level for r in group))
            when = latest[group[0]].period_label + (f"，{scope}" if scope else "")
            out.append((f"各{levels}{name}（{when}）", group))  # 各市调解纠纷数（2021年）
    return out


def trend(rows: list[tuple[Metrics, float]], figure: str
          ) -> tuple[list[str], list[tuple[str, list[float | None], list[str | None]]]]:
    """One region's figures of one indicator as a trend: the periods in order, and one series per period shape and
    scope (a second source for a period already in a series starts a series of its own) with two figures or more;
    no series when none has two."""
    periods: dict[str, Period] = {}
    lines: dict[tuple[str, str, str], dict[str, float]] = {}
    written: dict[tuple[str, str, str], dict[str, str | None]] = {}
    names: dict[tuple[str, str, str], list[str]] = {}
    for m, v in sorted(rows, key=lambda r: (r[0].period.start, r[0].period.end)):
        periods.setdefault(m.period.text, m.period)
        key = (*m.series, "")
        if m.period.text in lines.get(key, {}):
            key = (*m.series, m.source)
        lines.setdefault(key, {})[m.period.text] = v
        written.setdefault(key, {})[m.period.text] = m.counts.written(figure)
        names.setdefault(key, [m.series[0] if m.since is not None else m.period.span, m.scope, key[2]])
    # A series of one figure is no trend: beside another series it only invites comparing what the table says
    # cannot be compared (one month's 869 beside eleven months' 6,368); it stays in the table.
    lines = {key: values for key, values in lines.items() if len(values) > 1}
    order = sorted({t for values in lines.values() for t in values}, key=lambda t: (periods[t].start, periods[t].end))
    named = [("，".join(x for x in names[key] if x) if len(lines) > 1 else "", [values.get(t) for t in order],
              [written[key].get(t) for t in order]) for key, values in lines.items()]
    return [periods[t].label for t in order], named


def draw(memo: Memo | None, wanted: list[Chart]) -> list[str]:
    """The charts' SVGs, each drawn once for the same data. Charts not kept from an earlier build are drawn
    in child processes (one per core): matplotlib is never loaded into the build's own process, which
    holds every page of a large site at once."""
    keys = [memo.fingerprint("chart", *chart) if memo else "" for chart in wanted]
    svgs: dict[int, str] = {}
    for i, key in enumerate(keys):
        if memo is not None and (kept := memo.get(key)) is not None:
            svgs[i] = kept
    missing = [i for i in range(len(wanted)) if i not in svgs]
    if missing:
        from ..parallel import process_pool, workers

        with process_pool(min(len(missing), workers())) as pool:
            for i, svg in zip(missing, pool.map(_draw_chart, [wanted[i] for i in missing]), strict=True):
                svgs[i] = svg
                if memo is not None:
                    memo.put(keys[i], svg)
    return [svgs[i] for i in range(len(wanted))]


def _draw_chart(chart: Chart) -> str:
    """One chart's SVG (run in a child process: see draw)."""
    from ..outputs.charts import bar_chart, trend_chart

    kind, title, labels, values, unit, shown = chart
    return bar_chart(title, labels, values, unit, shown) if kind == "bar" else trend_chart(title, labels, values, unit)

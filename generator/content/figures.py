"""Checks of reported figures: what contradicts itself or another source is published as reported, with a note.

Real reports are messy: a part larger than its total (庆阳 2015: 调处成功 17356 > 调处 17128), sub-items that do not
add up to the stated total (黄石 2020: 1127 committees, items adding up to 1111), a stated rate that matches neither
computation, two sources that disagree for the same place and period, a stated change that the two periods' counts
do not give. For figures from a report (`reported: true`, the default) each of these is a warning naming file and
line (`--strict` fails) and a `Note` shown next to the figure, giving both numbers and the sources; the figure is
never changed. For figures staff type for their own unit (`reported: false`) a part larger than its total and
sub-items that do not add up are errors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..config import SiteConfig
from ..errors import Collector, Problem
from ..yamlsrc import loc_text
from .metrics import RATES, Counts, Metrics, StatedRates, fact_label, fact_text, label
from .records import Loaded

RATE_TOLERANCE = 0.1  # percentage points
AS_REPORTED = "数字按报道照录，不要改动；页面上会注明这一处，并同时给出两个数字。"


@dataclass(frozen=True)
class Note:
    """A figure published as reported although it contradicts its report or another source."""

    metric: str  # the metrics record's id
    keys: tuple[str, ...]  # the figures it concerns, named as in Metrics.reported_facts
    text: str  # shown next to the figures: both numbers and where they come from


class _Findings:
    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.notes: list[Note] = []
        self.checked: set[tuple[str, str]] = set()  # (file, field) of the warnings `checked:` answered

    def add(self, item: Loaded[Metrics], loc: tuple[str | int, ...], message: str, note: str, keys: tuple[str, ...],
            hint: str = AS_REPORTED, own_error: str | None = None) -> None:
        """A warning and a note for reported figures; with `own_error`, an error for the unit's own figures."""
        field = ".".join(map(str, loc))
        if own_error is not None and not item.record.reported:
            self.collector.add(Problem(item.path, item.line(*loc), field, message, own_error))
            return
        self.warn(item, loc, message, hint)
        self.notes.append(Note(item.record.id, keys, note))

    def warn(self, item: Loaded[Metrics], loc: tuple[str | int, ...], message: str, hint: str) -> None:
        """A warning, unless the file says it was checked (`checked:` names its field)."""
        field = ".".join(map(str, loc))
        if field in checked_fields(item.record):
            self.checked.add((item.path, field))
            return
        self.collector.add(Problem(item.path, item.line(*loc), field, message, hint, level="warning"))

    def stale(self, metrics: list[Loaded[Metrics]]) -> None:
        """A warning for every `checked:` entry that answered no warning: the figures changed, or it is misspelt."""
        for item in metrics:
            for i, field in enumerate(item.record.checked):
                if (item.path, checked_field(field)) not in self.checked:
                    self.collector.add(Problem(
                        item.path, item.line("checked", i), loc_text(("checked", i)),
                        f"“{field}”已标为核对过，但这个字段现在没有需要核对的不一致",
                        "数字改过之后不一致可能已经没有了，或者字段名写错了：请删掉这一项，或照警告里的字段名写。",
                        level="warning"))


def checked_field(field: str) -> str:
    """A field as `checked:` may name it, as warnings name it: claims[0] and claims.0 are the same."""
    return field.strip().replace("[", ".").replace("]", "")


def checked_fields(record: Metrics) -> set[str]:
    return {checked_field(f) for f in record.checked}


@dataclass
class Findings:
    """What the checks leave: notes for the pages and open data, and how many warnings `checked:` answered."""

    notes: list[Note]
    checked: int


def check_figures(metrics: list[Loaded[Metrics]], config: SiteConfig, collector: Collector) -> Findings:
    """Every check below, in a stable order."""
    found = _Findings(collector)
    kept = _one_per_source(metrics, found)
    for item in kept:
        _parts_within_wholes(item, found)
        _items_add_up(item, found)
    _changes_match_counts(kept, found)
    _claims_match_periods(kept, found)
    _rollups(kept, config, found)
    found.stale(metrics)
    return Findings(found.notes, len(found.checked))


def _name(item: Loaded[Metrics]) -> str:
    return f"{item.record.source}（{item.path}）"


def _one_per_source(metrics: list[Loaded[Metrics]], found: _Findings) -> list[Loaded[Metrics]]:
    """One file per region, period and scope — or one per source, when reports disagree: then every figure both
    give differently is noted on both."""
    seen: dict[tuple[str, str, str], list[Loaded[Metrics]]] = defaultdict(list)
    kept: list[Loaded[Metrics]] = []
    for item in metrics:
        m = item.record
        others = seen[(m.region, m.counted, m.scope)]
        twin = next((o for o in others if o.record.source == m.source or not (o.record.reported and m.reported)),
                    None)
        if twin is not None:
            found.collector.add(Problem(item.path, item.line("period"), "period",
                                        f"{m.region} 在 {m.period_label} 的数据已经写在 {twin.path} 里",
                                        "同一地区、同一统计期、同一出处只能有一个数据文件，请合并。"))
            continue
        for other in others:
            ours, theirs = m.reported_facts(), other.record.reported_facts()
            for key in [k for k in ours if k in theirs and ours[k] != theirs[k]]:
                loc = tuple(key.split(".")) if "." in key else (_group(key), key)
                text = (f"两个来源的{fact_label(key)}不同：{m.source}报道为{fact_text(key, ours[key], m.counts)}，"
                        f"{other.record.source}报道为{fact_text(key, theirs[key], other.record.counts)}。"
                        "口径可能不同，本站两个数字都列出，"
                        "不作取舍。")
                found.add(item, loc, f"{m.period_label}的{fact_label(key)}与 {other.path} 不一致："
                          f"{fact_text(key, ours[key])} 与 {fact_text(key, theirs[key])}", text, (key,),
                          hint="两个出处都照录，不要合并或取舍；页面上两个数字会并列显示，并注明各自的来源。")
                found.notes.append(Note(other.record.id, (key,), text))
        others.append(item)
        kept.append(item)
    return kept


def _group(key: str) -> str:
    return "counts" if key in Counts.model_fields else "stated_rates"


def _parts_within_wholes(item: Loaded[Metrics], found: _Findings) -> None:
    """A part within its whole, and a stated rate against the one its counts give (both ways round when the part
    is the larger: reports sometimes divide the wrong way)."""
    m = item.record
    for rate, part_key, whole_key in RATES:
        part, whole = getattr(m.counts, part_key), getattr(m.counts, whole_key)
        stated = getattr(m.stated_rates, rate)
        larger = part is not None and whole is not None and part > whole
        if larger:
            found.add(item, ("counts", part_key),
                      f"{label(Counts, part_key)} {part} 大于{label(Counts, whole_key)} {whole}",
                      f"报道的{label(Counts, part_key)}（{part:,}）大于{label(Counts, whole_key)}（{whole:,}），"
                      "部分比总数还多；本站按报道原样列出两个数字。", (part_key,),
                      own_error="部分不能超过总数，请核对原始数据。")
            if not m.reported:
                continue
        computed = m.rate(rate)
        if stated is None or computed is None or abs(round(computed[0], 6) - stated) <= RATE_TOLERANCE:
            continue
        value = computed[0]
        text = (f"报道的{label(StatedRates, rate)}为 {stated:g}%，按计数算出 {value:.1f}%（{part:,}÷{whole:,}）")
        message = (f"报道的{label(StatedRates, rate)} {stated:g}% 与按计数算出的 {value:.2f}%"
                   f"（{part}÷{whole}）相差 {abs(value - stated):.2f} 个百分点")
        if larger:
            reverse = whole * 100 / part
            if abs(reverse - stated) > RATE_TOLERANCE:
                text += f"，反过来算为 {reverse:.1f}%（{whole:,}÷{part:,}），两种算法都对不上"
                message += f"，反过来算 {reverse:.2f}% 也对不上"
        found.add(item, ("stated_rates", rate), message, text + "。", (rate,))


def _items_add_up(item: Loaded[Metrics], found: _Findings) -> None:
    m = item.record
    for key, items in m.parts.items():
        total = getattr(m.counts, key)
        if total is None or sum(items.values()) == total:
            continue
        added = sum(items.values())
        gap = abs(total - added)
        listed = " + ".join(f"{name} {n:,}" for name, n in items.items())
        found.add(item, ("parts", key),
                  f"{label(Counts, key)}的分项之和 {added} 与总数 {total} 不符（相差 {gap}）",
                  f"报道的{label(Counts, key)}为 {total:,}，分项之和为 {added:,}（{listed}），相差 {gap:,}。",
                  (key,), own_error="分项之和应等于总数，请核对每一项。")


def _changes_match_counts(metrics: list[Loaded[Metrics]], found: _Findings) -> None:
    """A stated change against the one the same series' previous year gives (same shape, scope and region)."""
    by_key = {(x.record.region, x.record.series, x.record.period.start.year): x for x in metrics
              if x.record.since is None}  # a running total (2017年以来) has no year before it to compare with
    for item in metrics:
        m = item.record
        if m.since is not None:
            continue
        before = by_key.get((m.region, m.series, m.period.start.year - 1))
        if before is None:
            continue
        for key in type(m.changes).model_fields:
            stated = getattr(m.changes, key)
            now, then = getattr(m.counts, key, None), getattr(before.record.counts, key, None)
            if stated is None or now is None or not then:
                continue
            computed = (now - then) * 100 / then
            if abs(computed - stated) <= RATE_TOLERANCE:
                continue
            shown = fact_text("changes." + key, stated)
            then_shown, now_shown = fact_text(key, then, before.record.counts), fact_text(key, now, m.counts)
            text = (f"报道说{label(Counts, key)}同比{shown}，按上一期报道的 {then_shown}（{before.record.source}）"
                    f"和本期的 {now_shown} 算为"
                    f"{fact_text('changes.' + key, round(computed, 1))}"
                    "；两期数字若经过取整（如“2.5万”），也会有这样的差别。")
            found.add(item, ("changes", key),
                      f"同比{shown} 与两期计数算出的 {computed:+.1f}% 不符（上一期见 {before.path}）", text,
                      ("changes." + key, key))


def _claims_match_periods(metrics: list[Loaded[Metrics]], found: _Findings) -> None:
    """A report's word on a trend (连续六年攀升) against its series' figures from the year it names."""
    for item in metrics:
        m = item.record
        for i, claim in enumerate(m.claims):
            points = sorted((x.record.period.start.year, v) for x in metrics
                            if x.record.region == m.region and x.record.series == m.series
                            and claim.since <= x.record.period.start.year <= m.period.start.year
                            and (v := x.record.value(claim.figure)) is not None)
            rising = claim.trend == "上升"
            broken = [(a, b) for a, b in zip(points, points[1:], strict=False) if (b[1] > a[1]) != rising]
            if not broken:
                continue
            (y0, v0), (y1, v1) = broken[0]
            unit = "%" if claim.figure in StatedRates.model_fields else ""
            way = "低于" if rising else "高于"
            text = (f"报道称{fact_label(claim.figure)}“{claim.words}”，但 {y1}年的 {v1:,g}{unit} "
                    f"{way} {y0}年的 {v0:,g}{unit}。")
            found.add(item, ("claims", i),
                      f"“{claim.words}”与各期数字不符：{y1}年 {v1:g}{unit} {way} {y0}年 {v0:g}{unit}", text,
                      (claim.figure,))


def _rollups(metrics: list[Loaded[Metrics]], config: SiteConfig, found: _Findings) -> None:
    """A region's count against the sum of its sub-regions' for the same period and scope (a warning)."""
    by_key: dict[tuple[str, str, str], Loaded[Metrics]] = {}
    for item in metrics:
        if (when := item.record.when) is not None:  # a total whose start is unknown is added up with none
            by_key.setdefault((item.record.region, when, item.record.scope), item)
    children: dict[str, list[str]] = defaultdict(list)
    for region_id, parent in config.region_parent.items():
        if parent is not None:
            children[parent].append(region_id)
    for (region_id, period, scope), item in sorted(by_key.items()):
        kids = [by_key[(c, period, scope)] for c in children[region_id] if (c, period, scope) in by_key]
        if not kids:
            continue
        for field in Counts.model_fields:
            own = getattr(item.record.counts, field)
            values = [(k, getattr(k.record.counts, field)) for k in kids]
            values = [(k, v) for k, v in values if v is not None]
            if own is None or not values:
                continue
            total = sum(v for _, v in values)
            if own < total:
                names = "、".join(f"{config.region_map[k.record.region].name} {v}（{k.path}）" for k, v in values)
                found.warn(item, ("counts", field), f"{config.region_map[region_id].name}的{label(Counts, field)} "
                           f"{own} 小于下级地区之和 {total}：{names}", "上级数据一般应包含下级，请核对统计口径。")

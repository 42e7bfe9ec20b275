"""Open data: every record as JSON under /api/, metrics as CSV and JSON under /data/."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import urls
from ..config import SiteConfig
from ..content.dataset import Dataset
from ..content.mediators import APPROX_FIELDS
from ..content.metrics import Changes, Counts, Metrics, StatedRates, label
from ..dates import month_iso

SCHEMA_VERSION = 1
# What anyone using the files needs to know before citing them: said in each JSON file and on the data page.
CITATION = ("数据照录各条所注的出处（source、source_url），本站没有改动出处的数字；引用时请注明原出处。"
            "部分出处声明不得转载，以原出处的声明为准。")


def _json(payload: dict[str, Any]) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _text(value: str | None) -> str | None:
    """An optional text as open data writes it: null when the record leaves it out (the README's promise)."""
    return value or None


def _region(config: SiteConfig, region_id: str | None) -> dict[str, str | None]:
    if region_id is None:
        return {"region": None, "region_name": None}
    return {"region": region_id, "region_name": config.region_map[region_id].name}


# What each field of the records' files holds, given in each file as metrics.json gives its columns' (field_notes):
# whoever downloads a file has no README beside it. A test keeps each list to the fields the items have.
CASE_FIELDS = {
    "id": "案例的标识（网址里用的英文）", "title": "标题", "category": "纠纷类别（婚姻家庭、邻里、合同等 15 类）",
    "region": "地区标识", "region_name": "地区名称", "place": "更具体的地点（村、社区），没有则为 null",
    "date": "调解的年月（YYYY-MM）；报道只写了年份的为 YYYY",
    "date_note": "日期的说明，例如“报道未写调解时间，按报道日期归档”",
    "mediator": "调解员或调解室的标识（见 mediators.json），没有则为 null", "organisation": "调解组织",
    "parties": "当事人（已匿名）", "outcome": "结果：成功、未成功、终止或报道未说明",
    "amounts": "涉及的金额，每项 item（名目）和 amount（照报道原样写的金额）", "summary": "摘要",
    "source": "出处", "source_url": "出处的网址，没有则为 null", "url": "本站上这个案例的网址",
}
MEDIATOR_FIELDS = {
    "id": "标识（网址里用的英文）", "name": "姓名或调解室、组织的名称",
    "kind": "person 调解员；room 调解室；centre 综治中心等承担纠纷化解的组织", "unit": "所在单位或调解组织",
    "region": "地区标识", "region_name": "地区名称", "title": "称号，没有则为 null", "since": "从事调解或成立的年份",
    "honors": "所获荣誉的标识列表（见 honors.json）", "cases_handled": "调解案件数", "cases_succeeded": "调解成功数",
    "approximate": "哪些数字是报道的约数及其写法（余、多、以上、左右），例如 {\"cases_handled\": \"余\"}",
    "units": "记录写明的计数单位（起、宗），没写的是 件", "success_rate_stated": "出处给出的成功率（百分数）",
    "cases_note": "数字的说明（照录报道原话）", "source": "出处", "source_url": "出处的网址，没有则为 null",
    "url": "本站上的介绍页网址",
}
HONOR_FIELDS = {
    "id": "荣誉的标识", "name": "荣誉名称", "level": "级别：国家级、省级、市级、县级", "awarding_body": "授予单位",
    "year": "授予年份，报道没写则为 null", "period": "评选周期，例如 2017—2020年度，没有则为 null",
    "reported": "授予时间不详时，报道的日期（YYYY-MM-DD），否则为 null",
    "recipient": "获得者：region（地区标识）、unit（单位名称）、mediator（调解员标识）三者之一，其余为 null",
    "source": "出处", "source_url": "出处的网址，没有则为 null", "note": "说明，没有则为 null",
}


def cases_json(config: SiteConfig, data: Dataset) -> bytes:
    base = config.site.base_url
    items = [{
        "id": c.id, "title": c.title, "category": c.category, **_region(config, c.region),
        "place": _text(c.place), "date": month_iso(c.date), "date_note": _text(c.date_note), "mediator": c.mediator,
        "organisation": c.organisation, "parties": c.parties,
        "outcome": c.outcome, "amounts": [a.model_dump() for a in c.amounts], "summary": c.summary,
        "source": c.source, "source_url": c.source_url or None, "url": base + urls.case(c.id),
    } for c in sorted((x.record for x in data.cases), key=lambda c: c.id)]
    return _json({"schema_version": SCHEMA_VERSION, "citation": CITATION, "kind": "cases", "field_notes": CASE_FIELDS,
                  "items": items})


def mediators_json(config: SiteConfig, data: Dataset) -> bytes:
    base = config.site.base_url
    items = [{
        "id": m.id, "name": m.name, "kind": m.kind, "unit": m.unit, **_region(config, m.region),
        "title": _text(m.title),
        "since": m.since, "honors": m.honors, "cases_handled": m.cases_handled, "cases_succeeded": m.cases_succeeded,
        "approximate": {("success_rate_stated" if k == "success_rate" else k): q
                        for k in APPROX_FIELDS if (q := m.approx(k))},
        "units": m.count_units(),
        "success_rate_stated": m.success_rate, "cases_note": _text(m.cases_note), "source": m.source,
        "source_url": m.source_url or None,
        "url": base + urls.mediator(m.id),
    } for m in sorted((x.record for x in data.mediators), key=lambda m: m.id)]
    return _json({"schema_version": SCHEMA_VERSION, "citation": CITATION, "kind": "mediators",
                  "field_notes": MEDIATOR_FIELDS, "items": items})


def honors_json(config: SiteConfig, data: Dataset) -> bytes:
    items = [{
        "id": h.id, "name": h.name, "level": h.level, "awarding_body": h.awarding_body, "year": h.year,
        "period": h.period, "reported": h.reported.isoformat() if h.reported else None,
        "recipient": h.recipient.model_dump(), "source": h.source, "source_url": h.source_url or None,
        "note": _text(h.note),
    } for h in sorted((x.record for x in data.honors), key=lambda h: h.id)]
    return _json({"schema_version": SCHEMA_VERSION, "citation": CITATION, "kind": "honors", "field_notes": HONOR_FIELDS,
                  "items": items})


def _metric_rows(config: SiteConfig, data: Dataset) -> list[dict[str, Any]]:
    """One row per figure: counts, rates (computed and as reported) and stated changes; `note` carries the check
    notes on that figure (figures that contradict their report or another source are published as reported)."""
    notes: dict[tuple[str, str], list[str]] = {}
    for n in data.notes:
        for key in n.keys:
            notes.setdefault((n.metric, key), []).append(n.text)
    rows: list[dict[str, Any]] = []
    for item in sorted(data.metrics, key=lambda x: (x.record.region, x.record.period.start, x.record.id)):
        m = item.record
        common = {"record": m.id, **_region(config, m.region), "period": m.period.text,
                  "since": None if m.since is None else str(m.since),  # a year or 不详: one type in the JSON
                  "period_label": m.period_label, "period_note": _text(m.period_note), "scope": _text(m.scope),
                  "reported": m.reported, "source": m.source}
        tail = {"source_url": m.source_url or None,  # a cumulative figure's span is not known to the day
                "period_start": None if m.since is not None else m.period.start.isoformat(),
                "period_end": None if m.since is not None else m.period.end.isoformat()}
        for key, name, kind, value in _figures(m):
            rows.append({**common, "indicator": key.removeprefix("changes."), "indicator_name": name, "kind": kind,
                         # 12.5万 as the source wrote it: value 125000 is that figure, not a count to the unit
                         "value": _number(value), "value_written": m.counts.written(key) if kind == "count" else None,
                         "note": _text(" ".join(notes.get((m.id, key), []))),
                         "record_note": _text(m.note), **tail,
                         "url": config.site.base_url + urls.figure(m.id, key)})
    return rows


def _number(value: float) -> float | int:
    """A whole figure as a whole number (a report's 98%: 98, not 98.0, which claims a precision it did not give)."""
    return int(value) if float(value).is_integer() else value


def _figures(m: Metrics) -> list[tuple[str, str, str, float]]:
    """(key, name, kind, value) for every figure of a record, counts first; a rate computed from counts whose part
    is larger than its whole (101.3%) is none, as on the pages (Metrics.value)."""
    out: list[tuple[str, str, str, float]] = []
    out += [(k, label(Counts, k), "count", v) for k in Counts.model_fields if (v := getattr(m.counts, k)) is not None]
    for rate in StatedRates.model_fields:
        computed = m.counted_rate(rate)  # none where a part is larger than its whole
        if computed is not None:
            out.append((rate, label(StatedRates, rate), "rate_computed", round(computed[0], 2)))
        stated = getattr(m.stated_rates, rate)
        if stated is not None:
            out.append((rate, label(StatedRates, rate), "rate_stated", stated))
    out += [(f"changes.{k}", label(Changes, k), "change_stated", v) for k in Changes.model_fields
            if (v := getattr(m.changes, k)) is not None]
    return out


# Each column of metrics.csv (and field of metrics.json) with what it holds: said on the data page beside the
# download links and in metrics.json, for the journalists and analysts who get the file without this README. An
# empty cell of the CSV is null in the JSON.
CSV_COLUMNS = [
    ("record", "数据记录的标识：同一地区同一统计期有两个来源时据此区分"),
    ("region", "地区标识（网址里用的英文）"),
    ("region_name", "地区名称"),
    ("period", "统计期，例如 2024、2024-01~05（1—5月）；since 不为空时是报道所在的年份或月份，不是统计的时段"
               "（Excel 打开 CSV 时可能把 2024-09 这样的月份显示成日期，以 period_label 为准）"),
    ("since", "累计数的起点年份（“2017年以来”写 2017），报道没写从何时算起的写“不详”；不是累计数则为空"),
    ("period_label", "统计期的中文写法"),
    ("period_note", "统计期的说明（例如“截至11月底”），没有则为空（JSON 里为 null，下同）"),
    ("scope", "统计口径，没有则为空"),
    ("reported", "是否出自报道：True（JSON 里为 true）出自报道，False（false）本单位填报"),
    ("indicator", "指标标识"),
    ("indicator_name", "指标名称"),
    ("kind", "count 计数；rate_computed 由计数算出的比率；rate_stated 报道或填报的比率；change_stated 报道的同比"),
    ("value", "数值；比率和同比是百分数（99.1 即 99.1%）"),
    ("value_written", "出处写成“12.5万”这样的约数时照原样给出（value 是换算的 125000，并不精确到个位），否则为空"),
    ("source", "出处"),
    ("note", "核对提示：与报道的其他数字或另一来源对不上时写明两个数字和来源，否则为空"),
    ("record_note", "这条数据记录自己的说明（页面上写在数字旁边的那段话），没有则为空"),
    ("source_url", "出处的网址，记录没有写明则为空"),
    ("period_start", "统计期的第一天（例如 2024-01-01），累计数（since 不为空）为空"),
    ("period_end", "统计期的最后一天（例如 2024-05-31），累计数为空；按统计期排序、筛选时用这两列"),
    ("url", "本站数据页上这个数字所在的那一行，引用时可以链接到这里"),
]
CSV_FIELDS = [name for name, _ in CSV_COLUMNS]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full-width ones too: WPS reads them
LEADING_SPACE = " \u00a0\u3000"  # what a spreadsheet may drop before reading a formula


def _cell(value: Any) -> Any:
    """A text cell that Excel or WPS would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, after spaces or in
    full-width signs) gets a leading `'`, as OWASP advises for CSV files: a spreadsheet then shows the text. Numbers
    are left as they are."""
    if isinstance(value, str) and value.lstrip(LEADING_SPACE).startswith(FORMULA_START):
        return "'" + value
    return value


def metrics_csv(config: SiteConfig, data: Dataset) -> bytes:
    """Long-format CSV; UTF-8 with a BOM so that Excel on Chinese Windows opens it correctly."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in _metric_rows(config, data):
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def metrics_json(config: SiteConfig, data: Dataset) -> bytes:
    return _json({"schema_version": SCHEMA_VERSION, "citation": CITATION, "kind": "metrics", "fields": CSV_FIELDS,
                  "field_notes": dict(CSV_COLUMNS), "items": _metric_rows(config, data)})


def open_data(config: SiteConfig, data: Dataset) -> dict[str, bytes]:
    """Every open-data file, keyed by its path in the site."""
    return {
        "api/cases.json": cases_json(config, data),
        "api/mediators.json": mediators_json(config, data),
        "api/honors.json": honors_json(config, data),
        "data/metrics.csv": metrics_csv(config, data),
        "data/metrics.json": metrics_json(config, data),
    }


"""Static SVG charts (matplotlib): text stays text, so Chinese renders with the reader's own fonts."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import warnings
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import matplotlib
from lxml import etree
from matplotlib.figure import Figure

# Layout is measured with DejaVu Sans, which ships inside matplotlib, so the same input gives the same SVG on
# every machine whatever fonts it has; the written font-family is then swapped for a Chinese font stack and
# margins are sized for full-width characters, since DejaVu has no Chinese glyphs to measure.
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "pingan",
    "text.parse_math": False,  # a `$` in a region name, scope or source is text, not TeX (an unclosed one would fail)
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_FONT_STACK = ("'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', "
               "'WenQuanYi Micro Hei', sans-serif")
_COLOUR = "#a8151b"
WIDTH_IN = 4.8  # 346 px: drawn at phone width, scaled up (never down) on larger screens
DPI = 72  # SVG user units are points; 72 per inch keeps the arithmetic below in pixels
# Text sizes, in pixels at the drawn width: a 375 px phone shows the chart at about that width, so no text in it
# is under 13 px there (older readers); the title is the figure's caption's size.
TEXT = 13
TITLE = 14


def count_tick(value: float, top: float) -> str:
    """A count's tick on a chart whose largest figure is `top`: in whole numbers with thousands separators (6,000,
    never 2.5 for a count of homicides); when a figure reaches ten thousand, in 万 (80万, 2.4万), as the points'
    labels and the reports write such figures (an axis of 800,000 beside a point of 81.27万 read as two kinds of
    number). Decided by the figures, not by the axis, which runs past them (8,400 would tick 1万)."""
    if abs(top) < 10_000 or not value:
        return f"{value:,.0f}"
    return f"{value / 10_000:,.2f}".rstrip("0").rstrip(".") + "万"


def _axis_numbers(axis: Any, unit: str, top: float) -> None:
    """Ticks as the figures are written (count_tick, `top` the largest figure), rates as they are (97.5)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if unit != "%":
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axis.set_major_formatter(FuncFormatter(lambda value, _pos: count_tick(value, top)))
    else:
        axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}%"))


def _runs(points: list[tuple[int, float]], years: list[int | None]) -> list[list[tuple[int, float]]]:
    """`points` in runs of periods a year or less apart: a line joins the points of a run, never two figures
    years apart (a straight line from 2015 to 2022 shows a steady trend no one reported)."""
    runs: list[list[tuple[int, float]]] = []
    for point in points:
        last = runs[-1][-1] if runs else None
        apart = last is not None and (years[point[0]] is None or years[last[0]] is None
                                      or years[point[0]] - years[last[0]] > 1)  # type: ignore[operator]
        if last is None or apart:
            runs.append([point])
        else:
            runs[-1].append(point)
    return runs


@contextlib.contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(_RC), warnings.catch_warnings():  # type: ignore[arg-type]
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield


_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_URL_REF = re.compile(r"url\(#([^)]+)\)")  # within one attribute's value (clip-path, style), not the document


def _prefix(*data: Any) -> str:
    """An id prefix of the chart's own: its data's digest, so the same data gives the same ids on every build."""
    return "c" + hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:10] + "-"


def _own_ids(root: etree._Element, prefix: str) -> None:
    """Every id in the chart gets `prefix`, and so does every reference to it (`url(#…)`, `href="#…"`):
    matplotlib numbers ids from 1 in each figure (`text_1`, `patch_3`…) and derives marker and clip-path ids from
    their shapes, so charts sharing a page would share ids."""
    ids = {el.get("id") for el in root.iter() if el.get("id")}

    def own(ref: str) -> str:
        return prefix + ref if ref in ids else ref

    for el in root.iter():
        for name, value in el.attrib.items():
            if name == "id":
                el.set(name, prefix + value)
            elif name in (_XLINK_HREF, "href") and value.startswith("#"):
                el.set(name, "#" + own(value[1:]))
            elif "url(#" in value:
                el.set(name, _URL_REF.sub(lambda m: f"url(#{own(m.group(1))})", value))


def _svg(fig: Figure, title: str, data: tuple[Any, ...]) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Title": title})
    # no DTD, entities or network: the file is matplotlib's, but parsed as any other input would be
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, remove_comments=True)
    root = etree.fromstring(buf.getvalue(), parser)
    for metadata in root.findall(f"{_SVG}metadata"):  # RDF/Dublin Core: not valid inside HTML; <title> stays
        root.remove(metadata)
    _own_ids(root, _prefix(*data))
    svg = etree.tostring(root, encoding="unicode")  # no XML declaration or DOCTYPE: the SVG is inlined in HTML
    svg = svg.replace("font-family: 'DejaVu Sans', sans-serif", f"font-family: {_FONT_STACK}")
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


def _text_width(text: str, size: float) -> float:
    """Rendered width in pixels: full-width characters take 1 em, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _tenths(value: float) -> str:
    """A rate to one decimal place, half up as a reader rounds (97.55 is 97.6; as a float it is just below)."""
    return f"{Decimal(repr(value)).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"


def _wrapped(text: str, width: float, size: float) -> str:
    """`text` in lines of at most `width` pixels (measured as _text_width does), broken after a comma or a
    顿号 where one is near the end of a line, else where the line is full."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and _text_width(line + ch, size) > width:
            cut = max(line.rfind("，"), line.rfind("、"), line.rfind("；"))
            if cut >= len(line) * 2 // 3:  # a comma late in the line: break after it
                lines.append(line[:cut + 1])
                line = line[cut + 1:]
            else:
                lines.append(line)
                line = ""
        line += ch
    return "\n".join([*lines, line])


def bar_chart(title: str, labels: list[str], values: list[float], unit: str,
              shown: list[str | None] | None = None) -> str:
    """A horizontal bar chart: one bar per label, value written at the end of each bar (as `shown` writes it, where
    it does: 12.5万 as the report wrote it)."""
    with _style():
        height = 0.9 + 0.45 * len(labels)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        ax = fig.subplots()
        rows = list(range(len(labels)))[::-1]
        ax.barh(rows, values, color=_COLOUR, height=0.6)
        ax.set_yticks(rows, labels)
        ax.set_xlim(0, max(values) * 1.25 if values and max(values) > 0 else 1)
        if unit == "%":  # room for the value's label, but no scale beyond 100%
            ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= 100])
        for y, value, written in zip(rows, values, shown or [None] * len(values), strict=True):
            ax.text(value, y, f" {written or f'{value:,g}'}{unit}", va="center", ha="left", fontsize=TEXT)
        ax.set_title(title, loc="left", fontsize=TITLE)
        ax.tick_params(axis="both", labelsize=TEXT)
        _axis_numbers(ax.xaxis, unit, max(values, default=0))
        left = (max((_text_width(label, TEXT) for label in labels), default=0) + 16) / (WIDTH_IN * DPI)
        fig.subplots_adjust(left=min(left, 0.6), right=0.97, top=1 - 0.45 / height, bottom=0.35 / height)
        return _svg(fig, title, ("bar", title, labels, values, unit, shown))


def line_chart(title: str, periods: list[str], values: list[float], unit: str) -> str:
    """One indicator of one region over time, as one line."""
    return trend_chart(title, periods, [("", list(values))], unit)


_SERIES_STYLES = ((_COLOUR, "o", "-"), ("#1d5a96", "s", "--"), ("#4d4d4d", "^", ":"), ("#7a4f01", "D", "-."))


def trend_chart(title: str, periods: list[str], series: list[Any], unit: str) -> str:
    """One indicator of one region over time: one line per series (name, values, and optionally how each value is
    written: 2.5万 as the report wrote it), never joined across series; a series' missing periods are gaps. Each
    series is a group with id `series-<n>`; with more than one, a legend names them."""
    with _style():
        # a legend's names in lines that fit the drawn width beside their marker (a long scope ran off both sides)
        names = [_wrapped(s[0], WIDTH_IN * DPI - 48, TEXT) if s[0] else "" for s in series]
        lines = sum(name.count("\n") + 1 for name in names)
        height = 3.0 + (0.3 * lines if len(series) > 1 else 0)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        ax = fig.subplots()
        xs = list(range(len(periods)))
        years = [int(m[0]) if (m := re.match(r"\d{4}", p)) else None for p in periods]
        top = 0.0
        for n, (_, values, *rest) in enumerate(series):
            colour, marker, style = _SERIES_STYLES[n % len(_SERIES_STYLES)]
            written = dict(zip(xs, rest[0], strict=True)) if rest else {}
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            for k, run in enumerate(_runs(points, years)):
                (line,) = ax.plot([x for x, _ in run], [v for _, v in run], color=colour, marker=marker,
                                  linestyle=style if len(run) > 1 else "none",  # a lone point: no empty path
                                  label=(names[n] or None) if k == 0 else None)
                line.set_gid(f"series-{n + 1}" if k == 0 else f"series-{n + 1}-part-{k + 1}")
            crowded = len(periods) > 4  # labels of adjacent points would touch at phone width: fewer digits
            for x, value in points:
                shown = written.get(x) or (_tenths(value) if crowded and unit == "%" else f"{value:,g}")
                ax.annotate(f"{shown}{unit}", (x, value), textcoords="offset points", xytext=(0, 6), ha="center",
                            fontsize=TEXT, color=colour)
                top = max(top, value)
        ax.set_xticks(xs, periods)
        ax.set_xlim(-0.5, len(periods) - 0.5)
        ax.set_ylim(0, top * 1.2 if top > 0 else 1)
        _axis_numbers(ax.yaxis, unit, top)
        if unit == "%":
            ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= 100])
        ax.tick_params(axis="both", labelsize=TEXT)
        ax.set_title(title, loc="left", fontsize=TITLE)
        bottom = 0.15 * 3.0 / height
        if len(series) > 1:  # below the chart, from the figure's left edge
            fig.legend(loc="lower left", bbox_to_anchor=(0.0, 0.0), ncol=1, fontsize=TEXT, frameon=False,
                       borderaxespad=0.2)
            bottom = (0.55 + 0.3 * lines) / height
        widest = max((_text_width(count_tick(t, top) if unit != "%" else f"{t:g}%", TEXT) for t in ax.get_yticks()),
                     default=0)
        fig.subplots_adjust(left=min((widest + 14) / (WIDTH_IN * DPI), 0.3), right=0.97, top=1 - 0.45 / height,
                            bottom=bottom)
        return _svg(fig, title, ("trend", title, periods, series, unit))

"""What an SVG shows as text, and where: its texts, attribute values and comments, and the texts placed by numbers
read in the order a reader sees them (a number cut into pieces, written in any order or moved by transforms)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# SVG attributes that hold only geometry and numbers (path data, coordinates, sizes): not scanned, since a
# path's numbers run on for thousands of digits.
_SVG_GEOMETRY = frozenset(
    "d points viewBox transform x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy width height rotate offset "
    "stroke-dasharray stroke-dashoffset stroke-width stroke-miterlimit font-size letter-spacing word-spacing "
    "values keyTimes keySplines keyPoints path gradientTransform patternTransform kernelMatrix tableValues "
    "k1 k2 k3 k4 stdDeviation baseFrequency numOctaves seed scale order bias divisor radius surfaceScale "
    "specularConstant specularExponent diffuseConstant azimuth elevation pointsAtX pointsAtY pointsAtZ "
    "limitingConeAngle amplitude exponent intercept slope refX refY markerWidth markerHeight textLength "
    "startOffset opacity fill-opacity stroke-opacity stop-opacity version".split())
# Elements whose text is read as one (a <text> and its <tspan>s).
_SVG_TEXT = frozenset({"text", "title", "desc", "metadata", "foreignObject", "style", "script"})
_ENTITY_DECL = re.compile(r"<!ENTITY\s[^>]*>")
# Text drawn right to left whatever its characters (direction="rtl" with unicode-bidi="bidi-override", as
# attributes or in a style): its digits show reversed.
_RTL = re.compile(r"(?s)(?=.*direction[\s:\"']*rtl)(?=.*bidi-override)")


Place = tuple[float, float, float]  # where a <text> is drawn: x, y and its font size


def svg_texts(text: str) -> Iterator[tuple[int | None, str, str, Place | None]]:
    """(line, field, text, where it is drawn if it is a <text> placed by numbers) for every text node, attribute
    value, comment and entity declaration of an SVG."""
    from lxml import etree

    for m in _ENTITY_DECL.finditer(text):
        yield text.count("\n", 0, m.start()) + 1, "SVG 实体声明", m[0], None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:  # not XML at all: scanned as text, tags taken out
        yield 1, "SVG 文字", text, None
        return
    placed: list[tuple[float, float, int | None, str]] = []  # (y, x, line, text) of each text drawn at a place
    for node in root.getroottree().iter():
        line = node.sourceline
        if not isinstance(node.tag, str):  # comments and processing instructions
            if node.text and not isinstance(node, etree._Entity):
                yield line, "SVG 注释", node.text, None
            continue
        name = etree.QName(node).localname
        for attribute, value in node.attrib.items():
            local = etree.QName(attribute).localname
            if local not in _SVG_GEOMETRY and value.strip():
                yield line, f"SVG 属性 {local}", value, None
        inside = any(etree.QName(a).localname in _SVG_TEXT for a in node.iterancestors() if isinstance(a.tag, str))
        if inside:
            continue
        if name in _SVG_TEXT:
            words = "".join(t for t in node.itertext() if isinstance(t, str))
            if words.strip():
                at = _position(node)
                yield line, "SVG 文字", words, at
                if (moved := _by_glyph_x(node, words)) is not None:  # x="20 0 40 …": each character placed
                    yield line, "SVG 文字（按显示位置）", moved, None
                if at is not None:
                    placed.append((at[1], at[0], line, words))
                drawn_by = [node, *(a for a in node.iterancestors() if isinstance(a.tag, str))]  # <g direction=rtl>
                if _RTL.match(" ".join(f"{k}:{v}" for el in drawn_by for k, v in el.attrib.items())):
                    yield line, "SVG 文字（从右向左显示）", words[::-1], None
            continue
        if node.text and node.text.strip():
            yield line, "SVG 文字", node.text, None
        if node.tail and node.tail.strip():
            yield line, "SVG 文字", node.tail, None
    for line, field, words in _rows_drawn(placed):
        yield line, field, words, None


_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")


_FONT_SIZE = re.compile(r"font-size\s*:\s*([0-9.]+)")


def _position(node: Any) -> Place | None:
    """Where a <text> is drawn: its x and y, or its first <tspan>'s (None when not given as plain numbers), and its
    font size (its own or an ancestor's, as an attribute or in a style; 16 when none is given)."""
    for el in (node, *node.iterdescendants()):
        if not isinstance(el.tag, str):
            continue
        x, y = _NUMBER.match(el.get("x", "")), _NUMBER.match(el.get("y", ""))
        if x and y:
            dx, dy = _translated(el)
            size = 16.0
            for holder in (node, *node.iterancestors()):
                if not isinstance(holder.tag, str):
                    continue
                given = _NUMBER.match(holder.get("font-size", "")) or _FONT_SIZE.search(holder.get("style", ""))
                if given:
                    size = float(given[1]) or 16.0
                    break
            return float(x[1]) + dx, float(y[1]) + dy, size
    return None


_TRANSLATE = re.compile(r"translate\(\s*(-?[0-9.]+)(?:[\s,]+(-?[0-9.]+))?\s*\)|matrix\((?:\s*-?[0-9.]+[\s,]+){4}"
                        r"(-?[0-9.]+)[\s,]+(-?[0-9.]+)\s*\)")


def _translated(el: Any) -> tuple[float, float]:
    """How far `el` is moved by the translate() and matrix() transforms of it and its ancestors (their other
    parts, a scale or a rotation, are left out: pieces of a number are moved apart, not turned)."""
    dx = dy = 0.0
    for holder in (el, *el.iterancestors()):
        if isinstance(holder.tag, str):
            for m in _TRANSLATE.finditer(holder.get("transform", "")):
                try:
                    dx += float(m[1] or m[3])
                    dy += float(m[2] or m[4] or 0)
                except ValueError:
                    continue
    return dx, dy


_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def _by_glyph_x(node: Any, words: str) -> str | None:
    """A <text>'s characters in the order they are drawn when its x gives one position per character and they are
    not increasing (x="20 0 40": the second is drawn first); None otherwise. Characters past the list follow the
    last one, as SVG draws them."""
    xs = [float(v) for v in _NUMBERS.findall(node.get("x", ""))]
    chars = words.strip()
    if len(xs) < 2 or xs == sorted(xs):
        return None
    placed = xs[:len(chars)] + [xs[-1] + 0.001 * (k + 1) for k in range(len(chars) - len(xs))]
    return "".join(ch for _, ch in sorted(zip(placed, chars, strict=True), key=lambda pair: pair[0]))


def next_to(a: Place | None, words: str, b: Place | None, gap: float = 1.2) -> bool:
    """Whether a text drawn at `b` reads on from `words` drawn at `a`: on its line and at most `gap` font sizes after
    its end (a chart's labels stand further apart). Without places (an editor's <text>s, one a line), as the file
    has them."""
    if a is None or b is None:
        return True
    (x1, y1, size), (x2, y2, _) = a, b
    width = sum(0.6 if ch.isascii() else 1.0 for ch in words) * size
    return abs(y2 - y1) <= size * 0.5 and x1 <= x2 <= x1 + width + size * gap


# Texts further apart still read as one number when they are its usual groups (159 0731 4826 spaced wide, an ID's
# 6-8-4, a card's fours); a chart's labels side by side seldom come in these lengths.
GROUPS = frozenset({(3, 4, 4), (3, 8), (6, 8, 4), (6, 8, 3), (4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 4, 4, 4, 2)})
WIDE_GAP = 3.0


def _rows_drawn(placed: list[tuple[float, float, int | None, str]]) -> Iterator[tuple[int | None, str, str]]:
    """Texts of one character each drawn side by side on one line of the picture, left to right, as one text: a
    number cut into one <text> per digit, in any order in the file, reads as a number on the screen."""
    rows: list[list[tuple[float, float, int | None, str]]] = []
    for item in sorted(placed):
        if rows and item[0] - rows[-1][0][0] <= 3:  # within 3 units of the row's first: the same line
            rows[-1].append(item)
        else:
            rows.append([item])
    for row in rows:
        row.sort(key=lambda item: item[1])
        run: list[tuple[float, float, int | None, str]] = []
        for item in [*row, (0.0, 0.0, None, "")]:  # a run of texts of one character each (1, 3, 8, …); a longer
            if len(item[3].strip()) == 1:  # text (a chart's label 200, 2021) ends it: labels side by side are no
                run.append(item)  # number, and joining them made phone numbers of axis ticks
                continue
            if len(run) > 1:
                yield min(r[2] or 0 for r in run) or None, "SVG 文字", "".join(r[3].strip() for r in run)
            run = []

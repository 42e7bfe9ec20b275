"""One published file scanned: a text file by line and field (YAML comments skipped), an SVG's text, attributes
and comments, an image's free-text metadata."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..content.frontmatter import front_end
from ..errors import Level, Problem
from .detect import Finding, _locate, scan
from .names import party_names
from .normalise import normalise

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its tokens' positions are used

_TOP_KEY = re.compile(r"^(?![-\s#])([^:#\n]+?)[ \t]*:(?:[ \t]|$)")  # any key, even one that is a number
_SUB_KEY = re.compile(r"^\s+(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_IMAGE_ALT = re.compile(r"!\[([^\]\n]*)\]")


def _fields(lines: list[str], markdown: bool) -> Iterator[tuple[int, str]]:
    """(line number, field) for each line: YAML key paths, then 正文 for a Markdown body."""
    in_front = markdown and bool(lines) and lines[0].strip() == "---"
    yaml_part = not markdown or in_front
    top = ""
    for n, line in enumerate(lines, start=1):
        if markdown and in_front and n > 1 and yaml_part and line.strip() in ("---", "..."):
            yaml_part = False
            yield n, top
            continue
        if not yaml_part:
            yield n, "正文"
            continue
        if m := _TOP_KEY.match(line):
            top = m[1]
            yield n, top
        elif (m := _SUB_KEY.match(line)) and top:
            yield n, f"{top}.{m[1]}"
        else:
            yield n, top


def _without_comments(text: str, markdown: bool) -> str:
    """`text` with its YAML comments (in a Markdown file: the front matter's) blanked out, same length: they
    never reach the output. A comment is what YAML itself reads as one (a # after a space or tab, outside every
    value): a # after a full-width space, inside quotes or in a block of text is published, and so scanned.
    YAML that cannot be read keeps everything (the build refuses it anyway)."""
    start, end = 0, len(text)
    if markdown:
        if not text.startswith("---"):
            return text
        lines = text.split("\n")
        closing = front_end(lines)  # the build's own rule (a line that is --- or ... once stripped)
        start = len(lines[0]) + 1
        end = len(text) if closing is None else sum(len(line) + 1 for line in lines[:closing])
    part = text[start:end]
    if "#" not in part:
        return text
    try:
        tokens = list(yaml.scan(part, Loader=_Loader))
    except yaml.YAMLError:
        return text
    if any(isinstance(t, (yaml.DocumentStartToken, yaml.DocumentEndToken)) for t in tokens):
        return text  # not the one document the build reads: keep everything
    values = [(t.start_mark.index, t.end_mark.index) for t in tokens]
    starts = [a for a, _ in values]
    out = list(text)
    at = 0
    while (hash_at := part.find("#", at)) >= 0:
        k = bisect.bisect_right(starts, hash_at) - 1
        if k >= 0 and hash_at < values[k][1]:  # inside a value (a later token never starts inside an earlier one)
            at = values[k][1]
            continue
        line_end = part.find("\n", hash_at)
        line_end = len(part) if line_end < 0 else line_end
        out[start + hash_at:start + line_end] = " " * (line_end - hash_at)
        at = line_end
    return "".join(out)


# The line `pingan import` writes into a story's front matter: a hash of the imported file, which may hold a run of
# digits shaped like a phone number (a9d14816661237b8). Only that exact shape is passed over.
_FINGERPRINT = re.compile(r"^(imported:[ \t]*)(['\"]?[0-9a-f]{16}['\"]?)(?=[ \t]*(?:#|$))", re.M)



def _without_fingerprint(text: str) -> str:
    """`text` with the value of its front matter's `imported:` line blanked (same length), when it is a fingerprint."""
    lines = text.split("\n")
    closing = front_end(lines) if text.startswith("---") else None
    if closing is None:
        return text
    head = sum(len(line) + 1 for line in lines[:closing])
    return _FINGERPRINT.sub(lambda m: m[1] + " " * len(m[2]), text[:head], count=1) + text[head:]


ADDRESS_WARNING_HINT = ("写到门牌、楼号、单元、室号的，多半是当事人的住址：请删除，只写到乡镇、村或社区。"
                        "如果是单位对外公开的地址（如县综治中心的办公室），可以不管这条提醒。")


def scan_file(path: Path, shown: str, text: str, allow: frozenset[str], addresses: bool | str) -> list[Problem]:
    """Problems for one text file, with line and field: the whole text normalised once, then scanned. Home
    addresses are looked for when `addresses` is True or "error", and reported as warnings when it is "warning"."""
    warn_addresses = addresses == "warning"
    addresses = bool(addresses)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return scan_svg(shown, text, allow)
    markdown = suffix in (".md", ".markdown")
    # comments never reach the output, except in content/root/, whose files are published as they are
    read_as_content = (markdown or suffix in (".yml", ".yaml")) and not shown.startswith("content/root/")
    source = _without_comments(text, markdown) if read_as_content else text
    if markdown and "imported:" in source:  # the importer's fingerprint (never published) is not a phone number
        source = _without_fingerprint(source)
    norm = normalise(source)
    spans = _locate(norm, allow, addresses, source)
    if warn_addresses:  # a case retold: every address a warning, also those past SHOWN_PER_FILE (counted at the
        # end); no landline (a unit's public number far more often than a person's: looked for in case records
        # only); a party's full name after the word naming the party (村民王建国), a warning
        spans = [(a, b, replace(f, level="warning", hint=ADDRESS_WARNING_HINT) if f.kind == "详细地址" else f)
                 for a, b, f in spans if f.kind != "座机号码"]
        spans = sorted(spans + [(norm.start(n.start), norm.end(n.start + len(n.name)),
                                 Finding("当事人姓名", n.name, "warning")) for n in party_names(norm.text)],
                       key=lambda t: t[0])
    yaml_text = suffix in (".yml", ".yaml")
    rows = _table_rows(text, allow, addresses) if (markdown or yaml_text) and "|" in text else []
    if not spans and not rows:
        return []
    fields = [field for _, field in _fields(text.split("\n"), markdown)]
    # a table in a story's body, or in a record's Markdown field (body: |); its line is never 0 (_table_rows)
    rows = [replace(problem, path=shown, field=f"{field}（表格）") for problem in rows
            if (field := fields[problem.line - 1]) == "正文" or (yaml_text and field)]  # type: ignore[operator]
    newlines = [m.start() for m in re.finditer("\n", text)]
    alts = [m.span(1) for m in _IMAGE_ALT.finditer(text)] if markdown else []
    alt_starts = [a for a, _ in alts]
    problems: list[Problem] = []
    for start, _, finding in spans[:SHOWN_PER_FILE]:
        n = bisect.bisect_left(newlines, start) + 1
        field = fields[n - 1] if markdown or suffix in (".yml", ".yaml") else ""
        k = bisect.bisect_right(alt_starts, start) - 1
        if field == "正文" and k >= 0 and start < alts[k][1]:
            field = "图片说明（alt）"
        problems.append(Problem(shown, n, field, finding.message(), finding.advice, finding.level))
    problems = sorted(problems + rows, key=lambda p: p.line or 0)  # stable: a row's warning after its errors
    return _rest(problems, shown, [f for _, _, f in spans[SHOWN_PER_FILE:]])


_TABLE_ROW = re.compile(r"^ {0,3}\|?(?:[^|\n]*(?<!\\)\|){2,}[^|\n]*$")
TABLE_HINT = ("表格同一行里相邻几格的数字在页面上并排显示，连起来像个人信息。如果是个人信息，请删除；"
              "如果是统计数字，可以不管这条提醒。")


def _table_rows(text: str, allow: frozenset[str], addresses: bool) -> list[Problem]:
    """Warnings for numbers that only the cells of a Markdown table row make: the page shows the cells side by
    side (138 | 1234 | 5678). Findings the row's line has on its own are reported by the file's scan. The path
    is filled in, and rows outside the body dropped, by the caller."""
    out: list[Problem] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if "|" not in line or not _TABLE_ROW.match(line):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
        own = {f.value for f in scan(line, allow, addresses)}
        for finding in scan(" ".join(cell.strip() for cell in cells), allow, addresses):
            if finding.value not in own:
                out.append(Problem("", n, "正文（表格）", finding.message() + "（表格同一行相邻几格连起来）",
                                   TABLE_HINT, "warning"))
    return out


SHOWN_PER_FILE = 20  # findings listed one by one per file; the rest are counted in one more problem


def _rest(problems: list[Problem], shown: str, rest: list[Finding]) -> list[Problem]:
    """`problems`, and one more that counts the findings beyond SHOWN_PER_FILE (a pasted contact list)."""
    if rest:
        level: Level = "error" if any(f.level == "error" for f in rest) else "warning"
        problems.append(Problem(shown, None, "", f"另有 {len(rest)} 处疑似个人信息没有逐条列出",
                                "请删除文件中的全部个人信息后重试。", level))
    return problems


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


def _svg_texts(text: str) -> Iterator[tuple[int | None, str, str, Place | None]]:
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


def _next_to(a: Place | None, words: str, b: Place | None, gap: float = 1.2) -> bool:
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
_GROUPS = frozenset({(3, 4, 4), (3, 8), (6, 8, 4), (6, 8, 3), (4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 4, 4, 4, 2)})
_WIDE_GAP = 3.0


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


def scan_svg(shown: str, text: str, allow: frozenset[str]) -> list[Problem]:
    """Problems for an SVG file: its text, attribute values, comments and entity declarations are published
    with it; each is normalised and scanned on its own (a <text>'s <tspan>s together)."""
    problems: list[Problem] = []
    rest: list[Finding] = []
    seen: set[tuple[int | None, str, str]] = set()
    drawn: set[str] = set()  # what was found in the text drawn (a number is reported once, alone or joined)
    shown_text: list[tuple[int | None, str, Place | None]] = []  # every text drawn, in order

    def found(line: int | None, field: str, words: str) -> None:
        for finding in scan(words, allow):
            key = (line, field, finding.message())
            if key in seen or (field.startswith("SVG 文字") and finding.message() in drawn):
                continue
            seen.add(key)
            if field.startswith("SVG 文字"):
                drawn.add(finding.message())
            if len(problems) < SHOWN_PER_FILE:
                problems.append(Problem(shown, line, field, finding.message(), finding.advice, finding.level))
            else:
                rest.append(finding)

    for line, field, words, at in _svg_texts(text):
        found(line, field, words)
        if field.startswith("SVG 文字"):
            shown_text.append((line, words, at))
    # each text with up to three drawn right after it: in the file's order (editors write each <text> on a line of
    # its own), and, for texts placed by numbers, in the order they are seen (the pieces of 159 0731 4826 can be
    # written in any order)
    on_screen = sorted((item for item in shown_text if item[2] is not None),
                       key=lambda item: (round(item[2][1] / max(item[2][2], 1.0)), item[2][0]))  # type: ignore[index]
    for order, gap in ((shown_text, 1.2), (on_screen, 1.2), (on_screen, _WIDE_GAP)):
        for k, (line, words, at) in enumerate(order[:-1]):
            joined, last, end = [words], words, at
            for _, more, where in order[k + 1:k + 5]:
                if not _next_to(end, last, where, gap):
                    break  # a chart's labels side by side (266 184 520 716) are no number
                joined.append(more)
                last, end = more, where
            if gap < _WIDE_GAP:
                if len(joined) > 1:
                    found(line, "SVG 文字", " ".join(joined))
                continue
            for n in range(2, len(joined) + 1):  # 159 0731 4826 and a label after it: the groups read alone
                if tuple(len(w.strip()) for w in joined[:n]) in _GROUPS:
                    found(line, "SVG 文字", " ".join(joined[:n]))
    return _rest(sorted(problems, key=lambda p: p.line or 0), shown, rest)

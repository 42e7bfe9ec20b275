"""One published file scanned: a text file by line and field (YAML comments skipped), an SVG's text, attributes
and comments, an image's free-text metadata."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from ..content.frontmatter import front_end
from ..errors import Level, Problem
from .detect import Finding, _locate, scan
from .names import party_names
from .normalise import normalise
from .svg import GROUPS, WIDE_GAP, Place, next_to, svg_texts

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

    for line, field, words, at in svg_texts(text):
        found(line, field, words)
        if field.startswith("SVG 文字"):
            shown_text.append((line, words, at))
    # each text with up to three drawn right after it: in the file's order (editors write each <text> on a line of
    # its own), and, for texts placed by numbers, in the order they are seen (the pieces of 159 0731 4826 can be
    # written in any order)
    on_screen = sorted((item for item in shown_text if item[2] is not None),
                       key=lambda item: (round(item[2][1] / max(item[2][2], 1.0)), item[2][0]))  # type: ignore[index]
    for order, gap in ((shown_text, 1.2), (on_screen, 1.2), (on_screen, WIDE_GAP)):
        for k, (line, words, at) in enumerate(order[:-1]):
            joined, last, end = [words], words, at
            for _, more, where in order[k + 1:k + 5]:
                if not next_to(end, last, where, gap):
                    break  # a chart's labels side by side (266 184 520 716) are no number
                joined.append(more)
                last, end = more, where
            if gap < WIDE_GAP:
                if len(joined) > 1:
                    found(line, "SVG 文字", " ".join(joined))
                continue
            for n in range(2, len(joined) + 1):  # 159 0731 4826 and a label after it: the groups read alone
                if tuple(len(w.strip()) for w in joined[:n]) in GROUPS:
                    found(line, "SVG 文字", " ".join(joined[:n]))
    return _rest(sorted(problems, key=lambda p: p.line or 0), shown, rest)

"""How deep a Markdown text nests: lists, block quotes and HTML elements are at most MAX_DEPTH deep.

Python-Markdown recurses per level and slows down with the square of the depth (a 400-level list ends in
RecursionError after seconds); real stories nest three or four levels.
"""

from __future__ import annotations

import re

from .bodysize import size_problem
from .errors import Problem
from .limits import MAX_DEPTH

# Block quote markers, list markers and the spaces between them at the start of a line.
_PREFIX = re.compile(r"[ \t]*(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)*")
_MARKERS = re.compile(r">|[-*+]|\d{1,9}[.)]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
# Elements that are never closed (void) or whose end tag may be left out: they do not count as open.
_UNCOUNTED = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
              "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup",
              "option", "optgroup", "rb", "rt", "rtc", "rp", "html", "head", "body"}
NESTING_HINT = (f"列表、引用（>）或 HTML 元素最多嵌套 {MAX_DEPTH} 层，一般两三层就够了；请检查是不是多了缩进、"
                "“>”或没有结束的 HTML 标签。")


def _may_nest(text: str) -> bool:
    """Whether `text` can nest deeper than MAX_DEPTH at all (the cheap test that spares nearly every story the
    line by line count): a line's markers and indentation count at most two levels a character (a tab is
    four columns), and every open element needs a "<"."""
    tags = text.count("<")
    if tags > MAX_DEPTH:
        return True
    need = (MAX_DEPTH - tags) // 2 + 1
    return re.search(f"^[ \t>*+\\-0-9.)]{{{need},}}", text, re.MULTILINE) is not None


def nesting(text: str) -> tuple[int, int] | None:
    """(line index, depth) of the first line of a Markdown text nested deeper than MAX_DEPTH, else None.

    A line's depth counts its quote and list markers, two columns of indentation before them as one level
    (an over-estimate: lists nest by two to four), and the HTML elements open around it. A line without
    markers adds nothing for its indentation (an indented code block or continuation does not nest further).
    """
    if not _may_nest(text):
        return None
    stack: list[str] = []
    html = "<" in text
    for n, line in enumerate(text.split("\n")):
        prefix = _PREFIX.match(line)
        depth = 0
        if prefix and prefix.end():
            head = prefix[0]
            markers = len(_MARKERS.findall(head))
            if markers:
                indent = len(head) - len(head.lstrip(" \t"))
                depth = markers + (indent + head[:indent].count("\t") * 3) // 2
        if html and "<" in line:
            for tag in _TAG.finditer(line):
                name = tag[2].lower()
                if tag[1]:
                    if name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name):]
                elif not tag[3] and name not in _UNCOUNTED:
                    stack.append(name)
                    if len(stack) > MAX_DEPTH:
                        return n, len(stack)
        if depth + len(stack) > MAX_DEPTH:
            return n, depth + len(stack)
    return None


def nesting_problem(text: str, path: str, first_line: int, field: str) -> Problem | None:
    """The error for a Markdown text nested deeper than MAX_DEPTH, or holding more than Markdown converts quickly
    (bodysize.size_problem: too many lines, table cells, footnotes or tags), else None."""
    found = nesting(text)
    if found is None:
        return size_problem(text, path, first_line, field)
    n, _depth = found
    return Problem(path, first_line + n, field, f"列表、引用或 HTML 元素嵌套太深（超过 {MAX_DEPTH} 层）",
                   NESTING_HINT)

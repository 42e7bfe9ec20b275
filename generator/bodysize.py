"""How much a Markdown text holds of what makes Python-Markdown slow (limits.MAX_BODY_LINES and the rest): a text
beyond a limit is refused before it is converted, with the line where it went over, rather than taking minutes."""

from __future__ import annotations

from .errors import Problem
from .limits import (
    MAX_AMPERSANDS,
    MAX_BODY_LINES,
    MAX_FOOTNOTES,
    MAX_LINKS,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    MAX_TAGS,
)

SPLIT_HINT = ("一篇稿件一般几十到几百段；这么多多半是把别的材料（数据、名单、日志、整本文件）粘贴了进来。"
              "请只摘录要发布的部分，或把材料分成几篇稿件。")


def _cells(line: str) -> int:
    return max(line.count("|"), line.count("\t"))


# What is counted, how, its limit and the message and hint when a text holds more.
_COUNTS = (
    (lambda line: 1 if line.strip() else 0, MAX_BODY_LINES,
     "正文太长：有 {n:,} 行文字（段落、标题、列表项、表格行），上限 {limit:,} 行", SPLIT_HINT),
    (_cells, MAX_TABLE_CELLS, "表格太大：共有 {n:,} 个单元格（竖线 | 或制表符），上限 {limit:,} 个",
     "请把大表格分成几个表格放到几篇稿件里，或只保留要发布的行和列。"),
    (lambda line: line.count("[^"), MAX_FOOTNOTES, "脚注太多：写了 {n:,} 处 [^…]，上限 {limit:,} 处",
     "脚注在正文里的标记和下面的脚注内容各算一处，一篇稿件一般只有几条脚注；请检查是不是粘贴的材料里带了大量“[^”。"),
    (lambda line: line.count("<"), MAX_TAGS, "正文里的“<”太多：共 {n:,} 个，上限 {limit:,} 个",
     "“<”会被当成 HTML 标签的开头来读，稿件里一般用不到：表示“小于”请写中文“小于”或全角的“＜”。"),
    (lambda line: line.count("]("), MAX_LINKS, "链接和图片太多：共 {n:,} 处“](”，上限 {limit:,} 处",
     "一篇稿件一般只有几个链接和图片；这么多多半是把网页或目录整个粘贴了进来：请只摘录要发布的部分。"),
    (lambda line: line.count("&"), MAX_AMPERSANDS, "正文里的“&”太多：共 {n:,} 个，上限 {limit:,} 个",
     "“&”会被当成 &amp; 这样的字符写法来读，稿件里一般用不到几个：请写中文“和”，或检查是不是粘贴了网页源代码。"),
)


def size_problem(text: str, path: str, first_line: int, field: str) -> Problem | None:
    """The error for a Markdown text holding more than a limit allows (see the module), else None, at the line where
    the count goes over (a table row with too many columns: that row); the first limit in _COUNTS' order is named."""
    if _cells(text) <= MAX_TABLE_COLUMNS and text.count("\n") < MAX_BODY_LINES and text.count("[^") <= MAX_FOOTNOTES \
            and text.count("<") <= MAX_TAGS and text.count("](") <= MAX_LINKS and text.count("&") <= MAX_AMPERSANDS:
        return None  # nearly every text: six counts in C, no line read
    totals = [0] * len(_COUNTS)
    over: list[int | None] = [None] * len(_COUNTS)
    for n, line in enumerate(text.split("\n")):
        if _cells(line) > MAX_TABLE_COLUMNS:
            return Problem(path, first_line + n, field,
                           f"表格太宽：这一行有 {_cells(line):,} 个竖线 |（或制表符），上限 {MAX_TABLE_COLUMNS} 列",
                           "网页上的表格一般不超过 20 列：请把它拆成几个窄一些的表格，或只保留要发布的列。")
        for k, (count, limit, _message, _hint) in enumerate(_COUNTS):
            totals[k] += count(line)
            if over[k] is None and totals[k] > limit:
                over[k] = n
    for k, (_count, limit, message, hint) in enumerate(_COUNTS):
        at = over[k]
        if at is not None:
            return Problem(path, first_line + at, field, message.format(n=totals[k], limit=limit), hint)
    return None

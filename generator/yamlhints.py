"""What to tell a user about a YAML document that could not be read: the usual causes (a Chinese input method's
full-width colon or comma, a field written with its Chinese name, quotes round part of a value) named on their lines
with how to write them, and the reader's English complaints in plain Chinese."""

from __future__ import annotations

import re

import yaml

from .errors import Problem

# A field name followed by a full-width colon (title：…), and a full-width comma inside [ ] or { } ([甲，乙]):
# what a Chinese input method types where YAML needs ": " and ", ".
_WIDE_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")


def _wide_comma(line: str) -> bool:
    """Whether a ， follows an opening [ or { on `line`, before a comment (found in one pass: a line of 300,000
    brackets costs no more than its length). `tags: []  # 例如 [人民调解, 网格化管理]，…` is a comment's comma;
    `tags: ["#平安建设# 宣传"，网格化]`'s is not (a “ #” inside quotes does not begin a comment)."""
    line = line[:_comment(line)]
    opened = min((i for i in (line.find("["), line.find("{")) if i >= 0), default=-1)
    return opened >= 0 and line.find("，", opened) >= 0


# A comment's start, or a quote that opens a value (after a space, a colon, a comma or a bracket: an apostrophe
# inside a word opens nothing).
_COMMENT_OR_QUOTE = re.compile(r"""[ \t]#|(?:^|(?<=[\s:,\[{]))["']""")


def _comment(line: str) -> int:
    """Where a comment begins on `line` (its length when none): at a “ #” outside quotes."""
    at = 0
    while (found := _COMMENT_OR_QUOTE.search(line, at)) is not None:
        if found[0][-1] != "#":  # a quote: skip to its other half (to the end, when it is not closed)
            closing = line.find(found[0], found.end())
            at = closing + 1 if closing >= 0 else len(line)
            continue
        return found.start()
    return len(line)


# A field written with its Chinese name (标题：…), as on a printed form: the name each stands for.
CHINESE_FIELDS = {"标题": "title", "副标题": "subtitle", "日期": "date", "时间": "date", "发布时间": "date",
                  "栏目": "column", "来源": "source", "作者": "authors", "地区": "region", "标签": "tags",
                  "摘要": "summary", "封面": "cover", "出处": "cite", "草稿": "draft"}
# Both at the top level only (a story's header, a record's first-level fields): an indented line may be the text of
# a block (body: | … 时间：2024年3月), not a field.
_TIGHT_COLON = re.compile(r"^([A-Za-z_][\w-]*):(?![\s/]|$)")  # title:我县… (not https://)
_CHINESE_KEY = re.compile(r"^([\u4e00-\u9fff]{1,6})\s*[：:]")


_WIDE_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):\u3000")  # title:　我县… (an input method's space)
_WIDE_INDENT = re.compile(r"^\u3000+\S")
# body: | (a block of text follows)
_BLOCK_KEY = re.compile(r"^(?:\s*-\s+)?([A-Za-z_][\w-]*):\s*[|>][-+0-9]*\s*(?:#.*)?$")
_HASH_ITEM = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s*\[\s*(#[^\],]*)")  # tags: [#平安建设#]
# title: 平安建设: 我县召开推进会 (a plain value with ": " inside it; not a quoted one, nor a URL or a time)
_COLON_INSIDE = re.compile(r"""^([A-Za-z_][\w-]*):[ \t]+([^"'\s\[{|>#][^#]*?:[ \t].*)$""")  # on a stripped line


def _full_width(text: str, path: str, offset: int) -> list[Problem]:
    """Every line of a document YAML could not read that has a full-width colon after a field name or a
    full-width comma inside brackets, each with how to write it."""
    problems = []
    block = ""  # the field whose block of text (body: |) the lines are in, if any
    for n, line in enumerate(text.split("\n"), start=1 + offset):
        if (opened := _BLOCK_KEY.match(line)) is not None:
            block = opened[1]
        elif line[:1] not in ("", " ", "\t", "\u3000"):
            block = ""  # a new field at the top level ends the block
        colon = _WIDE_COLON.match(line)
        chinese = _CHINESE_KEY.match(line)
        if colon:
            problems.append(Problem(path, n, colon[1], "字段名后面用了中文冒号“：”",
                                    f"请改成英文冒号加一个空格，例如 {colon[1]}: 内容"))
        elif (tight := _TIGHT_COLON.match(line)) is not None:
            problems.append(Problem(path, n, tight[1], "冒号后面没有空格",
                                    f"请在冒号后加一个空格，例如 {tight[1]}: 内容"))
        elif chinese and chinese[1] in CHINESE_FIELDS:
            name = CHINESE_FIELDS[chinese[1]]
            problems.append(Problem(path, n, chinese[1], f"字段名“{chinese[1]}”要写成英文的 {name}",
                                    f"请写成 {name}: 内容（英文冒号后加一个空格）"))
        elif (space := _WIDE_SPACE.match(line)) is not None:
            problems.append(Problem(path, n, space[1], "冒号后面是中文输入法打出的全角空格“　”",
                                    f"请换成英文空格，例如 {space[1]}: 内容"))
        elif _WIDE_INDENT.match(line) and block:
            problems.append(Problem(path, n, block, f"{block} 的这一行以全角空格“　”开头，前面少了英文空格的缩进",
                                    f"{block}: | 下面的每一行前面先空两个英文空格（半角）；段首要空两格的，"
                                    "在英文空格后面再打全角空格，例如 “  　　2024年4月，……”"
                                    "（段首的全角空格发布时会去掉）"))
        elif _WIDE_INDENT.match(line):
            problems.append(Problem(path, n, "", "行首的缩进是中文输入法打出的全角空格“　”",
                                    "缩进请用英文空格（每层两个），例如   - {name: 张三, role: 记者}"))
        elif (item := _HASH_ITEM.match(line)) is not None:
            problems.append(Problem(path, n, item[1], "方括号里以 # 开头的一项被当成了说明（# 后面的文字）",
                                    f'请给这一项加上英文引号，例如 {item[1]}: ["{item[2].strip()}"]'))
        elif (inside := _COLON_INSIDE.match(line.rstrip())) is not None:
            value = " ".join(inside[2].split())
            value = value if len(value) <= 40 else value[:39] + "…"
            problems.append(Problem(path, n, inside[1], "值里的英文冒号后面跟着空格，被当成了另一个字段",
                                    f'请给整个值加上英文引号，例如 {inside[1]}: "{value}"，'
                                    "或者把冒号改成中文冒号“：”"))
        elif _wide_comma(line):
            problems.append(Problem(path, n, "", "方括号或花括号里用了中文逗号“，”",
                                    "括号里的各项之间请用英文逗号加空格，例如 [平安建设, 网格化管理]"))
    return problems


def not_fields(text: str, path: str, offset: int, what: str, hint: str) -> list[Problem]:
    """Why a document YAML read as something other than fields (`what`: which document, said in the message): each
    line whose field name is followed by a full-width colon (every line of a header typed in Chinese input mode
    reads as one long text), or else the one general problem."""
    return _full_width(text, path, offset) or [Problem(path, 1 + offset, "", what, hint)]


def failed_line(exc: yaml.MarkedYAMLError, offset: int) -> int | None:
    """The file line the reader's complaint belongs to: where an unclosed quote or bracket opens, not where the
    reader gave up looking for its other half; else where it stopped."""
    mark = exc.context_mark if _opened(exc) else exc.problem_mark or exc.context_mark
    return mark.line + 1 + offset if mark is not None else None


def _opened(exc: yaml.MarkedYAMLError) -> bool:
    return exc.context_mark is not None and exc.context in (
        "while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")


def unreadable(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> list[Problem]:
    """The problems to report for a document the reader stopped in (`text` starts at file line offset + 1)."""
    line = failed_line(exc, offset)
    problem = str(exc.problem or exc)
    # the usual cause, named where it is (the reader's complaint points at it or a line or more later), every such
    # line at once; but only when one of them comes before the point the reader stopped at: one after it (a "WiFi："
    # in a later block of text) did not cause it, and the reader's own complaint stands
    typed = _full_width(text, path, offset)
    if typed and (line is None or (typed[0].line or 0) <= line):
        return typed
    half = _half_quoted(text, line - 1 - offset) if line is not None else None
    if half is not None:
        key, value = half
        fixed = _chinese_quotes(value)
        if fixed.startswith("“"):
            hint = f"值里要用引号时请用中文引号“”，例如 {key}: {fixed}；或者把整个值放进一对单引号里"
        else:  # "首阳镇开展"八五"普法宣传活动" or "枫桥经验"在我县"落地生根": which pair was meant for the text?
            pairs = _chinese_quotes(value, whole=False)
            hint = (f"值里要用引号时请用中文引号“”：整个值加了引号的，写成 {key}: {fixed}（整个值不用加引号）；"
                    f"引号是分别加给两处文字的，写成 {key}: {pairs}")
        return [Problem(path, line, key, "引号只包住了值的开头，引号后面还有文字", hint)]
    block = _unindented_block(text, line - 1 - offset) if line is not None else None
    if block is not None:
        at, key = block
        return [Problem(path, at + 1 + offset, key, f"{key}: | 下面的文字这一行没有缩进",
                        f"{key}: | 下面的每一行（空行除外）前面都要空两格，这一行和它后面没有空格的几行都要补上。")]
    symbol = _symbol_start(text, line - 1 - offset) if line is not None else None
    if symbol is not None:
        key, value = symbol
        return [Problem(path, line, key, f"值的第一个字“{value[0]}”是有特殊作用的符号，整段值要放进引号",
                        f"请写成 {key}: {_quoted(value)}（[ {{ * - | > % @ 这些符号开头的值都要这样写）")]
    bare = _no_colon(text, line - 1 - offset) if line is not None and "expected ':'" in problem else None
    if bare is not None:
        at, written = bare
        key, _, rest = written.partition(" ")
        example = f"写成 {key}: {rest.strip()}" if rest.strip() and key.isascii() else "写成“字段名: 内容”"
        shown = written if len(written) <= 40 else written[:39] + "…"
        return [Problem(path, at + 1 + offset, "", f"这一行缺少冒号：{shown}",
                        f"字段名后面要有英文冒号和一个空格，{example}；不需要这一行时删掉它，或在行首加 # 当作说明。")]
    if _opened(exc):
        what = "引号" if "quoted" in str(exc.context) else "括号"
        return [Problem(path, line, "", f"这一行的{what}没有配对的另一半（{explain(problem)}）",
                        f"请在这一行补上另一半{what}，或者删掉这个{what}。")]
    hint = ("请给这个值整个加上引号，例如 title: \"@平安建设 宣传月\"" if "cannot start any token" in problem
            else "检查这一行及上一行的冒号、缩进和引号；冒号后要有一个空格。")
    return [Problem(path, line, "", f"格式错误：{explain(problem)}", hint)]


_EXPLAIN = (
    ("mapping values are not allowed", "这里不能出现“键: 值”（常见原因：缩进不对，或值里有冒号却没加引号）"),
    ("could not find expected ':'", "缺少冒号（写成“键: 值”）"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("did not find expected ',' or ']'", "方括号 [ ] 里的列表没有正确结束"),
    ("did not find expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("expected <block end>, but found", "缩进不一致"),
    ("found invalid Unicode character escape code", "引号里的 \\u 转义不是有效的字符"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 是转义符号，后面这个字母不能转义（路径要写正斜杠 /，例如 "
     "images/a.jpg；要保留反斜杠，请改用单引号）"),
    ("expected escape sequence of", "双引号里的反斜杠 \\ 是转义符号，后面的写法不对（路径要写正斜杠 /，"
     "例如 images/a.jpg；要保留反斜杠，请改用单引号）"),
    ("found character that cannot start any token", "值的第一个字是有特殊作用的符号（@、` 等），要加引号"),
    ("but found another document",
     "文件里有用 --- 隔开的第二段内容（像是一篇 .md 稿件，不是 .yml 文件；--config 后面要写 site_config.yml）"),
    ("did not find expected node content", "括号里有一项是空的（两个逗号之间没有内容，或 # 后面的文字被当成了说明）"),
)


# (values end at their last non-space character: `.*?` before `\s*$` would be quadratic on a long line of spaces)
_HALF_QUOTED = re.compile(r"""^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+((["'])[^"'\n]*\3[ \t]*[^\s#,\]}](?:.*\S)?)\s*$""")
# A plain value that starts with a character YAML reads as markup: a list or mapping that text goes on after
# ([通知] 关于…, {平安}建设), an alias (*重要*), a list item (- 我县…), a block of text with words after its mark
# (| 平安), a directive or reserved character (%, @, `), or a tag (!).
_SYMBOL_START = re.compile(r"^\s*([A-Za-z_][\w-]*):[ \t]+(?P<v>(?:\[[^\]\n]*\][ \t]*[^\s#,]"
                           r"|\{[^}\n]*\}[ \t]*[^\s#,]|[*&!%@`]|-[ \t]+\S|[|>][+-]?[0-9]?[ \t]+[^\s#])(?:.*\S)?)\s*$")


_BLOCK_START = re.compile(r"^([ ]*)([A-Za-z_][\w-]*):[ \t]*[|>][+-]?[0-9]?[ \t]*(?:#.*)?$")  # body: |
_KEY_LINE = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)")


def _unindented_block(text: str, at: int) -> tuple[int, str] | None:
    """(line from 0, key) of the first line of text pasted under `key: |` without its indentation, when it is at or
    before line `at` (from 0), where the reader stopped: it read that line as a field without a colon."""
    lines = text.split("\n")
    block: tuple[int, str] | None = None  # (indentation of the key, key) while in a block
    for n, line in enumerate(lines[:at + 1]):
        if block is None:
            if (start := _BLOCK_START.match(line)) is not None:
                block = len(start[1]), start[2]
            continue
        if not line.strip() or len(line) - len(line.lstrip(" ")) > block[0]:
            continue  # a blank line or the block's text
        if line.lstrip().startswith("#"):
            block = None  # a comment as far left as the key ends the block, as a field would
            continue
        if _KEY_LINE.match(line):
            block = None
            if (start := _BLOCK_START.match(line)) is not None:
                block = len(start[1]), start[2]
            continue
        return n, block[1]
    return None


def _no_colon(text: str, at: int) -> tuple[int, str] | None:
    """(line from 0, text) of the line without a colon that made the reader look for one, at or before line `at`
    (from 0), where it stopped: the reader reads on over comments and blank lines (source 本网, then two lines of
    # notes, was reported at the field after them); the nearest two lines that are not comments are looked at."""
    lines = text.split("\n")
    looked = 0
    for n in range(min(at, len(lines) - 1), -1, -1):
        line = lines[n].split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if ":" not in line and not line.startswith(("-", "[", "{", "|", ">")):
            return n, line
        looked += 1
        if looked == 2:
            return None
    return None


def _symbol_start(text: str, at: int) -> tuple[str, str] | None:
    """The key and value of a line at or just before line `at` (from 0) whose plain value starts with a YAML mark."""
    lines = text.split("\n")
    for n in (at, at - 1):
        found = _SYMBOL_START.match(lines[n]) if 0 <= n < len(lines) else None
        if found:
            return found[1], found["v"]
    return None


def _quoted(value: str) -> str:
    """`value` in quotes as YAML reads it back whole: double quotes, or single ones when it holds double quotes."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _half_quoted(text: str, at: int) -> tuple[str, str] | None:
    """The key and value of a line at or just before line `at` (from 0) whose value opens with a quoted part and
    goes on after it (title: "枫桥经验"在我县落地生根): YAML takes the quotes for the whole value's."""
    lines = text.split("\n")
    for n in (at, at - 1):
        found = _HALF_QUOTED.match(lines[n]) if 0 <= n < len(lines) else None
        if found:
            return found[1], found[2]
    return None


def _chinese_quotes(value: str, whole: bool = True) -> str:
    """`value` with its straight quotes as Chinese ones, opening and closing in turn; a pair around the whole value
    ("首阳镇开展"八五"普法宣传活动") was meant as YAML's, not as text: it is left out, unless that leaves a quoted
    part beginning or ending with a space ("枫桥经验" 在我县"落地生根" quotes two terms)."""
    mark = value[:1]
    if whole and len(value) > 2 and mark in "\"'" and value[-1] == mark and value.count(mark) % 2 == 0:
        inner = value[1:-1].split(mark)[1::2]  # the parts quoted once the outer pair is gone
        if inner and not any(part != part.strip() for part in inner):
            value = value[1:-1]
    out, opening = [], True
    for char in value:
        if char in "\"'":
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def explain(problem: str) -> str:
    """PyYAML's English problem text in plain Chinese, keeping the original for reference."""
    for needle, text in _EXPLAIN:
        if needle in problem:
            return text
    return f"无法解析（{problem}）"



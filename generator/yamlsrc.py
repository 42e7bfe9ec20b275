"""YAML reading that keeps line numbers, refuses duplicate keys and aliases, bounds nesting and leaves dates as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import yaml

from .errors import Problem
from .limits import CONTROL, CONTROL_HINT, MAX_CONTROL_PROBLEMS, MAX_DEPTH, control_message, soften

Loc = tuple[str | int, ...]

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps (dates are parsed by us, in the site's time zone), and digits with a
    leading zero read as the text they are: YAML 1.1 reads 0620000001 (a site code) as an octal number,
    104857601."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:str", re.compile(r"^[-+]?0[0-9_]+$"), list("-+0"))
for _first in "-+0":  # the text rule first: it is tried before the number rules for these first characters
    _Loader.yaml_implicit_resolvers[_first].insert(0, _Loader.yaml_implicit_resolvers[_first].pop())


@dataclass
class Document:
    """A parsed YAML document with the line of every key path."""

    data: Any
    lines: dict[Loc, int]
    path: str
    problems: list[Problem]  # non-fatal findings (duplicate keys): reported with the schema errors

    def line_of(self, loc: Loc) -> int | None:
        """Line of `loc`, or of its nearest ancestor when the key itself is absent."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


class YamlError(Exception):
    """A YAML file could not be parsed; carries ready-to-show problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


def loc_text(loc: Loc) -> str:
    """Render a key path as users see it: columns[1].id."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load(text: str, path: str, first_line: int = 1) -> Document:
    """Parse one YAML document; `first_line` is the file line where `text` starts.

    Bounded whatever the text (limits.py): aliases (`*name`) are refused, so a few hundred bytes of nested
    aliases cannot expand into billions of nodes; collections nest at most MAX_DEPTH levels; characters no
    page or feed accepts (limits.CONTROL) are errors naming their line and field, whether written as they are
    or as escapes in quotes ("\\e"); Word's line and page breaks become spaces."""
    offset = first_line - 1
    if "\t" in text:
        tabbed = [n for n, raw in enumerate(text.split("\n"), start=first_line)
                  if "\t" in raw[: len(raw) - len(raw.lstrip())]]
        if tabbed:  # every such line at once (the first MAX_CONTROL_PROBLEMS, and how many more)
            problems = [Problem(path, n, "", "行首使用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成两个空格。")
                        for n in tabbed[:MAX_CONTROL_PROBLEMS]]
            if len(tabbed) > MAX_CONTROL_PROBLEMS:
                problems.append(Problem(path, tabbed[MAX_CONTROL_PROBLEMS], "",
                                        f"另有 {len(tabbed) - MAX_CONTROL_PROBLEMS} 行行首也用了制表符（Tab）",
                                        "YAML 只能用空格缩进，请把 Tab 换成两个空格。"))
            raise YamlError(problems)
    text = soften(text, " ")
    # Characters the YAML reader refuses are blanked for parsing, then reported in the fields that hold them.
    controls = [(n, m.start(), m[0]) for n, line in enumerate(text.split("\n")) for m in CONTROL.finditer(line)]
    if controls:
        text = CONTROL.sub(" ", text)
    walk = _Walk(path, offset, spans=[] if controls else None, text=text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = walk.convert(loader, node, (), 0) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        opened = exc.context_mark is not None and exc.context in (
            "while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")
        if opened:
            mark = exc.context_mark  # where the quote or bracket opens, not where the reader gave up looking
        line = mark.line + 1 + offset if mark is not None else None
        if controls:  # blanking them may be what broke the structure: they are the problem to report first
            raise YamlError(_control_problems(controls, [], path, offset, text)) from None
        problem = str(exc.problem or exc)
        if "maximum nesting depth" in problem:
            raise YamlError([_too_deep(path, line, ())]) from None
        # the usual cause, named where it is (the reader's complaint points at it or a line or more later), every
        # such line at once; but only when one of them comes before the point the reader stopped at: one after it
        # (a "WiFi：" in a later block of text) did not cause it, and the reader's own complaint stands
        typed = _full_width(text, path, offset)
        if typed and (line is None or (typed[0].line or 0) <= line):
            raise YamlError(typed) from None
        half = _half_quoted(text, line - 1 - offset) if line is not None else None
        if half is not None:
            key, value = half
            raise YamlError([Problem(path, line, key, "引号只包住了值的开头，引号后面还有文字",
                                     f"值里要用引号时请用中文引号“”，例如 {key}: {_chinese_quotes(value)}；"
                                     "或者把整个值放进一对单引号里")]) from None
        if opened:
            what = "引号" if "quoted" in str(exc.context) else "括号"
            raise YamlError([Problem(path, line, "", f"这一行的{what}没有配对的另一半（{_explain(problem)}）",
                                     f"请在这一行补上另一半{what}，或者删掉这个{what}。")]) from None
        hint = ("请给这个值整个加上引号，例如 title: \"@平安建设 宣传月\"" if "cannot start any token" in problem
                else "检查这一行及上一行的冒号、缩进和引号；冒号后要有一个空格。")
        raise YamlError([Problem(path, line, "", f"YAML 格式错误：{_explain(problem)}", hint)]) from None
    except yaml.YAMLError as exc:  # the reader's own refusals (an unprintable character) carry no mark
        raise YamlError([Problem(path, None, "", f"YAML 格式错误：{_explain(str(exc))}",
                                 "检查文件中是否有不可见的特殊字符。")]) from None
    except RecursionError:  # only the pure-Python reader recurses per level, before our own depth check
        raise YamlError([_too_deep(path, None, ())]) from None
    except _Refused as exc:
        if exc.alias:
            exc.problem = replace(exc.problem, line=_alias_line(text, offset) or exc.problem.line)
        raise YamlError([exc.problem]) from None
    finally:
        loader.dispose()
    if controls:
        raise YamlError(_control_problems(controls, walk.spans or [], path, offset, text))
    return Document(data, walk.lines, path, walk.problems)


# A field name followed by a full-width colon (title：…), and a full-width comma inside [ ] or { } ([甲，乙]):
# what a Chinese input method types where YAML needs ": " and ", ".
_WIDE_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")


def _wide_comma(line: str) -> bool:
    """Whether a ， follows an opening [ or { on `line`, before a comment (found in one pass: a line of 300,000
    brackets costs no more than its length). `tags: []  # 例如 [人民调解, 网格化管理]，…` is a comment's comma."""
    comment = min((i for i in (line.find(" #"), line.find("\t#")) if i >= 0), default=len(line))
    line = line[:comment]
    opened = min((i for i in (line.find("["), line.find("{")) if i >= 0), default=-1)
    return opened >= 0 and line.find("，", opened) >= 0


# A field written with its Chinese name (标题：…), as on a printed form: the name each stands for.
CHINESE_FIELDS = {"标题": "title", "副标题": "subtitle", "日期": "date", "时间": "date", "发布时间": "date",
                  "栏目": "column", "来源": "source", "作者": "authors", "地区": "region", "标签": "tags",
                  "摘要": "summary", "封面": "cover", "出处": "cite", "草稿": "draft"}
# Both at the top level only (a story's header, a record's first-level fields): an indented line may be the text of
# a block (body: | … 时间：2024年3月), not a field.
_TIGHT_COLON = re.compile(r"^([A-Za-z_][\w-]*):(?![\s/]|$)")  # title:我县… (not https://)
_CHINESE_KEY = re.compile(r"^([\u4e00-\u9fff]{1,6})\s*[：:]")


def _full_width(text: str, path: str, offset: int) -> list[Problem]:
    """Every line of a document YAML could not read that has a full-width colon after a field name or a
    full-width comma inside brackets, each with how to write it."""
    problems = []
    for n, line in enumerate(text.split("\n"), start=1 + offset):
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
        elif _wide_comma(line):
            problems.append(Problem(path, n, "", "方括号或花括号里用了中文逗号“，”",
                                    "括号里的各项之间请用英文逗号加空格，例如 [平安建设, 网格化管理]"))
    return problems


def _too_deep(path: str, line: int | None, loc: Loc) -> Problem:
    field = loc_text(loc[:3]) + ("…" if len(loc) > 3 else "")
    return Problem(path, line, field, f"嵌套太深（超过 {MAX_DEPTH} 层）",
                   f"列表和键值对最多嵌套 {MAX_DEPTH} 层，一般两三层就够了；请检查是不是多写了方括号 [、花括号 {{ "
                   "或缩进。")


def _alias_line(text: str, offset: int) -> int | None:
    """The line of the first alias in `text` (read again as events: this is the error path only)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return int(event.start_mark.line) + 1 + offset
    except yaml.YAMLError:  # pragma: no cover - it parsed a moment ago
        pass
    return None


def _holder(spans: list[tuple[tuple[int, int], tuple[int, int], Loc]], line: int, column: int) -> Loc:
    """The key path of the scalar holding (line, column): the innermost (last begun) one around it, else the
    value written next on that line (a character before it was blanked into indentation), else the key before
    it on that line; () when none is on the line (a comment)."""
    at = (line, column)
    around = [where for start, end, where in spans if start <= at < end]
    if around:
        return around[-1]
    after = [where for start, _end, where in spans if start[0] == line and start > at]
    before = [where for start, _end, where in spans if start[0] == line and start < at]
    return after[0] if after else before[-1] if before else ()


HEADLINES = {("title",), ("subtitle",)}  # headlines: never followed by a note on their line (see _cut_headline)
_KEY = re.compile(r"\s*(?:-\s+)*([^\s:#\-?][^:#]*?)\s*:(?:\s|$)")


def _control_problems(controls: list[tuple[int, int, str]], spans: list[tuple[tuple[int, int], tuple[int, int], Loc]],
                      path: str, offset: int, text: str) -> list[Problem]:
    """One error per line and field holding refused characters (at most MAX_CONTROL_PROBLEMS per file). Without
    the scalars' places (the text did not parse), the field is the key written on the character's line."""
    found: dict[tuple[int, str], str] = {}
    lines = text.split("\n")
    for line, column, char in controls:
        field = loc_text(_holder(spans, line, column))
        if not spans:
            written = _KEY.match(lines[line])
            field = written[1] if written else ""
        place = (line + 1 + offset, field)
        found[place] = found.get(place, "") + char
    problems = [Problem(path, line, field, control_message(chars), CONTROL_HINT)
                for (line, field), chars in list(found.items())[:MAX_CONTROL_PROBLEMS]]
    if len(found) > MAX_CONTROL_PROBLEMS:
        problems.append(Problem(path, list(found)[MAX_CONTROL_PROBLEMS][0], "",
                                f"另有 {len(found) - MAX_CONTROL_PROBLEMS} 处也含有不可见的控制字符", CONTROL_HINT))
    return problems


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
    ("found character that cannot start any token", "值的第一个字是 YAML 的保留符号（@、` 等），要加引号"),
)


_HALF_QUOTED = re.compile(r"""^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+((["'])[^"'\n]*\3[^\s#,\]}].*?)\s*$""")


def _half_quoted(text: str, at: int) -> tuple[str, str] | None:
    """The key and value of a line at or just before line `at` (from 0) whose value opens with a quoted part and
    goes on after it (title: "枫桥经验"在我县落地生根): YAML takes the quotes for the whole value's."""
    lines = text.split("\n")
    for n in (at, at - 1):
        found = _HALF_QUOTED.match(lines[n]) if 0 <= n < len(lines) else None
        if found:
            return found[1], found[2]
    return None


def _chinese_quotes(value: str) -> str:
    """`value` with its straight quotes as Chinese ones, opening and closing in turn."""
    out, opening = [], True
    for char in value:
        if char in "\"'":
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def _explain(problem: str) -> str:
    """PyYAML's English problem text in plain Chinese, keeping the original for reference."""
    for needle, text in _EXPLAIN:
        if needle in problem:
            return text
    return f"无法解析（{problem}）"


ALIAS_HINT = "这里不支持 YAML 的锚点、别名和合并键（&名字、*名字、<<）：请把要重复的内容直接写出来。"


class _Refused(Exception):
    """A document that is not read further: an alias, or nesting beyond MAX_DEPTH."""

    def __init__(self, problem: Problem, alias: bool = False) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.alias = alias


class _Walk:
    """Nodes to plain data, with the line of every key path; each node is visited once (a second visit is an
    alias), and scalars holding refused characters are reported."""

    def __init__(self, path: str, offset: int, spans: list[tuple[tuple[int, int], tuple[int, int], Loc]] | None,
                 text: str = "") -> None:
        self.path = path
        self.offset = offset
        self.text = text.split("\n") if text else []
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []  # non-fatal findings (duplicate keys, control characters in values)
        self.seen: set[int] = set()
        self.spans = spans  # when blanked characters are to be placed: (start, end, loc) of every scalar

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def visit(self, node: yaml.Node, loc: Loc, depth: int) -> None:
        if id(node) in self.seen:
            raise _Refused(Problem(self.path, self.line(node), loc_text(loc), "使用了 YAML 的别名（*名字）",
                                   ALIAS_HINT), alias=True)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(_too_deep(self.path, self.line(node), loc))

    def place(self, node: yaml.Node, loc: Loc) -> None:
        """Note where a scalar (value or key) is, when blanked characters are to be placed in fields."""
        if self.spans is not None:
            start, end = node.start_mark, node.end_mark
            self.spans.append(((start.line, start.column), (end.line, end.column), loc))

    def scalar(self, loader: Any, node: yaml.Node, loc: Loc) -> Any:
        """A scalar's value (or a key's, which may be a collection: refused by the caller)."""
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # an integer of more than 4,300 digits
            raise _Refused(Problem(self.path, self.line(node), loc_text(loc), "数字太长，无法读取",
                                   "如果这是一段文字而不是数字，请给它加上引号。")) from None
        if isinstance(value, str):
            if loc in HEADLINES and not getattr(node, "style", None):  # plain: neither quoted nor a block
                self._cut_headline(node, loc, value)
            if CONTROL.search(value):  # written as an escape ("\\e", "\\x00", "\\uFFFE")
                self.problems.append(Problem(self.path, self.line(node), loc_text(loc),
                                             control_message("".join(CONTROL.findall(value))), CONTROL_HINT))
            value = soften(value, " ")
        return value

    def _cut_headline(self, node: yaml.Node, loc: Loc, value: str) -> None:
        """A headline written without quotes whose line goes on after it: YAML read “ #…” as a comment, so
        `title: 天祝县开展 #平安建设# 宣传月活动` would publish the title “天祝县开展”."""
        end = node.end_mark
        if end is None or end.line >= len(self.text) or end.line != node.start_mark.line:
            return
        rest = self.text[end.line][end.column:].strip()
        if rest.startswith("#"):
            whole = f"{value} {rest}".replace('"', "“")
            self.problems.append(Problem(
                self.path, self.line(node), loc_text(loc), f"“{rest[:30]}”被当成了说明（# 后面的文字），"
                f"不会出现在{'标题' if loc == ('title',) else '副标题'}里",
                f"含 # 的标题请整个加上英文引号，例如 {loc[0]}: \"{whole}\""))

    def convert(self, loader: Any, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.visit(node, loc, depth)
        self.lines.setdefault(loc, self.line(node))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                self.visit(key_node, loc, depth + 1)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(Problem(self.path, self.line(key_node), loc_text(loc), "使用了 YAML 的合并键（<<）",
                                           ALIAS_HINT))
                key = self.scalar(loader, key_node, loc)
                key_line = self.line(key_node)
                self.place(key_node, loc + (key,) if isinstance(key, str) else loc)
                if isinstance(key, list | dict):
                    self.problems.append(Problem(self.path, key_line, loc_text(loc), "键名不能是列表或映射"))
                    continue
                if key in out:
                    self.problems.append(Problem(
                        self.path, key_line, loc_text(loc + (key,)),
                        f"重复的键 {key}（第 {self.lines[loc + (key,)]} 行已经出现过）",
                        "同一个键只能写一次，请删除或合并其中一处。"))
                    continue
                self.lines[loc + (key,)] = key_line
                out[key] = self.convert(loader, value_node, loc + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(loader, item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.place(node, loc)
        return self.scalar(loader, node, loc)

"""YAML reading that keeps line numbers, refuses duplicate keys and aliases, bounds nesting and leaves dates as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from .errors import Problem
from .limits import CONTROL, CONTROL_HINT, MAX_CONTROL_PROBLEMS, MAX_DEPTH, control_message, soften, without_invisible
from .yamlhints import explain, failed_line, unreadable

Loc = tuple[str | int, ...]

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps (dates are parsed by us, in the site's time zone), and digits with a
    leading zero read as the text they are: YAML 1.1 reads 0620000001 (a site code) as an octal number,
    104857601; so are hexadecimal, binary and base-60 numbers (below)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Text, not numbers: digits with a leading zero (YAML 1.1's octal), hexadecimal and binary (0x3b4265c8a) and base 60
# (20:27:24, 8:30): a page would show them as decimal numbers no one wrote (15,907,314,826, a phone number the
# personal-data check never saw), and a figure written so is a mistake the record's check reports.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:str",
    re.compile(r"^[-+]?(?:0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"),
    list("-+0123456789"))
for _first in "-+0123456789":  # the text rule first: it is tried before the number rules for these first characters
    _Loader.yaml_implicit_resolvers[_first].insert(0, _Loader.yaml_implicit_resolvers[_first].pop())


@dataclass
class Document:
    """A parsed YAML document with the line of every key path."""

    data: Any
    lines: dict[Loc, int]
    path: str
    problems: list[Problem]  # non-fatal findings (duplicate keys): reported with the schema errors
    written: dict[Loc, str] = field(default_factory=dict)  # numbers as the file writes them (2026.10)

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
    """Render a key path as users see it, items counted from 1: columns 第 2 项的 id (not columns[1].id, which a
    clerk read as the first column)."""
    out = ""
    for part in loc:
        # an item of a list, counted from 1; a number first, or of four digits or more, is a mapping's key
        # (13912345678: …, counts: {2023: 5}): no list here holds a thousand items
        if isinstance(part, int) and out and part < 1000:
            out += f" 第 {part + 1} 项"
        else:
            out += ("的 " if out.endswith("项") else "." if out else "") + str(part)
    return out


TAB_HINT = "信息区和 .yml 文件只能用空格缩进，请把 Tab 换成两个空格。"


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
            problems = [Problem(path, n, "", "行首使用了制表符（Tab）", TAB_HINT)
                        for n in tabbed[:MAX_CONTROL_PROBLEMS]]
            if len(tabbed) > MAX_CONTROL_PROBLEMS:
                problems.append(Problem(path, tabbed[MAX_CONTROL_PROBLEMS], "",
                                        f"另有 {len(tabbed) - MAX_CONTROL_PROBLEMS} 行行首也用了制表符（Tab）",
                                        TAB_HINT))
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
        if controls:  # blanking them may be what broke the structure: they are the problem to report first
            raise YamlError(_control_problems(controls, [], path, offset, text)) from None
        if "maximum nesting depth" in str(exc.problem or exc):
            raise YamlError([_too_deep(path, failed_line(exc, offset), ())]) from None
        raise YamlError(unreadable(exc, text, path, offset)) from None
    except yaml.YAMLError as exc:  # the reader's own refusals (an unprintable character) carry no mark
        raise YamlError([Problem(path, None, "", f"格式错误：{explain(str(exc))}",
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
    return Document(data, walk.lines, path, walk.problems, walk.written)


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


_HIDDEN_HEADLINE = re.compile(r"^\s*[A-Za-z_][\w-]*:[ \t]+(#.*?)\s*$")
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
        self.written: dict[Loc, str] = {}  # numbers as written (2026.10, read as 2026.1), for messages
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
        tagged = self._tagged(node, loc)
        if tagged is not None:
            self.problems.append(tagged)
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # an integer of more than 4,300 digits
            raise _Refused(Problem(self.path, self.line(node), loc_text(loc), "数字太长，无法读取",
                                   "如果这是一段文字而不是数字，请给它加上引号。")) from None
        except yaml.constructor.ConstructorError:  # a tag YAML does not know (tags: [!x 平安]): said as above
            if tagged is None:
                raise
            raise _Refused(tagged) from None
        if value is None and loc in HEADLINES and node.start_mark.line < len(self.text):
            hidden = _HIDDEN_HEADLINE.match(self.text[node.start_mark.line])
            if hidden is not None:  # title: #平安建设# 我县… : YAML read it all as a comment, the title as empty
                self.problems.append(Problem(
                    self.path, self.line(node), loc_text(loc), f"“{hidden[1][:30]}”被当成了说明（# 后面的文字），"
                    f"{'标题' if loc == ('title',) else '副标题'}是空的",
                    f"含 # 的标题请整个加上英文引号，例如 {loc[0]}: \"{hidden[1].replace(chr(34), '“')}\""))
                return hidden[1]  # the error above stops the build; the schema need not call it empty too
        if isinstance(value, float | int) and not isinstance(value, bool):
            self.written[loc] = str(node.value)
        if isinstance(value, str):
            if loc in HEADLINES and not getattr(node, "style", None):  # plain: neither quoted nor a block
                self._cut_headline(node, loc, value)
            if CONTROL.search(value):  # written as an escape ("\\e", "\\x00", "\\uFFFE")
                self.problems.append(Problem(self.path, self.line(node), loc_text(loc),
                                             control_message("".join(CONTROL.findall(value))), CONTROL_HINT))
            value = without_invisible(soften(value, " "))  # also those written as escapes ("\u200b")
            if getattr(node, "style", None) not in ("|", ">"):
                # A full-width space “　” (or a no-break one) before or after a one-line value is never meant: YAML
                # keeps it (only ASCII spaces are trimmed), and it went into titles, or made an id no one could see
                # was wrong (region: qingshi　). A block (| or >) keeps its text as written, a value of spaces only its
                # spaces (the schema says what they are).
                value = value.strip() or value
        return value

    def _tagged(self, node: yaml.Node, loc: Loc) -> Problem | None:
        """`title: ! 青石县召开推进会`: YAML takes the ! (and !!str, !x…) for a type tag, which never reaches the
        text."""
        mark, end = node.start_mark, node.end_mark
        line = self.text[mark.line] if mark.line < len(self.text) else ""
        if line[mark.column:mark.column + 1] != "!":
            return None
        tag = line[mark.column:].split(" ", 1)[0]
        field = loc_text(loc)
        written = line[mark.column:end.column].strip() if end.line == mark.line else ""
        quoted = f"\"{written.replace(chr(34), '“')}\""
        if not written or getattr(node, "style", None) in ("|", ">") or len(written) > 60 or not loc:
            hint = f"请删掉“{tag}”；要让它出现在内容里，就给整个值加上英文引号。"  # a block, a long value, a key
        elif isinstance(loc[-1], int):  # an item of a list
            hint = f"请给这一项加上英文引号，例如 {quoted}"
        else:
            hint = f"请给整个值加上英文引号，例如 {field}: {quoted}"
        return Problem(self.path, self.line(node), field, f"值开头的“{tag}”被当成了 YAML 的类型标记，不会出现在内容里",
                       hint)

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

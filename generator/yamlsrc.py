"""YAML reading that keeps line numbers, refuses duplicate keys and leaves dates as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem

Loc = tuple[str | int, ...]

try:  # the C loader is several times faster; fall back to pure Python where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps: dates are parsed by us, in the site's time zone."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    if "\t" in text:
        for n, raw in enumerate(text.splitlines(), start=first_line):
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlError([Problem(path, n, "", "行首使用了制表符（Tab）",
                                         "YAML 只能用空格缩进，请把 Tab 换成两个空格。")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        data = _convert(loader, node, (), lines, problems, path, offset) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark is not None else None
        raise YamlError([Problem(path, line, "", f"YAML 格式错误：{_explain(str(exc.problem or exc))}",
                                 "检查这一行及上一行的冒号、缩进和引号；冒号后要有一个空格。")]) from None
    finally:
        loader.dispose()
    return Document(data, lines, path, problems)


_EXPLAIN = (
    ("mapping values are not allowed", "这里不能出现“键: 值”（常见原因：缩进不对，或值里有冒号却没加引号）"),
    ("could not find expected ':'", "缺少冒号（写成“键: 值”）"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("did not find expected ',' or ']'", "方括号 [ ] 里的列表没有正确结束"),
    ("did not find expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("expected <block end>, but found", "缩进不一致"),
)


def _explain(problem: str) -> str:
    """PyYAML's English problem text in plain Chinese, keeping the original for reference."""
    for needle, text in _EXPLAIN:
        if needle in problem:
            return text
    return f"无法解析（{problem}）"


def _convert(loader: Any, node: yaml.Node, loc: Loc, lines: dict[Loc, int],
             problems: list[Problem], path: str, offset: int) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1 + offset
            if isinstance(key, list | dict):
                problems.append(Problem(path, key_line, loc_text(loc), "键名不能是列表或映射"))
                continue
            if key in out:
                problems.append(Problem(
                    path, key_line, loc_text(loc + (key,)),
                    f"重复的键 {key}（第 {lines[loc + (key,)]} 行已经出现过）",
                    "同一个键只能写一次，请删除或合并其中一处。"))
                continue
            lines[loc + (key,)] = key_line
            out[key] = _convert(loader, value_node, loc + (key,), lines, problems, path, offset)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, loc + (i,), lines, problems, path, offset)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)

"""Checks on `site_config.yml`'s tree as written, before (and whatever) its schema says: ids used twice, and
fields in the region tree named by the region they are in."""

from __future__ import annotations

import re
from typing import Any

from .errors import Problem
from .yamlsrc import Document, Loc, loc_text

_REGION_PATH = re.compile(r"^regions((?: 第 \d+ 项(?:的 children)?)+)(.*)$")


def region_field(field: str, data: Any) -> str:
    """A field in the region tree named by the region it is in (地区“松山镇”的 level), not by its place in the tree
    (regions 第 1 项的 children 第 1 项的 children 第 5 项的 level), which no one can count to in a long file."""
    found = _REGION_PATH.match(field)
    if found is None or not isinstance(data, dict):
        return field
    node: Any = {"children": data.get("regions")}
    name = None
    for number in re.findall(r"第 (\d+) 项", found[1]):
        children = node.get("children") if isinstance(node, dict) else None
        index = int(number) - 1
        if not isinstance(children, list) or not 0 <= index < len(children):
            return field
        node = children[index]
        own = node.get("name") if isinstance(node, dict) else None
        if isinstance(own, str):
            name = f"地区“{own}”"
        elif isinstance(node, dict) and isinstance(node.get("id"), str):  # {id: qu, name：测试区}: not its parent
            name = f"地区 {node['id']}"
        elif name is not None:
            name = f"{name}下的第 {number} 项"
    if name is None:
        return field
    rest = found[2].removeprefix("的 ")
    if found[1].endswith("的 children"):
        rest = "children" + (rest if rest.startswith(" ") else (" " + rest if rest else ""))
    return name + (f"的 {rest}" if rest else "")


def duplicate_ids(doc: Document) -> list[Problem]:
    """Columns and regions must have unique ids; checked on the raw data so it runs with schema errors."""
    problems: list[Problem] = []

    def check(items: object, loc: Loc, seen: dict[str, Loc], what: str, recurse: bool) -> None:
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            key = item.get("id")
            here = loc + (i, "id")
            if isinstance(key, str):
                if key in seen:
                    problems.append(Problem(
                        doc.path, doc.line_of(here), loc_text(here),
                        f"{what}标识 {key} 重复（第 {doc.line_of(seen[key])} 行已使用）",
                        f"每个{what}的 id 必须唯一，请改用另一个英文标识。"))
                else:
                    seen[key] = here
            if recurse:
                check(item.get("children"), loc + (i, "children"), seen, what, True)

    data = doc.data
    check(data.get("columns"), ("columns",), {}, "栏目", False)
    check(data.get("regions"), ("regions",), {}, "地区", True)
    return problems

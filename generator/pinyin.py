"""Tags' ASCII ids from their pinyin. A module of its own, importing nothing of the generator: the process that
makes the ids on a big site (model.TagIds) loads only this and pypinyin."""

from __future__ import annotations

import re


def slugs(names: list[str]) -> dict[str, str]:
    """ASCII ids for tags, from their pinyin. pypinyin is loaded here, not with the module: its dictionaries take
    about half a second to load, which a build whose tags' ids are all kept (see `model.build_site`) never spends."""
    from pypinyin import lazy_pinyin

    found = {}
    for name in names:
        words = [w.strip().lower() for w in lazy_pinyin(name)]
        found[name] = re.sub(r"[^a-z0-9]+", "-", "-".join(words)).strip("-") or "tag"
    return found


def load() -> None:
    """Load pypinyin's dictionaries (what takes the time), in the tags' process before it is asked for ids."""
    slugs(["平安"])

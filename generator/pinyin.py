"""ASCII ids from pinyin: tags', and a story's or record's from its title or file name. A module of its own,
importing nothing of the generator: the process that makes the tags' ids on a big site (model.TagIds) loads only
this and pypinyin."""

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


MAX_SYLLABLES = 8


def slug_for(title: str, fallback: str) -> str:
    """An ASCII id from a Chinese title: pinyin syllables joined by hyphens (at most eight, ending where a word does
    and not on a word such as 的 or 第 that only leads into the next), else `fallback`."""
    from pypinyin import Style, lazy_pinyin  # late: `pingan` starts fast (Ctrl+C right away is answered too)

    found = list(_TOKEN.finditer(title))
    tokens = found[:MAX_SYLLABLES]
    if len(found) > MAX_SYLLABLES:  # cut where a word ends, not inside one (…-2025-nian-ping of 平安)
        ends = _word_ends(title)
        while len(tokens) > MAX_SYLLABLES // 2 and tokens[-1].end() not in ends:
            tokens.pop()
    while tokens and tokens[-1].group(0) in _LEADING_IN:
        tokens.pop()
    head = title[:tokens[-1].end()] if tokens else ""
    words: list[str] = []
    for part in lazy_pinyin(head, style=Style.NORMAL, errors=lambda text: " ".join(_ASCII_WORD.findall(text))):
        words += [w for w in re.sub(r"[^a-z0-9]+", " ", part.lower()).split() if w]
    slug = "-".join(words)
    return slug if re.match(r"^[a-z]", slug) else fallback + (f"-{slug}" if slug else "")


def _word_ends(title: str) -> set[int]:
    """Where the words of `title` end, by jieba's dictionary (loaded here: `pingan new` and `import` wait ~0.7 s)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    ends, at = set(), 0
    for word in jieba.cut(title):
        at += len(word)
        ends.add(at)
    return ends


# What gives an id one word: a Chinese character (one syllable) or a run of letters and digits.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")
# Characters that lead into what follows them: an id cut after them reads as cut off (…-2024-nian-di).
# Not 地 or 得: in titles they mostly end a word (各地, 土地, 取得, 获得).
_LEADING_IN = frozenset("的之第和与及或并对把被将从向在于为以")

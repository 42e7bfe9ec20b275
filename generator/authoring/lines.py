"""Reading one line of a pasted page: is it furniture, a menu, prose; its date; the byline it is, if it is one;
a publisher's name as a source; the parts of a <title>."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..privacy.names import SURNAMES
from . import shapes as s

SPACES = re.compile(r"[\s\u3000\u00a0\u200b-\u200d\ufeff]+")


def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def furniture(text: str) -> s.Furniture | None:
    """The kind of page furniture `text` is, if any. A sentence of the story that only mentions a footer's or a
    widget's words (新探头的分辨率达到400万像素…。, 可拨打举报电话…。) is not furniture: a line that reads as prose,
    is longer than a widget's or a footer's line and holds those words past its start is furniture only when it is
    a site's declaration about its content (本网…未经授权不得转载。, 特别声明：…)."""
    for kind in s.FURNITURE:
        m = kind.pattern.search(text)
        if m is None:
            continue
        # words found inside a sentence, not a line that starts as furniture does (首页 > 时政新闻 > 长标题……)
        if m.start() > 0 and len(text) >= PROSE_MIN and is_prose(text) and not s.DECLARATION.search(text):
            return None
        return kind
    return None


PROSE_MIN = 24  # characters: a footer's or a widget's sentence is shorter (版权所有，未经授权不得转载。)


def is_menu(text: str) -> bool:
    """A navigation bar: four or more short items and nothing that reads as a sentence."""
    items = [i for i in re.split(r"[\s|｜/]+", text) if i]
    if byline(text, None):
        return False
    return len(items) >= 4 and all(len(i) <= 6 for i in items) and not re.search(r"[，。！？：:]", text)


def is_prose(text: str) -> bool:
    """A line of the story: it ends a sentence, or is long and punctuated as prose. Headlines are neither."""
    return (text.endswith(("。", "。”", "。」")) and len(text) >= 8) or ("。" in text and len(text) >= 16) or \
        (len(text) >= 45 and bool(re.search(r"[，；！？]", text)))


def date_text(m: re.Match[str]) -> str | None:
    """The date (and time) of a DATE_RE match, or None for a day that does not exist (2024-02-30)."""
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return None
    if not 1990 <= y <= 2100:
        return None
    if m["h"] is not None:
        h, mi = int(m["h"]), int(m["mi"])
        if m["ampm"] in ("下午", "晚上") and h < 12 or m["ampm"] == "中午" and h < 11:
            h += 12  # 下午3:05
        if h < 24 and mi < 60 and (h, mi) != (0, 0):
            return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}"


@dataclass
class Byline:
    """The people of a byline, and the publisher or unit it names (甘肃日报记者 X, 来源：卧龙区委政法委 X)."""

    people: list[tuple[str, str]]
    source: str | None = None


def byline(text: str, default: str | None = "作者", any_name: bool = False) -> Byline | None:
    """The byline that `text` is and nothing else, or None. Names with no role word before them (（韩夕玉）)
    take `default` and, unless `any_name` (the brackets of a dateline), must each start with a common surname."""
    text = text.strip().strip(s.BULLETS).strip()
    if text[:1] in "（(【[":
        text = text[1:].rstrip(")）】]") if text[-1:] in ")）】]" else text[1:]  # （通讯员 贾思远 曹瑞 — unclosed
    people: list[list[object]] = []  # [name, role, role given]
    role, given, source, group = default, False, None, 0
    pos = 0
    while pos < len(text):
        m = s.BYLINE_TOKENS.match(text, pos)
        if m is None or m.end() == pos:
            return None
        kind, token = m.lastgroup, m.group(m.lastgroup or 0)
        pos = m.end()
        if kind == "label":
            label = token.rstrip(":： ")
            if label in ("来源", "稿源"):
                org = s.ORG.match(text, pos)
                if org is None:
                    return None
                source, pos = org["org"], org.end()
            else:
                role, given, group = ("摄影" if label in ("摄影", "图片", "视频") else "作者"), True, len(people)
        elif kind == "pubrole":
            source = token
        elif kind == "role":
            role, given, group = s.ROLE_WORDS.get(re.sub(r"\s+", "", token), "作者"), True, len(people)
        elif kind == "after" and people and re.search("[图摄]", token):
            people[-1][1:] = ["摄影", True]
        elif kind == "suffix" and token.startswith("摄"):
            for person in people[group:]:
                person[1:] = ["摄影", True]
        elif kind == "place" and len(people) == group and given:  # 通讯员 柴德胜报道: a name, not a place
            people.append([token[:-2], role, given])
        elif kind == "name":
            if token in s.NOT_NAMES:
                return None
            after = s.BYLINE_TOKENS.match(text, pos)
            if after is not None and after.lastgroup == "role" and not surname_name(token):
                continue  # 职工通讯员, 特约记者: a word before the role describes it; it is no one's name
            people.append([token, role, given])
    if not people or any(r is None for _, r, _ in people):
        return None
    if not any_name and not all(g or surname_name(str(n)) for n, _, g in people):
        return None
    return Byline([(str(n), str(r)) for n, r, _ in people], source)


def surname_name(name: str) -> bool:
    return 2 <= len(name) <= 4 and (name[0] in SURNAMES or name[:2] in SURNAMES) and name not in s.NOT_NAMES \
        and name not in s.PROVINCES


def source_name(text: str) -> str:
    """A publisher as a source is written: 人民网-人民日报 and 新甘肃·甘肃日报 are 人民日报 and 甘肃日报."""
    text = text.strip().strip("《》【】[]()（）<>").strip()
    for sep in ("-", "－", "—", "·"):
        if sep in text:
            tail = text.rsplit(sep, 1)[1].strip()
            if s.PUBLISHER_RE.match(tail) and len(tail) >= 3:
                return tail
    return text




def head_parts(title: str) -> list[str]:
    """A <title> cut at its separators: 标题_频道_网站, 标题--报名, 标题-中新网四川 (a bare hyphen only before
    a publisher's name, so that 2023-2024 stays whole)."""
    parts = [p for p in re.split(r"\s*(?:--|——|_|\||｜|\s[-—]\s)\s*", clean(title)) if p]
    tail = re.match(r"^(?P<head>.+?)\s*[-—]\s*(?P<tail>[^-—\s]{2,14})$", parts[-1]) if parts else None
    if tail and s.SITE_TAIL.match(tail["tail"]):
        parts[-1:] = [tail["head"], tail["tail"]]
    return parts

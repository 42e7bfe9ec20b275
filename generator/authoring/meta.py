"""Meta lines (date, source, bylines, editors) and the tests that tell a headline-like line, a meta line and a
dateline apart; shared by the head of the page and the body of the story."""

from __future__ import annotations

import re

from . import shapes as s
from .ballot import Article, Ballot, Row
from .lines import (
    byline,
    clean,
    date_text,
    furniture,
    is_prose,
    source_name,
    surname_name,
)


def is_meta_line(text: str) -> bool:
    if s.SOURCE_LABEL.search(text) or s.AUTHOR_LABEL.search(text) or s.EDITION.search(text):
        return True
    m = s.DATE_RE.search(text)
    return bool(m) and len(text) <= 80 and not is_prose(text)


def meta_row(row: Row, ballot: Ballot, art: Article, near: bool) -> bool:
    """Takes the date, source and bylines of one line; True when the line held nothing else."""
    text = row.text
    took = False
    if len(text) <= 60 and take_byline(text, None, row.n, "署名行", ballot):
        return True
    rest = text
    for m in s.EDITION.finditer(text):
        rest = rest.replace(m[0], " ")
        took = True
    for m in s.SOURCE_LABEL.finditer(rest):
        value = m["v"].strip("《》")
        if surname_name(value) and len(value) <= 3 and not s.PUBLISHER_RE.match(value):
            ballot.add("people", (value, "作者"), 6, row.n, "“来源”写的是人名")  # 来源：汪晓棠
        else:
            ballot.add("source", value, 9 if near else 7, row.n, "“来源”标注")
        rest, took = rest.replace(m[0], " "), True
    for m in s.AUTHOR_LABEL.finditer(rest):
        for name in re.findall(s.NAME, m["v"] or ""):
            ballot.add("people", (name, "作者"), 8, row.n, "“作者”标注")
        rest, took = rest.replace(m[0], " "), True
    editors = re.findall(rf"(?:{s.EDITOR_WORDS})\s*[:：]\s*({s.NAME})", rest)
    art.editors += editors
    dates = [m for m in s.DATE_RE.finditer(rest) if date_text(m)]
    if dates and len(text) <= 100:
        m = dates[0]
        labelled = bool(s.DATE_LABEL.search(rest[:m.start()]))
        score = (9 if labelled else 8) if near else 5
        ballot.add("date", date_text(m), score + (1 if m["h"] else 0), row.n, "“发布时间”" if labelled else "日期行")
        for d in dates:
            rest = rest.replace(d[0], " ")
        took = True
        for token in re.split(r"[\s|｜]+", rest):  # <报名> 2021-09-13 18:42 大 中 小
            token = token.strip("《》【】[]（）()")
            if s.PUBLISHER_RE.match(source_name(token)) and token not in ("发布", "来源"):
                ballot.add("source", token, 6, row.n, "日期前后的报名")
                rest = rest.replace(token, " ")
        wechat = s.WECHAT_META.match(text)
        if wechat and not s.META_WORDS.fullmatch(wechat["account"]) and wechat["account"] not in s.NOT_SITES and \
                (wechat["ip"] is None or wechat["ip"] in s.PROVINCES or text.lstrip().startswith("原创")):
            ballot.add("site", wechat["account"], 7, row.n, "公众号名称")
            ballot.add("source", wechat["account"], 3, row.n, "公众号名称")
            if wechat["author"] and surname_name(wechat["author"]):
                ballot.add("people", (wechat["author"], "作者"), 6, row.n, "公众号文章的作者")
            return True
    if not took:
        return False
    leftover = s.META_WORDS.sub("", rest)
    if len(leftover) > 4 and take_byline(clean(rest), None, row.n, "日期行里的署名", ballot):
        return True  # 2024/05/17 09:12 来源:每日甘肃网-甘肃日报 新甘肃·甘肃日报记者郑凌霄 通讯员 郝丽媛
    if 2 <= len(leftover) <= 4 and surname_name(leftover) and leftover == "".join(rest.split()):
        ballot.add("people", (leftover, "作者"), 6, row.n, "日期和来源后的人名")  # 2024年04月12日 来源：南方日报 戴思源
    return len(leftover) <= 4


def take_byline(text: str, default: str | None, n: int, why: str, ballot: Ballot, any_name: bool = False) -> bool:
    """Adds the people (and the publisher) of `text` when it is a byline and nothing else."""
    found = byline(text, default, any_name)
    if found is None:
        return False
    if found.source:
        ballot.add("source", found.source, 6, n, why + "中的单位")
    for person in found.people:
        ballot.add("people", person, 8, n, why)
    return True


def headline_like(text: str) -> bool:
    if re.match(r"^(?:#|[-*+]\s|\||!\[|>|\d+\.\s)", text):
        return False  # Markdown already: a heading, a list item, a table row, an image, a quote
    return 2 <= len(text) <= 50 and not is_prose(text) and not re.search(r"[。！？；：:]$", text) and \
        not s.DATE_RE.search(text) and byline(text) is None and furniture(text) is None and not is_meta_line(text) \
        and not is_dateline(text)


def is_dateline(text: str) -> bool:
    m = s.DATELINE.match(text)
    return bool(m and dateline_source(m["head"], m["kind"], bool(m["md"])))


def dateline_source(head: str, kind: str, dated: bool) -> str | None:
    """The publisher at the start of a dateline's head (本报东营 -> 本报, 甘肃经济日报白银 -> 甘肃经济日报), or None
    when the head does not start with one (then the line is not a dateline)."""
    for k in range(len(head), 1, -1):
        lead, place = head[:k], head[k:]
        if len(place) > 8:
            break
        if lead in s.OWN_WORDS or s.PUBLISHER_RE.match(lead):
            if kind == "电" and dated and not place:
                agency = re.match(r"^.*?(?:社|网|报|台)", lead)  # 新华社北京 read as one word
                return agency[0] if agency else lead
            return lead
    return None

"""Finding the parts of a pasted news page: title, date, source, people, edition, editor's note and body.

Every field is chosen among scored candidates. A candidate comes from one line of the page (or from the
HTML head) through one shape of shapes.py and carries the reason it scored; the best one wins. A field is
*detected* when its winner has strong evidence and no close rival, otherwise it is *guessed*, and the
report says so, naming the line and the runner-up, so that staff know what to check.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from . import shapes as s

T = TypeVar("T")
META_WIDGETS = ("字号和打印按钮", "阅读次数", "评论和点赞数", "网站工具栏")  # furniture a meta line may carry
SURE = 6  # a winner at least this strong, with no rival within RIVAL points, is detected rather than guessed
RIVAL = 2
SPACES = re.compile(r"[\s\u3000\u00a0\u200b-\u200d\ufeff]+")


@dataclass(frozen=True)
class Edition:
    """A print-edition reference: （法治日报 2021年12月30日 第09版）."""

    paper: str
    date: str | None  # YYYY-MM-DD; an e-paper page may show only the page
    page: str | None  # as printed: 第09版, 05版, A3版; an e-paper page may show only the date

    def __str__(self) -> str:
        when = ""
        if self.date:
            y, m, d = self.date.split("-")
            when = f"{int(y)}年{int(m)}月{int(d)}日"
        return f"《{self.paper}》{when}{self.page or ''}"


@dataclass
class Candidate(Generic[T]):
    """One possible value of a field, the line it came from (0: the HTML head) and why it scored."""

    value: T
    score: int
    line: int
    why: str


@dataclass
class PageHints:
    """What an HTML page says of itself outside its text: <h1>, <title>, and <meta> names."""

    h1: str | None = None
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """What the detector made of a page; `detected`/`guessed` are the report's sentences."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    source: str | None = None
    reprinted_by: str | None = None
    reprint_date: str | None = None
    edition: Edition | None = None
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    editors: list[str] = field(default_factory=list)
    editor_note: bool = False
    captions: int = 0  # photo captions kept in the body as "> 图片说明：" quotes
    body: list[str] = field(default_factory=list)  # paragraphs; the editor's note as a "> " quote
    dropped: Counter[str] = field(default_factory=Counter)
    detected: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)


@dataclass
class Row:
    n: int  # line number in the input, from 1
    text: str
    furniture: s.Furniture | None = None


class Ballot:
    """The candidates of every field, in the order they were found."""

    def __init__(self) -> None:
        self.fields: dict[str, list[Candidate[object]]] = {}
        self.brands: dict[str, str] = {}  # 海报新闻 -> 大众网

    def add(self, name: str, value: object, score: int, line: int, why: str) -> None:
        if name == "source" and isinstance(value, str):
            raw, value = value, source_name(value)
            if "·" in raw:  # 大众网·海报新闻: the brand of a site, not a reprint of it
                self.brands[str(value)] = raw.split("·")[0].strip()
        if value:
            self.fields.setdefault(name, []).append(Candidate(value, score, line, why))

    def best(self, name: str) -> tuple[Candidate[object] | None, Candidate[object] | None]:
        """The winner (highest score, the earliest of equals) and the best rival with another value."""
        ranked = sorted(self.fields.get(name, []), key=lambda c: -c.score)
        if not ranked:
            return None, None
        rival = next((c for c in ranked[1:] if c.value != ranked[0].value), None)
        return ranked[0], rival


# -- lines ---------------------------------------------------------------------------------------------

def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def furniture(text: str) -> s.Furniture | None:
    return next((f for f in s.FURNITURE if f.pattern.search(text)), None)


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
            people.append([token, role, given])
    if not people or any(r is None for _, r, _ in people):
        return None
    if not any_name and not all(g or _surname_name(str(n)) for n, _, g in people):
        return None
    return Byline([(str(n), str(r)) for n, r, _ in people], source)


def _surname_name(name: str) -> bool:
    return 2 <= len(name) <= 4 and (name[0] in s.SURNAMES or name[:2] in s.SURNAMES) and name not in s.NOT_NAMES \
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


# -- the detector --------------------------------------------------------------------------------------

def read_article(lines: list[str], hints: PageHints | None = None) -> Article:
    """The parts of a page given as its text lines (and, for HTML, what its head says)."""
    hints = hints or PageHints()
    rows = [Row(n, clean(t)) for n, t in enumerate(lines, start=1) if clean(t)]
    for row in rows:
        row.furniture = furniture(row.text)
        if row.furniture and row.furniture.kind in META_WIDGETS and len(row.text) <= 100 and \
                (s.SOURCE_LABEL.search(row.text) or any(date_text(m) for m in s.DATE_RE.finditer(row.text))):
            row.furniture = None  # 发布日期：… 来源：… 字号：〖大 中 小〗: a meta line with its widgets
    art = Article()
    ballot = Ballot()
    _own_site(rows, hints, ballot)
    start = next((i for i, r in enumerate(rows) if is_prose(r.text) and r.furniture is None), len(rows))
    if start < len(rows) and not any(r.furniture is None and not is_menu(r.text) for r in rows[:start]):
        rows[start:start + 1] = _unglue(rows[start])
        start += 1 if len(rows) > start + 1 and not is_prose(rows[start].text) else 0
    t = _title(rows, start, hints, ballot, art)
    for row in rows[:max(t, 0)]:
        art.dropped[row.furniture.kind if row.furniture else "标题前的页面文字"] += 1
    for row in rows:  # print-edition references anywhere on the page
        for m in s.EDITION.finditer(row.text):
            date = date_text(s.DATE_RE.search(m["date"]))  # type: ignore[arg-type]
            if date:
                ballot.add("edition", Edition(m["paper"], date[:10], re.sub(r"\s+", "", m["page"])), 13, row.n,
                           "版面出处")
    _epaper(rows, t, hints, ballot)
    meta_end = _meta_zone(rows, t, start, ballot, art, hints)
    end = next((i for i in range(max(start, meta_end), len(rows)) if rows[i].furniture and rows[i].furniture.ends  # type: ignore[union-attr]
                and i > start), len(rows))
    _body(rows, meta_end, end, ballot, art)
    _after(rows, end, ballot, art)
    _decide(art, ballot)
    return art


def head_parts(title: str) -> list[str]:
    """A <title> cut at its separators: 标题_频道_网站, 标题--报名, 标题-中新网四川 (a bare hyphen only before
    a publisher's name, so that 2023-2024 stays whole)."""
    parts = [p for p in re.split(r"\s*(?:--|——|_|\||｜|\s[-—]\s)\s*", clean(title)) if p]
    tail = re.match(r"^(?P<head>.+?)\s*[-—]\s*(?P<tail>[^-—\s]{2,14})$", parts[-1]) if parts else None
    if tail and s.SITE_TAIL.match(tail["tail"]):
        parts[-1:] = [tail["head"], tail["tail"]]
    return parts


def _unglue(row: Row) -> list[Row]:
    """A headline, its deck, its byline and its paragraphs pasted as one line (e-paper text views):
    “调解茶室”开到了村口 小事不出村…83起   记者 沈立伟 / 莒南板泉：…平安 入夏以来，…。 “巡一圈…”…"""
    m = re.match(r"^(?P<head>[^\s，。！？；]{6,40}?)\s(?P<rest>[“\u4e00-\u9fff].+)$", row.text)
    if m is None or m["head"].endswith(("：", ":")):
        return [row]
    parts = [m["head"]]
    for chunk in re.split(r"(?<=[。！？”])\s+(?=\S)", m["rest"]):
        spaces = [k for k, c in enumerate(chunk) if c == " "]
        cut = next((k for k in spaces if byline(chunk[k + 1:], None)), None)  # …83起 记者 沈立伟
        parts += [chunk] if cut is None else [chunk[:cut], chunk[cut + 1:]]
    return [Row(row.n, p, furniture(p)) for p in parts]


def _own_site(rows: list[Row], hints: PageHints, ballot: Ballot) -> None:
    """The name of the site the page belongs to: its <title>'s tail, its footer's 版权所有/主办, its header."""
    if hints.title:
        parts = head_parts(hints.title)
        if len(parts) > 1:  # 标题_中国经济网——国家经济门户: the last part that reads as a site's name
            site = next((p for p in reversed(parts[1:]) if s.SITE_TAIL.match(p)), parts[-1])
            ballot.add("site", site, 6, 0, "网页标题栏的网站名")
    if hints.meta.get("sitename"):
        ballot.add("site", hints.meta["sitename"], 8, 0, "网页的 SiteName 标记")
    for row in rows:
        if row.furniture is None:
            continue
        for pattern, points, why in s.SITE_CUES:
            m = pattern.search(row.text)
            if m:
                ballot.add("site", m["v"], points, row.n, why)
                break
    for row in rows[:3]:  # the site's name as the first words of the page: 人民网, 南报网
        if s.PUBLISHER_RE.match(row.text) and len(row.text) <= 10 and not row.furniture and \
                row.text not in s.NOT_SITES:
            ballot.add("site", row.text, 4, row.n, "页面开头的网站名")
            break



def _title(rows: list[Row], start: int, hints: PageHints, ballot: Ballot, art: Article) -> int:
    """Scores every line above the story's first paragraph as the headline; returns the winner's index."""
    head_title = next(iter(head_parts(hints.title)), None) if hints.title else None
    texts = Counter(r.text for r in rows)
    scored: list[tuple[int, int, str]] = []
    for i in range(start):
        row = rows[i]
        prefix = s.TITLE_PREFIX.match(row.text)
        if prefix and prefix["author"] and not _surname_name(prefix["author"]):
            prefix = None
        text = s.TITLE_SUFFIX.sub("", row.text[prefix.end():] if prefix else row.text)
        if prefix and prefix["pub"]:
            ballot.add("source", prefix["pub"], 7, row.n, "标题前的【报名】")
        if row.furniture or is_menu(text) or s.SOURCE_LABEL.search(text) or byline(text, None) \
                or s.EPAPER_PAGE.match(text):
            continue
        score, why = 0, []
        for ref, points, reason in ((hints.h1, 6, "与网页的一级标题相同"),
                                    (hints.meta.get("articletitle"), 6, "与网页的标题标记相同"),
                                    (head_title, 5, "与网页标题栏相同")):
            if ref and clean(ref) == text:
                score += points
                why.append(reason)
        if not why and hints.title and len(text) >= 6 and text in clean(hints.title):
            score, why = score + 3, why + ["在网页标题栏里"]
        following = [r for r in rows[i + 1:i + 4] if not r.furniture]
        if following and (_is_meta_line(following[0].text) or byline(following[0].text)):
            score, why = score + 4, why + ["下面是日期、来源或署名行"]
        elif len(following) > 1 and _headline_like(following[0].text) and \
                (_is_meta_line(following[1].text) or byline(following[1].text)):
            score, why = score + 4, why + ["下面是副题，再下面是日期、来源或署名行"]
        elif any(_is_meta_line(r.text) or byline(r.text) for r in following[1:3]):
            score, why = score + 2, why + ["下面不远是日期、来源或署名行"]
        if text.startswith(("——", "—", "--")):
            score, why = score - 6, why + ["以破折号开头，是副题"]
        if len(text) >= 12:
            score += 1
        n = len(text)
        score += 2 if 8 <= n <= 40 else 0 if 5 <= n <= 60 else -4
        if s.PUBLISHER_RE.match(text) and n <= 12:
            score, why = score - 4, why + ["像网站或报纸的名称"]
        if s.DATE_RE.search(text) or s.WEEKDAY.search(text):
            score -= 5
        if text.endswith(("。", "：", ":")):
            score -= 3
        if texts[row.text] > 1:
            score += 1
        scored.append((score, i, text))
        ballot.add("title", text, score, row.n, "、".join(why) or "正文前的一行")
    if hints.h1 and not any(t == clean(hints.h1) for _, _, t in scored):
        ballot.add("title", clean(hints.h1), 5, 0, "网页的一级标题")
    elif head_title and not scored:
        ballot.add("title", clean(head_title), 4, 0, "网页标题栏")
    best, _ = ballot.best("title")
    if best is None:
        return -1
    index = next((i for sc, i, t in scored if t == best.value and sc == best.score), -1)
    if index >= 0:
        nxt = rows[index + 1].text if index + 1 < len(rows) else ""
        after = rows[index + 2].text if index + 2 < len(rows) else ""
        if re.match(r"^(?:——|—|--|－－)", nxt) or (_headline_like(nxt) and (_is_meta_line(after) or byline(after))):
            art.subtitle = re.sub(r"^[—\-－]+\s*", "", nxt)
            rows[index + 1].furniture = s.Furniture("副标题", re.compile(""), False)
        elif index > 0 and "下面是日期、来源或署名行" in best.why:
            prev = rows[index - 1]
            if not prev.furniture and 8 <= len(prev.text) <= 40 and not is_menu(prev.text) and \
                    not s.DATE_RE.search(prev.text) and not re.search(r"[。：:]$", prev.text) and \
                    not s.PUBLISHER_RE.match(prev.text) and prev.text != best.value:
                art.subtitle = prev.text  # a kicker (引题) right above the headline
    return index


def _epaper(rows: list[Row], t: int, hints: PageHints, ballot: Ballot) -> None:
    """An e-paper page's own edition, put together from its cues (当前报纸名称, 前一版 日期 后一版, 当前版:04版,
    日期:12-03 read against the page's clock): the paper and its date or page, above the headline."""
    cues: dict[str, tuple[str, int]] = {}
    for part in head_parts(hints.title or ""):  # <title>滨州日报</title>
        m = s.EPAPER_CUES[1][1].match(part)
        if m:
            cues["paper"] = (m["paper"], 0)
    clock = None
    lone_pages = []
    for row in rows[:max(t, 0) + 6]:
        for kind, pattern in s.EPAPER_CUES:
            m = pattern.match(row.text)
            if not m:
                continue
            found = m.groupdict()
            if found.get("paper") in s.NOT_SITES:
                continue
            if found.get("paper"):
                cues.setdefault("paper", (found["paper"], row.n))
            if found.get("date"):
                d = s.DATE_RE.search(found["date"])
                if d and date_text(d):
                    cues.setdefault("date", (str(date_text(d))[:10], row.n))
            if kind == "month-day":
                cues.setdefault("month-day", (f"{int(m['mo']):02d}-{int(m['d']):02d}", row.n))
            if kind == "page":
                cues.setdefault("page", (m["page"], row.n))
            if kind == "lone-page":
                lone_pages.append((m["page"], row.n))
            break
        d = s.DATE_RE.search(row.text)
        if clock is None and d and date_text(d) and len(row.text) <= 24:
            clock = str(date_text(d))[:10]
    for row in rows[max(t, 0) + 6:]:  # 鲁南商报多媒体数字版 in the footer: the page is the paper's own
        m = s.EPAPER_CUES[1][1].match(row.text)
        if m and "paper" not in cues and re.search("数字|电子", row.text):
            ballot.add("site", m["paper"], 9, row.n, "数字报的报名")
    if "page" not in cues and len(lone_pages) == 1:  # one 00005版：平安浙江 row, not a list of all pages
        cues["page"] = lone_pages[0]
    if "date" not in cues and "month-day" in cues and clock:  # 日期:12-03 on a reader whose clock says 2026-01-24
        year = int(clock[:4]) - (1 if cues["month-day"][0] > clock[5:] else 0)
        cues["date"] = (f"{year}-{cues['month-day'][0]}", cues["month-day"][1])
    if "date" in cues:
        ballot.add("date", cues["date"][0], 7, cues["date"][1], "数字报的日期")
    if "paper" in cues and ("date" in cues or "page" in cues):
        date, page = cues.get("date", (None, 0))[0], cues.get("page", (None, 0))[0]
        ballot.add("edition", Edition(cues["paper"][0], date, page), 12, cues["paper"][1], "数字报的报名、日期和版次")
    if "paper" in cues:
        ballot.add("site", cues["paper"][0], 9, cues["paper"][1], "数字报的报名")


def _is_meta_line(text: str) -> bool:
    if s.SOURCE_LABEL.search(text) or s.AUTHOR_LABEL.search(text) or s.EDITION.search(text):
        return True
    m = s.DATE_RE.search(text)
    return bool(m) and len(text) <= 80 and not is_prose(text)


def _meta_zone(rows: list[Row], t: int, start: int, ballot: Ballot, art: Article, hints: PageHints) -> int:
    """Reads the lines between the headline and the story (and two lines above the headline for a date);
    returns the index where the story begins."""
    if hints.meta.get("pubdate"):
        m = s.DATE_RE.search(hints.meta["pubdate"])
        if m and date_text(m):
            ballot.add("date", date_text(m), 8, 0, "网页的发布时间标记")
    if hints.meta.get("contentsource"):
        ballot.add("source", clean(hints.meta["contentsource"]), 8, 0, "网页的来源标记")
    for i in range(max(0, t - 2), t):
        m = s.DATE_RE.search(rows[i].text)
        if m and date_text(m) and not rows[i].furniture:
            clock = bool(s.WEEKDAY.search(rows[i].text))
            ballot.add("date", date_text(m), 1 if clock else 4, rows[i].n, "标题上方的日期")
    begin = t + 1
    while begin < len(rows) and begin < max(start, t + 1):
        row = rows[begin]
        if row.furniture or is_menu(row.text):
            art.dropped[row.furniture.kind if row.furniture else "导航菜单"] += 1
        elif begin - t <= 3 and len(row.text) <= 12 and _take_byline(row.text, "作者", row.n, "标题下的署名", ballot):
            pass  # 邵清禾 alone under the headline
        elif not _meta_row(row, ballot, art, near=begin - t <= 4):
            if is_prose(row.text) or s.EDITOR_NOTE.match(row.text):
                break
            if len(row.text) <= 6 and not re.search(r"\d", row.text):
                art.dropped["标题和正文之间的短行"] += 1
            else:
                break
        begin += 1
    return begin


def _meta_row(row: Row, ballot: Ballot, art: Article, near: bool) -> bool:
    """Takes the date, source and bylines of one line; True when the line held nothing else."""
    text = row.text
    took = False
    if len(text) <= 60 and _take_byline(text, None, row.n, "署名行", ballot):
        return True
    rest = text
    for m in s.EDITION.finditer(text):
        rest = rest.replace(m[0], " ")
        took = True
    for m in s.SOURCE_LABEL.finditer(rest):
        value = m["v"].strip("《》")
        if _surname_name(value) and len(value) <= 3 and not s.PUBLISHER_RE.match(value):
            ballot.add("people", (value, "作者"), 6, row.n, "“来源”写的是人名")  # 来源：汪晓棠
        else:
            ballot.add("source", value, 9 if near else 7, row.n, "“来源”标注")
        rest, took = rest.replace(m[0], " "), True
    for m in s.AUTHOR_LABEL.finditer(rest):
        for name in re.findall(s.NAME, m["v"]):
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
                (wechat["ip"] is None or wechat["ip"] in s.PROVINCES):
            ballot.add("site", wechat["account"], 7, row.n, "公众号名称")
            ballot.add("source", wechat["account"], 3, row.n, "公众号名称")
            if wechat["author"] and _surname_name(wechat["author"]):
                ballot.add("people", (wechat["author"], "作者"), 6, row.n, "公众号文章的作者")
            return True
    if not took:
        return False
    leftover = s.META_WORDS.sub("", rest)
    if len(leftover) > 4 and _take_byline(clean(rest), None, row.n, "日期行里的署名", ballot):
        return True  # 2024/05/17 09:12 来源:每日甘肃网-甘肃日报 新甘肃·甘肃日报记者郑凌霄 通讯员 郝丽媛
    return len(leftover) <= 4


def _body(rows: list[Row], begin: int, end: int, ballot: Ballot, art: Article) -> None:
    """The story's paragraphs between `begin` and `end`: furniture dropped, the dateline and the bylines taken
    out of the first and the last paragraphs, the editor's note marked."""
    paragraphs: list[tuple[int, str]] = []
    for row in rows[begin:end]:
        text = row.text
        if row.furniture or is_menu(text):
            art.dropped[row.furniture.kind if row.furniture else "导航菜单"] += 1
            continue
        note = s.EDITOR_NOTE.match(text)
        if note and not art.editor_note and not paragraphs:
            art.editor_note = True
            paragraphs.append((row.n, "> **编者按**：" + text[note.end():]))
            continue
        if len(paragraphs) == 1 and paragraphs[0][1] == "> **编者按**：":  # 编者的话 on a line of its own
            paragraphs[0] = (paragraphs[0][0], paragraphs[0][1] + text)
            continue
        signed = s.DATE_RE.fullmatch(text)
        if signed and date_text(signed) and len(paragraphs) >= 2 and s.SIGNATURE_UNIT.match(paragraphs[-1][1]):
            n1, unit = paragraphs.pop()  # a notice signed at the end: 南县司法局 / 2023年6月12日
            ballot.add("source", unit, 8, n1, "文末落款单位")
            ballot.add("date", date_text(signed), 9, row.n, "文末落款日期")
            art.dropped["落款"] += 2
            continue
        if not is_prose(text) and _meta_row(row, ballot, art, near=False):
            art.dropped["署名和来源行"] += 1
            continue
        caption = _caption(row.n, text, ballot)
        if caption:
            art.captions += 1
            paragraphs.append((row.n, "> 图片说明：" + caption))
            continue
        paragraphs.append((row.n, text))
    best, _ = ballot.best("title")
    _headings(paragraphs, str(best.value) if best else "", art)
    first = next((k for k, (_, p) in enumerate(paragraphs) if p and not p.startswith((">", "#"))), None)
    if first is not None:
        n, text = paragraphs[first]
        paragraphs[first] = (n, _dateline(n, text, ballot))
        while first < len(paragraphs):  # 新华社…电 题：… then 新华社记者 X、Y on the next line
            n, text = paragraphs[first]
            wire = s.WIRE_TITLE.match(text)
            if wire:
                ballot.add("title", wire["title"], 25, n, "通稿的“题：”行")
            elif not (text == "" or text.startswith(">") or (len(text) <= 40 and _take_byline(
                    text, "作者" if len(text) <= 12 else None, n, "导语前的署名", ballot))):
                break
            if not text.startswith(">"):
                paragraphs[first] = (n, "")
            first += 1
    _end_bylines(paragraphs, ballot, art)
    art.body = [p for _, p in paragraphs if p]


def _headline_like(text: str) -> bool:
    if re.match(r"^(?:#|[-*+]\s|\||!\[|>|\d+\.\s)", text):
        return False  # Markdown already: a heading, a list item, a table row, an image, a quote
    return 2 <= len(text) <= 50 and not is_prose(text) and not re.search(r"[。！？；：:]$", text) and \
        not s.DATE_RE.search(text) and byline(text) is None and furniture(text) is None and not _is_meta_line(text) \
        and not _is_dateline(text)


def _is_dateline(text: str) -> bool:
    m = s.DATELINE.match(text)
    return bool(m and _dateline_source(m["head"], m["kind"], bool(m["md"])))


def _headings(paragraphs: list[tuple[int, str]], headline: str, art: Article) -> None:
    """Short lines that are not sentences: before the story, the headline again (dropped) or its deck (the
    subtitle, when there is none yet); inside it, section headings (## 小事不出村)."""
    seen_prose = False
    title = re.sub(r"\W", "", headline)
    first_prose = next((k for k, (_, p) in enumerate(paragraphs) if p and not p.startswith(">") and is_prose(p)),
                       len(paragraphs))
    sections = any(_headline_like(p) for _, p in paragraphs[first_prose:])  # the story has section headings
    for k, (n, text) in enumerate(paragraphs):
        if text.startswith(">") or not _headline_like(text):
            seen_prose = seen_prose or (not text.startswith(">") and bool(text))
            continue
        bare = re.sub(r"\W", "", text)
        if title and (bare == title or (len(bare) >= 8 and _similar(bare, title))):
            paragraphs[k] = (n, "")
            art.dropped["重复的标题"] += 1
        elif not seen_prose and art.subtitle is None and len(text) >= 6 and not sections:
            art.subtitle = text
            paragraphs[k] = (n, "")
        elif len(text) <= 20 and k + 1 < len(paragraphs) and is_prose(paragraphs[k + 1][1]):
            paragraphs[k] = (n, "## " + text)


def _similar(a: str, b: str) -> bool:
    """Two headlines for the same story: one holds the other, or they share most of their characters."""
    if a in b or b in a:
        return True
    common = sum((Counter(a) & Counter(b)).values())
    return common >= 0.7 * max(len(a), len(b))


def _caption(n: int, text: str, ballot: Ballot) -> str | None:
    """A photo's caption (the text without its credit), its photographer taken as 摄影; None for other text."""
    m = s.CAPTION.match(text)
    if m is None or len(m["text"]) > 60 or len(re.findall("[。！？]", m["text"])) > 1:
        return None  # a paragraph of the story with a photo credit after it, not a caption
    found = byline(m["by"] or "", "摄影")
    if found:
        shot = m["credit"].rstrip().endswith("摄")  # 本报通讯员 崔文静 摄: the photographer, whatever the role word
        for name, role in found.people:
            ballot.add("people", (name, "摄影" if shot or role in ("作者", "记者") else role), 8, n, "图片署名")
    return m["text"].strip()


def _dateline(n: int, text: str, ballot: Ballot) -> str:
    """本报讯（记者 X）, 新华社北京3月5日电（记者 X）, 枝江融媒（记者 X）: taken out, their parts kept."""
    m = s.DATELINE.match(text)
    src = _dateline_source(m["head"], m["kind"], bool(m["md"])) if m else None
    if m and src is None and m["kind"] != "电" and m["by"] and len(m["head"]) <= 8 and byline(m["by"], None):
        src = m["head"]  # 三峡秭归讯（通讯员 X）: a local outlet's name, known by the byline after it
        ballot.add("site", src, 3, n, "电头里的本地媒体名")
    if m and src:
        if src in s.OWN_WORDS:
            ballot.add("source", src, 2, n, f"导语前的“{src}讯”")
        elif m["kind"] == "电" and src.endswith("社"):
            ballot.add("source", src, 10, n, "导语前的通讯社电头")
        else:
            ballot.add("source", src, 7, n, "导语前的电头")
        rest = text[m.end():].lstrip("，, ")
        if m["by"] and not _take_byline(m["by"], "作者", n, "导语前的署名", ballot, any_name=True):
            return f"（{m['by']}）{rest}"  # a byline not understood stays in the story: nothing is lost
        return rest
    m = s.SOURCE_PAREN.match(text) or s.BYLINE_PAREN.match(text)
    if m:
        if m.groupdict().get("src"):
            ballot.add("source", m["src"], 7, n, "导语前的电头")
        _take_byline(m["by"], None, n, "导语前的署名", ballot)
        return text[m.end():]
    return text


def _dateline_source(head: str, kind: str, dated: bool) -> str | None:
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


def _end_bylines(paragraphs: list[tuple[int, str]], ballot: Ballot, art: Article) -> None:
    """Bylines at the end of a story: （韩夕玉）, (记者 张三), 文/图 李四, 记者 梅鲁生 摄, 来源：XX日报 X,
    an author's note （作者系…）, and a byline in brackets or a photo credit closing the last paragraph."""
    for k in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        n, text = paragraphs[k]
        if not text:
            continue
        if s.AUTHOR_NOTE.match(text):
            art.dropped["作者简介"] += 1
            paragraphs[k] = (n, "")
            continue
        note = s.AUTHOR_NOTE_END.search(text)
        if note:
            art.dropped["作者简介"] += 1
            text = text[:note.start()].rstrip()
        if len(text) <= 60 and _take_byline(text, "作者", n, "文末署名", ballot):
            paragraphs[k] = (n, "")
            continue
        tail = s.END_PAREN.search(text)
        if tail and _take_byline(tail["by"], "作者", n, "文末署名", ballot):
            text = text[:tail.start()].rstrip()
        photo = s.PHOTO_CREDIT.search(text)
        if photo and _take_byline(photo["by"] + " 摄", "作者", n, "图片署名", ballot):
            text = text[:photo.start()].rstrip()
        paragraphs[k] = (n, text)
        if text:
            break


def _take_byline(text: str, default: str | None, n: int, why: str, ballot: Ballot, any_name: bool = False) -> bool:
    """Adds the people (and the publisher) of `text` when it is a byline and nothing else."""
    found = byline(text, default, any_name)
    if found is None:
        return False
    if found.source:
        ballot.add("source", found.source, 6, n, why + "中的单位")
    for person in found.people:
        ballot.add("people", person, 8, n, why)
    return True


def _after(rows: list[Row], end: int, ballot: Ballot, art: Article) -> None:
    """What follows the story: counted as dropped; a 来源/作者 block there (公众号 and reposts) still counts."""
    for k, row in enumerate(rows[end:]):
        art.dropped[row.furniture.kind if row.furniture else "正文后的页面文字"] += 1
        if k < 8:
            for m in s.SOURCE_LABEL.finditer(row.text):
                ballot.add("source", m["v"].strip("《》"), 8, row.n, "文末“来源”标注")
            for m in s.AUTHOR_LABEL.finditer(row.text):
                for name in re.findall(s.NAME, m["v"]):
                    ballot.add("people", (name, "作者"), 7, row.n, "文末“作者”标注")
            art.editors += re.findall(rf"(?:{s.EDITOR_WORDS})\s*[:：]?\s*({s.NAME})", row.text)


def _decide(art: Article, ballot: Ballot) -> None:
    """The winners, and the report's sentence for each field."""
    site, _ = ballot.best("site")
    own = str(site.value) if site else None
    wire, _ = ballot.best("source")
    if own is None and wire is not None:  # 来源：新华网 over a 新华社 wire story: the site that carried it
        own = next((str(c.value) for c in ballot.fields["source"] if c.why == "“来源”标注" and c.score >= 9 and
                    c.value != wire.value), None)
    edition, _ = ballot.best("edition")
    if edition is not None:
        art.edition = edition.value  # type: ignore[assignment]
        ballot.add("source", art.edition.paper, edition.score, edition.line, "版面出处")  # type: ignore[union-attr]
        ballot.add("date", art.edition.date, edition.score, edition.line, "版面出处")  # type: ignore[union-attr]
        art.detected.append(f"版面出处 {art.edition}（第 {edition.line} 行）")
    for name, label in (("title", "标题"), ("date", "时间"), ("source", "来源")):
        best, rival = ballot.best(name)
        if best is None:
            continue
        value = str(best.value)
        if name == "source" and value in s.OWN_WORDS:
            if own is None:
                art.guessed.append(f"来源只写了“{value}”（第 {best.line} 行），页面上找不到报名或网站名，请填写")
                continue
            value = own
        split = re.match(r"^(?P<title>.{4,}?)\s*(?:——|--)\s*(?P<sub>.{4,})$", value) if name == "title" else None
        if split and not s.DATE_RE.search(split["sub"]):  # 标题——副题 on one line
            value, art.subtitle = split["title"], split["sub"]
        setattr(art, name, value)
        shown = f"《{value}》" if name == "title" else f" {value}"
        where = f"第 {best.line} 行，" if best.line else ""
        if best.score >= SURE and (rival is None or rival.score < best.score - RIVAL):
            art.detected.append(f"{label}{shown}（{where}{best.why}）")
        else:
            other = f"；另一个可能是{rival.value}（第 {rival.line} 行）" if rival else ""
            art.guessed.append(f"{label}推测为{shown}（{where}{best.why}{other}），请核对")
    if art.edition and art.date and ballot.fields.get("date"):
        page_dates = [c for c in ballot.fields["date"] if c.why != "版面出处" and c.value != art.date]
        if page_dates:
            art.reprint_date = str(max(page_dates, key=lambda c: c.score).value)
    if own and art.source and own != art.source and own not in art.source and art.source not in own and \
            ballot.brands.get(art.source) != own:
        art.reprinted_by = own
        art.detected.append(f"转载网站 {own}")
    people: list[tuple[str, str]] = []
    for c in sorted(ballot.fields.get("people", []), key=lambda c: c.line):
        if c.value not in people:
            people.append(c.value)  # type: ignore[arg-type]
    roles = {n for n, r in people if r != "作者"}  # 作者 is what a bare name gets: a named role says more
    art.people = [(n, r) for n, r in people if r != "作者" or n not in roles]
    if art.subtitle:
        art.detected.append(f"副标题《{art.subtitle}》")
    if art.editor_note:
        art.detected.append("编者按（保留在正文开头，已标明）")
    if art.captions:
        art.guessed.append(f"图片说明 {art.captions} 条，保留为“图片说明”引用段：请配上图片，或删掉")
    if art.editors:
        art.detected.append(f"原稿编辑 {'、'.join(dict.fromkeys(art.editors))}（不列为作者）")

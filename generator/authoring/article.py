"""Finding the parts of a pasted news page: title, date, source, people, edition, editor's note and body.

Every field is chosen among scored candidates. A candidate comes from one line of the page (or from the
HTML head) through one shape of shapes.py and carries the reason it scored; the best one wins. A field is
*detected* when its winner has strong evidence and no close rival, otherwise it is *guessed*, and the
report says so, naming the line and the runner-up, so that staff know what to check.
"""

from __future__ import annotations

import re
from collections import Counter

from . import shapes as s
from .ballot import RIVAL, SURE, Article, Ballot, Edition, PageHints, Row
from .body import PICTURE, read_after, read_body
from .lines import byline, clean, date_text, furniture, head_parts, is_menu, is_prose, surname_name
from .meta import headline_like, is_dateline, is_meta_line, meta_row, take_byline

__all__ = ["Article", "Edition", "PageHints", "read_article"]

META_WIDGETS = ("字号和打印按钮", "阅读次数", "评论和点赞数", "网站工具栏")  # furniture a meta line may carry


def read_article(lines: list[str], hints: PageHints | None = None) -> Article:
    """The parts of a page given as its text lines (and, for HTML, what its head says)."""
    hints = hints or PageHints()
    rows = [Row(n, clean(t)) for n, t in enumerate(lines, start=1) if clean(t)]
    for row in rows:
        row.furniture = None if row.n in hints.table_lines else \
            furniture(row.text) or (s.LINK_LIST if row.n in hints.link_lines else None)
        if row.furniture and row.furniture.kind in META_WIDGETS and len(row.text) <= 100 and \
                (s.SOURCE_LABEL.search(row.text) or (any(date_text(m) for m in s.DATE_RE.finditer(row.text)) and
                                                     not s.WEEKDAY.search(row.text))):
            row.furniture = None  # 发布日期：… 来源：… 字号：〖大 中 小〗: a meta line with its widgets (not a clock)
    art = Article()
    ballot = Ballot()
    _own_site(rows, hints, ballot)
    start = next((i for i, r in enumerate(rows) if is_prose(r.text) and r.furniture is None), len(rows))
    if start < len(rows) and not any(r.furniture is None and not is_menu(r.text) for r in rows[:start]):
        rows[start:start + 1] = _unglue(rows[start])
        start += 1 if len(rows) > start + 1 and not is_prose(rows[start].text) else 0
    # Pictures above the story's first paragraph (a lead photo under the headline) are set aside while the head
    # is read: between a headline and its meta line they would part the two. Those below the headline open the body.
    aside = [r for r in rows[:start] if PICTURE.match(r.text)]
    if aside:
        rows = [r for r in rows if r not in aside]
        start -= len(aside)
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
    if aside:
        below = [r for r in aside if t >= 0 and t < len(rows) and r.n > rows[t].n]
        rows[meta_end:meta_end] = below
        art.dropped["标题前的图片"] += len(aside) - len(below)
        start += len(below) if start >= meta_end else 0
    end = next((i for i in range(max(start, meta_end), len(rows)) if rows[i].furniture and rows[i].furniture.ends  # type: ignore[union-attr]
                and i > start), len(rows))
    read_body(rows, meta_end, end, ballot, art, hints.headings, hints.table_lines)
    read_after(rows, end, ballot, art)
    _decide(art, ballot)
    return art


def _unglue(row: Row) -> list[Row]:
    """A headline, its deck, its byline and its paragraphs pasted as one line (e-paper text views):
    “调解茶室”开到了村口 小事不出村…83起   记者 沈立伟 / 莒南板泉：…平安 入夏以来，…。 “巡一圈…”…"""
    m = re.match(r"^(?P<head>[^\s，。！？；]{6,40}?)\s(?P<rest>[“\u4e00-\u9fff].+)$", row.text)
    if m is None or m["head"].endswith(("：", ":")) or is_dateline(row.text):
        return [row]  # 本报讯（记者 王明）近日…: the story's first paragraph (a Word file's title is not a line)
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
        if prefix and prefix["author"] and not surname_name(prefix["author"]):
            prefix = None
        text = s.TITLE_SUFFIX.sub("", row.text[prefix.end():] if prefix else row.text)
        if prefix and prefix["pub"]:
            ballot.add("source", prefix["pub"], 7, row.n, "标题前的【报名】")
        if row.furniture or is_menu(text) or s.SOURCE_LABEL.search(text) or byline(text, None) \
                or s.EPAPER_PAGE.match(text):
            continue
        score, why = 0, []
        for ref, points, reason in ((hints.h1, 6, "与一级标题相同"),
                                    (hints.meta.get("articletitle"), 6, "与网页的标题标记相同"),
                                    (head_title, 5, "与网页标题栏相同")):
            if ref and clean(ref) == text:
                score += points
                why.append(reason)
        if not why and hints.title and len(text) >= 6 and text in clean(hints.title):
            score, why = score + 3, why + ["在网页标题栏里"]
        following = [r for r in rows[i + 1:i + 4] if not r.furniture]
        if following and (is_meta_line(following[0].text) or byline(following[0].text)):
            score, why = score + 4, why + ["下面是日期、来源或署名行"]
        elif len(following) > 1 and headline_like(following[0].text) and \
                (is_meta_line(following[1].text) or byline(following[1].text)):
            score, why = score + 4, why + ["下面是副题，再下面是日期、来源或署名行"]
        elif any(is_meta_line(r.text) or byline(r.text) for r in following[1:3]):
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
        ballot.add("title", clean(hints.h1), 5, 0, "一级标题（网页的 h1 或 Word 的标题 1）")
    elif head_title and not scored:
        ballot.add("title", clean(head_title), 4, 0, "网页标题栏")
    best, _ = ballot.best("title")
    if best is None:
        return -1
    index = next((i for sc, i, t in scored if t == best.value and sc == best.score), -1)
    if index >= 0:
        nxt = rows[index + 1].text if index + 1 < len(rows) else ""
        after = rows[index + 2].text if index + 2 < len(rows) else ""
        if re.match(r"^(?:——|—|--|－－)", nxt) or (headline_like(nxt) and (is_meta_line(after) or byline(after))):
            art.subtitle = re.sub(r"^[—\-－]+\s*", "", nxt)
            rows[index + 1].furniture = s.Furniture("副标题", re.compile(""), False)
        elif index > 0 and "下面是日期、来源或署名行" in best.why:
            prev = rows[index - 1]
            if not prev.furniture and 8 <= len(prev.text) <= 40 and not is_menu(prev.text) and \
                    not s.DATE_RE.search(prev.text) and not re.search(r"[。：:]$", prev.text) and \
                    not s.PUBLISHER_RE.match(prev.text) and prev.text != best.value:
                art.subtitle = prev.text.rstrip("—-－ ")  # a kicker (引题) right above the headline
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
        if row.furniture is s.LINK_LIST:
            continue  # an item of the site's menu (医院院报), not the name of the paper on show
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
        posted = s.FORUM_POSTED.match(row.text)
        if posted and date_text(posted):  # 发表于 2017-6-7 08:12:33 | 只看该作者: a forum post's only date
            ballot.add("date", date_text(posted), 8 + (1 if posted["h"] else 0), row.n, "论坛帖子的发表时间")
        if row.furniture or is_menu(row.text):
            art.dropped[row.furniture.kind if row.furniture else "导航菜单"] += 1
        elif art.subtitle is None and re.match(r"^(?:——|—|--|－－)\s*\S", row.text) and \
                headline_like(row.text.lstrip("—-－ ")):
            art.subtitle = row.text.lstrip("—-－ ")  # —副题 under the meta line or under 原标题：…
        elif begin - t <= 3 and len(row.text) <= 12 and take_byline(row.text, "作者", row.n, "标题下的署名", ballot):
            pass  # 邵清禾 alone under the headline
        elif not meta_row(row, ballot, art, near=begin - t <= 4):
            if is_prose(row.text) or s.EDITOR_NOTE.match(row.text):
                break
            if len(row.text) <= 6 and not re.search(r"\d", row.text):
                art.dropped["标题和正文之间的短行"] += 1
            else:
                break
        begin += 1
    return begin


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
            if own is None:  # the importer says whose: a Word file's is this site's, a page's another site's
                art.own_words = (value, best.line)
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

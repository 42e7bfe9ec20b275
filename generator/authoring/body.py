"""The story's body: its paragraphs between the meta lines and the page's footer, with the editor's note marked,
captions kept as quotes, the headline block and section headings sorted out, the dateline and the bylines at the
start and the end taken out, and what follows the story read for a late 来源/作者."""

from __future__ import annotations

import re
from collections import Counter

from . import shapes as s
from .ballot import Article, Ballot, Row
from .lines import (
    byline,
    date_text,
    is_menu,
    is_prose,
)
from .meta import dateline_source, headline_like, meta_row, take_byline

PICTURE = re.compile(r"^!\[[^\]]*\]\(\S+\)$")  # a page's picture, at its place (sources.html_lines)
QUOTED_SENTENCE = re.compile(r"^[“「\"].*[。！？!?…][”」\"]$")  # a quoted sentence on its own line
UNCAPTIONED = re.compile(r"^!\[\]\(\S+\)$")
SET_APART = (">", "#", "![", "|")  # quotes (notes, captions), headings, pictures and table rows: not the story's text


def read_body(rows: list[Row], begin: int, end: int, ballot: Ballot, art: Article,
              heads: frozenset[str] = frozenset(), table: frozenset[int] = frozenset()) -> None:
    """The story's paragraphs between `begin` and `end`: furniture dropped, the dateline and the bylines taken
    out of the first and the last paragraphs, the editor's note marked. `heads`: the texts the page marks as
    headings (<h2>–<h4>); where the story has some, they are its section headings and no others are guessed.
    `table`: the numbers of the lines that are a table's rows, kept as they are."""
    paragraphs: list[tuple[int, str]] = []
    for row in rows[begin:end]:
        text = row.text
        if PICTURE.match(text):  # a page's picture, its caption as its alt text (a photo credit in it read)
            paragraphs.append((row.n, _credited(row.n, text, ballot)))
            continue
        if row.n in table:
            paragraphs.append((row.n, text))  # a table's row (from a page's <table>)
            continue
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
        if not is_prose(text) and meta_row(row, ballot, art, near=False):
            art.dropped["署名和来源行"] += 1
            continue
        caption = _caption(row.n, text, ballot)
        if caption and paragraphs and UNCAPTIONED.match(paragraphs[-1][1]):
            n, picture = paragraphs[-1]  # the caption right under a picture the page gave no words
            paragraphs[-1] = (n, "![" + caption.replace("[", "【").replace("]", "】") + picture[2:])
            continue
        if caption:
            art.captions += 1
            paragraphs.append((row.n, "> 图片说明：" + caption))
            continue
        paragraphs.append((row.n, text))
    best, _ = ballot.best("title")
    headings(paragraphs, str(best.value) if best else "", art, heads)
    first = next((k for k, (_, p) in enumerate(paragraphs) if p and not p.startswith(SET_APART)), None)
    if first is not None:
        n, text = paragraphs[first]
        paragraphs[first] = (n, take_dateline(n, text, ballot))
        while first < len(paragraphs):  # 新华社…电 题：… then 新华社记者 X、Y on the next line
            n, text = paragraphs[first]
            wire = s.WIRE_TITLE.match(text)
            if wire:
                ballot.add("title", wire["title"], 25, n, "通稿的“题：”行")
            elif not (text == "" or text.startswith(SET_APART) or (len(text) <= 40 and take_byline(
                    text, "作者" if len(text) <= 12 else None, n, "导语前的署名", ballot))):
                break
            if not text.startswith(SET_APART):
                paragraphs[first] = (n, "")
            first += 1
    end_bylines(paragraphs, ballot, art)
    art.body = [p for _, p in paragraphs if p]


def headings(paragraphs: list[tuple[int, str]], headline: str, art: Article,
             heads: frozenset[str] = frozenset()) -> None:
    """Short lines that are not sentences: before the story, the headline again (dropped) or its deck (the
    subtitle, when there is none yet); inside it, section headings (## 小事不出村): those the page marks as
    headings (`heads`) when it marks any inside the story, else those that look like one."""
    seen_prose = False
    title = re.sub(r"\W", "", headline)
    first_prose = next((k for k, (_, p) in enumerate(paragraphs) if p and not p.startswith(SET_APART) and is_prose(p)),
                       len(paragraphs))
    marked = {k for k, (_, p) in enumerate(paragraphs) if k > first_prose and p in heads and not is_prose(p)}
    for k in marked:
        n, text = paragraphs[k]
        paragraphs[k] = (n, "## " + text)
    sections = bool(marked) or any(headline_like(p) for _, p in paragraphs[first_prose:])  # has section headings
    for k, (n, text) in enumerate(paragraphs):
        if marked and k > first_prose:
            continue  # the page says which lines are headings
        if text.startswith(">") or not headline_like(text):
            seen_prose = seen_prose or (not text.startswith(SET_APART) and bool(text))
            continue
        bare = re.sub(r"\W", "", text)
        if title and (bare == title or (len(bare) >= 8 and _similar(bare, title))):
            paragraphs[k] = (n, "")
            art.dropped["重复的标题"] += 1
        elif not seen_prose and art.subtitle is None and len(text) >= 6 and not sections:
            art.subtitle = text
            paragraphs[k] = (n, "")
        elif QUOTED_SENTENCE.match(text):
            continue  # “你们不给我解决问题，我就不下去！”: a line of dialogue, not a heading
        elif len(text) <= 20 and k + 1 < len(paragraphs) and is_prose(paragraphs[k + 1][1]):
            prev = paragraphs[k - 1][1] if k > 0 else ""
            if seen_prose and len(prev) <= 20 and headline_like(prev) and not QUOTED_SENTENCE.match(prev):
                # a heading set on two lines: 整合资源 / 群众诉求“一窗受理”
                paragraphs[k - 1] = (paragraphs[k - 1][0], "")
                text = prev + " " + text
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
        shot = m["credit"].rstrip(" ）)").endswith("摄")  # 本报通讯员 崔文静 摄: the photographer, any role word
        for name, role in found.people:
            ballot.add("people", (name, "摄影" if shot or role in ("作者", "记者") else role), 8, n, "图片署名")
    return m["text"].strip()


def _credited(n: int, picture: str, ballot: Ballot) -> str:
    """A picture whose alt text is a caption with its credit (… 记者 金玉敏 摄): the photographer taken, the credit
    out of the alt text."""
    alt, address = picture[2:].split("](", 1)
    caption = _caption(n, alt, ballot) if alt else None
    return f"![{caption}]({address}" if caption else picture


def take_dateline(n: int, text: str, ballot: Ballot) -> str:
    """本报讯（记者 X）, 新华社北京3月5日电（记者 X）, 枝江融媒（记者 X）: taken out, their parts kept."""
    m = s.DATELINE.match(text)
    src = dateline_source(m["head"], m["kind"], bool(m["md"])) if m else None
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
        if m["by"] and not take_byline(m["by"], "作者", n, "导语前的署名", ballot, any_name=True):
            return f"（{m['by']}）{rest}"  # a byline not understood stays in the story: nothing is lost
        return rest
    m = s.SOURCE_PAREN.match(text) or s.BYLINE_PAREN.match(text)
    if m:
        if m.groupdict().get("src"):
            ballot.add("source", m["src"], 7, n, "导语前的电头")
        take_byline(m["by"], None, n, "导语前的署名", ballot)
        return text[m.end():]
    return text


def end_bylines(paragraphs: list[tuple[int, str]], ballot: Ballot, art: Article) -> None:
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
        supplied = s.SUPPLIED.match(text)
        if supplied:
            ballot.add("source", supplied["org"], 8, n, "文末的“供稿”单位")
            paragraphs[k] = (n, "")
            continue
        if len(text) <= 60 and take_byline(text, "作者", n, "文末署名", ballot):
            paragraphs[k] = (n, "")
            continue
        tail = s.END_PAREN.search(text)
        if tail and take_byline(tail["by"], "作者", n, "文末署名", ballot):
            text = text[:tail.start()].rstrip()
        photo = s.PHOTO_CREDIT.search(text)
        if photo and take_byline(photo["by"] + " 摄", "作者", n, "图片署名", ballot):
            text = text[:photo.start()].rstrip()
        paragraphs[k] = (n, text)
        if text:
            break


def read_after(rows: list[Row], end: int, ballot: Ballot, art: Article) -> None:
    """What follows the story: counted as dropped; a 来源/作者 block there (公众号 and reposts) still counts."""
    for k, row in enumerate(rows[end:]):
        art.dropped[row.furniture.kind if row.furniture else "正文后的页面文字"] += 1
        if k < 8:
            for m in s.SOURCE_LABEL.finditer(row.text):
                ballot.add("source", m["v"].strip("《》"), 8, row.n, "文末“来源”标注")
            for m in s.AUTHOR_LABEL.finditer(row.text):
                for name in re.findall(s.NAME, m["v"] or ""):
                    ballot.add("people", (name, "作者"), 7, row.n, "文末“作者”标注")
            art.editors += re.findall(rf"(?:{s.EDITOR_WORDS})\s*[:：]?\s*({s.NAME})", row.text)

"""A saved web page as the importer reads it: its text as lines, as a browser lays them out, and what its markup
says that the text alone does not (its <h1>, <title> and <meta> names, its own address, its section headings, its
pictures, which lines are only links, which are a table's rows).

The page is read once with lxml and changed in passes, each a function below: what the page hides is dropped; a
table of figures becomes Markdown table rows; a picture of the story becomes a Markdown image where it stood; links
are marked so that a line made only of links (a menu, a ticker) is known; blocks end lines. Lines are then cut from
the text, and the lines that are only links or a table's rows are named by their numbers (a story's paragraph that
happens to repeat a menu item is not one of them).
"""

from __future__ import annotations

import re
from typing import Any

from .ballot import PageHints
from .lines import furniture

# Pictures a page has around its article rather than in it: logos, icons, QR codes (二维码, often "ewm"), spacers,
# share buttons, a poster's avatar (Discuz' uc_server/avatar.php, /avatar/1.png).
DECOR = re.compile(r"logo|icon|qrcode|\bqr|ewm|erweima|spacer|blank\.gif|^data:|avatar|"
                   r"(?:^|/)(?:wx|weixin|wechat|weibo|share|fenxiang)[\w-]{0,12}\.(?:png|gif|jpe?g|svg)(?:$|\?)", re.I)
NAMED_SIZE = re.compile(r"_w(\d{1,4})_h(\d{1,4})(?=[._])")
DECOR_PX = 48  # a picture set this small or smaller (width or height) is an icon, a bullet or a spacer
# Where pages that load their pictures late (WeChat, many news sites) keep the picture's address.
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")
# A browser's "save page" writes where the page came from: <!-- saved from url=(0047)https://… -->
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
# An address a page may give as its own: http(s), a host with a dot, no space or control character, not endless.
OWN_ADDRESS = re.compile(r"https?://[^\s/\x00-\x1f\x7f]+\.[^\s\x00-\x1f\x7f]{0,2000}")
# A forum post's parts that are its writer's, not the post's (Discuz: div.sign, div.avatar; others: signature).
POSTER_PARTS = frozenset({"sign", "signature", "avatar", "postsign", "user-signature"})
SCRIPT_TIME = re.compile(r"\bvar\s+ct\s*=\s*[\"'](\d{9,10})[\"']")  # a WeChat article's time, in its script
CAPTION_CLASS = re.compile(r"caption|pic_?(?:txt|text|desc|note|title)|img_?(?:txt|text|desc|title)|tuzhu|photo_?desc",
                           re.I)  # how pages class the line under a picture
CAPTION_MAX = 120  # characters: a longer centred block under a picture is the story's text
TABLE_CELL_MAX = 80  # characters: a longer cell is a page laid out in a table, not a table of figures

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "td", "dd",
          "dt", "table", "ul", "ol", "header", "footer", "nav", "aside", "blockquote", "center", "hr"}
INLINE = ("span", "a", "em", "strong", "b", "i", "u", "font", "small", "big", "sub", "sup", "label", "abbr", "time",
          "cite", "q", "s", "strike", "ins", "del", "mark")
# Invisible marks put into the text while the lines are made (and taken out of the page first, so that a page
# holding them cannot pass for marked text): around a link's text, and before a line that is a table's row or an
# item of a menu.
LINK_START, LINK_END, TABLE_ROW, MENU_ITEM, LINE_BREAK = "\u2062", "\u2063", "\u2064", "\u2061", "\u2060"
MARKS = str.maketrans("", "", LINK_START + LINK_END + TABLE_ROW + MENU_ITEM + LINE_BREAK)
# A <br> in mid-sentence: the text before it on its line is a sentence under way (a comma in it, or long) and does
# not end one; the text after it goes on. Such a break is where the page's editor pressed Enter, not a paragraph.
SENTENCE_ENDS = tuple("。！？；：:!?;…”’」』）)】]|")
ADJACENT_LINKS = re.compile(f"{LINK_END}[ \t]*{LINK_START}")
LINKED = re.compile(f"{LINK_START}[^{LINK_END}]*{LINK_END}")
SEPARATORS = " |｜/·•、"


def html_lines(text: str) -> tuple[list[str], PageHints]:
    """Block-level text lines of an HTML page, and what its markup says: <h1>, <title>, the <meta> names government
    and news sites fill in (ArticleTitle, PubDate, ContentSource, SiteName, author), its own address, its headings,
    its pictures, and the numbers of the lines that are only links or a table's rows."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(text.translate(MARKS))
    meta = _meta(doc, text)
    title = " ".join(doc.xpath("string(//title)").split()) or None  # read before <head> goes
    _script_time(doc, text, meta)
    for bad in doc.xpath("//script|//style|//noscript|//iframe|//form|//head"):
        bad.drop_tree()
    pictures = [picture_source(img) for img in doc.xpath("//body//img") if picture_source(img) and not _decor(img)]
    heads = frozenset(" ".join(h.text_content().split()) for h in doc.xpath("//body//h2|//body//h3|//body//h4"))
    hints = PageHints(h1=doc.xpath("normalize-space(//h1)") or None,
                      title=title, meta=meta,
                      images=list(dict.fromkeys(pictures)), headings=heads - {""})
    _unwrap_inline(doc)
    _drop_hidden(doc)
    _tables_as_markdown(doc)
    _pictures_in_place(doc, meta.get("base") or meta.get("url", ""))
    _mark_links(doc)
    for el in doc.iter():
        if el.tag == "br":
            el.tail = LINE_BREAK + (el.tail or "")
        elif isinstance(el.tag, str) and el.tag in BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    body = doc.body if doc.find("body") is not None else doc
    lines, links, table = [], set(), set()
    for n, line in enumerate(_line_breaks(body.text_content()).split("\n"), start=1):
        line = line.strip()
        if line.startswith(TABLE_ROW):
            table.add(n)
        only_links = line.count(LINK_START) >= 2 and not LINKED.sub("", line).strip(SEPARATORS + MENU_ITEM)
        if only_links or (line.startswith(MENU_ITEM) and not LINKED.sub("", line).strip(SEPARATORS + MENU_ITEM)):
            links.add(n)
        lines.append(ADJACENT_LINKS.sub(" | ", line).translate(MARKS).strip())  # a menu's items stay apart
    hints.link_lines, hints.table_lines = frozenset(links), frozenset(table)
    return lines, hints


def _line_breaks(text: str) -> str:
    """The page's <br>s (marked LINE_BREAK) as line ends, except one in mid-sentence (主持召开<br>推进会。): there
    the two lines are one, as they are in a plain-text paragraph. Linear in the text's length."""
    pieces = text.split(LINE_BREAK)
    out = [pieces[0]]
    line = _Line().extend(pieces[0])
    for piece in pieces[1:]:
        after = piece.lstrip(" \t\u3000")
        if line.under_way() and re.match(r"[\u4e00-\u9fff\dA-Za-z“（(《]", after):
            han = re.match(r"[\u4e00-\u9fff“（《]", after) and re.search(r"[\u4e00-\u9fff”）》]$", line.end)
            out[-1] = out[-1].rstrip(" \t\u3000")
            out.append(("" if han else " ") + after)
            line.extend(after)
        else:
            out.append("\n" + piece)
            line = _Line().extend(piece)
    return "".join(out)


class _Line:
    """What _line_breaks needs to know of the line being read: its length, whether it has a comma or a menu's or a
    table's mark, and how it ends."""

    def __init__(self) -> None:
        self.length, self.comma, self.marked, self.end = 0, False, False, ""

    def extend(self, piece: str) -> _Line:
        if "\n" in piece:  # a new line begins inside the piece
            self.length, self.comma, self.marked, self.end = 0, False, False, ""
            piece = piece.rsplit("\n", 1)[1]
        self.marked = self.marked or MENU_ITEM in piece or TABLE_ROW in piece
        shown = piece.translate(MARKS).strip(" \t\u3000")
        self.length += len(shown)
        self.comma = self.comma or bool(re.search(r"[，、,]", shown))
        self.end = (self.end + shown)[-8:] if shown else self.end
        return self

    def under_way(self) -> bool:
        """A sentence under way: long, or with a comma, and not ended (。！？：…) on this line."""
        return (self.length >= 20 or self.comma) and not self.marked and not self.end.endswith(SENTENCE_ENDS)


def _meta(doc: Any, text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in doc.xpath("//meta[@content]"):
        name = (el.get("name") or el.get("property") or "").lower().replace("og:", "")
        if name in ("articletitle", "pubdate", "contentsource", "sitename", "site_name", "author", "publishdate"):
            key = {"site_name": "sitename", "publishdate": "pubdate"}.get(name, name)
            meta[key] = " ".join(el.get("content").split())
    address = _own_address(doc, text)
    if address:
        meta["url"] = address
    bases = [b.strip() for b in doc.xpath("//base/@href") if OWN_ADDRESS.fullmatch(b.strip())]
    if bases:
        meta["base"] = bases[0]  # where the page's relative addresses start (its pictures')
    articles = max(len(doc.xpath("//article")), len(doc.xpath("//h1")))
    if articles > 1:
        meta["articles"] = str(articles)  # read by the importer: one story per file, so it warns
    return meta


def _script_time(doc: Any, text: str, meta: dict[str, str]) -> None:
    """A WeChat article saved without its scripts run shows no date: its time is only in the script
    (var ct = "1760178600", Unix time). Written where the page's script would write it (<em id="publish_time">,
    so that the line reads 原创 作者 公众号 2025-10-11 18:30 as it does in a browser), in China's time."""
    import datetime

    found = SCRIPT_TIME.search(text)
    if found is None or meta.get("pubdate"):
        return
    china = datetime.timezone(datetime.timedelta(hours=8))
    shown = f"{datetime.datetime.fromtimestamp(int(found[1]), china):%Y-%m-%d %H:%M}"
    slot = doc.xpath("//*[@id='publish_time']")
    if slot and not slot[0].text_content().strip():
        slot[0].text = shown
    elif not slot:
        meta["pubdate"] = shown


def _own_address(doc: Any, text: str) -> str | None:
    """The page's own web address, as it states it: canonical link, og:url, a url meta, or the saved-from note."""
    found = [*doc.xpath("//link[@rel='canonical']/@href"), *doc.xpath("//meta[@property='og:url']/@content"),
             *doc.xpath("//meta[@name='url']/@content")]
    saved = SAVED_FROM.search(text[:2000])
    found += [saved[1]] if saved else []
    return next((a.strip() for a in found if OWN_ADDRESS.fullmatch(a.strip())), None)


def _unwrap_inline(doc: Any) -> None:
    """A line break in the source around inline markup is a space, as a browser shows it (<span>日期</span>⏎
    <a>来源</a> stays one line); a block's own text keeps its breaks (some pages set it white-space: pre)."""
    for el in doc.iter(*INLINE):
        el.text, el.tail = _unwrapped(el.text), _unwrapped(el.tail)
        parent = el.getparent()
        if parent is not None and parent.text and parent.index(el) == 0 and parent.tag not in ("pre", "textarea"):
            kept = parent.text.rstrip(" \t\r\n")
            if "\n" in parent.text[len(kept):] or "\r" in parent.text[len(kept):]:
                parent.text = kept + " "  # 2019年10月23日⏎<a>环球网</a>: only the break just before


def _unwrapped(text: str | None) -> str | None:
    """`text` with each line break (and the spaces around it) as one space; linear in the text's length."""
    if not text or ("\n" not in text and "\r" not in text):
        return text
    parts = re.split(r"[\r\n]+", text)
    return " ".join([parts[0].rstrip(" \t"), *(p.strip(" \t") for p in parts[1:-1]), parts[-1].lstrip(" \t")])


def _drop_hidden(doc: Any) -> None:
    """Drop what the page never shows (style="display:none", hidden): a profile card, a second copy of a menu; and
    what a forum shows around a post that is not the post (its writer's signature, avatar and profile card).
    Never the article itself: an element holding most of the page's text stays, however it is styled."""
    total = len(doc.text_content())
    hidden = "@hidden or contains(translate(@style, ' ', ''), 'display:none')"
    for el in doc.xpath(f"//body//*[{hidden} or @class]"):
        poster = POSTER_PARTS.intersection((el.get("class") or "").lower().split())
        shown = el.get("hidden") is None and "display:none" not in (el.get("style") or "").replace(" ", "")
        if shown and not poster:
            continue
        if el.getparent() is not None and len(el.text_content()) * 2 < total:
            el.drop_tree()


def _tables_as_markdown(doc: Any) -> None:
    """A table of figures as Markdown table rows, one line each, marked as a table's (nothing flattened away)."""
    from lxml import html as lxml_html

    for table in doc.xpath("//body//table"):
        rows = table_rows(table)
        if rows is not None and table.getparent() is not None:
            block = lxml_html.Element("div")
            block.text = "\n".join(TABLE_ROW + row for row in rows)
            block.tail = table.tail
            table.getparent().replace(table, block)


def table_rows(table: Any) -> list[str] | None:
    """A table of figures as Markdown table rows: the first row as its header, a cell spanning columns or rows
    repeated in each (so that every figure stays under its heading), short rows padded, a line break in a cell a
    space. None for a table that lays out a page (tables or pictures inside, long cells, a single row or column)."""
    if table.xpath(".//table|.//img"):
        return None
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.xpath(".//tr")):
        c = 0
        for cell in tr.xpath("./th|./td"):
            while (r, c) in grid:
                c += 1
            for br in cell.iter("br"):
                br.tail = " " + (br.tail or "")
            text = " ".join(cell.text_content().split()).replace("|", "｜")
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid.setdefault((r + dr, c + dc), text)
            c += _span(cell, "colspan")
    rows = [[grid.get((r, c), "") for c in range(1 + max(c for _, c in grid))]
            for r in range(1 + max(r for r, _ in grid))] if grid else []
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    if len(rows) < 2 or width < 2 or any(len(cell) > TABLE_CELL_MAX for row in rows for cell in row):
        return None
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return [lines[0], "| " + " | ".join(["---"] * width) + " |", *lines[1:]]


def _span(cell: Any, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1


def _pictures_in_place(doc: Any, base: str) -> None:
    """A picture of the story becomes a Markdown image where it stood, with its alt text and its address (made
    absolute from the page's <base> or own address); decorations and addresses that are no picture's
    (javascript:, mailto:) are dropped."""
    from lxml import html as lxml_html

    for img in doc.xpath("//body//img"):
        src = picture_source(img)
        parent = img.getparent()
        if parent is None:
            continue
        if not src or _decor(img) or re.match(r"(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:", src):
            img.drop_tree()
            continue
        alt = _caption_below(img) or " ".join((img.get("alt") or img.get("title") or "").split())
        alt = alt.replace("[", "【").replace("]", "】")
        block = lxml_html.Element("div")
        block.text = f"![{alt}]({picture_address(src, base)})"
        block.tail = img.tail
        parent.replace(img, block)


def _caption_below(img: Any) -> str | None:
    """The caption a page sets right under a picture (<figcaption>, a cell or block classed as a caption, a short
    centred line), taken out of the page to be the picture's alt text; None when the picture has none. A centred
    line in bold is a section heading, not a caption."""
    holder = img
    while holder.getparent() is not None and holder.getparent().tag not in ("body", "html") and \
            not holder.getparent().text_content().strip() and len(holder.getparent().xpath(".//img")) == 1:
        holder = holder.getparent()
    below = holder.getnext()
    if below is None or not isinstance(below.tag, str) or (holder.tail or "").strip():
        return None
    text = " ".join(below.text_content().split())
    bold = " ".join("".join(b.text_content() for b in below.xpath(".//strong|.//b")).split())
    styled = " ".join([below.get("class") or "", below.get("style") or "", below.get("align") or "",
                       *(f"{c.get('style') or ''} {c.get('align') or ''}" for c in below)]).lower().replace(" ", "")
    classes = " ".join([below.get("class") or "", *(c.get("class") or "" for c in below)])
    marked = below.tag == "figcaption" or CAPTION_CLASS.search(classes) is not None or \
        "text-align:center" in styled or "center" in (below.get("align") or "").lower()
    if not marked or not 2 <= len(text) <= CAPTION_MAX or below.xpath(".//img|.//table") or \
            below.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol") or (bold and bold == text):
        return None
    below.drop_tree()
    return text


def _mark_links(doc: Any) -> None:
    """Marks each link's text, so that a line made only of links is known (a menu, a headline ticker, a list of
    tags), and each item of a list whose every item is a link (a site's menu). A link that is itself the end of a
    story (返回搜狐，查看更多 glued to a byline) becomes a line of its own."""
    for link in doc.iter("a"):
        shown = " ".join(link.text_content().split())
        found = furniture(shown) if shown else None
        if found is not None and found.kind == "翻页链接":
            link.text, link.tail = "\n" + (link.text or ""), "\n" + (link.tail or "")
        elif shown:
            link.text = LINK_START + (link.text or "")
            link.tail = LINK_END + (link.tail or "")
    for menu in doc.xpath("//body//ul|//body//ol"):
        items = menu.findall("li")
        if len(items) >= 2 and all(LINK_START in (t := li.text_content()) and not LINKED.sub("", t).strip(SEPARATORS)
                                   for li in items):
            for li in items:
                li.text = MENU_ITEM + (li.text or "")


def picture_source(img: Any) -> str:
    """The address an <img> shows: its src, or the late-loaded one when src is missing or a placeholder."""
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        src = next((img.get(name).strip() for name in LAZY_SOURCES if (img.get(name) or "").strip()), src)
    return src


def picture_address(src: str, base: str) -> str:
    """A picture's address as a Markdown image may hold it: made absolute from `base` when there is one, with
    spaces, brackets and control characters percent-encoded (never written raw into a draft)."""
    from urllib.parse import quote, urljoin

    address = urljoin(base, src) if base else src
    return quote(address, safe="/:?&=#%~+@,;!$'*.-_")


def _decor(img: Any) -> bool:
    """Whether the <img> `img` is one of the page's decorations, not a picture of the article (an animated GIF
    of the article is a picture: only its size or name says it is decoration)."""
    if DECOR.search(picture_source(img)):
        return True
    sizes = [re.match(r"\s*(\d+)\s*(?:px)?\s*$", img.get(side) or "") for side in ("width", "height")]
    named = NAMED_SIZE.search(picture_source(img))  # size1_w16_h16.png: a 16-pixel icon, whatever the markup says
    return any(size is not None and int(size[1]) <= DECOR_PX for size in sizes) or \
        (named is not None and min(int(named[1]), int(named[2])) <= DECOR_PX)

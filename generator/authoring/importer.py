"""`pingan import`: Word files and articles copied from news websites become draft stories.

Each file is read in whatever encoding it uses, converted to Simplified Chinese, cleaned of page
boilerplate (breadcrumbs, copyright notices, recommendation lists, editor tags, share widgets, image
file names left as text) and searched for its title, date and time, source and bylines. What was found
and what had to be guessed is reported per file so that staff can check it. Numbers, dates and names in
the text are left as written. An article imported before (same text, in any encoding) is not imported again.
Reading the inputs (encodings, HTML, Word, Traditional Chinese) lives in sources.py.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from .. import limits
from ..config import SiteConfig
from ..content.common import CHECK_CITE, TO_FILL
from ..errors import visible
from ..pinyin import slug_for
from . import shapes
from .article import Article, PageHints, read_article
from .lines import byline
from .meta import is_dateline
from .new import existing_ids, unique
from .sources import (
    SourceProblem,
    WordImage,
    decode,
    docx_markdown,
    docx_styled,
    plain_text,
    repair_pinyin,
    to_simplified,
)
from .webpage import html_lines

SUFFIXES = {".docx", ".txt", ".md", ".html", ".htm"}


@dataclass
class Imported:
    """What became of one input file: the story written, and what the detector found for each field."""

    source: Path
    story: Path | None = None
    duplicate_of: str | None = None
    article: Article | None = None
    detected: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def _paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs as Markdown: a blank line between them, none inside a table or a list from a Word file."""
    out: list[str] = []
    item = re.compile(r"^(?:[-*+]|\d+\.)\s")
    for p in paragraphs:
        block = p.startswith("|") or item.match(p)
        if out and block and (out[-1].startswith("|") if p.startswith("|") else item.match(out[-1])):
            out[-1] += "\n" + p
        else:
            out.append(p)
    return "\n\n".join(out).strip() + "\n"


# -- one file ------------------------------------------------------------------------------------------

def fingerprint(text: str) -> str:
    """The same article gives the same fingerprint whatever its encoding or line ends."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def imported_before(root: Path) -> dict[str, str]:
    """Fingerprint -> story file, for every story that came from `pingan import`."""
    found: dict[str, str] = {}
    news = root / "content" / "news"
    for path in sorted(news.rglob("*.md")) if news.is_dir() else []:
        try:
            with limits.open_file(path) as handle:  # never a FIFO or a link out of the project
                head = handle.read(4096).decode("utf-8", errors="replace")
        except limits.Unreadable:
            continue  # build and check report it
        match = re.search(r"^imported:\s*['\"]?([0-9a-f]{16})", head, re.M)
        if match:
            found[match[1]] = path.relative_to(root).as_posix()
    return found


def import_file(root: Path, config: SiteConfig, path: Path, column: str | None, now: datetime,
                seen: dict[str, str]) -> Imported:
    """Turn one file into a draft story under content/news/<year>/ and say what was detected and guessed."""
    result = Imported(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        office = "；旧版 Word（.doc）和 WPS 文档请用 Word 或 WPS 打开，“另存为” .docx 后再导入" \
            if suffix in (".doc", ".wps", ".rtf", ".odt") else ""
        raise SourceProblem(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                            f"可以导入 .docx、.txt、.md、.html{office}")
    images: list[WordImage] = []
    try:  # an ordinary file only: a FIFO would wait forever, a device never end
        raw = limits.read_file(path, limit=limits.MAX_IMAGE_BYTES)
    except limits.Unreadable as exc:
        raise SourceProblem(f"{path.name}：{exc.message}；只能导入普通的文件") from None
    lines, hints, images = _read(path, raw, result)
    if not "".join(lines).strip():
        raise SourceProblem(f"{path.name}：文件里没有文字（空文件，或网页里没有正文）；请检查是不是存错了文件")
    key = fingerprint("\n".join(lines))
    if key in seen:
        result.duplicate_of = seen[key]
        return result
    art = analyse(lines, hints, result)
    if hints.images:
        _pictures_said(art.body, len(hints.images), result)
    body = _paragraphs(_as_text(art.body, result))
    if not body.strip():
        result.guessed.append("没有找到正文（只有标题或一行字），请把正文补上")
    if images:
        body = _save_images(images, body, root / "content" / "images", f"{slug_for(path.stem, 'import')}-{key[:6]}",
                            result)
    title = _unmarked(art.title or path.stem)  # a headline is text: markup in it is dropped, entities read
    if not art.title:
        result.guessed.append(f"没有找到标题，用了文件名《{title}》")
    if len(title) > TITLE_MAX:  # a whole article pasted as one line: the check would refuse the story
        body = title + "\n\n" + body if not body.strip() else body
        title = title[:TITLE_MAX - 1] + "…"
        result.guessed.append(f"标题超过 {TITLE_MAX} 个字，已截短，整段文字放进了正文；请改写标题")
    date_text, year = _date(art.date, now, result)
    source = _unmarked(art.source or "")
    if not source and art.own_words and art.own_words[0] in SITE_WORDS and path.suffix.lower() == ".docx":
        # 本网讯 in a colleague's Word file: this site's own story (本报讯 in one is a paper's, to be named)
        source = art.own_words[0]
        result.detected.append(f"来源 {source}（第 {art.own_words[1]} 行：Word 文档里的本单位稿件）")
    elif not source and art.own_words:
        source = TO_FILL
        result.guessed.append(f"来源只写了“{art.own_words[0]}”（第 {art.own_words[1]} 行），页面上找不到报名或网站名，"
                              f"已写成“{TO_FILL}”，请填写")
    elif not source:
        source = TO_FILL
        result.guessed.append(f"没有找到来源，已写成“{TO_FILL}”")
    for role in ("记者", "通讯员", "摄影", "作者"):
        names = [n for n, r in art.people if r == role]
        if names:
            result.detected.append(f"{role} {'、'.join(names)}")
    if not art.people:
        result.guessed.append("没有找到作者署名")
    if column is None:
        column = config.columns[0].id
        result.guessed.append(f"栏目没有指定，暂放在 {column}（{config.columns[0].name}），可用 --column 指定")

    story_id = unique(slug_for(title, f"import-{key[:8]}"), existing_ids(root, "news"))
    target = root / "content" / "news" / str(year) / f"{story_id}.md"
    front = [
        "---",
        f"id: {story_id}",
        f"title: {_yaml(title)}",
        f"date: {date_text}",
        f"column: {column}",
        f"source: {_yaml(source)}",
    ]
    if hints.meta.get("url"):  # the page says where it was published
        front.append(f"source_url: {_yaml(hints.meta['url'])}")
        result.detected.append(f"原文网址 {hints.meta['url']}（网页自己写明的地址）")
    if art.subtitle:
        front.insert(3, f"subtitle: {_yaml(_unmarked(art.subtitle)[:TITLE_MAX])}")
    if art.people:
        front.append("authors:")
        front += [f"  - {{name: {n}, role: {r}}}" for n, r in art.people]
    front += [f"cite: {_yaml(_cite(art, source))}",
              f"imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改",
              "draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行", "---", ""]
    text = "\n".join(front) + "\n" + body
    if len(text.encode("utf-8")) > limits.MAX_TEXT_BYTES:  # the build refuses a story this long: never write one
        raise SourceProblem(f"{path.name}：文章有 {len(text.encode('utf-8')) // 1024} KB，超过一篇稿件的上限 "
                            f"{limits.MAX_TEXT_BYTES // 1024} KB；"
                            "请确认是不是把整个网站或多篇文章存进了一个文件，分开后再导入")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    result.story = target
    seen[key] = target.relative_to(root).as_posix()
    result.guessed += _personal_data(root, config, target)
    return result


def _personal_data(root: Path, config: SiteConfig, story: Path) -> list[str]:
    """What the personal-data check finds in an imported story (a correspondent's phone number in the text), said
    in the import report: the story is a draft, so the build only warns of it until it is published."""
    from .. import privacy
    from ..errors import Collector
    from ..privacy.detect import redact

    collector = Collector()
    privacy.scan_path(root, story, privacy.allowed(config.public_contacts), collector)
    # lines of the draft written (the report's other lines are the original's): said so
    return [f"{f'草稿第 {p.line} 行' if p.line else ''}{redact(p.message)}，发布前请删除或改写"
            for p in collector.problems]


def _read(path: Path, raw: bytes, result: Imported) -> tuple[list[str], PageHints, list[WordImage]]:
    """The text lines of a file, what an HTML page's head says, and a Word file's images."""
    if path.suffix.lower() == ".docx":
        markdown, title, images = docx_markdown(path, raw)
        result.detected.append("Word 文档")
        styled = docx_styled(raw)
        if styled:
            shown = "、".join(styled[:3]) + ("等" if len(styled) > 3 else "")
            result.guessed.append(f"原文有 {len(styled)} 段文字用颜色、突出显示、底纹或下划线标出（{shown}），"
                                  "草稿里是普通文字：要强调的请改成 **加粗**")
        lines = markdown.split("\n")
        table = frozenset(n for n, line in enumerate(lines, start=1) if line.startswith("|"))  # Word's own tables
        return lines, PageHints(h1=title, table_lines=table), images
    text, encoding = decode(raw)
    result.detected.append(f"编码 {encoding}")
    if path.suffix.lower() in (".html", ".htm"):
        lines, hints = html_lines(text)
        return lines, hints, []
    front = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.S)
    if path.suffix.lower() == ".md" and front:  # a Markdown file with its own front matter (another site's story)
        try:
            meta = yaml.safe_load(front[1])
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            result.detected.append("Markdown 文件自带的信息区（title、date、source）")
            hints = PageHints(h1=str(meta["title"]) if meta.get("title") else None,
                              meta={k: str(meta[m]) for k, m in (("pubdate", "date"), ("contentsource", "source"))
                                    if meta.get(m)})
            body = text[front.end():]
            headline = [hints.h1] if hints.h1 else []
            return [*headline, *body.replace("\r\n", "\n").split("\n")], hints, []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), PageHints(), []


def analyse(lines: list[str], hints: PageHints, result: Imported) -> Article:
    """The article in a page's lines: converted to Simplified Chinese, then its parts detected."""
    lines = [_unbold_lead(line) for line in _convert_lines(lines, result)]

    def simplified(text: str | None) -> str | None:
        return to_simplified(repair_pinyin(text)[0])[0] if text else None

    simple = PageHints(simplified(hints.h1), simplified(hints.title),
                       meta={k: to_simplified(v)[0] for k, v in hints.meta.items()},
                       link_lines=hints.link_lines, table_lines=hints.table_lines,  # by line: kept as they are
                       headings=frozenset(str(simplified(h)) for h in hints.headings))
    art = read_article(lines, simple)
    if int(hints.meta.get("articles", "1")) > 1:
        result.guessed.append(f"网页上好像有 {hints.meta['articles']} 篇文章（{hints.meta['articles']} 个大标题），"
                              "导入成了一篇：请核对正文里是否混进了另一篇，它的日期和来源可能被当作页面杂项删掉了")
    if art.dropped["分页链接"]:
        result.guessed.append("原文分成了几页（有页码或“下一页”），只导入了这一页：请把后面各页的正文也复制进来")
    result.article = art
    result.detected += art.detected
    result.guessed += art.guessed
    result.dropped.update(art.dropped)
    return art


BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*\n]{2,60}?)\*\*")


def _unbold_lead(line: str) -> str:
    """A paragraph whose dateline or byline is set in bold (Word files often do: **本报讯（记者 王明）**近日…,
    **记者 王明**) read without the bold marks, so they are found and taken out like plain ones; any other bold
    start (**一是强化排查。**各乡镇…) stays bold."""
    m = BOLD_LEAD.match(line)
    if m is None:
        return line
    lead = m["lead"].strip()
    if is_dateline(lead) or byline(lead) is not None or shapes.BYLINE_PAREN.match(lead) \
            or shapes.SOURCE_PAREN.match(lead):
        return lead + line[m.end():]
    return line


def analyse_file(path: Path) -> Article:
    """The article in one file, without writing anything (for the accuracy bench and for tests)."""
    result = Imported(path)
    lines, hints, _ = _read(path, limits.read_file(path, limit=limits.MAX_IMAGE_BYTES), result)
    return analyse(lines, hints, result)


TITLE_MAX = 80  # StoryMeta.title's limit
UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data|file):[^)]*\)", re.I)


def _as_text(paragraphs: list[str], result: Imported) -> list[str]:
    """The story's paragraphs as Markdown that means what the page said: a < of the text is a character, not the
    start of a tag; a link to javascript:, file: and the like is dropped (its words stay)."""
    out, dropped = [], 0
    for p in paragraphs:
        p, n = UNSAFE_LINK.subn("]", p)
        dropped += n
        if "<" in p and not p.startswith(">"):
            p = p.replace("<", "&lt;")
        elif p.startswith(">"):
            p = ">" + p[1:].replace("<", "&lt;")
        out.append(p)
    if dropped:
        result.guessed.append(f"去掉了 {dropped} 个不能用的链接（javascript:、file: 等），链接文字保留")
    return out


def _unmarked(text: str) -> str:
    """A headline field's plain text: HTML dropped (plain_text), and Markdown's bold and italic marks a Word file's
    bold headline comes with (**标题**) taken out; the words stay."""
    text = plain_text(text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return " ".join(text.replace("**", "").split())


SITE_WORDS = ("本网", "本站", "本网原创")  # a website's own words for itself (本报, 本台, 本刊: a paper, TV, a journal)


def _cite(art: Article, source: str) -> str:
    """The cite line: the original (with its print edition) and, for a reprint, the site it was copied from."""
    origin = f"据{art.edition}报道" if art.edition else f"据{source}报道"
    if art.reprinted_by:
        origin += f"（转载自{art.reprinted_by}" + (f"，{art.reprint_date[:10]}" if art.reprint_date else "") + "）"
    return f"{origin}导入，{CHECK_CITE}"


def _save_images(images: list[WordImage], body: str, folder: Path, stem: str, result: Imported) -> str:
    """Write a Word file's images into content/images/ and point the story at them."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, image in enumerate(images, start=1):
        name = f"{stem}-{n}.{image.extension}"
        (folder / name).write_bytes(image.data)
        body = body.replace(f"](word-image-{n})", f"](../../images/{name})")
        if not image.alt:
            result.guessed.append(f"第 {n} 张图片没有说明文字，已写成“配图{n}”，请改成描述图片内容的一句话")
    result.detected.append(f"图片 {len(images)} 张，已保存到 content/images/")
    return body


def _convert_lines(lines: list[str], result: Imported) -> list[str]:
    text = "\n".join(lines)
    text, repaired = repair_pinyin(text)
    if repaired:
        result.detected.append(f"去掉了 {repaired} 处夹在字后面的拼音，如“發(fā)展”")
    text, changed = to_simplified(text)
    if changed:
        result.detected.append(f"繁体字已转为简体（{changed} 个字）")
    return text.split("\n")


def _date(found: str | None, now: datetime, result: Imported) -> tuple[str, int]:
    if found is None:
        text = f"{now:%Y-%m-%d %H:%M}"
        result.guessed.append(f"没有找到日期，发布时间暂写成现在（{text}）")
        return text, now.year
    if len(found) == 10:
        result.guessed.append("原文只有日期没有时间，发布时间暂写 08:00")
        return f"{found} 08:00", int(found[:4])
    return found, int(found[:4])


def _pictures_said(body: list[str], on_page: int, result: Imported) -> None:
    """What became of a saved page's pictures, which are addresses (often on the original site), not files the
    import can take: those in the story stay where they were as images with their original address (the check
    refuses them until the picture is saved under content/images/); the others (logos, banners) are counted."""
    placed = [m[1] for p in body if (m := re.match(r"^!\[[^\]]*\]\((.*)\)$", p))]
    if placed:
        shown = "、".join(visible(src[:80]) + ("…" if len(src) > 80 else "") for src in placed[:3]) + (
            "……" if len(placed) > 3 else "")
        result.guessed.append(f"正文里的 {len(placed)} 张图片没有导入，草稿在原来的位置写了图片的原地址（{shown}）："
                              "需要的请另存到 content/images/，把地址改成 /images/文件名；不要的删掉那一行")
    if on_page > len(placed):
        result.guessed.append(f"网页上正文以外还有 {on_page - len(placed)} 张图片"
                              "（多半是网站的标志、广告和按钮），没有导入")


def _yaml(text: str) -> str:
    """A YAML scalar: quoted when it could be misread (colons, quotes, leading symbols)."""
    if re.search(r"[:#\[\]{}&*!|>'\"%@`]|^[-?,\s]|\s$", text) or text.lower() in ("true", "false", "null", "yes", "no"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text

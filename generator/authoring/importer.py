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

from .. import limits
from ..config import SiteConfig
from .new import existing_ids, slug_for, unique
from .sources import (
    SourceProblem,
    WordImage,
    decode,
    docx_markdown,
    html_lines,
    plain_text,
    repair_pinyin,
    to_simplified,
)

SUFFIXES = {".docx", ".txt", ".md", ".html", ".htm"}
ROLES = ("见习记者", "实习记者", "记者", "通讯员", "实习生", "摄影", "作者")
ROLE_OF = {"见习记者": "记者", "实习记者": "记者", "实习生": "通讯员", "摄影": "摄影", "记者": "记者",
           "通讯员": "通讯员",
           "作者": "作者"}
NAME = r"[\u4e00-\u9fff·]{2,5}"

# -- boilerplate ---------------------------------------------------------------------------------------
BREADCRUMB = re.compile(r"您(?:当前|现在)的?位置|当前位置\s*[:：]|^\s*首页\s*[>＞»›]")
COPYRIGHT = re.compile(r"版权声明|版权所有|Copyright|©|未经(?:本网)?(?:书面)?授权|不得(?:转载|复制)|转载请注明", re.I)
EDITOR = re.compile(r"^\s*[【\[(（]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|终审)\s*[:：]")
WIDGET = re.compile(r"分享到|打印本页|关闭窗口|【\s*(?:打印|关闭|字体|字号|大\s*中\s*小)|字号\s*[:：]|扫一扫|"
                    r"^\s*(?:打印|关闭|返回顶部|上一篇|下一篇)\s*$|^\s*【?\s*(?:大|中|小)\s*(?:大|中|小)?\s*】?\s*$")
RECOMMEND = re.compile(r"^\s*[【\[]?\s*(?:新闻推荐|相关推荐|相关新闻|相关阅读|推荐阅读|热点推荐|延伸阅读|猜你喜欢)"
                       r"\s*[】\]]?\s*$")
IMAGE_NAME = re.compile(r"^\s*[\w\-.（）()]+\.(?:jpe?g|png|gif|webp|bmp)\s*$", re.I)
META_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜/　]+)")
META_AUTHOR = re.compile(r"作者\s*[:：]\s*([^\s|｜/　]+(?:\s+[^\s|｜/　:：]+)*?)"
                         r"(?=\s{2,}|\s*[|｜]|\s*来源|\s*发布|\s*时间|$)")
DATETIME = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})"
                      r"(?:\s*[:：分]\s*(\d{1,2}))?)?")
BYLINE_PAREN = re.compile(r"^(?:本报讯|本网讯|讯)?\s*[（(]\s*((?:" + "|".join(ROLES) + r")[^）)]*)[）)]")
BYLINE_LINE = re.compile(r"^\s*(?:" + "|".join(ROLES) + r")\s*[:：]?\s*" + NAME)


@dataclass
class Imported:
    """What became of one input file."""

    source: Path
    story: Path | None = None
    duplicate_of: str | None = None
    detected: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


@dataclass
class Found:
    """What the top of an article said about itself."""

    title: str | None = None
    date: re.Match[str] | None = None
    source: str | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, role)


# -- finding the parts of an article -------------------------------------------------------------------

def _authors(text: str) -> list[tuple[str, str]]:
    """(name, role) pairs from a byline such as “记者 韦德占 通讯员 杨琳”."""
    out: list[tuple[str, str]] = []
    parts = re.split("(" + "|".join(ROLES) + ")", text)
    role = None
    for part in parts:
        if part in ROLES:
            role = ROLE_OF[part]
            continue
        if role is None:
            continue
        for name in re.findall(NAME, part):
            if (name, role) not in out:
                out.append((name, role))
    return out


def _clean(lines: list[str], result: Imported) -> list[str]:
    """Lines without page boilerplate; counts what was dropped by kind."""
    kept: list[str] = []
    in_list = False
    for line in lines:
        stripped = line.strip().strip("\u3000")
        if in_list:
            if not stripped:
                continue
            if len(stripped) <= 40 and not stripped.endswith("。"):
                result.dropped["推荐阅读列表"] += 1
                continue
            in_list = False
        for kind, pattern in (("面包屑导航", BREADCRUMB), ("版权声明", COPYRIGHT), ("编辑署名", EDITOR),
                              ("分享和打印按钮", WIDGET), ("图片文件名", IMAGE_NAME)):
            if stripped and pattern.search(stripped):
                result.dropped[kind] += 1
                break
        else:
            if RECOMMEND.match(stripped):
                result.dropped["推荐阅读列表"] += 1
                in_list = True
                continue
            kept.append(stripped)
    return kept


def _meta(lines: list[str], title: str | None = None) -> tuple[list[str], Found]:
    """Title, date, source and authors from the top of the article; the lines that held only these go."""
    found = Found(title=title)
    authors: list[tuple[str, str]] = []
    body: list[str] = []
    head = 0
    for line in lines:
        if not line:
            body.append(line)
            continue
        head += 1
        is_meta = False
        if head <= 8:
            date = DATETIME.search(line)
            source = META_SOURCE.search(line)
            author = META_AUTHOR.search(line)
            if (date or source or author) and (len(line) <= 80 or source or author):
                found.date = found.date or date
                found.source = found.source or (source[1] if source else None)
                if author:
                    authors += [(n, "作者") for n in re.findall(NAME, author[1])]
                leftover = DATETIME.sub("", META_SOURCE.sub("", META_AUTHOR.sub("", line)))
                is_meta = not re.sub(r"[\s|｜:：/发布时间日期浏览次数点击字号]", "", leftover) or len(line) <= 40
            elif BYLINE_LINE.match(line) and len(line) <= 40:
                authors += _authors(line)
                is_meta = True
        if not is_meta and found.title is None and len(line) <= 60 and not line.endswith(("。", "！", "？")):
            found.title = line
            is_meta = True
        if not is_meta:
            paren = BYLINE_PAREN.match(line)
            if paren:
                authors += _authors(paren[1])
                line = line[paren.end():].lstrip()
                if line.startswith(("本报讯", "讯")):
                    line = line.split("讯", 1)[1].lstrip()
            body.append(line)
    if authors:  # a name with its role (记者, 通讯员) is not listed again as plain 作者
        named = {n for n, r in authors if r != "作者"}
        found.authors = list(dict.fromkeys(a for a in authors if a[1] != "作者" or a[0] not in named))
    return body, found


def _paragraphs(lines: list[str]) -> str:
    return "\n\n".join(line for line in lines if line).strip() + "\n"


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
        raise SourceProblem(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                            "可以导入 .docx、.txt、.md、.html")
    images: list[WordImage] = []
    try:  # an ordinary file only: a FIFO would wait forever, a device never end
        raw = limits.read_file(path, limit=limits.MAX_IMAGE_BYTES)
    except limits.Unreadable as exc:
        raise SourceProblem(f"{path.name}：{exc.message}；只能导入普通的文件") from None
    if suffix == ".docx":
        markdown, title, images = docx_markdown(path, raw)
        result.detected.append("Word 文档")
        lines, title = markdown.split("\n"), to_simplified(title)[0] if title else None
    else:
        text, encoding = decode(raw)
        result.detected.append(f"编码 {encoding}")
        if suffix in (".html", ".htm"):
            lines, title = html_lines(text)
            title = to_simplified(repair_pinyin(title)[0])[0] if title else None
        else:
            lines, title = text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), None
    key = fingerprint("\n".join(lines))
    if key in seen:
        result.duplicate_of = seen[key]
        return result
    lines = _convert_lines(lines, result)
    if title and suffix != ".docx":
        lines = [line for line in lines if line != title]
    body_lines, found = _meta(_clean(lines, result), title)
    body = _markdown_paragraphs(body_lines) if suffix == ".docx" else _paragraphs(body_lines)
    if images:
        body = _save_images(images, body, root / "content" / "images", f"{slug_for(path.stem, 'import')}-{key[:6]}",
                            result)

    title = plain_text(found.title or path.stem)  # a headline is text: markup in it is dropped, entities read
    if found.title:
        result.detected.append(f"标题《{title}》")
    else:
        result.guessed.append(f"没有找到标题，用了文件名《{title}》")
    date_text, year = _date(found.date, now, result)
    source = plain_text(found.source or "")
    if source:
        result.detected.append(f"来源 {source}")
    else:
        source = "（待填写）"
        result.guessed.append("没有找到来源，已写成“（待填写）”")
    for role in ("记者", "通讯员", "摄影", "作者"):
        names = [n for n, r in found.authors if r == role]
        if names:
            result.detected.append(f"{role} {'、'.join(names)}")
    if not found.authors:
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
    if found.authors:
        front.append("authors:")
        front += [f"  - {{name: {n}, role: {r}}}" for n, r in found.authors]
    front += [f"cite: {_yaml(f'据{source}报道导入，发布前请核对并注明出处')}",
              f"imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改",
              "draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行", "---", ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write("\n".join(front) + "\n" + body)
    result.story = target
    seen[key] = target.relative_to(root).as_posix()
    return result


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


def _markdown_paragraphs(lines: list[str]) -> str:
    """Markdown from a Word file keeps its own blocks (tables, lists); only blank runs are collapsed."""
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _date(match: re.Match[str] | None, now: datetime, result: Imported) -> tuple[str, int]:
    if match is not None:
        y, mo, d = int(match[1]), int(match[2]), int(match[3])
        if match[4] is not None:
            text = f"{y:04d}-{mo:02d}-{d:02d} {int(match[4]):02d}:{int(match[5]):02d}"
            result.detected.append(f"时间 {text}")
        else:
            text = f"{y:04d}-{mo:02d}-{d:02d} 08:00"
            result.detected.append(f"日期 {y:04d}-{mo:02d}-{d:02d}")
            result.guessed.append("原文只有日期没有时间，发布时间暂写 08:00")
        return text, y
    text = f"{now:%Y-%m-%d %H:%M}"
    result.guessed.append(f"没有找到日期，发布时间暂写成现在（{text}）")
    return text, now.year


def _yaml(text: str) -> str:
    """A YAML scalar: quoted when it could be misread (colons, quotes, leading symbols)."""
    if re.search(r"[:#\[\]{}&*!|>'\"%@`]|^[-?,\s]|\s$", text) or text.lower() in ("true", "false", "null", "yes", "no"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text

"""`pingan import`: Word files and articles copied from news websites become draft stories.

Each file is read in whatever encoding it uses, converted to Simplified Chinese, cleaned of page
boilerplate (breadcrumbs, copyright notices, recommendation lists, editor tags, share widgets, image
file names left as text) and searched for its title, date and time, source and bylines. What was found
and what had to be guessed is reported per file so that staff can check it. Numbers, dates and names in
the text are left as written. A file imported before (same bytes) is not imported again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .authoring import existing_ids, slug_for, unique
from .config import SiteConfig
from .content.frontmatter import detect_encoding
from .errors import PinganError

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
PINYIN_DAMAGE = re.compile(r"([\u4e00-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)[)）]")


@dataclass
class Imported:
    """What became of one input file."""

    source: Path
    story: Path | None = None
    duplicate_of: str | None = None
    detected: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


class ImportProblem(PinganError):
    """A file that cannot be imported at all (unknown type, unreadable)."""


# -- reading -------------------------------------------------------------------------------------------

def decode(raw: bytes) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 (with or without BOM) first, else the detector's best guess."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    best = detect_encoding(raw)
    if best is None:
        raise ImportProblem("无法识别文件的编码")
    name = {"gb18030": "GBK（GB18030）", "big5": "Big5", "utf_16": "UTF-16"}.get(best, best)
    return raw.decode(best, errors="replace"), name


def html_lines(text: str) -> tuple[list[str], str | None]:
    """Block-level text lines of an HTML page, and its <h1> (or <title>) as the likely headline."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(text)
    for bad in doc.xpath("//script|//style|//noscript|//iframe|//form"):
        bad.drop_tree()
    h1 = doc.xpath("normalize-space(//h1)") or None
    title = h1 or (doc.xpath("normalize-space(//title)") or None)
    if title and not h1:
        title = re.split(r"\s*[-_|｜—]\s*", title)[0]
    blocks = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "br", "section", "article", "td", "dd", "dt", "table"}
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
            if el.tag in ("p", "h2", "h3", "h4"):
                el.text = "\n" + (el.text or "")
    body = doc.body if doc.find("body") is not None else doc
    return [line.strip() for line in body.text_content().split("\n")], title


def repair_pinyin(text: str) -> tuple[str, int]:
    """Drop the pinyin some sites print after each character: 發(fā)展 -> 發展; other parentheses stay."""
    from pypinyin import Style, pinyin

    count = 0

    def plain(syllable: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", syllable.lower()) if not unicodedata.combining(c))

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        readings = {plain(p) for p in pinyin(m[1], style=Style.TONE, heteronym=True)[0]}
        readings |= {r.replace("ü", "v") for r in readings} | {r.replace("v", "u") for r in readings}
        if plain(m[2]) in readings or plain(m[2]).replace("ü", "u") in readings:
            count += 1
            return m[1]
        return m[0]

    return PINYIN_DAMAGE.sub(fix, text), count


def to_simplified(text: str) -> tuple[str, int]:
    """Traditional to Simplified Chinese (OpenCC t2s); returns the text and how many characters changed."""
    import opencc

    converted = opencc.OpenCC("t2s").convert(text)
    changed = sum(a != b for a, b in zip(text, converted, strict=False))
    return (converted, changed) if changed else (text, 0)


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


def _meta(lines: list[str], result: Imported, title: str | None = None) -> tuple[list[str], dict[str, object]]:
    """Title, date, source and authors from the top of the article; the lines that held only these go."""
    found: dict[str, object] = {"title": title} if title else {}
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
                if date and "date" not in found:
                    found["date"] = date
                if source and "source" not in found:
                    found["source"] = source[1]
                if author:
                    authors += [(n, "作者") for n in re.findall(NAME, author[1])]
                leftover = DATETIME.sub("", META_SOURCE.sub("", META_AUTHOR.sub("", line)))
                is_meta = not re.sub(r"[\s|｜:：/发布时间日期浏览次数点击字号]", "", leftover) or len(line) <= 40
            elif BYLINE_LINE.match(line) and len(line) <= 40:
                authors += _authors(line)
                is_meta = True
        if not is_meta and "title" not in found and len(line) <= 60 and not line.endswith(("。", "！", "？")):
            found["title"] = line
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
        found["authors"] = list(dict.fromkeys(a for a in authors if a[1] != "作者" or a[0] not in named))
    return body, found


def _paragraphs(lines: list[str]) -> str:
    paras: list[str] = []
    for line in lines:
        if line:
            paras.append(line)
    return "\n\n".join(paras).strip() + "\n"


# -- Word files ----------------------------------------------------------------------------------------

def docx_markdown(path: Path, images_dir: Path, stem: str, result: Imported) -> tuple[str, str | None]:
    """Markdown of a .docx (headings, paragraphs, bold, lists, tables, images saved to `images_dir`)."""
    import mammoth
    from markdownify import markdownify

    count = 0

    def save(image: mammoth.documents.Image) -> dict[str, str]:
        nonlocal count
        count += 1
        ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}.get(image.content_type, "png")
        name = f"{stem}-{count}.{ext}"
        images_dir.mkdir(parents=True, exist_ok=True)
        with image.open() as data:
            (images_dir / name).write_bytes(data.read())
        alt = (image.alt_text or "").strip()
        if not alt:
            alt = f"配图{count}"
            result.guessed.append(f"第 {count} 张图片没有说明文字，已写成“{alt}”，请改成描述图片内容的一句话")
        return {"src": f"../../images/{name}", "alt": alt}

    with path.open("rb") as handle:
        converted = mammoth.convert_to_html(handle, convert_image=mammoth.images.img_element(save))
    html = converted.value
    title = None
    match = re.match(r"\s*<h1>(.*?)</h1>", html, re.S)
    if match:
        title = re.sub(r"<[^>]+>", "", match[1]).strip()
        html = html[match.end():]
    if "<h1>" in html:  # the page title is the only level-1 heading: the rest move one level down
        html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}>", html)
    html = _header_rows(html)
    if count:
        result.detected.append(f"图片 {count} 张，已保存到 content/images/")
    markdown = markdownify(html, heading_style="ATX", bullets="-", strong_em_symbol="*", escape_underscores=False)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return markdown, title


def _header_rows(html: str) -> str:
    """Word tables carry no header row; the first row is taken as one so Markdown tables read right."""
    if "<table" not in html:
        return html
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for table in root.iter("table"):
        rows = table.xpath(".//tr")
        if rows and not table.xpath(".//th"):
            for cell in rows[0].xpath("./td"):
                cell.tag = "th"
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


# -- one file ------------------------------------------------------------------------------------------

def fingerprint(text: str) -> str:
    """The same article gives the same fingerprint whatever its encoding or line ends."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def _text_of(path: Path, raw: bytes) -> tuple[str, str]:
    """The file's text (for fingerprinting and reading) and how it was encoded."""
    if path.suffix.lower() == ".docx":
        import io

        import mammoth

        try:
            return mammoth.extract_raw_text(io.BytesIO(raw)).value, "Word 文档"
        except Exception:  # mammoth raises many types for a damaged file
            raise ImportProblem(f"{path.name}：无法读取的 Word 文件（已损坏，或是旧的 .doc 格式，"
                                "请用 Word 另存为 .docx）") from None
    return decode(raw)


def imported_before(root: Path) -> dict[str, str]:
    """Fingerprint -> story file, for every story that came from `pingan import`."""
    found: dict[str, str] = {}
    news = root / "content" / "news"
    for path in sorted(news.rglob("*.md")) if news.is_dir() else []:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
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
        raise ImportProblem(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                            "可以导入 .docx、.txt、.md、.html")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path.name}：无法读取（{exc.strerror}）") from None
    text, encoding = _text_of(path, raw)
    key = fingerprint(text)
    if key in seen:
        result.duplicate_of = seen[key]
        return result

    year_guess = now.year
    stem_guess = slug_for(path.stem, "import")
    if suffix == ".docx":
        markdown, title = docx_markdown(path, root / "content" / "images", f"{stem_guess}-{key[:6]}", result)
        result.detected.append(encoding)
        lines = markdown.split("\n")
        lines, traditional = _convert_lines(lines, result)
        body_lines, found = _meta(_clean(lines, result), result, to_simplified(title)[0] if title else None)
        body = _markdown_paragraphs(body_lines)
    else:
        result.detected.append(f"编码 {encoding}")
        if suffix in (".html", ".htm"):
            lines, html_title = html_lines(text)
        else:
            lines, html_title = text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), None
        lines, traditional = _convert_lines(lines, result)
        if html_title:
            html_title = to_simplified(repair_pinyin(html_title)[0])[0]
            lines = [line for line in lines if line != html_title]
        body_lines, found = _meta(_clean(lines, result), result, html_title)
        body = _paragraphs(body_lines)

    title = str(found.get("title") or path.stem)
    if "title" in found:
        result.detected.append(f"标题《{title}》")
    else:
        result.guessed.append(f"没有找到标题，用了文件名《{title}》")
    date_text, year_guess = _date(found.get("date"), now, result)
    source = str(found.get("source") or "")
    if source:
        result.detected.append(f"来源 {source}")
    else:
        source = "（待填写）"
        result.guessed.append("没有找到来源，已写成“（待填写）”")
    authors = found.get("authors") or []
    assert isinstance(authors, list)
    for role in ("记者", "通讯员", "摄影", "作者"):
        names = [n for n, r in authors if r == role]
        if names:
            result.detected.append(f"{role} {'、'.join(names)}")
    if not authors:
        result.guessed.append("没有找到作者署名")
    if column is None:
        column = config.columns[0].id
        result.guessed.append(f"栏目没有指定，暂放在 {column}（{config.columns[0].name}），可用 --column 指定")

    story_id = unique(slug_for(title, f"import-{key[:8]}"), existing_ids(root, "news"))
    target = root / "content" / "news" / str(year_guess) / f"{story_id}.md"
    front = [
        "---",
        f"id: {story_id}",
        f"title: {_yaml(title)}",
        f"date: {date_text}",
        f"column: {column}",
        f"source: {_yaml(source)}",
    ]
    if authors:
        front.append("authors:")
        front += [f"  - {{name: {n}, role: {r}}}" for n, r in authors]
    front += [f"cite: {_yaml(f'据{source}报道导入，发布前请核对并注明出处')}",
              f"imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改",
              "draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行", "---", ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write("\n".join(front) + "\n" + body)
    result.story = target
    seen[key] = target.relative_to(root).as_posix()
    return result


def _convert_lines(lines: list[str], result: Imported) -> tuple[list[str], int]:
    text = "\n".join(lines)
    text, repaired = repair_pinyin(text)
    if repaired:
        result.detected.append(f"去掉了 {repaired} 处夹在字后面的拼音，如“發(fā)展”")
    text, changed = to_simplified(text)
    if changed:
        result.detected.append(f"繁体字已转为简体（{changed} 个字）")
    return text.split("\n"), changed


def _markdown_paragraphs(lines: list[str]) -> str:
    """Markdown from a Word file keeps its own blocks (tables, lists); only blank runs are collapsed."""
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _date(match: object, now: datetime, result: Imported) -> tuple[str, int]:
    if isinstance(match, re.Match):
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

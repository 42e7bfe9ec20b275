"""Validators shared by the record schemas."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationInfo

from .. import urls
from ..config import SiteConfig
from ..dates import YearOnly, day_of
from ..errors import Collector, Problem
from ..limits import Unreadable, control_problems, read_file, walk_strings
from ..nesting import nesting_problem
from ..schema import fail, web_url
from ..yamlsrc import Document, YamlError, load, loc_text
from .frontmatter import front_end


def ctx(info: ValidationInfo) -> dict[str, Any]:
    """The validation context every record is validated with: the site's zone and config."""
    assert info.context is not None, "records must be validated with a context"
    return dict(info.context)


def check_region(value: str | None, info: ValidationInfo) -> str | None:
    """A region id must exist in the region tree of site_config.yml. A region's name written instead is answered
    with its id; anything else with the ids of regions whose names hold what was written."""
    config: SiteConfig = ctx(info)["config"]
    if value is not None and value not in config.region_map:
        written = str(value).strip()
        named = [r for r in config.region_map.values() if r.name == written]
        if named:
            raise fail("site_config.yml 中已定义的地区标识",
                       f"“{written}”是地区名称，这里要写它的标识：{named[0].id}。")
        core = re.sub(r"(?:自治)?[县市区乡镇村]$|(?:街道|社区)$", "", written)  # 天祝县 → 天祝 (天祝藏族自治县)
        near = [r for r in config.region_map.values() if written and (
            written in r.name or r.name in written or (len(core) >= 2 and r.name.startswith(core)))]
        # an id mistyped (xiuwo, Xiuwu, xiu-wu): the ids closest to it
        near = near or [config.region_map[i] for i in difflib.get_close_matches(
            written.lower().replace("-", ""), list(config.region_map), n=3, cutoff=0.7)]
        listed = "、".join(f"{r.id}（{r.name}）" for r in near[:5])
        raise fail("site_config.yml 中已定义的地区标识",
                   f"可能是：{listed}。" if near else
                   "请在 site_config.yml 的 regions 里查找对应地区的 id（小写英文），例如 "
                   f"{next(iter(config.region_map), 'wuwei')}；刚改过某个地区的 id 时，"
                   "用到旧 id 的稿件和记录都要跟着改。")
    return value


# The fill-in phrases `pingan new` writes into its templates (authoring/new.py; a test keeps the two in step): a
# published story or record still holding one was never filled in.
PLACEHOLDERS = ("在这里写标题", "在这里写姓名", "在这里写正文", "在这里写调解组织", "在这里用一两句话概括案例",
                "在这里写案例经过", "在这里写出处", "在这里写所在单位或调解组织", "在这里写简介", "在这里写授予单位",
                "插图这样写", "在这里写当事人", "在这里写级别")
_UNFILLED_HINT = "请换成真实内容；还没写完的稿件保留 draft: true 这一行，就不会发布。"
# What `pingan import` writes where it found nothing or wants a check (authoring/importer.py writes these): a
# published story still holding one was never checked.
TO_FILL = "（待填写）"
CHECK_CITE = "发布前请核对并注明出处"
IMPORT_PLACEHOLDERS = (TO_FILL, CHECK_CITE)
_UNCHECKED_HINT = "请核对后改成真实的内容（来源写原发单位或媒体，出处写“据××报道改写”等）；还没核对完保留 draft: true。"
IMAGE_PLACEHOLDER = re.compile(r"!\[(配图\d+)\]")  # the alt text the import gives a Word picture without one


# What separates items in Chinese typing, inside one item of a list: 平安建设，网格化管理 / 人民调解、宅基地纠纷 /
# 平安建设；推进会 / 平安建设　推进会 (a full-width space) / 平安建设｜推进会 each read as one tag.
_SEPARATORS = {"，": "中文逗号“，”", "、": "中文顿号“、”", "；": "中文分号“；”", ";": "分号“;”",
               "\u3000": "全角空格“　”", "｜": "竖线“｜”", "|": "竖线“|”"}
_HAN_SPACE_HAN = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")  # 平安建设 推进会: likely two, perhaps one


def joined_items(doc: Document, shown: str) -> list[Problem]:
    """A list item holding a separator typed with a Chinese input method (tags: [平安建设，网格化管理] or
    [人民调解、宅基地纠纷] reads as one tag; parties: [张某，李某] as one party): every list field here holds short
    names, never a sentence. A space between two Chinese words (平安建设 推进会) is a warning: it may be one name."""
    problems = []
    for loc, text in walk_strings(doc.data):
        if not (loc and isinstance(loc[-1], int)):
            continue
        found = next((name for mark, name in _SEPARATORS.items() if mark in text), None)
        if found is not None:
            problems.append(Problem(shown, doc.line_of(loc), loc_text(loc[:-1]),
                                    f"列表的一项里有{found}：“{text}”会被当成一项",
                                    "如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]"))
        elif _HAN_SPACE_HAN.search(text):
            problems.append(Problem(shown, doc.line_of(loc), loc_text(loc[:-1]),
                                    f"列表的一项里有空格：“{text}”会被当成一项",
                                    "如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]；"
                                    "本来就是一项的，可以去掉空格。", level="warning"))
    return problems


PICK = "（待选）"  # what `pingan new` writes in the note of a value it fills in only as an example (category: 邻里)
# a top-level field's line (a line of a block, `body: |`, is indented: never one)
_PICKED = re.compile(r"^([A-Za-z_]+)[ \t]*:([^#\n]*)#[ \t]*" + PICK, re.MULTILINE)


def unpicked(text: str, shown: str) -> list[Problem]:
    """A problem for each field whose value is still the example a new file was written with: its note still says
    （待选）. A clerk who filled in every 在这里写… published a land case as 邻里 in the first township."""
    return [Problem(shown, text.count("\n", 0, m.start()) + 1, m[1],
                    f"还没有选定：“{m[2].strip()}”是新建文件时填的示例值",
                    f"请按实际改好这个值，再删掉这一行说明里的“{PICK}”；还没写完的保留 draft: true，就不会发布。")
            for m in _PICKED.finditer(text)]


def unfilled(doc: Document | None, shown: str, body: str = "", body_line: int = 1) -> list[Problem]:
    """A problem for each field (and the body's first line) still holding a template's fill-in phrase; only the
    body's without `doc` (a header that could not be read)."""
    problems = []
    fields = [(loc, text, doc.line_of(loc)) for loc, text in walk_strings(doc.data)] if doc is not None else []
    for loc, text, at in fields:
        found = next((p for p in PLACEHOLDERS if p in text), None)
        if found is not None:
            problems.append(Problem(shown, at, loc_text(loc), f"还没有填写：“{found}”是新建文件时的提示文字",
                                    _UNFILLED_HINT))
        found = next((p for p in IMPORT_PLACEHOLDERS if p in text), None)
        if found is not None:
            problems.append(Problem(shown, at, loc_text(loc), f"还没有核对：“{found}”是导入时写的提示文字",
                                    _UNCHECKED_HINT))
    filled: set[str] = set()  # the body's fill-in phrases found (each said once)
    image_named = False  # the first 配图N, said once
    for number, line in enumerate(body.splitlines(), start=body_line):
        found = next((p for p in PLACEHOLDERS if p in line and p not in filled), None)
        if found is not None:
            filled.add(found)
            problems.append(Problem(shown, number, "正文", f"还没有填写：“{found}”是新建文件时的提示文字",
                                    _UNFILLED_HINT))
        alt = None if image_named else IMAGE_PLACEHOLDER.search(line)
        if alt is not None:
            image_named = True
            problems.append(Problem(shown, number, "正文", f"图片说明还是导入时写的“{alt[1]}”",
                                    "请改成描述图片内容的一句话，例如 ![调解员在村委会调解邻里纠纷](…)："
                                    "看不到图片的读者靠它知道图上是什么。"))
        if filled and image_named:
            break
    return problems


# 2024-04, 2024-4-18, and as a report or a clerk writes it: 2024年4月, 2024年4月18日, 2024/4, 2024.4.18
_MONTH_RE = re.compile(r"^(\d{4})(?:-|/|\.|\s*年\s*)(\d{1,2})(?:\s*月)?(?:(?:[-/.]|(?<=月)\s*)(\d{1,2})\s*日?)?$")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}年?$")


def parse_month(value: object) -> date:
    """A case's date: 2024-04 or 2024-04-18 (the day is kept when given; 2024年4月, 2024/4 too), or a year alone
    (2023, 2023年) when the report gives no month: a YearOnly, shown as 2023年 (a month written for it would be
    made up)."""
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if _YEAR_RE.match(text):
        return YearOnly(int(text.rstrip("年")), 1, 1)
    match = _MONTH_RE.match(text)
    if not match:
        raise fail("年-月（例如 2024-04）、年-月-日或年份（报道只写了年份时，例如 2023）",
                   "案例日期精确到月即可，例如 2024-04；报道只写了年份时写年份，不要编一个月份。")
    try:
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        raise fail("真实存在的日期", "检查月份（1—12）和当月天数。") from None


def parse_day(value: object) -> date:
    """A day written 2021-08-16 (or 2021-8-16, 2021/8/16, 2021年8月16日, as a story's date may be written)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return day_of(value)
        except ValueError:
            pass
    raise fail("年-月-日形式的日期", "例如 2021-08-16；日期要真实存在。")


def check_past_day(value: date | None, info: ValidationInfo) -> date | None:
    """A day that has come (a report's day, the day a record went on the site)."""
    today: date = ctx(info)["today"]
    if value is not None and value > today:
        raise fail(f"不晚于今天（{today:%Y-%m-%d}）的日期", "请核对年、月、日。")
    return value


PUBLISHED_HELP = ("在本网站发布的日期（可选），例如 2025-06-30：订阅源按它把新收录的排在前面、并用它标日期；"
                  "不写时按{what}。")


def check_source_url(value: str) -> str:
    """An optional web address of the original report."""
    if value and not web_url(value):
        raise fail("以 http:// 或 https:// 开头、带网站域名、不含空格的网址", "不知道原文网址时可以不写这个字段。")
    if value and urls.private_host(urls.url_host(value)):
        raise fail("互联网上的网址（这是本机或单位内部网络的地址，公众打不开）",
                   "写原文在互联网上的网址；只在内网里有的原文，不写这个字段。")
    return value


DRAFT_LINE = re.compile(r"(?m)^draft:[ \t]*(?:true|True|TRUE|yes|Yes)[ \t]*(?:#.*)?$")


def marked_draft(root: Path, shown: str) -> bool:
    """Whether the content file `shown` (a path from the project folder) says `draft: true` where a draft says it:
    in a record, at the top level; in a story, in its front matter only (a line "draft: true" in a published
    story's text must not turn its personal data into warnings). Read as the build reads the file, so that a line
    "draft: true" inside a quoted value is text; a file the YAML reader refuses is a draft when such a line says so.
    Opened as every content file is (limits.read_file: an ordinary file of bounded size, never a FIFO, a link only
    within content/)."""
    path = root / shown
    if not shown.startswith("content/") or shown.startswith("content/root/") or \
            path.suffix.lower() not in (".md", ".yml", ".yaml"):
        return False  # a photo, a file published as it is (content/root/) or any other file is never a draft
    try:
        text = read_file(path, within=root / "content").decode("utf-8-sig", errors="replace")
    except Unreadable:
        return False
    if path.suffix.lower() == ".md":
        lines = text.replace("\r\n", "\n").split("\n")
        if not lines or lines[0].strip() != "---":
            return False
        text = "\n".join(lines[1:front_end(lines) or len(lines)])  # an unclosed front matter: all of it
    if not DRAFT_LINE.search(text):
        return False
    try:  # what the build reads: a line "draft: true" inside a quoted value that runs over lines is that value's text
        data = load(text, shown).data
    except YamlError:
        return True  # it cannot be read, so it cannot be published either: its line says what it is meant to be
    return isinstance(data, dict) and data.get("draft") is True  # the schemas' types are strict


@dataclass(frozen=True)
class Unread:
    """The body of a story whose header has errors: its pictures and links can be checked in the same round."""

    path: str  # as shown, content/news/…
    body: str
    body_line: int


def unread_body(body: str, body_line: int, shown: str, doc: Document | None, collector: Collector,
                 unread: list[Unread] | None) -> None:
    """Report the fill-in phrases of a story whose header has errors (the header's with `doc`, and the body's).
    Without `doc` (a header that could not be read) the body's characters and nesting are checked here too; with it,
    the caller has checked them and passes no `unread` for a body that failed. A body with nothing wrong goes to
    `unread`, for its pictures and links to be checked in the same round."""
    placeholders = unfilled(None, shown, body, body_line)  # the template's picture line is no missing picture
    collector.extend((unfilled(doc, shown) if doc is not None else []) + placeholders)
    damaged: list[Problem] = []
    if doc is None:
        damaged = control_problems(body, shown, body_line, "正文")
        deep = nesting_problem(body, shown, body_line, "正文")
        damaged += [deep] if deep is not None else []
        collector.extend(damaged)
    if not placeholders and not damaged and unread is not None:
        unread.append(Unread(shown, body, body_line))

"""News stories: `content/news/YYYY/<id>.md`, front matter validated per field."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from .. import urls
from ..config import SiteConfig, Slug, Text
from ..errors import Collector, Problem
from ..limits import control_problems, files_by_name, refusal
from ..nesting import nesting_problem
from ..outputs.images import ImageProblem, ImageRef, probe
from ..pinyin import slug_for
from ..publish.cache import Memo
from ..schema import SLUG_RE, Schema, fail, problems_from, refuse
from ..yamlhints import not_fields
from ..yamlsrc import YamlError, load
from .common import DRAFT_LINE, Unread, check_region, check_source_url, joined_items, unfilled, unread_body
from .common import ctx as _ctx
from .frontmatter import FrontMatterError, split
from .review import DateTime, Review


class Author(Schema):
    """署名：姓名和身份。"""

    name: Text = Field(max_length=20, description="姓名。")
    role: Literal["记者", "通讯员", "摄影", "编辑", "作者"] = Field(
        description="身份：记者、通讯员、摄影、编辑或作者。")


class StoryMeta(Schema):
    """新闻稿件的信息区（front matter）。"""

    id: Slug | None = Field(None, description="稳定的 ASCII 标识；不写则用文件名。发布后不要再改。")
    title: Text = Field(max_length=80, description="标题。")
    subtitle: str = Field("", max_length=80, description="副标题（可选）。")
    date: DateTime = Field(description="发布时间，例如 2021-09-13 08:30。")
    updated: DateTime | None = Field(None, description="最后修改时间（可选）。")
    column: str = Field(description="栏目标识，必须是 site_config.yml 中 columns 里的 id。")
    source: Text = Field(description="来源，例如 武威日报；原创稿件写本网或单位名称。")
    source_url: str = Field("", description="原文网址（可选）。")
    cite: str = Field("", max_length=200, description="出处说明（可选），例如 据武威日报2021年9月13日报道改写。")
    authors: list[Author] = Field(default_factory=list, description="作者署名列表。")
    region: str | None = Field(None, description="地区标识，必须是 site_config.yml 中 regions 里的 id。")
    tags: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(default_factory=list,
                                                                          description="标签。")
    summary: str = Field("", max_length=300, description="摘要；不写则取正文开头。")
    cover: str | None = Field(None, description="封面图片，相对 content/ 的路径，例如 images/2021/xx.jpg。")
    cover_alt: str | None = Field(None, validate_default=True,
                                  description="封面图片的文字说明（替代文本），有封面时必填。")
    cover_caption: str = Field("", max_length=120, description=(
        "封面图片的图注（可选），显示在图片下方，例如 调解员在村委会调解宅基地纠纷（通讯员 李明 摄）。"
        "不写时图片下方不加文字：cover_alt 是给看不见图片的读者的，不重复显示。"))
    draft: bool = Field(False, description="草稿：true 时不发布，预览时可见。")
    imported: str | None = Field(None, description="导入来源文件的指纹（pingan import 自动填写，用于避免重复导入）。")
    review: Review | None = Field(None, description=(
        "三审记录：初审、复审、终审各写审核人 by 和时间 at（不在网站上显示）。"))

    @field_validator("review")
    @classmethod
    def _review(cls, value: Review | None) -> Review | None:
        if value is None:
            return value
        done = [(name, step) for name, step in value.steps if step is not None]
        for (earlier, a), (later, b) in zip(done, done[1:], strict=False):
            if b.at < a.at:  # type: ignore[union-attr]
                raise refuse(f"{later}时间（{b.at:%Y-%m-%d %H:%M}）早于{earlier}时间（{a.at:%Y-%m-%d %H:%M}）",  # type: ignore[union-attr]
                             "三审按初审、复审、终审的顺序进行，请核对时间。")
        return value

    @field_validator("updated")
    @classmethod
    def _not_before_date(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        published = info.data.get("date")
        if value is not None and published is not None and value < published:
            raise refuse(f"最后修改时间（{value:%Y-%m-%d %H:%M}）早于发布时间（{published:%Y-%m-%d %H:%M}）",
                         "updated 写这篇稿件最后一次修改的时间，不能早于 date；没有改过就删掉 updated 这一行。")
        return value

    @field_validator("column")
    @classmethod
    def _column(cls, value: str, info: ValidationInfo) -> str:
        config: SiteConfig = _ctx(info)["config"]
        if value not in config.column_map:
            named = next((c for c in config.columns if c.name == value.strip()), None)
            if named is not None:  # the column's name where its id goes, as for regions
                raise fail("site_config.yml 中已定义的栏目标识", f"栏目“{named.name}”的标识是 {named.id}：请写成 "
                                                            f"column: {named.id}")
            known = "、".join(f"{c.id}（{c.name}）" for c in config.columns)
            raise fail("site_config.yml 中已定义的栏目标识", f"可用的栏目：{known}。")
        return value

    _region = field_validator("region")(check_region)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise fail("不重复的标签", "同一个标签只写一次。")
        return value

    _source_url = field_validator("source_url")(check_source_url)

    @field_validator("cover_alt")
    @classmethod
    def _cover_alt(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("cover") and not (value or "").strip():
            raise refuse("有封面图片时必须填写 cover_alt（封面图片的文字说明）",
                         "用一句话描述图片内容，方便视力障碍读者使用读屏软件。", near="cover")
        return value


@dataclass(frozen=True)
class Story:
    """A story as loaded: validated metadata, Markdown body and where it came from."""

    id: str
    meta: StoryMeta
    body: str  # the Markdown text; empty once the renderer has converted it (the HTML is Rendered.bodies)
    path: str  # relative to the site root, for messages
    file: Path
    body_line: int
    cover: ImageRef | None
    zone_assumed: bool = False  # the date was written without a time zone and read in the site's zone
    id_line: int | None = None  # the line of `id:`; None when the id is the file's name
    date_line: int | None = None  # the line of `date:` (a moved story's warning names it)
    title_line: int | None = None

    @property
    def date(self) -> datetime:
        return self.meta.date

    @property
    def updated(self) -> datetime:
        return self.meta.updated or self.meta.date


TZ_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def story_files(root: Path) -> int:
    """About how many stories `load_news` will read (the .md files under content/news, without opening any):
    known before they are read, for work begun meanwhile."""
    return sum(name.endswith(".md") for _, _, names in os.walk(root / "content" / "news") for name in names)


def load_news(root: Path, config: SiteConfig, collector: Collector, memo: Memo | None = None,
              now: datetime | None = None, unread: list[Unread] | None = None) -> list[Story]:
    """Load every story under `root/content/news`, reporting each problem to `collector`.

    `memo` keeps cover image headers between builds; `now`, when given, is the time an `updated:` may not pass;
    `unread` receives the bodies of published stories whose headers have errors (see load_story)."""
    news_dir = root / "content" / "news"
    stories: dict[str, Story] = {}  # by id
    copies: list[tuple[Story, Story]] = []  # (a story with another's id, the one kept)
    content = root / "content"
    for file in sorted(news_dir.rglob("*.md")):
        if refusal(file, content) is not None:
            continue  # a FIFO, device, dangling link or link out of content/: reported by limits.special_files
        story = load_story(root, file, config, collector, memo, now, unread)
        if story is None:
            continue
        first = stories.get(story.id)
        if first is not None:
            # the copy is the one whose id is not its file's name (a story copied and renamed keeps the old id):
            # the story it was copied from keeps its id and its address
            copy, kept = (first, story) if _copied(first) and not _copied(story) else (story, first)
            copies.append((copy, kept))
            stories[story.id] = kept
            continue
        stories[story.id] = story
    taken = set(stories) | {path.stem for path in news_dir.rglob("*.md")} if copies else set()
    for copy, kept in copies:  # the id to suggest is one no story has, wherever it is (read after all of them)
        collector.add(_duplicate(copy, kept, taken))
    _same_titles(stories.values(), collector)
    return list(stories.values())


SAME_WEEK = timedelta(days=7)


def _same_titles(stories: Iterable[Story], collector: Collector) -> None:
    """A warning on each published story whose title a story of the same week already has: side by side in the
    lists they read as one story twice (a copy saved under a second name); a yearly meeting's title is no such."""
    last: dict[str, Story] = {}
    for story in sorted((s for s in stories if not s.meta.draft), key=lambda s: (s.date, s.path)):
        title = " ".join(story.meta.title.split())
        kept = last.get(title)
        last[title] = story
        if kept is not None and story.date - kept.date <= SAME_WEEK:
            collector.add(Problem(story.path, story.title_line, "title", f"标题与 {kept.path} 相同：《{title}》",
                                  "读者在列表和搜索结果里分不清这两篇。同一篇稿件存了两份的，请删掉一份；不是同一篇的，"
                                  "请把标题改得不同（例如写上地点或日期）。", level="warning"))


def _copied(story: Story) -> bool:
    """Whether the story's id is written and differs from its file's name."""
    return story.id_line is not None and story.id != story.file.stem


def _duplicate(copy: Story, kept: Story, taken: set[str]) -> Problem:
    if copy.id_line is None:
        hint = (f"这篇稿件没有写 id，标识取自文件名 {copy.file.name}：请给文件改名，"
                "或在信息区加上一行 id: 新标识（小写英文、数字和连字符）。")
    elif _copied(copy):
        stem = copy.file.stem  # not 原名 - 副本, nor an id another story has
        fresh = stem if SLUG_RE.match(stem) and stem != kept.id else free_id(kept.id, taken)
        hint = (f"这篇稿件的 id 和文件名不一样，像是复制来的：请把它的 id 改成新的"
                f"（例如 id: {fresh}）；{kept.path} 不要改，它的网址保持不变。")
    else:
        hint = "每篇稿件的 id 必须唯一；复制旧稿件后请改成新的 id（已经发布的那篇不要改，它的网址保持不变）。"
    return Problem(copy.path, copy.id_line, "id", f"稿件标识 {copy.id} 与 {kept.path} 重复", hint)


def free_id(base: str, taken: set[str]) -> str:
    """`base` with the first number from 2 that makes an id not in `taken` (anquan-2, anquan-3…)."""
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _same_name(content: Path, name: str) -> str | None:
    """The path from content/ of an ordinary file named `name` but for capitals (Tuijinhui.JPG for tuijinhui.jpg),
    for a cover not found; looked for only then."""
    found = files_by_name(content).get(name.lower())
    return found[0].relative_to(content).as_posix() if found else None


def _cover(root: Path, written: str, shown: str, line: int | None, config: SiteConfig, collector: Collector,
           memo: Memo | None) -> ImageRef | None:
    """The cover picture `written` (cover: images/a.jpg), or None after reporting why it cannot be used."""
    if urls.LOCAL_FILE.match(written):  # C:\Users\…\a.jpg, file:///…: a file on the writer's own computer
        collector.add(Problem(shown, line, "cover", f"封面图片指向本机文件 {written}",
                              "请把图片复制进 content/images/，再写成 cover: images/文件名.jpg。"))
        return None
    if "\\" in written:  # images\a.jpg, as Windows writes a path
        collector.add(Problem(shown, line, "cover", f"封面图片的路径里用了反斜杠“\\”：{written}",
                              f"路径里的分隔符请用 /，写成 cover: {written.replace(chr(92), '/').lstrip('/')}"))
        return None
    cover_path = (root / "content" / written.lstrip("/")).resolve()  # /images/a.jpg, as a body writes it
    content_dir = (root / "content").resolve()
    if not cover_path.is_relative_to(content_dir):
        collector.add(Problem(shown, line, "cover", "封面图片必须放在 content/ 目录里",
                              "把图片放进 content/images/，写成 images/文件名.jpg。"))
        return None
    if cover_path.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp"}:
        collector.add(Problem(shown, line, "cover", f"不支持的图片格式 {cover_path.suffix or '（无扩展名）'}",
                              "请使用 JPG、PNG 或 WebP 图片。"))
        return None
    try:
        return probe(cover_path, config.images.max_width, memo)
    except ImageProblem as exc:
        hint = "检查路径和文件名（区分大小写），路径相对于 content/ 目录。" if exc.missing else exc.hint
        if exc.missing and written.lstrip("/").startswith("content/"):
            hint = f"路径是从 content/ 里面算起的：去掉开头的 content/，写成 {written.lstrip('/')[8:]}。"
        elif exc.missing and (same := _same_name(content_dir, cover_path.name)) is not None:
            hint = f"找到了 content/{same}：请写成 cover: {same}（路径从 content/ 里面算起，文件名的大小写也要一致）"
        collector.add(Problem(shown, line, "cover", f"{exc.message}：content/{written.lstrip('/')}", hint))
        return None


SCHEDULED_FAR = timedelta(days=366)  # a story scheduled further ahead is more likely a mistyped year


_ID_LINE = re.compile(r"^id[ \t]*[:：]", re.MULTILINE)


def _unreadable_header(front: str, body: str, body_line: int, file: Path, shown: str, collector: Collector,
                       unread: list[Unread] | None) -> None:
    """Said in the same round as a header's errors, not one round after another: the body's problems, and a file
    name that cannot be an address (unless the header seems to give an id or mark a draft)."""
    if not DRAFT_LINE.search(front):  # as the collector tells a draft
        unread_body(body, body_line, shown, None, collector, unread)
        if not _ID_LINE.search(front):
            collector.extend(_file_name_problem(file, shown, ""))


def _file_name_problem(file: Path, shown: str, title: str) -> list[Problem]:
    """The error for a story without an id whose file name cannot be its address (首阳镇 开展 法治宣传.md)."""
    if SLUG_RE.match(file.stem):
        return []
    suggested = slug_for(title or file.stem, "story")
    taken = {name.removesuffix(".md") for name in files_by_name(file.parents[1] if file.parent.name.isdigit()
                                                                 else file.parent)}
    if suggested in taken:  # a copy (原名 - 副本.md) has the title of the story it was copied from
        suggested = free_id(suggested, taken)
    return [Problem(shown, None, "id", f"文件名 {file.stem} 不能用作网址标识（网址只用小写英文、数字和连字符）",
                    f"请把文件改名为 {suggested}.md，或在信息区加一行 id: {suggested}（文件名就可以保留）。")]


def load_story(root: Path, file: Path, config: SiteConfig, collector: Collector, memo: Memo | None = None,
               now: datetime | None = None, unread: list[Unread] | None = None) -> Story | None:
    """One story file, or None after reporting why it cannot be used (an `updated:` later than `now` of a story
    already published: feeds would date it, and the whole feed, in the future).

    A story that is no draft and whose header has errors has the rest of its problems reported in the same round:
    the body's fill-in phrases, characters and nesting, and a file name that cannot be an address. A body clear of
    those goes to `unread`, for its pictures and links to be checked too."""
    shown = file.relative_to(root).as_posix()
    try:
        src = split(file, shown, root / "content")
    except FrontMatterError as exc:
        collector.add(exc.problem)
        return None
    try:
        doc = load(src.front, shown, first_line=2)
    except YamlError as exc:
        collector.extend(exc.problems)
        _unreadable_header(src.front, src.body, src.body_line, file, shown, collector, unread)
        return None
    if not isinstance(doc.data, dict):
        collector.extend(not_fields(src.front, shown, 1, "信息区应为“字段: 值”的键值对",
                                    "参照示例稿件填写 title:、date: 等字段。"))
        _unreadable_header(src.front, src.body, src.body_line, file, shown, collector, unread)
        return None
    collector.extend(doc.problems)
    damaged = control_problems(src.body, shown, src.body_line, "正文")
    deep = nesting_problem(src.body, shown, src.body_line, "正文")
    damaged += [deep] if deep is not None else []
    body_problems = damaged + joined_items(doc, shown)
    collector.extend(body_problems)
    try:
        meta = StoryMeta.model_validate(doc.data, context={"zone": config.zone, "config": config})
    except ValidationError as exc:
        collector.extend(problems_from(exc, StoryMeta, doc))
        if doc.data.get("draft") is not True:  # what the next round would say, said now
            unread_body(src.body, src.body_line, shown, doc, collector, None if damaged else unread)
            if doc.data.get("id") is None:
                title = doc.data.get("title")
                collector.extend(_file_name_problem(file, shown, title if isinstance(title, str) else ""))
        return None
    if doc.problems or any(p.level == "error" for p in body_problems):  # a warning (a space in a tag) reads on
        if not meta.draft:
            unread_body(src.body, src.body_line, shown, doc, collector, None if damaged else unread)
        return None
    if now is not None and meta.updated is not None and meta.date <= now < meta.updated:
        collector.add(Problem(shown, doc.line_of(("updated",)), "updated",
                              f"最后修改时间（{meta.updated:%Y-%m-%d %H:%M}）在将来",
                              "请核对年份和日期：updated 写已经做过的修改的时间。"))
        return None
    empty = [] if meta.draft else unfilled(doc, shown, src.body, src.body_line)
    if empty:
        collector.extend(empty)
        return None
    story_id = meta.id or file.stem
    if meta.id is None and (named := _file_name_problem(file, shown, meta.title)):
        collector.extend(named)
        return None
    folder = file.parent.name
    if folder.isdigit() and len(folder) == 4 and int(folder) != meta.date.year:
        collector.add(Problem(shown, doc.line_of(("date",)), "date",
                              f"稿件放在 {folder} 年的文件夹里，但发布时间是 {meta.date.year} 年",
                              f"请把文件移到 content/news/{meta.date.year}/，或核对发布时间。", level="warning"))
    if now is not None and meta.date > now + SCHEDULED_FAR and not meta.draft:
        collector.add(Problem(shown, doc.line_of(("date",)), "date",
                              f"发布时间 {meta.date:%Y-%m-%d} 在一年以后：这篇稿件要到那一天才会出现在网站上",
                              "如果年份写错了（例如 2026 写成了 2036），请改正；"
                              "确实要到那时才发布的，可以不管这条提示。", level="warning"))
    # a cover's problem is reported and the story read on without it: its body is checked in the same round (the
    # problem stops the build all the same)
    cover = _cover(root, meta.cover, shown, doc.line_of(("cover",)), config, collector, memo) if meta.cover else None
    raw_date = doc.data.get("date")
    zone_assumed = isinstance(raw_date, str) and not TZ_SUFFIX.search(raw_date.strip())
    return Story(story_id, meta, src.body, shown, file, src.body_line, cover, zone_assumed,
                 doc.line_of(("id",)) if meta.id is not None else None, doc.line_of(("date",)),
                 doc.line_of(("title",)))

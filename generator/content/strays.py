"""Files under content/ that no part of the build reads: a story saved beside the news folder, a record in the wrong
folder, an extension in capitals, a Word document copied in instead of imported. Each is a warning naming the file
and where it belongs: otherwise the story is simply missing from the site and nothing says why."""

from __future__ import annotations

import os
from pathlib import Path

from .. import urls
from ..errors import Problem
from ..limits import refusal

RECORD_FOLDERS = tuple(urls.RECORD_FOLDERS.values())
STORY_SUFFIXES = (".md", ".markdown", ".mdown", ".txt")
RECORD_SUFFIXES = (".yml", ".yaml")
# Documents that hold a story or a list but are never published from content/ (content/root/ refuses them).
DOCUMENTS = (".docx", ".doc", ".wps", ".rtf", ".odt", ".pdf", ".xlsx", ".xls", ".et", ".csv", ".pptx", ".ppt")
UNREAD = "这个文件不会被读取，也不会发布"
RECORDS_HINT = ("案例、调解员、荣誉和数据的记录文件（.yml）分别放进 content/cases/、content/mediators/、"
                "content/honors/、content/metrics/。")


def stray_files(root: Path) -> list[Problem]:
    """A warning for each file under root/content that no loader reads, with where it belongs. content/root/ is
    published as it is (checked elsewhere); hidden files (.DS_Store) and pictures (read where a story names them)
    are left alone."""
    content = root / "content"
    problems: list[Problem] = []
    for folder, folders, names in os.walk(content):
        inside = Path(folder).relative_to(content).parts
        top = inside[0] if inside else ""
        if top == "root":
            folders[:] = []
            continue
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            hint = _where(top, inside, name)
            # what the loaders refuse (a FIFO, a link out of content/, a name with control characters) limits.py reports
            if hint is not None and refusal(Path(folder, name), content) is None:
                shown = "/".join(("content", *inside, name))
                problems.append(Problem(shown, None, "", UNREAD, hint, "warning"))
    return problems


def _where(top: str, inside: tuple[str, ...], name: str) -> str | None:
    """Where a file named `name` in content/<inside…> belongs, or None when the build reads it or it is no story,
    record or document."""
    if name.startswith("."):
        return None
    suffix = os.path.splitext(name)[1]
    low = suffix.lower()
    if low in STORY_SUFFIXES:
        if top == "news" and suffix == ".md":
            return None
        if top == "news" and low == ".md":
            return f"扩展名要写成小写的 .md：请把文件改名为 {name[:-len(suffix)]}.md。"
        if top in RECORD_FOLDERS and low != ".txt":
            return f"content/{top}/ 里只读 .yml 记录文件；新闻稿件请放进 content/news/年份/ 文件夹。"
        if low == ".txt" and name[:-4].lower().endswith(".md"):  # 记事本 added .txt to a.md, extensions hidden
            return (f"文件名的末尾多了 .txt（记事本保存时会自动加上，Windows 默认不显示扩展名）：请把文件改名为 "
                    f"{name[:-4 - 3]}.md（在文件资源管理器的“查看”里勾选“文件扩展名”，就能看到完整的文件名）。")
        if low == ".txt":
            return ("网页文章或来稿的文字请用 pingan import 导入成稿件（导入后这个文件可以删掉）；"
                    "稿件本身要放在 content/news/年份/ 里，扩展名 .md。")
        return "新闻稿件请放进 content/news/年份/ 文件夹（例如 content/news/2024/），扩展名 .md。"
    if low in RECORD_SUFFIXES:
        if top in RECORD_FOLDERS and suffix in RECORD_SUFFIXES:
            return None
        if top in RECORD_FOLDERS:
            return f"扩展名要写成小写的 .yml：请把文件改名为 {name[:-len(suffix)]}.yml。"
        return RECORDS_HINT
    if low in DOCUMENTS:
        if low in (".docx", ".doc", ".wps"):
            return "Word 文档请用 pingan import 导入成稿件（导入后这个文件可以删掉），原文件放在 content/ 里不会发布。"
        return "content/ 里的文档不会发布；要公开的内容请写进稿件，原文件请放到 content/ 以外。"
    return None

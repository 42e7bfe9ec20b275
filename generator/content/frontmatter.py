"""Splitting a Markdown file into its YAML front matter and body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem


@dataclass(frozen=True)
class Source:
    """A Markdown file read from disk: front matter text, body and where each starts."""

    path: str
    front: str
    body: str
    body_line: int


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 file (a BOM and CRLF line ends are accepted)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FrontMatterError(Problem(
            shown, None, "", "文件不是 UTF-8 编码",
            "请用编辑器“另存为”并选择 UTF-8 编码（Windows 记事本里选“UTF-8”）。")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FrontMatterError(Exception):
    """The file has no usable front matter block."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def split(path: Path, shown: str) -> Source:
    """Split `---` delimited front matter from the Markdown body."""
    text = read_text(path, shown)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(Problem(
            shown, 1, "", "文件开头缺少以 --- 开始的信息区（front matter）",
            "第一行写 ---，接着写 title:、date: 等字段，再用一行 --- 结束，然后写正文。"))
    for n in range(1, len(lines)):
        if lines[n].strip() in ("---", "..."):
            front = "\n".join(lines[1:n])
            body = "\n".join(lines[n + 1:])
            return Source(shown, front, body, n + 2)
    raise FrontMatterError(Problem(
        shown, 1, "", "信息区（front matter）没有结束标记 ---",
        "在字段写完后单独加一行 ---，再写正文。"))

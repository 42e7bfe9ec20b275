"""Reading content files (only ordinary files, of bounded size: see limits.py) and splitting a Markdown file into
its YAML front matter and body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..limits import Unreadable, read_file, soften, without_invisible


@dataclass(frozen=True)
class Source:
    """A Markdown file read from disk: front matter text, body and where each starts."""

    path: str
    front: str
    body: str
    body_line: int


# charset-normalizer's names as staff know them from the "save as" dialogs of their editors.
ENCODING_NAMES = {"gb18030": "GBK（GB18030）", "gbk": "GBK（GB18030）", "gb2312": "GBK（GB2312）",
                  "big5": "Big5（繁体）", "big5hkscs": "Big5（繁体）", "utf_16": "UTF-16", "utf_16_le": "UTF-16",
                  "utf_16_be": "UTF-16", "cp1252": "Windows-1252", "latin_1": "Latin-1"}


def read_text(path: Path, shown: str, within: Path | None = None) -> str:
    """Read a UTF-8 file (a BOM, CRLF line ends and a closing Ctrl-Z are accepted); any other encoding is named in
    the error.

    Only an ordinary file of at most MAX_TEXT_BYTES is read, and through a link only one inside `within` (the
    site's content/) when the path lies there (limits.read_file)."""
    try:
        raw = read_file(path, within=within)
    except Unreadable as exc:
        raise FrontMatterError(exc.problem(shown)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(encoding_problem(raw, exc, shown)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.rstrip().endswith("\x1a"):  # the end-of-file mark old DOS tools (and some Windows editors) still write
        text = text.rstrip().rstrip("\x1a") + "\n"
    return without_invisible(text)


_IME_DASHES = re.compile(r"^\s*[—－―─–ー-]*[—－―─–ー][—－―─–ー-]*\s*$")  # ———, －－－: --- typed in Chinese


def front_end(lines: list[str]) -> int | None:
    """The index of the line closing the front matter, when the text has one."""
    if not lines or lines[0].strip() != "---":
        return None
    for n in range(1, len(lines)):
        if lines[n].strip() in ("---", "..."):
            return n
    return None


def detect_encoding(raw: bytes) -> str | None:
    """The codec (Python's name) a non-UTF-8 file most likely uses, or None when nothing fits."""
    from charset_normalizer import from_bytes  # only needed for a file that is not UTF-8

    if len(raw) >= 8:  # UTF-16 without its byte-order mark: every other byte of the ASCII text (keys, ---) is 0
        zeros_odd, zeros_even = raw[1::2].count(0), raw[0::2].count(0)
        if max(zeros_odd, zeros_even) > len(raw) // 8:
            codec = "utf_16_le" if zeros_odd > zeros_even else "utf_16_be"
            try:
                raw.decode(codec)
                return codec
            except UnicodeDecodeError:
                pass
    preference = ("gb18030", "big5", "utf_16", "cp1252")
    matches = list(from_bytes(raw, cp_isolation=["utf_8", *preference]))
    # Short texts often decode cleanly as several encodings; on a tie the mainland's GBK comes first.
    matches.sort(key=lambda m: (round(m.chaos, 2), preference.index(m.encoding) if m.encoding in preference else 9))
    return matches[0].encoding if matches else None


def encoding_problem(raw: bytes, exc: UnicodeDecodeError, shown: str) -> Problem:
    """Which encoding a non-UTF-8 file seems to use, where the first bad byte is, and how to save it as UTF-8 where
    the writers are (Windows' Notepad, WPS)."""
    name = detect_encoding(raw) or ""
    line = raw.count(b"\n", 0, exc.start) + 1
    if name:
        shown_name = ENCODING_NAMES.get(name, name.upper().replace("_", "-"))
        gap = " " if shown_name[-1].isascii() else ""
        guess = f"看起来是 {shown_name}{gap}编码"
    else:
        guess = "也认不出是哪种编码"
    return Problem(shown, line, "", f"文件不是 UTF-8 编码，{guess}（第 {line} 行起无法按 UTF-8 读取）",
                   "用记事本打开这个文件，点“文件 → 另存为”，在窗口下方的“编码”里选 UTF-8 再保存"
                   "（WPS 文字同样在“另存为”里选编码）；文字本身不用改。")


class FrontMatterError(Exception):
    """The file has no usable front matter block."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def split(path: Path, shown: str, within: Path | None = None) -> Source:
    """Split `---` delimited front matter from the Markdown body (`within`: see read_text)."""
    text = read_text(path, shown, within)
    lines = text.split("\n")
    opened = bool(lines) and lines[0].strip() == "---"
    dashes = [n for n, line in enumerate(lines[:60]) if _IME_DASHES.match(line)]
    if dashes and not opened and dashes[0] != 0:
        dashes = []  # a dash line somewhere in a file with no front matter at all: said below, as that
    if dashes and (not opened or front_end(lines) is None):
        also = [str(n + 1) for n in dashes[1:] if n != 0]
        raise FrontMatterError(Problem(
            shown, dashes[0] + 1, "", f"这一行的“{lines[dashes[0]].strip()}”是中文输入法打出的破折号或全角减号",
            "信息区的开始和结束都要写三个英文减号 ---（切换到英文输入法再打）"
            + (f"；第 {'、'.join(also)} 行也是这样。" if also else "。")))
    if not text.strip():  # 新建文本文档.md, or a story emptied by mistake: an error
        raise FrontMatterError(Problem(shown, None, "", "文件是空的",
                                       "写好稿件再保存，或者删掉这个文件（已发布的稿件被清空了的，请从备份恢复）；"
                                       "新建稿件可以运行 pingan new news --title 标题。"))
    blank = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if blank and lines[blank].strip() == "---":  # a blank line (or a few) before the front matter
        raise FrontMatterError(Problem(
            shown, 1, "", f"文件开头有 {blank} 个空行，信息区的 --- 要写在第一行",
            "删掉文件开头的空行，让 --- 成为文件的第一行。"))
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(Problem(
            shown, 1, "", "文件开头缺少以 --- 开始的信息区",
            "第一行写 ---，接着写 title:、date: 等字段，再用一行 --- 结束，然后写正文。"))
    n = front_end(lines)
    if n is not None:
        front = "\n".join(lines[1:n])  # Word's line breaks in it become spaces where YAML is read (yamlsrc.load)
        body = soften("\n".join(lines[n + 1:]), "<br>")  # a line break that keeps the lines where they are
        return Source(shown, front, body, n + 2)
    raise FrontMatterError(Problem(
        shown, 1, "", "信息区没有结束标记 ---",
        "在字段写完后单独加一行 ---，再写正文。"))

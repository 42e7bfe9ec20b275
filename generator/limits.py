"""Bounds on what the generator reads, so that no small or strange input runs for minutes, fills the memory,
hangs the build or crashes a writer later on.

- Files: content is read only from ordinary files (never a FIFO, device or socket, whose reading can block
  forever), and through a symbolic link only when it ends at an ordinary file inside content/; text files
  are at most MAX_TEXT_BYTES and images at most MAX_IMAGE_BYTES. `open_file` and `read_file` check all of it
  on the opened file itself, so a file swapped for a FIFO after being listed still cannot block.
  `special_files` reports every such entry under content/ once, whether anything refers to it or not.
- Characters: `CONTROL` finds the characters no page, feed or XML writer accepts (C0 and C1 controls but tab
  and line ends, DEL, lone surrogates, the noncharacters U+FFFE, U+FFFF and U+FDD0-U+FDEF). Word's manual line
  break (U+000B) and page break (U+000C) are not errors (`soften`): in a Markdown body each becomes <br>, a
  line break that leaves every line where it was (so messages and the personal-data scan, which reads the
  file as it is, count lines alike); in YAML a space, as a line break there would change the structure.
- Nesting: Markdown lists, block quotes and HTML elements are at most MAX_DEPTH deep (nesting.py); YAML's are
  bounded in yamlsrc.py.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import Problem

MB = 1024 * 1024
MAX_TEXT_BYTES = 1 * MB  # a story, a record or the config: ~350,000 Chinese characters (the sample stories: ~2 KB)
MAX_IMAGE_BYTES = 50 * MB  # a 50-megapixel camera JPEG is 15-30 MB
ROOT_FILE_BYTES = 1 * MB  # a file of content/root/, published as it is (site verification files, icons)
MAX_PIXELS = 50_000_000  # ~150 MB decoded, three copies while variants are made; phones take 12-50 megapixels
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (outputs/images.py): a 108-megapixel phone photo (12032×9024)
# costs ~20 MB so, and a 50-megapixel one, 8192×6144, is a little over 50 million pixels.
MAX_JPEG_PIXELS = 200_000_000


def pixel_limit(image_format: str | None) -> int:
    """The most pixels an image of `image_format` (Pillow's name: JPEG, PNG…) may have."""
    return MAX_JPEG_PIXELS if image_format in ("JPEG", "MPO") else MAX_PIXELS
MAX_DEPTH = 50  # Markdown lists and quotes, HTML elements and YAML collections: real files nest 3-6 levels
# What one Markdown text (a story's body, a record's text) may hold, checked before it is converted (bodysize.py):
# parts of Python-Markdown take time growing with the square of these (its block list, its footnotes' lists, its
# HTML reader on an unclosed tag). At each limit a text converts in about a second; a 30,000-character story has a
# few hundred lines, a statistics table 5-20 columns, a story a few footnotes and no HTML.
MAX_BODY_LINES = 10_000  # lines that are not blank: paragraphs, headings, list items, table rows
MAX_TABLE_COLUMNS = 100  # | (or tabs) on one line
MAX_TABLE_CELLS = 20_000  # | (or tabs) in the whole text
MAX_FOOTNOTES = 2_000  # [^ marks: a note's reference and its text count one each
MAX_TAGS = 2_000  # <, each of which Markdown reads as a possible HTML tag
MAX_LINKS = 2_000  # ]( : links and pictures; Markdown looks for each one's end from its start (an unclosed one: n²)
MAX_AMPERSANDS = 5_000  # &, each a possible character reference Markdown and the sanitiser look at

SPECIAL_HINT = "content/ 里只能放普通的文件和文件夹：请删除它（或移出 content/），需要的话换成真正的文件。"


class Unreadable(Exception):
    """A file that may not or cannot be read: what is wrong with it, said of no subject so that it reads after
    "这个文件" or "图片文件" (`message`), and how to fix it. `missing`: there is no such file at all."""

    def __init__(self, says: str, hint: str, missing: bool = False) -> None:
        super().__init__(says)
        self.says = says
        self.hint = hint
        self.missing = missing

    @property
    def message(self) -> str:
        return f"这个文件{self.says}"

    def problem(self, shown: str, line: int | None = None, field: str = "") -> Problem:
        return Problem(shown, line, field, self.message, self.hint)


def size_text(size: int) -> str:
    """A file size as users read it: 3.2 MB, 640 KB."""
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def _kind(mode: int) -> str | None:
    """What a file that is not an ordinary one is, in words; None for an ordinary file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字（socket）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def _not_ordinary(kind: str) -> Unreadable:
    if kind == "文件夹":
        return Unreadable("是文件夹，不是文件", "请把这个文件夹改名（去掉 .md、.yml 或图片的扩展名），"
                          "或把它移出 content/。", missing=True)
    return Unreadable(f"不是普通文件，而是{kind}，读取它会一直等下去", SPECIAL_HINT)


def _os_problem(exc: OSError) -> Unreadable:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Unreadable("不存在", "检查文件名（区分大小写）和路径。", missing=True)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Unreadable("没有读取权限", "请检查文件的权限和所有者（例如运行 chmod u+r 文件名），"
                          "或换一个有权限的用户运行。")
    if exc.errno == errno.ELOOP:
        return Unreadable("是循环指向自己的快捷方式（符号链接）", "请删除这个快捷方式，换成真正的文件。")
    if exc.errno == errno.EISDIR:
        return _not_ordinary("文件夹")
    name = errno.errorcode.get(exc.errno or 0, "")
    return Unreadable(f"读取时出错（{exc.strerror or exc}" + (f"，{name}）" if name else "）"),
                      "请检查这个文件和所在的磁盘后重试。")


def refusal(path: Path, within: Path | None = None) -> Unreadable | None:
    """Why `path` may not be read, without opening it; None when it may. A link must end at an existing file,
    and, when `path` lies in `within` (content/), inside it; a file that is not an ordinary one is refused, and
    so is a name (below `within`) holding a control character, which a message could not show."""
    # Strings, not pathlib: this runs for every content file of every build (~5 µs instead of ~40).
    full = os.path.abspath(path)
    base = os.path.join(os.path.abspath(within), "") if within is not None else None
    inside = base is not None and full.startswith(base)
    named = full[len(base):] if base is not None and inside else os.path.basename(full)
    if _NAME_CONTROL.search(named):
        return Unreadable(f"的名称含有不可见的控制字符 {control_names(_NAME_CONTROL.findall(named))}",
                          "请给这个文件（或它所在的文件夹）改名，只用看得见的字符。")
    try:
        st = os.lstat(full)
    except OSError as exc:
        return _os_problem(exc)
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - a link replaced in between
            target = "?"
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            return Unreadable(f"是快捷方式（符号链接），但它指向的 {visible(target)} 不存在",
                              "请删除这个快捷方式，或把真正的文件放到这里。")
        except (OSError, RuntimeError):  # a loop: ELOOP, or RuntimeError on older Pythons
            return _os_problem(OSError(errno.ELOOP, "loop"))
        if within is not None and inside and not resolved.is_relative_to(within.resolve()):  # links only: rare
            return Unreadable(f"是指向 content/ 以外（{visible(target)}）的快捷方式（符号链接）",
                              "只有 content/ 里的文件才会发布：请把要发布的文件复制进 content/，再删除这个快捷方式。")
        try:
            st = resolved.stat()
        except OSError as exc:  # pragma: no cover - removed in between
            return _os_problem(exc)
    kind = _kind(st.st_mode)
    return None if kind is None else _not_ordinary(kind)


def open_file(path: Path, *, within: Path | None = None, limit: int | None = None) -> BinaryIO:
    """Open an ordinary file for reading (see `refusal`), at most `limit` bytes long; raises Unreadable.

    The checks are made again on the opened file: it is opened without blocking, so a FIFO put in its place
    meanwhile is seen to be one rather than waited on."""
    refused = refusal(path, within)
    if refused is not None:
        raise refused
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_problem(exc) from None
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind is not None:
            raise _not_ordinary(kind)
        if limit is not None and st.st_size > limit:
            raise Unreadable(f"太大（{size_text(st.st_size)}，上限 {size_text(limit)}）", _size_hint(limit))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _size_hint(limit: int) -> str:
    if limit >= MAX_IMAGE_BYTES:
        return "请用看图软件把图片缩小或压缩后再放进 content/（网站上的图片最宽 1440 像素，几 MB 足够）。"
    return ("一篇稿件或一条记录不会这么大：请检查是不是把别的文件（数据、压缩包、日志）误改成了这个名字；"
            "特别长的材料请分成几篇。")


def read_file(path: Path, *, within: Path | None = None, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes (see `open_file`); raises Unreadable."""
    with open_file(path, within=within, limit=limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise _os_problem(exc) from None
    if len(data) > limit:  # grew after it was measured
        raise Unreadable(f"太大（上限 {size_text(limit)}）", _size_hint(limit))
    return data


def special_files(root: Path) -> list[Problem]:
    """Every entry under root/content that is not an ordinary file or folder, or a link to one inside content/:
    one error each, named relative to `root`. Nothing is opened."""
    content = root / "content"
    problems: list[Problem] = []
    if not content.is_dir():
        return problems
    folders = [os.fspath(content)]
    start = len(os.fspath(root)) + 1
    while folders:  # scandir knows each entry's type without a system call (a link's too, not its target's)
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # an unreadable folder: its files are reported where they are read
            continue
        for entry in entries:
            if _NAME_CONTROL.search(entry.name):
                chars = control_names(_NAME_CONTROL.findall(entry.name))
                problems.append(Problem(visible(entry.path[start:].replace(os.sep, "/")), None, "",
                                        f"这个文件的名称含有不可见的控制字符 {chars}",
                                        "请给这个文件（或文件夹）改名，只用看得见的字符。"))
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    continue
                if entry.is_file(follow_symlinks=False):
                    continue
            except OSError:  # pragma: no cover - removed while walking
                continue
            refused = refusal(Path(entry.path), content)
            if refused is not None:
                problems.append(refused.problem(visible(entry.path[start:].replace(os.sep, "/"))))
    return sorted(problems)


# -- characters -------------------------------------------------------------------------------------------

# Only characters of the BMP: XML allows the planes' noncharacters (U+1FFFE…), and a class holding astral
# characters makes every search ~15 times slower (~70 µs a story).
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
SOFT_BREAKS = "\x0b\x0c"  # Word's manual line break and page break
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")  # in a file name
_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB "
             "ESC FS GS RS US").split()
CONTROL_HINT = ("这类字符看不见，多是从网页、Word、聊天软件或终端复制时带进来的，会让网页和订阅源出错。"
                "请删除它：把这一处的文字删掉后重新输入即可。")


def control_name(char: str) -> str:
    """U+001B（ESC）, U+0085（C1 控制字符）, U+FFFE（非字符）."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif code <= 0x9F:
        name = "C1 控制字符"
    elif 0xD800 <= code <= 0xDFFF:
        name = "不成对的代理项"
    else:
        name = "非字符"
    return f"U+{code:04X}（{name}）"


def control_names(chars: str | list[str]) -> str:
    return "、".join(control_name(c) for c in dict.fromkeys("".join(chars)))


def control_message(chars: str) -> str:
    return f"含有不可见的控制字符 {control_names(chars)}"


def soften(text: str, break_with: str) -> str:
    """`text` with Word's manual line and page breaks made `break_with` (<br>, or a space in YAML)."""
    if "\x0b" in text or "\x0c" in text:
        return text.replace("\x0b", break_with).replace("\x0c", break_with)
    return text


# Characters nobody sees that text copied from WeChat, web pages and Word brings along: zero-width space, word
# joiner, soft hyphen and a BOM inside the text. They split search words and go into the titles readers copy, so
# they are left out of what is read (the file stays as it is; the personal-data scan reads the file itself).
# So do the direction overrides, embeddings and isolates (U+202A-202E, U+2066-2069): one left unclosed in a title
# turns the text after it around in every reader's feed and tab ("Trojan Source"); a Chinese site's text needs none.
# The zero-width joiner and non-joiner are kept: emoji and some scripts need them. Only those next to a visible
# character go: a field of nothing else is still reported as empty, by the check that says why.
INVISIBLE = re.compile("[\u200b\u2060\u00ad\ufeff\u202a-\u202e\u2066-\u2069]+")  # runs: matched once each


def _visible_side(run: re.Match[str]) -> str:
    """A run of invisible characters goes when a visible character is next to it, else it stays."""
    text, start, end = run.string, run.start(), run.end()
    beside = (start > 0 and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace())
    return "" if beside else run[0]


def without_invisible(text: str) -> str:
    """`text` without the invisible characters pasted along with it (INVISIBLE) where a visible one is beside them."""
    return INVISIBLE.sub(_visible_side, text) if INVISIBLE.search(text) else text


MAX_CONTROL_PROBLEMS = 5  # per file: a file full of NULs (UTF-16 read as UTF-8) is reported in a few lines


# A numeric character reference (&#27; &#x1b;) in Markdown: the page keeps it, but the feed writer decodes it.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _referenced(line: str) -> str:
    """The refused characters `line` writes as numeric references (Word's breaks among them: no reader turns a
    reference into a line break); U+0000 and codes beyond Unicode count as U+0000."""
    found = ""
    if "&#" in line:
        for ref in _REFERENCE.finditer(line):
            code = int(ref[1], 16) if ref[1] else int(ref[2])
            char = chr(code) if code <= 0x10FFFF else "\0"
            if CONTROL.match(char) or char in SOFT_BREAKS:
                found += char
    return found


def control_problems(text: str, path: str, first_line: int, field: str, raw: bool = True) -> list[Problem]:
    """One error per line of Markdown `text` holding a refused character (see CONTROL), as it is (unless not
    `raw`: YAML reports those itself) or as a numeric reference (&#27;); `first_line` is the file line where
    `text` starts."""
    if not (raw and CONTROL.search(text)) and "&#" not in text:
        return []
    problems: list[Problem] = []
    lines = text.split("\n")
    bad: list[tuple[int, str, str]] = []  # line, characters as they are, characters written as references
    for n, line in enumerate(lines):
        found = "".join(CONTROL.findall(line)) if raw else ""
        written = _referenced(line)
        if found or written:
            bad.append((n, found, written))
    for n, found, written in bad[:MAX_CONTROL_PROBLEMS]:
        if found:
            problems.append(Problem(path, first_line + n, field, control_message(found), CONTROL_HINT))
        if written:
            problems.append(Problem(path, first_line + n, field, control_message(written) + "（写成了 &# 字符引用）",
                                    "网页上看不出来，但订阅源无法包含这样的字符。请删除这个 &#…; 写法。"))
    if len(bad) > MAX_CONTROL_PROBLEMS:
        problems.append(Problem(path, first_line + bad[MAX_CONTROL_PROBLEMS][0], field,
                                f"另有 {len(bad) - MAX_CONTROL_PROBLEMS} 行也含有不可见的控制字符",
                                "整个文件都是这样时，它多半不是 UTF-8 编码（例如 UTF-16）：请用记事本“另存为” UTF-8。"))
    return problems


def visible(text: str) -> str:
    """`text` with refused characters and Word's breaks written as <U+XXXX>, for a message naming a file."""
    return _NAME_CONTROL.sub(lambda m: f"<U+{ord(m[0]):04X}>", text)


def walk_strings(data: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in parsed YAML data with its key path."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk_strings(value, (*loc, i))


def files_by_name(content: Path) -> dict[str, list[Path]]:
    """Every ordinary file under `content` that a loader would read (see `refusal`), by its name in lower case:
    where a file written with other capitals is (a picture or a cover not found). Listed when first needed."""
    found: dict[str, list[Path]] = {}
    for path in sorted(content.rglob("*")):
        if path.is_file() and refusal(path, content) is None:
            found.setdefault(path.name.lower(), []).append(path)
    return found

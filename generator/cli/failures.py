"""How the `pingan` command says what went wrong: errors of the system and bugs in words, and the page the
preview shows while a build cannot finish."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
import tempfile
from pathlib import Path


def printable_streams() -> None:
    """Characters the terminal's encoding lacks are shown escaped instead of ending the command (a console set
    to an old code page, PYTHONIOENCODING=ascii)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change now
                pass


def debugging() -> bool:
    """Whether PINGAN_DEBUG asks for the traceback of an error."""
    return bool(os.environ.get("PINGAN_DEBUG"))


def _not_built(args: argparse.Namespace | None) -> str:
    if args is not None and args.command == "build":
        return "网站没有生成完，上一次生成的网站保持不变。"
    return ""


# errno: (what happened to {where}, what happened when the system named no file, what to do). In the advice,
# {where} is the file and {disk} the folder whose disk it is on (the output folder for a file inside it).
_CAUSES: dict[int, tuple[str, str, str]] = {
    errno.ENOSPC: ("写入 {where} 时磁盘空间已满", "磁盘空间已满",
                   "清理{disk}所在磁盘的空间后重试，或用 --out 把网站生成到空间更多的磁盘上。"),
    errno.EDQUOT: ("写入 {where} 时超出了这个用户的磁盘配额", "超出了这个用户的磁盘配额",
                   "清理{disk}所在磁盘上自己的文件，或请管理员增加配额。"),
    errno.EROFS: ("{where} 所在的磁盘是只读的，不能写入", "磁盘是只读的，不能写入",
                  "换一个可以写入的文件夹（例如用 --out 指定），或请管理员把这个磁盘改为可写。"),
    errno.EACCES: ("没有权限读写 {where}", "没有权限读写需要的文件",
                   "检查 {where} 的权限和所有者，或换一个有权限的文件夹。"),
    errno.EPERM: ("系统不允许修改 {where}（可能被设为不可修改，或被其他程序锁定）", "系统不允许这个操作",
                  "检查 {where} 的权限和属性（例如 lsattr），或换一个文件夹。"),
    errno.ENAMETOOLONG: ("{where} 的文件名或路径太长", "文件名或路径太长", "把文件名或所在文件夹的名字改短一些。"),
    errno.EMFILE: ("同时打开的文件太多（正在处理 {where}）", "同时打开的文件太多",
                   "关闭其他程序后重试；或者设置环境变量 PINGAN_IMAGE_WORKERS=1。"),
    errno.ENFILE: ("系统同时打开的文件太多（正在处理 {where}）", "系统同时打开的文件太多", "关闭其他程序后重试。"),
    errno.EIO: ("读写 {where} 时出错，磁盘、U 盘或网络盘可能有故障", "读写磁盘出错，磁盘、U 盘或网络盘可能有故障",
                "检查这个磁盘后重试，或把项目复制到另一个磁盘上。"),
    errno.ENOENT: ("找不到 {where}（可能在生成时被删除或移走了）", "找不到需要的文件", "确认它存在后重试。"),
    errno.ENOTDIR: ("{where} 中有一段是文件，不是文件夹", "路径中有一段是文件，不是文件夹", "检查路径的每一段名字。"),
    errno.EISDIR: ("{where} 是一个文件夹，不是文件", "需要文件的地方是一个文件夹", "把同名的文件夹改名或移走。"),
    errno.ELOOP: ("{where} 中的符号链接形成了循环，或者链接层数太多", "符号链接形成了循环",
                  "检查路径中的符号链接。"),
    errno.EBUSY: ("{where} 正被其他程序使用", "文件正被其他程序使用",
                  "关闭打开它的程序（例如正在预览的 pingan serve、文件管理器）后重试。"),
}


def _shown(name: object, args: argparse.Namespace | None) -> str:
    """A file name from an error: relative to the project folder when it lies inside, else in full."""
    if not isinstance(name, str | bytes | os.PathLike):
        return ""
    path = Path(os.path.abspath(os.fsdecode(name)))
    if args is not None and getattr(args, "config", None):
        root = Path(os.path.abspath(args.config)).parent
        for base in (root, root.resolve()):
            if path.is_relative_to(base):
                return path.relative_to(base).as_posix() or "./"
    return os.fspath(path)


def _folder(path: Path, args: argparse.Namespace | None) -> str:
    return _shown(path, args).rstrip("/") + "/"


def system_error(exc: BaseException, args: argparse.Namespace | None, out: Path | None) -> str:
    """An error from the system (disk, permissions, memory, the cache's database) in words, with the file."""
    tail = _not_built(args)
    if isinstance(exc, MemoryError):
        return (f"内存不足，{tail or '命令没有完成。'}\n"
                "    提示：关闭其他程序后重试；或者设置环境变量 PINGAN_IMAGE_WORKERS=1 只用一个进程生成。")
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        cause = ("磁盘空间已满" if "full" in text else "磁盘只读或没有写入权限" if "readonly" in text
                 else f"数据库出错（{text}）")
        return (f"读写生成缓存 .pingan-cache/ 时出错：{cause}。{tail}\n"
                "    提示：检查项目文件夹所在磁盘的空间和权限后重试；删除 .pingan-cache 文件夹也可以"
                "（它只用来加快生成，删除后下一次生成慢一些）。")
    assert isinstance(exc, OSError)
    code = exc.errno or 0
    # A copy names what it read and what it wrote; a full or read-only disk is the written one's.
    written = code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) and exc.filename2 is not None
    file = exc.filename2 if written else exc.filename
    where = _shown(file, args)
    if where and not written and exc.filename2 is not None:
        where += f" → {_shown(exc.filename2, args)}"
    name = errno.errorcode.get(code, str(code)) if code else type(exc).__name__
    named, unnamed, hint = _CAUSES.get(code, ("处理 {where} 时出错：" + (exc.strerror or str(exc)),
                                              exc.strerror or str(exc), "检查 {where} 后重试。"))
    disk = f" {where} "
    if out is not None and isinstance(file, str | bytes | os.PathLike):
        target = Path(os.path.abspath(out))
        if Path(os.path.abspath(os.fsdecode(file))).is_relative_to(target):
            disk = f"输出文件夹 {_folder(target, args)} "
    if where:
        head = named.format(where=where)
    elif code in (errno.ENOSPC, errno.EDQUOT):
        folders = [f"输出文件夹 {_folder(out, args)}"] if out is not None else []
        folders += ["生成缓存 .pingan-cache/", f"系统临时文件夹 {tempfile.gettempdir()}"]
        head = f"{unnamed}（可能是{'、'.join(folders)}所在的磁盘）"
        disk = "这些文件夹"
    else:
        head = unnamed
    if not where and "{where}" in hint:
        hint = "检查相关的文件和文件夹后重试。"
    return f"{head}（{name}）。{tail}\n    提示：{hint.format(where=where, disk=disk).strip()}"


def internal_error(exc: BaseException, args: argparse.Namespace | None) -> str:
    """A failure no check foresaw: what it was, that the site is as it was, and how to report it."""
    import traceback

    from ..privacy import redact

    if debugging():
        traceback.print_exc()
    command = f"pingan {args.command}" if args is not None and args.command else "pingan"
    text = redact(str(exc))[:300]
    return (f"pingan 内部出错（{type(exc).__name__}{'：' + text if text else ''}）。{_not_built(args)}\n"
            "    提示：这是程序的问题，不是你的操作造成的。请在命令前加上 PINGAN_DEBUG=1 再运行一次（例如 "
            f"PINGAN_DEBUG=1 {command}），把显示的全部内容和所用的命令一起发给维护者。")


# A worker process (images, QR codes, Markdown, charts, search) was killed, most often by the system for want of
# memory (BrokenProcessPool; the build's thread pools have no initializer, so they never break): said in words.
WORKER_KILLED = ("一个子进程意外退出（常见原因是内存不足），生成没有完成；上一次生成的网站保持不变。\n"
                 "    提示：请重新生成；如果反复出现，设置环境变量 PINGAN_IMAGE_WORKERS=1 只用一个进程生成。")


ERROR_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading} - 预览</title>
<style>body{{font:18px/1.7 system-ui,sans-serif;margin:0;background:#fff8f6;color:#1f1f1f}}
main{{max-width:60rem;margin:0 auto;padding:1.5rem}}h1{{color:#a4161a;font-size:1.6rem}}
pre{{white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;border-left:6px solid #a4161a;padding:1rem;
font-size:1rem}}</style></head>
<body><main><h1>{heading}，预览暂停更新</h1>
<p>{advice}终端里也显示了同样的内容。</p>
<pre>{problems}</pre></main></body></html>
"""


def error_page(text: str, heading: str = "内容有错误", advice: str = "请按下面的提示修改，保存后这个页面会自动刷新。"
               ) -> bytes:
    """The page the preview shows while the content has errors (the text is already masked), or, with another
    `heading` and `advice`, while a build cannot finish for another reason."""
    import html

    return ERROR_PAGE.format(problems=html.escape(text), heading=heading, advice=advice).encode("utf-8")

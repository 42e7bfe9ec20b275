"""`pingan serve`: the preview, built again on every save, showing the problems in the browser while there are any."""

from __future__ import annotations

import argparse
import functools
import shutil
import signal
import sqlite3
import sys
import tempfile
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..errors import PinganError, ProblemList
from .failures import WORKER_KILLED, error_page, internal_error, system_error
from .say import masked, print_problems

if TYPE_CHECKING:
    from ..preview.builds import Preview

def rebuild(builds: Preview) -> tuple[bytes | None, bool]:
    """Rebuild the preview; on errors, print them and return the page that shows them in the browser.

    After a save that only edited stories, their pages are shown first and a whole build is asked for."""
    try:
        titles = builds.quick()
    except Exception:  # the whole build below reports whatever went wrong
        titles = None
    if titles is not None:
        print(masked(f"已更新：{'、'.join(titles)}。列表、订阅源和搜索马上随后更新……"))
        return None, True
    try:
        report = builds.build()
    except ProblemList as exc:
        print_problems(exc)
        print("预览页面显示了这些错误；修改后保存即可自动重试。", file=sys.stderr)
        return error_page(exc.format()), False
    except PinganError as exc:
        print(f"错误：{masked(exc)}", file=sys.stderr)
        return error_page(masked(exc)), False
    except BrokenExecutor:
        print(f"错误：{WORKER_KILLED}", file=sys.stderr)  # the next save builds again
        return error_page(WORKER_KILLED, "生成没有完成", "这不是稿件内容的问题：再保存一次任意文件（内容不用改），"
                          "就会重新生成，这个页面随后自动刷新。"), False
    except (OSError, sqlite3.Error, MemoryError) as exc:  # the disk or the system: the next save builds again
        text = system_error(exc, argparse.Namespace(command="serve", config=builds.config_path), None)
        print(f"错误：{text}", file=sys.stderr)
        return error_page(text, "生成没有完成", "这不是稿件内容的问题：按下面的提示处理后，再保存一次任意文件，"
                          "就会重新生成。"), False
    except Exception as exc:  # a bug: the preview goes on; the next save builds again
        text = internal_error(exc, argparse.Namespace(command="serve"))
        print(f"错误：{text}", file=sys.stderr)
        return error_page(text, "生成没有完成", "这是程序的问题，不是稿件内容的问题。"), False
    print(f"已重新生成：{report.stories} 篇稿件（含草稿和定时发布），{report.pages} 个页面，"
          f"用时 {report.seconds:.1f} 秒。")
    return None, False


def base_path(config_path: Path) -> str:
    """The path of the site's configured address (`/sub/` for https://x.gov.cn/sub/): the preview serves the site
    there, so that links starting with it work; `/` while the config cannot be read (the build reports why)."""
    from ..config import load_config

    try:
        return unquote(urlsplit(load_config(config_path).site.base_url).path) or "/"
    except PinganError:
        return "/"


def serve(config_path: Path, port: int, strict: bool) -> None:
    from ..preview import server as preview_server
    from ..preview.builds import Preview
    from ..publish import scratch
    from ..render.theme import theme_dir

    root = config_path.resolve().parent
    preview = Path(tempfile.mkdtemp(prefix=scratch.prefix("preview"))) / "site"
    builds = Preview(config_path, preview, strict)

    again = functools.partial(rebuild, builds)

    # Stopping the preview with SIGTERM should tidy up like Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        first_error, _ = again()
        preview.mkdir(parents=True, exist_ok=True)  # a first build that failed still gets a server
        watch = [config_path.resolve(), root / "content", theme_dir()]
        preview_server.serve(again, preview, watch, "127.0.0.1", port, first_error,
                             functools.partial(base_path, config_path))
    finally:
        shutil.rmtree(preview.parent, ignore_errors=True)

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

from ..errors import PinganError, Problem, ProblemList
from .failures import WORKER_KILLED, error_page, internal_error, system_error
from .say import masked, print_problems

if TYPE_CHECKING:
    from ..preview.builds import Preview

# The banner atop each preview page: the build's warnings (a region, amber), or its errors above the last good site
# (an alert, red, opened). One frame for both; preview/handler.py opens the warnings' on a 404 page by its
# `<details>` (a draft whose header has a mistake has no page of its own).
_BANNER = ('<div role="{role}"{label} style="flex:0 0 100%;position:relative;z-index:10;margin:0;padding:.6rem 1rem;'
           'background:{background};color:{colour};border-bottom:3px solid {line};font:15px/1.6 sans-serif">'
           '<strong>{lead}</strong>{advice}<details{opened}><summary>{summary}</summary><pre style="white-space:'
           'pre-wrap;margin:.4rem 0 0;font:14px/1.6 monospace">{problems}</pre></details></div>')


def _banner(text: str, **parts: str) -> bytes:
    import html

    return _BANNER.format(problems=html.escape(text), **parts).encode("utf-8")


def error_notice(text: str, heading: str, advice: str) -> bytes:
    """The banner atop the last good site while a build fails (the text is already masked)."""
    return _banner(text, role="alert", label="", background="#fff1f0", colour="#5c0b0e", line="#a4161a",
                   lead=f"{heading}：下面是上一次生成成功的网站，还没有你刚保存的改动。", advice=advice, opened=" open",
                   summary="查看错误")


def notice(warnings: list[Problem]) -> bytes:
    """The banner the preview shows atop each page while the build has warnings (b"" when it has none): a draft's
    mistakes are warnings, and a draft is left out of the preview's lists, so without it they went unseen."""
    if not warnings:
        return b""
    text = "\n".join(w.format() for w in warnings)  # masked by Problem.format
    return _banner(text, role="region", label=' aria-label="预览提示"', background="#fff8e6", colour="#4a3300",
                   line="#b26a00", lead=f"预览提示（发布的网站上没有这一栏）：有 {len(warnings)} 个警告",
                   advice="，草稿里的问题也在其中，发布前请改好（终端里也列出了）。", opened="", summary="查看警告")


def rebuild(builds: Preview, shown: dict[str, bytes] | None = None, said: set[str] | None = None
            ) -> tuple[bytes | None, bool]:
    """Rebuild the preview; on errors, print them and return the page that shows them in the browser (the server
    shows it until a build has succeeded; after that, the last good site with the errors atop, from
    `shown["notice"]`). Warnings are printed too, each once while it lasts (`said`: those printed by the last
    build: the sample site's warning after every save buried the writer's own), and put in `shown["notice"]`.

    After a save that only edited stories, their pages are shown first and a whole build is asked for."""
    try:
        titles = builds.quick()
    except Exception:  # the whole build below reports whatever went wrong
        titles = None
    if titles is not None:
        print(masked(f"已更新：{'、'.join(titles)}。列表、订阅源和搜索马上随后更新……"))
        return None, True

    def failed(text: str, heading: str = "内容有错误", advice: str = "请按下面的提示修改，保存后这个页面会自动刷新。"
               ) -> tuple[bytes | None, bool]:
        if shown is not None:
            shown["notice"] = error_notice(text, heading, advice)
        return error_page(text, heading, advice), False

    try:
        report = builds.build()
    except ProblemList as exc:
        print_problems(exc)
        print("预览页面顶部显示了这些错误；修改后保存即可自动重试。", file=sys.stderr)
        return failed(exc.format())
    except PinganError as exc:
        print(f"错误：{masked(exc)}", file=sys.stderr)
        return failed(masked(exc))
    except BrokenExecutor:
        print(f"错误：{WORKER_KILLED}", file=sys.stderr)  # the next save builds again
        return failed(WORKER_KILLED, "生成没有完成", "这不是稿件内容的问题：再保存一次任意文件（内容不用改），"
                      "就会重新生成，这个页面随后自动刷新。")
    except (OSError, sqlite3.Error, MemoryError) as exc:  # the disk or the system: the next save builds again
        text = system_error(exc, argparse.Namespace(command="serve", config=builds.config_path), None)
        print(f"错误：{text}", file=sys.stderr)
        return failed(text, "生成没有完成", "这不是稿件内容的问题：按下面的提示处理后，再保存一次任意文件，"
                      "就会重新生成。")
    except Exception as exc:  # a bug: the preview goes on; the next save builds again
        text = internal_error(exc, argparse.Namespace(command="serve"))
        print(f"错误：{text}", file=sys.stderr)
        return failed(text, "生成没有完成", "这是程序的问题，不是稿件内容的问题。")
    texts = [warning.format() for warning in report.warnings]
    repeated = [text for text in texts if said is not None and text in said]
    for text in texts:
        if text not in repeated:
            print(text)
    if said is not None:
        said.clear()
        said.update(texts)
    again_said = f"，其中 {len(repeated)} 个和上次一样，不再重复列出" if repeated else ""
    print(f"已重新生成：{report.stories} 篇稿件（含草稿和定时发布），{report.pages} 个页面，"
          + (f"{len(texts)} 个警告（见上面{again_said}；预览页面顶部也列出了），" if texts else "")
          + f"用时 {report.seconds:.1f} 秒。")
    if shown is not None:
        shown["notice"] = notice(report.warnings)
    return None, False


def base_path(config_path: Path) -> str:
    """The path of the site's configured address (`/sub/` for https://x.gov.cn/sub/): the preview serves the site
    there, so that links starting with it work; "" while the config cannot be read (the build reports why, and the
    preview stays where it was: a colon typed in Chinese in the config said the address had changed)."""
    from ..config import load_config

    try:
        return unquote(urlsplit(load_config(config_path).site.base_url).path) or "/"
    except PinganError:
        return ""


def serve(config_path: Path, port: int, strict: bool) -> None:
    from ..preview import server as preview_server
    from ..preview.builds import Preview
    from ..publish import scratch
    from ..render.theme import theme_dir

    root = config_path.resolve().parent
    preview = Path(tempfile.mkdtemp(prefix=scratch.prefix("preview"))) / "site"
    builds = Preview(config_path, preview, strict)

    shown: dict[str, bytes] = {"notice": b""}
    again = functools.partial(rebuild, builds, shown, set())

    # Stopping the preview with SIGTERM should tidy up like Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        watch = [config_path.resolve(), root / "content", theme_dir()]
        preview_server.serve(again, preview, watch, "127.0.0.1", port, functools.partial(base_path, config_path),
                             lambda: shown["notice"])
    finally:
        shutil.rmtree(preview.parent, ignore_errors=True)

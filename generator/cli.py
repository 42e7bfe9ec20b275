"""The `pingan` command: build, serve and check, with help and messages in Chinese."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .authoring.new import KIND_NAMES, check_column
from .clierrors import WORKER_KILLED, debugging, error_page, internal_error, printable_streams, system_error
from .errors import PinganError, ProblemList, UsageError

if TYPE_CHECKING:
    from .preview.builds import Preview

log = logging.getLogger("generator")

# argparse looks its messages up through the module-level gettext functions at call time;
# translating there gives Chinese usage and error text without re-implementing the parser.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可能是 %(matches)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


def _zh_n(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


argparse._ = _zh  # type: ignore[attr-defined]
argparse.ngettext = _zh_n  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n提示：运行 {self.prog} --help 查看用法。\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pingan",
        description="平安建设宣传门户生成器：把 Markdown 稿件生成带 RSS/Atom 订阅的静态网站。",
        epilog="示例：pingan build　生成网站到 site/；pingan serve　本地预览；pingan check　只检查不生成。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", "-c", default="site_config.yml", metavar="文件",
                       help="网站配置文件（默认：site_config.yml）")
        p.add_argument("--strict", action="store_true", help="严格模式：有警告也视为失败")

    b = sub.add_parser("build", help="生成网站", description="检查全部内容并生成网站。生成失败时保留上一次的网站不变。")
    common(b)
    b.add_argument("--out", "-o", default=None, metavar="目录", help="输出目录（默认：配置文件旁的 site/）")

    s = sub.add_parser("serve", help="本地预览（自动刷新）",
                       description="在本机 127.0.0.1 上预览网站；修改稿件、配置或主题后自动重新生成并刷新浏览器。"
                                   "草稿和定时发布的稿件在预览中可见，并标有“草稿”。")
    common(s)
    s.add_argument("--port", "-p", type=_port, default=8000, metavar="端口", help="端口号（默认：8000）")

    c = sub.add_parser("check", help="只检查，不生成", description="检查配置和全部内容，列出所有问题，不写任何文件。")
    common(c)

    n = sub.add_parser("new", help="新建稿件或记录",
                       description="按模板新建一篇稿件或一条记录（默认是草稿），并显示文件位置。",
                       epilog="示例：pingan new news --title 我县召开平安建设推进会 --column gongzuo-dongtai")
    n.add_argument("kind", choices=list(KIND_NAMES), metavar="类型",
                   help="news 新闻、case 案例、mediator 调解员/调解室、honor 荣誉、metrics 工作数据")
    n.add_argument("--title", "-t", default=None, metavar="标题", help="标题或名称（用来生成网址标识）")
    n.add_argument("--column", default=None, metavar="栏目", help="栏目标识（只用于 news）")
    n.add_argument("--config", "-c", default="site_config.yml", metavar="文件",
                   help="网站配置文件（默认：site_config.yml）")

    i = sub.add_parser("import", help="导入 Word 文档或网页文章",
                       description="把 Word 文档（.docx）或从新闻网站复制的文章（.txt、.md、.html）导入为草稿稿件，"
                                   "并列出识别到的和推测的内容，请逐项核对。同一个文件不会重复导入。")
    i.add_argument("files", nargs="+", metavar="文件", help="要导入的文件，可以一次写多个")
    i.add_argument("--column", default=None, metavar="栏目", help="放入哪个栏目（默认：第一个栏目）")
    i.add_argument("--config", "-c", default="site_config.yml", metavar="文件",
                   help="网站配置文件（默认：site_config.yml）")
    a = sub.add_parser("audit", help="按政府网站检查指标自查",
                       description="按《政府网站与政务新媒体检查指标》检查稿件和已生成的网站：栏目更新、空白栏目、链接、"
                                   "规范表述、网站标识、三审。只读不写；有单项否决问题时退出码为 1。",
                       epilog="示例：pingan audit　pingan audit --as-of 2025-06-30 --format html")
    a.add_argument("--config", "-c", default="site_config.yml", metavar="文件",
                   help="网站配置文件（默认：site_config.yml）")
    a.add_argument("--as-of", default=None, type=_day, metavar="日期",
                   help="按哪一天检查，格式 YYYY-MM-DD（默认：今天）；这一天以后发布的稿件不算")
    a.add_argument("--format", default="text", choices=["text", "html", "json"], metavar="格式",
                   help="text 在终端显示（默认）；html 在网站目录旁边写一份可以转发的报告；json 给其他程序读")
    a.add_argument("--site", default=None, metavar="目录", help="已生成的网站目录（默认：配置文件旁的 site/）")
    a.add_argument("--report", default=None, metavar="文件",
                   help="html 报告写到哪里（默认：网站目录旁的 audit-日期.html）")
    a.add_argument("--online", action="store_true", help="联网逐个访问外部链接（每个最多等 8 秒）")
    return parser


def _day(text: str) -> date:
    """A day from the command line: 2025-06-30, as front matter also takes it (2025-6-30, 2025/6/30, 2025年6月30日)."""
    from .dates import day_of  # not at the top: the command loads no library before its Ctrl+C guard

    try:
        return day_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 年-月-日，例如 2025-06-30，不能是 {text}") from None


_day.__name__ = "日期"


def _port(text: str) -> int:
    """A port number from the command line (argparse reports the ValueError in its own words)."""
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"端口号应为 1 到 65535 之间的整数，不能是 {text}")
    return value


_port.__name__ = "端口号"  # argparse names the type in "无效的 端口号 值"


def _masked(text: object) -> str:
    """`text` with personal data masked, for what is printed outside Problem.format (see privacy.redact)."""
    from .privacy import redact

    return redact(str(text))


STOPPED_EARLY = ("生成在读取稿件和记录时就停下了：正文里的图片、链接等还没有检查。"
                 "运行 pingan check 可以一次看到更多问题。")


def _print_problems(exc: ProblemList) -> None:
    errors = [p for p in exc.problems if p.level == "error"]
    warnings = [p for p in exc.problems if p.level == "warning"]
    for problem in exc.problems:
        print(problem.format(), file=sys.stderr)
    print(f"\n发现 {len(errors)} 个错误、{len(warnings)} 个警告，请按提示修改后重试。", file=sys.stderr)
    if exc.early:
        print(STOPPED_EARLY, file=sys.stderr)
    if exc.unread:
        shown = "、".join(exc.unread[:3]) + (f" 等 {len(exc.unread)} 个文件" if len(exc.unread) > 3 else " ")
        print(f"{shown}没能完整检查（信息区或字段有错）：里面的正文、图片、链接和人名要等这些错改好后才检查，"
              "改好后请再检查一次。", file=sys.stderr)


def _starting(what: str) -> None:
    """Say on a terminal that the work has begun (a cold build says nothing else for seconds: a writer who sees
    nothing may think it hung and press Ctrl+C); logs and pipes get only the summary."""
    if sys.stderr.isatty():
        print(what, file=sys.stderr, flush=True)


def _summary(report: object, built: bool) -> None:
    from .build import Report

    assert isinstance(report, Report)
    for warning in report.warnings:
        print(warning.format())
    verb = "生成完成" if built else "检查通过"
    line = f"{verb}：{report.stories} 篇稿件，{report.pages} 个页面"
    if built and report.pages_reused:
        line += f"（新生成 {report.pages_rendered} 个，其余内容未变、直接复用）"
    if report.records:
        line += f"，{report.records} 条结构化记录"
    if built:
        line += f"，{report.feeds} 个订阅源，图片新处理 {report.images_new} 张、复用缓存 {report.images_cached} 张"
    line += f"，{len(report.warnings)} 个警告，用时 {report.seconds:.1f} 秒。"
    print(line)
    # drafts whose header could not be read are drafts all the same: listed with what is left to mend
    mend = Counter(w.path for w in report.warnings if w.message.startswith("草稿：") and w.path.endswith(".md"))
    unread = sorted(set(mend) - {story.path for story in report.drafts})
    if report.drafts or unread:
        print(f"未发布的草稿（{len(report.drafts) + len(unread)} 篇）：")
        for story in report.drafts:
            todo = f"（有 {mend[story.path]} 处要改，见上面的警告）" if mend[story.path] else ""
            print(f"  {story.path}　《{_masked(story.meta.title)}》{todo}")
        for path in unread:
            print(f"  {path}　（有 {mend[path]} 处要改，见上面的警告）")
    if report.record_drafts:
        print(f"未发布的记录草稿（{len(report.record_drafts)} 条）：")
        for path in report.record_drafts:
            print(f"  {path}")
    if report.unreviewed:
        print(f"三审没有完成、没有发布的稿件（{len(report.unreviewed)} 篇）：")
        for story in report.unreviewed:
            lacking = story.meta.review.lacking(story.date) if story.meta.review else "缺初审、复审、终审"
            print(f"  {story.path}　《{_masked(story.meta.title)}》　{lacking}")
    if report.scheduled:
        print(f"定时发布、尚未到时间的稿件（{len(report.scheduled)} 篇）：")
        for story in report.scheduled:
            print(f"  {story.path}　《{_masked(story.meta.title)}》　{story.date:%Y-%m-%d %H:%M}")
    if report.zone_assumed:
        print(f"说明：{report.zone_assumed} 篇稿件的发布时间没有写时区，已按网站时区 {report.zone} 理解。")
    if report.figures_checked:
        print(f"说明：{report.figures_checked} 处报道数字的不一致已标为核对过（数据文件的 checked 字段），不再警告，"
              "页面上照样注明。")
    if report.warnings:
        print(f"共 {len(report.warnings)} 个警告。")
    if built and report.out is not None:
        print(f"网站已生成在 {report.out}/")
        print("预览：运行 pingan serve，然后在浏览器打开 http://127.0.0.1:8000/")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pingan` command; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    printable_streams()
    args: argparse.Namespace | None = None
    out: Path | None = None
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        config_path = Path(args.config)
        from .config import check_file

        check_file(config_path)  # before anything is made beside it (the build's cache, a lock)
        if args.command == "check":
            from .build import check

            _starting("正在检查稿件和记录……")
            _summary(check(config_path, strict=args.strict), built=False)
        elif args.command == "import":
            return _import(config_path, [Path(f) for f in args.files], args.column)
        elif args.command == "audit":
            return _audit(config_path, args)
        elif args.command == "new":
            _new(config_path, args.kind, args.title, args.column)
        elif args.command == "build":
            from .build import build

            out = Path(args.out) if args.out else config_path.resolve().parent / "site"
            _starting("正在检查并生成网站……")
            _summary(build(config_path, out, strict=args.strict), built=True)
        else:
            _serve(config_path, args.port, args.strict)
    except ProblemList as exc:
        _print_problems(exc)
        return 1
    except KeyboardInterrupt:
        print("\n已中断。上一次生成的网站保持不变。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`pingan build | head`): the work is done; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except UsageError as exc:
        print(f"pingan：错误：{_masked(exc)}", file=sys.stderr)
        return 2
    except PinganError as exc:
        print(f"错误：{_masked(exc)}", file=sys.stderr)
        return 1
    except BrokenExecutor:
        print(f"错误：{WORKER_KILLED}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, MemoryError) as exc:  # the disk, the system or the memory said no
        if debugging():
            import traceback

            traceback.print_exc()
        print(f"错误：{system_error(exc, args, out)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said in words, with what to send; the traceback when asked for
        print(f"错误：{internal_error(exc, args)}", file=sys.stderr)
        return 1
    return 0


def _audit(config_path: Path, args: argparse.Namespace) -> int:
    """Run the audit and print or write its report; 1 when a 单项否决 item is hit."""
    from .audit import report
    from .audit.run import audit, report_path

    site = Path(args.site) if args.site else config_path.resolve().parent / "site"
    if args.report and args.format != "html":
        raise UsageError("--report 只用于 --format html（报告文件是网页）。请加上 --format html。")
    given = Path(args.report) if args.report else None
    target = report_path(site, args.as_of or date.today(), given, config_path) if args.format == "html" else None
    result = audit(config_path, site, args.as_of, fetch=args.online)
    if args.format == "json":
        print(report.as_json(result))
    else:
        print(_masked(report.text(result)))
    if target is not None:
        target = report_path(site, result.as_of, given, config_path)
        target.write_text(report.html(result), encoding="utf-8")
        print(f"报告已写到 {target}（可以用浏览器打开、打印或转发）")
    return 1 if result.vetoed else 0


def _new(config_path: Path, kind: str, title: str | None, column: str | None) -> None:
    from datetime import datetime

    from .authoring.new import new_file
    from .config import load_config

    config = load_config(config_path)
    path = new_file(config_path.resolve().parent, config, kind, title, column, datetime.now(config.zone))
    shown = path.relative_to(config_path.resolve().parent).as_posix()
    print(f"已新建{KIND_NAMES[kind]}：{shown}")
    print("打开这个文件，按 # 后面的说明填写；写完后删掉 draft: true 这一行才会发布。")


def _import(config_path: Path, files: list[Path], column: str | None) -> int:
    from datetime import datetime

    from .authoring.importer import import_file, imported_before
    from .authoring.sources import SourceProblem
    from .config import load_config

    config = load_config(config_path)
    column = check_column(config, column)
    root = config_path.resolve().parent
    seen = imported_before(root)
    failed = imported = 0
    for path in files:
        try:
            result = import_file(root, config, path, column, datetime.now(config.zone), seen)
        except SourceProblem as exc:
            print(f"未导入：{_masked(exc)}", file=sys.stderr)
            failed += 1
            continue
        if result.story is None:
            print(_masked(f"跳过 {path.name}：以前导入过，对应稿件 {result.duplicate_of}"))
            continue
        # the report names what the page held (title, source, authors): masked like every message
        imported += 1
        print(_masked(f"导入 {path.name} → {result.story.relative_to(root).as_posix()}（草稿）"))
        print(_masked(f"  识别：{'；'.join(result.detected)}"))
        if result.guessed:  # one guess a line: each is a field to check, and some are long
            print("  推测（请逐项核对）：")
            for guess in result.guessed:
                print(_masked(f"    - {guess}"))
        if result.dropped:
            print("  已删除：" + "、".join(f"{kind} {n} 行" for kind, n in result.dropped.items()))
    if imported:
        print("请打开导入的稿件逐项核对，确认无误后删掉 draft: true 这一行再发布。")
    return 1 if failed else 0


def _rebuild(builds: Preview) -> tuple[bytes | None, bool]:
    """Rebuild the preview; on errors, print them and return the page that shows them in the browser.

    After a save that only edited stories, their pages are shown first and a whole build is asked for."""
    try:
        titles = builds.quick()
    except Exception:  # the whole build below reports whatever went wrong
        titles = None
    if titles is not None:
        print(_masked(f"已更新：{'、'.join(titles)}。列表、订阅源和搜索马上随后更新……"))
        return None, True
    try:
        report = builds.build()
    except ProblemList as exc:
        _print_problems(exc)
        print("预览页面显示了这些错误；修改后保存即可自动重试。", file=sys.stderr)
        return error_page(exc.format()), False
    except PinganError as exc:
        print(f"错误：{_masked(exc)}", file=sys.stderr)
        return error_page(_masked(exc)), False
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


def _base_path(config_path: Path) -> str:
    """The path of the site's configured address (`/sub/` for https://x.gov.cn/sub/): the preview serves the site
    there, so that links starting with it work; `/` while the config cannot be read (the build reports why)."""
    from .config import load_config

    try:
        return unquote(urlsplit(load_config(config_path).site.base_url).path) or "/"
    except PinganError:
        return "/"


def _serve(config_path: Path, port: int, strict: bool) -> None:
    from .preview import server as preview_server
    from .preview.builds import Preview
    from .publish import scratch
    from .render.theme import theme_dir

    root = config_path.resolve().parent
    preview = Path(tempfile.mkdtemp(prefix=scratch.prefix("preview"))) / "site"
    builds = Preview(config_path, preview, strict)

    rebuild = functools.partial(_rebuild, builds)

    # Stopping the preview with SIGTERM should tidy up like Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        first_error, _ = rebuild()
        preview.mkdir(parents=True, exist_ok=True)  # a first build that failed still gets a server
        watch = [config_path.resolve(), root / "content", theme_dir()]
        preview_server.serve(rebuild, preview, watch, "127.0.0.1", port, first_error,
                             functools.partial(_base_path, config_path))
    finally:
        shutil.rmtree(preview.parent, ignore_errors=True)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

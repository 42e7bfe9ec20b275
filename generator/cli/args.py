"""The `pingan` command line: its subcommands and options, with argparse's own words in Chinese."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..authoring.new import KIND_NAMES

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


def parser() -> argparse.ArgumentParser:
    made = _Parser(
        prog="pingan",
        description="平安建设宣传门户生成器：把 Markdown 稿件生成带 RSS/Atom 订阅的静态网站。",
        epilog="示例：pingan build　生成网站到 site/；pingan serve　本地预览；pingan check　只检查不生成。",
    )
    sub = made.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

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
    s.add_argument("--port", "-p", type=port, default=8000, metavar="端口", help="端口号（默认：8000）")

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
    a.add_argument("--as-of", default=None, type=day, metavar="日期",
                   help="按哪一天检查，格式 YYYY-MM-DD（默认：今天）；这一天以后发布的稿件不算")
    a.add_argument("--format", default="text", choices=["text", "html", "json"], metavar="格式",
                   help="text 在终端显示（默认）；html 在网站目录旁边写一份可以转发的报告；json 给其他程序读")
    a.add_argument("--site", default=None, metavar="目录", help="已生成的网站目录（默认：配置文件旁的 site/）")
    a.add_argument("--report", default=None, metavar="文件",
                   help="html 报告写到哪里（默认：网站目录旁的 audit-日期.html）")
    a.add_argument("--online", action="store_true", help="联网逐个访问外部链接（每个最多等 8 秒）")
    return made


def day(text: str) -> date:
    """A day from the command line: 2025-06-30, as front matter also takes it (2025-6-30, 2025/6/30, 2025年6月30日)."""
    from ..dates import day_of  # not at the top: the command loads no library before its Ctrl+C guard

    try:
        return day_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 年-月-日，例如 2025-06-30，不能是 {text}") from None


day.__name__ = "日期"


def port(text: str) -> int:
    """A port number from the command line (argparse reports the ValueError in its own words)."""
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"端口号应为 1 到 65535 之间的整数，不能是 {text}")
    return value


port.__name__ = "端口号"  # argparse names the type in "无效的 端口号 值"

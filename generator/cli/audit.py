"""`pingan audit`: the self-check against the government website indicators, printed or written as a page."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..errors import UsageError
from .say import masked


def run_audit(config_path: Path, args: argparse.Namespace) -> int:
    """Run the audit and print or write its report; 1 when a 单项否决 item is hit."""
    from ..audit import report
    from ..audit.run import audit, report_path

    site = Path(args.site) if args.site else config_path.resolve().parent / "site"
    if args.report and args.format != "html":
        raise UsageError("--report 只用于 --format html（报告文件是网页）。请加上 --format html。")
    given = Path(args.report) if args.report else None
    target = report_path(site, args.as_of or date.today(), given, config_path) if args.format == "html" else None
    result = audit(config_path, site, args.as_of, fetch=args.online)
    if args.format == "json":
        print(report.as_json(result))
    else:
        print(masked(report.text(result)))
    if target is not None:
        target = report_path(site, result.as_of, given, config_path)
        target.write_text(report.html(result), encoding="utf-8")
        print(f"报告已写到 {target}（可以用浏览器打开、打印或转发）")
    return 1 if result.vetoed else 0

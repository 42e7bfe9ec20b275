"""`pingan audit`: the content as published at the as-of date and the last built site, checked against the
inspection's indicators. Reads only; the report is printed, or written next to the site (never inside it)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from .. import wording
from ..build import prepare
from ..errors import PinganError
from . import built, updates
from .findings import Audit, Finding
from .indicators import DEDUCT, NOTE, VETO

WORDING = {"严重": (VETO, "严重表述错误"), "一般": (DEDUCT, "错别字和不规范表述"), "提示": (NOTE, "表述提示")}


class AuditError(PinganError):
    """The audit cannot run (no built site, a report path inside the site)."""


def audit(config_path: Path, site: Path, as_of: date | None = None, fetch: bool = False) -> Audit:
    """Everything the audit checks, for the stories published by the end of `as_of` (default: today)."""
    from ..config import load_config

    zone = load_config(config_path).zone
    day = as_of or datetime.now(zone).date()
    end = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
    # Stories count from their publish time: the site as it stands at the end of the as-of day.
    prep = prepare(config_path, max(end, datetime.now(zone)), include_unpublished=False, strict=False)
    config = prep.config
    root = config_path.resolve().parent
    result = Audit(config.site.name, day)
    entries = [e for e in prep.site.entries if e.date <= end]
    result.findings += updates.updates(config, entries, end)
    result.findings += updates.unreviewed(prep.site.unreviewed)
    hits = wording.check_published(root, config, [e.story for e in entries], prep.dataset.published_files)
    for hit in hits:
        group, indicator = WORDING[hit.term.severity]
        todo = f"改为“{hit.term.right}”" + (f"。{hit.term.note}" if hit.term.note else "")
        result.findings.append(Finding(group, indicator, f"{hit.path} 第 {hit.line} 行", f"“{hit.found}”",
                                       f"规范写法是“{hit.term.right}”；依据：{hit.term.basis}", todo))
    if not (site / "index.html").is_file():
        raise AuditError(f"在 {site} 里没有找到生成的网站。请先运行 pingan build，或用 --site 指定网站目录。")
    read = list(built.pages(site))
    result.pages = len(read)
    built.basics(result, site)
    built.links(result, site, config, read)
    built.identity(result, config, read)
    if fetch:
        built.online(result)
    return result


def report_path(site: Path, as_of: date, given: Path | None) -> Path:
    """Where the HTML report goes: beside the site folder, never inside it."""
    path = given or site.resolve().parent / f"audit-{as_of:%Y-%m-%d}.html"
    try:
        path.resolve().relative_to(site.resolve())
    except ValueError:
        return path
    raise AuditError(f"报告不能写在网站目录 {site} 里面（会被当作网站的一部分发布）。"
                     f"请换一个位置，例如 {site.parent}。")

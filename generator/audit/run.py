"""`pingan audit`: the content as published at the as-of date and the last built site, checked against the
inspection's indicators. Reads only; the report is printed, or written next to the site (never inside it)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from .. import wording
from ..build import prepare
from ..errors import PinganError
from ..render.loop import page_file
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
    check_site(config_path, site)  # before the content is read: a wrong --site is said at once
    day = as_of or datetime.now(zone).date()
    end = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
    # Stories count from their publish time: the site as it stands at the end of the as-of day.
    prep = prepare(config_path, max(end, datetime.now(zone)), include_unpublished=False, strict=False)
    config = prep.config
    root = config_path.resolve().parent
    result = Audit(config.site.name, day)
    entries = [e for e in prep.site.entries if e.date <= end]
    # What the site holds is what the inspector sees: a story published before the last build but missing from the
    # site (added or un-drafted since) does not count as an update until the site is built again.
    built_at = datetime.fromtimestamp((site / ".pingan-site").stat().st_mtime, zone)
    missing = [e for e in entries if e.date <= built_at and not (site / page_file(e.url)).is_file()]
    if missing:
        gone = {e.id for e in missing}
        entries = [e for e in entries if e.id not in gone]
    result.findings += updates.updates(config, entries, end)
    result.findings += updates.unreviewed(prep.site.unreviewed)
    hits = wording.check_published(root, config, [e.story for e in entries], prep.dataset.published_files)
    for hit in hits:
        group, indicator = WORDING[hit.term.severity]
        todo = f"改为“{hit.term.right}”" + (f"。{hit.term.note}" if hit.term.note else "")
        result.findings.append(Finding(group, indicator, f"{hit.path} 第 {hit.line} 行", f"“{hit.found}”",
                                       f"规范写法是“{hit.term.right}”；依据：{hit.term.basis}", todo))
    if missing:
        shown = "、".join(e.story.path for e in missing[:5]) + (f" 等 {len(missing)} 篇" if len(missing) > 5 else "")
        result.findings.append(Finding(NOTE, "网站没有重新生成", shown,
                                       f"{len(missing)} 篇已发布的稿件不在生成的网站里，上面的更新检查没有算它们",
                                       "检查看的是生成好的网站，没有生成进去的稿件读者看不到",
                                       "运行 pingan build 重新生成并发布网站，再运行 pingan audit"))
    reader = built.Reader(site, config)
    for page in built.pages(site, result):
        reader.read(result, page)
    reader.finish(result)
    built.basics(result, site)
    if fetch:
        built.online(result)
    return result


def check_site(config_path: Path, site: Path) -> None:
    """`site` is a site this project built: its marker names this project (any folder with an index.html is not)."""
    from ..publish.outguard import project_id, read_mark

    if not (site / "index.html").is_file():
        raise AuditError(f"在 {site} 里没有找到生成的网站。请先运行 pingan build，或用 --site 指定网站目录。")
    mark = read_mark(site)
    if mark is None:
        raise AuditError(f"{site} 不是 pingan 生成的网站（没有 .pingan-site 标记）。请用 --site 指定 pingan build "
                         "生成的网站目录（默认是配置文件旁的 site/），或先运行 pingan build。")
    if mark.get("project") != project_id(config_path):
        raise AuditError(f"{site} 是另一个项目生成的网站。请用 --site 指定这个项目生成的网站目录，"
                         "或先运行 pingan build。")


def report_path(site: Path, as_of: date, given: Path | None, config_path: Path) -> Path:
    """Where the HTML report goes: beside the site folder by default. Never inside the site, never over the
    project's own files (the config, content/, the theme, the cache), never over a file that is not an earlier
    report."""
    path = (given or site.resolve().parent / f"audit-{as_of:%Y-%m-%d}.html").resolve()
    root = config_path.resolve().parent
    guarded = [(site.resolve(), "网站目录"), (root / "content", "稿件目录 content/"),
               (root / "theme", "主题目录 theme/"), (root / ".pingan-cache", "缓存目录 .pingan-cache/")]
    for folder, name in guarded:
        if path == folder or path.is_relative_to(folder):
            raise AuditError(f"报告不能写在{name}里面（{path}）。请换一个位置，例如 {site.resolve().parent}。")
    if path == config_path.resolve():
        raise AuditError(f"报告不能写在配置文件 {path} 上。请换一个文件名，例如 audit-{as_of:%Y-%m-%d}.html。")
    if path.exists() and not _earlier_report(path):
        raise AuditError(f"{path} 已经存在，而且不是以前的检查报告：为了不覆盖它，报告没有写。请换一个文件名。")
    return path


def _earlier_report(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return head.startswith("<!DOCTYPE html>") and "政府网站自查报告" in head

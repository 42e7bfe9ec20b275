"""What the `pingan` command prints: the problems found, the summary of a build or check, and where it begins."""

from __future__ import annotations

import sys
from collections import Counter

from ..errors import ProblemList


def masked(text: object) -> str:
    """`text` with personal data masked, for what is printed outside Problem.format (see privacy.redact)."""
    from ..privacy import redact

    return redact(str(text))


KEPT = "这次没有生成；{}/ 里仍是上一次生成的网站，一个文件也没有改动。"  # after a failed build, the folder as typed
STOPPED_EARLY = ("生成在读取稿件和记录时就停下了：正文里的图片、链接等还没有检查。"
                 "运行 pingan check 可以一次看到更多问题。")


def print_problems(exc: ProblemList) -> None:
    errors = [p for p in exc.problems if p.level == "error"]
    warnings = [p for p in exc.problems if p.level == "warning"]
    for problem in exc.problems:
        print(problem.format(), file=sys.stderr)
    print(f"\n发现 {len(errors)} 个错误、{len(warnings)} 个警告，请按提示修改后重试。", file=sys.stderr)
    if exc.early:
        print(STOPPED_EARLY, file=sys.stderr)
    if exc.unread:
        shown = "、".join(exc.unread[:3]) + (f" 等 {len(exc.unread)} 个文件" if len(exc.unread) > 3 else " ")
        print(f"{shown}没能完整检查（上面的错要先改）：里面的正文、图片、链接和人名要等这些错改好后才检查，"
              "改好后请再检查一次。", file=sys.stderr)


def starting(what: str) -> None:
    """Say on a terminal that the work has begun (a cold build says nothing else for seconds: a writer who sees
    nothing may think it hung and press Ctrl+C); logs and pipes get only the summary."""
    if sys.stderr.isatty():
        print(what, file=sys.stderr, flush=True)


def summary(report: object, built: bool) -> None:
    from ..build import Report

    assert isinstance(report, Report)
    for warning in report.warnings:
        print(warning.format())
    verb = "生成完成" if built else "检查通过"
    line = f"{verb}：{report.stories} 篇稿件，{report.pages} 个页面"
    if built and report.pages_reused:
        # said as what it is: pages the preview already made are no “0 new”, which read as content not taken in
        line += (f"（{report.pages_reused} 个与上次生成或预览时完全相同，从缓存取用；"
                 f"{report.pages_rendered} 个重新生成）" if report.pages_rendered
                 else "（都与上次生成或预览时完全相同，从缓存取用）")
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
            print(f"  {story.path}　《{masked(story.meta.title)}》{todo}")
        for path in unread:
            print(f"  {path}　（有 {mend[path]} 处要改，见上面的警告）")
    # so are records: a draft case whose category is misspelt was left out of this list, as if lost
    fix = Counter(w.path for w in report.warnings
                  if w.message.startswith("草稿：") and w.path.endswith((".yml", ".yaml")))
    kinds = ["content/cases/", "content/mediators/", "content/honors/", "content/metrics/"]
    records = sorted({*report.record_drafts, *fix}, key=lambda path: (
        next((n for n, kind in enumerate(kinds) if path.startswith(kind)), len(kinds)), path))
    _listed(f"未发布的记录草稿（{len(records)} 条）：",
            [f"{path}　（有 {fix[path]} 处要改，见上面的警告）" if fix[path] else path for path in records])
    _listed(f"三审没有完成、没有发布的稿件（{len(report.unreviewed)} 篇）：",
            [f"{story.path}　《{masked(story.meta.title)}》　"
             f"{story.meta.review.lacking(story.date) if story.meta.review else '缺初审、复审、终审'}"
             for story in report.unreviewed])
    _listed(f"定时发布、尚未到时间的稿件（{len(report.scheduled)} 篇）：",
            [f"{story.path}　《{masked(story.meta.title)}》　{story.date:%Y-%m-%d %H:%M}"
             for story in report.scheduled])
    if report.zone_assumed and report.zone != "Asia/Shanghai":  # Beijing time needs no word: `pingan new` writes
        # none, and nothing is to be done about it; a site set to another zone is told how times were read
        print(f"说明：{report.zone_assumed} 篇稿件的发布时间没有写时区，已按网站时区 {report.zone} 理解。")
    if report.figures_checked:
        print(f"说明：{report.figures_checked} 处报道数字的不一致已标为核对过（数据文件的 checked 字段），不再警告，"
              "页面上照样注明。")
    if report.warnings:
        print(f"共 {len(report.warnings)} 个警告。")
    if built and report.out is not None:
        print(f"网站已生成在 {report.out}/")
        print("本机预览（含草稿和定时发布的稿件，改稿后自动刷新）：运行 pingan serve，然后在浏览器打开 http://127.0.0.1:8000/")


def _listed(heading: str, rows: list[str]) -> None:
    """A heading and its rows, indented; nothing when there are no rows."""
    if rows:
        print(heading)
        for row in rows:
            print(f"  {row}")

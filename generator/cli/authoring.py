"""`pingan new` and `pingan import`: a story or record from a template, and drafts from Word files and web pages."""

from __future__ import annotations

import sys
from pathlib import Path

from ..authoring.new import KIND_NAMES, check_column
from .say import masked


def new(config_path: Path, kind: str, title: str | None, column: str | None) -> None:
    from datetime import datetime

    from ..authoring.new import new_file
    from ..config import load_config

    config = load_config(config_path)
    path = new_file(config_path.resolve().parent, config, kind, title, column, datetime.now(config.zone))
    shown = path.relative_to(config_path.resolve().parent).as_posix()
    print(f"已新建{KIND_NAMES[kind]}：{shown}")
    print("打开这个文件，按 # 后面的说明填写；写完后删掉 draft: true 这一行才会发布。")


def import_files(config_path: Path, files: list[Path], column: str | None) -> int:
    from datetime import datetime

    from ..authoring.importer import import_file, imported_before
    from ..authoring.sources import SourceProblem
    from ..config import load_config

    config = load_config(config_path)
    column = check_column(config, column)
    root = config_path.resolve().parent
    seen = imported_before(root)
    failed = imported = 0
    for path in files:
        try:
            result = import_file(root, config, path, column, datetime.now(config.zone), seen)
        except SourceProblem as exc:
            print(f"未导入：{masked(exc)}", file=sys.stderr)
            failed += 1
            continue
        if result.story is None:
            print(masked(f"跳过 {path.name}：以前导入过，对应稿件 {result.duplicate_of}"))
            continue
        # the report names what the page held (title, source, authors): masked like every message
        imported += 1
        print(masked(f"导入 {path.name} → {result.story.relative_to(root).as_posix()}（草稿）"))
        print(masked(f"  识别：{'；'.join(result.detected)}"))
        if result.guessed:  # one guess a line: each is a field to check, and some are long
            print("  推测（请逐项核对）：")
            for guess in result.guessed:
                print(masked(f"    - {guess}"))
        if result.dropped:
            print("  已删除：" + "、".join(f"{kind} {n} 行" for kind, n in result.dropped.items()))
    if imported:
        print("请打开导入的稿件逐项核对，确认无误后删掉 draft: true 这一行再发布。")
    return 1 if failed else 0

"""Write the hostile-input corpus under tests/bad_inputs/ (one folder per case; rerun to regenerate).

Each folder holds only the files that differ from the good base site of tests/test_bad_inputs.py, an
optional `args` (extra command-line options; `{root}` is the site's folder), an optional `verdict` ("ok":
the build must succeed and stay inert), and for failures `expected.txt`, the exact terminal output of the
failed build (written by the test with PINGAN_WRITE_EXPECTED=1, then reviewed). Binary fixtures (GBK/Big5
text, images) are written by the modules of scripts/corpus/ so that how they were made is on record.

    python scripts/make_bad_inputs.py            # every module
    python scripts/make_bad_inputs.py xss limits  # only these modules' cases (others stay as they are)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from corpus import cases

ROOT = Path(__file__).resolve().parent.parent / "tests" / "bad_inputs"
KEPT = {"expected.txt"}  # written by the test run, kept across regenerations


def write(name: str, files: dict[str, object]) -> None:
    folder = ROOT / name
    if folder.exists():
        for item in sorted(folder.rglob("*"), reverse=True):
            if item.relative_to(folder).as_posix() in KEPT:
                continue
            if item.is_dir() and not item.is_symlink():
                item.rmdir()
            else:
                item.unlink()
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str) and data.startswith("symlink:"):
            os.symlink(data.removeprefix("symlink:"), target)
        elif isinstance(data, str) and data == "fifo:":
            target.with_name(target.name + ".fifo").write_text("", encoding="utf-8")  # made by the test: git keeps no FIFOs
        elif isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(str(data), encoding="utf-8")


def main(only: list[str]) -> None:
    wanted = cases(only or None)
    ROOT.mkdir(parents=True, exist_ok=True)
    if not only:  # a full run also removes cases that no module gives any more
        for old in ROOT.iterdir():
            if old.is_dir() and old.name not in wanted:
                shutil.rmtree(old)
    for name, (_, files) in wanted.items():
        write(name, files)


if __name__ == "__main__":
    main(sys.argv[1:])

"""The hostile-input corpus: each folder under bad_inputs/ attacks or breaks a good site in one way.

A case without a `verdict` file must fail the build with exit code 1 and exactly the terminal output in its
expected.txt, leave the previously built site byte-for-byte as it was, and leave no temporary directory behind.
A case whose `verdict` says `ok` must build, and the site must stay inert (tests/inert.py): the planted marker
never becomes an element, attribute, script or outside request.
Regenerate the fixtures with scripts/make_bad_inputs.py; set PINGAN_WRITE_EXPECTED=1 to rewrite
expected.txt after reviewing a deliberate change of wording.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import BASE_CONFIG, fixture_files, make_image, tree_bytes
from .inert import site_problems

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A good site, built once: its sources and the bytes of its output."""
    root = tmp_path_factory.mktemp("base")
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    for rel, text in fixture_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg")
    make_image(root / "content/images/body.jpg", (800, 600))
    assert main(["build", "--config", str(root / "site_config.yml")]) == 0
    return root, tree_bytes(root / "site")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, base: tuple[Path, dict[str, bytes]], tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    source, built = base
    root = tmp_path / "site-src"
    shutil.copytree(source, root, symlinks=True)
    fixture = CORPUS / case
    for item in sorted(fixture.rglob("*")):
        rel = item.relative_to(fixture)
        if rel.as_posix() in ("expected.txt", "check.txt", "args", "verdict") or (item.is_dir() and not item.is_symlink()):
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.name.endswith(".replace"):  # a change to the base site's file: first line -> the rest
            old, new = item.read_text(encoding="utf-8").split("\n", 1)
            changed = target.with_suffix("")
            assert old in changed.read_text(encoding="utf-8"), (case, old)
            changed.write_text(changed.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        elif item.name.endswith(".fifo"):  # git keeps no FIFOs: the fixture names one, made here
            os.mkfifo(target.with_name(item.name.removesuffix(".fifo")))
        elif item.is_symlink():
            os.symlink(os.readlink(item), target)
        else:
            shutil.copyfile(item, target)
    args = [a.replace("{root}", str(root)) for a in (fixture / "args").read_text().split()] \
        if (fixture / "args").exists() else []
    verdict = (fixture / "verdict").read_text().strip() if (fixture / "verdict").exists() else "fails"
    capsys.readouterr()

    code = main(["build", "--config", str(root / "site_config.yml"), *args])

    err = capsys.readouterr().err
    if verdict == "ok":
        assert code == 0, err
        assert site_problems(root / "site") == []
        return
    expected_file = fixture / "expected.txt"
    if os.environ.get("PINGAN_WRITE_EXPECTED"):
        expected_file.write_text(err, encoding="utf-8")
    assert code == 1
    assert err == expected_file.read_text(encoding="utf-8")
    assert tree_bytes(root / "site") == built
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []

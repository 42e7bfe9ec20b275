"""The hostile-input corpus, one module per class of input; each module's `cases()` gives
{folder name: {relative path: text, bytes, "symlink:TARGET" or "fifo:"; "args": extra options; "verdict": "ok"}}.
A path ending in `.replace` changes the base site's file of that name: its first line is replaced by the rest.

A case without a verdict must fail the build with exactly its expected.txt and leave the last site as it was;
a case with `verdict: ok` must build, and no planted marker (`pwn`) may become an element, an attribute, a
script or an outside request in any page, feed or data file (tests/test_bad_inputs.py).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

Files = dict[str, Any]


def modules() -> list[str]:
    """Every class module in this package, in name order."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "common")


def cases(only: list[str] | None = None) -> dict[str, tuple[str, Files]]:
    """{case name: (module, files)} for the modules named in `only` (all when None); names must be unique."""
    found: dict[str, tuple[str, Files]] = {}
    for name in modules():
        module = importlib.import_module(f"{__name__}.{name}")
        for case, files in module.cases().items():
            if case in found:
                raise SystemExit(f"duplicate case {case!r} in {name} and {found[case][0]}")
            found[case] = (name, files)
    return {k: v for k, v in found.items() if only is None or v[0] in only}

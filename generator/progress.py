"""Progress bars for long work: counts on a terminal, nothing in logs or pipes."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(total: int, desc: str, unit: str, stream: Any = None, delay: float = 2) -> Any:
    """A tqdm bar that appears only on a terminal and only once the work has taken `delay` seconds."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, delay=delay, disable=None, leave=False,
                file=stream or sys.stderr)

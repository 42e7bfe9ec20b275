"""The "spawn" start method, its worker processes started deaf to Ctrl+C (imported when a pool is made).

A terminal sends Ctrl+C to the whole process group. A worker that heard it would print its traceback (or, still
starting, "Fatal Python error: init_import_site") over the build's own message. A process starts with the signal
mask of the thread that started it: SIGINT is blocked in that thread for the moment of the start, so the worker
starts with it blocked, and ignores it once running (parallel._start_worker). The build, which heard it (a
signal blocked in one thread goes to another, or waits until the start is over), ends its pools; a worker whose
build has ended ends too. Classes of a module, not of a function: a spawned process is pickled.
"""

from __future__ import annotations

import multiprocessing
import signal

_SPAWN = multiprocessing.get_context("spawn")


class QuietProcess(_SPAWN.Process):  # type: ignore[name-defined, misc]
    """A "spawn" process that never hears Ctrl+C."""

    def start(self) -> None:
        if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks (nor a terminal's SIGINT to a group)
            super().start()
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class QuietSpawnContext(type(_SPAWN)):  # type: ignore[misc]
    """The "spawn" context whose processes are QuietProcess."""

    Process = QuietProcess


QUIET_SPAWN = QuietSpawnContext()

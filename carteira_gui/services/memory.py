"""Pausing CPython's cyclic garbage collector around bulk work; quicker thread switches around a fetch.

Reading a carteira of 100,000 lines and a source of as many records allocates a few hundred thousand
tuples, dicts and ``Decimal``s that all survive until the plan is made. CPython's generational collector
counts those allocations and, every time the survivors grow by a quarter, walks *every* tracked object
looking for cycles that are not there: measured at 100,000 lines, about 0.9 s of a 2.4 s plan went to
collections that freed nothing. None of the bulk paths create reference cycles, so the collector is paused
while they run and resumed afterwards; whatever cycles other code made meanwhile are collected then.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any


class _ProcessWide:
    """A process-wide setting held by nested blocks (thread-safe).

    The first block to enter changes it (``change`` returns what to restore) and the last one to leave restores
    it, so overlapping blocks in the window's worker threads cannot undo it early.
    """

    def __init__(self, change: Callable[[], object], restore: Callable[[Any], None]) -> None:
        self._change = change
        self._restore = restore
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: object = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the setting for the duration of the block."""
        with self._lock:
            if self._depth == 0:
                self._saved = self._change()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    self._restore(self._saved)


def _pause_collector() -> bool:
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def _resume_collector(was_enabled: bool) -> None:
    if was_enabled:
        gc.enable()


_collector = _ProcessWide(_pause_collector, _resume_collector)

#: The switch interval during a fetch (see ``quick_thread_switches``).
QUICK_SWITCH_S = 0.0005


def _quicken_switches() -> float:
    was = sys.getswitchinterval()
    sys.setswitchinterval(min(QUICK_SWITCH_S, was))
    return was


_switches = _ProcessWide(_quicken_switches, sys.setswitchinterval)


def collector_paused() -> AbstractContextManager[None]:
    """Pause the cyclic garbage collector for the duration of the block (nestable, thread-safe).

    The collector is process-wide: the first block to enter pauses it (if it was running) and the last one
    to leave resumes it, so overlapping blocks in the window's worker threads cannot resume it early.
    """
    return _collector.held()


def quick_thread_switches() -> AbstractContextManager[None]:
    """Shorten the interpreter's thread switch interval to 0.5 ms for the duration of the block (nestable).

    A thread that wants the interpreter lock waits a whole switch interval (5 ms by default) before it asks
    the running thread to let go. The fetch's sending thread wants it each time an answer reaches its socket,
    mostly while the fetch's own thread computes: at 5 ms a wait, a 100,000-line fetch loses about a tenth of
    its time. Process-wide, held as ``collector_paused`` is.
    """
    return _switches.held()

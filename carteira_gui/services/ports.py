"""What the use cases need from the outside world: sources of lines, progress and cancellation.

Adapters (the JSON file, Odoo) implement ``Source``; the window and the command line pass a progress
callback and a ``CancelToken``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.domain.model import SourceData


@dataclass(frozen=True, slots=True)
class FetchProgress:
    """How far a fetch is: pages and lines done out of the total (totals are 0 while unknown)."""

    pages_done: int
    pages_total: int
    lines_done: int
    lines_total: int


ProgressCallback = Callable[[FetchProgress], None]


class CancelToken:
    """A thread-safe cancellation flag checked by long tasks between steps (e.g. between pages)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancellation was asked for."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise ``FetchCancelled`` when cancellation was asked for."""
        if self._event.is_set():
            raise FetchCancelled()


class Source(Protocol):
    """Where the lines that Odoo says are open come from.

    ``fetch`` is all-or-nothing: it returns the whole validated source or raises a ``FetchError``
    (``FetchCancelled`` on cancel) or ``InvalidSource``; never fewer lines.
    """

    @property
    def description(self) -> str:
        """A short name of the source for history and messages (never a secret)."""
        ...

    def fetch(
        self,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> SourceData:
        """Fetch and validate every open line."""
        ...

"""Start-up timing: ``CARTEIRA_FIRST_PAINT=1`` logs when the main window is first painted; ``=quit`` also closes it.

The line goes to stderr and to the log::

    first paint: 1732912345.678 (epoch s); 1840 ms after the process started

The epoch lets a caller measure from the moment it launched the program (``packaging/first_paint.py`` does,
for the frozen app); "after the process started" is read from ``/proc`` and is left out where there is none.
Without the variable nothing is installed.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ENV = "CARTEIRA_FIRST_PAINT"
MARK = "first paint:"


def process_start_epoch() -> float | None:
    """When this process started (epoch seconds), from ``/proc``; ``None`` where that cannot be read."""
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, counted after "pid (comm)"
        uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
        return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, *, quit_after: bool) -> None:
        super().__init__(window)
        self._window = window
        self._quit_after = quit_after
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            not self._seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._seen = True
            # The rest of this paint pass runs first; the timer fires once the window is on screen.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        now = time.time()
        started = process_start_epoch()
        since = f"; {(now - started) * 1000:.0f} ms after the process started" if started is not None else ""
        line = f"{MARK} {now:.3f} (epoch s){since}"
        log.info("%s", line)
        print(line, file=sys.stderr, flush=True)
        if self._quit_after:
            self._window.close()


def watch_first_paint(window: QWidget, environ: Mapping[str, str] = os.environ) -> None:
    """Report the first paint of ``window`` when ``$CARTEIRA_FIRST_PAINT`` is set (``quit``: then close it)."""
    value = environ.get(ENV, "").strip().lower()
    app = QCoreApplication.instance()
    if not value or value in ("0", "no", "false") or app is None:
        return
    app.installEventFilter(_FirstPaint(window, quit_after=value == "quit"))

"""The window's share of the benchmark: load a ready Plan into the review table, and re-filter it."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from carteira_gui.domain.plan import Plan

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget


def _paint_counter(widget: QWidget) -> list[int]:
    """A one-item list counting the paint events ``widget`` receives from now on."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__(widget)
            self.count = [0]

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.count[0] += 1
            return False

    counter = PaintCounter()
    widget.installEventFilter(counter)
    return counter.count


def _settle(app: QCoreApplication, table: QWidget, paints: list[int]) -> None:
    """What the planner waits for: the event loop lays the table out and paints the window once.

    Should the event loop not have painted the table (a platform may defer repaints), it is painted here.
    It is not painted a second time: an off-screen ``grab()`` after the event loop had painted it already
    would time a paint nobody waits for.
    """
    before = paints[0]
    app.processEvents()
    if paints[0] == before:
        table.grab()


def measure(plan: Plan, runs: int) -> dict[str, float]:
    """``gui_load_s``: ready Plan → first painted review table; ``gui_filter_ms``: one keystroke's re-filter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from carteira_gui.gui.plan_view import PlanPanel
    from carteira_gui.gui.ui_state import UiState

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="carteira-gui-bench-"))
    loads = []
    for run in range(runs):
        panel = PlanPanel(UiState.at(folder / f"ui{run}.ini"))
        panel.resize(1280, 800)
        panel.show()
        app.processEvents()
        table = panel.tree.viewport()
        paints = _paint_counter(table)
        t0 = time.perf_counter()
        panel.set_plan(plan)
        _settle(app, table, paints)  # the first paint of the visible rows
        loads.append(time.perf_counter() - t0)
        if run < runs - 1:
            panel.close()
            panel.deleteLater()
            app.processEvents()
    # Type an order number one key at a time, then erase it: each keystroke re-filters the whole plan. The
    # clock runs from the debounce firing (apply_text_filter) to the table on screen.
    query = plan.changes[len(plan.changes) // 2].num_pedido if plan.changes else "VCD"
    keystrokes = [query[:n] for n in range(1, len(query) + 1)] + [query[:n] for n in range(len(query) - 1, -1, -1)]
    filters = []
    for text in keystrokes:
        panel.filter_text.setText(text)
        t0 = time.perf_counter()
        panel.apply_text_filter()
        _settle(app, table, paints)
        filters.append((time.perf_counter() - t0) * 1000)
    panel.close()
    panel.deleteLater()
    app.processEvents()
    return {"gui_load_s": statistics.median(loads), "gui_filter_ms": statistics.median(filters)}

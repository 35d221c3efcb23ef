"""Small steps the window tests share: make a window active, show it, review a plan, catch a dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from carteira_gui.gui.window import MainWindow


def activate(qtbot: Any, widget: QWidget) -> None:
    """Make ``widget`` the active window (offscreen Qt does not after a dialog closes)."""
    widget.activateWindow()
    widget.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def shown(qtbot: Any, window: MainWindow) -> MainWindow:
    """Show ``window``, wait until it is exposed and active."""
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def review(qtbot: Any, window: MainWindow, timeout: int = 20_000) -> Any:
    """Fetch, wait for the plan and for every op to end; return the plan."""
    with qtbot.waitSignal(window.plan_ready, timeout=timeout) as ready:
        window.flow.fetch()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    return ready.args[0]


def open_dialog(qtbot: Any, window: MainWindow, trigger: Any) -> Any:
    """Run ``trigger`` and return the dialog it opened."""
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        trigger()
    return opened.args[0]

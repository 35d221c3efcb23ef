"""Small widgets and helpers shared by the window and its tabs: search boxes, tables, actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget

from carteira_gui.gui.resources import icon
from carteira_gui.gui.ui_state import UiState

#: Window shortcuts that a text box must not swallow (on X11 a line edit takes Ctrl+E as "end of line").
WINDOW_SHORTCUTS = (
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E),
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K),
)


class SearchBox(QLineEdit):
    """A search/filter box with a clear button that leaves the window's shortcuts to the window."""

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder)

    def event(self, event: QEvent) -> bool:
        """Do not claim the window's shortcuts."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in WINDOW_SHORTCUTS):
                event.ignore()
                return True
        return super().event(event)


def debounce(box: QLineEdit, apply: Callable[[str], None], parent: QObject) -> QTimer:
    """Call ``apply(text)`` 200 ms after the planner stops typing in ``box``; returns the timer."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(200)
    timer.timeout.connect(lambda: apply(box.text()))
    box.textChanged.connect(lambda _text: timer.start())
    return timer


def make_table(name: str) -> QTableView:
    """A read-only table view of whole rows, with fixed row heights."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSortingEnabled(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # Fixed row heights: the view never measures 100,000 rows.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def enable_sorting(view: QTableView) -> None:
    """Let the planner sort by clicking a column title, starting from the rows' own order."""
    # No initial sort: the rows come in a meaningful order (by key, most severe first, newest first).
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


def restore_header(ui_state: UiState, name: str, view: QTableView, widths: tuple[int, ...]) -> None:
    """Restore the remembered column widths of ``view`` (``widths`` the first time)."""
    header = view.horizontalHeader()
    if not ui_state.restore_header(name, header):
        for column, width in enumerate(widths):
            header.resizeSection(column, width)


def make_action(
    parent: QWidget,
    text: str,
    icon_name: str | None,
    slot: Callable[[], Any],
    shortcuts: list[QKeySequence] | None = None,
) -> QAction:
    """An action whose tooltip names its first shortcut; added to ``parent`` so that the shortcuts work."""
    action = QAction(icon(icon_name) if icon_name else QIcon(), text, parent)
    if shortcuts:
        action.setShortcuts(shortcuts)
        action.setToolTip(f"{text} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action

"""Small widgets shared by the window's tabs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

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

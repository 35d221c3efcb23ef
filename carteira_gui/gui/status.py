"""The window's status bar: the last message, the busy indicator of a running op, and the database.

The message is a label of its own that shortens itself with "…" (its tooltip keeps the whole text), so a long
message never runs into the database label at the right; the database label is shortened the same way and
given at most a third of the bar. A message fades after ``MESSAGE_TIMEOUT_MS``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSizePolicy, QStatusBar, QWidget

from carteira_gui.gui.resources import icon
from carteira_gui.gui.widgets import ElidedLabel

#: How long a message stays in the status bar.
MESSAGE_TIMEOUT_MS = 15_000


class StatusArea:
    """The parts of the status bar and what they show; ``cancel_button`` is wired by the window."""

    def __init__(self, bar: QStatusBar, db_description: str, parent: QWidget) -> None:
        self.bar = bar
        self.message_label = ElidedLabel()
        self.message_label.setObjectName("messageLabel")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(icon("cancel"), QCoreApplication.translate("StatusArea", "Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.db_label = ElidedLabel(db_description)
        self.db_label.setObjectName("dbLabel")
        self.db_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.db_label.setMinimumWidth(120)
        self.db_label.setStyleSheet("color: #607d8b;")
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.db_label)
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MESSAGE_TIMEOUT_MS)
        self._timer.timeout.connect(self.clear_message)
        self.fit()
        self.show_progress(False)

    def fit(self) -> None:
        """Give the database label at most a third of the bar (it shortens itself to that)."""
        self.db_label.setMaximumWidth(max(120, self.bar.width() // 3))

    def message(self) -> str:
        """The message shown now (whole)."""
        return self.message_label.full_text()

    def show_message(self, text: str) -> None:
        """Show ``text`` until the next message or ``MESSAGE_TIMEOUT_MS``."""
        self.message_label.set_full_text(text)
        self._timer.start()

    def clear_message(self) -> None:
        """Clear the message."""
        self._timer.stop()
        self.message_label.set_full_text("")

    def show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        """Show (or hide) the busy indicator."""
        self.progress_label.setVisible(visible)
        self.progress_bar.setVisible(visible)
        self.cancel_button.setVisible(visible and cancellable)
        self.progress_label.setText(text)
        if visible:
            self.progress_bar.setRange(0, 0)

    def update_progress(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Update the busy indicator: its text, and how far along when the total is known."""
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done or 0)
        self.progress_label.setText(text)

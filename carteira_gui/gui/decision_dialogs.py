"""The dialogs of the planners' decisions: pré-separar, separar, lote status moves, lote quantities.

Every one is a ``DecisionDialog``: the planner fills it and presses OK (Enter); the dialog emits ``submitted``
and waits, busy, while its owner runs the use case in an op (``run_decision``). A refusal (``DecisionRefused``,
or any expected failure) is shown inside the dialog as the use case's sentence and the dialog stays open with
what was typed; a success closes it. The rules themselves are the use cases': a dialog only keeps the planner
from typing what cannot be right (a quantity above the saldo livre, a letter in a number).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.gui.errors import is_expected, user_message
from carteira_gui.gui.formatting import fmt_qtd
from carteira_gui.gui.inputs import DecimalSpinBox
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS
from carteira_gui.gui.tasks import Task, TaskContext

T = TypeVar("T")

_REFUSAL_STYLE = (
    "QLabel#refusal {{ background: {bg}; color: {fg}; border: 1px solid {fg}; border-radius: 4px; padding: 6px; }}"
).format(bg=LEVEL_TINTS["CRITICO"], fg=LEVEL_COLORS["CRITICO"])


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class DecisionDialog(QDialog):
    """A decision to make: a heading, the dialog's fields, the planner's name, a refusal banner, OK and Cancel.

    OK (or Enter) emits ``submitted`` when ``can_submit()``; the dialog then stays open and busy until its owner
    calls ``finish()`` (the decision was written: the dialog closes) or ``refuse(text)`` (it was not: the text
    is shown and everything typed is kept).
    """

    submitted = Signal()

    def __init__(
        self, name: str, title: str, heading: str, ok_text: str, user_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._busy = False
        outer = QVBoxLayout(self)
        self.heading = QLabel(heading)
        self.heading.setObjectName("decisionHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        #: Where subclasses put their fields.
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        self.user_input = QLineEdit(user_name)
        self.user_input.setObjectName("decisionUser")
        # Asked once, then remembered: never guessed from the computer's login (the audit names a person).
        self.user_input.setPlaceholderText(self.tr("Your name (recorded with the decision; asked once)"))
        self.user_label = QLabel(self.tr("Planner:"))
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(_REFUSAL_STYLE)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.hide()
        outer.addWidget(self.refusal)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("decisionOk")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.user_input.textChanged.connect(lambda _text: self.update_ok())

    def finish_layout(self) -> None:
        """Add the planner's name last in the form (subclasses call it at the end of their constructor)."""
        self.form.addRow(self.user_label, self.user_input)
        self.update_ok()

    # -- state -------------------------------------------------------------------------------------

    def user_name(self) -> str:
        """Who decides."""
        return self.user_input.text().strip()

    def can_submit(self) -> bool:
        """Whether OK may be pressed (subclasses add their own conditions)."""
        return bool(self.user_name())

    def update_ok(self) -> None:
        """Enable OK when the dialog can be submitted and is not busy."""
        self.ok_button.setEnabled(not self._busy and self.can_submit())

    @property
    def busy(self) -> bool:
        """Whether the decision is being written."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """While the decision is being written nothing can be pressed."""
        self._busy = busy
        self.cancel_button.setEnabled(not busy)
        self.update_ok()

    def refuse(self, text: str) -> None:
        """The decision was not written: say why, keep what was typed, let the planner try again."""
        self.refusal.setText(text)
        self.refusal.show()
        self.set_busy(False)

    def finish(self) -> None:
        """The decision was written: close."""
        self._busy = False
        super().accept()

    # -- QDialog -----------------------------------------------------------------------------------

    def accept(self) -> None:
        """OK / Enter: ask the owner to write the decision (the dialog stays open until it answers)."""
        if self._busy or not self.can_submit():
            return
        self.refusal.hide()
        self.set_busy(True)
        self.submitted.emit()

    def reject(self) -> None:
        """Cancel / Esc, unless the decision is being written."""
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """The window's close button waits for the decision being written, like Cancel."""
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)


def run_decision(
    ops: Ops,
    feedback: Feedback,
    dialog: DecisionDialog,
    job: Callable[[TaskContext], T],
    title: str,
    done: Callable[[T], None],
    *,
    db_url: str = "",
    refused: Callable[[BaseException], bool] | None = None,
) -> Task:
    """Run ``job`` (a decision use case) in an op for ``dialog``: close it on success, show a refusal in it.

    ``refused(error)`` may handle a failure itself (it returns True when it did).
    """

    def failed(error: BaseException) -> None:
        if refused is not None and refused(error):
            return
        if is_expected(error):
            dialog.refuse(user_message(error, db_url))
        else:
            dialog.set_busy(False)
            feedback.show_failure(error, title)

    def succeeded(result: T) -> None:
        dialog.finish()
        done(result)

    return ops.op("decide", job, title).success(succeeded).failure(failed).run()


# -- quantities per line ----------------------------------------------------------------------------------


class QuantityGrid(QWidget):
    """One row per line (product, description, saldo, livre, a quantity box), with a total below."""

    #: A quantity changed.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setColumnStretch(1, 1)
        self.spins: dict[str, DecimalSpinBox] = {}
        self.notes: dict[str, QLabel] = {}
        self._row = 1

    def set_titles(self, titles: Sequence[str]) -> None:
        """The header row."""
        for column, title in enumerate(titles):
            label = _bold(title)
            if column >= 2:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, 0, column)

    def add(self, produto: str, description: str, numbers: Sequence[Decimal], value: Decimal, maximum: Decimal) -> None:
        """A row: the numbers shown (saldo, livre…) and a quantity box from 0 to ``maximum``."""
        self.grid.addWidget(QLabel(produto), self._row, 0)
        name = QLabel(description)
        name.setToolTip(description)
        name.setMinimumWidth(120)
        self.grid.addWidget(name, self._row, 1)
        for n, number in enumerate(numbers):
            label = QLabel(fmt_qtd(number))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if number < 0:
                label.setStyleSheet(f"color: {LEVEL_COLORS['CRITICO']};")
            self.grid.addWidget(label, self._row, 2 + n)
        spin = DecimalSpinBox(maximum=max(maximum, Decimal(0)))
        spin.setObjectName(f"qtd_{produto}")
        spin.setValue(min(max(value, Decimal(0)), max(maximum, Decimal(0))))
        spin.setEnabled(maximum > 0 or value > 0)
        spin.setToolTip(self.tr("From 0 to {0}; 0 leaves the line out").format(fmt_qtd(max(maximum, Decimal(0)))))
        spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.grid.addWidget(spin, self._row, 2 + len(numbers))
        note = QLabel()
        note.setStyleSheet("color: #607d8b;")
        self.grid.addWidget(note, self._row, 3 + len(numbers))
        if maximum <= 0 and value <= 0:
            note.setText(self.tr("no free balance"))
        self.spins[produto] = spin
        self.notes[produto] = note
        self._row += 1

    def values(self) -> dict[str, Decimal]:
        """cod_produto → quantity, for every enabled row."""
        return {p: s.decimal() for p, s in self.spins.items() if s.isEnabled()}

    def mark_done(self, produto: str, text: str) -> None:
        """A row whose decision was written already: its box is locked and says so."""
        spin = self.spins.get(produto)
        if spin is not None:
            spin.setEnabled(False)
            self.notes[produto].setText(text)

    def first_spin(self) -> DecimalSpinBox | None:
        """The first box that takes a quantity (focused when the dialog opens)."""
        return next((s for s in self.spins.values() if s.isEnabled()), None)


def scrolling(widget: QWidget, rows: int) -> QScrollArea:
    """A scroll area around a grid of ``rows`` rows, tall enough for a few of them."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    area.setMinimumHeight(min(320, 34 + 32 * rows))
    return area


class ConfirmDecisionDialog(DecisionDialog):
    """A decision with nothing to fill but a confirmation (and an optional note): back to ABERTO, delete."""

    def __init__(
        self,
        name: str,
        title: str,
        heading: str,
        text: str,
        ok_text: str,
        user_name: str,
        *,
        with_note: bool = False,
        danger: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, title, heading, ok_text, user_name, parent)
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        self.body.addWidget(explanation)
        self.note_input = QLineEdit()
        self.note_input.setObjectName("decisionNote")
        self.note_input.setPlaceholderText(self.tr("Optional: why"))
        if with_note:
            self.form.addRow(self.tr("Note:"), self.note_input)
        else:
            self.note_input.hide()
        if danger:
            self.ok_button.setStyleSheet(f"color: {LEVEL_COLORS['CRITICO']}; font-weight: bold;")
            # A destructive action is never what Enter does by accident: the focus starts on Cancel.
            self.ok_button.setDefault(False)
            self.cancel_button.setDefault(True)
        self.finish_layout()
        (self.note_input if with_note else self.cancel_button if danger else self.ok_button).setFocus()

    def note(self) -> str | None:
        """The note, ``None`` when empty."""
        return self.note_input.text().strip() or None

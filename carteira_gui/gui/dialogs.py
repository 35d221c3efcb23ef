"""The window's dialogs: confirm an apply, "open the settings", the crash dialog.

The stale plan (``stale_dialog``) and acknowledging alerts (``ack_dialog``) live in their own modules and are
re-exported here. Every dialog is opened with ``open()`` (window-modal, never a nested ``exec()`` loop): the
caller connects ``accepted``/``finished``, and tests drive the real dialog through its widgets.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.domain.plan import Change, Plan
from carteira_gui.gui.ack_dialog import AcknowledgeDialog, alerts_html
from carteira_gui.gui.dialog_parts import heading as _heading
from carteira_gui.gui.dialog_parts import wrapped as _wrapped
from carteira_gui.gui.errors import format_details, user_message
from carteira_gui.gui.formatting import (
    fmt_count,
    fmt_delta,
    fmt_pct,
    level_label,
    tipo_label,
)
from carteira_gui.gui.resources import LEVEL_COLORS, icon, level_icon
from carteira_gui.gui.stale_dialog import StalePlanDialog, StaleRun

__all__ = [
    "KINDS_IN_ORDER",
    "AcknowledgeDialog",
    "ConfirmApplyDialog",
    "CrashDialog",
    "SettingsMessage",
    "StalePlanDialog",
    "StaleRun",
    "alerts_html",
    "settings_message",
    "without_key",
]

_DANGER = LEVEL_COLORS[Nivel.CRITICO]
#: The kinds of change, destructive first: the order of the review, the reports and every count.
KINDS_IN_ORDER = (
    TipoMudanca.REMOVIDO,
    TipoMudanca.REDUCAO,
    TipoMudanca.AUMENTO,
    TipoMudanca.NOVO,
    TipoMudanca.ALTERADO,
)


def without_key(message: str, key_label: str) -> str:
    """An alert's message shown under its line's key: the key is not said twice ("de VCD…/ARZ-0003")."""
    text = message.replace(f" de {key_label}", "")
    if text.startswith(key_label + " "):
        text = text[len(key_label) + 1 :]
    return text[:1].upper() + text[1:]


class SettingsMessage(QMessageBox):
    """A warning whose "Open Settings" button says where to fix it (a connection that is missing or failed)."""

    #: The planner pressed "Open Settings".
    settings_requested = Signal()

    def __init__(self, text: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Warning, title, text, parent=parent)
        self.setObjectName("messageBox")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.settings_button = self.addButton(self.tr("Open Settings"), QMessageBox.ButtonRole.ActionRole)
        self.settings_button.setIcon(icon("settings"))
        self.settings_button.setObjectName("openSettings")
        close = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.settings_button)
        self.setEscapeButton(close)
        self.finished.connect(lambda _result: self._answered())

    def _answered(self) -> None:
        if self.clickedButton() is self.settings_button:
            self.settings_requested.emit()


def settings_message(text: str, title: str, parent: QWidget | None = None) -> SettingsMessage:
    """A message box with an "Open Settings" button (connect ``settings_requested``)."""
    return SettingsMessage(text, title, parent)


class ConfirmApplyDialog(QDialog):
    """Asks the planner to approve exactly this plan.

    It shows the counts and every CRITICO line with its alerts, each of which must be ticked as reviewed (as a
    code review marks each file), the name of who applies (asked once, remembered) and, above the mass-removal
    threshold, the number of removed lines typed by hand. A tick here is a tick in the review
    (``review_changed``).
    """

    #: A CRITICO line was ticked or unticked here: ``(change, ticked)``.
    review_changed = Signal(object, bool)

    def __init__(
        self,
        plan: Plan,
        user_name: str,
        parent: QWidget | None = None,
        *,
        reviewed: Collection[Change] = (),
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Confirm the sync"))
        self.setObjectName("confirmApplyDialog")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Apply this plan to the carteira?")))
        layout.addWidget(
            _wrapped(
                self.tr(
                    "Source: {0}. Everything is written in one transaction: either all of it or nothing. "
                    "Pre-separations and separations are changed exactly as listed in the review."
                ).format(plan.origem)
            )
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for n, tipo in enumerate(KINDS_IN_ORDER):
            count = plan.count(tipo)
            value = QLabel(f"<b>{fmt_count(count)}</b>")
            if tipo is TipoMudanca.REMOVIDO and count:
                value.setStyleSheet(f"color: {_DANGER};")
            value.setObjectName(f"count_{tipo.value}")
            grid.addWidget(QLabel(tipo_label(tipo)), n, 0)
            grid.addWidget(value, n, 1, Qt.AlignmentFlag.AlignRight)
        alerts = plan.alert_counts()
        for n, nivel in enumerate((Nivel.CRITICO, Nivel.ATENCAO, Nivel.INFO)):
            name = QLabel(self.tr("{0} alerts").format(level_label(nivel)))
            value = QLabel(f"<b>{fmt_count(alerts[nivel])}</b>")
            value.setStyleSheet(f"color: {LEVEL_COLORS[nivel]};")
            grid.addWidget(name, n, 2)
            grid.addWidget(value, n, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(QLabel(self.tr("Total quantity change")), 3, 2)
        grid.addWidget(QLabel(f"<b>{fmt_delta(plan.delta_total)}</b>"), 3, 3, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(4, 1)
        layout.addLayout(grid)

        #: The CRITICO lines, in the review's order; each must be ticked.
        self.critical_changes = sorted(
            (c for c in plan.changes if c.nivel is Nivel.CRITICO),
            key=lambda c: (KINDS_IN_ORDER.index(c.tipo), c.num_pedido, c.cod_produto),
        )
        ticked = {id(c) for c in reviewed}
        self._items: list[QListWidgetItem] = []
        self.critical_list = QListWidget()
        self.critical_list.setObjectName("criticalAlerts")
        self.critical_list.setWordWrap(True)
        self.critical_list.setSpacing(2)
        self.critical_title = QLabel()
        self.critical_title.setObjectName("criticalTitle")
        self.critical_title.setWordWrap(True)
        if self.critical_changes:
            layout.addWidget(self.critical_title)
            for change in self.critical_changes:
                key_label = f"{change.num_pedido}/{change.cod_produto}"
                head = key_label + (f" · {change.cliente}" if change.cliente else "")
                lines = ["• " + without_key(a.mensagem, key_label) for a in change.alertas if a.nivel is Nivel.CRITICO]
                item = QListWidgetItem(level_icon(Nivel.CRITICO), "\n".join([head, *lines]))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if id(change) in ticked else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, len(self._items))
                self._items.append(item)
                self.critical_list.addItem(item)
            self.critical_list.setMinimumHeight(140)
            self.critical_list.itemChanged.connect(self._on_item_changed)
            layout.addWidget(self.critical_list, 1)

        self.mass_removal_input = QLineEdit()
        self.mass_removal_input.setObjectName("massRemovalInput")
        if plan.remocao_em_massa:
            box = QFrame()
            box.setObjectName("massRemovalBox")
            box.setStyleSheet(
                f"QFrame#massRemovalBox {{ border: 2px solid {_DANGER}; border-radius: 4px; background: #fff5f5; }}"
            )
            inner = QVBoxLayout(box)
            inner.addWidget(
                _wrapped(
                    f"<b style='color:{_DANGER}'>"
                    + self.tr(
                        "Mass removal: this plan removes {0} of the {1} lines of the carteira (limit {2} %)."
                    ).format(
                        fmt_count(plan.removidos), fmt_count(plan.linhas_do_odoo), fmt_pct(plan.limite_remocao_pct)
                    )
                    + "</b><br>"
                    + self.tr(
                        "Check Odoo's filter and answer: a wrong filter or a half-empty answer looks like this. "
                        "To confirm, type the number of removed lines:"
                    )
                )
            )
            self.mass_removal_input.setPlaceholderText(str(plan.removidos))
            inner.addWidget(self.mass_removal_input)
            layout.addWidget(box)

        form = QFormLayout()
        self.user_input = QLineEdit(user_name)
        self.user_input.setObjectName("userInput")
        self.user_input.setPlaceholderText(self.tr("Your name (recorded with the sync; asked once)"))
        form.addRow(self.tr("Applied by:"), self.user_input)
        layout.addLayout(form)
        self.missing = QLabel()
        self.missing.setObjectName("missingToApply")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(f"color: {_DANGER};")
        layout.addWidget(self.missing)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setIcon(icon("apply"))
        self.apply_button.setObjectName("applyButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.mass_removal_input.textChanged.connect(self._update)
        self.user_input.textChanged.connect(self._update)
        if not user_name:
            self.user_input.setFocus()
        self._update()

    @property
    def mass_removal_confirmed(self) -> bool:
        """Whether the typed number matches the removed lines (always True below the threshold)."""
        if not self.plan.remocao_em_massa:
            return True
        return self.mass_removal_input.text().strip() == str(self.plan.removidos)

    @property
    def allow_mass_removal(self) -> bool:
        """What the apply may do: remove in mass only when the planner typed the number."""
        return self.plan.remocao_em_massa and self.mass_removal_confirmed

    def ticked(self) -> list[Change]:
        """The CRITICO lines ticked as reviewed."""
        return [c for c, item in zip(self.critical_changes, self._items, strict=True) if _checked(item)]

    def tick_all(self) -> None:
        """Tick every CRITICO line (tests, the screenshots)."""
        for item in self._items:
            item.setCheckState(Qt.CheckState.Checked)

    @property
    def all_reviewed(self) -> bool:
        """Whether every CRITICO line is ticked as reviewed."""
        return len(self.ticked()) == len(self.critical_changes)

    def user_name(self) -> str:
        """Who applies."""
        return self.user_input.text().strip()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(row, int) and 0 <= row < len(self.critical_changes):
            self.review_changed.emit(self.critical_changes[row], _checked(item))
        self._update()

    def _update(self) -> None:
        done, total = len(self.ticked()), len(self.critical_changes)
        if total:
            self.critical_title.setText(
                "<b>"
                + self.tr("Critical lines: tick each one as reviewed ({0} of {1} ticked)").format(
                    fmt_count(done), fmt_count(total)
                )
                + "</b>"
            )
        missing = []
        if done < total:
            missing.append(self.tr("tick the %n critical line(s) still unticked", "", total - done))
        if not self.user_name():
            missing.append(self.tr("type your name"))
        if not self.mass_removal_confirmed:
            missing.append(self.tr("type the number of removed lines"))
        self.missing.setText(self.tr("To apply: {0}.").format("; ".join(missing)) if missing else "")
        self.missing.setVisible(bool(missing))
        self.apply_button.setEnabled(not missing)

    def accept(self) -> None:
        """Accept only a confirmed plan (the Apply button is disabled otherwise, Enter too)."""
        if self.mass_removal_confirmed and self.user_name() and self.all_reviewed:
            super().accept()


def _checked(item: QListWidgetItem) -> bool:
    return item.checkState() == Qt.CheckState.Checked


class CrashDialog(QDialog):
    """An unexpected error (a bug): what to do, and the details to copy into a report."""

    def __init__(self, error: BaseException, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setObjectName("crashDialog")
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        symbol = QLabel()
        symbol.setPixmap(icon("critico").pixmap(40, 40))
        header.addWidget(symbol, 0, Qt.AlignmentFlag.AlignTop)
        where = self.tr("The details are also in the log file {0}.").format(log_file) if log_file is not None else ""
        text = _wrapped(
            "<b>"
            + self.tr("Carteira Sync hit an unexpected error (a defect of the program).")
            + "</b><br>"
            + self.tr(
                "The operation in progress was stopped. Every write to the database is one transaction, so what "
                "is stored is whole: an interrupted apply wrote nothing. Copy the details below and send them to "
                "support; then try again."
            )
            + (" " + where if where else "")
        )
        header.addWidget(text, 1)
        layout.addLayout(header)
        self.message = _wrapped(user_message(error))
        self.message.setObjectName("crashMessage")
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(format_details(error))
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setObjectName("copyDetails")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        """Put the details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))

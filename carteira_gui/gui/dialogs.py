"""The window's dialogs: confirm an apply, a stale plan, acknowledge alerts, and the crash dialog.

Every dialog is opened with ``open()`` (window-modal, never a nested ``exec()`` loop): the caller connects
``accepted``/``finished``, and tests drive the real dialog through its widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
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
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.errors import format_details, user_message
from carteira_gui.gui.formatting import fmt_count, fmt_delta, group_label, level_label
from carteira_gui.gui.resources import LEVEL_COLORS, icon, level_icon
from carteira_gui.services.views import AlertView

_DANGER = LEVEL_COLORS[Nivel.CRITICO]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConfirmApplyDialog(QDialog):
    """Asks the planner to approve exactly this plan.

    It shows the counts and every CRITICO alert and, above the mass-removal threshold, asks for the number
    of removed lines typed by hand.
    """

    def __init__(self, plan: Plan, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Confirm the sync"))
        self.setObjectName("confirmApplyDialog")
        self.setMinimumWidth(620)
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
        kinds = [
            TipoMudanca.REMOVIDO,
            TipoMudanca.REDUCAO,
            TipoMudanca.AUMENTO,
            TipoMudanca.NOVO,
            TipoMudanca.ALTERADO,
        ]
        for n, tipo in enumerate(kinds):
            count = plan.count(tipo)
            value = QLabel(f"<b>{fmt_count(count)}</b>")
            if tipo is TipoMudanca.REMOVIDO and count:
                value.setStyleSheet(f"color: {_DANGER};")
            value.setObjectName(f"count_{tipo.value}")
            grid.addWidget(QLabel(group_label(tipo)), n, 0)
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

        criticos = [a for c in plan.changes for a in c.alertas if a.nivel is Nivel.CRITICO]
        self.critical_list = QListWidget()
        self.critical_list.setObjectName("criticalAlerts")
        if criticos:
            layout.addWidget(
                QLabel("<b>" + self.tr("Critical alerts this sync will raise ({0}):").format(len(criticos)) + "</b>")
            )
            for alerta in criticos:
                text = f"{alerta.num_pedido}/{alerta.cod_produto}: {alerta.mensagem}"
                item = QListWidgetItem(level_icon(Nivel.CRITICO), text)
                item.setToolTip(alerta.mensagem)
                self.critical_list.addItem(item)
            self.critical_list.setWordWrap(True)
            self.critical_list.setMinimumHeight(110)
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
                    ).format(fmt_count(plan.removidos), fmt_count(plan.linhas_do_odoo), f"{plan.limite_remocao_pct:g}")
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
        form.addRow(self.tr("Applied by:"), self.user_input)
        layout.addLayout(form)

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

    def user_name(self) -> str:
        """Who applies."""
        return self.user_input.text().strip()

    def _update(self) -> None:
        self.apply_button.setEnabled(self.mass_removal_confirmed and bool(self.user_name()))

    def accept(self) -> None:
        """Accept only a confirmed plan (the Apply button is disabled otherwise, Enter too)."""
        if self.mass_removal_confirmed and self.user_name():
            super().accept()


class StalePlanDialog(QDialog):
    """Explains that the plan no longer matches the database and offers to fetch again."""

    def __init__(self, differences: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The plan is out of date"))
        self.setObjectName("stalePlanDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("The carteira changed since this plan was reviewed")))
        layout.addWidget(
            _wrapped(
                self.tr(
                    "Another planner or another sync changed what this plan depends on. Nothing was written. "
                    "Fetch again and review the new plan before applying it."
                )
            )
        )
        layout.addWidget(QLabel("<b>" + self.tr("What changed:") + "</b>"))
        self.differences = QListWidget()
        self.differences.setObjectName("staleDifferences")
        self.differences.setWordWrap(True)
        for text in differences:
            self.differences.addItem(text)
        layout.addWidget(self.differences, 1)
        self.buttons = QDialogButtonBox()
        self.fetch_button = self.buttons.addButton(self.tr("Fetch again"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.fetch_button.setIcon(icon("fetch"))
        self.fetch_button.setObjectName("fetchAgainButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class AcknowledgeDialog(QDialog):
    """Acknowledges one or many alerts with a name (remembered) and an optional note."""

    def __init__(self, alerts: Sequence[AlertView], user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alerts = list(alerts)
        self.setWindowTitle(self.tr("Acknowledge alerts"))
        self.setObjectName("acknowledgeDialog")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Acknowledge %n alert(s)", "", len(self.alerts))))
        listing = QListWidget()
        listing.setObjectName("acknowledgeList")
        for alert in self.alerts:
            listing.addItem(
                QListWidgetItem(
                    level_icon(alert.nivel), f"#{alert.id} {alert.num_pedido}/{alert.cod_produto}: {alert.mensagem}"
                )
            )
        listing.setMaximumHeight(140)
        layout.addWidget(listing)
        form = QFormLayout()
        self.name_input = QLineEdit(user_name)
        self.name_input.setObjectName("ackName")
        self.note_input = QPlainTextEdit()
        self.note_input.setObjectName("ackNote")
        self.note_input.setPlaceholderText(self.tr("Optional: what was done (e.g. truck rebooked, client warned)"))
        self.note_input.setMaximumHeight(80)
        form.addRow(self.tr("Name:"), self.name_input)
        form.addRow(self.tr("Note:"), self.note_input)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Acknowledge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setIcon(icon("acknowledge"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_input.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(bool(user_name.strip()))

    def name(self) -> str:
        """Who acknowledges."""
        return self.name_input.text().strip()

    def note(self) -> str | None:
        """The note, ``None`` when empty."""
        text = self.note_input.toPlainText().strip()
        return text or None

    def accept(self) -> None:
        """Accept only with a name."""
        if self.name():
            super().accept()


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

"""Acknowledging alerts: each alert shown whole (level, line, client, lote, before → after, the full message).

The planner's name is asked once and remembered; the note is optional. One alert reads as a card that needs
no scrolling; many alerts (every open INFO at once) scroll in the same pane.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.gui.dialog_parts import heading as _heading
from carteira_gui.gui.formatting import fmt_qtd, level_label
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS, icon
from carteira_gui.services.views import AlertView


class AcknowledgeDialog(QDialog):
    """Acknowledges one or many alerts with a name (asked once, remembered) and an optional note.

    Each alert is shown whole — level, line, client, lote, before → now and the full message — one card per
    alert in a scrolling list that grows with them.
    """

    def __init__(
        self,
        alerts: Sequence[AlertView],
        user_name: str,
        parent: QWidget | None = None,
        *,
        clients: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.alerts = list(alerts)
        self.setWindowTitle(self.tr("Acknowledge alerts"))
        self.setObjectName("acknowledgeDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Acknowledge %n alert(s)", "", len(self.alerts))))
        self.listing = QTextBrowser()
        self.listing.setObjectName("acknowledgeList")
        self.listing.setHtml(alerts_html(self.alerts, clients or {}))
        self.listing.setFrameShape(QFrame.Shape.NoFrame)
        self.listing.setStyleSheet("QTextBrowser#acknowledgeList { background: transparent; }")
        document_height = int(self.listing.document().size().height()) if len(self.alerts) == 1 else 0
        self.listing.setMinimumHeight(max(110, min(document_height + 12, 260)))
        layout.addWidget(self.listing, 1)
        form = QFormLayout()
        self.name_input = QLineEdit(user_name)
        self.name_input.setObjectName("ackName")
        self.name_input.setPlaceholderText(self.tr("Your name (recorded with the acknowledgement; asked once)"))
        self.note_input = QPlainTextEdit()
        self.note_input.setObjectName("ackNote")
        self.note_input.setPlaceholderText(self.tr("Optional: what was done (e.g. truck rebooked, client warned)"))
        self.note_input.setMaximumHeight(80)
        self.note_input.setTabChangesFocus(True)
        form.addRow(self.tr("Name:"), self.name_input)
        form.addRow(self.tr("Note:"), self.note_input)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Acknowledge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setIcon(icon("acknowledge"))
        self.ok_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_input.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(bool(user_name.strip()))
        (self.note_input if user_name.strip() else self.name_input).setFocus()

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


def alerts_html(alerts: Sequence[AlertView], clients: Mapping[str, str]) -> str:
    """Alerts as cards: level, line and client, lote, before → now, the whole message (and note, if any)."""
    parts = []
    for alert in alerts:
        colour, tint = LEVEL_COLORS.get(alert.nivel, "#37474f"), LEVEL_TINTS.get(alert.nivel, "#ffffff")
        client = clients.get(alert.num_pedido, "")
        where = f"{html.escape(alert.num_pedido)}/{html.escape(alert.cod_produto)}"
        if client:
            where += " · " + html.escape(client)
        if alert.lote:
            where += " · " + QCoreApplication.translate("AcknowledgeDialog", "batch {0}").format(
                html.escape(alert.lote)
            )
        amounts = QCoreApplication.translate("AcknowledgeDialog", "quantity {0} → {1}").format(
            fmt_qtd(alert.qtd_anterior), fmt_qtd(alert.qtd_nova)
        )
        note = (
            "<br><i>"
            + QCoreApplication.translate("AcknowledgeDialog", "Note: {0}").format(html.escape(alert.nota))
            + "</i>"
            if alert.nota
            else ""
        )
        parts.append(
            f"<table width='100%' cellpadding='6' cellspacing='0' style='background:{tint}; margin-bottom:6px'>"
            f"<tr><td><b style='color:{colour}'>{level_label(alert.nivel)}</b> · <b>{where}</b>"
            f"<br><span style='color:#455a64'>{amounts}</span>"
            f"<br>{html.escape(alert.mensagem)}{note}</td></tr></table>"
        )
    return "".join(parts)

"""The top of the Plan tab: the plan's origin, counts and alerts, its review ticks, Apply and Discard.

Counts and alerts come destructive first; a chip says how many CRÍTICO lines are ticked as reviewed.

Its words are filed under the Plan tab's translation context ("PlanPanel"): it is a part of that screen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.formatting import fmt_count, fmt_datetime, fmt_delta, level_label, tipo_label
from carteira_gui.gui.models.plan import GROUP_ORDER
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS, icon

CHIP = "QLabel {{ background: {bg}; color: {fg}; border-radius: 10px; padding: 3px 10px; font-weight: bold; }}"
NEUTRAL_BG = "#eceff1"
NEUTRAL_FG = "#37474f"
_DONE_BG, _DONE_FG = "#e6f4ea", "#2e7d32"


def chip(text: str, bg: str = NEUTRAL_BG, fg: str = NEUTRAL_FG) -> QLabel:
    """A rounded count label (``Removida: 5``)."""
    label = QLabel(text)
    label.setStyleSheet(CHIP.format(bg=bg, fg=fg))
    return label


class PlanSummary(QFrame):
    """Headline, chips, counts and the two buttons of the plan under review."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planSummary")
        self.setStyleSheet("QFrame#planSummary { background: #fafbfc; border: 1px solid #d5dbe0; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.headline = QLabel()
        self.headline.setObjectName("planHeadline")
        self.headline.setWordWrap(True)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.counts = QLabel()
        self.counts.setObjectName("planCounts")
        self.counts.setWordWrap(True)
        left.addWidget(self.headline)
        left.addLayout(self.chips)
        left.addWidget(self.counts)
        layout.addLayout(left, 1)
        buttons = QVBoxLayout()
        self.apply_button = QPushButton(icon("apply"), QCoreApplication.translate("PlanPanel", "Apply plan…"))
        self.apply_button.setObjectName("applyPlanButton")
        self.apply_button.setToolTip(QCoreApplication.translate("PlanPanel", "Apply this plan (Ctrl+Enter)"))
        self.apply_button.setMinimumHeight(32)
        self.discard_button = QPushButton(QCoreApplication.translate("PlanPanel", "Discard"))
        self.discard_button.setObjectName("discardPlanButton")
        self.discard_button.setToolTip(
            QCoreApplication.translate("PlanPanel", "Discard this plan; nothing is written (Ctrl+Shift+D)")
        )
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.discard_button)
        layout.addLayout(buttons)
        self.review_chip = chip("")
        self.review_chip.setObjectName("reviewChip")

    def fill(self, plan: Plan) -> None:
        """Show ``plan``'s origin, counts and alerts."""
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.review_chip:
                widget.deleteLater()
        self.headline.setText(
            "<b>"
            + QCoreApplication.translate("PlanPanel", "Plan · source: {0}").format(html.escape(plan.origem))
            + "</b> · "
            + QCoreApplication.translate("PlanPanel", "computed at {0}").format(fmt_datetime(plan.gerado_em))
            + " · "
            + QCoreApplication.translate("PlanPanel", "{0} lines in the carteira, {1} changes").format(
                fmt_count(plan.linhas_carteira), fmt_count(len(plan.changes))
            )
            + (
                " · "
                + QCoreApplication.translate("PlanPanel", "{0} source lines outside the Odoo prefixes ignored").format(
                    fmt_count(plan.ignorados)
                )
                if plan.ignorados
                else ""
            )
        )
        alerts = plan.alert_counts()
        removed = plan.removidos
        # Destructive things first: removed lines and every CRÍTICO alert.
        self.chips.addWidget(
            chip(
                f"{tipo_label(TipoMudanca.REMOVIDO)}: {fmt_count(removed)}",
                *((LEVEL_TINTS[Nivel.CRITICO], LEVEL_COLORS[Nivel.CRITICO]) if removed else (NEUTRAL_BG, NEUTRAL_FG)),
            )
        )
        for nivel in (Nivel.CRITICO, Nivel.ATENCAO, Nivel.INFO):
            count = alerts[nivel]
            colours = (LEVEL_TINTS[nivel], LEVEL_COLORS[nivel]) if count else (NEUTRAL_BG, NEUTRAL_FG)
            level_chip = chip(f"{level_label(nivel)}: {fmt_count(count)}", *colours)
            level_chip.setObjectName(f"chip_{nivel.value}")
            self.chips.addWidget(level_chip)
        self.chips.addWidget(self.review_chip)
        self.chips.addStretch(1)
        counts = [f"{tipo_label(tipo)}: <b>{fmt_count(plan.count(tipo))}</b>" for tipo in GROUP_ORDER[1:]]
        counts.append(
            QCoreApplication.translate("PlanPanel", "unchanged: {0}").format(f"<b>{fmt_count(plan.inalterados)}</b>")
        )
        counts.append(
            QCoreApplication.translate("PlanPanel", "total quantity change: {0}").format(
                f"<b>{fmt_delta(plan.delta_total)}</b>"
            )
        )
        self.counts.setText(" · ".join(counts))

    def set_review(self, text: str, done: int, total: int) -> None:
        """``text`` says how many of the ``total`` CRÍTICO lines are ticked as reviewed (green when all are)."""
        if not total:
            self.review_chip.hide()
            return
        self.review_chip.setText(text)
        ok = done == total
        self.review_chip.setStyleSheet(
            CHIP.format(bg=_DONE_BG if ok else NEUTRAL_BG, fg=_DONE_FG if ok else NEUTRAL_FG)
        )
        self.review_chip.show()

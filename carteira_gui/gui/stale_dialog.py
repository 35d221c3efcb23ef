"""The plan is out of date: what changed in its lines, and the syncs applied since it was fetched.

A plan goes stale when the carteira changed under it — usually another sync (a colleague's, or an automatic
one). The services name what changed in the plan's own lines; the window adds the syncs applied since the
plan was fetched, each with the lines it changed and how, so that "something changed" becomes "sync #7 by Bruno
cut PED002/PROD001 from 200 to 150".
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.gui.dialog_parts import heading as _heading
from carteira_gui.gui.dialog_parts import wrapped as _wrapped
from carteira_gui.gui.formatting import fmt_count, fmt_datetime, fmt_qtd, tipo_label
from carteira_gui.gui.resources import icon
from carteira_gui.services.views import ChangeView, RunView


@dataclass(frozen=True, slots=True)
class StaleRun:
    """A sync applied after a plan was fetched, with its changes: what made the plan stale."""

    run: RunView
    changes: list[ChangeView]


class StalePlanDialog(QDialog):
    """Explains that the plan no longer matches the database and offers to fetch again.

    It names what changed in the plan's own lines (``differences``) and the syncs applied since the plan was
    fetched, with the lines each one changed and how (``runs``).
    """

    def __init__(
        self,
        differences: Sequence[str],
        runs: Sequence[StaleRun] = (),
        parent: QWidget | None = None,
        *,
        changes_shown: int = 30,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The plan is out of date"))
        self.setObjectName("stalePlanDialog")
        self.setMinimumWidth(620)
        self.resize(680, 460)
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
        self.differences = QListWidget()
        self.differences.setObjectName("staleDifferences")
        self.differences.setWordWrap(True)
        for text in differences:
            self.differences.addItem(text)
        if differences:
            layout.addWidget(QLabel("<b>" + self.tr("What changed in the lines of this plan:") + "</b>"))
            layout.addWidget(self.differences, 1)
        self.runs_view = QTextBrowser()
        self.runs_view.setObjectName("staleRuns")
        parts = []
        for stale in runs:
            run = stale.run
            who = run.usuario + (" " + self.tr("(automatic)") if run.automatico else "")
            parts.append(
                "<p style='margin:6px 0 2px 0'><b>"
                + self.tr("Sync #{0} of {1} by {2}: %n line(s) changed", "", len(stale.changes)).format(
                    run.id, fmt_datetime(run.iniciado_em), html.escape(who)
                )
                + "</b></p><ul style='margin-top:0'>"
            )
            for change in stale.changes[:changes_shown]:
                parts.append(
                    f"<li>{html.escape(change.num_pedido)}/{html.escape(change.cod_produto)} — "
                    f"{tipo_label(change.tipo)}: {fmt_qtd(change.qtd_antes)} → {fmt_qtd(change.qtd_depois)}</li>"
                )
            if len(stale.changes) > changes_shown:
                parts.append(
                    "<li><i>"
                    + self.tr("and {0} more (see History)").format(fmt_count(len(stale.changes) - changes_shown))
                    + "</i></li>"
                )
            parts.append("</ul>")
        if runs:
            layout.addWidget(QLabel("<b>" + self.tr("Syncs applied since this plan was fetched:") + "</b>"))
            self.runs_view.setHtml("".join(parts))
            layout.addWidget(self.runs_view, 2)
        elif not differences:
            layout.addWidget(
                _wrapped(
                    self.tr(
                        "No sync was applied meanwhile: the carteira was changed by other means (for example "
                        "loaded again from a state file)."
                    )
                )
            )
        self.buttons = QDialogButtonBox()
        self.fetch_button = self.buttons.addButton(self.tr("Fetch again"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.fetch_button.setIcon(icon("fetch"))
        self.fetch_button.setObjectName("fetchAgainButton")
        self.fetch_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        """Everything the dialog says about what changed, as plain text."""
        lines = [self.differences.item(i).text() for i in range(self.differences.count())]
        return "\n".join([*lines, self.runs_view.toPlainText()])

"""The plan by lote, a view of the Plan tab: which lotes (which trucks) a sync hits, with their status.

Freight is managed by lote; this view lists every lote the plan changes or alerts about — status, order,
client, carrier, shipping day, the lote's total before and after, the worst alert — most severe first
(``models.plan_lotes``). Enter or a double click shows that lote's lines in the line view
(``lines_requested``); "Abrir na aba Lotes" opens the lote itself (``open_lote_requested``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carteira_gui.domain.model import Status
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.formatting import fmt_count
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.gui.models.plan_lotes import LoteImpact, LoteImpactModel, lote_impacts
from carteira_gui.gui.models.table import ROW_ROLE, RowFilterProxy
from carteira_gui.gui.resources import icon
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import EmptyState, make_table, restore_header
from carteira_gui.services.views import LoteView

_WIDTHS = (150, 86, 92, 170, 130, 80, 70, 62, 66, 80, 50)


class PlanLotesView(QWidget):
    """The lotes a plan hits; emits ``lines_requested`` and ``open_lote_requested`` with a lote's code."""

    #: Show this lote's lines in the line view.
    lines_requested = Signal(str)
    #: Open this lote in the Lotes tab.
    open_lote_requested = Signal(str)

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ui_state = ui_state
        self._lotes: dict[str, LoteView] = {}
        self._clientes: dict[str, str] = {}
        self.model = LoteImpactModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table("planLoteView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setToolTip(self.tr("Enter or double click: the lines of this batch in the review"))
        restore_header(ui_state, "plan_lotes", self.view, _WIDTHS)
        self.empty = EmptyState(self.view)
        self.title = QLabel()
        self.title.setObjectName("planLoteTitle")
        self.title.setWordWrap(True)
        open_lote = QPushButton(icon("lote"), self.tr("Open in the Batches tab"))
        open_lote.setObjectName("openLoteButton")
        open_lote.clicked.connect(self._open_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(open_lote)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(self._on_activated)

    def set_context(self, lotes: Sequence[LoteView], lines: Mapping[str, Mapping[str, CarteiraRow]]) -> None:
        """The stored lotes (carrier, shipping day, totals) and the carteira's clients."""
        self._lotes = {lote.lote: lote for lote in lotes}
        self._clientes = {pedido: next(iter(rows.values())).cliente for pedido, rows in lines.items() if rows}

    def show_plan(self, plan: Plan) -> int:
        """Show the lotes ``plan`` hits; returns how many."""
        impacts = lote_impacts(plan.changes, self._lotes, self._clientes)
        self.model.set_rows(impacts)
        cotados = sum(1 for i in impacts if i.status == Status.COTADO.value)
        self.title.setText(
            self.tr("{0} batches hit by this sync, {1} of them COTADO (their freight must be reviewed).").format(
                fmt_count(len(impacts)), fmt_count(cotados)
            )
        )
        self.empty.update_state(self.tr("This sync touches no batch: no separation changes."))
        return len(impacts)

    def selected(self) -> LoteImpact | None:
        """The lote selected."""
        row = self.proxy.data(self.view.currentIndex(), ROW_ROLE)
        return row if isinstance(row, LoteImpact) else None

    def save_state(self) -> None:
        """Remember the column widths."""
        self._ui_state.save_header("plan_lotes", self.view.horizontalHeader())

    def _on_activated(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, ROW_ROLE)
        if isinstance(row, LoteImpact):
            # After the view has finished with its key or click: the line filter re-maps this view's model too.
            code = row.lote
            QTimer.singleShot(0, lambda: self.lines_requested.emit(code))

    def _open_selected(self) -> None:
        impact = self.selected()
        if impact is not None:
            self.open_lote_requested.emit(impact.lote)

"""The History tab: past syncs, and the changes of the one selected (read in a worker), with their alert levels.

The list of changes gets most of the height (the runs above are one line each); the export button names the
sync it exports and is there only when one is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from carteira_gui.domain.model import NIVEL_ORDER, Key, Nivel
from carteira_gui.gui.formatting import fmt_datetime
from carteira_gui.gui.models.history import RunChangeModel, RunModel
from carteira_gui.gui.models.plan import GROUP_ORDER
from carteira_gui.gui.models.table import ROW_ROLE, RowFilterProxy
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import ElidedLabel, EmptyState, enable_sorting, make_table, restore_header
from carteira_gui.services import history
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import AlertView, ChangeView, RunView

_RUN_WIDTHS = (55, 118, 100, 160, 60, 60, 60, 44, 60, 60, 60, 80, 96, 60)
_CHANGE_WIDTHS = (90, 96, 110, 90, 190, 64, 64, 70)


class HistoryTab(QWidget):
    """The sync runs above, the selected run's changes below. Emits ``export_requested`` for its button."""

    #: "Export this sync's report…" was clicked (the window chooses the file and writes it).
    export_requested = Signal()
    #: The runs were shown again (there may be some to export now).
    runs_changed = Signal()

    def __init__(self, uow: UnitOfWork, ops: Ops, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uow = uow
        self._ops = ops
        self._ui_state = ui_state
        self._alerts: list[AlertView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.run_model = RunModel(self)
        self.run_proxy = RowFilterProxy(self)
        self.run_proxy.setSourceModel(self.run_model)
        self.run_view = make_table("runView")
        self.run_view.setModel(self.run_proxy)
        self.run_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        enable_sorting(self.run_view)
        restore_header(ui_state, "runs", self.run_view, _RUN_WIDTHS)
        self.run_empty = EmptyState(self.run_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.run_title = ElidedLabel(self.tr("Select a sync to see its changes."))
        self.run_title.setObjectName("runTitle")
        self.export_button = QPushButton(icon("export"), self.tr("Export this sync's report…"))
        self.export_button.setObjectName("exportRunButton")
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setEnabled(False)
        row.addWidget(self.run_title, 1)
        row.addWidget(self.export_button)
        lower_layout.addLayout(row)
        self.change_model = RunChangeModel(self)
        self.change_proxy = RowFilterProxy(self)
        self.change_proxy.setSourceModel(self.change_model)
        self.change_view = make_table("runChangeView")
        self.change_view.setModel(self.change_proxy)
        enable_sorting(self.change_view)
        restore_header(ui_state, "run_changes", self.change_view, _CHANGE_WIDTHS)
        lower_layout.addWidget(self.change_view, 1)
        self.splitter.addWidget(self.run_view)
        self.splitter.addWidget(lower)
        if not ui_state.restore_splitter("history", self.splitter):
            self.splitter.setSizes([150, 530])
        layout.addWidget(self.splitter, 1)
        self.run_view.selectionModel().currentRowChanged.connect(self._on_run_selected)

    def set_runs(self, runs: list[RunView], alerts: list[AlertView] | None = None) -> None:
        """Show these runs (newest first), keeping the selected one selected; ``alerts`` give the levels."""
        selected = self.selected_run()
        if alerts is not None:
            self._alerts = alerts
        self.run_model.set_rows(runs)
        if selected is not None:
            self._select_run(selected.id)
        self.run_empty.update_state(
            self.tr("No sync yet. Fetch from Odoo (F5), review the plan and apply it: each sync is listed here.")
        )
        self._update_export()
        self.runs_changed.emit()

    def has_runs(self) -> bool:
        """Whether there is a sync to show (and to export)."""
        return self.run_model.rowCount() > 0

    def _update_export(self) -> None:
        run = self.selected_run()
        self.export_button.setEnabled(run is not None)
        self.export_button.setText(
            self.tr("Export the report of sync #{0}…").format(run.id) if run else self.tr("Export this sync's report…")
        )

    def selected_run(self) -> RunView | None:
        """The run selected in the table, if any."""
        index = self.run_view.currentIndex()
        if not index.isValid():
            return None
        run = self.run_proxy.data(index, ROW_ROLE)
        return run if isinstance(run, RunView) else None

    def latest_run(self) -> RunView | None:
        """The newest run, if any."""
        return max(self.run_model.rows, key=lambda run: run.id, default=None)

    def save_state(self) -> None:
        """Remember the column widths and the splitter."""
        self._ui_state.save_header("runs", self.run_view.horizontalHeader())
        self._ui_state.save_header("run_changes", self.change_view.horizontalHeader())
        self._ui_state.save_splitter("history", self.splitter)

    def _select_run(self, run_id: int) -> None:
        for row in range(self.run_proxy.rowCount()):
            index = self.run_proxy.index(row, 0)
            run = self.run_proxy.data(index, ROW_ROLE)
            if isinstance(run, RunView) and run.id == run_id:
                self.run_view.setCurrentIndex(index)
                return

    def _on_run_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        run = self.run_proxy.data(current, ROW_ROLE) if current.isValid() else None
        self._update_export()
        if not isinstance(run, RunView):
            self.change_model.set_rows([])
            self.run_title.set_full_text(self.tr("Select a sync to see its changes."))
            return
        self.run_title.set_full_text(
            self.tr("Sync #{0} of {1} by {2} — {3}").format(
                run.id, fmt_datetime(run.iniciado_em), run.usuario, run.origem
            )
        )
        uow, run_id = self._uow, run.id

        def job(_context: TaskContext) -> tuple[int, list[ChangeView]]:
            return run_id, history.run_changes(uow, run_id)

        self._ops.op("run-changes", job, self.tr("History")).success(self._on_run_changes).run()

    def _on_run_changes(self, result: tuple[int, list[ChangeView]]) -> None:
        run_id, changes = result
        selected = self.selected_run()
        if selected is not None and selected.id == run_id:
            # Destructive kinds first, as in the plan review.
            order = {tipo.value: n for n, tipo in enumerate(GROUP_ORDER)}
            changes.sort(key=lambda c: (order.get(c.tipo, len(order)), c.num_pedido, c.cod_produto))
            self.change_model.set_levels(self._levels_of(run_id))
            self.change_model.set_rows(changes)

    def _levels_of(self, run_id: int) -> dict[Key, str]:
        """The most severe level of the alerts a run raised (or last updated), line by line."""
        levels: dict[Key, str] = {}
        for alert in self._alerts:
            if alert.sync_id != run_id:
                continue
            key = (alert.num_pedido, alert.cod_produto)
            known = levels.get(key)
            if known is None or NIVEL_ORDER[Nivel(alert.nivel)] < NIVEL_ORDER[Nivel(known)]:
                levels[key] = alert.nivel
        return levels

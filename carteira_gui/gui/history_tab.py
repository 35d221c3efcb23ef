"""The History tab: past syncs, and the changes of the one selected (read in a worker)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from carteira_gui.gui.formatting import fmt_datetime
from carteira_gui.gui.models.history import RunChangeModel, RunModel
from carteira_gui.gui.models.plan import GROUP_ORDER
from carteira_gui.gui.models.table import ROW_ROLE, RowFilterProxy
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import enable_sorting, make_table, restore_header
from carteira_gui.services import history
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import ChangeView, RunView

_RUN_WIDTHS = (55, 120, 110, 200, 70, 70, 55, 75, 70, 65, 70, 85, 100, 65)
_CHANGE_WIDTHS = (95, 120, 110, 230, 80, 80, 80)


class HistoryTab(QWidget):
    """The sync runs above, the selected run's changes below. Emits ``export_requested`` for its button."""

    #: "Export this sync's report…" was clicked (the window chooses the file and writes it).
    export_requested = Signal()

    def __init__(self, uow: UnitOfWork, ops: Ops, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uow = uow
        self._ops = ops
        self._ui_state = ui_state
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
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.run_title = QLabel(self.tr("Select a sync to see its changes."))
        self.run_title.setObjectName("runTitle")
        export_button = QPushButton(icon("export"), self.tr("Export this sync's report…"))
        export_button.clicked.connect(self.export_requested)
        row.addWidget(self.run_title, 1)
        row.addWidget(export_button)
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
            self.splitter.setSizes([260, 420])
        layout.addWidget(self.splitter, 1)
        self.run_view.selectionModel().currentRowChanged.connect(self._on_run_selected)

    def set_runs(self, runs: list[RunView]) -> None:
        """Show these runs (newest first), keeping the selected one selected."""
        selected = self.selected_run()
        self.run_model.set_rows(runs)
        if selected is not None:
            self._select_run(selected.id)

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
        if not isinstance(run, RunView):
            self.change_model.set_rows([])
            self.run_title.setText(self.tr("Select a sync to see its changes."))
            return
        self.run_title.setText(
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
            self.change_model.set_rows(changes)

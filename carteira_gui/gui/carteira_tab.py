"""The Carteira tab: every line with its split, the selected line's side panel, and the decisions on lines.

The table (with its search box and its "what a line has" filter) sits beside ``LinePanel``, which shows the
current line's detail, read in an op whenever the current line changes (one read at a time: a selection that
moves while one runs is read when it ends, so the newest line wins). The decisions made from lines —
Pré-separar… (Ctrl+P), Separar… (Ctrl+L), Separar pré-separações… (Ctrl+Shift+L), Excluir pré-separação —
are ``line_decisions.LineDecisions``; ``decided`` tells the window to reload.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Key
from carteira_gui.gui.formatting import fmt_count
from carteira_gui.gui.line_decisions import LineDecisions
from carteira_gui.gui.line_panel import LinePanel
from carteira_gui.gui.models.carteira import (
    KIND_ALL,
    KIND_COTADO,
    KIND_FREE,
    KIND_PRE,
    CarteiraFilterProxy,
    CarteiraModel,
    CarteiraRow,
)
from carteira_gui.gui.models.table import ROW_ROLE
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox, debounce, enable_sorting, make_table
from carteira_gui.services import decisions
from carteira_gui.services.decisions import LineDetail
from carteira_gui.services.ports import UnitOfWork

log = logging.getLogger(__name__)

_WIDTHS = (96, 80, 140, 170, 140, 70, 56, 90, 64, 68, 86)


class CarteiraTab(QWidget):
    """The carteira table, its filters and side panel; the decisions made from lines."""

    #: A decision was written (its result: a ``LoteView`` or a list of ``PreView``).
    decided = Signal(object)
    #: The planner asked to see a lote in the Lotes tab (its code).
    open_lote_requested = Signal(str)
    #: The side panel shows a line's detail (``LineDetail``).
    detail_shown = Signal(object)

    def __init__(
        self,
        uow: UnitOfWork,
        ops: Ops,
        feedback: Feedback,
        ui_state: UiState,
        *,
        db_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._uow = uow
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self._db_url = db_url
        self._detail_key: Key | None = None
        self._wanted_key: Key | None = None
        self._failed_key: Key | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.search = SearchBox("carteiraSearch", self.tr("Search order, product, description, client or city…"))
        self.kind = QComboBox()
        self.kind.setObjectName("carteiraKind")
        self.kind.setToolTip(self.tr("Show only the lines that have…"))
        self.kind.addItem(self.tr("Every line"), KIND_ALL)
        self.kind.addItem(icon("lote-cotado"), self.tr("With a COTADO batch"), KIND_COTADO)
        self.kind.addItem(icon("pre"), self.tr("With a pre-separation"), KIND_PRE)
        self.kind.addItem(self.tr("Only free balance"), KIND_FREE)
        self.count = QLabel()
        self.count.setObjectName("carteiraCount")
        row.addWidget(self.search, 1)
        row.addWidget(self.kind)
        row.addWidget(self.count)
        layout.addLayout(row)

        self.model = CarteiraModel(self)
        self.proxy = CarteiraFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table("carteiraView")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        enable_sorting(self.view)
        if not ui_state.restore_header("carteira", self.view.horizontalHeader()):
            header = self.view.horizontalHeader()
            for column, width in enumerate(_WIDTHS):
                header.resizeSection(column, width)
            # Beside the side panel the numbers come first: client and city move after them (the panel shows
            # the selected line's client and city anyway).
            header.moveSection(header.visualIndex(3), header.count() - 1)
            header.moveSection(header.visualIndex(4), header.count() - 1)
        self.panel = LinePanel(ui_state)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("carteiraSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        if not ui_state.restore_splitter("carteira", self.splitter):
            self.splitter.setSizes([840, 420])
        layout.addWidget(self.splitter, 1)
        self.search_timer = debounce(self.search, self._filter, self)
        self.context_menu: QMenu | None = None
        #: The decisions on lines (their actions are aliased below for the window).
        self.decisions = LineDecisions(self, uow, ops, feedback, ui_state, db_url)
        self.pre_action = self.decisions.pre_action
        self.lote_action = self.decisions.lote_action
        self.from_pres_action = self.decisions.from_pres_action
        self.delete_pre_action = self.decisions.delete_pre_action
        self.edit_pre_action = self.decisions.edit_pre_action
        self.decisions.decided.connect(self.decided)

        self.kind.currentIndexChanged.connect(lambda _i: self._set_kind())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.request_detail())
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.panel.lote_activated.connect(self.open_lote_requested)
        self.panel.pres_selection_changed.connect(self.decisions.update_actions)
        self.decisions.update_actions()

    # -- rows and filters ---------------------------------------------------------------------------

    def set_rows(self, rows: list[CarteiraRow]) -> None:
        """Show these lines (built in a worker by ``build_carteira_rows``), keeping the selection by key."""
        rows_selected = self.selected_rows()
        # A few lines are selected again by key; a huge selection (Ctrl+A) keeps only the current line.
        selected = {(r.num_pedido, r.cod_produto) for r in rows_selected} if len(rows_selected) <= 500 else set()
        current = self.current_row()
        current_key = (current.num_pedido, current.cod_produto) if current is not None else None
        self.model.set_rows(rows)
        if selected or current_key:
            self._reselect(selected, current_key)
        self._update_count()
        self.request_detail(force=True)
        self.decisions.update_actions()

    def _reselect(self, keys: set[Key], current: Key | None) -> None:
        selection = self.view.selectionModel()
        proxy = self.proxy
        wanted = keys | ({current} if current else set())
        found: dict[Key, QModelIndex] = {}
        for n, row in enumerate(self.model.rows):
            key = (row.num_pedido, row.cod_produto)
            if key in wanted:
                index = proxy.mapFromSource(self.model.index(n, 0))
                if index.isValid():
                    found[key] = index
                    if len(found) == len(wanted):
                        break
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if current is not None and current in found:
            selection.setCurrentIndex(found[current], flags)
        for key, index in found.items():
            if key in keys:
                selection.select(index, flags)

    def select_keys(self, keys: Sequence[Key]) -> bool:
        """Select these lines (the first one current), clearing the filters that hide them; False if absent."""
        if not keys:
            return False
        self.view.selectionModel().clearSelection()
        self._reselect(set(keys), keys[0])
        if self.current_row() is None:
            self.search.clear()
            self.proxy.set_text("")
            self.kind.setCurrentIndex(0)
            self._reselect(set(keys), keys[0])
        current = self.view.currentIndex()
        if current.isValid():
            self.view.scrollTo(current)
        return self.current_row() is not None

    def save_state(self) -> None:
        """Remember the column widths and the splitter."""
        self._ui_state.save_header("carteira", self.view.horizontalHeader())
        self._ui_state.save_splitter("carteira", self.splitter)
        self.panel.save_state()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _set_kind(self) -> None:
        kind = self.kind.currentData()
        self.proxy.set_kind(kind if isinstance(kind, str) else KIND_ALL)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            self.count.setText(self.tr("{0} lines").format(fmt_count(total)))
        else:
            self.count.setText(self.tr("{0} of {1} lines").format(fmt_count(shown), fmt_count(total)))

    # -- selection and the side panel ---------------------------------------------------------------

    def selected_rows(self) -> list[CarteiraRow]:
        """The selected lines, in the table's order."""
        selection = self.view.selectionModel()
        rows = []
        for index in sorted(selection.selectedRows() if selection else [], key=lambda i: i.row()):
            row = self.proxy.data(index, ROW_ROLE)
            if isinstance(row, CarteiraRow):
                rows.append(row)
        return rows

    def current_row(self) -> CarteiraRow | None:
        """The line the panel shows (the current one of the table)."""
        index = self.view.currentIndex()
        row = self.proxy.data(index, ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, CarteiraRow) else None

    def _on_selection_changed(self) -> None:
        self.decisions.update_actions()

    def request_detail(self, *, force: bool = False) -> Task | None:
        """Read the current line's detail for the panel (one read at a time; the newest line wins)."""
        row = self.current_row()
        key = (row.num_pedido, row.cod_produto) if row is not None else None
        self._wanted_key = key
        if key is None:
            self._detail_key = None
            self.panel.clear()
            return None
        if force:
            self._detail_key = None
            self._failed_key = None
        if key == self._detail_key or key == self._failed_key or self._ops.running("line-detail"):
            return None
        uow = self._uow

        def job(_context: TaskContext) -> LineDetail:
            return decisions.line_detail(uow, key)

        return (
            self._ops.op("line-detail", job, self.tr("Line detail"))
            .success(self._on_detail)
            .failure(lambda error: self._on_detail_failed(key, error))
            .done(self._after_detail)
            .run()
        )

    def _on_detail(self, detail: LineDetail) -> None:
        if detail.key != self._wanted_key:
            return
        self._detail_key = detail.key
        self.panel.show_detail(detail)
        self.detail_shown.emit(detail)

    def _on_detail_failed(self, key: Key, error: BaseException) -> None:
        log.warning("line detail of %s failed: %r", key, error)
        self._failed_key = key
        self._detail_key = None
        self.panel.clear(self.tr("The detail of this line could not be read: {0}").format(error))

    def _after_detail(self) -> None:
        if self._wanted_key not in (self._detail_key, self._failed_key):
            self.request_detail()

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("carteiraMenu")
        menu.setToolTipsVisible(True)
        for action in self.decisions.actions():
            menu.addAction(action)
        self.context_menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))

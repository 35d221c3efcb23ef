"""The Carteira tab: every line with its split, the selected line's side panel, and the decisions on lines.

The table (with its search box and its "what a line has" filter) sits beside ``LinePanel``, which shows the
current line's detail, read in an op whenever the current line changes (one read at a time: a selection that
moves while one runs is read when it ends, so the newest line wins). The decisions made from lines —
Pré-separar… (Ctrl+P), Separar… (Ctrl+L), Separar pré-separações… (Ctrl+Shift+L), Excluir pré-separação —
are ``line_decisions.LineDecisions``; ``decided`` tells the window to reload.

Under the table a totals row adds up the lines the filters show (saldo, livre and each status). A carteira
that was never filled (no line, no sync: the first run) shows what to do instead of an empty grid — configure
Odoo, test the connection, fetch — with a button for each; a filter that shows nothing says so, and a filter
that hides the selected line empties the side panel.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Key
from carteira_gui.gui.formatting import fmt_count, fmt_qtd
from carteira_gui.gui.line_decisions import LineDecisions
from carteira_gui.gui.line_panel import LinePanel
from carteira_gui.gui.models.carteira import (
    KIND_ABERTO,
    KIND_ALL,
    KIND_COTADO,
    KIND_EMBARCADO,
    KIND_FREE,
    KIND_NO_FREE,
    KIND_PRE,
    CarteiraFilterProxy,
    CarteiraModel,
    CarteiraRow,
    sum_quantities,
)
from carteira_gui.gui.models.table import ROW_ROLE
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import (
    ColumnFooter,
    EmptyState,
    SearchBox,
    debounce,
    enable_sorting,
    fit_titles,
    make_table,
)
from carteira_gui.services import decisions
from carteira_gui.services.decisions import LineDetail
from carteira_gui.services.ports import UnitOfWork

log = logging.getLogger(__name__)

_WIDTHS = (86, 70, 170, 170, 140, 78, 64, 52, 86, 60, 62, 80)


class CarteiraTab(QWidget):
    """The carteira table, its filters and side panel; the decisions made from lines."""

    #: A decision was written (its result: a ``LoteView`` or a list of ``PreView``).
    decided = Signal(object)
    #: The planner asked to see a lote in the Lotes tab (its code).
    open_lote_requested = Signal(str)
    #: The side panel shows a line's detail (``LineDetail``).
    detail_shown = Signal(object)
    #: The first-run screen's buttons: open the settings, test the connection, fetch, open a source file.
    settings_requested = Signal()
    test_connection_requested = Signal()
    fetch_requested = Signal()
    open_file_requested = Signal()

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
        #: The line last shown in the panel: selected again when a filter that hid it shows it again.
        self._remembered_key: Key | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        main = QWidget()
        layout = QVBoxLayout(main)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.search = SearchBox("carteiraSearch", self.tr("Search order, product, description, client or city…"))
        self.kind = QComboBox()
        self.kind.setObjectName("carteiraKind")
        self.kind.setToolTip(self.tr("Show only the lines that have…"))
        self.kind.addItem(self.tr("Every line"), KIND_ALL)
        self.kind.addItem(icon("pre"), self.tr("With a pre-separation"), KIND_PRE)
        self.kind.addItem(icon("lote-aberto"), self.tr("With an ABERTO batch"), KIND_ABERTO)
        self.kind.addItem(icon("lote-cotado"), self.tr("With a COTADO batch"), KIND_COTADO)
        self.kind.addItem(icon("lote-embarcado"), self.tr("With an EMBARCADO batch"), KIND_EMBARCADO)
        self.kind.addItem(self.tr("Only free balance"), KIND_FREE)
        self.kind.addItem(self.tr("No free balance left"), KIND_NO_FREE)
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
        # Whether the key columns still take their first width from the lines (no remembered widths).
        self._fit_keys = not ui_state.restore_header("carteira", self.view.horizontalHeader())
        if self._fit_keys:
            header = self.view.horizontalHeader()
            fit_titles(header, _WIDTHS)
            # Beside the side panel the numbers come first — the delivery day, the balance and its split — so that
            # they stay in view on a small screen; description, client and city move after them (the panel shows
            # the selected line's anyway).
            for column in (CarteiraModel.COL_DESCRICAO, CarteiraModel.COL_CLIENTE, CarteiraModel.COL_MUNICIPIO):
                header.moveSection(header.visualIndex(column), header.count() - 1)
        self.empty_state = EmptyState(self.view)
        self.totals = ColumnFooter(self.view)
        table = QWidget()
        table_layout = QVBoxLayout(table)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(0)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.totals)
        self.panel = LinePanel(ui_state)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("carteiraSplitter")
        self.splitter.addWidget(table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.panel.setMinimumWidth(284)
        if not ui_state.restore_splitter("carteira", self.splitter):
            self.splitter.setSizes([930, 330])
        layout.addWidget(self.splitter, 1)
        self.stack.addWidget(main)
        self.stack.addWidget(self._first_run_page())
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

    def _first_run_page(self) -> QWidget:
        """What a carteira that was never filled shows: the three steps to a first sync, a button for each."""
        page = QWidget()
        page.setObjectName("firstRunPage")
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        title = QLabel(self.tr("The carteira is empty: this is the first run"))
        title.setObjectName("firstRunTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title)
        intro = QLabel(
            self.tr(
                "The carteira is filled from Odoo. The first fetch shows every open order line as new; you review "
                "it and apply it, and from then on each fetch shows only what changed."
            )
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)
        self.first_run_buttons: list[QPushButton] = []
        steps = (
            (
                self.tr("1. Configure the connection to Odoo: address, database, user and password or API key."),
                self.tr("Open Settings (Ctrl+,)"),
                "settings",
                self.settings_requested,
            ),
            (
                self.tr("2. Test the connection: it logs in to Odoo and changes nothing."),
                self.tr("Test connection"),
                "connection",
                self.test_connection_requested,
            ),
            (
                self.tr("3. Fetch from Odoo, review the plan and apply it."),
                self.tr("Fetch from Odoo (F5)"),
                "fetch",
                self.fetch_requested,
            ),
            (
                self.tr("Or plan from a JSON source file with the same fields."),
                self.tr("Open source file… (Ctrl+O)"),
                "open-file",
                self.open_file_requested,
            ),
        )
        for n, (text, button_text, icon_name, signal) in enumerate(steps):
            label = QLabel(text)
            label.setWordWrap(True)
            button = QPushButton(icon(icon_name), button_text)
            button.setObjectName(f"firstRunStep{n + 1}")
            button.clicked.connect(signal)
            self.first_run_buttons.append(button)
            grid.addWidget(label, n, 0)
            grid.addWidget(button, n, 1)
        grid.setColumnStretch(0, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return page

    @property
    def first_run(self) -> bool:
        """Whether the first-run screen is shown (the carteira was never filled)."""
        return self.stack.currentIndex() == 1

    def focus_target(self) -> QWidget:
        """What takes the keyboard when the tab is opened from the keyboard."""
        return self.first_run_buttons[0] if self.first_run else self.view

    def set_rows(self, rows: list[CarteiraRow], *, first_run: bool = False) -> None:
        """Show these lines (built in a worker by ``build_carteira_rows``), keeping the selection by key.

        ``first_run``: the carteira was never filled (no line, no sync): the first-run screen is shown instead.
        """
        self.stack.setCurrentIndex(1 if first_run else 0)
        rows_selected = self.selected_rows()
        # A few lines are selected again by key; a huge selection (Ctrl+A) keeps only the current line.
        selected = {(r.num_pedido, r.cod_produto) for r in rows_selected} if len(rows_selected) <= 500 else set()
        current = self.current_row()
        current_key = (current.num_pedido, current.cod_produto) if current is not None else None
        self.model.set_rows(rows)
        if rows and self._fit_keys:
            # The first lines give the order, product and date columns their width (codes differ in length
            # from one company to another, and fonts from one computer to another).
            self._fit_keys = False
            for column in (0, 1, CarteiraModel.COL_ENTREGA):
                self.view.resizeColumnToContents(column)
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
        self._after_filter()

    def _set_kind(self) -> None:
        kind = self.kind.currentData()
        self.proxy.set_kind(kind if isinstance(kind, str) else KIND_ALL)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        remembered = self._remembered_key
        if self.current_row() is None and remembered is not None:
            self._reselect(set(), remembered)  # the filter shows the selected line again
        # A line the filter hides is not the panel's any more.
        self.request_detail()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            self.count.setText(self.tr("{0} lines").format(fmt_count(total)))
        else:
            self.count.setText(self.tr("{0} of {1} lines").format(fmt_count(shown), fmt_count(total)))
        self._update_totals(shown, total)
        if total == 0:
            self.empty_state.update_state(self.tr("The carteira has no lines. Fetch from Odoo (F5) to fill it."))
        else:
            self.empty_state.update_state(
                self.tr("No line matches the filter. Clear the search box or choose “Every line”.")
            )

    def _update_totals(self, shown: int, total: int) -> None:
        """Σ of each quantity over the lines shown, under their columns."""
        sums = sum_quantities(self.proxy.shown_rows())
        label = (
            self.tr("Total of %Ln line(s)", "", total)
            if shown == total
            else self.tr("Total of the %Ln line(s) shown", "", shown)
        )
        values = {column: fmt_qtd(value) for column, value in zip(CarteiraModel.QTY_COLUMNS, sums, strict=True)}
        header = self.view.horizontalHeader()
        metrics = self.totals.fontMetrics()
        for column, text in values.items():
            # A total is never cut: its column grows to hold it.
            needed = metrics.horizontalAdvance(text) + 10
            if header.sectionSize(column) < needed:
                header.resizeSection(column, needed)
        self.totals.set_values(
            label, values, self.tr("Sum of the balance, free balance and allocations of the lines the filters show.")
        )

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
            hidden = self.proxy.filtering and self._remembered_key is not None
            self._detail_key = None
            self.panel.clear(
                self.tr("The selected line ({0}/{1}) is hidden by the filter. Select a line to see its detail.").format(
                    *self._remembered_key
                )
                if hidden and self._remembered_key is not None
                else None
            )
            return None
        self._remembered_key = key
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

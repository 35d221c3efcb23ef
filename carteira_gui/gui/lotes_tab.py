"""The Lotes tab: every lote grouped by status and data de expedição, the rows of the one selected, and its moves.

Actions on the selected lote — Cotar… (ABERTO → COTADO), Voltar para ABERTO, Embarcar…, Faturar…, Editar
quantidades… (ABERTO only), Excluir (ABERTO only) — are enabled by the lote's status (the domain's
``ALLOWED_MOVES``); a disabled one says why in its tooltip. Each opens a dialog whose use case runs in an op
(``decision_dialogs.run_decision``): a refusal is shown in the dialog, which stays open. The shortcuts work
while the tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Status
from carteira_gui.gui.decision_dialogs import ConfirmDecisionDialog, DecisionDialog, run_decision
from carteira_gui.gui.formatting import fmt_count, fmt_qtd
from carteira_gui.gui.lote_dialogs import EditLoteDialog, InvoiceDialog, QuoteDialog, ShipDialog
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.gui.models.decisions import LoteItemModel
from carteira_gui.gui.models.lotes import LoteTreeModel
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.tasks import TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox, debounce, make_action, make_table, restore_header
from carteira_gui.services import decisions
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import LoteView

_TREE_WIDTHS = (180, 96, 170, 96, 82, 44, 70, 150, 72, 82, 60)
_ITEM_WIDTHS = (110, 260, 80)
_ABERTO = frozenset({Status.ABERTO})


class LotesTab(QWidget):
    """The lotes tree, the selected lote's rows, and the lote actions."""

    #: A decision on a lote was written (the ``LoteView`` after it).
    decided = Signal(object)

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
        self._lines: Mapping[str, Mapping[str, CarteiraRow]] = {}
        self._expanded: set[str] = {s.value for s in Status if s is not Status.FATURADO}
        self.context_menu: QMenu | None = None
        self._remembered: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        top = QHBoxLayout()
        self.search = SearchBox("loteSearch", self.tr("Search batch, order, client, carrier, invoice or product…"))
        self.count = QLabel()
        self.count.setObjectName("loteCount")
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        self._build_actions()
        buttons = QHBoxLayout()
        for action in self.lote_actions():
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.model = LoteTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("loteTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(14)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if not ui_state.restore_header("lotes", header):
            for column, width in enumerate(_TREE_WIDTHS):
                header.resizeSection(column, width)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.items_title = QLabel(self.tr("Select a batch to see its rows."))
        self.items_title.setObjectName("loteItemsTitle")
        lower_layout.addWidget(self.items_title)
        self.item_model = LoteItemModel(self)
        self.item_view = make_table("loteItems")
        self.item_view.setModel(self.item_model)
        restore_header(ui_state, "lote_items", self.item_view, _ITEM_WIDTHS)
        lower_layout.addWidget(self.item_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(lower)
        if not ui_state.restore_splitter("lotes", self.splitter):
            self.splitter.setSizes([520, 160])
        layout.addWidget(self.splitter, 1)

        self.search_timer = debounce(self.search, self._filter, self)
        self.model.modelReset.connect(self._after_reset)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_a: self._on_current_changed())
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.expanded.connect(lambda index: self._remember(index, True))
        self.tree.collapsed.connect(lambda index: self._remember(index, False))
        ops.changed.connect(self._update_actions)
        self._update_count()
        self._update_actions()

    def _build_actions(self) -> None:
        def action(text: str, icon_name: str | None, slot: Callable[[], object], key: QKeySequence) -> QAction:
            made = make_action(self, text, icon_name, slot, [key])
            # The tab's keys work while the tab is shown (Delete must not delete a lote from another tab).
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return made

        ctrl_shift = Qt.Modifier.CTRL | Qt.Modifier.SHIFT
        self.quote_action = action(
            self.tr("Quote…"), "lote-cotado", self.quote, QKeySequence(ctrl_shift | Qt.Key.Key_C)
        )
        self.reopen_action = action(
            self.tr("Back to ABERTO…"), "lote-aberto", self.reopen, QKeySequence(ctrl_shift | Qt.Key.Key_A)
        )
        self.ship_action = action(
            self.tr("Load…"), "lote-embarcado", self.ship, QKeySequence(ctrl_shift | Qt.Key.Key_E)
        )
        self.invoice_action = action(
            self.tr("Invoice…"), "lote-faturado", self.invoice, QKeySequence(ctrl_shift | Qt.Key.Key_F)
        )
        self.edit_action = action(
            self.tr("Edit quantities…"), "edit", self.edit_quantities, QKeySequence(Qt.Key.Key_F2)
        )
        self.delete_action = action(
            self.tr("Delete…"), "cancel", self.delete, QKeySequence(QKeySequence.StandardKey.Delete)
        )

    def lote_actions(self) -> list[QAction]:
        """The actions on the selected lote, in the order they are shown."""
        return [
            self.quote_action,
            self.reopen_action,
            self.ship_action,
            self.invoice_action,
            self.edit_action,
            self.delete_action,
        ]

    # -- lotes --------------------------------------------------------------------------------------

    def set_lotes(self, lotes: Sequence[LoteView], lines: Mapping[str, Mapping[str, CarteiraRow]]) -> None:
        """Show these lotes; ``lines`` maps num_pedido → cod_produto → carteira row (clients, names, saldo livre)."""
        selected = self.selected_lote()
        self._lines = lines
        clientes = {pedido: next(iter(rows.values())).cliente for pedido, rows in lines.items() if rows}
        self.model.set_lotes(lotes, clientes)
        if selected is not None:
            self.select_lote(selected.lote)

    def selected_lote(self) -> LoteView | None:
        """The lote selected in the tree, if any."""
        return self.model.lote_at(self.tree.currentIndex())

    def select_lote(self, code: str, *, clear_search: bool = True) -> bool:
        """Select the lote ``code`` (clearing the search when it hides it, unless ``clear_search`` is False)."""
        index = self.model.index_of(code)
        if not index.isValid() and self.model.filtering and clear_search:
            self.search.clear()
            self.model.set_filter("")
            index = self.model.index_of(code)
        if not index.isValid():
            return False
        self.tree.expand(index.parent().parent())
        self.tree.expand(index.parent())
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        return True

    def cliente_of(self, lote: LoteView) -> str:
        """The client of a lote's pedido (empty when the carteira no longer has it)."""
        rows = self._lines.get(lote.num_pedido)
        return next(iter(rows.values())).cliente if rows else ""

    def save_state(self) -> None:
        """Remember the column widths and the splitter."""
        self._ui_state.save_header("lotes", self.tree.header())
        self._ui_state.save_header("lote_items", self.item_view.horizontalHeader())
        self._ui_state.save_splitter("lotes", self.splitter)

    def _filter(self, text: str) -> None:
        selected = self.selected_lote()
        if selected is not None:
            self._remembered = selected.lote
        self.model.set_filter(text)
        # The typed search is kept: a lote it hides is not selected (its rows leave the pane below), and it
        # comes back selected when the search shows it again.
        if self._remembered is not None:
            self.select_lote(self._remembered, clear_search=False)

    def _after_reset(self) -> None:
        # Status groups open as the planner left them (FATURADO, the history, closed at first); days open.
        for status_index, days in self.model.group_rows():
            status = self.model.status_of_group(status_index)
            self.tree.setFirstColumnSpanned(status_index.row(), QModelIndex(), True)
            for day in days:
                self.tree.setFirstColumnSpanned(day.row(), status_index, True)
                self.tree.expand(day)
            if status in self._expanded:
                self.tree.expand(status_index)
        self._update_count()
        self._on_current_changed()

    def _remember(self, index: QModelIndex, expanded: bool) -> None:
        status = self.model.status_of_group(index)
        if status is not None:
            (self._expanded.add if expanded else self._expanded.discard)(status)

    def _update_count(self) -> None:
        shown, total = self.model.lote_count()
        if shown == total:
            self.count.setText(self.tr("{0} batches").format(fmt_count(total)))
        else:
            self.count.setText(self.tr("{0} of {1} batches").format(fmt_count(shown), fmt_count(total)))

    def _on_current_changed(self) -> None:
        lote = self.selected_lote()
        if lote is None:
            self.items_title.setText(self.tr("Select a batch to see its rows."))
            self.item_model.set_items([], {})
        else:
            names = {p: r.nome_produto for p, r in self._lines.get(lote.num_pedido, {}).items()}
            self.items_title.setText(
                self.tr("<b>{0}</b> · order {1} · {2} · %n row(s), {3} in total", "", len(lote.itens)).format(
                    lote.lote, lote.num_pedido, lote.status, fmt_qtd(lote.total)
                )
            )
            self.item_model.set_items(lote.itens, names)
        self._update_actions()

    # -- what each action may do ---------------------------------------------------------------------

    def why_not(self, action: QAction, lote: LoteView | None) -> str | None:
        """Why ``action`` cannot act on ``lote`` (``None`` when it can)."""
        if lote is None:
            return self.tr("Select a batch first.")
        status = Status(lote.status)
        needs: dict[QAction, tuple[frozenset[Status], str]] = {
            self.quote_action: (frozenset({Status.ABERTO}), self.tr("Only an ABERTO batch can be quoted")),
            self.reopen_action: (frozenset({Status.COTADO}), self.tr("Only a COTADO batch goes back to ABERTO")),
            self.ship_action: (
                frozenset({Status.ABERTO, Status.COTADO}),
                self.tr("Only an ABERTO or COTADO batch can be loaded"),
            ),
            self.invoice_action: (frozenset({Status.EMBARCADO}), self.tr("Only an EMBARCADO batch can be invoiced")),
            self.edit_action: (
                _ABERTO,
                self.tr("Only an ABERTO batch changes its quantities (a COTADO one goes back to ABERTO first)"),
            ),
            self.delete_action: (_ABERTO, self.tr("Only an ABERTO batch can be deleted")),
        }
        allowed, reason = needs[action]
        if status in allowed:
            return None
        return self.tr("{0}: {1} is {2}.").format(reason, lote.lote, lote.status)

    def _update_actions(self) -> None:
        lote = self.selected_lote()
        deciding = self._ops.running("decide")
        tips = {
            self.quote_action: self.tr("ABERTO → COTADO: carrier and freight (Ctrl+Shift+C)"),
            self.reopen_action: self.tr("COTADO → ABERTO: the freight quote is cancelled (Ctrl+Shift+A)"),
            self.ship_action: self.tr("→ EMBARCADO: the loading date (Ctrl+Shift+E)"),
            self.invoice_action: self.tr("EMBARCADO → FATURADO: the invoice number (Ctrl+Shift+F)"),
            self.edit_action: self.tr("Change the rows of an ABERTO batch (F2)"),
            self.delete_action: self.tr("Delete an ABERTO batch: its quantities go back to free balance (Del)"),
        }
        for action, tip in tips.items():
            reason = self.why_not(action, lote)
            action.setEnabled(reason is None and not deciding)
            action.setToolTip(reason or tip)
            action.setStatusTip(reason or tip)

    def _context_menu(self, pos: QPoint) -> None:
        if self.selected_lote() is None:
            return
        menu = QMenu(self)
        menu.setObjectName("loteMenu")
        menu.setToolTipsVisible(True)
        for action in self.lote_actions():
            menu.addAction(action)
        self.context_menu = menu
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _selected_or_say(self, action: QAction) -> LoteView | None:
        lote = self.selected_lote()
        reason = self.why_not(action, lote)
        if reason is not None:
            self._feedback.show_message(reason)
            return None
        return lote

    # -- the moves -----------------------------------------------------------------------------------

    def _open(
        self, dialog: DecisionDialog, prepare: Callable[[], Callable[[], LoteView]], title: str, said: str
    ) -> DecisionDialog:
        """Open ``dialog``; on OK, ``prepare()`` reads it (on this thread) and returns the job to run."""

        def submitted() -> None:
            self._ui_state.set_user_name(dialog.user_name())
            job = prepare()

            def run(_context: TaskContext) -> LoteView:
                return job()

            def done(lote: LoteView) -> None:
                self._feedback.show_message(said.format(lote.lote, lote.status))
                self.decided.emit(lote)

            run_decision(self._ops, self._feedback, dialog, run, title, done, db_url=self._db_url)

        dialog.submitted.connect(submitted)
        self._feedback.open_dialog(dialog)
        return dialog

    def quote(self) -> DecisionDialog | None:
        """Cotar… the selected ABERTO lote: transportadora and valor do frete (Ctrl+Shift+C)."""
        lote = self._selected_or_say(self.quote_action)
        if lote is None:
            return None
        dialog = QuoteDialog(lote, self.cliente_of(lote), self._ui_state.user_name(), self.window())
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by, carrier, freight = dialog.user_name(), dialog.carrier(), dialog.freight()
            return lambda: decisions.move_lote(
                uow, code, Status.COTADO, by=by, transportadora=carrier, valor_frete=freight
            )

        return self._open(
            dialog,
            prepare,
            self.tr("Quote freight"),
            self.tr("Batch {0} is now {1}."),
        )

    def reopen(self) -> DecisionDialog | None:
        """Voltar para ABERTO: the freight quote of the selected COTADO lote is cancelled (Ctrl+Shift+A)."""
        lote = self._selected_or_say(self.reopen_action)
        if lote is None:
            return None
        dialog = ConfirmDecisionDialog(
            "reopenDialog",
            self.tr("Back to ABERTO"),
            self.tr("Put {0} back to ABERTO?").format(f"<b>{lote.lote}</b>"),
            self.tr(
                "The freight quote is cancelled (carrier and freight stay in the history) and the batch's "
                "quantities can be changed again."
            ),
            self.tr("Back to ABERTO"),
            self._ui_state.user_name(),
            with_note=True,
            parent=self.window(),
        )
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by, note = dialog.user_name(), dialog.note()
            return lambda: decisions.move_lote(uow, code, Status.ABERTO, by=by, note=note)

        return self._open(
            dialog,
            prepare,
            self.tr("Back to ABERTO"),
            self.tr("Batch {0} is now {1}."),
        )

    def ship(self) -> DecisionDialog | None:
        """Embarcar… the selected lote: the data de embarque (Ctrl+Shift+E)."""
        lote = self._selected_or_say(self.ship_action)
        if lote is None:
            return None
        dialog = ShipDialog(lote, self.cliente_of(lote), self._ui_state.user_name(), self.window())
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by, day = dialog.user_name(), dialog.loading_date()
            return lambda: decisions.move_lote(uow, code, Status.EMBARCADO, by=by, data_embarque=day)

        return self._open(
            dialog,
            prepare,
            self.tr("Load"),
            self.tr("Batch {0} is now {1}."),
        )

    def invoice(self) -> DecisionDialog | None:
        """Faturar… the selected EMBARCADO lote: the número da NF (Ctrl+Shift+F)."""
        lote = self._selected_or_say(self.invoice_action)
        if lote is None:
            return None
        dialog = InvoiceDialog(lote, self.cliente_of(lote), self._ui_state.user_name(), self.window())
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by, nf = dialog.user_name(), dialog.invoice_number()
            return lambda: decisions.move_lote(uow, code, Status.FATURADO, by=by, numero_nf=nf)

        return self._open(
            dialog,
            prepare,
            self.tr("Invoice"),
            self.tr("Batch {0} is now {1}."),
        )

    def edit_quantities(self) -> DecisionDialog | None:
        """Editar quantidades… of the selected ABERTO lote (F2): 0 removes a row."""
        lote = self._selected_or_say(self.edit_action)
        if lote is None:
            return None
        lines = self._lines.get(lote.num_pedido, {})
        dialog = EditLoteDialog(lote, self.cliente_of(lote), lines, self._ui_state.user_name(), self.window())
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by, rows = dialog.user_name(), dialog.changes()
            return lambda: decisions.edit_lote(uow, code, rows, by=by)

        return self._open(
            dialog,
            prepare,
            self.tr("Edit batch quantities"),
            self.tr("Batch {0} saved."),
        )

    def delete(self) -> DecisionDialog | None:
        """Excluir the selected ABERTO lote (Del), after a confirmation."""
        lote = self._selected_or_say(self.delete_action)
        if lote is None:
            return None
        dialog = ConfirmDecisionDialog(
            "deleteLoteDialog",
            self.tr("Delete batch"),
            self.tr("Delete {0}?").format(f"<b>{lote.lote}</b>"),
            self.tr(
                "Its %n row(s) ({0} in total) go back to the free balance of their lines.", "", len(lote.itens)
            ).format(fmt_qtd(lote.total)),
            self.tr("Delete"),
            self._ui_state.user_name(),
            danger=True,
            parent=self.window(),
        )
        uow, code = self._uow, lote.lote

        def prepare() -> Callable[[], LoteView]:
            by = dialog.user_name()
            return lambda: decisions.delete_lote(uow, code, by=by)

        return self._open(
            dialog,
            prepare,
            self.tr("Delete batch"),
            self.tr("Batch {0} deleted."),
        )

"""The decisions made from carteira lines: Pré-separar…, Separar…, Separar pré-separações…, edit or delete one.

``LineDecisions`` belongs to the Carteira tab: it owns the actions (Ctrl+P, Ctrl+L, Ctrl+Shift+L; Del in the
side panel's pré-separações, F2 to edit one), reads what they act on from the tab (the selected lines, the panel's
pré-separações), opens their dialogs and runs their use cases in ops (``decision_dialogs.run_decision``).
Pré-separar and Separar take lines of ONE pedido: with several pedidos selected the action says why it
cannot, in its tooltip and in the status bar. ``decided`` tells the window to reload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from carteira_gui.domain.decisions import DecisionRefused
from carteira_gui.domain.model import Key
from carteira_gui.gui.decision_dialogs import ConfirmDecisionDialog, run_decision
from carteira_gui.gui.formatting import fmt_date, fmt_qtd
from carteira_gui.gui.line_dialogs import AllocateDialog, EditPreDialog, LoteFromPresDialog
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import make_action
from carteira_gui.services import decisions
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import LoteView, PreView

if TYPE_CHECKING:
    from carteira_gui.gui.carteira_tab import CarteiraTab


class PresPartlyRefused(DecisionRefused):
    """Some pré-separações of a dialog were made, then one was refused (each line is its own decision)."""

    def __init__(self, made: list[PreView], refusal: DecisionRefused) -> None:
        super().__init__(str(refusal))
        self.made = made
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class PedidoPres:
    """The pré-separações of one pedido, and those to tick first."""

    num_pedido: str
    pres: list[PreView]
    chosen: list[int]


class LineDecisions(QObject):
    """The decisions on the Carteira tab's lines: their actions, dialogs and ops."""

    #: A decision was written (its result: a ``LoteView`` or a list of ``PreView``).
    decided = Signal(object)

    def __init__(
        self, tab: CarteiraTab, uow: UnitOfWork, ops: Ops, feedback: Feedback, ui_state: UiState, db_url: str
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._uow = uow
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self._db_url = db_url
        self._build_actions()
        ops.changed.connect(self.update_actions)

    def actions(self) -> list[QAction]:
        """The actions on lines, for the window's menu, toolbar and the table's context menu."""
        return [self.pre_action, self.lote_action, self.from_pres_action]

    def _build_actions(self) -> None:
        tab = self._tab
        self.pre_action = make_action(
            tab,
            self.tr("Pre-separate…"),
            "pre",
            self.pre_separate,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_P)],
        )
        self.lote_action = make_action(
            tab,
            self.tr("Separate…"),
            "separar",
            self.separate,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L)],
        )
        self.from_pres_action = make_action(
            tab,
            self.tr("Separate pre-separations…"),
            "lote",
            self.separate_pres,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_L)],
        )
        self.delete_pre_action = make_action(
            tab.panel.pre_view,
            self.tr("Delete pre-separation…"),
            "cancel",
            self.delete_pres,
            [QKeySequence(QKeySequence.StandardKey.Delete)],
        )
        self.delete_pre_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_pre_action = make_action(
            tab.panel.pre_view,
            self.tr("Edit pre-separation…"),
            "edit",
            self.edit_pre,
            [QKeySequence(Qt.Key.Key_F2)],
        )
        self.edit_pre_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tab.panel.pre_view.doubleClicked.connect(lambda _index: self.edit_pre())
        for action in (self.from_pres_action, self.edit_pre_action, self.delete_pre_action):
            button = QToolButton()
            button.setDefaultAction(action)
            tab.panel.add_button(button, text=action is self.from_pres_action)

    # -- actions ------------------------------------------------------------------------------------

    def why_not(self, rows: Sequence[CarteiraRow]) -> str | None:
        """Why Pré-separar / Separar cannot take these lines (``None`` when they can)."""
        if not rows:
            return self.tr("Select one or more lines of one order in the Carteira tab first.")
        pedidos = sorted({r.num_pedido for r in rows})
        if len(pedidos) > 1:
            shown = ", ".join(pedidos[:4]) + ("…" if len(pedidos) > 4 else "")
            return self.tr(
                "The selected lines are of {0} orders ({1}): a pre-separation or a batch takes lines of one order "
                "only. Select lines of one order."
            ).format(len(pedidos), shown)
        return None

    def update_actions(self) -> None:
        """Enable the actions for the selection, their tooltips saying why not."""
        tab = self._tab
        rows = self._tab.selected_rows()
        reason = self.why_not(rows)
        deciding = self._ops.running("decide")
        for action, text, rule in (
            (self.pre_action, self.tr("Pre-separate…"), self.tr("Pre-separate the selected lines (Ctrl+P)")),
            (self.lote_action, self.tr("Separate…"), self.tr("Make a batch of the selected lines (Ctrl+L)")),
        ):
            action.setEnabled(bool(rows) and not deciding)
            action.setToolTip(reason or rule)
            action.setStatusTip(reason or rule)
            action.setText(text)
        pres = tab.panel.selected_pres()
        has_pres = bool(pres) or any(r.pre_separado > 0 for r in rows)
        self.from_pres_action.setEnabled(has_pres and not deciding)
        self.from_pres_action.setToolTip(
            self.tr("Make a batch of the selected pre-separations (Ctrl+Shift+L)")
            if has_pres
            else self.tr("Select a line with pre-separations (or pre-separations in the panel) first")
        )
        self.edit_pre_action.setEnabled(len(pres) == 1 and not deciding)
        self.edit_pre_action.setToolTip(
            self.tr("Change the quantity, date or note of the selected pre-separation (F2)")
            if len(pres) == 1
            else self.tr("Select one pre-separation in the panel first")
        )
        self.delete_pre_action.setEnabled(bool(pres) and not deciding)
        self.delete_pre_action.setToolTip(
            self.tr("Delete the selected pre-separations (Del)")
            if pres
            else self.tr("Select pre-separations in the panel first")
        )

    def _rows_for_decision(self) -> list[CarteiraRow] | None:
        rows = self._tab.selected_rows()
        reason = self.why_not(rows)
        if reason is not None:
            self._feedback.show_message(reason)
            return None
        return rows

    # -- pré-separar --------------------------------------------------------------------------------

    def pre_separate(self) -> AllocateDialog | None:
        """Pré-separar the selected lines of one pedido (Ctrl+P): a dialog, then one pré-separação per line."""
        rows = self._rows_for_decision()
        if rows is None:
            return None
        dialog = AllocateDialog(rows, self._ui_state.user_name(), pre=True, parent=self._tab.window())
        dialog.submitted.connect(lambda: self._make_pres(dialog))
        self._feedback.open_dialog(dialog)
        return dialog

    def _make_pres(self, dialog: AllocateDialog) -> Task:
        uow, pedido = self._uow, dialog.num_pedido
        wanted = dialog.quantities()
        day, tipo, note, by = dialog.shipping_date(), dialog.tipo_envio(), dialog.note(), dialog.user_name()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> list[PreView]:
            made: list[PreView] = []
            for produto, quantity in wanted.items():
                try:
                    made.append(
                        decisions.make_pre(uow, pedido, produto, quantity, day, by=by, tipo_envio=tipo, observacao=note)
                    )
                except DecisionRefused as refusal:
                    if not made:
                        raise
                    raise PresPartlyRefused(made, refusal) from refusal
            return made

        def refused(error: BaseException) -> bool:
            if not isinstance(error, PresPartlyRefused):
                return False
            for pre in error.made:
                dialog.grid.mark_done(pre.cod_produto, self.tr("made: #{0}").format(pre.id))
            dialog.refuse(
                self.tr("Already made: {0}.").format(", ".join(f"#{p.id} {p.cod_produto}" for p in error.made))
                + " "
                + str(error.refusal)
            )
            self.decided.emit(error.made)
            return True

        return run_decision(
            self._ops,
            self._feedback,
            dialog,
            job,
            self.tr("Pre-separate"),
            self._on_pres_made,
            db_url=self._db_url,
            refused=refused,
        )

    def _on_pres_made(self, made: list[PreView]) -> None:
        if len(made) == 1:
            pre = made[0]
            text = self.tr("Pre-separation #{0} made: {1} of {2}/{3}, shipping {4}.").format(
                pre.id, fmt_qtd(pre.qtd), pre.num_pedido, pre.cod_produto, fmt_date(pre.data_expedicao)
            )
        else:
            text = self.tr("%n pre-separation(s) made.", "", len(made))
        self._feedback.show_message(text)
        self.decided.emit(made)

    # -- separar ------------------------------------------------------------------------------------

    def separate(self) -> AllocateDialog | None:
        """Separar the selected lines of one pedido into a new ABERTO lote (Ctrl+L)."""
        rows = self._rows_for_decision()
        if rows is None:
            return None
        dialog = AllocateDialog(rows, self._ui_state.user_name(), pre=False, parent=self._tab.window())
        dialog.submitted.connect(lambda: self._make_lote(dialog))
        self._feedback.open_dialog(dialog)
        return dialog

    def _make_lote(self, dialog: AllocateDialog) -> Task:
        uow, pedido = self._uow, dialog.num_pedido
        wanted, day, note, by = dialog.quantities(), dialog.shipping_date(), dialog.note(), dialog.user_name()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> LoteView:
            return decisions.make_lote(uow, pedido, dict(wanted), day, by=by, observacao=note)

        return run_decision(
            self._ops, self._feedback, dialog, job, self.tr("Separate"), self._on_lote_made, db_url=self._db_url
        )

    def _on_lote_made(self, lote: LoteView) -> None:
        self._feedback.show_message(
            self.tr(
                "Batch {0} made (ABERTO): %n line(s), {1} in total. See it in the Batches tab.", "", len(lote.itens)
            ).format(lote.lote, fmt_qtd(lote.total))
        )
        self.decided.emit(lote)

    # -- separar pré-separações ------------------------------------------------------------------------

    def separate_pres(self) -> Task | None:
        """Turn pré-separações of one pedido into a lote (Ctrl+Shift+L).

        Those selected in the panel are ticked, else the selected lines' ones; the dialog lists every
        pré-separação of the pedido.
        """
        chosen = self._tab.panel.selected_pres()
        if chosen:
            pedido = chosen[0].num_pedido
            keys: set[Key] = set()
        else:
            rows = [r for r in self._tab.selected_rows() if r.pre_separado > 0]
            reason = self.why_not(rows)
            if not rows:
                self._feedback.show_message(
                    self.tr("Select a line with pre-separations (or pre-separations in the panel).")
                )
                return None
            if reason is not None:
                self._feedback.show_message(reason)
                return None
            pedido = rows[0].num_pedido
            keys = {(r.num_pedido, r.cod_produto) for r in rows}
        ids = {p.id for p in chosen}
        uow = self._uow

        def job(_context: TaskContext) -> PedidoPres:
            pres = [p for p in decisions.list_pres(uow) if p.num_pedido == pedido]
            ticked = [p.id for p in pres if p.id in ids or (p.num_pedido, p.cod_produto) in keys]
            return PedidoPres(pedido, pres, ticked)

        return self._ops.op("pres", job, self.tr("Separate pre-separations")).success(self._open_from_pres).run()

    def _open_from_pres(self, found: PedidoPres) -> None:
        if not found.pres:
            self._feedback.show_message(self.tr("Order {0} has no pre-separations any more.").format(found.num_pedido))
            return
        names = {r.cod_produto: r.nome_produto for r in self._tab.model.rows if r.num_pedido == found.num_pedido}
        dialog = LoteFromPresDialog(
            found.num_pedido, found.pres, found.chosen, names, self._ui_state.user_name(), self._tab.window()
        )
        dialog.submitted.connect(lambda: self._lote_from_pres(dialog))
        self._feedback.open_dialog(dialog)

    def _lote_from_pres(self, dialog: LoteFromPresDialog) -> Task:
        uow = self._uow
        ids, day, by = [p.id for p in dialog.chosen()], dialog.shipping_date(), dialog.user_name()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> LoteView:
            return decisions.lote_from_pres(uow, ids, by=by, data_expedicao=day)

        return run_decision(
            self._ops,
            self._feedback,
            dialog,
            job,
            self.tr("Separate pre-separations"),
            self._on_lote_made,
            db_url=self._db_url,
        )

    # -- editar pré-separação -----------------------------------------------------------------------

    def edit_pre(self) -> EditPreDialog | None:
        """Change the pré-separação selected in the panel (F2, double click): qtd, date, note."""
        pres = self._tab.panel.selected_pres()
        detail = self._tab.panel.detail
        if len(pres) != 1 or detail is None:
            self._feedback.show_message(self.tr("Select one pre-separation in the panel first."))
            return None
        pre = pres[0]
        description = (detail.line.nome_produto or "") if detail.line is not None else ""
        dialog = EditPreDialog(pre, detail.saldo_livre, description, self._ui_state.user_name(), self._tab.window())
        dialog.submitted.connect(lambda: self._edit_pre(dialog))
        self._feedback.open_dialog(dialog)
        return dialog

    def _edit_pre(self, dialog: EditPreDialog) -> Task:
        uow, pre_id, by = self._uow, dialog.pre.id, dialog.user_name()
        quantity, day, note = dialog.changes()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> PreView:
            return decisions.edit_pre(uow, pre_id, by=by, qtd=quantity, data_expedicao=day, observacao=note)

        def done(pre: PreView) -> None:
            self._feedback.show_message(
                self.tr("Pre-separation #{0} saved: {1}, shipping {2}.").format(
                    pre.id, fmt_qtd(pre.qtd), fmt_date(pre.data_expedicao)
                )
            )
            self.decided.emit([pre])

        return run_decision(
            self._ops, self._feedback, dialog, job, self.tr("Edit pre-separation"), done, db_url=self._db_url
        )

    # -- excluir pré-separação ----------------------------------------------------------------------

    def delete_pres(self) -> ConfirmDecisionDialog | None:
        """Delete the pré-separações selected in the panel (Del), after a confirmation."""
        pres = self._tab.panel.selected_pres()
        if not pres:
            self._feedback.show_message(self.tr("Select pre-separations in the panel first."))
            return None
        listing = ", ".join(f"#{p.id} ({fmt_qtd(p.qtd)})" for p in pres)
        dialog = ConfirmDecisionDialog(
            "deletePreDialog",
            self.tr("Delete pre-separation"),
            self.tr("Delete %n pre-separation(s)?", "", len(pres)),
            self.tr("{0}. Their quantity goes back to the free balance of the line.").format(listing),
            self.tr("Delete"),
            self._ui_state.user_name(),
            danger=True,
            parent=self._tab.window(),
        )
        dialog.submitted.connect(lambda: self._delete_pres(dialog, [p.id for p in pres]))
        self._feedback.open_dialog(dialog)
        return dialog

    def _delete_pres(self, dialog: ConfirmDecisionDialog, ids: list[int]) -> Task:
        uow, by = self._uow, dialog.user_name()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> list[PreView]:
            return [decisions.delete_pre(uow, pre_id, by=by) for pre_id in ids]

        def done(deleted: list[PreView]) -> None:
            self._feedback.show_message(self.tr("%n pre-separation(s) deleted.", "", len(deleted)))
            self.decided.emit(deleted)

        return run_decision(
            self._ops, self._feedback, dialog, job, self.tr("Delete pre-separation"), done, db_url=self._db_url
        )

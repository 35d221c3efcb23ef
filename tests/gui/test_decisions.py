"""The planners' decisions in the window: the side panel, Pré-separar, Separar, the Lotes tab, refusals, filters.

Real SQLite database (the worked example of docs/regras.md), real use cases, real dialogs driven through their
widgets and keys.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from carteira_gui.domain.model import Key, Nivel, Status
from carteira_gui.gui.decision_dialogs import ConfirmDecisionDialog, DecisionDialog
from carteira_gui.gui.dialogs import AcknowledgeDialog, ConfirmApplyDialog
from carteira_gui.gui.line_dialogs import AllocateDialog, EditPreDialog, LoteFromPresDialog
from carteira_gui.gui.lote_dialogs import EditLoteDialog, InvoiceDialog, QuoteDialog
from carteira_gui.gui.lotes_tab import LotesTab
from carteira_gui.gui.models.carteira import KIND_COTADO, KIND_FREE, KIND_PRE
from carteira_gui.gui.window import TAB_ALERTS, TAB_CARTEIRA, TAB_LOTES, TAB_PLAN, MainWindow
from carteira_gui.services import decisions
from tests.gui.conftest import Env, WindowFactory

from .helpers import activate, open_dialog

FREE_LINE: Key = ("PED001", "PROD002")  # 50, all free
PRE_LINE: Key = ("PED001", "PROD001")  # 100: 30 pré-separados, 70 livres
COTADO_LINE: Key = ("PED002", "PROD001")  # 200: 100 in LOTE-1 COTADO


def shown_window(qtbot: Any, env: Env, make_window: WindowFactory) -> MainWindow:
    window = make_window(env)
    window.show()
    activate(qtbot, window)
    return window


def select_line(qtbot: Any, window: MainWindow, *keys: Key) -> None:
    """Select these lines in the Carteira tab and wait for the panel to show the first one."""
    window.tabs.setCurrentIndex(TAB_CARTEIRA)
    assert window.carteira_tab.select_keys(list(keys))
    qtbot.waitUntil(lambda: window.carteira_tab.panel.key == keys[0], timeout=10_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


def submit(qtbot: Any, window: MainWindow, dialog: DecisionDialog, *, closes: bool = True) -> None:
    """Press Enter in the dialog; wait for the decision (and the reload after it) to finish."""
    focus = dialog.focusWidget() or dialog
    QTest.keyClick(focus, Qt.Key.Key_Return)
    assert dialog.busy or not dialog.isVisible() or dialog.refusal.isVisible()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    if closes:
        qtbot.waitUntil(lambda: window.active_dialog is None, timeout=10_000)


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    """Replace what a box holds by typing, as a planner does."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def selected(lotes: LotesTab) -> tuple[str, str] | None:
    """The code and status of the lote selected in the Lotes tab."""
    lote = lotes.selected_lote()
    return (lote.lote, lote.status) if lote is not None else None


def lote_of(env: Env, code: str) -> Any:
    [lote] = [lote for lote in decisions.list_lotes(env.app.uow) if lote.lote == code]
    return lote


# -- the whole flow ---------------------------------------------------------------------------------


def test_a_planner_pre_separates_makes_a_lote_quotes_it_and_a_sync_that_cuts_it_is_critical(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown_window(qtbot, env, make_window)
    tab = window.carteira_tab

    # Select the line: the panel shows its numbers (all free) and nothing allocated yet.
    select_line(qtbot, window, FREE_LINE)
    assert tab.panel.saldo.text() == "50"
    assert tab.panel.livre.text() == "50"
    assert tab.panel.pre_model.rowCount() == 0

    # Pré-separar (Ctrl+P): the quantity defaults to the saldo livre; type 40, pick a date, Enter.
    dialog = open_dialog(
        qtbot, window, lambda: QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    )
    assert isinstance(dialog, AllocateDialog)
    assert dialog.pre
    spin = dialog.grid.spins["PROD002"]
    assert spin.value() == Decimal(50)
    assert spin.maximum() == Decimal(50)
    assert dialog.shipping_date() == date.today() + timedelta(days=1)
    type_into(qtbot, spin, "40")
    day = date.today() + timedelta(days=3)
    dialog.date_input.setDate(dialog.date_input.date().addDays(2))
    dialog.note_input.setText("Cliente pediu urgência")
    dialog.user_input.setText("Ana Souza")
    with qtbot.waitSignal(tab.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    [pre] = [p for p in decisions.list_pres(env.app.uow) if (p.num_pedido, p.cod_produto) == FREE_LINE]
    assert (pre.qtd, pre.data_expedicao, pre.criado_por, pre.observacao) == (
        Decimal(40),
        day,
        "Ana Souza",
        "Cliente pediu urgência",
    )
    assert window.last_message.startswith(f"Pré-separação #{pre.id} feita")

    # The panel shows it (reloaded after the decision), with the history of the decision.
    qtbot.waitUntil(lambda: tab.panel.pre_model.rowCount() == 1, timeout=10_000)
    assert tab.panel.livre.text() == "10"
    assert tab.panel.pre_model.row_at(0).id == pre.id
    assert tab.panel.history_model.rowCount() == 1
    assert "pré-separação" in tab.panel.history_model.row_at(0).resumo
    current = tab.current_row()
    assert current is not None
    assert current.pre_separado == Decimal(40)

    # Separar pré-separações (from the panel's selection): the pré-separação becomes a lote ABERTO.
    tab.panel.select_pres({pre.id})
    assert window.from_pres_action.isEnabled()
    dialog = open_dialog(qtbot, window, window.from_pres_action.trigger)
    assert isinstance(dialog, LoteFromPresDialog)
    assert [p.id for p in dialog.chosen()] == [pre.id]
    assert dialog.shipping_date() == day
    with qtbot.waitSignal(tab.decided, timeout=10_000) as made:
        submit(qtbot, window, dialog)
    lote = made.args[0]
    assert lote.status == "ABERTO"
    assert [(i.cod_produto, i.qtd) for i in lote.itens] == [("PROD002", Decimal(40))]
    assert all(p.id != pre.id for p in decisions.list_pres(env.app.uow))
    qtbot.waitUntil(lambda: tab.panel.lote_model.rowCount() == 1, timeout=10_000)
    assert tab.panel.pre_model.rowCount() == 0

    # The panel opens it in the Lotes tab (Enter on the lote row).
    tab.panel.lote_view.setCurrentIndex(tab.panel.lote_model.index(0, 0))
    tab.panel.lote_activated.emit(lote.lote)
    assert window.tabs.currentIndex() == TAB_LOTES
    lotes = window.lotes_tab
    assert selected(lotes) == (lote.lote, "ABERTO")

    # Cotar (Ctrl+Shift+C): transportadora and frete; the lote is COTADO.
    assert lotes.quote_action.isEnabled()
    assert not lotes.invoice_action.isEnabled()
    activate(qtbot, window)
    lotes.tree.setFocus()
    assert lotes.tree.hasFocus()
    dialog = open_dialog(
        qtbot,
        window,
        lambda: QTest.keyClick(
            lotes.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ),
    )
    assert isinstance(dialog, QuoteDialog)
    qtbot.keyClicks(dialog.carrier_input, "TNT Mercurio")  # QTest types ASCII only
    type_into(qtbot, dialog.freight_input, "1.250,5")
    assert dialog.freight() == Decimal("1250.50")
    with qtbot.waitSignal(lotes.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    quoted = lote_of(env, lote.lote)
    assert (quoted.status, quoted.transportadora, quoted.valor_frete) == ("COTADO", "TNT Mercurio", Decimal("1250.50"))
    qtbot.waitUntil(lambda: selected(lotes) == (lote.lote, "COTADO"))
    assert not lotes.edit_action.isEnabled()
    assert "COTADO" in lotes.edit_action.toolTip()

    # A sync from a source file that cuts the line to 20: the plan shows CRÍTICO on that lote.
    source = [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 20},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ]
    window.flow.ask_open_path = lambda: env.write_source(source)
    with qtbot.waitSignal(window.plan_ready, timeout=20_000) as ready:
        window.open_file_action.trigger()
    plan = ready.args[0]
    assert window.tabs.currentIndex() == TAB_PLAN
    [change] = plan.changes
    assert (change.num_pedido, change.cod_produto, change.nivel) == ("PED001", "PROD002", Nivel.CRITICO)
    [alerta] = change.alertas
    assert alerta.lote == lote.lote
    assert window.plan_panel.select_change(change)
    assert lote.lote in window.plan_panel.detail.toPlainText()
    assert "CRÍTICO" in window.plan_panel.detail.toPlainText()

    # Apply (Ctrl+Enter), confirm; then acknowledge the alert.
    activate(qtbot, window)
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    confirm = opened.args[0]
    assert isinstance(confirm, ConfirmApplyDialog)
    assert confirm.critical_list.count() == 1
    assert not confirm.apply_button.isEnabled()  # the CRÍTICO line is not ticked as reviewed yet
    confirm.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000):
        qtbot.mouseClick(confirm.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert lote_of(env, lote.lote).total == Decimal(20)
    window.tabs.setCurrentIndex(TAB_ALERTS)
    alerts = window.alerts_tab
    row = next(n for n, a in enumerate(alerts.proxy.sourceModel().rows) if a.lote == lote.lote)  # type: ignore[attr-defined]
    alerts.view.selectRow(alerts.proxy.mapFromSource(alerts.model.index(row, 0)).row())
    ack = open_dialog(qtbot, window, window.ack_action.trigger)
    assert isinstance(ack, AcknowledgeDialog)
    ack.note_input.setPlainText("Transportadora avisada")
    with qtbot.waitSignal(window.acknowledged, timeout=10_000):
        qtbot.mouseClick(ack.ok_button, Qt.MouseButton.LeftButton)
    [done] = [a for a in env.alerts(include_acknowledged=True) if a.lote == lote.lote]
    assert done.reconhecido_em is not None
    assert done.nivel == Nivel.CRITICO.value

    # The line's history now tells the decisions and the sync, newest first.
    window.tabs.setCurrentIndex(TAB_CARTEIRA)
    select_line(qtbot, window, FREE_LINE)
    qtbot.waitUntil(lambda: tab.panel.history_model.rowCount() >= 4, timeout=10_000)
    origins = [h.origem for h in tab.panel.history_model.rows]
    assert origins[0] == "sync"
    assert origins.count("decisao") == 3


def test_a_decision_makes_the_plan_under_review_stale(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = shown_window(qtbot, env, make_window)
    source = [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 20},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ]
    window.flow.ask_open_path = lambda: env.write_source(source)
    with qtbot.waitSignal(window.plan_ready, timeout=20_000):
        window.open_file_action.trigger()
    assert window.apply_action.isEnabled()
    select_line(qtbot, window, FREE_LINE)
    dialog = open_dialog(qtbot, window, window.pre_action.trigger)
    with qtbot.waitSignal(window.carteira_tab.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    qtbot.waitUntil(lambda: not window.flow.plan_fresh, timeout=10_000)
    assert not window.apply_action.isEnabled()


# -- refusals ---------------------------------------------------------------------------------------


def test_more_than_the_saldo_livre_is_refused_in_the_dialog_which_keeps_what_was_typed(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown_window(qtbot, env, make_window)
    select_line(qtbot, window, FREE_LINE)
    dialog = open_dialog(qtbot, window, window.lote_action.trigger)
    assert isinstance(dialog, AllocateDialog)
    assert not dialog.pre
    spin = dialog.grid.spins["PROD002"]
    type_into(qtbot, spin, "60")  # above the maximum: brought down to the saldo livre
    QTest.keyClick(spin, Qt.Key.Key_Tab)
    assert spin.value() == Decimal(50)
    type_into(qtbot, spin, "40")
    # Meanwhile another planner takes 20 of the line: 40 no longer fits.
    decisions.make_pre(env.app.uow, *FREE_LINE, 20, date.today() + timedelta(days=1), by="Bruno")
    submit(qtbot, window, dialog, closes=False)
    assert dialog.isVisible()
    assert window.active_dialog is dialog
    assert dialog.refusal.isVisible()
    assert "é mais que o saldo livre" in dialog.refusal.text()
    assert "Nada foi gravado" in dialog.refusal.text()
    assert spin.value() == Decimal(40)
    assert decisions.list_lotes(env.app.uow, pedido="PED001") == []
    # The planner lowers it and tries again: it is made.
    type_into(qtbot, spin, "30")
    with qtbot.waitSignal(window.carteira_tab.decided, timeout=10_000) as made:
        submit(qtbot, window, dialog)
    assert made.args[0].total == Decimal(30)


def test_lines_of_several_pedidos_cannot_be_separated_and_the_window_says_why(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown_window(qtbot, env, make_window)
    select_line(qtbot, window, FREE_LINE, COTADO_LINE)
    assert len(window.carteira_tab.selected_rows()) == 2
    assert "2 pedidos" in window.lote_action.toolTip()
    opened: list[object] = []
    window.dialog_opened.connect(opened.append)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert opened == []
    assert "2 pedidos (PED001, PED002)" in window.last_message
    assert "Selecione linhas de um pedido" in window.status.message()
    window.pre_action.trigger()
    assert opened == []


def test_a_cotado_lote_cannot_be_edited_and_an_edit_refused_meanwhile_stays_open(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    made = decisions.make_lote(env.app.uow, "PED001", {"PROD002": 10}, date.today() + timedelta(days=2), by="Ana")
    window = shown_window(qtbot, env, make_window)
    lotes = window.lotes_tab
    window.tabs.setCurrentIndex(TAB_LOTES)

    # The quoted LOTE-1: editing, deleting and invoicing are disabled, each saying why.
    assert lotes.select_lote("LOTE-1")
    assert not lotes.edit_action.isEnabled()
    assert "LOTE-1 está COTADO" in lotes.edit_action.toolTip()
    assert not lotes.delete_action.isEnabled()
    assert not lotes.invoice_action.isEnabled()
    assert lotes.reopen_action.isEnabled()
    assert lotes.ship_action.isEnabled()
    assert lotes.edit_quantities() is None
    assert "está COTADO" in window.last_message

    # An ABERTO lote's edit: the dialog opens; another planner quotes it meanwhile; OK is refused.
    assert lotes.select_lote(made.lote)
    assert lotes.edit_action.isEnabled()
    dialog = open_dialog(qtbot, window, lotes.edit_action.trigger)
    assert isinstance(dialog, EditLoteDialog)
    spin = dialog.grid.spins["PROD002"]
    assert spin.maximum() == Decimal(50)  # 40 free + its own 10
    type_into(qtbot, spin, "15")
    assert dialog.changes() == {"PROD002": Decimal(15)}
    decisions.move_lote(env.app.uow, made.lote, Status.COTADO, by="Bruno", transportadora="Jamef")
    submit(qtbot, window, dialog, closes=False)
    assert dialog.isVisible()
    assert "está COTADO" in dialog.refusal.text()
    assert "volte-o para ABERTO" in dialog.refusal.text()
    assert spin.value() == Decimal(15)
    assert lote_of(env, made.lote).total == Decimal(10)
    dialog.reject()


def test_invoicing_without_an_nf_is_refused_with_the_use_cases_sentence(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    made = decisions.make_lote(env.app.uow, "PED001", {"PROD002": 5}, date.today(), by="Ana")
    decisions.move_lote(env.app.uow, made.lote, Status.EMBARCADO, by="Ana", data_embarque=date.today())
    window = shown_window(qtbot, env, make_window)
    lotes = window.lotes_tab
    window.tabs.setCurrentIndex(TAB_LOTES)
    assert lotes.select_lote(made.lote)
    assert lotes.invoice_action.isEnabled()
    assert not lotes.quote_action.isEnabled()
    assert "EMBARCADO" in lotes.quote_action.toolTip()
    dialog = open_dialog(qtbot, window, lotes.invoice_action.trigger)
    assert isinstance(dialog, InvoiceDialog)
    submit(qtbot, window, dialog, closes=False)
    assert dialog.isVisible()
    assert "Informe o número da NF" in dialog.refusal.text()
    assert lote_of(env, made.lote).status == "EMBARCADO"
    qtbot.keyClicks(dialog.nf_input, "000123")
    with qtbot.waitSignal(lotes.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    invoiced = lote_of(env, made.lote)
    assert (invoiced.status, invoiced.numero_nf) == ("FATURADO", "000123")
    qtbot.waitUntil(lambda: selected(lotes) == (made.lote, "FATURADO"))
    assert not any(action.isEnabled() for action in lotes.lote_actions())
    assert "FATURADO" in lotes.delete_action.toolTip()


def test_a_lote_goes_back_to_aberto_is_shipped_and_an_aberto_one_is_deleted_after_confirmation(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    made = decisions.make_lote(env.app.uow, "PED001", {"PROD002": 10}, date.today(), by="Ana")
    window = shown_window(qtbot, env, make_window)
    lotes = window.lotes_tab
    window.tabs.setCurrentIndex(TAB_LOTES)

    assert lotes.select_lote("LOTE-1")
    dialog = open_dialog(qtbot, window, lotes.reopen_action.trigger)
    assert isinstance(dialog, ConfirmDecisionDialog)
    dialog.note_input.setText("Frete caro demais")
    with qtbot.waitSignal(lotes.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    assert lote_of(env, "LOTE-1").status == "ABERTO"

    qtbot.waitUntil(lambda: selected(lotes) == ("LOTE-1", "ABERTO"))
    dialog = open_dialog(qtbot, window, lotes.ship_action.trigger)
    with qtbot.waitSignal(lotes.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    shipped = lote_of(env, "LOTE-1")
    assert (shipped.status, shipped.data_embarque) == ("EMBARCADO", date.today())

    # Delete asks first, and Enter on the confirmation cancels: a destructive OK is never the default.
    assert lotes.select_lote(made.lote)
    dialog = open_dialog(qtbot, window, lotes.delete_action.trigger)
    assert isinstance(dialog, ConfirmDecisionDialog)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert lote_of(env, made.lote).status == "ABERTO"
    dialog = open_dialog(qtbot, window, lotes.delete_action.trigger)
    with qtbot.waitSignal(lotes.decided, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [lote.lote for lote in decisions.list_lotes(env.app.uow)] == ["LOTE-1"]
    assert window.last_message == f"Lote {made.lote} excluído."


def test_a_pre_separacao_is_deleted_from_the_panel(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = shown_window(qtbot, env, make_window)
    tab = window.carteira_tab
    select_line(qtbot, window, PRE_LINE)
    assert tab.panel.pre_model.rowCount() == 1
    assert not tab.delete_pre_action.isEnabled()
    tab.panel.select_pres({7})
    assert tab.delete_pre_action.isEnabled()
    dialog = open_dialog(qtbot, window, tab.delete_pre_action.trigger)
    with qtbot.waitSignal(tab.decided, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert decisions.list_pres(env.app.uow) == []
    qtbot.waitUntil(lambda: tab.panel.livre.text() == "100", timeout=10_000)


# -- filters and keys -------------------------------------------------------------------------------


def test_the_carteira_filters_by_what_a_line_has(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = make_window(env)
    tab = window.carteira_tab

    def shown() -> list[Key]:
        rows = [
            tab.proxy.data(tab.proxy.index(n, 0), Qt.ItemDataRole.UserRole + 1) for n in range(tab.proxy.rowCount())
        ]
        return [(r.num_pedido, r.cod_produto) for r in rows]

    assert [tab.kind.itemText(n) for n in range(tab.kind.count())] == [
        "Todas as linhas",
        "Com pré-separação",
        "Com lote ABERTO",
        "Com lote COTADO",
        "Com lote EMBARCADO",
        "Só saldo livre",
        "Sem saldo livre",
    ]
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_COTADO))
    assert shown() == [COTADO_LINE]
    assert tab.count.text() == "1 de 3 linhas"
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_PRE))
    assert shown() == [PRE_LINE]
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_FREE))
    assert shown() == [FREE_LINE]
    tab.search.setText("PED002")
    tab.search_timer.timeout.emit()
    assert shown() == []
    tab.kind.setCurrentIndex(0)
    assert shown() == [COTADO_LINE]
    assert tab.count.text() == "1 de 3 linhas"


def test_the_new_actions_have_shortcuts_and_the_dialogs_work_with_tab_and_enter(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown_window(qtbot, env, make_window)
    lotes = window.lotes_tab
    ctrl, shift = Qt.Modifier.CTRL, Qt.Modifier.SHIFT
    assert window.pre_action.shortcut() == QKeySequence(ctrl | Qt.Key.Key_P)
    assert window.lote_action.shortcut() == QKeySequence(ctrl | Qt.Key.Key_L)
    assert window.from_pres_action.shortcut() == QKeySequence(ctrl | shift | Qt.Key.Key_L)
    assert window.import_action.shortcut() == QKeySequence(ctrl | Qt.Key.Key_I)
    assert lotes.quote_action.shortcut() == QKeySequence(ctrl | shift | Qt.Key.Key_C)
    assert lotes.reopen_action.shortcut() == QKeySequence(ctrl | shift | Qt.Key.Key_A)
    assert lotes.ship_action.shortcut() == QKeySequence(ctrl | shift | Qt.Key.Key_E)
    assert lotes.invoice_action.shortcut() == QKeySequence(ctrl | shift | Qt.Key.Key_F)
    assert lotes.edit_action.shortcut() == QKeySequence(Qt.Key.Key_F2)
    assert lotes.delete_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    assert window.pre_action.text() == "Pré-separar…"
    assert window.lote_action.text() == "Separar…"
    assert window.tabs.tabText(TAB_LOTES) == "&Lotes"  # Alt+L opens it

    # Two lines of PED001 with the keyboard: Ctrl+P; type in the first box, Tab to the next, Enter.
    select_line(qtbot, window, PRE_LINE, FREE_LINE)
    dialog = open_dialog(
        qtbot, window, lambda: QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    )
    assert isinstance(dialog, AllocateDialog)
    activate(qtbot, dialog)
    first, second = dialog.grid.spins["PROD001"], dialog.grid.spins["PROD002"]
    assert first.hasFocus()
    assert first.value() == Decimal(70)
    assert second.value() == Decimal(50)
    QTest.keyClicks(first, "12,5")  # the box's text is selected when the dialog opens: typing replaces it
    QTest.keyClick(first, Qt.Key.Key_Tab)
    assert second.hasFocus()
    QTest.keyClick(second, Qt.Key.Key_Down)  # arrows step by one
    assert second.value() == Decimal(49)
    QTest.keyClick(second, Qt.Key.Key_Tab)
    assert dialog.date_input.hasFocus()
    with qtbot.waitSignal(window.carteira_tab.decided, timeout=10_000) as made:
        QTest.keyClick(dialog.date_input, Qt.Key.Key_Return)
    assert sorted((p.cod_produto, p.qtd) for p in made.args[0]) == [
        ("PROD001", Decimal("12.5")),
        ("PROD002", Decimal(49)),
    ]
    qtbot.waitUntil(lambda: window.active_dialog is None)

    # In the Lotes tab, F2 edits the selected ABERTO lote and Del deletes it (after asking).
    made = decisions.make_lote(env.app.uow, "PED001", {"PROD002": 1}, date.today(), by="Ana")
    window.reload()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    window.tabs.setCurrentIndex(TAB_LOTES)
    assert lotes.select_lote(made.lote)
    activate(qtbot, window)
    lotes.tree.setFocus()
    dialog = open_dialog(qtbot, window, lambda: QTest.keyClick(lotes.tree, Qt.Key.Key_F2))
    assert isinstance(dialog, EditLoteDialog)
    dialog.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    activate(qtbot, window)
    lotes.tree.setFocus()
    dialog = open_dialog(qtbot, window, lambda: QTest.keyClick(lotes.tree, Qt.Key.Key_Delete))
    assert isinstance(dialog, ConfirmDecisionDialog)
    assert dialog.objectName() == "deleteLoteDialog"
    dialog.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    window.tabs.setCurrentIndex(TAB_CARTEIRA)

    # Escape closes a dialog without deciding.
    dialog = open_dialog(qtbot, window, window.lote_action.trigger)
    activate(qtbot, dialog)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert [lote.lote for lote in decisions.list_lotes(env.app.uow, pedido="PED001")] == [made.lote]


def test_a_pre_separacao_is_edited_from_the_panel_with_f2(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = shown_window(qtbot, env, make_window)
    tab = window.carteira_tab
    select_line(qtbot, window, PRE_LINE)
    assert not tab.edit_pre_action.isEnabled()
    tab.panel.select_pres({7})
    assert tab.edit_pre_action.isEnabled()
    activate(qtbot, window)
    tab.panel.pre_view.setFocus()
    dialog = open_dialog(qtbot, window, lambda: QTest.keyClick(tab.panel.pre_view, Qt.Key.Key_F2))
    assert isinstance(dialog, EditPreDialog)
    spin = dialog.grid.spins["PROD001"]
    assert spin.value() == Decimal(30)
    assert spin.maximum() == Decimal(100)  # its own 30 + the 70 free
    # The worked example's pré-separação has no shipping date: tomorrow is proposed, as for a new one.
    tomorrow = date.today() + timedelta(days=1)
    assert dialog.changes() == (None, tomorrow, None)
    assert dialog.ok_button.isEnabled()
    type_into(qtbot, spin, "45")
    dialog.note_input.setText("Dois paletes")
    assert dialog.changes() == (Decimal(45), tomorrow, "Dois paletes")
    type_into(qtbot, spin, "0")
    assert not dialog.ok_button.isEnabled()  # 0 is not an edit: delete it instead
    type_into(qtbot, spin, "45")
    with qtbot.waitSignal(tab.decided, timeout=10_000):
        submit(qtbot, window, dialog)
    [pre] = decisions.list_pres(env.app.uow)
    assert (pre.id, pre.qtd, pre.data_expedicao, pre.observacao) == (7, Decimal(45), tomorrow, "Dois paletes")
    qtbot.waitUntil(lambda: tab.panel.livre.text() == "55", timeout=10_000)
    assert tab.panel.selected_pres() == [tab.panel.pre_model.row_at(0)]  # still selected after the reload

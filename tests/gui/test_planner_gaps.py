"""What a planner who uses the window all day was missing (issue 13, "gaps"): each one built, and kept.

Carteira totals, delivery dates and status filters; the plan's widths, its view by lote and the "revisado" tick
of each CRÍTICO line; what an export exports; how long a fetch still takes; the Alerts tab's client column,
whole-alert pane, "acknowledge every INFO" and date filter; History's room and colours; shortcuts for
Configurações and Descartar.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from carteira_gui.domain.model import Nivel, Status
from carteira_gui.gui.dialogs import AcknowledgeDialog, ConfirmApplyDialog
from carteira_gui.gui.formatting import fmt_date, fmt_qtd
from carteira_gui.gui.models.carteira import KIND_ABERTO, KIND_EMBARCADO, KIND_NO_FREE, CarteiraModel
from carteira_gui.gui.models.plan import PlanModel
from carteira_gui.gui.settings_dialog import SettingsDialog
from carteira_gui.gui.window import TAB_ALERTS, TAB_HISTORY, TAB_LOTES, TAB_PLAN, MainWindow
from carteira_gui.services.ports import FetchProgress
from carteira_gui.services.views import AlertView
from tests.gui.conftest import WORKED_SOURCE, Env, WindowFactory

from .helpers import activate, open_dialog, review, shown


def file_window(env: Env, make_window: WindowFactory, records: list[dict[str, Any]]) -> MainWindow:
    path = env.write_source(records)
    return make_window(env, source_factory=lambda: env.app.file_source(path))


# -- Carteira ---------------------------------------------------------------------------------------------


def test_the_carteira_totals_the_lines_shown_under_their_columns(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(demo_env)
    tab = window.carteira_tab
    rows = list(tab.model.rows)
    values = tab.totals.values()
    assert values[CarteiraModel.QTY_COLUMNS[0]] == fmt_qtd(sum((r.qtd_saldo for r in rows), Decimal(0)))
    assert values[CarteiraModel.COL_COTADO] == fmt_qtd(sum((r.cotado for r in rows), Decimal(0)))
    assert tab.totals.label() == f"Total das {len(rows)} linhas"
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_EMBARCADO))
    shown_rows = [r for r in rows if r.embarcado > 0]
    assert shown_rows
    assert tab.proxy.rowCount() == len(shown_rows)
    assert tab.totals.values()[CarteiraModel.QTY_COLUMNS[-1]] == fmt_qtd(
        sum((r.embarcado for r in shown_rows), Decimal(0))
    )
    assert tab.totals.label() == f"Total das {len(shown_rows)} linhas mostradas"
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_ABERTO))
    assert tab.proxy.rowCount() == sum(1 for r in rows if r.aberto > 0) > 0
    tab.kind.setCurrentIndex(tab.kind.findData(KIND_NO_FREE))
    assert tab.proxy.rowCount() == sum(1 for r in rows if r.livre <= 0) > 0


def test_the_carteira_shows_the_delivery_date(qtbot: Any, demo_env: Env, make_window: WindowFactory) -> None:
    window = make_window(demo_env)
    model = window.carteira_tab.model
    dated = next(r for r in model.rows if r.data_entrega is not None)
    row = list(model.rows).index(dated)
    assert model.headerData(CarteiraModel.COL_ENTREGA, Qt.Orientation.Horizontal) == "Entrega"
    assert model.data(model.index(row, CarteiraModel.COL_ENTREGA)) == fmt_date(dated.data_entrega)
    header = window.carteira_tab.view.horizontalHeader()
    assert header.visualIndex(CarteiraModel.COL_ENTREGA) < header.visualIndex(CarteiraModel.QTY_COLUMNS[0])


# -- Plano ---------------------------------------------------------------------------------------------------


def test_the_plan_gives_the_client_and_the_impact_room(qtbot: Any, demo_env: Env, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window(demo_env))
    review(qtbot, window)
    header = window.plan_panel.tree.header()
    # At 1280 × 800: the client's name and the impact share what the numbers leave, the impact the larger part.
    assert header.sectionSize(PlanModel.COL_CLIENTE) >= 150
    assert header.sectionSize(PlanModel.COL_IMPACTO) >= 260
    assert header.sectionSize(PlanModel.COL_IMPACTO) > header.sectionSize(PlanModel.COL_CLIENTE)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: header.sectionSize(PlanModel.COL_CLIENTE) >= 220)
    assert header.sectionSize(PlanModel.COL_IMPACTO) >= 600


def test_the_plan_by_lote_names_the_trucks_a_sync_hits_with_their_status(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(demo_env)
    plan = review(qtbot, window)
    panel = window.plan_panel
    assert panel.views.tabText(1) == "Por lote"  # built when it is opened, not with every plan
    panel.views.setCurrentIndex(1)
    assert panel.views.tabText(1).startswith("Por lote (")
    impacts = list(panel.lote_model.rows)
    critical = panel.first_change(Nivel.CRITICO, Status.COTADO)
    assert critical is not None
    code = next(i.lote for i in critical.impactos if i.status is Status.COTADO and i.delta)
    assert code is not None
    row = next(i for i in impacts if i.lote == code)
    assert (row.status, row.nivel) == ("COTADO", "CRITICO")
    assert row.transportadora  # the carrier of the quoted truck
    assert row.delta < 0
    assert critical in row.changes
    assert impacts[0].nivel == "CRITICO"  # the most severe first
    assert "COTADO" in panel.lote_title.text()
    # Enter on a lote: its lines in the review.
    index = panel.lote_proxy.mapFromSource(panel.lote_model.index(impacts.index(row), 0))
    shown(qtbot, window)
    window.tabs.setCurrentIndex(TAB_PLAN)
    panel.lote_view.setCurrentIndex(index)
    panel.lote_view.setFocus()
    QTest.keyClick(panel.lote_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.views.currentIndex() == 0)
    assert panel.filter_text.text() == code
    shown_changes = sum(panel.proxy.rowCount(panel.proxy.index(g, 0)) for g in range(panel.proxy.rowCount()))
    assert shown_changes == len(row.changes)
    # "Abrir na aba Lotes": the lote selected there.
    panel.views.setCurrentIndex(1)
    assert panel.lote_proxy.rowCount() == 1  # the same filter words narrow the lote view
    panel.lote_view.setCurrentIndex(panel.lote_proxy.index(0, 0))
    panel.findChild(QPushButton, "openLoteButton").click()
    assert window.tabs.currentIndex() == TAB_LOTES
    selected = window.lotes_tab.selected_lote()
    assert selected is not None
    assert selected.lote == code
    assert plan.changes


def test_each_critical_line_is_ticked_as_reviewed_and_the_confirmation_asks_for_every_tick(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(demo_env))
    plan = review(qtbot, window)
    panel = window.plan_panel
    critical = [c for c in plan.changes if c.nivel is Nivel.CRITICO]
    assert len(critical) >= 2
    assert panel.review_chip.text() == f"Revisadas: 0 de {len(critical)} linhas CRÍTICAS"
    # A click on the alert cell ticks it; Space ticks the selected line.
    first = panel.model.index_of(critical[0]).siblingAtColumn(PlanModel.COL_ALERTA)
    cell = panel.proxy.mapFromSource(first)
    panel.tree.scrollTo(cell)
    rect = panel.tree.visualRect(cell)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.model.is_reviewed(critical[0])
    assert panel.proxy.data(cell, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert panel.reviewed_box.isChecked()
    assert panel.select_change(critical[1])
    panel.tree.setFocus()
    QTest.keyClick(panel.tree, Qt.Key.Key_Space)
    assert panel.model.is_reviewed(critical[1])
    QTest.keyClick(panel.tree, Qt.Key.Key_Space)
    assert not panel.model.is_reviewed(critical[1])
    assert panel.review_chip.text() == f"Revisadas: 1 de {len(critical)} linhas CRÍTICAS"
    non_critical = next(c for c in plan.changes if c.nivel is None)
    assert not panel.model.set_reviewed(non_critical, True)  # only CRÍTICO lines take a tick

    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, ConfirmApplyDialog)
    assert [c.num_pedido for c in dialog.ticked()] == [critical[0].num_pedido]
    assert not dialog.apply_button.isEnabled()
    dialog.critical_list.item(1).setCheckState(Qt.CheckState.Checked)
    assert panel.model.is_reviewed(dialog.critical_changes[1])  # a tick here is a tick in the review
    dialog.tick_all()
    assert dialog.apply_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert panel.review_chip.text() == f"Revisadas: {len(critical)} de {len(critical)} linhas CRÍTICAS"

    # Discarding ticked work asks first (Ctrl+Shift+D).
    assert window.discard_action.shortcut() == QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_D)
    activate(qtbot, window)
    box = open_dialog(
        qtbot,
        window,
        lambda: QTest.keyClick(
            window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ),
    )
    assert isinstance(box, QMessageBox)
    assert "perdem a marca" in box.text()
    next(b for b in box.buttons() if b.text() == "Descartar").click()
    qtbot.waitUntil(lambda: window.flow.plan is None)


def test_a_plan_without_ticks_is_discarded_at_once(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = file_window(env, make_window, WORKED_SOURCE)
    review(qtbot, window)
    assert window.discard_action.isEnabled()
    window.discard_action.trigger()
    assert window.flow.plan is None
    assert window.active_dialog is None
    assert "descartado" in window.plan_panel.placeholder.text()


def test_the_export_dialog_says_what_it_exports(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = file_window(env, make_window, WORKED_SOURCE)
    review(qtbot, window)
    asked: list[str] = []

    def ask(_name: str, what: str) -> Path:
        asked.append(what)
        return tmp_path / f"r{len(asked)}.csv"

    window.exporter.ask_save_path = ask
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_report()
    assert asked[-1] == "Exportar o relatório do plano em revisão (não aplicado)"
    assert window.last_message.startswith("O relatório do plano em revisão foi salvo em ")
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    dialog.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000):
        dialog.accept()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    window.tabs.setCurrentIndex(TAB_HISTORY)
    window.history_tab.run_view.selectRow(0)
    assert window.history_tab.export_button.text() == "Exportar o relatório da sincronização #1…"
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.history_tab.export_button.click()
    assert asked[-1] == "Exportar o relatório da sincronização #1"


# -- Fetch -------------------------------------------------------------------------------------------------


def test_the_fetch_tells_about_how_long_is_left(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = make_window(env)
    flow = window.flow
    now = [100.0]
    flow.clock = lambda: now[0]
    flow._fetch_started = 100.0
    assert flow.progress_text(FetchProgress(0, 10, 0, 5000)) == "Página 0 de 10 · 0 de 5.000 linhas"
    now[0] = 110.0  # 1.000 lines in 10 s: 4.000 more take about 40 s
    assert flow.progress_text(FetchProgress(2, 10, 1000, 5000)) == (
        "Página 2 de 10 · 1.000 de 5.000 linhas · faltam cerca de 40 s"
    )
    now[0] = 160.0
    assert flow.progress_text(FetchProgress(2, 10, 1000, 50_000)).endswith("faltam cerca de 49 min")
    assert flow.progress_text(FetchProgress(9, 10, 4990, 5000)).endswith("faltam poucos segundos")
    assert flow.progress_text(FetchProgress(3, 0, 150, 0)) == "Página 3 · 150 linhas"


# -- Alertas ----------------------------------------------------------------------------------------------


def _alert(ident: int, nivel: str, days_ago: int, pedido: str = "PED001", note: str | None = None) -> AlertView:
    when = datetime.now(UTC) - timedelta(days=days_ago)
    return AlertView(
        id=ident,
        nivel=nivel,
        tipo="REDUCAO",
        num_pedido=pedido,
        cod_produto="PROD001",
        separacao_id=None,
        pre_separacao_id=ident,
        lote=None,
        qtd_anterior=Decimal("7.5"),
        qtd_nova=Decimal(0),
        mensagem=f"Pré-separação #{ident} de {pedido}/PROD001 excluída (linha reduzida no Odoo: 100 → 80).",
        sync_id=1,
        criado_em=when,
        atualizado_em=when,
        reconhecido_por="Ana" if note else None,
        reconhecido_em=when if note else None,
        nota=note,
    )


def test_the_alerts_have_a_client_a_whole_alert_pane_and_filters_by_level_and_date(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = make_window(env)
    tab = window.alerts_tab
    alerts = [
        _alert(1, "INFO", 0, "PED001"),
        _alert(2, "ATENCAO", 3, "PED002"),
        _alert(3, "INFO", 40, "PED009"),
        _alert(4, "CRITICO", 10, "PED001", note="Transportadora avisada"),
    ]
    tab.set_alerts(alerts, {"PED001": "Cliente A", "PED002": "Cliente B"})
    model = tab.model
    assert model.headerData(model.COL_CLIENTE, Qt.Orientation.Horizontal) == "Cliente"
    assert model.data(model.index(0, model.COL_CLIENTE)) == "Cliente A"
    assert tab.proxy.rowCount() == 3  # acknowledged hidden
    tab.period.setCurrentIndex(tab.period.findData(30))
    assert tab.proxy.rowCount() == 2  # the one of 40 days ago is out
    tab.period.setCurrentIndex(tab.period.findData(0))
    assert tab.proxy.rowCount() == 1
    tab.period.setCurrentIndex(0)
    tab.level.setCurrentIndex(tab.level.findText("Só ATENÇÃO"))
    assert tab.proxy.rowCount() == 1
    tab.level.setCurrentIndex(0)
    tab.show_acknowledged.setChecked(True)
    assert not tab.view.isColumnHidden(model.COL_RECONHECIMENTO)
    row = next(
        r for r in range(tab.proxy.rowCount()) if tab.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).id == 4
    )
    tab.view.selectRow(row)
    pane = tab.detail.toPlainText()
    assert alerts[3].mensagem in pane
    assert "Nota: Transportadora avisada" in pane
    assert "Reconhecido por Ana" in pane
    tab.search.setText("cliente b")
    tab.search_timer.timeout.emit()
    assert tab.proxy.rowCount() == 1


def test_every_open_info_alert_is_acknowledged_at_once(qtbot: Any, demo_env: Env, make_window: WindowFactory) -> None:
    window = make_window(demo_env)
    review(qtbot, window)
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    dialog.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000):
        dialog.accept()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    info = [a for a in demo_env.alerts() if a.nivel == "INFO"]
    assert info
    tab = window.alerts_tab
    assert tab.acknowledge_info_action.text() == f"Reconhecer todos os INFO ({len(info)})…"
    window.tabs.setCurrentIndex(TAB_ALERTS)
    ack = open_dialog(qtbot, window, tab.acknowledge_info_action.trigger)
    assert isinstance(ack, AcknowledgeDialog)
    assert {a.id for a in ack.alerts} == {a.id for a in info}
    with qtbot.waitSignal(window.acknowledged, timeout=10_000):
        ack.accept()
    assert [a for a in demo_env.alerts() if a.nivel == "INFO"] == []
    assert not tab.acknowledge_info_action.isEnabled()
    assert [a.nivel for a in demo_env.alerts()].count("CRITICO") > 0  # the others wait for a person


# -- Histórico -----------------------------------------------------------------------------------------------


def test_the_history_gives_the_changes_the_room_and_colours_the_alert_levels(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(demo_env))
    review(qtbot, window)
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    dialog.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000):
        dialog.accept()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    window.tabs.setCurrentIndex(TAB_HISTORY)
    history = window.history_tab
    history.run_view.selectRow(0)
    qtbot.waitUntil(lambda: history.change_model.rowCount() > 0, timeout=10_000)
    top, bottom = history.splitter.sizes()
    assert bottom > 2 * top
    run_model = history.run_model
    attention = run_model.data(run_model.index(0, run_model.COL_ATENCAO), Qt.ItemDataRole.ForegroundRole)
    assert attention is not None
    assert attention.color().name() == "#b45309"
    changes = history.change_model
    levels = [changes.data(changes.index(r, changes.COL_NIVEL)) for r in range(changes.rowCount())]
    assert "CRÍTICO" in levels
    critical_row = levels.index("CRÍTICO")
    brush = changes.data(changes.index(critical_row, changes.COL_NIVEL), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#c62828"


# -- Shortcuts ---------------------------------------------------------------------------------------------


def test_settings_open_with_ctrl_comma(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window(env))
    assert window.settings_action.shortcut() == QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma)
    dialog = open_dialog(
        qtbot, window, lambda: QTest.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    )
    assert isinstance(dialog, SettingsDialog)
    assert dialog.user_name.text() == window.ui_state.user_name()  # the planner's name lives here too
    dialog.user_name.setText("Bruno Lima")
    dialog.accept()
    assert window.ui_state.user_name() == "Bruno Lima"


def test_the_plan_tab_takes_the_keyboard_on_its_first_button_without_a_plan(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(env))
    window.show_tab(TAB_PLAN)
    assert window.plan_panel.fetch_button.hasFocus()
    assert window.plan_panel.focus_target() is window.plan_panel.fetch_button

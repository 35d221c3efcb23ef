"""The whole flow as a planner drives it: demo fetch → review → confirm → apply → acknowledge → export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from carteira_gui.domain.model import Nivel, Status, TipoMudanca
from carteira_gui.gui.dialogs import AcknowledgeDialog, ConfirmApplyDialog
from carteira_gui.gui.window import TAB_ALERTS, TAB_HISTORY, TAB_PLAN
from tests.gui.conftest import Env, WindowFactory


def activate(qtbot: Any, window: QWidget) -> None:
    """Make ``window`` the active window again (offscreen Qt does not after a dialog closes)."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_demo_fetch_review_apply_acknowledge_export(
    qtbot: Any, demo_env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(demo_env)
    # Shortcuts reach an active, shown window only.
    window.show()
    activate(qtbot, window)
    assert window.fetch_action.text() == "Buscar no Odoo"
    assert window.carteira_tab.model.rowCount() == len(demo_env.snapshot().lines)

    # Fetch (F5) runs in a worker; the progress shows pages and lines.
    progress: list[object] = []
    with qtbot.waitSignal(window.plan_ready, timeout=20_000) as ready:
        window.fetch_action.trigger()
        task = window.tasks.running("fetch")[0]
        task.progress.connect(progress.append)
    plan = ready.args[0]
    assert progress, "the fetch reported no progress"
    assert window.tabs.currentIndex() == TAB_PLAN
    kinds = {c.tipo for c in plan.changes}
    assert kinds == {
        TipoMudanca.REDUCAO,
        TipoMudanca.AUMENTO,
        TipoMudanca.NOVO,
        TipoMudanca.REMOVIDO,
        TipoMudanca.ALTERADO,
    }
    assert plan.alert_counts()[Nivel.CRITICO] >= 1

    # Review: the summary puts the destructive things first; a CRITICO line on a COTADO separação explains itself.
    panel = window.plan_panel
    assert panel.chips.itemAt(0).widget().text().startswith("Removida: ")
    assert (
        panel.findChild(type(panel.headline), "chip_CRITICO").text() == f"CRÍTICO: {plan.alert_counts()[Nivel.CRITICO]}"
    )
    cotado = panel.first_change(Nivel.CRITICO, Status.COTADO)
    assert cotado is not None
    assert panel.select_change(cotado)
    detail = panel.detail.toPlainText()
    assert "COTADO" in detail
    assert "De onde sai a quantidade" in detail
    assert "CRÍTICO" in detail
    panel.level_filter.setCurrentIndex(1)  # only CRITICO
    shown = sum(panel.proxy.rowCount(panel.proxy.index(g, 0)) for g in range(panel.proxy.rowCount()))
    assert shown == sum(1 for c in plan.changes if c.nivel is Nivel.CRITICO)
    panel.level_filter.setCurrentIndex(0)

    # Apply (Ctrl+Enter) checks freshness, then asks for confirmation with every CRITICO alert.
    assert window.apply_action.isEnabled()
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert isinstance(dialog, ConfirmApplyDialog)
    assert dialog.critical_list.count() == sum(1 for c in plan.changes if c.nivel is Nivel.CRITICO)
    dialog.user_input.setText("Ana Souza")
    assert not dialog.apply_button.isEnabled()  # every CRÍTICO line must be ticked as reviewed first
    dialog.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000) as applied:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    result = applied.args[0]
    assert result.applied
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    runs = demo_env.runs()
    assert [r.usuario for r in runs] == ["Ana Souza"]
    assert window.flow.plan is None
    assert not window.apply_action.isEnabled()

    # Alerts: unacknowledged first, a count on the tab; acknowledge two with a name and a note.
    open_alerts = demo_env.alerts()
    to_acknowledge = [a for a in open_alerts if a.nivel in ("CRITICO", "ATENCAO")]
    assert window.tabs.tabText(TAB_ALERTS) == f"Ale&rtas ({len(to_acknowledge)})"
    window.tabs.setCurrentIndex(TAB_ALERTS)
    window.alerts_tab.view.selectRow(0)
    QTest.keyClick(window.alerts_tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.ack_action.isEnabled()
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.ack_action.trigger()
    ack = opened.args[0]
    assert isinstance(ack, AcknowledgeDialog)
    assert len(ack.alerts) == 2
    ack.name_input.setText("Bruno")
    ack.note_input.setPlainText("Caminhão remarcado")
    with qtbot.waitSignal(window.acknowledged, timeout=10_000):
        qtbot.mouseClick(ack.ok_button, Qt.MouseButton.LeftButton)
    remaining = demo_env.alerts()
    assert len(remaining) == len(open_alerts) - 2
    done = [a for a in demo_env.alerts(include_acknowledged=True) if a.reconhecido_por == "Bruno"]
    assert len(done) == 2
    assert all(a.nota == "Caminhão remarcado" for a in done)
    assert window.alerts_tab.proxy.rowCount() == len(remaining)  # acknowledged ones hidden until asked for
    window.alerts_tab.show_acknowledged.setChecked(True)
    assert window.alerts_tab.proxy.rowCount() == len(remaining) + 2
    assert window.ui_state.user_name() == "Bruno"

    # History: the sync and its changes; export its report in the three formats (Ctrl+E).
    window.tabs.setCurrentIndex(TAB_HISTORY)
    window.history_tab.run_view.selectRow(0)
    qtbot.waitUntil(lambda: window.history_tab.change_model.rowCount() == len(plan.changes), timeout=10_000)
    activate(qtbot, window)
    window.history_tab.run_view.setFocus()
    exported: dict[str, Path] = {}
    for fmt in ("xlsx", "csv", "pdf"):
        target = tmp_path / f"relatorio.{fmt}"
        window.exporter.ask_save_path = lambda _suggested, _what, target=target: target
        with qtbot.waitSignal(window.exported, timeout=20_000) as done_signal:
            QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        exported[fmt] = done_signal.args[0]
        assert exported[fmt] == target
        assert target.stat().st_size > 0

    workbook = load_workbook(exported["xlsx"], read_only=True)
    assert len(workbook.sheetnames) >= 2
    workbook.close()
    text = exported["csv"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any(cotado.num_pedido in row for row in rows)
    pdf_text = "".join(page.extract_text() for page in PdfReader(exported["pdf"]).pages)
    assert cotado.num_pedido in pdf_text
    assert window.last_message.startswith(f"O relatório da sincronização #{runs[0].id} foi salvo em")


def test_the_plan_under_review_exports_its_own_report(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(env)
    window.flow.ask_open_path = lambda: env.write_source(
        [{"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 80},
         {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
         {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200}]
    )  # fmt: skip
    with qtbot.waitSignal(window.plan_ready):
        window.open_file_action.trigger()
    target = tmp_path / "plano.csv"
    window.exporter.ask_save_path = lambda _suggested, _what: target
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_action.trigger()
    assert "PED001" in target.read_bytes().decode("utf-8-sig")
    assert env.runs() == []  # exporting a plan writes nothing to the database

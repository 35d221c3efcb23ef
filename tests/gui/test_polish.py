"""The window polished for planners who use it all day (issue 13): each defect found driving it, kept away.

One test (or more) per numbered defect; the test names say what a planner sees. Real SQLite databases, real use
cases, real dialogs driven through their widgets and keys (``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView

from carteira_gui.adapters.reports.formatting import duration_br
from carteira_gui.adapters.reports.model import ALERT_KIND_LABELS, KIND_LABELS, KINDS
from carteira_gui.adapters.reports.model import LEVEL_LABELS as REPORT_LEVELS
from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.gui.dialogs import (
    KINDS_IN_ORDER,
    AcknowledgeDialog,
    ConfirmApplyDialog,
    SettingsMessage,
    StalePlanDialog,
)
from carteira_gui.gui.formatting import alert_tipo_label, fmt_duration, level_label, tipo_label
from carteira_gui.gui.models.history import RunModel
from carteira_gui.gui.models.plan import GROUP_ORDER, PlanModel
from carteira_gui.gui.secrets import odoo_account
from carteira_gui.gui.settings_dialog import SettingsDialog, url_problem
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.window import TAB_ALERTS, TAB_CARTEIRA, TAB_HISTORY, TAB_LOTES, TAB_PLAN, MainWindow
from carteira_gui.resources import __file__ as resources_init
from carteira_gui.services.sync import apply_plan, compute_plan
from carteira_gui.services.views import RunView
from tests.gui.conftest import WORKED_SOURCE, Env, GatedSource, WindowFactory

from .helpers import open_dialog, review, shown

TS = Path(resources_init).parent / "translations" / "carteira_pt_BR.ts"
#: The worked example without its removal (no mass-removal guard in the way).
NO_REMOVAL = [*WORKED_SOURCE, {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 150}]
#: A COTADO lote of 30 whose line Odoo cuts to 22,5, and a pré-separação of 7,5 on a line cut to 2,5.
FRACTIONS_STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "PED100", "cod_produto": "PROD001", "qtd_saldo": 30, "cliente": "Cliente Fração"},
        {"num_pedido": "PED101", "cod_produto": "PROD001", "qtd_saldo": "10.5", "cliente": "Cliente Fração"},
    ],
    "pre_separacoes": [
        {
            "id": 1,
            "num_pedido": "PED101",
            "cod_produto": "PROD001",
            "qtd": "7.5",
            "criado_em": "2026-11-01T10:00:00+00:00",
        }
    ],
    "separacoes": [
        {
            "id": 2,
            "lote": "LOTE-20261101-0001",
            "num_pedido": "PED100",
            "cod_produto": "PROD001",
            "qtd": 30,
            "status": "COTADO",
            "criado_em": "2026-11-01T11:00:00+00:00",
        }
    ],
}
FRACTIONS_SOURCE = [
    {"num_pedido": "PED100", "cod_produto": "PROD001", "qtd_saldo": "22.5"},
    {"num_pedido": "PED101", "cod_produto": "PROD001", "qtd_saldo": "2.5"},
]
#: "22.5", "7.5": a fraction written with a point (pt-BR writes "22,5"; "1.234" is a thousands group).
POINT_FRACTION = re.compile(r"\d\.\d{1,2}(?!\d)")


def apply_reviewed(qtbot: Any, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, ConfirmApplyDialog)
    dialog.tick_all()
    with qtbot.waitSignal(window.applied, timeout=20_000):
        dialog.accept()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


def file_window(env: Env, make_window: WindowFactory, records: list[dict[str, Any]]) -> MainWindow:
    path = env.write_source(records)
    return make_window(env, source_factory=lambda: env.app.file_source(path))


# -- 1. numbers in pt-BR ------------------------------------------------------------------------------


def test_1_alert_texts_read_pt_br_in_the_detail_the_alerts_tab_and_every_report(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    env.seed(FRACTIONS_STATE)
    window = file_window(env, make_window, FRACTIONS_SOURCE)
    plan = review(qtbot, window)
    change = next(c for c in plan.changes if c.num_pedido == "PED100")
    assert window.plan_panel.select_change(change)
    detail = window.plan_panel.detail.toPlainText()
    assert "30 → 22,5" in detail
    assert not POINT_FRACTION.search(detail), detail
    apply_reviewed(qtbot, window)

    messages = [window.alerts_tab.model.data(window.alerts_tab.model.index(r, 7)) for r in range(2)]
    assert any("30 → 22,5" in m for m in messages), messages
    assert any("reduzida de 7,5 para 2,5" in m for m in messages), messages
    texts = {}
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"r.{fmt}"
        window.exporter.ask_save_path = lambda _name, _what, target=target: target
        with qtbot.waitSignal(window.exported, timeout=20_000):
            window.export_report()
        if fmt == "csv":
            texts[fmt] = target.read_text(encoding="utf-8-sig")
        elif fmt == "xlsx":
            book = load_workbook(target, read_only=True)
            # The texts (quantities are numbers there, shown by Excel in the reader's own format).
            texts[fmt] = " ".join(
                c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)
            )
            book.close()
        else:
            texts[fmt] = " ".join(page.extract_text() for page in PdfReader(target).pages)
    for fmt, text in texts.items():
        assert "30 → 22,5" in text or "30 -> 22,5" in text, fmt
        assert "7.5" not in text, fmt
        assert "22.5" not in text, fmt


# -- 2. settings validate the address; failures offer the settings --------------------------------------


def test_2_the_settings_refuse_an_address_without_scheme_and_say_how_to_write_it(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = make_window(env)
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.url.setText("127.0.0.1:46113")
    assert not dialog.url_problem.isHidden()
    assert "http://127.0.0.1:46113" in dialog.url_problem.text()
    assert "http:// ou https://" in dialog.url_problem.text()
    assert not dialog.save_button.isEnabled()
    dialog.accept()  # Enter does nothing either
    assert dialog.isVisible()
    dialog.url.setText("http://127.0.0.1:46113/web/login")
    assert "só o servidor e a porta" in dialog.url_problem.text()
    dialog.url.setText("http://127.0.0.1:46113")
    assert dialog.url_problem.isHidden()
    assert dialog.save_button.isEnabled()
    assert url_problem("https://odoo.example.com") is None
    assert url_problem("") is None


def test_2_a_fetch_with_a_bad_address_names_it_and_opens_the_settings(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    table = {"url": "127.0.0.1:46113", "database": "demo", "user": "admin"}
    env.app.settings = dataclasses.replace(env.app.settings, odoo=table)
    env.secrets.set(odoo_account(table, "password"), "admin")
    window = make_window(env)
    box = open_dialog(qtbot, window, window.flow.fetch)
    assert isinstance(box, SettingsMessage)
    assert "http://127.0.0.1:46113" in box.text()
    assert "CARTEIRA_ODOO" not in box.text()  # the window's words, not the command's
    assert "Nada foi alterado" in box.text()
    settings = open_dialog(qtbot, window, lambda: qtbot.mouseClick(box.settings_button, Qt.MouseButton.LeftButton))
    assert isinstance(settings, SettingsDialog)
    assert settings.url.text() == "127.0.0.1:46113"
    assert not settings.url_problem.isHidden()


# -- 3. the keyboard reaches every tab, and shows where it is --------------------------------------------


def test_3_the_tabs_are_reached_with_the_keyboard_and_tab_leaves_a_table(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(env))
    tabs = window.tabs
    assert tabs.currentIndex() == TAB_CARTEIRA
    window.carteira_tab.view.setFocus()
    QTest.keyClick(window.carteira_tab.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == TAB_LOTES
    assert window.lotes_tab.tree.hasFocus()  # the tab's list takes the keyboard
    QTest.keyClick(window.lotes_tab.tree, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == TAB_PLAN
    QTest.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert tabs.currentIndex() == TAB_LOTES
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == TAB_CARTEIRA
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == TAB_ALERTS
    assert window.alerts_tab.view.hasFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # "&Histórico"
    assert tabs.currentIndex() == TAB_HISTORY
    assert [tabs.tabText(n) for n in range(tabs.count())] == ["&Carteira", "&Lotes", "&Plano", "Ale&rtas", "&Histórico"]

    # Tab moves on from a table (arrows move inside it).
    window.show_tab(TAB_CARTEIRA)
    view = window.carteira_tab.view
    assert view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()


def test_3_the_control_with_the_keyboard_shows_a_blue_frame(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window(env))
    view = window.carteira_tab.view
    window.carteira_tab.search.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    unfocused = view.grab().toImage().pixelColor(QPoint(0, view.height() // 2))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    focused = view.grab().toImage().pixelColor(QPoint(0, view.height() // 2))
    assert focused == QColor("#1e6fd9")
    assert unfocused != focused

    # The frame does not touch the tables' headers (a style sheet there cut the accents of "CRÍTICO").
    window.show_tab(TAB_HISTORY)
    header = window.history_tab.run_view.horizontalHeader()
    qtbot.waitUntil(lambda: header.isVisible() and header.width() > 400)
    plain = QTableView()
    qtbot.addWidget(plain)
    plain.setModel(window.history_tab.run_model)
    plain.resize(window.history_tab.run_view.size())
    plain.show()
    qtbot.waitExposed(plain)
    for column in range(header.count()):
        plain.horizontalHeader().resizeSection(column, header.sectionSize(column))
    assert plain.horizontalHeader().height() == header.height()
    area = QRect(0, 0, 400, header.height())
    assert header.grab(area).toImage() == plain.horizontalHeader().grab(area).toImage()


# -- 4. Apply while a fetch replaces the plan ---------------------------------------------------------------


def test_4_apply_is_disabled_and_says_why_while_a_fetch_replaces_the_plan(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    gated = GatedSource(NO_REMOVAL)
    sources = iter([env.app.file_source(env.write_source(NO_REMOVAL)), gated])
    window = make_window(env, source_factory=lambda: next(sources))
    review(qtbot, window)
    assert window.apply_action.isEnabled()
    task = window.flow.fetch()
    assert task is not None
    qtbot.waitUntil(gated.started.is_set, timeout=10_000)
    panel = window.plan_panel
    assert not window.apply_action.isEnabled()
    assert not panel.apply_button.isEnabled()
    assert not panel.fetch_banner.isHidden()
    assert "não pode ser aplicado até a busca terminar" in panel.fetch_banner.text()
    assert window.flow.request_apply() is None
    assert window.last_message == "Espere a busca terminar: ela substitui o plano em revisão."
    gated.release.set()
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert panel.fetch_banner.isHidden()
    assert window.apply_action.isEnabled()


# -- 5. status bar ------------------------------------------------------------------------------------------


def test_5_a_long_message_is_shortened_before_the_database_label(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(env))
    window.resize(1024, 700)
    text = (
        "O Odoo recusou o usuário ou a senha: confira-os nas Configurações; os dados estão incorretos ou expiraram. "
        * 3
    )
    window.show_message(text)
    status = window.status
    qtbot.waitUntil(lambda: status.message_label.text() != text)
    message, database = status.message_label.geometry(), status.db_label.geometry()
    assert message.right() < database.left()
    assert status.message_label.text().endswith("…")
    assert status.message_label.toolTip() == text
    assert status.message() == text


# -- 7. one duration everywhere --------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0.0004, 0.005, 0.25, 1.25, 59.96, 125.4])
def test_7_a_syncs_duration_reads_the_same_in_history_and_in_the_reports(seconds: float) -> None:
    assert fmt_duration(seconds) == duration_br(seconds)
    now = datetime.now(UTC)
    model = RunModel()
    model.set_rows([RunView(1, now, now, "ana", "arquivo", {}, {}, 0, 0, Decimal(0), seconds)])
    assert model.data(model.index(0, 13)) == duration_br(seconds)
    assert fmt_duration(0.005) == "5 ms"


# -- 8. a filter that hides the selected line ----------------------------------------------------------


def test_8_a_filter_that_hides_the_selected_line_empties_the_detail_and_brings_it_back(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = file_window(env, make_window, NO_REMOVAL)
    review(qtbot, window)
    panel = window.plan_panel
    change = panel.current_change()
    assert change is not None
    assert change.num_pedido in panel.detail.toPlainText()
    panel.filter_text.setText("nada-assim")
    panel.apply_text_filter()
    assert panel.current_change() is None
    assert "escondida pelo filtro" in panel.detail.toPlainText()
    assert f"{change.num_pedido}/{change.cod_produto}" in panel.detail.toPlainText()
    panel.filter_text.clear()
    panel.apply_text_filter()
    assert panel.current_change() is change  # selected again when the filter shows it

    # The Carteira's side panel, the same way.
    tab = window.carteira_tab
    assert tab.select_keys([("PED001", "PROD002")])
    qtbot.waitUntil(lambda: tab.panel.key == ("PED001", "PROD002"), timeout=10_000)
    tab.search.setText("PED002")
    tab.search_timer.timeout.emit()
    assert tab.panel.key is None
    assert "escondida pelo filtro" in tab.panel.placeholder.text()
    tab.search.clear()
    tab.search_timer.timeout.emit()
    qtbot.waitUntil(lambda: tab.panel.key == ("PED001", "PROD002"), timeout=10_000)


def test_8_a_batch_search_that_hides_the_selected_batch_keeps_what_was_typed(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = make_window(env)
    lotes = window.lotes_tab
    assert lotes.select_lote("LOTE-1")
    lotes.search.setText("nenhum-lote")
    lotes.search_timer.timeout.emit()
    assert lotes.search.text() == "nenhum-lote"  # never cleared behind the planner's back
    assert lotes.selected_lote() is None
    assert lotes.item_model.rowCount() == 0
    lotes.search.clear()
    lotes.search_timer.timeout.emit()
    assert lotes.selected_lote() is not None


# -- 9. a stale plan names the syncs and lines -------------------------------------------------------------


def test_9_a_stale_plan_names_the_sync_that_changed_other_lines_and_how(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    ours = [dict(r) for r in NO_REMOVAL]
    window = file_window(env, make_window, ours)
    review(qtbot, window)

    class Other:
        description = "outro planejador"

        def fetch(self, progress: Any = None, cancel: Any = None) -> Any:
            # Only a line our plan does not change: the carteira's lines as they are, PED002 cut to 150.
            records = [
                {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
                {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
                {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 150},
            ]
            return parse_source_records(records, self.description)

    other, _timings = compute_plan(env.app.uow, Other(), env.app.options)
    apply_plan(env.app.uow, other, usuario="Bruno Lima")
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, StalePlanDialog)
    text = dialog.text()
    assert "outras linhas da carteira mudaram" not in text
    assert "Sincronização #1" in text
    assert "Bruno Lima" in text
    assert "PED002/PROD001 — Redução: 200 → 150" in text


# -- 10 and 11. one word per kind, destructive first, everywhere ----------------------------------------------


def test_10_each_kind_has_one_word_in_the_window_and_the_reports() -> None:
    for tipo in KINDS:
        assert tipo_label(tipo) == KIND_LABELS[tipo], tipo
    assert tipo_label(TipoMudanca.INALTERADO) == KIND_LABELS["INALTERADO"]
    for alert_kind, word in ALERT_KIND_LABELS.items():
        assert alert_tipo_label(alert_kind) == word
    for nivel in Nivel:
        assert level_label(nivel.value) == REPORT_LEVELS[nivel.value]
    assert [tipo_label(t) for t in GROUP_ORDER] == ["Removida", "Redução", "Aumento", "Nova", "Alterada"]
    model = PlanModel()
    assert model.headerData(PlanModel.COL_DELTA, Qt.Orientation.Horizontal) == "Variação"


def test_11_the_window_the_confirmation_and_the_reports_order_the_kinds_alike(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    assert tuple(t.value for t in GROUP_ORDER) == KINDS
    assert tuple(t.value for t in KINDS_IN_ORDER) == KINDS
    header = [RunModel().headerData(n, Qt.Orientation.Horizontal) for n in range(4, 9)]
    assert header == [KIND_LABELS[t] for t in KINDS]


# -- 12. nothing to export ------------------------------------------------------------------------------------


def test_12_export_is_enabled_only_when_there_is_something_to_export(
    qtbot: Any, empty_env: Env, make_window: WindowFactory
) -> None:
    path = empty_env.write_source(NO_REMOVAL)
    window = make_window(empty_env, source_factory=lambda: empty_env.app.file_source(path))
    assert not window.export_action.isEnabled()
    assert not window.history_tab.export_button.isEnabled()
    review(qtbot, window)
    assert window.export_action.isEnabled()  # the plan under review
    window.flow.discard_plan()
    assert not window.export_action.isEnabled()


# -- 14. small screens ---------------------------------------------------------------------------------------


def _titles_fit(header: Any) -> list[str]:
    metrics = header.fontMetrics()
    model = header.model()
    cut = []
    for column in range(header.count()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if not header.isSectionHidden(column) and header.sectionSize(column) < metrics.horizontalAdvance(title) + 8:
            cut.append(title)
    return cut


def test_14_at_1024_by_700_the_status_columns_and_the_impact_stay_in_view(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(demo_env))
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    view = window.carteira_tab.view
    header = view.horizontalHeader()
    for column in window.carteira_tab.model.QTY_COLUMNS:
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= view.viewport().width() + 4, window.carteira_tab.model.titles()[column]
    review(qtbot, window)
    window.tabs.setCurrentIndex(TAB_PLAN)
    tree = window.plan_panel.tree
    qtbot.waitUntil(lambda: tree.viewport().width() > 100)
    impact = PlanModel.COL_IMPACTO
    visible = tree.viewport().width() - tree.header().sectionViewportPosition(impact)
    assert visible >= 140
    assert tree.header().sectionSize(PlanModel.COL_CLIENTE) >= 110
    for table_header in (header, tree.header(), window.alerts_tab.view.horizontalHeader()):
        assert _titles_fit(table_header) == []


def test_14_at_700_by_500_no_title_is_cut_and_at_1280_the_alerts_need_no_scrolling(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, make_window(demo_env))
    window.resize(700, 500)
    for tab in (window.carteira_tab.view, window.alerts_tab.view, window.history_tab.run_view):
        assert _titles_fit(tab.horizontalHeader()) == []
    window.resize(1280, 800)
    window.show_tab(TAB_ALERTS)
    qtbot.waitUntil(lambda: window.alerts_tab.view.viewport().width() > 1000)
    assert window.alerts_tab.view.horizontalScrollBar().maximum() == 0


# -- 15. the alerts count --------------------------------------------------------------------------------------


def test_15_the_alerts_tab_counts_what_must_be_acknowledged_as_the_apply_says(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(demo_env)
    window.flow.fetch()
    qtbot.waitUntil(lambda: window.flow.plan is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    plan = window.flow.plan
    apply_reviewed(qtbot, window)
    counts = plan.alert_counts()
    to_acknowledge = counts[Nivel.CRITICO] + counts[Nivel.ATENCAO]
    assert counts[Nivel.INFO] > 0
    assert window.tabs.tabText(TAB_ALERTS) == f"Ale&rtas ({to_acknowledge})"
    assert f"{counts[Nivel.CRITICO]} alertas críticos e {counts[Nivel.ATENCAO]} de atenção" in window.last_message
    assert f"INFO abertos: {counts[Nivel.INFO]}" in window.tabs.tabToolTip(TAB_ALERTS)


# -- 16. the acknowledge dialog shows the alert whole ---------------------------------------------------------


def test_16_the_acknowledge_dialog_shows_the_alert_whole_without_a_bare_number(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = file_window(env, make_window, WORKED_SOURCE)
    review(qtbot, window)
    apply_reviewed(qtbot, window)
    [alert] = env.alerts()
    window.show_tab(TAB_ALERTS)
    window.alerts_tab.view.selectRow(0)
    dialog = open_dialog(qtbot, window, window.ack_action.trigger)
    assert isinstance(dialog, AcknowledgeDialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.listing.toPlainText()
    assert alert.mensagem in text
    assert "CRÍTICO" in text
    assert "LOTE-1" in text
    assert "quantidade 100 → 0" in text
    assert f"#{alert.id} " not in text
    assert dialog.listing.verticalScrollBar().maximum() == 0  # one alert fits: no scrolling to read it


# -- 17. the planner's name, never the OS login ----------------------------------------------------------------


def test_17_the_planners_name_is_asked_once_and_remembered_never_the_os_login(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    env.ui_state = UiState.at(tmp_path / "fresh.ini")  # nobody typed a name on this computer yet
    window = file_window(env, make_window, NO_REMOVAL)
    review(qtbot, window)
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, ConfirmApplyDialog)
    assert dialog.user_input.text() == ""
    assert "perguntado uma vez" in dialog.user_input.placeholderText()
    dialog.tick_all()
    assert not dialog.apply_button.isEnabled()
    assert "digite seu nome" in dialog.missing.text()
    dialog.user_input.setText("Carla Dias")
    with qtbot.waitSignal(window.applied, timeout=20_000):
        dialog.accept()
    assert [r.usuario for r in env.runs()] == ["Carla Dias"]
    assert window.ui_state.user_name() == "Carla Dias"
    assert UiState.at(tmp_path / "fresh.ini").user_name() == "Carla Dias"  # remembered


# -- 18. wording ---------------------------------------------------------------------------------------------------


def _translations() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        out.setdefault(message.findtext("source") or "", []).extend(forms)
    return out


def test_18_the_words_a_planner_reads_are_plain_portuguese(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    everything = [t for forms in _translations().values() for t in forms]
    for word in ("segue a origem", "Sinc.", "Plano de {0}", "(s)", "(ões)", "(es)"):
        assert not [t for t in everything if word in t], word
    assert not [t for t in everything if t in ("Era", "Agora")]
    window = file_window(env, make_window, WORKED_SOURCE)
    plan = review(qtbot, window)
    assert window.plan_panel.headline.text().startswith("<b>Plano · origem: arquivo ")
    titles = window.alerts_tab.model.titles()
    assert "Antes" in titles
    assert "Depois" in titles
    assert "Sinc." not in titles
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, ConfirmApplyDialog)
    for row in range(dialog.critical_list.count()):
        first, *rest = dialog.critical_list.item(row).text().split("\n")
        key = first.split(" · ")[0]
        assert all(key not in line for line in rest), dialog.critical_list.item(row).text()
    removed = next(c for c in plan.changes if c.tipo is TipoMudanca.REMOVIDO)
    assert all("para 0" not in a.mensagem for a in removed.alertas)


# -- 19. empty states ------------------------------------------------------------------------------------------


def test_19_a_first_run_says_what_to_do_with_a_button_for_each_step(
    qtbot: Any, empty_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(empty_env)
    tab = window.carteira_tab
    assert tab.first_run
    texts = [b.text() for b in tab.first_run_buttons]
    assert texts == [
        "Abrir Configurações (Ctrl+,)",
        "Testar conexão",
        "Buscar no Odoo (F5)",
        "Abrir arquivo de origem… (Ctrl+O)",
    ]
    settings = open_dialog(qtbot, window, tab.first_run_buttons[0].click)
    assert isinstance(settings, SettingsDialog)
    settings.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    settings = open_dialog(qtbot, window, tab.first_run_buttons[1].click)
    assert isinstance(settings, SettingsDialog)
    assert "falta o endereço do Odoo" in settings.test_result.text()  # the test ran and says what is missing
    settings.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    box = open_dialog(qtbot, window, tab.first_run_buttons[2].click)
    assert isinstance(box, SettingsMessage)  # F5 without a connection: where to fill it in
    box.reject()
    # Alerts and History say what their emptiness means.
    assert not window.alerts_tab.empty_state.isHidden()
    assert "Nenhum alerta" in window.alerts_tab.empty_state.text()
    assert "Nenhuma sincronização ainda" in window.history_tab.run_empty.text()


def test_19_nothing_to_change_fills_the_plan_tab_and_an_empty_filter_says_so(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    same = [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ]
    window = file_window(env, make_window, same)
    review(qtbot, window)
    panel = window.plan_panel
    assert panel.stack.currentIndex() == 0
    assert "Nada a mudar" in panel.placeholder.text()
    tab = window.carteira_tab
    tab.search.setText("nada-disso")
    tab.search_timer.timeout.emit()
    assert not tab.empty_state.isHidden()
    assert "Nenhuma linha corresponde ao filtro" in tab.empty_state.text()


# -- 20. closing without losing work ----------------------------------------------------------------------------


def test_20_closing_with_a_reviewed_plan_or_during_a_fetch_asks_first(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = shown(qtbot, file_window(env, make_window, NO_REMOVAL))
    review(qtbot, window)
    box = open_dialog(qtbot, window, window.close)
    assert isinstance(box, QMessageBox)
    assert window.isVisible()
    assert "não foi aplicado" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Continuar trabalhando")
    keep.click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert window.isVisible()
    assert window.flow.plan is not None

    gated = GatedSource(NO_REMOVAL)
    window.flow.source_factory = lambda: gated
    window.flow.discard_plan()
    window.flow.fetch()
    qtbot.waitUntil(gated.started.is_set, timeout=10_000)
    box = open_dialog(qtbot, window, window.close)
    assert "busca está em andamento" in box.text()
    quit_button = next(b for b in box.buttons() if b.text() == "Sair mesmo assim")
    quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    gated.release.set()


def test_10_the_csv_the_window_writes_is_one_table_with_the_windows_words(
    qtbot: Any, env: Env, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Defect 10 from the window: the CSV it writes is one table with the window's words."""
    window = file_window(env, make_window, WORKED_SOURCE)
    review(qtbot, window)
    target = tmp_path / "plano.csv"
    window.exporter.ask_save_path = lambda _name, _what: target
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_report()
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert all(rows)
    assert len({len(r) for r in rows}) == 1
    assert [r[0] for r in rows[1:]] == ["Removida", "Redução", "Aumento", "Nova"]
    assert all(not cell.startswith("'") for row in rows for cell in row)


def test_1_a_fractional_mass_removal_limit_reads_with_a_decimal_comma(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    env.app.settings = dataclasses.replace(env.app.settings, mass_removal_pct=12.5, mass_removal_min=1)
    window = file_window(env, make_window, WORKED_SOURCE)
    plan = review(qtbot, window)
    assert plan.remocao_em_massa
    assert "limite de 12,5 %" in window.plan_panel.mass_banner.text()
    dialog = open_dialog(qtbot, window, window.apply_action.trigger)
    assert isinstance(dialog, ConfirmApplyDialog)
    assert "limite de 12,5 %" in " ".join(label.text() for label in dialog.findChildren(type(dialog.missing)))
    # One line left to tick reads in the singular.
    assert "marque a linha CRÍTICA ainda não revisada" in dialog.missing.text()

"""The window's helpers: tasks, ops, number formatting, search boxes, remembered state, the log file."""

from __future__ import annotations

import logging
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.domain.model import Alvo, Status, TipoMudanca
from carteira_gui.domain.plan import Change, Impacto
from carteira_gui.gui.formatting import fmt_delta, fmt_field, fmt_money, fmt_qtd, impact_line
from carteira_gui.gui.logs import current_log_file, setup_logging
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.secrets import SecretStore
from carteira_gui.gui.tasks import TaskContext, TaskRunner
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox
from tests.gui.conftest import Env, WindowFactory


def test_a_task_reports_progress_then_its_result_on_the_main_thread(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, object]] = []
    main = threading.get_ident()

    def job(context: TaskContext) -> str:
        context.progress(1)
        context.progress(2)
        return "feito"

    task = runner.start("job", job)
    task.progress.connect(lambda value: seen.append(("progress", threading.get_ident() == main)))
    task.finished.connect(lambda value: seen.append(("finished", value)))
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert seen[-1] == ("finished", "feito")
    assert all(flag is True for kind, flag in seen if kind == "progress")
    assert not runner.busy


def test_a_failing_task_and_a_cancelled_task(qtbot: Any) -> None:
    runner = TaskRunner()
    failed = runner.start("falha", lambda _c: 1 / 0)
    with qtbot.waitSignal(failed.failed, timeout=5_000) as blocker:
        pass
    assert isinstance(blocker.args[0], ZeroDivisionError)

    release = threading.Event()

    def waits(context: TaskContext) -> None:
        while not release.wait(0.01):
            context.cancel.raise_if_cancelled()

    task = runner.start("espera", waits)
    assert runner.busy
    assert runner.running("espera") == [task]
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        task.cancel()
    assert isinstance(task.error, FetchCancelled)
    runner.shutdown()
    assert not runner.busy


class RecordingFeedback:
    """What an op tells the planner, recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []

    def show_message(self, text: str, *, dialog: bool = False, title: str | None = None) -> None:
        self.calls.append(("message", text))

    def clear_message(self) -> None:
        self.calls.append(("clear",))

    def open_dialog(self, dialog: Any) -> None:
        self.calls.append(("dialog", dialog))

    def show_failure(self, error: BaseException, title: str) -> None:
        self.calls.append(("failure", type(error).__name__, title))

    def show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        self.calls.append(("progress", visible, text, cancellable))

    def update_progress(self, text: str, done: int | None = None, total: int | None = None) -> None:
        self.calls.append(("update", text, done, total))


def test_an_op_shows_progress_delivers_its_result_and_tells_when_it_starts_and_ends(qtbot: Any) -> None:
    feedback = RecordingFeedback()
    ops = Ops(feedback)
    running: list[bool] = []
    ops.changed.connect(lambda: running.append(ops.running("soma")))
    seen: list[object] = []
    task = (
        ops.op("soma", lambda _context: 1 + 1, "Somar")
        .busy("Somando…")
        .success(seen.append)
        .done(lambda: seen.append("fim"))
        .run()
    )
    assert running == [True]
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert seen == [2, "fim"]
    assert running == [True, False]
    assert feedback.calls == [("progress", True, "Somando…", False), ("progress", False, "", False)]


def test_a_failed_op_goes_to_the_error_pipeline_unless_it_handles_the_failure(qtbot: Any) -> None:
    feedback = RecordingFeedback()
    ops = Ops(feedback)
    task = ops.op("divide", lambda _context: 1 / 0, "Dividir").run()
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert feedback.calls == [("failure", "ZeroDivisionError", "Dividir")]

    handled: list[BaseException] = []
    task = ops.op("divide", lambda _context: 1 / 0, "Dividir").failure(handled.append).run()
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert [type(e) for e in handled] == [ZeroDivisionError]
    assert len(feedback.calls) == 1  # handled by the op: nothing reached the pipeline


def test_quantities_are_written_the_pt_br_way() -> None:
    assert fmt_qtd(Decimal("1234567.125")) == "1.234.567,125"
    assert fmt_qtd(Decimal("100.000")) == "100"
    assert fmt_qtd(Decimal("-0.5")) == "−0,5"
    assert fmt_delta(Decimal(20)) == "+20"
    assert fmt_delta(Decimal(-20)) == "−20"
    assert fmt_delta(Decimal(0)) == "0"
    assert fmt_money(Decimal("1234.5")) == "1.234,50"
    assert fmt_field("data_entrega", "2026-12-01") == "01/12/2026"
    assert fmt_field("cliente", None) == "—"


def test_the_impact_line_names_each_allocation() -> None:
    change = Change(
        TipoMudanca.REDUCAO,
        "PED001",
        "PROD001",
        Decimal(100),
        Decimal(65),
        impactos=[
            Impacto(Alvo.SALDO_LIVRE, Decimal(20), Decimal(0)),
            Impacto(Alvo.PRE_SEPARACAO, Decimal(10), Decimal(0), 12),
            Impacto(Alvo.SEPARACAO, Decimal(30), Decimal(25), 3, "LOTE-7", Status.COTADO),
            Impacto(Alvo.SEPARACAO, Decimal(40), Decimal(40), 4, "LOTE-8", Status.EMBARCADO),
        ],
    )
    assert impact_line(change) == "−20 livre; −10 pré-sep #12 (excluída); −5 LOTE-7 COTADO"


def test_search_boxes_leave_ctrl_e_to_the_window(qapp: QApplication) -> None:
    box = SearchBox("busca", "procurar")
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(box, override)
    assert not override.isAccepted()
    typing = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(box, typing)
    assert typing.isAccepted()  # select-all stays the box's


def test_geometry_and_column_widths_are_remembered(env: Env, make_window: WindowFactory) -> None:
    window = make_window(env)
    window.resize(760, 560)  # within the offscreen screen (800×600)
    window.carteira_tab.view.horizontalHeader().resizeSection(3, 333)
    window.plan_panel.tree.header().resizeSection(2, 211)
    window.close()
    again = make_window(env)
    assert again.carteira_tab.view.horizontalHeader().sectionSize(3) == 333
    assert again.plan_panel.tree.header().sectionSize(2) == 211
    assert (again.width(), again.height()) == (760, 560)


def test_the_name_is_empty_until_one_is_typed_never_the_os_login(tmp_path: Path) -> None:
    state = UiState.at(tmp_path / "ui.ini")
    assert state.user_name() == ""
    state.set_user_name("  Carla ")
    assert UiState.at(tmp_path / "ui.ini").user_name() == "Carla"


def test_secrets_without_a_keyring_live_in_memory_only() -> None:
    store = SecretStore(use_keyring=False)
    account = SecretStore.account("http://odoo", "db", "ana", "password")
    assert not store.persistent
    assert store.get(account) is None
    store.set(account, "s3nha")
    assert store.get(account) == "s3nha"
    store.set(account, "")
    assert store.get(account) is None


def test_the_log_goes_to_a_rotating_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = setup_logging(tmp_path)
        assert setup_logging(tmp_path) == path  # idempotent: one handler
        assert current_log_file() == path
        logging.getLogger("carteira_gui.gui.test").error("registro de teste")
        for handler in root.handlers:
            handler.flush()
        assert "registro de teste" in path.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_numbers_follow_the_language(language: str) -> None:
    from carteira_gui.gui.formatting import language as current
    from carteira_gui.gui.formatting import set_language

    previous = current()
    set_language(language)
    try:
        assert fmt_qtd(Decimal("1234.5")) == ("1.234,5" if language == "pt_BR" else "1,234.5")
    finally:
        set_language(previous)

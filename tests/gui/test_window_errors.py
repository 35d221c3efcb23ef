"""Failures, cancellation and a live event loop: the window says what happened and the database is untouched."""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from carteira_gui.domain.errors import FetchError
from carteira_gui.domain.model import Snapshot
from carteira_gui.gui.dialogs import CrashDialog, SettingsMessage
from carteira_gui.gui.errors import install_excepthooks
from carteira_gui.gui.window import MainWindow
from tests.gui.conftest import WORKED_SOURCE, Env, GatedSource, RaisingSource, WindowFactory


def unchanged(env: Env, before: Snapshot) -> bool:
    return env.snapshot() == before and env.runs() == [] and env.alerts() == []


def fetch_and_wait_dialog(qtbot: Any, window: MainWindow) -> Any:
    with qtbot.waitSignal(window.dialog_opened, timeout=20_000) as opened:
        window.flow.fetch()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    return opened.args[0]


def test_a_bug_in_a_worker_reaches_the_window_as_a_crash_dialog(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    before = env.snapshot()
    window = make_window(env, source_factory=lambda: RaisingSource(RuntimeError("falha de programação")))
    dialog = fetch_and_wait_dialog(qtbot, window)
    assert isinstance(dialog, CrashDialog)
    details = dialog.details.toPlainText()
    assert "Traceback" in details
    assert "RuntimeError: falha de programação" in details
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == details
    assert window.flow.plan is None
    assert not window.status.progress_bar.isVisible()
    assert window.fetch_action.isEnabled()
    assert unchanged(env, before)


def test_an_expected_failure_is_a_message_that_says_nothing_changed(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    before = env.snapshot()
    error = FetchError("O Odoo não respondeu. Nada foi alterado; tente de novo.")
    window = make_window(env, source_factory=lambda: RaisingSource(error))
    box = fetch_and_wait_dialog(qtbot, window)
    assert isinstance(box, QMessageBox)
    # The sentence of the failure, then where to look: a failed fetch from Odoo offers the settings.
    assert box.text().startswith(str(error))
    assert window.last_message == box.text()
    assert isinstance(box, SettingsMessage)
    assert box.settings_button.text() == "Abrir Configurações"
    assert unchanged(env, before)


def test_an_odoo_failure_from_the_real_server_leaves_the_database_as_it_was(
    qtbot: Any, demo_env: Env, make_window: WindowFactory, odoo: Any
) -> None:
    before = demo_env.snapshot()
    window = make_window(demo_env)
    # A refusal, not a transient failure: the source does not retry it.
    odoo.faults.odoo_error("odoo.exceptions.AccessError", "Acesso negado", times=0, model="sale.order.line")
    box = fetch_and_wait_dialog(qtbot, window)
    assert isinstance(box, QMessageBox)
    assert "Nada foi alterado" in box.text()
    assert window.flow.plan is None
    assert unchanged(demo_env, before)


def test_cancel_stops_the_fetch_and_changes_nothing(
    qtbot: Any, demo_env: Env, make_window: WindowFactory, odoo: Any
) -> None:
    before = demo_env.snapshot()
    window = make_window(demo_env)
    window.show()
    odoo.faults.latency(0.15)
    progress: list[object] = []
    task = window.flow.fetch()
    assert task is not None
    task.progress.connect(progress.append)
    assert window.status.cancel_button.isVisible()
    assert window.cancel_action.isEnabled()
    qtbot.waitUntil(lambda: bool(progress), timeout=20_000)
    assert window.status.progress_label.text().startswith("Página ")
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        qtbot.mouseClick(window.status.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert window.last_message == "A busca foi cancelada. Nada foi alterado."
    assert window.flow.plan is None
    assert window.active_dialog is None
    assert not window.status.cancel_button.isVisible()
    assert unchanged(demo_env, before)


def test_the_event_loop_keeps_running_while_a_fetch_waits(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    source = GatedSource(WORKED_SOURCE)
    window = make_window(env, source_factory=lambda: source)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    window.flow.fetch()
    assert source.started.wait(10)
    # The source is blocked in its worker; the main thread still runs timers and answers the planner.
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=10_000)
    window.tabs.setCurrentIndex(0)
    window.carteira_tab.proxy.set_text("PED001")
    assert window.carteira_tab.proxy.rowCount() == 2
    assert window.tasks.running("fetch")
    with qtbot.waitSignal(window.plan_ready, timeout=10_000):
        source.release.set()
    timer.stop()


def test_uncaught_exceptions_of_slots_and_threads_reach_the_crash_dialog(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = make_window(env)
    restore = install_excepthooks(window.error_hub)
    try:
        with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
            thread = threading.Thread(target=lambda: 1 / 0, name="stray")
            thread.start()
            thread.join()
        assert isinstance(opened.args[0], CrashDialog)
        assert "ZeroDivisionError" in opened.args[0].details.toPlainText()
        opened.args[0].close()
        try:
            raise KeyError("slot")
        except KeyError as exc:
            with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
                sys.excepthook(type(exc), exc, exc.__traceback__)
        assert "KeyError: 'slot'" in opened.args[0].details.toPlainText()
    finally:
        restore()

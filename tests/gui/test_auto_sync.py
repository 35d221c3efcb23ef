"""Automatic syncs in the window: the timer applies the safe part, the held part shows a badge and a
notification, and a planner at work is never disturbed (a plan under review, an open dialog).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from carteira_gui.gui.window import TAB_PLAN

from .conftest import Env, WindowFactory


def test_the_timer_brings_new_orders_in_and_leaves_the_critico_lines_for_a_planner(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(demo_env)
    before = demo_env.snapshot()
    with qtbot.waitSignal(window.auto_sync.ran, timeout=30_000) as ran:
        window.auto_sync.set_interval_ms(50)
    window.auto_sync.set_interval(0)
    result, held = ran.args
    assert result is not None
    assert held >= 1
    after = demo_env.snapshot()
    assert set(after.lines) - set(before.lines), "the new orders came in"
    [run] = demo_env.runs()
    assert (run.automatico, run.retidas, run.usuario) == (True, held, "sincronização automática")
    # The held lines were not touched, and no alert was raised for them.
    assert demo_env.alerts() == []
    # The badge on the Plano tab and the desktop notification say how many wait and how many are CRÍTICO.
    assert window.tabs.tabText(TAB_PLAN) == f"&Plano ({held})"
    critico = window.auto_sync.held_critico
    assert critico >= 1
    assert window.last_notification == f"{held} mudanças esperando revisão, {critico} CRÍTICO"
    # History shows the run as automatic, with what it held.
    model = window.history_tab.run_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    cells = [str(model.data(model.index(0, column))) for column in range(model.columnCount())]
    assert any(f"(automática, {held} retidas)" in cell for cell in cells), cells


def test_a_plan_under_review_is_never_replaced_and_an_open_dialog_defers_the_run(
    qtbot: Any, demo_env: Env, make_window: WindowFactory
) -> None:
    window = make_window(demo_env)
    with qtbot.waitSignal(window.flow.plan_ready, timeout=30_000):
        window.flow.fetch()
    plan = window.flow.plan
    with qtbot.waitSignal(window.auto_sync.skipped, timeout=5_000) as skipped:
        window.auto_sync.tick()
    assert "plano" in skipped.args[0]
    assert window.flow.plan is plan
    assert demo_env.runs() == []
    window.flow.set_plan(None)
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.isVisible())
    try:
        with qtbot.waitSignal(window.auto_sync.skipped, timeout=5_000) as skipped:
            window.auto_sync.tick()
        assert "diálogo" in skipped.args[0]
    finally:
        dialog.close()
    assert demo_env.runs() == []

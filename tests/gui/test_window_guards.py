"""The guards of an apply: a stale plan is refused and explained; a mass removal needs the number typed."""

from __future__ import annotations

import dataclasses
import time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from carteira_gui.domain.model import Nivel, Status
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.gui.dialogs import ConfirmApplyDialog, StalePlanDialog
from carteira_gui.gui.sync_flow import FRESHNESS_INTERVAL_S
from carteira_gui.gui.window import MainWindow
from carteira_gui.services.sync import apply_plan, compute_plan
from tests.gui.conftest import WORKED_SOURCE, Env, WindowFactory

#: The worked example without the removal: no mass-removal guard in the way.
NO_REMOVAL = [*WORKED_SOURCE, {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 150}]


def review(qtbot: Any, window: MainWindow) -> Any:
    with qtbot.waitSignal(window.plan_ready, timeout=10_000) as ready:
        window.flow.fetch()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    return ready.args[0]


def another_planner_changes(env: Env) -> None:
    """Someone else applies a sync that changes PED001/PROD001 meanwhile."""

    class Other:
        description = "outro planejador"

        def fetch(self, progress: Any = None, cancel: Any = None) -> Any:
            records = [dict(r) for r in NO_REMOVAL]
            records[0]["qtd_saldo"] = 90
            return parse_source_records(records, self.description)

    plan, _timings = compute_plan(env.app.uow, Other(), env.app.options)
    apply_plan(env.app.uow, plan, usuario="outra pessoa")


def open_confirmation(qtbot: Any, window: MainWindow) -> ConfirmApplyDialog:
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.apply_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ConfirmApplyDialog)
    return dialog


def test_a_plan_made_stale_before_confirming_is_explained_and_fetched_again(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    path = env.write_source(NO_REMOVAL)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    first = review(qtbot, window)
    another_planner_changes(env)

    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.apply_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, StalePlanDialog)
    texts = [dialog.differences.item(i).text() for i in range(dialog.differences.count())]
    assert any("PED001/PROD001" in t for t in texts), texts
    assert not window.apply_action.isEnabled()
    assert not window.plan_panel.stale_banner.isHidden()
    assert [r.usuario for r in env.runs()] == ["outra pessoa"]  # ours wrote nothing

    with qtbot.waitSignal(window.plan_ready, timeout=10_000) as ready:
        qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    assert ready.args[0] is not first
    assert window.flow.plan_fresh
    assert window.apply_action.isEnabled()


def test_a_plan_made_stale_while_the_confirmation_is_open_is_refused_by_the_apply(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    path = env.write_source(NO_REMOVAL)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    review(qtbot, window)
    confirmation = open_confirmation(qtbot, window)
    another_planner_changes(env)
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        qtbot.mouseClick(confirmation.apply_button, Qt.MouseButton.LeftButton)
    assert isinstance(opened.args[0], StalePlanDialog)
    assert "O plano está desatualizado" in window.last_message
    assert [r.usuario for r in env.runs()] == ["outra pessoa"]


def test_returning_to_the_window_disables_apply_when_the_plan_went_stale(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    path = env.write_source(NO_REMOVAL)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    review(qtbot, window)
    assert window.apply_action.isEnabled()
    another_planner_changes(env)
    task = window.flow.check_freshness()
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert not window.flow.plan_fresh
    assert not window.apply_action.isEnabled()
    assert not window.plan_panel.stale_banner.isHidden()


def test_a_mass_removal_needs_the_number_of_removed_lines_typed(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    # Removes 1 of 3 lines: above the 20 % threshold, and at the minimum count once it is set to 1.
    env.app.settings = dataclasses.replace(env.app.settings, mass_removal_min=1)
    path = env.write_source(WORKED_SOURCE)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    plan = review(qtbot, window)
    assert plan.remocao_em_massa
    assert window.plan_panel.mass_banner.isVisibleTo(window.plan_panel)
    dialog = open_confirmation(qtbot, window)
    assert dialog.findChild(type(dialog.mass_removal_input), "massRemovalInput") is dialog.mass_removal_input
    assert not dialog.apply_button.isEnabled()
    dialog.accept()  # Enter without the number does nothing
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.mass_removal_input, "2")
    assert not dialog.apply_button.isEnabled()
    dialog.mass_removal_input.clear()
    qtbot.keyClicks(dialog.mass_removal_input, "1")
    assert not dialog.apply_button.isEnabled()  # the CRÍTICO line is not ticked yet
    assert "marque" in dialog.missing.text()
    dialog.tick_all()
    assert dialog.apply_button.isEnabled()
    assert dialog.allow_mass_removal
    with qtbot.waitSignal(window.applied, timeout=10_000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)

    state = env.snapshot()
    assert ("PED002", "PROD001") not in state.lines
    cotado = [s for a in state.allocations.values() for s in a.separacoes if s.status is Status.COTADO]
    assert [s.qtd for s in cotado] == [Decimal(0)]
    assert [a.nivel for a in env.alerts()] == [Nivel.CRITICO.value]
    assert window.carteira_tab.model.rowCount() == 3  # reloaded: PED002 left, PED003 arrived


def test_a_plan_without_changes_cannot_be_applied(qtbot: Any, env: Env, make_window: WindowFactory) -> None:
    same = [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ]
    path = env.write_source(same)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    plan = review(qtbot, window)
    assert not plan.has_changes
    assert not window.apply_action.isEnabled()
    assert window.flow.request_apply() is None
    assert window.last_message.startswith("Nada a aplicar")  # says why, rather than nothing
    # The tab says it in full, with a fetch button — not a small pane above an empty table.
    panel = window.plan_panel
    assert panel.stack.currentIndex() == 0
    assert "Nada a mudar: a carteira já está igual à origem" in panel.placeholder.text()
    assert panel.fetch_button.text() == "Buscar de novo (F5)"


def test_coming_back_to_the_window_checks_the_plan_again_only_after_30_seconds_of_a_monotonic_clock(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    path = env.write_source(NO_REMOVAL)
    window = make_window(env, source_factory=lambda: env.app.file_source(path))
    assert window.flow.clock is time.monotonic
    now = [1_000.0]
    window.flow.clock = lambda: now[0]
    review(qtbot, window)
    another_planner_changes(env)
    now[0] += FRESHNESS_INTERVAL_S
    assert window.flow.check_freshness_if_due() is None  # checked 30 s ago: still trusted
    assert window.apply_action.isEnabled()
    now[0] += 1
    task = window.flow.check_freshness_if_due()
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert not window.flow.plan_fresh
    assert not window.apply_action.isEnabled()
    assert window.flow.check_freshness_if_due() is None  # just checked

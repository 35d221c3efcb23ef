"""The fingerprint and the explanation of a stale plan."""

from carteira_gui.domain.fingerprint import explain_staleness, state_fingerprint
from carteira_gui.domain.planner import plan_sync

from .builders import line, pre, sep, snapshot, source


def test_fingerprint_ignores_row_order_but_not_content():
    a = snapshot(line("P", "X", 1), line("P", "Y", 2))
    b = snapshot(line("P", "Y", 2), line("P", "X", 1))
    c = snapshot(line("P", "X", 1), line("P", "Y", 3))
    assert state_fingerprint(a, []) == state_fingerprint(b, [])
    assert state_fingerprint(a, []) != state_fingerprint(c, [])


def test_allocation_change_on_a_line_the_plan_reduces_makes_it_stale_and_is_named():
    before = snapshot(line("P", "X", 100), pre(1, "P", "X", 50))
    plan = plan_sync(before, source(("P", "X", 10)))
    now = snapshot(line("P", "X", 100), pre(1, "P", "X", 60), pre(2, "P", "X", 5))
    assert state_fingerprint(now, plan.dependency_keys) != plan.fingerprint
    reasons = explain_staleness(plan, now)
    assert any("#1" in r and "50" in r and "60" in r for r in reasons)
    assert any("nova pré-separação #2" in r for r in reasons)


def test_allocation_change_on_an_unchanged_line_does_not_make_the_plan_stale():
    before = snapshot(line("P", "X", 100), line("P", "Y", 10), pre(1, "P", "Y", 5))
    plan = plan_sync(before, source(("P", "X", 90), ("P", "Y", 10)))
    now = snapshot(line("P", "X", 100), line("P", "Y", 10), pre(1, "P", "Y", 7))
    assert state_fingerprint(now, plan.dependency_keys) == plan.fingerprint


def test_separation_that_became_invoiced_is_named():
    before = snapshot(line("P", "X", 100), sep(3, "P", "X", 50, "COTADO"))
    plan = plan_sync(before, source(("P", "X", 10)))
    now = snapshot(line("P", "X", 100), sep(3, "P", "X", 50, "FATURADO"))
    assert any("COTADO para FATURADO" in r for r in explain_staleness(plan, now))

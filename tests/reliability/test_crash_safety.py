"""``kill -9`` of an apply at several moments of a large apply leaves exactly the state before or after.

The apply runs as a real process on a 20,000-line carteira (``bench/generate.py``). A first, undisturbed run
measures how long the apply holds the database lock and gives the state after, which must be exactly the
domain's prediction (``apply_to_snapshot``). Then the apply is killed at growing fractions of that time
after it took the lock (at once, in the re-read, in the writes, around the commit, after it ended). Each time
the database must hold the state before (compared whole) or the state after (compared to the prediction),
and stay usable.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench.generate import generate

from .helpers import LockProbe, Procs, allocations_and_lines, predict, seed, state_json, wait_until, write_json

LINES = 20_000
CHANGED = 0.1
#: Kill moments, as fractions of the time an undisturbed apply holds the lock.
FRACTIONS = (0.0, 0.3, 0.6, 0.9, 1.2)


@pytest.fixture(scope="module")
def big() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return generate(LINES, CHANGED, 11)


def essence(state: dict[str, Any]) -> dict[str, Any]:
    """What an apply decides: lines, allocations, the alerts' content and the number of runs."""
    alerts = sorted(
        ({k: v for k, v in alert.items() if k not in ("id", "criado_em", "sync_id")} for alert in state["alertas"]),
        key=lambda a: (a["num_pedido"], a["cod_produto"], a["tipo"], str(a["separacao_id"]), a["mensagem"]),
    )
    return {**allocations_and_lines(state), "alertas": alerts, "history": state["history"]}


@pytest.mark.slow
def test_kill_9_during_a_large_apply_leaves_exactly_the_state_before_or_after(db_url, tmp_path, procs: Procs, big):
    state, source = big
    seed(db_url, state)
    before = state_json(db_url)
    assert len(before["carteira"]) == LINES
    predicted = predict(before, source)
    source_file = write_json(tmp_path / "fonte.json", source)
    args = ("apply", "--source", source_file, "--yes", "--allow-mass-removal", "--by", "kill9")
    env = {"CARTEIRA_DB_URL": db_url}
    probe = LockProbe(db_url)

    def start_and_wait_for_the_lock() -> tuple[Any, bool]:
        proc = procs.start(*args, env=env)
        assert wait_until(lambda: probe.held() or proc.popen.poll() is not None, 120)
        return proc, proc.popen.poll() is None

    def released() -> None:
        # A killed client's PostgreSQL backend ends its transaction (rolls back) on its own: wait for it, so
        # that the state read next is final and the next apply's lock is not mistaken for the dead one's.
        if probe.url.get_backend_name() != "sqlite":
            assert wait_until(lambda: not probe.holders(), 60), "the killed apply's transaction never ended"

    try:
        proc, in_lock = start_and_wait_for_the_lock()
        took_lock = time.monotonic()
        assert in_lock, "the lock was never seen held"
        assert wait_until(lambda: not probe.held(), 180)
        held_for = time.monotonic() - took_lock
        assert proc.wait(180) == 0, proc.err
        after = state_json(db_url)
        assert allocations_and_lines(after) == predicted
        assert after["history"] == 1
        assert after["alertas"]

        outcomes: list[tuple[float, bool, str]] = []
        current = after
        for fraction in FRACTIONS:
            if current != before:
                seed(db_url, state)
            proc, in_lock = start_and_wait_for_the_lock()
            time.sleep(fraction * held_for)
            proc.kill()
            code = proc.wait(60)
            released()
            current = state_json(db_url)
            if current == before:
                outcomes.append((fraction, in_lock, "before"))
            else:
                assert essence(current) == essence(after), f"half-written state after kill at {fraction}"
                assert code in (0, -9), proc.err
                outcomes.append((fraction, in_lock, "after"))
    finally:
        probe.close()
    # A kill right after the lock was taken can only roll back, and so can the kills well inside the lock.
    assert outcomes[0][2] == "before", outcomes
    assert sum(1 for _f, in_lock, kind in outcomes if in_lock and kind == "before") >= 2, outcomes
    # The database stays usable: the apply runs again to the predicted state.
    if current == before:
        assert procs.run(*args, env=env).popen.returncode == 0
    assert allocations_and_lines(state_json(db_url)) == predicted

"""Two planners in two real processes against one database: exactly one apply lands, the other is stale.

Every round starts from the state the previous round left, gives each planner a different Odoo answer and
checks the history count and that the final state is exactly the winner's plan applied to the state before
(nothing lost, nothing counted twice). Even rounds split the work like the window does (fetch and review
with ``plan --out``, both at once; then both ``apply --plan`` at once): the outcome is then certain. Odd
rounds run ``apply --source`` in both processes at once: either one is stale, or the database lock put them
one after the other and the second planned from the first one's result.
"""

from __future__ import annotations

import json
import random
import time
from decimal import Decimal
from typing import Any

import pytest

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.services.state import load_carteira, seed_state

from .helpers import LockProbe, Procs, allocations_and_lines, cli, predict, state_json, wait_until, write_json

ROUNDS = 10
PLANNERS = ("ana", "bia")
T0 = "2026-11-01T10:00:00+00:00"


def base_state() -> dict[str, Any]:
    """Twelve lines of 1000 with pré-separações and separações in every status that counts."""
    carteira = [
        {"num_pedido": f"PED{i}", "cod_produto": f"P{j}", "qtd_saldo": 1000, "cliente": f"Cliente {i}"}
        for i in range(1, 5)
        for j in range(1, 4)
    ]
    pres = [
        {"id": n + 1, "num_pedido": f"PED{1 + n % 4}", "cod_produto": f"P{1 + n % 3}", "qtd": 150, "criado_em": T0}
        for n in range(6)
    ]
    seps = [
        {
            "id": 100 + n,
            "lote": f"LOTE-{n}",
            "num_pedido": f"PED{1 + n % 4}",
            "cod_produto": f"P{1 + (n + 1) % 3}",
            "qtd": 200,
            "status": ("ABERTO", "COTADO", "EMBARCADO")[n % 3],
            "criado_em": T0,
        }
        for n in range(6)
    ]
    return {"carteira": carteira, "pre_separacoes": pres, "separacoes": seps}


def source_for(state: dict[str, Any], rnd: random.Random, planner: str, round_no: int) -> list[dict[str, Any]]:
    """What Odoo tells ``planner`` in this round: reductions, increases, a removal, and a new line of its own."""
    rows: list[dict[str, Any]] = []
    for line in state["carteira"]:
        if line["num_pedido"].startswith("NOVO") and rnd.random() < 0.3:
            continue  # REMOVIDO
        quantity = Decimal(str(line["qtd_saldo"]))
        roll = rnd.random()
        if roll < 0.45:
            quantity = max(Decimal(0), quantity - rnd.randint(1, 180))
        elif roll < 0.65:
            quantity += rnd.randint(1, 90)
        rows.append(
            {
                "num_pedido": line["num_pedido"],
                "cod_produto": line["cod_produto"],
                "qtd_saldo": str(quantity),
                "cliente": line["cliente"],
            }
        )
    rows.append({"num_pedido": f"NOVO-{round_no}-{planner}", "cod_produto": "X", "qtd_saldo": rnd.randint(1, 99)})
    return rows


@pytest.mark.slow
def test_two_planners_at_once_exactly_one_applies_and_nothing_is_lost_or_doubled(db_url, tmp_path, procs: Procs):
    folder = tmp_path / "estado.json"
    code, _out, err = cli("--db", db_url, "seed", write_json(folder, base_state()))
    assert code == 0, err
    env = {"CARTEIRA_DB_URL": db_url, "CARTEIRA_DB_BUSY_TIMEOUT_S": "60"}
    rnd = random.Random(2026)
    outcomes: list[str] = []
    for round_no in range(ROUNDS):
        before = state_json(db_url)
        sources = {who: source_for(before, rnd, who, round_no) for who in PLANNERS}
        files = {who: write_json(tmp_path / f"r{round_no}-{who}.json", rows) for who, rows in sources.items()}
        if round_no % 2 == 0:
            plans = {who: tmp_path / f"r{round_no}-{who}.plan.json" for who in PLANNERS}
            reviewing = [procs.start("plan", "--source", files[w], "--out", plans[w], env=env) for w in PLANNERS]
            assert [p.wait() for p in reviewing] == [2, 2], [p.err for p in reviewing]
            applying = {
                w: procs.start("apply", "--plan", plans[w], "--yes", "--allow-mass-removal", "--by", w, env=env)
                for w in PLANNERS
            }
        else:
            applying = {
                w: procs.start("apply", "--source", files[w], "--yes", "--allow-mass-removal", "--by", w, env=env)
                for w in PLANNERS
            }
        codes = {w: p.wait() for w, p in applying.items()}
        after = state_json(db_url)
        runs = json.loads(cli("--db", db_url, "history", "--json")[1])
        assert all(code in (0, 3) for code in codes.values()), {w: p.err for w, p in applying.items()}
        winners = [w for w in PLANNERS if codes[w] == 0]
        if len(winners) == 1:
            [winner] = winners
            [loser] = [w for w in PLANNERS if w != winner]
            err = applying[loser].err
            assert "desatualizado" in err
            assert "Nada foi gravado" in err
            assert len(err.strip().splitlines()) == 1, err
            assert f"Sincronização #{runs[0]['id']} aplicada" in applying[winner].out
            assert after["history"] == before["history"] + 1
            assert runs[0]["usuario"] == winner
            assert allocations_and_lines(after) == predict(before, sources[winner])
            outcomes.append("one stale")
        else:
            # Serialised by the lock: the second planned from the first one's result, so both are right.
            assert round_no % 2 == 1, "plans reviewed from the same state can never both apply"
            assert after["history"] == before["history"] + 2
            second, first = runs[0]["usuario"], runs[1]["usuario"]
            assert {first, second} == set(PLANNERS)
            assert allocations_and_lines(after) == predict(predict(before, sources[first]), sources[second])
            outcomes.append("serialised")
    assert outcomes.count("one stale") >= ROUNDS // 2


@pytest.mark.slow
def test_an_apply_waits_for_the_database_lock_and_refuses_what_the_holder_changed(db_url, tmp_path, procs: Procs):
    """Two syncs never interleave: the second waits for the first's lock, then re-reads and refuses."""
    code, _out, err = cli("--db", db_url, "seed", write_json(tmp_path / "estado.json", base_state()))
    assert code == 0, err
    before = state_json(db_url)
    source = [
        {"num_pedido": line["num_pedido"], "cod_produto": line["cod_produto"], "qtd_saldo": 900}
        for line in before["carteira"]
    ]
    source_file = write_json(tmp_path / "fonte.json", source)
    engine = open_database(db_url)
    probe = LockProbe(db_url)
    try:
        with SqlUnitOfWork(engine).writing() as other_sync:
            proc = procs.start(
                "--debug",
                "apply",
                "--source",
                source_file,
                "--yes",
                env={"CARTEIRA_DB_URL": db_url, "CARTEIRA_DB_BUSY_TIMEOUT_S": "60"},
            )
            # The plan is computed (no lock needed to read); the apply then queues behind our lock.
            assert proc.wait_for_err("plan: fetch", 60), proc.err
            if engine.dialect.name == "postgresql":
                assert wait_until(lambda: bool(probe.waiters()), 30), "the apply never waited for the lock"
            time.sleep(1.0)
            assert proc.popen.poll() is None, f"the apply did not wait for the lock: {proc.out} {proc.err}"
            # The lock holder changes a line the waiting plan depends on, then commits.
            other_sync._conn.exec_driver_sql(
                "UPDATE carteira SET qtd_saldo = qtd_saldo - "
                + ("1000" if engine.dialect.name == "sqlite" else "1")
                + " WHERE num_pedido = 'PED1' AND cod_produto = 'P1'"
            )
        assert proc.wait(60) == 3, proc.err
    finally:
        probe.close()
        engine.dispose()
    assert "desatualizado" in proc.err
    assert "Nada foi gravado" in proc.err
    assert "PED1/P1: qtd_saldo era 1.000 e agora é 999" in proc.err
    after = state_json(db_url)
    assert after["history"] == 0
    expected = allocations_and_lines(before)
    expected["carteira"][0] = dict(expected["carteira"][0], qtd_saldo=999)
    assert allocations_and_lines(after) == expected


@pytest.mark.postgres
def test_on_postgresql_a_queued_apply_says_which_line_the_other_sync_changed(pg_url):
    import threading

    from carteira_gui.domain.errors import StalePlan
    from carteira_gui.domain.parsing import parse_source_records
    from carteira_gui.domain.planner import plan_sync
    from carteira_gui.services.sync import apply_plan

    engine = open_database(pg_url)
    uow = SqlUnitOfWork(engine)
    seed_state(uow, base_state(), "estado", replace=False, db_description="teste")
    snapshot = load_carteira(uow)
    rows = [{"num_pedido": k[0], "cod_produto": k[1], "qtd_saldo": 900} for k in snapshot.lines]
    plan = plan_sync(snapshot, parse_source_records(rows, "fonte"))
    probe = LockProbe(pg_url)
    refused: list[BaseException] = []

    def queued_apply() -> None:
        try:
            apply_plan(SqlUnitOfWork(engine), plan, usuario="bia")
        except StalePlan as exc:
            refused.append(exc)

    try:
        with uow.writing() as other_sync:
            waiting = threading.Thread(target=queued_apply)
            waiting.start()
            assert wait_until(lambda: bool(probe.waiters()), 30)
            other_sync._conn.exec_driver_sql(
                "UPDATE carteira SET qtd_saldo = 999 WHERE num_pedido = 'PED1' AND cod_produto = 'P1'"
            )
        waiting.join(60)
    finally:
        probe.close()
        engine.dispose()
    assert len(refused) == 1
    assert "PED1/P1" in str(refused[0])

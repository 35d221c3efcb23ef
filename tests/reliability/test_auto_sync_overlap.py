"""Scheduled syncs that overlap (two automatic runs, or one and a planner's apply) never interleave.

Each run plans, then applies under the database's write lock; the second one waits for the first and is
then checked against what the first left: it applies (its plan still holds), finds nothing left to do, or
is refused as stale in one sentence. Never a mix, never a change applied twice.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import Procs, cli, write_json

STATE: dict[str, Any] = {
    "carteira": [{"num_pedido": f"P{i}", "cod_produto": "A", "qtd_saldo": 100} for i in range(1, 21)],
    "separacoes": [{"lote": "L1", "num_pedido": "P1", "cod_produto": "A", "qtd": 90, "status": "COTADO"}],
}


def _today() -> list[dict[str, Any]]:
    rows = [{"num_pedido": f"P{i}", "cod_produto": "A", "qtd_saldo": 100 + i} for i in range(2, 21)]
    rows.append({"num_pedido": "P1", "cod_produto": "A", "qtd_saldo": 50})  # held: hits the COTADO lote
    rows += [{"num_pedido": f"N{i}", "cod_produto": "X", "qtd_saldo": i} for i in range(1, 6)]
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("other", ["automatic", "planner"])
def test_two_overlapping_runs_never_interleave(db_url, tmp_path, procs: Procs, other: str):
    env = {"CARTEIRA_DB_URL": db_url, "CARTEIRA_DB_BUSY_TIMEOUT_S": "60"}
    source = write_json(tmp_path / "odoo.json", _today())
    seed = write_json(tmp_path / "estado.json", STATE)
    for _round in range(3):
        assert cli("--db", db_url, "seed", seed, "--replace")[0] == 0
        second = (
            ("apply", "--source", source, "--safe-only")
            if other == "automatic"
            else ("apply", "--source", source, "--yes", "--by", "ana")
        )
        runs = [procs.start("apply", "--source", source, "--safe-only", env=env), procs.start(*second, env=env)]
        codes = [p.wait() for p in runs]
        for proc, code in zip(runs, codes, strict=True):
            assert code in (0, 3, 5), proc.err
            if code == 3:
                assert len(proc.err.strip().splitlines()) == 1, proc.err
                assert "desatualizado" in proc.err
        state = json.loads(cli("--db", db_url, "state", "--json")[1])
        qtd = {(r["num_pedido"], r["cod_produto"]): r["qtd_saldo"] for r in state["carteira"]}
        # The safe changes landed exactly once; new lines are not doubled.
        assert all(qtd[(f"P{i}", "A")] == 100 + i for i in range(2, 21))
        assert sorted(k for k in qtd if k[0].startswith("N")) == [(f"N{i}", "X") for i in range(1, 6)]
        history = json.loads(cli("--db", db_url, "history", "--json")[1])
        assert 1 <= len(history) <= 2
        if other == "automatic":
            # The CRÍTICO line waits for a planner whatever the order.
            assert qtd[("P1", "A")] == 100
            assert all(r["automatico"] for r in history)
        else:
            planner_applied = codes[1] == 0
            assert qtd[("P1", "A")] == (50 if planner_applied else 100)

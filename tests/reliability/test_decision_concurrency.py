"""Planners' decisions from real processes at the same moment, on SQLite and PostgreSQL.

Two planners on one line never over-allocate it: one succeeds, the other is refused naming the line. Lote
codes stay unique with several planners at once. A decision and a sync apply at the same moment queue on
the write lock: one waits (and is then checked against what the other left) or is refused — never a mix.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from .helpers import Procs, cli, write_json

ROUNDS = 5
DAY = "2026-12-03"


def _state(qtd: int = 100, lines: int = 1) -> dict[str, Any]:
    return {"carteira": [{"num_pedido": f"PED{i}", "cod_produto": "A", "qtd_saldo": qtd} for i in range(1, lines + 1)]}


def _env(db_url: str) -> dict[str, str]:
    return {"CARTEIRA_DB_URL": db_url, "CARTEIRA_DB_BUSY_TIMEOUT_S": "60"}


def _allocated(state: dict[str, Any], pedido: str) -> Decimal:
    pres = sum((Decimal(str(p["qtd"])) for p in state["pre_separacoes"] if p["num_pedido"] == pedido), Decimal(0))
    seps = sum(
        (
            Decimal(str(s["qtd"]))
            for s in state["separacoes"]
            if s["num_pedido"] == pedido and s["status"] != "FATURADO"
        ),
        Decimal(0),
    )
    return pres + seps


def _state_of(db_url: str) -> dict[str, Any]:
    code, out, err = cli("--db", db_url, "state", "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.slow
def test_two_planners_taking_the_same_line_at_once_never_over_allocate_it(db_url, tmp_path, procs: Procs):
    seed = write_json(tmp_path / "estado.json", _state())
    for round_no in range(ROUNDS):
        assert cli("--db", db_url, "seed", seed, "--replace")[0] == 0
        # A pré-separação and a lote, or two pré-separações, of 60 each on a line of 100.
        second = ("lote", "add", "PED1", "A=60") if round_no % 2 else ("pre", "add", "PED1", "A", "60")
        planners = [
            procs.start("pre", "add", "PED1", "A", "60", "--expedicao", DAY, "--by", "ana", env=_env(db_url)),
            procs.start(*second, "--expedicao", DAY, "--by", "bia", env=_env(db_url)),
        ]
        codes = [p.wait() for p in planners]
        assert sorted(codes) == [0, 1], [p.err for p in planners]
        [loser] = [p for p, c in zip(planners, codes, strict=True) if c == 1]
        lines = loser.err.strip().splitlines()
        assert len(lines) == 1, loser.err
        assert "PED1/A" in lines[0]
        assert "Nada foi gravado" in lines[0]
        state = _state_of(db_url)
        assert _allocated(state, "PED1") == Decimal(60)


@pytest.mark.slow
def test_lote_codes_stay_unique_with_several_planners_at_once(db_url, tmp_path, procs: Procs):
    assert cli("--db", db_url, "seed", write_json(tmp_path / "estado.json", _state(lines=4)))[0] == 0
    planners = [
        procs.start("lote", "add", f"PED{i}", "--all", "--expedicao", DAY, "--by", f"p{i}", env=_env(db_url))
        for i in range(1, 5)
    ]
    assert [p.wait() for p in planners] == [0, 0, 0, 0], [p.err for p in planners]
    codes = sorted(p.out.strip() for p in planners)
    assert len(set(codes)) == 4
    day = codes[0][len("LOTE-") : len("LOTE-") + 8]
    assert codes == [f"LOTE-{day}-{n:04d}" for n in range(1, 5)]


@pytest.mark.slow
def test_a_decision_and_a_sync_apply_at_once_queue_and_never_mix(db_url, tmp_path, procs: Procs):
    seed = write_json(tmp_path / "estado.json", _state())
    source = write_json(tmp_path / "odoo.json", [{"num_pedido": "PED1", "cod_produto": "A", "qtd_saldo": 50}])
    outcomes: set[tuple[int, int]] = set()
    for _round in range(ROUNDS):
        assert cli("--db", db_url, "seed", seed, "--replace")[0] == 0
        planner = procs.start("pre", "add", "PED1", "A", "60", "--expedicao", DAY, "--by", "ana", env=_env(db_url))
        sync = procs.start("apply", "--source", source, "--yes", "--by", "sync", env=_env(db_url))
        pre_code, sync_code = planner.wait(), sync.wait()
        outcomes.add((pre_code, sync_code))
        assert pre_code in (0, 1), planner.err
        assert sync_code in (0, 3), sync.err
        state = _state_of(db_url)
        [line] = state["carteira"]
        saldo = Decimal(str(line["qtd_saldo"]))
        # Whatever the order, the line is never over-allocated and each side saw the other's result.
        assert _allocated(state, "PED1") <= saldo
        if sync_code == 0:
            assert saldo == Decimal(50)
            if pre_code == 0:
                # The decision came first; the sync then reduced the pré-separação (60 → 50), as the rule says.
                assert _allocated(state, "PED1") == Decimal(50)
            else:
                assert "PED1/A" in planner.err
                assert _allocated(state, "PED1") == 0
        else:
            # The sync planned before the decision landed: refused as stale, nothing of it written.
            assert "desatualizado" in sync.err
            assert saldo == Decimal(100)
            assert pre_code == 0
    assert outcomes <= {(0, 0), (1, 0), (0, 3)}

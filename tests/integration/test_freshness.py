"""Whether a plan is still fresh, read from the database without reading the whole carteira.

The window asks this when the planner comes back to it and before the confirmation dialog; the answer must be
the one the apply will reach under its lock, from a read of only the plan's lines and allocations.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.reads import CARTEIRA
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.db.writer import PRE
from carteira_gui.adapters.sources.json_file import JsonFileSource
from carteira_gui.domain.errors import StalePlan
from carteira_gui.domain.fingerprint import state_fingerprint
from carteira_gui.services.state import load_carteira, seed_state
from carteira_gui.services.sync import SyncOptions, check_fresh_now, compute_plan, fresh
from tests.worked_example import worked_source, worked_state


def test_freshness_follows_what_the_plan_depends_on(db_url: str, tmp_path: Path) -> None:
    state = worked_state()
    # A fourth line that the source leaves as it is, with a pré-separação of its own.
    state["carteira"].append({"num_pedido": "PED009", "cod_produto": "PROD009", "qtd_saldo": 10})
    state["pre_separacoes"].append(
        {"id": 99, "num_pedido": "PED009", "cod_produto": "PROD009", "qtd": 4, "criado_em": "2026-11-01T10:00:00"}
    )
    source = tmp_path / "odoo.json"
    source.write_text(
        json.dumps([*worked_source(), {"num_pedido": "PED009", "cod_produto": "PROD009", "qtd_saldo": 10}]),
        encoding="utf-8",
    )
    engine = open_database(db_url)
    try:
        uow = SqlUnitOfWork(engine)
        seed_state(uow, state, "teste", replace=False, db_description="teste")
        plan, _timings = compute_plan(uow, JsonFileSource(source), SyncOptions())
        assert ("PED009", "PROD009") not in plan.keys
        assert fresh(plan, uow)
        check_fresh_now(plan, uow)
        # The read of the plan's keys gives the fingerprint the whole carteira gives.
        whole = state_fingerprint(load_carteira(uow), plan.dependency_keys)
        assert state_fingerprint(_read_keys(uow, plan.keys), plan.dependency_keys) == whole == plan.fingerprint

        # Someone edits the pré-separação of a line the plan leaves alone: the plan still holds.
        with engine.begin() as conn:
            conn.execute(update(PRE).where(PRE.c.id == 99).values(qtd=Decimal("2")))
        assert fresh(plan, uow)

        # Someone edits the pré-separação the plan reduces: stale, and the check says which.
        with engine.begin() as conn:
            conn.execute(update(PRE).where(PRE.c.id == 7).values(qtd=Decimal("20")))
        assert not fresh(plan, uow)
        with pytest.raises(StalePlan) as err:
            check_fresh_now(plan, uow)
        assert any("PED001/PROD001" in d and "#7" in d for d in err.value.differences), err.value.differences

        # Back as it was, then any carteira line written by anyone: stale (the revision counter moved).
        with engine.begin() as conn:
            conn.execute(update(PRE).where(PRE.c.id == 7).values(qtd=Decimal("30")))
        assert fresh(plan, uow)
        with engine.begin() as conn:
            conn.execute(update(CARTEIRA).where(CARTEIRA.c.num_pedido == "PED009").values(cliente="Outro"))
        assert not fresh(plan, uow)
    finally:
        engine.dispose()


def _read_keys(uow, keys):
    with uow.reading() as session:
        return session.load_snapshot(keys)

"""The decisions' invariant on real databases: after any sequence of decisions, no line is over-allocated,
and a refused decision leaves the database exactly as it was (the transaction rolled back).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.domain.decisions import DecisionRefused
from carteira_gui.services.decisions import list_lotes, list_pres
from carteira_gui.services.state import export_state, seed_state

from ..unit.test_decision_properties import actions, run_action

STATE = {
    "carteira": [
        {"num_pedido": "P1", "cod_produto": "A", "qtd_saldo": 100},
        {"num_pedido": "P1", "cod_produto": "B", "qtd_saldo": "7.5"},
        {"num_pedido": "P2", "cod_produto": "A", "qtd_saldo": 10},
    ]
}


def _picture(uow: SqlUnitOfWork) -> tuple[object, ...]:
    exported = export_state(uow)
    return exported.snapshot.lines, exported.snapshot.allocations, exported.pres, exported.lotes


def test_decisions_on_a_real_database_never_over_allocate_and_a_refusal_writes_nothing(db_url: str) -> None:
    engine = open_database(db_url)
    uow = SqlUnitOfWork(engine)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.lists(actions, max_size=8))
    def check(steps: list[tuple[object, ...]]) -> None:
        seed_state(uow, STATE, "estado", replace=True, db_description="teste")
        for action in steps:
            before = _picture(uow)
            pres = [p.id for p in list_pres(uow)]
            lotes = sorted(lote.lote for lote in list_lotes(uow))
            try:
                run_action(uow, action, pres, lotes)
            except DecisionRefused:
                assert _picture(uow) == before
            snapshot = export_state(uow).snapshot
            for key, line in snapshot.lines.items():
                assert snapshot.allocations_of(key).allocated() <= line.qtd_saldo, (key, action)

    try:
        check()
    finally:
        engine.dispose()

"""Lote codes on the real databases: a deleted lote's code is never given to another one."""

from __future__ import annotations

from datetime import date

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.services import decisions
from carteira_gui.services.state import seed_state


def test_a_deleted_lotes_code_is_never_given_to_another(db_url: str) -> None:
    engine = open_database(db_url)
    uow = SqlUnitOfWork(engine)
    try:
        seed_state(
            uow,
            {"carteira": [{"num_pedido": "PED1", "cod_produto": "A", "qtd_saldo": 10}]},
            "estado",
            replace=False,
            db_description="teste",
        )
        day = date(2026, 12, 3)
        codes = [decisions.make_lote(uow, "PED1", {"A": 1}, day, by="caio").lote for _ in range(2)]
        decisions.delete_lote(uow, codes[1], by="caio")
        codes.append(decisions.make_lote(uow, "PED1", {"A": 1}, day, by="caio").lote)
    finally:
        engine.dispose()
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]

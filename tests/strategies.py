"""Hypothesis strategies: random carteiras with allocations in every status, and random Odoo answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

PEDIDOS = ["PED1", "PED2", "PED3"]
PRODUTOS = ["A", "B", "C", "D"]
T0 = datetime(2026, 11, 1, tzinfo=UTC)

quantities = st.decimals(min_value=0, max_value=500, places=3, allow_nan=False, allow_infinity=False)
keys = st.tuples(st.sampled_from(PEDIDOS), st.sampled_from(PRODUTOS))
clientes = st.one_of(st.none(), st.sampled_from(["ACME", "Beta Ltda", "Çaçula & Cia"]))


def _num(value: Decimal) -> str:
    return str(value)


@st.composite
def states(draw: Any) -> dict[str, Any]:
    """A local state document (the ``seed`` format of docs/comando.md)."""
    line_keys = draw(st.lists(keys, unique=True, max_size=8))
    carteira = [
        {
            "num_pedido": k[0],
            "cod_produto": k[1],
            "qtd_saldo": _num(draw(quantities)),
            "cliente": draw(clientes),
        }
        for k in line_keys
    ]
    # Allocations mostly on existing lines, sometimes orphans (a line removed earlier).
    alloc_keys = line_keys + draw(st.lists(keys, max_size=2))
    pres: list[dict[str, Any]] = []
    seps: list[dict[str, Any]] = []
    next_id = 1
    if alloc_keys:
        for _ in range(draw(st.integers(0, 8))):
            k = draw(st.sampled_from(alloc_keys))
            pres.append(
                {
                    "id": next_id,
                    "num_pedido": k[0],
                    "cod_produto": k[1],
                    "qtd": _num(draw(st.decimals(min_value="0.001", max_value=200, places=3))),
                    "criado_em": (T0 + timedelta(minutes=draw(st.integers(0, 5)))).isoformat(),
                    "tipo_envio": draw(st.sampled_from(["total", "parcial"])),
                }
            )
            next_id += 1
        for _ in range(draw(st.integers(0, 8))):
            k = draw(st.sampled_from(alloc_keys))
            status = draw(st.sampled_from(["ABERTO", "COTADO", "EMBARCADO", "FATURADO"]))
            seps.append(
                {
                    "id": next_id,
                    # All rows of a lote share its pedido and status (a state file where they don't is refused).
                    "lote": f"LOTE-{k[0]}-{status}-{draw(st.integers(1, 2))}",
                    "num_pedido": k[0],
                    "cod_produto": k[1],
                    "qtd": _num(draw(quantities)),
                    "status": status,
                    "criado_em": (T0 + timedelta(minutes=draw(st.integers(0, 5)))).isoformat(),
                    "tipo_envio": draw(st.sampled_from(["total", "parcial"])),
                }
            )
            next_id += 1
    return {"carteira": carteira, "pre_separacoes": pres, "separacoes": seps}


@st.composite
def sources(draw: Any, state: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """An Odoo answer: some keys of the state (changed or not), new keys, duplicates."""
    existing = [(r["num_pedido"], r["cod_produto"], r["qtd_saldo"]) for r in (state or {}).get("carteira", [])]
    rows: list[dict[str, Any]] = []
    for pedido, produto, saldo in existing:
        choice = draw(st.sampled_from(["same", "same", "other", "drop"]))
        if choice == "drop":
            continue
        q = saldo if choice == "same" else _num(draw(quantities))
        row: dict[str, Any] = {"num_pedido": pedido, "cod_produto": produto, "qtd_saldo": q}
        if draw(st.booleans()):
            row["cliente"] = draw(clientes)
        rows.append(row)
    for k in draw(st.lists(keys, max_size=4)):
        rows.append({"num_pedido": k[0], "cod_produto": k[1], "qtd_saldo": _num(draw(quantities))})
    return rows

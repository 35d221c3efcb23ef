"""The worked example of docs/regras.md as documents: the local state and what Odoo sends, shared by the tests."""

from __future__ import annotations

import copy
from typing import Any

_STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ],
    "pre_separacoes": [
        {
            "id": 7,
            "num_pedido": "PED001",
            "cod_produto": "PROD001",
            "qtd": 30,
            "criado_em": "2026-11-01T10:00:00+00:00",
            "tipo_envio": "parcial",
        }
    ],
    "separacoes": [
        {
            "id": 3,
            "lote": "LOTE-1",
            "num_pedido": "PED002",
            "cod_produto": "PROD001",
            "qtd": 100,
            "status": "COTADO",
            "criado_em": "2026-11-02T09:00:00+00:00",
            "tipo_envio": "parcial",
        }
    ],
}
_SOURCE: list[dict[str, Any]] = [
    {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 80},
    {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 70},
    {"num_pedido": "PED003", "cod_produto": "PROD001", "qtd_saldo": 30},
]


def worked_state(*clientes: str | None) -> dict[str, Any]:
    """A fresh copy of the state; ``clientes`` names the clients of the three lines, in order."""
    state = copy.deepcopy(_STATE)
    for row, cliente in zip(state["carteira"], clientes, strict=False):
        if cliente is not None:
            row["cliente"] = cliente
    return state


def worked_source(novo_cliente: str | None = None) -> list[dict[str, Any]]:
    """A fresh copy of what Odoo sends; ``novo_cliente`` names the client of the new line."""
    source = copy.deepcopy(_SOURCE)
    if novo_cliente is not None:
        source[2]["cliente"] = novo_cliente
    return source

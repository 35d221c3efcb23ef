"""Deterministic benchmark data: a carteira of N lines with allocations, and an Odoo answer with ~5 % changed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

STATUSES = ["ABERTO", "COTADO", "EMBARCADO", "FATURADO"]
CIDADES = [("São Paulo", "SP"), ("Campinas", "SP"), ("Belo Horizonte", "MG"), ("Curitiba", "PR"), ("Recife", "PE")]


def generate(lines: int, changed: float = 0.05, seed: int = 2026) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return (state document in the ``seed`` format, source lines in the ``--source`` format)."""
    rnd = random.Random(seed)
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    carteira: list[dict[str, Any]] = []
    pres: list[dict[str, Any]] = []
    seps: list[dict[str, Any]] = []
    next_id = 1
    for i in range(lines):
        pedido = f"VCD{2600000 + i // 4}"
        produto = f"PROD{i % 4:02d}{(i * 7919) % 10000:04d}"
        saldo = rnd.randint(10, 500)
        cidade, uf = CIDADES[i % len(CIDADES)]
        carteira.append(
            {
                "num_pedido": pedido,
                "cod_produto": produto,
                "qtd_saldo": saldo,
                "nome_produto": f"Produto {produto}",
                "cliente": f"Cliente {i // 40:05d} Ltda",
                "cnpj_cpf": f"{10000000000000 + i // 40}",
                "municipio": cidade,
                "uf": uf,
                "data_pedido": "2026-11-01",
                "data_entrega": "2026-12-15",
                "preco": f"{rnd.randint(100, 99999) / 100:.2f}",
            }
        )
        roll = rnd.random()
        if roll < 0.20:
            pres.append(
                {
                    "id": next_id,
                    "num_pedido": pedido,
                    "cod_produto": produto,
                    "qtd": saldo // 3,
                    "criado_em": (t0 + timedelta(minutes=i % 600)).isoformat(),
                    "tipo_envio": "total" if i % 5 == 0 else "parcial",
                }
            )
            next_id += 1
        elif roll < 0.35:
            seps.append(
                {
                    "id": next_id,
                    # One lote per pedido and status: all rows of a lote share both.
                    "lote": f"LOTE-20261101-{pedido}-{STATUSES[i % 4]}",
                    "num_pedido": pedido,
                    "cod_produto": produto,
                    "qtd": saldo // 2,
                    "status": STATUSES[i % 4],
                    "criado_em": (t0 + timedelta(minutes=i % 600)).isoformat(),
                    "tipo_envio": "parcial",
                }
            )
            next_id += 1
    source: list[dict[str, Any]] = []
    for row in carteira:
        roll = rnd.random()
        if roll < changed * 0.3:
            source.append({**row, "qtd_saldo": max(0, row["qtd_saldo"] - rnd.randint(1, row["qtd_saldo"]))})
        elif roll < changed * 0.5:
            source.append({**row, "qtd_saldo": row["qtd_saldo"] + rnd.randint(1, 50)})
        elif roll < changed * 0.7:
            continue  # REMOVIDO
        elif roll < changed * 0.85:
            source.append({**row, "data_entrega": "2026-12-22"})
        else:
            source.append(dict(row))
    for j in range(int(lines * changed * 0.15)):
        source.append(
            {
                "num_pedido": f"VCD{2900000 + j}",
                "cod_produto": f"NOVO{j:05d}",
                "qtd_saldo": rnd.randint(1, 300),
                "cliente": "Cliente Novo S.A.",
                "municipio": "Salvador",
                "uf": "BA",
            }
        )
    return {"carteira": carteira, "pre_separacoes": pres, "separacoes": seps}, source

"""Alert rows: read the open alerts of some lines, write what the domain's merge decided, acknowledge.

No rule lives here (``domain.alerts.merge_alerts`` decides).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from carteira_gui.adapters.db.reads import ALERTA
from carteira_gui.domain.alerts import AlertWrites, OpenAlert
from carteira_gui.domain.model import Key, Nivel


def open_alerts(conn: Connection, keys: Collection[Key]) -> list[OpenAlert]:
    """Unacknowledged alerts of the lines ``keys``."""
    a = ALERTA.c
    wanted = set(keys)
    return [
        OpenAlert(
            row.id,
            row.separacao_id,
            row.pre_separacao_id,
            row.num_pedido,
            row.cod_produto,
            row.tipo,
            Nivel(row.nivel),
            row.qtd_anterior,
        )
        for row in conn.execute(
            select(
                a.id, a.separacao_id, a.pre_separacao_id, a.num_pedido, a.cod_produto, a.tipo, a.nivel, a.qtd_anterior
            )
            .where(a.reconhecido_em.is_(None))
            .order_by(a.id)
        )
        if (row.num_pedido, row.cod_produto) in wanted
    ]


def write_alerts(conn: Connection, writes: AlertWrites, sync_id: int, now: datetime) -> None:
    """Insert the new alerts and update the merged ones, all stamped with ``sync_id``."""
    if writes.inserts:
        conn.execute(
            insert(ALERTA),
            [
                {
                    "nivel": al.nivel.value,
                    "tipo": al.tipo.value,
                    "num_pedido": al.num_pedido,
                    "cod_produto": al.cod_produto,
                    "separacao_id": al.separacao_id,
                    "pre_separacao_id": al.pre_separacao_id,
                    "lote": al.lote,
                    "qtd_anterior": al.qtd_anterior,
                    "qtd_nova": al.qtd_nova,
                    "mensagem": al.mensagem,
                    "sync_id": sync_id,
                    "criado_em": now,
                    "atualizado_em": now,
                    "reconhecido_por": None,
                    "reconhecido_em": None,
                    "nota": None,
                }
                for al in writes.inserts
            ],
        )
    if writes.updates:
        rows: list[dict[str, Any]] = [
            {
                "b_id": u.id,
                "nivel": u.nivel.value,
                "tipo": u.tipo.value,
                "qtd_nova": u.qtd_nova,
                "mensagem": u.mensagem,
                "sync_id": sync_id,
                "atualizado_em": now,
                "lote": u.lote,
            }
            for u in writes.updates
        ]
        conn.execute(
            update(ALERTA)
            .where(ALERTA.c.id == bindparam("b_id"))
            .values(
                nivel=bindparam("nivel"),
                tipo=bindparam("tipo"),
                qtd_nova=bindparam("qtd_nova"),
                mensagem=bindparam("mensagem"),
                sync_id=bindparam("sync_id"),
                atualizado_em=bindparam("atualizado_em"),
                lote=bindparam("lote"),
            ),
            rows,
        )


def acknowledge(conn: Connection, ids: Collection[int], by: str, note: str | None, when: datetime) -> None:
    """Mark the alerts ``ids`` acknowledged by ``by`` at ``when`` with ``note``."""
    conn.execute(
        update(ALERTA)
        .where(ALERTA.c.id.in_(sorted(ids)), ALERTA.c.reconhecido_em.is_(None))
        .values(reconhecido_por=by, reconhecido_em=when, nota=note)
    )

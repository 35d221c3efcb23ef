"""The planners' decisions in the database: pré-separações with their fields, lotes, the audit trail.

The rules are the domain's (``domain/decisions.py``); the use cases decide, under the write lock of
``SqlUnitOfWork.writing()``, and this module only reads and writes rows. Every read goes through an index:
pré-separações by id or by line, lotes by code, status or pedido (``ix_lote_*``), their rows by lote
(``ix_separacao_lote``) or by line (``ix_separacao_chave``), a line's syncs by ``ix_sync_change_chave`` and its
decisions by ``ix_auditoria_chave``.

Lote codes are made unique by the write lock (one writer at a time reads the codes of the day and takes the
next); ``lote.codigo`` is the primary key, so a writer that bypassed the lock fails instead of sharing a code.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, insert, select, update

from carteira_gui.adapters.db.reads import AUDITORIA, CHANGE, LOTE, RUN
from carteira_gui.adapters.db.types import Qtd
from carteira_gui.adapters.db.writer import PRE, SEP
from carteira_gui.domain.decisions import AuditEntry, LoteEdit, NewPre, NewSepRow, StatusMove
from carteira_gui.domain.model import Key, Status
from carteira_gui.domain.quantities import fmt_qtd
from carteira_gui.services.views import HistoryEntry, LoteItemView, LoteView, PreView

#: Ids per ``IN (…)`` list: small enough for every driver's parameter limit.
_CHUNK = 500


def _chunks(values: Collection[Any]) -> list[list[Any]]:
    items = sorted(set(values))
    return [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]


# -- pré-separações -------------------------------------------------------------------------------------


def read_pres(conn: Connection, ids: Collection[int] | None = None, key: Key | None = None) -> list[PreView]:
    """Pré-separações with their decision fields: these ids, or those of ``key``, or all; in id order."""
    query = select(
        PRE.c.id,
        PRE.c.num_pedido,
        PRE.c.cod_produto,
        PRE.c.qtd,
        PRE.c.tipo_envio,
        PRE.c.criado_em,
        PRE.c.data_expedicao,
        PRE.c.observacao,
        PRE.c.criado_por,
    ).order_by(PRE.c.id)
    if key is not None:
        query = query.where(PRE.c.num_pedido == key[0], PRE.c.cod_produto == key[1])
    if ids is None:
        return [PreView(*row) for row in conn.execute(query)]
    found = [PreView(*row) for chunk in _chunks(ids) for row in conn.execute(query.where(PRE.c.id.in_(chunk)))]
    return sorted(found, key=lambda p: p.id)


def insert_pre(conn: Connection, pre: NewPre) -> int:
    """Insert a pré-separação; return its id."""
    new_id = conn.execute(
        insert(PRE)
        .values(
            num_pedido=pre.num_pedido,
            cod_produto=pre.cod_produto,
            qtd=pre.qtd,
            criado_em=pre.criado_em,
            tipo_envio=pre.tipo_envio.value,
            data_expedicao=pre.data_expedicao,
            observacao=pre.observacao,
            criado_por=pre.criado_por,
        )
        .returning(PRE.c.id)
    ).scalar_one()
    return int(new_id)


def update_pre(
    conn: Connection, pre_id: int, qtd: Decimal, data_expedicao: date | None, observacao: str | None
) -> None:
    """Set a pré-separação's quantity, date and note (an unknown id changes nothing)."""
    conn.execute(
        update(PRE).where(PRE.c.id == pre_id).values(qtd=qtd, data_expedicao=data_expedicao, observacao=observacao)
    )


def delete_pres(conn: Connection, ids: Collection[int]) -> None:
    """Delete pré-separações by id."""
    for chunk in _chunks(ids):
        conn.execute(delete(PRE).where(PRE.c.id.in_(chunk)))


# -- lotes ----------------------------------------------------------------------------------------------


def read_lotes(
    conn: Connection,
    *,
    status: str | None = None,
    pedido: str | None = None,
    codes: Collection[str] | None = None,
    key: Key | None = None,
) -> list[LoteView]:
    """Lotes with their rows (in id order), filtered by every criterion given; newest first."""
    query: Select[Any] = select(LOTE).order_by(LOTE.c.criado_em.desc(), LOTE.c.codigo.desc())
    if status is not None:
        query = query.where(LOTE.c.status == str(status))
    if pedido is not None:
        query = query.where(LOTE.c.num_pedido == pedido)
    if key is not None:
        query = query.where(
            LOTE.c.codigo.in_(select(SEP.c.lote).where(SEP.c.num_pedido == key[0], SEP.c.cod_produto == key[1]))
        )
    if codes is None:
        lotes = list(conn.execute(query))
    else:
        lotes = [row for chunk in _chunks(codes) for row in conn.execute(query.where(LOTE.c.codigo.in_(chunk)))]
        lotes.sort(key=lambda r: (r.criado_em, r.codigo), reverse=True)
    if not lotes:
        return []
    items: dict[str, list[LoteItemView]] = {}
    rows = select(SEP.c.id, SEP.c.lote, SEP.c.cod_produto, SEP.c.qtd, SEP.c.tipo_envio).order_by(SEP.c.id)
    if status is None and pedido is None and codes is None and key is None:
        found = list(conn.execute(rows))  # every lote: every row, in one pass
    else:
        chunks = _chunks([lote.codigo for lote in lotes])
        found = [r for chunk in chunks for r in conn.execute(rows.where(SEP.c.lote.in_(chunk)))]
        found.sort(key=lambda r: r.id)
    for r in found:
        items.setdefault(r.lote, []).append(LoteItemView(r.id, r.cod_produto, r.qtd, r.tipo_envio))
    return [
        LoteView(
            lote=r.codigo,
            num_pedido=r.num_pedido,
            status=r.status,
            data_expedicao=r.data_expedicao,
            criado_por=r.criado_por,
            criado_em=r.criado_em,
            transportadora=r.transportadora,
            valor_frete=r.valor_frete,
            data_embarque=r.data_embarque,
            numero_nf=r.numero_nf,
            observacao=r.observacao,
            itens=tuple(items.get(r.codigo, ())),
        )
        for r in lotes
    ]


def lote_codes(conn: Connection, prefix: str) -> list[str]:
    """Codes starting with ``prefix``: of the lotes there are AND of those the audit trail names (deleted ones).

    A deleted lote's code is never given to another, so the audit and old alerts keep meaning one lote.
    Exactly ``prefix`` (SQLite's LIKE ignores case); sorted.
    """
    live = conn.execute(select(LOTE.c.codigo).where(LOTE.c.codigo.startswith(prefix, autoescape=True))).scalars()
    audited = conn.execute(
        select(AUDITORIA.c.alvo).where(AUDITORIA.c.alvo.startswith(prefix, autoescape=True)).distinct()
    ).scalars()
    return sorted({code for code in (*live, *audited) if code.startswith(prefix)})


def _sep_rows(
    lote: str, num_pedido: str, status: str, rows: Sequence[NewSepRow], now: datetime
) -> list[dict[str, Any]]:
    return [
        {
            "lote": lote,
            "num_pedido": num_pedido,
            "cod_produto": row.cod_produto,
            "qtd": row.qtd,
            "status": status,
            "criado_em": now,
            "tipo_envio": row.tipo_envio.value,
        }
        for row in rows
    ]


def insert_lote(
    conn: Connection,
    lote: str,
    num_pedido: str,
    rows: Sequence[NewSepRow],
    *,
    data_expedicao: date | None,
    observacao: str | None,
    by: str,
    now: datetime,
) -> None:
    """Insert an ABERTO lote and its rows (a code already taken fails on the primary key)."""
    conn.execute(
        insert(LOTE).values(
            codigo=lote,
            num_pedido=num_pedido,
            status=Status.ABERTO.value,
            data_expedicao=data_expedicao,
            observacao=observacao,
            criado_por=by,
            criado_em=now,
            atualizado_em=now,
        )
    )
    if rows:
        conn.execute(insert(SEP), _sep_rows(lote, num_pedido, Status.ABERTO.value, rows, now))


def edit_lote(conn: Connection, lote: str, num_pedido: str, edit: LoteEdit, now: datetime) -> None:
    """Update, add and remove rows of a lote (only rows of this lote are touched); touch ``atualizado_em``."""
    if edit.updates:
        conn.execute(
            update(SEP)
            .where(SEP.c.id == bindparam("b_id"), SEP.c.lote == lote)
            .values(qtd=bindparam("b_qtd", type_=Qtd())),
            [{"b_id": row_id, "b_qtd": quantity} for row_id, quantity in edit.updates],
        )
    if edit.inserts:
        # New rows take the lote's status (ABERTO: only an ABERTO lote's quantities change).
        status = conn.execute(select(LOTE.c.status).where(LOTE.c.codigo == lote)).scalar()
        conn.execute(insert(SEP), _sep_rows(lote, num_pedido, status or Status.ABERTO.value, edit.inserts, now))
    for chunk in _chunks(edit.deletes):
        conn.execute(delete(SEP).where(SEP.c.id.in_(chunk), SEP.c.lote == lote))
    conn.execute(update(LOTE).where(LOTE.c.codigo == lote).values(atualizado_em=now))


def move_lote(conn: Connection, lote: str, move: StatusMove, now: datetime) -> None:
    """Set the status of a lote and of all its rows, and the fields the move gives (the others stay)."""
    values: dict[str, Any] = {"status": move.status.value, "atualizado_em": now}
    for name in ("transportadora", "valor_frete", "data_embarque", "numero_nf"):
        value = getattr(move, name)
        if value is not None:
            values[name] = value
    conn.execute(update(LOTE).where(LOTE.c.codigo == lote).values(**values))
    conn.execute(update(SEP).where(SEP.c.lote == lote).values(status=move.status.value))


def delete_lote(conn: Connection, lote: str) -> None:
    """Delete a lote's rows, then the lote."""
    conn.execute(delete(SEP).where(SEP.c.lote == lote))
    conn.execute(delete(LOTE).where(LOTE.c.codigo == lote))


# -- the audit trail and a line's history -----------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} não cabe no registro de auditoria")


def _jsonable(facts: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Facts as plain JSON values (quantities as exact text, dates in ISO), whatever the database's JSON."""
    if facts is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(dict(facts), default=_json_default, ensure_ascii=False))
    return loaded


def add_audit(conn: Connection, entries: Sequence[AuditEntry]) -> None:
    """Record decisions in the audit trail."""
    if not entries:
        return
    conn.execute(
        insert(AUDITORIA),
        [
            {
                "em": e.em,
                "por": e.por,
                "acao": e.acao,
                "num_pedido": e.num_pedido,
                "cod_produto": e.cod_produto,
                "alvo": e.alvo,
                "antes": _jsonable(e.antes),
                "depois": _jsonable(e.depois),
                "resumo": e.resumo,
            }
            for e in entries
        ],
    )


def _change_summary(r: Any) -> str:
    """``REDUCAO 100 → 80 (sync #3)``; an ALTERADO names its fields: ``ALTERADO cliente, uf (sync #3)``."""
    parts: list[str] = []
    if r.qtd_antes != r.qtd_depois or r.tipo in ("NOVO", "REMOVIDO"):
        parts.append(f"{fmt_qtd(r.qtd_antes)} → {fmt_qtd(r.qtd_depois)}")
    if r.nao_coberto:
        parts.append(f"{fmt_qtd(r.nao_coberto)} não coberto")
    if r.campos:
        parts.append(", ".join(r.campos))
    detail = f" {'; '.join(parts)}" if parts else ""
    return f"{r.tipo}{detail} (sync #{r.sync_id})"


def history_of(conn: Connection, key: Key, limit: int) -> list[HistoryEntry]:
    """The line's syncs and decisions, newest first, at most ``limit``.

    Decisions are the audit rows of the line and those of a whole lote (``cod_produto`` NULL, ``alvo`` the
    lote's code) for the lotes that hold a row of the line now.
    """
    if limit <= 0:
        return []
    pedido, produto = key
    events: list[tuple[datetime, int, int, HistoryEntry]] = []
    syncs = conn.execute(
        select(
            CHANGE.c.id,
            CHANGE.c.sync_id,
            CHANGE.c.tipo,
            CHANGE.c.qtd_antes,
            CHANGE.c.qtd_depois,
            CHANGE.c.nao_coberto,
            CHANGE.c.campos,
            RUN.c.iniciado_em,
            RUN.c.usuario,
        )
        .join(RUN, RUN.c.id == CHANGE.c.sync_id)
        .where(CHANGE.c.num_pedido == pedido, CHANGE.c.cod_produto == produto)
        .order_by(RUN.c.iniciado_em.desc(), CHANGE.c.id.desc())
        .limit(limit)
    )
    for r in syncs:
        entry = HistoryEntry(r.iniciado_em, "sync", r.usuario, r.tipo, _change_summary(r))
        events.append((r.iniciado_em, 0, r.id, entry))
    columns = (AUDITORIA.c.id, AUDITORIA.c.em, AUDITORIA.c.por, AUDITORIA.c.acao, AUDITORIA.c.resumo)
    newest = (AUDITORIA.c.em.desc(), AUDITORIA.c.id.desc())
    of_line = select(*columns).where(AUDITORIA.c.num_pedido == pedido, AUDITORIA.c.cod_produto == produto)
    lotes_of_line = select(SEP.c.lote).where(SEP.c.num_pedido == pedido, SEP.c.cod_produto == produto)
    of_lotes = select(*columns).where(
        AUDITORIA.c.num_pedido == pedido,
        AUDITORIA.c.cod_produto.is_(None),
        AUDITORIA.c.alvo.in_(lotes_of_line),
    )
    for query in (of_line, of_lotes):
        for a in conn.execute(query.order_by(*newest).limit(limit)):
            events.append((a.em, 1, a.id, HistoryEntry(a.em, "decisao", a.por, a.acao, a.resumo)))
    events.sort(key=lambda e: (e[0], e[1], e[2]), reverse=True)
    return [e[3] for e in events[:limit]]

"""Writes of an apply and of a seed, inside the locked transaction the unit of work opened.

The rows come decided: ``domain.writes.plan_writes`` says which lines and allocations change and to what;
this module only turns them into SQL. Bulk writes use driver-level executemany: SQLAlchemy's per-row
parameter processing cost more than the database's own work for the thousands of rows an apply writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, text

from carteira_gui.adapters.db.models import PreSeparacaoRow, SeparacaoRow
from carteira_gui.adapters.db.reads import ALERTA, AUDITORIA, CARTEIRA, CHANGE, IMPACTO, LOTE, RUN
from carteira_gui.domain.model import CAMPOS, CarteiraLine, Key
from carteira_gui.domain.parsing import LOTE_FIELDS, PRE_FIELDS, ParsedState
from carteira_gui.domain.plan import Change, Plan, field_to_json
from carteira_gui.domain.safe import HeldChange
from carteira_gui.domain.writes import PlanWrites

PRE: Table = PreSeparacaoRow.__table__  # type: ignore[assignment]
SEP: Table = SeparacaoRow.__table__  # type: ignore[assignment]

_CHUNK = 500


class _Bulk:
    """Bulk writes at the driver level, with values converted once to what the columns store.

    ``types.Qtd`` is integer thousandths on SQLite and ``Numeric`` on PostgreSQL; dates are ISO text on SQLite.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.postgres = conn.dialect.name == "postgresql"

    def qtd(self, value: Decimal) -> Any:
        return value if self.postgres else int(value.scaleb(3).to_integral_value())

    def preco(self, value: Decimal | None) -> Any:
        if value is None or self.postgres:
            return value
        return int(value.scaleb(4).to_integral_value())

    def day(self, value: date | None) -> Any:
        if value is None or self.postgres:
            return value
        return value.isoformat()

    def line(self, line: CarteiraLine) -> tuple[Any, ...]:
        """qtd_saldo and the Odoo-owned fields, in ``CAMPOS`` order, as stored."""
        return (
            self.qtd(line.qtd_saldo),
            line.nome_produto,
            line.cliente,
            line.cnpj_cpf,
            line.municipio,
            line.uf,
            self.day(line.data_pedido),
            self.day(line.data_entrega),
            self.preco(line.preco),
        )

    def run(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Execute ``sql`` (written with ``?`` placeholders) once per row."""
        if not rows:
            return
        if self.postgres:
            sql = sql.replace("?", "%s")
        # Driver-level executemany: no per-row compilation or type processing, errors still wrapped.
        self._conn.exec_driver_sql(sql, list(rows))


def _delete_ids(conn: Connection, table: Table, ids: list[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        conn.execute(delete(table).where(table.c.id.in_(ids[start : start + _CHUNK])))


def write_plan(
    conn: Connection,
    writes: PlanWrites,
    plan: Plan,
    ids: dict[Key, int],
    usuario: str,
    started: datetime,
    *,
    held: Sequence[HeldChange] = (),
    automatico: bool = False,
) -> int:
    """Write ``writes`` (lines, allocations), record the run, its changes and what it held; return the run id."""
    bulk = _Bulk(conn)
    columns = ("qtd_saldo", *CAMPOS)
    bulk.run(
        f"UPDATE carteira SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        [(*bulk.line(line), ids[(line.num_pedido, line.cod_produto)]) for line in writes.line_updates],
    )
    bulk.run(
        f"INSERT INTO carteira (num_pedido, cod_produto, {', '.join(columns)}) "
        f"VALUES ({', '.join('?' * (len(columns) + 2))})",
        [(line.num_pedido, line.cod_produto, *bulk.line(line)) for line in writes.line_inserts],
    )
    _delete_ids(conn, CARTEIRA, [ids[key] for key in writes.line_deletes])
    bulk.run("UPDATE pre_separacao SET qtd = ? WHERE id = ?", [(bulk.qtd(q), i) for i, q in writes.pre_updates])
    _delete_ids(conn, PRE, writes.pre_deletes)
    bulk.run("UPDATE separacao SET qtd = ? WHERE id = ?", [(bulk.qtd(q), i) for i, q in writes.sep_updates])

    summary = plan.summary
    alert_counts = summary["alertas"]
    finished = datetime.now(UTC)
    run_id = conn.execute(
        insert(RUN)
        .values(
            iniciado_em=started,
            concluido_em=finished,
            usuario=usuario,
            origem=plan.origem,
            fingerprint=plan.fingerprint,
            n_reducao=summary["REDUCAO"],
            n_aumento=summary["AUMENTO"],
            n_novo=summary["NOVO"],
            n_removido=summary["REMOVIDO"],
            n_alterado=summary["ALTERADO"],
            n_inalterado=summary["INALTERADO"],
            n_critico=alert_counts["CRITICO"],
            n_atencao=alert_counts["ATENCAO"],
            n_info=alert_counts["INFO"],
            linhas_antes=writes.linhas_antes,
            linhas_depois=writes.linhas_depois,
            delta_total=plan.delta_total,
            duracao_s=(finished - started).total_seconds(),
            automatico=automatico,
            retidas=len(held),
        )
        .returning(RUN.c.id)
    ).scalar_one()
    _write_changes(conn, bulk, plan, writes, int(run_id), held)
    return int(run_id)


def _write_changes(
    conn: Connection, bulk: _Bulk, plan: Plan, writes: PlanWrites, run_id: int, held: Sequence[HeldChange]
) -> None:
    if not plan.changes and not held:
        return
    b_qtd = bulk.qtd
    # Ids are assigned here rather than returned: only an apply inserts changes, and it holds the sync
    # lock; SQLite would otherwise run an ordered INSERT … RETURNING one row at a time.
    first = int(conn.execute(select(func.coalesce(func.max(CHANGE.c.id), 0))).scalar_one()) + 1
    rows: list[tuple[Any, ...]] = []
    impactos: list[tuple[Any, ...]] = []
    entries: list[tuple[Change, str | None, str | None]] = [
        (change, cliente, None) for change, cliente in zip(plan.changes, writes.clientes, strict=True)
    ]
    entries += [(h.change, h.change.cliente, h.motivo) for h in held]
    for change_id, (change, cliente, motivo) in enumerate(entries, start=first):
        campos = (
            json.dumps(
                {k: [field_to_json(a), field_to_json(b)] for k, (a, b) in change.campos.items()},
                ensure_ascii=False,
            )
            if change.campos
            else "{}"
        )
        rows.append(
            (
                change_id,
                run_id,
                change.tipo.value,
                change.num_pedido,
                change.cod_produto,
                cliente,
                b_qtd(change.qtd_antes),
                b_qtd(change.qtd_depois),
                b_qtd(change.nao_coberto),
                change.linhas_somadas,
                campos,
                motivo is not None,
                motivo,
            )
        )
        impactos.extend(
            (
                change_id,
                imp.alvo.value,
                imp.id,
                imp.lote,
                imp.status.value if imp.status else None,
                b_qtd(imp.qtd_antes),
                b_qtd(imp.qtd_depois),
            )
            for imp in change.impactos
        )
    json_param = "CAST(? AS JSON)" if bulk.postgres else "?"
    bulk.run(
        "INSERT INTO sync_change (id, sync_id, tipo, num_pedido, cod_produto, cliente, qtd_antes, qtd_depois, "
        "nao_coberto, linhas_somadas, campos, retida, motivo) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {json_param}, ?, ?)",
        rows,
    )
    bulk.run(
        "INSERT INTO sync_impacto (change_id, alvo, alvo_id, lote, status, qtd_antes, qtd_depois) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        impactos,
    )


# -- seed ----------------------------------------------------------------------------------------------

_ALL_TABLES = (IMPACTO, CHANGE, ALERTA, RUN, PRE, SEP, LOTE, AUDITORIA, CARTEIRA)


def is_empty(conn: Connection) -> bool:
    """Whether no line, allocation, lote, decision, alert or run is stored."""
    return not any(
        conn.execute(select(func.count()).select_from(table)).scalar_one()
        for table in (CARTEIRA, PRE, SEP, LOTE, AUDITORIA, ALERTA, RUN)
    )


def clear(conn: Connection) -> None:
    """Delete everything (children first)."""
    for table in _ALL_TABLES:
        conn.execute(delete(table))


def insert_state(conn: Connection, state: ParsedState) -> None:
    """Insert a validated state; allocation ids are kept when the state gives them.

    The pré-separações take their decision fields from ``state.pre_fields``; every lote of the separações
    gets its ``lote`` row from ``state.lotes`` (created when its earliest row was).
    """
    rows = [
        {
            "num_pedido": line.num_pedido,
            "cod_produto": line.cod_produto,
            "qtd_saldo": line.qtd_saldo,
            **{name: getattr(line, name) for name in CAMPOS},
        }
        for line in state.lines
    ]
    # Multi-row INSERTs: PostgreSQL's revision trigger runs once per statement, not once per line.
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(CARTEIRA).values(rows[start : start + _CHUNK]))
    _insert_allocations(
        conn,
        PRE,
        [
            {
                "id": p.id or None,
                "num_pedido": p.num_pedido,
                "cod_produto": p.cod_produto,
                "qtd": p.qtd,
                "criado_em": p.criado_em,
                "tipo_envio": p.tipo_envio.value,
                **{name: fields.get(name) for name in PRE_FIELDS},
            }
            for p, fields in zip(state.pre_separacoes, state.pre_fields, strict=True)
        ],
    )
    _insert_allocations(
        conn,
        SEP,
        [
            {
                "id": s.id or None,
                "lote": s.lote,
                "num_pedido": s.num_pedido,
                "cod_produto": s.cod_produto,
                "qtd": s.qtd,
                "status": s.status.value,
                "criado_em": s.criado_em,
                "tipo_envio": s.tipo_envio.value,
            }
            for s in state.separacoes
        ],
    )
    lotes = _lote_rows(state)
    for start in range(0, len(lotes), _CHUNK):
        conn.execute(insert(LOTE), lotes[start : start + _CHUNK])


def _lote_rows(state: ParsedState) -> list[dict[str, Any]]:
    """One ``lote`` row per lote of the separações: fields from ``state.lotes``, the pedido and status of its rows."""
    rows: dict[str, dict[str, Any]] = {}
    for sep in state.separacoes:
        row = rows.get(sep.lote)
        if row is None:
            fields = state.lotes.get(sep.lote, {})
            rows[sep.lote] = {
                "codigo": sep.lote,
                "num_pedido": fields.get("num_pedido") or sep.num_pedido,
                "status": fields.get("status") or sep.status.value,
                **{name: fields.get(name) for name in LOTE_FIELDS},
                "criado_em": sep.criado_em,
                "atualizado_em": sep.criado_em,
            }
        elif sep.criado_em < row["criado_em"]:
            row["criado_em"] = row["atualizado_em"] = sep.criado_em
    return list(rows.values())


def _insert_allocations(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    with_id = [r for r in rows if r["id"] is not None]
    without_id = [{k: v for k, v in r.items() if k != "id"} for r in rows if r["id"] is None]
    if with_id:
        conn.execute(insert(table), with_id)
        if conn.dialect.name == "postgresql":
            # Explicit ids do not advance the serial sequence; the next automatic id must not collide.
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                )
            )
    if without_id:
        conn.execute(insert(table), without_id)

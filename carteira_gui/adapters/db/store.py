"""The local database as the services see it.

Read a snapshot, write a plan in one locked transaction, seed and export states, alerts and sync history.

Bulk paths use SQLAlchemy Core (one statement per kind of write, executemany) rather than ORM objects:
a carteira of 100,000 lines must load and apply in about a second.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, insert, select, text, update

from carteira_gui.adapters.db.models import (
    AlertaRow,
    CarteiraRow,
    PreSeparacaoRow,
    SeparacaoRow,
    SyncChangeRow,
    SyncImpactoRow,
    SyncRunRow,
    TravaRow,
)
from carteira_gui.domain.errors import NotFound
from carteira_gui.domain.model import (
    CAMPOS,
    NIVEL_ORDER,
    PRECO_EXP,
    QTD_EXP,
    Alvo,
    CarteiraLine,
    Key,
    Nivel,
    PreSeparacao,
    Separacao,
    Snapshot,
    Status,
    TipoEnvio,
    TipoMudanca,
)
from carteira_gui.domain.parsing import ParsedState
from carteira_gui.domain.plan import AlertaPlano, Plan, field_to_json
from carteira_gui.domain.planner import fmt_qtd

CARTEIRA: Table = CarteiraRow.__table__  # type: ignore[assignment]
PRE: Table = PreSeparacaoRow.__table__  # type: ignore[assignment]
SEP: Table = SeparacaoRow.__table__  # type: ignore[assignment]
RUN: Table = SyncRunRow.__table__  # type: ignore[assignment]
CHANGE: Table = SyncChangeRow.__table__  # type: ignore[assignment]
IMPACTO: Table = SyncImpactoRow.__table__  # type: ignore[assignment]
ALERTA: Table = AlertaRow.__table__  # type: ignore[assignment]
TRAVA: Table = TravaRow.__table__  # type: ignore[assignment]

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as stored (CLI.md fields)."""

    id: int
    nivel: str
    tipo: str
    num_pedido: str
    cod_produto: str
    separacao_id: int | None
    pre_separacao_id: int | None
    lote: str | None
    qtd_anterior: Decimal
    qtd_nova: Decimal
    mensagem: str
    sync_id: int | None
    criado_em: datetime
    atualizado_em: datetime
    reconhecido_por: str | None
    reconhecido_em: datetime | None
    nota: str | None


@dataclass(frozen=True, slots=True)
class RunView:
    """A past sync run with its counts."""

    id: int
    iniciado_em: datetime
    concluido_em: datetime
    usuario: str
    origem: str
    counts: dict[str, int]
    alertas: dict[str, int]
    linhas_antes: int
    linhas_depois: int
    delta_total: Decimal
    duracao_s: float


@dataclass(frozen=True, slots=True)
class ImpactoView:
    """A stored impact of a change."""

    alvo: str
    alvo_id: int | None
    lote: str | None
    status: str | None
    qtd_antes: Decimal
    qtd_depois: Decimal


@dataclass(frozen=True, slots=True)
class ChangeView:
    """A stored change of a sync run with its impacts."""

    tipo: str
    num_pedido: str
    cod_produto: str
    cliente: str | None
    qtd_antes: Decimal
    qtd_depois: Decimal
    nao_coberto: Decimal
    linhas_somadas: int
    campos: dict[str, Any]
    impactos: list[ImpactoView]

    @property
    def delta(self) -> Decimal:
        """qtd_depois − qtd_antes."""
        return self.qtd_depois - self.qtd_antes


class _Converters:
    """Turn raw database values into domain values without SQLAlchemy's per-value type processors.

    Loading 100,000 lines is the hot path of every plan and apply. SQLite keeps quantities as integers of
    thousandths and dates as ISO text; the same few values repeat on thousands of rows, so each distinct raw
    value is converted once and the (immutable) result shared.
    """

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"
        self._qtd: dict[Any, Decimal] = {}
        self._preco: dict[Any, Decimal] = {}
        self._date: dict[Any, date] = {}

    def qtd(self, raw: Any) -> Decimal:
        found = self._qtd.get(raw)
        if found is None:
            found = Decimal(raw).scaleb(-3) if self.sqlite else Decimal(raw).quantize(QTD_EXP)
            self._qtd[raw] = found
        return found

    def preco(self, raw: Any) -> Decimal | None:
        if raw is None:
            return None
        found = self._preco.get(raw)
        if found is None:
            found = Decimal(raw).scaleb(-4) if self.sqlite else Decimal(raw).quantize(PRECO_EXP)
            self._preco[raw] = found
        return found

    def day(self, raw: Any) -> date | None:
        if raw is None:
            return None
        found = self._date.get(raw)
        if found is None:
            found = date.fromisoformat(raw) if isinstance(raw, str) else raw
            self._date[raw] = found
        return found

    @staticmethod
    def moment(raw: Any) -> datetime:
        value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _fetchall(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    # The DBAPI cursor of the same connection (same transaction): plain tuples, no Row objects.
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _read_snapshot(conn: Connection, only: Collection[Key] | None = None) -> tuple[Snapshot, dict[Key, int]]:
    """Read the carteira and its allocations; with ``only``, build objects just for those keys.

    The lines digest always covers every row: a plan depends on the whole carteira, but an apply needs
    objects only for the lines it changes (a few thousand out of 100,000).
    """
    conv = _Converters(conn.dialect.name)
    qtd_of, preco_of, day_of, moment_of = conv.qtd, conv.preco, conv.day, conv.moment
    rows = _fetchall(
        conn,
        "SELECT id, num_pedido, cod_produto, qtd_saldo, nome_produto, cliente, cnpj_cpf, municipio, uf, "
        "data_pedido, data_entrega, preco FROM carteira ORDER BY id",
    )
    # The lines part of the fingerprint, from the raw rows in id order: both the plan and the apply read
    # through here, so the digest is comparable and costs one hash over the rows already in memory.
    hasher = hashlib.blake2b(digest_size=16)
    for start in range(0, len(rows), 5000):
        hasher.update(repr(rows[start : start + 5000]).encode())
    lines: dict[Key, CarteiraLine] = {}
    ids: dict[Key, int] = {}
    wanted = None if only is None else set(only)
    for r in rows:
        key = (r[1], r[2])
        if wanted is not None and key not in wanted:
            continue
        ids[key] = r[0]
        lines[key] = CarteiraLine(
            r[1], r[2], qtd_of(r[3]), r[4], r[5], r[6], r[7], r[8], day_of(r[9]), day_of(r[10]), preco_of(r[11])
        )
    tipos = {t.value: t for t in TipoEnvio}
    statuses = {s.value: s for s in Status}
    pres = [
        PreSeparacao(r[0], r[1], r[2], qtd_of(r[3]), moment_of(r[4]), tipos[r[5]])
        for r in _fetchall(conn, "SELECT id, num_pedido, cod_produto, qtd, criado_em, tipo_envio FROM pre_separacao")
        if wanted is None or (r[1], r[2]) in wanted
    ]
    seps = [
        Separacao(r[0], r[1], r[2], r[3], qtd_of(r[4]), statuses[r[5]], moment_of(r[6]), tipos[r[7]])
        for r in _fetchall(
            conn, "SELECT id, lote, num_pedido, cod_produto, qtd, status, criado_em, tipo_envio FROM separacao"
        )
        if wanted is None or (r[2], r[3]) in wanted
    ]
    snap = Snapshot.build([], pres, seps)
    snap.lines = lines
    snap.lines_digest = f"{len(rows)}-{hasher.hexdigest()}"
    snap.line_count = len(rows)
    return snap, ids


def _alert_group(tipo: str) -> str:
    # A reduction and a later removal of the same separação are one story: "what was printed → now".
    return "QTD" if tipo in ("REDUCAO", "REMOCAO") else tipo


class LockedTransaction:
    """An open transaction that holds the sync lock: re-read the state, then write a plan."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._ids: dict[Key, int] = {}

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """Read the current state inside the lock (objects only for ``only`` when given)."""
        snap, self._ids = _read_snapshot(self._conn, only)
        return snap

    def write_plan(self, plan: Plan, current: Snapshot, usuario: str, started: datetime) -> int:
        """Write every change of ``plan`` against ``current`` (the state just read) and record the run."""
        conn = self._conn
        now = datetime.now(UTC)
        updates: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        deletes: list[int] = []
        for change in plan.changes:
            key = change.key
            if change.tipo is TipoMudanca.REMOVIDO:
                deletes.append(self._ids[key])
                continue
            if change.tipo is TipoMudanca.NOVO:
                row: dict[str, Any] = dict.fromkeys(CAMPOS)
                row.update({name: after for name, (_b, after) in change.campos.items()})
                row.update(num_pedido=key[0], cod_produto=key[1], qtd_saldo=change.qtd_depois)
                inserts.append(row)
                continue
            line = current.lines[key]
            row = {name: getattr(line, name) for name in CAMPOS}
            row.update({name: after for name, (_b, after) in change.campos.items()})
            row.update(b_id=self._ids[key], qtd_saldo=change.qtd_depois)
            updates.append(row)
        c = CARTEIRA.c
        if updates:
            conn.execute(
                update(CARTEIRA)
                .where(c.id == bindparam("b_id"))
                .values({name: bindparam(name) for name in ("qtd_saldo", *CAMPOS)}),
                updates,
            )
        if inserts:
            conn.execute(insert(CARTEIRA), inserts)
        for start in range(0, len(deletes), _CHUNK):
            conn.execute(delete(CARTEIRA).where(c.id.in_(deletes[start : start + _CHUNK])))

        pre_updates: list[dict[str, Any]] = []
        pre_deletes: list[int] = []
        sep_updates: list[dict[str, Any]] = []
        for change in plan.changes:
            for imp in change.impactos:
                if imp.qtd_antes == imp.qtd_depois or imp.id is None:
                    continue
                if imp.alvo is Alvo.PRE_SEPARACAO:
                    if imp.excluida:
                        pre_deletes.append(imp.id)
                    else:
                        pre_updates.append({"b_id": imp.id, "qtd": imp.qtd_depois})
                elif imp.alvo is Alvo.SEPARACAO:
                    sep_updates.append({"b_id": imp.id, "qtd": imp.qtd_depois})
        if pre_updates:
            conn.execute(update(PRE).where(PRE.c.id == bindparam("b_id")).values(qtd=bindparam("qtd")), pre_updates)
        for start in range(0, len(pre_deletes), _CHUNK):
            conn.execute(delete(PRE).where(PRE.c.id.in_(pre_deletes[start : start + _CHUNK])))
        if sep_updates:
            conn.execute(update(SEP).where(SEP.c.id == bindparam("b_id")).values(qtd=bindparam("qtd")), sep_updates)

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
                linhas_antes=current.total_lines,
                linhas_depois=current.total_lines + len(inserts) - len(deletes),
                delta_total=plan.delta_total,
                duracao_s=(finished - started).total_seconds(),
            )
            .returning(RUN.c.id)
        ).scalar_one()
        self._write_changes(plan, current, run_id)
        self._upsert_alerts(plan, run_id, now)
        return int(run_id)

    def finish_run(self, run_id: int, started: datetime) -> None:
        """Stamp the run's end and duration once everything is written."""
        finished = datetime.now(UTC)
        self._conn.execute(
            update(RUN)
            .where(RUN.c.id == run_id)
            .values(concluido_em=finished, duracao_s=(finished - started).total_seconds())
        )

    def _write_changes(self, plan: Plan, current: Snapshot, run_id: int) -> None:
        if not plan.changes:
            return
        rows = []
        for change in plan.changes:
            cliente = change.cliente
            if cliente is None and change.key in current.lines:
                cliente = current.lines[change.key].cliente
            rows.append(
                {
                    "sync_id": run_id,
                    "tipo": change.tipo.value,
                    "num_pedido": change.num_pedido,
                    "cod_produto": change.cod_produto,
                    "cliente": cliente,
                    "qtd_antes": change.qtd_antes,
                    "qtd_depois": change.qtd_depois,
                    "nao_coberto": change.nao_coberto,
                    "linhas_somadas": change.linhas_somadas,
                    "campos": {k: [field_to_json(a), field_to_json(b)] for k, (a, b) in change.campos.items()},
                }
            )
        ids = (
            self._conn.execute(insert(CHANGE).returning(CHANGE.c.id, sort_by_parameter_order=True), rows)
            .scalars()
            .all()
        )
        impactos = [
            {
                "change_id": change_id,
                "alvo": imp.alvo.value,
                "alvo_id": imp.id,
                "lote": imp.lote,
                "status": imp.status.value if imp.status else None,
                "qtd_antes": imp.qtd_antes,
                "qtd_depois": imp.qtd_depois,
            }
            for change_id, change in zip(ids, plan.changes, strict=True)
            for imp in change.impactos
        ]
        if impactos:
            self._conn.execute(insert(IMPACTO), impactos)

    def _upsert_alerts(self, plan: Plan, run_id: int, now: datetime) -> None:
        new_alerts = [a for change in plan.changes for a in change.alertas]
        if not new_alerts:
            return
        a = ALERTA.c
        keys = {(al.num_pedido, al.cod_produto) for al in new_alerts}
        open_rows: dict[tuple[Any, ...], Any] = {}
        for row in self._conn.execute(
            select(
                a.id,
                a.separacao_id,
                a.pre_separacao_id,
                a.num_pedido,
                a.cod_produto,
                a.tipo,
                a.nivel,
                a.qtd_anterior,
            )
            .where(a.reconhecido_em.is_(None))
            .order_by(a.id)
        ):
            if (row.num_pedido, row.cod_produto) in keys:
                ident = (
                    row.separacao_id,
                    row.pre_separacao_id,
                    row.num_pedido,
                    row.cod_produto,
                    _alert_group(row.tipo),
                )
                open_rows.setdefault(ident, row)
        inserts: list[dict[str, Any]] = []
        merges: list[dict[str, Any]] = []
        for al in new_alerts:
            ident = (
                al.separacao_id,
                al.pre_separacao_id,
                al.num_pedido,
                al.cod_produto,
                _alert_group(al.tipo.value),
            )
            existing = open_rows.get(ident)
            if existing is None:
                inserts.append(_alert_row(al, run_id, now))
                continue
            first_before: Decimal = existing.qtd_anterior
            nivel = min(Nivel(existing.nivel), al.nivel, key=NIVEL_ORDER.__getitem__)
            mensagem = al.mensagem
            if first_before != al.qtd_anterior:
                mensagem += f" Desde o primeiro alerta: {fmt_qtd(first_before)} → {fmt_qtd(al.qtd_nova)}."
            merges.append(
                {
                    "b_id": existing.id,
                    "nivel": nivel.value,
                    "tipo": al.tipo.value,
                    "qtd_nova": al.qtd_nova,
                    "mensagem": mensagem,
                    "sync_id": run_id,
                    "atualizado_em": now,
                    "lote": al.lote,
                }
            )
        if inserts:
            self._conn.execute(insert(ALERTA), inserts)
        if merges:
            self._conn.execute(
                update(ALERTA)
                .where(a.id == bindparam("b_id"))
                .values(
                    nivel=bindparam("nivel"),
                    tipo=bindparam("tipo"),
                    qtd_nova=bindparam("qtd_nova"),
                    mensagem=bindparam("mensagem"),
                    sync_id=bindparam("sync_id"),
                    atualizado_em=bindparam("atualizado_em"),
                    lote=bindparam("lote"),
                ),
                merges,
            )


def _alert_row(al: AlertaPlano, run_id: int, now: datetime) -> dict[str, Any]:
    return {
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
        "sync_id": run_id,
        "criado_em": now,
        "atualizado_em": now,
        "reconhecido_por": None,
        "reconhecido_em": None,
        "nota": None,
    }


class SqlStore:
    """The local database behind the services (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def load_snapshot(self) -> Snapshot:
        """Read the carteira and every allocation once, in one read transaction."""
        with self.engine.connect() as conn:
            snap, _ids = _read_snapshot(conn)
            conn.rollback()
        return snap

    @contextmanager
    def locked(self) -> Iterator[LockedTransaction]:
        """A write transaction holding the sync lock; commits when the block ends, rolls back on error.

        SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once. PostgreSQL: the single row
        of ``trava`` is locked ``FOR UPDATE``, so two applies queue instead of interleaving.
        """
        conn = self.engine.connect()
        try:
            if self.dialect == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SET LOCAL lock_timeout = '60s'"))
                conn.execute(select(TRAVA.c.id).where(TRAVA.c.id == 1).with_for_update())
                yield LockedTransaction(conn)
        finally:
            conn.close()

    # -- seed and state -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether the database holds no carteira line, allocation, alert or sync run."""
        with self.engine.connect() as conn:
            for table in (CARTEIRA, PRE, SEP, ALERTA, RUN):
                if conn.execute(select(func.count()).select_from(table)).scalar_one():
                    return False
        return True

    def seed(self, state: ParsedState, *, replace: bool) -> dict[str, int]:
        """Load a validated state; with ``replace`` everything is emptied first. One transaction."""
        with self.locked() as tx:
            conn = tx._conn
            if replace:
                for table in (IMPACTO, CHANGE, ALERTA, RUN, PRE, SEP, CARTEIRA):
                    conn.execute(delete(table))
            else:
                for table in (CARTEIRA, PRE, SEP, ALERTA, RUN):
                    if conn.execute(select(func.count()).select_from(table)).scalar_one():
                        raise NotEmpty()
            if state.lines:
                conn.execute(
                    insert(CARTEIRA),
                    [
                        {
                            "num_pedido": line.num_pedido,
                            "cod_produto": line.cod_produto,
                            "qtd_saldo": line.qtd_saldo,
                            **{name: getattr(line, name) for name in CAMPOS},
                        }
                        for line in state.lines
                    ],
                )
            self._insert_allocations(
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
                    }
                    for p in state.pre_separacoes
                ],
            )
            self._insert_allocations(
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
        return {
            "carteira": len(state.lines),
            "pre_separacoes": len(state.pre_separacoes),
            "separacoes": len(state.separacoes),
        }

    def _insert_allocations(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        with_id = [r for r in rows if r["id"] is not None]
        without_id = [{k: v for k, v in r.items() if k != "id"} for r in rows if r["id"] is None]
        if with_id:
            conn.execute(insert(table), with_id)
            if self.dialect == "postgresql":
                # Explicit ids do not advance the serial sequence; the next automatic id must not collide.
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                    )
                )
        if without_id:
            conn.execute(insert(table), without_id)

    def alerts(self, *, include_acknowledged: bool = False) -> list[AlertView]:
        """Alerts, unacknowledged only by default; most severe first, then newest."""
        a = ALERTA.c
        query = select(ALERTA)
        if not include_acknowledged:
            query = query.where(a.reconhecido_em.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(a.id)).all()
        views = [AlertView(**row._asdict()) for row in rows]
        views.sort(key=lambda v: (v.reconhecido_em is not None, NIVEL_ORDER[Nivel(v.nivel)], -v.id))
        return views

    def acknowledge(self, ids: Sequence[int], by: str, note: str | None, when: datetime) -> list[int]:
        """Acknowledge alerts; all-or-nothing: an unknown id acknowledges none. Returns the ids changed."""
        a = ALERTA.c
        wanted = sorted(set(ids))
        with self.engine.begin() as conn:
            found = set(conn.execute(select(a.id).where(a.id.in_(wanted))).scalars())
            missing = [i for i in wanted if i not in found]
            if missing:
                raise NotFound(
                    f"Alerta(s) inexistente(s): {', '.join(map(str, missing))}. Nenhum alerta foi reconhecido; "
                    "confira os números com 'carteira-sync alerts --all'."
                )
            pending = list(conn.execute(select(a.id).where(a.id.in_(wanted), a.reconhecido_em.is_(None))).scalars())
            if pending:
                conn.execute(
                    update(ALERTA).where(a.id.in_(pending)).values(reconhecido_por=by, reconhecido_em=when, nota=note)
                )
        return pending

    def export_state(self) -> tuple[Snapshot, list[AlertView]]:
        """The whole state (lines, allocations) and every alert."""
        return self.load_snapshot(), self.alerts(include_acknowledged=True)

    def runs(self) -> list[RunView]:
        """Every sync run, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(RUN).order_by(RUN.c.id.desc())).all()
        return [_run_view(r) for r in rows]

    def run(self, run_id: int | None) -> RunView:
        """One sync run (the latest when ``run_id`` is None)."""
        with self.engine.connect() as conn:
            query = select(RUN)
            query = query.where(RUN.c.id == run_id) if run_id is not None else query.order_by(RUN.c.id.desc()).limit(1)
            row = conn.execute(query).first()
        if row is None:
            if run_id is None:
                raise NotFound("Ainda não há sincronizações registradas. Aplique um plano primeiro.")
            raise NotFound(
                f"A sincronização {run_id} não existe. Nada foi alterado; "
                "veja as existentes com 'carteira-sync history'."
            )
        return _run_view(row)

    def run_changes(self, run_id: int) -> list[ChangeView]:
        """The changes of a run with their impacts, in the order they were planned."""
        with self.engine.connect() as conn:
            changes = conn.execute(select(CHANGE).where(CHANGE.c.sync_id == run_id).order_by(CHANGE.c.id)).all()
            impactos: dict[int, list[ImpactoView]] = {}
            for r in conn.execute(
                select(IMPACTO)
                .join(CHANGE, CHANGE.c.id == IMPACTO.c.change_id)
                .where(CHANGE.c.sync_id == run_id)
                .order_by(IMPACTO.c.id)
            ):
                impactos.setdefault(r.change_id, []).append(
                    ImpactoView(r.alvo, r.alvo_id, r.lote, r.status, r.qtd_antes, r.qtd_depois)
                )
        return [
            ChangeView(
                r.tipo,
                r.num_pedido,
                r.cod_produto,
                r.cliente,
                r.qtd_antes,
                r.qtd_depois,
                r.nao_coberto,
                r.linhas_somadas,
                dict(r.campos or {}),
                impactos.get(r.id, []),
            )
            for r in changes
        ]

    def run_alerts(self, run_id: int) -> list[AlertView]:
        """Alerts last raised or updated by a run."""
        return [a for a in self.alerts(include_acknowledged=True) if a.sync_id == run_id]


class NotEmpty(Exception):
    """Raised inside ``seed`` when the database already holds data and ``replace`` was not asked."""


def _run_view(r: Any) -> RunView:
    return RunView(
        id=r.id,
        iniciado_em=r.iniciado_em,
        concluido_em=r.concluido_em,
        usuario=r.usuario,
        origem=r.origem,
        counts={
            "REDUCAO": r.n_reducao,
            "AUMENTO": r.n_aumento,
            "NOVO": r.n_novo,
            "REMOVIDO": r.n_removido,
            "ALTERADO": r.n_alterado,
            "INALTERADO": r.n_inalterado,
        },
        alertas={"CRITICO": r.n_critico, "ATENCAO": r.n_atencao, "INFO": r.n_info},
        linhas_antes=r.linhas_antes,
        linhas_depois=r.linhas_depois,
        delta_total=r.delta_total,
        duracao_s=r.duracao_s,
    )

"""The local database as the services see it.

Read a snapshot, write a plan in one locked transaction, seed and export states, alerts and sync history.

Bulk paths use SQLAlchemy Core (one statement per kind of write, executemany) rather than ORM objects:
a carteira of 100,000 lines must load and apply in about a second.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

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
from carteira_gui.domain.errors import NotFound, StalePlan
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
from carteira_gui.services.memory import collector_paused

CARTEIRA: Table = CarteiraRow.__table__  # type: ignore[assignment]
PRE: Table = PreSeparacaoRow.__table__  # type: ignore[assignment]
SEP: Table = SeparacaoRow.__table__  # type: ignore[assignment]
RUN: Table = SyncRunRow.__table__  # type: ignore[assignment]
CHANGE: Table = SyncChangeRow.__table__  # type: ignore[assignment]
IMPACTO: Table = SyncImpactoRow.__table__  # type: ignore[assignment]
ALERTA: Table = AlertaRow.__table__  # type: ignore[assignment]
TRAVA: Table = TravaRow.__table__  # type: ignore[assignment]

_CHUNK = 500
_QTD_UNIT = Decimal("1E-3")
_PRECO_UNIT = Decimal("1E-4")


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
        self.qtd_cache: dict[Any, Decimal] = {}
        self.preco_cache: dict[Any, Decimal | None] = {None: None}
        self.date_cache: dict[Any, date | None] = {None: None}
        # Uncached conversions of one raw value, for column-wise loads (which convert each distinct value once).
        # Multiplying an integer of thousandths by 1E-3 is exact and gives the 3-place exponent directly.
        self.qtd_raw: Callable[[Any], Decimal] = (
            (lambda raw: Decimal(raw) * _QTD_UNIT) if self.sqlite else (lambda raw: Decimal(raw).quantize(QTD_EXP))
        )
        self.preco_raw: Callable[[Any], Decimal | None] = (
            (lambda raw: None if raw is None else Decimal(raw) * _PRECO_UNIT)
            if self.sqlite
            else (lambda raw: None if raw is None else Decimal(raw).quantize(PRECO_EXP))
        )

    def qtd(self, raw: Any) -> Decimal:
        found = self.qtd_cache.get(raw)
        if found is None:
            found = self.qtd_cache[raw] = self.qtd_raw(raw)
        return found

    def preco(self, raw: Any) -> Decimal | None:
        if raw is None:
            return None
        found = self.preco_cache.get(raw)
        if found is None:
            found = self.preco_cache[raw] = self.preco_raw(raw)
        return found

    def day(self, raw: Any) -> date | None:
        if raw is None:
            return None
        found = self.date_cache.get(raw)
        if found is None:
            found = date.fromisoformat(raw) if isinstance(raw, str) else raw
            self.date_cache[raw] = found
        return found

    @staticmethod
    def moment(raw: Any) -> datetime:
        value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _fetchall(conn: Connection, sql: str) -> Sequence[Any]:
    # Plain SQL on the driver's own cursor: no type processing (the converters below turn raw values into
    # domain values once per distinct value) and no SQLAlchemy Row per row, which cost as much as SQLite's
    # own fetch at 100,000 lines. Driver errors are wrapped as SQLAlchemy would, so callers see one kind.
    dbapi_connection = conn.connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect) from exc
    finally:
        cursor.close()


def _versao(conn: Connection) -> int:
    return int(conn.execute(select(TRAVA.c.versao).where(TRAVA.c.id == 1)).scalar_one())


def _converted(column: Sequence[Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
    """``column`` converted value by value, each distinct raw value once (the same few repeat on many rows)."""
    table = {raw: convert(raw) for raw in set(column)}
    return map(table.__getitem__, column)


def _read_snapshot(conn: Connection) -> Snapshot:
    """Read the whole carteira and every allocation (call inside one consistent read transaction).

    Column by column: the rows are transposed, each column's distinct raw values converted once, and the
    domain tuples rebuilt with ``map``/``zip``, so that no Python code runs per row (at 100,000 lines a
    per-row loop cost as much as SQLite's own fetch).
    """
    conv = _Converters(conn.dialect.name)
    versao = _versao(conn)
    rows = _fetchall(
        conn,
        "SELECT num_pedido, cod_produto, qtd_saldo, nome_produto, cliente, cnpj_cpf, municipio, uf, "
        "data_pedido, data_entrega, preco FROM carteira",
    )
    make = tuple.__new__  # the domain rows are NamedTuples: built in C, without their Python __new__
    lines: dict[Key, CarteiraLine] = {}
    if rows:
        pedido, produto, qtd, nome, cliente, cnpj, municipio, uf, data_pedido, data_entrega, preco = zip(
            *rows, strict=True
        )
        fields = zip(
            pedido,
            produto,
            _converted(qtd, conv.qtd_raw),
            nome,
            cliente,
            cnpj,
            municipio,
            uf,
            _converted(data_pedido, conv.day),
            _converted(data_entrega, conv.day),
            _converted(preco, conv.preco_raw),
            strict=True,
        )
        lines = dict(zip(zip(pedido, produto, strict=True), map(make, repeat(CarteiraLine), fields), strict=False))
    tipos = {t.value: t for t in TipoEnvio}
    statuses = {s.value: s for s in Status}
    pres: list[PreSeparacao] = []
    rows = _fetchall(conn, "SELECT id, num_pedido, cod_produto, qtd, criado_em, tipo_envio FROM pre_separacao")
    if rows:
        ident, pedido, produto, qtd, criado, tipo = zip(*rows, strict=True)
        fields = zip(
            ident,
            pedido,
            produto,
            _converted(qtd, conv.qtd_raw),
            _converted(criado, conv.moment),
            map(tipos.__getitem__, tipo),
            strict=True,
        )
        pres = list(map(make, repeat(PreSeparacao), fields))
    seps: list[Separacao] = []
    rows = _fetchall(
        conn, "SELECT id, lote, num_pedido, cod_produto, qtd, status, criado_em, tipo_envio FROM separacao"
    )
    if rows:
        ident, lote, pedido, produto, qtd, status, criado, tipo = zip(*rows, strict=True)
        fields = zip(
            ident,
            lote,
            pedido,
            produto,
            _converted(qtd, conv.qtd_raw),
            map(statuses.__getitem__, status),
            _converted(criado, conv.moment),
            map(tipos.__getitem__, tipo),
            strict=True,
        )
        seps = list(map(make, repeat(Separacao), fields))
    snap = Snapshot.build([], pres, seps)
    snap.lines = lines
    # The database's own revision counter of the carteira (a trigger bumps it on every write, whoever
    # writes): the lines part of the fingerprint, without hashing 100,000 rows.
    snap.lines_digest = f"rev{versao}"
    return snap


def _read_keys(conn: Connection, keys: Collection[Key]) -> tuple[Snapshot, dict[Key, int]]:
    """Read only the lines and allocations of ``keys`` (and the revision and size of the carteira).

    The keys go into a temporary table joined on the (num_pedido, cod_produto) indexes: a few thousand
    index lookups, where tuple-IN lists of thousands of parameters were slow to compile and to plan.
    """
    conv = _Converters(conn.dialect.name)
    qtd_of, preco_of, day_of, moment_of = conv.qtd, conv.preco, conv.day, conv.moment
    columns = "(num_pedido VARCHAR(100), cod_produto VARCHAR(100))"
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE temp_chaves {columns} ON COMMIT DROP")
    else:
        # SQLite keeps temporary tables for the life of the (pooled) connection.
        conn.exec_driver_sql("DROP TABLE IF EXISTS temp.temp_chaves")
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE temp_chaves {columns}")
    wanted = [{"p": k[0], "c": k[1]} for k in set(keys)]
    if wanted:
        conn.execute(text("INSERT INTO temp_chaves (num_pedido, cod_produto) VALUES (:p, :c)"), wanted)
    join = "JOIN temp_chaves k ON k.num_pedido = t.num_pedido AND k.cod_produto = t.cod_produto"
    lines: dict[Key, CarteiraLine] = {}
    ids: dict[Key, int] = {}
    for r in _fetchall(
        conn,
        "SELECT t.id, t.num_pedido, t.cod_produto, t.qtd_saldo, t.nome_produto, t.cliente, t.cnpj_cpf, "
        f"t.municipio, t.uf, t.data_pedido, t.data_entrega, t.preco FROM carteira t {join}",
    ):
        ids[(r[1], r[2])] = r[0]
        lines[(r[1], r[2])] = CarteiraLine(
            r[1], r[2], qtd_of(r[3]), r[4], r[5], r[6], r[7], r[8], day_of(r[9]), day_of(r[10]), preco_of(r[11])
        )
    pres = [
        PreSeparacao(r[0], r[1], r[2], qtd_of(r[3]), moment_of(r[4]), TipoEnvio(r[5]))
        for r in _fetchall(
            conn,
            f"SELECT t.id, t.num_pedido, t.cod_produto, t.qtd, t.criado_em, t.tipo_envio FROM pre_separacao t {join}",
        )
    ]
    seps = [
        Separacao(r[0], r[1], r[2], r[3], qtd_of(r[4]), Status(r[5]), moment_of(r[6]), TipoEnvio(r[7]))
        for r in _fetchall(
            conn,
            "SELECT t.id, t.lote, t.num_pedido, t.cod_produto, t.qtd, t.status, t.criado_em, t.tipo_envio "
            f"FROM separacao t {join}",
        )
    ]
    if not postgres:
        conn.exec_driver_sql("DROP TABLE temp.temp_chaves")
    snap = Snapshot.build([], pres, seps)
    snap.lines = lines
    snap.lines_digest = f"rev{_versao(conn)}"
    snap.line_count = int(conn.execute(select(func.count()).select_from(CARTEIRA)).scalar_one())
    return snap, ids


def _alert_group(tipo: str) -> str:
    # A reduction and a later removal of the same separação are one story: "what was printed → now".
    return "QTD" if tipo in ("REDUCAO", "REMOCAO") else tipo


class _Bulk:
    """Bulk writes with driver-level SQL on the transaction's connection.

    SQLAlchemy's per-row parameter processing cost more than the database's own work for the thousands
    of rows an apply writes; here values are converted once, to exactly what the column types store
    (``types.Qtd``: integer thousandths on SQLite, ``Numeric`` on PostgreSQL; ISO text dates on SQLite).
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

    def run(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Execute ``sql`` (written with ``?`` placeholders) once per row."""
        if not rows:
            return
        if self.postgres:
            sql = sql.replace("?", "%s")
        # Driver-level executemany: no per-row compilation or type processing, errors still wrapped.
        self._conn.exec_driver_sql(sql, list(rows))


class LockedTransaction:
    """An open transaction that holds the sync lock: re-read the state, then write a plan."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._ids: dict[Key, int] = {}

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """Read the current state inside the lock: everything, or only the lines and allocations of ``only``."""
        if only is None:
            snap = _read_snapshot(self._conn)
            self._ids = self._all_ids()
            return snap
        snap, self._ids = _read_keys(self._conn, only)
        return snap

    def _all_ids(self) -> dict[Key, int]:
        return {(r[1], r[2]): r[0] for r in _fetchall(self._conn, "SELECT id, num_pedido, cod_produto FROM carteira")}

    def write_plan(self, plan: Plan, current: Snapshot, usuario: str, started: datetime) -> int:
        """Write every change of ``plan`` against ``current`` (the state just read) and record the run."""
        conn = self._conn
        bulk = _Bulk(conn)
        b_qtd, b_preco, b_day = bulk.qtd, bulk.preco, bulk.day
        now = datetime.now(UTC)
        updates: list[tuple[Any, ...]] = []
        inserts: list[tuple[Any, ...]] = []
        deletes: list[int] = []
        for change in plan.changes:
            key = change.key
            if change.tipo is TipoMudanca.REMOVIDO:
                deletes.append(self._ids[key])
                continue
            values: dict[str, Any]
            if change.tipo is TipoMudanca.NOVO:
                values = dict.fromkeys(CAMPOS)
            else:
                line = current.lines[key]
                values = {name: getattr(line, name) for name in CAMPOS}
            values.update({name: after for name, (_b, after) in change.campos.items()})
            row = (
                b_qtd(change.qtd_depois),
                *(values[name] for name in CAMPOS[:5]),
                b_day(values["data_pedido"]),
                b_day(values["data_entrega"]),
                b_preco(values["preco"]),
            )
            if change.tipo is TipoMudanca.NOVO:
                inserts.append((key[0], key[1], *row))
            else:
                updates.append((*row, self._ids[key]))
        columns = ("qtd_saldo", *CAMPOS)
        bulk.run(f"UPDATE carteira SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", updates)
        bulk.run(
            f"INSERT INTO carteira (num_pedido, cod_produto, {', '.join(columns)}) "
            f"VALUES ({', '.join('?' * (len(columns) + 2))})",
            inserts,
        )
        for start in range(0, len(deletes), _CHUNK):
            conn.execute(delete(CARTEIRA).where(CARTEIRA.c.id.in_(deletes[start : start + _CHUNK])))

        pre_updates: list[tuple[Any, int]] = []
        pre_deletes: list[int] = []
        sep_updates: list[tuple[Any, int]] = []
        for change in plan.changes:
            for imp in change.impactos:
                if imp.qtd_antes == imp.qtd_depois or imp.id is None:
                    continue
                if imp.alvo is Alvo.PRE_SEPARACAO:
                    if imp.excluida:
                        pre_deletes.append(imp.id)
                    else:
                        pre_updates.append((b_qtd(imp.qtd_depois), imp.id))
                elif imp.alvo is Alvo.SEPARACAO:
                    sep_updates.append((b_qtd(imp.qtd_depois), imp.id))
        bulk.run("UPDATE pre_separacao SET qtd = ? WHERE id = ?", pre_updates)
        for start in range(0, len(pre_deletes), _CHUNK):
            conn.execute(delete(PRE).where(PRE.c.id.in_(pre_deletes[start : start + _CHUNK])))
        bulk.run("UPDATE separacao SET qtd = ? WHERE id = ?", sep_updates)

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
        self._write_changes(plan, current, run_id, bulk)
        self._upsert_alerts(plan, run_id, now)
        return int(run_id)

    def _write_changes(self, plan: Plan, current: Snapshot, run_id: int, bulk: _Bulk) -> None:
        if not plan.changes:
            return
        b_qtd = bulk.qtd
        # Ids are assigned here rather than returned: only an apply inserts changes, and it holds the sync
        # lock; SQLite would otherwise run an ordered INSERT … RETURNING one row at a time.
        first = int(self._conn.execute(select(func.coalesce(func.max(CHANGE.c.id), 0))).scalar_one()) + 1
        rows: list[tuple[Any, ...]] = []
        impactos: list[tuple[Any, ...]] = []
        for change_id, change in enumerate(plan.changes, start=first):
            cliente = change.cliente
            if cliente is None and change.key in current.lines:
                cliente = current.lines[change.key].cliente
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
            f"nao_coberto, linhas_somadas, campos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {json_param})",
            rows,
        )
        bulk.run(
            "INSERT INTO sync_impacto (change_id, alvo, alvo_id, lote, status, qtd_antes, qtd_depois) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            impactos,
        )

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

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """Read the carteira and every allocation once, from one consistent view of the database.

        With ``only``, just the lines and allocations of those keys, with the carteira's revision and size:
        enough to tell whether a plan is still fresh, in milliseconds instead of reading every line.

        PostgreSQL reads each statement at its own moment under READ COMMITTED; REPEATABLE READ makes the
        lines, the allocations and the revision counter one picture. SQLite's WAL gives a read transaction
        one snapshot already.
        """
        with collector_paused(), self.engine.connect() as conn:
            if self.dialect == "postgresql":
                # Not read-only with ``only``: its keys go into a temporary table, which a read-only
                # transaction may not create.
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=only is None)
            with conn.begin():
                return _read_snapshot(conn) if only is None else _read_keys(conn, only)[0]

    @contextmanager
    def locked(self) -> Iterator[LockedTransaction]:
        """A write transaction holding the sync lock; commits when the block ends, rolls back on error.

        SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once. PostgreSQL: the ``trava`` table
        is locked in a self-excluding mode, so two applies queue instead of interleaving.
        """
        conn = self.engine.connect()
        try:
            if self.dialect == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            elif self.dialect == "postgresql":
                # SERIALIZABLE: a planner's tool writing allocations while we apply cannot slip between our
                # read and our write; PostgreSQL aborts one of the two instead (reported as a stale plan).
                conn = conn.execution_options(isolation_level="SERIALIZABLE")
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SET LOCAL lock_timeout = '60s'"))
                    # LOCK TABLE takes no snapshot: a queued apply reads the state after the one it waited for
                    # (a SELECT … FOR UPDATE would have fixed its SERIALIZABLE snapshot before waiting).
                    # SHARE ROW EXCLUSIVE excludes itself and the carteira triggers' updates of trava.
                    conn.execute(text("LOCK TABLE trava IN SHARE ROW EXCLUSIVE MODE"))
                yield LockedTransaction(conn)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "40001":
                raise StalePlan(
                    ["outra sincronização ou outro programa alterou a carteira ao mesmo tempo que esta aplicação"]
                ) from None
            raise
        finally:
            conn.close()

    # -- seed and state -------------------------------------------------------------------------

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

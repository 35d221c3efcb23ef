"""Reads of the local database: the carteira snapshot (whole, or only some keys), alerts and sync history.

The planners' decisions (pré-separações with their fields, lotes, a line's history) are read in
``decisions.py``; the snapshot loads here never read the decision columns (the sync does not need them).

Bulk paths use the driver's own cursor and convert each distinct raw value once: a carteira of 100,000
lines must load in a fraction of a second (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.exc import DBAPIError

from carteira_gui.adapters.db.models import (
    AlertaRow,
    AuditoriaRow,
    CarteiraRow,
    LoteRow,
    SyncChangeRow,
    SyncImpactoRow,
    SyncRunRow,
    TravaRow,
)
from carteira_gui.domain.model import (
    PRECO_EXP,
    QTD_EXP,
    CarteiraLine,
    Key,
    PreSeparacao,
    Separacao,
    Snapshot,
    Status,
    TipoEnvio,
)
from carteira_gui.services.views import AlertView, ChangeView, ImpactoView, RunView

CARTEIRA: Table = CarteiraRow.__table__  # type: ignore[assignment]
RUN: Table = SyncRunRow.__table__  # type: ignore[assignment]
CHANGE: Table = SyncChangeRow.__table__  # type: ignore[assignment]
IMPACTO: Table = SyncImpactoRow.__table__  # type: ignore[assignment]
ALERTA: Table = AlertaRow.__table__  # type: ignore[assignment]
TRAVA: Table = TravaRow.__table__  # type: ignore[assignment]
LOTE: Table = LoteRow.__table__  # type: ignore[assignment]
AUDITORIA: Table = AuditoriaRow.__table__  # type: ignore[assignment]

_QTD_UNIT = Decimal("1E-3")
_PRECO_UNIT = Decimal("1E-4")


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


def fetchall(conn: Connection, sql: str) -> Sequence[Any]:
    """Every row of ``sql``, as the driver returns them."""
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


def versao(conn: Connection) -> int:
    """The carteira's revision counter (bumped by triggers on every write)."""
    return int(conn.execute(select(TRAVA.c.versao).where(TRAVA.c.id == 1)).scalar_one())


def _converted(column: Sequence[Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
    """``column`` converted value by value, each distinct raw value once (the same few repeat on many rows)."""
    table = {raw: convert(raw) for raw in set(column)}
    return map(table.__getitem__, column)


def read_snapshot(conn: Connection) -> Snapshot:
    """Read the whole carteira and every allocation (call inside one consistent read transaction).

    Column by column: the rows are transposed, each column's distinct raw values converted once, and the
    domain tuples rebuilt with ``map``/``zip``, so that no Python code runs per row (at 100,000 lines a
    per-row loop cost as much as SQLite's own fetch).
    """
    conv = _Converters(conn.dialect.name)
    revision = versao(conn)
    rows = fetchall(
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
    rows = fetchall(conn, "SELECT id, num_pedido, cod_produto, qtd, criado_em, tipo_envio FROM pre_separacao")
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
    rows = fetchall(conn, "SELECT id, lote, num_pedido, cod_produto, qtd, status, criado_em, tipo_envio FROM separacao")
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
    snap.lines_digest = f"rev{revision}"
    return snap


def read_keys(conn: Connection, keys: Collection[Key]) -> tuple[Snapshot, dict[Key, int]]:
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
    for r in fetchall(
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
        for r in fetchall(
            conn,
            f"SELECT t.id, t.num_pedido, t.cod_produto, t.qtd, t.criado_em, t.tipo_envio FROM pre_separacao t {join}",
        )
    ]
    seps = [
        Separacao(r[0], r[1], r[2], r[3], qtd_of(r[4]), Status(r[5]), moment_of(r[6]), TipoEnvio(r[7]))
        for r in fetchall(
            conn,
            "SELECT t.id, t.lote, t.num_pedido, t.cod_produto, t.qtd, t.status, t.criado_em, t.tipo_envio "
            f"FROM separacao t {join}",
        )
    ]
    if not postgres:
        conn.exec_driver_sql("DROP TABLE temp.temp_chaves")
    snap = Snapshot.build([], pres, seps)
    snap.lines = lines
    snap.lines_digest = f"rev{versao(conn)}"
    snap.line_count = int(conn.execute(select(func.count()).select_from(CARTEIRA)).scalar_one())
    return snap, ids


def read_alerts(conn: Connection, *, include_acknowledged: bool) -> list[AlertView]:
    """Stored alerts (unacknowledged only unless asked), in id order."""
    query = select(ALERTA)
    if not include_acknowledged:
        query = query.where(ALERTA.c.reconhecido_em.is_(None))
    return [AlertView(**row._asdict()) for row in conn.execute(query.order_by(ALERTA.c.id))]


def read_runs(conn: Connection) -> list[RunView]:
    """Every sync run, newest first."""
    return [_run_view(r) for r in conn.execute(select(RUN).order_by(RUN.c.id.desc()))]


def read_run(conn: Connection, run_id: int | None) -> RunView | None:
    """One sync run (the latest when ``run_id`` is None)."""
    query = select(RUN)
    query = query.where(RUN.c.id == run_id) if run_id is not None else query.order_by(RUN.c.id.desc()).limit(1)
    row = conn.execute(query).first()
    return None if row is None else _run_view(row)


def read_run_changes(conn: Connection, run_id: int) -> list[ChangeView]:
    """The changes of a run with their impacts, in the order they were planned."""
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
            bool(r.retida),
            r.motivo,
        )
        for r in changes
    ]


def read_ids(conn: Connection) -> dict[Key, int]:
    """The row id of every carteira line."""
    return {(r[1], r[2]): r[0] for r in fetchall(conn, "SELECT id, num_pedido, cod_produto FROM carteira")}


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
        automatico=bool(r.automatico),
        retidas=r.retidas,
    )

"""The unit of work: the local database behind the use cases' ports (SQLite or PostgreSQL).

``reading()`` is one consistent read; ``writing()`` one transaction holding the sync lock, which every
writer (an apply, a seed, an acknowledgement, a planner's decision) takes, so writers queue instead of
interleaving. The planners' decisions are read and written by ``decisions.py``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from carteira_gui.adapters.db import alert_rows, decisions, reads, writer
from carteira_gui.domain.alerts import AlertWrites, OpenAlert
from carteira_gui.domain.decisions import AuditEntry, LoteEdit, NewPre, NewSepRow, StatusMove
from carteira_gui.domain.errors import StalePlan
from carteira_gui.domain.model import Key, Snapshot
from carteira_gui.domain.parsing import ParsedState
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.safe import HeldChange
from carteira_gui.domain.writes import PlanWrites
from carteira_gui.services.memory import collector_paused
from carteira_gui.services.views import AlertView, ChangeView, HistoryEntry, LoteView, PreView, RunView


class SqlSession:
    """Reads (and, inside ``writing()``, writes) on one connection and its open transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        # Row ids of the lines last read: the writer updates and deletes carteira rows by id.
        self._ids: dict[Key, int] = {}

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """The carteira and its allocations; with ``only``, just those keys' (plus the revision and size)."""
        with collector_paused():  # hundreds of thousands of objects that all live on
            if only is None:
                snap = reads.read_snapshot(self._conn)
                self._ids = {}
                return snap
            snap, self._ids = reads.read_keys(self._conn, only)
            return snap

    def alerts(self, *, include_acknowledged: bool = False) -> list[AlertView]:
        """Stored alerts in id order."""
        return reads.read_alerts(self._conn, include_acknowledged=include_acknowledged)

    def runs(self) -> list[RunView]:
        """Every sync run, newest first."""
        return reads.read_runs(self._conn)

    def run(self, run_id: int | None) -> RunView | None:
        """One sync run (the latest when ``run_id`` is None)."""
        return reads.read_run(self._conn, run_id)

    def run_changes(self, run_id: int) -> list[ChangeView]:
        """The changes of a run with their impacts."""
        return reads.read_run_changes(self._conn, run_id)

    def pre_separacoes(self, ids: Collection[int] | None = None, key: Key | None = None) -> list[PreView]:
        """Pré-separações with their decision fields (these ids, those of ``key``, or all), in id order."""
        return decisions.read_pres(self._conn, ids, key)

    def lotes(
        self,
        *,
        status: str | None = None,
        pedido: str | None = None,
        codes: Collection[str] | None = None,
        key: Key | None = None,
    ) -> list[LoteView]:
        """Lotes with their rows, filtered by status, pedido, codes or a line they hold; newest first."""
        return decisions.read_lotes(self._conn, status=status, pedido=pedido, codes=codes, key=key)

    def history_of(self, key: Key, limit: int) -> list[HistoryEntry]:
        """The line's syncs and decisions, newest first, at most ``limit``."""
        return decisions.history_of(self._conn, key, limit)

    def write_plan(
        self,
        writes: PlanWrites,
        plan: Plan,
        usuario: str,
        started: datetime,
        *,
        held: Sequence[HeldChange] = (),
        automatico: bool = False,
    ) -> int:
        """Write the plan's rows and record the run (and what an automatic run held); return its id."""
        if not self._ids:
            self._ids = reads.read_ids(self._conn)
        return writer.write_plan(
            self._conn, writes, plan, self._ids, usuario, started, held=held, automatico=automatico
        )

    def open_alerts(self, keys: Collection[Key]) -> list[OpenAlert]:
        """Unacknowledged alerts of these lines."""
        return alert_rows.open_alerts(self._conn, keys)

    def write_alerts(self, writes: AlertWrites, sync_id: int, when: datetime) -> None:
        """Insert and merge alerts."""
        alert_rows.write_alerts(self._conn, writes, sync_id, when)

    def acknowledge(self, ids: Collection[int], by: str, note: str | None, when: datetime) -> None:
        """Mark alerts acknowledged."""
        alert_rows.acknowledge(self._conn, ids, by, note, when)

    def is_empty(self) -> bool:
        """Whether nothing is stored."""
        return writer.is_empty(self._conn)

    def clear(self) -> None:
        """Delete everything."""
        writer.clear(self._conn)

    def insert_state(self, state: ParsedState) -> None:
        """Insert a validated state."""
        writer.insert_state(self._conn, state)

    def insert_pre(self, pre: NewPre) -> int:
        """Insert a pré-separação; return its id."""
        return decisions.insert_pre(self._conn, pre)

    def update_pre(self, pre_id: int, qtd: Decimal, data_expedicao: date | None, observacao: str | None) -> None:
        """Change a pré-separação's quantity, date and note."""
        decisions.update_pre(self._conn, pre_id, qtd, data_expedicao, observacao)

    def delete_pres(self, ids: Collection[int]) -> None:
        """Delete pré-separações."""
        decisions.delete_pres(self._conn, ids)

    def lote_codes(self, prefix: str) -> list[str]:
        """Codes of the lotes that start with ``prefix``."""
        return decisions.lote_codes(self._conn, prefix)

    def insert_lote(
        self,
        lote: str,
        num_pedido: str,
        rows: Sequence[NewSepRow],
        *,
        data_expedicao: date | None,
        observacao: str | None,
        by: str,
        now: datetime,
    ) -> None:
        """Insert an ABERTO lote and its rows."""
        decisions.insert_lote(
            self._conn, lote, num_pedido, rows, data_expedicao=data_expedicao, observacao=observacao, by=by, now=now
        )

    def edit_lote(self, lote: str, num_pedido: str, edit: LoteEdit, now: datetime) -> None:
        """Update, add and remove rows of an ABERTO lote."""
        decisions.edit_lote(self._conn, lote, num_pedido, edit, now)

    def move_lote(self, lote: str, move: StatusMove, now: datetime) -> None:
        """Set the status of a lote and its rows, and the fields the move records."""
        decisions.move_lote(self._conn, lote, move, now)

    def delete_lote(self, lote: str) -> None:
        """Delete a lote and its rows."""
        decisions.delete_lote(self._conn, lote)

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Record decisions in the audit trail."""
        decisions.add_audit(self._conn, entries)


class SqlUnitOfWork:
    """Opens consistent reads and locked write transactions on an engine (see ``engine.open_database``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[SqlSession]:
        """One consistent picture of the database.

        PostgreSQL reads each statement at its own moment under READ COMMITTED; REPEATABLE READ makes the
        lines, the allocations and the revision counter one picture (not read-only: a keys-only read puts its
        keys in a temporary table). SQLite's WAL gives a read transaction one snapshot already.
        """
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield SqlSession(conn)

    @contextmanager
    def writing(self) -> Iterator[SqlSession]:
        """A write transaction holding the sync lock; commits when the block ends, rolls back on error.

        SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once. PostgreSQL: the ``trava`` table
        is locked in a self-excluding mode, so two writers queue instead of interleaving.
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
                yield SqlSession(conn)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "40001":
                raise StalePlan(
                    ["outra sincronização ou outro programa alterou a carteira ao mesmo tempo que esta aplicação"]
                ) from None
            raise
        finally:
            conn.close()

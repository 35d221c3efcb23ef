"""What the use cases need from the outside world: the database, sources, report writers, progress, cancel.

The local database is a unit of work.

Adapters implement these ports (``adapters/db`` the unit of work, the JSON file and Odoo the sources,
``adapters/reports`` the writer); the window and the command line pass a progress callback and a
``CancelToken``. Use cases depend only on this module and the domain.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from carteira_gui.domain.alerts import AlertWrites, OpenAlert
from carteira_gui.domain.decisions import AuditEntry, LoteEdit, NewPre, NewSepRow, StatusMove
from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.domain.model import Key, Snapshot, SourceData
from carteira_gui.domain.parsing import ParsedState
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.safe import HeldChange
from carteira_gui.domain.writes import PlanWrites
from carteira_gui.services.views import AlertView, ChangeView, HistoryEntry, LoteView, PreView, RunView


@dataclass(frozen=True, slots=True)
class FetchProgress:
    """How far a fetch is: pages and lines done out of the total (totals are 0 while unknown)."""

    pages_done: int
    pages_total: int
    lines_done: int
    lines_total: int


ProgressCallback = Callable[[FetchProgress], None]


class CancelToken:
    """A thread-safe cancellation flag checked by long tasks between steps (e.g. between pages)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancellation was asked for."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise ``FetchCancelled`` when cancellation was asked for."""
        if self._event.is_set():
            raise FetchCancelled()


class Source(Protocol):
    """Where the lines that Odoo says are open come from.

    ``fetch`` is all-or-nothing: it returns the whole validated source or raises a ``FetchError``
    (``FetchCancelled`` on cancel) or ``InvalidSource``; never fewer lines.
    """

    @property
    def description(self) -> str:
        """A short name of the source for history and messages (never a secret)."""
        ...

    def fetch(
        self,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> SourceData:
        """Fetch and validate every open line."""
        ...


class ConnectionTester(Protocol):
    """A source that can check its connection without fetching (Odoo: log in, read the version)."""

    def test_connection(self, cancel: CancelToken | None = None) -> str:
        """Log in and return the server's version; raise a ``FetchError`` naming what failed."""
        ...


class ReadSession(Protocol):
    """One consistent read of the local database."""

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """The carteira and its allocations; objects only for the keys in ``only`` when given."""
        ...

    def alerts(self, *, include_acknowledged: bool = False) -> list[AlertView]:
        """Stored alerts, unacknowledged only by default, in id order."""
        ...

    def runs(self) -> list[RunView]:
        """Every sync run, newest first."""
        ...

    def run(self, run_id: int | None) -> RunView | None:
        """One sync run (the latest when ``run_id`` is None); ``None`` when there is none."""
        ...

    def run_changes(self, run_id: int) -> list[ChangeView]:
        """The changes of a run with their impacts, in plan order."""
        ...

    def pre_separacoes(self, ids: Collection[int] | None = None, key: Key | None = None) -> list[PreView]:
        """Pré-separações with their decision fields: these ids, or those of ``key``, or all; in id order."""
        ...

    def lotes(
        self,
        *,
        status: str | None = None,
        pedido: str | None = None,
        codes: Collection[str] | None = None,
        key: Key | None = None,
    ) -> list[LoteView]:
        """Lotes with their rows, filtered by status, pedido, codes or a line they hold; newest first."""
        ...

    def history_of(self, key: Key, limit: int) -> list[HistoryEntry]:
        """The line's syncs and decisions, newest first, at most ``limit``."""
        ...


class WriteSession(ReadSession, Protocol):
    """A write transaction holding the sync lock: everything it writes commits together or not at all."""

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
        """Write the rows of ``writes``, record the run and its changes (and the held ones); return the run id."""
        ...

    def open_alerts(self, keys: Collection[Key]) -> list[OpenAlert]:
        """Unacknowledged alerts of these lines."""
        ...

    def write_alerts(self, writes: AlertWrites, sync_id: int, when: datetime) -> None:
        """Insert and merge alerts as ``merge_alerts`` decided."""
        ...

    def acknowledge(self, ids: Collection[int], by: str, note: str | None, when: datetime) -> None:
        """Mark these (existing, open) alerts acknowledged."""
        ...

    def is_empty(self) -> bool:
        """Whether the database holds no line, allocation, alert or run."""
        ...

    def clear(self) -> None:
        """Delete every line, allocation, alert and run."""
        ...

    def insert_state(self, state: ParsedState) -> None:
        """Insert a validated state (lines, allocations and lotes; ids kept when given)."""
        ...

    def insert_pre(self, pre: NewPre) -> int:
        """Insert a pré-separação; return its id."""
        ...

    def update_pre(self, pre_id: int, qtd: Decimal, data_expedicao: date | None, observacao: str | None) -> None:
        """Change a pré-separação's quantity, date and note."""
        ...

    def delete_pres(self, ids: Collection[int]) -> None:
        """Delete pré-separações."""
        ...

    def lote_codes(self, prefix: str) -> list[str]:
        """Codes of the lotes that start with ``prefix`` (the lotes of one day)."""
        ...

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
        """Insert an ABERTO lote and its rows (separações)."""
        ...

    def edit_lote(self, lote: str, num_pedido: str, edit: LoteEdit, now: datetime) -> None:
        """Update, add and remove rows of a lote (its status is ABERTO)."""
        ...

    def move_lote(self, lote: str, move: StatusMove, now: datetime) -> None:
        """Set the status of a lote and of all its rows, and the fields the move records."""
        ...

    def delete_lote(self, lote: str) -> None:
        """Delete a lote and its rows."""
        ...

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Record decisions in the audit trail."""
        ...


class UnitOfWork(Protocol):
    """The local database as the use cases see it: a consistent read, or a locked write transaction."""

    def reading(self) -> AbstractContextManager[ReadSession]:
        """One consistent read."""
        ...

    def writing(self) -> AbstractContextManager[WriteSession]:
        """A transaction holding the sync lock; commits when the block ends, rolls back on an error.

        A conflict with a concurrent writer that the database detects is raised as ``StalePlan``.
        """
        ...


class ReportWriter(Protocol):
    """Builds and writes change reports (CSV, XLSX, PDF)."""

    def write_run(self, run: RunView, changes: list[ChangeView], alerts: list[AlertView], fmt: str, path: Path) -> Path:
        """Write the report of a stored run; return the path written."""
        ...

    def write_plan(self, plan: Plan, usuario: str | None, fmt: str, path: Path) -> Path:
        """Write the report of a plan not applied yet; return the path written."""
        ...

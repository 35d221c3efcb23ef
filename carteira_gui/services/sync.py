"""Use cases of a sync: plan from a source, apply an approved plan, and the state around them."""

from __future__ import annotations

import time
from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from carteira_gui.domain.errors import MassRemovalRefused, StalePlan
from carteira_gui.domain.fingerprint import explain_staleness, state_fingerprint
from carteira_gui.domain.model import Key, Snapshot
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.planner import DEFAULT_MASS_REMOVAL_PCT, plan_sync
from carteira_gui.services.memory import collector_paused
from carteira_gui.services.ports import CancelToken, ProgressCallback, Source


class LockedWriter(Protocol):
    """A write transaction holding the sync lock (see ``SqlStore.locked``)."""

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """Re-read the state inside the lock; objects only for the keys in ``only`` when given."""
        ...

    def write_plan(self, plan: Plan, current: Snapshot, usuario: str, started: datetime) -> int:
        """Write the plan; return the sync run id."""
        ...


class SnapshotReader(Protocol):
    """Reads the current state."""

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        """Read the carteira and its allocations once; objects only for the keys in ``only`` when given."""
        ...


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """Rules a sync follows that a setting can change."""

    owned_prefixes: tuple[str, ...] = ()
    mass_removal_pct: float = DEFAULT_MASS_REMOVAL_PCT


@dataclass(frozen=True, slots=True)
class PlanTimings:
    """Where the time of a plan went, in seconds."""

    load_s: float
    fetch_s: float
    plan_s: float


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What an apply did."""

    sync_id: int | None
    plan: Plan

    @property
    def applied(self) -> bool:
        """Whether anything was written (a plan without changes writes nothing)."""
        return self.sync_id is not None


def compute_plan(
    store: SnapshotReader,
    source: Source,
    options: SyncOptions,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[Plan, PlanTimings]:
    """Fetch the source (all-or-nothing), read the carteira once and plan the sync."""
    with collector_paused():  # hundreds of thousands of objects that all live until the plan is made
        t0 = time.perf_counter()
        data = source.fetch(progress, cancel)
        t1 = time.perf_counter()
        if cancel is not None:
            cancel.raise_if_cancelled()
        snapshot = store.load_snapshot()
        t2 = time.perf_counter()
        plan = plan_sync(
            snapshot,
            data,
            owned_prefixes=options.owned_prefixes,
            mass_removal_pct=options.mass_removal_pct,
        )
        # Freed here, while the collector is paused: its first pass after resuming then walks only the plan.
        del data, snapshot
        t3 = time.perf_counter()
    return plan, PlanTimings(load_s=t2 - t1, fetch_s=t1 - t0, plan_s=t3 - t2)


class LockingStore(Protocol):
    """A store that can open a locked write transaction."""

    def locked(self) -> AbstractContextManager[LockedWriter]:
        """Open the locked transaction."""
        ...


def check_fresh(plan: Plan, current: Snapshot) -> None:
    """Raise ``StalePlan`` naming what changed when ``current`` is not the state ``plan`` was computed from."""
    if state_fingerprint(current, plan.dependency_keys) == plan.fingerprint:
        return
    differences = explain_staleness(plan, current)
    if not differences:
        differences = [
            f"outras linhas da carteira mudaram desde o cálculo do plano "
            f"({plan.linhas_carteira} linhas então, {current.total_lines} agora)"
        ]
    raise StalePlan(differences)


def apply_plan(
    store: LockingStore,
    plan: Plan,
    *,
    usuario: str,
    allow_mass_removal: bool = False,
) -> ApplyResult:
    """Apply an approved plan in ONE transaction, or refuse and write nothing.

    Refuses a mass removal without ``allow_mass_removal`` (``MassRemovalRefused``) and a plan whose state
    changed since it was computed (``StalePlan``). A plan without changes writes nothing.
    """
    if plan.remocao_em_massa and not allow_mass_removal:
        raise MassRemovalRefused(plan.removidos, plan.linhas_carteira, plan.limite_remocao_pct)
    started = datetime.now(UTC)
    with store.locked() as tx:
        current = tx.load_snapshot(plan.keys)
        check_fresh(plan, current)
        if not plan.has_changes:
            return ApplyResult(None, plan)
        sync_id = tx.write_plan(plan, current, usuario, started)
    return ApplyResult(sync_id, plan)


def fresh(plan: Plan, store: SnapshotReader) -> bool:
    """Whether ``plan`` still matches the database (no lock: a hint for the window)."""
    return state_fingerprint(store.load_snapshot(plan.keys), plan.dependency_keys) == plan.fingerprint


def check_fresh_now(plan: Plan, store: SnapshotReader) -> None:
    """``check_fresh`` against the database as it is now (no lock: the apply checks again under its lock)."""
    check_fresh(plan, store.load_snapshot(plan.keys))

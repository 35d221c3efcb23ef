"""Use cases of a sync: plan from a source, apply an approved plan, and the state around them."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from carteira_gui.domain.alerts import merge_alerts
from carteira_gui.domain.errors import StalePlan
from carteira_gui.domain.fingerprint import explain_staleness, state_fingerprint
from carteira_gui.domain.model import Snapshot
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.planner import DEFAULT_MASS_REMOVAL_MIN, DEFAULT_MASS_REMOVAL_PCT, plan_sync
from carteira_gui.domain.safe import HeldChange, PlanSplit, split_plan
from carteira_gui.domain.writes import plan_writes
from carteira_gui.services.memory import collector_paused
from carteira_gui.services.ports import CancelToken, ProgressCallback, Source, UnitOfWork


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """Rules a sync follows that a setting can change."""

    owned_prefixes: tuple[str, ...] = ()
    mass_removal_pct: float = DEFAULT_MASS_REMOVAL_PCT
    mass_removal_min: int = DEFAULT_MASS_REMOVAL_MIN


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
    uow: UnitOfWork,
    source: Source,
    options: SyncOptions,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[Plan, PlanTimings]:
    """Fetch the source (all-or-nothing), read the carteira once and plan the sync."""
    plan, timings, _split = _plan(uow, source, options, progress, cancel, split=False)
    return plan, timings


def compute_split(
    uow: UnitOfWork,
    source: Source,
    options: SyncOptions,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[PlanSplit, PlanTimings]:
    """``compute_plan``, cut into the safe part an unattended sync may apply and the changes it holds."""
    _whole, timings, split = _plan(uow, source, options, progress, cancel, split=True)
    assert split is not None
    return split, timings


def _plan(
    uow: UnitOfWork,
    source: Source,
    options: SyncOptions,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    *,
    split: bool,
) -> tuple[Plan, PlanTimings, PlanSplit | None]:
    with collector_paused():  # hundreds of thousands of objects that all live until the plan is made
        t0 = time.perf_counter()
        data = source.fetch(progress, cancel)
        t1 = time.perf_counter()
        if cancel is not None:
            cancel.raise_if_cancelled()
        with uow.reading() as session:
            snapshot = session.load_snapshot()
        t2 = time.perf_counter()
        plan = plan_sync(
            snapshot,
            data,
            owned_prefixes=options.owned_prefixes,
            mass_removal_pct=options.mass_removal_pct,
            mass_removal_min=options.mass_removal_min,
        )
        parts = split_plan(plan, snapshot) if split else None
        # Freed here, while the collector is paused: its first pass after resuming then walks only the plan.
        del data, snapshot
        t3 = time.perf_counter()
    return plan, PlanTimings(load_s=t2 - t1, fetch_s=t1 - t0, plan_s=t3 - t2), parts


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
    uow: UnitOfWork,
    plan: Plan,
    *,
    usuario: str,
    allow_mass_removal: bool = False,
    held: Sequence[HeldChange] = (),
    automatico: bool = False,
) -> ApplyResult:
    """Apply an approved plan in ONE transaction, or refuse and write nothing.

    Refuses a mass removal without ``allow_mass_removal`` (``MassRemovalRefused``) and a plan whose state
    changed since it was computed (``StalePlan``). A plan without changes writes nothing. The rows written
    are ``plan_writes(plan, current)`` and the alerts ``merge_alerts``: the store decides nothing.
    """
    if plan.remocao_em_massa and not allow_mass_removal:
        raise plan.mass_removal_refusal()
    started = datetime.now(UTC)
    with uow.writing() as tx:
        current = tx.load_snapshot(plan.keys)
        check_fresh(plan, current)
        if not plan.has_changes:
            return ApplyResult(None, plan)
        sync_id = tx.write_plan(plan_writes(plan, current), plan, usuario, started, held=held, automatico=automatico)
        new_alerts = [a for change in plan.changes for a in change.alertas]
        if new_alerts:
            open_alerts = tx.open_alerts({(a.num_pedido, a.cod_produto) for a in new_alerts})
            tx.write_alerts(merge_alerts(open_alerts, new_alerts), sync_id, datetime.now(UTC))
    return ApplyResult(sync_id, plan)


def apply_safe(uow: UnitOfWork, split: PlanSplit, *, usuario: str) -> ApplyResult:
    """An unattended sync: apply the safe part of a plan in one transaction; the held changes stay untouched.

    The run is recorded as automatic, with what it held (and why), when it applied something; a run with
    nothing safe to apply writes nothing (the held changes are in every plan until a planner applies them).
    A plan that trips the mass-removal guard has no safe part: nothing is applied.
    """
    return apply_plan(uow, split.safe, usuario=usuario, held=split.held, automatico=True)


def fresh(plan: Plan, uow: UnitOfWork) -> bool:
    """Whether ``plan`` still matches the database (no lock: a hint for the window)."""
    with uow.reading() as session:
        current = session.load_snapshot(plan.keys)
    return state_fingerprint(current, plan.dependency_keys) == plan.fingerprint


def check_fresh_now(plan: Plan, uow: UnitOfWork) -> None:
    """``check_fresh`` against the database as it is now (no lock: the apply checks again under its lock)."""
    with uow.reading() as session:
        current = session.load_snapshot(plan.keys)
    check_fresh(plan, current)

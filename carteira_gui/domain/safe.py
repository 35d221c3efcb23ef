"""The safe part of a plan: what an unattended (scheduled) sync may apply, and what it holds for a planner.

A change is safe when it touches no planner's decision and raises no CRÍTICO or ATENÇÃO alert: NOVO,
ALTERADO, an AUMENTO that goes to the saldo livre, a REDUCAO the saldo livre covers, the REMOVIDO of a line
without allocations. Everything else is held, untouched, with the reason, and comes back in the next plan.
A plan that trips the mass-removal guard applies nothing: every change is held.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from carteira_gui.domain.fingerprint import state_fingerprint
from carteira_gui.domain.model import Nivel, Snapshot
from carteira_gui.domain.plan import Change, Plan

MOTIVO_DECISAO = "mexe em pré-separação ou separação"
MOTIVO_CRITICO = "gera alerta CRÍTICO"
MOTIVO_ATENCAO = "gera alerta ATENÇÃO"
MOTIVO_MASSA = "remoção em massa: exige confirmação de um planejador"


@dataclass(frozen=True, slots=True)
class HeldChange:
    """A change an unattended sync leaves for a planner, and why."""

    change: Change
    motivo: str


@dataclass(slots=True)
class PlanSplit:
    """A plan cut in two: the safe part (itself a plan, with its own fingerprint) and the held changes."""

    safe: Plan
    held: list[HeldChange] = field(default_factory=list)

    @property
    def held_levels(self) -> dict[Nivel, int]:
        """How many held changes have each alert level (their most severe)."""
        counts = dict.fromkeys(Nivel, 0)
        for held in self.held:
            if held.change.nivel is not None:
                counts[held.change.nivel] += 1
        return counts


def hold_reason(change: Change) -> str | None:
    """Why an unattended sync must not apply ``change`` (``None``: it is safe)."""
    levels = {a.nivel for a in change.alertas}
    if Nivel.CRITICO in levels:
        return MOTIVO_CRITICO
    if change.touches_allocations:
        return MOTIVO_DECISAO
    if Nivel.ATENCAO in levels:
        return MOTIVO_ATENCAO
    return None


def split_plan(plan: Plan, snapshot: Snapshot) -> PlanSplit:
    """Cut ``plan`` (computed from ``snapshot``) into its safe part and the changes held for a planner.

    The safe part's fingerprint covers its own keys only, so a planner's decision on a held line does not
    make it stale; any carteira write does (the lines part of the fingerprint is the whole carteira's).
    """
    if plan.remocao_em_massa:
        safe_changes: list[Change] = []
        held = [HeldChange(c, MOTIVO_MASSA) for c in plan.changes]
    else:
        safe_changes = []
        held = []
        for change in plan.changes:
            reason = hold_reason(change)
            if reason is None:
                safe_changes.append(change)
            else:
                held.append(HeldChange(change, reason))
    safe = replace(plan, changes=safe_changes, fingerprint="")
    safe.fingerprint = state_fingerprint(snapshot, safe.dependency_keys)
    return PlanSplit(safe, held)

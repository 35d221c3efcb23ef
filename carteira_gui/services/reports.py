"""Use case: export the change report of a sync run or of a plan under review."""

from __future__ import annotations

from pathlib import Path

from carteira_gui.domain.plan import Plan
from carteira_gui.services.history import find_run, run_alerts
from carteira_gui.services.ports import ReportWriter, UnitOfWork


def export_run_report(uow: UnitOfWork, writer: ReportWriter, fmt: str, path: Path, run_id: int | None = None) -> Path:
    """Write the report of sync ``run_id`` (the latest when None), read from one consistent view."""
    with uow.reading() as session:
        run = find_run(session, run_id)
        changes = session.run_changes(run.id)
        alerts = run_alerts(session, run.id)
    return writer.write_run(run, changes, alerts, fmt, path)


def export_plan_report(writer: ReportWriter, plan: Plan, fmt: str, path: Path, *, usuario: str | None = None) -> Path:
    """Write the report of a plan that is not applied yet."""
    return writer.write_plan(plan, usuario, fmt, path)

"""Use cases of the sync history: the runs, one run's changes and alerts."""

from __future__ import annotations

from carteira_gui.domain.errors import NotFound
from carteira_gui.services.ports import ReadSession, UnitOfWork
from carteira_gui.services.views import AlertView, ChangeView, RunView


def list_runs(uow: UnitOfWork) -> list[RunView]:
    """Every sync run, newest first."""
    with uow.reading() as session:
        return session.runs()


def run_changes(uow: UnitOfWork, run_id: int) -> list[ChangeView]:
    """The changes of a run with their impacts, in the order they were planned."""
    with uow.reading() as session:
        return session.run_changes(run_id)


def find_run(session: ReadSession, run_id: int | None) -> RunView:
    """One run (the latest when ``run_id`` is None), or ``NotFound`` saying what to do."""
    run = session.run(run_id)
    if run is not None:
        return run
    if run_id is None:
        raise NotFound("Ainda não há sincronizações registradas. Aplique um plano primeiro.")
    raise NotFound(
        f"A sincronização {run_id} não existe. Nada foi alterado; veja as existentes com 'carteira-sync history'."
    )


def run_alerts(session: ReadSession, run_id: int) -> list[AlertView]:
    """Alerts last raised or updated by a run (an alert merged into a later run shows there)."""
    return [a for a in session.alerts(include_acknowledged=True) if a.sync_id == run_id]

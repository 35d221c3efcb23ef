"""Use cases of the local state: load a state file into the database, read the state back."""

from __future__ import annotations

from dataclasses import dataclass

from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.model import Snapshot
from carteira_gui.domain.parsing import parse_state_document
from carteira_gui.services.memory import collector_paused
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import AlertView, LoteView, PreView


class NotEmpty(CarteiraError):
    """The database already holds data and a replace was not asked for."""


@dataclass(frozen=True, slots=True)
class SeedCounts:
    """How much a seed loaded."""

    carteira: int
    pre_separacoes: int
    separacoes: int


def seed_state(uow: UnitOfWork, document: object, name: str, *, replace: bool, db_description: str) -> SeedCounts:
    """Validate a state document whole and load it in one transaction.

    Without ``replace`` a database that holds anything is refused (``NotEmpty``); with it everything is
    emptied first, in the same transaction.
    """
    state = parse_state_document(document, name)
    with uow.writing() as tx:
        if replace:
            tx.clear()
        elif not tx.is_empty():
            raise NotEmpty(
                f"O banco de dados {db_description} já tem dados. Nada foi alterado; "
                "use 'seed --replace' para substituí-los."
            )
        tx.insert_state(state)
    return SeedCounts(len(state.lines), len(state.pre_separacoes), len(state.separacoes))


def load_carteira(uow: UnitOfWork) -> Snapshot:
    """The whole carteira with its allocations, from one consistent read."""
    with collector_paused(), uow.reading() as session:
        return session.load_snapshot()


@dataclass(frozen=True, slots=True)
class StateExport:
    """Everything ``state --json`` prints, read at one moment.

    Lines, allocations with their decision fields, lotes and alerts.
    """

    snapshot: Snapshot
    pres: list[PreView]
    lotes: list[LoteView]
    alerts: list[AlertView]


def export_state(uow: UnitOfWork) -> StateExport:
    """The whole state with the planners' decision fields, from one consistent read."""
    with collector_paused(), uow.reading() as session:
        return StateExport(
            session.load_snapshot(),
            session.pre_separacoes(),
            session.lotes(),
            session.alerts(include_acknowledged=True),
        )

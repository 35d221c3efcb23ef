"""What the window reads after every change: the carteira, the lotes, the alerts, the syncs (in a worker).

``load_state`` runs in the window's "load" op; it reads through the use cases only. The clients of the alerts
come from the carteira and, for an alert whose order left the carteira (a removed line), from the changes of
the sync that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass

from carteira_gui.gui.models.carteira import CarteiraRow, build_carteira_rows, rows_by_pedido
from carteira_gui.services.alerts import list_alerts
from carteira_gui.services.decisions import list_lotes
from carteira_gui.services.history import list_runs, run_changes
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.state import load_carteira
from carteira_gui.services.views import AlertView, LoteView, RunView

#: How many syncs the load reads back to name the client of an alert whose order left the carteira.
CLIENT_LOOKBACK_RUNS = 20


@dataclass(frozen=True, slots=True)
class LoadedState:
    """What the load op reads: the carteira rows (also by pedido), every lote, every alert, every sync run.

    ``clients`` maps each order to its client: from the carteira, and for an alert whose order left it, from
    the changes of the sync that raised the alert.
    """

    rows: list[CarteiraRow]
    by_pedido: dict[str, dict[str, CarteiraRow]]
    lotes: list[LoteView]
    alerts: list[AlertView]
    runs: list[RunView]
    clients: dict[str, str]


def clients_of(
    uow: UnitOfWork, by_pedido: dict[str, dict[str, CarteiraRow]], alerts: list[AlertView]
) -> dict[str, str]:
    """Order → client, from the carteira and, for alerts on orders that left it, from their syncs' changes."""
    clients = {pedido: next(iter(rows.values())).cliente for pedido, rows in by_pedido.items() if rows}
    missing = {a.sync_id for a in alerts if a.num_pedido not in clients and a.sync_id is not None}
    for sync_id in sorted(missing, reverse=True)[:CLIENT_LOOKBACK_RUNS]:
        for change in run_changes(uow, sync_id):
            if change.cliente and change.num_pedido not in clients:
                clients[change.num_pedido] = change.cliente
    return clients


def load_state(uow: UnitOfWork) -> LoadedState:
    """Read everything the tabs show (pure reads; runs in a worker)."""
    rows = build_carteira_rows(load_carteira(uow))
    by_pedido = rows_by_pedido(rows)
    alerts = list_alerts(uow, include_acknowledged=True)
    return LoadedState(rows, by_pedido, list_lotes(uow), alerts, list_runs(uow), clients_of(uow, by_pedido, alerts))

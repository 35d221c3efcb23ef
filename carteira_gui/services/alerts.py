"""Use cases of alerts: list them, acknowledge them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from carteira_gui.domain.errors import CarteiraError, NotFound
from carteira_gui.domain.model import NIVEL_ORDER, Nivel
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import AlertView


def list_alerts(uow: UnitOfWork, *, include_acknowledged: bool = False) -> list[AlertView]:
    """Alerts, unacknowledged only by default: open first, then most severe, then newest."""
    with uow.reading() as session:
        alerts = session.alerts(include_acknowledged=include_acknowledged)
    return sorted(alerts, key=lambda v: (v.reconhecido_em is not None, NIVEL_ORDER[Nivel(v.nivel)], -v.id))


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """What an acknowledgement did: the alerts it acknowledged and those that already were."""

    done: list[int]
    already: list[int]


def acknowledge(uow: UnitOfWork, ids: Sequence[int], by: str, note: str | None = None) -> Acknowledged:
    """Acknowledge alerts in one transaction; all-or-nothing: an unknown id acknowledges none."""
    name = by.strip()
    if not name:
        raise CarteiraError("Informe quem reconhece. Nenhum alerta foi reconhecido.")
    wanted = sorted(set(ids))
    with uow.writing() as tx:
        known = {a.id: a for a in tx.alerts(include_acknowledged=True) if a.id in set(wanted)}
        missing = [i for i in wanted if i not in known]
        if missing:
            raise NotFound(
                f"Alerta(s) inexistente(s): {', '.join(map(str, missing))}. Nenhum alerta foi reconhecido; "
                "confira os números com 'carteira-sync alerts --all'."
            )
        pending = [i for i in wanted if known[i].reconhecido_em is None]
        if pending:
            tx.acknowledge(pending, name, note, datetime.now(UTC))
    return Acknowledged(pending, [i for i in wanted if i not in pending])

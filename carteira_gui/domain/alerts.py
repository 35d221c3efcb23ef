"""Alert merging: an open alert about the same allocation is updated, never duplicated.

A pure function over the open alerts and the ones a plan raises; the store only writes its answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from carteira_gui.domain.model import NIVEL_ORDER, Nivel, TipoAlerta
from carteira_gui.domain.plan import AlertaPlano
from carteira_gui.domain.quantities import fmt_qtd


@dataclass(frozen=True, slots=True)
class OpenAlert:
    """What the merge needs of an unacknowledged stored alert."""

    id: int
    separacao_id: int | None
    pre_separacao_id: int | None
    num_pedido: str
    cod_produto: str
    tipo: str
    nivel: Nivel
    qtd_anterior: Decimal


@dataclass(frozen=True, slots=True)
class AlertUpdate:
    """An open alert taking a new alert's story: new level, kind, quantity, message and sync."""

    id: int
    nivel: Nivel
    tipo: TipoAlerta
    qtd_nova: Decimal
    mensagem: str
    lote: str | None


@dataclass(slots=True)
class AlertWrites:
    """What to write for a plan's alerts: new rows and merges into open ones."""

    inserts: list[AlertaPlano] = field(default_factory=list)
    updates: list[AlertUpdate] = field(default_factory=list)


def _family(tipo: str) -> str:
    # A reduction and a later removal of the same separação are one story: "what was printed → now".
    return "QTD" if tipo in (TipoAlerta.REDUCAO, TipoAlerta.REMOCAO) else tipo


def merge_key(
    separacao_id: int | None, pre_separacao_id: int | None, num_pedido: str, cod_produto: str, tipo: str
) -> tuple[int | None, int | None, str, str, str]:
    """The identity under which alerts merge: the allocation, the line and the family of the change."""
    return (separacao_id, pre_separacao_id, num_pedido, cod_produto, _family(tipo))


def merge_alerts(open_alerts: Iterable[OpenAlert], new: Sequence[AlertaPlano]) -> AlertWrites:
    """Decide, for each new alert, whether it is a new row or updates an open alert of the same story.

    The merged alert keeps the first ``qtd_anterior`` (what was printed), takes the new ``qtd_nova``, the
    more severe level of the two, and says "Desde o primeiro alerta: X → Y" when the stories differ. With
    several open alerts of one identity (made before merging existed), the oldest (lowest id) takes it.
    """
    by_identity: dict[tuple[int | None, int | None, str, str, str], OpenAlert] = {}
    for alert in sorted(open_alerts, key=lambda a: a.id):
        ident = merge_key(alert.separacao_id, alert.pre_separacao_id, alert.num_pedido, alert.cod_produto, alert.tipo)
        by_identity.setdefault(ident, alert)
    writes = AlertWrites()
    for al in new:
        existing = by_identity.get(
            merge_key(al.separacao_id, al.pre_separacao_id, al.num_pedido, al.cod_produto, al.tipo.value)
        )
        if existing is None:
            writes.inserts.append(al)
            continue
        nivel = min(existing.nivel, al.nivel, key=NIVEL_ORDER.__getitem__)
        mensagem = al.mensagem
        if existing.qtd_anterior != al.qtd_anterior:
            mensagem += f" Desde o primeiro alerta: {fmt_qtd(existing.qtd_anterior)} → {fmt_qtd(al.qtd_nova)}."
        writes.updates.append(AlertUpdate(existing.id, nivel, al.tipo, al.qtd_nova, mensagem, al.lote))
    return writes

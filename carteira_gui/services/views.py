"""Read models the screens, the command and the reports show (alerts, sync runs, stored changes).

Also their JSON forms (the command's contract). Adapters fill them; nobody else builds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from carteira_gui.domain.model import CAMPOS, Snapshot
from carteira_gui.domain.plan import field_to_json, number


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as stored (the command's alert fields)."""

    id: int
    nivel: str
    tipo: str
    num_pedido: str
    cod_produto: str
    separacao_id: int | None
    pre_separacao_id: int | None
    lote: str | None
    qtd_anterior: Decimal
    qtd_nova: Decimal
    mensagem: str
    sync_id: int | None
    criado_em: datetime
    atualizado_em: datetime
    reconhecido_por: str | None
    reconhecido_em: datetime | None
    nota: str | None


@dataclass(frozen=True, slots=True)
class RunView:
    """A past sync run with its counts."""

    id: int
    iniciado_em: datetime
    concluido_em: datetime
    usuario: str
    origem: str
    counts: dict[str, int]
    alertas: dict[str, int]
    linhas_antes: int
    linhas_depois: int
    delta_total: Decimal
    duracao_s: float
    #: Run unattended: only the safe part was applied; ``retidas`` changes were held for a planner.
    automatico: bool = False
    retidas: int = 0


@dataclass(frozen=True, slots=True)
class ImpactoView:
    """A stored impact of a change."""

    alvo: str
    alvo_id: int | None
    lote: str | None
    status: str | None
    qtd_antes: Decimal
    qtd_depois: Decimal

    @property
    def id(self) -> int | None:
        """The allocation's id (as ``Impacto.id``)."""
        return self.alvo_id


@dataclass(frozen=True, slots=True)
class ChangeView:
    """A stored change of a sync run with its impacts."""

    tipo: str
    num_pedido: str
    cod_produto: str
    cliente: str | None
    qtd_antes: Decimal
    qtd_depois: Decimal
    nao_coberto: Decimal
    linhas_somadas: int
    campos: dict[str, Any]
    impactos: list[ImpactoView]
    #: Held by an automatic run (not applied), and why.
    retida: bool = False
    motivo: str | None = None

    @property
    def delta(self) -> Decimal:
        """qtd_depois − qtd_antes."""
        return self.qtd_depois - self.qtd_antes


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alert_json(alert: AlertView) -> dict[str, Any]:
    """An alert with the fields of docs/comando.md (plus ``pre_separacao_id``)."""
    return {
        "id": alert.id,
        "nivel": alert.nivel,
        "tipo": alert.tipo,
        "num_pedido": alert.num_pedido,
        "cod_produto": alert.cod_produto,
        "separacao_id": alert.separacao_id,
        "lote": alert.lote,
        "qtd_anterior": number(alert.qtd_anterior),
        "qtd_nova": number(alert.qtd_nova),
        "mensagem": alert.mensagem,
        "sync_id": alert.sync_id,
        "criado_em": _iso(alert.criado_em),
        "reconhecido_por": alert.reconhecido_por,
        "reconhecido_em": _iso(alert.reconhecido_em),
        "nota": alert.nota,
        "pre_separacao_id": alert.pre_separacao_id,
    }


def state_json(
    snapshot: Snapshot,
    alerts: list[AlertView],
    pres: Sequence[PreView] = (),
    lotes: Sequence[LoteView] = (),
) -> dict[str, Any]:
    """The state in the ``seed`` format, every id present, plus ``alertas``.

    ``pres`` and ``lotes`` give the decision fields: a pré-separação's ``data_expedicao``, ``observacao`` and
    ``criado_por``; a separação's from its lote, plus ``transportadora``, ``valor_frete``, ``data_embarque`` and
    ``numero_nf``. A field is written where known (not null), so ``seed`` of the output loads back the same.
    """
    carteira = []
    for key in sorted(snapshot.lines):
        line = snapshot.lines[key]
        row: dict[str, Any] = {
            "num_pedido": line.num_pedido,
            "cod_produto": line.cod_produto,
            "qtd_saldo": number(line.qtd_saldo),
        }
        for name in CAMPOS:
            row[name] = field_to_json(getattr(line, name))
        carteira.append(row)
    pre_views = {p.id: p for p in pres}
    lote_views = {lote.lote: lote for lote in lotes}
    pre_rows = []
    for p in sorted((p for a in snapshot.allocations.values() for p in a.pre_separacoes), key=lambda p: p.id):
        pre_row: dict[str, Any] = {
            "id": p.id,
            "num_pedido": p.num_pedido,
            "cod_produto": p.cod_produto,
            "qtd": number(p.qtd),
            "criado_em": p.criado_em.isoformat(),
            "tipo_envio": p.tipo_envio.value,
        }
        view = pre_views.get(p.id)
        if view is not None:
            _known(
                pre_row,
                data_expedicao=_day(view.data_expedicao),
                observacao=view.observacao,
                criado_por=view.criado_por,
            )
        pre_rows.append(pre_row)
    sep_rows = []
    for s in sorted((s for a in snapshot.allocations.values() for s in a.separacoes), key=lambda s: s.id):
        sep_row: dict[str, Any] = {
            "id": s.id,
            "lote": s.lote,
            "num_pedido": s.num_pedido,
            "cod_produto": s.cod_produto,
            "qtd": number(s.qtd),
            "status": s.status.value,
            "criado_em": s.criado_em.isoformat(),
            "tipo_envio": s.tipo_envio.value,
        }
        lote = lote_views.get(s.lote)
        if lote is not None:
            _known(
                sep_row,
                data_expedicao=_day(lote.data_expedicao),
                observacao=lote.observacao,
                criado_por=lote.criado_por,
                transportadora=lote.transportadora,
                valor_frete=None if lote.valor_frete is None else number(lote.valor_frete),
                data_embarque=_day(lote.data_embarque),
                numero_nf=lote.numero_nf,
            )
        sep_rows.append(sep_row)
    return {
        "carteira": carteira,
        "pre_separacoes": pre_rows,
        "separacoes": sep_rows,
        "alertas": [alert_json(a) for a in alerts],
    }


def _known(row: dict[str, Any], **fields: object) -> None:
    """Add the fields whose value is known (not ``None``)."""
    row.update({name: value for name, value in fields.items() if value is not None})


def run_json(run: RunView) -> dict[str, Any]:
    """A sync run for ``history --json``."""
    return {
        "id": run.id,
        "iniciado_em": run.iniciado_em.isoformat(),
        "concluido_em": run.concluido_em.isoformat(),
        "usuario": run.usuario,
        "origem": run.origem,
        "contagens": run.counts,
        "alertas": run.alertas,
        "linhas_antes": run.linhas_antes,
        "linhas_depois": run.linhas_depois,
        "delta_total": number(run.delta_total),
        "duracao_s": round(run.duracao_s, 3),
        "automatico": run.automatico,
        "retidas": run.retidas,
    }


@dataclass(frozen=True, slots=True)
class PreView:
    """A pré-separação with its decision fields."""

    id: int
    num_pedido: str
    cod_produto: str
    qtd: Decimal
    tipo_envio: str
    criado_em: datetime
    data_expedicao: date | None
    observacao: str | None
    criado_por: str | None


@dataclass(frozen=True, slots=True)
class LoteItemView:
    """A row of a lote: one product of its pedido."""

    id: int
    cod_produto: str
    qtd: Decimal
    tipo_envio: str


@dataclass(frozen=True, slots=True)
class LoteView:
    """A lote de separação with its rows (all share its pedido and status)."""

    lote: str
    num_pedido: str
    status: str
    data_expedicao: date | None
    criado_por: str | None
    criado_em: datetime
    transportadora: str | None
    valor_frete: Decimal | None
    data_embarque: date | None
    numero_nf: str | None
    observacao: str | None
    itens: tuple[LoteItemView, ...]

    @property
    def total(self) -> Decimal:
        """Σ qtd of its rows."""
        return sum((i.qtd for i in self.itens), Decimal(0))


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of a line's history: a sync that changed it, or a planner's decision on it."""

    em: datetime
    origem: str  # "sync" or "decisao"
    por: str
    acao: str
    resumo: str


def pre_json(pre: PreView) -> dict[str, Any]:
    """A pré-separação in the state file's form, with its decision fields."""
    return {
        "id": pre.id,
        "num_pedido": pre.num_pedido,
        "cod_produto": pre.cod_produto,
        "qtd": number(pre.qtd),
        "criado_em": pre.criado_em.isoformat(),
        "tipo_envio": pre.tipo_envio,
        "data_expedicao": _day(pre.data_expedicao),
        "observacao": pre.observacao,
        "criado_por": pre.criado_por,
    }


def lote_json(lote: LoteView) -> dict[str, Any]:
    """A lote as the command prints it (``lotes --json``, ``lote add --json``)."""
    return {
        "lote": lote.lote,
        "num_pedido": lote.num_pedido,
        "status": lote.status,
        "data_expedicao": _day(lote.data_expedicao),
        "criado_por": lote.criado_por,
        "criado_em": lote.criado_em.isoformat(),
        "transportadora": lote.transportadora,
        "valor_frete": None if lote.valor_frete is None else number(lote.valor_frete),
        "data_embarque": _day(lote.data_embarque),
        "numero_nf": lote.numero_nf,
        "observacao": lote.observacao,
        "itens": [
            {"id": i.id, "cod_produto": i.cod_produto, "qtd": number(i.qtd), "tipo_envio": i.tipo_envio}
            for i in lote.itens
        ],
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None

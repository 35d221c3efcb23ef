"""JSON forms of the state, alerts and history (CLI.md), shared by the command line and exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from carteira_gui.adapters.db.store import AlertView, RunView
from carteira_gui.domain.model import CAMPOS, Snapshot
from carteira_gui.domain.plan import field_to_json, number


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alert_json(alert: AlertView) -> dict[str, Any]:
    """An alert with the fields of CLI.md (plus ``pre_separacao_id``)."""
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


def state_json(snapshot: Snapshot, alerts: list[AlertView]) -> dict[str, Any]:
    """The state in the ``seed`` format, every id present, plus ``alertas``."""
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
    pres = sorted((p for a in snapshot.allocations.values() for p in a.pre_separacoes), key=lambda p: p.id)
    seps = sorted((s for a in snapshot.allocations.values() for s in a.separacoes), key=lambda s: s.id)
    return {
        "carteira": carteira,
        "pre_separacoes": [
            {
                "id": p.id,
                "num_pedido": p.num_pedido,
                "cod_produto": p.cod_produto,
                "qtd": number(p.qtd),
                "criado_em": p.criado_em.isoformat(),
                "tipo_envio": p.tipo_envio.value,
            }
            for p in pres
        ],
        "separacoes": [
            {
                "id": s.id,
                "lote": s.lote,
                "num_pedido": s.num_pedido,
                "cod_produto": s.cod_produto,
                "qtd": number(s.qtd),
                "status": s.status.value,
                "criado_em": s.criado_em.isoformat(),
                "tipo_envio": s.tipo_envio.value,
            }
            for s in seps
        ],
        "alertas": [alert_json(a) for a in alerts],
    }


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
    }

"""The detail pane of the plan review, as rich text.

One change's quantities, the waterfall over its allocations, its alerts and its changed fields.
Kept apart from ``plan_view`` (which lays the review out) so that the words of the detail live in one place.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from carteira_gui.domain.model import Alvo, Nivel, Status, TipoMudanca
from carteira_gui.domain.plan import Change, Impacto
from carteira_gui.gui.formatting import (
    alert_tipo_label,
    field_label,
    fmt_delta,
    fmt_field,
    fmt_qtd,
    level_label,
    tipo_label,
)
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS

_RED = LEVEL_COLORS[Nivel.CRITICO]
_GREEN = "#2e7d32"
_GREY = "#607d8b"


def hint_html(text: str) -> str:
    """A grey hint in the detail pane (nothing selected, or the selection hidden by a filter)."""
    return f"<p style='color:{_GREY}'>{html.escape(text)}</p>"


def target_name(imp: Impacto) -> str:
    """Who an impact falls on: the free balance, a pré-separação, a separação of a lote."""
    if imp.alvo is Alvo.SALDO_LIVRE:
        return QCoreApplication.translate("PlanPanel", "Free balance")
    if imp.alvo is Alvo.PRE_SEPARACAO:
        return QCoreApplication.translate("PlanPanel", "Pre-separation #{0}").format(imp.id)
    status = imp.status.value if imp.status is not None else ""
    return QCoreApplication.translate("PlanPanel", "Separation #{0} · {1} · {2}").format(
        imp.id, html.escape(imp.lote or ""), status
    )


def _delta_cell(value: Decimal) -> str:
    colour = _RED if value < 0 else (_GREEN if value > 0 else "#78909c")
    return f"<td align='right' style='color:{colour}'><b>{fmt_delta(value)}</b></td>"


def detail_html(change: Change) -> str:
    """The detail of a change: quantities, the waterfall over each allocation, alerts, changed fields."""
    before_title = QCoreApplication.translate("PlanPanel", "Before")
    after_title = QCoreApplication.translate("PlanPanel", "After")
    title = f"{html.escape(change.num_pedido)} / {html.escape(change.cod_produto)}"
    parts = [f"<h3 style='margin-bottom:2px'>{title}</h3>"]
    if change.cliente:
        parts.append(f"<div style='color:#455a64'>{html.escape(change.cliente)}</div>")
    parts.append(
        f"<p><b>{tipo_label(change.tipo)}</b>: {fmt_qtd(change.qtd_antes)} → {fmt_qtd(change.qtd_depois)} "
        f"(<span style='color:{_RED if change.delta < 0 else _GREEN}'>{fmt_delta(change.delta)}</span>)</p>"
    )
    if change.linhas_somadas > 1:
        parts.append(
            "<p style='color:#8a4b00'>"
            + QCoreApplication.translate(
                "PlanPanel", "Odoo sent {0} lines for this order and product; they were summed."
            ).format(change.linhas_somadas)
            + "</p>"
        )
    if change.impactos or change.nao_coberto:
        parts.append(
            "<p style='margin-bottom:2px'><b>"
            + QCoreApplication.translate("PlanPanel", "Where the quantity goes")
            + "</b></p>"
        )
        parts.append(
            "<table cellspacing='0' cellpadding='4' width='100%' style='border-collapse:collapse'>"
            "<tr style='background:#eceff1'>"
            + "<th align='left'>"
            + QCoreApplication.translate("PlanPanel", "Allocation")
            + "</th><th align='right'>"
            + before_title
            + "</th><th align='right'>"
            + after_title
            + "</th><th align='right'>"
            + QCoreApplication.translate("PlanPanel", "Change")
            + "</th></tr>"
        )
        for imp in change.impactos:
            background = ""
            if imp.delta != 0 and imp.status is Status.COTADO:
                background = f" style='background:{LEVEL_TINTS[Nivel.CRITICO]}'"
            elif imp.delta != 0 and imp.alvo is not Alvo.SALDO_LIVRE:
                background = f" style='background:{LEVEL_TINTS[Nivel.ATENCAO]}'"
            name = target_name(imp)
            if imp.excluida:
                name += " <i>(" + QCoreApplication.translate("PlanPanel", "deleted") + ")</i>"
            parts.append(
                f"<tr{background}><td>{name}</td><td align='right'>{fmt_qtd(imp.qtd_antes)}</td>"
                f"<td align='right'>{fmt_qtd(imp.qtd_depois)}</td>{_delta_cell(imp.delta)}</tr>"
            )
        if change.nao_coberto > 0:
            parts.append(
                f"<tr style='background:{LEVEL_TINTS[Nivel.CRITICO]}'><td><b>"
                + QCoreApplication.translate("PlanPanel", "Not covered (already loaded)")
                + f"</b></td><td></td><td></td><td align='right' style='color:{_RED}'><b>"
                + fmt_qtd(change.nao_coberto)
                + "</b></td></tr>"
            )
        parts.append("</table>")
    if change.alertas:
        parts.append(
            "<p style='margin-bottom:2px'><b>" + QCoreApplication.translate("PlanPanel", "Alerts") + "</b></p>"
        )
        for alerta in change.alertas:
            colour = LEVEL_COLORS[alerta.nivel]
            parts.append(
                f"<p style='margin:2px 0'><span style='color:{colour}'>●</span> "
                f"<b style='color:{colour}'>{level_label(alerta.nivel)}</b> "
                f"({alert_tipo_label(alerta.tipo)}): {html.escape(alerta.mensagem)}</p>"
            )
    if change.campos:
        parts.append(
            "<p style='margin-bottom:2px'><b>" + QCoreApplication.translate("PlanPanel", "Changed fields") + "</b></p>"
        )
        parts.append(
            "<table cellspacing='0' cellpadding='4' width='100%'><tr style='background:#eceff1'>"
            + "<th align='left'>"
            + QCoreApplication.translate("PlanPanel", "Field")
            + "</th><th align='left'>"
            + before_title
            + "</th><th align='left'>"
            + after_title
            + "</th></tr>"
        )
        for name, (before, after) in change.campos.items():
            parts.append(
                f"<tr><td>{field_label(name)}</td><td>{html.escape(fmt_field(name, before))}</td>"
                f"<td><b>{html.escape(fmt_field(name, after))}</b></td></tr>"
            )
        parts.append("</table>")
    if change.tipo is TipoMudanca.REMOVIDO:
        parts.append(
            "<p style='color:#455a64'>"
            + QCoreApplication.translate("PlanPanel", "The line leaves the carteira after its allocations are reduced.")
            + "</p>"
        )
    return "".join(parts)

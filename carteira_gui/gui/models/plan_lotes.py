"""The plan seen by lote: which lotes (which trucks) a sync hits, with their status, carrier and shipping day.

Freight is managed by lote: a planner who reads the plan line by line still has to ask "which quotes must I
redo?". ``lote_impacts`` answers it from the plan's impacts — every lote whose separações change, and every
lote an alert names (a COTADO lote whose line grew keeps its quantity but raises ATENÇÃO) — with the lote's
total before and after, the worst alert level and how many lines of the plan touch it. Built on demand (when
the "Por lote" view is opened), not with every plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from carteira_gui.domain.model import ZERO, Alvo, Nivel
from carteira_gui.domain.plan import Change
from carteira_gui.gui.formatting import fmt_count, fmt_date, fmt_delta, fmt_qtd, level_label
from carteira_gui.gui.models.decisions import bold_font, day_key, status_brush, status_key
from carteira_gui.gui.models.table import LEVEL_RANK, LEVEL_ROLE, NEGATIVE, Column, RowTableModel, text_key
from carteira_gui.gui.resources import level_color, level_icon, level_tint
from carteira_gui.services.views import LoteView


@dataclass(slots=True)
class LoteImpact:
    """One lote the plan touches: its data (when the lote is still stored) and what the plan does to it."""

    lote: str
    status: str
    num_pedido: str
    cliente: str = ""
    transportadora: str = ""
    data_expedicao: date | None = None
    antes: Decimal = ZERO
    depois: Decimal = ZERO
    nivel: str | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def delta(self) -> Decimal:
        """What the plan changes in the lote's quantity."""
        return self.depois - self.antes

    @property
    def search(self) -> str:
        """Lote, pedido, client and carrier, casefolded."""
        return f"{self.lote} {self.num_pedido} {self.cliente} {self.transportadora}".casefold()


def _worse(a: str | None, b: str | None) -> str | None:
    return a if LEVEL_RANK[a] <= LEVEL_RANK[b] else b


def lote_impacts(
    changes: Iterable[Change],
    lotes: Mapping[str, LoteView],
    clientes: Mapping[str, str],
) -> list[LoteImpact]:
    """Every lote the changes hit, the most severe first, then by shipping day and code.

    A lote's "before" is its stored total (all its rows) when known, else the sum of the separações the plan
    lists; "after" is that plus what the plan changes.
    """
    found: dict[str, LoteImpact] = {}
    deltas: dict[str, Decimal] = {}
    listed: dict[str, Decimal] = {}

    def entry(code: str, status: str, change: Change) -> LoteImpact:
        impact = found.get(code)
        if impact is None:
            stored = lotes.get(code)
            impact = found[code] = LoteImpact(
                code,
                stored.status if stored is not None else status,
                change.num_pedido,
                clientes.get(change.num_pedido, change.cliente or ""),
                (stored.transportadora or "") if stored is not None else "",
                stored.data_expedicao if stored is not None else None,
            )
        if not impact.changes or impact.changes[-1] is not change:
            impact.changes.append(change)
        return impact

    for change in changes:
        level = change.nivel.value if change.nivel is not None else None
        named = {a.lote: a.nivel.value for a in change.alertas if a.lote}
        for imp in change.impactos:
            if imp.alvo is not Alvo.SEPARACAO or not imp.lote:
                continue
            if imp.delta == 0 and imp.lote not in named:
                continue
            impact = entry(imp.lote, imp.status.value if imp.status is not None else "", change)
            deltas[imp.lote] = deltas.get(imp.lote, ZERO) + imp.delta
            listed[imp.lote] = listed.get(imp.lote, ZERO) + imp.qtd_antes
            impact.nivel = _worse(impact.nivel, named.get(imp.lote, level if imp.delta else None))
        for code, nivel in named.items():
            if code not in found:
                stored = lotes.get(code)
                impact = entry(code, stored.status if stored is not None else "", change)
                impact.nivel = _worse(impact.nivel, nivel)
    for code, impact in found.items():
        stored = lotes.get(code)
        impact.antes = stored.total if stored is not None else listed.get(code, ZERO)
        impact.depois = impact.antes + deltas.get(code, ZERO)
    return sorted(
        found.values(),
        key=lambda i: (LEVEL_RANK[i.nivel], status_key(i.status), day_key(i.data_expedicao), i.lote),
    )


class LoteImpactModel(RowTableModel[LoteImpact]):
    """The lotes a plan hits: lote, status, pedido, client, carrier, shipping day, total before/after, alert."""

    COL_NIVEL = 9

    def columns(self) -> list[Column[LoteImpact]]:
        """Lote, status, pedido, client, carrier, shipping day, before, after, change, alert, lines."""
        return [
            Column(lambda i: i.lote, lambda i: i.lote),
            Column(lambda i: i.status, lambda i: status_key(i.status)),
            Column(lambda i: i.num_pedido, lambda i: i.num_pedido),
            Column(lambda i: i.cliente, lambda i: text_key(i.cliente)),
            Column(lambda i: i.transportadora, lambda i: text_key(i.transportadora)),
            Column(lambda i: fmt_date(i.data_expedicao), lambda i: day_key(i.data_expedicao)),
            Column(lambda i: fmt_qtd(i.antes), lambda i: i.antes, numeric=True),
            Column(lambda i: fmt_qtd(i.depois), lambda i: i.depois, numeric=True),
            Column(lambda i: fmt_delta(i.delta), lambda i: i.delta, numeric=True),
            Column(lambda i: level_label(i.nivel), lambda i: LEVEL_RANK[i.nivel]),
            Column(lambda i: fmt_count(len(i.changes)), lambda i: len(i.changes), numeric=True),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Batch"),
            self.tr("Status"),
            self.tr("Order"),
            self.tr("Client"),
            self.tr("Carrier"),
            self.tr("Shipping"),
            self.tr("Batch total"),
            self.tr("After"),
            self.tr("Change"),
            self.tr("Alert"),
            self.tr("Lines"),
        ]

    def cell_data(self, row: LoteImpact, column: int, role: int) -> Any:
        """Status in its colour, the alert level's icon, colour and tint, negative changes in red."""
        if role == LEVEL_ROLE:
            return row.nivel
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 1:
                return status_brush(row.status)
            if column == self.COL_NIVEL and row.nivel is not None:
                return QBrush(level_color(row.nivel))
            if column == 8 and row.delta < 0:
                return QBrush(NEGATIVE)
        if role == Qt.ItemDataRole.FontRole and (
            column == 1 or (column == self.COL_NIVEL and row.nivel == Nivel.CRITICO)
        ):
            return bold_font()
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and row.nivel is not None:
            return level_icon(row.nivel)
        if role == Qt.ItemDataRole.BackgroundRole and row.nivel is not None:
            return QBrush(level_tint(row.nivel))
        return None

    def _rows_changed(self) -> None:
        self._search = [r.search for r in self._rows]

    def search_text(self, row: int) -> str:
        """Lote, pedido, client, carrier."""
        return self._search[row]

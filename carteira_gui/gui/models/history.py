"""The sync history: past runs with their counts, and the changes one run applied (with their alert level).

Kinds come destructive first and alert levels in their colours, as in the plan review.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QFont

from carteira_gui.domain.model import Key, Nivel, TipoMudanca
from carteira_gui.gui.formatting import (
    fmt_count,
    fmt_datetime,
    fmt_delta,
    fmt_duration,
    fmt_qtd,
    impact_line,
    level_label,
    tipo_label,
)
from carteira_gui.gui.models.plan import GROUP_ORDER
from carteira_gui.gui.models.table import GREY, LEVEL_RANK, LEVEL_ROLE, NEGATIVE, Column, RowTableModel, text_key
from carteira_gui.gui.resources import level_color, level_icon
from carteira_gui.services.views import ChangeView, RunView


class RunModel(RowTableModel[RunView]):
    """Past syncs: when, who, source, counts per kind and alert level, line counts, duration."""

    def columns(self) -> list[Column[RunView]]:
        """Number, when, who, source, counts, alerts, lines, total delta, duration."""

        def count(name: str) -> Column[RunView]:
            return Column(lambda r: fmt_count(r.counts[name]), lambda r: r.counts[name], numeric=True)

        def alerts(name: str) -> Column[RunView]:
            return Column(lambda r: fmt_count(r.alertas[name]), lambda r: r.alertas[name], numeric=True)

        return [
            Column(lambda r: f"#{r.id}", lambda r: r.id, numeric=True),
            Column(lambda r: fmt_datetime(r.iniciado_em), lambda r: r.iniciado_em),
            Column(lambda r: _who(r), lambda r: text_key(_who(r))),
            Column(lambda r: r.origem, lambda r: text_key(r.origem)),
            *(count(tipo.value) for tipo in GROUP_ORDER),
            alerts("CRITICO"),
            alerts("ATENCAO"),
            Column(
                lambda r: f"{fmt_count(r.linhas_antes)} → {fmt_count(r.linhas_depois)}",
                lambda r: r.linhas_depois,
                numeric=True,
            ),
            Column(lambda r: fmt_delta(r.delta_total), lambda r: r.delta_total, numeric=True),
            Column(lambda r: fmt_duration(r.duracao_s), lambda r: r.duracao_s, numeric=True),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Sync"),
            self.tr("When"),
            self.tr("Who"),
            self.tr("Source"),
            *(tipo_label(tipo) for tipo in GROUP_ORDER),
            level_label(Nivel.CRITICO),
            level_label(Nivel.ATENCAO),
            self.tr("Lines"),
            self.tr("Total change"),
            self.tr("Duration"),
        ]

    COL_CRITICO, COL_ATENCAO = 9, 10

    def cell_data(self, row: RunView, column: int, role: int) -> Any:
        """Alert counts in their level's colour (when there are any)."""
        if role == Qt.ItemDataRole.ForegroundRole:
            level = {self.COL_CRITICO: Nivel.CRITICO, self.COL_ATENCAO: Nivel.ATENCAO}.get(column)
            if level is not None and row.alertas.get(level.value):
                return QBrush(level_color(level))
        if role == Qt.ItemDataRole.FontRole and column == self.COL_CRITICO and row.alertas.get("CRITICO"):
            return _bold()
        return None

    def search_text(self, row: int) -> str:
        """Who and source."""
        r = self._rows[row]
        return f"#{r.id} {r.usuario} {r.origem}".casefold()


def _who(run: RunView) -> str:
    if not run.automatico:
        return run.usuario
    return QCoreApplication.translate("History", "{0} (automatic, {1} held)").format(run.usuario, run.retidas)


def stored_impact_line(change: ChangeView) -> str:
    """The one-line impact of a stored change (same words as the plan's: one renderer).

    A change an automatic sync held for a planner was not applied: it says so, and why.
    """
    if change.retida:
        return QCoreApplication.translate("History", "held for a planner, not applied: {0}").format(change.motivo or "")
    return impact_line(change)


class RunChangeModel(RowTableModel[ChangeView]):
    """The changes a past sync applied, with the level of the alerts each raised."""

    COL_NIVEL, COL_DELTA, COL_IMPACTO = 1, 7, 8

    def __init__(self, parent: QObject | None = None) -> None:
        self._levels: Mapping[Key, str] = {}
        super().__init__(parent)

    def set_levels(self, levels: Mapping[Key, str]) -> None:
        """(num_pedido, cod_produto) → the most severe level of the alerts the run raised on that line."""
        self._levels = levels
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def level_of(self, change: ChangeView) -> str | None:
        """The most severe alert level the run raised on the change's line."""
        return self._levels.get((change.num_pedido, change.cod_produto))

    def columns(self) -> list[Column[ChangeView]]:
        """Kind, alert level, pedido, produto, cliente, before, after, change, impact."""
        return [
            Column(self._kind, lambda c: GROUP_ORDER.index(TipoMudanca(c.tipo))),
            Column(lambda c: level_label(self.level_of(c)), lambda c: LEVEL_RANK.get(self.level_of(c), 3)),
            Column(lambda c: c.num_pedido, lambda c: (c.num_pedido, c.cod_produto)),
            Column(lambda c: c.cod_produto, lambda c: (c.cod_produto, c.num_pedido)),
            Column(lambda c: c.cliente or "", lambda c: text_key(c.cliente)),
            Column(lambda c: fmt_qtd(c.qtd_antes), lambda c: c.qtd_antes, numeric=True),
            Column(lambda c: fmt_qtd(c.qtd_depois), lambda c: c.qtd_depois, numeric=True),
            Column(lambda c: fmt_delta(c.delta), lambda c: c.delta, numeric=True),
            Column(lambda c: self._impact(c), lambda c: self._impact(c)),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Kind"),
            self.tr("Alert"),
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Client"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Change"),
            self.tr("Impact"),
        ]

    def _kind(self, change: ChangeView) -> str:
        if change.retida:
            return self.tr("{0} (held)").format(tipo_label(change.tipo))
        return tipo_label(change.tipo)

    def _rows_changed(self) -> None:
        self._impacts: dict[int, str] = {}

    def _impact(self, change: ChangeView) -> str:
        key = id(change)
        text = self._impacts.get(key)
        if text is None:
            text = self._impacts[key] = stored_impact_line(change)
        return text

    def cell_data(self, row: ChangeView, column: int, role: int) -> Any:
        """Negative changes in red, alert levels in their colour, held changes greyed."""
        level = self.level_of(row)
        if role == LEVEL_ROLE:
            return level
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.retida:
                return QBrush(GREY)
            if column == self.COL_NIVEL and level is not None:
                return QBrush(level_color(level))
            if column == self.COL_DELTA and row.delta < 0:
                return QBrush(NEGATIVE)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_NIVEL and level is not None:
            return level_icon(level)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_NIVEL and level == Nivel.CRITICO.value:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_IMPACTO:
                return self._impact(row)
            if row.retida and row.motivo:
                return row.motivo
        return None

    def search_text(self, row: int) -> str:
        """Pedido, produto, cliente."""
        c = self._rows[row]
        return f"{c.num_pedido} {c.cod_produto} {c.cliente or ''}".casefold()


@cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font

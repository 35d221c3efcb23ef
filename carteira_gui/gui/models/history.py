"""The sync history: past runs with their counts, and the changes one run applied."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.gui.formatting import (
    fmt_count,
    fmt_datetime,
    fmt_delta,
    fmt_qtd,
    fmt_seconds,
    impact_line,
    level_label,
    tipo_label,
)
from carteira_gui.gui.models.plan import GROUP_ORDER
from carteira_gui.gui.models.table import NEGATIVE, Column, RowTableModel, text_key
from carteira_gui.gui.resources import level_color
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
            Column(lambda r: r.usuario, lambda r: text_key(r.usuario)),
            Column(lambda r: r.origem, lambda r: text_key(r.origem)),
            count("REDUCAO"),
            count("AUMENTO"),
            count("NOVO"),
            count("REMOVIDO"),
            count("ALTERADO"),
            alerts("CRITICO"),
            alerts("ATENCAO"),
            Column(
                lambda r: f"{fmt_count(r.linhas_antes)} → {fmt_count(r.linhas_depois)}",
                lambda r: r.linhas_depois,
                numeric=True,
            ),
            Column(lambda r: fmt_delta(r.delta_total), lambda r: r.delta_total, numeric=True),
            Column(lambda r: fmt_seconds(r.duracao_s), lambda r: r.duracao_s, numeric=True),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Sync"),
            self.tr("When"),
            self.tr("Who"),
            self.tr("Source"),
            tipo_label(TipoMudanca.REDUCAO),
            tipo_label(TipoMudanca.AUMENTO),
            tipo_label(TipoMudanca.NOVO),
            tipo_label(TipoMudanca.REMOVIDO),
            tipo_label(TipoMudanca.ALTERADO),
            level_label(Nivel.CRITICO),
            level_label(Nivel.ATENCAO),
            self.tr("Lines"),
            self.tr("Total delta"),
            self.tr("Duration"),
        ]

    def cell_data(self, row: RunView, column: int, role: int) -> Any:
        """Critical counts in the critical colour."""
        if role == Qt.ItemDataRole.ForegroundRole and column == 9 and row.alertas["CRITICO"]:
            return QBrush(level_color(Nivel.CRITICO))
        return None

    def search_text(self, row: int) -> str:
        """Who and source."""
        r = self._rows[row]
        return f"#{r.id} {r.usuario} {r.origem}".casefold()


def stored_impact_line(change: ChangeView) -> str:
    """The one-line impact of a stored change (same words as the plan's: one renderer)."""
    return impact_line(change)


class RunChangeModel(RowTableModel[ChangeView]):
    """The changes a past sync applied."""

    def columns(self) -> list[Column[ChangeView]]:
        """Kind, pedido, produto, cliente, before, after, delta, impact."""
        return [
            Column(lambda c: tipo_label(c.tipo), lambda c: GROUP_ORDER.index(TipoMudanca(c.tipo))),
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
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Client"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Delta"),
            self.tr("Impact"),
        ]

    def _rows_changed(self) -> None:
        self._impacts: dict[int, str] = {}

    def _impact(self, change: ChangeView) -> str:
        key = id(change)
        text = self._impacts.get(key)
        if text is None:
            text = self._impacts[key] = stored_impact_line(change)
        return text

    def cell_data(self, row: ChangeView, column: int, role: int) -> Any:
        """Negative deltas in red."""
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.delta < 0:
            return QBrush(NEGATIVE)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return self._impact(row)
        return None

    def search_text(self, row: int) -> str:
        """Pedido, produto, cliente."""
        c = self._rows[row]
        return f"{c.num_pedido} {c.cod_produto} {c.cliente or ''}".casefold()

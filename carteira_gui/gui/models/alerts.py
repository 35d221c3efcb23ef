"""The alerts table: level (icon and colour), line, lote, quantities, message, who acknowledged when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from carteira_gui.gui.formatting import fmt_datetime, fmt_qtd, level_label
from carteira_gui.gui.models.table import GREY, LEVEL_RANK, LEVEL_ROLE, Column, RowTableModel, text_key
from carteira_gui.gui.resources import level_color, level_icon, level_tint
from carteira_gui.services.views import AlertView


class AlertModel(RowTableModel[AlertView]):
    """Alerts: level (icon and colour), line, lote, quantities, message, and who acknowledged when."""

    def columns(self) -> list[Column[AlertView]]:
        """Level, pedido, produto, lote, before, now, message, created, sync, acknowledged by/at, note."""
        return [
            Column(lambda a: level_label(a.nivel), lambda a: (LEVEL_RANK.get(a.nivel, 3), -a.id)),
            Column(lambda a: a.num_pedido, lambda a: (a.num_pedido, a.cod_produto)),
            Column(lambda a: a.cod_produto, lambda a: (a.cod_produto, a.num_pedido)),
            Column(lambda a: a.lote or "", lambda a: text_key(a.lote)),
            Column(lambda a: fmt_qtd(a.qtd_anterior), lambda a: a.qtd_anterior, numeric=True),
            Column(lambda a: fmt_qtd(a.qtd_nova), lambda a: a.qtd_nova, numeric=True),
            Column(lambda a: a.mensagem, lambda a: a.mensagem.casefold()),
            Column(lambda a: fmt_datetime(a.atualizado_em), lambda a: a.atualizado_em),
            Column(lambda a: f"#{a.sync_id}" if a.sync_id is not None else "", lambda a: a.sync_id or 0),
            Column(lambda a: a.reconhecido_por or "", lambda a: text_key(a.reconhecido_por)),
            Column(lambda a: fmt_datetime(a.reconhecido_em), lambda a: (a.reconhecido_em is None, a.reconhecido_em)),
            Column(lambda a: a.nota or "", lambda a: text_key(a.nota)),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Level"),
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Batch"),
            self.tr("Was"),
            self.tr("Now"),
            self.tr("Message"),
            self.tr("When"),
            self.tr("Sync"),
            self.tr("Acknowledged by"),
            self.tr("Acknowledged at"),
            self.tr("Note"),
        ]

    def cell_data(self, row: AlertView, column: int, role: int) -> Any:
        """Level icon and colour; acknowledged alerts greyed."""
        if role == LEVEL_ROLE:
            return row.nivel
        acknowledged = row.reconhecido_em is not None
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return level_icon(row.nivel)
        if role == Qt.ItemDataRole.ForegroundRole:
            if acknowledged:
                return QBrush(GREY)
            if column == 0:
                return QBrush(level_color(row.nivel))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and not acknowledged:
            return QBrush(level_tint(row.nivel))
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return row.mensagem
        return None

    def _rows_changed(self) -> None:
        self._search: list[str] = [
            f"{a.num_pedido} {a.cod_produto} {a.lote or ''} {a.mensagem} {a.reconhecido_por or ''}".casefold()
            for a in self._rows
        ]

    def search_text(self, row: int) -> str:
        """Pedido, produto, lote, message, who acknowledged."""
        return self._search[row]

    def open_count(self) -> int:
        """How many alerts are not acknowledged."""
        return sum(1 for a in self._rows if a.reconhecido_em is None)

"""The alerts table: level (icon and colour), line and client, lote, quantities, message, sync, acknowledgement.

``AlertFilterProxy`` adds the tab's date filter (alerts raised or updated since a moment) to the words, level
and "hide acknowledged" filters every row table has.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from carteira_gui.gui.formatting import fmt_datetime, fmt_qtd, level_label
from carteira_gui.gui.models.table import (
    GREY,
    LEVEL_RANK,
    LEVEL_ROLE,
    Column,
    ModelIndex,
    RowFilterProxy,
    RowTableModel,
    refilter,
    text_key,
)
from carteira_gui.gui.resources import level_color, level_icon, level_tint
from carteira_gui.services.views import AlertView


class AlertModel(RowTableModel[AlertView]):
    """Alerts: level (icon and colour), line, client, lote, quantities, message, and who acknowledged when."""

    COL_CLIENTE, COL_MENSAGEM, COL_QUANDO, COL_RECONHECIMENTO = 3, 7, 8, 9

    def __init__(self, parent: QObject | None = None) -> None:
        self._clients: Mapping[str, str] = {}
        super().__init__(parent)

    def columns(self) -> list[Column[AlertView]]:
        """Level, pedido, produto, client, lote, before, after, message, when (and which sync), acknowledgement."""
        return [
            Column(lambda a: level_label(a.nivel), lambda a: (LEVEL_RANK.get(a.nivel, 3), -a.id)),
            Column(lambda a: a.num_pedido, lambda a: (a.num_pedido, a.cod_produto)),
            Column(lambda a: a.cod_produto, lambda a: (a.cod_produto, a.num_pedido)),
            Column(self.client_of, lambda a: text_key(self.client_of(a))),
            Column(lambda a: a.lote or "", lambda a: text_key(a.lote)),
            Column(lambda a: fmt_qtd(a.qtd_anterior), lambda a: a.qtd_anterior, numeric=True),
            Column(lambda a: fmt_qtd(a.qtd_nova), lambda a: a.qtd_nova, numeric=True),
            Column(lambda a: a.mensagem, lambda a: a.mensagem.casefold()),
            Column(self.when, lambda a: a.atualizado_em),
            Column(self.acknowledgement, lambda a: (a.reconhecido_em is None, a.reconhecido_em)),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Level"),
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Client"),
            self.tr("Batch"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Message"),
            self.tr("When (sync)"),
            self.tr("Acknowledged"),
        ]

    def set_clients(self, clients: Mapping[str, str]) -> None:
        """num_pedido → client (from the carteira; a removed order has none)."""
        self._clients = clients
        self._rows_changed()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def client_of(self, alert: AlertView) -> str:
        """The client of the alert's order, when the carteira still has it."""
        return self._clients.get(alert.num_pedido, "")

    def when(self, alert: AlertView) -> str:
        """When the alert was raised or last updated, and by which sync: ``29/11/2026 14:05 · #3``."""
        when = fmt_datetime(alert.atualizado_em)
        return f"{when} · #{alert.sync_id}" if alert.sync_id is not None else when

    def acknowledgement(self, alert: AlertView) -> str:
        """Who acknowledged, and when: ``Ana Souza · 29/11/2026 14:05``."""
        if alert.reconhecido_em is None:
            return ""
        return f"{alert.reconhecido_por or ''} · {fmt_datetime(alert.reconhecido_em)}"

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
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_MENSAGEM:
            return row.mensagem
        return None

    def _rows_changed(self) -> None:
        clients = getattr(self, "_clients", {})
        self._search: list[str] = [
            f"{a.num_pedido} {a.cod_produto} {clients.get(a.num_pedido, '')} {a.lote or ''} {a.mensagem} "
            f"{a.reconhecido_por or ''} {a.nota or ''}".casefold()
            for a in self._rows
        ]

    def search_text(self, row: int) -> str:
        """Pedido, produto, client, lote, message, who acknowledged, note."""
        return self._search[row]

    def open_count(self, nivel: str | None = None) -> int:
        """How many alerts (of ``nivel``, when given) are not acknowledged."""
        return sum(1 for a in self._rows if a.reconhecido_em is None and (nivel is None or a.nivel == nivel))

    def open_alerts(self, nivel: str) -> list[AlertView]:
        """The alerts of ``nivel`` not acknowledged yet."""
        return [a for a in self._rows if a.reconhecido_em is None and a.nivel == nivel]


class AlertFilterProxy(RowFilterProxy):
    """The alerts' filters: words, level, acknowledged, and "raised or updated since"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._since: datetime | None = None

    @property
    def filtering(self) -> bool:
        """Whether a filter other than "hide acknowledged" hides alerts."""
        return bool(self._terms) or self._levels is not None or self._since is not None

    def set_since(self, since: datetime | None) -> None:
        """Keep alerts raised or updated at ``since`` or later (``None``: any date)."""
        if since != self._since:
            refilter(self, lambda: setattr(self, "_since", since))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether the alert passes the date filter and the others."""
        if self._since is not None:
            model = self.sourceModel()
            if isinstance(model, AlertModel) and model.row_at(source_row).atualizado_em < self._since:
                return False
        return super().filterAcceptsRow(source_row, source_parent)

"""The planners' decisions as tables: a line's pré-separações, lotes and history; a lote's rows.

The side panel of the Carteira tab shows one line: its pré-separações (``PreModel``), the lotes it is in with
this line's quantity (``LineLoteModel``) and its recent history (``HistoryEntryModel``). The Lotes tab shows
the rows of the lote selected (``LoteItemModel``) below its tree (``models.lotes.LoteTreeModel``). The
status colours and a lote's tooltip are shared by both tabs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from carteira_gui.domain.model import Status
from carteira_gui.gui.formatting import fmt_date, fmt_datetime, fmt_money, fmt_qtd
from carteira_gui.gui.models.table import Column, RowTableModel, text_key
from carteira_gui.gui.resources import icon
from carteira_gui.services.views import HistoryEntry, LoteItemView, LoteView, PreView

#: The order of the status groups: what still moves first, history last.
STATUS_ORDER = (Status.ABERTO, Status.COTADO, Status.EMBARCADO, Status.FATURADO)
#: The colour of each status (text of the status cell and of its group row).
STATUS_COLORS: dict[str, str] = {
    Status.ABERTO.value: "#1565c0",
    Status.COTADO.value: "#b45309",
    Status.EMBARCADO.value: "#2e7d32",
    Status.FATURADO.value: "#607d8b",
}


@cache
def status_brush(status: str) -> QBrush:
    """The colour of a lote's status."""
    return QBrush(QColor(STATUS_COLORS.get(status, "#37474f")))


@cache
def bold_font() -> QFont:
    """A bold font (status cells and group rows)."""
    font = QFont()
    font.setBold(True)
    return font


def status_key(status: str) -> int:
    """Sort key of a status: ABERTO, COTADO, EMBARCADO, FATURADO, then anything else."""
    values = [s.value for s in STATUS_ORDER]
    return values.index(status) if status in values else len(values)


# -- the side panel -------------------------------------------------------------------------------------


class PreModel(RowTableModel[PreView]):
    """A line's pré-separações: number, quantity, shipping date, kind, who made it, note."""

    def columns(self) -> list[Column[PreView]]:
        """#, qtd, data de expedição, tipo, criado por, observação."""
        return [
            Column(lambda p: f"#{p.id}", lambda p: p.id, numeric=True),
            Column(lambda p: fmt_qtd(p.qtd), lambda p: p.qtd, numeric=True),
            Column(lambda p: fmt_date(p.data_expedicao), lambda p: (p.data_expedicao is None, p.data_expedicao)),
            Column(lambda p: p.tipo_envio, lambda p: p.tipo_envio),
            Column(lambda p: p.criado_por or "", lambda p: text_key(p.criado_por)),
            Column(lambda p: p.observacao or "", lambda p: text_key(p.observacao)),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            "#",
            self.tr("Qty"),
            self.tr("Shipping"),
            self.tr("Kind"),
            self.tr("By"),
            self.tr("Note"),
        ]

    def cell_data(self, row: PreView, column: int, role: int) -> Any:
        """The whole pré-separação as a tooltip."""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Pre-separation #{0} of {1}, shipping {2}, made by {3} at {4}").format(
                row.id,
                fmt_qtd(row.qtd),
                fmt_date(row.data_expedicao),
                row.criado_por or "—",
                fmt_datetime(row.criado_em),
            ) + (f"\n{row.observacao}" if row.observacao else "")
        return None

    def total(self) -> Decimal:
        """Σ qtd."""
        return sum((p.qtd for p in self._rows), Decimal(0))


@dataclass(frozen=True, slots=True)
class LineLote:
    """A lote seen from one line: the lote and this line's quantity in it."""

    lote: LoteView
    qtd: Decimal

    @classmethod
    def of(cls, lote: LoteView, cod_produto: str) -> LineLote:
        """The share of ``cod_produto`` in ``lote``."""
        return cls(lote, sum((i.qtd for i in lote.itens if i.cod_produto == cod_produto), Decimal(0)))


class LineLoteModel(RowTableModel[LineLote]):
    """The lotes of a line: code, status, this line's qtd, shipping date, and carrier, loading date and NF."""

    def columns(self) -> list[Column[LineLote]]:
        """Lote, status, qtd, expedição, details (transportadora, embarque, NF)."""
        return [
            Column(lambda r: r.lote.lote, lambda r: r.lote.lote),
            Column(lambda r: r.lote.status, lambda r: status_key(r.lote.status)),
            Column(lambda r: fmt_qtd(r.qtd), lambda r: r.qtd, numeric=True),
            Column(lambda r: fmt_date(r.lote.data_expedicao), lambda r: day_key(r.lote.data_expedicao)),
            Column(self._details, lambda r: self._details(r).casefold()),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Batch"),
            self.tr("Status"),
            self.tr("Qty"),
            self.tr("Shipping"),
            self.tr("Details"),
        ]

    def _details(self, row: LineLote) -> str:
        lote = row.lote
        parts = [lote.transportadora or ""]
        if lote.data_embarque is not None:
            parts.append(self.tr("loaded {0}").format(fmt_date(lote.data_embarque)))
        if lote.numero_nf:
            parts.append(self.tr("NF {0}").format(lote.numero_nf))
        return " · ".join(p for p in parts if p)

    def cell_data(self, row: LineLote, column: int, role: int) -> Any:
        """The status in its colour; the whole lote as a tooltip."""
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return status_brush(row.lote.status)
        if role == Qt.ItemDataRole.FontRole and column == 1:
            return bold_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return lote_tooltip(row.lote)
        return None


def day_key(value: date | None) -> tuple[bool, date]:
    """Sort key of an optional date: the earliest first, no date last."""
    return (value is None, value or date.min)


def lote_tooltip(lote: LoteView) -> str:
    """Everything about a lote in a few lines (tooltips of the panel and of the Lotes tab)."""
    lines = [
        QCoreApplication.translate("Lotes", "{0} · {1} · order {2}").format(lote.lote, lote.status, lote.num_pedido),
        QCoreApplication.translate("Lotes", "Shipping {0}; made by {1} at {2}").format(
            fmt_date(lote.data_expedicao) or "—", lote.criado_por or "—", fmt_datetime(lote.criado_em)
        ),
    ]
    if lote.transportadora or lote.valor_frete is not None:
        lines.append(
            QCoreApplication.translate("Lotes", "Carrier {0}; freight {1}").format(
                lote.transportadora or "—", fmt_money(lote.valor_frete) if lote.valor_frete is not None else "—"
            )
        )
    if lote.data_embarque or lote.numero_nf:
        lines.append(
            QCoreApplication.translate("Lotes", "Loaded {0}; invoice {1}").format(
                fmt_date(lote.data_embarque) or "—", lote.numero_nf or "—"
            )
        )
    lines.extend(f"  {i.cod_produto}: {fmt_qtd(i.qtd)} ({i.tipo_envio})" for i in lote.itens)
    if lote.observacao:
        lines.append(lote.observacao)
    return "\n".join(lines)


class HistoryEntryModel(RowTableModel[HistoryEntry]):
    """A line's recent history, newest first: syncs and decisions, who, what."""

    def columns(self) -> list[Column[HistoryEntry]]:
        """When, who, what."""
        return [
            Column(lambda h: fmt_datetime(h.em), lambda h: h.em),
            Column(lambda h: h.por, lambda h: text_key(h.por)),
            Column(lambda h: h.resumo, lambda h: h.resumo.casefold()),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [self.tr("When"), self.tr("Who"), self.tr("What")]

    def cell_data(self, row: HistoryEntry, column: int, role: int) -> Any:
        """A sync or a decision, told by an icon and a tooltip."""
        sync = row.origem == "sync"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon("fetch") if sync else icon("decision")
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = self.tr("Sync") if sync else self.tr("Decision")
            return f"{kind} · {row.acao}\n{row.resumo}"
        return None


class LoteItemModel(RowTableModel[LoteItemView]):
    """The rows of a lote: product, description (when the carteira still has the line), qty, kind."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._names: Mapping[str, str] = {}
        super().__init__(parent)

    def columns(self) -> list[Column[LoteItemView]]:
        """Produto, descrição, qtd, tipo de envio."""
        return [
            Column(lambda i: i.cod_produto, lambda i: i.cod_produto),
            Column(lambda i: self._names.get(i.cod_produto, ""), lambda i: text_key(self._names.get(i.cod_produto))),
            Column(lambda i: fmt_qtd(i.qtd), lambda i: i.qtd, numeric=True),
            Column(lambda i: i.tipo_envio, lambda i: i.tipo_envio),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [self.tr("Product"), self.tr("Description"), self.tr("Qty"), self.tr("Kind")]

    def set_items(self, items: Iterable[LoteItemView], names: Mapping[str, str]) -> None:
        """Show these rows; ``names`` maps cod_produto → description."""
        self._names = names
        self.set_rows(items)

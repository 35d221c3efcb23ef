"""The planners' decisions as tables: a line's pré-separações, lotes and history; the Lotes tab's tree.

The side panel of the Carteira tab shows one line: its pré-separações (``PreModel``), the lotes it is in with
this line's quantity (``LineLoteModel``) and its recent history (``HistoryEntryModel``). The Lotes tab shows
every lote grouped by status and by data de expedição (``LoteTreeModel``) and the rows of the one selected
(``LoteItemModel``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from carteira_gui.domain.model import Status
from carteira_gui.gui.formatting import fmt_count, fmt_date, fmt_datetime, fmt_money, fmt_qtd
from carteira_gui.gui.models.table import GREY, RIGHT, ROOT, ROW_ROLE, Column, ModelIndex, RowTableModel, text_key
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
_GROUP_BACKGROUND = QColor("#eceff1")
_DAY_BACKGROUND = QColor("#f5f7f8")


@cache
def status_brush(status: str) -> QBrush:
    """The colour of a lote's status."""
    return QBrush(QColor(STATUS_COLORS.get(status, "#37474f")))


@cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _status_key(status: str) -> int:
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
            Column(lambda r: r.lote.status, lambda r: _status_key(r.lote.status)),
            Column(lambda r: fmt_qtd(r.qtd), lambda r: r.qtd, numeric=True),
            Column(lambda r: fmt_date(r.lote.data_expedicao), lambda r: _day_key(r.lote.data_expedicao)),
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
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return lote_tooltip(row.lote)
        return None


def _day_key(value: date | None) -> tuple[bool, date]:
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


# -- the Lotes tab --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoteRow:
    """A lote as the Lotes tab shows it: with its client (from the carteira, when it is still there)."""

    lote: LoteView
    cliente: str

    @property
    def search(self) -> str:
        """What the tab's search box looks in."""
        lote = self.lote
        return (
            f"{lote.lote} {lote.num_pedido} {self.cliente} {lote.transportadora or ''} {lote.numero_nf or ''} "
            f"{lote.criado_por or ''} {' '.join(i.cod_produto for i in lote.itens)}"
        ).casefold()


@dataclass(slots=True)
class _Day:
    day: date | None
    rows: list[LoteRow]


@dataclass(slots=True)
class _Group:
    status: str
    days: list[_Day]

    @property
    def count(self) -> int:
        return sum(len(d.rows) for d in self.days)


# Internal ids: 0 for a status row; s + 1 for a day row of status s; (s + 1) << 20 | (d + 1) for a lote row of
# day d of status s. A lote's parent is told apart from a day's by its size.
_LOTE_BASE = 1 << 20


class LoteTreeModel(QAbstractItemModel):
    """Lotes grouped by status (ABERTO → FATURADO) and, within a status, by data de expedição (earliest first).

    Three levels: status, day, lote. Group rows carry their counts in the first column (the view spans it).
    ``set_filter`` keeps the lotes whose lote, pedido, cliente, transportadora, NF, planner or products contain
    every word. The model is read-only.
    """

    (
        COL_LOTE,
        COL_PEDIDO,
        COL_CLIENTE,
        COL_STATUS,
        COL_EXPEDICAO,
        COL_ITENS,
        COL_QTD,
        COL_TRANSPORTADORA,
        COL_FRETE,
        COL_EMBARQUE,
        COL_NF,
        COL_CRIADO_POR,
    ) = range(12)
    NUMERIC = frozenset({COL_ITENS, COL_QTD, COL_FRETE})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[LoteRow] = []
        self._terms: list[str] = []
        self._groups: list[_Group] = []
        self._cells: list[Callable[[LoteRow], str]] = [
            lambda r: r.lote.lote,
            lambda r: r.lote.num_pedido,
            lambda r: r.cliente,
            lambda r: r.lote.status,
            lambda r: fmt_date(r.lote.data_expedicao),
            lambda r: fmt_count(len(r.lote.itens)),
            lambda r: fmt_qtd(r.lote.total),
            lambda r: r.lote.transportadora or "",
            lambda r: fmt_money(r.lote.valor_frete) if r.lote.valor_frete is not None else "",
            lambda r: fmt_date(r.lote.data_embarque),
            lambda r: r.lote.numero_nf or "",
            lambda r: r.lote.criado_por or "",
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Batch"),
            self.tr("Order"),
            self.tr("Client"),
            self.tr("Status"),
            self.tr("Shipping"),
            self.tr("Items"),
            self.tr("Total qty"),
            self.tr("Carrier"),
            self.tr("Freight"),
            self.tr("Loaded"),
            self.tr("Invoice no."),
            self.tr("Made by"),
        ]

    # -- rows ---------------------------------------------------------------------------------------

    def set_lotes(self, lotes: Iterable[LoteView], clientes: Mapping[str, str]) -> None:
        """Show these lotes; ``clientes`` maps num_pedido → cliente."""
        self._all = [LoteRow(lote, clientes.get(lote.num_pedido, "")) for lote in lotes]
        self._regroup()

    def set_filter(self, text: str) -> None:
        """Keep the lotes that contain every word of ``text``."""
        terms = text.casefold().split()
        if terms != self._terms:
            self._terms = terms
            self._regroup()

    @property
    def filtering(self) -> bool:
        """Whether a text filter is on."""
        return bool(self._terms)

    def lote_count(self) -> tuple[int, int]:
        """(shown, total) lotes."""
        return sum(g.count for g in self._groups), len(self._all)

    def _regroup(self) -> None:
        terms = self._terms
        rows = [r for r in self._all if all(t in r.search for t in terms)] if terms else self._all
        by_status: dict[str, dict[date | None, list[LoteRow]]] = {}
        for row in rows:
            by_status.setdefault(row.lote.status, {}).setdefault(row.lote.data_expedicao, []).append(row)
        groups = []
        for status in sorted(by_status, key=_status_key):
            days = by_status[status]
            ordered = sorted(days, key=_day_key)
            if status == Status.FATURADO.value:
                ordered.reverse()  # history: the newest first
            groups.append(_Group(status, [_Day(d, sorted(days[d], key=lambda r: r.lote.lote)) for d in ordered]))
        self.beginResetModel()
        self._groups = groups
        self.endResetModel()

    def lote_at(self, index: ModelIndex) -> LoteView | None:
        """The lote of a lote row (``None`` for a group row or an invalid index)."""
        row = self._row(index)
        return row.lote if row is not None else None

    def index_of(self, code: str) -> QModelIndex:
        """The index (column 0) of the lote ``code``; invalid when it is not shown."""
        for s, group in enumerate(self._groups):
            for d, day in enumerate(group.days):
                for r, row in enumerate(day.rows):
                    if row.lote.lote == code:
                        return self.createIndex(r, 0, ((s + 1) << 20) | (d + 1))
        return QModelIndex()

    def group_rows(self) -> list[tuple[QModelIndex, list[QModelIndex]]]:
        """Each status row with its day rows (what the view expands and spans)."""
        return [
            (self.index(s, 0), [self.index(d, 0, self.index(s, 0)) for d in range(len(g.days))])
            for s, g in enumerate(self._groups)
        ]

    def status_of_group(self, index: ModelIndex) -> str | None:
        """The status of a status row."""
        if index.isValid() and not index.parent().isValid():
            return self._groups[index.row()].status
        return None

    def _row(self, index: ModelIndex) -> LoteRow | None:
        if not index.isValid() or index.internalId() < _LOTE_BASE:
            return None
        ident = index.internalId()
        return self._groups[(ident >> 20) - 1].days[(ident & (_LOTE_BASE - 1)) - 1].rows[index.row()]

    # -- Qt interface ------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = ROOT) -> QModelIndex:
        """The index of a cell under ``parent``."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        ident = parent.internalId()
        if ident == 0:
            return self.createIndex(row, column, parent.row() + 1)
        if ident < _LOTE_BASE:
            return self.createIndex(row, column, (ident << 20) | (parent.row() + 1))
        return QModelIndex()

    def parent(self, index: ModelIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        """The status row of a day row, the day row of a lote row."""
        if not index.isValid():
            return QModelIndex()
        ident = index.internalId()
        if ident == 0:
            return QModelIndex()
        if ident < _LOTE_BASE:
            return self.createIndex(ident - 1, 0, 0)
        return self.createIndex((ident & (_LOTE_BASE - 1)) - 1, 0, ident >> 20)

    def rowCount(self, parent: ModelIndex = ROOT) -> int:  # noqa: N802 - Qt's name
        """Status rows at the top, days below them, lotes below the days."""
        if not parent.isValid():
            return len(self._groups)
        if parent.column() > 0:
            return 0
        ident = parent.internalId()
        if ident == 0:
            return len(self._groups[parent.row()].days)
        if ident < _LOTE_BASE:
            return len(self._groups[ident - 1].days[parent.row()].rows)
        return 0

    def columnCount(self, parent: ModelIndex = ROOT) -> int:  # noqa: N802 - Qt's name
        """Twelve columns at every level."""
        return len(self._cells)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Selectable and enabled; never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
            return RIGHT
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cells of lote rows; titles of group rows."""
        if not index.isValid():
            return None
        row = self._row(index)
        if row is None:
            return self._group_data(index, role)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[column](row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in self.NUMERIC else None
        if role == ROW_ROLE:
            return row.lote
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            return status_brush(row.lote.status)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_STATUS:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return lote_tooltip(row.lote)
        return None

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        ident = index.internalId()
        if ident == 0:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                total = sum((r.lote.total for d in group.days for r in d.rows), Decimal(0))
                return self.tr("{0} — %n batch(es), {1} in total", "", group.count).format(group.status, fmt_qtd(total))
            if role == Qt.ItemDataRole.ForegroundRole:
                return status_brush(group.status)
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_GROUP_BACKGROUND)
            if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
                return _status_icon(group.status)
            return None
        day = self._groups[ident - 1].days[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            total = sum((r.lote.total for r in day.rows), Decimal(0))
            when = fmt_date(day.day) if day.day is not None else self.tr("no shipping date")
            return self.tr("Shipping {0} — %n batch(es), {1}", "", len(day.rows)).format(when, fmt_qtd(total))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_DAY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GREY) if day.day is None else None
        return None


def _status_icon(status: str) -> QIcon:
    return icon(f"lote-{status.lower()}")

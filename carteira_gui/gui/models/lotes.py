"""The Lotes tab's tree: every lote grouped by status (ABERTO → FATURADO) and by data de expedição."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QIcon

from carteira_gui.domain.model import Status
from carteira_gui.gui.formatting import fmt_count, fmt_date, fmt_money, fmt_qtd
from carteira_gui.gui.models.decisions import bold_font, day_key, lote_tooltip, status_brush, status_key
from carteira_gui.gui.models.table import GREY, RIGHT, ROOT, ROW_ROLE, ModelIndex
from carteira_gui.gui.resources import icon
from carteira_gui.services.views import LoteView

_GROUP_BACKGROUND = QColor("#eceff1")
_DAY_BACKGROUND = QColor("#f5f7f8")


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
        for status in sorted(by_status, key=status_key):
            days = by_status[status]
            ordered = sorted(days, key=day_key)
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
            return bold_font()
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
                return bold_font()
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

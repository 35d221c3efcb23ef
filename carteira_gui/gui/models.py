"""Item models over plain rows: the carteira, the plan (grouped by kind), alerts, sync runs and their changes.

No widget per cell and no per-cell objects: each model holds a list of plain row values and formats a cell
only when a view asks for it. Sorting happens in the source model (Python's sort over the row list, one key
function per column: fast at 100,000 rows); filtering happens in ``QSortFilterProxyModel`` subclasses that read
a precomputed search text. Custom roles are module constants.

Every call Qt makes into Python costs microseconds, and views make many: the plan tree, re-laid out on each
keystroke of its filter, keeps its shape in C++ (see ``PlanModel``) and its proxy decides once per filter
change, not once per call (see ``PlanFilterProxy``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from carteira_gui.adapters.db.store import AlertView, ChangeView, RunView
from carteira_gui.domain.model import ZERO, Alvo, Nivel, Snapshot, Status, TipoMudanca
from carteira_gui.domain.plan import Change, Impacto, Plan
from carteira_gui.gui.formatting import (
    fmt_count,
    fmt_datetime,
    fmt_delta,
    fmt_qtd,
    fmt_seconds,
    group_label,
    impact_line,
    level_label,
    tipo_label,
)
from carteira_gui.gui.resources import icon, level_color, level_icon, level_tint

#: The plain row object behind an index (a ``CarteiraRow``, ``Change``, ``AlertView``, ...).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The alert level of a row (``"CRITICO"``...) or ``None``.
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_GREY = QColor("#8a8f94")
_NEGATIVE = QColor("#c62828")
_GROUP_BACKGROUND = QColor("#eceff1")

R = TypeVar("R")


def _text_key(value: str | None) -> tuple[bool, str]:
    # Empty values last, case-insensitive otherwise.
    return (not value, (value or "").casefold())


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column of a row model: how to show a row's cell and how to sort by it."""

    display: Callable[[R], str]
    sort_key: Callable[[R], Any]
    numeric: bool = False


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of plain rows; subclasses declare the columns and their titles."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._columns: list[Column[R]] = self.columns()
        self._rows_changed()

    def columns(self) -> list[Column[R]]:
        """The columns, in order."""
        raise NotImplementedError

    def titles(self) -> list[str]:
        """The translated column titles, in order."""
        raise NotImplementedError

    def cell_data(self, row: R, column: int, role: int) -> Any:
        """Extra roles of a cell (colours, icons); ``None`` when the role is not handled."""
        return None

    def search_text(self, row: int) -> str:
        """What the text filter looks in for ``row`` (casefolded)."""
        return ""

    # -- Qt interface ---------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        """Rows of the table (none under a valid parent: it is flat)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        """Columns of the table."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's value for ``role``."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else None
        if role == ROW_ROLE:
            return row
        return self.cell_data(row, index.column(), role)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles (and right alignment of numeric columns)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].numeric:
            return _RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column (stable; persistent indexes follow their rows)."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        tracked = [self._rows[i.row()] for i in persistent]
        self._rows.sort(key=self._columns[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        if persistent:
            where = {id(r): n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent, [self.index(where[id(r)], i.column()) for r, i in zip(tracked, persistent, strict=True)]
            )
        self.layoutChanged.emit()

    # -- rows -----------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[R]:
        """The rows, in the current order."""
        return self._rows

    def row_at(self, row: int) -> R:
        """The plain row at ``row``."""
        return self._rows[row]

    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self._rows_changed()
        self.endResetModel()

    def _rows_changed(self) -> None:
        """Hook: recompute what depends on the rows (search texts)."""


# -- carteira -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CarteiraRow:
    """One carteira line with its split over free balance and allocations."""

    num_pedido: str
    cod_produto: str
    nome_produto: str
    cliente: str
    municipio: str
    uf: str
    qtd_saldo: Decimal
    livre: Decimal
    pre_separado: Decimal
    aberto: Decimal
    cotado: Decimal
    embarcado: Decimal
    search: str


def build_carteira_rows(snapshot: Snapshot) -> list[CarteiraRow]:
    """The rows of the carteira table from a snapshot (pure: runs in a worker)."""
    rows: list[CarteiraRow] = []
    for key, line in snapshot.lines.items():
        allocs = snapshot.allocations.get(key)
        pre = aberto = cotado = embarcado = ZERO
        if allocs is not None:
            pre = sum((p.qtd for p in allocs.pre_separacoes), ZERO)
            for s in allocs.separacoes:
                if s.status is Status.ABERTO:
                    aberto += s.qtd
                elif s.status is Status.COTADO:
                    cotado += s.qtd
                elif s.status is Status.EMBARCADO:
                    embarcado += s.qtd
        livre = line.qtd_saldo - pre - aberto - cotado - embarcado
        cliente = line.cliente or ""
        municipio = line.municipio or ""
        nome = line.nome_produto or ""
        rows.append(
            CarteiraRow(
                line.num_pedido,
                line.cod_produto,
                nome,
                cliente,
                municipio,
                line.uf or "",
                line.qtd_saldo,
                livre,
                pre,
                aberto,
                cotado,
                embarcado,
                f"{line.num_pedido} {line.cod_produto} {nome} {cliente} {municipio}".casefold(),
            )
        )
    rows.sort(key=lambda r: (r.num_pedido, r.cod_produto))
    return rows


class CarteiraModel(RowTableModel[CarteiraRow]):
    """The carteira: every line with its split — livre, pré-separado, ABERTO, COTADO, EMBARCADO."""

    QTY_COLUMNS = range(5, 11)

    def columns(self) -> list[Column[CarteiraRow]]:
        """Pedido, produto, descrição, cliente, município/UF and the quantities."""

        def qty(getter: Callable[[CarteiraRow], Decimal]) -> Column[CarteiraRow]:
            return Column(lambda r: fmt_qtd(getter(r)), getter, numeric=True)

        return [
            Column(lambda r: r.num_pedido, lambda r: (r.num_pedido, r.cod_produto)),
            Column(lambda r: r.cod_produto, lambda r: (r.cod_produto, r.num_pedido)),
            Column(lambda r: r.nome_produto, lambda r: _text_key(r.nome_produto)),
            Column(lambda r: r.cliente, lambda r: _text_key(r.cliente)),
            Column(
                lambda r: f"{r.municipio}/{r.uf}" if r.uf else r.municipio,
                lambda r: (_text_key(r.municipio), r.uf),
            ),
            qty(lambda r: r.qtd_saldo),
            qty(lambda r: r.livre),
            qty(lambda r: r.pre_separado),
            qty(lambda r: r.aberto),
            qty(lambda r: r.cotado),
            qty(lambda r: r.embarcado),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Description"),
            self.tr("Client"),
            self.tr("City/State"),
            self.tr("Balance"),
            self.tr("Free"),
            self.tr("Pre-separated"),
            "ABERTO",
            "COTADO",
            "EMBARCADO",
        ]

    def cell_data(self, row: CarteiraRow, column: int, role: int) -> Any:
        """Negative free balance in red (a corrupted database: shown, never hidden); zeros greyed."""
        if role == Qt.ItemDataRole.ForegroundRole and column in self.QTY_COLUMNS:
            value = self._columns[column].sort_key(row)
            if value < 0:
                return QBrush(_NEGATIVE)
            if value == 0:
                return QBrush(_GREY)
        return None

    def search_text(self, row: int) -> str:
        """Pedido, produto, descrição, cliente, município."""
        return self._rows[row].search

    def totals(self) -> dict[str, Decimal]:
        """Σ of each quantity over every line."""
        names = ("qtd_saldo", "livre", "pre_separado", "aberto", "cotado", "embarcado")
        return {n: sum((getattr(r, n) for r in self._rows), ZERO) for n in names}


# -- plan -----------------------------------------------------------------------------------------

#: Destructive kinds first: what removes or reduces is what the planner must read before approving.
GROUP_ORDER = (
    TipoMudanca.REMOVIDO,
    TipoMudanca.REDUCAO,
    TipoMudanca.AUMENTO,
    TipoMudanca.NOVO,
    TipoMudanca.ALTERADO,
)
_LEVEL_RANK = {Nivel.CRITICO.value: 0, Nivel.ATENCAO.value: 1, Nivel.INFO.value: 2, None: 3}


def _change_search(change: Change) -> str:
    lotes = " ".join(i.lote for i in change.impactos if i.lote)
    return f"{change.num_pedido} {change.cod_produto} {change.cliente or ''} {lotes}".casefold()


def _level(change: Change) -> str | None:
    nivel = change.nivel
    return nivel.value if nivel is not None else None


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_PLAN_ALIGNMENTS = (None, None, None, _RIGHT, _RIGHT, _RIGHT, None, None)
_GROUP_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


@cache
def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


@cache
def _bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class PlanModel(QIdentityProxyModel):
    """The changes of a plan as a two-level tree: one row per kind of change, its changes below.

    Within a group the most severe alerts come first until the planner sorts by a column.

    A view lays out a tree by asking its model for ``index()``, ``parent()``, ``rowCount()``, ``hasChildren()``
    and ``flags()`` several times per row, and it lays the whole tree out again on every keystroke of the
    filter. Answered in Python each of those calls crosses the binding (microseconds each, tens of thousands of
    them per keystroke at 100,000 lines). So the tree's *shape* lives in a private ``QStandardItemModel`` — one
    item per group, and only a row count below it (no object per change) — and this model is an identity proxy
    over it: Qt answers every structural question in C++, and Python only supplies ``data()`` for the cells a
    view paints. A change's index carries its group's item as internal pointer: ``_group_of`` maps it back.

    The cells of a change are worked out the first time it is painted and kept (by role, one value per column)
    for the plan's life; each change's alert level is read once per plan, and the text filter's search texts
    once per plan, on first use (``search_texts``). ``revision`` grows whenever the changes or their order
    change. The model is read-only: it refuses every edit. (A change's cells have no item in the shape, so their
    flags are ``QStandardItemModel``'s default for such cells, editable among them; the review tree opens no
    editor, and a Python ``flags()`` would cost two calls per row at every layout.)
    """

    COL_PEDIDO, COL_PRODUTO, COL_CLIENTE, COL_ANTES, COL_DEPOIS, COL_DELTA, COL_ALERTA, COL_IMPACTO = range(8)
    NUMERIC = frozenset({COL_ANTES, COL_DEPOIS, COL_DELTA})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.revision = 0
        self._shape = QStandardItemModel(0, 8, self)
        super().setSourceModel(self._shape)
        self._groups: list[tuple[TipoMudanca, list[Change]]] = []
        self._group_of: dict[int, int] = {}
        self._shown: list[int] | None = None
        self._levels: dict[int, str | None] = {}
        self._search: dict[int, str] | None = None
        self._impact: dict[int, str] = {}
        self._cells: dict[int, dict[int, tuple[Any, ...]]] = {}
        self._keys: list[Callable[[Change], Any]] = [
            lambda c: (c.num_pedido, c.cod_produto),
            lambda c: (c.cod_produto, c.num_pedido),
            lambda c: _text_key(c.cliente),
            lambda c: c.qtd_antes,
            lambda c: c.qtd_depois,
            lambda c: c.delta,
            lambda c: _LEVEL_RANK[self.level_of(c)],
            lambda c: self._impact_text(c),
        ]

    def titles(self) -> list[str]:
        """Column titles."""
        return [
            self.tr("Order"),
            self.tr("Product"),
            self.tr("Client"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Delta"),
            self.tr("Alert"),
            self.tr("Impact"),
        ]

    def set_plan(self, plan: Plan | None) -> None:
        """Show the changes of ``plan`` (nothing for ``None``)."""
        groups: list[tuple[TipoMudanca, list[Change]]] = []
        levels: dict[int, str | None] = {}
        if plan is not None:
            levels = {id(c): _level(c) for c in plan.changes}
            by_kind: dict[TipoMudanca, list[Change]] = {}
            for change in plan.changes:
                by_kind.setdefault(change.tipo, []).append(change)
            for tipo in GROUP_ORDER:
                changes = by_kind.get(tipo)
                if changes:
                    changes.sort(key=lambda c: (_LEVEL_RANK[levels[id(c)]], c.num_pedido, c.cod_produto))
                    groups.append((tipo, changes))
        self.beginResetModel()
        # The shape is rebuilt inside this model's own reset: its signals would only reach this proxy.
        shape = self._shape
        shape.blockSignals(True)
        try:
            shape.setRowCount(0)
            for _tipo, changes in groups:
                item = QStandardItem()
                item.setFlags(_GROUP_FLAGS)
                item.setColumnCount(8)
                item.setRowCount(len(changes))
                shape.appendRow(item)
        finally:
            shape.blockSignals(False)
        self._groups = groups
        self._group_of = {self.index(0, 0, self.index(g, 0)).internalId(): g for g in range(len(groups))}
        self._shown = None
        self._levels = levels
        self._search = None
        self._impact = {}
        self._cells = {}
        self.revision += 1
        self.endResetModel()

    def group_size(self, row: int) -> int:
        """How many changes group ``row`` holds."""
        return len(self._groups[row][1])

    def group_kind(self, row: int) -> TipoMudanca:
        """The kind of change of group ``row``."""
        return self._groups[row][0]

    def group_changes(self) -> list[Sequence[Change]]:
        """The changes of each group, in the order shown."""
        return [changes for _tipo, changes in self._groups]

    def change_in_group(self, group: int, row: int) -> Change:
        """The change at ``row`` of group ``group``."""
        return self._groups[group][1][row]

    def change_at(self, index: ModelIndex) -> Change | None:
        """The change of an index (``None`` for a group row)."""
        if not index.isValid():
            return None
        group = self._group_of.get(index.internalId())
        return None if group is None else self._groups[group][1][index.row()]

    def index_of(self, change: Change) -> QModelIndex:
        """The index (column 0) of ``change``; invalid when it is not shown."""
        for g, (_tipo, changes) in enumerate(self._groups):
            for r, candidate in enumerate(changes):
                if candidate is change:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    def level_of(self, change: Change) -> str | None:
        """The alert level of ``change`` (``"CRITICO"``...), ``None`` without alert."""
        key = id(change)
        return self._levels[key] if key in self._levels else _level(change)

    def levels(self) -> dict[int, str | None]:
        """The alert level of every change of the plan, by ``id(change)``."""
        return self._levels

    def search_texts(self) -> dict[int, str]:
        """What the text filter looks in for every change (by ``id(change)``): built once per plan."""
        if self._search is None:
            self._search = {id(c): _change_search(c) for _tipo, changes in self._groups for c in changes}
        return self._search

    def search_text(self, change: Change) -> str:
        """What the text filter looks in for ``change``: pedido, produto, cliente and lotes, casefolded."""
        text = self.search_texts().get(id(change))
        return text if text is not None else _change_search(change)

    def set_shown(self, shown: Sequence[int] | None) -> None:
        """How many changes of each group a filter shows (``None``: no filter); group titles say so."""
        value = list(shown) if shown is not None else None
        if value == self._shown:
            return
        self._shown = value
        if self._groups:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._groups) - 1, 0), [_DISPLAY])

    def _impact_text(self, change: Change) -> str:
        key = id(change)
        text = self._impact.get(key)
        if text is None:
            text = self._impact[key] = impact_line(change)
        return text

    # -- Qt interface ---------------------------------------------------------------------------

    def setSourceModel(self, sourceModel: QAbstractItemModel) -> None:  # noqa: N802, N803 - Qt's names
        """Refused: the model shows plans (``set_plan``), over its own private shape."""
        raise TypeError("PlanModel shows plans: use set_plan()")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cells of group rows and change rows."""
        group = self._group_of.get(index.internalId())
        if group is None:
            return self._group_data(index, role) if index.isValid() else None
        change = self._groups[group][1][index.row()]
        cells = self._cells.get(id(change))
        if cells is None:
            cells = self._cells[id(change)] = self._change_cells(change)
        values = cells.get(role)
        return values[index.column()] if values is not None else None

    def _change_cells(self, change: Change) -> dict[int, tuple[Any, ...]]:
        """Every role of every column of a change's row (``None`` where a cell has no value)."""
        level = self.level_of(change)
        impact = self._impact_text(change)
        delta = change.delta
        display = (
            change.num_pedido,
            change.cod_produto,
            change.cliente or "",
            fmt_qtd(change.qtd_antes),
            fmt_qtd(change.qtd_depois),
            fmt_delta(delta),
            level_label(level),
            impact,
        )
        cells: dict[int, tuple[Any, ...]] = {
            _DISPLAY: display,
            _ALIGNMENT: _PLAN_ALIGNMENTS,
            ROW_ROLE: (change,) * 8,
            LEVEL_ROLE: (level,) * 8,
            _DECORATION: (level_icon(level) if level else icon("ok"), None, None, None, None, None, None, None),
            _TOOLTIP: (None, None, None, None, None, None, None, impact),
        }
        negative = _brush(_NEGATIVE.name()) if delta < 0 else None
        strong = _brush(level_color(level).name()) if level is not None else None
        if negative is not None or strong is not None:
            cells[_FOREGROUND] = (None, None, None, None, None, negative, strong, None)
        if level is not None:
            cells[_BACKGROUND] = (_brush(level_tint(level).name()),) * 8
        if level == Nivel.CRITICO.value:
            cells[_FONT] = (None, None, None, None, None, None, _bold_font(), None)
        return cells

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        row = index.row()
        tipo, changes = self._groups[row]
        if role == _DISPLAY:
            if index.column() != 0:
                return ""
            if self._shown is None:
                return f"{group_label(tipo)} ({fmt_count(len(changes))})"
            return QCoreApplication.translate("PlanFilterProxy", "{0} ({1} of {2})").format(
                group_label(tipo), fmt_count(self._shown[row]), fmt_count(len(changes))
            )
        if role == _FONT:
            return _bold_font()
        if role == _BACKGROUND:
            return _brush(_GROUP_BACKGROUND.name())
        if role == ROW_ROLE:
            return tipo
        return None

    def itemData(self, index: ModelIndex) -> dict[int, Any]:  # noqa: N802 - Qt's name
        """Every role of a cell, from ``data()`` (the shape holds none)."""
        return QAbstractItemModel.itemData(self, index)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 8:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
            return _RIGHT
        return None

    # Read-only: nothing may change the shape behind the plan's back (Qt would forward these to it).

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Refused (read-only)."""
        return False

    def setItemData(self, index: ModelIndex, roles: dict[int, Any]) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def insertRows(self, row: int, count: int, parent: ModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def removeRows(self, row: int, count: int, parent: ModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def insertColumns(self, column: int, count: int, parent: ModelIndex = _ROOT) -> bool:  # noqa: N802
        """Refused (read-only)."""
        return False

    def removeColumns(self, column: int, count: int, parent: ModelIndex = _ROOT) -> bool:  # noqa: N802
        """Refused (read-only)."""
        return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the changes within each group (groups keep their destructive-first order)."""
        if not 0 <= column < 8:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        tracked = [(i, self.change_at(i)) for i in persistent]
        key = self._keys[column]
        for _tipo, changes in self._groups:
            changes.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.revision += 1
        if persistent:
            where: dict[int, tuple[int, int]] = {}
            for g, (_tipo, changes) in enumerate(self._groups):
                for r, item in enumerate(changes):
                    where[id(item)] = (g, r)
            new: list[QModelIndex] = []
            for old, moved in tracked:
                if moved is None:
                    new.append(self.index(old.row(), old.column()))
                else:
                    g, r = where[id(moved)]
                    new.append(self.index(r, old.column(), self.index(g, 0)))
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()


# -- alerts, runs and stored changes --------------------------------------------------------------


class AlertModel(RowTableModel[AlertView]):
    """Alerts: level (icon and colour), line, lote, quantities, message, and who acknowledged when."""

    def columns(self) -> list[Column[AlertView]]:
        """Level, pedido, produto, lote, before, now, message, created, sync, acknowledged by/at, note."""
        return [
            Column(lambda a: level_label(a.nivel), lambda a: (_LEVEL_RANK.get(a.nivel, 3), -a.id)),
            Column(lambda a: a.num_pedido, lambda a: (a.num_pedido, a.cod_produto)),
            Column(lambda a: a.cod_produto, lambda a: (a.cod_produto, a.num_pedido)),
            Column(lambda a: a.lote or "", lambda a: _text_key(a.lote)),
            Column(lambda a: fmt_qtd(a.qtd_anterior), lambda a: a.qtd_anterior, numeric=True),
            Column(lambda a: fmt_qtd(a.qtd_nova), lambda a: a.qtd_nova, numeric=True),
            Column(lambda a: a.mensagem, lambda a: a.mensagem.casefold()),
            Column(lambda a: fmt_datetime(a.atualizado_em), lambda a: a.atualizado_em),
            Column(lambda a: f"#{a.sync_id}" if a.sync_id is not None else "", lambda a: a.sync_id or 0),
            Column(lambda a: a.reconhecido_por or "", lambda a: _text_key(a.reconhecido_por)),
            Column(lambda a: fmt_datetime(a.reconhecido_em), lambda a: (a.reconhecido_em is None, a.reconhecido_em)),
            Column(lambda a: a.nota or "", lambda a: _text_key(a.nota)),
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
                return QBrush(_GREY)
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
            Column(lambda r: r.usuario, lambda r: _text_key(r.usuario)),
            Column(lambda r: r.origem, lambda r: _text_key(r.origem)),
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
    """The one-line impact of a stored change (same words as the plan's)."""
    impactos = [
        Impacto(
            Alvo(i.alvo),
            i.qtd_antes,
            i.qtd_depois,
            i.alvo_id,
            i.lote,
            Status(i.status) if i.status else None,
        )
        for i in change.impactos
    ]
    as_change = Change(
        TipoMudanca(change.tipo),
        change.num_pedido,
        change.cod_produto,
        change.qtd_antes,
        change.qtd_depois,
        impactos,
        change.nao_coberto,
        {name: (None, None) for name in change.campos},
    )
    return impact_line(as_change)


class RunChangeModel(RowTableModel[ChangeView]):
    """The changes a past sync applied."""

    def columns(self) -> list[Column[ChangeView]]:
        """Kind, pedido, produto, cliente, before, after, delta, impact."""
        return [
            Column(lambda c: tipo_label(c.tipo), lambda c: GROUP_ORDER.index(TipoMudanca(c.tipo))),
            Column(lambda c: c.num_pedido, lambda c: (c.num_pedido, c.cod_produto)),
            Column(lambda c: c.cod_produto, lambda c: (c.cod_produto, c.num_pedido)),
            Column(lambda c: c.cliente or "", lambda c: _text_key(c.cliente)),
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
            return QBrush(_NEGATIVE)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return self._impact(row)
        return None

    def search_text(self, row: int) -> str:
        """Pedido, produto, cliente."""
        c = self._rows[row]
        return f"{c.num_pedido} {c.cod_produto} {c.cliente or ''}".casefold()


# -- proxies --------------------------------------------------------------------------------------


def _terms(text: str) -> list[str]:
    return text.casefold().split()


def _refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    # A filter change re-maps the proxy in one layout change (invalidate) rather than as row removals: with
    # tens of thousands of scattered rows hidden, one removal signal per gap makes views quadratic.
    change()
    proxy.invalidate()


class RowFilterProxy(QSortFilterProxyModel):
    """Filters a ``RowTableModel`` by words (all must appear) and, optionally, by alert level.

    Sorting is forwarded to the source model, which sorts its plain rows far faster than the proxy's
    comparisons would at 100,000 rows.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._levels: frozenset[str] | None = None
        self._hide_acknowledged = False

    def set_text(self, text: str) -> None:
        """Keep rows whose search text contains every word of ``text``."""
        terms = _terms(text)
        if terms != self._terms:
            _refilter(self, lambda: setattr(self, "_terms", terms))

    def set_levels(self, levels: Iterable[str] | None) -> None:
        """Keep rows of these alert levels only (``None``: every row)."""
        value = frozenset(levels) if levels is not None else None
        if value != self._levels:
            _refilter(self, lambda: setattr(self, "_levels", value))

    def set_hide_acknowledged(self, hide: bool) -> None:
        """Hide acknowledged alerts."""
        if hide != self._hide_acknowledged:
            _refilter(self, lambda: setattr(self, "_hide_acknowledged", hide))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether the row passes the word, level and acknowledged filters."""
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return True
        if self._levels is not None or self._hide_acknowledged:
            row = model.row_at(source_row)
            if self._levels is not None and getattr(row, "nivel", None) not in self._levels:
                return False
            if self._hide_acknowledged and getattr(row, "reconhecido_em", None) is not None:
                return False
        if self._terms:
            text = model.search_text(source_row)
            return all(t in text for t in self._terms)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source rows (the proxy keeps the source order)."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)


#: Level filter value that keeps the changes without any alert.
NO_ALERT = "-"


class PlanFilterProxy(QSortFilterProxyModel):
    """Filters the plan tree: words, alert level, and "only lines that touch allocations".

    A group row stays while one of its changes does, and its title says "shown of total" when filtered (the
    proxy tells the model, whose titles they are: this proxy adds no Python to every ``data()`` call).

    The filters are worked out once per change of filter (or of the plan, or of its order) over the whole plan,
    in plain Python over the search texts the model builds once per plan; ``filterAcceptsRow``, which Qt calls
    for every row, only reads the answer. Group rows are kept by the same answer rather than by Qt's recursive
    filtering, which would call back into Python several times per change.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._levels: frozenset[str] | None = None
        self._only_allocations = False
        self._plan: PlanModel | None = None
        # Whether each change of each group passes the filters, and how many per group, for ``_revision``.
        self._passes: list[list[bool]] = []
        self._shown: list[int] = []
        self._revision: int | None = None
        self.sourceModelChanged.connect(self._on_source_model_changed)
        self.modelReset.connect(self._publish_counts)  # a new plan (or source): its counts

    def _on_source_model_changed(self) -> None:
        if self._plan is not None:
            self._plan.set_shown(None)
        model = self.sourceModel()
        self._plan = model if isinstance(model, PlanModel) else None
        self._revision = None

    @property
    def filtering(self) -> bool:
        """Whether any filter is on."""
        return bool(self._terms) or self._levels is not None or self._only_allocations

    def set_text(self, text: str) -> None:
        """Keep changes whose pedido, produto, cliente or lote contain every word of ``text``."""
        terms = _terms(text)
        if terms != self._terms:
            self._set_filter("_terms", terms)

    def set_levels(self, levels: Iterable[str] | None) -> None:
        """Keep changes of these alert levels (``NO_ALERT`` for none); ``None`` keeps every change."""
        value = frozenset(levels) if levels is not None else None
        if value != self._levels:
            self._set_filter("_levels", value)

    def set_only_allocations(self, only: bool) -> None:
        """Keep only changes that alter a pré-separação or a separação."""
        if only != self._only_allocations:
            self._set_filter("_only_allocations", only)

    def _set_filter(self, name: str, value: object) -> None:
        setattr(self, name, value)
        self._revision = None
        # One layout change for the whole re-filter (see ``_refilter``), then the group titles' counts.
        self.invalidate()
        self._publish_counts()

    def _evaluate(self, model: PlanModel) -> None:
        """Work out which changes pass the filters, for the model's current plan and order."""
        terms, levels, only = self._terms, self._levels, self._only_allocations
        search = model.search_texts() if terms else {}
        level_of = model.levels()
        passes: list[list[bool]] = []
        for changes in model.group_changes():
            keep = [True] * len(changes)
            if only:
                keep = [k and c.touches_allocations for k, c in zip(keep, changes, strict=True)]
            if levels is not None:
                keep = [k and (level_of.get(id(c)) or NO_ALERT) in levels for k, c in zip(keep, changes, strict=True)]
            if terms:
                texts = [search[id(c)] for c in changes]
                for term in terms:
                    keep = [k and term in t for k, t in zip(keep, texts, strict=True)]
            passes.append(keep)
        self._passes = passes
        self._shown = [sum(keep) for keep in passes]
        self._revision = model.revision

    def _publish_counts(self) -> None:
        # The group titles (the source model's) say "shown of total" while a filter is on.
        model = self._plan
        if model is None:
            return
        if self._revision != model.revision:
            self._evaluate(model)
        model.set_shown(self._shown if self.filtering else None)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether a change passes the filters; a group row whether one of its changes does."""
        model = self._plan
        if model is None:
            return True
        if self._revision != model.revision:
            self._evaluate(model)
        group = source_parent.row()
        if group < 0:
            return self._shown[source_row] > 0
        return self._passes[group][source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the changes in the source model (groups keep their order)."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

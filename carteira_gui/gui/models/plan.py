"""The plan under review as a tree: one row per kind of change (destructive first), its changes below.

The Qt-facing cost of a tree is the subject here: see ``PlanModel`` for why its shape lives in C++.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QIdentityProxyModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from carteira_gui.domain.model import Nivel, TipoMudanca
from carteira_gui.domain.plan import Change, Plan
from carteira_gui.gui.formatting import fmt_count, fmt_delta, fmt_qtd, impact_line, level_label, tipo_label
from carteira_gui.gui.models.table import (
    LEVEL_RANK,
    LEVEL_ROLE,
    NEGATIVE,
    RIGHT,
    ROOT,
    ROW_ROLE,
    ModelIndex,
    text_key,
)
from carteira_gui.gui.resources import icon, level_color, level_icon, level_tint

_GROUP_BACKGROUND = QColor("#eceff1")

#: Destructive kinds first: what removes or reduces is what the planner must read before approving.
GROUP_ORDER = (
    TipoMudanca.REMOVIDO,
    TipoMudanca.REDUCAO,
    TipoMudanca.AUMENTO,
    TipoMudanca.NOVO,
    TipoMudanca.ALTERADO,
)


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
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_CRITICO = Nivel.CRITICO.value
_PLAN_ALIGNMENTS = (None, None, None, RIGHT, RIGHT, RIGHT, None, None)
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
        self._reviewed: set[int] = set()
        self._where: dict[int, tuple[int, int]] = {}
        self._where_revision = -1
        self._keys: list[Callable[[Change], Any]] = [
            lambda c: (c.num_pedido, c.cod_produto),
            lambda c: (c.cod_produto, c.num_pedido),
            lambda c: text_key(c.cliente),
            lambda c: c.qtd_antes,
            lambda c: c.qtd_depois,
            lambda c: c.delta,
            lambda c: LEVEL_RANK[self.level_of(c)],
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
            self.tr("Change"),
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
                    changes.sort(key=lambda c: (LEVEL_RANK[levels[id(c)]], c.num_pedido, c.cod_produto))
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
        self._reviewed = set()
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
        """The index (column 0) of ``change``; invalid when it is not in the plan."""
        if self._where_revision != self.revision:
            # Built once per plan and order, so that finding a change again (after a filter) costs nothing.
            self._where = {
                id(c): (g, r) for g, (_tipo, changes) in enumerate(self._groups) for r, c in enumerate(changes)
            }
            self._where_revision = self.revision
        place = self._where.get(id(change))
        if place is None or self._groups[place[0]][1][place[1]] is not change:
            return QModelIndex()
        return self.index(place[1], 0, self.index(place[0], 0))

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

    def is_reviewed(self, change: Change) -> bool:
        """Whether ``change`` (a CRITICO line) was ticked as reviewed."""
        return id(change) in self._reviewed

    def reviewed(self) -> list[Change]:
        """The changes ticked as reviewed, in the order shown."""
        return [c for _tipo, changes in self._groups for c in changes if id(c) in self._reviewed]

    def critical(self) -> list[Change]:
        """The CRITICO changes, which each need a tick before the plan is applied."""
        return [c for _tipo, changes in self._groups for c in changes if self._levels.get(id(c)) == _CRITICO]

    def set_reviewed(self, change: Change, reviewed: bool) -> bool:
        """Tick (or untick) a CRITICO change as reviewed; False for a change that takes no tick."""
        if self.level_of(change) != _CRITICO:
            return False
        if reviewed == (id(change) in self._reviewed):
            return True
        (self._reviewed.add if reviewed else self._reviewed.discard)(id(change))
        index = self.index_of(change)
        if index.isValid():
            cell = index.siblingAtColumn(self.COL_ALERTA)
            self.dataChanged.emit(cell, cell, [_CHECK])
        return True

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
        if role == _CHECK:
            if index.column() != self.COL_ALERTA or self._levels.get(id(change)) != _CRITICO:
                return None
            return Qt.CheckState.Checked if id(change) in self._reviewed else Qt.CheckState.Unchecked
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
        negative = _brush(NEGATIVE.name()) if delta < 0 else None
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
                return f"{tipo_label(tipo)} ({fmt_count(len(changes))})"
            return QCoreApplication.translate("PlanFilterProxy", "{0} ({1} of {2})").format(
                tipo_label(tipo), fmt_count(self._shown[row]), fmt_count(len(changes))
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
            return RIGHT
        return None

    # Read-only: nothing may change the shape behind the plan's back (Qt would forward these to it).

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Refused (read-only)."""
        return False

    def setItemData(self, index: ModelIndex, roles: dict[int, Any]) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def insertRows(self, row: int, count: int, parent: ModelIndex = ROOT) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def removeRows(self, row: int, count: int, parent: ModelIndex = ROOT) -> bool:  # noqa: N802 - Qt's name
        """Refused (read-only)."""
        return False

    def insertColumns(self, column: int, count: int, parent: ModelIndex = ROOT) -> bool:  # noqa: N802
        """Refused (read-only)."""
        return False

    def removeColumns(self, column: int, count: int, parent: ModelIndex = ROOT) -> bool:  # noqa: N802
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

"""The generic table machinery of every flat model: columns over plain rows, sorting, filtering by words.

No widget per cell and no per-cell objects: a model holds a list of plain row values and formats a cell only
when a view asks for it. Sorting happens in the source model (Python's sort over the row list, one key function
per column: fast at 100,000 rows); filtering happens in ``RowFilterProxy``, which reads a precomputed search
text. Custom roles are module constants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from carteira_gui.domain.model import Nivel

#: The plain row object behind an index (a ``CarteiraRow``, ``Change``, ``AlertView``, ...).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The alert level of a row (``"CRITICO"``...) or ``None``.
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
#: Alignment of numeric cells.
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: Zeros and acknowledged alerts.
GREY = QColor("#8a8f94")
#: Negative quantities and deltas.
NEGATIVE = QColor("#c62828")
#: Sort rank of an alert level (most severe first; no alert last).
LEVEL_RANK = {Nivel.CRITICO.value: 0, Nivel.ATENCAO.value: 1, Nivel.INFO.value: 2, None: 3}

R = TypeVar("R")


def text_key(value: str | None) -> tuple[bool, str]:
    """Sort key of a text column: empty values last, case-insensitive otherwise."""
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

    def rowCount(self, parent: ModelIndex = ROOT) -> int:  # noqa: N802 - Qt's name
        """Rows of the table (none under a valid parent: it is flat)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = ROOT) -> int:  # noqa: N802 - Qt's name
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
            return RIGHT if column.numeric else None
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
            return RIGHT
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


# -- filtering ------------------------------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    """The words of a filter text, casefolded."""
    return text.casefold().split()


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply ``change`` to a proxy's filter and re-map the proxy once."""
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
        terms = search_terms(text)
        if terms != self._terms:
            refilter(self, lambda: setattr(self, "_terms", terms))

    def set_levels(self, levels: Iterable[str] | None) -> None:
        """Keep rows of these alert levels only (``None``: every row)."""
        value = frozenset(levels) if levels is not None else None
        if value != self._levels:
            refilter(self, lambda: setattr(self, "_levels", value))

    def set_hide_acknowledged(self, hide: bool) -> None:
        """Hide acknowledged alerts."""
        if hide != self._hide_acknowledged:
            refilter(self, lambda: setattr(self, "_hide_acknowledged", hide))

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

"""Item models over plain rows: the carteira, the plan (grouped by kind), alerts, sync runs and their changes.

No widget per cell and no per-cell objects: each model holds a list of plain row values and formats a cell
only when a view asks for it. Sorting happens in the source model (Python's sort over the row list, one key
function per column: fast at 100,000 rows); filtering happens in ``QSortFilterProxyModel`` subclasses that read
a precomputed search text. Custom roles are module constants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

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


class PlanModel(QAbstractItemModel):
    """The changes of a plan as a two-level tree: one row per kind of change, its changes below.

    Group rows carry ``internalId`` 0; a change carries its group's row + 1, so ``parent()`` needs no lookup.
    Within a group the most severe alerts come first until the planner sorts by a column.
    """

    COL_PEDIDO, COL_PRODUTO, COL_CLIENTE, COL_ANTES, COL_DEPOIS, COL_DELTA, COL_ALERTA, COL_IMPACTO = range(8)
    NUMERIC = frozenset({COL_ANTES, COL_DEPOIS, COL_DELTA})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[TipoMudanca, list[Change]]] = []
        self._search: dict[int, str] = {}
        self._impact: dict[int, str] = {}
        self._keys: list[Callable[[Change], Any]] = [
            lambda c: (c.num_pedido, c.cod_produto),
            lambda c: (c.cod_produto, c.num_pedido),
            lambda c: _text_key(c.cliente),
            lambda c: c.qtd_antes,
            lambda c: c.qtd_depois,
            lambda c: c.delta,
            lambda c: _LEVEL_RANK[_level(c)],
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
        self.beginResetModel()
        self._groups = []
        self._search = {}
        self._impact = {}
        if plan is not None:
            by_kind: dict[TipoMudanca, list[Change]] = {}
            for change in plan.changes:
                by_kind.setdefault(change.tipo, []).append(change)
            for tipo in GROUP_ORDER:
                changes = by_kind.get(tipo)
                if changes:
                    changes.sort(key=lambda c: (_LEVEL_RANK[_level(c)], c.num_pedido, c.cod_produto))
                    self._groups.append((tipo, changes))
        self.endResetModel()

    def group_size(self, row: int) -> int:
        """How many changes group ``row`` holds."""
        return len(self._groups[row][1])

    def group_kind(self, row: int) -> TipoMudanca:
        """The kind of change of group ``row``."""
        return self._groups[row][0]

    def change_in_group(self, group: int, row: int) -> Change:
        """The change at ``row`` of group ``group``."""
        return self._groups[group][1][row]

    def change_at(self, index: ModelIndex) -> Change | None:
        """The change of an index (``None`` for a group row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index_of(self, change: Change) -> QModelIndex:
        """The index (column 0) of ``change``; invalid when it is not shown."""
        for g, (_tipo, changes) in enumerate(self._groups):
            for r, candidate in enumerate(changes):
                if candidate is change:
                    return self.createIndex(r, 0, g + 1)
        return QModelIndex()

    def search_text(self, change: Change) -> str:
        """What the text filter looks in for ``change``."""
        key = id(change)
        text = self._search.get(key)
        if text is None:
            text = self._search[key] = _change_search(change)
        return text

    def _impact_text(self, change: Change) -> str:
        key = id(change)
        text = self._impact.get(key)
        if text is None:
            text = self._impact[key] = impact_line(change)
        return text

    # -- Qt interface ---------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        """The index of a group (under the root) or of a change (under its group)."""
        # Bounds checked here rather than with hasIndex(): the proxy asks for every index several times,
        # and hasIndex() calls back into Python twice.
        if row < 0 or not 0 <= column < 8:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group][1]):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: ModelIndex | None = None) -> Any:
        """The group of a change; the root for a group (without an index: the QObject parent)."""
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        """Groups under the root, changes under a group's first column."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        """Eight columns everywhere."""
        return 8

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cells of group rows and change rows."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        change = self._groups[index.internalId() - 1][1][index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(change, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in self.NUMERIC else None
        if role == ROW_ROLE:
            return change
        if role == LEVEL_ROLE:
            return _level(change)
        level = _level(change)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_PEDIDO:
            return level_icon(level) if level else icon("ok")
        if role == Qt.ItemDataRole.BackgroundRole and level is not None:
            return QBrush(level_tint(level))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_ALERTA and level is not None:
                return QBrush(level_color(level))
            if column == self.COL_DELTA and change.delta < 0:
                return QBrush(_NEGATIVE)
            return None
        if role == Qt.ItemDataRole.FontRole and column == self.COL_ALERTA and level == Nivel.CRITICO.value:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_IMPACTO:
            return self._impact_text(change)
        return None

    def _display(self, change: Change, column: int) -> str:
        if column == self.COL_PEDIDO:
            return change.num_pedido
        if column == self.COL_PRODUTO:
            return change.cod_produto
        if column == self.COL_CLIENTE:
            return change.cliente or ""
        if column == self.COL_ANTES:
            return fmt_qtd(change.qtd_antes)
        if column == self.COL_DEPOIS:
            return fmt_qtd(change.qtd_depois)
        if column == self.COL_DELTA:
            return fmt_delta(change.delta)
        if column == self.COL_ALERTA:
            return level_label(_level(change))
        return self._impact_text(change)

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        tipo, changes = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{group_label(tipo)} ({fmt_count(len(changes))})" if index.column() == 0 else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_GROUP_BACKGROUND)
        if role == ROW_ROLE:
            return tipo
        return None

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
        if persistent:
            where: dict[int, tuple[int, int]] = {}
            for g, (_tipo, changes) in enumerate(self._groups):
                for r, item in enumerate(changes):
                    where[id(item)] = (g, r)
            new: list[QModelIndex] = []
            for old, moved in tracked:
                if moved is None:
                    new.append(self.createIndex(old.row(), old.column(), 0))
                else:
                    g, r = where[id(moved)]
                    new.append(self.createIndex(r, old.column(), g + 1))
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

    A group row stays while one of its changes does, and shows "shown of total" when filtered.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._terms: list[str] = []
        self._levels: frozenset[str] | None = None
        self._only_allocations = False

    @property
    def filtering(self) -> bool:
        """Whether any filter is on."""
        return bool(self._terms) or self._levels is not None or self._only_allocations

    def set_text(self, text: str) -> None:
        """Keep changes whose pedido, produto, cliente or lote contain every word of ``text``."""
        terms = _terms(text)
        if terms != self._terms:
            _refilter(self, lambda: setattr(self, "_terms", terms))

    def set_levels(self, levels: Iterable[str] | None) -> None:
        """Keep changes of these alert levels (``NO_ALERT`` for none); ``None`` keeps every change."""
        value = frozenset(levels) if levels is not None else None
        if value != self._levels:
            _refilter(self, lambda: setattr(self, "_levels", value))

    def set_only_allocations(self, only: bool) -> None:
        """Keep only changes that alter a pré-separação or a separação."""
        if only != self._only_allocations:
            _refilter(self, lambda: setattr(self, "_only_allocations", only))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether a change passes the filters; group rows follow their changes."""
        model = self.sourceModel()
        if not isinstance(model, PlanModel):
            return True
        if not source_parent.isValid():
            # A group row: kept by recursive filtering when one of its changes is, or when no filter is on.
            return not self.filtering
        change = model.change_in_group(source_parent.row(), source_row)
        if self._only_allocations and not change.touches_allocations:
            return False
        if self._levels is not None and (_level(change) or NO_ALERT) not in self._levels:
            return False
        if self._terms:
            text = model.search_text(change)
            return all(t in text for t in self._terms)
        return True

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Group titles say how many changes are shown when a filter hides some."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.isValid()
            and index.column() == 0
            and not index.parent().isValid()
            and self.filtering
        ):
            model = self.sourceModel()
            if isinstance(model, PlanModel):
                source = self.mapToSource(index)
                total = model.group_size(source.row())
                shown = self.rowCount(index)
                return self.tr("{0} ({1} of {2})").format(
                    group_label(model.group_kind(source.row())), fmt_count(shown), fmt_count(total)
                )
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the changes in the source model (groups keep their order)."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

"""The carteira table: one row per line with its split over free balance, pre-separations and separations.

Also the "what a line has" filter (pré-separação, a lote ABERTO, COTADO or EMBARCADO, only free balance, no free
balance left) and the totals of the lines a filter shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from carteira_gui.domain.model import ZERO, Snapshot, Status
from carteira_gui.gui.formatting import fmt_date, fmt_qtd
from carteira_gui.gui.models.table import (
    GREY,
    NEGATIVE,
    Column,
    ModelIndex,
    RowFilterProxy,
    RowTableModel,
    refilter,
    text_key,
)


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
    data_entrega: date | None = None

    @property
    def quantities(self) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]:
        """qtd_saldo, livre, pré-separado, ABERTO, COTADO, EMBARCADO (the totals row's order)."""
        return (self.qtd_saldo, self.livre, self.pre_separado, self.aberto, self.cotado, self.embarcado)


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
                line.data_entrega,
            )
        )
    rows.sort(key=lambda r: (r.num_pedido, r.cod_produto))
    return rows


class CarteiraModel(RowTableModel[CarteiraRow]):
    """The carteira: every line with its split — livre, pré-separado, ABERTO, COTADO, EMBARCADO."""

    COL_DESCRICAO, COL_CLIENTE, COL_MUNICIPIO, COL_ENTREGA = 2, 3, 4, 5
    QTY_COLUMNS = range(6, 12)
    COL_COTADO = 10

    def columns(self) -> list[Column[CarteiraRow]]:
        """Pedido, produto, descrição, cliente, município/UF, data de entrega and the quantities."""

        def qty(getter: Callable[[CarteiraRow], Decimal]) -> Column[CarteiraRow]:
            return Column(lambda r: fmt_qtd(getter(r)), getter, numeric=True)

        return [
            Column(lambda r: r.num_pedido, lambda r: (r.num_pedido, r.cod_produto)),
            Column(lambda r: r.cod_produto, lambda r: (r.cod_produto, r.num_pedido)),
            Column(lambda r: r.nome_produto, lambda r: text_key(r.nome_produto)),
            Column(lambda r: r.cliente, lambda r: text_key(r.cliente)),
            Column(
                lambda r: f"{r.municipio}/{r.uf}" if r.uf else r.municipio,
                lambda r: (text_key(r.municipio), r.uf),
            ),
            Column(lambda r: fmt_date(r.data_entrega), lambda r: (r.data_entrega is None, r.data_entrega or date.min)),
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
            self.tr("Delivery"),
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
                return QBrush(NEGATIVE)
            if value == 0:
                return QBrush(GREY)
        return None

    def search_text(self, row: int) -> str:
        """Pedido, produto, descrição, cliente, município."""
        return self._rows[row].search

    def totals(self) -> dict[str, Decimal]:
        """Σ of each quantity over every line."""
        names = ("qtd_saldo", "livre", "pre_separado", "aberto", "cotado", "embarcado")
        return {n: sum((getattr(r, n) for r in self._rows), ZERO) for n in names}


def sum_quantities(rows: Iterable[CarteiraRow]) -> list[Decimal]:
    """Σ qtd_saldo, livre, pré-separado, ABERTO, COTADO and EMBARCADO of ``rows`` (the totals row)."""
    totals = [ZERO] * 6
    for row in rows:
        for n, value in enumerate(row.quantities):
            totals[n] += value
    return totals


#: What the Carteira tab's "what a line has" filter keeps.
KIND_ALL, KIND_COTADO, KIND_PRE, KIND_FREE = "all", "cotado", "pre", "free"
KIND_ABERTO, KIND_EMBARCADO, KIND_NO_FREE = "aberto", "embarcado", "no-free"


def _has_kind(row: CarteiraRow, kind: str) -> bool:
    if kind == KIND_COTADO:
        return row.cotado > 0
    if kind == KIND_PRE:
        return row.pre_separado > 0
    if kind == KIND_ABERTO:
        return row.aberto > 0
    if kind == KIND_EMBARCADO:
        return row.embarcado > 0
    if kind == KIND_NO_FREE:
        return row.livre <= 0
    if kind == KIND_FREE:
        return row.pre_separado == 0 and row.aberto == 0 and row.cotado == 0 and row.embarcado == 0
    return True


class CarteiraFilterProxy(RowFilterProxy):
    """The carteira's filters: words, and what a line has (a COTADO lote, a pré-separação, only free balance)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind = KIND_ALL

    @property
    def kind(self) -> str:
        """The "what a line has" filter: one of the ``KIND_*`` values."""
        return self._kind

    @property
    def filtering(self) -> bool:
        """Whether a filter hides lines."""
        return self._kind != KIND_ALL or bool(self._terms)

    def shown_rows(self) -> list[CarteiraRow]:
        """The lines the filters show, in the table's order."""
        model = self.sourceModel()
        if not isinstance(model, CarteiraModel):
            return []
        if not self.filtering:
            return list(model.rows)
        return [model.row_at(self.mapToSource(self.index(n, 0)).row()) for n in range(self.rowCount())]

    def set_kind(self, kind: str) -> None:
        """Keep only the lines that have ``kind`` (a pré-separação, a lote of a status, …); ``KIND_ALL``: every line."""
        if kind != self._kind:
            refilter(self, lambda: setattr(self, "_kind", kind))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        """Whether the line has what the kind filter asks for and contains every word."""
        if self._kind != KIND_ALL:
            model = self.sourceModel()
            if isinstance(model, CarteiraModel) and not _has_kind(model.row_at(source_row), self._kind):
                return False
        return super().filterAcceptsRow(source_row, source_parent)


def rows_by_pedido(rows: list[CarteiraRow]) -> dict[str, dict[str, CarteiraRow]]:
    """num_pedido → cod_produto → row (pure: built in a worker)."""
    index: dict[str, dict[str, CarteiraRow]] = {}
    for row in rows:
        index.setdefault(row.num_pedido, {})[row.cod_produto] = row
    return index

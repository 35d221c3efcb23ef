"""The side panel of the Carteira tab: the selected line's numbers, its allocations and its recent history.

It only shows a ``LineDetail`` (read by ``services.decisions.line_detail`` in an op of the Carteira tab); the
actions on what it shows (separate or delete pré-separações, open a lote) belong to the tab.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Key
from carteira_gui.gui.formatting import fmt_qtd
from carteira_gui.gui.models.decisions import HistoryEntryModel, LineLote, LineLoteModel, PreModel
from carteira_gui.gui.models.table import NEGATIVE, ROW_ROLE
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import make_table, restore_header
from carteira_gui.services.decisions import LineDetail
from carteira_gui.services.views import PreView

_PRE_WIDTHS = (36, 48, 80, 52, 84)
#: Narrower than this, the panel's text buttons show only their icons.
NARROW_WIDTH = 380
_LOTE_WIDTHS = (144, 82, 36, 78)
_HISTORY_WIDTHS = (142, 80)


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #37474f; margin-top: 6px;")
    return label


def _small_table(name: str) -> QTableView:
    view = make_table(name)
    view.verticalHeader().setDefaultSectionSize(22)
    view.setAlternatingRowColors(True)
    return view


class LinePanel(QWidget):
    """Shows one carteira line: qtd_saldo, saldo livre, pré-separações, lotes and history (newest first)."""

    #: A lote of the line was activated (double click or Enter): its code.
    lote_activated = Signal(str)
    #: The selection of pré-separações changed.
    pres_selection_changed = Signal()

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linePanel")
        self._ui_state = ui_state
        self.detail: LineDetail | None = None
        self._text_buttons: list[QToolButton] = []
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.placeholder = QLabel()
        self.placeholder.setObjectName("linePlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #607d8b; padding: 12px;")
        self.stack.addWidget(self.placeholder)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(3)
        self.title = QLabel()
        self.title.setObjectName("lineTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        numbers = QFrame()
        numbers.setObjectName("lineNumbers")
        numbers.setStyleSheet(
            "QFrame#lineNumbers { background: #fafbfc; border: 1px solid #d5dbe0; border-radius: 4px; }"
        )
        grid = QGridLayout(numbers)
        grid.setContentsMargins(8, 4, 8, 4)
        self._numbers_grid = grid
        self._numbers: list[tuple[QLabel, QLabel]] = []
        self.saldo = self._number(self.tr("Balance"), "lineSaldo")
        self.livre = self._number(self.tr("Free balance"), "lineLivre")
        self.pre_total = self._number(self.tr("Pre-separated"), "linePre")
        self.lote_total = self._number(self.tr("In batches"), "lineLotes")
        self._place_numbers(columns=4)
        layout.addWidget(numbers)

        pres_header = QHBoxLayout()
        self.pres_title = _section(self.tr("Pre-separations"))
        pres_header.addWidget(self.pres_title, 1)
        #: The tab puts its buttons for the selected pré-separações here.
        self.pres_buttons = pres_header
        layout.addLayout(pres_header)
        self.pre_model = PreModel(self)
        self.pre_view = _small_table("linePres")
        self.pre_view.setModel(self.pre_model)
        self.pre_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        restore_header(ui_state, "line_pres", self.pre_view, _PRE_WIDTHS)
        layout.addWidget(self.pre_view, 2)

        self.lotes_title = _section(self.tr("Batches"))
        layout.addWidget(self.lotes_title)
        self.lote_model = LineLoteModel(self)
        self.lote_view = _small_table("lineLotes")
        self.lote_view.setModel(self.lote_model)
        self.lote_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lote_view.setToolTip(self.tr("Double click (or Enter) opens the batch in the Batches tab"))
        restore_header(ui_state, "line_lotes", self.lote_view, _LOTE_WIDTHS)
        layout.addWidget(self.lote_view, 2)

        layout.addWidget(_section(self.tr("Recent history")))
        self.history_model = HistoryEntryModel(self)
        self.history_view = _small_table("lineHistory")
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        restore_header(ui_state, "line_history", self.history_view, _HISTORY_WIDTHS)
        layout.addWidget(self.history_view, 3)
        self.stack.addWidget(page)

        self.lote_view.activated.connect(self._on_lote_activated)
        self.pre_view.selectionModel().selectionChanged.connect(lambda *_a: self.pres_selection_changed.emit())
        self.clear()

    def _number(self, title: str, name: str) -> QLabel:
        caption = QLabel(title)
        caption.setStyleSheet("color: #607d8b;")
        value = QLabel()
        value.setObjectName(name)
        value.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self._numbers.append((caption, value))
        return value

    def _place_numbers(self, columns: int) -> None:
        """The four numbers side by side (``columns=4``) or two by two (a narrow panel)."""
        grid = self._numbers_grid
        for n, (caption, value) in enumerate(self._numbers):
            row, column = divmod(n, columns)
            grid.addWidget(caption, row * 2, column)
            grid.addWidget(value, row * 2 + 1, column)
        self._number_columns = columns

    def add_button(self, button: QToolButton, *, text: bool = True) -> None:
        """A button beside the pré-separações' title (the tab's actions on them); ``text=False``: icon only.

        A button with text shows only its icon (its tooltip keeps the words) while the panel is narrow, so that
        on a small screen the panel leaves the carteira's numbers their room.
        """
        button.setAutoRaise(True)
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon if text else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        if text:
            self._text_buttons.append(button)
        self.pres_buttons.addWidget(button)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Below ``NARROW_WIDTH`` the text buttons show only their icons and the numbers go two by two."""
        super().resizeEvent(event)
        style = (
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if self.width() < NARROW_WIDTH
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )
        for button in self._text_buttons:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)
        columns = 2 if self.width() < NARROW_WIDTH else 4
        if columns != self._number_columns:
            self._place_numbers(columns)

    # -- state --------------------------------------------------------------------------------------

    @property
    def key(self) -> Key | None:
        """The line shown."""
        return self.detail.key if self.detail is not None else None

    def clear(self, text: str | None = None) -> None:
        """Show no line, and why."""
        self.detail = None
        self.placeholder.setText(
            text or self.tr("Select a line to see its free balance, its allocations and its history.")
        )
        self.pre_model.set_rows([])
        self.lote_model.set_rows([])
        self.history_model.set_rows([])
        self.stack.setCurrentIndex(0)
        self.pres_selection_changed.emit()

    def show_detail(self, detail: LineDetail) -> None:
        """Show a line's detail, keeping the pré-separações selected when it is the same line again."""
        same = self.detail is not None and self.detail.key == detail.key
        chosen = {p.id for p in self.selected_pres()} if same else set()
        self.detail = detail
        pedido, produto = detail.key
        line = detail.line
        if line is None:
            self.clear(self.tr("The line {0}/{1} is no longer in the carteira.").format(pedido, produto))
            return
        title = f"<b style='font-size:12pt'>{html.escape(pedido)} / {html.escape(produto)}</b>"
        if line.nome_produto:
            title += f"<br>{html.escape(line.nome_produto)}"
        place = f"{line.municipio}/{line.uf}" if line.uf else line.municipio or ""
        if line.cliente:
            title += f"<br><span style='color:#455a64'>{html.escape(line.cliente)}"
            title += f" · {html.escape(place)}</span>" if place else "</span>"
        self.title.setText(title)
        pre_total = sum((p.qtd for p in detail.pres), Decimal(0))
        rows = [LineLote.of(lote, produto) for lote in detail.lotes]
        active = sum((r.qtd for r in rows if r.lote.status != "FATURADO"), Decimal(0))
        self.saldo.setText(fmt_qtd(line.qtd_saldo))
        self.livre.setText(fmt_qtd(detail.saldo_livre))
        self.livre.setStyleSheet(
            "font-size: 13pt; font-weight: bold;" + (f" color: {NEGATIVE.name()};" if detail.saldo_livre < 0 else "")
        )
        self.pre_total.setText(fmt_qtd(pre_total))
        self.lote_total.setText(fmt_qtd(active))
        self.pres_title.setText(self.tr("Pre-separations ({0})").format(len(detail.pres)))
        self.lotes_title.setText(self.tr("Batches ({0})").format(len(rows)))
        self.pre_model.set_rows(detail.pres)
        self.lote_model.set_rows(rows)
        self.history_model.set_rows(detail.historico)
        self.stack.setCurrentIndex(1)
        if chosen:
            selection = self.pre_view.selectionModel()
            for n, pre in enumerate(self.pre_model.rows):
                if pre.id in chosen:
                    selection.select(
                        self.pre_model.index(n, 0),
                        selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                    )
        self.pres_selection_changed.emit()

    def selected_pres(self) -> list[PreView]:
        """The pré-separações selected in the panel."""
        selection = self.pre_view.selectionModel()
        found = []
        for index in selection.selectedRows() if selection else []:
            pre = self.pre_model.data(index, ROW_ROLE)
            if isinstance(pre, PreView):
                found.append(pre)
        return sorted(found, key=lambda p: p.id)

    def select_pres(self, ids: set[int]) -> None:
        """Select these pré-separações (the others are deselected)."""
        selection = self.pre_view.selectionModel()
        selection.clearSelection()
        for n, pre in enumerate(self.pre_model.rows):
            if pre.id in ids:
                selection.select(
                    self.pre_model.index(n, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                )

    def save_state(self) -> None:
        """Remember the column widths."""
        self._ui_state.save_header("line_pres", self.pre_view.horizontalHeader())
        self._ui_state.save_header("line_lotes", self.lote_view.horizontalHeader())
        self._ui_state.save_header("line_history", self.history_view.horizontalHeader())

    def _on_lote_activated(self, index: QModelIndex) -> None:
        row = self.lote_model.data(index, ROW_ROLE)
        if isinstance(row, LineLote):
            self.lote_activated.emit(row.lote.lote)

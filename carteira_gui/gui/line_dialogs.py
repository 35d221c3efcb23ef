"""The dialogs of the decisions on carteira lines: Pré-separar… / Separar…, Separar pré-separações…, edit one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from carteira_gui.domain.model import Key, TipoEnvio
from carteira_gui.gui.decision_dialogs import DecisionDialog, QuantityGrid, scrolling
from carteira_gui.gui.formatting import fmt_date, fmt_qtd
from carteira_gui.gui.inputs import date_edit, from_qdate, today, tomorrow
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.gui.resources import icon
from carteira_gui.services.views import PreView


class AllocateDialog(DecisionDialog):
    """Pré-separar or Separar lines of ONE pedido: one quantity per line, a shipping date, a note.

    A pré-separação (``pre=True``) is one per line and also takes a tipo de envio; a separação makes one new
    ABERTO lote with a row per line. Each quantity defaults to the line's saldo livre and cannot exceed it.
    """

    def __init__(
        self, rows: Sequence[CarteiraRow], user_name: str, *, pre: bool, parent: QWidget | None = None
    ) -> None:
        first = rows[0]
        cliente = f" — {first.cliente}" if first.cliente else ""
        if pre:
            title = self.tr("Pre-separate")
            heading = self.tr("Pre-separate %n line(s) of order <b>{0}</b>{1}", "", len(rows))
            ok = self.tr("Pre-separate")
        else:
            title = self.tr("Separate")
            heading = self.tr("New batch with %n line(s) of order <b>{0}</b>{1}", "", len(rows))
            ok = self.tr("Create batch")
        super().__init__(
            "preDialog" if pre else "loteDialog",
            title,
            heading.format(first.num_pedido, cliente),
            ok,
            user_name,
            parent,
        )
        self.pre = pre
        self.num_pedido = first.num_pedido
        self.rows = list(rows)
        self.grid = QuantityGrid()
        self.grid.set_titles(
            [self.tr("Product"), self.tr("Description"), self.tr("Balance"), self.tr("Free"), self.tr("Quantity")]
        )
        for row in rows:
            self.grid.add(row.cod_produto, row.nome_produto, [row.qtd_saldo, row.livre], row.livre, row.livre)
        self.body.addWidget(scrolling(self.grid, len(rows)))
        self.total = QLabel()
        self.total.setObjectName("allocateTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.body.addWidget(self.total)
        self.date_input = date_edit(tomorrow(), "dataExpedicao", minimum=today())
        self.form.addRow(self.tr("Shipping date:"), self.date_input)
        self.tipo_input = QComboBox()
        self.tipo_input.setObjectName("tipoEnvio")
        self.tipo_input.addItem(self.tr("Automatic (total when it takes the whole line)"), None)
        self.tipo_input.addItem(self.tr("Total (the whole line ships at once)"), TipoEnvio.TOTAL.value)
        self.tipo_input.addItem(self.tr("Partial (the line may ship in parts)"), TipoEnvio.PARCIAL.value)
        if pre:
            self.form.addRow(self.tr("Shipping kind:"), self.tipo_input)
        else:
            self.tipo_input.hide()
        self.note_input = QLineEdit()
        self.note_input.setObjectName("observacao")
        self.note_input.setPlaceholderText(self.tr("Optional"))
        self.form.addRow(self.tr("Note:"), self.note_input)
        self.grid.changed.connect(self._on_changed)
        self.finish_layout()
        self._on_changed()
        spin = self.grid.first_spin()
        if spin is not None:
            spin.setFocus()
            spin.lineEdit().selectAll()

    def quantities(self) -> dict[str, Decimal]:
        """cod_produto → quantity, for the lines with a quantity above 0."""
        return {p: q for p, q in self.grid.values().items() if q > 0}

    def keys(self) -> list[Key]:
        """The lines with a quantity."""
        return [(self.num_pedido, p) for p in self.quantities()]

    def shipping_date(self) -> date:
        """The data de expedição chosen."""
        return from_qdate(self.date_input.date())

    def tipo_envio(self) -> TipoEnvio | None:
        """The tipo de envio chosen (``None``: from the quantity)."""
        value = self.tipo_input.currentData()
        return TipoEnvio(value) if isinstance(value, str) else None

    def note(self) -> str | None:
        """The observação, ``None`` when empty."""
        return self.note_input.text().strip() or None

    def can_submit(self) -> bool:
        """A planner and at least one quantity."""
        return super().can_submit() and bool(self.quantities())

    def _on_changed(self) -> None:
        values = self.quantities()
        total = sum(values.values(), Decimal(0))
        self.total.setText(self.tr("Total: {0} in %n line(s)", "", len(values)).format(f"<b>{fmt_qtd(total)}</b>"))
        self.update_ok()


class LoteFromPresDialog(DecisionDialog):
    """Separar pré-separações: the pré-separações of one pedido (those chosen are ticked) become one lote."""

    def __init__(
        self,
        num_pedido: str,
        pres: Sequence[PreView],
        chosen: Sequence[int],
        names: Mapping[str, str],
        user_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "lotePresDialog",
            self.tr("Separate pre-separations"),
            self.tr("New batch from pre-separations of order <b>{0}</b>").format(num_pedido),
            self.tr("Create batch"),
            user_name,
            parent,
        )
        self.num_pedido = num_pedido
        self.body.addWidget(
            QLabel(self.tr("Each ticked pre-separation becomes a row of the new ABERTO batch and is deleted."))
        )
        self.list = QListWidget()
        self.list.setObjectName("presList")
        for pre in pres:
            text = self.tr("#{0} · {1} {2} · {3} · shipping {4} · {5}").format(
                pre.id,
                pre.cod_produto,
                names.get(pre.cod_produto, ""),
                fmt_qtd(pre.qtd),
                fmt_date(pre.data_expedicao) or "—",
                pre.criado_por or "—",
            )
            item = QListWidgetItem(icon("pre"), text)
            item.setData(Qt.ItemDataRole.UserRole, pre)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pre.id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(min(260, 30 + 24 * len(pres)))
        self.body.addWidget(self.list)
        self.summary = QLabel()
        self.summary.setObjectName("presSummary")
        self.body.addWidget(self.summary)
        self.date_input = date_edit(self._earliest() or tomorrow(), "dataExpedicaoLote")
        self.form.addRow(self.tr("Shipping date:"), self.date_input)
        self.list.itemChanged.connect(lambda _item: self._on_changed())
        self.finish_layout()
        self._on_changed()
        self.list.setFocus()
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> list[PreView]:
        """The ticked pré-separações."""
        found = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            pre = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked and isinstance(pre, PreView):
                found.append(pre)
        return found

    def shipping_date(self) -> date:
        """The lote's data de expedição."""
        return from_qdate(self.date_input.date())

    def can_submit(self) -> bool:
        """A planner and at least one pré-separação."""
        return super().can_submit() and bool(self.chosen())

    def _earliest(self) -> date | None:
        days = [p.data_expedicao for p in self.chosen() if p.data_expedicao is not None]
        return min(days) if days else None

    def _on_changed(self) -> None:
        chosen = self.chosen()
        total = sum((p.qtd for p in chosen), Decimal(0))
        self.summary.setText(
            self.tr("%n pre-separation(s) ticked, {0} in total", "", len(chosen)).format(fmt_qtd(total))
        )
        self.update_ok()


class EditPreDialog(DecisionDialog):
    """Editar pré-separação: its quantity (up to the saldo livre + its own), its shipping date, its note."""

    def __init__(
        self, pre: PreView, livre: Decimal, description: str, user_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "editPreDialog",
            self.tr("Edit pre-separation"),
            self.tr("Pre-separation <b>#{0}</b> of {1}/{2}").format(pre.id, pre.num_pedido, pre.cod_produto),
            self.tr("Save"),
            user_name,
            parent,
        )
        self.pre = pre
        self.grid = QuantityGrid()
        self.grid.set_titles(
            [self.tr("Product"), self.tr("Description"), self.tr("Current"), self.tr("Free"), self.tr("Quantity")]
        )
        self.grid.add(pre.cod_produto, description, [pre.qtd, livre], pre.qtd, max(livre, Decimal(0)) + pre.qtd)
        self.body.addWidget(self.grid)
        self.date_input = date_edit(pre.data_expedicao or tomorrow(), "dataExpedicaoPre")
        self.form.addRow(self.tr("Shipping date:"), self.date_input)
        self.note_input = QLineEdit(pre.observacao or "")
        self.note_input.setObjectName("observacaoPre")
        self.note_input.setPlaceholderText(self.tr("Optional"))
        self.form.addRow(self.tr("Note:"), self.note_input)
        self.grid.changed.connect(self.update_ok)
        self.date_input.dateChanged.connect(lambda _d: self.update_ok())
        self.note_input.textChanged.connect(lambda _t: self.update_ok())
        self.finish_layout()
        spin = self.grid.first_spin()
        if spin is not None:
            spin.setFocus()
            spin.lineEdit().selectAll()

    def quantity(self) -> Decimal:
        """The quantity typed."""
        return self.grid.values().get(self.pre.cod_produto, self.pre.qtd)

    def changes(self) -> tuple[Decimal | None, date | None, str | None]:
        """(qtd, data de expedição, observação) that changed; ``None`` for what did not ("" clears the note)."""
        quantity = self.quantity()
        day = from_qdate(self.date_input.date())
        note = self.note_input.text().strip()
        return (
            quantity if quantity != self.pre.qtd else None,
            day if day != self.pre.data_expedicao else None,
            note if note != (self.pre.observacao or "") else None,
        )

    def can_submit(self) -> bool:
        """A planner, a quantity above 0 (to give it all back, delete it) and something changed."""
        return super().can_submit() and self.quantity() > 0 and any(c is not None for c in self.changes())

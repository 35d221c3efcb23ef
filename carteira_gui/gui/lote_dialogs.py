"""The dialogs of the moves of a lote: Cotar…, Embarcar…, Faturar…, Editar quantidades…."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

from carteira_gui.gui.decision_dialogs import DecisionDialog, QuantityGrid, scrolling
from carteira_gui.gui.formatting import fmt_qtd
from carteira_gui.gui.inputs import DecimalSpinBox, date_edit, from_qdate, today
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.services.views import LoteView


def _lote_heading(text: str, lote: LoteView, cliente: str) -> str:
    who = f" — {cliente}" if cliente else ""
    return text.format(f"<b>{lote.lote}</b>", f"{lote.num_pedido}{who}", lote.status)


class QuoteDialog(DecisionDialog):
    """Cotar: ABERTO → COTADO, with the transportadora and the valor do frete (both optional)."""

    def __init__(self, lote: LoteView, cliente: str, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "quoteDialog",
            self.tr("Quote freight"),
            _lote_heading(self.tr("Quote the freight of {0} (order {1}, {2})"), lote, cliente),
            self.tr("Quote"),
            user_name,
            parent,
        )
        self.lote = lote
        self.body.addWidget(
            QLabel(
                self.tr(
                    "%n item(s), {0} in total. Its quantities are frozen while it is COTADO.", "", len(lote.itens)
                ).format(fmt_qtd(lote.total))
            )
        )
        self.carrier_input = QLineEdit(lote.transportadora or "")
        self.carrier_input.setObjectName("transportadora")
        self.carrier_input.setPlaceholderText(self.tr("Optional"))
        self.freight_input = DecimalSpinBox(places=2, allow_empty=True)
        self.freight_input.setObjectName("valorFrete")
        self.freight_input.setValue(lote.valor_frete)
        self.freight_input.setToolTip(self.tr("Optional; empty when not known yet"))
        self.form.addRow(self.tr("Carrier:"), self.carrier_input)
        self.form.addRow(self.tr("Freight (R$):"), self.freight_input)
        self.finish_layout()
        self.carrier_input.setFocus()

    def carrier(self) -> str | None:
        """The transportadora, ``None`` when empty."""
        return self.carrier_input.text().strip() or None

    def freight(self) -> Decimal | None:
        """The valor do frete, ``None`` when empty."""
        return self.freight_input.value()


class ShipDialog(DecisionDialog):
    """Embarcar: ABERTO or COTADO → EMBARCADO, with the data de embarque (today by default)."""

    def __init__(self, lote: LoteView, cliente: str, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "shipDialog",
            self.tr("Load"),
            _lote_heading(self.tr("Load {0} (order {1}, {2})"), lote, cliente),
            self.tr("Load"),
            user_name,
            parent,
        )
        self.lote = lote
        self.body.addWidget(QLabel(self.tr("Once loaded, the batch never changes again; only invoicing remains.")))
        self.date_input: QDateEdit = date_edit(today(), "dataEmbarque")
        self.form.addRow(self.tr("Loading date:"), self.date_input)
        self.finish_layout()
        self.date_input.setFocus()

    def loading_date(self) -> date:
        """The data de embarque."""
        return from_qdate(self.date_input.date())


class InvoiceDialog(DecisionDialog):
    """Faturar: EMBARCADO → FATURADO, with the número da NF (required: the use case says so)."""

    def __init__(self, lote: LoteView, cliente: str, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "invoiceDialog",
            self.tr("Invoice"),
            _lote_heading(self.tr("Invoice {0} (order {1}, {2})"), lote, cliente),
            self.tr("Invoice"),
            user_name,
            parent,
        )
        self.lote = lote
        self.body.addWidget(QLabel(self.tr("FATURADO is final: the batch leaves the balance and never changes.")))
        self.nf_input = QLineEdit()
        self.nf_input.setObjectName("numeroNf")
        self.nf_input.setPlaceholderText(self.tr("Required"))
        self.form.addRow(self.tr("Invoice number (NF):"), self.nf_input)
        self.finish_layout()
        self.nf_input.setFocus()

    def invoice_number(self) -> str:
        """The número da NF as typed (the use case refuses an empty one)."""
        return self.nf_input.text().strip()


class EditLoteDialog(DecisionDialog):
    """Editar quantidades of an ABERTO lote: its rows (0 removes one) and the pedido's other lines (to add)."""

    def __init__(
        self,
        lote: LoteView,
        cliente: str,
        lines: Mapping[str, CarteiraRow],
        user_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "editLoteDialog",
            self.tr("Edit batch quantities"),
            _lote_heading(self.tr("Quantities of {0} (order {1}, {2})"), lote, cliente),
            self.tr("Save"),
            user_name,
            parent,
        )
        self.lote = lote
        self.own = {i.cod_produto: i.qtd for i in lote.itens}
        self.body.addWidget(
            QLabel(self.tr("0 removes a row; a quantity on another line of the order adds it to the batch."))
        )
        self.grid = QuantityGrid()
        self.grid.set_titles(
            [self.tr("Product"), self.tr("Description"), self.tr("In batch"), self.tr("Free"), self.tr("Quantity")]
        )
        zero = Decimal(0)
        for produto, qtd in self.own.items():
            line = lines.get(produto)
            livre = line.livre if line is not None else zero
            name = line.nome_produto if line is not None else ""
            self.grid.add(produto, name, [qtd, livre], qtd, max(livre, zero) + qtd)
        others = sorted(p for p, line in lines.items() if p not in self.own and line.livre > 0)
        for produto in others:
            line = lines[produto]
            self.grid.add(produto, line.nome_produto, [zero, line.livre], zero, line.livre)
        self.body.addWidget(scrolling(self.grid, len(self.own) + len(others)))
        self.grid.changed.connect(self.update_ok)
        self.finish_layout()
        spin = self.grid.first_spin()
        if spin is not None:
            spin.setFocus()
            spin.lineEdit().selectAll()

    def changes(self) -> dict[str, Decimal]:
        """The rows to set: the lote's rows whose quantity changed (0 removes), other lines with a quantity."""
        wanted: dict[str, Decimal] = {}
        for produto, value in self.grid.values().items():
            own = self.own.get(produto)
            if (own is not None and value != own) or (own is None and value > 0):
                wanted[produto] = value
        return wanted

    def can_submit(self) -> bool:
        """A planner and at least one change."""
        return super().can_submit() and bool(self.changes())

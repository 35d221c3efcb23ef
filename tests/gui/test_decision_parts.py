"""The pieces of the decisions' screens: their item models (Qt's model tester), the Decimal spin box, the demo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QValidator
from PySide6.QtTest import QTest

from carteira_gui.domain.model import Nivel, Status, TipoMudanca
from carteira_gui.gui.formatting import set_language
from carteira_gui.gui.inputs import DecimalSpinBox, parse_number
from carteira_gui.gui.models.carteira import (
    KIND_COTADO,
    KIND_FREE,
    KIND_PRE,
    CarteiraFilterProxy,
    CarteiraModel,
    build_carteira_rows,
)
from carteira_gui.gui.models.decisions import (
    HistoryEntryModel,
    LineLote,
    LineLoteModel,
    LoteItemModel,
    PreModel,
)
from carteira_gui.gui.models.lotes import LoteTreeModel
from carteira_gui.gui.secrets import odoo_account
from carteira_gui.services import decisions
from carteira_gui.services.views import HistoryEntry, LoteItemView, LoteView, PreView
from tests.gui.test_models import worked_snapshot

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def pre(ident: int, qtd: int = 10) -> PreView:
    return PreView(ident, "PED001", "PROD001", Decimal(qtd), "parcial", T0, date(2026, 12, 1), "obs", "Ana")


def lote(code: str, status: str, day: date | None, *items: tuple[str, int], pedido: str = "PED001") -> LoteView:
    return LoteView(
        lote=code,
        num_pedido=pedido,
        status=status,
        data_expedicao=day,
        criado_por="Ana",
        criado_em=T0,
        transportadora="Jamef" if status != "ABERTO" else None,
        valor_frete=Decimal("950.00") if status != "ABERTO" else None,
        data_embarque=date(2026, 11, 30) if status in ("EMBARCADO", "FATURADO") else None,
        numero_nf="123" if status == "FATURADO" else None,
        observacao=None,
        itens=tuple(LoteItemView(n, p, Decimal(q), "parcial") for n, (p, q) in enumerate(items, start=1)),
    )


LOTES = [
    lote("LOTE-4", "FATURADO", date(2026, 11, 20), ("PROD001", 5)),
    lote("LOTE-3", "COTADO", date(2026, 12, 2), ("PROD001", 10), ("PROD002", 3)),
    lote("LOTE-2", "ABERTO", date(2026, 12, 3), ("PROD002", 7), pedido="PED002"),
    lote("LOTE-1", "ABERTO", None, ("PROD001", 1), pedido="PED002"),
    lote("LOTE-5", "COTADO", date(2026, 12, 2), ("PROD003", 2), pedido="PED003"),
]


def test_every_new_model_passes_qts_model_tester(qtmodeltester: Any) -> None:
    pres = PreModel()
    pres.set_rows([pre(1), pre(2, 5)])
    line_lotes = LineLoteModel()
    line_lotes.set_rows([LineLote.of(x, "PROD001") for x in LOTES[:2]])
    history = HistoryEntryModel()
    history.set_rows(
        [
            HistoryEntry(T0, "sync", "ana", "REDUCAO", "sincronização #1: 100 → 80"),
            HistoryEntry(T0, "decisao", "Ana", "PRE_CRIADA", "pré-separação #1 de 10"),
        ]
    )
    items = LoteItemModel()
    items.set_items(LOTES[1].itens, {"PROD001": "Arroz"})
    tree = LoteTreeModel()
    tree.set_lotes(LOTES, {"PED001": "Cliente A"})
    carteira = CarteiraModel()
    carteira.set_rows(build_carteira_rows(worked_snapshot()))
    proxy = CarteiraFilterProxy()
    proxy.setSourceModel(carteira)
    for model in (pres, line_lotes, history, items, tree, proxy):
        qtmodeltester.check(model)
    # Again after filtering, which hides rows and whole groups.
    tree.set_filter("jamef ped001")
    proxy.set_kind(KIND_COTADO)
    for model in (tree, proxy):
        qtmodeltester.check(model)
    for model in (PreModel(), LineLoteModel(), HistoryEntryModel(), LoteItemModel(), LoteTreeModel()):
        qtmodeltester.check(model)


def test_the_lote_tree_groups_by_status_then_shipping_day() -> None:
    tree = LoteTreeModel()
    tree.set_lotes(LOTES, {"PED001": "Cliente A"})
    statuses = [tree.status_of_group(tree.index(n, 0)) for n in range(tree.rowCount())]
    assert statuses == ["ABERTO", "COTADO", "FATURADO"]
    aberto = tree.index(0, 0)
    assert tree.data(aberto) == "ABERTO — 2 lotes, 8 no total"
    days = [tree.data(tree.index(n, 0, aberto)) for n in range(tree.rowCount(aberto))]
    assert days == ["Expedição 03/12/2026 — 1 lote, 7", "Expedição sem data de expedição — 1 lote, 1"]
    cotado_day = tree.index(0, 0, tree.index(1, 0))
    codes = [tree.lote_at(tree.index(n, 0, cotado_day)).lote for n in range(tree.rowCount(cotado_day))]  # type: ignore[union-attr]
    assert codes == ["LOTE-3", "LOTE-5"]
    row = tree.index(0, 0, cotado_day)
    cells = [tree.data(tree.index(row.row(), c, row.parent())) for c in range(tree.columnCount())]
    assert cells == [
        "LOTE-3",
        "PED001",
        "Cliente A",
        "COTADO",
        "02/12/2026",
        "2",
        "13",
        "Jamef",
        "950,00",
        "",
        "",
        "Ana",
    ]
    assert tree.index_of("LOTE-5").isValid()
    assert tree.lote_at(tree.index_of("LOTE-5")).lote == "LOTE-5"  # type: ignore[union-attr]
    assert tree.parent(tree.index_of("LOTE-5")) == cotado_day
    assert tree.lote_at(aberto) is None
    tree.set_filter("prod003")
    assert tree.lote_count() == (1, 5)
    assert not tree.index_of("LOTE-3").isValid()
    assert tree.rowCount(QModelIndex()) == 1


def test_the_carteira_filter_keeps_lines_by_what_they_have() -> None:
    carteira = CarteiraModel()
    carteira.set_rows(build_carteira_rows(worked_snapshot()))
    proxy = CarteiraFilterProxy()
    proxy.setSourceModel(carteira)

    def keys() -> list[tuple[str, str]]:
        return [(proxy.index(n, 0).data(), proxy.index(n, 1).data()) for n in range(proxy.rowCount())]

    proxy.set_kind(KIND_COTADO)
    assert keys() == [("PED002", "PROD001")]
    proxy.set_kind(KIND_PRE)
    assert keys() == [("PED001", "PROD001")]
    proxy.set_kind(KIND_FREE)
    assert keys() == [("PED001", "PROD002")]
    proxy.set_text("ped002")
    assert keys() == []


def test_the_decimal_spin_box_reads_and_writes_the_windows_language(qtbot: Any) -> None:
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("12,125") == Decimal("12.125")
    assert parse_number("abc") is None
    assert parse_number("") is None
    spin = DecimalSpinBox(maximum=Decimal("1234.5"))
    qtbot.addWidget(spin)
    spin.setValue(Decimal("1000.25"))
    assert spin.lineEdit().text() == "1.000,25"
    assert spin.validate("12,3456", 0)[0] == QValidator.State.Invalid  # more than 3 places
    assert spin.validate("12a", 0)[0] == QValidator.State.Invalid
    assert spin.validate("2.000", 0)[0] == QValidator.State.Intermediate  # above the maximum
    assert spin.validate("0,5", 0)[0] == QValidator.State.Acceptable
    seen: list[object] = []
    spin.valueChanged.connect(seen.append)
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, "0,1")
    assert spin.value() == Decimal("0.1")  # exactly, never through a float
    assert seen[-1] == Decimal("0.1")
    spin.stepBy(2)
    assert spin.value() == Decimal("2.1")
    spin.setValue(Decimal(5000))
    assert spin.value() == Decimal("1234.5")
    money = DecimalSpinBox(places=2, allow_empty=True)
    qtbot.addWidget(money)
    assert money.value() is None
    money.setValue(Decimal("1200.5"))
    assert money.lineEdit().text() == "1.200,50"
    money.lineEdit().clear()
    assert money.value() is None
    set_language("en")
    try:
        assert parse_number("1,234.5") == Decimal("1234.5")
        english = DecimalSpinBox()
        qtbot.addWidget(english)
        english.setValue(Decimal("1234.5"))
        assert english.lineEdit().text() == "1,234.5"
    finally:
        set_language("pt_BR")


def test_the_demo_makes_yesterdays_decisions_through_the_use_cases_and_its_sync_protects_them(
    tmp_path: Path,
) -> None:
    from carteira_gui.gui.demo import start_demo
    from carteira_gui.services.sync import compute_plan

    demo = start_demo(tmp_path / "demo")
    try:
        uow = demo.app.uow
        lotes = decisions.list_lotes(uow)
        assert {x.status for x in lotes} == {s.value for s in Status}
        assert {x.criado_por for x in lotes} <= {"Ana Souza", "Bruno Lima", "Carla Dias"}
        assert all(x.lote.startswith(f"LOTE-{date.today():%Y%m%d}-") for x in lotes)  # made today, by the use case
        cotado = [x for x in lotes if x.status == Status.COTADO.value]
        assert all(x.transportadora and x.valor_frete is not None for x in cotado)
        assert all(x.numero_nf for x in lotes if x.status == Status.FATURADO.value)
        assert any(len(x.itens) == 2 for x in lotes)
        pres = decisions.list_pres(uow)
        assert pres
        assert all(p.data_expedicao is not None and p.criado_por for p in pres)
        # A line planned the usual way: a pré-separação and a COTADO lote, with its audit trail.
        keys = {(p.num_pedido, p.cod_produto) for p in pres}
        planned = next(
            (x.num_pedido, i.cod_produto) for x in cotado for i in x.itens if (x.num_pedido, i.cod_produto) in keys
        )
        detail = decisions.line_detail(uow, planned)
        assert [h.origem for h in detail.historico] == ["decisao"] * len(detail.historico)
        assert {h.acao for h in detail.historico} >= {"PRE_CRIADA", "LOTE_CRIADO", "LOTE_STATUS"}

        table = demo.app.settings.odoo
        source = demo.app.odoo_source(password=demo.secrets.get(odoo_account(table, "password")))
        plan, _timings = compute_plan(uow, source, demo.app.options)
        assert {c.tipo for c in plan.changes} >= {
            TipoMudanca.REDUCAO,
            TipoMudanca.AUMENTO,
            TipoMudanca.NOVO,
            TipoMudanca.REMOVIDO,
            TipoMudanca.ALTERADO,
        }
        critical = [a for c in plan.changes for a in c.alertas if a.nivel is Nivel.CRITICO]
        cotados = {x.lote for x in cotado}
        assert any(a.lote in cotados for a in critical)
    finally:
        demo.close()

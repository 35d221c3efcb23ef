"""Item models: Qt's model tester on each (with its proxy), sorting, filtering, and 100,000 rows."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from carteira_gui.domain.model import CarteiraLine, Nivel, Snapshot, TipoMudanca
from carteira_gui.domain.parsing import parse_source_records, parse_state_document
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.planner import plan_sync
from carteira_gui.gui.models import (
    NO_ALERT,
    ROW_ROLE,
    AlertModel,
    CarteiraModel,
    CarteiraRow,
    PlanFilterProxy,
    PlanModel,
    RowFilterProxy,
    RunChangeModel,
    RunModel,
    build_carteira_rows,
)
from carteira_gui.services.views import AlertView, ChangeView, ImpactoView, RunView
from tests.gui.conftest import WORKED_SOURCE, WORKED_STATE, scattered_plan

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def worked_snapshot() -> Snapshot:
    state = parse_state_document(WORKED_STATE, "teste")
    return Snapshot.build(state.lines, state.pre_separacoes, state.separacoes)


def worked_plan() -> Plan:
    return plan_sync(worked_snapshot(), parse_source_records(WORKED_SOURCE, "teste"))


def alert(ident: int, nivel: str, acknowledged: bool = False) -> AlertView:
    return AlertView(
        id=ident,
        nivel=nivel,
        tipo="REDUCAO",
        num_pedido=f"PED{ident:03d}",
        cod_produto="PROD001",
        separacao_id=ident,
        pre_separacao_id=None,
        lote=f"LOTE-{ident}",
        qtd_anterior=Decimal(100),
        qtd_nova=Decimal(ident),
        mensagem=f"Separação COTADO #{ident} reduzida",
        sync_id=1,
        criado_em=T0,
        atualizado_em=T0 + timedelta(minutes=ident),
        reconhecido_por="Ana" if acknowledged else None,
        reconhecido_em=T0 if acknowledged else None,
        nota="ok" if acknowledged else None,
    )


def run(ident: int) -> RunView:
    return RunView(
        id=ident,
        iniciado_em=T0 + timedelta(hours=ident),
        concluido_em=T0 + timedelta(hours=ident, seconds=2),
        usuario="ana",
        origem="arquivo origem.json",
        counts={"REDUCAO": 1, "AUMENTO": 1, "NOVO": 1, "REMOVIDO": 1, "ALTERADO": 0, "INALTERADO": 0},
        alertas={"CRITICO": ident, "ATENCAO": 0, "INFO": 0},
        linhas_antes=3,
        linhas_depois=3,
        delta_total=Decimal(-200),
        duracao_s=0.5,
    )


def stored_change(tipo: str, pedido: str, antes: int, depois: int) -> ChangeView:
    return ChangeView(
        tipo=tipo,
        num_pedido=pedido,
        cod_produto="PROD001",
        cliente="Cliente",
        qtd_antes=Decimal(antes),
        qtd_depois=Decimal(depois),
        nao_coberto=Decimal(0),
        linhas_somadas=1,
        campos={},
        impactos=[ImpactoView("SALDO_LIVRE", None, None, None, Decimal(antes), Decimal(depois))],
    )


def test_every_model_passes_qts_model_tester(qtmodeltester: Any) -> None:
    carteira = CarteiraModel()
    carteira.set_rows(build_carteira_rows(worked_snapshot()))
    carteira_proxy = RowFilterProxy()
    carteira_proxy.setSourceModel(carteira)
    plan = PlanModel()
    plan.set_plan(worked_plan())
    plan_proxy = PlanFilterProxy()
    plan_proxy.setSourceModel(plan)
    alerts = AlertModel()
    alerts.set_rows([alert(1, "CRITICO"), alert(2, "ATENCAO"), alert(3, "INFO", acknowledged=True)])
    alert_proxy = RowFilterProxy()
    alert_proxy.setSourceModel(alerts)
    runs = RunModel()
    runs.set_rows([run(2), run(1)])
    changes = RunChangeModel()
    changes.set_rows([stored_change("REDUCAO", "PED001", 100, 80), stored_change("NOVO", "PED003", 0, 30)])
    for model in (carteira, carteira_proxy, plan, plan_proxy, alerts, alert_proxy, runs, changes):
        qtmodeltester.check(model)
    # Again after sorting and filtering, which move and hide rows.
    carteira_proxy.sort(5, Qt.SortOrder.DescendingOrder)
    carteira_proxy.set_text("ped001")
    plan_proxy.sort(5, Qt.SortOrder.AscendingOrder)
    plan_proxy.set_levels([Nivel.CRITICO.value])
    alert_proxy.set_hide_acknowledged(True)
    for model in (carteira_proxy, plan_proxy, alert_proxy):
        qtmodeltester.check(model)


def test_empty_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    plan = PlanModel()
    plan.set_plan(None)
    proxy = PlanFilterProxy()
    proxy.setSourceModel(plan)
    for model in (CarteiraModel(), AlertModel(), RunModel(), RunChangeModel(), plan, proxy):
        qtmodeltester.check(model)


def test_carteira_rows_split_the_balance_over_livre_and_allocations() -> None:
    rows = {(r.num_pedido, r.cod_produto): r for r in build_carteira_rows(worked_snapshot())}
    ped001 = rows[("PED001", "PROD001")]
    assert (ped001.qtd_saldo, ped001.livre, ped001.pre_separado) == (Decimal(100), Decimal(70), Decimal(30))
    ped002 = rows[("PED002", "PROD001")]
    assert (ped002.cotado, ped002.livre) == (Decimal(100), Decimal(100))


def test_carteira_shows_quantities_with_a_decimal_comma_and_negative_livre_in_red() -> None:
    snapshot = Snapshot.build([CarteiraLine("P1", "X", Decimal("1234.5"))], [], [])
    model = CarteiraModel()
    model.set_rows(build_carteira_rows(snapshot))
    assert model.data(model.index(0, 6)) == "1.234,5"
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Qtd saldo"
    state = parse_state_document(
        {
            "carteira": [{"num_pedido": "P1", "cod_produto": "X", "qtd_saldo": 10}],
            "pre_separacoes": [{"num_pedido": "P1", "cod_produto": "X", "qtd": 15, "criado_em": T0.isoformat()}],
            "separacoes": [],
        },
        "teste",
    )
    model.set_rows(build_carteira_rows(Snapshot.build(state.lines, state.pre_separacoes, state.separacoes)))
    assert model.data(model.index(0, 7)) == "−5"
    assert model.data(model.index(0, 7), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"


def test_sorting_moves_rows_and_keeps_persistent_indexes_on_their_row() -> None:
    model = CarteiraModel()
    model.set_rows(build_carteira_rows(worked_snapshot()))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    tracked = QPersistentModelIndex(proxy.index(0, 0))
    first = proxy.data(tracked, ROW_ROLE)
    proxy.sort(6, Qt.SortOrder.DescendingOrder)
    assert [proxy.data(proxy.index(r, 6)) for r in range(3)] == ["200", "100", "50"]
    assert proxy.data(QModelIndex(tracked), ROW_ROLE) is first


def test_text_filter_needs_every_word() -> None:
    model = CarteiraModel()
    model.set_rows(build_carteira_rows(worked_snapshot()))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("cliente a")
    assert proxy.rowCount() == 2
    proxy.set_text("CLIENTE  a prod002")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    assert proxy.rowCount() == 3


def test_plan_tree_groups_destructive_kinds_first_and_filters_by_level_and_allocations() -> None:
    plan = worked_plan()
    model = PlanModel()
    model.set_plan(plan)
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    groups = [model.group_kind(r) for r in range(model.rowCount())]
    assert groups == [TipoMudanca.REMOVIDO, TipoMudanca.REDUCAO, TipoMudanca.AUMENTO, TipoMudanca.NOVO]
    assert proxy.data(proxy.index(0, 0)) == "Removida (1)"
    removed = proxy.index(0, 0, proxy.index(0, 0))
    assert proxy.data(removed.siblingAtColumn(PlanModel.COL_ALERTA)) == "CRÍTICO"
    assert proxy.data(removed.siblingAtColumn(PlanModel.COL_IMPACTO)) == "−100 livre; −100 LOTE-1 COTADO"
    assert proxy.data(removed.siblingAtColumn(PlanModel.COL_DELTA)) == "−200"

    proxy.set_levels([Nivel.CRITICO.value])
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, 0)) == "Removida (1 de 1)"
    proxy.set_levels([NO_ALERT])
    assert sum(proxy.rowCount(proxy.index(g, 0)) for g in range(proxy.rowCount())) == 3
    proxy.set_levels(None)
    proxy.set_only_allocations(True)
    assert proxy.rowCount() == 1  # only the removal touches the COTADO separação
    proxy.set_only_allocations(False)
    proxy.set_text("lote-1")
    assert proxy.rowCount() == 1


def test_plan_sorting_sorts_within_groups_and_keeps_the_group_order() -> None:
    model = PlanModel()
    model.set_plan(worked_plan())
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    before = [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]
    proxy.sort(PlanModel.COL_DELTA, Qt.SortOrder.DescendingOrder)
    assert [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())] == before


def test_alert_filter_by_level_and_acknowledged() -> None:
    model = AlertModel()
    model.set_rows([alert(1, "CRITICO"), alert(2, "ATENCAO"), alert(3, "CRITICO", acknowledged=True)])
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    assert model.open_count() == 2
    proxy.set_levels(["CRITICO"])
    assert proxy.rowCount() == 2
    proxy.set_hide_acknowledged(True)
    assert proxy.rowCount() == 1
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8f94"


def test_run_change_model_writes_the_stored_impact_in_the_plans_words() -> None:
    model = RunChangeModel()
    model.set_rows([stored_change("REDUCAO", "PED001", 100, 80)])
    assert model.data(model.index(0, RunChangeModel.COL_IMPACTO)) == "−20 livre"
    assert model.data(model.index(0, 0)) == "Redução"


def test_a_hundred_thousand_lines_load_sort_and_filter_quickly() -> None:
    zero = Decimal(0)
    rows = [
        CarteiraRow(
            f"VCD{n:07d}", f"P{n % 997:04d}", "Produto", f"Cliente {n % 501}", "Cidade", "SP",
            Decimal(n % 1000), Decimal(n % 1000), zero, zero, zero, zero,
            f"vcd{n:07d} p{n % 997:04d} produto cliente {n % 501} cidade",
        )
        for n in range(100_000)
    ]  # fmt: skip
    model = CarteiraModel()
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    started = time.perf_counter()
    model.set_rows(rows)
    proxy.sort(6, Qt.SortOrder.DescendingOrder)
    proxy.set_text("cliente 77")
    elapsed = time.perf_counter() - started
    assert proxy.rowCount() == sum(1 for r in rows if "cliente" in r.search and "77" in r.search)
    assert elapsed < 5, f"100,000 lines took {elapsed:.2f} s"


@pytest.mark.parametrize(("role", "expected"), [(Qt.ItemDataRole.DisplayRole, "#1"), (ROW_ROLE, None)])
def test_run_model_cells(role: int, expected: str | None) -> None:
    model = RunModel()
    model.set_rows([run(1)])
    value = model.data(model.index(0, 0), role)
    if expected is None:
        assert isinstance(value, RunView)
    else:
        assert value == expected


def test_filtering_a_large_plan_in_its_tree_stays_fast(qtbot: Any, tmp_path: Any) -> None:
    from carteira_gui.gui.plan_view import PlanPanel
    from carteira_gui.gui.ui_state import UiState

    lines = [CarteiraLine(f"VCD{n:07d}", "P1", Decimal(100), cliente=f"Cliente {n % 500}") for n in range(20_000)]
    source = parse_source_records(
        [{"num_pedido": f"VCD{n:07d}", "cod_produto": "P1", "qtd_saldo": 60 if n % 2 else 100} for n in range(20_000)],
        "teste",
    )
    plan = plan_sync(Snapshot.build(lines, [], []), source)
    panel = PlanPanel(UiState.at(tmp_path / "ui.ini"))
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    started = time.perf_counter()
    panel.set_plan(plan)
    # Scattered matches: a proxy that removed them gap by gap would make the tree quadratic.
    panel.filter_text.setText("cliente 42")
    panel.apply_text_filter()
    panel.level_filter.setCurrentIndex(2)
    panel.filter_text.clear()
    panel.apply_text_filter()
    elapsed = time.perf_counter() - started
    assert panel.proxy.rowCount() == 0  # no ATENCAO alert in a plan without allocations
    assert elapsed < 5, f"filtering 10,000 changes took {elapsed:.2f} s"


def test_the_plan_tree_shape_is_answered_by_qt_not_by_python() -> None:
    # A view lays the tree out again on every keystroke, asking these per row: none may call into Python.
    for name in ("index", "parent", "rowCount", "columnCount", "hasChildren", "flags"):
        assert name not in vars(PlanModel), f"PlanModel.{name} would be called back in Python for every row"
    assert "data" not in vars(PlanFilterProxy), "a proxy data() would add a Python call to every cell painted"
    model = PlanModel()
    model.set_plan(worked_plan())
    removed = model.index(0, 0, model.index(0, 0))
    assert model.parent(removed) == model.index(0, 0)
    assert model.rowCount(model.index(0, 0)) == model.group_size(0) == 1
    assert not model.hasChildren(removed)
    assert model.change_at(removed) is model.change_in_group(0, 0)
    assert model.change_at(model.index(0, 0)) is None
    assert model.index_of(model.change_in_group(3, 0)) == model.index(0, 0, model.index(3, 0))


def test_the_plan_model_is_read_only() -> None:
    model = PlanModel()
    model.set_plan(worked_plan())
    cell = model.index(0, PlanModel.COL_PEDIDO, model.index(0, 0))
    before = model.data(cell)
    assert not model.setData(cell, "X")
    assert not model.setItemData(cell, {0: "X"})
    assert not model.insertRows(0, 1, model.index(0, 0))
    assert not model.removeRows(0, 1, model.index(0, 0))
    assert model.data(cell) == before
    assert model.itemData(cell)[Qt.ItemDataRole.DisplayRole] == before
    with pytest.raises(TypeError):
        model.setSourceModel(CarteiraModel())


def test_the_search_texts_are_built_once_per_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    import carteira_gui.gui.models.plan as models

    built: list[str] = []
    real = models._change_search

    def counting(change: Any) -> str:
        built.append(change.num_pedido)
        return real(change)

    monkeypatch.setattr(models, "_change_search", counting)
    plan = scattered_plan(300)
    model = PlanModel()
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    model.set_plan(plan)
    assert built == []  # nothing until the first word is typed
    for text in ("v", "vc", "vcd00001", "vcd0000", "cliente k", ""):
        proxy.set_text(text)
    proxy.sort(PlanModel.COL_DELTA, Qt.SortOrder.DescendingOrder)
    proxy.set_text("cliente b")
    assert len(built) == len(plan.changes)
    model.set_plan(scattered_plan(30))
    proxy.set_text("cliente f")
    assert len(built) == len(plan.changes) + 30


def test_a_keystroke_calls_python_once_per_change_and_not_per_cell(qtbot: Any) -> None:
    filtered: list[int] = []
    asked: list[int] = []

    class CountingProxy(PlanFilterProxy):
        def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:  # noqa: N802 - Qt's name
            filtered.append(source_row)
            return super().filterAcceptsRow(source_row, source_parent)

    class CountingModel(PlanModel):
        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            asked.append(role)
            return super().data(index, role)

    from PySide6.QtWidgets import QTreeView

    plan = scattered_plan(2_000)
    model = CountingModel()
    proxy = CountingProxy()
    proxy.setSourceModel(model)
    model.set_plan(plan)
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(proxy)
    tree.setUniformRowHeights(True)  # as the review tree
    tree.expandAll()
    tree.show()
    for text in ("cliente k", "cliente", ""):
        filtered.clear()
        asked.clear()
        proxy.set_text(text)
        tree.doItemsLayout()
        # Each change once (a group twice: again when its title's count changes), not several times per
        # change as recursive filtering does; and no cell is read to filter or to lay the rows out.
        assert len(filtered) <= len(plan.changes) + 2 * model.rowCount()
        assert len(asked) < 100, len(asked)


def test_group_titles_count_what_the_filter_shows_across_plans_and_sorts() -> None:
    model = PlanModel()
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    model.set_plan(scattered_plan(100))
    assert proxy.data(proxy.index(0, 0)) == "Redução (100)"
    proxy.set_text("cliente k")
    assert proxy.data(proxy.index(0, 0)) == "Redução (10 de 100)"
    assert model.data(model.index(0, 0)) == "Redução (10 de 100)"
    proxy.sort(PlanModel.COL_PEDIDO, Qt.SortOrder.DescendingOrder)
    group = proxy.index(0, 0)
    shown = [proxy.data(proxy.index(r, PlanModel.COL_CLIENTE, group)) for r in range(proxy.rowCount(group))]
    assert shown == ["Cliente K"] * 10
    pedidos = [proxy.data(proxy.index(r, PlanModel.COL_PEDIDO, group)) for r in range(proxy.rowCount(group))]
    assert pedidos == sorted(pedidos, reverse=True)
    model.set_plan(scattered_plan(30))  # a new plan under the same filter
    assert proxy.data(proxy.index(0, 0)) == "Redução (3 de 30)"
    proxy.set_text("")
    assert proxy.data(proxy.index(0, 0)) == "Redução (30)"
    proxy.set_text("nada disso")
    assert proxy.rowCount() == 0


def test_a_group_hidden_by_the_filter_comes_back_spanned_and_open(qtbot: Any, tmp_path: Any) -> None:
    from carteira_gui.gui.plan_view import PlanPanel
    from carteira_gui.gui.ui_state import UiState

    panel = PlanPanel(UiState.at(tmp_path / "ui.ini"))
    qtbot.addWidget(panel)
    panel.show()
    panel.set_plan(worked_plan())
    assert panel.tree.editTriggers() == panel.tree.EditTrigger.NoEditTriggers
    root = QModelIndex()
    groups = panel.proxy.rowCount(root)
    panel.filter_text.setText("lote-1")  # only the removal's group stays
    panel.apply_text_filter()
    assert panel.proxy.rowCount(root) == 1
    panel.filter_text.clear()
    panel.apply_text_filter()
    assert panel.proxy.rowCount(root) == groups
    for row in range(groups):
        assert panel.tree.isFirstColumnSpanned(row, root)
        assert panel.tree.isExpanded(panel.proxy.index(row, 0, root))

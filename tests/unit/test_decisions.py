"""The planners' decisions, rule by rule, through the use cases over a unit of work in memory."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from carteira_gui.domain.decisions import DecisionRefused, lote_code, next_lote_sequence
from carteira_gui.domain.model import Status, TipoEnvio
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services import decisions
from carteira_gui.services.sync import apply_plan

from ..fakes import FakeUnitOfWork
from .builders import line, pre, sep, snapshot, source

DAY = date(2026, 12, 3)


def _uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(
        snapshot(
            line("PED1", "A", 100),
            line("PED1", "B", 40),
            line("PED2", "A", 10),
            pre(7, "PED1", "A", 30),
        )
    )


def _livre(uow: FakeUnitOfWork, pedido: str, produto: str) -> Decimal:
    return uow.snapshot().saldo_livre((pedido, produto))


def test_a_pre_separacao_takes_part_of_the_saldo_livre_and_is_audited() -> None:
    uow = _uow()
    made = decisions.make_pre(uow, "PED1", "A", "20", DAY, by="ana", observacao="  cliente pediu  ")
    assert made.qtd == Decimal("20.000")
    assert made.data_expedicao == DAY
    assert made.criado_por == "ana"
    assert made.observacao == "cliente pediu"
    assert made.tipo_envio == "parcial"
    assert _livre(uow, "PED1", "A") == Decimal(50)
    [entry] = uow.data.audit
    assert (entry.acao, entry.por, entry.num_pedido, entry.cod_produto) == ("PRE_CRIADA", "ana", "PED1", "A")


def test_a_pre_separacao_of_the_whole_line_ships_total_by_default() -> None:
    uow = _uow()
    assert decisions.make_pre(uow, "PED1", "B", 40, DAY, by="ana").tipo_envio == "total"
    assert decisions.make_pre(uow, "PED2", "A", 5, DAY, by="ana", tipo_envio=TipoEnvio.TOTAL).tipo_envio == "total"


def test_a_pre_separacao_above_the_saldo_livre_is_refused_naming_the_line_and_nothing_is_written() -> None:
    uow = _uow()
    before = uow.snapshot()
    with pytest.raises(DecisionRefused, match=r"PED1/A: 71 é mais que o saldo livre da linha \(70\)") as err:
        decisions.make_pre(uow, "PED1", "A", 71, DAY, by="ana")
    assert "Nada foi gravado" in str(err.value)
    assert uow.snapshot() == before
    assert uow.data.audit == []


@pytest.mark.parametrize("qtd", [0, -1, "abc", None, "1_000", float("nan")])
def test_a_pre_separacao_needs_a_positive_quantity(qtd: object) -> None:
    with pytest.raises(DecisionRefused, match="quantidade"):
        decisions.make_pre(_uow(), "PED1", "A", qtd, DAY, by="ana")


def test_a_pre_separacao_needs_a_shipping_date_a_line_and_a_name() -> None:
    with pytest.raises(DecisionRefused, match="data de expedição"):
        decisions.make_pre(_uow(), "PED1", "A", 1, None, by="ana")
    with pytest.raises(DecisionRefused, match="PED9/A não está na carteira"):
        decisions.make_pre(_uow(), "PED9", "A", 1, DAY, by="ana")
    with pytest.raises(DecisionRefused, match="quem decide"):
        decisions.make_pre(_uow(), "PED1", "A", 1, DAY, by=" ")


def test_a_pre_separacao_can_grow_up_to_the_saldo_livre_plus_its_own_quantity() -> None:
    uow = _uow()
    edited = decisions.edit_pre(uow, 7, qtd=100, by="bia")
    assert edited.qtd == Decimal(100)
    with pytest.raises(DecisionRefused, match="contando os 100 que esta alocação já tem"):
        decisions.edit_pre(uow, 7, qtd="100.001", by="bia")
    assert decisions.edit_pre(uow, 7, data_expedicao=DAY, observacao="x", by="bia").qtd == Decimal(100)
    assert [a.acao for a in uow.data.audit] == ["PRE_ALTERADA", "PRE_ALTERADA"]


def test_deleting_a_pre_separacao_gives_its_quantity_back_to_the_saldo_livre() -> None:
    uow = _uow()
    decisions.delete_pre(uow, 7, by="bia")
    assert _livre(uow, "PED1", "A") == Decimal(100)
    with pytest.raises(DecisionRefused, match="#7 não existe"):
        decisions.delete_pre(uow, 7, by="bia")


def test_a_lote_is_made_from_lines_of_one_pedido_with_a_code_of_the_day() -> None:
    uow = _uow()
    lote = decisions.make_lote(uow, "PED1", {"A": 70, "B": "12.5"}, DAY, by="caio")
    assert lote.status == "ABERTO"
    assert lote.lote.startswith("LOTE-")
    assert lote.lote.endswith("-0001")
    assert {i.cod_produto: i.qtd for i in lote.itens} == {"A": Decimal(70), "B": Decimal("12.5")}
    assert _livre(uow, "PED1", "A") == 0
    second = decisions.make_lote(uow, "PED2", None, DAY, by="caio")
    assert second.lote.endswith("-0002")
    assert [(i.cod_produto, i.qtd, i.tipo_envio) for i in second.itens] == [("A", Decimal(10), "total")]


def test_a_lote_row_above_the_saldo_livre_refuses_the_whole_lote() -> None:
    uow = _uow()
    with pytest.raises(DecisionRefused, match="PED1/A: 71"):
        decisions.make_lote(uow, "PED1", {"B": 1, "A": 71}, DAY, by="caio")
    assert uow.data.lotes == {}


def test_a_lote_of_a_pedido_without_saldo_livre_is_refused() -> None:
    uow = _uow()
    decisions.make_lote(uow, "PED2", None, DAY, by="caio")
    with pytest.raises(DecisionRefused, match="não tem saldo livre"):
        decisions.make_lote(uow, "PED2", None, DAY, by="caio")


def test_pre_separacoes_of_one_pedido_become_a_lote_and_are_deleted() -> None:
    uow = _uow()
    other = decisions.make_pre(uow, "PED1", "B", 40, date(2026, 12, 1), by="ana")
    lote = decisions.lote_from_pres(uow, [7, other.id], by="caio")
    assert {i.cod_produto: (i.qtd, i.tipo_envio) for i in lote.itens} == {
        "A": (Decimal(30), "parcial"),
        "B": (Decimal(40), "total"),
    }
    assert lote.data_expedicao == date(2026, 12, 1)
    assert uow.data.pres == {}
    assert _livre(uow, "PED1", "A") == Decimal(70)


def test_pre_separacoes_of_two_pedidos_never_make_one_lote() -> None:
    uow = _uow()
    other = decisions.make_pre(uow, "PED2", "A", 1, DAY, by="ana")
    with pytest.raises(DecisionRefused, match="um só pedido"):
        decisions.lote_from_pres(uow, [7, other.id], by="caio")
    assert set(uow.data.pres) == {7, other.id}


def test_status_moves_follow_the_allowed_paths_and_record_their_fields() -> None:
    uow = _uow()
    code = decisions.make_lote(uow, "PED1", {"A": 10}, DAY, by="caio").lote
    quoted = decisions.move_lote(
        uow, code, "COTADO", by="caio", transportadora="Rodonaves", valor_frete=Decimal("350.5")
    )
    assert (quoted.status, quoted.transportadora, quoted.valor_frete) == ("COTADO", "Rodonaves", Decimal("350.5"))
    assert decisions.move_lote(uow, code, "ABERTO", by="caio").status == "ABERTO"
    shipped = decisions.move_lote(uow, code, "EMBARCADO", by="caio", data_embarque=DAY)
    assert (shipped.status, shipped.data_embarque) == ("EMBARCADO", DAY)
    with pytest.raises(DecisionRefused, match="número da NF"):
        decisions.move_lote(uow, code, "FATURADO", by="caio")
    invoiced = decisions.move_lote(uow, code, "FATURADO", by="caio", numero_nf="000123")
    assert invoiced.numero_nf == "000123"
    assert all(s.status is Status.FATURADO for s in uow.data.seps.values() if s.lote == code)


@pytest.mark.parametrize(
    ("path", "target"),
    [(["EMBARCADO"], "ABERTO"), (["EMBARCADO"], "COTADO"), ([], "FATURADO"), (["COTADO"], "FATURADO")],
)
def test_any_other_move_is_refused_and_says_where_the_lote_may_go(path: list[str], target: str) -> None:
    uow = _uow()
    code = decisions.make_lote(uow, "PED1", {"A": 10}, DAY, by="caio").lote
    for status in path:
        decisions.move_lote(uow, code, status, by="caio")
    with pytest.raises(DecisionRefused, match="só pode ir para"):
        decisions.move_lote(uow, code, target, by="caio", numero_nf="1")


def test_an_aberto_lote_can_be_edited_and_a_cotado_one_must_go_back_first() -> None:
    uow = _uow()
    code = decisions.make_lote(uow, "PED1", {"A": 10, "B": 5}, DAY, by="caio").lote
    edited = decisions.edit_lote(uow, code, {"A": 70, "B": 0}, by="caio")
    assert {i.cod_produto: i.qtd for i in edited.itens} == {"A": Decimal(70)}
    with pytest.raises(DecisionRefused, match="PED1/A: 71 é mais que o saldo livre da linha \\(70, contando os 70"):
        decisions.edit_lote(uow, code, {"A": 71}, by="caio")
    decisions.move_lote(uow, code, "COTADO", by="caio")
    with pytest.raises(DecisionRefused, match="volte-o para ABERTO"):
        decisions.edit_lote(uow, code, {"A": 1}, by="caio")
    with pytest.raises(DecisionRefused, match="volte-o para ABERTO"):
        decisions.delete_lote(uow, code, by="caio")


def test_an_edit_that_would_empty_a_lote_is_refused_deleting_it_gives_everything_back() -> None:
    uow = _uow()
    code = decisions.make_lote(uow, "PED1", {"A": 10}, DAY, by="caio").lote
    with pytest.raises(DecisionRefused, match="exclua-o"):
        decisions.edit_lote(uow, code, {"A": 0}, by="caio")
    decisions.delete_lote(uow, code, by="caio")
    assert _livre(uow, "PED1", "A") == Decimal(70)
    assert decisions.list_lotes(uow) == []


def test_lote_codes_are_the_day_and_the_next_sequence_of_that_day() -> None:
    assert lote_code(DAY, 7) == "LOTE-20261203-0007"
    assert next_lote_sequence(["LOTE-20261203-0001", "LOTE-20261203-0009", "LOTE-20261203-X"], DAY) == 10
    assert next_lote_sequence([], DAY) == 1


def test_a_decision_makes_a_plan_that_depends_on_its_line_stale_and_leaves_others_fresh() -> None:
    from carteira_gui.domain.errors import StalePlan

    uow = _uow()
    plan = plan_sync(uow.snapshot(), source(("PED1", "A", 50), ("PED1", "B", 40), ("PED2", "A", 10)))
    decisions.make_pre(uow, "PED2", "A", 1, DAY, by="ana")  # a line the plan leaves alone
    decisions.make_pre(uow, "PED1", "A", 1, DAY, by="ana")  # the line the plan reduces
    with pytest.raises(StalePlan, match="PED1/A"):
        apply_plan(uow, plan, usuario="ana")


def test_a_sync_reduction_hits_a_quoted_lote_made_in_the_product_with_a_critico_alert() -> None:
    uow = FakeUnitOfWork(snapshot(line("PED1", "A", 100)))
    code = decisions.make_lote(uow, "PED1", {"A": 100}, DAY, by="caio").lote
    decisions.move_lote(uow, code, "COTADO", by="caio")
    plan = plan_sync(uow.snapshot(), source(("PED1", "A", 60)))
    [change] = plan.changes
    assert [(a.nivel.value, a.lote) for a in change.alertas] == [("CRITICO", code)]
    apply_plan(uow, plan, usuario="ana")
    [row] = [s for s in uow.data.seps.values() if s.lote == code]
    assert row.qtd == Decimal(60)


def test_the_line_detail_lists_its_allocations_and_its_history_newest_first() -> None:
    uow = FakeUnitOfWork(snapshot(line("PED1", "A", 100), sep(3, "PED1", "A", 5, "EMBARCADO", lote="L-OLD")))
    decisions.make_pre(uow, "PED1", "A", 10, DAY, by="ana")
    code = decisions.make_lote(uow, "PED1", {"A": 20}, DAY, by="caio").lote
    decisions.move_lote(uow, code, "COTADO", by="caio")
    detail = decisions.line_detail(uow, ("PED1", "A"))
    assert detail.saldo_livre == Decimal(65)
    assert [p.qtd for p in detail.pres] == [Decimal(10)]
    assert {lote.lote: lote.status for lote in detail.lotes} == {code: "COTADO", "L-OLD": "EMBARCADO"}
    assert [h.acao for h in detail.historico][:1] == ["LOTE_STATUS"]
    assert {h.acao for h in detail.historico} == {"PRE_CRIADA", "LOTE_CRIADO", "LOTE_STATUS"}


def test_a_status_move_refuses_fields_it_does_not_record() -> None:
    uow = _uow()
    code = decisions.make_lote(uow, "PED1", {"A": 10}, DAY, by="caio").lote
    with pytest.raises(DecisionRefused, match="não registra número da NF"):
        decisions.move_lote(uow, code, "EMBARCADO", by="caio", numero_nf="77")
    with pytest.raises(DecisionRefused, match="não registra transportadora"):
        decisions.move_lote(uow, code, "EMBARCADO", by="caio", transportadora="X")
    assert decisions.list_lotes(uow)[0].status == "ABERTO"


def test_a_deleted_lotes_code_is_never_given_to_another() -> None:
    uow = _uow()
    first = decisions.make_lote(uow, "PED1", {"A": 1}, DAY, by="caio").lote
    second = decisions.make_lote(uow, "PED1", {"A": 1}, DAY, by="caio").lote
    decisions.delete_lote(uow, second, by="caio")
    third = decisions.make_lote(uow, "PED1", {"A": 1}, DAY, by="caio").lote
    assert [first[-4:], second[-4:], third[-4:]] == ["0001", "0002", "0003"]

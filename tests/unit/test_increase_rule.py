"""The increase rule, NOVO and ALTERADO."""

from datetime import date
from decimal import Decimal

from carteira_gui.domain.model import Alvo, Nivel, TipoAlerta, TipoMudanca
from carteira_gui.domain.planner import plan_sync

from .builders import d, line, pre, sep, snapshot, source


def only_change(before, odoo):
    [change] = plan_sync(before, odoo).changes
    return change


def impact(change, alvo, ident=None):
    return next(i for i in change.impactos if i.alvo is alvo and i.id == ident)


def test_increase_goes_to_free_balance_by_default():
    change = only_change(snapshot(line("P", "X", 10), pre(1, "P", "X", 5)), source(("P", "X", 15)))
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(10)
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(5)


def test_single_total_pre_separation_grows_with_the_line():
    change = only_change(snapshot(line("P", "X", 10), pre(1, "P", "X", 10, tipo="total")), source(("P", "X", 15)))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(15)
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(0)
    assert [a.nivel for a in change.alertas] == [Nivel.INFO]


def test_single_total_open_separation_grows_with_the_line():
    change = only_change(
        snapshot(line("P", "X", 10), sep(4, "P", "X", 10, "ABERTO", tipo="total")), source(("P", "X", 12))
    )
    assert impact(change, Alvo.SEPARACAO, 4).qtd_depois == d(12)


def test_total_allocation_does_not_grow_when_it_is_not_the_only_one():
    before = snapshot(
        line("P", "X", 20),
        pre(1, "P", "X", 10, tipo="total"),
        sep(2, "P", "X", 5, "EMBARCADO"),
    )
    change = only_change(before, source(("P", "X", 30)))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(10)
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(15)


def test_invoiced_separation_does_not_prevent_a_total_allocation_from_growing():
    before = snapshot(line("P", "X", 10), pre(1, "P", "X", 10, tipo="total"), sep(2, "P", "X", 99, "FATURADO"))
    change = only_change(before, source(("P", "X", 11)))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(11)


def test_partial_single_allocation_does_not_grow():
    change = only_change(snapshot(line("P", "X", 10), pre(1, "P", "X", 10)), source(("P", "X", 15)))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(10)


def test_quoted_separation_never_grows_and_raises_attention():
    before = snapshot(line("P", "X", 10), sep(3, "P", "X", 10, "COTADO", tipo="total"))
    change = only_change(before, source(("P", "X", 14)))
    assert impact(change, Alvo.SEPARACAO, 3).qtd_depois == d(10)
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(4)
    [alerta] = change.alertas
    assert (alerta.nivel, alerta.tipo, alerta.separacao_id) == (Nivel.ATENCAO, TipoAlerta.AUMENTO, 3)


def test_new_line_enters_with_everything_free_and_its_fields():
    change = only_change(
        snapshot(),
        source(
            {
                "num_pedido": "P",
                "cod_produto": "X",
                "qtd_saldo": 7,
                "cliente": "ACME",
                "data_entrega": "2026-12-01",
            }
        ),
    )
    assert change.tipo is TipoMudanca.NOVO
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(7)
    assert change.campos == {"cliente": (None, "ACME"), "data_entrega": (None, date(2026, 12, 1))}


def test_changed_fields_with_same_quantity_are_altered_and_leave_allocations_alone():
    before = snapshot(line("P", "X", 10, cliente="Antigo", preco=Decimal("1.5")), pre(1, "P", "X", 4))
    change = only_change(before, source({"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 10, "cliente": "Novo"}))
    assert change.tipo is TipoMudanca.ALTERADO
    assert change.campos == {"cliente": ("Antigo", "Novo")}
    assert all(i.qtd_antes == i.qtd_depois for i in change.impactos)
    assert change.alertas == []


def test_fields_left_out_by_the_source_are_not_compared():
    before = snapshot(line("P", "X", 10, cliente="ACME"))
    plan = plan_sync(before, source(("P", "X", 10)))
    assert plan.changes == []
    assert plan.inalterados == 1


def test_explicit_null_empties_a_field():
    before = snapshot(line("P", "X", 10, cliente="ACME"))
    change = only_change(before, source({"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 10, "cliente": None}))
    assert change.campos == {"cliente": ("ACME", None)}


def test_quantity_change_also_lists_changed_fields():
    before = snapshot(line("P", "X", 10, uf="SP"))
    change = only_change(before, source({"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 8, "uf": "RJ"}))
    assert change.tipo is TipoMudanca.REDUCAO
    assert change.campos == {"uf": ("SP", "RJ")}

"""The reduction rule of docs/regras.md, tier by tier."""

from carteira_gui.domain.model import Alvo, Nivel, TipoAlerta, TipoMudanca
from carteira_gui.domain.planner import plan_sync

from ..fakes import applied
from .builders import d, line, pre, sep, snapshot, source


def only_change(before, odoo):
    plan = plan_sync(before, odoo)
    [change] = plan.changes
    return plan, change


def impact(change, alvo, ident=None):
    return next(i for i in change.impactos if i.alvo is alvo and i.id == ident)


def test_reduction_consumes_free_balance_before_pre_separations():
    before = snapshot(line("P", "X", 100), pre(1, "P", "X", 60))
    _, change = only_change(before, source(("P", "X", 70)))
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(10)
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(60)
    assert change.alertas == []


def test_reduction_takes_newest_pre_separation_first_and_deletes_it_at_zero():
    before = snapshot(
        line("P", "X", 100),
        pre(1, "P", "X", 40, minutes=0),
        pre(2, "P", "X", 40, minutes=10),
    )
    plan, change = only_change(before, source(("P", "X", 30)))
    newest = impact(change, Alvo.PRE_SEPARACAO, 2)
    oldest = impact(change, Alvo.PRE_SEPARACAO, 1)
    assert (newest.qtd_depois, newest.excluida) == (d(0), True)
    assert oldest.qtd_depois == d(30)
    after = applied(before, plan)
    assert [p.id for p in after.allocations[("P", "X")].pre_separacoes] == [1]
    assert {a.nivel for a in change.alertas} == {Nivel.INFO}


def test_same_creation_time_breaks_the_tie_by_highest_id():
    before = snapshot(line("P", "X", 20), pre(4, "P", "X", 10), pre(9, "P", "X", 10))
    _, change = only_change(before, source(("P", "X", 15)))
    assert impact(change, Alvo.PRE_SEPARACAO, 9).qtd_depois == d(5)
    assert impact(change, Alvo.PRE_SEPARACAO, 4).qtd_depois == d(10)


def test_reduction_reaches_open_separations_after_pre_separations_and_keeps_them_at_zero():
    before = snapshot(line("P", "X", 50), pre(1, "P", "X", 10), sep(5, "P", "X", 40, "ABERTO"))
    plan, change = only_change(before, source(("P", "X", 0)))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).excluida
    assert impact(change, Alvo.SEPARACAO, 5).qtd_depois == d(0)
    [atencao] = [a for a in change.alertas if a.separacao_id == 5]
    assert atencao.nivel is Nivel.ATENCAO
    after = applied(before, plan)
    [kept] = after.allocations[("P", "X")].separacoes
    assert (kept.id, kept.qtd) == (5, d(0))


def test_quoted_separation_is_reduced_only_after_open_ones_and_raises_critical():
    before = snapshot(
        line("P", "X", 100),
        sep(5, "P", "X", 50, "COTADO", minutes=50),
        sep(6, "P", "X", 50, "ABERTO", minutes=0),
    )
    _, change = only_change(before, source(("P", "X", 30)))
    assert impact(change, Alvo.SEPARACAO, 6).qtd_depois == d(0)
    assert impact(change, Alvo.SEPARACAO, 5).qtd_depois == d(30)
    levels = {a.separacao_id: a.nivel for a in change.alertas}
    assert levels == {6: Nivel.ATENCAO, 5: Nivel.CRITICO}
    assert {a.tipo for a in change.alertas} == {TipoAlerta.REDUCAO}


def test_each_quoted_separation_hit_gets_its_own_critical_alert():
    before = snapshot(
        line("P", "X", 100),
        sep(1, "P", "X", 50, "COTADO", minutes=1),
        sep(2, "P", "X", 50, "COTADO", minutes=2),
    )
    _, change = only_change(before, source(("P", "X", 20)))
    assert sorted(a.separacao_id for a in change.alertas if a.nivel is Nivel.CRITICO) == [1, 2]
    assert impact(change, Alvo.SEPARACAO, 2).qtd_depois == d(0)
    assert impact(change, Alvo.SEPARACAO, 1).qtd_depois == d(20)


def test_shipped_quantity_beyond_the_new_balance_is_uncovered_and_critical():
    before = snapshot(line("P", "X", 100), sep(1, "P", "X", 80, "EMBARCADO"), pre(2, "P", "X", 10))
    _, change = only_change(before, source(("P", "X", 50)))
    assert change.nao_coberto == d(30)
    assert impact(change, Alvo.SEPARACAO, 1).qtd_depois == d(80)
    assert impact(change, Alvo.PRE_SEPARACAO, 2).excluida
    [critico] = [a for a in change.alertas if a.tipo is TipoAlerta.NAO_COBERTO]
    assert critico.nivel is Nivel.CRITICO


def test_shipped_and_invoiced_separations_never_change():
    before = snapshot(
        line("P", "X", 100),
        sep(1, "P", "X", 40, "EMBARCADO"),
        sep(2, "P", "X", 500, "FATURADO"),
    )
    plan, _ = only_change(before, source(("P", "X", 0)))
    after = applied(before, plan)
    assert {s.id: s.qtd for s in after.allocations[("P", "X")].separacoes} == {1: d(40), 2: d(500)}


def test_invoiced_separations_do_not_count_against_the_balance():
    before = snapshot(line("P", "X", 100), sep(2, "P", "X", 500, "FATURADO"))
    _, change = only_change(before, source(("P", "X", 90)))
    livre = impact(change, Alvo.SALDO_LIVRE)
    assert (livre.qtd_antes, livre.qtd_depois) == (d(100), d(90))
    assert all(i.id != 2 for i in change.impactos)


def test_negative_free_balance_is_shown_and_not_consumed():
    before = snapshot(line("P", "X", 100), pre(1, "P", "X", 120))
    _, change = only_change(before, source(("P", "X", 90)))
    livre = impact(change, Alvo.SALDO_LIVRE)
    assert (livre.qtd_antes, livre.qtd_depois) == (d(-20), d(-20))
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d(110)


def test_removed_line_is_a_reduction_to_zero_with_removal_alerts():
    before = snapshot(line("P", "X", 30), sep(1, "P", "X", 30, "COTADO"))
    plan, change = only_change(before, source())
    assert change.tipo is TipoMudanca.REMOVIDO
    assert [a.tipo for a in change.alertas] == [TipoAlerta.REMOCAO]
    assert ("P", "X") not in applied(before, plan).lines


def test_fractional_quantities_are_consumed_exactly():
    before = snapshot(line("P", "X", "10.5"), pre(1, "P", "X", "3.25"))
    _, change = only_change(before, source(("P", "X", "1.874")))
    assert impact(change, Alvo.SALDO_LIVRE).qtd_depois == d(0)
    assert impact(change, Alvo.PRE_SEPARACAO, 1).qtd_depois == d("1.874")

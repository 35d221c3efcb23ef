"""The worked example of docs/regras.md must hold exactly."""

from carteira_gui.domain.model import Alvo, Nivel, TipoAlerta, TipoMudanca
from carteira_gui.domain.planner import plan_sync

from ..fakes import applied
from .builders import d, line, pre, sep, snapshot, source


def worked_example():
    before = snapshot(
        line("PED001", "PROD001", 100),
        pre(7, "PED001", "PROD001", 30),
        line("PED001", "PROD002", 50),
        line("PED002", "PROD001", 200),
        sep(3, "PED002", "PROD001", 100, "COTADO", lote="LOTE-1"),
    )
    odoo = source(("PED001", "PROD001", 80), ("PED001", "PROD002", 70), ("PED003", "PROD001", 30))
    return before, odoo


def test_worked_example_counts_every_kind_and_one_critical_alert():
    before, odoo = worked_example()
    plan = plan_sync(before, odoo)
    assert plan.summary == {
        "REDUCAO": 1,
        "AUMENTO": 1,
        "NOVO": 1,
        "REMOVIDO": 1,
        "ALTERADO": 0,
        "INALTERADO": 0,
        "alertas": {"CRITICO": 1, "ATENCAO": 0, "INFO": 0},
    }


def test_worked_example_reduction_is_taken_from_free_balance_only():
    before, odoo = worked_example()
    change = next(c for c in plan_sync(before, odoo).changes if c.tipo is TipoMudanca.REDUCAO)
    assert change.key == ("PED001", "PROD001")
    livre = next(i for i in change.impactos if i.alvo is Alvo.SALDO_LIVRE)
    assert (livre.qtd_antes, livre.qtd_depois) == (d(70), d(50))
    presep = next(i for i in change.impactos if i.alvo is Alvo.PRE_SEPARACAO)
    assert (presep.id, presep.qtd_antes, presep.qtd_depois) == (7, d(30), d(30))
    assert change.alertas == []


def test_worked_example_removal_empties_free_balance_then_keeps_quoted_separacao_at_zero():
    before, odoo = worked_example()
    plan = plan_sync(before, odoo)
    change = next(c for c in plan.changes if c.tipo is TipoMudanca.REMOVIDO)
    assert change.key == ("PED002", "PROD001")
    assert change.delta == d(-200)
    livre = next(i for i in change.impactos if i.alvo is Alvo.SALDO_LIVRE)
    assert (livre.qtd_antes, livre.qtd_depois) == (d(100), d(0))
    cotado = next(i for i in change.impactos if i.alvo is Alvo.SEPARACAO)
    assert (cotado.id, cotado.qtd_antes, cotado.qtd_depois) == (3, d(100), d(0))
    [alerta] = change.alertas
    assert (alerta.nivel, alerta.tipo, alerta.separacao_id, alerta.lote) == (
        Nivel.CRITICO,
        TipoAlerta.REMOCAO,
        3,
        "LOTE-1",
    )
    after = applied(before, plan)
    assert ("PED002", "PROD001") not in after.lines
    [kept] = after.allocations[("PED002", "PROD001")].separacoes
    assert kept.qtd == d(0)


def test_worked_example_increase_and_new_line_go_to_free_balance():
    before, odoo = worked_example()
    plan = plan_sync(before, odoo)
    after = applied(before, plan)
    assert after.saldo_livre(("PED001", "PROD002")) == d(70)
    assert after.saldo_livre(("PED003", "PROD001")) == d(30)
    assert after.saldo_livre(("PED001", "PROD001")) == d(50)


def test_worked_example_plan_json_matches_cli_contract():
    before, odoo = worked_example()
    data = plan_sync(before, odoo).to_json()
    reducao = next(c for c in data["changes"] if c["tipo"] == "REDUCAO")
    assert reducao["qtd_antes"] == 100
    assert reducao["qtd_depois"] == 80
    assert reducao["delta"] == -20
    assert {"alvo": "SALDO_LIVRE", "qtd_antes": 70, "qtd_depois": 50} in reducao["impactos"]
    assert {"alvo": "PRE_SEPARACAO", "id": 7, "qtd_antes": 30, "qtd_depois": 30} in reducao["impactos"]
    assert reducao["nao_coberto"] == 0
    assert reducao["campos"] == {}
    assert reducao["alertas"] == []
    assert isinstance(data["fingerprint"], str)
    assert data["fingerprint"]

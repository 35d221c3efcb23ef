"""The use cases over a unit of work in memory: the refusals and the no-op, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from carteira_gui.domain.errors import CarteiraError, MassRemovalRefused, NotFound, StalePlan
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services.alerts import acknowledge, list_alerts
from carteira_gui.services.history import list_runs
from carteira_gui.services.state import NotEmpty, seed_state
from carteira_gui.services.sync import apply_plan

from ..fakes import FakeUnitOfWork, assert_state_follows_plan
from .builders import line, pre, sep, snapshot, source


def _worked() -> FakeUnitOfWork:
    return FakeUnitOfWork(
        snapshot(
            line("PED001", "PROD001", 100),
            pre(7, "PED001", "PROD001", 30),
            line("PED002", "PROD001", 200),
            sep(3, "PED002", "PROD001", 100, "COTADO"),
        )
    )


def test_an_apply_writes_what_the_plan_says_and_records_one_run() -> None:
    uow = _worked()
    before = uow.snapshot()
    plan = plan_sync(before, source(("PED001", "PROD001", 60), ("PED002", "PROD001", 150)))
    result = apply_plan(uow, plan, usuario="ana")
    assert result.applied
    assert_state_follows_plan(before, plan, uow.snapshot())
    assert [r.usuario for r in list_runs(uow)] == ["ana"]
    assert uow.commits == 1


def test_a_mass_removal_is_refused_without_the_flag_and_nothing_is_written() -> None:
    uow = _worked()
    before = uow.snapshot()
    plan = plan_sync(before, source(), mass_removal_pct=20)
    assert plan.remocao_em_massa
    with pytest.raises(MassRemovalRefused):
        apply_plan(uow, plan, usuario="ana")
    assert uow.snapshot() == before
    assert uow.commits == 0
    assert list_runs(uow) == []


def test_a_plan_made_before_someone_changed_its_lines_is_refused_as_stale_and_writes_nothing() -> None:
    uow = _worked()
    plan = plan_sync(uow.snapshot(), source(("PED001", "PROD001", 60), ("PED002", "PROD001", 200)))
    # Another planner edits the pré-separação the plan reduces.
    uow.data.pres[7] = uow.data.pres[7]._replace(qtd=Decimal("10.000"))
    edited = uow.snapshot()
    with pytest.raises(StalePlan) as err:
        apply_plan(uow, plan, usuario="ana")
    assert any("#7" in d for d in err.value.differences)
    assert uow.snapshot() == edited
    assert list_runs(uow) == []


def test_a_plan_without_changes_writes_nothing_not_even_a_run() -> None:
    uow = _worked()
    before = uow.snapshot()
    plan = plan_sync(before, source(("PED001", "PROD001", 100), ("PED002", "PROD001", 200)))
    result = apply_plan(uow, plan, usuario="ana")
    assert not result.applied
    assert list_runs(uow) == []
    assert uow.snapshot() == before


def test_acknowledging_an_unknown_id_acknowledges_none_and_names_it() -> None:
    uow = _worked()
    plan = plan_sync(uow.snapshot(), source(("PED001", "PROD001", 100)), mass_removal_pct=100)
    apply_plan(uow, plan, usuario="ana")
    [critico] = [a for a in list_alerts(uow) if a.nivel == Nivel.CRITICO]
    with pytest.raises(NotFound, match="9999"):
        acknowledge(uow, [critico.id, 9999], "bia")
    assert all(a.reconhecido_em is None for a in list_alerts(uow, include_acknowledged=True))
    done = acknowledge(uow, [critico.id], "bia", "ligar para a transportadora")
    assert done.done == [critico.id]
    again = acknowledge(uow, [critico.id], "bia")
    assert again.done == []
    assert again.already == [critico.id]
    [acked] = [a for a in list_alerts(uow, include_acknowledged=True) if a.id == critico.id]
    assert (acked.reconhecido_por, acked.nota) == ("bia", "ligar para a transportadora")


def test_acknowledging_without_a_name_is_refused() -> None:
    with pytest.raises(CarteiraError, match="Informe quem reconhece"):
        acknowledge(_worked(), [1], "  ")


def test_a_second_reduction_of_a_quoted_separacao_updates_its_open_alert() -> None:
    uow = _worked()
    for qtd in (80, 50):
        plan = plan_sync(uow.snapshot(), source(("PED001", "PROD001", 100), ("PED002", "PROD001", qtd)))
        apply_plan(uow, plan, usuario="ana")
    [alert] = [a for a in list_alerts(uow) if a.separacao_id == 3]
    assert (alert.qtd_anterior, alert.qtd_nova) == (Decimal("100.000"), Decimal("50.000"))
    assert "Desde o primeiro alerta: 100 → 50." in alert.mensagem


def test_seeding_a_database_that_holds_data_is_refused_unless_replacing() -> None:
    uow = _worked()
    document = {"carteira": [{"num_pedido": "X", "cod_produto": "Y", "qtd_saldo": 1}]}
    with pytest.raises(NotEmpty, match="seed --replace"):
        seed_state(uow, document, "estado", replace=False, db_description="teste")
    counts = seed_state(uow, document, "estado", replace=True, db_description="teste")
    assert counts.carteira == 1
    assert list(uow.snapshot().lines) == [("X", "Y")]

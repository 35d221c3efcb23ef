"""The safe part of a plan: what an unattended sync applies, and what it holds for a planner (and why)."""

from __future__ import annotations

from decimal import Decimal

from carteira_gui.domain.model import TipoMudanca
from carteira_gui.domain.planner import plan_sync
from carteira_gui.domain.safe import MOTIVO_ATENCAO, MOTIVO_CRITICO, MOTIVO_DECISAO, MOTIVO_MASSA, split_plan
from carteira_gui.services.sync import apply_safe

from ..fakes import FakeUnitOfWork
from .builders import line, pre, sep, snapshot, source


def _split(before, *rows, **options):
    return split_plan(plan_sync(before, source(*rows), **options), before)


def test_new_changed_and_free_balance_changes_are_safe() -> None:
    before = snapshot(line("P", "A", 100), line("P", "B", 50, cliente="X"), line("P", "C", 20), line("P", "D", 5))
    split = _split(
        before,
        ("P", "A", 80),  # REDUCAO covered by the saldo livre
        {"num_pedido": "P", "cod_produto": "B", "qtd_saldo": 50, "cliente": "Y"},  # ALTERADO
        ("P", "C", 30),  # AUMENTO to the saldo livre
        ("N", "1", 7),  # NOVO
        # P/D left out: REMOVIDO of a line without allocations
    )
    assert split.held == []
    assert sorted(c.tipo for c in split.safe.changes) == sorted(
        [TipoMudanca.REDUCAO, TipoMudanca.ALTERADO, TipoMudanca.AUMENTO, TipoMudanca.NOVO, TipoMudanca.REMOVIDO]
    )


def test_a_reduction_that_reaches_a_pre_separacao_is_held() -> None:
    before = snapshot(line("P", "A", 100), pre(1, "P", "A", 90))
    split = _split(before, ("P", "A", 50))
    assert [(h.change.tipo, h.motivo) for h in split.held] == [(TipoMudanca.REDUCAO, MOTIVO_DECISAO)]
    assert split.safe.changes == []


def test_a_reduction_that_hits_a_quoted_separacao_is_held_as_critico() -> None:
    before = snapshot(line("P", "A", 100), sep(3, "P", "A", 80, "COTADO"))
    assert [h.motivo for h in _split(before, ("P", "A", 50)).held] == [MOTIVO_CRITICO]


def test_an_increase_of_a_line_with_a_quoted_separacao_is_held_as_atencao() -> None:
    before = snapshot(line("P", "A", 100), sep(3, "P", "A", 80, "COTADO"))
    assert [h.motivo for h in _split(before, ("P", "A", 120)).held] == [MOTIVO_ATENCAO]


def test_an_increase_that_grows_a_single_total_allocation_is_held() -> None:
    before = snapshot(line("P", "A", 100), pre(1, "P", "A", 100, tipo="total"))
    assert [h.motivo for h in _split(before, ("P", "A", 120)).held] == [MOTIVO_DECISAO]


def test_removing_a_line_with_allocations_is_held_and_one_without_is_safe() -> None:
    before = snapshot(line("P", "A", 10), pre(1, "P", "A", 5), line("P", "B", 10), line("P", "C", 10))
    split = _split(before, ("P", "C", 10), mass_removal_pct=100)
    assert [(h.change.key, h.motivo) for h in split.held] == [(("P", "A"), MOTIVO_DECISAO)]
    assert [c.key for c in split.safe.changes] == [("P", "B")]


def test_a_plan_that_trips_the_mass_removal_guard_applies_nothing() -> None:
    before = snapshot(*(line("P", str(i), 1) for i in range(3)))
    split = _split(before)  # Odoo answered with none of its lines
    assert split.safe.changes == []
    assert {h.motivo for h in split.held} == {MOTIVO_MASSA}
    assert len(split.held) == 3


def test_the_safe_part_has_its_own_fingerprint_and_is_not_stale_when_a_held_line_changes() -> None:
    uow = FakeUnitOfWork(snapshot(line("P", "A", 100), pre(1, "P", "A", 90), line("P", "B", 10)))
    split = split_plan(plan_sync(uow.snapshot(), source(("P", "A", 50), ("P", "B", 12))), uow.snapshot())
    assert split.safe.fingerprint != ""
    # A planner edits the pré-separação of the held line: the safe part still applies.
    uow.data.pres[1] = uow.data.pres[1]._replace(qtd=Decimal("80.000"))
    result = apply_safe(uow, split, usuario="sincronização automática")
    assert result.applied
    after = uow.snapshot()
    assert after.lines[("P", "B")].qtd_saldo == Decimal(12)
    assert after.lines[("P", "A")].qtd_saldo == Decimal(100)  # held: untouched
    [run] = uow.data.runs
    assert (run.automatico, run.retidas, run.usuario) == (True, 1, "sincronização automática")
    assert [h.change.key for h in uow.data.held[run.id]] == [("P", "A")]

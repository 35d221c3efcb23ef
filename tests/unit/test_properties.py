"""Properties of the planner over random states and sources (hypothesis)."""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from carteira_gui.domain.model import Alvo, Snapshot, Status, TipoMudanca
from carteira_gui.domain.parsing import parse_source_records, parse_state_document
from carteira_gui.domain.planner import plan_sync

from ..fakes import applied
from ..strategies import sources, states


@st.composite
def scenarios(draw):
    state = draw(states())
    return state, draw(sources(state))


def build(state, rows):
    parsed = parse_state_document(state, "estado")
    # Give ids to allocations as the database would.
    snap = Snapshot.build(parsed.lines, parsed.pre_separacoes, parsed.separacoes)
    return snap, parse_source_records(rows, "fonte")


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_after_apply_the_carteira_equals_the_source(scenario):
    snap, src = build(*scenario)
    after = applied(snap, plan_sync(snap, src))
    assert set(after.lines) == set(src.lines)
    for key, line in src.lines.items():
        assert after.lines[key].qtd_saldo == line.qtd_saldo
        for name, value in line.campos.items():
            assert getattr(after.lines[key], name) == value


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_impacts_add_up_to_the_delta_minus_the_uncovered_part(scenario):
    snap, src = build(*scenario)
    for change in plan_sync(snap, src).changes:
        moved = sum((i.qtd_depois - i.qtd_antes for i in change.impactos), Decimal(0))
        assert moved == change.delta + change.nao_coberto
        assert change.nao_coberto >= 0
        assert all(i.qtd_depois >= 0 for i in change.impactos if i.alvo is not Alvo.SALDO_LIVRE)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_shipped_and_invoiced_separations_never_change(scenario):
    snap, src = build(*scenario)
    after = applied(snap, plan_sync(snap, src))
    frozen = {Status.EMBARCADO, Status.FATURADO}
    before_sep = {s.id: s.qtd for a in snap.allocations.values() for s in a.separacoes if s.status in frozen}
    after_sep = {s.id: s.qtd for a in after.allocations.values() for s in a.separacoes if s.status in frozen}
    assert before_sep == after_sep


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_a_lower_tier_is_touched_only_when_the_higher_tiers_are_exhausted(scenario):
    snap, src = build(*scenario)
    for change in plan_sync(snap, src).changes:
        if change.tipo not in (TipoMudanca.REDUCAO, TipoMudanca.REMOVIDO):
            continue
        tiers = [
            [i for i in change.impactos if i.alvo is Alvo.SALDO_LIVRE],
            [i for i in change.impactos if i.alvo is Alvo.PRE_SEPARACAO],
            [i for i in change.impactos if i.alvo is Alvo.SEPARACAO and i.status is Status.ABERTO],
            [i for i in change.impactos if i.alvo is Alvo.SEPARACAO and i.status is Status.COTADO],
        ]
        for upper, lower in itertools.pairwise(tiers):
            if any(i.qtd_depois < i.qtd_antes for i in lower):
                assert all(i.qtd_depois <= 0 for i in upper)
        if change.nao_coberto > 0:
            assert all(i.qtd_depois <= 0 for tier in tiers for i in tier)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_planning_again_after_apply_finds_nothing_to_do(scenario):
    snap, src = build(*scenario)
    after = applied(snap, plan_sync(snap, src))
    again = plan_sync(after, src)
    assert again.changes == []

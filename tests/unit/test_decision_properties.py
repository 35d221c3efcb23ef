"""After any sequence of accepted decisions, no line is over-allocated; a refused decision changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from carteira_gui.domain.decisions import DecisionRefused
from carteira_gui.services import decisions
from carteira_gui.services.ports import UnitOfWork

from ..fakes import FakeUnitOfWork
from .builders import line, snapshot

DAY = date(2026, 12, 3)
KEYS = [("P1", "A"), ("P1", "B"), ("P2", "A")]

quantities = st.decimals(min_value=Decimal("-5"), max_value=Decimal("120"), places=3, allow_nan=False)
actions = st.one_of(
    st.tuples(st.just("pre"), st.sampled_from(KEYS), quantities),
    st.tuples(st.just("edit_pre"), st.integers(0, 6), quantities),
    st.tuples(st.just("delete_pre"), st.integers(0, 6)),
    st.tuples(
        st.just("lote"),
        st.sampled_from(["P1", "P2"]),
        st.dictionaries(st.sampled_from(["A", "B"]), quantities, max_size=2),
    ),
    st.tuples(st.just("lote_all"), st.sampled_from(["P1", "P2"])),
    st.tuples(st.just("from_pre"), st.lists(st.integers(0, 6), min_size=1, max_size=3)),
    st.tuples(
        st.just("edit_lote"), st.integers(0, 4), st.dictionaries(st.sampled_from(["A", "B"]), quantities, max_size=2)
    ),
    st.tuples(st.just("move"), st.integers(0, 4), st.sampled_from(["ABERTO", "COTADO", "EMBARCADO", "FATURADO"])),
    st.tuples(st.just("delete_lote"), st.integers(0, 4)),
)


def run_action(uow: UnitOfWork, action: tuple[object, ...], pres: list[int], lotes: list[str]) -> None:
    """Carry out one drawn decision on ``uow`` (``pres`` and ``lotes``: the ids and codes there are now)."""
    kind = action[0]
    if kind == "pre":
        _kind, key, qtd = action
        decisions.make_pre(uow, key[0], key[1], qtd, DAY, by="p")  # type: ignore[index]
    elif kind == "edit_pre" and pres:
        decisions.edit_pre(uow, pres[int(action[1]) % len(pres)], qtd=action[2], by="p")  # type: ignore[call-overload]
    elif kind == "delete_pre" and pres:
        decisions.delete_pre(uow, pres[int(action[1]) % len(pres)], by="p")  # type: ignore[call-overload]
    elif kind == "lote":
        decisions.make_lote(uow, str(action[1]), action[2], DAY, by="p")  # type: ignore[arg-type]
    elif kind == "lote_all":
        decisions.make_lote(uow, str(action[1]), None, DAY, by="p")
    elif kind == "from_pre" and pres:
        decisions.lote_from_pres(uow, [pres[i % len(pres)] for i in action[1]], by="p")  # type: ignore[attr-defined]
    elif kind == "edit_lote" and lotes:
        decisions.edit_lote(uow, lotes[int(action[1]) % len(lotes)], action[2], by="p")  # type: ignore[call-overload, arg-type]
    elif kind == "move" and lotes:
        decisions.move_lote(uow, lotes[int(action[1]) % len(lotes)], str(action[2]), by="p", numero_nf="1")  # type: ignore[call-overload]
    elif kind == "delete_lote" and lotes:
        decisions.delete_lote(uow, lotes[int(action[1]) % len(lotes)], by="p")  # type: ignore[call-overload]


@settings(max_examples=300, deadline=None)
@given(st.lists(actions, max_size=12))
def test_accepted_decisions_never_over_allocate_and_refused_ones_change_nothing(
    steps: list[tuple[object, ...]],
) -> None:
    uow = FakeUnitOfWork(snapshot(line("P1", "A", 100), line("P1", "B", "7.5"), line("P2", "A", 10)))
    for action in steps:
        before = (uow.snapshot(), dict(uow.data.lotes), len(uow.data.audit))
        try:
            run_action(uow, action, sorted(uow.data.pres), sorted(uow.data.lotes))
        except DecisionRefused:
            assert (uow.snapshot(), dict(uow.data.lotes), len(uow.data.audit)) == before
        snap = uow.snapshot()
        for key, found in snap.lines.items():
            assert snap.allocations_of(key).allocated() <= found.qtd_saldo, (key, action)
        # Every row of a lote shares its pedido and status.
        for code, info in uow.data.lotes.items():
            rows = [s for s in uow.data.seps.values() if s.lote == code]
            assert {s.num_pedido for s in rows} <= {info["num_pedido"]}
            assert {s.status.value for s in rows} <= {info["status"]}

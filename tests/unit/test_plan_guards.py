"""Duplicates, prefixes, the mass-removal guard, quantities, and the plan's JSON round trip."""

import json

import pytest

from carteira_gui.domain.errors import InvalidPlan, InvalidSource, MassRemovalRefused
from carteira_gui.domain.model import CAMPOS, TipoMudanca
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.planner import plan_sync

from .builders import d, line, pre, sep, snapshot, source


def test_duplicate_odoo_lines_for_one_key_are_summed_and_the_plan_says_so():
    plan = plan_sync(snapshot(line("P", "X", 10)), source(("P", "X", 4), ("P", "X", 9)))
    [change] = plan.changes
    assert (change.tipo, change.qtd_depois, change.linhas_somadas) == (TipoMudanca.AUMENTO, d(13), 2)
    assert change.to_json()["linhas_somadas"] == 2


def test_bad_source_rows_are_all_named_and_nothing_is_returned():
    with pytest.raises(InvalidSource) as err:
        parse_source_records(
            [
                {"num_pedido": "P", "cod_produto": "X", "qtd_saldo": "abc"},
                {"num_pedido": "P", "qtd_saldo": 1},
                {"num_pedido": "P", "cod_produto": "Y", "qtd_saldo": -1},
                {"num_pedido": "P", "cod_produto": "Z", "qtd_saldo": 1},
                {"num_pedido": "P", "cod_produto": "W"},
            ],
            "fonte",
        )
    assert [p.split(":")[0] for p in err.value.problems] == ["linha 1", "linha 2", "linha 3", "linha 5"]
    assert "Nada foi alterado" in str(err.value)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "NaN", "Infinity", True, None, "1_000", [], {}])
def test_non_numeric_quantities_are_rejected(bad):
    with pytest.raises(InvalidSource):
        parse_source_records([{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": bad}], "fonte")


def test_quantities_round_half_up_to_three_places():
    data = parse_source_records([{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": "1.0005"}], "fonte")
    assert data.lines[("P", "X")].qtd_saldo == d("1.001")


def test_keys_are_trimmed_but_case_is_kept():
    data = parse_source_records(
        [
            {"num_pedido": " P ", "cod_produto": "x", "qtd_saldo": 1},
            {"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 2},
        ],
        "fonte",
    )
    assert sorted(data.lines) == [("P", "X"), ("P", "x")]


def test_lines_outside_the_odoo_prefixes_are_never_touched():
    before = snapshot(line("VCD1", "X", 10), line("MAN1", "X", 10))
    plan = plan_sync(before, source(("VCD1", "X", 5), ("OUT9", "X", 3)), owned_prefixes=("VCD", "VSC"))
    assert [(c.tipo, c.key) for c in plan.changes] == [(TipoMudanca.REDUCAO, ("VCD1", "X"))]
    assert plan.ignorados == 1


def test_every_source_line_is_counted_once_unchanged_ignored_or_changed():
    full = {name: None for name in CAMPOS} | {"cliente": "ACME"}
    before = snapshot(
        line("VCD1", "A", 10, cliente="ACME"),  # unchanged, every field given
        line("VCD1", "B", 10, cliente="ACME"),  # unchanged, only some fields given
        line("VCD1", "C", 10, cliente="ACME"),  # same quantity, a field changed
        line("MAN1", "A", 10),  # not Odoo's: neither compared nor removed
        line("VCD1", "D", 10),  # removed
    )
    plan = plan_sync(
        before,
        source(
            {"num_pedido": "VCD1", "cod_produto": "A", "qtd_saldo": 10, **full},
            {"num_pedido": "VCD1", "cod_produto": "B", "qtd_saldo": "10.000", "cliente": "ACME"},
            {"num_pedido": "VCD1", "cod_produto": "C", "qtd_saldo": 10, **full, "cliente": "Beta"},
            {"num_pedido": "MAN1", "cod_produto": "A", "qtd_saldo": 99, **full},
            {"num_pedido": "OUT9", "cod_produto": "X", "qtd_saldo": 3, **full},
            {"num_pedido": "VSC2", "cod_produto": "N", "qtd_saldo": 1},  # new, only some fields
        ),
        owned_prefixes=("VCD", "VSC"),
    )
    assert [(c.tipo, c.key) for c in plan.changes] == [
        (TipoMudanca.ALTERADO, ("VCD1", "C")),
        (TipoMudanca.NOVO, ("VSC2", "N")),
        (TipoMudanca.REMOVIDO, ("VCD1", "D")),
    ]
    assert (plan.inalterados, plan.ignorados) == (2, 2)
    assert plan.changes[0].campos == {"cliente": ("ACME", "Beta")}


def test_removing_more_than_the_share_and_at_least_the_minimum_is_a_mass_removal():
    before = snapshot(*(line("P", str(i), 1) for i in range(100)))
    kept = [("P", str(i), 1) for i in range(100)]
    assert not plan_sync(before, source(*kept[:80])).remocao_em_massa  # exactly 20 %: allowed
    assert plan_sync(before, source(*kept[:79])).remocao_em_massa  # 21 of 100
    assert plan_sync(before, source(*kept[:60])).remocao_em_massa  # 40 of 100
    assert not plan_sync(before, source(*kept[:79]), mass_removal_pct=50).remocao_em_massa
    assert not plan_sync(before, source(*kept[:60]), mass_removal_min=41).remocao_em_massa


def test_removing_a_few_lines_of_a_small_carteira_is_not_a_mass_removal():
    before = snapshot(*(line("P", str(i), 1) for i in range(3)))
    assert not plan_sync(before, source(("P", "0", 1), ("P", "1", 1))).remocao_em_massa  # 1 of 3
    nine = snapshot(*(line("P", str(i), 1) for i in range(12)))
    assert not plan_sync(nine, source(("P", "0", 1), ("P", "1", 1), ("P", "2", 1))).remocao_em_massa  # 9 < 10
    assert plan_sync(nine, source(("P", "0", 1), ("P", "1", 1))).remocao_em_massa  # 10 of 12


def test_an_answer_without_any_odoo_line_always_needs_the_confirmation():
    before = snapshot(line("P", "0", 1), line("P", "1", 1))
    plan = plan_sync(before, source())
    assert plan.fonte_vazia
    assert plan.remocao_em_massa
    with pytest.raises(MassRemovalRefused, match="não devolveu nenhuma"):
        raise plan.mass_removal_refusal()


def test_the_share_counts_the_lines_odoo_owns_not_the_manual_ones():
    # 4 Odoo lines among 16 manual ones: an empty answer removes all 4 — that needs the confirmation.
    manual = [line("MAN", str(i), 1) for i in range(16)]
    odoo = [line("VCD1", str(i), 1) for i in range(4)]
    before = snapshot(*manual, *odoo)
    empty = plan_sync(before, source(), owned_prefixes=["VCD"])
    assert (empty.removidos, empty.linhas_do_odoo, empty.remocao_em_massa) == (4, 4, True)
    # A user whose record rules hide most orders: 12 of 40 Odoo lines vanish.
    many = snapshot(*manual, *(line("VCD1", str(i), 1) for i in range(40)))
    hidden = plan_sync(many, source(*(("VCD1", str(i), 1) for i in range(28))), owned_prefixes=["VCD"])
    assert (hidden.removidos, hidden.linhas_do_odoo) == (12, 40)
    assert hidden.remocao_em_massa
    assert "12 de 40 linhas do Odoo" in str(hidden.mass_removal_refusal())


def test_plan_json_round_trip_keeps_everything_apply_needs():
    before = snapshot(
        line("P", "X", 100, cliente="A"),
        pre(1, "P", "X", 30),
        sep(2, "P", "X", 50, "COTADO"),
        line("P", "Y", 5),
    )
    plan = plan_sync(
        before,
        source(
            {"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 10, "cliente": "B", "preco": 2.5},
            ("N", "1", 3),
        ),
    )
    again = Plan.from_json(json.loads(plan.dumps()))
    assert again.to_json() == plan.to_json()
    assert again.fingerprint == plan.fingerprint
    assert again.dependency_keys == plan.dependency_keys


def test_a_broken_plan_file_is_refused_in_one_sentence():
    with pytest.raises(InvalidPlan) as err:
        Plan.from_json({"fingerprint": "x", "changes": [{"tipo": "NOPE"}]}, "plano.json")
    assert "plano.json" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("order", ["same", "reversed", "shuffled"])
@pytest.mark.parametrize("removed", [(), (0,), (5, 6), (19,), tuple(range(0, 20, 3))])
def test_removed_lines_are_found_whatever_the_order_of_the_source(order, removed):
    # The planner walks carteira and source in step when their orders agree (Odoo's id order) and looks
    # every key up when they do not: both must name exactly the lines the source left out.
    keys = [(f"P{i // 4}", f"X{i}") for i in range(20)]
    before = snapshot(*(line(p, x, 5) for p, x in keys))
    kept = [k for i, k in enumerate(keys) if i not in removed]
    if order == "reversed":
        kept.reverse()
    elif order == "shuffled":
        kept = kept[1::2] + kept[::2]
    plan = plan_sync(before, source(*((p, x, 5) for p, x in kept)), mass_removal_pct=100)
    assert [(c.tipo, c.key) for c in plan.changes] == sorted((TipoMudanca.REMOVIDO, keys[i]) for i in removed)
    assert plan.inalterados == len(kept)

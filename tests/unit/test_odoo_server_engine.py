"""The local Odoo server's ORM: domains, ordering, paging and reads, without HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from carteira_gui.adapters.odoo.dataset import Dataset
from carteira_gui.adapters.odoo.server import RpcFault, _Engine


def engine(version: int = 17) -> _Engine:
    document = {
        "format": "carteira-sync/odoo-dataset",
        "version": 1,
        "records": {
            "res.country.state": [{"id": 1, "name": "São Paulo", "code": "SP"}],
            "res.partner": [
                {"id": 1, "name": "Alfa Ltda", "city": "Campinas", "state_id": 1, "vat": "1"},
                {"id": 2, "name": "beta_100% Comércio", "city": False, "state_id": False, "vat": False},
            ],
            "sale.order": [
                {"id": 1, "name": "VCD2600001", "state": "sale", "partner_id": 1},
                {"id": 2, "name": "VSC2600002", "state": "done", "partner_id": 2},
                {"id": 3, "name": "VCD_2600003", "state": "draft", "partner_id": 1},
                {"id": 4, "name": "ABC2600004", "state": "cancel", "partner_id": False},
            ],
            "product.product": [{"id": 1, "default_code": "ARZ", "name": "Arroz"}],
            "sale.order.line": [
                {"id": i, "order_id": (i % 4) + 1, "product_id": 1, "product_uom_qty": float(i), "price_unit": 10.0}
                for i in range(1, 21)
            ],
        },
    }
    return _Engine(Dataset.from_json(document), version)


def ids(domain: Any, model: str = "sale.order", **kwargs: Any) -> list[int]:
    return engine().search(model, domain, **kwargs)


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ([], [1, 2, 3, 4]),
        ([["state", "=", "sale"]], [1]),
        ([["state", "!=", "sale"]], [2, 3, 4]),
        ([["state", "in", ["sale", "done"]]], [1, 2]),
        ([["state", "not in", ["sale", "done"]]], [3, 4]),
        ([["id", ">", 2]], [3, 4]),
        ([["id", ">=", 2], ["id", "<", 4]], [2, 3]),
        ([["id", "<=", 1]], [1]),
        ([["name", "like", "26000"]], [1, 2, 3, 4]),
        ([["name", "ilike", "vcd"]], [1, 3]),
        ([["name", "not ilike", "vcd"]], [2, 4]),
        ([["name", "=like", "VCD%"]], [1, 3]),
        ([["name", "=like", "VCD\\_%"]], [3]),
        ([["name", "=like", "VCD_%"]], [1, 3]),
        ([["name", "=ilike", "vsc%"]], [2]),
        ([["name", "not like", "VCD"]], [2, 4]),
        ([["partner_id", "=", False]], [4]),
        ([["partner_id", "!=", False]], [1, 2, 3]),
        ([["partner_id", "in", [2, False]]], [2, 4]),
        ([["partner_id", "=", 1]], [1, 3]),
        ([["partner_id", "ilike", "alfa"]], [1, 3]),
        ([["partner_id.city", "=", "Campinas"]], [1, 3]),
        ([["partner_id.state_id.code", "=", "SP"]], [1, 3]),
        ([["partner_id.name", "like", "100%"]], [2]),
        ([["partner_id.name", "=like", "beta\\_100\\%%"]], [2]),
        (["|", ["state", "=", "sale"], ["state", "=", "done"]], [1, 2]),
        (["!", ["state", "=", "sale"]], [2, 3, 4]),
        (["&", ["state", "!=", "cancel"], "|", ["name", "=like", "VSC%"], ["id", "=", 3]], [2, 3]),
        ([["state", "=?", False]], [1, 2, 3, 4]),
        ([["state", "=?", "done"]], [2]),
        ([[1, "=", 1]], [1, 2, 3, 4]),
        ([[0, "=", 1]], []),
    ],
)
def test_domains_select_like_odoo(domain: Any, expected: list[int]) -> None:
    assert ids(domain) == expected


def test_many_ored_terms_do_not_nest_deeply() -> None:
    terms: list[Any] = ["|"] * 1999 + [["name", "=", f"X{i}"] for i in range(1999)] + [["id", "=", 2]]
    assert ids(terms) == [2]


def test_limit_offset_and_order() -> None:
    assert ids([], limit=2) == [1, 2]
    assert ids([], offset=1, limit=2) == [2, 3]
    assert ids([], order="id desc") == [4, 3, 2, 1]
    assert ids([], order="state asc, id desc") == [4, 2, 3, 1]
    # As PostgreSQL: NULLs last ascending, first descending.
    assert ids([], order="partner_id desc, id") == [4, 2, 1, 3]
    assert ids([], order="partner_id, id desc") == [3, 1, 2, 4]


def test_keyset_pages_walk_all_lines_once() -> None:
    eng = engine()
    domain = [["order_id.state", "in", ["sale", "done"]], ["product_uom_qty", ">", 0]]
    seen: list[int] = []
    last = 0
    while True:
        page = eng.search("sale.order.line", ["&", ["id", ">", last], *domain], 0, 3, "id")
        if not page:
            break
        seen.extend(page)
        last = page[-1]
    assert seen == eng.search("sale.order.line", domain)
    assert seen == [i for i in range(1, 21) if (i % 4) + 1 in (1, 2)]
    assert eng.count("sale.order.line", domain) == len(seen)
    assert eng.count("sale.order.line", domain, limit=3) == 3


def test_read_formats_many2one_like_odoo() -> None:
    eng = engine()
    rows = eng.read("sale.order.line", [2, 1, 2], ["order_id", "product_id", "price_unit"])
    # As Odoo's browse: ids in the order given, repeated ids repeated.
    assert rows == [
        {"id": 2, "order_id": [3, "VCD_2600003"], "product_id": [1, "[ARZ] Arroz"], "price_unit": 10.0},
        {"id": 1, "order_id": [2, "VSC2600002"], "product_id": [1, "[ARZ] Arroz"], "price_unit": 10.0},
        {"id": 2, "order_id": [3, "VCD_2600003"], "product_id": [1, "[ARZ] Arroz"], "price_unit": 10.0},
    ]
    assert eng.read("res.partner", [2], ["state_id", "city"]) == [{"id": 2, "state_id": False, "city": False}]
    assert eng.read("res.partner", [1], ["state_id"]) == [{"id": 1, "state_id": [1, "São Paulo (BR)"]}]
    # load other than '_classic_read': bare ids, no display names.
    assert eng.read("res.partner", [1, 2], ["state_id"], load=None) == [
        {"id": 1, "state_id": 1},
        {"id": 2, "state_id": False},
    ]
    everything = eng.read("sale.order", [1], None)[0]
    assert set(everything) >= {"id", "name", "state", "partner_id", "date_order", "commitment_date"}


def fault_of(call: Any) -> RpcFault:
    with pytest.raises(RpcFault) as caught:
        call()
    return caught.value


def test_unknown_fields_fail_like_odoo_17() -> None:
    eng = engine()
    fault = fault_of(lambda: eng.read("sale.order", [1], ["name", "x_prazo"]))
    assert fault.name == "builtins.ValueError"
    assert fault.message == "Invalid field 'x_prazo' on model 'sale.order'"
    fault = fault_of(lambda: eng.search("sale.order.line", [["nope", "=", 1]]))
    assert fault.message == "Invalid field sale.order.line.nope in leaf ('nope', '=', 1)"
    fault = fault_of(lambda: eng.search("sale.order.line", [["order_id.x_prazo", "in", ["a"]]]))
    assert fault.message == "Invalid field sale.order.x_prazo in leaf ('x_prazo', 'in', ['a'])"
    fault = fault_of(lambda: eng.search("sale.order", [], order="x_prazo desc"))
    assert "x_prazo" in fault.message
    fault = fault_of(lambda: eng.search("sale.order", ["|", ["state", "=", "sale"]]))
    assert fault.message == "Domain ['|', ['state', '=', 'sale']] is syntactically not correct."


def test_unknown_fields_fail_like_odoo_19() -> None:
    eng = engine(19)
    assert (
        fault_of(lambda: eng.read("sale.order", [1], ["x_prazo"])).message == "Invalid field 'x_prazo' on 'sale.order'"
    )
    fault = fault_of(lambda: eng.search("sale.order.line", [["nope", "=", 1]]))
    assert fault.message == "Invalid field sale.order.line.nope in condition ('nope', '=', 1)"


def test_missing_records_are_left_out_of_a_read() -> None:
    # Real Odoo's read silently leaves out ids that no longer exist (finding 5 depends on it).
    eng = engine()
    assert eng.read("sale.order", [99, 1, 98], ["name"]) == [{"id": 1, "name": "VCD2600001"}]


@pytest.mark.parametrize(
    "domain",
    [
        "state = sale",
        [["state", "contém", "x"]],
        [["state", "="]],
        ["|", ["state", "=", "sale"]],
        ["?"],
        [["name", "like", 3]],
    ],
)
def test_malformed_domains_are_refused(domain: Any) -> None:
    assert fault_of(lambda: ids(domain)).name == "builtins.ValueError"


def test_fields_get_describes_the_fields() -> None:
    eng = engine()
    described = eng.fields_get("sale.order.line", ["order_id", "nao_existe"], ["type", "relation"])
    assert described == {"order_id": {"type": "many2one", "relation": "sale.order"}}
    assert "price_unit" in eng.fields_get("sale.order.line")

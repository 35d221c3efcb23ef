"""From Odoo records to source lines: the filter, the balance, dates and the mapping of every field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta, timezone
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carteira_gui.adapters.odoo import source as source_module
from carteira_gui.adapters.odoo.config import OdooFieldNames, OdooSettings
from carteira_gui.adapters.odoo.dataset import CUSTOM_BALANCE_FIELD, Dataset, generate
from carteira_gui.adapters.odoo.errors import OdooMalformedAnswer, OdooProductsWithoutCode, OdooSettingsError
from carteira_gui.adapters.odoo.server import InMemoryTransport, _Backend, open_records
from carteira_gui.adapters.odoo.source import (
    OdooRecords,
    OdooSource,
    ServerInfo,
    balance_of,
    build_domain,
    float_round_up,
    is_open,
    leave_out_codeless,
    line_fields,
    local_date,
    map_records,
    order_states,
    resolve_timezone,
    unit_conversion,
)
from carteira_gui.domain.errors import InvalidSource
from carteira_gui.domain.model import SourceData
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.services.ports import CancelToken

SAO_PAULO = timezone(timedelta(hours=-3))


def test_default_domain_leaves_out_what_is_not_a_carteira_line() -> None:
    # Finding 4 and 9: state "sale" only (Odoo 17 has no "done"); no section, note, down payment or service.
    assert build_domain(OdooSettings()) == [
        "&",
        "&",
        "&",
        "&",
        ("order_id.state", "in", ["sale"]),
        ("display_type", "=", False),
        ("is_downpayment", "=", False),
        ("product_id.type", "not in", ["service", "combo"]),
        ("product_uom_qty", ">", 0),
    ]


def test_done_is_asked_only_of_odoo_16_and_older_and_only_by_default() -> None:
    assert order_states(OdooSettings(), ServerInfo("16.0")) == ["sale", "done"]
    assert order_states(OdooSettings(), ServerInfo("17.0-20240709")) == ["sale"]
    assert order_states(OdooSettings(), ServerInfo("19.0+e-20251002")) == ["sale"]
    assert order_states(OdooSettings(order_states=("sale", "sent")), ServerInfo("16.0")) == ["sale", "sent"]


def test_custom_balance_field_is_filtered_by_odoo() -> None:
    settings = OdooSettings(balance_field="qty_saldo")
    assert ("qty_saldo", ">", 0) in build_domain(settings)
    assert line_fields(settings) == ["order_id", "product_id", "product_uom", "qty_saldo", "price_unit", "discount"]
    assert line_fields(OdooSettings()) == [
        "order_id",
        "product_id",
        "product_uom",
        "product_uom_qty",
        "qty_invoiced",
        "price_unit",
        "discount",
    ]
    delivered = OdooSettings(balance="entregue")
    assert line_fields(delivered, ServerInfo("19.0"))[2:5] == ["product_uom_id", "product_uom_qty", "qty_delivered"]


def test_prefixes_are_ored_and_escaped() -> None:
    domain = build_domain(OdooSettings(owned_prefixes=("VCD", "V_S")))
    assert domain[-3:] == ["|", ("order_id.name", "=like", "VCD%"), ("order_id.name", "=like", "V\\_S%")]


def test_extra_domain_is_anded_after_normalisation() -> None:
    settings = OdooSettings(extra_domain=(("order_id.user_id", "=", 3), ("price_unit", ">", 0)))
    domain = build_domain(settings)
    assert domain[:2] == ["&", "&"]
    assert domain[-3:] == ["&", ("order_id.user_id", "=", 3), ("price_unit", ">", 0)]


def test_renamed_fields_are_used_everywhere() -> None:
    settings = OdooSettings.from_mapping({"fields": {"order": "x_pedido", "order_state": "x_estado"}}, {})
    assert ("x_pedido.x_estado", "in", ["sale"]) in build_domain(settings)
    assert line_fields(settings)[0] == "x_pedido"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-02 01:30:00", "2026-11-01"),  # 22:30 in São Paulo the day before
        ("2026-11-02 03:00:00", "2026-11-02"),
        ("2026-11-02", "2026-11-02"),
        (False, None),
        (None, None),
        ("ontem", "ontem"),
        ("2026-13-45 10:00:00", "2026-13-45 10:00:00"),
        (20261102, 20261102),
    ],
)
def test_odoo_datetimes_become_local_dates(value: object, expected: object) -> None:
    assert local_date(value, SAO_PAULO) == expected
    assert local_date(value, resolve_timezone("America/Sao_Paulo")) == expected


def test_unknown_time_zones_are_a_settings_error() -> None:
    with pytest.raises(OdooSettingsError, match="Marte/Olympus"):
        resolve_timezone("Marte/Olympus")


def test_balance_is_computed_in_decimal() -> None:
    settings = OdooSettings()
    assert balance_of(settings, {"product_uom_qty": 0.3, "qty_invoiced": 0.1}) == Decimal("0.2")
    assert balance_of(settings, {"product_uom_qty": 5.0, "qty_invoiced": False}) == Decimal("5.0")
    assert balance_of(settings, {"product_uom_qty": "x", "qty_invoiced": 1}) == "x"
    assert balance_of(settings, {"product_uom_qty": 5, "qty_invoiced": "y"}) == "y"
    assert balance_of(OdooSettings(balance_field="qty_saldo"), {"qty_saldo": 4.5}) == Decimal("4.5")
    # Finding 3: ordered − delivered, beside ordered − invoiced (which counts draft invoices in Odoo 17).
    line = {"product_uom_qty": 10.0, "qty_delivered": 4.0, "qty_invoiced": 7.0}
    assert balance_of(OdooSettings(), line) == Decimal("3.0")
    assert balance_of(OdooSettings(balance="entregue"), line) == Decimal("6.0")
    assert balance_of(OdooSettings(balance="entregue"), {"product_uom_qty": 2.0, "qty_delivered": False}) == 2


def test_closed_lines_are_dropped_only_when_computed() -> None:
    assert not is_open(OdooSettings(), Decimal(0))
    assert not is_open(OdooSettings(), Decimal(-1))
    assert is_open(OdooSettings(), Decimal("0.001"))
    assert is_open(OdooSettings(), "não numérico")  # kept, so that validation names it
    assert is_open(OdooSettings(balance_field="qty_saldo"), -1)


def records() -> OdooRecords:
    return OdooRecords(
        lines=[
            {
                "id": 10,
                "order_id": [1, "VCD2600001"],
                "product_id": [7, "[ARZ-1] Arroz"],
                "product_uom_qty": 12.0,
                "qty_invoiced": 2.5,
                "price_unit": 25.9,
                "discount": 0.0,
            },
            {
                "id": 11,
                "order_id": 2,
                "product_id": False,
                "product_uom_qty": 1.0,
                "qty_invoiced": 0.0,
                "price_unit": 0,
            },
        ],
        orders={
            1: {
                "id": 1,
                "name": "VCD2600001",
                "partner_id": [3, "Alfa"],
                "date_order": "2026-11-02 01:30:00",
                "commitment_date": "2026-11-20 13:00:00",
            },
            2: {"id": 2, "name": "VCD2600002", "partner_id": False, "date_order": False, "commitment_date": False},
        },
        partners={
            3: {"id": 3, "name": "Alfa Ltda", "vat": "00.000.000/0001-91", "city": "Campinas", "state_id": [5, "SP"]}
        },
        states={5: {"id": 5, "code": "SP"}},
        products={7: {"id": 7, "default_code": "ARZ-1", "name": "Arroz 5kg"}},
    )


def test_every_field_is_mapped() -> None:
    mapped, labels = map_records(OdooSettings(), records())
    assert labels == ["sale.order.line 10", "sale.order.line 11"]
    assert mapped[0] == {
        "num_pedido": "VCD2600001",
        "cod_produto": "ARZ-1",
        "nome_produto": "Arroz 5kg",
        "qtd_saldo": Decimal("9.5"),
        "cliente": "Alfa Ltda",
        "cnpj_cpf": "00.000.000/0001-91",
        "municipio": "Campinas",
        "uf": "SP",
        "data_pedido": "2026-11-01",
        "data_entrega": "2026-11-20",
        "preco": 25.9,
        "desconto": 0.0,
    }
    # Empty Odoo fields (False) become "empty" (None), and an empty product leaves the key missing.
    assert mapped[1]["cod_produto"] is None
    assert mapped[1]["cliente"] is None
    assert mapped[1]["data_entrega"] is None
    assert mapped[1]["preco"] == 0


def test_precomputed_balances_are_used() -> None:
    data = records()
    data.balances = {10: Decimal(1)}
    mapped, _ = map_records(OdooSettings(), data)
    assert mapped[0]["qtd_saldo"] == Decimal(1)


def test_a_broken_reference_is_a_malformed_answer() -> None:
    data = records()
    data.lines[0]["order_id"] = "VCD2600001"
    with pytest.raises(OdooMalformedAnswer, match="order_id"):
        map_records(OdooSettings(), data)


def test_the_client_is_the_commercial_entity_of_the_orders_partner() -> None:
    # Finding 2: an order addressed to a contact person names the company, with the company's data.
    data = records()
    data.partners[4] = {
        "id": 4,
        "name": "Carlos Mendes",
        "vat": "00.000.000/0001-91",
        "city": "Santos",
        "state_id": False,
        "commercial_partner_id": 3,
    }
    data.partners[3]["commercial_partner_id"] = 3
    data.orders[1]["partner_id"] = 4
    mapped, _ = map_records(OdooSettings(), data)
    assert (mapped[0]["cliente"], mapped[0]["municipio"], mapped[0]["uf"]) == ("Alfa Ltda", "Campinas", "SP")


def test_the_price_is_net_of_the_discount_and_the_discount_is_kept() -> None:
    # Finding 9: the carteira's preco is the net unit price; desconto keeps the discount beside it.
    data = records()
    data.lines[0]["discount"] = 12.5
    mapped, _ = map_records(OdooSettings(), data)
    assert mapped[0]["preco"] == "22.6625"  # 25.9 × 0.875, as decimal text (Odoo's other prices are floats)
    assert mapped[0]["desconto"] == 12.5


ODOO17_UNITS = {
    1: {"id": 1, "name": "Unidades", "category_id": 1, "factor": 1.0, "rounding": 0.01},
    2: {"id": 2, "name": "Dúzias", "category_id": 1, "factor": 1 / 12, "rounding": 0.01},
    3: {"id": 3, "name": "kg", "category_id": 2, "factor": 1.0, "rounding": 0.001},
    4: {"id": 4, "name": "g", "category_id": 2, "factor": 1000.0, "rounding": 0.01},
}
ODOO19_UNITS = {
    1: {"id": 1, "name": "Unidades", "factor": 1.0, "rounding": 0.01},
    2: {"id": 2, "name": "Dúzias", "factor": 12.0, "rounding": 0.01},
    3: {"id": 3, "name": "kg", "factor": 1.0, "rounding": 0.01},
    4: {"id": 4, "name": "g", "factor": 0.001, "rounding": 0.01},
}


@pytest.mark.parametrize(
    ("version", "units"), [("17.0-20240709", ODOO17_UNITS), ("19.0+e-20251002", ODOO19_UNITS)], ids=["17", "19"]
)
def test_units_convert_as_odoos_compute_quantity(version: str, units: dict[int, dict[str, object]]) -> None:
    server, names = ServerInfo(version), OdooFieldNames()
    dozen = unit_conversion(units[2], units[1], names, server)
    assert not isinstance(dozen, str)
    assert dozen.quantity(Decimal(2)) == Decimal(24)  # 2 Dúzias of a product kept in Unidades
    assert dozen.quantity(Decimal("0.5")) == Decimal(6)
    assert dozen.price(Decimal("120.00")).quantize(Decimal("0.0001")) == Decimal("10.0000")
    grams = unit_conversion(units[4], units[3], names, server)
    assert not isinstance(grams, str)
    assert grams.quantity(Decimal(750)) == Decimal("0.75")
    # Rounded up to the product unit's rounding (kg: 0.001 in Odoo 17; every unit 0.01 in Odoo 19).
    assert grams.quantity(Decimal(333)) == (Decimal("0.333") if version.startswith("17") else Decimal("0.34"))


def test_units_of_different_categories_do_not_convert_in_odoo_17() -> None:
    problem = unit_conversion(ODOO17_UNITS[2], ODOO17_UNITS[3], OdooFieldNames(), ServerInfo("17.0"))
    assert isinstance(problem, str)
    assert "categoria" in problem


def test_float_round_up_corrects_binary_noise_like_odoo() -> None:
    assert float_round_up(Decimal("24.000000000000004"), Decimal("0.01")) == Decimal(24)
    assert float_round_up(Decimal("24.001"), Decimal("0.01")) == Decimal("24.01")
    assert float_round_up(Decimal("-1.001"), Decimal("0.01")) == Decimal("-1.01")
    assert float_round_up(Decimal("1.25"), Decimal("0.5")) == Decimal("1.5")
    assert float_round_up(Decimal("1.23456"), Decimal(0)) == Decimal("1.23456")


def test_a_line_in_another_unit_is_converted_before_anything_else() -> None:
    # Finding 1: 2 Dúzias of a product kept in Unidades is 24, priced per Unidade; summed after converting.
    data = records()
    data.products[7]["uom_id"] = 1
    data.lines[0].update({"product_uom": 2, "product_uom_qty": 2.0, "qty_invoiced": 0.0, "price_unit": 120.0})
    data.uoms = {ident: dict(unit) for ident, unit in ODOO17_UNITS.items()}
    mapped, _ = map_records(OdooSettings(), data)
    assert (mapped[0]["qtd_saldo"], mapped[0]["preco"]) == (Decimal(24), "10.0000")
    data.uoms[3]["category_id"] = 2
    data.products[7]["uom_id"] = 3
    with pytest.raises(InvalidSource, match=r"sale\.order\.line 10: a unidade 'Dúzias'"):
        map_records(OdooSettings(), data)


def test_a_custom_balance_is_converted_to_the_products_unit_too() -> None:
    # A custom balance field is, like product_uom_qty, in the line's unit: 2 Dúzias left is 24 Unidades.
    data = records()
    data.products[7]["uom_id"] = 1
    data.lines[0].update({"product_uom": 2, "qty_saldo": 2.0, "price_unit": 120.0})
    data.uoms = {ident: dict(unit) for ident, unit in ODOO17_UNITS.items()}
    mapped, _ = map_records(OdooSettings(balance_field="qty_saldo"), data)
    assert (mapped[0]["qtd_saldo"], mapped[0]["preco"]) == (Decimal(24), "10.0000")
    assert balance_of(OdooSettings(balance_field="qty_saldo"), {"qty_saldo": "x"}) == "x"  # left to the validation


def test_lines_without_a_product_code_are_refused_or_left_out() -> None:
    # Finding 4: by default the fetch is refused naming every product; the setting leaves them out instead.
    data = records()
    data.lines[1]["product_id"] = 8
    data.products[8] = {"id": 8, "default_code": False, "name": "Brinde promocional"}
    with pytest.raises(OdooProductsWithoutCode) as caught:
        leave_out_codeless(OdooSettings(), data)
    assert caught.value.products == [(8, "Brinde promocional", 1)]
    left_out = leave_out_codeless(OdooSettings(lines_without_code="deixar_de_fora"), data)
    assert left_out == [
        "sale.order.line 11 (VCD2600002): Brinde promocional, product.product 8, sem referência interna"
    ]
    assert [row["id"] for row in data.lines] == [10]


# The fetch maps the usual answer with its own mapper (_LineMapper), page by page while the next page is on its
# way; map_records is the reference it must agree with, and the path for anything unusual.


def in_memory_source(
    dataset: Dataset,
    settings: OdooSettings,
    version: int = 17,
    alter: Callable[[str, str, Any], Any] | None = None,
) -> OdooSource:
    """An OdooSource that reads ``dataset`` through the local server's ORM, without HTTP (answers as Odoo's)."""
    backend = _Backend(dataset, "demo", "admin", "admin", None, (), version)

    def factory(chosen: OdooSettings, cancel: CancelToken | None) -> InMemoryTransport:
        transport = InMemoryTransport(backend, chosen, cancel)
        if alter is not None:
            call = transport.call

            def altered(model: str, method: str, ids: Any = None, params: Any = None) -> object:
                return alter(model, method, call(model, method, ids, params))

            transport.call = altered  # type: ignore[method-assign]
        return transport

    return OdooSource(settings, factory)


def reference_source(dataset: Dataset, settings: OdooSettings, version: int = 17) -> SourceData:
    """The same reading, mapped by map_records and validated: what the fetch must return."""
    records = open_records(dataset, settings, version)
    left_out = leave_out_codeless(settings, records)
    mapped, labels = map_records(settings, records)
    data = parse_source_records(mapped, OdooSource(settings).description, labels)
    return dataclasses.replace(data, deixadas=tuple(left_out)) if left_out else data


def fetch_settings(**changes: Any) -> OdooSettings:
    return OdooSettings(
        url="http://odoo.local", database="demo", user="admin", password="admin", page_size=97, **changes
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**16),
    version=st.sampled_from([17, 19]),
    balance=st.sampled_from(["faturado", "entregue", "campo"]),
    batch=st.sampled_from([7, 50, 5000]),
)
def test_the_fetch_maps_as_map_records(seed: int, version: int, balance: str, batch: int) -> None:
    # Discounts, lines in Dúzias and grams, contacts whose company is the client, dates near midnight, repeated
    # products on an order (summed): generated from the seed.
    dataset = generate(300, seed, custom_balance_field=balance == "campo")
    chosen = fetch_settings(
        batch_size=batch,
        **({"balance_field": CUSTOM_BALANCE_FIELD} if balance == "campo" else {"balance": balance}),
    )
    with mock.patch.object(source_module, "map_records", side_effect=AssertionError("the fetch's mapping unused")):
        fetched = in_memory_source(dataset, chosen, version).fetch()
    assert fetched == reference_source(dataset, chosen, version)


def as_classic_reference(model: str, method: str, answer: Any) -> Any:
    """Many2one values of the lines as ``[id, name]`` (Odoo's classic read): not what the fetch asks for."""
    if model == "sale.order.line" and method == "search_read":
        for row in answer:
            if row["product_id"]:
                row["product_id"] = [row["product_id"], "Produto"]
    return answer


def test_an_unusual_answer_is_mapped_by_map_records_with_the_same_result() -> None:
    dataset = generate(400, 11)
    chosen = fetch_settings()
    with mock.patch.object(source_module, "map_records", wraps=map_records) as reference:
        unusual = in_memory_source(dataset, chosen, alter=as_classic_reference).fetch()
    assert reference.called
    assert unusual == in_memory_source(dataset, chosen).fetch() == reference_source(dataset, chosen)


def test_lines_in_a_unit_of_another_category_are_named_by_both_mappings() -> None:
    dataset = generate(400, 12)

    def dozens_apart(model: str, method: str, answer: Any) -> Any:
        if model == "uom.uom":
            for unit in answer:
                if unit["name"] == "Dúzias":
                    unit["category_id"] = 99  # no longer a count of Unidades
        return answer

    chosen = fetch_settings()
    with pytest.raises(InvalidSource) as fast:
        in_memory_source(dataset, chosen, alter=dozens_apart).fetch()
    with pytest.raises(InvalidSource) as reference:
        in_memory_source(
            dataset, chosen, alter=lambda m, n, a: dozens_apart(m, n, as_classic_reference(m, n, a))
        ).fetch()
    assert fast.value.problems == reference.value.problems
    assert fast.value.problems
    assert all("categoria" in problem for problem in fast.value.problems)


def test_prices_of_every_shape_map_as_map_records_on_the_fast_path() -> None:
    # The fetch finds each price by the float Odoo sent: 0.0 and False (no price) are equal keys in a dict, an
    # int equals its float, and one price comes with several discounts; each must come out as map_records says.
    dataset = generate(300, 5)
    lines = sorted(dataset.records["sale.order.line"].values(), key=lambda row: int(str(row["id"])))
    shapes: list[tuple[object, float]] = [(0.0, 0.0), (False, 0.0), (0.0, 10.0), (False, 10.0), (7, 0.0), (7.0, 12.5)]
    for index, row in enumerate(lines[:120]):
        row["price_unit"], row["discount"] = shapes[index % len(shapes)]
    chosen = fetch_settings()
    with mock.patch.object(source_module, "map_records", side_effect=AssertionError("the fetch's mapping unused")):
        fetched = in_memory_source(dataset, chosen).fetch()
    assert fetched == reference_source(dataset, chosen)
    prices = {line.campos["preco"] for line in fetched.lines.values()}
    assert None in prices
    assert Decimal("0.0000") in prices
    assert Decimal("6.1250") in prices  # 7 with 12.5 % off

"""From Odoo records to source lines: the filter, the balance, dates and the mapping of every field."""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.errors import OdooMalformedAnswer, OdooSettingsError
from carteira_gui.adapters.odoo.source import (
    OdooRecords,
    balance_of,
    build_domain,
    is_open,
    line_fields,
    local_date,
    map_records,
    resolve_timezone,
)

SAO_PAULO = timezone(timedelta(hours=-3))


def test_default_domain_filters_state_and_quantity() -> None:
    assert build_domain(OdooSettings()) == [
        "&",
        ("order_id.state", "in", ["sale", "done"]),
        ("product_uom_qty", ">", 0),
    ]


def test_custom_balance_field_is_filtered_by_odoo() -> None:
    settings = OdooSettings(balance_field="qty_saldo")
    assert ("qty_saldo", ">", 0) in build_domain(settings)
    assert line_fields(settings) == ["order_id", "product_id", "qty_saldo", "price_unit"]
    assert line_fields(OdooSettings()) == ["order_id", "product_id", "product_uom_qty", "qty_invoiced", "price_unit"]


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
    assert build_domain(settings)[1] == ("x_pedido.x_estado", "in", ["sale", "done"])
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
    assert balance_of(OdooSettings(balance_field="qty_saldo"), {"qty_saldo": 4.5}) == 4.5


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

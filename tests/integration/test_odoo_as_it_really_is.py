"""What real Odoo 17 and Odoo 19 servers showed (issue 12), each finding against the local server.

Every test fetches through the real clients (odoorpc for JSON-RPC, urllib for JSON-2) over 127.0.0.1 from the
local server playing Odoo 17 (the default) or Odoo 19, whose answers follow real Odoo's (see
tests/integration/test_odoo_server.py). The finding's number is in each test's comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from carteira_gui.adapters.odoo.config import OdooFieldNames
from carteira_gui.adapters.odoo.dataset import Dataset, generate
from carteira_gui.adapters.odoo.errors import (
    OdooChangedDuringFetch,
    OdooDatabaseNotFound,
    OdooJson2Unsupported,
    OdooLanguageRefused,
    OdooProductsWithoutCode,
    OdooSettingsError,
    OdooUnknownField,
)
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.cli import format_plan
from carteira_gui.domain.model import Snapshot, SourceData
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services.ports import FetchProgress

from .odoo_helpers import odoo_settings as settings_for

#: (protocol, Odoo version): JSON-RPC against both, JSON-2 against Odoo 19 (it exists from 19 on).
CLIENTS = [("jsonrpc", 17), ("jsonrpc", 19), ("json2", 19)]
CLIENT_IDS = ["jsonrpc-17", "jsonrpc-19", "json2-19"]
LINE = {"name": "linha", "sequence": 10, "display_type": False, "is_downpayment": False, "discount": 0.0}


def dataset() -> Dataset:
    """A company addressed through its contact, lines in Dúzias and Unidades, sections, a service, a discount."""
    return Dataset.from_json(
        {
            "format": "carteira-sync/odoo-dataset",
            "version": 1,
            "records": {
                "uom.category": [{"id": 1, "name": "Unidade"}, {"id": 2, "name": "Peso"}],
                "uom.uom": [
                    {"id": 1, "name": "Unidades", "category_id": 1, "factor": 1.0, "rounding": 0.01},
                    {"id": 2, "name": "Dúzias", "category_id": 1, "factor": 1 / 12, "rounding": 0.01},
                    {"id": 3, "name": "kg", "category_id": 2, "factor": 1.0, "rounding": 0.001},
                    {"id": 4, "name": "g", "category_id": 2, "factor": 1000.0, "rounding": 0.01},
                ],
                "res.country.state": [{"id": 1, "name": "São Paulo", "code": "SP"}],
                "res.partner": [
                    {
                        "id": 1,
                        "name": "Supermercado São Jorge Ltda EPP",
                        "vat": "00.000.000/0001-91",
                        "city": "Campinas",
                        "state_id": 1,
                        "is_company": True,
                        "commercial_partner_id": 1,
                    },
                    {
                        "id": 2,
                        "name": "Carlos Mendes",
                        "vat": "00.000.000/0001-91",
                        "city": "Santos",
                        "state_id": False,
                        "parent_id": 1,
                        "commercial_partner_id": 1,
                    },
                    {"id": 3, "name": "Mercado Beta", "commercial_partner_id": 3},
                ],
                "product.product": [
                    {"id": 1, "default_code": "OVO-12", "name": "Ovos brancos", "type": "product", "uom_id": 1},
                    {"id": 2, "default_code": "QMU-01", "name": "Queijo muçarela", "type": "product", "uom_id": 3},
                    {"id": 3, "default_code": "FRETE", "name": "Frete CIF", "type": "service", "uom_id": 1},
                    {"id": 4, "default_code": False, "name": "Adiantamento", "type": "service", "uom_id": 1},
                    {"id": 5, "default_code": "ARZ-5", "name": "Arroz 5kg", "type": "consu", "uom_id": 1},
                ],
                "sale.order": [
                    {"id": 1, "name": "VCD2600001", "state": "sale", "partner_id": 2},
                    {"id": 2, "name": "VCD2600002", "state": "sale", "partner_id": 3},
                    {"id": 3, "name": "VCD2600003", "state": "sent", "partner_id": 3},
                ],
                "sale.order.line": [
                    {**LINE, "id": 1, "order_id": 1, "display_type": "line_section", "name": "Mercearia"},
                    # 2 Dúzias of eggs kept in Unidades, 1 Dúzia delivered and invoiced (a draft invoice counts).
                    {
                        **LINE,
                        "id": 2,
                        "order_id": 1,
                        "product_id": 1,
                        "product_uom": 2,
                        "product_uom_qty": 2.0,
                        "qty_delivered": 0.5,
                        "qty_invoiced": 1.0,
                        "price_unit": 18.0,
                    },
                    # The same eggs again, in Unidades: summed after converting.
                    {
                        **LINE,
                        "id": 3,
                        "order_id": 1,
                        "product_id": 1,
                        "product_uom": 1,
                        "product_uom_qty": 6.0,
                        "qty_delivered": 0.0,
                        "qty_invoiced": 0.0,
                        "price_unit": 1.6,
                    },
                    # 750 g of cheese kept in kg, with a 10 % discount.
                    {
                        **LINE,
                        "id": 4,
                        "order_id": 2,
                        "product_id": 2,
                        "product_uom": 4,
                        "product_uom_qty": 750.0,
                        "qty_delivered": 0.0,
                        "qty_invoiced": 0.0,
                        "price_unit": 0.06,
                        "discount": 10.0,
                    },
                    {**LINE, "id": 5, "order_id": 2, "display_type": "line_note", "name": "Entregar pela doca 2"},
                    {
                        **LINE,
                        "id": 6,
                        "order_id": 2,
                        "product_id": 3,
                        "product_uom": 1,
                        "product_uom_qty": 1.0,
                        "price_unit": 350.0,
                    },
                    {
                        **LINE,
                        "id": 7,
                        "order_id": 2,
                        "product_id": 4,
                        "product_uom": 1,
                        "product_uom_qty": 0.0,
                        "qty_invoiced": 1.0,
                        "price_unit": 1000.0,
                        "is_downpayment": True,
                    },
                    {
                        **LINE,
                        "id": 8,
                        "order_id": 2,
                        "product_id": 5,
                        "product_uom": 1,
                        "product_uom_qty": 10.0,
                        "qty_delivered": 8.0,
                        "qty_invoiced": 3.0,
                        "price_unit": 25.0,
                    },
                    {
                        **LINE,
                        "id": 9,
                        "order_id": 3,
                        "product_id": 5,
                        "product_uom": 1,
                        "product_uom_qty": 4.0,
                        "price_unit": 25.0,
                    },
                ],
            },
        }
    )


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[int, OdooTestServer]]:
    data = dataset()
    with OdooTestServer(data) as srv17, OdooTestServer(data, odoo_version=19) as srv19:
        yield {17: srv17, 19: srv19}


def fetch(servers: dict[int, OdooTestServer], protocol: str, version: int, **changes: Any) -> SourceData:
    return OdooSource(settings_for(servers[version], protocol, **changes)).fetch()


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_lines_in_another_unit_are_converted_then_summed(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 1: 2 Dúzias (1 invoiced) + 6 Unidades of eggs kept in Unidades = 12 + 6 = 18 Unidades, and the
    # price per Unidade (the first line's, 18.00 per Dúzia); 750 g of cheese kept in kg is 0.75 kg.
    data = fetch(servers, protocol, version)
    eggs = data.lines[("VCD2600001", "OVO-12")]
    assert (eggs.qtd_saldo, eggs.linhas) == (Decimal("18.000"), 2)
    assert eggs.campos["preco"] == Decimal("1.5000")
    cheese = data.lines[("VCD2600002", "QMU-01")]
    assert cheese.qtd_saldo == Decimal("0.750")


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_the_client_is_the_company_not_the_contact_person(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 2: the order is addressed to Carlos Mendes, of the Supermercado São Jorge.
    campos = fetch(servers, protocol, version).lines[("VCD2600001", "OVO-12")].campos
    assert campos["cliente"] == "Supermercado São Jorge Ltda EPP"
    assert (campos["cnpj_cpf"], campos["municipio"], campos["uf"]) == ("00.000.000/0001-91", "Campinas", "SP")
    other = fetch(servers, protocol, version).lines[("VCD2600002", "ARZ-5")].campos
    assert (other["cliente"], other["cnpj_cpf"], other["municipio"], other["uf"]) == ("Mercado Beta", None, None, None)


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_the_balance_is_invoiced_delivered_or_a_custom_field(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 3: 10 ordered, 8 delivered, 3 invoiced.
    key = ("VCD2600002", "ARZ-5")
    assert fetch(servers, protocol, version).lines[key].qtd_saldo == Decimal(7)
    assert fetch(servers, protocol, version, balance="entregue").lines[key].qtd_saldo == Decimal(2)
    # Eggs: 2 Dúzias less ½ delivered = 1.5 Dúzias = 18 Unidades, + 6.
    eggs = fetch(servers, protocol, version, balance="entregue").lines[("VCD2600001", "OVO-12")]
    assert eggs.qtd_saldo == Decimal(24)
    # A custom field exists only where the company added it: the local server has it when asked.
    with pytest.raises(OdooUnknownField) as caught:
        fetch(servers, protocol, version, balance_field="qty_saldo")
    assert (caught.value.field, caught.value.model) == ("qty_saldo", "sale.order.line")
    with OdooTestServer(generate(300, 3, custom_balance_field=True), odoo_version=version) as srv:
        custom = OdooSource(settings_for(srv, protocol, balance_field="qty_saldo")).fetch()
        computed = OdooSource(settings_for(srv, protocol)).fetch()
    assert custom.lines
    assert sum(line.qtd_saldo for line in custom.lines.values()) <= sum(
        line.qtd_saldo for line in computed.lines.values()
    )


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_what_is_not_a_carteira_line_is_left_out_by_the_filter(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 4 (the filter) and 9 (state): sections, notes, the service, the down payment (a product without
    # a code) and the quotation in state "sent" never reach the carteira, and the fetch is not refused.
    data = fetch(servers, protocol, version)
    assert set(data.lines) == {("VCD2600001", "OVO-12"), ("VCD2600002", "QMU-01"), ("VCD2600002", "ARZ-5")}


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_goods_without_a_code_are_refused_by_default_or_left_out_and_listed(protocol: str, version: int) -> None:
    # Finding 4: one product without default_code no longer rejects a whole fetch as "cod_produto ausente".
    data = dataset()
    data.model("product.product")[6] = {"id": 6, "default_code": False, "name": "Brinde", "type": "consu"}
    data.model("product.product")[6]["uom_id"] = 1
    lines = data.model("sale.order.line")
    lines[10] = {**lines[9], "id": 10, "order_id": 2, "product_id": 6}
    lines[11] = {**lines[9], "id": 11, "order_id": 1, "product_id": 6}
    with OdooTestServer(data, odoo_version=version) as srv:
        with pytest.raises(OdooProductsWithoutCode) as caught:
            OdooSource(settings_for(srv, protocol)).fetch()
        assert caught.value.products == [(6, "Brinde", 2)]
        assert "Brinde (product.product 6, 2 linhas)" in str(caught.value)
        assert "lines_without_code" in str(caught.value)
        source = OdooSource(settings_for(srv, protocol, lines_without_code="deixar_de_fora"))
        fetched = source.fetch()
    assert len(fetched.lines) == 3
    assert source.left_out == [
        "sale.order.line 10 (VCD2600002): Brinde, product.product 6, sem referência interna",
        "sale.order.line 11 (VCD2600001): Brinde, product.product 6, sem referência interna",
    ]
    assert list(fetched.deixadas) == source.left_out
    # The plan counts and lists them, in its JSON and in the text the command prints.
    plan = plan_sync(Snapshot(), fetched)
    assert list(plan.to_json()["deixadas"]) == source.left_out
    assert "2 linha(s) do Odoo deixada(s) de fora" in format_plan(plan)


def delete_on_last_page(srv: OdooTestServer, victims: list[tuple[str, int, list[int]]]) -> Any:
    """A progress callback that deletes the next victim (a record and its lines) when a fetch reads its last page."""

    def progress(step: FetchProgress) -> None:
        if step.pages_done and step.pages_done == step.pages_total and victims:
            model, ident, lines = victims.pop(0)
            for line in lines:
                srv.delete_record("sale.order.line", line)
            srv.delete_record(model, ident)

    return progress


@pytest.mark.parametrize(("protocol", "version"), [("jsonrpc", 17), ("json2", 19)], ids=["jsonrpc-17", "json2-19"])
def test_a_record_deleted_during_the_fetch_makes_it_start_again_once(protocol: str, version: int) -> None:
    # Finding 5: the order and its lines are deleted between the pages and the reading of the orders; real
    # Odoo's read leaves the order out. The fetch starts again and gets a consistent answer.
    with OdooTestServer(dataset(), odoo_version=version) as srv:
        progress = delete_on_last_page(srv, [("sale.order", 2, [4, 5, 6, 7, 8])])
        data = OdooSource(settings_for(srv, protocol, page_size=2)).fetch(progress)
        assert set(data.lines) == {("VCD2600001", "OVO-12")}
        assert srv.calls[("sale.order.line", "search_count")] == 2


@pytest.mark.parametrize(("protocol", "version"), [("jsonrpc", 17), ("json2", 19)], ids=["jsonrpc-17", "json2-19"])
def test_odoo_changing_twice_under_the_fetch_says_so_not_invalid_answer(protocol: str, version: int) -> None:
    # Finding 5: when it happens on the second fetch too, say Odoo is changing and to fetch again.
    with OdooTestServer(dataset(), odoo_version=version) as srv:
        progress = delete_on_last_page(srv, [("sale.order", 2, [4, 5, 6, 7, 8]), ("sale.order", 1, [1, 2, 3])])
        with pytest.raises(OdooChangedDuringFetch) as caught:
            OdooSource(settings_for(srv, protocol, page_size=2)).fetch(progress)
    text = str(caught.value)
    assert "sale.order sumiram (1)" in text
    assert "busque de novo" in text
    assert "inválida" not in text
    assert "confira se o endereço" not in text


def test_json2_against_odoo_17_names_the_version_and_the_protocol(servers: dict[int, OdooTestServer]) -> None:
    # Finding 6: not "HTTP 404 (NOT FOUND)… confira o endereço".
    with pytest.raises(OdooJson2Unsupported) as caught:
        fetch(servers, "json2", 17)
    text = str(caught.value)
    assert "a partir do Odoo 19" in text
    assert "JSON-RPC" in text
    assert "404" not in text
    with pytest.raises(OdooJson2Unsupported):
        OdooSource(settings_for(servers[17], "json2")).test_connection()


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_the_price_is_net_of_the_discount_per_product_unit(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 9: 0.06 per gram with 10 % off = 54.00 per kg; the discount travels beside it (desconto).
    cheese = fetch(servers, protocol, version).lines[("VCD2600002", "QMU-01")]
    assert cheese.campos["preco"] == Decimal("54.0000")


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_order_states_are_checked_against_the_server(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 9: Odoo 17 has no "done"; asking for it is named by the connection test.
    srv = servers[version]
    assert OdooSource(settings_for(srv, protocol)).test_connection() == srv.version
    with pytest.raises(OdooSettingsError, match="done não existe"):
        OdooSource(settings_for(srv, protocol, order_states=("sale", "done"))).test_connection()


@pytest.mark.parametrize("protocol", ["jsonrpc", "json2"])
def test_a_language_odoo_19_does_not_have_is_named_with_its_setting(
    servers: dict[int, OdooTestServer], protocol: str
) -> None:
    # Finding 11: by default no language is sent, and every call works; asking for one that is not active
    # is refused by Odoo 19 over both protocols, and the sentence names the setting.
    assert fetch(servers, protocol, 19).lines
    with pytest.raises(OdooLanguageRefused) as caught:
        fetch(servers, protocol, 19, lang="pt_BR")
    assert caught.value.lang == "pt_BR"
    assert "CARTEIRA_ODOO_LANG" in str(caught.value)
    assert "Nada foi alterado" in str(caught.value)
    # Odoo 17 ignores a language that is not active.
    assert fetch(servers, "jsonrpc", 17, lang="pt_BR").lines


def test_an_active_language_is_sent() -> None:
    with OdooTestServer(dataset(), odoo_version=19, languages=("pt_BR",)) as srv:
        assert OdooSource(settings_for(srv, "json2", lang="pt_BR")).fetch().lines


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
def test_a_wrong_database_is_named_over_both_protocols(
    servers: dict[int, OdooTestServer], protocol: str, version: int
) -> None:
    # Finding 12: over JSON-2, Odoo 19 answers 404 text/html "No database is selected": not the address.
    with pytest.raises(OdooDatabaseNotFound) as caught:
        fetch(servers, protocol, version, database="producao")
    assert "'producao'" in str(caught.value)
    assert "CARTEIRA_ODOO_DB" in str(caught.value)


@pytest.mark.parametrize(("protocol", "version"), CLIENTS, ids=CLIENT_IDS)
@pytest.mark.parametrize(
    ("changes", "field", "model"),
    [
        ({"fields": OdooFieldNames(product_code="x_codigo")}, "x_codigo", "product.product"),  # read
        ({"balance_field": "x_saldo"}, "x_saldo", "sale.order.line"),  # domain
        ({"fields": OdooFieldNames(order_state="x_situacao")}, "x_situacao", "sale.order"),  # dotted domain
        ({"fields": OdooFieldNames(partner_commercial="x_empresa")}, "x_empresa", "res.partner"),  # read
    ],
)
def test_unknown_fields_are_recognised_on_odoo_17_and_19(
    servers: dict[int, OdooTestServer],
    protocol: str,
    version: int,
    changes: dict[str, Any],
    field: str,
    model: str,
) -> None:
    # Finding 13: Odoo 19 says "Invalid field 'x' on 'y'" and "… in condition (…)".
    with pytest.raises(OdooUnknownField) as caught:
        fetch(servers, protocol, version, **changes)
    assert (caught.value.field, caught.value.model) == (field, model)
    assert f"'{field}'" in str(caught.value)


def test_record_rules_hide_orders_from_the_user() -> None:
    # For the mass-removal guard: a user whose record rules hide most orders gets a much smaller answer.
    rules = {"sale.order.line": [("order_id.name", "=", "VCD2600001")]}
    with OdooTestServer(dataset(), record_rules=rules) as srv:
        data = OdooSource(settings_for(srv)).fetch()
    assert set(data.lines) == {("VCD2600001", "OVO-12")}

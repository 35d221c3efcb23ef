"""OdooSource against the local Odoo server, over both transports: what it fetches and how cheaply."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import Dataset, generate
from carteira_gui.adapters.odoo.errors import OdooChangedDuringFetch, OdooUnknownField
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.domain.errors import FetchCancelled, InvalidSource
from carteira_gui.services.ports import CancelToken, FetchProgress

from .odoo_helpers import odoo_settings as settings_for
from .odoo_helpers import served_lines

PROTOCOLS = ("jsonrpc", "json2")


def version_for(request: pytest.FixtureRequest) -> int:
    """JSON-2 exists from Odoo 19 on: a test run over it gets the server as Odoo 19, the others as Odoo 17."""
    callspec = getattr(request.node, "callspec", None)
    return 19 if callspec is not None and callspec.params.get("protocol") == "json2" else 17


def small_dataset() -> Dataset:
    """Two open keys out of eight lines, with every case of the filter and of the mapping."""
    line = {"qty_delivered": 0.0, "name": "linha", "sequence": 10}
    return Dataset.from_json(
        {
            "format": "carteira-sync/odoo-dataset",
            "version": 1,
            "fields": {"sale.order.line": {"qty_saldo": {"type": "float", "string": "Saldo"}}},
            "records": {
                "res.country.state": [{"id": 1, "name": "São Paulo", "code": "SP"}],
                "res.partner": [
                    {
                        "id": 1,
                        "name": "Distribuidora Alfa Ltda",
                        "vat": "00.000.000/0001-91",
                        "city": "Campinas",
                        "state_id": 1,
                    },
                    {"id": 2, "name": "Mercado Beta", "vat": False, "city": False, "state_id": False},
                ],
                "product.product": [
                    {"id": 1, "default_code": "ARZ-0001", "name": "Arroz Branco 5kg"},
                    {"id": 2, "default_code": "FJC-0002", "name": "Feijão Carioca 1kg"},
                    {"id": 3, "default_code": False, "name": "Sem código"},
                ],
                "sale.order": [
                    {
                        "id": 1,
                        "name": "VCD2600001",
                        "state": "sale",
                        "partner_id": 1,
                        "date_order": "2026-11-02 01:30:00",
                        "commitment_date": "2026-11-20 13:00:00",
                    },
                    {
                        "id": 2,
                        "name": "VSC2600002",
                        "state": "sale",
                        "partner_id": 2,
                        "date_order": "2026-10-01 12:00:00",
                        "commitment_date": False,
                    },
                    {"id": 3, "name": "VCD2600003", "state": "draft", "partner_id": 1},
                    {"id": 4, "name": "VCD2600004", "state": "cancel", "partner_id": 1},
                ],
                "sale.order.line": [
                    {
                        **line,
                        "id": 1,
                        "order_id": 1,
                        "product_id": 1,
                        "product_uom_qty": 10.0,
                        "qty_invoiced": 2.0,
                        "qty_saldo": 7.0,
                        "price_unit": 25.5,
                    },
                    {
                        **line,
                        "id": 2,
                        "order_id": 1,
                        "product_id": 2,
                        "product_uom_qty": 5.0,
                        "qty_invoiced": 5.0,
                        "qty_saldo": 0.0,
                        "price_unit": 9.0,
                    },
                    {
                        **line,
                        "id": 3,
                        "order_id": 1,
                        "product_id": 1,
                        "product_uom_qty": 3.0,
                        "qty_invoiced": 0.0,
                        "qty_saldo": 3.0,
                        "price_unit": 25.5,
                    },
                    {
                        **line,
                        "id": 4,
                        "order_id": 2,
                        "product_id": 2,
                        "product_uom_qty": 12.5,
                        "qty_invoiced": 0.0,
                        "qty_saldo": 12.5,
                        "price_unit": 7.99,
                    },
                    {
                        **line,
                        "id": 5,
                        "order_id": 3,
                        "product_id": 1,
                        "product_uom_qty": 4.0,
                        "qty_invoiced": 0.0,
                        "qty_saldo": 4.0,
                        "price_unit": 1.0,
                    },
                    {
                        **line,
                        "id": 6,
                        "order_id": 4,
                        "product_id": 1,
                        "product_uom_qty": 4.0,
                        "qty_invoiced": 0.0,
                        "qty_saldo": 4.0,
                        "price_unit": 1.0,
                    },
                    {
                        **line,
                        "id": 7,
                        "order_id": 2,
                        "product_id": 1,
                        "product_uom_qty": 0.0,
                        "qty_invoiced": 0.0,
                        "qty_saldo": 0.0,
                        "price_unit": 0.0,
                    },
                    {
                        **line,
                        "id": 8,
                        "order_id": 2,
                        "product_id": 1,
                        "product_uom_qty": 2.0,
                        "qty_invoiced": 3.0,
                        "qty_saldo": 0.0,
                        "price_unit": 1.0,
                    },
                ],
            },
        }
    )


@pytest.fixture
def small(request: pytest.FixtureRequest) -> Iterator[OdooTestServer]:
    with OdooTestServer(small_dataset(), odoo_version=version_for(request)) as srv:
        yield srv


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_field_is_fetched_and_mapped(small: OdooTestServer, protocol: str) -> None:
    data = OdooSource(settings_for(small, protocol)).fetch()
    assert set(data.lines) == {("VCD2600001", "ARZ-0001"), ("VSC2600002", "FJC-0002")}
    first = data.lines[("VCD2600001", "ARZ-0001")]
    # Lines 1 and 3 are the same product on one order: summed (8 + 3), and the plan can tell.
    assert first.qtd_saldo == Decimal("11.000")
    assert first.linhas == 2
    assert first.origens == ("sale.order.line 1", "sale.order.line 3")
    assert data.lines[("VSC2600002", "FJC-0002")].origens == ()
    assert first.campos == {
        "nome_produto": "Arroz Branco 5kg",
        "cliente": "Distribuidora Alfa Ltda",
        "cnpj_cpf": "00.000.000/0001-91",
        "municipio": "Campinas",
        "uf": "SP",
        "data_pedido": date(2026, 11, 1),  # 01:30 UTC is 22:30 of the day before in São Paulo
        "data_entrega": date(2026, 11, 20),
        "preco": Decimal("25.5000"),
    }
    second = data.lines[("VSC2600002", "FJC-0002")]
    assert second.qtd_saldo == Decimal("12.500")
    assert second.campos["cliente"] == "Mercado Beta"
    assert second.campos["cnpj_cpf"] is None
    assert second.campos["uf"] is None
    assert second.campos["data_entrega"] is None
    assert data.origin == f"Odoo {small.url} (base demo)"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_custom_balance_field_is_used_as_is(small: OdooTestServer, protocol: str) -> None:
    data = OdooSource(settings_for(small, protocol, balance_field="qty_saldo")).fetch()
    assert data.lines[("VCD2600001", "ARZ-0001")].qtd_saldo == Decimal("10.000")  # 7 + 3, not 8 + 3
    assert data.lines[("VSC2600002", "FJC-0002")].qtd_saldo == Decimal("12.500")
    assert len(data.lines) == 2


def test_only_the_owned_prefixes_are_fetched(small: OdooTestServer) -> None:
    source = OdooSource(settings_for(small, owned_prefixes=("VSC",)))
    assert set(source.fetch().lines) == {("VSC2600002", "FJC-0002")}
    both = OdooSource(settings_for(small, owned_prefixes=("VCD", "VSC"), order_states=("sale", "draft")))
    assert {key[0] for key in both.fetch().lines} == {"VCD2600001", "VSC2600002", "VCD2600003"}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_extra_filter_terms_are_applied(small: OdooTestServer, protocol: str) -> None:
    settings = settings_for(small, protocol, extra_domain=(("order_id.partner_id.city", "=", "Campinas"),))
    assert set(OdooSource(settings).fetch().lines) == {("VCD2600001", "ARZ-0001")}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_bad_records_are_named_by_their_odoo_id(small: OdooTestServer, protocol: str) -> None:
    first = small.records("sale.order.line")[1]
    small.records("product.product")[3]["default_code"] = "ARZ\x01"  # a control character: not a key
    small.add_record("sale.order.line", {**first, "id": 9, "product_id": 3})
    small.add_record("sale.order.line", {**first, "id": 10, "price_unit": "caro"})
    with pytest.raises(InvalidSource) as caught:
        OdooSource(settings_for(small, protocol)).fetch()
    assert any(p.startswith("sale.order.line 9: cod_produto") for p in caught.value.problems)
    assert any(p.startswith("sale.order.line 10: preco") for p in caught.value.problems)
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_test_connection_returns_the_version_and_checks_fields(small: OdooTestServer, protocol: str) -> None:
    assert OdooSource(settings_for(small, protocol)).test_connection() == small.version
    renamed = dataclasses.replace(OdooSettings().fields, partner_vat="l10n_br_cnpj")
    with pytest.raises(OdooUnknownField) as caught:
        OdooSource(settings_for(small, protocol, fields=renamed)).test_connection()
    assert (caught.value.field, caught.value.model) == ("l10n_br_cnpj", "res.partner")


@pytest.fixture(scope="module")
def generated_servers() -> Iterator[dict[int, OdooTestServer]]:
    data = generate(1000, 9)
    with OdooTestServer(data) as srv17, OdooTestServer(data, odoo_version=19) as srv19:
        yield {17: srv17, 19: srv19}


@pytest.fixture
def generated(request: pytest.FixtureRequest, generated_servers: dict[int, OdooTestServer]) -> OdooTestServer:
    return generated_servers[version_for(request)]


def call_bound(srv: OdooTestServer, page: int, batch: int) -> int:
    """ceil(N / page) + Σ over related models of ceil(distinct ids / batch) + 3 (+ 1 for the units) + 9.

    The 9: the early round (once the first orders are in) reads each related model once more at most, the late
    round a few pages before the end the partners, companies and states once more, and the orders once more.
    """
    lines = served_lines(srv)
    orders = {line["order_id"] for line in lines}
    partners = {srv.records("sale.order")[o]["partner_id"] for o in orders}
    companies = {srv.records("res.partner")[p]["commercial_partner_id"] for p in partners} - partners
    states = {srv.records("res.partner")[p]["state_id"] for p in partners | companies} - {False}
    products = {line["product_id"] for line in lines}
    related = sum(math.ceil(len(ids) / batch) for ids in (orders, partners, companies, states, products))
    return math.ceil(len(lines) / page) + related + 3 + 1 + 9


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_the_number_of_calls_stays_within_the_bound(generated: OdooTestServer, protocol: str) -> None:
    generated.reset()
    settings = settings_for(generated, protocol, page_size=97, batch_size=50)
    OdooSource(settings).fetch()
    assert generated.calls[("sale.order.line", "search_count")] == 1
    assert generated.calls[("sale.order.line", "search_read")] == math.ceil(len(served_lines(generated)) / 97)
    assert generated.total_calls <= call_bound(generated, 97, 50)
    assert all(
        method in ("search_count", "search_read", "read", "version_info", "login", "version")
        for _, method in generated.calls
    )


def test_no_extra_page_when_the_lines_fill_the_last_page(small: OdooTestServer) -> None:
    # 5 lines pass the domain (1, 2, 3, 4, 8, 7 has no quantity); pages of 5 → one page, no empty page to find the end.
    OdooSource(settings_for(small, page_size=5)).fetch()
    assert small.calls[("sale.order.line", "search_read")] == 1


def test_progress_is_reported_after_each_page(generated: OdooTestServer) -> None:
    seen: list[FetchProgress] = []
    OdooSource(settings_for(generated, page_size=300)).fetch(progress=seen.append)
    total = seen[0].lines_total
    pages = math.ceil(total / 300)
    assert seen[0] == FetchProgress(0, pages, 0, total)
    assert seen[1:] == [FetchProgress(i, pages, min(i * 300, total), total) for i in range(1, pages + 1)]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_cancel_between_pages(generated: OdooTestServer, protocol: str) -> None:
    generated.reset_calls()
    token = CancelToken()

    def progress(step: FetchProgress) -> None:
        if step.pages_done == 2:
            token.cancel()

    with pytest.raises(FetchCancelled):
        OdooSource(settings_for(generated, protocol, page_size=100)).fetch(progress, token)
    # Later pages may have been asked for already: the sending thread asks for each page as the one before
    # comes in, before this thread reports it (test_odoo_pipeline: nothing is asked for after the cancellation).
    assert generated.calls[("sale.order.line", "search_read")] >= 2
    assert generated.calls[("sale.order", "read")] == 0


def test_cancel_before_the_start_sends_nothing(generated: OdooTestServer) -> None:
    generated.reset_calls()
    token = CancelToken()
    token.cancel()
    with pytest.raises(FetchCancelled):
        OdooSource(settings_for(generated)).fetch(cancel=token)
    assert generated.total_calls == 0


def cancel_last_orders(orders: dict[int, dict[str, Any]], cancelled: list[int], count: int = 20) -> None:
    """A planner cancels the last confirmed orders in Odoo."""
    for ident in sorted(orders)[-count * 2 :]:
        if orders[ident]["state"] == "sale" and len(cancelled) < count * 10:
            orders[ident]["state"] = "cancel"
            cancelled.append(ident)


def test_lines_that_vanish_during_the_fetch_make_it_start_again(generated: OdooTestServer) -> None:
    generated.reset()
    orders = generated.records("sale.order")
    cancelled: list[int] = []
    steps: list[FetchProgress] = []

    def progress(step: FetchProgress) -> None:
        steps.append(step)
        if step.pages_done == 0 and not cancelled:
            # After the first count, before the first page is asked for (the sending thread then asks for the
            # pages without waiting for this one): the first time only.
            cancel_last_orders(orders, cancelled)

    try:
        data = OdooSource(settings_for(generated, page_size=400)).fetch(progress)
        assert generated.calls[("sale.order.line", "search_count")] == 2  # counted again: a new start
        assert not {key[0] for key in data.lines} & {orders[i]["name"] for i in cancelled}
        assert [s.pages_done for s in steps].count(0) == 2
    finally:
        for ident in cancelled:
            orders[ident]["state"] = "sale"


def test_odoo_changing_under_both_fetches_is_reported(generated: OdooTestServer) -> None:
    generated.reset()
    orders = generated.records("sale.order")
    cancelled: list[int] = []

    def progress(step: FetchProgress) -> None:
        # Right after each count, before the first page is asked for: the sending thread asks for the pages
        # without waiting for this thread, so a change after page 1 could come after every page was read.
        if step.pages_done == 0:
            cancel_last_orders(orders, cancelled, 10 + len(cancelled))  # Odoo keeps changing

    try:
        with pytest.raises(OdooChangedDuringFetch) as caught:
            OdooSource(settings_for(generated, page_size=400)).fetch(progress)
        assert caught.value.received < caught.value.counted
        assert "duas vezes seguidas" in str(caught.value)
        assert "busque de novo" in str(caught.value)
        assert generated.calls[("sale.order.line", "search_count")] == 2
    finally:
        for ident in cancelled:
            orders[ident]["state"] = "sale"


@pytest.mark.slow
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_fifty_thousand_lines(protocol: str) -> None:
    with OdooTestServer(generate(50_000, 50), odoo_version=19 if protocol == "json2" else 17) as srv:
        data = OdooSource(settings_for(srv, protocol)).fetch()
        open_count = len(served_lines(srv))
        assert srv.calls[("sale.order.line", "search_read")] == math.ceil(open_count / 2000)
        assert srv.total_calls <= call_bound(srv, 2000, 2000)
    assert len(data.lines) > 30_000
    assert sum(line.linhas for line in data.lines.values()) <= open_count


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_nothing_open_costs_only_the_count(small: OdooTestServer, protocol: str) -> None:
    progress: list[FetchProgress] = []
    data = OdooSource(settings_for(small, protocol, owned_prefixes=("XYZ",))).fetch(progress.append)
    assert data.lines == {}
    assert progress == [FetchProgress(0, 0, 0, 0)]
    # JSON-RPC: version_info, login and the count; JSON-2: GET /web/version and the count.
    assert small.total_calls == (3 if protocol == "jsonrpc" else 2)

"""The fetch's requests go out from a background thread while the lines are mapped: what that must not change.

The same requests as reading everything in sequence (in kind; in number, at most seven more: the early round
and the reads before the last pages), the related records asked for while pages still come, one error and nothing
else when a request fails on page k, nothing sent after a cancellation, no thread left behind. Over the local
Odoo server, both protocols. No timing is asserted.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import generate
from carteira_gui.adapters.odoo.errors import OdooError, OdooServerError
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.adapters.odoo.transport import Transport, make_transport
from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.services.ports import CancelToken, FetchProgress

from .odoo_helpers import odoo_settings, served_lines

PROTOCOLS = ("jsonrpc", "json2")
PAGE = 97
BATCH = 50
LINES = ("sale.order.line", "search_read")
#: The most reads that asking ahead adds: the early round (one each of products, partners, companies, states
#: and units), the late round before the last pages (partners, companies, states) and the orders read again.
READS_AHEAD = 9


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, OdooTestServer]]:
    data = generate(1500, 21)
    with OdooTestServer(data) as srv17, OdooTestServer(data, odoo_version=19) as srv19:
        yield {"jsonrpc": srv17, "json2": srv19}  # JSON-2 exists from Odoo 19 on


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def srv(servers: dict[str, OdooTestServer], protocol: str) -> Iterator[OdooTestServer]:
    server = servers[protocol]
    server.reset()
    yield server
    server.reset()


def settings_for(srv: OdooTestServer, protocol: str, **changes: Any) -> OdooSettings:
    small = {"page_size": PAGE, "batch_size": BATCH, "retries": 2, "retry_backoff_max_s": 0.005}
    return odoo_settings(srv, protocol, **(small | changes))


@dataclasses.dataclass
class Sent:
    """One call as the fetch made it: what, from which thread, when, and how it ended."""

    model: str
    method: str
    thread: str
    started: float
    outcome: str = "pending"
    ended: float = math.inf


class Recorder:
    """A transport factory that records every call the fetch makes, in the order made."""

    def __init__(self) -> None:
        self.calls: list[Sent] = []
        self._lock = threading.Lock()

    def __call__(self, settings: OdooSettings, cancel: CancelToken | None) -> Transport:
        transport = make_transport(settings, cancel)
        call = transport.call

        def record(model: str, method: str, ids: Any = None, params: Any = None) -> object:
            sent = Sent(model, method, threading.current_thread().name, time.monotonic())
            with self._lock:
                self.calls.append(sent)
            try:
                answer = call(model, method, ids, params)
            except FetchCancelled:
                sent.outcome = "cancelled"  # refused before anything was sent
                raise
            except OdooError:
                sent.outcome = "error"
                raise
            finally:
                sent.ended = time.monotonic()
            sent.outcome = "answered"
            return answer

        transport.call = record  # type: ignore[method-assign]
        return transport

    def keys(self) -> list[tuple[str, str]]:
        return [(sent.model, sent.method) for sent in self.calls]


def no_fetch_thread_left() -> bool:
    return not [t for t in threading.enumerate() if t.name.startswith("odoo-fetch") and t.is_alive()]


def expected_calls(srv: OdooTestServer, protocol: str) -> int:
    """What reading everything in sequence costs: pages, then ⌈distinct ids ÷ batch⌉ per related model."""
    orders = srv.records("sale.order")
    products = srv.records("product.product")
    partners_by_id = srv.records("res.partner")
    served = served_lines(srv)
    unit = "product_uom_id" if protocol == "json2" else "product_uom"
    open_lines = [line for line in served if line["product_uom_qty"] - line["qty_invoiced"] > 0]
    order_ids = {line["order_id"] for line in open_lines}
    partners = {orders[o]["partner_id"] for o in order_ids}
    companies = {partners_by_id[p]["commercial_partner_id"] for p in partners} - partners
    states = {partners_by_id[p]["state_id"] for p in (partners | companies)} - {False}
    product_ids = {line["product_id"] for line in open_lines}
    other_unit = any(line[unit] != products[line["product_id"]]["uom_id"] for line in open_lines)
    related = sum(math.ceil(len(ids) / BATCH) for ids in (order_ids, partners, companies, states, product_ids))
    connect = 2 if protocol == "jsonrpc" else 1  # version_info + login, or GET /web/version
    return connect + 1 + math.ceil(len(served) / PAGE) + related + (1 if other_unit else 0)


def test_the_same_requests_as_reading_in_sequence_and_related_ones_while_pages_come(
    srv: OdooTestServer, protocol: str
) -> None:
    recorder = Recorder()
    OdooSource(settings_for(srv, protocol), recorder).fetch()
    # The early round (once the first orders are in) reads products, partners, companies, states and units once
    # more each at most, and partners and orders are read again before the last pages: how many of those went
    # out depends on the answers' timing.
    assert expected_calls(srv, protocol) <= srv.total_calls <= expected_calls(srv, protocol) + READS_AHEAD
    keys = recorder.keys()
    last_page = max(i for i, key in enumerate(keys) if key == LINES)
    assert keys.index(("sale.order", "read")) < last_page  # a full batch of orders went out before the last page
    # The caller's thread sends nothing; pages asked for ahead (before the page before is decoded) go from the
    # second sending thread.
    assert {sent.thread for sent in recorder.calls} == {"odoo-fetch", "odoo-fetch-ahead"}
    assert no_fetch_thread_left()


def test_the_result_does_not_depend_on_the_batches(srv: OdooTestServer, protocol: str) -> None:
    # Batches that fill while the pages come, or only at the end: the same carteira.
    early = OdooSource(settings_for(srv, protocol)).fetch()
    late = OdooSource(settings_for(srv, protocol, batch_size=5000, page_size=2000)).fetch()
    assert early == late


@pytest.mark.parametrize("k", [1, 3, 7])
def test_a_failure_on_page_k_is_one_error_and_nothing_is_sent_after_it(
    srv: OdooTestServer, protocol: str, k: int
) -> None:
    srv.faults.odoo_error("builtins.ValueError", "Erro injetado na página", method="search_read", nth=k)
    recorder = Recorder()
    with pytest.raises(OdooServerError, match="Erro injetado na página"):
        OdooSource(settings_for(srv, protocol), recorder).fetch()
    failed = [sent for sent in recorder.calls if sent.outcome == "error"]
    assert [(s.model, s.method) for s in failed] == [LINES]
    assert recorder.calls[-1] is failed[0]  # the last call made: nothing after it, not even a queued read
    assert srv.calls[LINES] == k
    assert no_fetch_thread_left()


def test_a_transient_failure_on_a_page_is_retried_and_the_result_is_whole(srv: OdooTestServer, protocol: str) -> None:
    whole = OdooSource(settings_for(srv, protocol)).fetch()
    srv.reset()
    srv.faults.drop_connection(method="search_read", nth=4, times=1)
    srv.faults.http_status(503, model="sale.order", method="read", nth=2, times=1)
    assert OdooSource(settings_for(srv, protocol)).fetch() == whole
    assert srv.calls[LINES] == math.ceil(len(served_lines(srv)) / PAGE) + 1  # page 4 twice, nothing else again
    assert no_fetch_thread_left()


@pytest.mark.parametrize("pages_before_cancel", [1, 4])
def test_after_a_cancellation_between_pages_nothing_more_is_sent(
    srv: OdooTestServer, protocol: str, pages_before_cancel: int
) -> None:
    token = CancelToken()
    cancelled_at: list[float] = []

    def progress(step: FetchProgress) -> None:
        if step.pages_done == pages_before_cancel:
            cancelled_at.append(time.monotonic())
            token.cancel()

    recorder = Recorder()
    with pytest.raises(FetchCancelled):
        OdooSource(settings_for(srv, protocol), recorder).fetch(progress, token)
    sent = [s for s in recorder.calls if s.outcome != "cancelled"]
    assert all(s.started < cancelled_at[0] for s in sent)  # what went out was asked for before the cancellation
    # Later pages may be on their way already (each asked for as the one before came in), never one asked for
    # after the cancellation (above).
    assert srv.calls[LINES] >= pages_before_cancel
    assert srv.total_calls == len(sent) + (2 if protocol == "jsonrpc" else 1)  # + the connection's own
    assert no_fetch_thread_left()


def test_odoo_changing_under_the_fetch_ends_the_first_pass_before_the_second_starts(
    srv: OdooTestServer, protocol: str
) -> None:
    # An order read in a batch while pages still come has vanished: the caller's thread finds out with the next
    # page on its way; that pass ends (its requests answered or dropped) before the fetch starts again.
    lines = srv.records("sale.order.line")
    first_line = lines[min(lines)]
    order_id = first_line["order_id"]
    removed_lines = {ident: dict(line) for ident, line in lines.items() if line["order_id"] == order_id}
    removed_order = dict(srv.records("sale.order")[order_id])

    def progress(step: FetchProgress) -> None:
        if step.pages_done == 1 and order_id in srv.records("sale.order"):
            for ident in removed_lines:
                srv.delete_record("sale.order.line", ident)
            srv.delete_record("sale.order", order_id)

    recorder = Recorder()
    try:
        data = OdooSource(settings_for(srv, protocol), recorder).fetch(progress)
    finally:
        srv.add_record("sale.order", removed_order)
        for line in removed_lines.values():
            srv.add_record("sale.order.line", line)
    assert data.lines
    assert not {key for key in data.lines if key[0] == removed_order["name"]}
    counts = [i for i, sent in enumerate(recorder.calls) if sent.method == "search_count"]
    assert len(counts) == 2
    second_start = recorder.calls[counts[1]].started
    assert all(sent.ended <= second_start for sent in recorder.calls[: counts[1]])
    assert no_fetch_thread_left()

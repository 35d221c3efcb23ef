"""Connections: one per request against Odoo's own server, one per sending thread behind a proxy that keeps them.

Answers compressed by such a proxy (gzip, when the client accepts it) are read as the same carteira.

Odoo's HTTP server (werkzeug) closes every connection after its answer; a proxy in front of it (nginx, usually
with TLS) keeps them. The local server plays both (``keep_alive``), over http and https; it counts the
connections it accepts. A kept connection the server closed while it was idle is not used again; a request cut on
a kept connection is an error like any other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import generate
from carteira_gui.adapters.odoo.errors import OdooError, OdooMalformedAnswer
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.adapters.odoo.transport import Transport, make_transport
from carteira_gui.domain.model import SourceData

from ..tls import TlsOdooServer, make_certificate
from .odoo_helpers import odoo_settings

PROTOCOLS = ("jsonrpc", "json2")
DATA = generate(1200, 5)
#: The threads that send: the caller's (connect), the queue's and the one asking for pages ahead.
SENDING_THREADS = 3


def settings_for(srv: OdooTestServer, protocol: str) -> OdooSettings:
    return odoo_settings(srv, protocol, page_size=60, batch_size=40, retries=0)


def version_for(protocol: str) -> int:
    return 19 if protocol == "json2" else 17  # JSON-2 exists from Odoo 19 on


def fetch(srv: OdooTestServer, protocol: str) -> SourceData:
    srv.reset()
    return OdooSource(settings_for(srv, protocol)).fetch()


@contextlib.contextmanager
def kept(protocol: str) -> Iterator[tuple[OdooTestServer, Transport]]:
    """A server that keeps connections (a proxy in front of Odoo) and a transport connected to it."""
    with (
        OdooTestServer(DATA, odoo_version=version_for(protocol), keep_alive=True) as srv,
        make_transport(settings_for(srv, protocol)) as transport,
    ):
        transport.connect()
        yield srv, transport


@pytest.fixture(scope="module")
def reference() -> dict[str, SourceData]:
    """The carteira each protocol reads from a server like Odoo's own."""
    found = {}
    for protocol in PROTOCOLS:
        with OdooTestServer(DATA, odoo_version=version_for(protocol)) as srv:
            found[protocol] = fetch(srv, protocol)
    return found


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_odoos_own_server_gets_a_connection_per_request(protocol: str) -> None:
    with OdooTestServer(DATA, odoo_version=version_for(protocol)) as srv:
        fetch(srv, protocol)
        assert srv.total_calls > 20
        assert srv.connections == srv.total_calls


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_behind_a_proxy_each_sending_thread_keeps_its_connection(
    protocol: str, reference: dict[str, SourceData]
) -> None:
    with OdooTestServer(DATA, odoo_version=version_for(protocol), keep_alive=True) as srv:
        data = fetch(srv, protocol)
        assert srv.total_calls > 20
        assert 1 <= srv.connections <= SENDING_THREADS
    assert data.lines == reference[protocol].lines


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_kept_connection_the_server_closed_while_idle_is_opened_again(protocol: str) -> None:
    with kept(protocol) as (srv, transport):
        first = transport.call("sale.order.line", "search_count", params={"domain": []})
        assert transport.connections_opened == 1
        assert srv.drop_idle_connections() == 1  # the proxy's idle timeout
        assert transport.call("sale.order.line", "search_count", params={"domain": []}) == first
        assert transport.connections_opened == 2
        transport.call("sale.order.line", "search_count", params={"domain": []})
        assert transport.connections_opened == 2  # the new one is kept in turn
        assert srv.connections == 2
        # Nothing was sent into the closed connection: each request once.
        assert transport.requests_sent == srv.total_calls == (2 if protocol == "jsonrpc" else 1) + 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_an_error_answer_leaves_the_kept_connection_usable(protocol: str) -> None:
    with kept(protocol) as (srv, transport):
        with pytest.raises(OdooError):
            transport.call("sale.order.line", "search_count", params={"domain": [["nope", "=", 1]]})
        count = transport.call("sale.order.line", "search_count", params={"domain": []})
        assert count == len(srv.records("sale.order.line"))
        assert transport.connections_opened == 1
        assert srv.connections == 1


def test_a_request_cut_on_a_kept_connection_is_an_error_like_any_other() -> None:
    # Only a connection found closed before sending is replaced unseen; a request that was sent is never sent
    # again behind the transport's back (its retries decide, here none).
    with kept("jsonrpc") as (srv, transport):
        srv.faults.drop_connection(model="sale.order.line", method="search_count")
        with pytest.raises(OdooError):
            transport.call("sale.order.line", "search_count", params={"domain": []})
        assert transport.call("sale.order.line", "search_count", params={"domain": []}) == len(
            srv.records("sale.order.line")
        )
        assert srv.calls[("sale.order.line", "search_count")] == 2
        assert srv.connections == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_answers_a_proxy_compresses_give_the_same_carteira(protocol: str, reference: dict[str, SourceData]) -> None:
    with OdooTestServer(DATA, odoo_version=version_for(protocol), keep_alive=True, gzip=True) as srv:
        data = fetch(srv, protocol)
        assert srv.total_calls > 20
        assert srv.compressed == srv.total_calls  # every request accepts gzip
        assert 1 <= srv.connections <= SENDING_THREADS  # chunked answers read to the end leave them usable
    assert data.lines == reference[protocol].lines


def test_odoos_own_server_does_not_compress() -> None:
    with OdooTestServer(DATA) as srv:
        fetch(srv, "jsonrpc")
        assert srv.compressed == 0


def test_a_compressed_answer_that_does_not_decompress_is_one_clear_error() -> None:
    with OdooTestServer(DATA, keep_alive=True, gzip=True) as srv:
        settings = settings_for(srv, "jsonrpc")
        with make_transport(settings) as transport:
            transport.connect()
            srv.faults.garble(model="sale.order.line", method="search_count")
            with pytest.raises(OdooMalformedAnswer) as caught:
                transport.call("sale.order.line", "search_count", params={"domain": []})
            assert "gzip" in caught.value.describe()
            assert transport.call("sale.order.line", "search_count", params={"domain": []}) == len(
                srv.records("sale.order.line")
            )


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.mark.parametrize("keep_alive", [False, True])
def test_over_https_a_kept_connection_saves_every_handshake_after_the_first(
    keep_alive: bool,
    certificate: tuple[Path, Path],
    reference: dict[str, SourceData],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # as if the company's CA were installed
    with TlsOdooServer(DATA, *certificate, keep_alive=keep_alive) as srv:
        data = fetch(srv, "jsonrpc")
        assert srv.total_calls > 20
        if keep_alive:
            assert 1 <= srv.connections <= SENDING_THREADS
        else:
            assert srv.connections == srv.total_calls
    assert data.lines == reference["jsonrpc"].lines


def test_a_request_without_a_timeout_reuses_the_kept_connection_too() -> None:
    # urllib's "no timeout given" is a sentinel object: the kept connection's socket must not be handed it.
    with (
        OdooTestServer(DATA, odoo_version=19, keep_alive=True) as srv,
        make_transport(settings_for(srv, "json2")) as transport,
    ):
        opener = transport._opener()
        for _ in range(2):
            with opener.open(f"{srv.url}/web/version") as answer:
                assert b"19.0" in answer.read()
        assert transport.connections_opened == 1
        assert srv.connections == 1

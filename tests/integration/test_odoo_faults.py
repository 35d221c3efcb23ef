"""Every class of failure gives its own error, retries happen only where they should, secrets stay hidden."""

from __future__ import annotations

import dataclasses
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from carteira_gui.adapters.odoo.config import OdooFieldNames, OdooSettings
from carteira_gui.adapters.odoo.dataset import generate
from carteira_gui.adapters.odoo.errors import (
    OdooAccessDenied,
    OdooConnectionLost,
    OdooDatabaseNotFound,
    OdooError,
    OdooHTTPError,
    OdooLoginFailed,
    OdooMalformedAnswer,
    OdooServerError,
    OdooTimeout,
    OdooTLSError,
    OdooTruncatedAnswer,
    OdooUnknownField,
    OdooUnreachable,
)
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.domain.errors import FetchCancelled, FetchError
from carteira_gui.services.ports import CancelToken

PROTOCOLS = ("jsonrpc", "json2")
PASSWORD = "Pw-Unica-7731-xyz"
API_KEY = "ak-0f9e8d7c6b5a-unica"
PAGE = 100


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[int, OdooTestServer]]:
    """The same data as Odoo 17 (JSON-RPC) and as Odoo 19 (JSON-2 exists from 19 on)."""
    data = generate(600, 4)
    options: dict[str, Any] = {"password": PASSWORD, "api_key": API_KEY, "denied_models": ("res.country.state",)}
    with OdooTestServer(data, **options) as srv17, OdooTestServer(data, odoo_version=19, **options) as srv19:
        yield {17: srv17, 19: srv19}


@pytest.fixture
def srv(request: pytest.FixtureRequest, servers: dict[int, OdooTestServer]) -> OdooTestServer:
    callspec = getattr(request.node, "callspec", None)
    protocol = callspec.params.get("protocol") if callspec is not None else None
    server = servers[19 if protocol == "json2" else 17]
    server.reset()
    return server


def settings_for(srv: OdooTestServer, protocol: str, **changes: Any) -> OdooSettings:
    base = OdooSettings(
        url=srv.url,
        database="demo",
        user="admin",
        password=PASSWORD,
        api_key=API_KEY if protocol == "json2" else None,
        protocol=protocol,  # type: ignore[arg-type]
        page_size=PAGE,
        batch_size=1000,
        retries=2,
        retry_backoff_s=0.001,
        retry_backoff_max_s=0.005,
        timeout_s=5,
        # The partner's state is left out so that the denied res.country.state is not needed by default.
        fields=OdooFieldNames(partner_state="state_id"),
    )
    return dataclasses.replace(base, **changes)


def fetch(settings: OdooSettings, **kwargs: Any) -> Any:
    return OdooSource(settings).fetch(**kwargs)


def fetch_error(settings: OdooSettings) -> OdooError:
    with pytest.raises(OdooError) as caught:
        fetch(settings)
    return caught.value


def without_states(srv: OdooTestServer) -> None:
    """Make every partner stateless so that res.country.state (denied) is never read."""
    for partner in srv.records("res.partner").values():
        partner["state_id"] = False


@pytest.fixture(autouse=True)
def _stateless_partners(servers: dict[int, OdooTestServer]) -> None:
    for server in servers.values():
        without_states(server)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def texts_of(error: BaseException) -> list[str]:
    """The text of an error and of every error chained to it."""
    found: list[str] = []
    current: BaseException | None = error
    while current is not None and len(found) < 10:
        found += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return found


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_normal_fetch_works(srv: OdooTestServer, protocol: str) -> None:
    assert len(fetch(settings_for(srv, protocol)).lines) > 300


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_unreachable(protocol: str) -> None:
    settings = OdooSettings(
        url=f"http://127.0.0.1:{free_port()}",
        database="demo",
        user="admin",
        password=PASSWORD,
        api_key=API_KEY,
        protocol=protocol,  # type: ignore[arg-type]
        retries=0,
    )
    error = fetch_error(settings)
    assert type(error) is OdooUnreachable
    assert "Não foi possível conectar" in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tls_failure(srv: OdooTestServer, protocol: str) -> None:
    # https against a plain-HTTP server fails the handshake.
    error = fetch_error(settings_for(srv, protocol, url=srv.url.replace("http://", "https://")))
    assert type(error) is OdooTLSError
    assert "TLS" in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_wrong_database(srv: OdooTestServer, protocol: str) -> None:
    error = fetch_error(settings_for(srv, protocol, database="producao"))
    assert type(error) is OdooDatabaseNotFound
    assert "'producao'" in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_wrong_login(srv: OdooTestServer, protocol: str) -> None:
    settings = settings_for(srv, protocol, password="errada", api_key="errada" if protocol == "json2" else None)
    error = fetch_error(settings)
    assert type(error) is OdooLoginFailed
    assert error.attempts == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_access_denied_to_a_model(srv: OdooTestServer, protocol: str) -> None:
    srv.records("res.partner")[next(iter(srv.records("res.partner")))]["state_id"] = 1
    error = fetch_error(settings_for(srv, protocol))
    assert type(error) is OdooAccessDenied
    assert error.model == "res.country.state"
    assert "res.country.state" in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    ("changes", "field", "model"),
    [
        ({"fields": OdooFieldNames(product_code="x_codigo")}, "x_codigo", "product.product"),
        ({"balance_field": "x_saldo"}, "x_saldo", "sale.order.line"),
        ({"fields": OdooFieldNames(order_state="x_situacao")}, "x_situacao", "sale.order"),
    ],
)
def test_unknown_field(srv: OdooTestServer, protocol: str, changes: dict[str, Any], field: str, model: str) -> None:
    error = fetch_error(settings_for(srv, protocol, **changes))
    assert type(error) is OdooUnknownField
    assert (error.field, error.model) == (field, model)
    assert f"'{field}'" in str(error)
    assert model in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_timeout_is_retried_then_reported(srv: OdooTestServer, protocol: str) -> None:
    srv.faults.latency(1.0, method="search_count")
    error = fetch_error(settings_for(srv, protocol, timeout_s=0.2, retries=1))
    assert type(error) is OdooTimeout
    assert error.attempts == 2
    assert srv.calls[("sale.order.line", "search_count")] == 2
    assert "depois de 2 tentativas" in str(error)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_garbled_answer_is_malformed_and_not_retried(srv: OdooTestServer, protocol: str) -> None:
    srv.faults.garble(method="search_read", nth=2)
    error = fetch_error(settings_for(srv, protocol))
    assert type(error) is OdooMalformedAnswer
    assert srv.calls[("sale.order.line", "search_read")] == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_odoo_server_error_is_not_retried(srv: OdooTestServer, protocol: str) -> None:
    srv.faults.odoo_error("builtins.KeyError", "'x' is not in cache", method="read", model="sale.order")
    error = fetch_error(settings_for(srv, protocol))
    assert type(error) is OdooServerError
    assert "KeyError" in str(error)
    assert srv.calls[("sale.order", "read")] == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_http_500_is_not_retried(srv: OdooTestServer, protocol: str) -> None:
    srv.faults.http_status(500, method="search_read", nth=3)
    error = fetch_error(settings_for(srv, protocol))
    assert type(error) is OdooHTTPError
    assert error.status == 500
    assert srv.calls[("sale.order.line", "search_read")] == 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    "arm",
    [
        lambda f: f.http_status(502, method="search_read", nth=2, times=2),
        lambda f: f.http_status(503, method="search_read", nth=2, times=2),
        lambda f: f.http_status(504, method="search_read", nth=2, times=2),
        lambda f: f.drop_connection(method="search_read", nth=2, times=2),
        lambda f: f.truncate(method="search_read", nth=2, times=2),
        lambda f: f.latency(1.0, method="search_read", nth=2, times=2),
    ],
    ids=["502", "503", "504", "drop", "truncate", "timeout"],
)
def test_transient_failures_are_retried_and_the_fetch_completes(
    srv: OdooTestServer, protocol: str, arm: Callable[[Any], Any]
) -> None:
    expected = fetch(settings_for(srv, protocol)).lines
    srv.reset_calls()
    arm(srv.faults)
    data = fetch(settings_for(srv, protocol, timeout_s=0.3))
    assert data.lines == expected
    pages = -(-sum(line.linhas for line in expected.values()) // PAGE)
    assert srv.calls[("sale.order.line", "search_read")] >= pages + 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    ("arm", "kind"),
    [
        (lambda f: f.http_status(503, method="search_read", nth=3, times=0), OdooHTTPError),
        (lambda f: f.drop_connection(method="read", times=0), OdooConnectionLost),
        (lambda f: f.truncate(method="search_read", nth=2, times=0), OdooTruncatedAnswer),
    ],
    ids=["503", "drop", "truncate"],
)
def test_retries_are_bounded_and_a_fetch_failing_midway_returns_nothing(
    srv: OdooTestServer, protocol: str, arm: Callable[[Any], Any], kind: type[OdooError]
) -> None:
    arm(srv.faults)
    error = fetch_error(settings_for(srv, protocol, retries=3))
    assert type(error) is kind
    assert error.transient
    assert error.attempts == 4
    assert isinstance(error, FetchError)


def test_connection_lost_is_its_own_type(srv: OdooTestServer) -> None:
    srv.faults.drop_connection(method="search_count", times=0)
    error = fetch_error(settings_for(srv, "jsonrpc", retries=1))
    assert type(error) is OdooConnectionLost
    assert srv.calls[("sale.order.line", "search_count")] == 2


def test_cancel_interrupts_the_backoff(srv: OdooTestServer) -> None:
    srv.faults.http_status(503, method="search_count", times=0)
    token = CancelToken()
    timer = threading.Timer(0.2, token.cancel)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchCancelled):
            fetch(settings_for(srv, "jsonrpc", retries=5, retry_backoff_s=30, retry_backoff_max_s=30), cancel=token)
    finally:
        timer.cancel()
        timer.join()
    assert time.monotonic() - started < 5


SCENARIOS: dict[str, Callable[[OdooTestServer, str], OdooSettings]] = {
    "login": lambda s, p: settings_for(s, p, password=PASSWORD[:-1] + "?", api_key=API_KEY[:-1] + "?"),
    "database": lambda s, p: settings_for(s, p, database="outra"),
    "field": lambda s, p: settings_for(s, p, balance_field="x_saldo"),
    "tls": lambda s, p: settings_for(s, p, url=s.url.replace("http://", "https://")),
    "ok": lambda s, p: settings_for(s, p),
}


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_secrets_never_appear_in_errors_or_logs(
    srv: OdooTestServer, protocol: str, scenario: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    srv.faults.http_status(503, method="search_read", nth=2, times=1)
    settings = SCENARIOS[scenario](srv, protocol)
    if protocol == "json2":
        settings = dataclasses.replace(settings, password=PASSWORD)  # both secrets present, only one used
    try:
        fetch(settings)
    except OdooError as error:
        for text in texts_of(error):
            assert PASSWORD not in text
            assert API_KEY not in text
    logged = caplog.text + "".join(record.getMessage() for record in caplog.records)
    assert logged  # odoorpc and the retries did log something
    assert PASSWORD not in logged
    assert API_KEY not in logged
    assert PASSWORD[:-1] not in logged


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_secret_echoed_by_the_server_is_scrubbed(
    srv: OdooTestServer, protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = API_KEY if protocol == "json2" else PASSWORD
    srv.faults.odoo_error("builtins.ValueError", f"bad argument {secret!r}", method="search_count")
    error = fetch_error(settings_for(srv, protocol))
    assert "********" in str(error)
    for text in texts_of(error):
        assert secret not in text
    assert secret not in caplog.text

"""The local Odoo server answers the real odoorpc client and raw JSON-2 requests over 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import odoorpc
import odoorpc.error
import pytest

from carteira_gui.adapters.odoo.dataset import generate
from carteira_gui.adapters.odoo.server import OdooTestServer


@pytest.fixture(scope="module")
def server() -> Iterator[OdooTestServer]:
    with OdooTestServer(generate(400, 2), host="127.0.0.1", port=0) as srv:
        yield srv


@pytest.fixture
def fresh(server: OdooTestServer) -> OdooTestServer:
    server.reset()
    return server


def login(srv: OdooTestServer, password: str = "admin", db: str = "demo") -> Any:
    odoo = odoorpc.ODOO("127.0.0.1", port=srv.port, timeout=10)
    odoo.login(db, "admin", password)
    return odoo


def json2(
    srv: OdooTestServer, model: str, method: str, body: dict[str, Any], key: str = "admin", db: str = "demo"
) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{srv.url}/json/2/{model}/{method}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": db, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            raw = exc.read().decode()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw


def test_it_listens_on_loopback_only(server: OdooTestServer) -> None:
    assert server.host == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert server.port > 0


def test_odoorpc_logs_in_and_reads(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    assert odoo.version == "19.0"
    rows = odoo.execute_kw(
        "sale.order.line",
        "search_read",
        [[["order_id.state", "in", ["sale", "done"]]]],
        {"fields": ["order_id", "product_id", "product_uom_qty"], "limit": 5, "order": "id"},
    )
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "order_id", "product_id", "product_uom_qty"}
    assert isinstance(rows[0]["order_id"], list)
    assert odoo.execute("sale.order.line", "search_count", [["id", ">", 0]]) == 400
    assert odoo.env.context["uid"] == 2  # context_get answered during login
    assert fresh.calls[("web", "version_info")] == 1
    assert fresh.calls[("common", "login")] == 1
    assert fresh.calls[("res.users", "context_get")] == 1
    assert fresh.calls[("sale.order.line", "search_read")] == 1


def test_odoorpc_models_work_too(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    orders = odoo.env["sale.order"]
    ids = orders.search([("state", "=", "sale")], limit=3, order="id desc")
    assert ids == sorted(ids, reverse=True)
    assert [r["id"] for r in orders.read(ids, ["name"])] == ids
    assert "name" in odoo.execute("sale.order", "fields_get", ["name"], ["type"])
    assert odoo.db.list() == ["demo"]


def test_wrong_password_and_wrong_database(fresh: OdooTestServer) -> None:
    with pytest.raises(odoorpc.error.RPCError, match="Wrong login"):
        login(fresh, password="errada")
    with pytest.raises(odoorpc.error.RPCError) as caught:
        login(fresh, db="outra")
    assert caught.value.info["data"]["name"] == "psycopg2.OperationalError"
    assert 'database "outra" does not exist' in caught.value.info["data"]["message"]


def test_error_envelope_has_odoos_shape(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo.execute_kw("sale.order.line", "read", [[1]], {"fields": ["x_nao_existe"]})
    info = caught.value.info
    assert info["code"] == 200
    assert info["message"] == "Odoo Server Error"
    assert info["data"]["name"] == "builtins.ValueError"
    assert info["data"]["message"] == "Invalid field 'x_nao_existe' on model 'sale.order.line'"
    assert info["data"]["debug"].startswith("Traceback")
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo.execute_kw("account.move", "search", [[]])
    assert caught.value.info["data"]["name"] == "odoo.exceptions.AccessError"
    # A wrong password on a call (not on login) is AccessDenied, as Odoo answers.
    odoo._password = "outra"
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo.execute("sale.order", "search", [])
    assert caught.value.info["data"]["name"] == "odoo.exceptions.AccessDenied"


def test_json2_named_arguments(fresh: OdooTestServer) -> None:
    status, rows = json2(
        fresh,
        "sale.order.line",
        "search_read",
        {"domain": [["id", ">", 10]], "fields": ["order_id"], "limit": 3, "order": "id", "context": {"lang": "pt_BR"}},
    )
    assert status == 200
    assert [r["id"] for r in rows] == [11, 12, 13]
    status, rows = json2(fresh, "sale.order", "read", {"ids": [2, 1], "fields": ["name"]})
    assert [r["id"] for r in rows] == [2, 1]
    assert json2(fresh, "sale.order.line", "search_count", {"domain": []}) == (200, 400)
    assert fresh.calls[("sale.order.line", "search_read")] == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "name"),
    [
        ({"key": "errada"}, 401, "werkzeug.exceptions.Unauthorized"),
        ({"db": "outra"}, 404, "werkzeug.exceptions.NotFound"),
        ({"model": "account.move"}, 403, "odoo.exceptions.AccessError"),
        ({"body": {"domain": [], "fields": ["x_y"]}}, 500, "builtins.ValueError"),
        ({"body": {"domain": [], "limite": 3}}, 422, "builtins.TypeError"),
        ({"body": {"ids": [1], "domain": []}}, 422, "werkzeug.exceptions.UnprocessableEntity"),
    ],
)
def test_json2_errors(fresh: OdooTestServer, kwargs: dict[str, Any], status: int, name: str) -> None:
    model = kwargs.pop("model", "sale.order.line")
    body = kwargs.pop("body", {"domain": []})
    got_status, error = json2(fresh, model, "search_read", body, **kwargs)
    assert got_status == status
    assert error["name"] == name
    assert set(error) == {"name", "message", "arguments", "context", "debug"}


def test_web_version(fresh: OdooTestServer) -> None:
    with urllib.request.urlopen(f"{fresh.url}/web/version", timeout=10) as response:
        assert json.loads(response.read())["version"] == "19.0"


def test_faults_fire_on_the_nth_matching_call(fresh: OdooTestServer) -> None:
    fault = fresh.faults.http_status(503, nth=2, times=1, method="search_count")
    assert json2(fresh, "sale.order", "search_count", {"domain": []})[0] == 200
    status, page = json2(fresh, "sale.order", "search_count", {"domain": []})
    assert status == 503
    assert "Service Unavailable" in page
    assert json2(fresh, "sale.order", "search_count", {"domain": []})[0] == 200
    assert (fault.seen, fault.fired) == (3, 1)
    assert fresh.calls[("sale.order", "search_count")] == 3


def raw_post(srv: OdooTestServer, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    connection.request("POST", path, body=b"{}", headers={"Content-Type": "application/json"})
    try:
        return connection.getresponse()
    finally:
        connection.close()


def test_drop_truncate_garble_and_odoo_error(fresh: OdooTestServer) -> None:
    fresh.faults.drop_connection(method="search_count")
    with pytest.raises(http.client.RemoteDisconnected):
        raw_post(fresh, "/json/2/sale.order/search_count")
    fresh.faults.clear()
    fresh.faults.truncate(method="search_count")
    response = raw_post(fresh, "/json/2/sale.order/search_count")
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    response.close()
    fresh.faults.clear()
    fresh.faults.garble(method="search_count")
    response = raw_post(fresh, "/json/2/sale.order/search_count")
    body = response.read()
    response.close()
    with pytest.raises(ValueError):  # noqa: PT011 - json or UTF-8, both are ValueError
        json.loads(body)
    fresh.faults.clear()
    fresh.faults.odoo_error("odoo.exceptions.UserError", "Pedido bloqueado", method="search_count")
    status, error = json2(fresh, "sale.order", "search_count", {"domain": []})
    assert (status, error["message"]) == (422, "Pedido bloqueado")


def test_latency_delays_answers(fresh: OdooTestServer) -> None:
    fresh.faults.latency(0.3, method="search_count")
    started = time.monotonic()
    assert json2(fresh, "sale.order", "search_count", {"domain": []})[0] == 200
    assert time.monotonic() - started >= 0.3
    assert json2(fresh, "sale.order", "search_read", {"domain": [], "limit": 1})[0] == 200


def test_run_demo_server_prints_its_address_and_stops_on_sigterm() -> None:
    code = (
        "from carteira_gui.adapters.odoo.server import run_demo_server\n"
        "run_demo_server('127.0.0.1', 0, 80, 7, 'demo', 'admin', 'segredo')\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert line.startswith("listening on http://127.0.0.1:")
            port = int(line.rsplit(":", 1)[1])
            odoo = odoorpc.ODOO("127.0.0.1", port=port, timeout=10)
            odoo.login("demo", "admin", "segredo")
            assert odoo.execute_kw("sale.order.line", "search_count", [[]]) > 80
            process.terminate()
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

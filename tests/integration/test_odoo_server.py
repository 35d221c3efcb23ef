"""The local Odoo server answers the real odoorpc client and raw JSON-2 requests over 127.0.0.1 as real Odoo does.

As Odoo 17 by default (JSON-RPC only), as Odoo 19 when asked (JSON-2 too). The texts and shapes checked here
are those of the Odoo 17.0 and 19.0 sources (``odoo/models.py``, ``odoo/osv/expression.py``,
``odoo/orm/domains.py``, ``odoo/http.py``, ``odoo/service/model.py``, ``addons/rpc``).
"""

from __future__ import annotations

import http.client
import json
import socket
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

PAGE_404 = "The requested URL was not found on the server"


@pytest.fixture(scope="module")
def server() -> Iterator[OdooTestServer]:
    with OdooTestServer(generate(400, 2), host="127.0.0.1", port=0) as srv:
        yield srv


@pytest.fixture(scope="module")
def server19() -> Iterator[OdooTestServer]:
    with OdooTestServer(generate(400, 2), odoo_version=19, languages=("en_US", "es_AR")) as srv:
        yield srv


@pytest.fixture
def fresh(server: OdooTestServer) -> OdooTestServer:
    server.reset()
    return server


@pytest.fixture
def fresh19(server19: OdooTestServer) -> OdooTestServer:
    server19.reset()
    return server19


def login(srv: OdooTestServer, password: str = "admin", db: str = "demo") -> Any:
    odoo = odoorpc.ODOO("127.0.0.1", port=srv.port, timeout=10)
    odoo.login(db, "admin", password)
    return odoo


def rpc_error(call: Any) -> dict[str, Any]:
    with pytest.raises(odoorpc.error.RPCError) as caught:
        call()
    info = caught.value.info
    assert isinstance(info, dict)
    return info


def json2(
    srv: OdooTestServer,
    model: str,
    method: str,
    body: dict[str, Any],
    key: str = "admin",
    db: str | None = "demo",
) -> tuple[int, Any]:
    headers = {"Authorization": f"bearer {key}", "Content-Type": "application/json"}
    if db is not None:
        headers["X-Odoo-Database"] = db
    request = urllib.request.Request(
        f"{srv.url}/json/2/{model}/{method}", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            raw = exc.read().decode()
            content_type = exc.headers.get("Content-Type", "")
        if "json" in content_type:
            return exc.code, json.loads(raw)
        return exc.code, raw


def raw(srv: OdooTestServer, method: str, path: str, body: bytes = b"") -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        connection.request(method, path, body=body or None, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def test_it_listens_on_loopback_only(server: OdooTestServer) -> None:
    assert server.host == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert server.port > 0


def test_odoorpc_logs_in_and_reads(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    assert odoo.version == "17.0-20240709"  # a packaged Odoo 17, as real servers report it
    rows = odoo.execute_kw(
        "sale.order.line",
        "search_read",
        [[["order_id.state", "in", ["sale"]]]],
        {"fields": ["order_id", "product_id", "product_uom_qty"], "limit": 5, "order": "id"},
    )
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "order_id", "product_id", "product_uom_qty"}
    assert isinstance(rows[0]["order_id"], list)
    bare = odoo.execute_kw("sale.order.line", "read", [[rows[0]["id"]]], {"fields": ["order_id"], "load": None})
    assert bare == [{"id": rows[0]["id"], "order_id": rows[0]["order_id"][0]}]
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


def test_read_leaves_out_ids_that_no_longer_exist(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    rows = odoo.execute_kw("res.partner", "read", [[1, 99999, 2]], {"fields": ["name"]})
    assert [row["id"] for row in rows] == [1, 2]


def test_a_method_returning_none_answers_without_result(fresh: OdooTestServer) -> None:
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 7,
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": ["demo", 2, "admin", "sale.order.line", "flush_model", [[]], {}],
        },
    }
    status, _type, body = raw(fresh, "POST", "/jsonrpc", json.dumps(payload).encode())
    assert status == 200
    assert json.loads(body) == {"jsonrpc": "2.0", "id": 7}
    assert login(fresh).execute_kw("sale.order.line", "flush_model", [[]]) is None


def test_fields_get_gives_the_selection(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    described = odoo.execute_kw("sale.order", "fields_get", [], {"allfields": ["state"], "attributes": ["selection"]})
    assert [value for value, _label in described["state"]["selection"]] == ["draft", "sent", "sale", "cancel"]


def test_wrong_password_and_wrong_database(fresh: OdooTestServer) -> None:
    with pytest.raises(odoorpc.error.RPCError, match="Wrong login"):
        login(fresh, password="errada")
    info = rpc_error(lambda: login(fresh, db="outra"))
    assert info["data"]["name"] == "psycopg2.OperationalError"
    assert 'database "outra" does not exist' in info["data"]["message"]


def test_errors_have_odoo_17s_shape_and_texts(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    info = rpc_error(lambda: odoo.execute_kw("sale.order.line", "read", [[1]], {"fields": ["x_nao_existe"]}))
    assert (info["code"], info["message"]) == (200, "Odoo Server Error")
    assert info["data"]["name"] == "builtins.ValueError"
    assert info["data"]["message"] == "Invalid field 'x_nao_existe' on model 'sale.order.line'"
    assert info["data"]["arguments"] == [info["data"]["message"]]
    assert info["data"]["debug"].startswith("Traceback")
    info = rpc_error(lambda: odoo.execute_kw("sale.order.line", "search", [[["nope", "=", 1]]]))
    assert info["data"]["message"] == "Invalid field sale.order.line.nope in leaf ('nope', '=', 1)"
    info = rpc_error(lambda: odoo.execute_kw("sale.order.line", "search", [["|", ["id", "=", 1]]]))
    assert info["data"]["message"] == "Domain ['|', ['id', '=', 1]] is syntactically not correct."
    info = rpc_error(lambda: odoo.execute_kw("account.move", "search", [[]]))
    assert (info["data"]["name"], info["data"]["message"]) == (
        "odoo.exceptions.UserError",
        "Object account.move doesn't exist",
    )
    info = rpc_error(lambda: odoo.execute_kw("sale.order", "_read_group", [[]]))
    assert info["data"]["name"] == "odoo.exceptions.AccessError"
    assert info["data"]["message"] == "Private methods (such as _read_group) cannot be called remotely."
    # A wrong password on a call (not on login) is AccessDenied; an unknown uid is a MissingError.
    odoo._password = "outra"
    assert rpc_error(lambda: odoo.execute("sale.order", "search", []))["data"]["name"] == "odoo.exceptions.AccessDenied"
    odoo._password = "admin"
    odoo._env._uid = 99
    info = rpc_error(lambda: odoo.execute("sale.order", "search", []))
    assert info["data"]["name"] == "odoo.exceptions.MissingError"
    assert "res.users(99,)" in info["data"]["message"]


def test_odoo_17_ignores_a_language_that_is_not_active(fresh: OdooTestServer) -> None:
    odoo = login(fresh)
    assert odoo.execute_kw("sale.order", "search_count", [[]], {"context": {"lang": "fr_FR"}}) > 0


def test_a_body_that_is_not_json_is_http_400_text(fresh: OdooTestServer) -> None:
    status, content_type, body = raw(fresh, "POST", "/jsonrpc", b"{nao e json")
    assert (status, body) == (400, b"Invalid JSON data")
    assert content_type.startswith("text/html")


def test_odoo_17_has_neither_json2_nor_web_version(fresh: OdooTestServer) -> None:
    status, content_type, body = raw(fresh, "GET", "/web/version")
    assert status == 404
    assert content_type.startswith("text/html")
    assert PAGE_404 in body.decode()
    status, page = json2(fresh, "sale.order.line", "search_count", {"domain": []})
    assert status == 404
    assert PAGE_404 in page


def test_odoo_19_over_odoorpc(fresh19: OdooTestServer) -> None:
    odoo = login(fresh19)
    assert odoo.version.startswith("19.0+")
    line = odoo.execute_kw("sale.order.line", "search_read", [[["product_id", "!=", False]]], {"limit": 1})[0]
    assert "product_uom_id" in line
    assert "product_uom" not in line
    info = rpc_error(lambda: odoo.execute_kw("sale.order.line", "read", [[1]], {"fields": ["x"]}))
    assert info["code"] == 0
    assert info["data"]["message"] == "Invalid field 'x' on 'sale.order.line'"
    info = rpc_error(lambda: odoo.execute_kw("sale.order.line", "search", [[["nope", "=", 1]]]))
    assert info["data"]["message"] == "Invalid field sale.order.line.nope in condition ('nope', '=', 1)"
    info = rpc_error(lambda: odoo.execute_kw("sale.order", "search", [[]], {"context": {"lang": "pt_BR"}}))
    assert (info["data"]["name"], info["data"]["message"]) == (
        "odoo.exceptions.UserError",
        "Invalid language code: pt_BR",
    )
    assert odoo.execute_kw("sale.order", "search_count", [[]], {"context": {"lang": "es_AR"}}) > 0


def test_json2_named_arguments(fresh19: OdooTestServer) -> None:
    status, rows = json2(
        fresh19,
        "sale.order.line",
        "search_read",
        {"domain": [["id", ">", 10]], "fields": ["order_id"], "limit": 3, "order": "id"},
    )
    assert status == 200
    assert [r["id"] for r in rows] == [11, 12, 13]
    status, rows = json2(fresh19, "sale.order", "read", {"ids": [2, 1], "fields": ["name"]})
    assert [r["id"] for r in rows] == [2, 1]
    assert json2(fresh19, "sale.order.line", "search_count", {"domain": []}) == (200, 400)
    assert json2(fresh19, "sale.order.line", "flush_model", {"ids": []}) == (200, None)
    assert fresh19.calls[("sale.order.line", "search_read")] == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "name", "message"),
    [
        ({"key": "errada"}, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey"),
        ({"model": "account.move"}, 404, "werkzeug.exceptions.NotFound", "the model 'account.move' does not exist"),
        (
            {"body": {"domain": [], "fields": ["x_y"]}},
            500,
            "builtins.ValueError",
            "Invalid field 'x_y' on 'sale.order.line'",
        ),
        (
            {"body": {"domain": [], "context": {"lang": "pt_BR"}}},
            422,
            "odoo.exceptions.UserError",
            "Invalid language code: pt_BR",
        ),
        ({"body": {"domain": [], "limite": 3}}, 422, "builtins.TypeError", None),
        (
            {"body": {"ids": [1], "domain": []}},
            422,
            "werkzeug.exceptions.UnprocessableEntity",
            "cannot call sale.order.line.search_read with ids",
        ),
    ],
)
def test_json2_errors(
    fresh19: OdooTestServer, kwargs: dict[str, Any], status: int, name: str, message: str | None
) -> None:
    model = kwargs.pop("model", "sale.order.line")
    body = kwargs.pop("body", {"domain": []})
    got_status, error = json2(fresh19, model, "search_read", body, **kwargs)
    assert got_status == status
    assert error["name"] == name
    assert set(error) == {"name", "message", "arguments", "context", "debug"}
    if message is not None:
        assert error["message"] == message
    # Odoo adds the status to the arguments of an HTTP error (serialize_exception(..., arguments=(msg, code))).
    expected = [error["message"], status] if name.startswith("werkzeug.") else [error["message"]]
    assert error["arguments"] == expected


def test_json2_to_a_database_that_is_not_there_is_odoo_19s_html_page(fresh19: OdooTestServer) -> None:
    status, page = json2(fresh19, "sale.order.line", "search_count", {"domain": []}, db="outra")
    assert status == 404
    assert "No database is selected" in page
    assert json2(fresh19, "sale.order.line", "search_count", {"domain": []}, db=None) == (200, 400)


def test_a_denied_model_is_an_access_error(fresh19: OdooTestServer) -> None:
    with OdooTestServer(generate(50, 1), odoo_version=19, denied_models=("res.partner",)) as srv:
        status, error = json2(srv, "res.partner", "read", {"ids": [1], "fields": ["name"]})
    assert (status, error["name"]) == (403, "odoo.exceptions.AccessError")


def test_web_version_as_odoo_19(fresh19: OdooTestServer) -> None:
    with urllib.request.urlopen(f"{fresh19.url}/web/version", timeout=10) as response:
        answer = json.loads(response.read())
    assert answer["version"].startswith("19.0+")
    assert answer["version_info"][:2] == [19, 0]


def test_faults_fire_on_the_nth_matching_call(fresh19: OdooTestServer) -> None:
    fault = fresh19.faults.http_status(503, nth=2, times=1, method="search_count")
    assert json2(fresh19, "sale.order", "search_count", {"domain": []})[0] == 200
    status, page = json2(fresh19, "sale.order", "search_count", {"domain": []})
    assert status == 503
    assert "Service Unavailable" in page
    assert json2(fresh19, "sale.order", "search_count", {"domain": []})[0] == 200
    assert (fault.seen, fault.fired) == (3, 1)
    assert fresh19.calls[("sale.order", "search_count")] == 3


def raw_post(srv: OdooTestServer, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    connection.request("POST", path, body=b"{}", headers={"Content-Type": "application/json"})
    try:
        return connection.getresponse()
    finally:
        connection.close()


def test_drop_truncate_garble_and_odoo_error(fresh19: OdooTestServer) -> None:
    fresh19.faults.drop_connection(method="search_count")
    with pytest.raises(http.client.RemoteDisconnected):
        raw_post(fresh19, "/json/2/sale.order/search_count")
    fresh19.faults.clear()
    fresh19.faults.truncate(method="search_count")
    response = raw_post(fresh19, "/json/2/sale.order/search_count")
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    response.close()
    fresh19.faults.clear()
    fresh19.faults.garble(method="search_count")
    response = raw_post(fresh19, "/json/2/sale.order/search_count")
    body = response.read()
    response.close()
    with pytest.raises(ValueError):  # noqa: PT011 - json or UTF-8, both are ValueError
        json.loads(body)
    fresh19.faults.clear()
    fresh19.faults.odoo_error("odoo.exceptions.UserError", "Pedido bloqueado", method="search_count")
    status, error = json2(fresh19, "sale.order", "search_count", {"domain": []})
    assert (status, error["message"]) == (422, "Pedido bloqueado")


def test_latency_delays_answers(fresh19: OdooTestServer) -> None:
    fresh19.faults.latency(0.3, method="search_count")
    started = time.monotonic()
    assert json2(fresh19, "sale.order", "search_count", {"domain": []})[0] == 200
    assert time.monotonic() - started >= 0.3
    assert json2(fresh19, "sale.order", "search_read", {"domain": [], "limit": 1})[0] == 200


def test_a_delay_per_call_survives_a_reset() -> None:
    with OdooTestServer(generate(20, 1), delay_s=0.2) as srv:
        srv.reset()
        started = time.monotonic()
        login(srv)
        assert time.monotonic() - started >= 0.4  # version_info, login and context_get, each delayed


def test_run_demo_server_prints_its_address_and_stops_on_sigterm() -> None:
    code = (
        "from carteira_gui.adapters.odoo.server import run_demo_server\n"
        "run_demo_server('127.0.0.1', 0, 80, 7, 'demo', 'admin', 'segredo', odoo_version=19)\n"
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
            assert odoo.version.startswith("19.0")
            assert odoo.execute_kw("sale.order.line", "search_count", [[]]) > 80
            process.terminate()
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("version", [17, 19])
def test_answers_are_written_as_each_version_writes_them(version: int) -> None:
    # Odoo 17's make_json_response uses json.dumps (", " and ": "); Odoo 19's uses orjson (compact). The fetch
    # reads the last id of a page before decoding it, in both.
    with OdooTestServer(generate(50, 1), odoo_version=version) as srv:
        uid = json.loads(raw(srv, "POST", "/jsonrpc", login_body())[2])["result"]
        query = {"domain": [], "fields": ["order_id"], "limit": 2, "order": "id", "load": None}
        body = execute_kw_body(uid, "sale.order.line", "search_read", [], query)
        status, _, answer = raw(srv, "POST", "/jsonrpc", body)
    assert status == 200
    assert answer.startswith(b'{"jsonrpc": "2.0", "id": ' if version == 17 else b'{"jsonrpc":"2.0","id":')
    assert (b'"order_id": ' if version == 17 else b'"order_id":') in answer
    assert answer.endswith(b"]}")


@pytest.mark.parametrize("version", [17, 19])
def test_every_answer_closes_its_connection_as_werkzeug_does(version: int) -> None:
    # Odoo's own server (werkzeug 2.2 for Odoo 17, 3.x for 19) answers in HTTP/1.1 but closes the connection
    # after each answer, keep-alive asked for or not: a client opens a connection per request. Measured
    # figures of the fetch depend on it.
    with OdooTestServer(generate(20, 1), odoo_version=version) as srv:
        body = login_body()
        head = "POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        request = (head + f"Connection: keep-alive\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
            sock.sendall(request)
            received = b""
            while chunk := sock.recv(65536):  # the server's close ends it; a kept connection times out here
                received += chunk
    head_text, _, answer = received.partition(b"\r\n\r\n")
    lines = head_text.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "Connection: close" in lines[1:]
    assert json.loads(answer)["result"] == 2


def login_body() -> bytes:
    params = {"service": "common", "method": "login", "args": ["demo", "admin", "admin"]}
    return json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()


def execute_kw_body(uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> bytes:
    params = {"service": "object", "method": "execute_kw", "args": ["demo", uid, "admin", model, method, args, kwargs]}
    return json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 2}).encode()

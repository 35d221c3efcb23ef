"""Every fetch fault, end to end: ``apply --odoo --yes`` gets the right message and retries, the database is unchanged.

The source-level tests (tests/integration/test_odoo_faults.py) check each error type, retry count and secret
scrubbing on both transports. Here the same faults, injected by the local Odoo server, go through the whole
command line against a seeded database (SQLite and PostgreSQL): exit status 1, one sentence on stderr, the
retries the fault deserves (counted by the server), and ``state --json`` and ``history`` exactly as before.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.demo import build_demo
from carteira_gui.adapters.odoo.server import FaultInjector, OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.services.ports import CancelToken, FetchProgress
from carteira_gui.services.sync import SyncOptions, compute_plan

from .helpers import (
    FAST_ODOO,
    Procs,
    assert_clear_error,
    cli,
    free_port,
    odoo_env,
    state_json,
    wait_until,
    write_json,
    write_settings,
)

PASSWORD = "Odoo-Senha-Falhas-4417"
LINES = ("sale.order.line", "search_read")


@pytest.fixture(scope="module")
def demo() -> tuple[dict[str, object], Any]:
    return build_demo(300, 7)


@pytest.fixture(scope="module")
def server(demo) -> Iterator[OdooTestServer]:
    with OdooTestServer(demo[1], password=PASSWORD) as srv:
        yield srv


@pytest.fixture
def srv(server: OdooTestServer) -> OdooTestServer:
    server.reset()
    return server


@pytest.fixture
def seeded(db_url, tmp_path, demo) -> dict[str, Any]:
    code, _out, err = cli("--db", db_url, "seed", write_json(tmp_path / "ontem.json", demo[0]))
    assert code == 0, err
    return state_json(db_url)


@dataclasses.dataclass(frozen=True)
class Fault:
    """One fault: how to arm it, what the person reads, how often the server was asked."""

    arm: Callable[[FaultInjector], object] = lambda _f: None
    url: Callable[[OdooTestServer], str] = lambda s: s.url
    password: str = PASSWORD
    settings: dict[str, Any] = dataclasses.field(default_factory=dict)
    needles: tuple[str, ...] = ()
    calls: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict)


RETRIES = FAST_ODOO["retries"]
ATTEMPTS = f"depois de {RETRIES + 1} tentativas"

FAULTS: dict[str, Fault] = {
    "unreachable-host": Fault(
        url=lambda s: "http://odoo.invalid:8069",
        needles=("Não foi possível conectar", "nome do servidor não encontrado"),
    ),
    "connection-refused": Fault(
        url=lambda s: f"http://127.0.0.1:{free_port()}",
        needles=("Não foi possível conectar", "conexão recusada"),
    ),
    "tls-failure": Fault(url=lambda s: s.url.replace("http://", "https://"), needles=("TLS",)),
    "timeout": Fault(
        arm=lambda f: f.latency(1.0, method="search_count", times=0),
        settings={"timeout_s": 0.3},
        needles=("não respondeu em 0.3 s", ATTEMPTS),
        calls={("sale.order.line", "search_count"): RETRIES + 1},
    ),
    "http-500": Fault(
        arm=lambda f: f.http_status(500, method="search_read", nth=2),
        needles=("HTTP 500",),
        calls={LINES: 2},
    ),
    "http-502": Fault(
        arm=lambda f: f.http_status(502, method="search_read", nth=2, times=0),
        needles=("HTTP 502", ATTEMPTS),
        calls={LINES: 1 + RETRIES + 1},
    ),
    "http-503": Fault(
        arm=lambda f: f.http_status(503, method="search_read", nth=2, times=0),
        needles=("HTTP 503", ATTEMPTS),
        calls={LINES: 1 + RETRIES + 1},
    ),
    "odoo-error": Fault(
        arm=lambda f: f.odoo_error("builtins.KeyError", "'x' is not in cache", model="sale.order", method="read"),
        needles=("respondeu com um erro", "KeyError"),
        calls={("sale.order", "read"): 1},
    ),
    "wrong-login": Fault(
        password="senha-errada",
        needles=("recusou o usuário 'admin'",),
        calls={("common", "login"): 1},
    ),
    "dropped-before-answer": Fault(
        arm=lambda f: f.drop_connection(method="search_read", nth=2, times=0),
        needles=("caiu antes da resposta", ATTEMPTS),
        calls={LINES: 1 + RETRIES + 1},
    ),
    "dropped-in-the-middle-of-a-page": Fault(
        arm=lambda f: f.truncate(method="search_read", nth=2, times=0),
        needles=("chegou incompleta", ATTEMPTS),
        calls={LINES: 1 + RETRIES + 1},
    ),
    "garbled-answer": Fault(
        arm=lambda f: f.garble(method="search_read", nth=2),
        needles=("resposta inválida",),
        calls={LINES: 2},
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fetch_fault_gives_its_message_and_retries_and_changes_nothing(
    name, db_url, seeded, srv: OdooTestServer, tmp_path, monkeypatch
):
    fault = FAULTS[name]
    fault.arm(srv.faults)
    settings = write_settings(tmp_path / "settings.toml", **fault.settings)
    for key, value in odoo_env(fault.url(srv), fault.password, settings).items():
        monkeypatch.setenv(key, value)
    code, out, err = cli("--db", db_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert (code, out) == (1, ""), err
    assert_clear_error(err, "Nada foi alterado", *fault.needles)
    if RETRIES + 1 > 1 and ATTEMPTS not in fault.needles:
        assert "tentativas" not in err  # not retried: the same request cannot succeed
    assert PASSWORD not in err
    calls = srv.calls
    for key, expected in fault.calls.items():
        assert calls[key] == expected, calls
    assert state_json(db_url) == seeded


def test_without_a_fault_the_same_command_changes_the_carteira(db_url, seeded, srv, tmp_path, monkeypatch):
    """The control of the table above: the seeded database and the server do make a sync."""
    for key, value in odoo_env(srv.url, PASSWORD, write_settings(tmp_path / "s.toml")).items():
        monkeypatch.setenv(key, value)
    code, out, err = cli("--db", db_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert code == 0, err
    assert "aplicada" in out
    after = state_json(db_url)
    assert after["history"] == 1
    assert after["carteira"] != seeded["carteira"]


def test_a_transient_fault_is_retried_and_the_sync_lands_as_without_it(db_url, seeded, srv, tmp_path, monkeypatch):
    for key, value in odoo_env(srv.url, PASSWORD, write_settings(tmp_path / "s.toml")).items():
        monkeypatch.setenv(key, value)
    code, plain, err = cli("--db", db_url, "plan", "--odoo", "--json")
    assert code == 2, err
    srv.reset_calls()
    srv.faults.http_status(503, method="search_read", nth=2, times=1)
    srv.faults.truncate(model="sale.order", method="read", times=1)
    code, faulty, err = cli("--db", db_url, "plan", "--odoo", "--json")
    assert code == 2, err
    assert {**json.loads(faulty), "gerado_em": None} == {**json.loads(plain), "gerado_em": None}
    assert srv.calls[("sale.order", "read")] >= 2
    code, _out, err = cli("--db", db_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert code == 0, err
    assert state_json(db_url)["history"] == 1


@pytest.mark.slow
def test_ctrl_c_in_the_middle_of_the_fetch_changes_nothing(db_url, seeded, srv, tmp_path, procs: Procs):
    srv.faults.latency(60, method="search_read", nth=2)
    env = odoo_env(srv.url, PASSWORD, write_settings(tmp_path / "s.toml"), db_url)
    proc = procs.start("apply", "--odoo", "--yes", "--allow-mass-removal", env=env)
    # The second page is being fetched (the server holds its answer): interrupt as a person would.
    assert wait_until(lambda: srv.calls[LINES] >= 2 or proc.popen.poll() is not None, 60), proc.err
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(30) == 1
    assert proc.err.strip() == "Interrompido. Nada foi alterado."
    assert proc.out == ""
    assert state_json(db_url) == seeded


def test_cancelling_the_fetch_from_the_window_changes_nothing(db_url, seeded, srv):
    """The window cancels through a token (checked between pages): the plan is never computed nor applied."""
    token = CancelToken()
    pages: list[FetchProgress] = []

    def progress(step: FetchProgress) -> None:
        pages.append(step)
        if len(pages) == 2:
            token.cancel()

    settings = OdooSettings(url=srv.url, database="demo", user="admin", password=PASSWORD, page_size=50)
    engine = open_database(db_url)
    try:
        with pytest.raises(FetchCancelled, match="Nada foi alterado"):
            compute_plan(SqlUnitOfWork(engine), OdooSource(settings), SyncOptions(), progress, token)
    finally:
        engine.dispose()
    # Cancelled as the first page was reported; the next may be on their way already (the sending thread asks
    # for each page as the one before comes in), never one asked for after the cancellation.
    assert 1 <= srv.calls[LINES] <= 3
    assert state_json(db_url) == seeded

"""End to end, as support would run it: ``carteira-sync demo-odoo`` in its own process, then the command
line against it: seed, plan --odoo, apply --odoo, report, and a second plan that is empty.

The demo server plays Odoo 17 by default (JSON-RPC) and Odoo 19 with ``--odoo-version 19`` (JSON-RPC and
JSON-2). Its data is as untidy as a real Odoo's: contact persons, lines in Dúzias and grams, sections, notes,
down payments, services, discounts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.demo import build_demo, open_source_lines

EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"
PASSWORD = "s3nh4-demo"


def serve(*extra: str) -> Iterator[str]:
    """Run ``carteira-sync demo-odoo`` until the test ends; yield its URL."""
    proc = subprocess.Popen(
        [EXE, "demo-odoo", "--port", "0", "--lines", "300", "--seed", "7", "--password", PASSWORD, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", first)
        assert match, first + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == 0  # SIGTERM is a clean stop


@pytest.fixture
def demo_server() -> Iterator[str]:
    """The demo Odoo as Odoo 17 (the default)."""
    yield from serve()


@pytest.fixture
def demo_server19() -> Iterator[str]:
    """The demo Odoo as Odoo 19."""
    yield from serve("--odoo-version", "19")


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120)


def odoo_env(url: str, protocol: str, tmp_path: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        CARTEIRA_DB_URL=f"sqlite:///{tmp_path / 'carteira.sqlite3'}",
        CARTEIRA_ODOO_URL=url,
        CARTEIRA_ODOO_DB="demo",
        CARTEIRA_ODOO_USER="admin",
        CARTEIRA_ODOO_PROTOCOL=protocol,
    )
    env["CARTEIRA_ODOO_PASSWORD" if protocol == "jsonrpc" else "CARTEIRA_ODOO_API_KEY"] = PASSWORD
    return env


def demo_sync(url: str, protocol: str, tmp_path: Path) -> None:
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(build_demo(300, 7)[0]), encoding="utf-8")
    env = odoo_env(url, protocol, tmp_path)
    assert cli(env, "seed", str(state_file)).returncode == 0
    planned = cli(env, "plan", "--odoo", "--json")
    assert planned.returncode == 2, planned.stderr
    summary = json.loads(planned.stdout)["summary"]
    assert all(summary[kind] > 0 for kind in ("REDUCAO", "AUMENTO", "NOVO", "REMOVIDO", "ALTERADO"))
    assert summary["alertas"]["CRITICO"] >= 1
    applied = cli(env, "apply", "--odoo", "--yes", "--allow-mass-removal", "--by", "demo")
    assert applied.returncode == 0, applied.stderr
    again = cli(env, "plan", "--odoo")
    assert again.returncode == 0, again.stderr + again.stdout
    report = cli(env, "report", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    assert report.returncode == 0, report.stderr
    alerts = json.loads(cli(env, "alerts", "--json").stdout)
    assert any(a["nivel"] == "CRITICO" for a in alerts)
    for result in (planned, applied, again, report):
        assert PASSWORD not in result.stdout + result.stderr


def test_a_demo_sync_over_json_rpc_against_odoo_17(demo_server: str, tmp_path: Path) -> None:
    demo_sync(demo_server, "jsonrpc", tmp_path)


@pytest.mark.parametrize("protocol", ["jsonrpc", "json2"])
def test_a_demo_sync_against_odoo_19(demo_server19: str, protocol: str, tmp_path: Path) -> None:
    demo_sync(demo_server19, protocol, tmp_path)


def test_json2_against_odoo_17_says_to_choose_json_rpc(demo_server: str, tmp_path: Path) -> None:
    # Finding 6: not "HTTP 404… confira o endereço", but what JSON-2 needs and what to choose.
    result = cli(odoo_env(demo_server, "json2", tmp_path), "plan", "--odoo")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "JSON-2" in lines[0]
    assert "Odoo 19" in lines[0]
    assert "JSON-RPC" in lines[0]
    assert "Nada foi alterado" in lines[0]
    assert "404" not in lines[0]


def test_plan_json_keeps_the_summed_lines_of_an_odoo_fetch(demo_server: str, tmp_path: Path) -> None:
    # Finding 8: a key summed from several Odoo lines says so in the JSON plan as in the text plan.
    env = odoo_env(demo_server, "jsonrpc", tmp_path)
    summed = {key: line.linhas for key, line in open_source_lines(build_demo(300, 7)[1]).items() if line.linhas > 1}
    assert summed, "the demo has the same product twice on an order"
    planned = cli(env, "plan", "--odoo", "--json")
    assert planned.returncode == 2, planned.stderr
    changes = {(c["num_pedido"], c["cod_produto"]): c for c in json.loads(planned.stdout)["changes"]}
    assert {key: changes[key].get("linhas_somadas") for key in summed} == summed
    assert all("linhas_somadas" not in c for key, c in changes.items() if key not in summed)
    text = cli(env, "plan", "--odoo").stdout
    for (pedido, produto), count in summed.items():
        assert re.search(rf"{pedido}/{re.escape(produto)}: .*\[{count} linhas do Odoo somadas\]", text)


def test_a_wrong_password_is_one_sentence_and_changes_nothing(demo_server: str, tmp_path: Path) -> None:
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(build_demo(300, 7)[0]), encoding="utf-8")
    env = odoo_env(demo_server, "jsonrpc", tmp_path)
    env["CARTEIRA_ODOO_PASSWORD"] = "errada-123"
    assert cli(env, "seed", str(state_file)).returncode == 0
    before = cli(env, "state", "--json").stdout
    result = cli(env, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "errada-123" not in result.stderr
    assert cli(env, "state", "--json").stdout == before

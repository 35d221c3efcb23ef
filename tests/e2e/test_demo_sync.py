"""End to end, as support would run it: ``carteira-sync demo-odoo`` in its own process, then the command
line against it over both transports: seed, plan --odoo, apply --odoo, report, and a second plan that is empty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.demo import build_demo

EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"


@pytest.fixture
def demo_server():
    proc = subprocess.Popen(
        [EXE, "demo-odoo", "--port", "0", "--lines", "300", "--seed", "7", "--password", "s3nh4-demo"],
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


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("protocol", ["jsonrpc", "json2"])
def test_a_demo_sync_over_the_real_command_line(demo_server, protocol, tmp_path):
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(build_demo(300, 7)[0]), encoding="utf-8")
    env = dict(
        os.environ,
        CARTEIRA_DB_URL=f"sqlite:///{tmp_path / 'carteira.sqlite3'}",
        CARTEIRA_ODOO_URL=demo_server,
        CARTEIRA_ODOO_DB="demo",
        CARTEIRA_ODOO_USER="admin",
        CARTEIRA_ODOO_PROTOCOL=protocol,
    )
    env["CARTEIRA_ODOO_PASSWORD" if protocol == "jsonrpc" else "CARTEIRA_ODOO_API_KEY"] = "s3nh4-demo"
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
        assert "s3nh4-demo" not in result.stdout + result.stderr


def test_a_wrong_password_is_one_sentence_and_changes_nothing(demo_server, tmp_path):
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(build_demo(300, 7)[0]), encoding="utf-8")
    env = dict(
        os.environ,
        CARTEIRA_DB_URL=f"sqlite:///{tmp_path / 'carteira.sqlite3'}",
        CARTEIRA_ODOO_URL=demo_server,
        CARTEIRA_ODOO_DB="demo",
        CARTEIRA_ODOO_USER="admin",
        CARTEIRA_ODOO_PASSWORD="errada-123",
    )
    assert cli(env, "seed", str(state_file)).returncode == 0
    before = cli(env, "state", "--json").stdout
    result = cli(env, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "errada-123" not in result.stderr
    assert cli(env, "state", "--json").stdout == before

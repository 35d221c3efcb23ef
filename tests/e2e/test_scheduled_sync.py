"""The scheduling example of docs/agendamento.md, run as written (the cron line) against the demo Odoo.

Yesterday's demo carteira, today's demo Odoo: the automatic run brings the new orders in by itself and
leaves the lines that hit planners' decisions (the CRÍTICO ones) untouched for a planner.
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

from carteira_gui.bootstrap import build_demo

ROOT = Path(__file__).resolve().parents[2]
EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"
PASSWORD = "s3nh4-agenda"


@pytest.fixture
def odoo() -> Iterator[str]:
    proc = subprocess.Popen(
        [EXE, "demo-odoo", "--port", "0", "--lines", "300", "--seed", "7", "--password", PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", proc.stdout.readline())
        assert match
        yield match.group(1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()


def _cron_command() -> str:
    text = (ROOT / "docs" / "agendamento.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```cron\n(.*?)```", text, flags=re.S)
    [entry] = [line for line in block.splitlines() if line and not line.startswith("#")]
    return entry.split(None, 5)[5]  # the five time fields, then the command


def test_the_cron_example_runs_as_written_and_holds_the_critico_lines(odoo: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "carteira-sync").mkdir(parents=True)
    (home / "carteira-sync" / ".venv").mkdir(parents=True)
    # The example's install folder is a venv in ~/carteira-sync: point it at the one running the tests.
    (home / "carteira-sync" / ".venv" / "bin").symlink_to(Path(EXE).parent)
    (home / ".config" / "carteira-sync" / "segredos.env").write_text(
        f"export CARTEIRA_ODOO_PASSWORD={PASSWORD}\n", encoding="utf-8"
    )
    db = f"sqlite:///{tmp_path / 'carteira.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CARTEIRA_")},
        "HOME": str(home),
        "CARTEIRA_DB_URL": db,
        "CARTEIRA_ODOO_URL": odoo,
        "CARTEIRA_ODOO_DB": "demo",
        "CARTEIRA_ODOO_USER": "admin",
    }
    state, _dataset = build_demo(300, 7)
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(state), encoding="utf-8")
    assert subprocess.run([EXE, "seed", str(state_file)], env=env, capture_output=True, timeout=60).returncode == 0

    run = subprocess.run(["/bin/sh", "-c", _cron_command()], env=env, capture_output=True, text=True, timeout=120)
    log = (home / "carteira-sync-auto.log").read_text(encoding="utf-8")
    assert run.returncode == 5, log
    assert "Sincronização automática #1 aplicada" in log
    assert "CRÍTICO" in log
    assert PASSWORD not in log

    plan = subprocess.run(
        [EXE, "plan", "--odoo", "--json"],
        env={**env, "CARTEIRA_ODOO_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plan.returncode == 2, plan.stderr
    left = json.loads(plan.stdout)
    # Only what a planner must see is left: every remaining change touches a decision or raises an alert.
    assert left["summary"]["NOVO"] == 0
    assert left["summary"]["alertas"]["CRITICO"] >= 1
    assert all(
        c["alertas"] or any(i["alvo"] != "SALDO_LIVRE" and i["qtd_antes"] != i["qtd_depois"] for i in c["impactos"])
        for c in left["changes"]
    )

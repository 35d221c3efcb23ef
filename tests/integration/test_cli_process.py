"""The installed console script as a real process: exit codes, no traceback, terminal confirmation."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .cli_helpers import WORKED_SOURCE, WORKED_STATE

EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"


def run(*args: str, env_db: str, **kwargs):
    env = dict(os.environ, CARTEIRA_DB_URL=env_db)
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=60, **kwargs)


@pytest.fixture
def files(tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps(WORKED_STATE), encoding="utf-8")
    source = tmp_path / "source.json"
    source.write_text(json.dumps(WORKED_SOURCE), encoding="utf-8")
    return state, source


def test_the_database_url_comes_from_the_environment_and_errors_have_no_traceback(sqlite_url, files, tmp_path):
    state, _source = files
    assert run("seed", str(state), env_db=sqlite_url).returncode == 0
    again = run("seed", str(state), env_db=sqlite_url)
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.json"
    broken.write_text('[{"num_pedido": "A"}]', encoding="utf-8")
    bad = run("plan", "--source", str(broken), env_db=sqlite_url)
    assert (bad.returncode, "Traceback" in bad.stderr) == (1, False)


def test_debug_shows_the_traceback(sqlite_url, tmp_path):
    result = run("--debug", "plan", "--source", str(tmp_path / "nope.json"), env_db=sqlite_url)
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_apply_asks_on_a_terminal_and_applies_on_yes(sqlite_url, files):
    state, source = files
    assert run("seed", str(state), env_db=sqlite_url).returncode == 0
    master, slave = pty.openpty()
    env = dict(os.environ, CARTEIRA_DB_URL=sqlite_url)
    proc = subprocess.Popen(
        [EXE, "apply", "--source", str(source), "--allow-mass-removal", "--by", "ana"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    os.close(slave)
    os.write(master, b"s\n")
    out, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0, err
    assert "Aplicar este plano?" in out
    assert "Sincronização #1 aplicada" in out
    history = json.loads(run("history", "--json", env_db=sqlite_url).stdout)
    assert history[0]["usuario"] == "ana"


def test_apply_on_a_terminal_answered_no_changes_nothing(sqlite_url, files):
    state, source = files
    assert run("seed", str(state), env_db=sqlite_url).returncode == 0
    before = run("state", "--json", env_db=sqlite_url).stdout
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [EXE, "apply", "--source", str(source), "--allow-mass-removal"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, CARTEIRA_DB_URL=sqlite_url),
        text=True,
    )
    os.close(slave)
    os.write(master, b"n\n")
    _out, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 1
    assert "Nada foi alterado" in err
    assert run("state", "--json", env_db=sqlite_url).stdout == before


@pytest.mark.parametrize(("debug", "shown"), [((), set()), (("--debug",), {"own", "driver"})])
def test_log_lines_reach_the_terminal_only_with_debug_and_always_the_log_file(sqlite_url, tmp_path, debug, shown):
    # psycopg logs "error ignored terminating <Pipeline>" when a connection drops mid-apply: the person
    # must see the command's one sentence, not the driver's log line before it.
    script = (
        "import logging, sys; from carteira_gui.cli import run; "
        "status = run([*sys.argv[1:], 'state']); "
        "logging.getLogger('psycopg').warning('driver'); "
        "logging.getLogger('carteira_gui.cli').warning('own'); "
        "sys.exit(status)"
    )
    env = dict(os.environ, CARTEIRA_DB_URL=sqlite_url, CARTEIRA_LOG_DIR=str(tmp_path / "log"))
    result = subprocess.run(
        [sys.executable, "-c", script, *debug], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split()[-1] for line in result.stderr.splitlines() if line.startswith("WARNING")}
    assert lines == shown
    logged = (tmp_path / "log" / "carteira-sync.log").read_text(encoding="utf-8")
    assert "WARNING psycopg" in logged
    assert "WARNING carteira_gui.cli" in logged

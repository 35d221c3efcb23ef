"""Usage errors of the command: one sentence and exit 1, never argparse's 2 (which ``plan`` uses for changes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"


def run(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CARTEIRA_DB_URL=db)
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["plan"], "--source"),
        (["plan", "--source"], "--source"),
        (["apply", "--yes"], "--source"),
        (["plan", "--source", "a.json", "--odoo"], "--odoo"),
        (["state", "--nope"], "--nope"),
        (["ack", "--by", "ana"], "ALERT_ID"),
        (["ack", "x", "--by", "ana"], "'x'"),
        (["report", "--format", "doc", "--output", "r.doc"], "doc"),
        (["frobnicate"], "frobnicate"),
        ([], "COMMAND"),
    ],
)
def test_a_usage_error_is_one_sentence_and_exit_1(args: list[str], names: str, sqlite_url: str) -> None:
    result = run(*args, db=sqlite_url)
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert names in lines[0]
    assert "Nada foi alterado" in lines[0]
    assert "--help" in lines[0]
    assert "usage:" not in result.stderr
    assert result.stdout == ""


def test_help_and_version_still_exit_0(sqlite_url: str) -> None:
    assert run("--help", db=sqlite_url).returncode == 0
    assert run("plan", "--help", db=sqlite_url).returncode == 0
    version = run("--version", db=sqlite_url)
    assert version.returncode == 0
    assert version.stdout.startswith("carteira-sync ")

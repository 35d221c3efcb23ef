"""Shared tools of the reliability tests: real ``carteira-sync`` processes, states read back, predictions."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import tomli_w
from sqlalchemy.engine import make_url

from carteira_gui.cli import run
from carteira_gui.domain.model import Snapshot
from carteira_gui.domain.parsing import parse_source_records, parse_state_document
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services import views

from ..fakes import applied

_EXE = shutil.which("carteira-sync", path=str(Path(sys.executable).parent))
#: How a test starts the command line as a real process.
COMMAND: list[str] = [_EXE] if _EXE else [sys.executable, "-m", "carteira_gui.cli"]

#: What a "clear" error looks like on stderr: one line, no traceback, no "bug" message, says what was kept.
NOT_A_BUG = "Erro inesperado"


def assert_clear_error(err: str, *needles: str) -> None:
    """``err`` is one sentence for a person: one line, no traceback, not a bug, names what was kept."""
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err, err
    assert NOT_A_BUG not in err, err
    assert "Nada foi" in err, err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"


class Proc:
    """A ``carteira-sync`` process in its own process group; stdout and stderr are collected by threads."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str]) -> None:
        self.args = list(args)
        self.popen = subprocess.Popen(
            [*COMMAND, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # its own process group: killed whole, never our pytest
        )
        self._out: list[str] = []
        self._err: list[str] = []
        self._changed = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read, args=(self.popen.stdout, self._out), daemon=True),
            threading.Thread(target=self._read, args=(self.popen.stderr, self._err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: Any, into: list[str]) -> None:
        for line in stream:
            with self._changed:
                into.append(line)
                self._changed.notify_all()
        stream.close()
        with self._changed:
            self._changed.notify_all()

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def out(self) -> str:
        with self._changed:
            return "".join(self._out)

    @property
    def err(self) -> str:
        with self._changed:
            return "".join(self._err)

    def wait_for_err(self, text: str, timeout: float) -> bool:
        """Wait until ``text`` shows on stderr; False when the process ended or ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while text not in "".join(self._err):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.popen.poll() is not None and not any(r.is_alive() for r in self._readers)):
                    return False
                self._changed.wait(min(remaining, 0.05))
        return True

    def wait(self, timeout: float = 120) -> int:
        """Wait for the exit status (and the whole output)."""
        code = self.popen.wait(timeout)
        for reader in self._readers:
            reader.join(10)
        return code

    def kill(self) -> None:
        """``kill -9`` the whole process group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def stop(self) -> None:
        """Kill if still running and reap (fixture teardown)."""
        if self.popen.poll() is None:
            self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.wait(30)


class Procs:
    """Starts processes for a test and kills whatever is left of them afterwards."""

    def __init__(self, base_env: Mapping[str, str] | None = None) -> None:
        self.base_env = dict(base_env or {})
        self.started: list[Proc] = []

    def start(self, *args: str | Path, env: Mapping[str, str] | None = None) -> Proc:
        # The environment of the moment: the test's isolated XDG folders, then the test's own variables.
        merged = {**os.environ, **self.base_env, **(env or {})}
        proc = Proc([str(a) for a in args], merged)
        self.started.append(proc)
        return proc

    def run(self, *args: str | Path, env: Mapping[str, str] | None = None, timeout: float = 120) -> Proc:
        proc = self.start(*args, env=env)
        proc.wait(timeout)
        return proc

    def close(self) -> None:
        for proc in self.started:
            proc.stop()


def cli(*args: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def state_json(db_url: str) -> dict[str, Any]:
    """``state --json`` plus the number of sync runs in ``history``: everything a sync can change."""
    code, out, err = cli("--db", db_url, "state", "--json")
    assert code == 0, err
    state = json.loads(out)
    code, out, err = cli("--db", db_url, "history", "--json")
    assert code == 0, err
    state["history"] = len(json.loads(out))
    return state


def allocations_and_lines(state: Mapping[str, Any]) -> dict[str, Any]:
    """The carteira and its allocations of a state document (what a prediction can say)."""
    return {name: state[name] for name in ("carteira", "pre_separacoes", "separacoes")}


def snapshot_of(state: Mapping[str, Any]) -> Snapshot:
    """A domain snapshot of a ``state --json`` document."""
    parsed = parse_state_document(allocations_and_lines(state), "estado")
    return Snapshot.build(parsed.lines, parsed.pre_separacoes, parsed.separacoes)


def predict(state: Mapping[str, Any], source_rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The carteira and allocations an apply of ``source_rows`` to ``state`` must leave (the domain's plan)."""
    before = snapshot_of(state)
    plan = plan_sync(before, parse_source_records(list(source_rows), "fonte"))
    after = applied(before, plan)
    return allocations_and_lines(views.state_json(after, []))


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as UTF-8 JSON (NaN and Infinity kept as JS literals, lone surrogates escaped)."""
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.002) -> bool:
    """Poll ``condition`` until it holds; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


class LockProbe:
    """Tells, from another connection, whether someone holds the sync lock of the database.

    PostgreSQL: a granted lock on the ``trava`` table by another backend (``SELECT … FOR UPDATE`` of an apply).
    SQLite: ``BEGIN IMMEDIATE`` without waiting fails with "database is locked" (released at once otherwise).
    """

    def __init__(self, db_url: str) -> None:
        self.url = make_url(db_url)
        self._sqlite: sqlite3.Connection | None = None
        self._engine: sa.Engine | None = None
        self._conn: sa.Connection | None = None
        if self.url.get_backend_name() == "sqlite":
            self._sqlite = sqlite3.connect(str(self.url.database), timeout=0, isolation_level=None)
        else:
            self._engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
            self._conn = self._engine.connect()

    def holders(self) -> list[int]:
        """PostgreSQL backend pids holding the lock (empty on SQLite)."""
        assert self._conn is not None
        return list(
            self._conn.exec_driver_sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND relation = 'trava'::regclass "
                "AND granted AND pid <> pg_backend_pid()"
            ).scalars()
        )

    def waiters(self) -> list[int]:
        """PostgreSQL backend pids waiting for a lock (an apply queued behind another)."""
        assert self._conn is not None
        return list(
            self._conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).scalars()
        )

    def held(self) -> bool:
        """Whether another connection holds the sync lock now."""
        if self._sqlite is None:
            return bool(self.holders())
        try:
            self._sqlite.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return True
            raise
        self._sqlite.execute("ROLLBACK")
        return False

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._conn is not None:
            self._conn.close()
        if self._engine is not None:
            self._engine.dispose()


def free_port() -> int:
    """A local port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


#: Odoo settings of the fault tests: quick retries, a few pages per fetch.
FAST_ODOO: dict[str, Any] = {
    "retries": 2,
    "retry_backoff_s": 0.001,
    "retry_backoff_max_s": 0.005,
    "timeout_s": 5.0,
    "page_size": 50,
    "batch_size": 100,
}


def write_settings(path: Path, **odoo: Any) -> Path:
    """A settings file whose ``[odoo]`` table is ``FAST_ODOO`` updated with ``odoo``."""
    path.write_text(tomli_w.dumps({"odoo": {**FAST_ODOO, **odoo}}), encoding="utf-8")
    return path


def odoo_env(url: str, password: str, settings: Path, db_url: str | None = None) -> dict[str, str]:
    """The ``CARTEIRA_*`` variables of an ``apply --odoo`` against ``url``."""
    env = {
        "CARTEIRA_ODOO_URL": url,
        "CARTEIRA_ODOO_DB": "demo",
        "CARTEIRA_ODOO_USER": "admin",
        "CARTEIRA_ODOO_PASSWORD": password,
        "CARTEIRA_SETTINGS": str(settings),
    }
    if db_url is not None:
        env["CARTEIRA_DB_URL"] = db_url
    return env


def with_pg_options(db_url: str, *options: str) -> str:
    """``db_url`` with more ``-c name=value`` server options for its sessions."""
    url = make_url(db_url)
    current = url.query.get("options", "")
    assert isinstance(current, str)
    joined = " ".join([current, *(f"-c{option}" for option in options)]).strip()
    return url.update_query_dict({"options": joined}).render_as_string(hide_password=False)


def seed(db_url: str, state: Mapping[str, Any]) -> None:
    """Load ``state`` (replacing everything) through the store, as ``seed --replace`` does.

    On PostgreSQL the session runs with triggers off (``session_replication_role=replica``): the revision
    trigger of ``carteira`` fires once per inserted row under executemany, which makes a 20,000-line seed
    take ~13 s instead of ~2 s. Test setup only; what is tested afterwards runs with every trigger.
    """
    from carteira_gui.adapters.db.engine import open_database
    from carteira_gui.adapters.db.uow import SqlUnitOfWork
    from carteira_gui.services.state import seed_state

    url = db_url if db_url.startswith("sqlite") else with_pg_options(db_url, "session_replication_role=replica")
    engine = open_database(url)
    try:
        seed_state(SqlUnitOfWork(engine), dict(state), "estado", replace=True, db_description="teste")
    finally:
        engine.dispose()

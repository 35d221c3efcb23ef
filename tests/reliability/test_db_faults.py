"""Database faults: a read-only database, a full disk, a lock held by another program, a lost connection.

Each one gives one clear sentence (exit status 1) and leaves the database exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench.generate import generate

from .helpers import (
    LockProbe,
    Procs,
    allocations_and_lines,
    assert_clear_error,
    cli,
    predict,
    state_json,
    wait_until,
    with_pg_options,
    write_json,
)
from .helpers import seed as load


def seed(db_url: str, state: dict[str, Any]) -> dict[str, Any]:
    load(db_url, state)
    return state_json(db_url)


def sqlite_path(db_url: str) -> Path:
    return Path(str(make_url(db_url).database))


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this process: ``chmod 444``, or ``chattr +i`` for root (who ignores modes)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root, and this file system cannot make a file immutable (chattr +i)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.fixture
def small(tmp_path) -> tuple[dict[str, Any], Path]:
    state, source = generate(400, 0.5, 3)
    return state, write_json(tmp_path / "fonte.json", source)


@contextlib.contextmanager
def read_only_role(db_url: str) -> Iterator[str]:
    """A PostgreSQL login that may read the test's schema but not write it; the URL that uses it."""
    role = f"leitor_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        yield make_url(db_url).set(username=role).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


def test_a_read_only_database_is_refused_in_one_sentence_and_unchanged(db_url, small, tmp_path):
    state, source = small
    before = seed(db_url, state)
    if db_url.startswith("sqlite"):
        with read_only_file(sqlite_path(db_url)):
            code, out, err = cli("--db", db_url, "apply", "--source", source, "--yes", "--allow-mass-removal")
        assert_clear_error(err, "somente leitura", "Nada foi alterado")
    else:
        # A PostgreSQL user that may only read (the shared database opened with the wrong login).
        with read_only_role(db_url) as reader:
            code, out, err = cli("--db", reader, "apply", "--source", source, "--yes", "--allow-mass-removal")
        assert_clear_error(err, "não tem permissão", "Nada foi alterado")
    assert (code, out) == (1, ""), err
    assert state_json(db_url) == before


@pytest.fixture
def tiny_filesystem(tmp_path) -> Iterator[Path]:
    """A 6 MB tmpfs mounted for the test (needs root and mount); unmounted afterwards."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("a tiny file system needs root and mount; the size-limited file test covers the full disk")
    folder = tmp_path / "disco"
    folder.mkdir()
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here ({done.stderr.decode(errors='replace').strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow
def test_a_full_disk_tiny_filesystem_refuses_the_apply_and_keeps_the_database(tiny_filesystem, procs: Procs):
    folder = tiny_filesystem
    db_url = f"sqlite:///{folder / 'carteira.sqlite3'}"
    state, source = generate(3000, 0.6, 5)
    source_file = write_json(folder.parent / "fonte.json", source)
    before = seed(db_url, state)
    # Fill the disk, leaving less room than the apply's journal needs.
    stats = os.statvfs(folder)
    filler = folder / "enchimento"
    with filler.open("wb") as stream:
        stream.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - 96 * 1024))
    proc = procs.run("apply", "--source", source_file, "--yes", "--allow-mass-removal", env={"CARTEIRA_DB_URL": db_url})
    assert proc.popen.returncode == 1, proc.out + proc.err
    assert_clear_error(proc.err, "está cheio", "Nada foi alterado")
    filler.unlink()
    assert state_json(db_url) == before
    # With room again, the same apply works: the failed one left nothing in the way.
    again = procs.run(
        "apply", "--source", source_file, "--yes", "--allow-mass-removal", env={"CARTEIRA_DB_URL": db_url}
    )
    assert again.popen.returncode == 0, again.err
    assert allocations_and_lines(state_json(db_url)) == predict(before, source)


def test_a_full_disk_size_limited_file_refuses_the_apply_and_keeps_the_database(sqlite_url, tmp_path):
    """Portable full disk: SQLite's ``max_page_count`` caps the file just above its current size."""
    state, source = generate(3000, 0.6, 5)
    source_file = write_json(tmp_path / "fonte.json", source)
    before = seed(sqlite_url, state)
    raw = sqlite3.connect(sqlite_path(sqlite_url))
    limit = raw.execute("PRAGMA page_count").fetchone()[0] + 2
    raw.close()

    def cap(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute(f"PRAGMA max_page_count={limit}")

    event.listen(sa.Engine, "connect", cap)
    try:
        code, out, err = cli("--db", sqlite_url, "apply", "--source", source_file, "--yes", "--allow-mass-removal")
    finally:
        event.remove(sa.Engine, "connect", cap)
    assert (code, out) == (1, ""), err
    assert_clear_error(err, "está cheio", "Nada foi alterado")
    assert state_json(sqlite_url) == before


def test_a_sqlite_database_locked_by_another_program_is_refused_after_a_bounded_wait(sqlite_url, small, monkeypatch):
    state, source = small
    before = seed(sqlite_url, state)
    other = sqlite3.connect(sqlite_path(sqlite_url), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setenv("CARTEIRA_DB_BUSY_TIMEOUT_S", "0.5")
    started = time.monotonic()
    try:
        code, out, err = cli("--db", sqlite_url, "apply", "--source", source, "--yes", "--allow-mass-removal")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert time.monotonic() - started < 8
    assert (code, out) == (1, ""), err
    assert_clear_error(err, "bloqueado por outro programa", "Nada foi alterado")
    assert state_json(sqlite_url) == before


def test_a_short_lock_by_another_program_is_waited_for(sqlite_url, small):
    state, source = small
    before = seed(sqlite_url, state)
    other = sqlite3.connect(sqlite_path(sqlite_url), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.7, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        code, _out, err = cli("--db", sqlite_url, "apply", "--source", source, "--yes", "--allow-mass-removal")
    finally:
        release.join()
        other.close()
    assert code == 0, err
    assert allocations_and_lines(state_json(sqlite_url)) == predict(before, json.loads(source.read_text()))


def test_a_bad_lock_wait_setting_is_one_sentence(sqlite_url, monkeypatch):
    monkeypatch.setenv("CARTEIRA_DB_BUSY_TIMEOUT_S", "muito")
    code, _out, err = cli("--db", sqlite_url, "state")
    assert code == 1
    assert_clear_error(err, "CARTEIRA_DB_BUSY_TIMEOUT_S")


@pytest.mark.postgres
def test_a_postgresql_table_locked_by_another_program_is_refused_after_its_lock_timeout(pg_url, small):
    state, source = small
    before = seed(pg_url, state)
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as other:
            other.exec_driver_sql("LOCK TABLE carteira IN ACCESS EXCLUSIVE MODE")  # a maintenance job, say
            impatient = with_pg_options(pg_url, "lock_timeout=500")
            code, out, err = cli("--db", impatient, "apply", "--source", source, "--yes", "--allow-mass-removal")
            other.rollback()
    finally:
        engine.dispose()
    assert (code, out) == (1, ""), err
    assert_clear_error(err, "bloqueado por outro programa", "Nada foi alterado")
    assert state_json(pg_url) == before


@pytest.mark.slow
@pytest.mark.postgres
def test_a_lost_postgresql_connection_in_the_middle_of_an_apply_writes_nothing(pg_url, tmp_path, procs: Procs):
    state, source = generate(20_000, 0.1, 13)
    before = seed(pg_url, state)
    source_file = write_json(tmp_path / "fonte.json", source)
    predicted = predict(before, source)
    probe = LockProbe(pg_url)
    outcomes: list[str] = []
    try:
        for delay in (0.0, 0.15):
            proc = procs.start("apply", "--source", source_file, "--yes", env={"CARTEIRA_DB_URL": pg_url})
            assert wait_until(lambda p=proc: bool(probe.holders()) or p.popen.poll() is not None, 120), proc.err
            time.sleep(delay)
            for pid in probe.holders():
                probe._conn.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")  # type: ignore[union-attr]
            code = proc.wait(60)
            assert wait_until(lambda: not probe.holders(), 60)
            if code == 0:
                assert allocations_and_lines(state_json(pg_url)) == predicted
                outcomes.append("applied before the connection was cut")
                seed(pg_url, state)
                continue
            assert code == 1, proc.err
            assert proc.out == ""
            assert_clear_error(proc.err, "A conexão com o banco de dados", "caiu durante a operação")
            assert state_json(pg_url) == before
            outcomes.append("lost")
    finally:
        probe.close()
    assert outcomes[0] == "lost", outcomes


def test_the_window_explains_an_unwrapped_driver_error_as_a_database_failure():
    from carteira_gui.gui.errors import is_expected, user_message

    error = sqlite3.OperationalError("database is locked")
    assert is_expected(error)
    assert "bloqueado por outro programa" in user_message(error, "sqlite:///carteira.sqlite3")

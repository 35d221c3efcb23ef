"""The Odoo password and API key never leave memory except towards Odoo; https checks certificates by default.

A full demo sync runs with a distinctive password and API key and every log made verbose (``--debug`` on the
command line; the window's rotating log file at DEBUG): the settings file, the database, the logs, the change
reports (CSV, XLSX unzipped, PDF text), the crash dialog, every exception text and every output are scanned.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from carteira_gui.adapters.db.engine import OUR_TABLES, open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.demo import build_demo
from carteira_gui.adapters.odoo.errors import OdooError
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.services.history import find_run, run_alerts
from carteira_gui.settings import Settings, save_settings

from ..tls import TlsOdooServer, make_certificate
from .helpers import Procs, assert_clear_error, cli, odoo_env, state_json, write_json, write_settings

PASSWORD = "Senha-Distinta-7Qx9-Carteira"
API_KEY = "ak-5f0e1d2c-Chave-Distinta"
WRONG = PASSWORD[:-1] + "?"
SECRETS = (PASSWORD, API_KEY, WRONG)


def forms(secret: str) -> list[bytes]:
    """The ways a secret could be written: plain, UTF-16, base64 alone and as HTTP basic credentials."""
    raw = secret.encode()
    return [raw, secret.encode("utf-16-le"), base64.b64encode(raw), base64.b64encode(b"admin:" + raw)]


def contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, plus each member of a zip (XLSX) and the text of a PDF (its streams are compressed)."""
    data = path.read_bytes()
    yield str(path), data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path}!{member}", archive.read(member)
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
        yield f"{path} (texto)", text.encode()


def leaks(texts: dict[str, bytes]) -> list[str]:
    return [
        f"{where}: {secret}"
        for where, data in texts.items()
        for secret in SECRETS
        if any(form in data for form in forms(secret))
    ]


def database_dump(db_url: str) -> dict[str, bytes]:
    """Every row of every table as text (PostgreSQL keeps no file of ours to scan)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {
                f"tabela {table}": "\n".join(
                    conn.exec_driver_sql(f"SELECT CAST(t AS text) FROM {table} t").scalars()
                ).encode()
                for table in sorted(OUR_TABLES)
            }
    finally:
        engine.dispose()


@contextlib.contextmanager
def window_log_file(folder: Path) -> Iterator[Path]:
    """The window's rotating log file at DEBUG, removed from the root logger afterwards."""
    from carteira_gui.gui.logs import setup_logging

    root = logging.getLogger()
    level = root.level
    before = list(root.handlers)
    path = setup_logging(folder, logging.DEBUG)
    try:
        yield path
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


@pytest.mark.slow
def test_a_full_demo_sync_leaves_the_secrets_nowhere(db_url, tmp_path, procs: Procs, qtbot, monkeypatch):
    from carteira_gui.adapters.reports import FORMATS, write_report
    from carteira_gui.gui.dialogs import CrashDialog
    from carteira_gui.gui.errors import format_details, user_message

    home = Path(os.environ["XDG_CONFIG_HOME"]).parent
    state, dataset = build_demo(300, 7)
    outputs: dict[str, bytes] = {}
    with OdooTestServer(dataset, password=PASSWORD, api_key=API_KEY, odoo_version=19) as srv:
        # The window saves the connection with the secrets in memory: they are dropped from the file.
        settings_file = Path(os.environ["XDG_CONFIG_HOME"]) / "carteira-sync" / "settings.toml"
        server_url = srv.url
        odoo_table = {"url": server_url, "database": "demo", "user": "admin", "page_size": 50, "retries": 1}
        save_settings(Settings(odoo={**odoo_table, "password": PASSWORD, "api_key": API_KEY}), settings_file)
        code, _out, err = cli("--db", db_url, "seed", write_json(tmp_path / "ontem.json", state))
        assert code == 0, err
        env = {
            "CARTEIRA_DB_URL": db_url,
            "CARTEIRA_SETTINGS": str(settings_file),
            "CARTEIRA_ODOO_PASSWORD": PASSWORD,
        }
        runs = {
            "apply": (["--debug", "apply", "--odoo", "--yes", "--allow-mass-removal", "--by", "ana"], {}, (0,)),
            "json2": (
                ["--debug", "plan", "--odoo"],
                {"CARTEIRA_ODOO_PROTOCOL": "json2", "CARTEIRA_ODOO_API_KEY": API_KEY},
                (0, 2),
            ),
            "wrong-password": (["--debug", "plan", "--odoo"], {"CARTEIRA_ODOO_PASSWORD": WRONG}, (1,)),
        }
        for name, (args, extra, codes) in runs.items():
            proc = procs.run(*args, env={**env, **extra})
            assert proc.popen.returncode in codes, proc.err
            assert "INFO " in proc.err  # the verbose log did run (default level: WARNING)
            outputs[f"{name} stdout"], outputs[f"{name} stderr"] = proc.out.encode(), proc.err.encode()
        # The server echoes both secrets in an error: message and --debug traceback are scrubbed.
        srv.faults.odoo_error("builtins.ValueError", f"senha {PASSWORD} chave {API_KEY}", method="search_count")
        proc = procs.run("--debug", "plan", "--odoo", env={**env, "CARTEIRA_ODOO_API_KEY": API_KEY})
        assert proc.popen.returncode == 1
        assert "********" in proc.err
        assert "Traceback" in proc.err
        outputs["echo stdout"], outputs["echo stderr"] = proc.out.encode(), proc.err.encode()

        # The window: its log file at DEBUG, a sync in-process, and the crash dialog of a failure.
        with window_log_file(Path(os.environ["XDG_STATE_HOME"]) / "carteira-sync" / "log") as log_path:
            srv.faults.clear()
            for key, value in odoo_env(srv.url, PASSWORD, settings_file).items():
                monkeypatch.setenv(key, value)
            code, out, err = cli("--debug", "--db", db_url, "plan", "--odoo")
            assert code in (0, 2), err
            outputs["in-process stdout"], outputs["in-process stderr"] = out.encode(), err.encode()
            srv.faults.odoo_error("builtins.ValueError", f"eco {PASSWORD}", method="search_read")
            settings = OdooSettings(url=srv.url, database="demo", user="admin", password=PASSWORD, api_key=API_KEY)
            with pytest.raises(OdooError) as caught:
                OdooSource(settings).fetch()
            bug = RuntimeError(f"falha inesperada com {settings!r} e {settings}")
            for label, error in (("odoo", caught.value), ("bug", bug)):
                dialog = CrashDialog(error, log_path)
                qtbot.addWidget(dialog)
                outputs[f"crash dialog {label}"] = (
                    dialog.message.text() + dialog.details.toPlainText() + user_message(error) + format_details(error)
                ).encode()
            assert log_path.stat().st_size > 0

    engine = open_database(db_url)
    try:
        report = report_of(SqlUnitOfWork(engine), None)
    finally:
        engine.dispose()
    (tmp_path / "relatorios").mkdir()
    written = [write_report(report, fmt, tmp_path / "relatorios" / f"mudancas.{fmt}") for fmt in FORMATS]

    files = {
        where: data
        for root in (home, tmp_path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
        for where, data in contents(path)
    }
    # What was scanned: the settings, the window's log, every report, and the database.
    names = {Path(where.split("!")[0].split(" (")[0]).name for where in files}
    assert {"settings.toml", "carteira-gui.log", *(p.name for p in written)} <= names
    assert settings_file.read_text(encoding="utf-8").count(server_url) == 1
    if db_url.startswith("sqlite"):
        assert "carteira.sqlite3" in names
    else:
        files.update(database_dump(db_url))
    assert state_json(db_url)["history"] == 1
    assert leaks({**files, **outputs}) == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(certificate) -> Iterator[TlsOdooServer]:
    cert, key = certificate
    with TlsOdooServer(build_demo(300, 7)[1], cert, key, password=PASSWORD, api_key=API_KEY, odoo_version=19) as srv:
        yield srv


@pytest.fixture
def seeded_sqlite(sqlite_url, tmp_path) -> dict[str, Any]:
    code, _out, err = cli("--db", sqlite_url, "seed", write_json(tmp_path / "ontem.json", build_demo(300, 7)[0]))
    assert code == 0, err
    return state_json(sqlite_url)


def _use(monkeypatch, env: dict[str, str]) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize("protocol", ["jsonrpc", "json2"])
def test_https_checks_the_certificate_by_default_and_sends_nothing_to_an_unverified_server(
    protocol, tls_server, sqlite_url, seeded_sqlite, tmp_path, monkeypatch
):
    _use(monkeypatch, odoo_env(tls_server.url, PASSWORD, write_settings(tmp_path / "s.toml", protocol=protocol)))
    monkeypatch.setenv("CARTEIRA_ODOO_API_KEY", API_KEY)
    code, out, err = cli("--db", sqlite_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert (code, out) == (1, ""), err
    assert_clear_error(err, "TLS", "certificado", "Nada foi alterado")
    assert "CERTIFICATE_VERIFY_FAILED" in err
    assert tls_server.total_calls == 0  # not even the login: the password never went to an unverified server
    assert state_json(sqlite_url) == seeded_sqlite


def test_a_certificate_the_system_trusts_is_accepted(
    tls_server, certificate, sqlite_url, seeded_sqlite, tmp_path, monkeypatch
):
    _use(monkeypatch, odoo_env(tls_server.url, PASSWORD, write_settings(tmp_path / "s.toml")))
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # as if the company's CA were installed
    code, _out, err = cli("--db", sqlite_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert code == 0, err
    assert state_json(sqlite_url)["history"] == 1


def test_turning_verification_off_is_explicit_and_warned(
    tls_server, sqlite_url, seeded_sqlite, tmp_path, monkeypatch, caplog
):
    _use(monkeypatch, odoo_env(tls_server.url, PASSWORD, write_settings(tmp_path / "s.toml", verify_tls=False)))
    caplog.set_level(logging.WARNING)
    code, _out, err = cli("--db", sqlite_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert code == 0, err
    assert state_json(sqlite_url)["history"] == 1
    assert "verificação do certificado TLS" in caplog.text
    assert "verify_tls = false" in caplog.text
    assert PASSWORD not in caplog.text


def report_of(uow, run_id):
    """The report of a stored run, read as the report use case reads it."""
    from carteira_gui.adapters.reports import report_from_run

    with uow.reading() as session:
        run = find_run(session, run_id)
        return report_from_run(run, session.run_changes(run.id), run_alerts(session, run.id))

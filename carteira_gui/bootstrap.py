"""Composition root: builds the unit of work, sources, report writer and options from the settings.

The command line and the window reach adapters only through here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from carteira_gui.adapters.db.engine import describe_url, explain_db_error, is_database_failure, open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.logs import CLI_LOG_FILE, LOG_FILE, current_log_file, log_dir, setup_logging
from carteira_gui.adapters.sources.allocation_file import read_allocation_file
from carteira_gui.adapters.sources.json_file import JsonFileSource, read_json_file
from carteira_gui.services.ports import ConnectionTester, ReportWriter, Source
from carteira_gui.services.sync import SyncOptions
from carteira_gui.settings import Settings, load_settings

__all__ = [
    "CLI_LOG_FILE",
    "LOG_FILE",
    "App",
    "OdooSourceLike",
    "build_app",
    "current_log_file",
    "describe_failure",
    "is_database_failure",
    "log_dir",
    "odoo_source",
    "read_allocation_file",
    "read_json_file",
    "setup_logging",
]


class OdooSourceLike(Source, ConnectionTester, Protocol):
    """The Odoo source: fetches lines and can test its connection."""


def odoo_source(
    table: Mapping[str, Any],
    environ: Mapping[str, str],
    *,
    password: str | None = None,
    api_key: str | None = None,
) -> OdooSourceLike:
    """The one place an Odoo source is built.

    From the ``[odoo]`` settings overridden by ``CARTEIRA_ODOO_*``, with the secrets from the keyring (or
    typed in the settings dialog) when given. Raises a one-sentence error when the connection is not filled in.
    """
    from carteira_gui.adapters.odoo.config import OdooSettings
    from carteira_gui.adapters.odoo.source import OdooSource

    odoo = OdooSettings.from_mapping(table, environ)
    if password is not None or api_key is not None:
        odoo = odoo.with_secrets(password=password, api_key=api_key)
    odoo.require_connection()
    return OdooSource(odoo)


def describe_failure(db_url: str, exc: BaseException) -> str:
    """The one sentence for a database failure (what failed, nothing changed, what to do)."""
    return explain_db_error(db_url, exc)


@dataclass
class App:
    """Everything a front end (command line or window) needs, built from the settings."""

    settings: Settings
    db_url: str
    uow: SqlUnitOfWork
    environ: Mapping[str, str]

    @property
    def options(self) -> SyncOptions:
        """The sync rules from the settings."""
        s = self.settings
        return SyncOptions(s.owned_prefixes, s.mass_removal_pct, s.mass_removal_min)

    @property
    def db_description(self) -> str:
        """The database URL without its password."""
        return describe_url(self.db_url)

    @property
    def report_writer(self) -> ReportWriter:
        """The CSV / XLSX / PDF change report writer."""
        from carteira_gui.adapters.reports import FileReportWriter

        return FileReportWriter()

    def file_source(self, path: Path) -> Source:
        """A JSON source file."""
        return JsonFileSource(path)

    def odoo_source(self, *, password: str | None = None, api_key: str | None = None) -> OdooSourceLike:
        """The Odoo source of the settings (and ``CARTEIRA_ODOO_*``), with secrets when given."""
        return odoo_source(self.settings.odoo, self.environ, password=password, api_key=api_key)

    def close(self) -> None:
        """Release the database connections."""
        self.uow.engine.dispose()


def build_app(
    db_url: str | None = None,
    settings_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> App:
    """Read the settings, open (and migrate) the database, and wire the services."""
    env = os.environ if environ is None else environ
    settings = load_settings(settings_file, env)
    url = settings.resolved_db_url(db_url, env)
    engine = open_database(url)
    return App(settings=settings, db_url=url, uow=SqlUnitOfWork(engine), environ=env)


def start_demo_odoo(dataset: object, *, db_name: str, user: str, password: str) -> Any:
    """Start the local Odoo server (127.0.0.1, a free port) serving ``dataset``; returns it (``.url``, ``.stop()``)."""
    from carteira_gui.adapters.odoo.server import OdooTestServer

    return OdooTestServer(dataset, db_name=db_name, user=user, password=password).start()  # type: ignore[arg-type]


def build_demo(lines: int, seed: int) -> tuple[dict[str, Any], Any]:
    """The demo's "yesterday" state document and "today's" Odoo dataset."""
    from carteira_gui.adapters.odoo.demo import build_demo as _build_demo

    return _build_demo(lines=lines, seed=seed)


def run_demo_odoo(**options: Any) -> None:
    """Run the local Odoo server in the foreground (``carteira-sync demo-odoo``)."""
    from carteira_gui.adapters.odoo.server import run_demo_server

    run_demo_server(**options)

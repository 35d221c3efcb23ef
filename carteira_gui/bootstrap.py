"""Composition root: builds the store, the sources and the options from the settings, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from carteira_gui.adapters.db.engine import describe_url, open_database
from carteira_gui.adapters.db.store import SqlStore
from carteira_gui.adapters.sources.json_file import JsonFileSource
from carteira_gui.services.ports import Source
from carteira_gui.services.sync import SyncOptions
from carteira_gui.settings import Settings, load_settings


@dataclass
class App:
    """Everything a front end (command line or window) needs, built from the settings."""

    settings: Settings
    db_url: str
    store: SqlStore
    environ: Mapping[str, str]

    @property
    def options(self) -> SyncOptions:
        """The sync rules from the settings."""
        return SyncOptions(self.settings.owned_prefixes, self.settings.mass_removal_pct)

    @property
    def db_description(self) -> str:
        """The database URL without its password."""
        return describe_url(self.db_url)

    def file_source(self, path: Path) -> Source:
        """A JSON source file."""
        return JsonFileSource(path)

    def odoo_source(self) -> Source:
        """The Odoo source from the ``[odoo]`` settings overridden by ``CARTEIRA_ODOO_*``."""
        from carteira_gui.adapters.odoo.config import OdooSettings
        from carteira_gui.adapters.odoo.source import OdooSource

        odoo = OdooSettings.from_mapping(self.settings.odoo, self.environ)
        odoo.require_connection()
        return OdooSource(odoo)

    def close(self) -> None:
        """Release the database connections."""
        self.store.engine.dispose()


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
    return App(settings=settings, db_url=url, store=SqlStore(engine), environ=env)

"""The demo: a carteira "of yesterday" in a SQLite file and the local Odoo server "of today", in-process.

Every start seeds the database again (replacing what was there), so a fetch always shows the night's
changes: REDUCAO, AUMENTO, NOVO, REMOVIDO, ALTERADO and CRITICO alerts on quoted separações.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carteira_gui.bootstrap import App, build_app
from carteira_gui.domain.parsing import parse_state_document
from carteira_gui.gui.secrets import SecretStore
from carteira_gui.gui.settings_dialog import odoo_account
from carteira_gui.settings import Settings, save_settings

DEMO_DB_NAME = "demo"
DEMO_USER = "admin"
DEMO_PASSWORD = "admin"  # the local demo server's fixed password, not a secret
#: Small pages, so that the progress bar of a fetch has something to show.
DEMO_PAGE_SIZE = 50


def demo_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment without the variables that would point the demo elsewhere."""
    return {
        k: v
        for k, v in environ.items()
        if not k.startswith("CARTEIRA_ODOO_") and k not in ("CARTEIRA_DB_URL", "CARTEIRA_SETTINGS")
    }


@dataclass
class Demo:
    """A running demo: the app wired to the seeded database, the local Odoo server and its secret."""

    app: App
    server: Any
    secrets: SecretStore
    folder: Path

    def close(self) -> None:
        """Stop the server and release the database."""
        self.app.close()
        self.server.stop()


def start_demo(
    folder: Path,
    db_url: str | None = None,
    *,
    lines: int = 300,
    seed: int = 7,
    language: str = "pt_BR",
    environ: Mapping[str, str] = os.environ,
) -> Demo:
    """Seed the demo carteira (replacing the database's content), start the local Odoo and wire the app."""
    from carteira_gui.adapters.odoo.demo import build_demo
    from carteira_gui.adapters.odoo.server import OdooTestServer

    folder.mkdir(parents=True, exist_ok=True)
    state_document, dataset = build_demo(lines=lines, seed=seed)
    server = OdooTestServer(dataset, db_name=DEMO_DB_NAME, user=DEMO_USER, password=DEMO_PASSWORD).start()
    try:
        odoo = {
            "url": server.url,
            "database": DEMO_DB_NAME,
            "user": DEMO_USER,
            "protocol": "jsonrpc",
            "page_size": DEMO_PAGE_SIZE,
        }
        settings_file = folder / "settings.toml"
        url = db_url or f"sqlite:///{folder / 'carteira-demo.sqlite3'}"
        save_settings(Settings(db_url=url, odoo=odoo, language=language), settings_file)
        app = build_app(url, settings_file, demo_environ(environ))
        state = parse_state_document(state_document, "demo")
        app.store.seed(state, replace=True)
        # The demo's password never goes to the user's keyring.
        secrets = SecretStore(use_keyring=False)
        secrets.set(odoo_account(odoo, "password"), DEMO_PASSWORD)
    except BaseException:
        server.stop()
        raise
    return Demo(app=app, server=server, secrets=secrets, folder=folder)

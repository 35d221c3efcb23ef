"""Fixtures of the window tests: real SQLite databases, real services, the real local Odoo server.

Qt runs offscreen. Each test gets its own database copied from a migrated template, its own remembered UI
state and an in-memory secret store; windows are closed (and their workers joined) after each test.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

# Before Qt is imported anywhere: no display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from carteira_gui.bootstrap import App, build_app, build_demo, start_demo_odoo
from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.domain.model import CarteiraLine, Snapshot, SourceData
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.planner import plan_sync
from carteira_gui.gui.i18n import install_translations, remove_translations
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.window import MainWindow
from carteira_gui.services.alerts import list_alerts
from carteira_gui.services.history import list_runs
from carteira_gui.services.ports import CancelToken, FetchProgress, ProgressCallback, Source
from carteira_gui.services.state import load_carteira, seed_state
from carteira_gui.services.views import AlertView, RunView
from carteira_gui.settings import Settings, save_settings
from tests.worked_example import worked_source, worked_state

WORKED_STATE: dict[str, Any] = worked_state("Cliente A", "Cliente A", "Cliente B")
WORKED_SOURCE: list[dict[str, Any]] = worked_source()
DEMO_PAGE_SIZE = 40
#: The name the planner of the tests typed once (the window remembers it).
PLANNER = "Planejador Teste"


def scattered_plan(changes: int) -> Plan:
    """A plan of ``changes`` reductions, one per order, over ten clients (Cliente A, Cliente B...)."""
    lines = [
        CarteiraLine(f"VCD{n:07d}", "P1", Decimal(100), cliente=f"Cliente {'ABFGHJKMOQ'[n % 10]}")
        for n in range(changes)
    ]
    source = parse_source_records(
        [{"num_pedido": f"VCD{n:07d}", "cod_produto": "P1", "qtd_saldo": 60} for n in range(changes)], "teste"
    )
    return plan_sync(Snapshot.build(lines, [], []), source)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Offscreen Qt says once per top-level window that it cannot propagate size hints: not our warning."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture(scope="session", autouse=True)
def pt_br_translators(qapp: QApplication) -> Iterator[list[Any]]:
    """The window speaks pt-BR, as it does for planners (the default language); a test may swap them."""
    translators = install_translations(qapp, "pt_BR")
    yield translators
    remove_translations(qapp, translators)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite database; tests copy it instead of migrating again."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = build_app(f"sqlite:///{path}", folder / "none.toml", {})
    app.close()
    return path


@pytest.fixture(scope="session")
def demo_data() -> tuple[dict[str, object], Any]:
    """The demo's carteira of yesterday and Odoo's data of today (deterministic)."""
    return build_demo(300, 7)


@pytest.fixture(scope="session")
def odoo_server(demo_data: tuple[dict[str, object], Any]) -> Iterator[Any]:
    """The local Odoo server with the demo's data of today, on 127.0.0.1."""
    server = start_demo_odoo(demo_data[1], db_name="demo", user="admin", password="admin")
    yield server
    server.stop()


@pytest.fixture
def odoo(odoo_server: Any) -> Iterator[Any]:
    """The session's Odoo server, with no fault left armed by another test."""
    odoo_server.faults.clear()
    yield odoo_server
    odoo_server.faults.clear()


@dataclass
class Env:
    """What a window test works with."""

    app: App
    secrets: SecretStore
    ui_state: UiState
    folder: Path

    def write_source(self, records: list[dict[str, Any]], name: str = "origem.json") -> Path:
        """A JSON source file."""
        path = self.folder / name
        path.write_text(json.dumps(records), encoding="utf-8")
        return path

    def seed(self, document: dict[str, Any]) -> None:
        """Replace the database's content with a state document."""
        seed_state(self.app.uow, document, "teste", replace=True, db_description=self.app.db_description)

    def snapshot(self) -> Snapshot:
        """The carteira as the database holds it now."""
        return load_carteira(self.app.uow)

    def runs(self) -> list[RunView]:
        """Every sync run, newest first."""
        return list_runs(self.app.uow)

    def alerts(self, *, include_acknowledged: bool = False) -> list[AlertView]:
        """The alerts (open ones only by default), open first, most severe, newest."""
        return list_alerts(self.app.uow, include_acknowledged=include_acknowledged)


def _make_env(folder: Path, template: Path, odoo_table: dict[str, Any] | None = None) -> Env:
    db = folder / "carteira.sqlite3"
    shutil.copyfile(template, db)
    settings_file = folder / "settings.toml"
    save_settings(Settings(odoo=odoo_table or {}), settings_file)
    app = build_app(f"sqlite:///{db}", settings_file, {})
    secrets = SecretStore(use_keyring=False)
    if odoo_table:
        secrets.set(odoo_account(odoo_table, "password"), "admin")
    ui_state = UiState.at(folder / "ui.ini")
    # The planner told the window their name before (the first-time question has its own test).
    ui_state.set_user_name(PLANNER)
    return Env(app, secrets, ui_state, folder)


@pytest.fixture
def env(tmp_path: Path, template_db: Path) -> Iterator[Env]:
    """A database with the worked example of DOMAIN.md."""
    environment = _make_env(tmp_path, template_db)
    environment.seed(WORKED_STATE)
    yield environment
    environment.app.close()


@pytest.fixture
def empty_env(tmp_path: Path, template_db: Path) -> Iterator[Env]:
    """A first run: a migrated database that was never filled (no line, no sync) and no Odoo configured."""
    environment = _make_env(tmp_path, template_db)
    yield environment
    environment.app.close()


@pytest.fixture
def demo_env(tmp_path: Path, template_db: Path, demo_data: tuple[dict[str, Any], Any], odoo: Any) -> Iterator[Env]:
    """The demo: yesterday's carteira in the database, today's Odoo on the local server."""
    table = {"url": odoo.url, "database": "demo", "user": "admin", "page_size": DEMO_PAGE_SIZE}
    environment = _make_env(tmp_path, template_db, table)
    environment.seed(demo_data[0])
    yield environment
    environment.app.close()


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[WindowFactory]:
    """Build a window over an ``Env`` and wait for its first load; closed (workers joined) afterwards."""
    windows: list[MainWindow] = []

    def factory(environment: Env, source_factory: Callable[[], Source] | None = None) -> MainWindow:
        window = MainWindow(
            environment.app,
            secrets=environment.secrets,
            ui_state=environment.ui_state,
            source_factory=source_factory,
        )
        qtbot.addWidget(window)
        windows.append(window)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
        return window

    yield factory
    for window in windows:
        window.close_without_asking()


# -- sources the tests control ------------------------------------------------------------------


class RaisingSource:
    """A source whose fetch raises ``error`` (after reporting one page)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    @property
    def description(self) -> str:
        return "fonte de teste"

    def fetch(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> SourceData:
        if progress is not None:
            progress(FetchProgress(1, 3, 10, 30))
        raise self.error


class GatedSource:
    """A source that reports a page, then waits for the test to release it or to cancel; then returns."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.release = threading.Event()
        self.started = threading.Event()

    @property
    def description(self) -> str:
        return "fonte lenta de teste"

    def fetch(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> SourceData:
        self.started.set()
        if progress is not None:
            progress(FetchProgress(1, 2, len(self.records) // 2, len(self.records)))
        # Wait in short steps so that a cancel is seen promptly (as a real source checks between pages).
        while not self.release.wait(0.01):
            if cancel is not None and cancel.cancelled:
                raise FetchCancelled()
        return parse_source_records(self.records, self.description)

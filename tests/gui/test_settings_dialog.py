"""Settings: the Odoo connection tested in a worker against the local server; secrets never in the file."""

from __future__ import annotations

import tomllib
from typing import Any

from carteira_gui.gui.secrets import odoo_account
from carteira_gui.gui.settings_dialog import SettingsDialog
from carteira_gui.settings import load_settings
from tests.gui.conftest import Env, WindowFactory


def test_test_connection_runs_in_a_worker_and_saving_keeps_the_password_out_of_the_file(
    qtbot: Any, env: Env, make_window: WindowFactory, odoo: Any
) -> None:
    window = make_window(env)
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert "só na memória" in dialog.keyring_note.text()  # no keyring backend in tests
    dialog.url.setText(odoo.url)
    dialog.database.setText("demo")
    dialog.user.setText("admin")
    dialog.password.setText("senha-errada")
    dialog.test_connection()
    assert dialog.test_task is not None
    with qtbot.waitSignal(dialog.test_task.done, timeout=20_000):
        pass
    assert "Nada foi alterado" in dialog.test_result.text()

    dialog.password.setText("admin")
    dialog.test_connection()
    with qtbot.waitSignal(dialog.test_task.done, timeout=20_000):
        pass
    assert dialog.test_result.text().startswith("Conectado: Odoo ")

    dialog.threshold.setValue(35)
    with qtbot.waitSignal(window.message_shown):
        dialog.accept()
    path = env.app.settings.path
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "senha-errada" not in text
    assert "password" not in text
    assert "api_key" not in text
    saved = load_settings(path, {})
    assert saved.odoo["url"] == odoo.url
    assert saved.mass_removal_pct == 35
    assert tomllib.loads(text)["odoo"].get("password") is None
    assert env.app.settings.mass_removal_pct == 35
    assert env.secrets.get(odoo_account(saved.odoo, "password")) == "admin"

    # The saved connection is the one F5 uses.
    with qtbot.waitSignal(window.plan_ready, timeout=20_000):
        window.flow.fetch()


def test_fetch_without_an_odoo_connection_says_to_open_the_settings(
    qtbot: Any, env: Env, make_window: WindowFactory
) -> None:
    window = make_window(env)
    with qtbot.waitSignal(window.dialog_opened):
        assert window.flow.fetch() is None
    assert "Abra Configurações" in window.last_message
    assert "falta o endereço do Odoo" in window.last_message

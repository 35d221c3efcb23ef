"""The settings dialog.

Odoo connection (secrets in the keyring), database, page size, mass-removal threshold and language;
"Testar conexão" builds the source the way the window does (``bootstrap.odoo_source``) from the typed values
and runs the ``services.connection`` use case as an op.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carteira_gui import bootstrap
from carteira_gui.gui.errors import is_expected, user_message
from carteira_gui.gui.i18n import resolve_language
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.resources import LEVEL_COLORS, icon
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.services.connection import test_connection
from carteira_gui.settings import Settings

_OK = "#2e7d32"
_BAD = LEVEL_COLORS["CRITICO"]


class SettingsDialog(QDialog):
    """Edits the settings; ``result_settings()`` and the typed secrets are read by the window on accept."""

    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        ops: Ops,
        environ: Mapping[str, str],
        report_bug: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(560)
        self._settings = settings
        self._secrets = secrets
        self._ops = ops
        self._environ = environ
        self._report_bug = report_bug
        self.test_task: Task | None = None
        odoo = dict(settings.odoo)
        layout = QVBoxLayout(self)

        group = QGroupBox(self.tr("Odoo connection"))
        group_layout = QVBoxLayout(group)
        form = QFormLayout()
        group_layout.addLayout(form)
        self.url = QLineEdit(str(odoo.get("url", "")))
        self.url.setPlaceholderText("https://odoo.example.com")
        self.database = QLineEdit(str(odoo.get("database", "")))
        self.user = QLineEdit(str(odoo.get("user", "")))
        self.protocol = QComboBox()
        self.protocol.addItem(self.tr("JSON-RPC (password or API key)"), "jsonrpc")
        self.protocol.addItem(self.tr("JSON-2 (Odoo 19+, API key)"), "json2")
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(odoo.get("protocol", "jsonrpc"))))
        self.password = QLineEdit(secrets.get(odoo_account(odoo, "password")) or "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key = QLineEdit(secrets.get(odoo_account(odoo, "api_key")) or "")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.page_size = QSpinBox()
        self.page_size.setRange(50, 50_000)
        self.page_size.setSingleStep(500)
        self.page_size.setValue(int(odoo.get("page_size", 2000)))
        form.addRow(self.tr("Address (URL):"), self.url)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Protocol:"), self.protocol)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("API key:"), self.api_key)
        form.addRow(self.tr("Page size (lines):"), self.page_size)
        if secrets.persistent:
            note = self.tr("The password and the API key are kept in the system keyring, never in a file.")
        else:
            note = self.tr(
                "There is no system keyring here: the password and the API key are kept in memory for this "
                "session only (never in a file) and must be typed again next time."
            )
        self.keyring_note = QLabel(note)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        # Outside the form: a wrapped label in a form row does not get the height it needs.
        group_layout.addWidget(self.keyring_note)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(icon("connection"), self.tr("Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        group_layout.addLayout(test_row)
        layout.addWidget(group)

        group = QGroupBox(self.tr("Sync"))
        form = QFormLayout(group)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(1)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(settings.mass_removal_pct)
        self.prefixes = QLineEdit(", ".join(settings.owned_prefixes))
        self.prefixes.setPlaceholderText(self.tr("empty: every order belongs to Odoo (e.g. VCD, VSC)"))
        form.addRow(self.tr("Mass removal above:"), self.threshold)
        form.addRow(self.tr("Odoo order prefixes:"), self.prefixes)
        layout.addWidget(group)

        group = QGroupBox(self.tr("Program"))
        form = QFormLayout(group)
        self.db_url = QLineEdit(settings.db_url or "")
        self.db_url.setPlaceholderText(self.tr("empty: a SQLite file in your data folder"))
        self.language = QComboBox()
        self.language.addItem("Português (Brasil)", "pt_BR")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if resolve_language(settings.language) == "pt_BR" else 1)
        form.addRow(self.tr("Database URL:"), self.db_url)
        form.addRow(self.tr("Language:"), self.language)
        layout.addWidget(group)
        restart = QLabel(self.tr("The database and the language take effect the next time the program opens."))
        restart.setWordWrap(True)
        layout.addWidget(restart)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.test_button.clicked.connect(self.test_connection)

    def odoo_table(self) -> dict[str, Any]:
        """The ``[odoo]`` table as typed (other keys of the file are kept; never a secret)."""
        table = dict(self._settings.odoo)
        table.update(
            url=self.url.text().strip(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            protocol=str(self.protocol.currentData()),
            page_size=self.page_size.value(),
        )
        return table

    def result_settings(self) -> Settings:
        """The settings as typed."""
        prefixes = tuple(p.strip() for p in self.prefixes.text().replace(";", ",").split(",") if p.strip())
        return dataclasses.replace(
            self._settings,
            db_url=self.db_url.text().strip() or None,
            mass_removal_pct=float(self.threshold.value()),
            owned_prefixes=prefixes,
            odoo=self.odoo_table(),
            language=str(self.language.currentData()),
        )

    def typed_password(self) -> str:
        """The password typed (empty when none)."""
        return self.password.text()

    def typed_api_key(self) -> str:
        """The API key typed (empty when none)."""
        return self.api_key.text()

    def test_connection(self) -> None:
        """Log in to Odoo with the typed values, in a worker; the result shows beside the button."""
        self.test_result.setStyleSheet("")
        try:
            source = bootstrap.odoo_source(
                self.odoo_table(),
                self._environ,
                password=self.typed_password() or None,
                api_key=self.typed_api_key() or None,
            )
        except Exception as exc:  # shown beside the button; a bug goes to the crash dialog
            if not is_expected(exc):
                self._report_bug(exc)
                return
            self._show_result(False, user_message(exc))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Connecting to {0}…").format(source.description))

        def job(context: TaskContext) -> str:
            return test_connection(source, context.cancel)

        self.test_task = (
            self._ops.op("test-connection", job, self.tr("Test connection"))
            .success(lambda version: self._show_result(True, self.tr("Connected: Odoo {0}.").format(version)))
            .failure(self._on_test_failed)
            .cancelled(lambda: self._show_result(False, self.tr("Test cancelled.")))
            .done(lambda: self.test_button.setEnabled(True))
            .run()
        )

    def _on_test_failed(self, error: BaseException) -> None:
        if not is_expected(error):
            self._show_result(False, self.tr("The test failed unexpectedly."))
            self._report_bug(error)
            return
        self._show_result(False, user_message(error))

    def _show_result(self, ok: bool, text: str) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(f"color: {_OK if ok else _BAD};")

    def done(self, result: int) -> None:
        """Stop a running connection test when the dialog closes."""
        if self.test_task is not None and self.test_task.running:
            self.test_task.cancel()
        super().done(result)

"""The settings dialog.

Odoo connection (secrets in the keyring), database, page size, mass-removal threshold and the planner's name
(the window speaks pt-BR only: there is no language to choose). "Testar conexão" builds the source the way the
window does (``bootstrap.odoo_source``) from the typed values and runs the ``services.connection`` use case as
an op.

The address is checked as it is typed (``odoo_problems``, also what a fetch checks before connecting): an
address without ``http://`` or ``https://``, with a path, or with a user in it is named beside the field, with
the fix, and Save waits until it is right — the planner learns it here, not at the next F5.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
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
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.resources import LEVEL_COLORS, icon
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.services.connection import test_connection
from carteira_gui.settings import Settings

_OK = "#2e7d32"
_BAD = LEVEL_COLORS["CRITICO"]
#: The environment variables that override the settings file (``adapters.odoo.config``): a value given there
#: is not missing from the settings.
_ENV = {
    "url": "CARTEIRA_ODOO_URL",
    "database": "CARTEIRA_ODOO_DB",
    "user": "CARTEIRA_ODOO_USER",
    "protocol": "CARTEIRA_ODOO_PROTOCOL",
    "password": "CARTEIRA_ODOO_PASSWORD",
    "api_key": "CARTEIRA_ODOO_API_KEY",
}


def url_problem(url: str) -> str | None:
    """What is wrong with an Odoo address as typed, with the fix; ``None`` when it is right (or empty)."""
    text = url.strip()
    if not text:
        return None
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return QCoreApplication.translate(
            "SettingsDialog", "the address must start with http:// or https:// (for example {0})"
        ).format("http://" + text.split("://", 1)[-1].strip("/"))
    if parts.username is not None or parts.password is not None:
        return QCoreApplication.translate(
            "SettingsDialog", "the address must not hold a user or password: type them in their own fields"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1:
        return QCoreApplication.translate("SettingsDialog", "the address has no valid server name or port")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return QCoreApplication.translate(
            "SettingsDialog", "the address must have only the server and the port (for example {0})"
        ).format(f"{parts.scheme}://{parts.netloc}")
    return None


def odoo_problems(
    table: Mapping[str, Any], environ: Mapping[str, str], *, has_password: bool, has_api_key: bool
) -> list[str]:
    """What keeps the Odoo connection of the settings from working, in the Settings dialog's words."""

    def value(name: str) -> str:
        return str(environ.get(_ENV[name]) or table.get(name) or "").strip()

    problems = []
    url = value("url")
    if not url:
        problems.append(QCoreApplication.translate("SettingsDialog", "the Odoo address is missing"))
    elif (problem := url_problem(url)) is not None:
        problems.append(problem)
    if not value("database"):
        problems.append(QCoreApplication.translate("SettingsDialog", "the database is missing"))
    protocol = value("protocol") or "jsonrpc"
    has_password = has_password or bool(environ.get(_ENV["password"]))
    has_api_key = has_api_key or bool(environ.get(_ENV["api_key"]))
    if protocol == "json2":
        if not has_api_key:
            problems.append(QCoreApplication.translate("SettingsDialog", "JSON-2 needs an API key"))
    else:
        if not value("user"):
            problems.append(QCoreApplication.translate("SettingsDialog", "the user is missing"))
        if not (has_password or has_api_key):
            problems.append(QCoreApplication.translate("SettingsDialog", "the password or API key is missing"))
    return problems


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
        *,
        user_name: str = "",
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
        self.url_problem = QLabel()
        self.url_problem.setObjectName("urlProblem")
        self.url_problem.setWordWrap(True)
        self.url_problem.setStyleSheet(f"color: {_BAD};")
        self.url_problem.hide()
        form.addRow(self.tr("Address (URL):"), self.url)
        form.addRow("", self.url_problem)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Protocol:"), self.protocol)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("API key:"), self.api_key)
        form.addRow(self.tr("Page size (lines):"), self.page_size)
        self.balance = QComboBox()
        self.balance.setObjectName("balanceMode")
        self.balance.addItem(self.tr("Ordered − invoiced (qty_invoiced)"), "faturado")
        self.balance.addItem(self.tr("Ordered − delivered (qty_delivered)"), "entregue")
        self.balance.addItem(self.tr("A field of my own"), "campo")
        self.balance_field = QLineEdit(str(odoo.get("balance_field") or ""))
        self.balance_field.setPlaceholderText(self.tr("e.g. qty_saldo"))
        chosen = "campo" if odoo.get("balance_field") else str(odoo.get("balance", "faturado"))
        self.balance.setCurrentIndex(max(0, self.balance.findData(chosen)))
        self.balance_field.setEnabled(chosen == "campo")
        self.balance.currentIndexChanged.connect(
            lambda _i: self.balance_field.setEnabled(self.balance.currentData() == "campo")
        )
        balance_help = QLabel(
            self.tr(
                "Odoo 17 counts draft invoices in qty_invoiced: a line invoiced in a draft leaves the carteira "
                "before the invoice is confirmed. Choose “delivered” to follow the deliveries instead."
            )
        )
        balance_help.setObjectName("balanceHelp")
        balance_help.setWordWrap(True)
        self.codeless = QComboBox()
        self.codeless.setObjectName("linesWithoutCode")
        self.codeless.addItem(self.tr("Refuse the fetch and name the products (fix them in Odoo)"), "recusar")
        self.codeless.addItem(self.tr("Leave them out and list them in the plan"), "deixar_de_fora")
        self.codeless.setCurrentIndex(max(0, self.codeless.findData(odoo.get("lines_without_code", "recusar"))))
        self.lang = QLineEdit(str(odoo.get("lang") or ""))
        self.lang.setObjectName("odooLanguage")
        self.lang.setPlaceholderText(self.tr("empty: the server's default language"))
        form.addRow(self.tr("Open balance:"), self.balance)
        form.addRow(self.tr("Balance field:"), self.balance_field)
        form.addRow("", balance_help)
        form.addRow(self.tr("Goods without an internal reference:"), self.codeless)
        form.addRow(self.tr("Odoo language:"), self.lang)
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
        self.threshold_min = QSpinBox()
        self.threshold_min.setObjectName("massRemovalMinimum")
        self.threshold_min.setRange(0, 1_000_000)
        self.threshold_min.setValue(settings.mass_removal_min)
        self.threshold_min.setSuffix(self.tr(" lines"))
        self.auto_interval = QSpinBox()
        self.auto_interval.setObjectName("autoSyncMinutes")
        self.auto_interval.setRange(0, 1440)
        self.auto_interval.setValue(settings.auto_interval_min)
        self.auto_interval.setSuffix(self.tr(" min"))
        self.auto_interval.setSpecialValueText(self.tr("off"))
        form.addRow(self.tr("Mass removal above:"), self.threshold)
        form.addRow(self.tr("…and at least:"), self.threshold_min)
        form.addRow(self.tr("Sync automatically every:"), self.auto_interval)
        form.addRow(self.tr("Odoo order prefixes:"), self.prefixes)
        layout.addWidget(group)

        group = QGroupBox(self.tr("Program"))
        form = QFormLayout(group)
        self.db_url = QLineEdit(settings.db_url or "")
        self.db_url.setPlaceholderText(self.tr("empty: a SQLite file in your data folder"))
        self.user_name = QLineEdit(user_name)
        self.user_name.setObjectName("settingsUserName")
        self.user_name.setPlaceholderText(self.tr("recorded with every sync, decision and acknowledgement"))
        form.addRow(self.tr("Your name:"), self.user_name)
        form.addRow(self.tr("Database URL:"), self.db_url)
        layout.addWidget(group)
        restart = QLabel(self.tr("The database takes effect the next time the program opens."))
        restart.setWordWrap(True)
        layout.addWidget(restart)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.test_button.clicked.connect(self.test_connection)
        self.url.textChanged.connect(lambda _text: self._check_url())
        self._check_url()

    def _check_url(self) -> str | None:
        problem = url_problem(self.url.text())
        self.url_problem.setText(problem[:1].upper() + problem[1:] + "." if problem else "")
        self.url_problem.setVisible(problem is not None)
        self.save_button.setEnabled(problem is None)
        self.test_button.setEnabled(problem is None and (self.test_task is None or not self.test_task.running))
        return problem

    def _after_test(self) -> None:
        self._check_url()

    def accept(self) -> None:
        """Save only an address that can work (the Save button is disabled otherwise, Enter too)."""
        if self._check_url() is None:
            super().accept()

    def typed_user_name(self) -> str:
        """The planner's name as typed (empty when none)."""
        return self.user_name.text().strip()

    def odoo_table(self) -> dict[str, Any]:
        """The ``[odoo]`` table as typed (other keys of the file are kept; never a secret)."""
        table = dict(self._settings.odoo)
        table.update(
            url=self.url.text().strip(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            protocol=str(self.protocol.currentData()),
            page_size=self.page_size.value(),
            lines_without_code=str(self.codeless.currentData()),
            lang=self.lang.text().strip(),
        )
        if self.balance.currentData() == "campo" and self.balance_field.text().strip():
            table["balance_field"] = self.balance_field.text().strip()
            table.pop("balance", None)
        else:
            table["balance"] = str(self.balance.currentData() if self.balance.currentData() != "campo" else "faturado")
            table.pop("balance_field", None)
        return table

    def result_settings(self) -> Settings:
        """The settings as typed."""
        prefixes = tuple(p.strip() for p in self.prefixes.text().replace(";", ",").split(",") if p.strip())
        return dataclasses.replace(
            self._settings,
            db_url=self.db_url.text().strip() or None,
            mass_removal_pct=float(self.threshold.value()),
            mass_removal_min=self.threshold_min.value(),
            auto_interval_min=self.auto_interval.value(),
            owned_prefixes=prefixes,
            odoo=self.odoo_table(),
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
        problems = odoo_problems(
            self.odoo_table(),
            self._environ,
            has_password=bool(self.typed_password()),
            has_api_key=bool(self.typed_api_key()),
        )
        if problems:
            self._show_result(False, self.tr("Cannot test yet: {0}.").format("; ".join(problems)))
            return
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
            .done(self._after_test)
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

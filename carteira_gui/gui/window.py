"""The main window: carteira, plan review, alerts and history, with fetch, apply and export off the GUI thread.

The window receives the services (``App`` from the composition root, the secret store, the remembered UI
state) through its constructor. Long work runs in ``tasks.Task`` workers that receive the store and the
source, never a widget. Dialogs open with ``open()``; ``active_dialog`` names the one showing, and the two
file choosers are attributes (``ask_save_path``, ``ask_open_path``) that tests replace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.adapters.db.store import AlertView, RunView
from carteira_gui.bootstrap import App
from carteira_gui.domain.errors import CarteiraError, StalePlan
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.dialogs import AcknowledgeDialog, ConfirmApplyDialog, CrashDialog, StalePlanDialog
from carteira_gui.gui.errors import ErrorHub, is_expected, user_message
from carteira_gui.gui.formatting import fmt_count, fmt_datetime, fmt_seconds, level_label
from carteira_gui.gui.logs import current_log_file
from carteira_gui.gui.models import (
    GROUP_ORDER,
    ROW_ROLE,
    AlertModel,
    CarteiraModel,
    CarteiraRow,
    RowFilterProxy,
    RunChangeModel,
    RunModel,
    build_carteira_rows,
)
from carteira_gui.gui.plan_view import PlanPanel
from carteira_gui.gui.resources import icon
from carteira_gui.gui.secrets import SecretStore
from carteira_gui.gui.settings_dialog import SettingsDialog, odoo_account
from carteira_gui.gui.tasks import Task, TaskContext, TaskRunner
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox
from carteira_gui.services.ports import FetchProgress, Source
from carteira_gui.services.sync import ApplyResult, PlanTimings, apply_plan, check_fresh_now, compute_plan, fresh
from carteira_gui.settings import save_settings

log = logging.getLogger(__name__)

TAB_CARTEIRA, TAB_PLAN, TAB_ALERTS, TAB_HISTORY = range(4)
#: How long a freshness check stays valid before window activation checks again, in seconds.
FRESHNESS_INTERVAL_S = 30.0
REPORT_FORMATS = ("xlsx", "csv", "pdf")


@dataclass(frozen=True, slots=True)
class LoadedState:
    """What the load task reads: the carteira rows, every alert, every sync run."""

    rows: list[CarteiraRow]
    alerts: list[AlertView]
    runs: list[RunView]


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSortingEnabled(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # Fixed row heights: the view never measures 100,000 rows.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _enable_sorting(view: QTableView) -> None:
    # No initial sort: the rows come in a meaningful order (by key, most severe first, newest first).
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


class MainWindow(QMainWindow):
    """Carteira Sync's main window."""

    #: A plan was computed and is under review.
    plan_ready = Signal(object)
    #: A plan was applied (``ApplyResult``).
    applied = Signal(object)
    #: Carteira, alerts and history were (re)loaded.
    data_loaded = Signal()
    #: A report was written (``Path``).
    exported = Signal(object)
    #: Alerts were acknowledged (list of ids).
    acknowledged = Signal(object)
    #: A message was shown to the planner (expected failure, cancellation, outcome).
    message_shown = Signal(str)
    #: A dialog was opened (the dialog).
    dialog_opened = Signal(object)

    def __init__(
        self,
        app: App,
        *,
        secrets: SecretStore,
        ui_state: UiState,
        error_hub: ErrorHub | None = None,
        source_factory: Callable[[], Source] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.secrets = secrets
        self.ui_state = ui_state
        self.error_hub = error_hub or ErrorHub(self)
        self.error_hub.unexpected.connect(self.show_crash)
        self.source_factory: Callable[[], Source] = source_factory or self._odoo_source
        #: Chooses where to save a report: ``(suggested file name) -> path or None``. Tests replace it.
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path_dialog
        #: Chooses a JSON source file: ``() -> path or None``. Tests replace it.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path_dialog
        self.tasks = TaskRunner(self)
        self.plan: Plan | None = None
        self.plan_fresh = False
        self.active_dialog: QDialog | None = None
        self.last_message = ""
        self._fresh_checked_at = 0.0
        self._fetch_task: Task | None = None

        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setWindowTitle(self.tr("Carteira Sync — {0}").format(app.db_description))
        self._build_actions()
        self._build_tabs()
        self._build_status_bar()
        self.tasks.busy_changed.connect(lambda _busy: self._update_actions())
        if not ui_state.restore_geometry("main", self):
            self.resize(1280, 800)
        self._update_actions()
        self.reload()

    # -- construction -------------------------------------------------------------------------------

    def _action(
        self, text: str, icon_name: str | None, slot: Callable[[], Any], shortcuts: list[QKeySequence] | None = None
    ) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        if shortcuts:
            action.setShortcuts(shortcuts)
            action.setToolTip(f"{text} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.fetch_action = self._action(self.tr("Fetch from Odoo"), "fetch", self.fetch, [QKeySequence(Qt.Key.Key_F5)])
        self.open_file_action = self._action(
            self.tr("Open source file…"),
            "open-file",
            self.fetch_from_file,
            [QKeySequence(QKeySequence.StandardKey.Open)],
        )
        self.apply_action = self._action(
            self.tr("Apply plan"),
            "apply",
            self.request_apply,
            [
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            ],
        )
        self.cancel_action = self._action(
            self.tr("Cancel"), "cancel", self.cancel_fetch, [QKeySequence(Qt.Key.Key_Escape)]
        )
        self.export_action = self._action(
            self.tr("Export change report…"),
            "export",
            self.export_report,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E)],
        )
        self.ack_action = self._action(
            self.tr("Acknowledge alerts…"),
            "acknowledge",
            self.acknowledge_selected,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K)],
        )
        self.settings_action = self._action(self.tr("Settings…"), "settings", self.open_settings)
        self.find_action = self._action(
            self.tr("Find"), None, self._focus_search, [QKeySequence(QKeySequence.StandardKey.Find)]
        )
        quit_action = self._action(self.tr("Quit"), None, self.close, [QKeySequence(QKeySequence.StandardKey.Quit)])
        log_action = self._action(self.tr("Open the log folder"), None, self._open_log_folder)
        about_action = self._action(self.tr("About Carteira Sync"), "app", self._about)

        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.fetch_action)
        toolbar.addAction(self.open_file_action)
        toolbar.addSeparator()
        toolbar.addAction(self.apply_action)
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.ack_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.settings_action)
        self.addToolBar(toolbar)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_file_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        sync_menu = menu.addMenu(self.tr("&Sync"))
        sync_menu.addAction(self.fetch_action)
        sync_menu.addAction(self.apply_action)
        sync_menu.addAction(self.cancel_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.ack_action)
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(log_action)
        help_menu.addAction(about_action)

    def _search_box(self, name: str, placeholder: str) -> QLineEdit:
        return SearchBox(name, placeholder)

    def _debounced(self, box: QLineEdit, apply: Callable[[str], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(200)
        timer.timeout.connect(lambda: apply(box.text()))
        box.textChanged.connect(lambda _text: timer.start())
        return timer

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        # Carteira.
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.carteira_search = self._search_box(
            "carteiraSearch", self.tr("Search order, product, description, client or city…")
        )
        self.carteira_count = QLabel()
        self.carteira_count.setObjectName("carteiraCount")
        row.addWidget(self.carteira_search, 1)
        row.addWidget(self.carteira_count)
        layout.addLayout(row)
        self.carteira_model = CarteiraModel(self)
        self.carteira_proxy = RowFilterProxy(self)
        self.carteira_proxy.setSourceModel(self.carteira_model)
        self.carteira_view = _table("carteiraView")
        self.carteira_view.setModel(self.carteira_proxy)
        _enable_sorting(self.carteira_view)
        self._restore_header("carteira", self.carteira_view, (110, 90, 200, 190, 160, 75, 75, 100, 75, 75, 90))
        layout.addWidget(self.carteira_view, 1)
        self.carteira_search_timer = self._debounced(self.carteira_search, self._filter_carteira)
        self.tabs.addTab(page, icon("carteira"), self.tr("Carteira"))

        # Plan.
        self.plan_panel = PlanPanel(self.ui_state)
        self.plan_panel.apply_requested.connect(self.request_apply)
        self.plan_panel.discard_requested.connect(self.discard_plan)
        self.plan_panel.fetch_requested.connect(self.fetch)
        self.tabs.addTab(self.plan_panel, icon("plan"), self.tr("Plan"))

        # Alerts.
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.alert_search = self._search_box("alertSearch", self.tr("Search order, product, batch or message…"))
        self.alert_level = QComboBox()
        self.alert_level.setObjectName("alertLevel")
        self.alert_level.addItem(self.tr("Every level"), None)
        for nivel, name in ((Nivel.CRITICO, "critico"), (Nivel.ATENCAO, "atencao"), (Nivel.INFO, "info")):
            self.alert_level.addItem(icon(name), self.tr("Only {0}").format(level_label(nivel)), [nivel.value])
        self.show_acknowledged = QCheckBox(self.tr("Show acknowledged"))
        self.show_acknowledged.setObjectName("showAcknowledged")
        ack_button = QToolButton()
        ack_button.setDefaultAction(self.ack_action)
        ack_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        row.addWidget(self.alert_search, 1)
        row.addWidget(self.alert_level)
        row.addWidget(self.show_acknowledged)
        row.addWidget(ack_button)
        layout.addLayout(row)
        self.alert_model = AlertModel(self)
        self.alert_proxy = RowFilterProxy(self)
        self.alert_proxy.setSourceModel(self.alert_model)
        self.alert_proxy.set_hide_acknowledged(True)
        self.alert_view = _table("alertView")
        self.alert_view.setModel(self.alert_proxy)
        self.alert_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _enable_sorting(self.alert_view)
        self._restore_header("alerts", self.alert_view, (100, 105, 90, 145, 55, 55, 420, 120, 50, 125, 120))
        layout.addWidget(self.alert_view, 1)
        self.alert_search_timer = self._debounced(self.alert_search, self.alert_proxy.set_text)
        self.alert_level.currentIndexChanged.connect(
            lambda _i: self.alert_proxy.set_levels(
                levels if isinstance(levels := self.alert_level.currentData(), list) else None
            )
        )
        self.show_acknowledged.toggled.connect(lambda on: self.alert_proxy.set_hide_acknowledged(not on))
        self.alert_view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.tabs.addTab(page, icon("alerts"), self.tr("Alerts"))

        # History.
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 0)
        self.history_splitter = QSplitter(Qt.Orientation.Vertical)
        self.run_model = RunModel(self)
        self.run_proxy = RowFilterProxy(self)
        self.run_proxy.setSourceModel(self.run_model)
        self.run_view = _table("runView")
        self.run_view.setModel(self.run_proxy)
        self.run_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        _enable_sorting(self.run_view)
        self._restore_header("runs", self.run_view, (55, 120, 110, 200, 70, 70, 55, 75, 70, 65, 70, 85, 100, 65))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.run_title = QLabel(self.tr("Select a sync to see its changes."))
        self.run_title.setObjectName("runTitle")
        export_button = QPushButton(icon("export"), self.tr("Export this sync's report…"))
        export_button.clicked.connect(self.export_report)
        row.addWidget(self.run_title, 1)
        row.addWidget(export_button)
        lower_layout.addLayout(row)
        self.run_change_model = RunChangeModel(self)
        self.run_change_proxy = RowFilterProxy(self)
        self.run_change_proxy.setSourceModel(self.run_change_model)
        self.run_change_view = _table("runChangeView")
        self.run_change_view.setModel(self.run_change_proxy)
        _enable_sorting(self.run_change_view)
        self._restore_header("run_changes", self.run_change_view, (95, 120, 110, 230, 80, 80, 80))
        lower_layout.addWidget(self.run_change_view, 1)
        self.history_splitter.addWidget(self.run_view)
        self.history_splitter.addWidget(lower)
        if not self.ui_state.restore_splitter("history", self.history_splitter):
            self.history_splitter.setSizes([260, 420])
        layout.addWidget(self.history_splitter, 1)
        self.run_view.selectionModel().currentRowChanged.connect(self._on_run_selected)
        self.tabs.addTab(page, icon("history"), self.tr("History"))
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())

    def _restore_header(self, name: str, view: QTableView, widths: tuple[int, ...]) -> None:
        header = view.horizontalHeader()
        if not self.ui_state.restore_header(name, header):
            for column, width in enumerate(widths):
                header.resizeSection(column, width)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(icon("cancel"), self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel_fetch)
        self.db_label = QLabel(self.app.db_description)
        self.db_label.setObjectName("dbLabel")
        self.db_label.setStyleSheet("color: #607d8b;")
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.db_label)
        self._show_progress(False)

    # -- state of the actions ---------------------------------------------------------------------

    def _update_actions(self) -> None:
        plan = self.plan
        can_apply = plan is not None and plan.has_changes and self.plan_fresh and not self._writing()
        self.apply_action.setEnabled(can_apply)
        self.plan_panel.set_apply_enabled(can_apply)
        self.fetch_action.setEnabled(not self._fetching() and not self._writing())
        self.open_file_action.setEnabled(self.fetch_action.isEnabled())
        self.cancel_action.setEnabled(self._fetching())
        self.ack_action.setEnabled(bool(self._selected_open_alerts()) and not self.tasks.running("acknowledge"))
        self.export_action.setEnabled(not self.tasks.running("export"))
        self.settings_action.setEnabled(not self._writing())

    def _fetching(self) -> bool:
        return bool(self.tasks.running("fetch"))

    def _writing(self) -> bool:
        return bool(self.tasks.running("apply") or self.tasks.running("check"))

    def _show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        self.progress_label.setVisible(visible)
        self.progress_bar.setVisible(visible)
        self.cancel_button.setVisible(visible and cancellable)
        self.progress_label.setText(text)
        if visible:
            self.progress_bar.setRange(0, 0)

    def show_message(self, text: str, *, dialog: bool = False, title: str | None = None) -> None:
        """Tell the planner something: in the status bar, and in a message box when it needs reading."""
        self.last_message = text
        log.info("message: %s", text)
        self.statusBar().showMessage(text, 15_000)
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, title or self.tr("Carteira Sync"), text, parent=self)
            box.setObjectName("messageBox")
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._open_dialog(box)
        self.message_shown.emit(text)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def closed(_result: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None

        dialog.finished.connect(closed)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def show_crash(self, error: BaseException) -> None:
        """Show an unexpected error (a bug) with the details to copy."""
        log.error("crash dialog", exc_info=(type(error), error, error.__traceback__))
        self.last_message = user_message(error)
        self._open_dialog(CrashDialog(error, current_log_file(), self))

    def _on_failure(self, error: BaseException, what: str) -> None:
        """The one place where a task's failure becomes a message or a crash dialog."""
        if isinstance(error, StalePlan):
            self._show_stale(error)
            return
        if is_expected(error):
            self.show_message(user_message(error, self.app.db_url), dialog=True, title=what)
            return
        self.show_crash(error)

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> Task:
        """Read the carteira, the alerts and the history again (in a worker)."""
        store = self.app.store

        def job(_context: TaskContext) -> LoadedState:
            return LoadedState(
                build_carteira_rows(store.load_snapshot()),
                store.alerts(include_acknowledged=True),
                store.runs(),
            )

        task = self.tasks.start("load", job)
        task.finished.connect(self._on_loaded)
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Loading the carteira")))
        return task

    def _on_loaded(self, state: LoadedState) -> None:
        self.carteira_model.set_rows(state.rows)
        self._set_alerts(state.alerts)
        selected = self._selected_run()
        self.run_model.set_rows(state.runs)
        if selected is not None:
            self._select_run(selected.id)
        self._update_carteira_count()
        self._update_actions()
        self.data_loaded.emit()

    def _set_alerts(self, alerts: list[AlertView]) -> None:
        self.alert_model.set_rows(alerts)
        count = self.alert_model.open_count()
        title = self.tr("Alerts ({0})").format(fmt_count(count)) if count else self.tr("Alerts")
        self.tabs.setTabText(TAB_ALERTS, title)

    def _filter_carteira(self, text: str) -> None:
        self.carteira_proxy.set_text(text)
        self._update_carteira_count()

    def _update_carteira_count(self) -> None:
        total = self.carteira_model.rowCount()
        shown = self.carteira_proxy.rowCount()
        if shown == total:
            self.carteira_count.setText(self.tr("{0} lines").format(fmt_count(total)))
        else:
            self.carteira_count.setText(self.tr("{0} of {1} lines").format(fmt_count(shown), fmt_count(total)))

    # -- fetch -----------------------------------------------------------------------------------

    def _odoo_source(self) -> Source:
        from carteira_gui.adapters.odoo.config import OdooSettings
        from carteira_gui.adapters.odoo.source import OdooSource

        table = self.app.settings.odoo
        odoo = OdooSettings.from_mapping(table, self.app.environ).with_secrets(
            password=self.secrets.get(odoo_account(table, "password")),
            api_key=self.secrets.get(odoo_account(table, "api_key")),
        )
        odoo.require_connection()
        return OdooSource(odoo)

    def fetch(self) -> Task | None:
        """Fetch from Odoo and plan the sync, in a worker (F5)."""
        try:
            source = self.source_factory()
        except CarteiraError as error:
            self.show_message(
                user_message(error) + " " + self.tr("Open Settings to fill in the Odoo connection."),
                dialog=True,
                title=self.tr("Fetch from Odoo"),
            )
            return None
        return self.fetch_from(source)

    def fetch_from_file(self) -> Task | None:
        """Plan the sync from a JSON source file (Ctrl+O)."""
        path = self.ask_open_path()
        if path is None:
            return None
        self.ui_state.set_last_dir(path.parent)
        return self.fetch_from(self.app.file_source(path))

    def fetch_from(self, source: Source) -> Task | None:
        """Fetch ``source`` and plan the sync against the database, in a worker."""
        if self._fetching() or self._writing():
            return None
        store, options = self.app.store, self.app.options

        def job(context: TaskContext) -> tuple[Plan, PlanTimings]:
            return compute_plan(store, source, options, context.progress, context.cancel)

        self._show_progress(True, self.tr("Fetching {0}…").format(source.description), cancellable=True)
        self.statusBar().clearMessage()
        task = self._fetch_task = self.tasks.start("fetch", job)
        task.progress.connect(self._on_fetch_progress)
        task.finished.connect(self._on_plan_ready)
        task.cancelled.connect(lambda: self.show_message(self.tr("The fetch was cancelled. Nothing was changed.")))
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Fetch failed")))
        task.done.connect(self._on_fetch_done)
        self._update_actions()
        return task

    def cancel_fetch(self) -> None:
        """Cancel the running fetch (Esc); nothing is changed."""
        for task in self.tasks.running("fetch") + self.tasks.running("load"):
            task.cancel()
        if self._fetching():
            self.progress_label.setText(self.tr("Cancelling…"))

    def _on_fetch_progress(self, progress: object) -> None:
        if not isinstance(progress, FetchProgress):
            return
        if progress.pages_total:
            self.progress_bar.setRange(0, progress.pages_total)
            self.progress_bar.setValue(progress.pages_done)
            self.progress_label.setText(
                self.tr("Page {0} of {1} · {2} of {3} lines").format(
                    fmt_count(progress.pages_done),
                    fmt_count(progress.pages_total),
                    fmt_count(progress.lines_done),
                    fmt_count(progress.lines_total),
                )
            )
        else:
            self.progress_label.setText(
                self.tr("Page {0} · {1} lines").format(fmt_count(progress.pages_done), fmt_count(progress.lines_done))
            )

    def _on_fetch_done(self) -> None:
        self._fetch_task = None
        self._show_progress(False)
        self._update_actions()

    def _on_plan_ready(self, result: tuple[Plan, PlanTimings]) -> None:
        plan, timings = result
        self.set_plan(plan)
        total = timings.fetch_s + timings.load_s + timings.plan_s
        if plan.has_changes:
            text = self.tr("Plan computed: {0} changes, {1} critical alerts ({2}). Review it, then apply.").format(
                fmt_count(len(plan.changes)), fmt_count(plan.alert_counts()[Nivel.CRITICO]), fmt_seconds(total)
            )
        else:
            text = self.tr("Nothing to change: the carteira already follows the source ({0}).").format(
                fmt_seconds(total)
            )
        self.show_message(text)
        self.tabs.setCurrentIndex(TAB_PLAN)
        self.plan_ready.emit(plan)

    def set_plan(self, plan: Plan | None) -> None:
        """Put ``plan`` under review (``None``: nothing under review)."""
        self.plan = plan
        self.plan_fresh = plan is not None
        self._fresh_checked_at = _now_s()
        self.plan_panel.set_plan(plan)
        self._update_actions()

    def discard_plan(self) -> None:
        """Drop the plan under review (nothing is written)."""
        self.plan_panel.set_placeholder(self.tr("The plan was discarded. Nothing was changed."))
        self.set_plan(None)

    def _mark_fresh(self, plan: Plan, is_fresh: bool) -> None:
        if plan is not self.plan:
            return
        self.plan_fresh = is_fresh
        self._fresh_checked_at = _now_s()
        self.plan_panel.set_fresh(is_fresh)
        self._update_actions()

    def check_freshness(self) -> Task | None:
        """Check in a worker whether the plan still matches the database (Apply is enabled only then)."""
        plan = self.plan
        if plan is None or self.tasks.running("freshness") or self._writing():
            return None
        store = self.app.store
        task = self.tasks.start("freshness", lambda _context: fresh(plan, store))
        task.finished.connect(lambda is_fresh: self._mark_fresh(plan, bool(is_fresh)))
        task.failed.connect(lambda error: log.warning("freshness check failed: %r", error))
        return task

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """When the planner comes back to the window, check that the plan is still fresh."""
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.plan is not None
            and _now_s() - self._fresh_checked_at > FRESHNESS_INTERVAL_S
        ):
            self.check_freshness()
        super().changeEvent(event)

    # -- apply -----------------------------------------------------------------------------------

    def request_apply(self) -> Task | None:
        """Check that the plan is fresh, then ask for confirmation (Ctrl+Enter)."""
        plan = self.plan
        if plan is None or not plan.has_changes or not self.plan_fresh or self._writing() or self._fetching():
            return None
        store = self.app.store

        def job(_context: TaskContext) -> None:
            check_fresh_now(plan, store)

        self._show_progress(True, self.tr("Checking the plan against the database…"))
        task = self.tasks.start("check", job)
        task.finished.connect(lambda _none: self._confirm(plan))
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Apply")))
        task.done.connect(lambda: self._show_progress(False))
        self._update_actions()
        return task

    def _confirm(self, plan: Plan) -> None:
        if plan is not self.plan:
            return
        dialog = ConfirmApplyDialog(plan, self.ui_state.user_name(), self)
        dialog.accepted.connect(
            lambda: self.apply(plan, dialog.user_name(), allow_mass_removal=dialog.allow_mass_removal)
        )
        self._open_dialog(dialog)

    def apply(self, plan: Plan, user: str, *, allow_mass_removal: bool) -> Task | None:
        """Apply an approved plan in a worker (one transaction)."""
        if self._writing():
            return None
        self.ui_state.set_user_name(user)
        store = self.app.store

        def job(_context: TaskContext) -> ApplyResult:
            return apply_plan(store, plan, usuario=user, allow_mass_removal=allow_mass_removal)

        self._show_progress(True, self.tr("Applying the plan…"))
        task = self.tasks.start("apply", job)
        task.finished.connect(self._on_applied)
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Apply")))
        task.done.connect(lambda: self._show_progress(False))
        self._update_actions()
        return task

    def _on_applied(self, result: ApplyResult) -> None:
        plan = result.plan
        if result.applied:
            counts = plan.alert_counts()
            text = self.tr(
                "Sync #{0} applied: {1} changes written; {2} critical and {3} warning alerts to acknowledge."
            ).format(
                result.sync_id,
                fmt_count(len(plan.changes)),
                fmt_count(counts[Nivel.CRITICO]),
                fmt_count(counts[Nivel.ATENCAO]),
            )
            placeholder = (
                "<b>"
                + text
                + "</b><br>"
                + self.tr("See the alerts in the Alerts tab and the report in History (Ctrl+E exports it).")
            )
        else:
            text = self.tr("Nothing to apply: the carteira already follows the source.")
            placeholder = text
        self.plan_panel.set_placeholder(placeholder)
        self.set_plan(None)
        self.show_message(text)
        self.reload()
        self.applied.emit(result)

    def _show_stale(self, error: StalePlan) -> None:
        if self.plan is not None:
            self._mark_fresh(self.plan, False)
        dialog = StalePlanDialog(error.differences, self)
        dialog.accepted.connect(self.fetch)
        self.last_message = str(error)
        self._open_dialog(dialog)
        self.message_shown.emit(str(error))

    # -- alerts ----------------------------------------------------------------------------------

    def _selected_open_alerts(self) -> list[AlertView]:
        rows = self.alert_view.selectionModel().selectedRows() if self.alert_view.selectionModel() else []
        alerts = []
        for index in rows:
            alert = self.alert_proxy.data(index, ROW_ROLE)
            if isinstance(alert, AlertView) and alert.reconhecido_em is None:
                alerts.append(alert)
        return alerts

    def acknowledge_selected(self) -> None:
        """Acknowledge the selected open alerts, with a name and a note (Ctrl+K)."""
        alerts = self._selected_open_alerts()
        if not alerts:
            self.show_message(self.tr("Select one or more open alerts in the Alerts tab first."))
            return
        dialog = AcknowledgeDialog(alerts, self.ui_state.user_name(), self)
        dialog.accepted.connect(lambda: self.acknowledge([a.id for a in alerts], dialog.name(), dialog.note()))
        self._open_dialog(dialog)

    def acknowledge(self, ids: list[int], name: str, note: str | None) -> Task:
        """Acknowledge alerts in a worker and reload them."""
        self.ui_state.set_user_name(name)
        store = self.app.store

        def job(_context: TaskContext) -> tuple[list[int], list[AlertView]]:
            done = store.acknowledge(ids, name, note, datetime.now(UTC))
            return done, store.alerts(include_acknowledged=True)

        task = self.tasks.start("acknowledge", job)
        task.finished.connect(self._on_acknowledged)
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Acknowledge alerts")))
        self._update_actions()
        return task

    def _on_acknowledged(self, result: tuple[list[int], list[AlertView]]) -> None:
        done, alerts = result
        self._set_alerts(alerts)
        self.show_message(self.tr("%n alert(s) acknowledged.", "", len(done)))
        self._update_actions()
        self.acknowledged.emit(done)

    # -- history and reports ---------------------------------------------------------------------

    def _selected_run(self) -> RunView | None:
        index = self.run_view.currentIndex()
        if not index.isValid():
            return None
        run = self.run_proxy.data(index, ROW_ROLE)
        return run if isinstance(run, RunView) else None

    def _select_run(self, run_id: int) -> None:
        for row in range(self.run_proxy.rowCount()):
            index = self.run_proxy.index(row, 0)
            run = self.run_proxy.data(index, ROW_ROLE)
            if isinstance(run, RunView) and run.id == run_id:
                self.run_view.setCurrentIndex(index)
                return

    def _on_run_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        run = self.run_proxy.data(current, ROW_ROLE) if current.isValid() else None
        if not isinstance(run, RunView):
            self.run_change_model.set_rows([])
            self.run_title.setText(self.tr("Select a sync to see its changes."))
            return
        self.run_title.setText(
            self.tr("Sync #{0} of {1} by {2} — {3}").format(
                run.id, fmt_datetime(run.iniciado_em), run.usuario, run.origem
            )
        )
        store = self.app.store
        task = self.tasks.start("run-changes", lambda _context: (run.id, store.run_changes(run.id)))
        task.finished.connect(self._on_run_changes)
        task.failed.connect(lambda error: self._on_failure(error, self.tr("History")))

    def _on_run_changes(self, result: tuple[int, list[Any]]) -> None:
        run_id, changes = result
        selected = self._selected_run()
        if selected is not None and selected.id == run_id:
            # Destructive kinds first, as in the plan review.
            order = {tipo.value: n for n, tipo in enumerate(GROUP_ORDER)}
            changes.sort(key=lambda c: (order.get(c.tipo, len(order)), c.num_pedido, c.cod_produto))
            self.run_change_model.set_rows(changes)

    def export_report(self) -> Task | None:
        """Export a change report (Ctrl+E).

        The plan under review on the Plan tab, else the selected sync in History, else the latest sync. The
        format follows the file name: .xlsx, .csv or .pdf.
        """
        plan = self.plan if self.tabs.currentIndex() == TAB_PLAN else None
        run = self._selected_run() if self.tabs.currentIndex() == TAB_HISTORY else None
        if plan is None and run is None and not self.run_model.rows:
            if self.plan is None:
                self.show_message(
                    self.tr("There is no sync to report yet. Fetch, review and apply a plan first."), dialog=True
                )
                return None
            plan = self.plan
        if plan is not None:
            suggested = f"mudancas-plano-{datetime.now().strftime('%Y%m%d-%H%M')}.xlsx"
        else:
            run_id = run.id if run is not None else self.run_model.rows[0].id
            suggested = f"mudancas-sync-{run_id}.xlsx"
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        return self.export_to(path, plan=plan, run_id=None if plan is not None else (run.id if run else None))

    def export_to(self, path: Path, *, plan: Plan | None = None, run_id: int | None = None) -> Task:
        """Write the report of ``plan`` (or of sync ``run_id``, the latest when None) to ``path``, in a worker."""
        from carteira_gui.adapters.reports import report_from_plan, report_from_run, write_report

        fmt = path.suffix.lower().lstrip(".")
        if fmt not in REPORT_FORMATS:
            fmt = "xlsx"
            path = path.with_suffix(".xlsx")
        store = self.app.store
        user = self.ui_state.user_name()
        self.ui_state.set_last_dir(path.parent)

        def job(_context: TaskContext) -> Path:
            report = report_from_plan(plan, usuario=user) if plan is not None else report_from_run(store, run_id)
            return write_report(report, fmt, path)

        self._show_progress(True, self.tr("Writing {0}…").format(path.name))
        task = self.tasks.start("export", job)
        task.finished.connect(self._on_exported)
        task.failed.connect(lambda error: self._on_failure(error, self.tr("Export the report")))
        task.done.connect(lambda: self._show_progress(False))
        self._update_actions()
        return task

    def _on_exported(self, path: Path) -> None:
        self.show_message(self.tr("Report saved to {0}.").format(path))
        self.exported.emit(path)

    def _ask_save_path_dialog(self, suggested: str) -> Path | None:
        filters = ";;".join(
            (
                self.tr("Excel workbook (*.xlsx)"),
                self.tr("CSV for Excel (*.csv)"),
                self.tr("PDF (*.pdf)"),
            )
        )
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export change report"), str(Path(self.ui_state.last_dir()) / suggested), filters
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower().lstrip(".") not in REPORT_FORMATS:
            for fmt in REPORT_FORMATS:
                if f"*.{fmt}" in chosen:
                    path = path.with_suffix(f".{fmt}")
        return path

    def _ask_open_path_dialog(self) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            self, self.tr("Open source file"), self.ui_state.last_dir(), self.tr("JSON source (*.json)")
        )
        return Path(name) if name else None

    # -- settings and the rest -------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """Open the settings dialog."""
        dialog = SettingsDialog(self.app.settings, self.secrets, self.tasks, self.app.environ, self.show_crash, self)
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        self._open_dialog(dialog)
        return dialog

    def _save_settings(self, dialog: SettingsDialog) -> None:
        new = dialog.result_settings()
        self.secrets.set(odoo_account(new.odoo, "password"), dialog.typed_password() or None)
        self.secrets.set(odoo_account(new.odoo, "api_key"), dialog.typed_api_key() or None)
        try:
            path = save_settings(new, new.path, self.app.environ)
        except OSError as exc:
            self.show_message(
                self.tr(
                    "The settings could not be saved ({0}). Nothing was changed; check the folder's permissions."
                ).format(exc.strerror or exc),
                dialog=True,
            )
            return
        self.app.settings = new
        self.show_message(self.tr("Settings saved to {0}.").format(path))

    def _focus_search(self) -> None:
        index = self.tabs.currentIndex()
        box = {
            TAB_CARTEIRA: self.carteira_search,
            TAB_PLAN: self.plan_panel.filter_text,
            TAB_ALERTS: self.alert_search,
        }.get(index)
        if box is not None:
            box.setFocus()
            box.selectAll()

    def _open_log_folder(self) -> None:
        path = current_log_file()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        else:
            self.show_message(self.tr("The log is not being written to a file in this session."))

    def _about(self) -> None:
        from carteira_gui import __version__

        QMessageBox.about(
            self,
            self.tr("About Carteira Sync"),
            self.tr(
                "<b>Carteira Sync {0}</b><br>Keeps the local carteira in step with Odoo without losing "
                "pre-separations and separations.<br>Database: {1}"
            ).format(__version__, self.app.db_description),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember the layout, stop the workers (an apply in progress finishes first)."""
        self.ui_state.save_geometry("main", self)
        self.ui_state.save_header("carteira", self.carteira_view.horizontalHeader())
        self.ui_state.save_header("alerts", self.alert_view.horizontalHeader())
        self.ui_state.save_header("runs", self.run_view.horizontalHeader())
        self.ui_state.save_header("run_changes", self.run_change_view.horizontalHeader())
        self.ui_state.save_splitter("history", self.history_splitter)
        self.plan_panel.save_state()
        self.ui_state.sync()
        self.tasks.shutdown()
        super().closeEvent(event)


def _now_s() -> float:
    return datetime.now(UTC).timestamp()

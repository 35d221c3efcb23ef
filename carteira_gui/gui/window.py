"""The main window: actions, the five tabs, the status bar, and the glue of the plan's life between them.

The window receives the services (``App`` from the composition root, the secret store, the remembered UI
state) through its constructor and hands each tab what it needs. Each tab is its own widget with its models
and operations (``carteira_tab`` with the planners' decisions on lines, ``lotes_tab``, ``plan_view.PlanPanel``,
``alerts_tab``, ``history_tab``); the plan's life (fetch, freshness, apply) is ``sync_flow.SyncFlow``, the
import of decisions ``import_flow.ImportFlow``, reports are ``export.ReportExporter``. Every background job
runs as an op (``gui.ops``); the window implements ``ops.Feedback``: the status bar, messages, dialogs and the
error pipeline. Dialogs open with ``open()``; ``active_dialog`` names the one showing. After any decision the
window reloads the carteira (and so the side panel), the lotes, and checks the plan under review again.

Just over 500 lines: the window is the one place where the five tabs, the toolbar, the menus, the status bar
and the ``Feedback`` the ops report to meet; each part here is glue, and the work is in the tabs and flows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QToolBar,
    QWidget,
)

from carteira_gui.bootstrap import App
from carteira_gui.gui.alerts_tab import AlertsTab
from carteira_gui.gui.carteira_tab import CarteiraTab
from carteira_gui.gui.dialogs import CrashDialog
from carteira_gui.gui.errors import ErrorHub, present_failure, user_message
from carteira_gui.gui.export import ReportExporter
from carteira_gui.gui.formatting import fmt_count
from carteira_gui.gui.history_tab import HistoryTab
from carteira_gui.gui.import_flow import ImportFlow
from carteira_gui.gui.logs import current_log_file
from carteira_gui.gui.lotes_tab import LotesTab
from carteira_gui.gui.models.carteira import CarteiraRow, build_carteira_rows, rows_by_pedido
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.plan_view import PlanPanel
from carteira_gui.gui.resources import icon
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.settings_dialog import SettingsDialog
from carteira_gui.gui.sync_flow import SyncFlow
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import make_action
from carteira_gui.services.alerts import list_alerts
from carteira_gui.services.decisions import list_lotes
from carteira_gui.services.history import list_runs
from carteira_gui.services.ports import Source
from carteira_gui.services.state import load_carteira
from carteira_gui.services.views import AlertView, LoteView, RunView
from carteira_gui.settings import save_settings

log = logging.getLogger(__name__)

TAB_CARTEIRA, TAB_LOTES, TAB_PLAN, TAB_ALERTS, TAB_HISTORY = range(5)


@dataclass(frozen=True, slots=True)
class LoadedState:
    """What the load op reads: the carteira rows (also by pedido), every lote, every alert, every sync run."""

    rows: list[CarteiraRow]
    by_pedido: dict[str, dict[str, CarteiraRow]]
    lotes: list[LoteView]
    alerts: list[AlertView]
    runs: list[RunView]


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
        self.ops = Ops(feedback=self, parent=self)
        #: The running ops' tasks (``busy``, ``running(name)``): what tests and the screenshots wait on.
        self.tasks = self.ops.tasks
        self.active_dialog: QDialog | None = None
        self.last_message = ""

        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setWindowTitle(self.tr("Carteira Sync — {0}").format(app.db_description))
        self.carteira_tab = CarteiraTab(app.uow, self.ops, self, ui_state, db_url=app.db_url)
        self.lotes_tab = LotesTab(app.uow, self.ops, self, ui_state, db_url=app.db_url)
        self.plan_panel = PlanPanel(ui_state)
        self.alerts_tab = AlertsTab(app.uow, self.ops, self, ui_state)
        self.history_tab = HistoryTab(app.uow, self.ops, ui_state)
        self.flow = SyncFlow(
            app,
            secrets=secrets,
            ui_state=ui_state,
            ops=self.ops,
            feedback=self,
            panel=self.plan_panel,
            source_factory=source_factory,
            parent=self,
        )
        self.exporter = ReportExporter(app, self.ops, self, ui_state, self)
        self.importer = ImportFlow(app, self.ops, self, ui_state, self)
        self._pending_lote: str | None = None
        self._reload_again = False
        self._build_actions()
        self._build_tabs()
        self._build_status_bar()
        self._connect()
        if not ui_state.restore_geometry("main", self):
            self.resize(1280, 800)
        self._update_actions()
        self.reload()

    # -- construction -------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        flow = self.flow
        self.fetch_action = make_action(
            self, self.tr("Fetch from Odoo"), "fetch", flow.fetch, [QKeySequence(Qt.Key.Key_F5)]
        )
        self.open_file_action = make_action(
            self,
            self.tr("Open source file…"),
            "open-file",
            flow.fetch_from_file,
            [QKeySequence(QKeySequence.StandardKey.Open)],
        )
        self.apply_action = make_action(
            self,
            self.tr("Apply plan"),
            "apply",
            flow.request_apply,
            [
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            ],
        )
        self.cancel_action = make_action(
            self, self.tr("Cancel"), "cancel", flow.cancel_fetch, [QKeySequence(Qt.Key.Key_Escape)]
        )
        self.export_action = make_action(
            self,
            self.tr("Export change report…"),
            "export",
            self.export_report,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E)],
        )
        # The Alerts tab owns its action; the window shows it in the toolbar and the menu, and its shortcut
        # works from every tab.
        self.ack_action: QAction = self.alerts_tab.acknowledge_action
        self.addAction(self.ack_action)
        # The Carteira tab owns the decisions on lines; their shortcuts work from every tab.
        self.pre_action: QAction = self.carteira_tab.pre_action
        self.lote_action: QAction = self.carteira_tab.lote_action
        self.from_pres_action: QAction = self.carteira_tab.from_pres_action
        for action in (self.pre_action, self.lote_action, self.from_pres_action):
            self.addAction(action)
        self.import_action = make_action(
            self,
            self.tr("Import decisions…"),
            "import",
            self.importer.start,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_I)],
        )
        self.settings_action = make_action(self, self.tr("Settings…"), "settings", self.open_settings)
        make_action(self, self.tr("Find"), None, self._focus_search, [QKeySequence(QKeySequence.StandardKey.Find)])
        quit_action = make_action(
            self, self.tr("Quit"), None, self.close, [QKeySequence(QKeySequence.StandardKey.Quit)]
        )
        log_action = make_action(self, self.tr("Open the log folder"), None, self._open_log_folder)
        about_action = make_action(self, self.tr("About Carteira Sync"), "app", self._about)

        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.fetch_action)
        toolbar.addAction(self.open_file_action)
        toolbar.addSeparator()
        toolbar.addAction(self.apply_action)
        toolbar.addSeparator()
        toolbar.addAction(self.pre_action)
        toolbar.addAction(self.lote_action)
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
        file_menu.addAction(self.import_action)
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
        decisions_menu = menu.addMenu(self.tr("&Decisions"))
        decisions_menu.setToolTipsVisible(True)
        decisions_menu.addAction(self.pre_action)
        decisions_menu.addAction(self.lote_action)
        decisions_menu.addAction(self.from_pres_action)
        decisions_menu.addSeparator()
        decisions_menu.addAction(self.import_action)
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(log_action)
        help_menu.addAction(about_action)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self.carteira_tab, icon("carteira"), self.tr("Carteira"))
        self.tabs.addTab(self.lotes_tab, icon("lote"), self.tr("Batches"))
        self.tabs.addTab(self.plan_panel, icon("plan"), self.tr("Plan"))
        self.tabs.addTab(self.alerts_tab, icon("alerts"), self.tr("Alerts"))
        self.tabs.addTab(self.history_tab, icon("history"), self.tr("History"))

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
        self.cancel_button.clicked.connect(self.flow.cancel_fetch)
        self.db_label = QLabel(self.app.db_description)
        self.db_label.setObjectName("dbLabel")
        self.db_label.setStyleSheet("color: #607d8b;")
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.db_label)
        self.show_progress(False)

    def _connect(self) -> None:
        """The glue: what one part does that another shows."""
        flow = self.flow
        self.ops.changed.connect(self._update_actions)
        flow.changed.connect(self._update_actions)
        flow.plan_ready.connect(lambda _plan: self.tabs.setCurrentIndex(TAB_PLAN))
        flow.plan_ready.connect(self.plan_ready)
        flow.applied.connect(lambda _result: self.reload())
        flow.applied.connect(self.applied)
        self.plan_panel.apply_requested.connect(flow.request_apply)
        self.plan_panel.discard_requested.connect(flow.discard_plan)
        self.plan_panel.fetch_requested.connect(flow.fetch)
        self.alerts_tab.open_count_changed.connect(self._set_alerts_title)
        self.alerts_tab.acknowledged.connect(self.acknowledged)
        self.history_tab.export_requested.connect(self.export_report)
        self.exporter.exported.connect(self.exported)
        self.carteira_tab.decided.connect(self._on_decided)
        self.lotes_tab.decided.connect(self._on_decided)
        self.importer.imported.connect(self._on_decided)
        self.carteira_tab.open_lote_requested.connect(self.show_lote)

    # -- state of the actions -------------------------------------------------------------------------

    def _update_actions(self) -> None:
        flow = self.flow
        can_apply = flow.can_apply
        self.apply_action.setEnabled(can_apply)
        self.plan_panel.set_apply_enabled(can_apply)
        self.fetch_action.setEnabled(not flow.fetching and not flow.writing)
        self.open_file_action.setEnabled(self.fetch_action.isEnabled())
        self.cancel_action.setEnabled(flow.fetching)
        self.export_action.setEnabled(not self.ops.running("export"))
        self.settings_action.setEnabled(not flow.writing)
        self.import_action.setEnabled(not self.ops.running("import") and not flow.writing)

    def _set_alerts_title(self, open_count: int) -> None:
        title = self.tr("Alerts ({0})").format(fmt_count(open_count)) if open_count else self.tr("Alerts")
        self.tabs.setTabText(TAB_ALERTS, title)

    # -- feedback (ops.Feedback) ----------------------------------------------------------------------

    def show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        """Show (or hide) the busy indicator of the status bar."""
        self.progress_label.setVisible(visible)
        self.progress_bar.setVisible(visible)
        self.cancel_button.setVisible(visible and cancellable)
        self.progress_label.setText(text)
        if visible:
            self.progress_bar.setRange(0, 0)

    def update_progress(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Update the busy indicator: its text, and how far along when the total is known."""
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done or 0)
        self.progress_label.setText(text)

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
            self.open_dialog(box)
        self.message_shown.emit(text)

    def clear_message(self) -> None:
        """Clear the status bar's message."""
        self.statusBar().clearMessage()

    def open_dialog(self, dialog: QDialog) -> None:
        """Open ``dialog`` window-modal; ``active_dialog`` names it until it closes (it is then deleted)."""
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def closed(_result: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None

        dialog.finished.connect(closed)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def show_failure(self, error: BaseException, title: str) -> None:
        """The error pipeline of the ops: a message for an expected failure, the crash dialog for a bug."""
        present_failure(self, error, title, self.app.db_url)

    def show_crash(self, error: BaseException) -> None:
        """Show an unexpected error (a bug) with the details to copy."""
        log.error("crash dialog", exc_info=(type(error), error, error.__traceback__))
        self.last_message = user_message(error)
        self.open_dialog(CrashDialog(error, current_log_file(), self))

    # -- loading and reports --------------------------------------------------------------------------

    def reload(self) -> Task:
        """Read the carteira, the alerts and the history again (in a worker) and show them in their tabs."""
        uow = self.app.uow

        def job(_context: TaskContext) -> LoadedState:
            rows = build_carteira_rows(load_carteira(uow))
            return LoadedState(
                rows,
                rows_by_pedido(rows),
                list_lotes(uow),
                list_alerts(uow, include_acknowledged=True),
                list_runs(uow),
            )

        running = self.tasks.running("load")
        if running:
            # One load at a time, the newest state last: a load asked for while one runs follows it.
            self._reload_again = True
            return running[0]
        return (
            self.ops.op("load", job, self.tr("Loading the carteira"))
            .success(self._on_loaded)
            .done(self._after_load)
            .run()
        )

    def _after_load(self) -> None:
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _on_loaded(self, state: LoadedState) -> None:
        self.carteira_tab.set_rows(state.rows)
        self.lotes_tab.set_lotes(state.lotes, state.by_pedido)
        if self._pending_lote is not None:
            self.lotes_tab.select_lote(self._pending_lote)
            self._pending_lote = None
        self.alerts_tab.set_alerts(state.alerts)
        self.history_tab.set_runs(state.runs)
        self._update_actions()
        self.data_loaded.emit()

    def _on_decided(self, _result: object) -> None:
        """A decision was written: show its effect everywhere, and check the plan under review against it."""
        self.reload()
        self.flow.check_freshness()

    def show_lote(self, code: str) -> None:
        """Open the Lotes tab on the lote ``code``."""
        self.tabs.setCurrentIndex(TAB_LOTES)
        if not self.lotes_tab.select_lote(code):
            self._pending_lote = code  # not loaded yet: selected when the lotes arrive

    def export_report(self) -> Task | None:
        """Export a change report (Ctrl+E).

        The plan under review on the Plan tab, else the selected sync in History, else the latest sync. The
        format follows the file name: .xlsx, .csv or .pdf.
        """
        current = self.tabs.currentIndex()
        plan = self.flow.plan if current == TAB_PLAN else None
        if plan is not None:
            return self.exporter.export_plan(plan)
        run = (self.history_tab.selected_run() if current == TAB_HISTORY else None) or self.history_tab.latest_run()
        if run is not None:
            return self.exporter.export_run(run.id)
        if self.flow.plan is not None:
            return self.exporter.export_plan(self.flow.plan)
        self.show_message(self.tr("There is no sync to report yet. Fetch, review and apply a plan first."), dialog=True)
        return None

    # -- settings and the rest ------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """Open the settings dialog."""
        dialog = SettingsDialog(self.app.settings, self.secrets, self.ops, self.app.environ, self.show_crash, self)
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        self.open_dialog(dialog)
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
        box = {
            TAB_CARTEIRA: self.carteira_tab.search,
            TAB_LOTES: self.lotes_tab.search,
            TAB_PLAN: self.plan_panel.filter_text,
            TAB_ALERTS: self.alerts_tab.search,
        }.get(self.tabs.currentIndex())
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """When the planner comes back to the window, check that the plan is still fresh."""
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.flow.check_freshness_if_due()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember the layout, stop the workers (an apply in progress finishes first)."""
        self.ui_state.save_geometry("main", self)
        self.carteira_tab.save_state()
        self.lotes_tab.save_state()
        self.alerts_tab.save_state()
        self.history_tab.save_state()
        self.plan_panel.save_state()
        self.ui_state.sync()
        self.ops.shutdown()
        super().closeEvent(event)

"""The main window: actions, the five tabs, the status bar, and the glue of the plan's life between them.

The window receives the services (``App`` from the composition root, the secret store, the remembered UI
state) through its constructor and hands each tab what it needs. Each tab is its own widget with its models
and operations (``carteira_tab`` with the planners' decisions on lines, ``lotes_tab``, ``plan_view.PlanPanel``,
``alerts_tab``, ``history_tab``); the plan's life (fetch, freshness, apply) is ``sync_flow.SyncFlow``, the
import of decisions ``import_flow.ImportFlow``, reports are ``export.ReportExporter``, the status bar is
``status.StatusArea``. Every background job runs as an op (``gui.ops``); the window implements
``ops.Feedback``: the status bar, messages, dialogs and the error pipeline. Dialogs open with ``open()``;
``active_dialog`` names the one showing. After any decision the window reloads the carteira (and so the side
panel), the lotes, and checks the plan under review again.

The keyboard reaches everything: Ctrl+Tab / Ctrl+PgDn and Ctrl+Shift+Tab / Ctrl+PgUp cycle the tabs, Ctrl+1…5
open one, each tab title has a mnemonic (Alt+letter), and each tab's main list takes the keyboard when its tab
is opened that way. Closing the window while a plan is reviewed but not applied, or while a fetch runs, asks
first.

Some 630 lines: the window is the one place where the five tabs, the toolbar, the menus and their shortcuts,
the status bar, the ``Feedback`` the ops report to and the close confirmation meet; each part here is glue, and
the work is in the tabs and flows (what a load reads is ``loading``; the status bar ``status``).

Over 500 lines: the window is the glue between the tabs, the plan's life and the status bar (actions, menus,
keyboard navigation, the signals one part sends and another shows); the work itself lives in the tab modules.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QTabWidget,
    QToolBar,
    QWidget,
)

from carteira_gui.bootstrap import App
from carteira_gui.gui.alerts_tab import AlertsTab
from carteira_gui.gui.auto_sync import AutoSync, DesktopNotifier
from carteira_gui.gui.carteira_tab import CarteiraTab
from carteira_gui.gui.dialogs import CrashDialog
from carteira_gui.gui.errors import ErrorHub, present_failure, user_message
from carteira_gui.gui.export import ReportExporter
from carteira_gui.gui.formatting import fmt_count
from carteira_gui.gui.history_tab import HistoryTab
from carteira_gui.gui.import_flow import ImportFlow
from carteira_gui.gui.loading import LoadedState, load_state
from carteira_gui.gui.logs import current_log_file
from carteira_gui.gui.lotes_tab import LotesTab
from carteira_gui.gui.ops import Ops
from carteira_gui.gui.plan_view import PlanPanel
from carteira_gui.gui.resources import icon
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.settings_dialog import SettingsDialog
from carteira_gui.gui.status import StatusArea
from carteira_gui.gui.sync_flow import SyncFlow
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import FOCUS_STYLE, make_action
from carteira_gui.services.ports import Source
from carteira_gui.settings import save_settings

log = logging.getLogger(__name__)

TAB_CARTEIRA, TAB_LOTES, TAB_PLAN, TAB_ALERTS, TAB_HISTORY = range(5)


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
        self._close_confirmed = False
        self.last_notification = ""
        self.notifier = DesktopNotifier(self)

        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setWindowTitle(self.tr("Carteira Sync — {0}").format(app.db_description))
        self.setStyleSheet(FOCUS_STYLE)
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
        self.auto_sync = AutoSync(
            self.ops,
            app.uow,
            source_factory=lambda: self.flow.source_factory(),
            options=lambda: self.app.options,
            user=lambda: self.app.settings.auto_user,
            planner_busy=self._planner_busy,
            parent=self,
        )
        self.exporter = ReportExporter(app, self.ops, self, ui_state, self)
        self.importer = ImportFlow(app, self.ops, self, ui_state, self)
        self._pending_lote: str | None = None
        self._reload_again = False
        self._build_actions()
        self._build_tabs()
        self.status = StatusArea(self.statusBar(), app.db_description, self)
        self.status.cancel_button.clicked.connect(self.flow.cancel_fetch)
        self._connect()
        if not ui_state.restore_geometry("main", self):
            self.resize(1280, 800)
        self._update_actions()
        self.reload()

    # -- construction -------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        flow = self.flow
        ctrl = Qt.Modifier.CTRL
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
            [QKeySequence(ctrl | Qt.Key.Key_Return), QKeySequence(ctrl | Qt.Key.Key_Enter)],
        )
        self.discard_action = make_action(
            self,
            self.tr("Discard plan"),
            "cancel",
            flow.request_discard,
            [QKeySequence(ctrl | Qt.Modifier.SHIFT | Qt.Key.Key_D)],
        )
        self.cancel_action = make_action(
            self, self.tr("Cancel"), "cancel", flow.cancel_fetch, [QKeySequence(Qt.Key.Key_Escape)]
        )
        self.export_action = make_action(
            self,
            self.tr("Export change report…"),
            "export",
            self.export_report,
            [QKeySequence(ctrl | Qt.Key.Key_E)],
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
            [QKeySequence(ctrl | Qt.Key.Key_I)],
        )
        self.settings_action = make_action(
            self, self.tr("Settings…"), "settings", self.open_settings, [QKeySequence(ctrl | Qt.Key.Key_Comma)]
        )
        make_action(self, self.tr("Find"), None, self._focus_search, [QKeySequence(QKeySequence.StandardKey.Find)])
        quit_action = make_action(
            self, self.tr("Quit"), None, self.close, [QKeySequence(QKeySequence.StandardKey.Quit)]
        )
        log_action = make_action(self, self.tr("Open the log folder"), None, self._open_log_folder)
        about_action = make_action(self, self.tr("About Carteira Sync"), "app", self._about)
        self.next_tab_action = make_action(
            self,
            self.tr("Next tab"),
            None,
            lambda: self.show_tab((self.tabs.currentIndex() + 1) % self.tabs.count()),
            [QKeySequence(ctrl | Qt.Key.Key_Tab), QKeySequence(ctrl | Qt.Key.Key_PageDown)],
        )
        self.previous_tab_action = make_action(
            self,
            self.tr("Previous tab"),
            None,
            lambda: self.show_tab((self.tabs.currentIndex() - 1) % self.tabs.count()),
            [
                QKeySequence(ctrl | Qt.Modifier.SHIFT | Qt.Key.Key_Backtab),
                QKeySequence(ctrl | Qt.Modifier.SHIFT | Qt.Key.Key_Tab),
                QKeySequence(ctrl | Qt.Key.Key_PageUp),
            ],
        )
        names = (self.tr("Carteira"), self.tr("Batches"), self.tr("Plan"), self.tr("Alerts"), self.tr("History"))
        keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5)
        self.tab_actions = [
            make_action(self, name, None, functools.partial(self.show_tab, n), [QKeySequence(ctrl | key)])
            for n, (name, key) in enumerate(zip(names, keys, strict=True))
        ]

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
        sync_menu.addAction(self.discard_action)
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
        view_menu = menu.addMenu(self.tr("&View"))
        for action in self.tab_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_tab_action)
        view_menu.addAction(self.previous_tab_action)
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(log_action)
        help_menu.addAction(about_action)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # "&": the letter after it opens the tab with Alt (pt-BR: C, L, P, R, H).
        self.tabs.addTab(self.carteira_tab, icon("carteira"), self.tr("&Carteira"))
        self.tabs.addTab(self.lotes_tab, icon("lote"), self.tr("&Batches"))
        self.tabs.addTab(self.plan_panel, icon("plan"), self.tr("&Plan"))
        self.tabs.addTab(self.alerts_tab, icon("alerts"), self.tr("Ale&rts"))
        self.tabs.addTab(self.history_tab, icon("history"), self.tr("H&istory"))
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # However a tab is opened (mnemonic, click, a plan arriving), its main list takes the keyboard.
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _connect(self) -> None:
        """The glue: what one part does that another shows."""
        flow = self.flow
        self.ops.changed.connect(self._update_actions)
        flow.changed.connect(self._update_actions)
        flow.plan_ready.connect(lambda _plan: self.tabs.setCurrentIndex(TAB_PLAN))
        flow.plan_ready.connect(self.plan_ready)
        flow.applied.connect(lambda _result: self.reload())
        flow.applied.connect(self.applied)
        flow.settings_requested.connect(self.open_settings)
        self.plan_panel.apply_requested.connect(flow.request_apply)
        self.plan_panel.discard_requested.connect(flow.request_discard)
        self.plan_panel.fetch_requested.connect(flow.fetch)
        self.plan_panel.open_lote_requested.connect(self.show_lote)
        self.alerts_tab.open_count_changed.connect(self._set_alerts_title)
        self.alerts_tab.acknowledged.connect(self.acknowledged)
        self.history_tab.export_requested.connect(self.export_report)
        self.history_tab.runs_changed.connect(self._update_actions)
        self.exporter.exported.connect(self.exported)
        self.carteira_tab.decided.connect(self._on_decided)
        self.carteira_tab.open_lote_requested.connect(self.show_lote)
        self.carteira_tab.settings_requested.connect(self.open_settings)
        self.carteira_tab.test_connection_requested.connect(lambda: self.open_settings().test_connection())
        self.carteira_tab.fetch_requested.connect(flow.fetch)
        self.carteira_tab.open_file_requested.connect(flow.fetch_from_file)
        self.lotes_tab.decided.connect(self._on_decided)
        self.importer.imported.connect(self._on_decided)
        self.auto_sync.ran.connect(self._on_auto_sync)
        self.auto_sync.held_changed.connect(self._on_held_changed)
        self.auto_sync.skipped.connect(lambda why: log.info("automatic sync waits: %s", why))
        flow.applied.connect(lambda _result: self.auto_sync.clear_held())
        self.auto_sync.set_interval(self.app.settings.auto_interval_min)

    # -- state of the actions -------------------------------------------------------------------------

    def _update_actions(self) -> None:
        flow = self.flow
        can_apply = flow.can_apply
        self.apply_action.setEnabled(can_apply)
        self.plan_panel.set_apply_enabled(can_apply)
        self.discard_action.setEnabled(flow.plan is not None and not flow.writing)
        self.fetch_action.setEnabled(not flow.fetching and not flow.writing)
        self.open_file_action.setEnabled(self.fetch_action.isEnabled())
        self.cancel_action.setEnabled(flow.fetching)
        # Something to export: the plan under review, or a sync in History.
        self.export_action.setEnabled(
            not self.ops.running("export") and (flow.plan is not None or self.history_tab.has_runs())
        )
        self.settings_action.setEnabled(not flow.writing)
        self.import_action.setEnabled(not self.ops.running("import") and not flow.writing)

    # -- automatic syncs ------------------------------------------------------------------------------

    def _planner_busy(self) -> str | None:
        """Why an automatic sync must wait: a plan under review is never replaced nor made stale under a planner."""
        if self.flow.plan is not None:
            return self.tr("a plan is under review")
        return None

    def _on_auto_sync(self, result: object, held: int) -> None:
        if result is not None:
            self.reload()
            self.show_message(self.tr("Automatic sync applied the safe changes; {0} held for review.").format(held))

    def _on_held_changed(self, held: int, critico: int) -> None:
        """A badge on the Plan tab, and a desktop notification when changes wait for a planner."""
        title = self.tr("&Plan ({0})").format(fmt_count(held)) if held else self.tr("&Plan")
        self.tabs.setTabText(TAB_PLAN, title)
        if not held:
            self.tabs.setTabToolTip(TAB_PLAN, "")
            return
        text = self.tr("{0} changes waiting for review, {1} CRÍTICO").format(fmt_count(held), fmt_count(critico))
        self.tabs.setTabToolTip(TAB_PLAN, text)
        self.last_notification = text
        self.notifier.notify(self.tr("Carteira Sync"), text)

    def _set_alerts_title(self, to_review: int, info: int) -> None:
        """The tab counts what a planner must acknowledge, as the apply's message does: CRÍTICO and ATENÇÃO."""
        title = self.tr("Ale&rts ({0})").format(fmt_count(to_review)) if to_review else self.tr("Ale&rts")
        self.tabs.setTabText(TAB_ALERTS, title)
        self.tabs.setTabToolTip(
            TAB_ALERTS,
            self.tr("{0} critical and {1} warning alerts to acknowledge; {2} INFO open.").format(
                fmt_count(self.alerts_tab.model.open_count("CRITICO")),
                fmt_count(self.alerts_tab.model.open_count("ATENCAO")),
                fmt_count(info),
            ),
        )

    def show_tab(self, index: int) -> None:
        """Open tab ``index`` and give the keyboard to its main list (Ctrl+1…5, Ctrl+Tab, Ctrl+PgDn/PgUp)."""
        self.tabs.setCurrentIndex(index)
        self._focus_tab(index)

    def _on_tab_changed(self, index: int) -> None:
        if self.isActiveWindow() and self.active_dialog is None:
            self._focus_tab(index)

    def _focus_tab(self, index: int) -> None:
        targets: dict[int, Callable[[], QWidget]] = {
            TAB_CARTEIRA: self.carteira_tab.focus_target,
            TAB_LOTES: lambda: self.lotes_tab.tree,
            TAB_PLAN: self.plan_panel.focus_target,
            TAB_ALERTS: lambda: self.alerts_tab.view,
            TAB_HISTORY: lambda: self.history_tab.run_view,
        }
        target = targets.get(index)
        if target is not None:
            target().setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- feedback (ops.Feedback) ----------------------------------------------------------------------

    def show_progress(self, visible: bool, text: str = "", cancellable: bool = False) -> None:
        """Show (or hide) the busy indicator of the status bar."""
        self.status.show_progress(visible, text, cancellable)

    def update_progress(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Update the busy indicator: its text, and how far along when the total is known."""
        self.status.update_progress(text, done, total)

    def show_message(self, text: str, *, dialog: bool = False, title: str | None = None) -> None:
        """Tell the planner something: in the status bar, and in a message box when it needs reading."""
        self.last_message = text
        log.info("message: %s", text)
        self.status.show_message(text)
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, title or self.tr("Carteira Sync"), text, parent=self)
            box.setObjectName("messageBox")
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.open_dialog(box)
        self.message_shown.emit(text)

    def clear_message(self) -> None:
        """Clear the status bar's message."""
        self.status.clear_message()

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
            return load_state(uow)

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
        self.carteira_tab.set_rows(state.rows, first_run=not state.rows and not state.runs)
        self.lotes_tab.set_lotes(state.lotes, state.by_pedido)
        self.plan_panel.set_lotes(state.lotes, state.by_pedido)
        if self._pending_lote is not None:
            self.lotes_tab.select_lote(self._pending_lote)
            self._pending_lote = None
        self.alerts_tab.set_alerts(state.alerts, state.clients)
        self.history_tab.set_runs(state.runs, state.alerts)
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
        """Export a change report (Ctrl+E); the file dialog says which.

        The plan under review on the Plan tab, else the selected sync in History, else the latest sync, else the
        plan under review. The format follows the file name: .xlsx, .csv or .pdf.
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
        """Open the settings dialog (Ctrl+,)."""
        dialog = SettingsDialog(
            self.app.settings,
            self.secrets,
            self.ops,
            self.app.environ,
            self.show_crash,
            self,
            user_name=self.ui_state.user_name(),
        )
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        self.open_dialog(dialog)
        return dialog

    def _save_settings(self, dialog: SettingsDialog) -> None:
        new = dialog.result_settings()
        if dialog.typed_user_name():
            self.ui_state.set_user_name(dialog.typed_user_name())
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
        self.auto_sync.set_interval(new.auto_interval_min)
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the database label to its share of the status bar."""
        super().resizeEvent(event)
        self.status.fit()

    # -- closing --------------------------------------------------------------------------------------

    def close_reason(self) -> str | None:
        """Why closing now would lose something (a fetch running, a reviewed plan not applied); None if nothing."""
        flow = self.flow
        if flow.fetching:
            return self.tr("A fetch is running. Quitting cancels it; nothing is changed.")
        plan = flow.plan
        if plan is not None and plan.has_changes:
            return self.tr(
                "The plan under review (%Ln change(s)) was not applied. Quitting discards it; nothing is written.",
                "",
                len(plan.changes),
            )
        return None

    def close_without_asking(self) -> bool:
        """Close even with a plan under review or a fetch running (tests, the screenshots)."""
        self._close_confirmed = True
        return self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask first when closing loses a reviewed plan or a fetch; then remember the layout and stop the workers.

        An apply in progress finishes first (it is one transaction).
        """
        reason = None if self._close_confirmed else self.close_reason()
        if reason is not None:
            event.ignore()
            self._ask_to_close(reason)
            return
        self.ui_state.save_geometry("main", self)
        self.carteira_tab.save_state()
        self.lotes_tab.save_state()
        self.alerts_tab.save_state()
        self.history_tab.save_state()
        self.plan_panel.save_state()
        self.ui_state.sync()
        self.ops.shutdown()
        super().closeEvent(event)

    def _ask_to_close(self, reason: str) -> None:
        if isinstance(self.active_dialog, QMessageBox) and self.active_dialog.objectName() == "confirmClose":
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quit Carteira Sync?"), reason, parent=self)
        box.setObjectName("confirmClose")
        quit_button = box.addButton(self.tr("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)

        def answered() -> None:
            if box.clickedButton() is quit_button:
                self.close_without_asking()

        box.finished.connect(lambda _result: answered())
        self.open_dialog(box)

"""The plan's life, the operations of the Plan tab: fetch → review → freshness → confirm → apply.

``SyncFlow`` owns the plan under review and whether it is known to be fresh; it runs the fetch, the freshness
checks and the apply as ops (``gui.ops``) over the use cases of ``services.sync``, and shows the plan in the
Plan tab's ``PlanPanel``. The window wires its actions to it and reacts to its signals.

A fetch from Odoo first checks the connection settings the way the Settings dialog does, and a fetch that
fails offers "Abrir Configurações". While a fetch runs, the plan under review stays visible under a "buscando…"
banner and cannot be applied; the status bar tells pages, lines and about how long is left. A plan goes stale
when another sync (or another planner) changed the carteira: the dialog then names those syncs and the lines
they changed.

A plan is fresh while the database still holds the state it was computed from. That is checked in a worker
when the planner asks to apply, and again when the planner comes back to the window once the last check is
older than ``FRESHNESS_INTERVAL_S``, measured on a monotonic clock (a change of the wall clock neither skips
nor forces a check).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from carteira_gui.bootstrap import App
from carteira_gui.domain.errors import CarteiraError, StalePlan
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.dialogs import ConfirmApplyDialog, StalePlanDialog, StaleRun, settings_message
from carteira_gui.gui.errors import is_database_error, is_expected, user_message
from carteira_gui.gui.formatting import fmt_count, fmt_duration
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.plan_view import PlanPanel
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.settings_dialog import odoo_problems
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.services.history import list_runs, run_changes
from carteira_gui.services.ports import FetchProgress, Source
from carteira_gui.services.sync import ApplyResult, PlanTimings, apply_plan, check_fresh_now, compute_plan, fresh

log = logging.getLogger(__name__)

#: How long a freshness check stays valid before window activation checks again, in seconds.
FRESHNESS_INTERVAL_S = 30.0
#: How many of the syncs that made a plan stale, and of each one's changes, the stale dialog lists.
STALE_RUNS_SHOWN = 5
STALE_CHANGES_SHOWN = 30
#: The services' sentence when no line of the plan explains a stale plan (the syncs named instead say what).
_GENERIC_STALE = "outras linhas da carteira mudaram"


def fmt_time_left(seconds: float) -> str:
    """About how long a fetch still takes: ``cerca de 40 s``, ``cerca de 3 min``."""
    from PySide6.QtCore import QCoreApplication

    if seconds < 5:
        return QCoreApplication.translate("SyncFlow", "a few seconds left")
    if seconds < 90:
        return QCoreApplication.translate("SyncFlow", "about {0} s left").format(int(round(seconds / 5.0) * 5))
    return QCoreApplication.translate("SyncFlow", "about {0} min left").format(round(seconds / 60))


class SyncFlow(QObject):
    """Fetches, reviews and applies plans; ``source_factory`` and ``ask_open_path`` are replaceable."""

    #: A plan was computed and is under review.
    plan_ready = Signal(object)
    #: A plan was applied (``ApplyResult``).
    applied = Signal(object)
    #: The plan under review, or its freshness, changed: actions are re-evaluated.
    changed = Signal()
    #: The planner asked to open the settings (from a failed or unconfigured fetch).
    settings_requested = Signal()

    def __init__(
        self,
        app: App,
        *,
        secrets: SecretStore,
        ui_state: UiState,
        ops: Ops,
        feedback: Feedback,
        panel: PlanPanel,
        source_factory: Callable[[], Source] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._secrets = secrets
        self._ui_state = ui_state
        self._ops = ops
        self._feedback = feedback
        self._panel = panel
        #: The clock of the freshness interval: monotonic, so that a change of the wall clock has no effect.
        self.clock = clock
        self._dialog_parent = parent
        #: Builds the source of a fetch (F5): the Odoo of the settings unless replaced.
        self.source_factory: Callable[[], Source] = source_factory or self._odoo_source
        #: Chooses a JSON source file: ``() -> path or None``. Tests replace it.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path_dialog
        self._default_source = source_factory is None
        self.plan: Plan | None = None
        self.plan_fresh = False
        self._fresh_checked_at = clock()
        #: The newest sync when the plan under review was fetched: newer ones are what made it stale.
        self._runs_before_plan = 0
        self._fetch_started = clock()

    # -- state --------------------------------------------------------------------------------------

    @property
    def fetching(self) -> bool:
        """Whether a fetch is running."""
        return self._ops.running("fetch")

    @property
    def writing(self) -> bool:
        """Whether an apply (or the check before it) is running."""
        return self._ops.running("apply") or self._ops.running("check")

    @property
    def can_apply(self) -> bool:
        """Whether the plan under review may be applied now (not while a fetch is replacing it)."""
        return self.why_not_apply() is None

    def why_not_apply(self) -> str | None:
        """Why the plan under review cannot be applied now, as one sentence; ``None`` when it can."""
        plan = self.plan
        if plan is None:
            return self.tr("There is no plan under review. Fetch from Odoo (F5) first.")
        if not plan.has_changes:
            return self.tr("Nothing to apply: the carteira already matches the source.")
        if self.fetching:
            return self.tr("Wait for the fetch to end: it replaces the plan under review.")
        if self.writing:
            return self.tr("The plan is being checked or applied already.")
        if not self.plan_fresh:
            return self.tr("This plan is out of date: nothing was written. Fetch again (F5) to review a new plan.")
        return None

    def set_plan(self, plan: Plan | None) -> None:
        """Put ``plan`` under review (``None``: nothing under review)."""
        self.plan = plan
        self.plan_fresh = plan is not None
        self._fresh_checked_at = self.clock()
        self._panel.set_plan(plan)
        self.changed.emit()

    def discard_plan(self) -> None:
        """Drop the plan under review (nothing is written)."""
        self._panel.set_placeholder(self.tr("The plan was discarded. Nothing was changed."))
        self.set_plan(None)

    def request_discard(self) -> QMessageBox | None:
        """Discard the plan under review (Ctrl+Shift+D), asking first when CRÍTICO lines were ticked as reviewed."""
        if self.plan is None:
            return None
        ticked = len(self._panel.reviewed_changes())
        if not ticked:
            self.discard_plan()
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard the plan?"),
            self.tr(
                "Nothing was written. The %n CRITICAL line(s) ticked as reviewed lose their ticks; a new fetch "
                "shows them again.",
                "",
                ticked,
            ),
            parent=self._dialog_parent,
        )
        box.setObjectName("confirmDiscard")
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep reviewing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        plan = self.plan
        box.finished.connect(
            lambda _result: self.discard_plan() if box.clickedButton() is discard and self.plan is plan else None
        )
        self._feedback.open_dialog(box)
        return box

    # -- fetch --------------------------------------------------------------------------------------

    def _odoo_source(self) -> Source:
        table = self._app.settings.odoo
        return self._app.odoo_source(
            password=self._secrets.get(odoo_account(table, "password")),
            api_key=self._secrets.get(odoo_account(table, "api_key")),
        )

    def fetch(self) -> Task | None:
        """Fetch from Odoo and plan the sync, in a worker (F5)."""
        if self._default_source:
            table = self._app.settings.odoo
            problems = odoo_problems(
                table,
                self._app.environ,
                has_password=bool(self._secrets.get(odoo_account(table, "password"))),
                has_api_key=bool(self._secrets.get(odoo_account(table, "api_key"))),
            )
            if problems:
                self._offer_settings(
                    self.tr(
                        "The connection to Odoo is not complete: {0}. Nothing was changed. Open Settings (Ctrl+,) "
                        "to fill it in, then fetch again."
                    ).format("; ".join(problems))
                )
                return None
        try:
            source = self.source_factory()
        except CarteiraError as error:
            self._offer_settings(user_message(error) + " " + self.tr("Open Settings (Ctrl+,) to check the connection."))
            return None
        return self.fetch_from(source, from_odoo=True)

    def _offer_settings(self, text: str) -> None:
        """Tell ``text`` in a message box whose button opens the settings."""
        self._feedback.show_message(text)
        box = settings_message(text, self.tr("Fetch from Odoo"), self._dialog_parent)
        box.settings_requested.connect(self.settings_requested)
        self._feedback.open_dialog(box)

    def fetch_from_file(self) -> Task | None:
        """Plan the sync from a JSON source file (Ctrl+O)."""
        path = self.ask_open_path()
        if path is None:
            return None
        self._ui_state.set_last_dir(path.parent)
        return self.fetch_from(self._app.file_source(path))

    def fetch_from(self, source: Source, *, from_odoo: bool = False) -> Task | None:
        """Fetch ``source`` and plan the sync against the database, in a worker."""
        if self.fetching or self.writing:
            return None
        uow, options = self._app.uow, self._app.options

        def job(context: TaskContext) -> tuple[Plan, PlanTimings, int]:
            # The newest sync now: a newer one is what would make this plan stale (named if it does).
            newest = max((run.id for run in list_runs(uow)), default=0)
            plan, timings = compute_plan(uow, source, options, context.progress, context.cancel)
            return plan, timings, newest

        def failed(error: BaseException) -> None:
            if from_odoo and is_expected(error) and not is_database_error(error):
                self._offer_settings(
                    user_message(error, self._app.db_url)
                    + " "
                    + self.tr("If the address, database, user or password changed, open Settings (Ctrl+,).")
                )
            else:
                self._feedback.show_failure(error, self.tr("Fetch failed"))

        self._feedback.clear_message()
        self._fetch_started = self.clock()
        busy = self.tr("Fetching {0}…").format(source.description)
        self._panel.set_fetching(True, busy)
        return (
            self._ops.op("fetch", job, self.tr("Fetch failed"))
            .busy(busy, cancellable=True)
            .progress(self._on_fetch_progress)
            .success(self._on_plan_ready)
            .failure(failed)
            .cancelled(lambda: self._feedback.show_message(self.tr("The fetch was cancelled. Nothing was changed.")))
            .done(lambda: self._panel.set_fetching(False))
            .run()
        )

    def cancel_fetch(self) -> None:
        """Cancel the running fetch (Esc); nothing is changed."""
        self._ops.cancel("fetch", "load")
        if self.fetching:
            self._feedback.update_progress(self.tr("Cancelling…"))

    def progress_text(self, progress: FetchProgress) -> str:
        """Pages and lines fetched, and about how long is left (from the pace so far, once a page is in)."""
        if not progress.pages_total:
            return self.tr("Page {0} · {1} lines").format(
                fmt_count(progress.pages_done), fmt_count(progress.lines_done)
            )
        text = self.tr("Page {0} of {1} · {2} of {3} lines").format(
            fmt_count(progress.pages_done),
            fmt_count(progress.pages_total),
            fmt_count(progress.lines_done),
            fmt_count(progress.lines_total),
        )
        done, total = (
            (progress.lines_done, progress.lines_total)
            if progress.lines_total
            else (progress.pages_done, progress.pages_total)
        )
        elapsed = self.clock() - self._fetch_started
        if 0 < done < total and elapsed > 0:
            text += " · " + fmt_time_left(elapsed / done * (total - done))
        return text

    def _on_fetch_progress(self, progress: object) -> None:
        if not isinstance(progress, FetchProgress):
            return
        text = self.progress_text(progress)
        if progress.pages_total:
            self._feedback.update_progress(text, progress.pages_done, progress.pages_total)
        else:
            self._feedback.update_progress(text)
        self._panel.set_fetching(True, text)

    def _on_plan_ready(self, result: tuple[Plan, PlanTimings, int]) -> None:
        plan, timings, newest_run = result
        self._runs_before_plan = newest_run
        self.set_plan(plan)
        total = timings.fetch_s + timings.load_s + timings.plan_s
        if plan.has_changes:
            text = self.tr("Plan computed: {0} changes, {1} critical alerts ({2}). Review it, then apply.").format(
                fmt_count(len(plan.changes)), fmt_count(plan.alert_counts()[Nivel.CRITICO]), fmt_duration(total)
            )
        else:
            text = self.tr("Nothing to change: the carteira already matches the source ({0}).").format(
                fmt_duration(total)
            )
        self._feedback.show_message(text)
        self.plan_ready.emit(plan)

    def _ask_open_path_dialog(self) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            self._dialog_parent,
            self.tr("Open source file"),
            self._ui_state.last_dir(),
            self.tr("JSON source (*.json)"),
        )
        return Path(name) if name else None

    # -- freshness ----------------------------------------------------------------------------------

    def check_freshness(self) -> Task | None:
        """Check in a worker whether the plan still matches the database (Apply is enabled only then)."""
        plan = self.plan
        if plan is None or self._ops.running("freshness") or self.writing:
            return None
        uow = self._app.uow

        def job(_context: TaskContext) -> bool:
            return fresh(plan, uow)

        return (
            self._ops.op("freshness", job, self.tr("Apply"))
            .success(lambda is_fresh: self._mark_fresh(plan, bool(is_fresh)))
            .failure(lambda error: log.warning("freshness check failed: %r", error))
            .run()
        )

    def check_freshness_if_due(self) -> Task | None:
        """Check the plan again when the last check is older than ``FRESHNESS_INTERVAL_S`` (window activation)."""
        if self.plan is None or self.clock() - self._fresh_checked_at <= FRESHNESS_INTERVAL_S:
            return None
        return self.check_freshness()

    def _mark_fresh(self, plan: Plan, is_fresh: bool) -> None:
        if plan is not self.plan:
            return
        self.plan_fresh = is_fresh
        self._fresh_checked_at = self.clock()
        self._panel.set_fresh(is_fresh)
        self.changed.emit()

    # -- apply --------------------------------------------------------------------------------------

    def request_apply(self) -> Task | None:
        """Check that the plan is fresh, then ask for confirmation (Ctrl+Enter); say why when it cannot."""
        plan = self.plan
        why_not = self.why_not_apply()
        if plan is None or why_not is not None:
            if why_not is not None:
                self._feedback.show_message(why_not)
            return None
        uow = self._app.uow

        def job(_context: TaskContext) -> None:
            check_fresh_now(plan, uow)

        return (
            self._ops.op("check", job, self.tr("Apply"))
            .busy(self.tr("Checking the plan against the database…"))
            .success(lambda _none: self._confirm(plan))
            .failure(self._on_apply_failed)
            .run()
        )

    def _confirm(self, plan: Plan) -> None:
        if plan is not self.plan:
            return
        panel = self._panel
        dialog = ConfirmApplyDialog(
            plan, self._ui_state.user_name(), self._dialog_parent, reviewed=panel.reviewed_changes()
        )
        # A tick in the dialog is a tick in the review, and the other way round.
        dialog.review_changed.connect(panel.set_reviewed)
        dialog.accepted.connect(
            lambda: self.apply(plan, dialog.user_name(), allow_mass_removal=dialog.allow_mass_removal)
        )
        self._feedback.open_dialog(dialog)

    def apply(self, plan: Plan, user: str, *, allow_mass_removal: bool) -> Task | None:
        """Apply an approved plan in a worker (one transaction)."""
        if self.writing:
            return None
        self._ui_state.set_user_name(user)
        uow = self._app.uow

        def job(_context: TaskContext) -> ApplyResult:
            return apply_plan(uow, plan, usuario=user, allow_mass_removal=allow_mass_removal)

        return (
            self._ops.op("apply", job, self.tr("Apply"))
            .busy(self.tr("Applying the plan…"))
            .success(self._on_applied)
            .failure(self._on_apply_failed)
            .run()
        )

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
            text = self.tr("Nothing to apply: the carteira already matches the source.")
            placeholder = text
        self._panel.set_placeholder(placeholder)
        self.set_plan(None)
        self._feedback.show_message(text)
        self.applied.emit(result)

    def _on_apply_failed(self, error: BaseException) -> None:
        if isinstance(error, StalePlan):
            self._show_stale(error)
        else:
            self._feedback.show_failure(error, self.tr("Apply"))

    def _show_stale(self, error: StalePlan) -> Task:
        """Explain a stale plan: what changed in its lines, and the syncs applied since it was fetched."""
        if self.plan is not None:
            self._mark_fresh(self.plan, False)
        self._feedback.show_message(str(error))
        uow, since = self._app.uow, self._runs_before_plan

        def job(_context: TaskContext) -> list[StaleRun]:
            newer = sorted((run for run in list_runs(uow) if run.id > since), key=lambda run: run.id)
            return [StaleRun(run, run_changes(uow, run.id)) for run in newer[:STALE_RUNS_SHOWN]]

        def failed(failure: BaseException) -> None:
            log.warning("stale runs not read: %r", failure)
            show([])

        def show(runs: list[StaleRun]) -> None:
            differences = list(error.differences)
            if runs:
                # The syncs below name the lines; the sentence that could not is left out.
                differences = [d for d in differences if not d.startswith(_GENERIC_STALE)]
            dialog = StalePlanDialog(differences, runs, self._dialog_parent, changes_shown=STALE_CHANGES_SHOWN)
            dialog.accepted.connect(self.fetch)
            self._feedback.open_dialog(dialog)

        return self._ops.op("stale-runs", job, self.tr("Apply")).success(show).failure(failed).run()

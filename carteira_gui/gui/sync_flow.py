"""The plan's life, the operations of the Plan tab: fetch → review → freshness → confirm → apply.

``SyncFlow`` owns the plan under review and whether it is known to be fresh; it runs the fetch, the freshness
checks and the apply as ops (``gui.ops``) over the use cases of ``services.sync``, and shows the plan in the
Plan tab's ``PlanPanel``. The window wires its actions to it and reacts to its signals.

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
from PySide6.QtWidgets import QFileDialog, QWidget

from carteira_gui.bootstrap import App
from carteira_gui.domain.errors import CarteiraError, StalePlan
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.dialogs import ConfirmApplyDialog, StalePlanDialog
from carteira_gui.gui.errors import user_message
from carteira_gui.gui.formatting import fmt_count, fmt_seconds
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.plan_view import PlanPanel
from carteira_gui.gui.secrets import SecretStore, odoo_account
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.services.ports import FetchProgress, Source
from carteira_gui.services.sync import ApplyResult, PlanTimings, apply_plan, check_fresh_now, compute_plan, fresh

log = logging.getLogger(__name__)

#: How long a freshness check stays valid before window activation checks again, in seconds.
FRESHNESS_INTERVAL_S = 30.0


class SyncFlow(QObject):
    """Fetches, reviews and applies plans; ``source_factory`` and ``ask_open_path`` are replaceable."""

    #: A plan was computed and is under review.
    plan_ready = Signal(object)
    #: A plan was applied (``ApplyResult``).
    applied = Signal(object)
    #: The plan under review, or its freshness, changed: actions are re-evaluated.
    changed = Signal()

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
        self.plan: Plan | None = None
        self.plan_fresh = False
        self._fresh_checked_at = clock()

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
        """Whether the plan under review may be applied now."""
        plan = self.plan
        return plan is not None and plan.has_changes and self.plan_fresh and not self.writing

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

    # -- fetch --------------------------------------------------------------------------------------

    def _odoo_source(self) -> Source:
        table = self._app.settings.odoo
        return self._app.odoo_source(
            password=self._secrets.get(odoo_account(table, "password")),
            api_key=self._secrets.get(odoo_account(table, "api_key")),
        )

    def fetch(self) -> Task | None:
        """Fetch from Odoo and plan the sync, in a worker (F5)."""
        try:
            source = self.source_factory()
        except CarteiraError as error:
            self._feedback.show_message(
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
        self._ui_state.set_last_dir(path.parent)
        return self.fetch_from(self._app.file_source(path))

    def fetch_from(self, source: Source) -> Task | None:
        """Fetch ``source`` and plan the sync against the database, in a worker."""
        if self.fetching or self.writing:
            return None
        uow, options = self._app.uow, self._app.options

        def job(context: TaskContext) -> tuple[Plan, PlanTimings]:
            return compute_plan(uow, source, options, context.progress, context.cancel)

        self._feedback.clear_message()
        return (
            self._ops.op("fetch", job, self.tr("Fetch failed"))
            .busy(self.tr("Fetching {0}…").format(source.description), cancellable=True)
            .progress(self._on_fetch_progress)
            .success(self._on_plan_ready)
            .cancelled(lambda: self._feedback.show_message(self.tr("The fetch was cancelled. Nothing was changed.")))
            .run()
        )

    def cancel_fetch(self) -> None:
        """Cancel the running fetch (Esc); nothing is changed."""
        self._ops.cancel("fetch", "load")
        if self.fetching:
            self._feedback.update_progress(self.tr("Cancelling…"))

    def _on_fetch_progress(self, progress: object) -> None:
        if not isinstance(progress, FetchProgress):
            return
        if progress.pages_total:
            self._feedback.update_progress(
                self.tr("Page {0} of {1} · {2} of {3} lines").format(
                    fmt_count(progress.pages_done),
                    fmt_count(progress.pages_total),
                    fmt_count(progress.lines_done),
                    fmt_count(progress.lines_total),
                ),
                progress.pages_done,
                progress.pages_total,
            )
        else:
            self._feedback.update_progress(
                self.tr("Page {0} · {1} lines").format(fmt_count(progress.pages_done), fmt_count(progress.lines_done))
            )

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
        """Check that the plan is fresh, then ask for confirmation (Ctrl+Enter)."""
        plan = self.plan
        if plan is None or not plan.has_changes or not self.plan_fresh or self.writing or self.fetching:
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
        dialog = ConfirmApplyDialog(plan, self._ui_state.user_name(), self._dialog_parent)
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
            text = self.tr("Nothing to apply: the carteira already follows the source.")
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

    def _show_stale(self, error: StalePlan) -> None:
        if self.plan is not None:
            self._mark_fresh(self.plan, False)
        dialog = StalePlanDialog(error.differences, self._dialog_parent)
        dialog.accepted.connect(self.fetch)
        self._feedback.show_message(str(error))
        self._feedback.open_dialog(dialog)

"""Change reports: choose the file, then write the report of a plan or of a sync run in a worker.

The file dialog's title says what is exported — the plan under review (not applied) or sync #N — and so does
the message when the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from carteira_gui.bootstrap import App
from carteira_gui.domain.plan import Plan
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.services.reports import export_plan_report, export_run_report

#: The formats a report is written in, told by the file name's extension.
REPORT_FORMATS = ("xlsx", "csv", "pdf")


class ReportExporter(QObject):
    """Exports change reports (CSV / XLSX / PDF); ``ask_save_path`` chooses the file and tests replace it."""

    #: A report was written (``Path``).
    exported = Signal(object)

    def __init__(self, app: App, ops: Ops, feedback: Feedback, ui_state: UiState, parent: QWidget) -> None:
        super().__init__(parent)
        self._app = app
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self._dialog_parent = parent
        #: Chooses where to save a report: ``(suggested file name, what is exported) -> path or None``. Tests
        #: replace it.
        self.ask_save_path: Callable[[str, str], Path | None] = self._ask_save_path_dialog

    def export_plan(self, plan: Plan) -> Task | None:
        """Ask where, then write the report of ``plan`` (not applied yet)."""
        what = self.tr("Export the report of the plan under review (not applied)")
        path = self.ask_save_path(f"mudancas-plano-{datetime.now().strftime('%Y%m%d-%H%M')}.xlsx", what)
        return self.export_to(path, plan=plan) if path is not None else None

    def export_run(self, run_id: int) -> Task | None:
        """Ask where, then write the report of sync ``run_id``."""
        what = self.tr("Export the report of sync #{0}").format(run_id)
        path = self.ask_save_path(f"mudancas-sync-{run_id}.xlsx", what)
        return self.export_to(path, run_id=run_id) if path is not None else None

    def export_to(self, path: Path, *, plan: Plan | None = None, run_id: int | None = None) -> Task:
        """Write the report of ``plan`` (or of sync ``run_id``, the latest when None) to ``path``, in a worker."""
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in REPORT_FORMATS:
            fmt = "xlsx"
            path = path.with_suffix(".xlsx")
        uow, writer = self._app.uow, self._app.report_writer
        user = self._ui_state.user_name() or None
        self._ui_state.set_last_dir(path.parent)
        subject = (
            self.tr("The report of the plan under review")
            if plan is not None
            else self.tr("The report of sync #{0}").format(run_id)
            if run_id is not None
            else self.tr("The report of the latest sync")
        )

        def job(_context: TaskContext) -> Path:
            if plan is not None:
                return export_plan_report(writer, plan, fmt, path, usuario=user)
            return export_run_report(uow, writer, fmt, path, run_id)

        return (
            self._ops.op("export", job, self.tr("Export the report"))
            .busy(self.tr("Writing {0}…").format(path.name))
            .success(lambda written: self._on_exported(written, subject))
            .run()
        )

    def _on_exported(self, path: Path, subject: str) -> None:
        self._feedback.show_message(self.tr("{0} was saved to {1}.").format(subject, path))
        self.exported.emit(path)

    def _ask_save_path_dialog(self, suggested: str, what: str) -> Path | None:
        filters = ";;".join(
            (
                self.tr("Excel workbook (*.xlsx)"),
                self.tr("CSV for Excel (*.csv)"),
                self.tr("PDF (*.pdf)"),
            )
        )
        name, chosen = QFileDialog.getSaveFileName(
            self._dialog_parent,
            what,
            str(Path(self._ui_state.last_dir()) / suggested),
            filters,
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower().lstrip(".") not in REPORT_FORMATS:
            for fmt in REPORT_FORMATS:
                if f"*.{fmt}" in chosen:
                    path = path.with_suffix(f".{fmt}")
        return path

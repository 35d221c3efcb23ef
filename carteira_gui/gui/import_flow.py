"""Import of decisions (File → Importar decisões…, Ctrl+I): choose a file, preview it, then import all or nothing.

The file (XLSX, CSV or JSON with the state file's allocation columns) is read and checked in an op
(``bootstrap.read_allocation_file``, ``services.imports.preview_import``) before anything is written; the
preview dialog names every bad row and lists what would be created. "Importar" is enabled only when the file
has no problem, and writes everything in one transaction (``import_allocations``), which checks the file
again: should the carteira have changed since the preview, the refusal and the new problems are shown in the
dialog and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QListWidget, QListWidgetItem, QTreeWidget, QTreeWidgetItem, QWidget

from carteira_gui.bootstrap import App, read_allocation_file
from carteira_gui.gui.decision_dialogs import DecisionDialog, run_decision
from carteira_gui.gui.formatting import fmt_count, fmt_date, fmt_money, fmt_qtd
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import LEVEL_COLORS, icon
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.services.imports import (
    ImportPreview,
    ImportResult,
    ImportRow,
    InvalidImport,
    import_allocations,
    preview_import,
)


@dataclass(frozen=True, slots=True)
class ReadFile:
    """An allocation file read and checked: its rows and the preview of importing them."""

    path: Path
    rows: list[ImportRow]
    preview: ImportPreview


class ImportPreviewDialog(DecisionDialog):
    """What an import would create and every bad row; "Import" only when the file has no problem."""

    def __init__(self, read: ReadFile, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "importDialog",
            self.tr("Import decisions"),
            self.tr("Import decisions from <b>{0}</b>").format(read.path.name),
            self.tr("Import"),
            user_name,
            parent,
        )
        self.read = read
        self._problems: list[str] = list(read.preview.problems)
        self.resize(860, 560)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.problems_title = QLabel()
        self.problems_title.setStyleSheet(f"font-weight: bold; color: {LEVEL_COLORS['CRITICO']};")
        self.body.addWidget(self.problems_title)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("importProblems")
        self.problem_list.setWordWrap(True)
        self.body.addWidget(self.problem_list, 1)
        self.body.addWidget(QLabel("<b>" + self.tr("What would be created") + "</b>"))
        self.created = QTreeWidget()
        self.created.setObjectName("importCreated")
        self.created.setRootIsDecorated(True)
        self.created.setUniformRowHeights(True)
        self.created.setHeaderLabels(
            [
                self.tr("File row"),
                self.tr("Order"),
                self.tr("Product"),
                self.tr("Qty"),
                self.tr("Shipping"),
                self.tr("Status / kind"),
                self.tr("Details"),
            ]
        )
        for column, width in enumerate((150, 100, 95, 70, 85, 95)):
            self.created.setColumnWidth(column, width)
        self.body.addWidget(self.created, 2)
        self.finish_layout()
        self.show_preview(read.preview)

    def show_preview(self, preview: ImportPreview, problems: Sequence[str] | None = None) -> None:
        """Show a preview (``problems`` replace its own when the import found new ones)."""
        found = list(problems if problems is not None else preview.problems)
        self._problems = found
        self.problem_list.clear()
        for text in found:
            self.problem_list.addItem(QListWidgetItem(icon("critico"), text))
        self.problems_title.setVisible(bool(found))
        self.problem_list.setVisible(bool(found))
        self.problems_title.setText(
            self.tr("%n problem(s): nothing can be imported until the file is fixed", "", len(found))
        )
        self.summary.setText(
            self.tr("The file would create {0} and {1} with {2}.").format(
                self.tr("%Ln pre-separation(s)", "", len(preview.pres)),
                self.tr("%Ln batch(es)", "", len(preview.lotes)),
                self.tr("%Ln row(s)", "", preview.sep_rows),
            )
            + " "
            + (
                self.tr("Nothing is written until you press Import; then all of it is written, or nothing.")
                if not found
                else self.tr("Nothing was written. Fix the rows named below and import the file again.")
            )
        )
        self.created.clear()
        pres = QTreeWidgetItem([self.tr("Pre-separations ({0})").format(fmt_count(len(preview.pres)))])
        pres.setIcon(0, icon("pre"))
        for p in preview.pres:
            pres.addChild(
                QTreeWidgetItem(
                    [
                        p.label,
                        p.num_pedido,
                        p.cod_produto,
                        fmt_qtd(p.qtd),
                        fmt_date(p.data_expedicao),
                        p.tipo_envio.value,
                        " · ".join(x for x in (p.criado_por, p.observacao) if x),
                    ]
                )
            )
        lotes = QTreeWidgetItem([self.tr("Batches ({0})").format(fmt_count(len(preview.lotes)))])
        lotes.setIcon(0, icon("lote"))
        for lote in preview.lotes:
            details = [lote.transportadora or "", fmt_money(lote.valor_frete) if lote.valor_frete is not None else ""]
            details += [fmt_date(lote.data_embarque), lote.numero_nf or "", lote.criado_por or ""]
            item = QTreeWidgetItem(
                [
                    lote.lote,
                    lote.num_pedido,
                    self.tr("%n row(s)", "", len(lote.rows)),
                    fmt_qtd(lote.total),
                    fmt_date(lote.data_expedicao),
                    lote.status.value,
                    " · ".join(x for x in details if x),
                ]
            )
            item.setIcon(0, icon(f"lote-{lote.status.value.lower()}"))
            for row, label in zip(lote.rows, lote.labels, strict=True):
                item.addChild(
                    QTreeWidgetItem(
                        [label, lote.num_pedido, row.cod_produto, fmt_qtd(row.qtd), "", row.tipo_envio.value]
                    )
                )
            lotes.addChild(item)
        self.created.addTopLevelItems([pres, lotes])
        pres.setFirstColumnSpanned(True)
        lotes.setFirstColumnSpanned(True)
        self.created.expandAll()
        self.update_ok()

    @property
    def problems(self) -> list[str]:
        """The problems shown."""
        return list(self._problems)

    def can_submit(self) -> bool:
        """A planner, no problem, and something to create."""
        preview = self.read.preview
        return super().can_submit() and not self._problems and bool(preview.pres or preview.lotes)

    def update_ok(self) -> None:
        """Import is disabled (and says why) while the file has problems."""
        super().update_ok()
        if self._problems:
            self.ok_button.setToolTip(self.tr("The file has problems: fix the rows named above first"))
        else:
            self.ok_button.setToolTip("")


class ImportFlow(QObject):
    """Runs the import of decisions: ``ask_open_path`` chooses the file (tests replace it)."""

    #: Decisions were imported (``ImportResult``).
    imported = Signal(object)
    #: A preview dialog was opened (the dialog).
    previewed = Signal(object)

    def __init__(self, app: App, ops: Ops, feedback: Feedback, ui_state: UiState, parent: QWidget) -> None:
        super().__init__(parent)
        self._app = app
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self._dialog_parent = parent
        #: Chooses the file to import: ``() -> path or None``. Tests replace it.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path_dialog

    def start(self) -> Task | None:
        """Choose a file, then read and check it in a worker and show the preview (Ctrl+I)."""
        path = self.ask_open_path()
        if path is None:
            return None
        return self.preview(path)

    def preview(self, path: Path) -> Task | None:
        """Read and check ``path`` in a worker, then show the preview dialog; nothing is written."""
        if self._ops.running("import"):
            return None
        self._ui_state.set_last_dir(path.parent)
        uow = self._app.uow

        def job(_context: TaskContext) -> ReadFile:
            rows = read_allocation_file(path)
            return ReadFile(path, rows, preview_import(uow, rows, path.name))

        return (
            self._ops.op("import", job, self.tr("Import decisions"))
            .busy(self.tr("Reading {0}…").format(path.name))
            .success(self._show)
            .run()
        )

    def _show(self, read: ReadFile) -> None:
        dialog = ImportPreviewDialog(read, self._ui_state.user_name(), self._dialog_parent)
        dialog.submitted.connect(lambda: self._import(dialog))
        self._feedback.open_dialog(dialog)
        self.previewed.emit(dialog)

    def _import(self, dialog: ImportPreviewDialog) -> Task:
        uow, read, by = self._app.uow, dialog.read, dialog.user_name()
        self._ui_state.set_user_name(by)

        def job(_context: TaskContext) -> ImportResult:
            return import_allocations(uow, read.rows, read.path.name, by=by)

        def refused(error: BaseException) -> bool:
            if not isinstance(error, InvalidImport):
                return False
            # The carteira changed since the preview: the problems found now replace the list above.
            dialog.show_preview(read.preview, error.problems)
            dialog.refuse(
                self.tr(
                    "The import was refused: since the preview the carteira changed and the file now has %n "
                    "problem(s), listed above. Nothing was written; fix the file or read it again.",
                    "",
                    len(error.problems),
                )
            )
            return True

        def done(result: ImportResult) -> None:
            self._feedback.show_message(
                self.tr("Imported from {0}: {1} and {2}.").format(
                    read.path.name,
                    self.tr("%Ln pre-separation(s)", "", len(result.pre_ids)),
                    self.tr("%Ln batch(es)", "", len(result.lotes)),
                )
            )
            self.imported.emit(result)

        return run_decision(
            self._ops,
            self._feedback,
            dialog,
            job,
            self.tr("Import decisions"),
            done,
            db_url=self._app.db_url,
            refused=refused,
        )

    def _ask_open_path_dialog(self) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            self._dialog_parent,
            self.tr("Import decisions"),
            self._ui_state.last_dir(),
            self.tr("Allocation files (*.xlsx *.csv *.json);;All files (*)"),
        )
        return Path(name) if name else None

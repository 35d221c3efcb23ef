"""The plan review.

At the top, counts and alerts (destructive first) and how many CRÍTICO lines are ticked as reviewed; below,
the changes grouped by kind with filters — or the same plan seen by lote (which lotes, which trucks the sync
hits) — and a detail pane with the waterfall of the selected line and its "reviewed" tick.

While a new fetch runs, the plan stays under a "buscando…" banner (it cannot be applied); a plan without
changes, or no plan at all, fills the tab with what to do next rather than an empty table. A filter that hides
the selected line empties the detail pane (and the line comes back selected when the filter shows it again).

Some 560 lines: the filters, the line view, the review ticks and the detail pane are one review screen whose
parts read the same plan and selection; split apart they would pass that state back and forth. The summary at
the top is ``plan_summary``, the detail's words ``plan_detail``, the lote view ``plan_lotes_view``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Nivel, Status
from carteira_gui.domain.plan import Change, Plan
from carteira_gui.gui.formatting import fmt_count, fmt_datetime, fmt_pct, level_label
from carteira_gui.gui.models.carteira import CarteiraRow
from carteira_gui.gui.models.plan import PlanModel
from carteira_gui.gui.models.plan_filter import NO_ALERT, PlanFilterProxy
from carteira_gui.gui.plan_detail import detail_html, hint_html
from carteira_gui.gui.plan_lotes_view import PlanLotesView
from carteira_gui.gui.plan_summary import PlanSummary
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS, icon
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import FOCUS_STYLE, SearchBox, fit_titles
from carteira_gui.services.views import LoteView

_RED = LEVEL_COLORS[Nivel.CRITICO]
#: First widths of the tree's columns (Pedido … Alerta; Impacto takes the rest); Cliente follows the width.
_TREE_WIDTHS = [142, 72, 170, 52, 56, 64, 92]
_LOTE_WIDTHS = (150, 86, 92, 170, 130, 80, 70, 62, 66, 80, 50)
_CLIENT_MIN, _CLIENT_MAX, _IMPACT_MIN = 110, 240, 220


def _banner(object_name: str, bg: str, fg: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(
        f"QLabel#{object_name} {{ background: {bg}; color: {fg}; border: 1px solid {fg}; "
        "border-radius: 4px; padding: 6px; }"
    )
    label.hide()
    return label


class PlanPanel(QWidget):
    """Reviews a plan.

    Emits ``apply_requested``, ``discard_requested``, ``fetch_requested`` and ``open_lote_requested`` (a code).
    """

    apply_requested = Signal()
    discard_requested = Signal()
    fetch_requested = Signal()
    #: Open a lote in the Lotes tab (its code).
    open_lote_requested = Signal(str)
    #: A CRÍTICO line was ticked or unticked as reviewed.
    review_changed = Signal()

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ui_state = ui_state
        self.plan: Plan | None = None
        self._lotes_built_for: Plan | None = None
        self._shown_change: Change | None = None
        self._auto_widths = True
        self._fitting = False
        self.model = PlanModel(self)
        self.proxy = PlanFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.fetch_banner = _banner("fetchBanner", "#e8f0fb", "#0b4fb3")
        outer.addWidget(self.fetch_banner)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_empty_page())
        self.stack.addWidget(self._build_plan_page(ui_state))

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._filter_timer.timeout.connect(self.apply_text_filter)
        self.filter_text.textChanged.connect(lambda _text: self._filter_timer.start())
        self.level_filter.currentIndexChanged.connect(self._on_level_filter)
        self.only_allocations.toggled.connect(self._on_only_allocations)
        self.proxy.modelReset.connect(self._decorate_groups)
        self.proxy.layoutChanged.connect(self._decorate_groups)
        self.proxy.rowsInserted.connect(self._decorate_groups)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.tree.clicked.connect(self._on_clicked)
        self.tree.header().sectionResized.connect(self._on_section_resized)
        self.tree.viewport().installEventFilter(self)
        self.reviewed_box.toggled.connect(self._on_review_box)
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.tree)
        toggle.setContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.activated.connect(self.toggle_current_review)
        self.views.currentChanged.connect(lambda _index: self._fill_lotes())
        self.lotes.lines_requested.connect(self.show_lines_of)
        self.lotes.open_lote_requested.connect(self.open_lote_requested)
        self.set_plan(None)

    # -- construction -------------------------------------------------------------------------------

    def _build_empty_page(self) -> QWidget:
        """Page 0: no plan under review, or a plan with nothing to change."""
        empty = QWidget()
        layout = QVBoxLayout(empty)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("planPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder.setStyleSheet("QLabel#planPlaceholder { color: #455a64; font-size: 12pt; }")
        layout.addStretch(1)
        layout.addWidget(self.placeholder)
        self.fetch_button = QPushButton(icon("fetch"), self.tr("Fetch from Odoo (F5)"))
        self.fetch_button.setObjectName("planFetchButton")
        self.fetch_button.clicked.connect(self.fetch_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.fetch_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return empty

    def _build_plan_page(self, ui_state: UiState) -> QWidget:
        """Page 1: the plan — summary, banners, filters, the two views and the detail."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 0)
        #: Counts, alerts (destructive first), how many CRÍTICO lines are ticked; Apply and Discard.
        self.summary = PlanSummary()
        self.headline, self.chips, self.counts_label = self.summary.headline, self.summary.chips, self.summary.counts
        self.review_chip = self.summary.review_chip
        self.apply_button, self.discard_button = self.summary.apply_button, self.summary.discard_button
        self.apply_button.clicked.connect(self.apply_requested)
        self.discard_button.clicked.connect(self.discard_requested)
        layout.addWidget(self.summary)

        self.stale_banner = _banner("staleBanner", "#fff3dc", "#8a4b00")
        self.mass_banner = _banner("massRemovalBanner", LEVEL_TINTS[Nivel.CRITICO], _RED)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.mass_banner)

        filters = QHBoxLayout()
        self.filter_text = SearchBox("planFilter", self.tr("Filter by order, product, client or batch…"))
        self.level_filter = QComboBox()
        self.level_filter.setObjectName("planLevelFilter")
        self.level_filter.addItem(self.tr("Every line"), None)
        for nivel in (Nivel.CRITICO, Nivel.ATENCAO, Nivel.INFO):
            self.level_filter.addItem(
                icon({"CRITICO": "critico", "ATENCAO": "atencao", "INFO": "info"}[nivel]),
                self.tr("Only {0}").format(level_label(nivel)),
                [nivel.value],
            )
        self.level_filter.addItem(self.tr("With any alert"), [n.value for n in Nivel])
        self.level_filter.addItem(self.tr("Without alert"), [NO_ALERT])
        self.only_allocations = QCheckBox(self.tr("Only lines that touch pre-separations or separations"))
        self.only_allocations.setObjectName("onlyAllocations")
        filters.addWidget(self.filter_text, 2)
        filters.addWidget(self.level_filter)
        filters.addWidget(self.only_allocations)
        layout.addLayout(filters)

        self.tree = QTreeView()
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.tree.setIndentation(14)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)  # a review: nothing to edit
        header = self.tree.header()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if ui_state.restore_header("plan", header):
            self._auto_widths = False
        else:
            fit_titles(header, _TREE_WIDTHS)

        #: The plan by lote (its parts are aliased for tests and the window).
        self.lotes = PlanLotesView(ui_state)
        self.lote_model, self.lote_proxy, self.lote_view = self.lotes.model, self.lotes.proxy, self.lotes.view
        self.lote_title = self.lotes.title

        self.views = QTabWidget()
        self.views.setObjectName("planViews")
        self.views.setDocumentMode(True)
        self.views.addTab(self.tree, self.tr("By line"))
        self.views.addTab(self.lotes, self.tr("By batch"))

        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.reviewed_box = QCheckBox(self.tr("I reviewed this CRITICAL line (Space)"))
        self.reviewed_box.setObjectName("reviewedBox")
        self.reviewed_box.hide()
        self.detail = QTextBrowser()
        self.detail.setObjectName("planDetail")
        self.detail.setOpenLinks(False)
        detail_layout.addWidget(self.reviewed_box)
        detail_layout.addWidget(self.detail, 1)
        detail_box.setMinimumWidth(240)
        detail_box.setStyleSheet(FOCUS_STYLE)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("planSplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        if not ui_state.restore_splitter("plan", self.splitter):
            self.splitter.setSizes([940, 320])
        layout.addWidget(self.splitter, 1)
        return page

    # -- state ------------------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        """Show ``text`` (rich text) instead of a plan."""
        self.placeholder.setText(text)

    def set_plan(self, plan: Plan | None, fresh: bool = True) -> None:
        """Review ``plan`` (``None``: show the placeholder)."""
        self.plan = plan
        self.model.set_plan(plan)
        self._shown_change = None
        self._lotes_built_for = None
        self.views.setTabText(1, self.tr("By batch"))
        if plan is None or not plan.has_changes:
            self.stack.setCurrentIndex(0)
            self.detail.clear()
            self.reviewed_box.hide()
            if plan is not None:
                self.set_placeholder(self._nothing_to_change(plan))
                self.fetch_button.setText(self.tr("Fetch again (F5)"))
            else:
                self.fetch_button.setText(self.tr("Fetch from Odoo (F5)"))
                if not self.placeholder.text():
                    self.set_placeholder(
                        self.tr(
                            "No plan under review.<br>Fetch from Odoo to see what a sync would do to the carteira "
                            "before anything is written."
                        )
                    )
            return
        self.stack.setCurrentIndex(1)
        self._fill_summary(plan)
        self.set_fresh(fresh)
        if self.views.currentIndex() == 1:
            self._fill_lotes()
        first = self.proxy.index(0, 0)
        if first.isValid() and self.proxy.rowCount(first):
            self.tree.setCurrentIndex(self.proxy.index(0, 0, first))
        else:
            self._show_detail(None)

    def _nothing_to_change(self, plan: Plan) -> str:
        return (
            "<b>"
            + self.tr("Nothing to change: the carteira already matches the source.")
            + "</b><br><span style='font-size:10pt'>"
            + self.tr("{0} · computed at {1} · {2} lines in the carteira, none to change.").format(
                html.escape(plan.origem), fmt_datetime(plan.gerado_em), fmt_count(plan.linhas_carteira)
            )
            + "</span>"
        )

    def set_fresh(self, fresh: bool) -> None:
        """Say whether the plan still matches the database; a stale plan cannot be applied."""
        plan = self.plan
        if plan is None:
            return
        self.stale_banner.setVisible(not fresh)
        if not fresh:
            self.stale_banner.setText(
                self.tr(
                    "This plan is out of date: the carteira changed since it was computed. Nothing was written. "
                    "Fetch again (F5) to review a new plan."
                )
            )
        self.apply_button.setEnabled(fresh and plan.has_changes)

    def set_apply_enabled(self, enabled: bool) -> None:
        """Enable or disable the Apply button (the window knows about running tasks)."""
        self.apply_button.setEnabled(enabled)

    def set_fetching(self, fetching: bool, text: str = "") -> None:
        """While a fetch runs, say so above the plan (which stays, but cannot be applied)."""
        if fetching:
            under = (
                self.tr("The plan below is the previous one: it cannot be applied until the fetch ends.")
                if self.plan is not None
                else ""
            )
            self.fetch_banner.setText(f"<b>{html.escape(text or self.tr('Fetching…'))}</b> {under}".strip())
        self.fetch_banner.setVisible(fetching)
        self.fetch_button.setEnabled(not fetching)

    def set_lotes(self, lotes: Sequence[LoteView], lines: Mapping[str, Mapping[str, CarteiraRow]]) -> None:
        """The stored lotes (carrier, shipping day, totals) and the carteira's clients, for the lote view."""
        self.lotes.set_context(lotes, lines)
        self._lotes_built_for = None
        if self.views.currentIndex() == 1:
            self._fill_lotes()

    def focus_target(self) -> QWidget:
        """What takes the keyboard when the tab is opened from the keyboard."""
        if self.stack.currentIndex() == 0:
            return self.fetch_button
        return self.lote_view if self.views.currentIndex() == 1 else self.tree

    def _fill_summary(self, plan: Plan) -> None:
        self.summary.fill(plan)
        self._update_review_chip()
        if plan.remocao_em_massa:
            self.mass_banner.setText(
                self.tr(
                    "Mass removal: this plan removes {0} of the {1} lines of the carteira, above the limit of {2} %. "
                    "Check Odoo's filter and answer before applying; you will be asked to type the number."
                ).format(fmt_count(plan.removidos), fmt_count(plan.linhas_do_odoo), fmt_pct(plan.limite_remocao_pct))
            )
            self.mass_banner.show()
        else:
            self.mass_banner.hide()

    # -- reviewed ticks ---------------------------------------------------------------------------

    def reviewed_changes(self) -> list[Change]:
        """The CRÍTICO lines ticked as reviewed."""
        return self.model.reviewed()

    def set_reviewed(self, change: Change, reviewed: bool) -> None:
        """Tick (or untick) a CRÍTICO line as reviewed."""
        if not self.model.set_reviewed(change, reviewed):
            return
        if change is self.current_change():
            self.reviewed_box.blockSignals(True)
            self.reviewed_box.setChecked(reviewed)
            self.reviewed_box.blockSignals(False)
        self._update_review_chip()
        self.review_changed.emit()

    def toggle_current_review(self) -> None:
        """Tick or untick the selected CRÍTICO line (Space)."""
        change = self.current_change()
        if change is not None and self.model.level_of(change) == Nivel.CRITICO.value:
            self.set_reviewed(change, not self.model.is_reviewed(change))

    def _on_review_box(self, checked: bool) -> None:
        change = self.current_change()
        if change is not None:
            self.set_reviewed(change, checked)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == PlanModel.COL_ALERTA:
            self.toggle_current_review()

    def _update_review_chip(self) -> None:
        done, total = len(self.model.reviewed()), len(self.model.critical())
        text = self.tr("Reviewed: {0} of %n critical line(s)", "", total).format(fmt_count(done))
        self.summary.set_review(text, done, total)

    # -- the lote view ----------------------------------------------------------------------------

    def _fill_lotes(self) -> None:
        """Build the lote view of the plan under review when it is shown (and not built for this plan yet)."""
        plan = self.plan
        if self.views.currentIndex() != 1 or plan is None or self._lotes_built_for is plan:
            return
        self._lotes_built_for = plan
        count = self.lotes.show_plan(plan)
        self.views.setTabText(1, self.tr("By batch ({0})").format(fmt_count(count)))

    def show_lines_of(self, lote: str) -> None:
        """The lines of ``lote`` in the line view (the lote view's Enter or double click)."""
        self.filter_text.setText(lote)
        self.apply_text_filter()
        self.views.setCurrentIndex(0)
        self.tree.setFocus()

    # -- filters and selection ----------------------------------------------------------------

    def apply_text_filter(self) -> None:
        """Apply the text filter now (it is otherwise applied shortly after typing stops)."""
        self._filter_timer.stop()
        self.proxy.set_text(self.filter_text.text())
        self.lotes.proxy.set_text(self.filter_text.text())
        self._after_filter()

    def _on_level_filter(self, _index: int) -> None:
        levels = self.level_filter.currentData()
        self.proxy.set_levels(levels if isinstance(levels, list) else None)
        self._after_filter()

    def _on_only_allocations(self, only: bool) -> None:
        self.proxy.set_only_allocations(only)
        self._after_filter()

    def _after_filter(self) -> None:
        self._decorate_groups()
        self._sync_detail()

    def _sync_detail(self) -> None:
        """The detail follows what the tree shows: a line hidden by a filter is not shown as selected."""
        current = self.current_change()
        if current is not None:
            if current is not self._shown_change:
                self._show_detail(current)
            return
        remembered = self._shown_change
        if remembered is not None and self.select_change(remembered):
            return  # the filter shows it again
        if remembered is not None:
            self.reviewed_box.hide()
            self.detail.setHtml(
                hint_html(
                    self.tr(
                        "The selected line ({0}/{1}) is hidden by the filter. Select a line to see its detail."
                    ).format(remembered.num_pedido, remembered.cod_produto)
                )
            )

    def _decorate_groups(self, *_args: object) -> None:
        # Group rows span the whole width and stay open whatever the filter did to them. Each setter makes
        # the tree lay out its rows now, so only what is missing is set (a group the filter hid and showed
        # again has lost both), and every expand comes first, while the tree's own layout is still pending.
        root = QModelIndex()
        tree, proxy = self.tree, self.proxy
        groups = range(proxy.rowCount(root))
        for row in groups:
            index = proxy.index(row, 0, root)
            if not tree.isExpanded(index):
                tree.expand(index)
        for row in groups:
            if not tree.isFirstColumnSpanned(row, root):
                tree.setFirstColumnSpanned(row, root, True)

    def current_change(self) -> Change | None:
        """The selected change, if any (``None`` when a filter hides it)."""
        return self.model.change_at(self.proxy.mapToSource(self.tree.currentIndex()))

    def select_change(self, change: Change) -> bool:
        """Select ``change`` (when the filters show it) and show its detail."""
        source = self.model.index_of(change)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        self._show_detail(change)
        return True

    def first_change(self, nivel: Nivel | None = None, alvo_status: Status | None = None) -> Change | None:
        """The first change of the plan with an alert of ``nivel`` (and touching a separação in that status)."""
        if self.plan is None:
            return None
        for change in self.plan.changes:
            if nivel is not None and change.nivel is not nivel:
                continue
            if alvo_status is not None and not any(
                i.status is alvo_status and i.qtd_antes != i.qtd_depois for i in change.impactos
            ):
                continue
            return change
        return None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        change = self.model.change_at(self.proxy.mapToSource(current))
        if change is not None or not self.proxy.filtering:
            self._show_detail(change)

    def save_state(self) -> None:
        """Remember column widths and the splitter."""
        self._ui_state.save_header("plan", self.tree.header())
        self.lotes.save_state()
        self._ui_state.save_splitter("plan", self.splitter)

    # -- widths -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Fit Cliente and Impacto to the tree's width as it changes."""
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        # A width the planner drags by hand is kept: the automatic fit stops (it never fights the mouse).
        dragging = bool(QApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        if dragging and not self._fitting and column != self.tree.header().count() - 1:
            self._auto_widths = False

    def _fit_columns(self) -> None:
        """Cliente gets about a third of what the fixed columns leave, Impacto the rest (never below its minimum)."""
        if not self._auto_widths:
            return
        header = self.tree.header()
        available = self.tree.viewport().width() - sum(
            header.sectionSize(c) for c in range(header.count() - 1) if c != PlanModel.COL_CLIENTE
        )
        client = max(_CLIENT_MIN, min(_CLIENT_MAX, available * 9 // 25, available - _IMPACT_MIN))
        self._fitting = True
        try:
            header.resizeSection(PlanModel.COL_CLIENTE, client)
        finally:
            self._fitting = False

    # -- detail pane ------------------------------------------------------------------------------

    def _show_detail(self, change: Change | None) -> None:
        self._shown_change = change
        if change is None:
            self.reviewed_box.hide()
            self.detail.setHtml(
                hint_html(
                    self.tr("Select a line to see what happens to its free balance, pre-separations and separations.")
                )
            )
            return
        critical = self.model.level_of(change) == Nivel.CRITICO.value
        self.reviewed_box.blockSignals(True)
        self.reviewed_box.setChecked(critical and self.model.is_reviewed(change))
        self.reviewed_box.blockSignals(False)
        self.reviewed_box.setVisible(critical)
        self.detail.setHtml(detail_html(change))

    def detail_html(self, change: Change) -> str:
        """The detail of a change (``plan_detail.detail_html``)."""
        return detail_html(change)

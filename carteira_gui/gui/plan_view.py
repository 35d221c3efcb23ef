"""The plan review.

At the top, counts and alerts (destructive first); below, the changes grouped by kind with filters, and a
detail pane with the waterfall of the selected line.

Just over 500 lines: the summary, the filters and the detail pane are one review screen whose parts read the
same plan and selection; split apart they would pass that state back and forth.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Alvo, Nivel, Status, TipoMudanca
from carteira_gui.domain.plan import Change, Impacto, Plan
from carteira_gui.gui.formatting import (
    alert_tipo_label,
    field_label,
    fmt_count,
    fmt_datetime,
    fmt_delta,
    fmt_field,
    fmt_qtd,
    group_label,
    level_label,
    tipo_label,
)
from carteira_gui.gui.models.plan import PlanModel
from carteira_gui.gui.models.plan_filter import NO_ALERT, PlanFilterProxy
from carteira_gui.gui.resources import LEVEL_COLORS, LEVEL_TINTS, icon
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox

_RED = LEVEL_COLORS[Nivel.CRITICO]
_CHIP = "QLabel {{ background: {bg}; color: {fg}; border-radius: 10px; padding: 3px 10px; font-weight: bold; }}"
_NEUTRAL_BG = "#eceff1"
_NEUTRAL_FG = "#37474f"


def _chip(text: str, bg: str = _NEUTRAL_BG, fg: str = _NEUTRAL_FG) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(_CHIP.format(bg=bg, fg=fg))
    return label


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
    """Reviews a plan. Emits ``apply_requested``, ``discard_requested`` and ``fetch_requested``."""

    apply_requested = Signal()
    discard_requested = Signal()
    fetch_requested = Signal()

    def __init__(self, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ui_state = ui_state
        self.plan: Plan | None = None
        self.model = PlanModel(self)
        self.proxy = PlanFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # Page 0: nothing under review.
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("planPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder.setStyleSheet("QLabel#planPlaceholder { color: #455a64; font-size: 12pt; }")
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.placeholder)
        fetch = QPushButton(icon("fetch"), self.tr("Fetch from Odoo (F5)"))
        fetch.clicked.connect(self.fetch_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(fetch)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)
        self.stack.addWidget(empty)

        # Page 1: a plan.
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 0)
        summary = QFrame()
        summary.setObjectName("planSummary")
        summary.setStyleSheet(
            "QFrame#planSummary { background: #fafbfc; border: 1px solid #d5dbe0; border-radius: 4px; }"
        )
        summary_layout = QHBoxLayout(summary)
        left = QVBoxLayout()
        self.headline = QLabel()
        self.headline.setObjectName("planHeadline")
        self.headline.setWordWrap(True)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("planCounts")
        self.counts_label.setWordWrap(True)
        left.addWidget(self.headline)
        left.addLayout(self.chips)
        left.addWidget(self.counts_label)
        summary_layout.addLayout(left, 1)
        buttons = QVBoxLayout()
        self.apply_button = QPushButton(icon("apply"), self.tr("Apply plan…"))
        self.apply_button.setObjectName("applyPlanButton")
        self.apply_button.setToolTip(self.tr("Apply this plan (Ctrl+Enter)"))
        self.apply_button.setMinimumHeight(32)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.apply_button.clicked.connect(self.apply_requested)
        self.discard_button.clicked.connect(self.discard_requested)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.discard_button)
        summary_layout.addLayout(buttons)
        layout.addWidget(summary)

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

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
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
        if not ui_state.restore_header("plan", header):
            for column, width in enumerate((152, 85, 140, 55, 55, 62, 80)):
                header.resizeSection(column, width)
        self.detail = QTextBrowser()
        self.detail.setObjectName("planDetail")
        self.detail.setOpenLinks(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        if not ui_state.restore_splitter("plan", self.splitter):
            self.splitter.setSizes([900, 370])
        layout.addWidget(self.splitter, 1)
        self.stack.addWidget(page)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._filter_timer.timeout.connect(self.apply_text_filter)
        self.filter_text.textChanged.connect(lambda _text: self._filter_timer.start())
        self.level_filter.currentIndexChanged.connect(self._on_level_filter)
        self.only_allocations.toggled.connect(self.proxy.set_only_allocations)
        self.proxy.modelReset.connect(self._decorate_groups)
        self.proxy.layoutChanged.connect(self._decorate_groups)
        self.proxy.rowsInserted.connect(self._decorate_groups)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.set_plan(None)

    # -- state ------------------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        """Show ``text`` (rich text) instead of a plan."""
        self.placeholder.setText(text)

    def set_plan(self, plan: Plan | None, fresh: bool = True) -> None:
        """Review ``plan`` (``None``: show the placeholder)."""
        self.plan = plan
        self.model.set_plan(plan)
        if plan is None:
            self.stack.setCurrentIndex(0)
            self.detail.clear()
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
        first = self.proxy.index(0, 0)
        if first.isValid() and self.proxy.rowCount(first):
            self.tree.setCurrentIndex(self.proxy.index(0, 0, first))
        elif not plan.has_changes:
            self.detail.setHtml(
                "<p><b>" + self.tr("Nothing to change: the carteira already follows the source.") + "</b></p>"
            )
        else:
            self._show_detail(None)

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

    def _fill_summary(self, plan: Plan) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        changes = len(plan.changes)
        self.headline.setText(
            "<b>"
            + self.tr("Plan of {0}").format(html.escape(plan.origem))
            + "</b> · "
            + self.tr("computed at {0}").format(fmt_datetime(plan.gerado_em))
            + " · "
            + self.tr("{0} lines in the carteira, {1} changes").format(
                fmt_count(plan.linhas_carteira), fmt_count(changes)
            )
            + (
                " · " + self.tr("{0} source lines outside the Odoo prefixes ignored").format(fmt_count(plan.ignorados))
                if plan.ignorados
                else ""
            )
        )
        alerts = plan.alert_counts()
        removed = plan.removidos
        critical_bg, critical_fg = LEVEL_TINTS[Nivel.CRITICO], LEVEL_COLORS[Nivel.CRITICO]
        # Destructive things first: removed lines and every CRITICO alert.
        self.chips.addWidget(
            _chip(
                f"{group_label(TipoMudanca.REMOVIDO)}: {fmt_count(removed)}",
                *((critical_bg, critical_fg) if removed else (_NEUTRAL_BG, _NEUTRAL_FG)),
            )
        )
        for nivel in (Nivel.CRITICO, Nivel.ATENCAO, Nivel.INFO):
            count = alerts[nivel]
            colours = (LEVEL_TINTS[nivel], LEVEL_COLORS[nivel]) if count else (_NEUTRAL_BG, _NEUTRAL_FG)
            chip = _chip(f"{level_label(nivel)}: {fmt_count(count)}", *colours)
            chip.setObjectName(f"chip_{nivel.value}")
            self.chips.addWidget(chip)
        self.chips.addStretch(1)
        counts = [
            f"{group_label(tipo)}: <b>{fmt_count(plan.count(tipo))}</b>"
            for tipo in (TipoMudanca.REDUCAO, TipoMudanca.AUMENTO, TipoMudanca.NOVO, TipoMudanca.ALTERADO)
        ]
        counts.append(self.tr("unchanged: {0}").format(f"<b>{fmt_count(plan.inalterados)}</b>"))
        counts.append(self.tr("total quantity change: {0}").format(f"<b>{fmt_delta(plan.delta_total)}</b>"))
        self.counts_label.setText(" · ".join(counts))
        if plan.remocao_em_massa:
            self.mass_banner.setText(
                self.tr(
                    "Mass removal: this plan removes {0} of the {1} lines of the carteira, above the limit of {2} %. "
                    "Check Odoo's filter and answer before applying; you will be asked to type the number."
                ).format(fmt_count(removed), fmt_count(plan.linhas_do_odoo), f"{plan.limite_remocao_pct:g}")
            )
            self.mass_banner.show()
        else:
            self.mass_banner.hide()

    # -- filters and selection ----------------------------------------------------------------

    def apply_text_filter(self) -> None:
        """Apply the text filter now (it is otherwise applied shortly after typing stops)."""
        self._filter_timer.stop()
        self.proxy.set_text(self.filter_text.text())
        self._decorate_groups()

    def _on_level_filter(self, _index: int) -> None:
        levels = self.level_filter.currentData()
        self.proxy.set_levels(levels if isinstance(levels, list) else None)
        self._decorate_groups()

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
        """The selected change, if any."""
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
        self._show_detail(self.model.change_at(self.proxy.mapToSource(current)))

    def save_state(self) -> None:
        """Remember column widths and the splitter."""
        self._ui_state.save_header("plan", self.tree.header())
        self._ui_state.save_splitter("plan", self.splitter)

    # -- detail pane ------------------------------------------------------------------------------

    def _show_detail(self, change: Change | None) -> None:
        if change is None:
            self.detail.setHtml(
                "<p style='color:#607d8b'>"
                + self.tr("Select a line to see what happens to its free balance, pre-separations and separations.")
                + "</p>"
            )
            return
        self.detail.setHtml(self.detail_html(change))

    def _target_name(self, imp: Impacto) -> str:
        if imp.alvo is Alvo.SALDO_LIVRE:
            return self.tr("Free balance")
        if imp.alvo is Alvo.PRE_SEPARACAO:
            return self.tr("Pre-separation #{0}").format(imp.id)
        status = imp.status.value if imp.status is not None else ""
        return self.tr("Separation #{0} · {1} · {2}").format(imp.id, html.escape(imp.lote or ""), status)

    def detail_html(self, change: Change) -> str:
        """The detail of a change: quantities, the waterfall over each allocation, alerts, changed fields."""

        def delta_cell(value: Decimal) -> str:
            colour = _RED if value < 0 else ("#2e7d32" if value > 0 else "#78909c")
            return f"<td align='right' style='color:{colour}'><b>{fmt_delta(value)}</b></td>"

        before_title, after_title = self.tr("Before"), self.tr("After")
        title = f"{html.escape(change.num_pedido)} / {html.escape(change.cod_produto)}"
        parts = [f"<h3 style='margin-bottom:2px'>{title}</h3>"]
        if change.cliente:
            parts.append(f"<div style='color:#455a64'>{html.escape(change.cliente)}</div>")
        parts.append(
            f"<p><b>{tipo_label(change.tipo)}</b>: {fmt_qtd(change.qtd_antes)} → {fmt_qtd(change.qtd_depois)} "
            f"(<span style='color:{_RED if change.delta < 0 else '#2e7d32'}'>{fmt_delta(change.delta)}</span>)</p>"
        )
        if change.linhas_somadas > 1:
            parts.append(
                "<p style='color:#8a4b00'>"
                + self.tr("Odoo sent {0} lines for this order and product; they were summed.").format(
                    change.linhas_somadas
                )
                + "</p>"
            )
        if change.impactos or change.nao_coberto:
            parts.append("<p style='margin-bottom:2px'><b>" + self.tr("Where the quantity goes") + "</b></p>")
            parts.append(
                "<table cellspacing='0' cellpadding='4' width='100%' style='border-collapse:collapse'>"
                "<tr style='background:#eceff1'>"
                + "<th align='left'>"
                + self.tr("Allocation")
                + "</th><th align='right'>"
                + before_title
                + "</th><th align='right'>"
                + after_title
                + "</th><th align='right'>"
                + self.tr("Change")
                + "</th></tr>"
            )
            for imp in change.impactos:
                background = ""
                if imp.delta != 0 and imp.status is Status.COTADO:
                    background = f" style='background:{LEVEL_TINTS[Nivel.CRITICO]}'"
                elif imp.delta != 0 and imp.alvo is not Alvo.SALDO_LIVRE:
                    background = f" style='background:{LEVEL_TINTS[Nivel.ATENCAO]}'"
                name = self._target_name(imp)
                if imp.excluida:
                    name += " <i>(" + self.tr("deleted") + ")</i>"
                parts.append(
                    f"<tr{background}><td>{name}</td><td align='right'>{fmt_qtd(imp.qtd_antes)}</td>"
                    f"<td align='right'>{fmt_qtd(imp.qtd_depois)}</td>{delta_cell(imp.delta)}</tr>"
                )
            if change.nao_coberto > 0:
                parts.append(
                    f"<tr style='background:{LEVEL_TINTS[Nivel.CRITICO]}'><td><b>"
                    + self.tr("Not covered (already loaded)")
                    + f"</b></td><td></td><td></td><td align='right' style='color:{_RED}'><b>"
                    + fmt_qtd(change.nao_coberto)
                    + "</b></td></tr>"
                )
            parts.append("</table>")
        if change.alertas:
            parts.append("<p style='margin-bottom:2px'><b>" + self.tr("Alerts") + "</b></p>")
            for alerta in change.alertas:
                colour = LEVEL_COLORS[alerta.nivel]
                parts.append(
                    f"<p style='margin:2px 0'><span style='color:{colour}'>●</span> "
                    f"<b style='color:{colour}'>{level_label(alerta.nivel)}</b> "
                    f"({alert_tipo_label(alerta.tipo)}): {html.escape(alerta.mensagem)}</p>"
                )
        if change.campos:
            parts.append("<p style='margin-bottom:2px'><b>" + self.tr("Changed fields") + "</b></p>")
            parts.append(
                "<table cellspacing='0' cellpadding='4' width='100%'><tr style='background:#eceff1'>"
                + "<th align='left'>"
                + self.tr("Field")
                + "</th><th align='left'>"
                + before_title
                + "</th><th align='left'>"
                + after_title
                + "</th></tr>"
            )
            for name, (before, after) in change.campos.items():
                parts.append(
                    f"<tr><td>{field_label(name)}</td><td>{html.escape(fmt_field(name, before))}</td>"
                    f"<td><b>{html.escape(fmt_field(name, after))}</b></td></tr>"
                )
            parts.append("</table>")
        if change.tipo is TipoMudanca.REMOVIDO:
            parts.append(
                "<p style='color:#455a64'>"
                + self.tr("The line leaves the carteira after its allocations are reduced.")
                + "</p>"
            )
        return "".join(parts)

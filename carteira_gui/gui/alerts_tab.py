"""The Alerts tab: open alerts first, filters by words, level and date, the whole alert below, acknowledging.

Acknowledge the selected alerts (Ctrl+K), or every open INFO alert at once (they only inform: a pré-separação
that grew or shrank with its order). The pane below the table shows the selected alert whole — line, client,
lote, before → after, the full message, the note and who acknowledged it. The table's columns fit a 1280-wide
window: the message takes the room left; "Reconhecido" shows only with the acknowledged alerts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Nivel
from carteira_gui.gui.dialogs import AcknowledgeDialog, alerts_html
from carteira_gui.gui.formatting import fmt_count, fmt_datetime, level_label
from carteira_gui.gui.models.alerts import AlertFilterProxy, AlertModel
from carteira_gui.gui.models.table import ROW_ROLE
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import (
    EmptyState,
    SearchBox,
    debounce,
    enable_sorting,
    make_action,
    make_table,
    restore_header,
)
from carteira_gui.services import alerts as alert_cases
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import AlertView

_WIDTHS = (88, 92, 78, 130, 140, 56, 58, 300, 160, 150)
#: The date filter: days back (``None``: any date; 0: today).
_PERIODS: tuple[int | None, ...] = (None, 0, 7, 30)


class AlertsTab(QWidget):
    """The alerts table and its filters, the selected alert whole; owns the acknowledge actions and their op."""

    #: Alerts were acknowledged (list of ids).
    acknowledged = Signal(object)
    #: The open alerts changed: (CRÍTICO + ATENÇÃO to acknowledge, INFO open).
    open_count_changed = Signal(int, int)

    def __init__(
        self, uow: UnitOfWork, ops: Ops, feedback: Feedback, ui_state: UiState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._uow = uow
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self._clients: dict[str, str] = {}
        self.acknowledge_action = make_action(
            self,
            self.tr("Acknowledge alerts…"),
            "acknowledge",
            self.acknowledge_selected,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K)],
        )
        self.acknowledge_info_action = make_action(
            self,
            self.tr("Acknowledge every INFO…"),
            "info",
            self.acknowledge_all_info,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_K)],
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.search = SearchBox("alertSearch", self.tr("Search order, product, client, batch or message…"))
        self.level = QComboBox()
        self.level.setObjectName("alertLevel")
        self.level.addItem(self.tr("Every level"), None)
        for nivel, name in ((Nivel.CRITICO, "critico"), (Nivel.ATENCAO, "atencao"), (Nivel.INFO, "info")):
            self.level.addItem(icon(name), self.tr("Only {0}").format(level_label(nivel)), [nivel.value])
        self.period = QComboBox()
        self.period.setObjectName("alertPeriod")
        for days, text in zip(
            _PERIODS,
            (self.tr("Any date"), self.tr("Today"), self.tr("Last 7 days"), self.tr("Last 30 days")),
            strict=True,
        ):
            self.period.addItem(text, days)
        self.show_acknowledged = QCheckBox(self.tr("Show acknowledged"))
        self.show_acknowledged.setObjectName("showAcknowledged")
        row.addWidget(self.search, 1)
        row.addWidget(self.level)
        row.addWidget(self.period)
        row.addWidget(self.show_acknowledged)
        for action in (self.acknowledge_action, self.acknowledge_info_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            row.addWidget(button)
        layout.addLayout(row)
        self.model = AlertModel(self)
        self.proxy = AlertFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_hide_acknowledged(True)
        self.view = make_table("alertView")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        enable_sorting(self.view)
        restore_header(ui_state, "alerts", self.view, _WIDTHS)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(AlertModel.COL_MENSAGEM, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.empty_state = EmptyState(self.view)
        self.detail = QTextBrowser()
        self.detail.setObjectName("alertDetail")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("alertsSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        if not ui_state.restore_splitter("alerts", self.splitter):
            self.splitter.setSizes([480, 170])
        layout.addWidget(self.splitter, 1)
        self.search_timer = debounce(self.search, lambda text: self._refilter(lambda: self.proxy.set_text(text)), self)
        self.level.currentIndexChanged.connect(
            lambda _i: self._refilter(
                lambda: self.proxy.set_levels(levels if isinstance(levels := self.level.currentData(), list) else None)
            )
        )
        self.period.currentIndexChanged.connect(lambda _i: self._refilter(self._apply_period))
        self.show_acknowledged.toggled.connect(self._on_show_acknowledged)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_action())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        ops.changed.connect(self._update_action)
        self._on_show_acknowledged(False)
        self._update_action()
        self._show_detail()

    def set_alerts(self, alerts: list[AlertView], clients: Mapping[str, str] | None = None) -> None:
        """Show these alerts (open first, most severe, newest); ``clients`` maps an order to its client."""
        if clients is not None:
            self._clients = dict(clients)
            self.model.set_clients(self._clients)
        self.model.set_rows(alerts)
        self.open_count_changed.emit(
            self.model.open_count(Nivel.CRITICO.value) + self.model.open_count(Nivel.ATENCAO.value),
            self.model.open_count(Nivel.INFO.value),
        )
        self._update_action()
        self._update_empty_state()
        self._show_detail()

    def selected_open_alerts(self) -> list[AlertView]:
        """The selected alerts that are not acknowledged yet."""
        selection = self.view.selectionModel()
        rows = selection.selectedRows() if selection else []
        alerts = []
        for index in rows:
            alert = self.proxy.data(index, ROW_ROLE)
            if isinstance(alert, AlertView) and alert.reconhecido_em is None:
                alerts.append(alert)
        return alerts

    def current_alert(self) -> AlertView | None:
        """The alert the pane below shows (the current row of the table)."""
        alert = self.proxy.data(self.view.currentIndex(), ROW_ROLE)
        return alert if isinstance(alert, AlertView) else None

    def acknowledge_selected(self) -> AcknowledgeDialog | None:
        """Acknowledge the selected open alerts, with a name and a note (Ctrl+K)."""
        alerts = self.selected_open_alerts()
        if not alerts:
            self._feedback.show_message(self.tr("Select one or more open alerts in the Alerts tab first."))
            return None
        return self._open_dialog(alerts)

    def acknowledge_all_info(self) -> AcknowledgeDialog | None:
        """Acknowledge every open INFO alert at once, whatever the filters show (Ctrl+Shift+K)."""
        alerts = self.model.open_alerts(Nivel.INFO.value)
        if not alerts:
            self._feedback.show_message(self.tr("There is no open INFO alert."))
            return None
        return self._open_dialog(alerts)

    def _open_dialog(self, alerts: list[AlertView]) -> AcknowledgeDialog:
        dialog = AcknowledgeDialog(alerts, self._ui_state.user_name(), self.window(), clients=self._clients)
        dialog.accepted.connect(lambda: self.acknowledge([a.id for a in alerts], dialog.name(), dialog.note()))
        self._feedback.open_dialog(dialog)
        return dialog

    def acknowledge(self, ids: list[int], name: str, note: str | None) -> Task:
        """Acknowledge alerts in a worker and show them again."""
        self._ui_state.set_user_name(name)
        uow = self._uow

        def job(_context: TaskContext) -> tuple[list[int], list[AlertView]]:
            result = alert_cases.acknowledge(uow, ids, name, note)
            return result.done, alert_cases.list_alerts(uow, include_acknowledged=True)

        return self._ops.op("acknowledge", job, self.tr("Acknowledge alerts")).success(self._on_acknowledged).run()

    def save_state(self) -> None:
        """Remember the column widths and the splitter."""
        self._ui_state.save_header("alerts", self.view.horizontalHeader())
        self._ui_state.save_splitter("alerts", self.splitter)

    def _on_acknowledged(self, result: tuple[list[int], list[AlertView]]) -> None:
        done, alerts = result
        self.set_alerts(alerts)
        self._feedback.show_message(self.tr("%n alert(s) acknowledged.", "", len(done)))
        self.acknowledged.emit(done)

    def _update_action(self) -> None:
        idle = not self._ops.running("acknowledge")
        self.acknowledge_action.setEnabled(bool(self.selected_open_alerts()) and idle)
        info = self.model.open_count(Nivel.INFO.value)
        self.acknowledge_info_action.setEnabled(bool(info) and idle)
        self.acknowledge_info_action.setText(
            self.tr("Acknowledge every INFO ({0})…").format(fmt_count(info))
            if info
            else self.tr("Acknowledge every INFO…")
        )

    # -- filters and the pane ---------------------------------------------------------------------------

    def _refilter(self, change: object) -> None:
        if callable(change):
            change()
        self._update_empty_state()
        self._show_detail()

    def _apply_period(self) -> None:
        days = self.period.currentData()
        if not isinstance(days, int):
            self.proxy.set_since(None)
            return
        midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        self.proxy.set_since((midnight - timedelta(days=days)).astimezone(UTC))

    def _on_show_acknowledged(self, on: bool) -> None:
        self._refilter(lambda: self.proxy.set_hide_acknowledged(not on))
        # Who acknowledged, and when, only means something when acknowledged alerts are shown.
        self.view.setColumnHidden(AlertModel.COL_RECONHECIMENTO, not on)

    def _update_empty_state(self) -> None:
        if self.model.rowCount() == 0:
            text = self.tr(
                "No alerts. An alert appears here when a sync changes something the planners acted on: a "
                "pre-separation, a batch, a quoted freight."
            )
        elif self.proxy.filtering:
            text = self.tr("No alert matches these filters.")
        else:
            text = self.tr("No open alerts: every alert was acknowledged. Tick “Show acknowledged” to see them.")
        self.empty_state.update_state(text)

    def _show_detail(self) -> None:
        alert = self.current_alert()
        if alert is None:
            hint = (
                self.tr("The selected alert is hidden by the filters.")
                if self.view.selectionModel().hasSelection() and self.proxy.filtering
                else self.tr("Select an alert to read it whole, with its note.")
            )
            self.detail.setHtml(f"<p style='color:#607d8b'>{hint}</p>")
            return
        text = alerts_html([alert], self._clients)
        sync = self.tr("Raised or updated by sync #{0} at {1}.").format(
            alert.sync_id if alert.sync_id is not None else "—", fmt_datetime(alert.atualizado_em)
        )
        if alert.reconhecido_em is not None:
            sync += " " + self.tr("Acknowledged by {0} at {1}.").format(
                html.escape(alert.reconhecido_por or ""), fmt_datetime(alert.reconhecido_em)
            )
        else:
            sync += " " + self.tr("Not acknowledged yet (Ctrl+K).")
        self.detail.setHtml(text + f"<p style='color:#455a64'>{sync}</p>")

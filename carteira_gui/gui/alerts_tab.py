"""The Alerts tab: open alerts first, filters by words and level, and acknowledging (Ctrl+K)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carteira_gui.domain.model import Nivel
from carteira_gui.gui.dialogs import AcknowledgeDialog
from carteira_gui.gui.formatting import level_label
from carteira_gui.gui.models.alerts import AlertModel
from carteira_gui.gui.models.table import ROW_ROLE, RowFilterProxy
from carteira_gui.gui.ops import Feedback, Ops
from carteira_gui.gui.resources import icon
from carteira_gui.gui.tasks import Task, TaskContext
from carteira_gui.gui.ui_state import UiState
from carteira_gui.gui.widgets import SearchBox, debounce, enable_sorting, make_action, make_table, restore_header
from carteira_gui.services import alerts as alert_cases
from carteira_gui.services.ports import UnitOfWork
from carteira_gui.services.views import AlertView

_WIDTHS = (100, 105, 90, 145, 55, 55, 420, 120, 50, 125, 120)


class AlertsTab(QWidget):
    """The alerts table and its filters; owns the "Acknowledge alerts…" action and its op."""

    #: Alerts were acknowledged (list of ids).
    acknowledged = Signal(object)
    #: The number of open (unacknowledged) alerts changed, or the alerts were shown again.
    open_count_changed = Signal(int)

    def __init__(
        self, uow: UnitOfWork, ops: Ops, feedback: Feedback, ui_state: UiState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._uow = uow
        self._ops = ops
        self._feedback = feedback
        self._ui_state = ui_state
        self.acknowledge_action = make_action(
            self,
            self.tr("Acknowledge alerts…"),
            "acknowledge",
            self.acknowledge_selected,
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K)],
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        row = QHBoxLayout()
        self.search = SearchBox("alertSearch", self.tr("Search order, product, batch or message…"))
        self.level = QComboBox()
        self.level.setObjectName("alertLevel")
        self.level.addItem(self.tr("Every level"), None)
        for nivel, name in ((Nivel.CRITICO, "critico"), (Nivel.ATENCAO, "atencao"), (Nivel.INFO, "info")):
            self.level.addItem(icon(name), self.tr("Only {0}").format(level_label(nivel)), [nivel.value])
        self.show_acknowledged = QCheckBox(self.tr("Show acknowledged"))
        self.show_acknowledged.setObjectName("showAcknowledged")
        ack_button = QToolButton()
        ack_button.setDefaultAction(self.acknowledge_action)
        ack_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        row.addWidget(self.search, 1)
        row.addWidget(self.level)
        row.addWidget(self.show_acknowledged)
        row.addWidget(ack_button)
        layout.addLayout(row)
        self.model = AlertModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_hide_acknowledged(True)
        self.view = make_table("alertView")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        enable_sorting(self.view)
        restore_header(ui_state, "alerts", self.view, _WIDTHS)
        layout.addWidget(self.view, 1)
        self.search_timer = debounce(self.search, self.proxy.set_text, self)
        self.level.currentIndexChanged.connect(
            lambda _i: self.proxy.set_levels(levels if isinstance(levels := self.level.currentData(), list) else None)
        )
        self.show_acknowledged.toggled.connect(lambda on: self.proxy.set_hide_acknowledged(not on))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_action())
        ops.changed.connect(self._update_action)
        self._update_action()

    def set_alerts(self, alerts: list[AlertView]) -> None:
        """Show these alerts (open first, most severe, newest)."""
        self.model.set_rows(alerts)
        self.open_count_changed.emit(self.model.open_count())
        self._update_action()

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

    def acknowledge_selected(self) -> None:
        """Acknowledge the selected open alerts, with a name and a note (Ctrl+K)."""
        alerts = self.selected_open_alerts()
        if not alerts:
            self._feedback.show_message(self.tr("Select one or more open alerts in the Alerts tab first."))
            return
        dialog = AcknowledgeDialog(alerts, self._ui_state.user_name(), self.window())
        dialog.accepted.connect(lambda: self.acknowledge([a.id for a in alerts], dialog.name(), dialog.note()))
        self._feedback.open_dialog(dialog)

    def acknowledge(self, ids: list[int], name: str, note: str | None) -> Task:
        """Acknowledge alerts in a worker and show them again."""
        self._ui_state.set_user_name(name)
        uow = self._uow

        def job(_context: TaskContext) -> tuple[list[int], list[AlertView]]:
            result = alert_cases.acknowledge(uow, ids, name, note)
            return result.done, alert_cases.list_alerts(uow, include_acknowledged=True)

        return self._ops.op("acknowledge", job, self.tr("Acknowledge alerts")).success(self._on_acknowledged).run()

    def save_state(self) -> None:
        """Remember the column widths."""
        self._ui_state.save_header("alerts", self.view.horizontalHeader())

    def _on_acknowledged(self, result: tuple[list[int], list[AlertView]]) -> None:
        done, alerts = result
        self.set_alerts(alerts)
        self._feedback.show_message(self.tr("%n alert(s) acknowledged.", "", len(done)))
        self.acknowledged.emit(done)

    def _update_action(self) -> None:
        self.acknowledge_action.setEnabled(bool(self.selected_open_alerts()) and not self._ops.running("acknowledge"))

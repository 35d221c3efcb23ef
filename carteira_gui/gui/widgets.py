"""Small widgets and helpers shared by the window and its tabs: search boxes, tables, actions, labels.

Also the look that makes the keyboard usable: tables let Tab leave them (Tab moves to the next control, the
arrows move within), and the control that has the keyboard shows a blue frame (``FOCUS_STYLE``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QTreeView,
    QWidget,
)

from carteira_gui.gui.resources import icon
from carteira_gui.gui.ui_state import UiState

#: The frame of the control that has the keyboard: item views and text panes get a blue border when focused
#: (the style draws its own focus for buttons, boxes and fields). Padding keeps the content from moving.
FOCUS_STYLE = """
QTableView, QTreeView, QListView, QTextBrowser { border: 1px solid #b8c2cc; padding: 1px; }
QTableView:focus, QTreeView:focus, QListView:focus, QTextBrowser:focus { border: 2px solid #1e6fd9; padding: 0px; }
QTabBar::tab:focus { color: #0b4fb3; text-decoration: underline; }
"""
# Not "QAbstractItemView": a table's header is one too, and a style sheet on it would cut the accents of its
# capitals ("CRÍTICO").

#: Window shortcuts that a text box must not swallow (on X11 a line edit takes Ctrl+E as "end of line").
WINDOW_SHORTCUTS = (
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E),
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_K),
)


class SearchBox(QLineEdit):
    """A search/filter box with a clear button that leaves the window's shortcuts to the window."""

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder)

    def event(self, event: QEvent) -> bool:
        """Do not claim the window's shortcuts."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in WINDOW_SHORTCUTS):
                event.ignore()
                return True
        return super().event(event)


def debounce(box: QLineEdit, apply: Callable[[str], None], parent: QObject) -> QTimer:
    """Call ``apply(text)`` 200 ms after the planner stops typing in ``box``; returns the timer."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(200)
    timer.timeout.connect(lambda: apply(box.text()))
    box.textChanged.connect(lambda _text: timer.start())
    return timer


def make_table(name: str) -> QTableView:
    """A read-only table view of whole rows, with fixed row heights, that Tab leaves (arrows move inside)."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setSortingEnabled(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # Fixed row heights: the view never measures 100,000 rows.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def enable_sorting(view: QTableView) -> None:
    """Let the planner sort by clicking a column title, starting from the rows' own order."""
    # No initial sort: the rows come in a meaningful order (by key, most severe first, newest first).
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


def fit_titles(header: QHeaderView, widths: tuple[int, ...] | list[int]) -> None:
    """Give each column ``widths[i]``, or more when its title needs it: a title is never cut or broken."""
    model = header.model()
    metrics = header.fontMetrics()
    for column, width in enumerate(widths):
        title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else None
        # Room for the margins and the sort arrow beside the title.
        needed = metrics.horizontalAdvance(str(title)) + 16 if title else 0
        header.resizeSection(column, max(width, needed))


def restore_header(
    ui_state: UiState, name: str, view: QTableView | QTreeView, widths: tuple[int, ...] | list[int]
) -> None:
    """Restore the remembered column widths of ``view`` (``widths``, widened to fit the titles, the first time)."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    if not ui_state.restore_header(name, header):
        fit_titles(header, widths)


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" to the room it has; the whole text is its tooltip.

    The status bar's message and database labels: a long message never runs into its neighbour.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.set_full_text(text)

    def full_text(self) -> str:
        """The text before shortening."""
        return self._full

    def set_full_text(self, text: str) -> None:
        """Show ``text`` (shortened when it does not fit)."""
        self._full = text
        self.setToolTip(text)
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as the whole text (the layout may give it less)."""
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Shorten the text again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width() - 4))
        if shown != self.text():
            self.setText(shown)


class EmptyState(QLabel):
    """A message centred over an item view while its model shows no row: what the empty table means.

    ``text`` is rich text; the owner calls ``update_state()`` (or ``set_text``) when the rows or the filters change.
    """

    def __init__(self, view: QAbstractItemView, text: str = "") -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self._view = view
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet("QLabel#emptyState { color: #455a64; font-size: 11pt; background: transparent; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setText(text)
        view.viewport().installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Follow the viewport's size."""
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self._view.viewport().rect().adjusted(24, 24, -24, -24)
        self.setGeometry(area)

    def update_state(self, text: str | None = None) -> None:
        """Show the message (``text`` when given) if the view's model has no row; hide it otherwise."""
        if text is not None:
            self.setText(text)
        model: QAbstractItemModel | None = self._view.model()
        empty = model is None or model.rowCount() == 0
        self._place()
        self.setVisible(empty and bool(self.text()))


def make_action(
    parent: QWidget,
    text: str,
    icon_name: str | None,
    slot: Callable[[], Any],
    shortcuts: list[QKeySequence] | None = None,
) -> QAction:
    """An action whose tooltip names its first shortcut; added to ``parent`` so that the shortcuts work."""
    action = QAction(icon(icon_name) if icon_name else QIcon(), text, parent)
    if shortcuts:
        action.setShortcuts(shortcuts)
        action.setToolTip(f"{text} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


class ColumnFooter(QWidget):
    """A totals row under a table: one text under each chosen column, aligned with it as columns move.

    It follows the table's header (widths, order, horizontal scrolling); ``set_values`` gives the label at the
    left and the text of each logical column.
    """

    def __init__(self, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnFooter")
        self._view = view
        self._label = ""
        self._values: dict[int, str] = {}
        self._tooltip = ""
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.setFont(font)
        self.setFixedHeight(self.fontMetrics().height() + 10)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#eceff1"))
        self.setPalette(palette)
        header = view.horizontalHeader()
        header.sectionResized.connect(lambda *_a: self.update())
        header.sectionMoved.connect(lambda *_a: self.update())
        header.geometriesChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())

    def set_values(self, label: str, values: dict[int, str], tooltip: str = "") -> None:
        """The label at the left and the text under each logical column."""
        self._label, self._values = label, dict(values)
        self.setToolTip(tooltip)
        self.update()

    def values(self) -> dict[int, str]:
        """The text under each logical column."""
        return dict(self._values)

    def label(self) -> str:
        """The label at the left."""
        return self._label

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Each value right-aligned under its column; the label in the room before the first value."""
        painter = QPainter(self)
        painter.setPen(QColor("#263238"))
        header = self._view.horizontalHeader()
        left = self._view.viewport().geometry().x()
        first = self.width()
        for column, text in self._values.items():
            if header.isSectionHidden(column):
                continue
            x = left + header.sectionViewportPosition(column)
            width = header.sectionSize(column)
            first = min(first, x)
            painter.drawText(
                QRect(x, 0, width - 6, self.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        if self._label:
            room = QRect(left + 6, 0, max(0, first - left - 12), self.height())
            shown = self.fontMetrics().elidedText(self._label, Qt.TextElideMode.ElideRight, room.width())
            painter.drawText(room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()

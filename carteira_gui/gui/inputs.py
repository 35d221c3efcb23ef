"""Inputs of the decision dialogs: a quantity/money spin box over ``Decimal``, and date pickers.

``QDoubleSpinBox`` holds a float: 0.1 + 0.2 is not 0.3 there, and a quantity typed by a planner must reach the
use case exactly as typed. ``DecimalSpinBox`` keeps a ``Decimal`` (3 places for quantities, 2 for money), reads
and writes it in the window's language (``1.234,5`` in pt-BR) and never rounds through a float.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from carteira_gui.gui.formatting import MINUS, fmt_money, fmt_qtd, language

#: The largest quantity a column ``Numeric(15,3)`` holds.
MAX_QTD = Decimal("999999999999.999")
_ALLOWED = frozenset("0123456789.,-" + MINUS)


def parse_number(text: str) -> Decimal | None:
    """A number typed in the window's language (``1.234,5`` in pt-BR, ``1,234.5`` in English); ``None`` if not one."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(MINUS, "-")
    if not cleaned:
        return None
    # pt-BR groups thousands with "." and writes decimals with ","; English the other way round.
    cleaned = cleaned.replace(".", "").replace(",", ".") if language() == "pt_BR" else cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _decimals(text: str) -> int:
    separator = "," if language() == "pt_BR" else "."
    return len(text.rsplit(separator, 1)[1]) if separator in text else 0


class DecimalSpinBox(QAbstractSpinBox):
    """A spin box over ``Decimal``: ``places`` decimal places, a minimum and a maximum, optionally empty.

    Arrow keys and the wheel step by 1; typing is checked as it happens (no letters, no more places than
    allowed); a value above the maximum is brought down to it when the planner leaves the box or presses Enter.
    """

    #: The value changed (``Decimal``, or ``None`` when empty is allowed and the box is empty).
    valueChanged = Signal(object)  # noqa: N815 - Qt's naming

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        places: int = 3,
        minimum: Decimal = Decimal(0),
        maximum: Decimal = MAX_QTD,
        allow_empty: bool = False,
    ) -> None:
        super().__init__(parent)
        self._places = places
        self._quantum = Decimal(1).scaleb(-places)
        self._minimum = minimum
        self._maximum = max(minimum, maximum)
        self._allow_empty = allow_empty
        self._value: Decimal | None = None if allow_empty else minimum
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAccelerated(True)
        self.setKeyboardTracking(True)
        self.lineEdit().textEdited.connect(self._on_edited)
        self.editingFinished.connect(self._commit)
        self._show(self._value)

    # -- value --------------------------------------------------------------------------------------

    def value(self) -> Decimal | None:
        """The value the box shows now (clamped), ``None`` only when empty is allowed and it is empty."""
        text = self.lineEdit().text()
        if not text.strip():
            return None if self._allow_empty else self._value
        typed = parse_number(text)
        return self._clamp(typed) if typed is not None else self._value

    def decimal(self) -> Decimal:
        """The value, 0 when empty."""
        value = self.value()
        return value if value is not None else Decimal(0)

    def setValue(self, value: Decimal | None) -> None:  # noqa: N802 - Qt's naming
        """Show ``value`` (clamped to the range and rounded to the places)."""
        new = None if value is None and self._allow_empty else self._clamp(value if value is not None else Decimal(0))
        self._show(new)
        self._set(new)

    def minimum(self) -> Decimal:
        """The smallest value."""
        return self._minimum

    def maximum(self) -> Decimal:
        """The largest value."""
        return self._maximum

    def setMaximum(self, maximum: Decimal) -> None:  # noqa: N802 - Qt's naming
        """Change the largest value (the value is clamped)."""
        self._maximum = max(self._minimum, maximum)
        if self._value is not None and self._value > self._maximum:
            self.setValue(self._maximum)

    def text_of(self, value: Decimal | None) -> str:
        """How ``value`` is written in the box."""
        if value is None:
            return ""
        return fmt_money(value) if self._places == 2 else fmt_qtd(value)

    # -- QAbstractSpinBox ---------------------------------------------------------------------------

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable when it reads as a number in range; letters and extra decimal places are refused."""
        if not text.strip():
            state = QValidator.State.Acceptable if self._allow_empty else QValidator.State.Intermediate
            return (state, text, pos)
        if any(ch not in _ALLOWED for ch in text.replace(" ", "")):
            return (QValidator.State.Invalid, text, pos)
        if _decimals(text) > self._places:
            return (QValidator.State.Invalid, text, pos)
        value = parse_number(text)
        if value is None or not self._minimum <= value <= self._maximum:
            return (QValidator.State.Intermediate, text, pos)
        return (QValidator.State.Acceptable, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        """Arrow keys, Page Up/Down and the wheel: ±1 per step."""
        self.setValue(self.decimal() + steps)
        self.lineEdit().selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt's name
        """Up while below the maximum, down while above the minimum."""
        value = self.decimal()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if value < self._maximum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if value > self._minimum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Wide enough for the maximum."""
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self.text_of(self._maximum) + "  ") + 36
        hint.setWidth(max(hint.width(), min(width, 180)))
        return hint

    # -- internals ----------------------------------------------------------------------------------

    def _clamp(self, value: Decimal) -> Decimal:
        rounded = value.quantize(self._quantum, rounding=ROUND_HALF_UP)
        return min(max(rounded, self._minimum), self._maximum)

    def _show(self, value: Decimal | None) -> None:
        self.lineEdit().setText(self.text_of(value))

    def _set(self, value: Decimal | None) -> None:
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _on_edited(self, text: str) -> None:
        if not text.strip() and self._allow_empty:
            self._set(None)
            return
        typed = parse_number(text)
        if typed is not None:
            self._set(self._clamp(typed))

    def _commit(self) -> None:
        value = self.value()
        self._show(value)
        self._set(value)


def to_qdate(value: date) -> QDate:
    """A ``QDate`` of ``value``."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    """The ``date`` of a ``QDate``."""
    return date(value.year(), value.month(), value.day())


def today() -> date:
    """The planner's calendar day."""
    return date.today()


def tomorrow() -> date:
    """The default shipping date of a new allocation."""
    return today() + timedelta(days=1)


def date_edit(value: date, name: str, *, minimum: date | None = None) -> QDateEdit:
    """A date picker with a calendar popup, in the window's date format."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy" if language() == "pt_BR" else "yyyy-MM-dd")
    if minimum is not None:
        edit.setMinimumDate(to_qdate(minimum))
    edit.setDate(to_qdate(value))
    return edit

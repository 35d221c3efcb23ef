"""pt-BR rendering and spreadsheet safety shared by the report writers.

Numbers use the decimal comma of a Brazilian Excel; dates are ``dd/mm/yyyy`` in the planner's local time
(storage is UTC, DESIGN.md). Text that came from Odoo was typed by people, so every text cell is cleaned of
control characters that XML cannot hold and neutralised when a spreadsheet would read it as a formula.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from carteira_gui.domain.quantities import fmt_qtd

#: First characters that make Excel, LibreOffice or Google Sheets evaluate a cell (OWASP "CSV injection"),
#: plus their full-width forms, which some East Asian Excel builds also accept as a formula start.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# XML 1.0 forbids these; openpyxl raises on them and a PDF would show garbage. Tab, LF and CR are legal.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_REPLACEMENT = "\ufffd"

EMPTY_FIELD = "(vazio)"


def clean_text(value: str) -> str:
    """``value`` with characters that no report format can hold replaced by U+FFFD (nothing is dropped)."""
    return _CONTROL_CHARS.sub(_REPLACEMENT, value)


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would evaluate ``value`` typed into a cell."""
    return value.startswith(FORMULA_TRIGGERS)


#: What a CSV text cell that a spreadsheet would run as a formula starts with: ZERO WIDTH SPACE. The cell then
#: no longer starts with a formula trigger — Excel, LibreOffice and Google Sheets read it as text — and the
#: planner sees exactly the original text (an apostrophe, the usual mark, is shown as part of the text when
#: Excel opens a CSV). Not a whitespace character: no spreadsheet trims it away on import.
NEUTRAL_MARK = "\u200b"


def neutralise(value: str) -> str:
    """``value`` behind ``NEUTRAL_MARK`` when a spreadsheet would run it as a formula; otherwise untouched.

    Only text cells are neutralised (numbers are written as numbers), and only when needed, so ordinary
    names stay byte for byte what Odoo sent.
    """
    return NEUTRAL_MARK + value if is_formula_like(value) else value


def decimal_br(value: Decimal, *, grouping: bool = False) -> str:
    """A decimal in pt-BR: ``1234,5``; ``1.234,5`` with ``grouping``; no trailing zeros, never an exponent.

    Without grouping the text is what a Brazilian Excel parses as a number (a thousands dot would be read
    as part of a date or refused), which is why the CSV writer never groups.
    """
    return fmt_qtd(value, thousands="." if grouping else None)


def int_br(value: int) -> str:
    """A count for people, grouped in thousands: ``100.000``."""
    return f"{value:,}".replace(",", ".")


def signed_decimal_br(value: Decimal, *, grouping: bool = False) -> str:
    """A delta for people: ``+20``, ``−12,5`` (true minus sign), ``0``."""
    if value > 0:
        return "+" + decimal_br(value, grouping=grouping)
    if value < 0:
        return "−" + decimal_br(-value, grouping=grouping)
    return "0"


def date_br(value: date) -> str:
    """``dd/mm/yyyy``."""
    return value.strftime("%d/%m/%Y")


def local_naive(value: datetime) -> datetime:
    """A stored moment in the computer's local time, without tzinfo (spreadsheets have no time zones)."""
    if value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


def datetime_br(value: datetime) -> str:
    """``dd/mm/yyyy HH:MM`` in local time."""
    return local_naive(value).strftime("%d/%m/%Y %H:%M")


def seconds_br(value: float) -> str:
    """A duration in seconds with 2 decimals and a comma: ``1,25``."""
    return f"{value:.2f}".replace(".", ",")


def duration_br(seconds: float) -> str:
    """How long a sync took, as the window's History shows it: ``5 ms``, ``1,2 s``, ``2 min 05 s``.

    The same rule as ``gui.formatting.fmt_duration`` (a test holds them together): milliseconds below one
    second, seconds with one decimal below a minute, then minutes and whole seconds.
    """
    if seconds < 0.001:
        return "< 1 ms"
    if seconds < 1:
        return f"{min(999, round(seconds * 1000))} ms"
    if seconds < 59.95:
        return f"{seconds:.1f} s".replace(".", ",")
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def pct_br(value: float) -> str:
    """A percentage limit with the decimal comma and no needless zeros: ``20``, ``12,5``."""
    return f"{value:g}".replace(".", ",")

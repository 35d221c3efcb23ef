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


def neutralise(value: str) -> str:
    """``value`` prefixed with an apostrophe when a spreadsheet would run it as a formula.

    The apostrophe is the convention every spreadsheet knows for "this is text"; it is only added when
    needed, so ordinary names stay untouched.
    """
    return "'" + value if is_formula_like(value) else value


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

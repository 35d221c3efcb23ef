"""The one way quantities become text: pt-BR by default (``1.234,5``), no trailing zeros, never a float.

The planner's alert messages, the command line, the reports and the window all write quantities through
``fmt_qtd``; the window passes the separators of its language.
"""

from __future__ import annotations

from decimal import Decimal

_DEFAULT_DECIMAL = ","
_DEFAULT_THOUSANDS = "."


def fmt_qtd(
    value: Decimal,
    *,
    decimal: str = _DEFAULT_DECIMAL,
    thousands: str | None = _DEFAULT_THOUSANDS,
    minus: str = "-",
) -> str:
    """``value`` as text: ``1.234,5`` (pt-BR), ``0,125``, ``100``; ``thousands=None`` leaves digits ungrouped.

    Rounding is the caller's (quantities are already 3-place ``Decimal``s); a zero that rounding made
    negative (``-0,000``) is written ``0``.
    """
    text = f"{value:f}"
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    integer, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if thousands:
        integer = f"{int(integer):,}".replace(",", thousands)
    result = integer + (decimal + fraction if fraction else "")
    if negative and result.strip("0" + decimal + (thousands or "")):
        return minus + result
    return result

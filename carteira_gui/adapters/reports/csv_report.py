"""The change report as a CSV that a pt-BR Excel opens right by double-click.

Encoding and syntax: UTF-8 with BOM (Excel needs the BOM to read UTF-8), ``;`` as separator (the list
separator of a Brazilian Windows), CRLF line ends, decimal comma without thousands separator (``1234,5``),
dates ``dd/mm/yyyy`` and moments ``dd/mm/yyyy HH:MM`` in local time.

Layout: three sections, each starting with its own header row and separated by one empty row, so that row 1
is the header of the main table and Excel's filter works on it directly:

1. the changes — ``Tipo`` (REDUÇÃO, AUMENTO, NOVO, REMOVIDO, ALTERADO) followed by ``model.CHANGE_HEADERS``;
   kinds in that order, most severe lines first within a kind;
2. the alerts — ``model.ALERT_HEADERS``;
3. the summary — ``Resumo;Valor`` and one row per fact, count and note.

Safety: a text cell that a spreadsheet would run as a formula (starts with ``=``, ``+``, ``-``, ``@``, tab or
CR) is prefixed with an apostrophe; numbers are written as numbers and never touched.
Known limit of the format: Excel still turns a purely numeric code with leading zeros (``00123``) into a
number; the XLSX report keeps such codes as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

from carteira_gui.adapters.reports.formatting import clean_text, datetime_br, decimal_br, neutralise
from carteira_gui.adapters.reports.model import (
    ALERT_HEADERS,
    CHANGE_HEADERS,
    KIND_LABELS,
    Cell,
    ChangeReport,
)

DELIMITER = ";"
ENCODING = "utf-8-sig"


def csv_cell(value: Cell) -> str:
    """One value as CSV text for a pt-BR Excel; only text is ever neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, Decimal):
        return decimal_br(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal_br(Decimal(repr(value)))
    if isinstance(value, datetime):
        return datetime_br(value)
    return neutralise(clean_text(value))


def _rows(report: ChangeReport) -> Iterable[list[str]]:
    yield ["Tipo", *CHANGE_HEADERS]
    for tipo, lines in report.groups():
        for line in lines:
            yield [csv_cell(KIND_LABELS[tipo]), *(csv_cell(v) for v in line.cells())]
    yield []
    yield list(ALERT_HEADERS)
    for alert in report.alerts:
        yield [csv_cell(v) for v in alert.cells()]
    yield []
    yield ["Resumo", "Valor"]
    for label, value in report.summary_rows():
        yield [csv_cell(label), csv_cell(value)]


def write_csv(report: ChangeReport, stream: BinaryIO) -> None:
    """Write ``report`` to a binary stream as described in the module docstring."""
    text = io.TextIOWrapper(stream, encoding=ENCODING, newline="")
    try:
        writer = csv.writer(text, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerows(_rows(report))
        text.flush()
    finally:
        # The caller owns the binary stream (it still has to fsync and close it).
        text.detach()

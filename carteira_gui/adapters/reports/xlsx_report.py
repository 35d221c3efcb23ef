"""The change report as an XLSX workbook (openpyxl).

Sheets: "Resumo" (facts, counts per kind and per alert level, notes), one sheet per kind, destructive first and
named with the kind's one word ("Removida", "Redução", "Aumento", "Nova", "Alterada" — always present, possibly
with the header only) and "Alertas".
Every sheet has a bold, filled header, the first row frozen, an autofilter over the table, widths fitted to
the content and landscape printing with the header repeated on every page.

Quantities are stored as numbers with a 3-decimal number format, which Excel displays with the reader's own
separators. The cells get the ``Decimal`` itself: openpyxl prints it with 16 significant digits, exact for any
``Numeric(15,3)`` quantity, so no rounding step is needed here (Excel itself holds doubles anyway).
Moments are local, naive datetimes (Excel has no time zones) with a ``dd/mm/yyyy hh:mm`` format.

Safety: every text cell is stored as a string — never a formula — even when it starts with ``=``; such a cell
also gets Excel's "quote prefix" style, the flag Excel sets for text typed with a leading apostrophe, so
editing the cell does not turn it into a formula either. The value itself stays the original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, BinaryIO

# openpyxl ships no type information and the project does not install its stubs; "unused-ignore" keeps
# mypy quiet if the stubs are added later.
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped,unused-ignore]
from openpyxl.cell.cell import Cell as XlCell  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet._write_only import (  # type: ignore[import-untyped,unused-ignore]
    WriteOnlyWorksheet,
)
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped,unused-ignore]

from carteira_gui.adapters.reports.formatting import (
    clean_text,
    datetime_br,
    decimal_br,
    is_formula_like,
    local_naive,
)
from carteira_gui.adapters.reports.model import (
    ALERT_HEADERS,
    CHANGE_HEADERS,
    KIND_TITLES,
    LEVEL_LABELS,
    Cell,
    ChangeReport,
)

QTD_FORMAT = "#,##0.000"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
SECONDS_FORMAT = "0.000"
#: Excel refuses a cell longer than this (it "repairs" the file and drops the text).
MAX_CELL_CHARS = 32767
MIN_WIDTH = 8
MAX_WIDTH = 60

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="1F4E78", end_color="1F4E78")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
_LEVEL_STYLES: dict[str, tuple[Font, PatternFill]] = {
    LEVEL_LABELS["CRITICO"]: (
        Font(bold=True, color="9C0006"),
        PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"),
    ),
    LEVEL_LABELS["ATENCAO"]: (
        Font(color="9C5700"),
        PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C"),
    ),
}


def _text(value: str) -> str:
    text = clean_text(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def _cell(ws: WriteOnlyWorksheet, value: Cell) -> XlCell:
    """A styled cell for ``value`` (used where a plain value would not do)."""
    if isinstance(value, str):
        text = _text(value)
        cell: XlCell = WriteOnlyCell(ws, value=text)
        # openpyxl turns any str starting with "=" into a formula; a text from Odoo must stay text.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=local_naive(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    # openpyxl accepts Decimal (its typing stubs only mention float) and prints it with 16 significant
    # digits: exact for Numeric(15,3), so the quantity is not converted here.
    number: Any = value
    cell = WriteOnlyCell(ws, value=number)
    if isinstance(value, Decimal):
        cell.number_format = QTD_FORMAT
    elif isinstance(value, float):
        cell.number_format = SECONDS_FORMAT
    return cell


def _value(ws: WriteOnlyWorksheet, value: Cell) -> object:
    """What to append for ``value``: the plain value when openpyxl stores it right unstyled, else a cell.

    Plain values are several times cheaper to write than cell objects, which matters for a report of
    100,000 lines; only text that looks like a formula, quantities and moments need a cell.
    """
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        text = _text(value)
        if not is_formula_like(text):
            # openpyxl stores any other str as a string (it never guesses numbers or dates from text).
            return text
    return _cell(ws, value)


def _display_len(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        # Shown with grouping and 3 decimals ("1.234,500"); a little room for the filter button.
        return len(decimal_br(value, grouping=True)) + 4
    if isinstance(value, datetime):
        return len(datetime_br(value))
    if isinstance(value, str):
        return max((len(part) for part in value.splitlines()), default=0)
    return len(str(value))


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    widths = [len(h) + 4 for h in headers]  # + room for the autofilter arrow
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _display_len(value) + 2)
    return [float(min(max(w, MIN_WIDTH), MAX_WIDTH)) for w in widths]


def _add_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    level_column: int | None = None,
) -> None:
    # A write-only sheet gets its layout attributes (column_dimensions, auto_filter, page_setup...) at run
    # time from a hidden regular sheet; openpyxl's typing stubs do not declare them.
    ws: Any = wb.create_sheet(title)
    last_col = get_column_letter(len(headers))
    # A write-only sheet takes its layout before the first row is written.
    for i, width in enumerate(_widths(headers, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    header_cells = []
    for header in headers:
        cell = _cell(ws, header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        cells = [_value(ws, value) for value in row]
        if level_column is not None:
            style = _LEVEL_STYLES.get(str(row[level_column]))
            if style is not None:
                level = _cell(ws, row[level_column])
                level.font, level.fill = style
                cells[level_column] = level
        ws.append(cells)


def write_xlsx(report: ChangeReport, stream: BinaryIO) -> None:
    """Write ``report`` as an XLSX workbook to a binary stream (layout in the module docstring)."""
    # Write-only mode streams rows to disk: a report of 100,000 lines stays fast and small in memory.
    wb = Workbook(write_only=True)
    wb.properties.title = report.title
    wb.properties.creator = "Carteira Sync"
    _add_sheet(wb, "Resumo", ("Informação", "Valor"), report.summary_rows())
    for tipo, lines in report.groups():
        _add_sheet(wb, KIND_TITLES[tipo], CHANGE_HEADERS, [line.cells() for line in lines], level_column=0)
    _add_sheet(wb, "Alertas", ALERT_HEADERS, [a.cells() for a in report.alerts], level_column=1)
    wb.save(stream)

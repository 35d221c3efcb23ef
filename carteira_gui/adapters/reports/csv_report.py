"""The change report as a CSV that a pt-BR Excel opens right by double-click: one table, one row per line.

Encoding and syntax: UTF-8 with BOM (Excel needs the BOM to read UTF-8), ``;`` as separator (the list
separator of a Brazilian Windows), CRLF line ends, decimal comma without thousands separator (``1234,5``),
plain ASCII minus (``-20``, never U+2212, which Excel does not read as a sign), moments ``dd/mm/yyyy HH:MM``
in local time.

Layout: **one table** — the header in row 1, then one row per changed line, and nothing else — so that Excel's
filter, sort and pivot tables work on the whole file. Columns: ``Tipo`` (the kind's one word: Removida,
Redução, Aumento, Nova, Alterada — the window's words), ``model.CHANGE_HEADERS``, ``Alertas`` (the line's alerts,
most severe first: ``CRÍTICO: <mensagem>``, with who acknowledged them) and ``Sincronização`` (the run's number,
or "plano não aplicado"), so that CSVs of several syncs can be stacked. Kinds come destructive first, the
most severe lines first within a kind. The summary (who, when, counts) and the alerts as a table of their own
are in the XLSX ("Resumo", "Alertas") and the PDF.

Safety: a text cell that a spreadsheet would run as a formula (starts with ``=``, ``+``, ``-``, ``@``, tab or
CR, or their full-width forms) starts with an invisible ZERO WIDTH SPACE (``formatting.neutralise``): it
reads as the original text and is never evaluated. Numbers are written as numbers and never touched.
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
    CHANGE_HEADERS,
    KIND_LABELS,
    Cell,
    ChangeReport,
    ReportAlert,
)

DELIMITER = ";"
ENCODING = "utf-8-sig"
#: The header row: the kind, the columns of a change line, the line's alerts and the sync.
HEADERS: tuple[str, ...] = ("Tipo", *CHANGE_HEADERS, "Alertas", "Sincronização")
#: What the "Sincronização" column says for a plan that was not applied.
PLAN_NOT_APPLIED = "plano não aplicado"

_TRUE_MINUS = "\u2212"


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


def _alert_text(alert: ReportAlert) -> str:
    text = f"{alert.nivel_label}: {alert.mensagem}"
    if alert.reconhecido_em is not None:
        text += f" (reconhecido por {alert.reconhecido_por or ''} em {datetime_br(alert.reconhecido_em)})"
    return text


def _rows(report: ChangeReport) -> Iterable[list[str]]:
    alerts: dict[tuple[str, str], list[str]] = {}
    for alert in report.alerts:  # most severe first already
        alerts.setdefault((alert.num_pedido, alert.cod_produto), []).append(_alert_text(alert))
    sync = csv_cell(report.run_id) if report.run_id is not None else PLAN_NOT_APPLIED
    impact_column = CHANGE_HEADERS.index("Impacto")
    yield list(HEADERS)
    for tipo, lines in report.groups():
        kind = csv_cell(KIND_LABELS[tipo])
        for line in lines:
            values: list[Cell] = list(line.cells())
            # Our own text, rendered with the window's true minus: ASCII here, as the number columns.
            impact = values[impact_column]
            if isinstance(impact, str):
                values[impact_column] = impact.replace(_TRUE_MINUS, "-")
            line_alerts = " | ".join(alerts.get((line.num_pedido, line.cod_produto), ()))
            yield [kind, *(csv_cell(v) for v in values), csv_cell(line_alerts), sync]


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

"""Change reports of a sync (or of a reviewed, unapplied plan) as CSV, XLSX and PDF.

``FileReportWriter`` implements the services' ``ReportWriter`` port: it builds a ``ChangeReport`` with
``report_from_run`` or ``report_from_plan`` and writes it with ``write_report``.

Every writer is safe against formula injection (text from Odoo never runs in a spreadsheet) and writes
atomically (a failure leaves no half-written file and raises ``CarteiraError``).
"""

from carteira_gui.adapters.reports.csv_report import write_csv
from carteira_gui.adapters.reports.formatting import neutralise
from carteira_gui.adapters.reports.model import (
    ChangeReport,
    ReportAlert,
    ReportLine,
    impact_line,
    report_from_plan,
    report_from_run,
)
from carteira_gui.adapters.reports.output import FORMATS, FileReportWriter, write_report
from carteira_gui.adapters.reports.pdf_report import write_pdf
from carteira_gui.adapters.reports.xlsx_report import write_xlsx

__all__ = [
    "FORMATS",
    "ChangeReport",
    "FileReportWriter",
    "ReportAlert",
    "ReportLine",
    "impact_line",
    "neutralise",
    "report_from_plan",
    "report_from_run",
    "write_csv",
    "write_pdf",
    "write_report",
    "write_xlsx",
]

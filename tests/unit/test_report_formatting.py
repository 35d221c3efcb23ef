"""pt-BR rendering, formula neutralisation and impact text of the change reports (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from carteira_gui.adapters.reports import impact_line, neutralise, report_from_plan
from carteira_gui.adapters.reports.csv_report import csv_cell
from carteira_gui.adapters.reports.formatting import (
    FORMULA_TRIGGERS,
    NEUTRAL_MARK,
    clean_text,
    decimal_br,
    duration_br,
    signed_decimal_br,
)
from carteira_gui.adapters.reports.model import campos_texts
from carteira_gui.domain.planner import plan_sync

from .builders import line, pre, sep, snapshot, source


@pytest.mark.parametrize(
    ("value", "plain", "grouped"),
    [
        ("1234.500", "1234,5", "1.234,5"),
        ("100.000", "100", "100"),
        ("0.125", "0,125", "0,125"),
        ("-20.000", "-20", "-20"),
        ("-1234567.250", "-1234567,25", "-1.234.567,25"),
        ("-0.000", "0", "0"),
        ("1E+3", "1000", "1.000"),
        ("999999999999.999", "999999999999,999", "999.999.999.999,999"),
    ],
)
def test_decimals_are_written_with_the_decimal_comma(value: str, plain: str, grouped: str) -> None:
    assert decimal_br(Decimal(value)) == plain
    assert decimal_br(Decimal(value), grouping=True) == grouped


def test_deltas_for_people_carry_a_sign() -> None:
    assert signed_decimal_br(Decimal("20")) == "+20"
    assert signed_decimal_br(Decimal("-12.500")) == "−12,5"
    assert signed_decimal_br(Decimal("0.000")) == "0"


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "＝1+1"],
)
def test_text_a_spreadsheet_would_run_starts_with_an_invisible_mark_not_an_apostrophe(text: str) -> None:
    assert neutralise(text) == NEUTRAL_MARK + text
    assert not neutralise(text).startswith(FORMULA_TRIGGERS)
    assert csv_cell(text) == NEUTRAL_MARK + text.replace("\r", "\r")
    assert not NEUTRAL_MARK.isspace()  # no spreadsheet trims it away on import


@pytest.mark.parametrize("text", ["Distribuidora São João", "", "a=b", " =1", "'já citado", "−20 livre"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_numbers_are_never_neutralised_in_csv() -> None:
    assert csv_cell(Decimal("-20.000")) == "-20"
    assert csv_cell(Decimal("1234.500")) == "1234,5"
    assert csv_cell(-3) == "-3"
    assert csv_cell(None) == ""


def test_control_characters_are_replaced_not_dropped() -> None:
    assert clean_text("a\x00b\x1bc\td\ne\rf") == "a\ufffdb\ufffdc\td\ne\rf"


def test_changed_fields_read_as_before_and_after_in_pt_br() -> None:
    texts = campos_texts(
        {
            "cliente": ["Antiga", "Nova"],
            "data_entrega": ["2026-12-01", None],
            "preco": [10, 12.5],
            "data_pedido": [date(2026, 1, 2), date(2026, 1, 3)],
        }
    )
    assert texts == (
        "cliente: Antiga → Nova",
        "data de entrega: 01/12/2026 → (vazio)",
        "preço: 10 → 12,5",
        "data do pedido: 02/01/2026 → 03/01/2026",
    )


def _plan():  # type: ignore[no-untyped-def]
    before = snapshot(
        line("PED001", "PROD001", 100),
        pre(7, "PED001", "PROD001", 30),
        pre(12, "PED001", "PROD001", 10, minutes=5),
        sep(3, "PED001", "PROD001", 40, "COTADO", lote="LOTE-7"),
        line("PED002", "PROD001", "200.5"),
        sep(4, "PED002", "PROD001", 100, "EMBARCADO", lote="LOTE-9"),
    )
    odoo = source(("PED001", "PROD001", 15), ("PED002", "PROD001", "50.25"))
    return plan_sync(before, odoo)


def test_impact_line_matches_the_command_line_for_a_planned_change() -> None:
    from carteira_gui.cli import impact_line as cli_impact_line

    for change in _plan().changes:
        assert impact_line(change) == cli_impact_line(change)


def test_impact_line_in_pt_br_names_every_allocation_touched() -> None:
    plan = _plan()
    by_key = {c.key: c for c in plan.changes}
    assert impact_line(by_key[("PED001", "PROD001")], decimal_comma=True) == (
        "−20 livre; −10 pré-sep #12 (excluída); −30 pré-sep #7 (excluída); −25 LOTE-7 COTADO"
    )
    assert impact_line(by_key[("PED002", "PROD001")], decimal_comma=True) == "−100,5 livre; 49,75 não coberto"


def test_plan_report_puts_critical_lines_first_and_counts_alerts() -> None:
    before = snapshot(
        line("PED000", "PROD001", 10),
        line("PED001", "PROD001", 100),
        sep(3, "PED001", "PROD001", 100, "COTADO", lote="LOTE-7"),
    )
    plan = plan_sync(before, source(("PED000", "PROD001", 5), ("PED001", "PROD001", 60)))
    report = report_from_plan(plan, usuario="ana")
    assert [(r.num_pedido, r.nivel) for r in report.group("REDUCAO")] == [("PED001", "CRITICO"), ("PED000", None)]
    assert report.alert_counts["CRITICO"] == len(report.alerts) == 1
    assert report.alerts[0].lote == "LOTE-7"
    assert (report.lines_before, report.lines_after) == (2, 2)
    assert report.delta_total == Decimal(-45)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0004, "< 1 ms"),
        (0.005, "5 ms"),
        (0.9996, "999 ms"),
        (1.25, "1,2 s"),
        (59.96, "1 min 00 s"),
        (125.4, "2 min 05 s"),
    ],
)
def test_a_duration_reads_the_same_way_in_every_report(seconds: float, text: str) -> None:
    assert duration_br(seconds) == text


def test_the_kinds_have_one_word_each_and_come_destructive_first() -> None:
    from carteira_gui.adapters.reports.model import ALERT_KIND_LABELS, KIND_LABELS, KIND_TITLES, KINDS

    assert KINDS == ("REMOVIDO", "REDUCAO", "AUMENTO", "NOVO", "ALTERADO")
    assert [KIND_LABELS[k] for k in KINDS] == ["Removida", "Redução", "Aumento", "Nova", "Alterada"]
    assert KIND_TITLES == KIND_LABELS
    assert ALERT_KIND_LABELS["REMOCAO"] == KIND_LABELS["REMOVIDO"]
    assert ALERT_KIND_LABELS["REDUCAO"] == KIND_LABELS["REDUCAO"]

"""The alert texts a planner reads: pt-BR numbers (decimal comma, grouped thousands) and plain wording."""

from __future__ import annotations

import re

from carteira_gui.domain.alerts import OpenAlert, merge_alerts
from carteira_gui.domain.model import Nivel
from carteira_gui.domain.planner import plan_sync

from .builders import d, line, pre, sep, snapshot, source

#: A fraction written the English way ("22.5", "30.25"): one or two digits after a point cannot be a pt-BR
#: thousands group ("1.234,5").
DECIMAL_POINT = re.compile(r"\d\.\d{1,2}(?!\d)")


def _messages() -> list[str]:
    before = snapshot(
        line("PED001", "PROD001", "1234.5"),
        pre(7, "PED001", "PROD001", "7.5"),
        pre(8, "PED001", "PROD001", "12.25", minutes=5),
        sep(3, "PED001", "PROD001", 30, "COTADO", lote="LOTE-20261101-0001"),
        sep(4, "PED001", "PROD001", "10.5", "ABERTO", lote="LOTE-20261101-0002"),
        line("PED002", "PROD001", "40.5"),
        sep(5, "PED002", "PROD001", "30.25", "EMBARCADO", lote="LOTE-20261101-0003"),
        line("PED003", "PROD001", 50),
        sep(6, "PED003", "PROD001", "20.5", "EMBARCADO", lote="LOTE-20261101-0004"),
        line("PED004", "PROD001", "10.5"),
        pre(9, "PED004", "PROD001", "10.5", tipo="total"),
        line("PED005", "PROD001", 20),
        sep(10, "PED005", "PROD001", "7.5", "COTADO", lote="LOTE-20261101-0005"),
    )
    odoo = source(
        ("PED001", "PROD001", "22.5"),
        ("PED002", "PROD001", "12.5"),
        ("PED004", "PROD001", "1012.75"),
        ("PED005", "PROD001", "27.5"),
    )
    plan = plan_sync(before, odoo)
    return [a.mensagem for c in plan.changes for a in c.alertas]


def test_every_alert_text_writes_its_numbers_the_pt_br_way() -> None:
    messages = _messages()
    assert len(messages) >= 6
    joined = "\n".join(messages)
    assert not DECIMAL_POINT.search(joined), joined
    assert "1.234,5 → 22,5" in joined  # thousands grouped, decimal comma
    assert "10,5 → 0" in joined
    assert "10,5 → 1.012,75" in joined


def test_a_merged_alert_says_where_it_started_in_pt_br() -> None:
    before = snapshot(line("PED001", "PROD001", 100), sep(3, "PED001", "PROD001", "60.5", "COTADO"))
    [alert] = [a for c in plan_sync(before, source(("PED001", "PROD001", "22.5"))).changes for a in c.alertas]
    opened = OpenAlert(1, 3, None, "PED001", "PROD001", "REDUCAO", Nivel.CRITICO, d("75.25"))
    [update] = merge_alerts([opened], [alert]).updates
    assert update.mensagem.endswith("Desde o primeiro alerta: 75,25 → 22,5.")


def test_a_line_removed_after_loading_says_so_without_saying_it_was_reduced_to_zero() -> None:
    messages = _messages()
    removed = next(m for m in messages if m.startswith("PED003/PROD001"))
    assert removed == "PED003/PROD001 removida do Odoo com 20,5 já embarcado: 20,5 sem cobertura."
    assert "para 0" not in removed
    reduced = next(m for m in messages if m.startswith("PED002/PROD001"))
    assert reduced == (
        "PED002/PROD001 reduzida no Odoo para 12,5, abaixo do que já foi embarcado (30,25): 17,75 sem cobertura."
    )

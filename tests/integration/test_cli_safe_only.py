"""``apply --safe-only``: the unattended sync of the command, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from .cli_helpers import Cli

STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "P1", "cod_produto": "A", "qtd_saldo": 100},
        {"num_pedido": "P1", "cod_produto": "B", "qtd_saldo": 50},
        {"num_pedido": "P2", "cod_produto": "A", "qtd_saldo": 10},
    ],
    "separacoes": [{"lote": "L1", "num_pedido": "P1", "cod_produto": "A", "qtd": 80, "status": "COTADO"}],
}
TODAY: list[dict[str, Any]] = [
    {"num_pedido": "P1", "cod_produto": "A", "qtd_saldo": 60},  # hits the COTADO lote: held
    {"num_pedido": "P1", "cod_produto": "B", "qtd_saldo": 40},  # covered by the saldo livre: safe
    {"num_pedido": "P2", "cod_produto": "A", "qtd_saldo": 12},  # to the saldo livre: safe
    {"num_pedido": "P3", "cod_produto": "N", "qtd_saldo": 5},  # a new order: safe
]


@pytest.fixture
def cli(db_url: str, tmp_path, capsys) -> Cli:
    runner = Cli(db_url, tmp_path, capsys)
    assert runner("seed", runner.file(STATE)).code == 0
    return runner


def _qtd(state: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(r["num_pedido"], r["cod_produto"]): r["qtd_saldo"] for r in state["carteira"]}


def test_safe_changes_go_in_and_the_critico_line_waits_for_a_planner_exit_5(cli: Cli) -> None:
    result = cli("apply", "--source", cli.file(TODAY), "--safe-only")
    assert result.code == 5, result.err
    assert "Sincronização automática #1 aplicada" in result.out
    assert "1 mudança(s) retida(s)" in result.out
    assert "P1/A: 100 → 60 — gera alerta CRÍTICO" in result.out
    state = cli.state()
    assert _qtd(state) == {("P1", "A"): 100, ("P1", "B"): 40, ("P2", "A"): 12, ("P3", "N"): 5}
    assert [s["qtd"] for s in state["separacoes"]] == [80]
    assert state["alertas"] == []
    [run] = cli("history", "--json").json()
    assert (run["automatico"], run["retidas"], run["usuario"]) == (True, 1, "sincronização automática")
    # The held change is in the next plan, and a planner's full apply takes it.
    plan = cli("plan", "--source", cli.file(TODAY), "--json")
    assert plan.code == 2
    assert [(c["tipo"], c["num_pedido"], c["cod_produto"]) for c in plan.json()["changes"]] == [("REDUCAO", "P1", "A")]
    applied = cli("apply", "--source", cli.file(TODAY), "--yes", "--by", "ana")
    assert applied.code == 0, applied.err
    state = cli.state()
    assert _qtd(state)[("P1", "A")] == 60
    assert [a["nivel"] for a in state["alertas"]] == ["CRITICO"]


def test_nothing_held_exits_0_and_a_second_run_applies_nothing(cli: Cli) -> None:
    harmless = [row for row in TODAY if row["cod_produto"] != "A" or row["num_pedido"] != "P1"]
    harmless.append({"num_pedido": "P1", "cod_produto": "A", "qtd_saldo": 100})
    first = cli("apply", "--source", cli.file(harmless), "--safe-only", "--json")
    assert first.code == 0, first.err
    assert first.json()["retidas"] == []
    again = cli("apply", "--source", cli.file(harmless), "--safe-only")
    assert again.code == 0
    assert "Nada seguro a aplicar" in again.out
    assert len(cli("history", "--json").json()) == 1


def test_a_mass_removal_applies_nothing_and_exits_4(cli: Cli) -> None:
    before = cli.state()
    result = cli("apply", "--source", cli.file([]), "--safe-only")
    assert result.code == 4
    assert "não devolveu nenhuma" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert cli.state() == before


def test_safe_only_with_a_saved_plan_is_a_usage_error(cli: Cli) -> None:
    saved = cli.folder / "plano.json"
    assert cli("plan", "--source", cli.file(TODAY), "--out", saved).code == 2
    result = cli("apply", "--plan", saved, "--safe-only")
    assert result.code == 1
    assert "--safe-only" in result.err


def test_the_held_changes_are_recorded_with_the_automatic_run(cli: Cli, tmp_path) -> None:
    assert cli("apply", "--source", cli.file(TODAY), "--safe-only", "--by", "robô").code == 5
    report = tmp_path / "r.csv"
    assert cli("report", "--format", "csv", "--output", report).code == 0
    [run] = cli("history", "--json").json()
    assert run["usuario"] == "robô"

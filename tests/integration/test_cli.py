"""The ``carteira-sync`` command as docs/comando.md specifies it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy

import pytest

from .cli_helpers import WORKED_SOURCE, WORKED_STATE, Cli


@pytest.fixture
def cli(db_url, tmp_path, capsys) -> Cli:
    return Cli(db_url, tmp_path, capsys)


@pytest.fixture
def seeded(cli) -> Cli:
    assert cli("seed", cli.file(WORKED_STATE)).code == 0
    return cli


def test_seed_then_state_round_trips_the_document(cli):
    assert cli("seed", cli.file(WORKED_STATE)).code == 0
    state = cli.state()
    assert state["alertas"] == []
    assert [(r["num_pedido"], r["cod_produto"], r["qtd_saldo"], r["cliente"]) for r in state["carteira"]] == [
        ("PED001", "PROD001", 100, "Cliente A"),
        ("PED001", "PROD002", 50, None),
        ("PED002", "PROD001", 200, None),
    ]
    assert state["pre_separacoes"] == WORKED_STATE["pre_separacoes"]
    assert state["separacoes"] == WORKED_STATE["separacoes"]


def test_seed_refuses_a_database_with_data_unless_replace(seeded):
    other = {"carteira": [{"num_pedido": "X", "cod_produto": "Y", "qtd_saldo": "1.5"}]}
    refused = seeded("seed", seeded.file(other))
    assert refused.code == 1
    assert "--replace" in refused.err
    assert len(seeded.state()["carteira"]) == 3
    assert seeded("seed", seeded.file(other), "--replace").code == 0
    assert seeded.state()["carteira"][0]["qtd_saldo"] == 1.5


def test_seed_assigns_ids_to_allocations_without_one(cli):
    state = {
        "carteira": [{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 10}],
        "pre_separacoes": [
            {"id": 5, "num_pedido": "P", "cod_produto": "X", "qtd": 1},
            {"num_pedido": "P", "cod_produto": "X", "qtd": 2},
        ],
        "separacoes": [{"lote": "L", "num_pedido": "P", "cod_produto": "X", "qtd": 3, "status": "ABERTO"}],
    }
    assert cli("seed", cli.file(state)).code == 0
    out = cli.state()
    assert sorted(p["id"] for p in out["pre_separacoes"]) == [5, 6]
    assert out["separacoes"][0]["id"] >= 1
    assert {p["tipo_envio"] for p in out["pre_separacoes"]} == {"parcial"}


def test_plan_exits_2_with_changes_and_prints_the_contract_json(seeded):
    result = seeded("plan", "--source", seeded.file(WORKED_SOURCE), "--json")
    assert result.code == 2
    plan = result.json()
    assert plan["summary"] == {
        "REDUCAO": 1,
        "AUMENTO": 1,
        "NOVO": 1,
        "REMOVIDO": 1,
        "ALTERADO": 0,
        "INALTERADO": 0,
        "alertas": {"CRITICO": 1, "ATENCAO": 0, "INFO": 0},
    }
    removed = next(c for c in plan["changes"] if c["tipo"] == "REMOVIDO")
    assert {
        "alvo": "SEPARACAO",
        "id": 3,
        "lote": "LOTE-1",
        "status": "COTADO",
        "qtd_antes": 100,
        "qtd_depois": 0,
    } in removed["impactos"]
    [alerta] = removed["alertas"]
    assert (alerta["nivel"], alerta["tipo"], alerta["separacao_id"], alerta["lote"]) == (
        "CRITICO",
        "REMOCAO",
        3,
        "LOTE-1",
    )
    assert alerta["mensagem"]


def test_plan_exits_0_when_nothing_changes(seeded):
    same = [
        {"num_pedido": r["num_pedido"], "cod_produto": r["cod_produto"], "qtd_saldo": r["qtd_saldo"]}
        for r in WORKED_STATE["carteira"]
    ]
    result = seeded("plan", "--source", seeded.file(same))
    assert result.code == 0
    assert "Nada a mudar" in result.out


def test_apply_refuses_a_mass_removal_without_the_flag_and_changes_nothing(seeded):
    before = seeded.state()
    # Odoo answers with none of its lines: the confirmation is needed whatever the count.
    result = seeded("apply", "--source", seeded.file([]), "--yes")
    assert result.code == 4
    assert "--allow-mass-removal" in result.err
    assert "não devolveu nenhuma" in result.err
    assert seeded.state() == before


def test_removing_one_line_of_three_is_not_a_mass_removal(seeded):
    result = seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--yes")
    assert result.code == 0, result.err
    assert "1 removida(s)" in result.out


def test_apply_worked_example_gives_the_domain_result(seeded):
    result = seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--yes", "--allow-mass-removal", "--by", "ana")
    assert result.code == 0, result.err
    state = seeded.state()
    assert {(r["num_pedido"], r["cod_produto"]): r["qtd_saldo"] for r in state["carteira"]} == {
        ("PED001", "PROD001"): 80,
        ("PED001", "PROD002"): 70,
        ("PED003", "PROD001"): 30,
    }
    assert state["pre_separacoes"][0]["qtd"] == 30
    [cotado] = state["separacoes"]
    assert (cotado["id"], cotado["qtd"], cotado["status"]) == (3, 0, "COTADO")
    [alerta] = state["alertas"]
    assert (
        alerta["nivel"],
        alerta["tipo"],
        alerta["separacao_id"],
        alerta["qtd_anterior"],
        alerta["qtd_nova"],
    ) == (
        "CRITICO",
        "REMOCAO",
        3,
        100,
        0,
    )
    assert alerta["reconhecido_em"] is None
    history = seeded("history", "--json").json()
    assert len(history) == 1
    assert history[0]["usuario"] == "ana"
    assert history[0]["contagens"]["REMOVIDO"] == 1
    assert history[0]["alertas"]["CRITICO"] == 1


def test_applying_the_same_odoo_data_twice_changes_nothing(seeded):
    src = seeded.file(WORKED_SOURCE)
    assert seeded("apply", "--source", src, "--yes", "--allow-mass-removal").code == 0
    state = seeded.state()
    again = seeded("apply", "--source", src, "--yes")
    assert again.code == 0
    assert "Nada a aplicar" in again.out
    assert seeded.state() == state
    assert len(seeded("history", "--json").json()) == 1


def test_apply_writes_only_what_changed_keeping_row_identity(seeded):
    import sqlalchemy as sa

    engine = sa.create_engine(seeded.db_url.replace("postgresql://", "postgresql+psycopg://"))

    def ids():
        with engine.connect() as conn:
            return dict(
                ((r[1], r[2]), r[0]) for r in conn.exec_driver_sql("SELECT id, num_pedido, cod_produto FROM carteira")
            )

    before = ids()
    assert seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--yes", "--allow-mass-removal").code == 0
    after = ids()
    engine.dispose()
    assert after[("PED001", "PROD001")] == before[("PED001", "PROD001")]
    assert after[("PED001", "PROD002")] == before[("PED001", "PROD002")]
    assert ("PED002", "PROD001") not in after


def test_saved_plan_applies_later_and_a_stale_one_is_refused_naming_what_changed(seeded):
    plan_file = seeded.folder / "plan.json"
    assert seeded("plan", "--source", seeded.file(WORKED_SOURCE), "--out", plan_file).code == 2
    # Someone else applies another sync meanwhile: PED001/PROD001 drops to 90.
    other = [*copy.deepcopy(WORKED_SOURCE), {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200}]
    other[0]["qtd_saldo"] = 90
    assert seeded("apply", "--source", seeded.file(other), "--yes").code == 0
    state = seeded.state()
    refused = seeded("apply", "--plan", plan_file, "--yes", "--allow-mass-removal")
    assert refused.code == 3
    assert "PED001/PROD001" in refused.err
    assert "era 100 e agora é 90" in refused.err
    assert "Nada foi gravado" in refused.err
    assert seeded.state() == state


def test_saved_plan_applies_when_the_state_is_unchanged(seeded):
    plan_file = seeded.folder / "plan.json"
    assert seeded("plan", "--source", seeded.file(WORKED_SOURCE), "--out", plan_file).code == 2
    assert seeded("apply", "--plan", plan_file, "--yes", "--allow-mass-removal", "--by", "bia").code == 0
    assert seeded.state()["separacoes"][0]["qtd"] == 0


def test_open_alert_for_the_same_separation_is_updated_not_duplicated(cli):
    state = {
        "carteira": [{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 100}],
        "separacoes": [{"id": 1, "lote": "L1", "num_pedido": "P", "cod_produto": "X", "qtd": 100, "status": "COTADO"}],
    }
    assert cli("seed", cli.file(state)).code == 0
    assert (
        cli("apply", "--source", cli.file([{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 60}]), "--yes").code
        == 0
    )
    assert (
        cli("apply", "--source", cli.file([{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 20}]), "--yes").code
        == 0
    )
    [alerta] = cli("alerts", "--json").json()
    assert (alerta["qtd_anterior"], alerta["qtd_nova"], alerta["sync_id"]) == (100, 20, 2)
    assert "100 → 20" in alerta["mensagem"]
    # Once acknowledged, the next hit opens a new alert.
    assert cli("ack", str(alerta["id"]), "--by", "ana").code == 0
    assert (
        cli("apply", "--source", cli.file([{"num_pedido": "P", "cod_produto": "X", "qtd_saldo": 5}]), "--yes").code == 0
    )
    alerts = cli("alerts", "--all", "--json").json()
    assert len(alerts) == 2
    newest = next(a for a in alerts if a["reconhecido_em"] is None)
    assert (newest["qtd_anterior"], newest["qtd_nova"]) == (20, 5)


def test_ack_records_who_when_and_note_and_refuses_unknown_ids(seeded):
    assert seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--yes", "--allow-mass-removal").code == 0
    [alerta] = seeded("alerts", "--json").json()
    unknown = seeded("ack", str(alerta["id"]), "999", "--by", "ana")
    assert unknown.code == 1
    assert "999" in unknown.err
    assert seeded("alerts", "--json").json()[0]["reconhecido_em"] is None
    assert seeded("ack", str(alerta["id"]), "--by", "ana", "--note", "frete recotado").code == 0
    assert seeded("alerts", "--json").json() == []
    [acked] = seeded("alerts", "--all", "--json").json()
    assert (acked["reconhecido_por"], acked["nota"]) == ("ana", "frete recotado")
    assert acked["reconhecido_em"]


def test_bad_source_names_every_bad_row_and_changes_nothing(seeded):
    before = seeded.state()
    bad = [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": "muito"},
        {"num_pedido": "PED001", "qtd_saldo": 3},
        {"num_pedido": "PED009", "cod_produto": "PROD001", "qtd_saldo": -4},
    ]
    result = seeded("apply", "--source", seeded.file(bad), "--yes", "--allow-mass-removal")
    assert result.code == 1
    assert all(f"linha {n}" in result.err for n in (1, 2, 3))
    assert "Traceback" not in result.err
    assert seeded.state() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "não existe"),
        ("{not json", "não é um JSON válido"),
        ('{"a": 1}', "lista JSON"),
    ],
)
def test_unreadable_sources_get_one_clear_sentence(seeded, content, words):
    path = seeded.folder / "fonte.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = seeded("plan", "--source", path)
    assert result.code == 1
    assert words in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_apply_without_yes_and_without_a_terminal_refuses(seeded, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = seeded.state()
    result = seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--allow-mass-removal")
    assert result.code == 1
    assert "--yes" in result.err
    assert seeded.state() == before


def test_report_command_writes_the_latest_sync_in_each_format(seeded):
    import csv

    from openpyxl import load_workbook
    from pypdf import PdfReader

    assert seeded("report", "--format", "csv", "--output", seeded.folder / "r.csv").code == 1  # no sync yet
    assert seeded("apply", "--source", seeded.file(WORKED_SOURCE), "--yes", "--allow-mass-removal").code == 0
    for fmt in ("csv", "xlsx", "pdf"):
        result = seeded("report", "--format", fmt, "--output", seeded.folder / f"r.{fmt}")
        assert result.code == 0, result.err
    with (seeded.folder / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert any(row[:4] == ["Removida", "CRÍTICO", "PED002", "PROD001"] for row in rows)
    assert "Resumo" in load_workbook(seeded.folder / "r.xlsx").sheetnames
    text = "".join(page.extract_text() for page in PdfReader(seeded.folder / "r.pdf").pages)
    assert "LOTE-1" in text
    missing = seeded("report", "--run", "42", "--format", "pdf", "--output", seeded.folder / "x.pdf")
    assert missing.code == 1
    assert "42" in missing.err
    assert not (seeded.folder / "x.pdf").exists()

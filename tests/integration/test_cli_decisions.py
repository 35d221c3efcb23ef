"""The planners' decisions through the command (CLI.md: pre, lote, lotes; state --json), on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from .cli_helpers import Cli

LOTE_KEYS = {
    "lote",
    "num_pedido",
    "status",
    "data_expedicao",
    "criado_por",
    "criado_em",
    "transportadora",
    "valor_frete",
    "data_embarque",
    "numero_nf",
    "itens",
}
ITEM_KEYS = {"id", "cod_produto", "qtd", "tipo_envio"}
STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ],
    "pre_separacoes": [
        {"id": 7, "num_pedido": "PED001", "cod_produto": "PROD001", "qtd": 30, "data_expedicao": "2026-12-01"},
        {"id": 8, "num_pedido": "PED002", "cod_produto": "PROD001", "qtd": 10, "data_expedicao": "2026-12-02"},
    ],
    "separacoes": [
        {"id": 3, "lote": "LOTE-1", "num_pedido": "PED002", "cod_produto": "PROD001", "qtd": 100, "status": "COTADO"}
    ],
}


@pytest.fixture
def cli(db_url, tmp_path, capsys) -> Cli:
    return Cli(db_url, tmp_path, capsys)


@pytest.fixture
def seeded(cli) -> Cli:
    assert cli("seed", cli.file(STATE)).code == 0
    return cli


def _ok(result) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


def _livre(cli: Cli, pedido: str, produto: str) -> float:
    state = cli.state()
    [line] = [r for r in state["carteira"] if (r["num_pedido"], r["cod_produto"]) == (pedido, produto)]
    allocated = sum(
        a["qtd"]
        for a in state["pre_separacoes"] + [s for s in state["separacoes"] if s["status"] != "FATURADO"]
        if (a["num_pedido"], a["cod_produto"]) == (pedido, produto)
    )
    return line["qtd_saldo"] - allocated


def _today_code() -> str:
    return f"LOTE-{datetime.now().astimezone():%Y%m%d}-"


# -- pré-separações ------------------------------------------------------------------------------------


def test_pre_add_prints_the_new_id_and_takes_the_saldo_livre(seeded):
    out = _ok(seeded("pre", "add", "PED001", "PROD002", "20", "--expedicao", "2026-12-05", "--by", "ana"))
    new_id = int(out.strip())
    [made] = [p for p in seeded.state()["pre_separacoes"] if p["id"] == new_id]
    assert (made["qtd"], made["data_expedicao"], made["criado_por"], made["tipo_envio"]) == (
        20,
        "2026-12-05",
        "ana",
        "parcial",
    )
    assert _livre(seeded, "PED001", "PROD002") == 30


def test_pre_add_json_prints_the_pre_separacao_with_the_state_file_fields(seeded):
    out = _ok(
        seeded("pre", "add", "PED001", "PROD002", "12,5", "--expedicao", "2026-12-05", "--obs", "urgente", "--json")
    )
    made = json.loads(out)
    assert set(made) == {
        "id",
        "num_pedido",
        "cod_produto",
        "qtd",
        "criado_em",
        "tipo_envio",
        "data_expedicao",
        "observacao",
        "criado_por",
    }
    assert (made["num_pedido"], made["cod_produto"], made["qtd"]) == ("PED001", "PROD002", 12.5)
    assert made["observacao"] == "urgente"
    assert made["criado_por"] == getpass.getuser()  # --by defaults to the operating-system user


def test_pre_add_of_the_whole_line_ships_total_unless_the_planner_chooses(seeded):
    first = seeded("pre", "add", "PED001", "PROD002", "50", "--expedicao", "2026-12-05", "--json").json()
    assert first["tipo_envio"] == "total"
    _ok(seeded("pre", "delete", str(first["id"])))
    chosen = seeded(
        "pre", "add", "PED001", "PROD002", "50", "--expedicao", "2026-12-05", "--tipo", "parcial", "--json"
    ).json()
    assert chosen["tipo_envio"] == "parcial"


def test_pre_edit_changes_quantity_date_and_note_up_to_saldo_livre_plus_its_own(seeded):
    # PED001/PROD001: 100, pré #7 holds 30 → it may grow to 100.
    _ok(seeded("pre", "edit", "7", "--qtd", "100", "--expedicao", "2026-12-09", "--obs", "tudo", "--by", "bia"))
    [pre] = [p for p in seeded.state()["pre_separacoes"] if p["id"] == 7]
    assert (pre["qtd"], pre["data_expedicao"], pre["observacao"]) == (100, "2026-12-09", "tudo")
    assert _livre(seeded, "PED001", "PROD001") == 0


def test_pre_delete_gives_its_quantity_back_to_the_saldo_livre(seeded):
    _ok(seeded("pre", "delete", "7", "--by", "ana"))
    assert [p["id"] for p in seeded.state()["pre_separacoes"]] == [8]
    assert _livre(seeded, "PED001", "PROD001") == 100


# -- lotes ---------------------------------------------------------------------------------------------


def test_lote_add_prints_ids_of_the_day_that_increase(seeded):
    first = _ok(seeded("lote", "add", "PED001", "PROD002=10", "--expedicao", "2026-12-05")).strip()
    second = _ok(seeded("lote", "add", "PED001", "PROD002=5", "--expedicao", "2026-12-05")).strip()
    pattern = re.compile(r"LOTE-\d{8}-\d{4}")
    assert pattern.fullmatch(first)
    assert pattern.fullmatch(second)
    assert first.startswith(_today_code())
    assert int(second[-4:]) == int(first[-4:]) + 1


def test_lote_add_json_is_the_contract_lote_object(seeded):
    lote = seeded(
        "lote", "add", "PED001", "PROD001=20", "PROD002=50", "--expedicao", "2026-12-05", "--by", "ana", "--json"
    ).json()
    assert set(lote) >= LOTE_KEYS
    assert all(set(item) == ITEM_KEYS for item in lote["itens"])
    assert (lote["num_pedido"], lote["status"], lote["data_expedicao"], lote["criado_por"]) == (
        "PED001",
        "ABERTO",
        "2026-12-05",
        "ana",
    )
    assert [(i["cod_produto"], i["qtd"], i["tipo_envio"]) for i in lote["itens"]] == [
        ("PROD001", 20, "parcial"),
        ("PROD002", 50, "total"),
    ]
    assert (lote["transportadora"], lote["valor_frete"], lote["data_embarque"], lote["numero_nf"]) == (None,) * 4
    assert [s["lote"] for s in seeded.state()["separacoes"]].count(lote["lote"]) == 2


def test_lote_add_all_takes_every_line_s_whole_saldo_livre(seeded):
    lote = seeded("lote", "add", "PED001", "--all", "--expedicao", "2026-12-05", "--json").json()
    assert [(i["cod_produto"], i["qtd"]) for i in lote["itens"]] == [("PROD001", 70), ("PROD002", 50)]
    assert _livre(seeded, "PED001", "PROD001") == 0


def test_lote_from_pre_turns_pre_separacoes_into_a_lote_and_deletes_them(seeded):
    extra = int(_ok(seeded("pre", "add", "PED001", "PROD002", "5", "--expedicao", "2026-11-30")).strip())
    lote = seeded("lote", "from-pre", "7", str(extra), "--json").json()
    assert [(i["cod_produto"], i["qtd"]) for i in lote["itens"]] == [("PROD001", 30), ("PROD002", 5)]
    assert lote["data_expedicao"] == "2026-11-30"  # the earliest of the pré-separações'
    assert [p["id"] for p in seeded.state()["pre_separacoes"]] == [8]
    code = _ok(seeded("lote", "from-pre", "8", "--expedicao", "2026-12-20")).strip()
    assert code.startswith(_today_code())


def test_lote_edit_sets_rows_adds_a_product_and_0_removes_a_row(seeded):
    code = _ok(seeded("lote", "add", "PED001", "PROD001=10", "--expedicao", "2026-12-05")).strip()
    _ok(seeded("lote", "edit", code, "PROD001=70", "PROD002=5"))
    [lote] = [lote for lote in seeded("lotes", "--json").json() if lote["lote"] == code]
    assert [(i["cod_produto"], i["qtd"]) for i in lote["itens"]] == [("PROD001", 70), ("PROD002", 5)]
    _ok(seeded("lote", "edit", code, "PROD001=0"))
    [lote] = [lote for lote in seeded("lotes", "--json").json() if lote["lote"] == code]
    assert [(i["cod_produto"], i["qtd"]) for i in lote["itens"]] == [("PROD002", 5)]


def test_lote_status_moves_the_lote_and_records_freight_shipping_and_invoice(seeded):
    code = _ok(seeded("lote", "add", "PED001", "PROD001=10", "--expedicao", "2026-12-05")).strip()
    _ok(seeded("lote", "status", code, "COTADO", "--transportadora", "Jadlog", "--frete", "150,50", "--note", "ok"))
    _ok(seeded("lote", "status", code, "EMBARCADO", "--embarque", "2026-12-06"))
    out = _ok(seeded("lote", "status", code, "FATURADO", "--nf", "12345", "--json"))
    lote = json.loads(out)
    assert (lote["status"], lote["transportadora"], lote["valor_frete"]) == ("FATURADO", "Jadlog", 150.5)
    assert (lote["data_embarque"], lote["numero_nf"]) == ("2026-12-06", "12345")
    [row] = [s for s in seeded.state()["separacoes"] if s["lote"] == code]
    assert row["status"] == "FATURADO"
    assert (row["transportadora"], row["valor_frete"], row["data_embarque"], row["numero_nf"]) == (
        "Jadlog",
        150.5,
        "2026-12-06",
        "12345",
    )


def test_lote_status_embarcado_without_a_date_ships_today(seeded):
    out = _ok(seeded("lote", "status", "LOTE-1", "EMBARCADO", "--json"))
    assert json.loads(out)["data_embarque"] == datetime.now().astimezone().date().isoformat()


def test_a_cotado_lote_goes_back_to_aberto_and_can_then_be_edited_and_deleted(seeded):
    _ok(seeded("lote", "status", "LOTE-1", "ABERTO"))
    _ok(seeded("lote", "edit", "LOTE-1", "PROD001=150"))
    _ok(seeded("lote", "delete", "LOTE-1"))
    assert seeded.state()["separacoes"] == []
    assert _livre(seeded, "PED002", "PROD001") == 190


def test_lotes_lists_one_lote_per_line_with_its_rows_filtered_by_status_and_pedido(seeded):
    code = _ok(seeded("lote", "add", "PED001", "PROD001=10", "PROD002=3", "--expedicao", "2026-12-05")).strip()
    text = _ok(seeded("lotes")).splitlines()
    assert len(text) == 2
    mine = next(line for line in text if line.startswith(code))
    assert "PED001 ABERTO" in mine
    assert "PROD001 10" in mine
    assert "PROD002 3" in mine
    assert "LOTE-1 PED002 COTADO" in _ok(seeded("lotes", "--status", "cotado"))
    assert [lote["lote"] for lote in seeded("lotes", "--pedido", "PED001", "--json").json()] == [code]
    assert [lote["lote"] for lote in seeded("lotes", "--status", "COTADO", "--json").json()] == ["LOTE-1"]
    assert seeded("lotes", "--status", "FATURADO", "--json").json() == []


# -- refusals: exit 1, one sentence, nothing written ---------------------------------------------------


REFUSALS = [
    (["pre", "add", "PED001", "PROD001", "71", "--expedicao", "2026-12-05"], "saldo livre"),
    (["pre", "add", "PED009", "PROD001", "1", "--expedicao", "2026-12-05"], "PED009/PROD001"),
    (["pre", "add", "PED001", "PROD001", "1", "--expedicao", "2026-13-01"], "2026-13-01"),
    (["pre", "add", "PED001", "PROD001", "abc", "--expedicao", "2026-12-05"], "abc"),
    (["pre", "add", "PED001", "PROD001", "0", "--expedicao", "2026-12-05"], "maior que 0"),
    (["pre", "add", "PED001", "PROD001", "1"], "--expedicao"),
    (["pre", "edit", "7", "--qtd", "101"], "saldo livre"),
    (["pre", "edit", "99", "--qtd", "1"], "#99"),
    (["pre", "edit", "7", "--expedicao", "amanhã"], "amanhã"),
    (["pre", "edit", "7"], "#7"),
    (["pre", "delete", "99"], "#99"),
    (["pre", "delete", "abc"], "abc"),
    (["lote", "add", "PED001", "PROD001=71", "--expedicao", "2026-12-05"], "saldo livre"),
    (["lote", "add", "PED001", "PROD001=abc", "--expedicao", "2026-12-05"], "abc"),
    (["lote", "add", "PED001", "PROD001", "--expedicao", "2026-12-05"], "PRODUTO=QTD"),
    (["lote", "add", "PED001", "--expedicao", "2026-12-05"], "--all"),
    (["lote", "add", "PED001", "PROD001=1", "--all", "--expedicao", "2026-12-05"], "--all"),
    (["lote", "add", "PED001", "PROD009=1", "--expedicao", "2026-12-05"], "PED001/PROD009"),
    (["lote", "from-pre", "7", "8"], "um só pedido"),
    (["lote", "from-pre", "99"], "#99"),
    (["lote", "status", "LOTE-1", "FATURADO", "--nf", "1"], "não pode passar para FATURADO"),
    (["lote", "status", "LOTE-1", "PRONTO"], "PRONTO"),
    (["lote", "status", "LOTE-9", "COTADO"], "LOTE-9"),
    (["lote", "status", "LOTE-1", "ABERTO", "--frete", "abc"], "--frete"),
    (["lote", "status", "LOTE-1", "EMBARCADO", "--embarque", "2026-02-30"], "2026-02-30"),
    (["lote", "edit", "LOTE-1", "PROD001=1"], "COTADO"),
    (["lote", "edit", "LOTE-9", "PROD001=1"], "LOTE-9"),
    (["lote", "delete", "LOTE-1"], "COTADO"),
    (["lote", "delete", "LOTE-9"], "LOTE-9"),
    (["lotes", "--status", "PRONTO"], "PRONTO"),
]


@pytest.mark.parametrize(("args", "named"), REFUSALS, ids=[" ".join(a) for a, _ in REFUSALS])
def test_a_refused_decision_exits_1_with_one_sentence_and_writes_nothing(seeded, args, named):
    before = seeded.state()
    lotes_before = seeded("lotes", "--json").json()
    result = seeded(*args)
    assert result.code == 1, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert named in lines[0]
    assert "Traceback" not in result.err
    assert seeded.state() == before
    assert seeded("lotes", "--json").json() == lotes_before


def test_a_lote_refused_as_not_aberto_says_so_for_edit_and_delete(seeded):
    _ok(seeded("lote", "status", "LOTE-1", "EMBARCADO"))
    for args in (["lote", "edit", "LOTE-1", "PROD001=1"], ["lote", "delete", "LOTE-1"]):
        result = seeded(*args)
        assert result.code == 1
        assert "está EMBARCADO" in result.err


# -- the state file with the decision fields ---------------------------------------------------------


def test_state_json_carries_the_decision_fields_and_seed_of_it_loads_back_the_same(seeded):
    _ok(seeded("pre", "add", "PED001", "PROD002", "5", "--expedicao", "2026-12-05", "--obs", "obs", "--by", "ana"))
    code = _ok(seeded("lote", "add", "PED001", "PROD001=10", "--expedicao", "2026-12-07", "--by", "bia")).strip()
    _ok(seeded("lote", "status", code, "COTADO", "--transportadora", "Jadlog", "--frete", "99.9"))
    _ok(seeded("lote", "status", code, "EMBARCADO", "--embarque", "2026-12-08"))
    _ok(seeded("lote", "status", code, "FATURADO", "--nf", "NF-1"))
    exported = seeded.state()
    pre = next(p for p in exported["pre_separacoes"] if p["cod_produto"] == "PROD002")
    assert (pre["data_expedicao"], pre["observacao"], pre["criado_por"]) == ("2026-12-05", "obs", "ana")
    sep = next(s for s in exported["separacoes"] if s["lote"] == code)
    assert {k: sep[k] for k in ("data_expedicao", "criado_por", "transportadora", "valor_frete")} == {
        "data_expedicao": "2026-12-07",
        "criado_por": "bia",
        "transportadora": "Jadlog",
        "valor_frete": 99.9,
    }
    assert (sep["data_embarque"], sep["numero_nf"]) == ("2026-12-08", "NF-1")
    lotes = seeded("lotes", "--json").json()

    _ok(seeded("seed", seeded.file(exported), "--replace"))
    assert seeded.state() == exported
    reloaded = seeded("lotes", "--json").json()
    assert [{k: v for k, v in lote.items() if k != "criado_em"} for lote in reloaded] == [
        {k: v for k, v in lote.items() if k != "criado_em"} for lote in lotes
    ]


@pytest.mark.parametrize(
    ("second", "named"),
    [
        ({"num_pedido": "PED002", "status": "COTADO"}, "pedidos diferentes"),
        ({"num_pedido": "PED001", "status": "ABERTO"}, "status diferentes"),
    ],
)
def test_seed_refuses_a_lote_whose_rows_disagree_on_pedido_or_status(cli, second, named):
    state = {
        "carteira": STATE["carteira"],
        "separacoes": [
            {"lote": "L-9", "num_pedido": "PED001", "cod_produto": "PROD001", "qtd": 1, "status": "COTADO"},
            {"lote": "L-9", "cod_produto": "PROD002", "qtd": 1, **second},
        ],
    }
    result = cli("seed", cli.file(state))
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert "L-9" in line
    assert named in line
    assert cli.state()["carteira"] == []


# -- usage errors and the installed command -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["pre"],
        ["pre", "add", "PED001"],
        ["pre", "add", "PED001", "PROD001", "1", "--tipo", "metade", "--expedicao", "2026-12-05"],
        ["pre", "edit"],
        ["lote", "frobnicate"],
        ["lote", "status", "LOTE-1"],
        ["lote", "edit", "LOTE-1"],
        ["lote", "from-pre"],
        ["lotes", "--nope"],
        ["import-allocations"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_usage_error_of_a_decision_command_is_one_sentence_and_exit_1(seeded, args):
    result = seeded(*args)
    assert result.code == 1
    assert result.out == ""
    [line] = result.err.strip().splitlines()
    assert "Nada foi alterado" in line
    assert "--help" in line


def test_the_installed_command_makes_a_lote_and_lists_it_in_a_real_process(db_url, tmp_path):
    exe = shutil.which("carteira-sync", path=str(Path(sys.executable).parent)) or "carteira-sync"
    env = dict(os.environ, CARTEIRA_DB_URL=db_url)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=60, check=False)

    state = tmp_path / "state.json"
    state.write_text(json.dumps(STATE), encoding="utf-8")
    assert run("seed", str(state)).returncode == 0
    made = run("lote", "add", "PED001", "PROD001=5", "--expedicao", "2026-12-05", "--by", "ana")
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip()
    listed = run("lotes", "--pedido", "PED001", "--json")
    assert [(lote["lote"], lote["criado_por"]) for lote in json.loads(listed.stdout)] == [(code, "ana")]
    refused = run("lote", "delete", "LOTE-1")
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1

"""What a mutation run showed no test held, through the command line, on SQLite and on PostgreSQL.

A refused input must be refused by its own check, with its own sentence: a NUL character that got past the
parsing would still fail on PostgreSQL (its text columns refuse it), and a carteira key given twice would still
fail on the table's primary key, so each test reads the message, not only the exit status.
"""

from __future__ import annotations

from typing import Any

import pytest

from .cli_helpers import Cli, Result

EMPTY_STATE: dict[str, list[Any]] = {"carteira": [], "pre_separacoes": [], "separacoes": [], "alertas": []}
STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "PED1", "cod_produto": "A", "qtd_saldo": 10, "cliente": "Cliente A"},
        {"num_pedido": "PED1", "cod_produto": "B", "qtd_saldo": 4},
    ],
    "pre_separacoes": [{"id": 1, "num_pedido": "PED1", "cod_produto": "A", "qtd": 3}],
}


@pytest.fixture
def cli(db_url, tmp_path, capsys) -> Cli:
    return Cli(db_url, tmp_path, capsys)


def _one_line_error(result: Result, *expected: str) -> str:
    assert result.code == 1, (result.out, result.err)
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def _line(pedido: str, produto: str, quantity: object, **campos: object) -> dict[str, object]:
    return {"num_pedido": pedido, "cod_produto": produto, "qtd_saldo": quantity, **campos}


# 1. A new line's saldo livre counts the allocations left without a carteira line.


def test_a_new_line_s_saldo_livre_counts_the_allocations_left_without_a_carteira_line(cli):
    # PED1/A has no carteira line any more, but a pré-separação of 5 stayed on it.
    state = {
        "carteira": [_line("OUTRO", "B", 3)],
        "pre_separacoes": [{"id": 1, "num_pedido": "PED1", "cod_produto": "A", "qtd": 5}],
    }
    assert cli("seed", cli.file(state)).code == 0
    result = cli("plan", "--source", cli.file([_line("OUTRO", "B", 3), _line("PED1", "A", 12)]), "--json")
    assert result.code == 2, result.err
    [change] = result.json()["changes"]
    assert (change["tipo"], change["num_pedido"], change["cod_produto"]) == ("NOVO", "PED1", "A")
    assert change["impactos"] == [
        {"alvo": "SALDO_LIVRE", "qtd_antes": -5, "qtd_depois": 7},
        {"alvo": "PRE_SEPARACAO", "id": 1, "qtd_antes": 5, "qtd_depois": 5},
    ]


# 2. A state file with the same carteira key twice is refused.


def test_seeding_a_state_file_with_the_same_carteira_key_twice_is_refused_and_writes_nothing(cli):
    state = {"carteira": [_line("PED1", "A", 10), _line("PED1", "B", 1), _line("PED1", "A", 7)]}
    message = _one_line_error(cli("seed", cli.file(state)), "PED1/A", "repetido")
    assert "carteira[2]" in message
    assert cli.state() == EMPTY_STATE


def test_seeding_the_same_carteira_key_twice_with_replace_keeps_the_old_state(cli):
    assert cli("seed", cli.file(STATE)).code == 0
    before = cli.state()
    state = {"carteira": [_line("PED9", "X", 1), _line("PED9 ", "X", 2)]}
    _one_line_error(cli("seed", cli.file(state), "--replace"), "PED9/X", "repetido")
    assert cli.state() == before


# 5. A NUL character in a text or a key is refused, whatever the database.

NUL_TEXTS = [("cliente", "a\x00b"), ("nome_produto", "Produto\x00")]


@pytest.mark.parametrize(("field", "text"), NUL_TEXTS, ids=[f for f, _ in NUL_TEXTS])
def test_seeding_a_nul_character_in_a_text_is_refused_and_writes_nothing(cli, field, text):
    state = {"carteira": [_line("PED1", "A", 1), _line("PED1", "B", 1, **{field: text})]}
    _one_line_error(cli("seed", cli.file(state)), f"carteira[1]: {field} contém o caractere nulo")
    assert cli.state() == EMPTY_STATE


@pytest.mark.parametrize("field", ["num_pedido", "cod_produto"])
def test_seeding_a_nul_character_in_a_key_is_refused_and_writes_nothing(cli, field):
    bad = _line("PED1", "B", 1)
    bad[field] = "X\x00"
    state = {"carteira": [_line("PED1", "A", 1), bad]}
    _one_line_error(cli("seed", cli.file(state)), f"carteira[1]: {field} com caracteres de controle")
    assert cli.state() == EMPTY_STATE


@pytest.fixture
def seeded(cli) -> Cli:
    assert cli("seed", cli.file(STATE)).code == 0
    return cli


def _planned_nothing(cli: Cli, before: dict[str, Any], result: Result, *expected: str) -> None:
    _one_line_error(result, *expected)
    assert not (cli.folder / "plan.json").exists()
    assert cli.state() == before


@pytest.mark.parametrize("command", ["plan", "apply"])
@pytest.mark.parametrize(("field", "text"), NUL_TEXTS, ids=[f for f, _ in NUL_TEXTS])
def test_a_source_with_a_nul_character_in_a_text_is_refused_and_writes_nothing(seeded, command, field, text):
    before = seeded.state()
    source = [_line("PED1", "A", 10), _line("PED1", "B", 4, **{field: text})]
    extra = ["--out", seeded.folder / "plan.json"] if command == "plan" else ["--yes", "--allow-mass-removal"]
    result = seeded(command, "--source", seeded.file(source), *extra)
    _planned_nothing(seeded, before, result, f"linha 2: {field} contém o caractere nulo")


@pytest.mark.parametrize("command", ["plan", "apply"])
@pytest.mark.parametrize("field", ["num_pedido", "cod_produto"])
def test_a_source_with_a_nul_character_in_a_key_is_refused_and_writes_nothing(seeded, command, field):
    before = seeded.state()
    bad = _line("PED1", "C", 4)
    bad[field] = "\x00C"
    source = [_line("PED1", "A", 10), bad]
    extra = ["--out", seeded.folder / "plan.json"] if command == "plan" else ["--yes", "--allow-mass-removal"]
    result = seeded(command, "--source", seeded.file(source), *extra)
    _planned_nothing(seeded, before, result, f"linha 2: {field} com caracteres de controle")


def test_a_source_with_a_nul_character_read_record_by_record_is_refused_and_writes_nothing(seeded):
    # A key to trim sends the source to the record-by-record pass; the NUL must be refused there too.
    before = seeded.state()
    source = [_line(" PED1 ", "A", 10), _line("PED1", "B", 4, cliente="\x00")]
    result = seeded("plan", "--source", seeded.file(source), "--out", seeded.folder / "plan.json")
    _planned_nothing(seeded, before, result, "linha 2: cliente contém o caractere nulo")

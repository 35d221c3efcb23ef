"""What a mutation run showed no test held: each of these behaviours could be broken with the whole suite green.

Source records are validated by a column pass for clean sources and a record-by-record pass for anything
unusual (``tests/unit/test_parsing_paths.py``). Where a behaviour is tested "on both paths", the same records are
parsed once as they are (a clean source: the column pass answers or declines) and once beside a record whose key
must be trimmed, which sends the whole source to the record-by-record pass; ``_on_the_record_path`` checks that
it really does.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from carteira_gui.domain.errors import InvalidSource, InvalidState
from carteira_gui.domain.model import QTD_MAX, Alvo, SourceData, TipoEnvio, TipoMudanca
from carteira_gui.domain.parsing import _parse_clean_records, parse_source_records, parse_state_document
from carteira_gui.domain.plan import Impacto
from carteira_gui.domain.planner import plan_sync

from .builders import T0, d, line, pre, sep, snapshot, source

#: A valid record whose key needs trimming: the column pass declines it, so its source is read record by record.
TO_TRIM: dict[str, object] = {"num_pedido": " OUTRO ", "cod_produto": "Z", "qtd_saldo": 1}


def _on_the_column_path(records: list[object]) -> list[object]:
    return records


def _on_the_record_path(records: list[object]) -> list[object]:
    forced = [TO_TRIM, *records]
    assert _parse_clean_records(list(forced), "fonte") is None  # the record-by-record pass is the one that answers
    return forced


PATHS = pytest.mark.parametrize("path", [_on_the_column_path, _on_the_record_path], ids=["column", "record"])


def _record(pedido: object, produto: object, quantity: object, **campos: object) -> dict[str, object]:
    return {"num_pedido": pedido, "cod_produto": produto, "qtd_saldo": quantity, **campos}


def _problems(records: list[object]) -> list[str]:
    with pytest.raises(InvalidSource) as err:
        parse_source_records(records, "fonte")
    return err.value.problems


def _line_number(path: object, n: int) -> str:
    """``linha n`` of the records as given: one more on the record path (TO_TRIM comes first)."""
    return f"linha {n + 1}" if path is _on_the_record_path else f"linha {n}"


def _keys(data: SourceData) -> dict[tuple[str, str], Decimal]:
    return {key: source_line.qtd_saldo for key, source_line in data.lines.items() if key != ("OUTRO", "Z")}


# 1. A new line's saldo livre counts the allocations left without a carteira line.


def test_a_new_line_s_saldo_livre_counts_the_allocations_left_without_a_carteira_line() -> None:
    # PED1/A lost its carteira line earlier, but a pré-separação of 5 stayed; Odoo now sends the line again.
    state = snapshot(line("OUTRO", "B", 3), pre(1, "PED1", "A", 5))
    plan = plan_sync(state, source(("OUTRO", "B", 3), ("PED1", "A", 12)), now=T0)
    [change] = plan.changes
    assert (change.tipo, change.key, change.qtd_antes, change.qtd_depois) == (TipoMudanca.NOVO, ("PED1", "A"), 0, 12)
    assert change.impactos == [
        Impacto(Alvo.SALDO_LIVRE, d(-5), d(7)),
        Impacto(Alvo.PRE_SEPARACAO, d(5), d(5), 1),
    ]
    assert change.nao_coberto == 0
    assert change.alertas == []


def test_a_new_line_s_saldo_livre_counts_open_separacoes_but_not_faturadas() -> None:
    state = snapshot(
        pre(1, "PED1", "A", 5),
        sep(2, "PED1", "A", 2, "ABERTO", minutes=1),
        sep(3, "PED1", "A", 4, "COTADO", minutes=2),
        sep(4, "PED1", "A", 100, "FATURADO", minutes=3),
    )
    plan = plan_sync(state, source(("PED1", "A", 20)), now=T0)
    [change] = plan.changes
    assert change.tipo is TipoMudanca.NOVO
    assert change.impactos[0] == Impacto(Alvo.SALDO_LIVRE, d(-11), d(9))


# 2. A state file with the same carteira key twice is refused.


@pytest.mark.parametrize(("pedido", "produto"), [("PED1", "A"), (" PED1 ", "A ")], ids=["same", "same-after-trim"])
def test_a_state_file_with_the_same_carteira_key_twice_is_refused(pedido: str, produto: str) -> None:
    document = {
        "carteira": [
            _record("PED1", "A", 10),
            _record("PED1", "B", 1),
            _record(pedido, produto, 7),
        ]
    }
    with pytest.raises(InvalidState) as err:
        parse_state_document(document, "estado.json")
    assert err.value.problems == ["carteira[2]: PED1/A repetido na carteira"]
    assert "PED1/A" in str(err.value)


def test_a_state_file_may_have_the_same_order_with_two_products_and_the_same_product_on_two_orders() -> None:
    document = {"carteira": [_record("PED1", "A", 1), _record("PED1", "B", 2), _record("PED2", "A", 3)]}
    state = parse_state_document(document, "estado.json")
    assert [ln.key for ln in state.lines] == [("PED1", "A"), ("PED1", "B"), ("PED2", "A")]


# 3. Summed duplicates above the quantity limit are refused.


@PATHS
def test_summed_duplicates_above_the_quantity_limit_are_refused(path) -> None:
    assert Decimal("999999999999.999") == QTD_MAX
    records = path(
        [
            _record("P", "A", "999999999999.999"),  # each record within the limit...
            _record("P", "B", 1),
            _record("P", "A", "0.001"),  # ...but the sum is not
        ]
    )
    assert _problems(records) == [f"{_line_number(path, 3)}: soma de qtd_saldo grande demais para P/A"]


@PATHS
def test_summed_duplicates_above_the_quantity_limit_are_refused_with_integer_quantities(path) -> None:
    records = path([_record("P", "A", 600_000_000_000), _record("P", "A", 400_000_000_000)])
    assert _problems(records) == [f"{_line_number(path, 2)}: soma de qtd_saldo grande demais para P/A"]


@PATHS
def test_summed_duplicates_exactly_at_the_quantity_limit_are_taken(path) -> None:
    records = path([_record("P", "A", "999999999999.998"), _record("P", "A", "0.001")])
    data = parse_source_records(records, "fonte")
    assert _keys(data) == {("P", "A"): QTD_MAX}
    assert data.lines[("P", "A")].linhas == 2


def test_summed_duplicates_within_the_limit_take_the_column_path() -> None:
    # The guard for the column case above: these records are clean, so the column pass is the one tried first.
    records: list[object] = [_record("P", "A", "999999999999.998"), _record("P", "B", 1), _record("P", "A", "0.001")]
    fast = _parse_clean_records(records, "fonte")
    assert fast is not None
    assert fast.lines[("P", "A")].qtd_saldo == QTD_MAX


# 4. A key with a trailing space is read the same on both paths.


@PATHS
@pytest.mark.parametrize(
    ("pedido", "produto"),
    [("PED1 ", "A"), ("PED1", "A "), ("PED1\t", "A\u00a0"), (" PED1 ", " A ")],
    ids=["pedido", "produto", "other-spaces", "both-sides"],
)
def test_a_key_with_a_trailing_space_is_read_without_it(path, pedido: str, produto: str) -> None:
    data = parse_source_records(path([_record(pedido, produto, 3)]), "fonte")
    assert _keys(data) == {("PED1", "A"): d(3)}
    assert (data.lines[("PED1", "A")].num_pedido, data.lines[("PED1", "A")].cod_produto) == ("PED1", "A")


@PATHS
def test_a_key_with_a_trailing_space_is_summed_with_the_same_key_without_it(path) -> None:
    data = parse_source_records(path([_record("PED1", "A", 1), _record("PED1 ", "A", 2)]), "fonte")
    assert _keys(data) == {("PED1", "A"): d(3)}
    assert data.lines[("PED1", "A")].linhas == 2


def test_the_column_pass_never_keeps_a_trailing_space_in_a_key() -> None:
    for records in (
        [_record("PED1 ", "A", 3)],
        [_record("PED1", "A ", 3)],
        [_record("PED1", "A", 1), _record("PED1 ", "A", 2)],
    ):
        fast = _parse_clean_records(list(records), "fonte")
        # The column pass may decline (the record pass then trims), but an answer must be the trimmed key.
        assert fast is None or list(fast.lines) == [("PED1", "A")]


# 5. A NUL character in a text or a key is refused.

TEXT_FIELDS = ["cliente", "nome_produto", "municipio", "cnpj_cpf", "uf"]


@PATHS
@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("text", ["a\x00b", "\x00", "Cliente\x00", " \x00 "], ids=["inside", "alone", "end", "spaced"])
def test_a_nul_character_in_a_text_is_refused(path, field: str, text: str) -> None:
    records = path([_record("P", "A", 1, **{field: "ok"}), _record("P", "B", 1, **{field: text})])
    assert _problems(records) == [f"{_line_number(path, 2)}: {field} contém o caractere nulo"]


@PATHS
@pytest.mark.parametrize("field", ["num_pedido", "cod_produto"])
@pytest.mark.parametrize("key", ["P\x00", "\x00P", "P\x00Q", "\x00"], ids=["end", "start", "inside", "alone"])
def test_a_nul_character_in_a_key_is_refused(path, field: str, key: str) -> None:
    bad = _record("P", "B", 1)
    bad[field] = key
    records = path([_record("P", "A", 1), bad])
    assert _problems(records) == [f"{_line_number(path, 2)}: {field} com caracteres de controle"]


def test_a_nul_character_is_refused_in_every_record_that_has_one() -> None:
    records: list[object] = [
        _record("P\x00", "A", 1),
        _record("P", "A", 1, cliente="x\x00"),
        _record("P", "B", 1),
        _record("P", "C", 1, nome_produto="\x00y"),
    ]
    assert _problems(records) == [
        "linha 1: num_pedido com caracteres de controle",
        "linha 2: cliente contém o caractere nulo",
        "linha 4: nome_produto contém o caractere nulo",
    ]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_nul_character_in_a_state_file_text_is_refused(field: str) -> None:
    document = {"carteira": [_record("P", "A", 1), _record("P", "B", 1, **{field: "a\x00b"})]}
    with pytest.raises(InvalidState) as err:
        parse_state_document(document, "estado.json")
    assert err.value.problems == [f"carteira[1]: {field} contém o caractere nulo"]


def test_a_nul_character_in_a_state_file_key_is_refused_in_every_section() -> None:
    document = {
        "carteira": [_record("P\x00", "A", 1), _record("P", "A\x00", 1)],
        "pre_separacoes": [{"num_pedido": "P\x00", "cod_produto": "A", "qtd": 1}],
        "separacoes": [
            {"lote": "L\x00", "num_pedido": "P", "cod_produto": "A", "qtd": 1, "status": "ABERTO"},
            {"lote": "L", "num_pedido": "P", "cod_produto": "\x00A", "qtd": 1, "status": "ABERTO"},
        ],
    }
    with pytest.raises(InvalidState) as err:
        parse_state_document(document, "estado.json")
    assert err.value.problems == [
        "carteira[0]: num_pedido com caracteres de controle",
        "carteira[1]: cod_produto com caracteres de controle",
        "pre_separacoes[0]: num_pedido com caracteres de controle",
        "separacoes[0]: lote com caracteres de controle",
        "separacoes[1]: cod_produto com caracteres de controle",
    ]


# 6. A missing tipo_envio is parcial.


@pytest.mark.parametrize("given", [{}, {"tipo_envio": None}], ids=["missing", "null"])
def test_a_missing_tipo_envio_is_parcial(given: dict[str, object]) -> None:
    document = {
        "carteira": [_record("P", "A", 10)],
        "pre_separacoes": [{"id": 1, "num_pedido": "P", "cod_produto": "A", "qtd": 1, **given}],
        "separacoes": [
            {"id": 2, "lote": "L", "num_pedido": "P", "cod_produto": "A", "qtd": 2, "status": "ABERTO", **given}
        ],
    }
    state = parse_state_document(document, "estado.json", now=T0)
    assert [p.tipo_envio for p in state.pre_separacoes] == [TipoEnvio.PARCIAL]
    assert [s.tipo_envio for s in state.separacoes] == [TipoEnvio.PARCIAL]


def test_a_given_tipo_envio_is_kept() -> None:
    document = {
        "carteira": [_record("P", "A", 10)],
        "pre_separacoes": [{"num_pedido": "P", "cod_produto": "A", "qtd": 1, "tipo_envio": "total"}],
        "separacoes": [
            {"lote": "L", "num_pedido": "P", "cod_produto": "A", "qtd": 2, "status": "ABERTO", "tipo_envio": " TOTAL "},
            {"lote": "M", "num_pedido": "P", "cod_produto": "A", "qtd": 2, "status": "ABERTO", "tipo_envio": "parcial"},
        ],
    }
    state = parse_state_document(document, "estado.json", now=T0)
    assert [p.tipo_envio for p in state.pre_separacoes] == [TipoEnvio.TOTAL]
    assert [s.tipo_envio for s in state.separacoes] == [TipoEnvio.TOTAL, TipoEnvio.PARCIAL]

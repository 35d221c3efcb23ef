"""The two ways a source is validated give the same answer.

``parse_source_records`` first tries a column-by-column pass for clean sources (each distinct value checked
once, the rest in C) and falls back to the record-by-record pass for anything unusual. The fast pass may
decline, but when it answers it must answer exactly what the careful pass answers: same keys, quantities,
given fields, values *and* their exact representation (a ``Decimal``'s exponent, a ``date`` not a ``str``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carteira_gui.domain.errors import InvalidSource
from carteira_gui.domain.model import CAMPOS, SourceData
from carteira_gui.domain.parsing import (
    _FIELDS,
    SourceBuilder,
    SourceColumns,
    _parse_clean_records,
    _parse_records_one_by_one,
    parse_source_records,
)


def _exact(data: SourceData) -> dict[Any, Any]:
    """Every value with its type and exact text, so that ``Decimal('1.0')`` differs from ``Decimal('1.000')``."""

    def show(value: object) -> tuple[str, str]:
        return (type(value).__name__, str(value))

    return {
        key: (
            show(line.qtd_saldo),
            line.linhas,
            {name: show(value) for name, value in line.campos.items()},
            None if line.valores is None else tuple(show(v) for v in line.valores),
            line.dados is None,
            line.origens,
        )
        for key, line in data.lines.items()
    }


CLEAN_KEYS = ["PED1", "PED2", "ped1", "VCD2600001", "Ação", "x" * 100]
ODD_KEYS: list[object] = [" PED1", "PED1 ", "", "  ", "P\x00", "x" * 101, 7, 0, True, None, 1.5, [], "P\u200b"]
NUMBERS: list[object] = [
    0,
    7,
    10**11,
    10**12,
    -1,
    True,
    False,
    1.5,
    0.1,
    float("nan"),
    float("inf"),
    Decimal("2.5"),
    Decimal("1.0005"),
    Decimal("-0"),
    Decimal("NaN"),
    Decimal("1e400"),
    "3",
    " 3 ",
    "1_000",
    "1,5",
    "",
    "nan",
    "12.3456789",
    "419.75",
    "-419.75",
    "1e3",
    None,
    [],
]
TEXTS: list[object] = ["Cliente", " Cliente ", "", " ", "São Paulo", "a\x00b", "x" * 1001, "P\ud800", None, 5, False]
DATES: list[object] = ["2026-11-01", "2026-12-15 10:00:00", " 2026-11-01 ", "", "01/11/2026", "9999-12-31", None, 3]

field_values = {
    "num_pedido": st.sampled_from(CLEAN_KEYS + ODD_KEYS),
    "cod_produto": st.sampled_from(CLEAN_KEYS + ODD_KEYS),
    "qtd_saldo": st.sampled_from(NUMBERS),
    "data_pedido": st.sampled_from(DATES),
    "data_entrega": st.sampled_from(DATES),
    "preco": st.sampled_from(NUMBERS),
}


@st.composite
def record(draw: Any, clean: bool) -> object:
    if not clean and draw(st.integers(0, 30)) == 0:
        return draw(st.sampled_from([[], "linha", None, 3]))
    out: dict[str, object] = {}
    for name in ("num_pedido", "cod_produto", "qtd_saldo", *CAMPOS):
        if not clean and draw(st.integers(0, 8)) == 0:
            continue  # the field is left out
        if clean:
            if name in ("num_pedido", "cod_produto"):
                value: object = draw(st.sampled_from(CLEAN_KEYS))
            elif name in ("qtd_saldo", "preco"):
                value = draw(st.sampled_from([0, 7, Decimal("2.5"), Decimal("1.0005"), "419.75"]))
            elif name in ("data_pedido", "data_entrega"):
                value = draw(st.sampled_from(["2026-11-01", "2026-12-15", None, ""]))
            else:
                value = draw(st.sampled_from(["Cliente", "São Paulo", " SP ", "", None]))
        else:
            value = draw(field_values.get(name, st.sampled_from(TEXTS)))
        out[name] = value
    return out


def _outcome(parse: Any, records: list[object]) -> object:
    try:
        return _exact(parse(records))
    except InvalidSource as exc:
        return ("InvalidSource", tuple(exc.problems))


@settings(max_examples=400, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(record(clean=True), record(clean=False)), max_size=12))
def test_the_column_pass_answers_exactly_as_the_record_pass(records: list[object]) -> None:
    careful = _outcome(lambda rows: _parse_records_one_by_one(rows, "fonte", None), records)
    fast = _parse_clean_records(records, "fonte")
    if fast is not None:
        assert _exact(fast) == careful
    assert _outcome(lambda rows: parse_source_records(rows, "fonte"), records) == careful


@settings(max_examples=100, derandomize=True)
@given(st.lists(record(clean=True), min_size=1, max_size=12))
def test_a_clean_source_takes_the_column_pass_duplicates_included(records: list[dict[str, object]]) -> None:
    fast = _parse_clean_records(list(records), "fonte")
    assert fast is not None
    assert _exact(fast) == _exact(_parse_records_one_by_one(list(records), "fonte", None))


def test_fields_left_out_are_not_given_and_a_given_null_empties() -> None:
    data = parse_source_records(
        [
            {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": 1, "cliente": None},
            {"num_pedido": "P", "cod_produto": "B", "qtd_saldo": 2, **dict.fromkeys(CAMPOS, "")},
        ],
        "fonte",
    )
    partial = data.lines[("P", "A")]
    assert partial.campos == {"cliente": None}
    assert partial.valores is None
    complete = data.lines[("P", "B")]
    assert complete.dados is None
    assert complete.valores == (None,) * len(CAMPOS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-01", date(2026, 11, 1)), ("2026-12-15 10:00:00", date(2026, 12, 15)), ("", None)],
)
def test_dates_become_dates_on_the_column_pass(value: str, expected: date | None) -> None:
    fast = _parse_clean_records([{"num_pedido": "P", "cod_produto": "A", "qtd_saldo": 1, "data_pedido": value}], "f")
    assert fast is not None
    assert fast.lines[("P", "A")].campos == {"data_pedido": expected}


@pytest.mark.parametrize("field", ["qtd_saldo", "preco"])
@pytest.mark.parametrize(("number", "boolean"), [(0, False), (1, True), (Decimal("1.000"), True), (0.0, False)])
def test_a_boolean_is_refused_even_beside_the_number_it_equals(field: str, number: object, boolean: bool) -> None:
    # True == 1 and hash(True) == hash(1): a table of distinct values would give the boolean the number's value.
    records = [
        {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": 1, field: number},
        {"num_pedido": "P", "cod_produto": "B", "qtd_saldo": 1, field: boolean},
    ]
    with pytest.raises(InvalidSource) as err:
        parse_source_records(records, "fonte")
    assert err.value.problems == [f"linha 2: {field} não numérico ({boolean!r})"]


def test_a_float_and_the_decimal_of_its_binary_value_are_each_read_their_own_way() -> None:
    # float 1.0005 is read through its repr ("1.0005" → 1.001); the exact Decimal of that float is
    # 1.000499999… → 1.000. They are equal as numbers, so a table of distinct values would merge them.
    exact = Decimal.from_float(1.0005)
    assert exact == 1.0005
    records = [
        {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": exact},
        {"num_pedido": "P", "cod_produto": "B", "qtd_saldo": 1.0005},
    ]
    data = parse_source_records(records, "fonte")
    assert str(data.lines[("P", "A")].qtd_saldo) == "1.000"
    assert str(data.lines[("P", "B")].qtd_saldo) == "1.001"


@pytest.mark.parametrize("clean", [True, False])
def test_duplicates_are_summed_the_first_record_s_fields_winning(clean: bool) -> None:
    records: list[object] = [
        {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": 1, "cliente": "Primeiro"},
        {"num_pedido": "P", "cod_produto": "B", "qtd_saldo": 5},
        {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": "2.5", "cliente": "Segundo", "uf": "SP"},
        {"num_pedido": "P", "cod_produto": "A", "qtd_saldo": 3, "uf": "RJ", "municipio": "Rio"},
    ]
    if not clean:
        records[1] = {**records[1], "cod_produto": " B "}  # a key to trim: the one-by-one path
    data = parse_source_records(records, "fonte", [f"sale.order.line {i}" for i in (10, 11, 12, 13)])
    assert (_parse_clean_records(records, "fonte") is not None) is clean
    assert list(data.lines) == [("P", "A"), ("P", "B")]
    summed = data.lines[("P", "A")]
    assert str(summed.qtd_saldo) == "6.500"
    assert summed.linhas == 3
    assert summed.origens == ("sale.order.line 10", "sale.order.line 12", "sale.order.line 13")
    assert summed.campos == {"cliente": "Primeiro", "municipio": "Rio", "uf": "SP"}
    assert data.lines[("P", "B")].origens == ()


# The column pass is also fed in parts (the Odoo fetch validates each page as it arrives): the answer must not
# depend on where the parts are cut, and numbers read many at once must read as one by one.

FLOATS = [0.0, -0.0, 0.5, 2.675, 1.0005, 0.1, 1e-05, 12.3456789, 123456789.125, 999999999999.9995, 1e13, -0.0004]


@st.composite
def complete_record(draw: Any) -> dict[str, object]:
    """A record with every field, clean or not; numbers often floats (Odoo's), sometimes not."""
    out: dict[str, object] = {}
    for name in _FIELDS:
        if name in ("num_pedido", "cod_produto"):
            out[name] = draw(st.sampled_from(CLEAN_KEYS if draw(st.integers(0, 9)) else CLEAN_KEYS + ODD_KEYS))
        elif name in ("qtd_saldo", "preco"):
            floats = st.sampled_from(FLOATS)
            out[name] = draw(floats if draw(st.integers(0, 5)) else st.sampled_from(NUMBERS))
        elif name in ("data_pedido", "data_entrega"):
            out[name] = draw(st.sampled_from(DATES))
        else:
            out[name] = draw(st.sampled_from(["Cliente", "São Paulo", " SP ", None, *TEXTS[:3]]))
    return out


def _in_parts(records: list[dict[str, object]], cuts: list[int]) -> SourceData | None:
    """``_parse_clean_records`` done part by part: SourceColumns fed each part, SourceBuilder each part's lines."""
    columns = SourceColumns()
    builder = SourceBuilder([f"linha {index + 1}" for index in range(len(records))])
    bounds = sorted({0, len(records), *(cut % (len(records) + 1) for cut in cuts)})
    for start, end in pairwise(bounds):
        part = records[start:end]
        converted = []
        for name in _FIELDS:
            values = columns.column(name, [record[name] for record in part])
            if values is None:
                return None
            converted.append(values)
        pedidos, produtos, quantities, *campos = converted
        builder.add((pedidos, produtos, quantities), campos)
    return builder.finish("fonte")


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(complete_record(), min_size=1, max_size=14), st.lists(st.integers(0, 20), max_size=4))
def test_the_column_pass_fed_in_parts_answers_as_fed_whole(records: list[dict[str, object]], cuts: list[int]) -> None:
    whole = _parse_clean_records(list(records), "fonte")
    parts = _in_parts(records, cuts)
    assert (parts is None) == (whole is None)
    if whole is not None and parts is not None:
        assert _exact(parts) == _exact(whole)
    careful = _outcome(lambda rows: _parse_records_one_by_one(rows, "fonte", None), list(records))
    if whole is not None:
        assert _exact(whole) == careful


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.sampled_from(FLOATS), min_size=1, max_size=10), st.sampled_from(["qtd_saldo", "preco"]))
def test_floats_read_at_once_read_as_one_by_one(numbers: list[float], name: str) -> None:
    records = [{"num_pedido": "P", "cod_produto": f"A{index}", name: number} for index, number in enumerate(numbers)]
    if name == "preco":
        for record in records:
            record["qtd_saldo"] = 1
    fast = _parse_clean_records(list(records), "fonte")
    careful = _outcome(lambda rows: _parse_records_one_by_one(rows, "fonte", None), list(records))
    if fast is not None:
        assert _exact(fast) == careful
    else:
        assert isinstance(careful, tuple)  # only a number the careful pass refuses sends the column there

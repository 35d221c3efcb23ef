"""How Odoo's answers are decoded: orjson, and the standard library where orjson refuses what it reads."""

from __future__ import annotations

import json
import math

import pytest

from carteira_gui.adapters.odoo.transport import loads


def test_an_answer_decodes_as_the_standard_library_decodes_it() -> None:
    raw = (
        b'{"jsonrpc": "2.0", "id": 7, "result": [{"id": 1, "price_unit": 12.3, "discount": 0.0, '
        b'"name": "Caf\\u00e9 \\"tipo A\\"", "order_id": 5, "commitment_date": false, "note": null}]}'
    )
    assert loads(raw) == json.loads(raw)
    assert type(loads(raw)["result"][0]["price_unit"]) is float  # type: ignore[index]


def test_what_orjson_refuses_and_the_standard_library_reads_is_read() -> None:
    # Python's json.dumps (Odoo's) writes NaN and Infinity; integers may exceed 64 bits.
    answer = loads(b'{"result": [NaN, Infinity, 123456789012345678901234567890]}')
    assert isinstance(answer, dict)
    nan, infinity, large = answer["result"]
    assert math.isnan(nan)
    assert infinity == math.inf
    assert large == 123456789012345678901234567890


@pytest.mark.parametrize("raw", [b'{"jsonrpc": "2.0", "result": [{"id": 1, "na\xff\xfe<html>Bad', b"", b"<html>"])
def test_what_is_not_json_raises_a_value_error(raw: bytes) -> None:
    # ValueError (a JSONDecodeError, or a UnicodeDecodeError) is what translate_exception names as malformed.
    with pytest.raises((json.JSONDecodeError, UnicodeDecodeError)):
        loads(raw)

"""Odoo error types: classification of server errors, pt-BR messages, secrets scrubbed."""

from __future__ import annotations

import pytest

from carteira_gui.adapters.odoo.errors import (
    OdooAccessDenied,
    OdooChangedDuringFetch,
    OdooConnectionLost,
    OdooDatabaseNotFound,
    OdooError,
    OdooHTTPError,
    OdooJson2Unsupported,
    OdooLanguageRefused,
    OdooLoginFailed,
    OdooMalformedAnswer,
    OdooProductsWithoutCode,
    OdooServerError,
    OdooTimeout,
    OdooTruncatedAnswer,
    OdooUnknownField,
    OdooUnknownModel,
    classify_server_error,
    parse_invalid_field,
    scrub,
)
from carteira_gui.domain.errors import FetchError

URL = "https://odoo.example.com:443"


def classify(name: str, message: str, status: int | None = None) -> OdooError:
    return classify_server_error(
        url=URL, database="empresa", user="robo", model="sale.order.line", name=name, message=message, status=status
    )


@pytest.mark.parametrize(
    ("name", "message", "status", "expected"),
    [
        ("odoo.exceptions.AccessDenied", "Access Denied", None, OdooLoginFailed),
        ("werkzeug.exceptions.Unauthorized", "Invalid apikey", 401, OdooLoginFailed),
        ("psycopg2.OperationalError", 'FATAL:  database "x" does not exist', None, OdooDatabaseNotFound),
        ("werkzeug.exceptions.NotFound", "database 'x' not found", 404, OdooDatabaseNotFound),
        ("odoo.exceptions.AccessError", "You are not allowed to access 'Sales Order'", None, OdooAccessDenied),
        ("", "forbidden", 403, OdooAccessDenied),
        ("builtins.ValueError", "Invalid field 'x_saldo' on model 'sale.order.line'", None, OdooUnknownField),
        (
            "builtins.ValueError",
            "Invalid field sale.order.line.x_saldo in leaf ('x_saldo', '>', 0)",
            500,
            OdooUnknownField,
        ),
        # Odoo 19's texts (finding 13): read and domain.
        ("builtins.ValueError", "Invalid field 'x_code' on 'product.product'", 500, OdooUnknownField),
        (
            "builtins.ValueError",
            "Invalid field sale.order.line.x_saldo in condition ('x_saldo', '>', 0)",
            None,
            OdooUnknownField,
        ),
        ("builtins.KeyError", "boom", None, OdooServerError),
        ("werkzeug.exceptions.NotFound", "the model 'sale.order' does not exist", 404, OdooUnknownModel),
        ("odoo.exceptions.UserError", "Object sale.order.line doesn't exist", None, OdooUnknownModel),
        ("odoo.exceptions.UserError", "Invalid language code: pt_BR", 422, OdooLanguageRefused),
        ("odoo.exceptions.UserError", "Invalid language code: pt_BR", None, OdooLanguageRefused),
        ("", "Service Unavailable", 503, OdooHTTPError),
    ],
)
def test_server_errors_are_classified(name: str, message: str, status: int | None, expected: type) -> None:
    error = classify(name, message, status)
    assert type(error) is expected
    assert isinstance(error, FetchError)
    assert "Nada foi alterado" in str(error)


def test_unknown_field_names_the_field_and_the_model() -> None:
    error = classify("builtins.ValueError", "Invalid field sale.order.line.x_saldo in leaf ('x_saldo', '>', 0)")
    assert isinstance(error, OdooUnknownField)
    assert (error.field, error.model) == ("x_saldo", "sale.order.line")
    assert "'x_saldo'" in str(error)
    assert "sale.order.line" in str(error)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Odoo 17 (read, then domain)
        ("Invalid field 'vat' on model 'res.partner'", ("vat", "res.partner")),
        ("Invalid field product.product.x_code in leaf ('x_code', '=', 1)", ("x_code", "product.product")),
        # Odoo 19 (read, then domain; "in 'y'" in a few places)
        ("Invalid field 'x' on 'product.product'", ("x", "product.product")),
        ("Invalid field sale.order.line.x in condition ('x', '=', 1)", ("x", "sale.order.line")),
        ("Invalid field 'x_prazo' in 'sale.order'", ("x_prazo", "sale.order")),
        ("something else", None),
    ],
)
def test_parse_invalid_field_reads_every_odoo_form(message: str, expected: tuple[str, str] | None) -> None:
    assert parse_invalid_field(message) == expected


def test_the_new_errors_are_one_sentence_that_says_what_to_do() -> None:
    errors: list[OdooError] = [
        OdooJson2Unsupported(URL, "17.0-20240709"),
        OdooJson2Unsupported(URL),
        OdooLanguageRefused(URL, "pt_BR"),
        OdooUnknownModel(URL, "uom.uom"),
        OdooProductsWithoutCode(URL, [(9, "Brinde promocional", 2), (12, "Kit sem código", 1)]),
        OdooChangedDuringFetch(URL, 10, 8),
        OdooChangedDuringFetch(URL, detail="2 registro(s) de res.partner sumiram (4, 7)"),
    ]
    for error in errors:
        text = str(error)
        assert "Nada foi alterado" in text
        assert "\n" not in text
        assert isinstance(error, FetchError)
    assert "JSON-RPC" in str(errors[0])
    assert "Odoo 19" in str(errors[0])
    assert "17.0" in str(errors[0])
    assert "lang" in str(errors[2])
    assert "CARTEIRA_ODOO_LANG" in str(errors[2])
    assert "Brinde promocional (product.product 9, 2 linhas)" in str(errors[4])
    assert "deixar_de_fora" in str(errors[4])
    assert "busque de novo" in str(errors[5])
    assert "10 linhas contadas, 8 recebidas" in str(errors[5])
    assert "res.partner sumiram" in str(errors[6])
    assert "inválida" not in str(errors[6])


def test_access_denied_names_the_model() -> None:
    error = classify("odoo.exceptions.AccessError", "no")
    assert isinstance(error, OdooAccessDenied)
    assert "sale.order.line" in str(error)
    assert "'robo'" in str(error)


def test_only_transport_accidents_are_transient() -> None:
    assert OdooTimeout(URL, 5).transient
    assert OdooConnectionLost(URL, "reset").transient
    assert OdooTruncatedAnswer(URL, "10 bytes").transient
    assert OdooHTTPError(URL, 503).transient
    assert OdooHTTPError(URL, 502).transient
    assert OdooHTTPError(URL, 504).transient
    assert not OdooHTTPError(URL, 500).transient
    assert not OdooMalformedAnswer(URL, "x").transient
    assert not OdooLoginFailed(URL, "d", "u").transient
    assert not classify("builtins.KeyError", "x").transient


def test_attempts_are_told_after_retries() -> None:
    error = OdooTimeout(URL, 2.5)
    assert "depois de" not in str(error)
    error.attempts = 4
    assert str(error).endswith("(depois de 4 tentativas)")
    assert "2.5 s" in str(error)
    assert repr(error).startswith("OdooTimeout(")


def test_scrub_hides_secrets_and_shortens() -> None:
    assert scrub("senha abc123 recusada", ["abc123", None, ""]) == "senha ******** recusada"
    assert len(scrub("x" * 1000, [])) == 300
    assert scrub("a\n  b", []) == "a b"


def test_login_message_without_user_speaks_of_the_api_key() -> None:
    assert "chave de API" in str(OdooLoginFailed(URL, "empresa", ""))

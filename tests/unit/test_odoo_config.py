"""OdooSettings: TOML table + environment, validation, secrets kept out of sight."""

from __future__ import annotations

import dataclasses

import pytest

from carteira_gui.adapters.odoo.config import (
    OdooFieldNames,
    OdooSettings,
    and_domains,
    normalize_domain,
    parse_url,
)
from carteira_gui.adapters.odoo.errors import OdooSettingsError
from carteira_gui.domain.errors import CarteiraError

SECRET = "Senha-Muito-Secreta-987"


def test_an_empty_table_gives_the_domain_defaults() -> None:
    settings = OdooSettings.from_mapping({}, {})
    assert settings.protocol == "jsonrpc"
    assert settings.page_size == 2000
    assert settings.balance_field is None
    assert (settings.balance, settings.balance_mode) == ("faturado", "faturado")
    assert settings.lines_without_code == "recusar"
    assert settings.order_states == ("sale",)  # "done" is added on Odoo 16 and older (source.order_states)
    assert settings.lang == ""  # no language asked for: Odoo 19 refuses one that is not active
    assert settings.owned_prefixes == ()
    assert settings.verify_tls is True
    assert settings.fields == OdooFieldNames()
    assert settings.fields.product_code == "default_code"


def test_the_table_sets_every_kind_of_value() -> None:
    settings = OdooSettings.from_mapping(
        {
            "url": "https://odoo.example.com",
            "database": "empresa",
            "user": "integracao",
            "protocol": "json2",
            "timeout_s": 15,
            "retries": 5,
            "page_size": 500,
            "batch_size": 300,
            "balance_field": "qty_saldo",
            "order_states": ["sale"],
            "owned_prefixes": ["VCD", "VSC"],
            "extra_domain": ["|", ["order_id.user_id", "=", 7], ["order_id.client_order_ref", "!=", False]],
            "verify_tls": False,
            "fields": {"product_code": "x_codigo", "partner_vat": "l10n_br_cnpj"},
        },
        {},
    )
    assert settings.endpoint.base_url == "https://odoo.example.com:443"
    assert settings.protocol == "json2"
    assert settings.timeout_s == 15.0
    assert settings.balance_field == "qty_saldo"
    assert settings.owned_prefixes == ("VCD", "VSC")
    assert settings.extra_domain == (
        "|",
        ("order_id.user_id", "=", 7),
        ("order_id.client_order_ref", "!=", False),
    )
    assert settings.fields.product_code == "x_codigo"
    assert settings.fields.partner_vat == "l10n_br_cnpj"
    assert settings.fields.order == "order_id"


def test_the_environment_overrides_the_table() -> None:
    environ = {
        "CARTEIRA_ODOO_URL": "http://10.0.0.5:8069",
        "CARTEIRA_ODOO_DB": "producao",
        "CARTEIRA_ODOO_USER": "robo",
        "CARTEIRA_ODOO_PASSWORD": SECRET,
        "CARTEIRA_ODOO_API_KEY": "chave-123",
        "CARTEIRA_ODOO_PROTOCOL": "JSON2",
    }
    settings = OdooSettings.from_mapping({"url": "http://outro:8069", "database": "teste"}, environ)
    assert settings.url == "http://10.0.0.5:8069"
    assert settings.database == "producao"
    assert settings.user == "robo"
    assert settings.password == SECRET
    assert settings.api_key == "chave-123"
    assert settings.protocol == "json2"
    assert settings.secret == "chave-123"


def test_the_new_settings_come_from_the_table_and_from_the_environment() -> None:
    table = {"balance": "entregue", "lines_without_code": "deixar_de_fora", "lang": "pt_BR"}
    settings = OdooSettings.from_mapping(table, {})
    assert (settings.balance_mode, settings.lines_without_code, settings.lang) == (
        "entregue",
        "deixar_de_fora",
        "pt_BR",
    )
    environ = {
        "CARTEIRA_ODOO_BALANCE": "Faturado",
        "CARTEIRA_ODOO_LINES_WITHOUT_CODE": "recusar",
        "CARTEIRA_ODOO_LANG": "es_AR",
        "CARTEIRA_ODOO_BALANCE_FIELD": "x_saldo",
    }
    settings = OdooSettings.from_mapping(table, environ)
    assert (settings.balance, settings.lines_without_code, settings.lang) == ("faturado", "recusar", "es_AR")
    assert (settings.balance_field, settings.balance_mode) == ("x_saldo", "campo")
    assert OdooSettings.from_mapping(settings.to_mapping(), {}) == settings


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"balance": "pago"}, "balance deve ser"),
        ({"balance": "campo"}, "balance_field"),
        ({"lines_without_code": "apagar"}, "lines_without_code deve ser"),
        ({"lang": "português"}, "lang"),
        ({"fields": {"line_uom": "product uom"}}, "line_uom"),
    ],
)
def test_bad_new_settings_are_named(table: dict[str, object], problem: str) -> None:
    with pytest.raises(OdooSettingsError, match=problem):
        OdooSettings.from_mapping(table, {})


def test_the_line_unit_field_follows_the_server_version_unless_named() -> None:
    names = OdooFieldNames()
    assert (names.line_uom_for(16), names.line_uom_for(17), names.line_uom_for(19)) == (
        "product_uom",
        "product_uom",
        "product_uom_id",
    )
    assert OdooFieldNames(line_uom="x_unidade").line_uom_for(19) == "x_unidade"


def test_empty_environment_variables_are_ignored() -> None:
    settings = OdooSettings.from_mapping({"database": "empresa"}, {"CARTEIRA_ODOO_DB": "  "})
    assert settings.database == "empresa"


def test_odoorpc_protocol_name_for_https_is_accepted() -> None:
    settings = OdooSettings.from_mapping({"protocol": "jsonrpc+ssl"}, {})
    assert settings.protocol == "jsonrpc"


def test_every_bad_value_is_listed_in_one_error() -> None:
    with pytest.raises(OdooSettingsError) as caught:
        OdooSettings.from_mapping(
            {
                "url": "ftp://odoo",
                "timeout_s": "sessenta",
                "page_size": 2.5,
                "protocol": "xmlrpc",
                "extra_domain": [["campo", "contém", 1]],
                "tamanho": 1,
                "fields": {"product_code": 3, "nao_existe": "x"},
            },
            {},
        )
    text = str(caught.value)
    for expected in ("url", "timeout_s", "page_size", "protocol", "extra_domain", "tamanho", "product_code"):
        assert expected in text
    assert "nao_existe" in text
    assert isinstance(caught.value, CarteiraError)


def test_values_out_of_range_are_refused() -> None:
    with pytest.raises(OdooSettingsError, match="page_size"):
        OdooSettings(page_size=0)
    with pytest.raises(OdooSettingsError, match="timeout_s"):
        OdooSettings(timeout_s=-1)
    with pytest.raises(OdooSettingsError, match="balance_field"):
        OdooSettings(balance_field="qty saldo")
    with pytest.raises(OdooSettingsError, match="extra_domain"):
        OdooSettings.from_mapping({"extra_domain": ["|", ["a", "=", 1]]}, {})


def test_secrets_are_refused_in_the_settings_file() -> None:
    with pytest.raises(OdooSettingsError) as caught:
        OdooSettings.from_mapping({"password": SECRET}, {})
    assert "CARTEIRA_ODOO_PASSWORD" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_repr_and_to_mapping_never_show_secrets() -> None:
    settings = OdooSettings(url="http://h:1", database="d", user="u", password=SECRET, api_key=SECRET + "k")
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)
    table = settings.to_mapping()
    assert SECRET not in repr(table)
    assert OdooSettings.from_mapping(table, {}) == dataclasses.replace(settings, password=None, api_key=None)


def test_to_mapping_round_trips() -> None:
    settings = OdooSettings(
        url="http://h:8069",
        database="d",
        user="u",
        balance_field="qty_saldo",
        owned_prefixes=("VCD",),
        extra_domain=("!", ("order_id.name", "=like", "X%")),
        fields=OdooFieldNames(product_code="x_code"),
    )
    assert OdooSettings.from_mapping(settings.to_mapping(), {}) == settings


def test_with_secrets_adds_the_keyring_secret() -> None:
    settings = OdooSettings(url="http://h:1", database="d", user="u").with_secrets(password=SECRET)
    assert settings.secret == SECRET
    assert settings.secrets == (SECRET,)


def test_require_connection_lists_what_is_missing() -> None:
    with pytest.raises(OdooSettingsError) as caught:
        OdooSettings().require_connection()
    text = str(caught.value)
    assert "CARTEIRA_ODOO_URL" in text
    assert "CARTEIRA_ODOO_DB" in text
    assert "CARTEIRA_ODOO_USER" in text
    assert "CARTEIRA_ODOO_PASSWORD" in text


def test_json2_needs_an_api_key_but_no_user() -> None:
    base = OdooSettings(url="http://h:1", database="d", protocol="json2", password=SECRET)
    with pytest.raises(OdooSettingsError, match="CARTEIRA_ODOO_API_KEY"):
        base.require_connection()
    base.with_secrets(api_key="k").require_connection()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("odoo.example.com", "http"),
        ("https://user:pass@odoo.example.com", "senha"),
        ("https://odoo.example.com/web", "caminho"),
        ("https://odoo.example.com:99999", "porta"),
        ("http://", "servidor"),
    ],
)
def test_bad_urls_are_explained(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_url(url)


def test_urls_get_default_ports() -> None:
    assert parse_url("http://odoo").port == 80
    assert parse_url("https://odoo/").port == 443
    assert parse_url("http://[::1]:8069").base_url == "http://[::1]:8069"


def test_normalize_domain_makes_implicit_ands_explicit() -> None:
    a, b, c = ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)
    assert normalize_domain([a, b, c]) == ["&", "&", a, b, c]
    assert normalize_domain(["|", a, b, c]) == ["&", "|", a, b, c]
    assert normalize_domain([]) == []
    with pytest.raises(ValueError, match="incompleto"):
        normalize_domain(["|", a])


def test_and_domains_keeps_each_part_meaning() -> None:
    a, b, c = ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)
    assert and_domains([a], ["|", b, c]) == ["&", a, "|", b, c]
    assert and_domains([a], [], [b]) == ["&", a, b]
    assert and_domains([], []) == []


def test_the_documented_toml_example_is_valid() -> None:
    import textwrap
    import tomllib

    import carteira_gui.adapters.odoo.config as config

    doc = config.__doc__ or ""
    example = textwrap.dedent(doc[doc.index("    [odoo]") :])
    settings = OdooSettings.from_mapping(tomllib.loads(example)["odoo"], {})
    assert settings.url == "https://odoo.example.com"
    assert settings == OdooSettings(url="https://odoo.example.com", database="empresa", user="integracao@example.com")

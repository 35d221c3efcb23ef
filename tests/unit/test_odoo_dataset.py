"""The generated Odoo data set: deterministic, realistic, and its file format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.dataset import (
    STATES,
    Dataset,
    DatasetError,
    FieldSpec,
    cnpj_check_digits,
    generate,
    is_valid_cnpj,
    is_valid_cpf,
    odoo19_view,
)


def test_the_same_seed_gives_the_same_data() -> None:
    assert generate(500, 3).to_json() == generate(500, 3).to_json()
    assert generate(500, 3).to_json() != generate(500, 4).to_json()


def test_it_has_exactly_the_lines_asked_for() -> None:
    for lines in (0, 1, 7, 1234):
        assert generate(lines, 1).line_count == lines


def test_records_look_brazilian_and_consistent() -> None:
    data = generate(2000, 11)
    partners = data.model("res.partner").values()
    companies = [p for p in partners if not p["parent_id"]]
    assert all(is_valid_cnpj(p["vat"]) or is_valid_cpf(p["vat"]) for p in partners if p["vat"])
    assert any(is_valid_cpf(p["vat"]) for p in companies if p["vat"])
    assert all(
        re.fullmatch(r"\d{2}\.\d{3}\.\d{3}/0001-\d{2}", p["vat"]) for p in companies if p["is_company"] and p["vat"]
    )
    assert len({p["name"] for p in companies}) == len(companies)
    assert len(data.model("res.country.state")) == len(STATES) == 27
    names = [o["name"] for o in data.model("sale.order").values()]
    assert all(re.fullmatch(r"V(CD|SC)26\d{5}", n) for n in names)
    assert len(set(names)) == len(names)
    codes = [p["default_code"] for p in data.model("product.product").values() if p["default_code"]]
    assert len(set(codes)) == len(codes)
    states = {o["state"] for o in data.model("sale.order").values()}
    assert states == {"sale", "sent", "draft", "cancel"}  # Odoo 17 has no "done"
    for line in data.model("sale.order.line").values():
        assert line["order_id"] in data.model("sale.order")
        if line["display_type"]:
            assert (line["product_id"], line["product_uom_qty"], line["product_uom"]) == (False, 0.0, False)
            continue
        assert line["product_id"] in data.model("product.product")
        if not line["is_downpayment"]:
            assert 0 <= line["qty_invoiced"] <= line["product_uom_qty"]
            assert 0 <= line["qty_delivered"] <= line["product_uom_qty"]
    assert "qty_saldo" not in data.fields["sale.order.line"]


def test_the_data_is_as_untidy_as_a_real_odoo() -> None:
    data = generate(3000, 5)
    lines = list(data.model("sale.order.line").values())
    products = data.model("product.product")
    partners = data.model("res.partner")
    units = data.model("uom.uom")
    assert {line["display_type"] for line in lines} == {False, "line_section", "line_note"}
    assert any(line["is_downpayment"] for line in lines)
    assert any(products[line["product_id"]]["type"] == "service" for line in lines if line["product_id"])
    assert any(not p["default_code"] for p in products.values())
    goods = [line for line in lines if line["product_id"] and products[line["product_id"]]["type"] != "service"]
    assert any(line["product_uom"] != products[line["product_id"]]["uom_id"] for line in goods)
    assert {units[line["product_uom"]]["name"] for line in goods} >= {"Unidades", "Dúzias", "kg", "g"}
    assert any(line["discount"] for line in goods)
    assert any(line["qty_delivered"] < line["qty_invoiced"] for line in goods)  # invoiced ahead: draft invoice
    assert any(line["qty_delivered"] > line["qty_invoiced"] for line in goods)  # delivered, not yet invoiced
    contacts = [p for p in partners.values() if p["parent_id"]]
    assert contacts
    assert all(p["commercial_partner_id"] == p["parent_id"] for p in contacts)
    addressed = {o["partner_id"] for o in data.model("sale.order").values()}
    assert addressed & {p["id"] for p in contacts}
    assert any(not p["vat"] for p in partners.values())
    assert any(not p["city"] for p in partners.values())
    assert any(not p["state_id"] for p in partners.values())
    # Products without a code are services, the down payment and a gift only on quotations and cancelled orders.
    orders = data.model("sale.order")
    for line in goods:
        if not products[line["product_id"]]["default_code"]:
            assert orders[line["order_id"]]["state"] in ("draft", "cancel")


def test_the_custom_balance_field_is_there_only_when_asked_for() -> None:
    plain, custom = generate(500, 2), generate(500, 2, custom_balance_field=True)
    assert "qty_saldo" in custom.fields["sale.order.line"]
    for ident, line in custom.model("sale.order.line").items():
        assert {k: v for k, v in line.items() if k != "qty_saldo"} == plain.model("sale.order.line")[ident]


def test_the_odoo_19_view_renames_and_inverts_what_odoo_19_changed() -> None:
    data = generate(300, 5)
    view = odoo19_view(data)
    line = next(line for line in view.model("sale.order.line").values() if line["product_id"])
    assert "product_uom_id" in line
    assert "product_uom" not in line
    assert "uom.category" not in view.records
    units = {u["name"]: u for u in view.model("uom.uom").values()}
    assert (units["Dúzias"]["factor"], units["g"]["factor"], units["kg"]["rounding"]) == (12.0, 0.001, 0.01)
    assert {p["type"] for p in view.model("product.product").values()} <= {"consu", "service", "combo"}
    assert "product_uom" in data.model("sale.order.line")[1]  # the data set itself is left alone


def test_check_digits_match_known_documents() -> None:
    # The CNPJ of the Banco do Brasil and a CPF from the Receita Federal examples.
    assert cnpj_check_digits("000000000001") == "91"
    assert is_valid_cnpj("00.000.000/0001-91")
    assert not is_valid_cnpj("00.000.000/0001-92")
    assert is_valid_cpf("529.982.247-25")
    assert not is_valid_cpf("111.111.111-11")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    data = generate(300, 5)
    data.fields["sale.order.line"]["x_prioridade"] = FieldSpec("char", "Prioridade")
    for line in data.model("sale.order.line").values():
        line["x_prioridade"] = "alta"
    path = tmp_path / "odoo.json"
    data.save(path)
    loaded = Dataset.load(path)
    assert loaded.to_json() == data.to_json()
    assert loaded.fields["sale.order.line"]["x_prioridade"] == FieldSpec("char", "Prioridade")
    assert json.loads(path.read_text(encoding="utf-8"))["fields"] == {
        "sale.order.line": {"x_prioridade": {"type": "char", "string": "Prioridade"}}
    }


def test_missing_fields_of_a_record_read_as_false() -> None:
    document = {
        "format": "carteira-sync/odoo-dataset",
        "version": 1,
        "records": {"res.partner": [{"id": 4, "name": "Loja"}]},
    }
    partner = Dataset.from_json(document).model("res.partner")[4]
    assert partner["vat"] is False
    assert partner["name"] == "Loja"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"format": "outro"}, "formato"),
        ({"format": "carteira-sync/odoo-dataset", "version": 9, "records": {}}, "versão"),
        ({"format": "carteira-sync/odoo-dataset", "version": 1, "records": {"x.y": []}}, "x.y"),
        (
            {"format": "carteira-sync/odoo-dataset", "version": 1, "records": {"res.partner": [{"name": "a"}]}},
            "id",
        ),
        (
            {"format": "carteira-sync/odoo-dataset", "version": 1, "records": {"res.partner": [{"id": 1, "cor": 1}]}},
            "cor",
        ),
        (
            {
                "format": "carteira-sync/odoo-dataset",
                "version": 1,
                "records": {"res.partner": [{"id": 1, "state_id": 99}], "res.country.state": []},
            },
            "inexistente",
        ),
    ],
)
def test_bad_documents_are_explained(document: object, problem: str) -> None:
    with pytest.raises(DatasetError, match=problem):
        Dataset.from_json(document, "teste.json")


def test_unreadable_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="ler"):
        Dataset.load(tmp_path / "nao-existe.json")
    bad = tmp_path / "ruim.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(DatasetError, match="JSON"):
        Dataset.load(bad)


def test_copy_is_independent() -> None:
    data = generate(50, 1)
    before = data.model("sale.order")[1]["state"]
    other = data.copy()
    other.model("sale.order")[1]["state"] = "mudado"
    other.fields["sale.order"]["x"] = FieldSpec("char", "X")
    assert data.model("sale.order")[1]["state"] == before
    assert "x" not in data.fields["sale.order"]

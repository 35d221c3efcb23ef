"""The demo: yesterday's carteira against the next day's Odoo shows every kind of change and a CRITICO alert."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import Dataset, generate
from carteira_gui.adapters.odoo.demo import DemoError, build_demo, open_source_lines
from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.adapters.odoo.source import OdooSource
from carteira_gui.domain.model import Nivel, Snapshot, SourceData, TipoMudanca
from carteira_gui.domain.parsing import parse_state_document
from carteira_gui.domain.planner import plan_sync

LINES, SEED = 300, 7


@pytest.fixture(scope="module")
def demo() -> tuple[dict[str, object], Dataset]:
    return build_demo(LINES, SEED)


def fetch(dataset: Dataset, protocol: str = "jsonrpc", odoo_version: int = 17) -> SourceData:
    with OdooTestServer(dataset, odoo_version=odoo_version) as srv:
        settings = OdooSettings(
            url=srv.url,
            database="demo",
            user="admin",
            password="admin",
            api_key="admin",
            protocol=protocol,  # type: ignore[arg-type]
            page_size=64,
        )
        return OdooSource(settings).fetch()


@pytest.fixture(scope="module")
def today_source(demo: tuple[dict[str, object], Dataset]) -> SourceData:
    return fetch(demo[1])


def snapshot_of(state: dict[str, object]) -> Snapshot:
    parsed = parse_state_document(state, "demo")
    return Snapshot.build(parsed.lines, parsed.pre_separacoes, parsed.separacoes)


def test_it_is_deterministic_and_json(demo: tuple[dict[str, object], Dataset]) -> None:
    state, dataset = build_demo(LINES, SEED)
    assert json.dumps(state, sort_keys=True) == json.dumps(demo[0], sort_keys=True)
    assert dataset.to_json() == demo[1].to_json()


def test_the_state_has_allocations_in_every_status(demo: tuple[dict[str, object], Dataset]) -> None:
    parsed = parse_state_document(demo[0], "demo")
    assert len(parsed.lines) > 150
    assert parsed.pre_separacoes
    assert {s.status.value for s in parsed.separacoes} == {"ABERTO", "COTADO", "EMBARCADO", "FATURADO"}
    snapshot = snapshot_of(demo[0])
    assert all(snapshot.saldo_livre(key) >= 0 for key in snapshot.lines)


def test_yesterdays_odoo_fetched_for_real_is_the_carteira(demo: tuple[dict[str, object], Dataset]) -> None:
    # The carteira was computed in memory; a real fetch of yesterday's data must find nothing to change.
    fetched = fetch(generate(LINES, SEED))
    assert fetched.lines == open_source_lines(generate(LINES, SEED))
    plan = plan_sync(snapshot_of(demo[0]), fetched)
    assert plan.changes == []


def test_the_first_sync_shows_every_kind_of_change(
    demo: tuple[dict[str, object], Dataset], today_source: SourceData
) -> None:
    plan = plan_sync(snapshot_of(demo[0]), today_source)
    kinds = Counter(change.tipo for change in plan.changes)
    for kind in (
        TipoMudanca.REDUCAO,
        TipoMudanca.AUMENTO,
        TipoMudanca.NOVO,
        TipoMudanca.REMOVIDO,
        TipoMudanca.ALTERADO,
    ):
        assert kinds[kind] >= 1, kind
    alerts = plan.alert_counts()
    assert alerts[Nivel.CRITICO] >= 2
    assert alerts[Nivel.ATENCAO] >= 1
    critical = [a for c in plan.changes for a in c.alertas if a.nivel is Nivel.CRITICO]
    assert any(a.lote for a in critical)  # a quoted separação was cut
    assert any(c.nao_coberto > 0 for c in plan.changes)  # loaded goods beyond the new balance
    # The mass-removal guard is not what a newcomer should meet first.
    assert kinds[TipoMudanca.REMOVIDO] < len(snapshot_of(demo[0]).lines) * 0.2


def test_json2_sees_the_same_next_day_as_json_rpc(demo: tuple[dict[str, object], Dataset]) -> None:
    over_json2 = fetch(demo[1], "json2", 19)
    assert over_json2.lines == fetch(demo[1], "jsonrpc", 19).lines
    assert len(over_json2.lines) > 150


def test_odoo_19_sees_the_quantities_of_odoo_17(
    demo: tuple[dict[str, object], Dataset], today_source: SourceData
) -> None:
    # Same records, Odoo 19's shapes (product_uom_id, inverted unit factors): the same quantities and clients.
    as_19 = fetch(demo[1], "jsonrpc", 19).lines
    assert {k: v.qtd_saldo for k, v in as_19.items()} == {k: v.qtd_saldo for k, v in today_source.lines.items()}
    assert {k: v.campos["cliente"] for k, v in as_19.items()} == {
        k: v.campos["cliente"] for k, v in today_source.lines.items()
    }


def test_the_demo_shows_a_converted_line_and_a_client_named_by_its_company(
    demo: tuple[dict[str, object], Dataset], today_source: SourceData
) -> None:
    dataset = demo[1]
    products, units = dataset.model("product.product"), dataset.model("uom.uom")
    partners, orders = dataset.model("res.partner"), dataset.model("sale.order")
    converted = [
        line
        for line in dataset.model("sale.order.line").values()
        if line["product_id"] and line["product_uom"] and line["product_uom"] != products[line["product_id"]]["uom_id"]
    ]
    in_dozens = [line for line in converted if units[line["product_uom"]]["name"] == "Dúzias"]
    shown = [
        line
        for line in in_dozens
        if (orders[line["order_id"]]["name"], products[line["product_id"]]["default_code"]) in today_source.lines
    ]
    assert shown, "the demo's carteira has a line sold in Dúzias"
    line = shown[0]
    key = (orders[line["order_id"]]["name"], products[line["product_id"]]["default_code"])
    assert today_source.lines[key].qtd_saldo % 12 == 0  # counted in Unidades
    contacts = {ident for ident, partner in partners.items() if partner["parent_id"]}
    addressed = [order for order in orders.values() if order["partner_id"] in contacts and order["state"] == "sale"]
    names = {key[0]: line.campos["cliente"] for key, line in today_source.lines.items()}
    seen = [order for order in addressed if order["name"] in names]
    assert seen, "the demo has an order addressed to a contact person"
    for order in seen:
        company = partners[partners[order["partner_id"]]["commercial_partner_id"]]
        assert names[order["name"]] == company["name"]


def test_other_sizes_and_seeds_work() -> None:
    for lines, seed in ((80, 1), (1000, 3)):
        state, dataset = build_demo(lines, seed)
        plan = plan_sync(snapshot_of(state), SourceData("demo", open_source_lines(dataset)))
        assert {c.tipo for c in plan.changes} >= {
            TipoMudanca.REDUCAO,
            TipoMudanca.AUMENTO,
            TipoMudanca.NOVO,
            TipoMudanca.REMOVIDO,
            TipoMudanca.ALTERADO,
        }
        assert plan.alert_counts()[Nivel.CRITICO] >= 1


def test_too_small_a_demo_is_refused() -> None:
    with pytest.raises(DemoError, match="pelo menos 80 linhas"):
        build_demo(10, 1)


def test_the_demo_dataset_survives_a_file(tmp_path: Path, demo: tuple[dict[str, object], Dataset]) -> None:
    target = tmp_path / "demo.json"
    demo[1].save(target)
    assert Dataset.load(target).to_json() == demo[1].to_json()

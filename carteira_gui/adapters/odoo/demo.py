"""The demo: a local carteira "of yesterday" and the Odoo data "of the next day".

``build_demo(lines, seed)`` returns the local state (the ``seed`` document of docs/comando.md) and the data set the
local Odoo serves. Yesterday's Odoo is ``generate(lines, seed)``; the carteira is exactly what a sync with the
default settings would have taken from it, with pré-separações and separações in every status. Overnight:

* a line is partly invoiced (REDUCAO from the saldo livre), another eats into two pré-separações, another
  into a separação COTADO (CRITICO), another below what was already loaded (EMBARCADO: não coberto, CRITICO);
* an order with a separação COTADO is cancelled and another line is fully invoiced (REMOVIDO, CRITICO and
  ATENCAO);
* three lines grow (AUMENTO): one whose single pré-separação ships whole, one all livre, one quoted;
* an order's delivery date and a line's price change (ALTERADO);
* a new order and a new line on an existing order arrive (NOVO).

Every allocation carries the fields a planner's decision records (who made it, the data de expedição, the
transportadora and valor do frete of a quoted lote, the data de embarque, the NF of an invoiced one), so
the document reads as the planners' decisions of the last days. The window's demonstration does not load
the allocations as they are: it seeds the carteira alone and makes each of them again through the decision
use cases, oldest first (``gui/demo.py``), so that the demo's sync protects decisions that were made, with
their audit trail.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import ANCHOR, CUSTOM_BALANCE_FIELD, DATETIME_FORMAT, Dataset, generate
from carteira_gui.adapters.odoo.server import open_records
from carteira_gui.adapters.odoo.source import map_records
from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.model import Key, SourceLine
from carteira_gui.domain.parsing import parse_source_records

MIN_LINES = 80
#: The demo's planners (who made each pré-separação and lote).
PLANNERS = ("Ana Souza", "Bruno Lima", "Carla Dias")
#: Carriers of the quoted lotes.
CARRIERS = ("Rápido Sul Transportes", "TransMinas Cargas", "Expresso Paulista")
#: Notes a planner leaves on some pré-separações.
NOTES = ("Cliente pediu entrega de manhã", "Aguardando confirmação do pedido", "Carregar junto com o pedido anterior")


class DemoError(CarteiraError, ValueError):
    """The demo cannot be built with the arguments given; nothing was changed."""


_SCENARIOS = (
    "reduce_free",
    "reduce_pre",
    "reduce_cotado",
    "reduce_embarcado",
    "cancel_cotado",
    "invoice_aberto",
    "grow_total",
    "grow_free",
    "grow_cotado",
    "change_date",
    "change_price",
    "new_line",
)


def open_source_lines(dataset: Dataset, settings: OdooSettings | None = None) -> dict[Key, SourceLine]:
    """What a fetch with the default filter returns from ``dataset``, computed in memory (no server).

    Only the default filter is applied (order state, balance > 0); prefixes and extra terms are not.
    """
    return _open_lines(dataset, settings)[0]


def _open_lines(
    dataset: Dataset, settings: OdooSettings | None = None
) -> tuple[dict[Key, SourceLine], dict[Key, list[int]]]:
    """``open_source_lines`` and the ``sale.order.line`` ids behind each key."""
    settings = settings or OdooSettings()
    # The fetch's own filter and reading (sections, services, down payments, units…), without HTTP.
    records = open_records(dataset, settings)
    lines: list[dict[str, Any]] = records.lines
    mapped, labels = map_records(settings, records)
    ids: dict[Key, list[int]] = {}
    for record, row in zip(mapped, lines, strict=True):
        key = (str(record["num_pedido"]).strip(), str(record["cod_produto"]).strip())
        ids.setdefault(key, []).append(int(row["id"]))
    return parse_source_records(mapped, "demo", labels).lines, ids


def _carteira_row(line: SourceLine) -> dict[str, object]:
    row: dict[str, object] = {
        "num_pedido": line.num_pedido,
        "cod_produto": line.cod_produto,
        "qtd_saldo": str(line.qtd_saldo),
    }
    for name, value in line.campos.items():
        row[name] = value if value is None or isinstance(value, str) else str(value)
    return row


def _moment(hours_before: float) -> str:
    return (ANCHOR - timedelta(hours=hours_before)).replace(tzinfo=UTC).isoformat()


def _day(days_after: float) -> str:
    """A day relative to the demo's "today" (the anchor), as the state file writes dates."""
    return (ANCHOR + timedelta(days=days_after)).date().isoformat()


def build_demo(lines: int = 300, seed: int = 7) -> tuple[dict[str, object], Dataset]:
    """The local state of yesterday and the Odoo data set of the next day (see the module's docstring).

    The first sync of the one against the other shows REDUCAO, AUMENTO, NOVO, REMOVIDO and ALTERADO and
    raises CRITICO alerts. Deterministic for given arguments.
    """
    if lines < MIN_LINES:
        raise DemoError(
            f"A demonstração precisa de pelo menos {MIN_LINES} linhas (pedidas: {lines}). Nada foi alterado; "
            f"use --lines {MIN_LINES} ou mais."
        )
    yesterday = generate(lines, seed)
    today = yesterday.copy()
    source, ids = _open_lines(yesterday)
    rng = random.Random(seed * 7919 + 17)

    odoo_lines = today.model("sale.order.line")
    odoo_orders = today.model("sale.order")
    line_of: dict[Key, int] = {}
    for key, line in source.items():
        if line.linhas == 1:
            line_of[key] = ids[key][0]

    # One scenario per order, on lines with a round quantity, so that no two scenarios interfere.
    candidates_by_order: dict[int, list[Key]] = {}
    for key, ident in sorted(line_of.items(), key=lambda item: item[1]):
        quantity = source[key].qtd_saldo
        # The scenarios change Odoo's quantities by carteira amounts: only lines sold in the product's unit.
        in_unit = _sold_in_product_unit(today, odoo_lines[ident])
        if quantity >= 4 and quantity == quantity.to_integral_value() and in_unit:
            candidates_by_order.setdefault(odoo_lines[ident]["order_id"], []).append(key)
    order_ids = sorted(candidates_by_order)
    if len(order_ids) < len(_SCENARIOS) + 2:
        raise DemoError(
            f"Os dados gerados com {lines} linhas e semente {seed} têm poucas linhas abertas para a demonstração. "
            "Nada foi alterado; use mais linhas ou outra semente."
        )
    chosen_orders = rng.sample(order_ids, len(_SCENARIOS))
    picked = {name: candidates_by_order[order][0] for name, order in zip(_SCENARIOS, chosen_orders, strict=True)}
    scenario_orders = set(chosen_orders)

    pre_separacoes: list[dict[str, object]] = []
    separacoes: list[dict[str, object]] = []
    lote_counter = 0

    def qty(key: Key) -> Decimal:
        return source[key].qtd_saldo

    def planner() -> str:
        return PLANNERS[(len(pre_separacoes) + len(separacoes)) % len(PLANNERS)]

    def pre(key: Key, qtd: Decimal, hours_before: float, tipo: str | None = None) -> None:
        number = len(pre_separacoes) + 1
        pre_separacoes.append(
            {
                "id": number,
                "num_pedido": key[0],
                "cod_produto": key[1],
                "qtd": str(qtd),
                "criado_em": _moment(hours_before),
                # What the use case would choose: total when it takes the whole line.
                "tipo_envio": tipo or ("total" if qtd == qty(key) else "parcial"),
                "data_expedicao": _day(2 + number % 6),
                "observacao": NOTES[number % len(NOTES)] if number % 3 == 0 else None,
                "criado_por": planner(),
            }
        )

    def sep(
        key: Key, qtd: Decimal, status: str, hours_before: float, lote: str | None = None, *, created: int = 0
    ) -> str:
        """A row of a lote (a new lote unless ``lote`` names one), with the fields its status records."""
        nonlocal lote_counter
        if lote is None:
            lote_counter += 1
            day = (ANCHOR - timedelta(hours=hours_before)).strftime("%Y%m%d")
            lote = f"LOTE-{day}-{lote_counter:04d}"
        shipped = status in ("EMBARCADO", "FATURADO")
        row: dict[str, object] = {
            "id": len(separacoes) + 1,
            "lote": lote,
            "num_pedido": key[0],
            "cod_produto": key[1],
            "qtd": str(qtd),
            "status": status,
            "criado_em": _moment(hours_before),
            "tipo_envio": "total" if qtd == qty(key) else "parcial",
            "criado_por": PLANNERS[(lote_counter + created) % len(PLANNERS)],
            # Shipped lotes left a day or two after they were made; the others ship in the coming days.
            "data_expedicao": _day(-hours_before / 24 + 1) if shipped else _day(1 + lote_counter % 5),
        }
        if status != "ABERTO":
            row["transportadora"] = CARRIERS[lote_counter % len(CARRIERS)]
            row["valor_frete"] = str(Decimal(350 + 85 * (lote_counter % 9)).quantize(Decimal("0.01")))
        if shipped:
            row["data_embarque"] = _day(-hours_before / 24 + 1)
        if status == "FATURADO":
            row["numero_nf"] = str(41_000 + lote_counter)
        separacoes.append(row)
        return lote

    def invoice(key: Key, amount: Decimal) -> None:
        row = odoo_lines[line_of[key]]
        row["qty_invoiced"] = float(Decimal(repr(row["qty_invoiced"])) + amount)
        row["qty_delivered"] = row["qty_invoiced"]
        if CUSTOM_BALANCE_FIELD in row:  # a data set generated with the custom balance field keeps it in step
            row[CUSTOM_BALANCE_FIELD] = float(Decimal(repr(row[CUSTOM_BALANCE_FIELD])) - amount)

    def grow(key: Key, amount: Decimal) -> None:
        row = odoo_lines[line_of[key]]
        row["product_uom_qty"] = float(Decimal(repr(row["product_uom_qty"])) + amount)
        if CUSTOM_BALANCE_FIELD in row:
            row[CUSTOM_BALANCE_FIELD] = float(Decimal(repr(row[CUSTOM_BALANCE_FIELD])) + amount)

    # REDUCAO taken from the saldo livre.
    key = picked["reduce_free"]
    invoice(key, qty(key) / 4)
    # REDUCAO that empties the livre, deletes the newest pré-separação and shrinks the older one.
    key = picked["reduce_pre"]
    pre(key, qty(key) / 2, 72)
    pre(key, qty(key) / 4, 20)
    invoice(key, qty(key) * 5 / 8)
    # REDUCAO into a separação COTADO (the whole line is quoted): CRITICO.
    key = picked["reduce_cotado"]
    sep(key, qty(key), "COTADO", 30)
    invoice(key, qty(key) / 2)
    # REDUCAO below what was loaded: EMBARCADO never changes, the rest is não coberto: CRITICO.
    key = picked["reduce_embarcado"]
    sep(key, qty(key), "EMBARCADO", 50)
    invoice(key, qty(key) / 4)
    # REMOVIDO: the order with a quoted separação is cancelled: CRITICO.
    key = picked["cancel_cotado"]
    sep(key, qty(key) / 2, "COTADO", 26)
    pre(key, qty(key) / 4, 10)
    odoo_orders[odoo_lines[line_of[key]]["order_id"]]["state"] = "cancel"
    # REMOVIDO: the line is fully invoiced while a separação ABERTO waits: ATENCAO.
    key = picked["invoice_aberto"]
    sep(key, qty(key) / 2, "ABERTO", 8)
    invoice(key, qty(key))
    # AUMENTO: the only allocation is a pré-separação that ships whole: it grows with the line.
    key = picked["grow_total"]
    pre(key, qty(key), 12, "total")
    grow(key, qty(key) / 2)
    # AUMENTO into the saldo livre.
    key = picked["grow_free"]
    grow(key, Decimal(10))
    # AUMENTO while a separação is quoted: nothing quoted grows, ATENCAO.
    key = picked["grow_cotado"]
    sep(key, qty(key) / 2, "COTADO", 28)
    sep(key, qty(key) / 4, "FATURADO", 200)
    grow(key, Decimal(6))
    # ALTERADO: the delivery date of a whole order moves a week.
    key = picked["change_date"]
    order = odoo_orders[odoo_lines[line_of[key]]["order_id"]]
    previous = order["commitment_date"]
    base = datetime.strptime(previous, DATETIME_FORMAT) if previous else ANCHOR + timedelta(days=8)
    order["commitment_date"] = (base + timedelta(days=7)).strftime(DATETIME_FORMAT)
    # ALTERADO: a new price on one line.
    key = picked["change_price"]
    row = odoo_lines[line_of[key]]
    row["price_unit"] = float(Decimal(repr(row["price_unit"])) + Decimal("1.50"))
    # NOVO: a product added to an existing order.
    key = picked["new_line"]
    order_id = odoo_lines[line_of[key]]["order_id"]
    present = {r["product_id"] for r in odoo_lines.values() if r["order_id"] == order_id}
    goods = _goods(today)
    products = sorted(set(goods) - present)
    if not products:  # a tiny catalogue: the order already has every product, so one is launched
        new_product = today.next_id("product.product")
        today.model("product.product")[new_product] = {
            "id": new_product,
            "default_code": f"LAN-{new_product:04d}",
            "name": "Lançamento Granola Tradicional 1kg",
            "type": "product",
            "uom_id": 1,
        }
        products = [new_product]
    _add_line(today, order_id, rng.choice(products), Decimal(24))
    # NOVO: a whole new order from the morning.
    new_order = today.next_id("sale.order")
    odoo_orders[new_order] = {
        "id": new_order,
        "name": f"VCD26{new_order:05d}",
        "state": "sale",
        "partner_id": rng.choice(sorted(today.model("res.partner"))),
        "date_order": (ANCHOR + timedelta(hours=22)).strftime(DATETIME_FORMAT),
        "commitment_date": (ANCHOR + timedelta(days=10, hours=1)).strftime(DATETIME_FORMAT),
        "client_order_ref": f"PC-{rng.randint(1000, 99999)}",
    }
    for product in rng.sample(goods, 3):
        _add_line(today, new_order, product, Decimal(rng.choice((12, 20, 36, 50))))

    # Allocations on lines the night leaves alone, so the window shows every status at rest too.
    quiet = [k for k in sorted(line_of) if odoo_lines[line_of[k]]["order_id"] not in scenario_orders]
    rng.shuffle(quiet)
    # An order planned the usual way: a pré-separação of one line, then a lote of two of its lines, quoted.
    by_order: dict[str, list[Key]] = {}
    for key in quiet:
        if qty(key) >= 4:
            by_order.setdefault(key[0], []).append(key)
    planned = next((sorted(keys) for _order, keys in sorted(by_order.items()) if len(keys) >= 2), None)
    if planned is not None:
        first, second = planned[0], planned[1]
        pre(first, (qty(first) / 4).quantize(Decimal("1"), rounding=ROUND_DOWN), 36)
        code = sep(first, (qty(first) / 2).quantize(Decimal("1"), rounding=ROUND_DOWN), "COTADO", 34)
        sep(second, (qty(second) / 2).quantize(Decimal("1"), rounding=ROUND_DOWN), "COTADO", 34, code)
        quiet = [k for k in quiet if k[0] != first[0]]
    statuses = ("ABERTO", "COTADO", "EMBARCADO", "FATURADO")
    for index, key in enumerate(quiet[: max(8, len(quiet) // 8)]):
        # Whole units: a planner allocates boxes, not thirds of a box.
        share = (qty(key) / 3).quantize(Decimal("1"), rounding=ROUND_DOWN)
        if share <= 0:
            continue
        if index % 3 == 0:
            pre(key, share, 40 + index, "total" if index % 2 else "parcial")
        else:
            sep(key, share, statuses[index % 4], 60 + index, created=index)

    state: dict[str, object] = {
        "carteira": [_carteira_row(source[k]) for k in sorted(source)],
        "pre_separacoes": pre_separacoes,
        "separacoes": separacoes,
    }
    return state, today


def _goods(dataset: Dataset) -> list[int]:
    """The catalogue's goods: products with an internal reference that are neither services nor specials."""
    return sorted(
        ident
        for ident, product in dataset.model("product.product").items()
        if product.get("type") in ("product", "consu") and isinstance(product.get("default_code"), str)
    )


def _add_line(dataset: Dataset, order_id: int, product_id: int, quantity: Decimal) -> None:
    lines = dataset.model("sale.order.line")
    ident = dataset.next_id("sale.order.line")
    product = dataset.model("product.product")[product_id]
    lines[ident] = {
        "id": ident,
        "order_id": order_id,
        "product_id": product_id,
        "name": product["name"],
        "sequence": 100,
        "display_type": False,
        "is_downpayment": False,
        "product_uom_qty": float(quantity),
        "product_uom": product.get("uom_id", 1),
        "qty_delivered": 0.0,
        "qty_invoiced": 0.0,
        "price_unit": 19.9,
        "discount": 0.0,
    }
    if CUSTOM_BALANCE_FIELD in dataset.fields.get("sale.order.line", {}):
        lines[ident][CUSTOM_BALANCE_FIELD] = float(quantity)


def _sold_in_product_unit(dataset: Dataset, line: dict[str, Any]) -> bool:
    """Whether an Odoo line is sold in its product's own unit (its quantities are the carteira's)."""
    product = dataset.model("product.product").get(line.get("product_id", 0))
    unit = line.get("product_uom")
    return product is None or not unit or unit == product.get("uom_id")

"""The demo: a local carteira "of yesterday" and the Odoo data "of the next day".

``build_demo(lines, seed)`` returns the local state (the ``seed`` document of CLI.md) and the data set the
local Odoo serves. Yesterday's Odoo is ``generate(lines, seed)``; the carteira is exactly what a sync with the
default settings would have taken from it, with pré-separações and separações in every status. Overnight:

* a line is partly invoiced (REDUCAO from the saldo livre), another eats into two pré-separações, another
  into a separação COTADO (CRITICO), another below what was already loaded (EMBARCADO: não coberto, CRITICO);
* an order with a separação COTADO is cancelled and another line is fully invoiced (REMOVIDO, CRITICO and
  ATENCAO);
* three lines grow (AUMENTO): one whose single pré-separação ships whole, one all livre, one quoted;
* an order's delivery date and a line's price change (ALTERADO);
* a new order and a new line on an existing order arrive (NOVO).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.dataset import ANCHOR, DATETIME_FORMAT, Dataset, generate
from carteira_gui.adapters.odoo.source import OdooRecords, balance_of, map_records
from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.model import Key, SourceLine
from carteira_gui.domain.parsing import parse_source_records

MIN_LINES = 80


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
    names = settings.fields
    orders = dataset.model("sale.order")
    lines = []
    for ident in sorted(dataset.model("sale.order.line")):
        row = dataset.model("sale.order.line")[ident]
        order = orders.get(row[names.order])
        if order is None or order[names.order_state] not in settings.order_states:
            continue
        balance = balance_of(settings, row)
        if isinstance(balance, Decimal) and balance > 0:
            lines.append(row)
    records = OdooRecords(
        lines,
        orders=orders,
        partners=dataset.model("res.partner"),
        states=dataset.model("res.country.state"),
        products=dataset.model("product.product"),
    )
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
        if quantity >= 4 and quantity == quantity.to_integral_value():
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

    def pre(key: Key, qtd: Decimal, hours_before: float, tipo: str = "parcial") -> None:
        pre_separacoes.append(
            {
                "id": len(pre_separacoes) + 1,
                "num_pedido": key[0],
                "cod_produto": key[1],
                "qtd": str(qtd),
                "criado_em": _moment(hours_before),
                "tipo_envio": tipo,
            }
        )

    def sep(key: Key, qtd: Decimal, status: str, hours_before: float, tipo: str = "parcial") -> None:
        nonlocal lote_counter
        lote_counter += 1
        day = (ANCHOR - timedelta(hours=hours_before)).strftime("%Y%m%d")
        separacoes.append(
            {
                "id": len(separacoes) + 1,
                "lote": f"LOTE-{day}-{lote_counter:04d}",
                "num_pedido": key[0],
                "cod_produto": key[1],
                "qtd": str(qtd),
                "status": status,
                "criado_em": _moment(hours_before),
                "tipo_envio": tipo,
            }
        )

    def qty(key: Key) -> Decimal:
        return source[key].qtd_saldo

    def invoice(key: Key, amount: Decimal) -> None:
        row = odoo_lines[line_of[key]]
        row["qty_invoiced"] = float(Decimal(repr(row["qty_invoiced"])) + amount)
        row["qty_delivered"] = row["qty_invoiced"]
        row["qty_saldo"] = float(Decimal(repr(row["qty_saldo"])) - amount)

    def grow(key: Key, amount: Decimal) -> None:
        row = odoo_lines[line_of[key]]
        row["product_uom_qty"] = float(Decimal(repr(row["product_uom_qty"])) + amount)
        row["qty_saldo"] = float(Decimal(repr(row["qty_saldo"])) + amount)

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
    products = sorted(set(today.model("product.product")) - present)
    if not products:  # a tiny catalogue: the order already has every product, so one is launched
        new_product = today.next_id("product.product")
        today.model("product.product")[new_product] = {
            "id": new_product,
            "default_code": f"LAN-{new_product:04d}",
            "name": "Lançamento Granola Tradicional 1kg",
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
    for product in rng.sample(sorted(today.model("product.product")), 3):
        _add_line(today, new_order, product, Decimal(rng.choice((12, 20, 36, 50))))

    # Allocations on lines the night leaves alone, so the window shows every status at rest too.
    quiet = [k for k in sorted(line_of) if odoo_lines[line_of[k]]["order_id"] not in scenario_orders]
    rng.shuffle(quiet)
    statuses = ("ABERTO", "COTADO", "EMBARCADO", "FATURADO")
    for index, key in enumerate(quiet[: max(8, len(quiet) // 8)]):
        # Whole units: a planner allocates boxes, not thirds of a box.
        share = (qty(key) / 3).quantize(Decimal("1"), rounding=ROUND_DOWN)
        if share <= 0:
            continue
        if index % 3 == 0:
            pre(key, share, 40 + index, "total" if index % 2 else "parcial")
        else:
            sep(key, share, statuses[index % 4], 60 + index)

    state: dict[str, object] = {
        "carteira": [_carteira_row(source[k]) for k in sorted(source)],
        "pre_separacoes": pre_separacoes,
        "separacoes": separacoes,
    }
    return state, today


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
        "product_uom_qty": float(quantity),
        "qty_delivered": 0.0,
        "qty_invoiced": 0.0,
        "qty_saldo": float(quantity),
        "price_unit": 19.9,
    }

"""What the local Odoo serves, worked out from its records: for the tests' expected counts."""

from __future__ import annotations

from typing import Any

from carteira_gui.adapters.odoo.server import OdooTestServer


def served_lines(srv: OdooTestServer) -> list[dict[str, Any]]:
    """The lines the default filter selects: confirmed orders' goods lines with a quantity."""
    orders = srv.records("sale.order")
    products = srv.records("product.product")
    return [
        line
        for line in srv.records("sale.order.line").values()
        if orders[line["order_id"]]["state"] == "sale"
        and not line["display_type"]
        and not line["is_downpayment"]
        and products[line["product_id"]]["type"] not in ("service", "combo")
        and line["product_uom_qty"] > 0
    ]

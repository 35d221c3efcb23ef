"""What the local Odoo serves, worked out from its records, and the settings that point at it: for the tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.server import OdooTestServer


def odoo_settings(srv: OdooTestServer, protocol: str = "jsonrpc", **changes: Any) -> OdooSettings:
    """Settings for ``srv`` over ``protocol`` (the API key with JSON-2), quick retries, ``changes`` applied."""
    base = OdooSettings(
        url=srv.url,
        database="demo",
        user="admin",
        password="admin",
        api_key="admin" if protocol == "json2" else None,
        protocol=protocol,  # type: ignore[arg-type]
        retry_backoff_s=0.001,
        retry_backoff_max_s=0.01,
        timeout_s=10,
    )
    return dataclasses.replace(base, **changes)


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

"""The open sale-order lines of Odoo, as a ``Source`` of the sync.

The fetch is built to stay cheap on 100,000 lines and to never return part of them:

1. ``search_count`` with the filter (it sizes the progress bar and tells when the last page arrived);
2. pages of ``search_read`` with keyset pagination (``id > last``, ordered by id, ``page_size`` rows, only the
   needed fields, many2one fields as bare ids): unlike offsets, a page costs the same at the end as at the start;
3. the related records (orders, partners and their commercial entities, states, products, units) read by id in
   batches of ``batch_size``, each id once, a batch as soon as it is full (while pages still come) and the rest
   after the lines: for N lines that is ceil(N / page) + Σ ceil(distinct ids / batch) + 3 requests with
   JSON-RPC (``version_info``, ``login`` and ``search_count`` are the 3; JSON-2 has ``GET /web/version``
   instead of the first two);
4. units: a line sold in another unit than its product's is converted to the product's unit with the factors
   of ``uom.uom``, as Odoo's ``_compute_quantity`` does (``convert_quantity``), and so is its price;
5. mapping to source lines and validation by ``parse_source_records`` (duplicates summed after converting,
   every bad record named by its ``sale.order.line`` id).

The requests go out one at a time, in that order, from one background thread (``CallQueue``): the next page is
asked for as soon as a page arrives, so Odoo prepares it while this side computes the page's balances and maps
its lines (``_LineMapper``). Progress is reported, and callbacks run, on the caller's thread.

Any failure raises (nothing is sent after it); cancellation is checked between requests; nothing is returned
until everything arrived.
When Odoo changes under the fetch (fewer lines than counted, a related record gone: real Odoo's ``read`` leaves
out ids that no longer exist) the fetch starts again once, then says Odoo is changing.

Balance: ``faturado`` is ``product_uom_qty - qty_invoiced`` and ``entregue`` ``product_uom_qty - qty_delivered``;
a domain cannot compare two fields, so the filter asks for ``product_uom_qty > 0`` and lines whose computed
balance is ≤ 0 are dropped after reading, before their related records are read. With a custom
``balance_field`` the filter asks Odoo for ``balance_field > 0``. docs/odoo.md tells the whole mapping.

The module is long because the fetch is one piece: the filter, the reading, the balance, the units (Odoo's
``_compute_quantity`` and ``float_round`` in decimals), the client and the mapping must agree with each other.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal
from itertools import compress, count, islice, repeat
from operator import and_, ge, is_, is_not, itemgetter, ne, not_, truth
from typing import Any, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carteira_gui.adapters.odoo.config import DEFAULT_ORDER_STATES, OdooFieldNames, OdooSettings, and_domains
from carteira_gui.adapters.odoo.errors import (
    OdooChangedDuringFetch,
    OdooMalformedAnswer,
    OdooProductsWithoutCode,
    OdooSettingsError,
    OdooUnknownField,
)
from carteira_gui.adapters.odoo.transport import CallQueue, Transport, make_transport, parse_version
from carteira_gui.domain.errors import InvalidSource
from carteira_gui.domain.model import CAMPOS, Key, SourceData, SourceLine, parse_decimal
from carteira_gui.domain.parsing import (
    SourceBuilder,
    SourceColumns,
    make_source_lines,
    parse_source_records,
    precos_at_once,
)
from carteira_gui.services.memory import collector_paused, quick_thread_switches
from carteira_gui.services.ports import CancelToken, FetchProgress, ProgressCallback

logger = logging.getLogger(__name__)

LINE_MODEL = "sale.order.line"
ORDER_MODEL = "sale.order"
PARTNER_MODEL = "res.partner"
PRODUCT_MODEL = "product.product"
STATE_MODEL = "res.country.state"
UOM_MODEL = "uom.uom"
#: Product types that are not goods to ship: services, and Odoo 19's combos (their items are lines of their own).
NOT_GOODS = ("service", "combo")

TransportFactory = Callable[[OdooSettings, CancelToken | None], Transport]
Row = dict[str, object]
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
#: Odoo's float_round corrects the binary noise of its floats by 2**(log2|x| - 52), i.e. |x| * 2**-52.
_EPSILON = Decimal(2) ** -52
_EXACT = Context(prec=50)
_PRICE_PLACES = Decimal("0.0001")
_MISSING: Any = object()
_ID = itemgetter("id")
#: 1 − discount/100 by Odoo's discount (a handful of distinct percentages), computed once.
_DISCOUNT_FACTORS: dict[float, Decimal] = {}


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What the fetch must know of the server it talks to: its version."""

    version: str = "17.0"

    @property
    def major(self) -> int:
        """The major version (17, 19); 0 when the version text is not understood."""
        return parse_version(self.version)[0]

    @property
    def uom_v19(self) -> bool:
        """Whether units follow Odoo 19 (no categories; ``factor`` = reference units held by one unit)."""
        return self.major >= 19


ODOO_17 = ServerInfo("17.0")


def order_states(settings: OdooSettings, server: ServerInfo = ODOO_17) -> list[str]:
    """The order states of the filter: as configured, plus ``done`` on Odoo 16 and older while it is the default.

    Odoo 16 had a ``done`` (locked) state for confirmed orders; Odoo 17 turned it into a flag.
    """
    states = list(settings.order_states)
    if settings.order_states == DEFAULT_ORDER_STATES and 0 < server.major <= 16:
        states.append("done")
    return states


def build_domain(settings: OdooSettings, server: ServerInfo = ODOO_17) -> list[object]:
    """The filter of the open lines (all ANDed).

    Order state, no section or note line, no down payment, no service (or combo) product, balance > 0, the
    owned prefixes and the extra terms of the settings.
    """
    names = settings.fields
    base: list[object] = [
        (f"{names.order}.{names.order_state}", "in", order_states(settings, server)),
        (names.display_type, "=", False),
        (names.downpayment, "=", False),
        (f"{names.product}.{names.product_type}", "not in", list(NOT_GOODS)),
    ]
    if settings.balance_field:
        base.append((settings.balance_field, ">", 0))
    else:
        base.append((names.quantity, ">", 0))
    prefixes: list[object] = []
    if settings.owned_prefixes:
        prefixes = ["|"] * (len(settings.owned_prefixes) - 1)
        prefixes += [
            (f"{names.order}.{names.order_name}", "=like", _like_escape(prefix) + "%")
            for prefix in settings.owned_prefixes
        ]
    return and_domains(base, prefixes, list(settings.extra_domain))


def _like_escape(text: str) -> str:
    # In =like patterns % and _ are wildcards; a prefix such as "VCD_" means those characters literally.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def balance_fields(settings: OdooSettings) -> list[str]:
    """The ``sale.order.line`` fields the balance is computed from."""
    names = settings.fields
    mode = settings.balance_mode
    if mode == "campo":
        assert settings.balance_field is not None
        return [settings.balance_field]
    return [names.quantity, names.delivered if mode == "entregue" else names.invoiced]


def line_fields(settings: OdooSettings, server: ServerInfo = ODOO_17) -> list[str]:
    """The ``sale.order.line`` fields a fetch reads."""
    names = settings.fields
    return [
        names.order,
        names.product,
        names.line_uom_for(server.major),
        *balance_fields(settings),
        names.price,
        names.discount,
    ]


def related_fields(settings: OdooSettings, server: ServerInfo = ODOO_17) -> dict[str, list[str]]:
    """The fields read on each related model."""
    names = settings.fields
    uom = [names.uom_name, names.uom_factor, names.uom_rounding]
    if not server.uom_v19:
        uom.append(names.uom_category)
    return {
        ORDER_MODEL: [names.order_name, names.order_partner, names.order_date, names.commitment_date],
        PARTNER_MODEL: [
            names.partner_name,
            names.partner_vat,
            names.partner_city,
            names.partner_state,
            names.partner_commercial,
        ],
        STATE_MODEL: [names.state_code],
        PRODUCT_MODEL: [names.product_code, names.product_name, names.product_uom],
        UOM_MODEL: uom,
    }


def resolve_timezone(name: str) -> tzinfo:
    """The zone Odoo's UTC datetimes are turned into dates in.

    Falls back to a fixed UTC−03:00 for São Paulo on machines without the time-zone database (Windows
    without the ``tzdata`` package); Brazil has had no daylight saving time since 2019.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == "America/Sao_Paulo":
            return timezone(timedelta(hours=-3))
        raise OdooSettingsError([f"fuso horário {name!r} desconhecido"]) from None


def local_date(value: object, zone: tzinfo) -> object:
    """Turn an Odoo datetime (UTC text) into the local ISO date; dates and odd values pass unchanged.

    Odoo stores datetimes in UTC: an order confirmed at 22:30 in São Paulo is stored as the next day.
    Values that are not datetimes are passed on for ``parse_source_records`` to judge.
    """
    if value is False or value is None:
        return None
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) <= 10:
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date().isoformat()


def _m2o_id(value: object, url: str, where: str) -> int | None:
    """The id of a many2one value (a bare id, ``[id, name]``, or ``False``)."""
    if type(value) is int and value > 0:
        return value  # the shape the fetch asks for (load=None), checked first: this runs several times per line
    if value is False or value is None:
        return None
    if isinstance(value, list | tuple) and value:
        value = value[0]
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise OdooMalformedAnswer(url, f"{where} não é uma referência válida")


def _text(value: object) -> object:
    # Odoo sends False for an empty field of any type.
    return None if value is False else value


def balance_of(settings: OdooSettings, row: Mapping[str, object]) -> object:
    """The open balance of a line in the line's unit, as Odoo says it.

    ``faturado``: ordered − invoiced; ``entregue``: ordered − delivered; ``campo``: the configured field. A
    non-numeric value is returned as is (to be flagged by the validation, naming the line).
    """
    if settings.balance_field:
        return _number(row.get(settings.balance_field))
    names = settings.fields
    quantity = parse_decimal(row.get(names.quantity))
    done_name = names.delivered if settings.balance == "entregue" else names.invoiced
    done = parse_decimal(row.get(done_name))
    if quantity is None:
        return row.get(names.quantity)
    if done is None:
        done_raw = row.get(done_name)
        # An empty qty_invoiced / qty_delivered (False) means nothing invoiced or delivered; else not a number.
        if done_raw is not False and done_raw is not None:
            return done_raw
        done = _ZERO
    return quantity - done


def _number(value: object) -> object:
    """A number of Odoo as ``Decimal`` (converted like any other quantity); anything else as it is."""
    if type(value) is float or type(value) is int:
        exact = parse_decimal(value)
        return value if exact is None else exact
    return value


class _BalanceReader:
    """``balance_of`` for a whole fetch, each distinct float of Odoo converted to ``Decimal`` once.

    Quantities repeat across 100,000 lines (a few hundred distinct values): the conversion through the float's
    shortest repr is then done a few hundred times, not 200,000.
    """

    __slots__ = ("_balances", "_cache", "_custom", "_done", "_open", "_quantity", "_settings")

    def __init__(self, settings: OdooSettings) -> None:
        names = settings.fields
        self._settings = settings
        self._custom = settings.balance_field
        self._quantity = names.quantity
        self._done = names.delivered if settings.balance == "entregue" else names.invoiced
        self._cache: dict[float, Decimal | None] = {}
        #: By (ordered, done) pair of floats: the balance, and whether the line is open.
        self._balances: dict[tuple[float, float], Decimal] = {}
        self._open: dict[tuple[float, float], bool] = {}

    def page(self, rows: list[Row]) -> tuple[list[object], list[bool] | None]:
        """The balances of a page of lines, and whether each line is open (``None``: all of them).

        The usual page (both quantities floats) is computed per distinct pair of quantities, the rest in C.
        """
        settings = self._settings
        if self._custom:
            values = list(map(itemgetter(self._custom), rows))  # _rows checked that every field is there
            if _types_within(values, _FLOAT):
                return list(map(self._exact, values)), None  # Odoo filtered on the custom balance already
            return list(map(self, rows)), None
        quantities = list(map(itemgetter(self._quantity), rows))  # _rows checked that every field is there
        done = list(map(itemgetter(self._done), rows))
        if _types_within(quantities, _FLOAT) and _types_within(done, _FLOAT):
            pairs = list(zip(quantities, done, strict=True))
            balances, opened, decimal = self._balances, self._open, self._decimal
            for pair in set(pairs).difference(balances):
                exact_quantity, exact_done = decimal(pair[0]), decimal(pair[1])
                if exact_quantity is not None and exact_done is not None:
                    balance = balances[pair] = exact_quantity - exact_done
                    opened[pair] = balance > 0
            try:
                return list(map(balances.__getitem__, pairs)), list(map(opened.__getitem__, pairs))
            except KeyError:  # a float that is not a number: line by line below
                pass
        found_balances = list(map(self, rows))
        return found_balances, [is_open(settings, balance) for balance in found_balances]

    def _decimal(self, value: float) -> Decimal | None:
        """``parse_decimal(value)``, each distinct float converted once."""
        found = self._cache.get(value, _MISSING)
        if found is _MISSING:
            found = self._cache[value] = parse_decimal(value)
        return found  # type: ignore[no-any-return]

    def _exact(self, value: float) -> Decimal | float:
        """``value`` as ``Decimal`` (a NaN or infinity stays a float)."""
        found = self._decimal(value)
        return value if found is None else found

    def __call__(self, row: Mapping[str, object]) -> object:
        if self._custom:
            return _number(row.get(self._custom))
        quantity, done = row.get(self._quantity), row.get(self._done)
        if type(quantity) is float and type(done) is float:
            exact_quantity, exact_done = self._decimal(quantity), self._decimal(done)
            if exact_quantity is not None and exact_done is not None:
                return exact_quantity - exact_done
        return balance_of(self._settings, row)


def is_open(settings: OdooSettings, balance: object) -> bool:
    """Whether a line belongs to the carteira: a computed balance ≤ 0 means fully invoiced (or delivered).

    With a custom balance field Odoo already filtered ``> 0``; whatever arrives is validated, not dropped.
    """
    if settings.balance_field:
        return True
    return not (isinstance(balance, Decimal) and balance <= 0)


def float_round_up(value: Decimal, rounding: Decimal) -> Decimal:
    """Odoo's ``float_round(value, precision_rounding=rounding, rounding_method='UP')`` in exact decimals.

    Away from zero to a multiple of ``rounding``, after Odoo's correction of binary noise (the value is first
    moved towards zero by |value / rounding| × 2⁻⁵², so that 24.000000000000004 stays 24). A rounding ≤ 0
    leaves the value as it is.
    """
    if value == 0 or rounding <= 0:
        return value
    normalized = _EXACT.divide(value, rounding)
    magnitude = abs(normalized)
    steps = _EXACT.subtract(magnitude, _EXACT.multiply(magnitude, _EPSILON)).to_integral_value(ROUND_CEILING)
    result = _EXACT.multiply(steps, rounding)
    return result if normalized > 0 else -result


@dataclass(frozen=True, slots=True)
class UnitConversion:
    """From a line's unit to its product's unit: ``quantity × ratio`` rounded up, ``price ÷ ratio``."""

    ratio: Decimal
    rounding: Decimal

    def quantity(self, value: Decimal) -> Decimal:
        """The quantity in the product's unit, as Odoo's ``_compute_quantity`` (rounding 'UP') gives it."""
        return float_round_up(_EXACT.multiply(value, self.ratio), self.rounding)

    def price(self, value: Decimal) -> Decimal:
        """The price per product unit (Odoo's ``_compute_price``: no rounding)."""
        return _EXACT.divide(value, self.ratio)


def unit_conversion(
    line_uom: Mapping[str, object], product_uom: Mapping[str, object], names: OdooFieldNames, server: ServerInfo
) -> UnitConversion | str:
    """How a quantity in ``line_uom`` becomes one in ``product_uom``, or why it cannot (a pt-BR phrase).

    Odoo 17 stores in ``factor`` how many of a unit make one reference unit (a Dúzia: 1/12) and converts
    ``qty / from.factor * to.factor``; Odoo 19 stores how many reference units a unit holds (a Dúzia: 12) and
    converts ``qty * from.factor / to.factor``. Odoo 17 refuses units of different categories.
    """
    from_name, to_name = line_uom.get(names.uom_name), product_uom.get(names.uom_name)
    if not server.uom_v19:
        from_category = line_uom.get(names.uom_category)
        to_category = product_uom.get(names.uom_category)
        if _bare(from_category) != _bare(to_category):
            return (
                f"a unidade {_text(from_name)!r} da linha não é da mesma categoria que {_text(to_name)!r}, a "
                "unidade do produto (corrija a unidade da linha ou a do produto no Odoo)"
            )
    from_factor = parse_decimal(line_uom.get(names.uom_factor))
    to_factor = parse_decimal(product_uom.get(names.uom_factor))
    rounding = parse_decimal(product_uom.get(names.uom_rounding))
    if not from_factor or not to_factor or from_factor < 0 or to_factor < 0 or rounding is None:
        return f"as unidades {_text(from_name)!r} e {_text(to_name)!r} não têm fatores de conversão válidos no Odoo"
    ratio = _EXACT.divide(from_factor, to_factor) if server.uom_v19 else _EXACT.divide(to_factor, from_factor)
    return UnitConversion(ratio, rounding)


def _bare(value: object) -> object:
    if isinstance(value, list | tuple) and value:
        return value[0]
    return value


@dataclass(slots=True)
class OdooRecords:
    """What a fetch read: the open lines and their related records by id."""

    lines: list[Row]
    orders: dict[int, Row] = field(default_factory=dict)
    partners: dict[int, Row] = field(default_factory=dict)
    states: dict[int, Row] = field(default_factory=dict)
    products: dict[int, Row] = field(default_factory=dict)
    uoms: dict[int, Row] = field(default_factory=dict)
    #: Balances by line id, in the line's unit, when already computed (the fetch computes them while paging).
    balances: dict[int, object] = field(default_factory=dict)
    server: ServerInfo = ODOO_17


def codeless_lines(settings: OdooSettings, records: OdooRecords) -> list[Row]:
    """The lines whose product has no internal reference (no cod_produto), in line order."""
    names = settings.fields
    url = settings.display_url
    missing: set[int] = set()
    for ident, product in records.products.items():
        code = product.get(names.product_code)
        if code is False or code is None or (isinstance(code, str) and not code.strip()):
            missing.add(ident)
    if not missing:
        return []
    return [
        row
        for row in records.lines
        if _m2o_id(row.get(names.product), url, f"{LINE_MODEL} {row['id']}: {names.product}") in missing
    ]


def leave_out_codeless(settings: OdooSettings, records: OdooRecords) -> list[str]:
    """Apply ``lines_without_code`` to ``records``: refuse the fetch, or remove those lines and describe them.

    Refusing raises ``OdooProductsWithoutCode`` naming every product. Leaving out returns one pt-BR text per
    line left out (``sale.order.line 42 (VCD2600123): Brinde promocional, product.product 9, sem referência
    interna``) for the plan to count and list.
    """
    lines = codeless_lines(settings, records)
    if not lines:
        return []
    names = settings.fields
    url = settings.display_url
    by_product: dict[int, list[Row]] = {}
    for row in lines:
        product_id = _m2o_id(row.get(names.product), url, f"{LINE_MODEL} {row['id']}: {names.product}")
        assert product_id is not None
        by_product.setdefault(product_id, []).append(row)
    if settings.lines_without_code == "recusar":
        products = [
            (ident, str(_text(records.products[ident].get(names.product_name)) or ""), len(rows))
            for ident, rows in sorted(by_product.items())
        ]
        raise OdooProductsWithoutCode(url, products)
    dropped = {id(row) for row in lines}
    records.lines = [row for row in records.lines if id(row) not in dropped]
    texts: list[str] = []
    for row in lines:
        product_id = _m2o_id(row.get(names.product), url, f"{LINE_MODEL} {row['id']}: {names.product}")
        order_id = _m2o_id(row.get(names.order), url, f"{LINE_MODEL} {row['id']}: {names.order}")
        order = records.orders.get(order_id) if order_id is not None else None
        pedido = _text(order.get(names.order_name)) if order else None
        product = records.products[product_id] if product_id is not None else {}
        texts.append(
            f"{LINE_MODEL} {row['id']} ({pedido or 'pedido sem número'}): "
            f"{_text(product.get(names.product_name)) or 'produto sem nome'}, {PRODUCT_MODEL} {product_id}, "
            "sem referência interna"
        )
    return texts


def map_records(settings: OdooSettings, records: OdooRecords) -> tuple[list[Row], list[str]]:
    """Map Odoo records to source lines (docs/comando.md format) and their labels (``sale.order.line <id>``).

    Quantities and prices of lines sold in another unit are converted to the product's unit; the price is the
    net unit price (``price_unit`` less ``discount`` %), per product unit, and ``desconto`` carries the
    discount. Order, client, product and unit-pair parts are mapped once: 100,000 lines share about 25,000
    orders, 2,000 clients, 1,500 products and a handful of units. Raises ``InvalidSource`` naming every line
    whose unit cannot be converted.
    """
    names = settings.fields
    url = settings.display_url
    server = records.server
    zone = resolve_timezone(settings.timezone)
    order_field, product_field, uom_field = names.order, names.product, names.line_uom_for(server.major)
    price_field, discount_field = names.price, names.discount
    by_order: dict[object, Row] = {}
    by_client: dict[int | None, Row] = {}
    dates = _LocalDates(zone)
    by_product: dict[object, tuple[Row, int | None]] = {}
    conversions: dict[tuple[int, int], UnitConversion | str] = {}
    balances = records.balances
    result: list[Row] = []
    labels: list[str] = []
    problems: list[str] = []
    append, label = result.append, labels.append
    for row in records.lines:
        line_id: Any = row["id"]
        # Many2one values arrive as bare ids (load=None): the raw value is the cache key, checked once.
        order_value = row.get(order_field)
        order_part = by_order.get(order_value) if type(order_value) is int else None
        if order_part is None:
            order_id = _m2o_id(order_value, url, f"{LINE_MODEL} {line_id}: {order_field}")
            order_part = _map_order(settings, records, order_id, dates, url, by_client)
            if type(order_value) is int:
                by_order[order_value] = order_part
        product_value = row.get(product_field)
        product_entry = by_product.get(product_value) if type(product_value) is int else None
        if product_entry is None:
            product_id = _m2o_id(product_value, url, f"{LINE_MODEL} {line_id}: {product_field}")
            product_entry = _map_product(names, records, product_id, url)
            if type(product_value) is int:
                by_product[product_value] = product_entry
        product_part, product_uom = product_entry
        balance = balances.get(line_id, _MISSING)
        if balance is _MISSING:
            balance = balance_of(settings, row)
        price = row.get(price_field)
        discount = row.get(discount_field, 0)
        line_uom = row.get(uom_field)
        conversion: UnitConversion | None = None
        if line_uom != product_uom and product_uom is not None and line_uom is not False and line_uom is not None:
            line_uom_id = _m2o_id(line_uom, url, f"{LINE_MODEL} {line_id}: {uom_field}")
            if line_uom_id is not None and line_uom_id != product_uom:
                pair = (line_uom_id, product_uom)
                known = conversions.get(pair)
                if known is None:
                    from_uom, to_uom = records.uoms.get(line_uom_id), records.uoms.get(product_uom)
                    if from_uom is None or to_uom is None:
                        known = "a unidade da linha ou a do produto não foi lida do Odoo"
                    else:
                        known = unit_conversion(from_uom, to_uom, names, server)
                    conversions[pair] = known
                if isinstance(known, str):
                    problems.append(f"{LINE_MODEL} {line_id}: {known}")
                    continue
                conversion = known
                if isinstance(balance, Decimal):
                    balance = conversion.quantity(balance)
        if discount or conversion is not None:
            price = _net_price(price, discount, conversion, url, line_id)
        elif price is False:
            price = None
        append({**order_part, **product_part, "qtd_saldo": balance, "preco": price, "desconto": discount})
        label(f"{LINE_MODEL} {line_id}")
    if problems:
        raise InvalidSource(f"Odoo {url} (base {settings.database})", problems)
    return result, labels


def _net_price(price: object, discount: object, conversion: UnitConversion | None, url: str, line_id: object) -> object:
    """``price × (1 − discount/100)`` per product unit, as decimal text; a non-numeric price is passed on.

    Text, not ``Decimal``: the other lines' prices are Odoo's floats, and the validation reads a column of
    floats and decimal texts in one pass.
    """
    value = parse_decimal(price)
    if value is None:
        return None if price is False else price
    return f"{_net_decimal(value, discount, conversion, url, line_id):f}"


def _net_decimal(
    value: Decimal, discount: object, conversion: UnitConversion | None, url: str, line_id: object
) -> Decimal:
    """``value × (1 − discount/100)`` per product unit, with the carteira's 4 places when it fits in them."""
    factor = _discount_factor(discount, url, line_id)
    if factor != 1:
        value = _EXACT.multiply(value, factor)
    if conversion is not None:
        value = conversion.price(value)
    if value.adjusted() >= 14:
        return value  # too large for a price: the validation names the line
    # The carteira keeps prices with 4 places; rounding here keeps the exact quotient out of the parser.
    return value.quantize(_PRICE_PLACES, rounding=ROUND_HALF_UP)


def _discount_factor(discount: object, url: str, line_id: object) -> Decimal:
    """``1 − discount/100``, exact (each distinct float discount worked out once per process)."""
    factor = _DISCOUNT_FACTORS.get(discount) if type(discount) is float else None
    if factor is None:
        rate = parse_decimal(discount) if discount is not False else _ZERO
        if rate is None:
            raise OdooMalformedAnswer(url, f"{LINE_MODEL} {line_id}: o desconto não é um número")
        factor = _EXACT.subtract(Decimal(1), _EXACT.divide(rate, _HUNDRED))
        if type(discount) is float and len(_DISCOUNT_FACTORS) < 10_000:
            _DISCOUNT_FACTORS[discount] = factor
    return factor


def _map_product(
    names: OdooFieldNames, records: OdooRecords, product_id: int | None, url: str
) -> tuple[Row, int | None]:
    """The product's fields of a line, and the id of the product's unit."""
    product = records.products.get(product_id) if product_id is not None else None
    if product is None:
        return {"cod_produto": None, "nome_produto": None}, None
    unit = _m2o_id(product.get(names.product_uom), url, f"{PRODUCT_MODEL} {product_id}: {names.product_uom}")
    return {
        "cod_produto": _text(product.get(names.product_code)),
        "nome_produto": _text(product.get(names.product_name)),
    }, unit


class _LocalDates:
    """``local_date`` with each distinct Odoo datetime converted once, and each UTC hour once when it can be.

    Delivery dates repeat a lot; order dates carry their second, so nearly every order has its own. Within
    one UTC hour every instant falls on the same local day when the zone's offset is the same whole number
    of hours at the start and at the end of that hour (always, in São Paulo): ``YYYY-MM-DD HH:MM:SS`` is then
    answered by its hour.
    """

    __slots__ = ("_cache", "_hours", "_zone")

    def __init__(self, zone: tzinfo) -> None:
        self._zone = zone
        self._cache: dict[object, object] = {False: None}  # Odoo's empty date
        #: By ``YYYY-MM-DD HH`` (UTC): the local day of the whole hour, or ``None`` when it is not one day.
        self._hours: dict[str, str | None] = {}

    def __call__(self, value: object) -> object:
        if type(value) is not str:
            return local_date(value, self._zone)
        if _MINUTES_SECONDS.fullmatch(value, 13):
            hour = value[:13]
            day = self._hours.get(hour, _MISSING)
            if day is _MISSING:
                day = self._hours[hour] = self._day_of_hour(hour)
            if day is not None:
                return day
        found = self._cache.get(value, _MISSING)
        if found is _MISSING:
            found = self._cache[value] = local_date(value, self._zone)
        return found

    def many(self, values: list[Any]) -> list[Any]:
        """``[self(value) for value in values]``; the usual column (Odoo datetimes, ``False``) mostly in C."""
        if not _types_within(values, _STR_OR_BOOL):
            return [self(value) for value in values]
        found: list[Any] = list(map(self._cache.get, values, repeat(_MISSING)))
        positions = list(compress(count(), map(is_, found, repeat(_MISSING))))
        if not positions:
            return found
        texts: list[Any] = list(map(values.__getitem__, positions))
        days: list[Any]
        if _types_within(texts, _STR) and all(map(_MINUTES_SECONDS.fullmatch, texts, repeat(13))):
            table = self._hours
            hours: list[str] = list(map(_HOUR_OF, texts))
            for hour in set(hours).difference(table):
                table[hour] = self._day_of_hour(hour)
            days = list(map(table.__getitem__, hours))
            if None in days:  # an hour that is not one local day
                days = [self(text) if day is None else day for day, text in zip(days, texts, strict=True)]
        else:
            days = [self(text) for text in texts]
        if len(positions) == len(values):
            return days
        for position, day in zip(positions, days, strict=True):
            found[position] = day
        return found

    def _day_of_hour(self, hour: str) -> str | None:
        try:
            start = datetime.fromisoformat(f"{hour}:00:00").replace(tzinfo=UTC)
        except ValueError:
            return None
        first, last = start.astimezone(self._zone), (start + timedelta(seconds=3599)).astimezone(self._zone)
        offset = first.utcoffset()
        if offset is None or offset != last.utcoffset() or offset % timedelta(hours=1):
            return None
        return first.date().isoformat()


#: The minutes and seconds of an Odoo datetime (``YYYY-MM-DD HH:MM:SS``), from its 14th character.
_MINUTES_SECONDS = re.compile(r":[0-5][0-9]:[0-5][0-9]")
_HOUR_OF = itemgetter(slice(0, 13))  # YYYY-MM-DD HH


def _map_order(
    settings: OdooSettings,
    records: OdooRecords,
    order_id: int | None,
    dates: _LocalDates,
    url: str,
    by_client: dict[int | None, Row],
) -> Row:
    """The order's fields; the client is the commercial entity of the order's partner (the company)."""
    names = settings.fields
    order = records.orders.get(order_id) if order_id is not None else None
    if order is None:
        return {
            "num_pedido": None,
            "cliente": None,
            "cnpj_cpf": None,
            "municipio": None,
            "uf": None,
            "data_pedido": None,
            "data_entrega": None,
        }
    partner_id = _m2o_id(order.get(names.order_partner), url, f"{ORDER_MODEL} {order_id}: {names.order_partner}")
    client = by_client.get(partner_id)
    if client is None:
        client = by_client[partner_id] = _map_client(names, records, partner_id, url)
    return {
        "num_pedido": _text(order.get(names.order_name)),
        **client,
        "data_pedido": dates(order.get(names.order_date)),
        "data_entrega": dates(order.get(names.commitment_date)),
    }


def _map_client(names: OdooFieldNames, records: OdooRecords, partner_id: int | None, url: str) -> Row:
    """Client, CNPJ/CPF, city and UF of the commercial entity of ``partner_id`` (itself when it is one)."""
    partner = records.partners.get(partner_id) if partner_id is not None else None
    if partner is not None:
        commercial_id = _m2o_id(
            partner.get(names.partner_commercial), url, f"{PARTNER_MODEL} {partner_id}: {names.partner_commercial}"
        )
        if commercial_id is not None and commercial_id != partner_id:
            partner = records.partners.get(commercial_id, partner)
            partner_id = commercial_id
    if partner is None:
        return {"cliente": None, "cnpj_cpf": None, "municipio": None, "uf": None}
    state_id = _m2o_id(partner.get(names.partner_state), url, f"{PARTNER_MODEL} {partner_id}: {names.partner_state}")
    state = records.states.get(state_id) if state_id is not None else None
    return {
        "cliente": _text(partner.get(names.partner_name)),
        "cnpj_cpf": _text(partner.get(names.partner_vat)),
        "municipio": _text(partner.get(names.partner_city)),
        "uf": _text(state.get(names.state_code)) if state else None,
    }


class _LineMapper:
    """``map_records`` and the validation for the usual answer, done column by column as the answers arrive.

    The reading feeds it each page of open lines (``add_lines``: each line's balance and net price, validated
    while Odoo prepares the next page), each batch of orders (``add_orders``: number and dates; ``release``
    then queues their lines), the products (``add_products``: code and name) and the clients
    (``add_clients``), each while Odoo answers the next read; each distinct order, product and client is
    validated once, by the domain's ``SourceColumns``, the column pass of ``parse_source_records``.
    ``advance`` makes the lines whose records are all known, in short steps, and hands them to the source in
    record order; ``result`` then makes the last ones and returns the source. Only what Odoo sends when asked with
    ``load=None`` is taken this way (many2one values as ids, numbers as numbers) and only values the column
    pass accepts; anything else turns it off (``clean`` false), and the fetch then calls ``map_records`` and
    ``parse_source_records``, which name every problem. tests/unit/test_odoo_mapping.py holds the two to the
    same validated source.
    """

    def __init__(self, settings: OdooSettings, server: ServerInfo) -> None:
        names = settings.fields
        self.clean = True
        self._settings = settings
        self._names = names
        self._server = server
        self._url = settings.display_url
        self._price, self._discount = names.price, names.discount
        self._dates = _LocalDates(resolve_timezone(settings.timezone))
        self._columns = SourceColumns()
        # By line, in the order of the lines: the line's own values and what it points to.
        self._ids: list[int] = []
        self._orders: list[int] = []
        self._products: list[int] = []
        self._units: list[object] = []
        self._balances: list[object] = []  # in the line's unit, as computed (converted lines need it)
        self._quantities: list[object] = []  # validated qtd_saldo
        self._precos: list[object] = []  # validated preco
        #: By order: its validated number and dates, and its partner; by partner: the validated client.
        self._order_parts: dict[int, tuple[object, object, object]] = {}
        self._partners: dict[int, int | None] = {}
        self._clients: dict[int | None, tuple[object, ...]] = {}
        #: By product: validated cod_produto and nome_produto, and the id of its unit.
        self._product_parts: dict[int, tuple[object, object]] = {}
        self._product_units: dict[int, int | None] = {}
        self._conversions: dict[tuple[int, int], UnitConversion | str] = {}
        self._converted: dict[tuple[UnitConversion, Decimal], Decimal] = {}  # balances repeat: each converted once
        self._problems: list[str] = []
        #: By line: its source line once made, and its key.
        self._made: list[SourceLine | None] = []
        self._keys: list[Key | None] = []
        #: The source, given the made lines as soon as all before them are made (in record order, as the
        #: duplicates are summed), so that little is left for after the last answer: ``_built`` lines so far.
        self._builder = SourceBuilder(_Labels(self._ids))
        self._built = 0
        #: The lines not made yet: while their order is not read; to be looked at; looked at and waiting for a
        #: client, a product or the units.
        self._orderless: list[int] = []
        self._queue: list[int] = []
        self._blocked: list[int] = []

    @property
    def waiting(self) -> bool:
        """Whether lines are waiting to be looked at (``advance``)."""
        return bool(self._queue)

    def recheck(self) -> None:
        """Look again at the lines that waited for a client, a product or the units (more were read)."""
        if self._blocked:
            self._queue = sorted(self._queue + self._blocked)  # sorted runs: merged in C
            self._blocked = []

    def _stop(self) -> None:
        """Leave the mapping to ``map_records``, dropping what was mapped."""
        self.clean = False
        self._ids, self._orders, self._products, self._units = [], [], [], []
        self._balances, self._quantities, self._precos = [], [], []
        self._order_parts, self._partners, self._clients = {}, {}, {}
        self._product_parts, self._product_units = {}, {}
        self._made, self._keys, self._orderless, self._queue, self._blocked = [], [], [], [], []
        self._builder, self._built = SourceBuilder(), 0

    def _valid(self, name: str, values: Sequence[object]) -> Sequence[object] | None:
        """``values`` of ``name`` validated by the column pass; ``None`` (mapping stopped) if one is not clean."""
        converted = self._columns.column(name, values)
        if converted is None:
            self._stop()
        return converted

    def add_lines(
        self,
        rows: list[Row],
        ids: list[int],
        balances: list[object],
        columns: tuple[list[Any], list[Any], list[Any]],
    ) -> None:
        """Take and validate a page of open lines (``balances``: theirs, in the lines' unit).

        ``columns``: their orders, products and units, as Odoo sent them.
        """
        if not self.clean or not rows:
            return
        orders, products, units = columns
        prices, discounts = list(map(itemgetter(self._price), rows)), list(map(itemgetter(self._discount), rows))
        if not (
            _types_within(orders, _INT)
            and _types_within(products, _INT)
            and _types_within(units, _INT_OR_BOOL)  # never True: _ids refuses it
            and _types_within(prices, _NUMBER_OR_BOOL)
            and _types_within(discounts, _NUMBER)
        ):
            self._stop()
            return
        if True in map(is_, prices, repeat(True)):
            self._stop()  # not a price: map_records passes it on for the validation to name the line
            return
        quantities = self._valid("qtd_saldo", balances)
        valid_precos = self._precos_of(prices, discounts) if quantities is not None else None
        if quantities is None or valid_precos is None:
            return
        start = len(self._ids)
        self._made += repeat(None, len(ids))
        self._keys += repeat(None, len(ids))
        known = list(map(self._order_parts.__contains__, orders))
        self._queue += compress(count(start), known)
        self._orderless += compress(count(start), map(not_, known))
        self._ids += ids
        self._orders += orders
        self._products += products
        self._units += units
        self._balances += balances
        self._quantities += quantities
        self._precos += valid_precos

    def _precos_of(self, prices: list[Any], discounts: list[Any]) -> list[object] | None:
        """The validated net price of each line of a page (``None``: mapping stopped).

        The prices as Odoo sent them go through the column pass as floats (quick to hash: each distinct one
        read as ``parse_decimal`` reads it, once per fetch); the discounted ones are then read, discounted and
        validated together in C, as ``_net_decimal`` and the price's rule would one by one.
        """
        plain = prices if not any(map(is_, prices, repeat(False))) else list(map(_text, prices))  # False: no price
        valid = self._valid("preco", plain)
        discounted = list(compress(count(), map(truth, discounts)))
        if valid is None or not discounted:
            return valid  # type: ignore[return-value]
        priced = list(compress(discounted, map(is_not, map(prices.__getitem__, discounted), repeat(False))))
        factors: dict[object, Decimal] = {}
        try:
            for discount in set(map(discounts.__getitem__, priced)):
                factors[discount] = _discount_factor(discount, self._url, None)
        except OdooMalformedAnswer:  # a discount that is not a number: map_records names the line
            self._stop()
            return None
        exact = list(map(Decimal, map(repr, map(prices.__getitem__, priced))))
        nets = self._valid_nets(
            list(map(_EXACT.multiply, exact, map(factors.__getitem__, map(discounts.__getitem__, priced))))
        )
        if nets is None:  # an infinite price, one too large: the validation names it
            return None
        precos = list(valid)
        for index, net in zip(priced, nets, strict=True):
            precos[index] = net
        return precos

    def _valid_nets(self, precos: list[object]) -> list[object] | None:
        """Net prices worked out here (``Decimal``, or ``None`` for no price) validated by the price's rule.

        Not through the column pass: its price column holds Odoo's floats, which must not meet ``Decimal`` there.
        """
        given: list[Any] = [preco for preco in precos if preco is not None]
        valid = precos_at_once(given) if _types_within(given, _DECIMAL) else None
        if valid is None:
            self._stop()
            return None
        if len(given) == len(precos):
            return valid  # type: ignore[return-value]
        found = iter(valid)
        return [None if preco is None else next(found) for preco in precos]

    def add_orders(self, rows: list[Row]) -> None:
        """Take and validate the number and dates of each order (joined to the lines with the client)."""
        if not self.clean or not rows:
            return
        names, url, dates = self._names, self._url, self._dates
        idents: list[Any] = list(map(_ID, rows))
        # _rows checked that every field is there; Odoo's False is None (_text) and dates are local days.
        texts: list[Any] = list(map(itemgetter(names.order_name), rows))
        numbers = self._valid("num_pedido", texts if False not in texts else list(map(_text, texts)))
        placed = self._valid("data_pedido", dates.many(list(map(itemgetter(names.order_date), rows))))
        promised = self._valid("data_entrega", dates.many(list(map(itemgetter(names.commitment_date), rows))))
        if numbers is None or placed is None or promised is None:
            return
        self._order_parts.update(zip(idents, zip(numbers, placed, promised, strict=True), strict=True))
        partners: list[Any] = list(map(itemgetter(names.order_partner), rows))
        given: list[Any] = list(compress(partners, map(is_not, partners, repeat(False))))
        if _types_within(given, _INT) and (not given or min(given) > 0):  # bare ids, as asked for (load=None)
            ids_or_none: list[Any] = list(map(_text, partners))
            self._partners.update(zip(idents, ids_or_none, strict=True))
            return
        try:
            for order in rows:
                ident = order["id"]
                self._partners[ident] = _m2o_id(  # type: ignore[index]
                    order.get(names.order_partner), url, f"{ORDER_MODEL} {ident}: {names.order_partner}"
                )
        except OdooMalformedAnswer:
            self._stop()

    def release(self) -> None:
        """Queue the lines whose order has come in (``add_orders``): one pass in C over the lines waiting."""
        if not self.clean or not self._orderless:
            return
        waiting = self._orderless
        known = list(map(self._order_parts.__contains__, map(self._orders.__getitem__, waiting)))
        self._queue = sorted(self._queue + list(compress(waiting, known)))  # two sorted runs: merged in C
        self._orderless = list(compress(waiting, map(not_, known)))

    def add_products(self, records: OdooRecords) -> None:
        """Validate the code and name of each product read since the last call, and note its unit."""
        if not self.clean:
            return
        names, url, parts = self._names, self._url, self._product_parts
        idents = [ident for ident in records.products if ident not in parts]
        if not idents:
            return
        product_units = self._product_units
        read: list[Row] = []
        try:
            for ident in idents:
                part, product_units[ident] = _map_product(names, records, ident, url)
                read.append(part)
        except OdooMalformedAnswer:
            self._stop()
            return
        codes = self._valid("cod_produto", [part["cod_produto"] for part in read])
        titles = self._valid("nome_produto", [part["nome_produto"] for part in read]) if codes is not None else None
        if codes is None or titles is None:
            return
        parts.update(zip(idents, zip(codes, titles, strict=True), strict=True))

    def add_clients(self, records: OdooRecords, final: bool = False) -> None:
        """Validate the clients that can be known now: the commercial entity of each order's partner.

        A client waits until its partner, the partner's company and the company's state are read; with
        ``final`` (everything is read) none waits.
        """
        if not self.clean:
            return
        names, url, clients = self._names, self._url, self._clients
        partners, states = records.partners, records.states
        ready: list[int | None] = []
        try:
            for partner in set(self._partners.values()).difference(clients):
                if not final:
                    row = partners.get(partner) if partner is not None else None
                    if row is None and partner is not None:
                        continue
                    if row is not None:
                        company = _m2o_id(row.get(names.partner_commercial), url, f"{PARTNER_MODEL} {partner}")
                        if company is not None and company != partner:
                            row = partners.get(company)
                            if row is None:
                                continue
                        state = _m2o_id(row.get(names.partner_state), url, f"{PARTNER_MODEL} {partner}")
                        if state is not None and state not in states:
                            continue
                ready.append(partner)
            read = [_map_client(names, records, partner, url) for partner in ready]
        except OdooMalformedAnswer:
            self._stop()
            return
        if not ready:
            return
        columns: list[Sequence[object]] = []
        for name in ("cliente", "cnpj_cpf", "municipio", "uf"):
            valid = self._valid(name, [client[name] for client in read])
            if valid is None:
                return
            columns.append(valid)
        clients.update(zip(ready, zip(*columns, strict=True), strict=True))

    def advance(self, records: OdooRecords, final: bool = False) -> None:
        """Make the source lines of lines whose order, client, product and unit are all known now.

        The first ``_BUDGET`` lines whose order came in are looked at (a short step: the reading lets the
        sending thread in between steps); a line whose client, product or unit is not known yet waits until
        ``recheck`` (other related records came in). A line in another unit than its product's waits for the
        units. With ``final`` (everything is read) every line is made, and a line whose unit cannot be
        converted is named. The lines made go to the source as soon as every line before them is made.
        """
        if not self.clean:
            return
        if final:
            candidates = sorted(self._queue + self._blocked + self._orderless)
            self._queue, self._blocked, self._orderless = [], [], []
        else:
            candidates = self._queue[:_BUDGET]  # the first lines (the queue is kept sorted): the source grows
            del self._queue[:_BUDGET]
        if not candidates:
            return
        orders, products, units = self._orders, self._products, self._units
        partners, product_units = self._partners, self._product_units
        # Whether each line's order, client and product are known, and whether it is in another unit: in C.
        line_orders = list(map(orders.__getitem__, candidates))
        line_products = list(map(products.__getitem__, candidates))
        line_clients = map(partners.get, line_orders, repeat(_MISSING))
        flags = list(
            map(
                and_,
                map(self._order_parts.__contains__, line_orders),
                map(
                    and_,
                    map(self._clients.__contains__, line_clients),
                    map(self._product_parts.__contains__, line_products),
                ),
            )
        )
        other_unit = map(ne, map(units.__getitem__, candidates), map(product_units.get, line_products))
        converted: list[int] = []
        quantities: list[object] = []
        precos: list[object] = []
        for position in compress(count(), map(and_, flags, other_unit)):
            index = candidates[position]
            line_uom, product_uom = units[index], product_units[products[index]]
            if line_uom is False or product_uom is None:
                continue  # nothing to convert from or to
            done = self._convert(records, index, line_uom, product_uom, final)  # type: ignore[arg-type]
            if not self.clean:
                return
            if done is False:
                flags[position] = False  # waits for the units
            elif done is not True:
                converted.append(index)
                quantities.append(done[0])
                precos.append(done[1])
        if converted:
            valid_quantities = self._valid("qtd_saldo", quantities)
            valid_precos = self._valid_nets(precos) if valid_quantities is not None else None
            if valid_quantities is None or valid_precos is None:
                return
            for index, quantity, preco in zip(converted, valid_quantities, valid_precos, strict=True):
                self._quantities[index] = quantity
                self._precos[index] = preco
        self._blocked += compress(candidates, map(not_, flags))
        ready = list(compress(candidates, flags))
        if ready:
            self._make(ready, list(compress(line_orders, flags)), list(compress(line_products, flags)))

    def _make(self, ready: list[int], line_orders: list[int], line_products: list[int]) -> None:
        """Make the source lines of the lines ``ready`` (indexes, ascending), of these orders and products."""
        pedidos, placed, promised = zip(*map(self._order_parts.__getitem__, line_orders), strict=True)
        line_clients = map(self._clients.__getitem__, map(self._partners.__getitem__, line_orders))
        clientes, cnpjs, municipios, ufs = zip(*line_clients, strict=True)
        produtos, nomes = zip(*map(self._product_parts.__getitem__, line_products), strict=True)
        quantities = list(map(self._quantities.__getitem__, ready))
        precos = list(map(self._precos.__getitem__, ready))
        campos = (nomes, clientes, cnpjs, municipios, ufs, placed, promised, precos)
        lines = make_source_lines((pedidos, produtos, quantities), campos)
        keys = list(zip(pedidos, produtos, strict=True))
        first, last = ready[0], ready[-1] + 1
        if last - first == len(ready):  # a run of lines: placed in C
            self._made[first:last] = lines
            self._keys[first:last] = keys
        else:  # scattered (lines wait for their orders): placed in C all the same (__setitem__ returns None)
            any(map(self._made.__setitem__, ready, lines))
            any(map(self._keys.__setitem__, ready, keys))
        self._build()

    def _build(self) -> None:
        """Hand the source the lines made so far that follow the ones it has, in record order."""
        made, start = self._made, self._built
        try:
            end = made.index(None, start)  # the first line not made yet
        except ValueError:
            end = len(made)
        if end > start:
            self._builder.add_lines(self._keys[start:end], made[start:end])  # type: ignore[arg-type]
            self._built = end

    def _convert(
        self, records: OdooRecords, index: int, line_uom: int, product_uom: int, final: bool
    ) -> tuple[object, object] | bool:
        """The line's quantity and price in its product's unit; ``False`` while it must wait for the units.

        ``True`` for a pair of units that cannot be converted: it is named (the source is refused at the end)
        and the line counts as done.
        """
        pair = (line_uom, product_uom)
        known = self._conversions.get(pair)
        if known is None:
            from_uom, to_uom = records.uoms.get(line_uom), records.uoms.get(product_uom)
            if from_uom is None or to_uom is None:
                if not final:
                    return False
                known = "a unidade da linha ou a do produto não foi lida do Odoo"
            else:
                known = unit_conversion(from_uom, to_uom, self._names, self._server)
            self._conversions[pair] = known
        row = records.lines[index]  # the lines this mapper was given, in the same order
        if isinstance(known, str):
            self._problems.append(f"{LINE_MODEL} {row['id']}: {known}")
            return True
        balance = self._balances[index]
        if isinstance(balance, Decimal):
            quantity = self._converted.get((known, balance))
            if quantity is None:
                quantity = self._converted[known, balance] = known.quantity(balance)
            balance = quantity
        price = parse_decimal(row[self._price])  # None only for False: add_lines let nothing else by
        try:
            preco = None if price is None else _net_decimal(price, row[self._discount], known, self._url, row["id"])
        except OdooMalformedAnswer:
            self._stop()
            return False
        return balance, preco

    def result(self, records: OdooRecords, origin: str) -> SourceData | None:
        """The validated source (``None``: a summed balance too large, for ``parse_source_records`` to name).

        Raises ``InvalidSource`` naming the lines whose unit cannot be converted.
        """
        self.add_products(records)
        self.add_clients(records, final=True)
        self.advance(records, final=True)
        if not self.clean:
            return None
        assert not self._queue, self._queue
        assert not self._blocked, self._blocked
        assert not self._orderless, self._orderless
        if self._problems:
            raise InvalidSource(origin, self._problems)
        self._build()
        assert self._built == len(self._made), (self._built, len(self._made))  # every line is made
        return self._builder.finish(origin)


#: How many waiting lines _LineMapper.advance looks at in one step: ~1.5 ms of work at 100,000 lines.
_BUDGET = 1000
#: How many such steps the reading takes before each page at least (more while the page is not in).
_STEPS = 4
#: How many pages before the end the late round reads the partners of the orders read since the early round
#: (then their companies and states if new): the lines they wait for are made while the last pages come.
_PARTNERS_AHEAD = 8

# The order of the columns _LineMapper._make hands to make_source_lines.
assert CAMPOS == ("nome_produto", "cliente", "cnpj_cpf", "municipio", "uf", "data_pedido", "data_entrega", "preco")


class _Labels(Sequence[str]):
    """``sale.order.line <id>`` of each line, made only when asked for (a message, a summed duplicate)."""

    def __init__(self, ids: list[int]) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [f"{LINE_MODEL} {ident}" for ident in self._ids[index]]
        return f"{LINE_MODEL} {self._ids[index]}"


_INT = frozenset({int})
_DECIMAL = frozenset({Decimal})
_STR = frozenset({str})
_STR_OR_BOOL = frozenset({str, bool})
_FLOAT = frozenset({float})
_DICT = frozenset({dict})
_INT_OR_BOOL = frozenset({int, bool})
_NUMBER = frozenset({int, float})
_NUMBER_OR_BOOL = frozenset({int, float, bool})


def _types_within(values: list[Any], allowed: frozenset[type]) -> bool:
    """Whether every value is of one of the ``allowed`` types (exactly: a ``bool`` is no ``int`` here)."""
    return set(map(type, values)) <= allowed


class _ChangedUnderFetch(Exception):
    """Odoo changed while the fetch ran; the fetch starts again (once)."""

    def __init__(self, detail: str, counted: int = 0, received: int = 0) -> None:
        super().__init__(detail)
        self.detail = detail
        self.counted = counted
        self.received = received


class OdooSource:
    """The ``Source`` of the sync that reads the open sale-order lines from Odoo (all or nothing)."""

    def __init__(self, settings: OdooSettings, transport_factory: TransportFactory = make_transport) -> None:
        self._settings = settings
        self._transport_factory = transport_factory
        #: What the last fetch left out (lines without a product code, with ``lines_without_code`` on
        #: ``deixar_de_fora``), one pt-BR text per line.
        self.left_out: list[str] = []

    @property
    def settings(self) -> OdooSettings:
        """The settings this source uses."""
        return self._settings

    @property
    def description(self) -> str:
        """``Odoo <url> (base <db>)``: no user, no secret."""
        return f"Odoo {self._settings.display_url} (base {self._settings.database})"

    def test_connection(self, cancel: CancelToken | None = None) -> str:
        """Log in, check read access, every configured field and the order states; return the server version.

        Meant for a "Testar conexão" button: it fails with the same error types as ``fetch``, and with
        ``OdooSettingsError`` when a configured order state does not exist on the server.
        """
        settings = self._settings
        settings.require_connection()
        with self._transport_factory(settings, cancel) as transport:
            transport.connect()
            version = transport.server_version()
            server = ServerInfo(version)
            wanted = {LINE_MODEL: line_fields(settings, server), **related_fields(settings, server)}
            state_name = settings.fields.order_state
            wanted[ORDER_MODEL] = [*wanted[ORDER_MODEL], state_name]
            states: list[str] | None = None
            for model, names in wanted.items():
                answer = transport.call(
                    model, "fields_get", params={"allfields": names, "attributes": ["type", "selection"]}
                )
                if not isinstance(answer, dict):
                    raise OdooMalformedAnswer(settings.display_url, f"fields_get de {model} não é um objeto")
                for name in names:
                    # fields_get ignores unknown names instead of failing: check each one.
                    if name not in answer:
                        raise OdooUnknownField(settings.display_url, name, model)
                if model == ORDER_MODEL:
                    states = _selection_values(answer[state_name])
            unknown = [s for s in order_states(settings, server) if states is not None and s not in states]
            if unknown:
                raise OdooSettingsError(
                    [
                        f"order_states: {', '.join(unknown)} não existe(m) no Odoo {version} "
                        f"(os estados de pedido são {', '.join(states or [])})"
                    ]
                )
        return version

    def fetch(
        self,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> SourceData:
        """Fetch every open line, validate it and return it whole, or raise (``FetchError``/``InvalidSource``)."""
        settings = self._settings
        settings.require_connection()
        resolve_timezone(settings.timezone)  # a bad zone fails before the first request, not after the last
        started = time.monotonic()
        # Hundreds of thousands of objects that all live until the fetch returns: no cycles to look for.
        with collector_paused(), quick_thread_switches(), self._transport_factory(settings, cancel) as transport:
            _check(cancel)
            transport.connect()
            server = ServerInfo(transport.server_version())
            for attempt in (1, 2):
                mapper = _LineMapper(settings, server)
                try:
                    records = self._read(transport, server, progress, cancel, mapper)
                    break
                except _ChangedUnderFetch as changed:
                    if attempt == 2:
                        raise OdooChangedDuringFetch(
                            settings.display_url, changed.counted, changed.received, detail=changed.detail
                        ) from None
                    logger.warning("Odoo mudou durante a busca (%s); buscando de novo desde o início", changed.detail)
            requests = transport.requests_sent
            opened = len(records.lines)
            # Made inside the collector's pause, and what was read freed there too: its first pass after
            # resuming then walks only the source.
            data = self._validated(records, mapper)
            del records, mapper
        if self.left_out:
            logger.warning("Odoo: %d linha(s) sem código de produto deixadas de fora", len(self.left_out))
            data = _with_left_out(data, self.left_out)
        logger.info(
            "Odoo %s: %d linhas abertas (%d chaves) lidas em %.2f s com %d requisições",
            server.version,
            opened,
            len(data.lines),
            time.monotonic() - started,
            requests,
        )
        return data

    def _validated(self, records: OdooRecords, mapper: _LineMapper) -> SourceData:
        """The source of what was read: the mapper's, else mapped record by record, every problem named."""
        self.left_out = leave_out_codeless(self._settings, records)
        data = mapper.result(records, self.description) if mapper.clean and not self.left_out else None
        if data is None:
            # An unusual answer, lines left out, or a summed balance too large.
            mapped, labels = map_records(self._settings, records)
            data = parse_source_records(mapped, self.description, labels)
        return data

    def read_records(
        self,
        transport: Transport,
        server: ServerInfo,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> OdooRecords:
        """Read the open lines and every record they point to (``_ChangedUnderFetch`` if Odoo changed)."""
        return self._read(transport, server, progress, cancel, None)

    def _read(
        self,
        transport: Transport,
        server: ServerInfo,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        mapper: _LineMapper | None,
    ) -> OdooRecords:
        # Every request of the pass goes through one background thread; leaving the block (an error, a
        # cancellation) drops the requests not sent yet and waits for the one being answered.
        with CallQueue(transport) as calls:
            return _Reading(self._settings, calls, server, progress, cancel, mapper).run()


class _Related:
    """The reads of one related model: each id once, in sorted batches of ``batch`` sent as soon as they fill.

    Full batches go out while the lines are still coming; ``flush`` sends the rest. For N distinct ids that is
    ⌈N ÷ batch⌉ reads, as many as reading them all after the lines. ``found`` holds the records by id.
    """

    def __init__(
        self, calls: CallQueue, model: str, fields: list[str], batch: int, url: str, cancel: CancelToken | None
    ) -> None:
        self.model = model
        self.found: dict[int, Row] = {}
        self._calls = calls
        self._fields = fields
        self._batch = batch
        self._url = url
        self._cancel = cancel
        self._seen: set[int] = set()
        self._waiting: list[int] = []
        self._sent: deque[tuple[list[int], Future[object]]] = deque()

    def add(self, ids: Iterable[int]) -> None:
        """Ask for the records of ``ids`` not asked for yet; send every batch that is full."""
        seen = self._seen
        new = [ident for ident in ids if ident not in seen]
        seen.update(new)
        waiting = self._waiting
        waiting += new
        while len(waiting) >= self._batch:
            self._send(waiting[: self._batch])
            del waiting[: self._batch]

    def flush(self) -> None:
        """Send the ids still waiting for a batch to fill."""
        if self._waiting:
            self._send(self._waiting)
            self._waiting = []

    def _send(self, ids: list[int]) -> None:
        _check(self._cancel)
        chunk = sorted(ids)  # batches then hit neighbouring records
        future = self._calls.call(self.model, "read", ids=chunk, params={"fields": self._fields, "load": None})
        self._sent.append((chunk, future))

    def last(self) -> Future[object]:
        """The answer of the last read sent (while not ``idle``)."""
        return self._sent[-1][1]

    def idle(self) -> bool:
        """Whether every read sent has been answered and taken in (``answered``)."""
        return not self._sent

    def answered(self, wait: bool = True) -> list[list[Row]]:
        """The records of each batch answered, in the order sent: all of them (``wait``) or those already in."""
        batches: list[list[Row]] = []
        sent = self._sent
        while sent and (wait or sent[0][1].done()):
            chunk, future = sent.popleft()
            rows = _rows(future.result(), self.model, self._fields, self._url)
            found = self.found
            found.update(zip(map(_ID, rows), rows, strict=True))
            missing = [ident for ident in chunk if ident not in found]
            if missing:
                # Real Odoo's read leaves out ids that no longer exist: the record was deleted meanwhile.
                shown = ", ".join(str(i) for i in missing[:5])
                raise _ChangedUnderFetch(f"{len(missing)} registro(s) de {self.model} sumiram ({shown})")
            batches.append(rows)
        return batches


#: The id after a row's '"id":' in an undecoded page (JSON allows spaces after the colon).
_LAST_ID = re.compile(rb"\s*(\d+)")


class _Reading:
    """One pass over Odoo: the count, the pages of lines, the related records (``_ChangedUnderFetch`` if it changed).

    Requests go through a ``CallQueue``, one at a time and in order, while this thread works. The sending thread
    asks for each page as soon as the one before arrives (after checking cancellation), so Odoo prepares it
    while this thread computes the balances of the pages in and makes their lines. The related records are read
    by ``_Related``: full batches while the pages come, one early round once the first orders are in (the
    products and partners seen so far, then the partners' companies, their states and the units) and one late
    round a few pages before the end (the partners since, then their companies and states), so that most
    lines are made into source lines while the pages still come; the rest after the last page.
    """

    def __init__(
        self,
        settings: OdooSettings,
        calls: CallQueue,
        server: ServerInfo,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        mapper: _LineMapper | None,
    ) -> None:
        self.settings = settings
        self.names = settings.fields
        self.url = settings.display_url
        self.calls = calls
        self.server = server
        self.progress = progress
        self.cancel = cancel
        self.mapper = mapper
        wanted = related_fields(settings, server)

        def related(model: str) -> _Related:
            return _Related(calls, model, wanted[model], settings.batch_size, self.url, cancel)

        self.orders = related(ORDER_MODEL)
        self.partners = related(PARTNER_MODEL)
        self.states = related(STATE_MODEL)
        self.products = related(PRODUCT_MODEL)
        self.uoms = related(UOM_MODEL)
        self.lines: list[Row] = []
        self.balances: dict[int, object] = {}
        #: What was read so far; the related dicts fill as their reads are answered.
        self.records = OdooRecords(
            self.lines,
            orders=self.orders.found,
            partners=self.partners.found,
            states=self.states.found,
            products=self.products.found,
            uoms=self.uoms.found,
            balances=self.balances,
            server=server,
        )
        self.line_units: set[int] = set()
        #: Each (line unit, product) of the open lines, as Odoo sent them: whether a line is in another unit.
        self.unit_pairs: set[tuple[object, object]] = set()
        #: The early round of related reads: 0 not started, 1 products and partners asked for, 2 companies
        #: and units asked for, 3 states asked for, 4 over.
        self.early = 0
        #: The late round, a few pages before the end: 1 partners asked for, 2 companies, 3 states.
        self.late = 0

    def run(self) -> OdooRecords:
        """Read everything; the records of this pass."""
        self._read_lines()
        return self._read_related()

    def _read_lines(self) -> None:
        settings, url = self.settings, self.url
        domain = build_domain(settings, self.server)
        fields = line_fields(settings, self.server)
        total = self.calls.call(LINE_MODEL, "search_count", params={"domain": domain}).result()
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise OdooMalformedAnswer(url, "search_count não devolveu um número")
        page_size = settings.page_size
        pages_total = math.ceil(total / page_size)
        if self.progress is not None:
            self.progress(FetchProgress(0, pages_total, 0, total))
        read_balance = _BalanceReader(settings)
        received = last_id = 0
        pause = self.calls.let_answers_in
        for pages_done, pending in enumerate(self._pages(domain, fields, total) if total > 0 else (), start=1):
            last = pages_done == pages_total
            # The last page is taken at once: the last orders are asked for as soon as it is in (below).
            self._work_until(pending, at_least=0 if last else _STEPS)
            page = _rows(pending.result(), LINE_MODEL, fields, url)
            ids: list[int] = list(map(_ID, page))
            if ids and (ids[0] <= last_id or any(map(ge, ids, islice(ids, 1, None)))):
                raise OdooMalformedAnswer(url, f"as linhas de {LINE_MODEL} não vieram ordenadas por id")
            if ids:
                last_id = ids[-1]
            received += len(page)
            if self.progress is not None:
                self.progress(FetchProgress(pages_done, max(pages_total, pages_done), received, max(total, received)))
            # While Odoo prepares the next page: this one's balances, ids and mapping, the related records in.
            pause()
            balances = read_balance.page(page)
            pause()
            self._take(page, ids, *balances)
            if self.early == 4 and pages_done == pages_total - _PARTNERS_AHEAD:
                # A few pages to go: the partners of the orders read since the early round, then their companies
                # and states if some are new (one read more of each at most), so that their lines are made while
                # the last pages come.
                self.partners.flush()
                self.late = 1
            if (self.early and pages_done == pages_total - 2) or last:
                # Two pages to go: the orders so far now (one read more), so that their lines are made while
                # the last pages come; only the last two pages' orders are left for after them, asked for as
                # soon as the last page is in (before the orders that came meanwhile are taken).
                self.orders.flush()
            self._related_arrived()
        if received < total:
            # Lines left the filter between the count and the pages: this is not the carteira of one moment.
            raise _ChangedUnderFetch(f"{total} linhas contadas, {received} recebidas", total, received)

    def _pages(self, domain: list[object], fields: list[str], total: int) -> Iterator[Future[object]]:
        """The pages of open lines, each asked for by the sending thread as soon as the one before is in."""
        settings, cancel = self.settings, self.cancel
        page_size = settings.page_size
        received = 0

        def params(last_id: int) -> dict[str, object]:
            return {
                "domain": and_domains([("id", ">", last_id)], domain),
                "fields": fields,
                "limit": page_size,
                "order": "id",
                "load": None,  # many2one fields as bare ids: no display names to compute and send
            }

        def follow(answer: object) -> dict[str, object] | None:
            # On the sending thread. Stopping at the count (not at an empty page) saves one request when N is
            # a multiple of the page. An answer of another shape ends the chain: this thread then names it.
            nonlocal received
            if not isinstance(answer, list) or not answer:
                return None
            received += len(answer)
            last = answer[-1]
            last_id = last.get("id") if isinstance(last, dict) else None
            if received >= total or len(answer) != page_size or type(last_id) is not int:
                return None
            _check(cancel)
            return params(last_id)

        def guess(raw: bytes, index: int) -> dict[str, object] | None:
            # On the sending thread, before the page is decoded (it holds the interpreter lock a millisecond or
            # more): the last id of a page that looks whole and full, for the next page to be asked for at once.
            # A text cannot hide '"id":' (JSON escapes its quotes) and the lines' fields hold no objects; still
            # only a guess: the chain sends the page follow() asks for when the two differ.
            if (index + 1) * page_size >= total or (cancel is not None and cancel.cancelled):
                return None
            if not raw[-8:].rstrip().endswith((b"]", b"]}")) or raw.count(b'"id":') < page_size:
                return None  # cut short, not a list of rows, or not a full page
            digits = _LAST_ID.match(raw, raw.rfind(b'"id":') + len(b'"id":'))
            return params(int(digits[1])) if digits else None

        _check(cancel)
        return self.calls.chain(LINE_MODEL, "search_read", params(0), follow, guess)

    def _take(self, page: list[Row], ids: list[int], balances: list[object], flags: list[bool] | None) -> None:
        """Keep the page's open lines (``flags``: which are; ``None``: all), ask for their records, map them."""
        names, url = self.names, self.url
        opened, kept, kept_ids = page, balances, ids
        if flags is not None and not all(flags):
            opened, kept, kept_ids = (
                list(compress(page, flags)),
                list(compress(balances, flags)),
                list(compress(ids, flags)),
            )
        self.lines += opened
        if self.mapper is None or not self.mapper.clean:  # else the mapper holds them (map_records recomputes)
            self.balances.update(zip(kept_ids, kept, strict=True))
        unit = names.line_uom_for(self.server.major)
        # Each column taken once (_rows checked that every field is there), for the reads and the mapping.
        orders, products, units = (list(map(itemgetter(name), opened)) for name in (names.order, names.product, unit))
        self.orders.add(_ids(opened, names.order, LINE_MODEL, url, orders))
        self.products.add(_ids(opened, names.product, LINE_MODEL, url, products))
        self.line_units.update(_ids(opened, unit, LINE_MODEL, url, units))
        self._note_units(opened, unit, units, products)
        if self.mapper is not None:
            self.calls.let_answers_in()
            self.mapper.add_lines(opened, kept_ids, kept, (orders, products, units))

    def _note_units(self, rows: list[Row], unit: str, units: list[Any], products: list[Any]) -> None:
        """Note which products the lines' units go with: whether a line is in another unit than its product's."""
        names, url = self.names, self.url
        try:
            self.unit_pairs |= set(zip(units, products, strict=True))
        except TypeError:  # [id, name] pairs (not the shape asked for): by id
            for row in rows:
                line_unit = _m2o_id(row[unit], url, f"{LINE_MODEL} {row['id']}: {unit}")
                product = _m2o_id(row[names.product], url, f"{LINE_MODEL} {row['id']}: {names.product}")
                self.unit_pairs.add((line_unit, product))

    def _related_arrived(self) -> None:
        """Between pages: take the related records answered meanwhile, move the early round on, make lines."""
        arrived = False
        for rows in self.orders.answered(wait=False):
            self._orders_arrived(rows)
            arrived = True
        for related in (self.products, self.partners, self.states, self.uoms):
            arrived = bool(related.answered(wait=False)) or arrived
        early = self.early
        if early == 0 and self.orders.found:
            # The first orders are in: the products and partners seen so far, so that lines can be made while
            # the pages come (one more read of each related model at most).
            self.products.flush()
            self.partners.flush()
            self.early = 1
        elif early == 1 and self.products.idle() and self.partners.idle():
            self._ask_units()
            self._ask_companies()
            self.early = 2
        elif early == 2 and self.partners.idle():
            self._ask_states()
            self.early = 3
        elif early == 3 and self.states.idle() and self.uoms.idle():
            self.early = 4
        if self.late == 1 and self.partners.idle():
            self._ask_companies()
            self.late = 2
        elif self.late == 2 and self.partners.idle():
            self._ask_states()
            self.late = 3
        if self.mapper is not None:
            pause = self.calls.let_answers_in
            if arrived:
                pause()
                self.mapper.add_products(self.records)
                pause()
                self.mapper.add_clients(self.records)
            if arrived:
                self.mapper.recheck()

    def _ask_units(self) -> None:
        """Send for the units when a line read so far is in another unit than its product's."""
        names, url, records = self.names, self.url, self.records
        # Only lines in another unit than their product's need the units; a fetch without them reads none.
        if _needs_units(self.unit_pairs, records.products, names, url, names.line_uom_for(self.server.major)):
            product_units = _ids(records.products.values(), names.product_uom, PRODUCT_MODEL, url)
            self.uoms.add(sorted(self.line_units.union(product_units)))
            self.uoms.flush()

    def _ask_companies(self) -> None:
        """Send for the companies of the partners read (orders addressed to a contact person)."""
        partners = self.records.partners
        commercial = set(_ids(partners.values(), self.names.partner_commercial, PARTNER_MODEL, self.url))
        self.partners.add(sorted(commercial.difference(partners)))
        self.partners.flush()

    def _ask_states(self) -> None:
        """Send for the states of the clients (each partner's company, or itself)."""
        clients = _commercial_partners(self.records, self.names, self.url)
        self.states.add(_ids(clients, self.names.partner_state, PARTNER_MODEL, self.url))
        self.states.flush()

    def _orders_arrived(self, rows: list[Row], flush_partners: bool = False) -> None:
        self.partners.add(_ids(rows, self.names.order_partner, ORDER_MODEL, self.url))
        if flush_partners:
            self.partners.flush()
        if self.mapper is not None:
            for start in range(0, len(rows), _BUDGET):  # short steps, letting the answers in between
                self.calls.let_answers_in()
                self.mapper.add_orders(rows[start : start + _BUDGET])
            self.mapper.release()

    def _work_until(self, answer: Future[object], at_least: int = 0) -> None:
        """Make lines in short steps until ``answer`` is in (``at_least`` steps), or no line is left."""
        mapper = self.mapper
        steps = 0
        while mapper is not None and mapper.waiting and (steps < at_least or not answer.done()):
            self.calls.let_answers_in()
            mapper.advance(self.records)
            steps += 1

    def _advance_while(self, related: _Related) -> None:
        """Make lines in short steps while ``related`` is being read (the answer not in yet)."""
        assert self.mapper is not None
        self.mapper.recheck()
        if not related.idle():
            self._work_until(related.last())

    def _read_related(self) -> OdooRecords:
        records, mapper = self.records, self.mapper
        # The last batches; each wait below overlaps the answer of one read with the handling of another.
        self.orders.flush()
        self.products.flush()
        batches = self.orders.answered()
        for number, rows in enumerate(batches, start=1):
            # The partners of the last orders are asked for before those orders are taken.
            self._orders_arrived(rows, flush_partners=number == len(batches))
        self.partners.flush()
        self.products.answered()
        self._ask_units()
        if mapper is not None:
            mapper.add_products(records)
            self._advance_while(self.partners)
        self.partners.answered()
        self._ask_companies()
        self.partners.answered()
        self._ask_states()
        self.uoms.answered()
        if mapper is not None:
            mapper.add_clients(records)
            self._advance_while(self.states)
        self.states.answered()
        return records


def _needs_units(
    unit_pairs: Iterable[tuple[object, object]],
    products: Mapping[int, Row],
    names: OdooFieldNames,
    url: str,
    unit: str,
) -> bool:
    """Whether a line is sold in another unit than its product's (most fetches have none: no units to read).

    ``unit_pairs``: each (line unit, product) of the open lines.
    """
    product_units = {
        ident: _m2o_id(product.get(names.product_uom), url, f"{PRODUCT_MODEL} {ident}: {names.product_uom}")
        for ident, product in products.items()
    }
    for unit_value, product_value in unit_pairs:
        line_unit = _m2o_id(unit_value, url, f"{LINE_MODEL}: {unit}")
        product_id = _m2o_id(product_value, url, f"{LINE_MODEL}: {names.product}")
        product_unit = product_units.get(product_id) if product_id is not None else None
        if line_unit is not None and product_unit is not None and line_unit != product_unit:
            return True
    return False


def _commercial_partners(records: OdooRecords, names: OdooFieldNames, url: str) -> list[Row]:
    """The partners the clients come from: each order partner's commercial entity (or itself)."""
    found: dict[int, Row] = {}
    for ident, partner in records.partners.items():
        commercial = _m2o_id(partner.get(names.partner_commercial), url, f"{PARTNER_MODEL} {ident}")
        target_id = commercial if commercial is not None and commercial in records.partners else ident
        found[target_id] = records.partners[target_id]
    return list(found.values())


def _selection_values(described: object) -> list[str] | None:
    """The values of a selection field as ``fields_get`` describes it (``None`` if it is not a selection)."""
    selection = described.get("selection") if isinstance(described, dict) else None
    if not isinstance(selection, list):
        return None
    return [str(pair[0]) for pair in selection if isinstance(pair, list | tuple) and pair]


def _with_left_out(data: SourceData, left_out: list[str]) -> SourceData:
    """``data`` carrying what the fetch left out: the plan counts and lists it."""
    return dataclasses.replace(data, deixadas=tuple(left_out))


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()


def _rows(answer: object, model: str, fields: list[str], url: str) -> list[Row]:
    """Check that an answer is a list of records with an integer id and every requested field."""
    if not isinstance(answer, list):
        raise OdooMalformedAnswer(url, f"a leitura de {model} não devolveu uma lista")
    wanted = {"id", *fields}
    # The usual answer passes in a few sweeps in C; anything odd is looked at record by record.
    if (
        _types_within(answer, _DICT)
        and all(map(ge, map(dict.keys, answer), repeat(wanted)))
        and _types_within(list(map(_ID, answer)), _INT)
    ):
        return answer
    for row in answer:
        if not isinstance(row, dict):
            raise OdooMalformedAnswer(url, f"a leitura de {model} devolveu um item que não é registro")
        row_id = row.get("id")
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise OdooMalformedAnswer(url, f"um registro de {model} veio sem id")
        for name in fields:
            if name not in row:
                raise OdooMalformedAnswer(url, f"{model} {row_id} veio sem o campo {name}")
    return answer


def _ids(rows: Iterable[Row], name: str, model: str, url: str, values: list[Any] | None = None) -> list[int]:
    """The distinct ids a many2one field points to, sorted (batches then hit neighbouring records).

    ``values``: the field's value on each row, when the caller has taken them already.
    """
    if values is None:
        values = list(map(dict.get, rows, repeat(name)))
    # The usual answer (load=None): bare positive ids or False, checked in C before the set.
    given: list[Any] = list(compress(values, map(is_not, values, repeat(False))))
    if _types_within(given, _INT) and (not given or min(given) > 0):
        return sorted(set(given))
    ids: set[int] = set()
    for row in rows:
        value = _m2o_id(row.get(name), url, f"{model} {row.get('id')}: {name}")
        if value is not None:
            ids.add(value)
    return sorted(ids)

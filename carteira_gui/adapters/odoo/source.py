"""The open sale-order lines of Odoo, as a ``Source`` of the sync.

The fetch is built to stay cheap on 100,000 lines and to never return part of them:

1. ``search_count`` with the filter (it sizes the progress bar and tells when the last page arrived);
2. pages of ``search_read`` with keyset pagination (``id > last``, ordered by id, ``page_size`` rows, only the
   needed fields): unlike offsets, a page costs the same at the end as at the start;
3. the related records (orders, partners, states, products) read by id in batches of ``batch_size``, each
   id once, after the lines: for N lines that is ceil(N / page) + Σ ceil(distinct ids / batch) + 3 requests
   with JSON-RPC (``version_info``, ``login`` and ``search_count`` are the 3), fewer with JSON-2;
4. mapping to source lines and validation by ``parse_source_records`` (duplicates summed, every bad record
   named by its ``sale.order.line`` id).

Any failure raises; cancellation is checked between requests; nothing is returned until everything arrived.

Balance: with ``balance_field`` configured, the filter asks Odoo for ``balance_field > 0``. Without it the
balance is ``product_uom_qty - qty_invoiced``, which a domain cannot express (it compares a field with a
constant, never with another field), so the filter asks for ``product_uom_qty > 0`` and lines whose computed
balance is ≤ 0 (fully or over-invoiced) are dropped after reading, before their related records are read.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carteira_gui.adapters.odoo.config import OdooSettings, and_domains
from carteira_gui.adapters.odoo.errors import (
    OdooChangedDuringFetch,
    OdooMalformedAnswer,
    OdooSettingsError,
    OdooUnknownField,
)
from carteira_gui.adapters.odoo.transport import Transport, make_transport
from carteira_gui.domain.model import SourceData, parse_decimal
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.services.ports import CancelToken, FetchProgress, ProgressCallback

logger = logging.getLogger(__name__)

LINE_MODEL = "sale.order.line"
ORDER_MODEL = "sale.order"
PARTNER_MODEL = "res.partner"
PRODUCT_MODEL = "product.product"
STATE_MODEL = "res.country.state"

TransportFactory = Callable[[OdooSettings, CancelToken | None], Transport]
Row = dict[str, object]


def build_domain(settings: OdooSettings) -> list[object]:
    """The filter of the open lines: order state, balance > 0, owned prefixes, extra terms (all ANDed)."""
    names = settings.fields
    base: list[object] = [(f"{names.order}.{names.order_state}", "in", list(settings.order_states))]
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


def line_fields(settings: OdooSettings) -> list[str]:
    """The ``sale.order.line`` fields a fetch reads."""
    names = settings.fields
    balance = [settings.balance_field] if settings.balance_field else [names.quantity, names.invoiced]
    return [names.order, names.product, *balance, names.price]


def related_fields(settings: OdooSettings) -> dict[str, list[str]]:
    """The fields read on each related model."""
    names = settings.fields
    return {
        ORDER_MODEL: [names.order_name, names.order_partner, names.order_date, names.commitment_date],
        PARTNER_MODEL: [names.partner_name, names.partner_vat, names.partner_city, names.partner_state],
        STATE_MODEL: [names.state_code],
        PRODUCT_MODEL: [names.product_code, names.product_name],
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
    """The id of a many2one value (``[id, name]``, a bare id, or ``False``)."""
    if type(value) is list and len(value) == 2 and type(value[0]) is int and value[0] > 0:
        return value[0]  # the usual shape, checked first: this runs twice per line
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
    """The open balance of a line as Odoo says it; a non-numeric value is returned as is (to be flagged)."""
    if settings.balance_field:
        return row.get(settings.balance_field)
    quantity = parse_decimal(row.get(settings.fields.quantity))
    invoiced = parse_decimal(row.get(settings.fields.invoiced))
    if quantity is None:
        return row.get(settings.fields.quantity)
    if invoiced is None:
        invoiced_raw = row.get(settings.fields.invoiced)
        # An empty qty_invoiced (False) means nothing invoiced; anything else is not a number.
        if invoiced_raw is not False and invoiced_raw is not None:
            return invoiced_raw
        invoiced = Decimal(0)
    return quantity - invoiced


def is_open(settings: OdooSettings, balance: object) -> bool:
    """Whether a line belongs to the carteira: a computed balance ≤ 0 means fully (or over-)invoiced.

    With a custom balance field Odoo already filtered ``> 0``; whatever arrives is validated, not dropped.
    """
    if settings.balance_field:
        return True
    return not (isinstance(balance, Decimal) and balance <= 0)


@dataclass(slots=True)
class OdooRecords:
    """What a fetch read: the open lines and their related records by id."""

    lines: list[Row]
    orders: dict[int, Row] = field(default_factory=dict)
    partners: dict[int, Row] = field(default_factory=dict)
    states: dict[int, Row] = field(default_factory=dict)
    products: dict[int, Row] = field(default_factory=dict)
    #: Balances by line id when already computed (the fetch computes them to drop closed lines).
    balances: dict[int, object] = field(default_factory=dict)


def map_records(settings: OdooSettings, records: OdooRecords) -> tuple[list[Row], list[str]]:
    """Map Odoo records to source lines (CLI.md format) and their labels (``sale.order.line <id>``).

    Order and product fields are mapped once per order and per product: 100,000 lines share about
    25,000 orders and 1,500 products.
    """
    names = settings.fields
    url = settings.display_url
    zone = resolve_timezone(settings.timezone)
    by_order: dict[int | None, Row] = {}
    by_product: dict[int | None, Row] = {}
    balances = records.balances
    result: list[Row] = []
    labels: list[str] = []
    for row in records.lines:
        line_id = row["id"]
        order_id = _m2o_id(row.get(names.order), url, f"{LINE_MODEL} {line_id}: {names.order}")
        product_id = _m2o_id(row.get(names.product), url, f"{LINE_MODEL} {line_id}: {names.product}")
        order_part = by_order.get(order_id)
        if order_part is None:
            order_part = by_order[order_id] = _map_order(settings, records, order_id, zone)
        product_part = by_product.get(product_id)
        if product_part is None:
            product = records.products.get(product_id) if product_id is not None else None
            product_part = by_product[product_id] = {
                "cod_produto": _text(product.get(names.product_code)) if product else None,
                "nome_produto": _text(product.get(names.product_name)) if product else None,
            }
        balance = balances[line_id] if line_id in balances else balance_of(settings, row)
        result.append({**order_part, **product_part, "qtd_saldo": balance, "preco": _text(row.get(names.price))})
        labels.append(f"{LINE_MODEL} {line_id}")
    return result, labels


def _map_order(settings: OdooSettings, records: OdooRecords, order_id: int | None, zone: tzinfo) -> Row:
    names = settings.fields
    url = settings.display_url
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
    partner = records.partners.get(partner_id) if partner_id is not None else None
    state = None
    if partner is not None:
        state_id = _m2o_id(
            partner.get(names.partner_state), url, f"{PARTNER_MODEL} {partner_id}: {names.partner_state}"
        )
        state = records.states.get(state_id) if state_id is not None else None
    return {
        "num_pedido": _text(order.get(names.order_name)),
        "cliente": _text(partner.get(names.partner_name)) if partner else None,
        "cnpj_cpf": _text(partner.get(names.partner_vat)) if partner else None,
        "municipio": _text(partner.get(names.partner_city)) if partner else None,
        "uf": _text(state.get(names.state_code)) if state else None,
        "data_pedido": local_date(order.get(names.order_date), zone),
        "data_entrega": local_date(order.get(names.commitment_date), zone),
    }


class OdooSource:
    """The ``Source`` of the sync that reads the open sale-order lines from Odoo (all or nothing)."""

    def __init__(self, settings: OdooSettings, transport_factory: TransportFactory = make_transport) -> None:
        self._settings = settings
        self._transport_factory = transport_factory

    @property
    def settings(self) -> OdooSettings:
        """The settings this source uses."""
        return self._settings

    @property
    def description(self) -> str:
        """``Odoo <url> (base <db>)``: no user, no secret."""
        return f"Odoo {self._settings.display_url} (base {self._settings.database})"

    def test_connection(self, cancel: CancelToken | None = None) -> str:
        """Log in, check read access and every configured field; return the server version (e.g. ``"17.0"``).

        Meant for a "Testar conexão" button: it fails with the same error types as ``fetch``.
        """
        settings = self._settings
        settings.require_connection()
        with self._transport_factory(settings, cancel) as transport:
            transport.connect()
            version = transport.server_version()
            wanted = {LINE_MODEL: line_fields(settings), **related_fields(settings)}
            for model, names in wanted.items():
                answer = transport.call(model, "fields_get", params={"allfields": names, "attributes": ["type"]})
                if not isinstance(answer, dict):
                    raise OdooMalformedAnswer(settings.display_url, f"fields_get de {model} não é um objeto")
                for name in names:
                    # fields_get ignores unknown names instead of failing: check each one.
                    if name not in answer:
                        raise OdooUnknownField(settings.display_url, name, model)
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
        with self._transport_factory(settings, cancel) as transport:
            _check(cancel)
            transport.connect()
            records = self._read_lines(transport, progress, cancel)
            self._read_related(transport, records, cancel)
            requests = transport.requests_sent
        mapped, labels = map_records(settings, records)
        data = parse_source_records(mapped, self.description, labels)
        logger.info(
            "Odoo: %d linhas abertas (%d chaves) lidas em %.2f s com %d requisições",
            len(mapped),
            len(data.lines),
            time.monotonic() - started,
            requests,
        )
        return data

    def _read_lines(
        self,
        transport: Transport,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> OdooRecords:
        settings = self._settings
        url = settings.display_url
        domain = build_domain(settings)
        fields = line_fields(settings)
        total = transport.call(LINE_MODEL, "search_count", params={"domain": domain})
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise OdooMalformedAnswer(url, "search_count não devolveu um número")
        page_size = settings.page_size
        pages_total = math.ceil(total / page_size)
        if progress is not None:
            progress(FetchProgress(0, pages_total, 0, total))
        received: list[Row] = []
        open_lines: list[Row] = []
        balances: dict[int, object] = {}
        last_id = 0
        pages_done = 0
        # Stopping at the count (not at an empty page) saves one request when N is a multiple of the page.
        while len(received) < total:
            _check(cancel)
            answer = transport.call(
                LINE_MODEL,
                "search_read",
                params={
                    "domain": and_domains([("id", ">", last_id)], domain),
                    "fields": fields,
                    "limit": page_size,
                    "order": "id",
                },
            )
            page = _rows(answer, LINE_MODEL, fields, url)
            for row in page:
                row_id = row["id"]
                assert isinstance(row_id, int)
                if row_id <= last_id:
                    raise OdooMalformedAnswer(url, f"as linhas de {LINE_MODEL} não vieram ordenadas por id")
                last_id = row_id
                balance = balance_of(settings, row)
                if is_open(settings, balance):
                    open_lines.append(row)
                    balances[row_id] = balance
            received.extend(page)
            pages_done += 1
            if progress is not None:
                progress(
                    FetchProgress(pages_done, max(pages_total, pages_done), len(received), max(total, len(received)))
                )
            if len(page) < page_size:
                break
        if len(received) < total:
            # Lines left the filter between the count and the pages: this is not the carteira of one moment.
            raise OdooChangedDuringFetch(url, total, len(received))
        return OdooRecords(open_lines, balances=balances)

    def _read_related(self, transport: Transport, records: OdooRecords, cancel: CancelToken | None) -> None:
        settings = self._settings
        names = settings.fields
        url = settings.display_url
        wanted = related_fields(settings)
        lines = records.lines
        order_ids = _ids(lines, names.order, LINE_MODEL, url)
        product_ids = _ids(lines, names.product, LINE_MODEL, url)
        records.orders = self._read_by_id(transport, ORDER_MODEL, order_ids, wanted[ORDER_MODEL], cancel)
        partner_ids = _ids(records.orders.values(), names.order_partner, ORDER_MODEL, url)
        records.partners = self._read_by_id(transport, PARTNER_MODEL, partner_ids, wanted[PARTNER_MODEL], cancel)
        state_ids = _ids(records.partners.values(), names.partner_state, PARTNER_MODEL, url)
        records.states = self._read_by_id(transport, STATE_MODEL, state_ids, wanted[STATE_MODEL], cancel)
        records.products = self._read_by_id(transport, PRODUCT_MODEL, product_ids, wanted[PRODUCT_MODEL], cancel)

    def _read_by_id(
        self,
        transport: Transport,
        model: str,
        ids: list[int],
        fields: list[str],
        cancel: CancelToken | None,
    ) -> dict[int, Row]:
        url = self._settings.display_url
        batch = self._settings.batch_size
        found: dict[int, Row] = {}
        for start in range(0, len(ids), batch):
            _check(cancel)
            chunk = ids[start : start + batch]
            answer = transport.call(model, "read", ids=chunk, params={"fields": fields})
            for row in _rows(answer, model, fields, url):
                row_id = row["id"]
                assert isinstance(row_id, int)
                found[row_id] = row
            missing = [i for i in chunk if i not in found]
            if missing:
                shown = ", ".join(str(i) for i in missing[:5])
                raise OdooMalformedAnswer(url, f"{len(missing)} registro(s) de {model} não vieram ({shown})")
        return found


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()


def _rows(answer: object, model: str, fields: list[str], url: str) -> list[Row]:
    """Check that an answer is a list of records with an integer id and every requested field."""
    if not isinstance(answer, list):
        raise OdooMalformedAnswer(url, f"a leitura de {model} não devolveu uma lista")
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


def _ids(rows: Iterable[Row], name: str, model: str, url: str) -> list[int]:
    """The distinct ids a many2one field points to, sorted (batches then hit neighbouring records)."""
    found: set[int] = set()
    for row in rows:
        value = _m2o_id(row.get(name), url, f"{model} {row.get('id')}: {name}")
        if value is not None:
            found.add(value)
    return sorted(found)

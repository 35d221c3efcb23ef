"""Typed settings of the Odoo connection and of the field mapping.

Built from the ``[odoo]`` table of the TOML settings file, overridden by the ``CARTEIRA_ODOO_*`` environment
variables. The password and the API key never come from the file (they live in the system keyring or in the
environment), never show in ``repr()`` and never leave this object except towards Odoo itself.

Over 500 lines on purpose: every setting of the connection, its defaults, its environment override and its
validation (one sentence per problem) live together, so that the window, the command and the docs read one list.

Example of the table (every key is optional; these are the defaults)::

    [odoo]
    url = "https://odoo.example.com"
    database = "empresa"
    user = "integracao@example.com"
    protocol = "jsonrpc"            # or "json2" (Odoo 19+, needs an API key)
    timeout_s = 60
    retries = 3
    page_size = 2000
    batch_size = 5000               # related records read per call (sale.order, res.partner, …)
    balance = "faturado"            # "faturado" (ordered - invoiced) or "entregue" (ordered - delivered)
    balance_field = ""              # a custom field instead, e.g. "qty_saldo" (then balance = "campo")
    lines_without_code = "recusar"  # goods lines whose product has no internal reference: or "deixar_de_fora"
    order_states = ["sale"]         # and "done" on Odoo 16 and older while this is the default
    owned_prefixes = []             # e.g. ["VCD", "VSC"]; empty = every order belongs to Odoo
    extra_domain = []               # e.g. [["order_id.team_id.name", "=", "Atacado"]]
    lang = ""                       # e.g. "pt_BR"; empty = the server's default language
    verify_tls = true

    [odoo.fields]                   # field names, when the company renamed or replaced them
    product_code = "default_code"
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import ssl
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from carteira_gui.adapters.odoo.errors import OdooSettingsError

logger = logging.getLogger(__name__)

Protocol = Literal["jsonrpc", "json2"]
#: How the open balance of a line is computed (docs/odoo.md): ordered - invoiced, ordered - delivered, or a field.
BalanceMode = Literal["faturado", "entregue", "campo"]
#: What a goods line whose product has no internal reference does to the fetch.
CodelessPolicy = Literal["recusar", "deixar_de_fora"]
#: A domain item as Odoo takes it: an operator ("&", "|", "!") or a (path, operator, value) term.
DomainItem = str | tuple[str, str, object]

PROTOCOLS: tuple[str, ...] = ("jsonrpc", "json2")
BALANCE_MODES: tuple[str, ...] = ("faturado", "entregue", "campo")
CODELESS_POLICIES: tuple[str, ...] = ("recusar", "deixar_de_fora")
#: The order states of the default filter; while they are the default, Odoo 16 and older also get "done".
DEFAULT_ORDER_STATES: tuple[str, ...] = ("sale",)
DOMAIN_OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "in",
        "not in",
        "like",
        "ilike",
        "not like",
        "not ilike",
        "=like",
        "=ilike",
        "=?",
    }
)
_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?(@[a-z]+)?$")
_FIELD_PATH = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")

ENV_URL = "CARTEIRA_ODOO_URL"
ENV_DB = "CARTEIRA_ODOO_DB"
ENV_USER = "CARTEIRA_ODOO_USER"
ENV_PASSWORD = "CARTEIRA_ODOO_PASSWORD"
ENV_API_KEY = "CARTEIRA_ODOO_API_KEY"
ENV_PROTOCOL = "CARTEIRA_ODOO_PROTOCOL"
ENV_BALANCE = "CARTEIRA_ODOO_BALANCE"
ENV_BALANCE_FIELD = "CARTEIRA_ODOO_BALANCE_FIELD"
ENV_LINES_WITHOUT_CODE = "CARTEIRA_ODOO_LINES_WITHOUT_CODE"
ENV_LANG = "CARTEIRA_ODOO_LANG"


@dataclass(frozen=True, slots=True)
class OdooFieldNames:
    """Names of the Odoo fields read, with the defaults of docs/odoo.md ("Os campos lidos").

    ``line_uom`` empty means "the name the server's version uses": ``product_uom`` before Odoo 19 and
    ``product_uom_id`` from Odoo 19 on (the field was renamed).
    """

    # sale.order.line
    order: str = "order_id"
    product: str = "product_id"
    quantity: str = "product_uom_qty"
    invoiced: str = "qty_invoiced"
    delivered: str = "qty_delivered"
    price: str = "price_unit"
    discount: str = "discount"
    line_uom: str = ""
    display_type: str = "display_type"
    downpayment: str = "is_downpayment"
    # sale.order
    order_name: str = "name"
    order_state: str = "state"
    order_partner: str = "partner_id"
    order_date: str = "date_order"
    commitment_date: str = "commitment_date"
    # res.partner
    partner_name: str = "name"
    partner_vat: str = "vat"
    partner_city: str = "city"
    partner_state: str = "state_id"
    partner_commercial: str = "commercial_partner_id"
    # res.country.state
    state_code: str = "code"
    # product.product
    product_code: str = "default_code"
    product_name: str = "name"
    product_type: str = "type"
    product_uom: str = "uom_id"
    # uom.uom
    uom_name: str = "name"
    uom_factor: str = "factor"
    uom_rounding: str = "rounding"
    uom_category: str = "category_id"

    def line_uom_for(self, major_version: int) -> str:
        """The name of the line's unit field on a server of ``major_version`` (0 when unknown: Odoo 17's)."""
        if self.line_uom:
            return self.line_uom
        return "product_uom_id" if major_version >= 19 else "product_uom"


@dataclass(frozen=True, slots=True)
class OdooSettings:
    """Every setting of the Odoo connection and of the mapping of its records to carteira lines.

    ``balance`` says how the open balance is computed (``faturado``: ``product_uom_qty - qty_invoiced``;
    ``entregue``: ``product_uom_qty - qty_delivered``); a ``balance_field`` takes the balance from that field
    instead (``balance_mode`` is then ``campo``). ``owned_prefixes`` empty means every order belongs to Odoo.
    ``extra_domain`` is ANDed with the default filter (docs/odoo.md). ``lang`` empty sends no language: texts
    come in the server's default language.
    """

    url: str = ""
    database: str = ""
    user: str = ""
    password: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    protocol: Protocol = "jsonrpc"
    timeout_s: float = 60.0
    retries: int = 3
    retry_backoff_s: float = 0.5
    retry_backoff_max_s: float = 8.0
    page_size: int = 2000
    # Related records are small (a few fields each): 5,000 ids per read keeps a 100,000-line fetch under
    # 60 calls (56 measured with the default page size; docs/odoo.md "Custo de uma busca").
    batch_size: int = 5000
    balance: BalanceMode = "faturado"
    balance_field: str | None = None
    lines_without_code: CodelessPolicy = "recusar"
    fields: OdooFieldNames = field(default_factory=OdooFieldNames)
    order_states: tuple[str, ...] = DEFAULT_ORDER_STATES
    extra_domain: tuple[DomainItem, ...] = ()
    owned_prefixes: tuple[str, ...] = ()
    verify_tls: bool = True
    lang: str = ""
    timezone: str = "America/Sao_Paulo"

    def __post_init__(self) -> None:
        problems = _check_values(self)
        if problems:
            raise OdooSettingsError(problems)

    @property
    def balance_mode(self) -> BalanceMode:
        """``campo`` when a balance field is configured, else ``balance``."""
        return "campo" if self.balance_field else self.balance

    @classmethod
    def from_mapping(cls, table: Mapping[str, object], environ: Mapping[str, str]) -> OdooSettings:
        """Build the settings from the ``[odoo]`` TOML table, overridden by ``CARTEIRA_ODOO_*`` variables.

        Raises ``OdooSettingsError`` naming every bad or unknown key. A missing URL, database, user or secret
        is not an error here (the window must open without them): ``require_connection()`` checks them.
        """
        problems: list[str] = []
        values: dict[str, object] = {}
        known = {f.name for f in dataclasses.fields(cls)} - {"fields", "password", "api_key"}
        for key, value in table.items():
            if key in ("password", "api_key"):
                problems.append(
                    f"{key} não pode ficar no arquivo de configurações (use o cofre de senhas do sistema "
                    f"ou a variável {ENV_PASSWORD if key == 'password' else ENV_API_KEY})"
                )
            elif key == "fields":
                continue
            elif key not in known:
                problems.append(f"chave desconhecida {key!r}")
            else:
                try:
                    values[key] = _convert(key, value)
                except ValueError as bad:
                    problems.append(str(bad))
        names = table.get("fields", {})
        field_values: dict[str, str] = {}
        if not isinstance(names, Mapping):
            problems.append("fields deve ser uma tabela de nomes de campos")
        else:
            known_names = {f.name for f in dataclasses.fields(OdooFieldNames)}
            for key, value in names.items():
                if key not in known_names:
                    problems.append(f"fields.{key}: chave desconhecida")
                elif not isinstance(value, str):
                    problems.append(f"fields.{key} deve ser um texto")
                else:
                    field_values[key] = value.strip()

        overrides = {
            ENV_URL: "url",
            ENV_DB: "database",
            ENV_USER: "user",
            ENV_PASSWORD: "password",
            ENV_API_KEY: "api_key",
            ENV_PROTOCOL: "protocol",
            ENV_BALANCE: "balance",
            ENV_BALANCE_FIELD: "balance_field",
            ENV_LINES_WITHOUT_CODE: "lines_without_code",
            ENV_LANG: "lang",
        }
        for variable, key in overrides.items():
            text = environ.get(variable, "")
            # An empty variable is "not set": shells and service managers leave them behind.
            if text.strip():
                try:
                    values[key] = _convert(key, text if key in ("password", "api_key") else text.strip())
                except ValueError as bad:
                    problems.append(f"{variable}: {bad}")
        if problems:
            raise OdooSettingsError(problems)
        try:
            names_obj = OdooFieldNames(**field_values)
        except TypeError as bad:  # pragma: no cover - keys were checked above
            raise OdooSettingsError([str(bad)]) from None
        return cls(fields=names_obj, **values)  # type: ignore[arg-type]

    def to_mapping(self) -> dict[str, object]:
        """The ``[odoo]`` table that ``from_mapping`` reads back; never contains the password or API key."""
        table: dict[str, object] = {}
        for item in dataclasses.fields(self):
            if item.name in ("password", "api_key", "fields"):
                continue
            value = getattr(self, item.name)
            if item.name == "balance_field":
                value = value or ""
            elif item.name == "extra_domain":
                value = [term if isinstance(term, str) else list(term) for term in value]
            elif isinstance(value, tuple):
                value = list(value)
            table[item.name] = value
        table["fields"] = dataclasses.asdict(self.fields)
        return table

    def with_secrets(self, *, password: str | None = None, api_key: str | None = None) -> OdooSettings:
        """A copy with the secrets taken from the keyring; ``None`` keeps the current value."""
        return dataclasses.replace(
            self,
            password=password if password is not None else self.password,
            api_key=api_key if api_key is not None else self.api_key,
        )

    def require_connection(self) -> None:
        """Check that everything needed to connect is there; raise ``OdooSettingsError`` listing what is not."""
        problems: list[str] = []
        if not self.url:
            problems.append(f"falta o endereço do Odoo (url ou {ENV_URL})")
        if not self.database:
            problems.append(f"falta o nome da base de dados (database ou {ENV_DB})")
        if self.protocol == "jsonrpc":
            if not self.user:
                problems.append(f"falta o usuário (user ou {ENV_USER})")
            if not (self.password or self.api_key):
                problems.append(f"falta a senha ou a chave de API ({ENV_PASSWORD} ou {ENV_API_KEY})")
        elif not self.api_key:
            problems.append(f"o protocolo json2 exige uma chave de API ({ENV_API_KEY})")
        if problems:
            raise OdooSettingsError(problems)

    @property
    def secret(self) -> str:
        """What authenticates the calls: the API key when there is one, else the password."""
        return self.api_key or self.password or ""

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret, for scrubbing texts that might echo them."""
        return tuple(s for s in (self.password, self.api_key) if s)

    @property
    def endpoint(self) -> Endpoint:
        """The parsed URL."""
        return parse_url(self.url)

    @property
    def display_url(self) -> str:
        """The URL as shown to people: scheme, host and port only."""
        return self.endpoint.base_url if self.url else "(sem endereço)"

    def ssl_context(self) -> ssl.SSLContext:
        """The TLS context of the https connections (certificate checks unless ``verify_tls`` is off).

        Turning the checks off is logged as a warning each time a connection is prepared: anyone between this
        machine and the server could then read the password.
        """
        if self.verify_tls:
            return ssl.create_default_context()
        if self.url and self.endpoint.tls:
            logger.warning(
                "A verificação do certificado TLS do Odoo em %s está desligada (verify_tls = false): a conexão "
                "é cifrada, mas o servidor não é autenticado. Ligue-a de novo assim que o certificado for válido.",
                self.display_url,
            )
        context = ssl.create_default_context()
        # Only for servers with a self-signed certificate the company chose to trust; off by default.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Scheme, host and port of the Odoo server."""

    scheme: str
    host: str
    port: int

    @property
    def tls(self) -> bool:
        """Whether the connection is https."""
        return self.scheme == "https"

    @property
    def base_url(self) -> str:
        """``scheme://host:port`` with IPv6 hosts bracketed."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def parse_url(url: str) -> Endpoint:
    """Parse and check an Odoo URL: http or https, a host, an optional port, no path, no credentials."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError("url deve começar com http:// ou https://")
    if parts.username is not None or parts.password is not None:
        # A secret inside a URL ends up in logs and history; refuse it outright.
        raise ValueError("url não pode conter usuário ou senha")
    if not parts.hostname:
        raise ValueError("url sem o nome do servidor")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("url deve ter só o servidor e a porta, sem caminho (ex.: https://odoo.example.com)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("url com porta inválida") from None
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return Endpoint(parts.scheme, parts.hostname, port)


def _convert(key: str, value: object) -> object:
    """Convert one TOML/environment value to the type of the setting; ``ValueError`` names the key."""
    if key in ("balance", "lines_without_code"):
        allowed = BALANCE_MODES if key == "balance" else CODELESS_POLICIES
        text = value.strip().lower() if isinstance(value, str) else value
        if text not in allowed:
            shown = " ou ".join(repr(a) for a in allowed)
            raise ValueError(f"{key} deve ser {shown} (recebido {value!r})")
        return text
    if key in ("url", "database", "user", "lang", "timezone"):
        if not isinstance(value, str):
            raise ValueError(f"{key} deve ser um texto")
        if key == "url" and value.strip():
            parse_url(value)  # reported with the other problems instead of alone afterwards
        return value.strip()
    if key in ("password", "api_key"):
        if not isinstance(value, str):
            raise ValueError(f"{key} deve ser um texto")
        return value
    if key == "protocol":
        if not isinstance(value, str):
            raise ValueError("protocol deve ser um texto")
        text = value.strip().lower()
        # odoorpc's name for JSON-RPC over https; the URL's scheme already says https.
        if text == "jsonrpc+ssl":
            text = "jsonrpc"
        if text not in PROTOCOLS:
            raise ValueError(f"protocol deve ser jsonrpc ou json2 (recebido {value!r})")
        return text
    if key in ("timeout_s", "retry_backoff_s", "retry_backoff_max_s"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{key} deve ser um número")
        return float(value)
    if key in ("retries", "page_size", "batch_size"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{key} deve ser um número inteiro")
        return value
    if key == "verify_tls":
        if not isinstance(value, bool):
            raise ValueError("verify_tls deve ser true ou false")
        return value
    if key == "balance_field":
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("balance_field deve ser um texto")
        return value.strip() or None
    if key in ("order_states", "owned_prefixes"):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{key} deve ser uma lista de textos")
        return tuple(v.strip() for v in value)
    if key == "extra_domain":
        return parse_domain(value)
    raise ValueError(f"chave desconhecida {key!r}")  # pragma: no cover - callers filter the keys


def parse_domain(value: object) -> tuple[DomainItem, ...]:
    """Validate an Odoo domain written in the settings file and return it as a tuple.

    Items are operators (``"&"``, ``"|"``, ``"!"``) or ``[path, operator, value]`` terms with a scalar or a
    list of scalars as value. The prefix notation must be complete (``normalize_domain`` accepts it).
    """
    if not isinstance(value, list | tuple):
        raise ValueError("extra_domain deve ser uma lista de termos")
    items: list[DomainItem] = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            if item not in ("&", "|", "!"):
                raise ValueError(f"extra_domain[{index}]: operador {item!r} desconhecido")
            items.append(item)
            continue
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise ValueError(f"extra_domain[{index}]: cada termo deve ser [campo, operador, valor]")
        path, operator, operand = item
        if not isinstance(path, str) or not _FIELD_PATH.match(path):
            raise ValueError(f"extra_domain[{index}]: campo {path!r} inválido")
        if not isinstance(operator, str) or operator not in DOMAIN_OPERATORS:
            raise ValueError(f"extra_domain[{index}]: operador {operator!r} desconhecido")
        if isinstance(operand, list | tuple):
            if not all(_is_scalar(v) for v in operand):
                raise ValueError(f"extra_domain[{index}]: valor deve ser um texto, número ou lista deles")
            operand = list(operand)
        elif not _is_scalar(operand):
            raise ValueError(f"extra_domain[{index}]: valor deve ser um texto, número ou lista deles")
        items.append((path, operator, operand))
    try:
        normalize_domain(items)
    except ValueError:
        raise ValueError("extra_domain: operadores &, | e ! sem termos suficientes") from None
    return tuple(items)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def normalize_domain(domain: Sequence[object]) -> list[object]:
    """Make the implicit ANDs of a domain explicit (Odoo's ``normalize_domain``); ``ValueError`` if malformed."""
    result: list[object] = []
    expected = 1
    for item in domain:
        if expected == 0:
            # A complete expression is followed by another: Odoo ANDs them.
            result[0:0] = ["&"]
            expected = 1
        if isinstance(item, str):
            if item in ("&", "|"):
                expected += 1
            elif item != "!":
                raise ValueError(f"operador de domínio desconhecido {item!r}")
        else:
            expected -= 1
        result.append(item)
    if domain and expected != 0:
        raise ValueError("domínio incompleto")
    return result


def and_domains(*domains: Sequence[object]) -> list[object]:
    """AND several domains, each normalised first so that their own operators keep their meaning."""
    parts = [normalize_domain(d) for d in domains if d]
    if not parts:
        return []
    combined: list[object] = ["&"] * (len(parts) - 1)
    for part in parts:
        combined.extend(part)
    return combined


def _check_values(settings: OdooSettings) -> list[str]:
    problems: list[str] = []
    if settings.url:
        try:
            parse_url(settings.url)
        except ValueError as bad:
            problems.append(str(bad))
    if settings.protocol not in PROTOCOLS:
        problems.append(f"protocol deve ser jsonrpc ou json2 (recebido {settings.protocol!r})")
    if not (math.isfinite(settings.timeout_s) and 0 < settings.timeout_s <= 3600):
        problems.append("timeout_s deve estar entre 0 e 3600 segundos")
    if not 0 <= settings.retries <= 10:
        problems.append("retries deve estar entre 0 e 10")
    for name in ("retry_backoff_s", "retry_backoff_max_s"):
        value = cast(float, getattr(settings, name))
        if not (math.isfinite(value) and 0 <= value <= 600):
            problems.append(f"{name} deve estar entre 0 e 600 segundos")
    for name in ("page_size", "batch_size"):
        value_int = cast(int, getattr(settings, name))
        if not 1 <= value_int <= 50_000:
            problems.append(f"{name} deve estar entre 1 e 50000")
    if settings.balance_field is not None and not _FIELD_NAME.match(settings.balance_field):
        problems.append(f"balance_field {settings.balance_field!r} não é um nome de campo válido")
    if settings.balance not in BALANCE_MODES:
        problems.append(f"balance deve ser faturado, entregue ou campo (recebido {settings.balance!r})")
    elif settings.balance == "campo" and not settings.balance_field:
        problems.append('balance = "campo" precisa do nome do campo em balance_field')
    if settings.lines_without_code not in CODELESS_POLICIES:
        problems.append(
            f"lines_without_code deve ser recusar ou deixar_de_fora (recebido {settings.lines_without_code!r})"
        )
    for item in dataclasses.fields(settings.fields):
        name = getattr(settings.fields, item.name)
        if item.name == "line_uom" and name == "":
            continue  # automatic: the name the server's version uses
        if not isinstance(name, str) or not _FIELD_NAME.match(name):
            problems.append(f"fields.{item.name} {name!r} não é um nome de campo válido")
    if not settings.order_states or not all(settings.order_states):
        problems.append("order_states deve listar ao menos um estado de pedido")
    if not all(settings.owned_prefixes):
        problems.append("owned_prefixes não pode ter prefixos vazios")
    try:
        normalize_domain(settings.extra_domain)
    except ValueError:
        problems.append("extra_domain: operadores &, | e ! sem termos suficientes")
    if settings.lang and not _LANG_CODE.match(settings.lang):
        problems.append(f"lang {settings.lang!r} não é um código de idioma (ex.: pt_BR)")
    if not settings.timezone:
        problems.append("timezone não pode ser vazio")
    return problems

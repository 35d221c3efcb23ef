"""Every way talking to Odoo can fail, one type per class of failure.

Each error is a ``FetchError``: nothing was changed when it is raised. ``str(error)`` is one pt-BR sentence for
the planner (what failed, that nothing was changed, what to do). Texts that come from the server are scrubbed of
the password and the API key before they are stored here, and the transports never chain an exception that
could carry them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from carteira_gui.domain.errors import CarteiraError, FetchError

_NOTHING_CHANGED = "Nada foi alterado"
_MAX_DETAIL = 300


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """Return ``text`` with every secret replaced by asterisks, cut to a readable length.

    Short secrets are scrubbed too: a 4-character password is still a password.
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "********")
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


class OdooSettingsError(CarteiraError):
    """The Odoo settings (file or environment) are incomplete or invalid; nothing was changed."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            "As configurações do Odoo estão incompletas ou inválidas: "
            + "; ".join(self.problems)
            + f". {_NOTHING_CHANGED}; corrija as configurações (arquivo de configurações ou variáveis "
            "CARTEIRA_ODOO_*) e tente de novo."
        )


class OdooError(FetchError):
    """Base of the failures of a conversation with Odoo.

    ``transient`` tells whether the same request may succeed if sent again (connection reset, timeout,
    HTTP 502/503/504, truncated answer); only those are retried. ``attempts`` is how many times the
    request was sent before giving up.
    """

    transient = False

    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        self.detail = detail
        self.attempts = 1
        super().__init__(url, detail)

    def describe(self) -> str:
        """The sentence for the planner, without the retry note."""
        raise NotImplementedError

    def __str__(self) -> str:
        text = self.describe()
        if self.attempts > 1:
            text += f" (depois de {self.attempts} tentativas)"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class OdooUnreachable(OdooError):
    """No connection could be opened (refused, unknown host, network down)."""

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"Não foi possível conectar ao Odoo em {self.url} ({self.detail}). {_NOTHING_CHANGED}; confira o "
            "endereço nas configurações e a rede, e tente de novo."
        )


class OdooConnectionLost(OdooUnreachable):
    """The connection was dropped or reset before the answer arrived; worth another try."""

    transient = True

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"A conexão com o Odoo em {self.url} caiu antes da resposta ({self.detail}). {_NOTHING_CHANGED}; "
            "tente de novo em instantes."
        )


class OdooTLSError(OdooError):
    """The TLS handshake or the certificate check failed."""

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"A conexão segura (TLS) com o Odoo em {self.url} falhou ({self.detail}). {_NOTHING_CHANGED}; "
            "confira se o endereço usa http ou https corretamente e se o certificado do servidor é válido."
        )


class OdooTimeout(OdooError):
    """Odoo did not answer within the configured time."""

    transient = True

    def __init__(self, url: str, timeout_s: float, detail: str = "") -> None:
        super().__init__(url, detail)
        self.timeout_s = timeout_s

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O Odoo em {self.url} não respondeu em {self.timeout_s:g} s. {_NOTHING_CHANGED}; tente de novo "
            "mais tarde ou aumente o tempo limite (timeout_s) nas configurações."
        )


class OdooDatabaseNotFound(OdooError):
    """The configured database does not exist on that server."""

    def __init__(self, url: str, database: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.database = database

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"A base de dados {self.database!r} não existe no Odoo em {self.url}. {_NOTHING_CHANGED}; "
            "confira o nome da base nas configurações (CARTEIRA_ODOO_DB)."
        )


class OdooLoginFailed(OdooError):
    """Odoo refused the user and password or the API key."""

    def __init__(self, url: str, database: str, user: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.database = database
        self.user = user

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        who = f"o usuário {self.user!r}" if self.user else "a chave de API"
        return (
            f"O Odoo em {self.url} recusou {who} na base {self.database!r}: usuário, senha ou chave de API "
            f"incorretos ou expirados. {_NOTHING_CHANGED}; confira as credenciais e tente de novo."
        )


class OdooAccessDenied(OdooError):
    """The user may not read one of the models the fetch needs."""

    def __init__(self, url: str, model: str, user: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.model = model
        self.user = user

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        who = f"O usuário {self.user!r}" if self.user else "O usuário da chave de API"
        return (
            f"{who} não tem permissão de leitura em {self.model} no Odoo em {self.url}. "
            f"{_NOTHING_CHANGED}; peça ao administrador do Odoo acesso de leitura a esse modelo."
        )


class OdooUnknownField(OdooError):
    """A configured field does not exist on its model."""

    def __init__(self, url: str, field: str, model: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.field = field
        self.model = model

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O campo {self.field!r} configurado não existe no modelo {self.model} do Odoo em {self.url}. "
            f"{_NOTHING_CHANGED}; corrija o nome do campo nas configurações do Odoo."
        )


class OdooMalformedAnswer(OdooError):
    """The answer is not what Odoo sends (not JSON, wrong shape, missing records)."""

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O servidor em {self.url} enviou uma resposta inválida ({self.detail}). {_NOTHING_CHANGED}; "
            "confira se o endereço é mesmo de um Odoo e tente de novo."
        )


class OdooTruncatedAnswer(OdooMalformedAnswer):
    """The answer stopped before its announced end: a transport accident, worth another try."""

    transient = True

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"A resposta do Odoo em {self.url} chegou incompleta ({self.detail}). {_NOTHING_CHANGED}; "
            "tente de novo em instantes."
        )


class OdooHTTPError(OdooError):
    """The HTTP server answered with an error status and no Odoo error inside."""

    def __init__(self, url: str, status: int, detail: str = "") -> None:
        super().__init__(url, detail)
        self.status = status
        self.transient = status in (502, 503, 504)

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        advice = (
            "o servidor está sobrecarregado ou em manutenção; tente de novo em alguns minutos"
            if self.transient
            else "confira o endereço do Odoo nas configurações"
        )
        reason = f" ({self.detail})" if self.detail else ""
        return f"O servidor em {self.url} respondeu HTTP {self.status}{reason}. {_NOTHING_CHANGED}; {advice}."


class OdooServerError(OdooError):
    """Odoo answered with an error that fits no other class."""

    def __init__(self, url: str, name: str, message: str) -> None:
        super().__init__(url, message)
        self.name = name

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O Odoo em {self.url} respondeu com um erro ({self.name}: {self.detail}). {_NOTHING_CHANGED}; "
            "tente de novo e, se o erro continuar, mostre esta mensagem ao administrador do Odoo."
        )


class OdooChangedDuringFetch(OdooError):
    """Odoo changed while the lines were being read, on the first fetch and again on the second.

    Either fewer lines arrived than Odoo counted (``counted``/``received``), or records the lines point to
    disappeared between the pages and their reading (real Odoo's ``read`` silently leaves out ids that no
    longer exist): ``detail`` says which.
    """

    def __init__(self, url: str, counted: int = 0, received: int = 0, *, detail: str = "") -> None:
        super().__init__(url, detail or f"{counted} linhas contadas, {received} recebidas")
        self.counted = counted
        self.received = received

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O Odoo em {self.url} mudou durante a busca das linhas de venda, duas vezes seguidas ({self.detail}): "
            f"alguém está alterando pedidos neste momento. {_NOTHING_CHANGED}; busque de novo em instantes."
        )


class OdooJson2Unsupported(OdooError):
    """The server has no JSON-2 API: it exists from Odoo 19 on."""

    def __init__(self, url: str, version: str | None = None) -> None:
        super().__init__(url, version or "")
        self.version = version

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        which = f"este servidor é o Odoo {self.version}" if self.version else "este servidor não é um Odoo 19"
        return (
            f"O Odoo em {self.url} não oferece a API JSON-2, que existe a partir do Odoo 19 ({which}). "
            f'{_NOTHING_CHANGED}; escolha o protocolo JSON-RPC nas configurações (protocol = "jsonrpc").'
        )


class OdooLanguageRefused(OdooError):
    """Odoo refused the language the settings ask for (not active on the server)."""

    def __init__(self, url: str, lang: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.lang = lang

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O Odoo em {self.url} recusou o idioma {self.lang!r}, que não está ativo nesse servidor. "
            f"{_NOTHING_CHANGED}; esvazie a configuração do idioma (lang, em [odoo], ou CARTEIRA_ODOO_LANG) para usar "
            "o idioma padrão do servidor, ou ative esse idioma no Odoo."
        )


class OdooUnknownModel(OdooError):
    """A model the fetch reads does not exist on the server (its module is not installed)."""

    def __init__(self, url: str, model: str, detail: str = "") -> None:
        super().__init__(url, detail)
        self.model = model

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        return (
            f"O modelo {self.model} não existe no Odoo em {self.url}. {_NOTHING_CHANGED}; confira se o módulo que o "
            "traz (Vendas, para os pedidos; Unidades de medida, para as unidades) está instalado nessa base."
        )


class OdooProductsWithoutCode(OdooError):
    """Open goods lines have products without an internal reference, and the settings refuse them."""

    def __init__(self, url: str, products: list[tuple[int, str, int]]) -> None:
        super().__init__(url, f"{len(products)} produto(s)")
        #: (product id, product name, open lines) of every product without a code.
        self.products = products

    def describe(self) -> str:
        """Explain the failure in pt-BR."""
        lines = sum(count for _id, _name, count in self.products)
        shown = "; ".join(
            f"{name or 'sem nome'} (product.product {ident}, {count} linha{'s' if count > 1 else ''})"
            for ident, name, count in self.products[:20]
        )
        more = f" e mais {len(self.products) - 20}" if len(self.products) > 20 else ""
        return (
            f"O Odoo em {self.url} tem {lines} linha(s) abertas de {len(self.products)} produto(s) sem referência "
            f"interna (o código do produto na carteira): {shown}{more}. {_NOTHING_CHANGED}; preencha a referência "
            'interna desses produtos no Odoo, ou configure lines_without_code = "deixar_de_fora" para que essas '
            "linhas fiquem fora da carteira (o plano as lista)."
        )


_INVALID_FIELD_PATTERNS = (
    # read/fields of Odoo 16-17 and Odoo 19: Invalid field 'x' on model 'y' / Invalid field 'x' on 'y'
    # (and "in 'y'" in a few places of Odoo 19).
    re.compile(r"Invalid field\s+'(?P<field>[\w.]+)'\s+(?:on model|on|in)\s+'(?P<model>[\w.]+)'"),
    # The domain of Odoo 16-17: Invalid field sale.order.line.x in leaf ('x', '=', 1); of Odoo 19:
    # Invalid field sale.order.line.x in condition ('x', '=', 1).
    re.compile(r"Invalid field\s+'?(?P<model>[a-z_]\w*(?:\.[a-z_]\w*)*)\.(?P<field>\w+)'?\s+in\s+(?:leaf|condition)"),
)
_UNKNOWN_MODEL_PATTERNS = (
    re.compile(r"Object\s+(?P<model>[\w.]+)\s+doesn't exist"),  # execute_kw, Odoo 16-19
    re.compile(r"the model\s+'(?P<model>[\w.]+)'\s+does not exist"),  # JSON-2, Odoo 19
)
_INVALID_LANGUAGE = re.compile(r"Invalid language code:\s*(?P<lang>\S+)")


def parse_invalid_field(message: str) -> tuple[str, str] | None:
    """Find ``(field, model)`` in an Odoo "Invalid field" message, or ``None``."""
    for pattern in _INVALID_FIELD_PATTERNS:
        match = pattern.search(message)
        if match:
            return match.group("field"), match.group("model")
    return None


def classify_server_error(
    *,
    url: str,
    database: str,
    user: str,
    model: str,
    name: str,
    message: str,
    status: int | None = None,
) -> OdooError:
    """Turn an Odoo error (JSON-RPC envelope or JSON-2 body) into the matching error type.

    ``name`` is the Python exception name Odoo reports (``odoo.exceptions.AccessError``), ``message`` its
    text (already scrubbed of secrets) and ``status`` the HTTP status of a JSON-2 answer. The name decides
    first because it is the most stable part across Odoo versions; the status only breaks ties.
    """
    short = name.rsplit(".", 1)[-1]
    lowered = message.lower()
    if short in ("AccessDenied", "Unauthorized") or status == 401:
        return OdooLoginFailed(url, database, user, message)
    language = _INVALID_LANGUAGE.search(message)
    if language is not None:
        return OdooLanguageRefused(url, language.group("lang").strip("'\".,"), message)
    for pattern in _UNKNOWN_MODEL_PATTERNS:
        unknown = pattern.search(message)
        if unknown is not None:
            return OdooUnknownModel(url, unknown.group("model"), message)
    if "OperationalError" in short and "database" in lowered:
        return OdooDatabaseNotFound(url, database, message)
    if status == 404 and "database" in lowered:
        return OdooDatabaseNotFound(url, database, message)
    if short == "AccessError" or status == 403:
        return OdooAccessDenied(url, model, user, message)
    invalid = parse_invalid_field(message)
    if invalid is not None:
        return OdooUnknownField(url, invalid[0], invalid[1], message)
    if status in (502, 503, 504) and not name:
        return OdooHTTPError(url, status, message)
    return OdooServerError(url, name or f"HTTP {status}", message)

"""How requests reach Odoo: one interface, two protocols.

``JsonRpcTransport`` (the default) speaks Odoo's external JSON-RPC through odoorpc: ``common.login`` once, then
``object.execute_kw`` with the password or API key in every call. ``Json2Transport`` speaks the JSON-2 API of
Odoo 19+ (``POST /json/2/<model>/<method>``, named arguments, ``Authorization: bearer <API key>``) with the
standard library only, because Odoo 19 deprecates ``/jsonrpc``.

Both translate every failure into one of the types of ``errors`` and retry the transient ones (connection
reset, timeout, HTTP 502/503/504, truncated answer) with exponential backoff, a bounded number of times.
Each HTTP request is retried on its own, so a failure on page 7 does not re-read pages 1 to 6. A language
goes in the calls' context only when the settings name one (``lang``): Odoo 19 refuses one that is not active.

``CallQueue`` sends a transport's calls from one background thread, one at a time and in the order asked, so
that the fetch maps one page while Odoo prepares the next; it asks for the pages itself, one as the last comes
in, and tells the fetch's thread when to let it have the interpreter lock.

Over 500 lines on purpose: both protocols, their error translation, the retries and the thread that sends the
calls must agree on what a failure is and when a request has left.
"""

from __future__ import annotations

import abc
import copy
import http.client
import json
import logging
import re
import select
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from http.cookiejar import CookieJar
from queue import SimpleQueue
from types import TracebackType
from typing import Any, ClassVar, TypeVar

import odoorpc
import odoorpc.error
import odoorpc.rpc.jsonrpclib
import orjson
import tenacity

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.errors import (
    OdooConnectionLost,
    OdooDatabaseNotFound,
    OdooError,
    OdooHTTPError,
    OdooJson2Unsupported,
    OdooLoginFailed,
    OdooMalformedAnswer,
    OdooTimeout,
    OdooTLSError,
    OdooTruncatedAnswer,
    OdooUnreachable,
    classify_server_error,
    scrub,
)
from carteira_gui.domain.errors import FetchCancelled
from carteira_gui.services.ports import CancelToken

logger = logging.getLogger(__name__)

T = TypeVar("T")
USER_AGENT = "carteira-sync"
_REDACTED = "**********"
_VERSION = re.compile(r"^\s*(?:saas~)?(\d+)\.(\d+)")
#: The page real Odoo 19 answers (404, text/html) when the X-Odoo-Database header names no database it serves.
_NO_DATABASE_PAGE = b"No database is selected"


def parse_version(text: str) -> tuple[int, int]:
    """``(major, minor)`` of an Odoo version text (``17.0-20240709``, ``19.0+e-20251002``, ``saas~18.1``).

    ``(0, 0)`` when the text is not a version: the caller then assumes the oldest supported behaviour.
    """
    match = _VERSION.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


class _RedactOdoorpcSecrets(logging.Filter):
    """Hide the password that odoorpc puts in the DEBUG log of every JSON-RPC call.

    odoorpc only hides a top-level ``password`` parameter; ``execute_kw`` and ``common.login`` carry the
    password (or API key) as the third positional argument, which it would log in clear.
    """

    _SECRET_POSITION: ClassVar[dict[str, int]] = {"object": 2, "common": 2}
    #: Secrets of the transports alive now (counted: two transports may share one), scrubbed from any text
    #: odoorpc logs, answers included: a server may echo an argument in an error message.
    active_secrets: ClassVar[Counter[str]] = Counter()
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def register(cls, secrets: Sequence[str]) -> None:
        """Start scrubbing ``secrets``."""
        with cls._lock:
            cls.active_secrets.update(secrets)

    @classmethod
    def unregister(cls, secrets: Sequence[str]) -> None:
        """Stop scrubbing ``secrets`` (once every transport that registered them is closed)."""
        with cls._lock:
            cls.active_secrets.subtract(secrets)
            for secret in [s for s, n in cls.active_secrets.items() if n <= 0]:
                del cls.active_secrets[secret]

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the secret argument in the logged request; never drop the record."""
        args: Any = record.args
        data: Any = args.get("data") if isinstance(args, Mapping) else None
        params: Any = data.get("params") if isinstance(data, Mapping) else None
        if isinstance(params, Mapping) and isinstance(params.get("args"), list):
            position = self._SECRET_POSITION.get(str(params.get("service")))
            if params.get("service") == "db" and params.get("method") not in ("list", "server_version"):
                position = 0  # the master password of the database manager
            if position is not None and len(params["args"]) > position:
                redacted = copy.deepcopy(dict(data))
                redacted["params"]["args"][position] = _REDACTED
                record.args = {**args, "data": redacted}
        secrets = list(self.active_secrets)
        if secrets:
            try:
                message = record.getMessage()
            except Exception:  # a filter must never break the call being logged
                return True
            if any(secret in message for secret in secrets):
                for secret in secrets:
                    message = message.replace(secret, _REDACTED)
                record.msg, record.args = message, None
        return True


def _install_log_filter() -> None:
    odoorpc_logger = logging.getLogger("odoorpc.rpc.jsonrpclib")
    if not any(isinstance(f, _RedactOdoorpcSecrets) for f in odoorpc_logger.filters):
        odoorpc_logger.addFilter(_RedactOdoorpcSecrets())


_install_log_filter()


def loads(raw: bytes) -> object:
    """An answer's JSON decoded: by orjson, four times as quick as the standard library on a page of lines.

    What orjson refuses and the standard library reads (``NaN``, integers beyond 64 bits) is read by the
    latter, so that every answer decodes as it did with odoorpc's ``json.load``; what neither reads raises
    the standard library's ``ValueError``.
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw.decode("utf-8"))


def translate_exception(exc: BaseException, settings: OdooSettings, model: str) -> OdooError | None:
    """Map a low-level exception (socket, TLS, HTTP, JSON, odoorpc) to its ``OdooError``; ``None`` if unknown.

    The order matters: ``ssl.SSLError`` and ``TimeoutError`` are ``OSError`` subclasses too.
    """
    url = settings.display_url
    secrets = settings.secrets
    if isinstance(exc, OdooError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        return OdooHTTPError(url, exc.code, scrub(str(exc.reason), secrets))
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        return translate_exception(exc.reason, settings, model)
    if isinstance(exc, urllib.error.URLError):
        return OdooUnreachable(url, scrub(str(exc.reason), secrets))
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return OdooTLSError(url, scrub(str(exc), secrets))
    if isinstance(exc, TimeoutError | socket.timeout):
        return OdooTimeout(url, settings.timeout_s, "tempo esgotado")
    if isinstance(exc, http.client.IncompleteRead):
        return OdooTruncatedAnswer(url, f"{len(exc.partial)} bytes recebidos")
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        # http.client.RemoteDisconnected is a ConnectionResetError: the server closed without answering.
        return OdooConnectionLost(url, scrub(str(exc) or type(exc).__name__, secrets))
    if isinstance(exc, socket.gaierror):
        return OdooUnreachable(url, "nome do servidor não encontrado")
    if isinstance(exc, ConnectionRefusedError):
        return OdooUnreachable(url, "conexão recusada")
    if isinstance(exc, OSError):
        return OdooUnreachable(url, scrub(str(exc) or type(exc).__name__, secrets))
    if isinstance(exc, _BadCompressedAnswer):
        return OdooMalformedAnswer(url, "compressão gzip corrompida")
    if isinstance(exc, http.client.HTTPException):
        return OdooMalformedAnswer(url, f"HTTP inválido: {type(exc).__name__}")
    if isinstance(exc, ValueError):  # json.JSONDecodeError, UnicodeDecodeError
        return OdooMalformedAnswer(url, "a resposta não é JSON válido")
    if isinstance(exc, KeyError | TypeError | AttributeError | IndexError):
        # odoorpc indexes into the answer without checking it (data['error']['data']['message']...).
        return OdooMalformedAnswer(url, "a resposta não tem o formato do Odoo")
    return None


def run_with_retry(
    request: Callable[[], T],
    settings: OdooSettings,
    cancel: CancelToken | None,
    what: str,
) -> T:
    """Run ``request``; retry it when it raises a transient ``OdooError``, at most ``settings.retries`` times.

    The wait doubles from ``retry_backoff_s`` up to ``retry_backoff_max_s`` and is cut short by a
    cancellation. The final error tells how many attempts were made.
    """
    attempts = 0

    def attempt() -> T:
        nonlocal attempts
        if cancel is not None:
            cancel.raise_if_cancelled()
        attempts += 1
        return request()

    def sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if cancel is not None and cancel.cancelled:
                raise FetchCancelled()
            time.sleep(min(remaining, 0.05))

    def log_retry(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        logger.warning(
            "Odoo: %s falhou (%s: %s); nova tentativa %d de %d em %.2f s",
            what,
            type(error).__name__,
            error,
            state.attempt_number + 1,
            settings.retries + 1,
            wait,
        )

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(settings.retries + 1),
        wait=tenacity.wait_exponential(multiplier=settings.retry_backoff_s, min=0, max=settings.retry_backoff_max_s),
        retry=tenacity.retry_if_exception(lambda e: isinstance(e, OdooError) and e.transient),
        sleep=sleep,
        before_sleep=log_retry,
        reraise=True,
    )
    try:
        return retrying(attempt)
    except OdooError as error:
        error.attempts = attempts
        raise


class _BadCompressedAnswer(http.client.HTTPException):
    """An answer said to be gzip-compressed that does not decompress."""


class _NotifyingResponse(http.client.HTTPResponse):
    """An answer that says when its whole body has been read, before anyone decodes it.

    A gzip-compressed body (a proxy in front of Odoo compresses when asked: ``Accept-Encoding``) is read
    decompressed. ``complete`` turns true once the whole body has been read (its connection may then serve the
    next request).
    """

    notify: Callable[..., None] | None = None
    complete = False

    def read(self, amt: int | None = None) -> bytes:
        data = super().read(amt)
        if amt is not None:
            return data  # only whole bodies are read here: read() of a compressed body needs it whole
        self.complete = True
        if self.getheader("Content-Encoding", "").strip().lower() == "gzip":
            try:
                data = zlib.decompress(data, wbits=31)  # 31: a gzip stream, as nginx sends it
            except zlib.error as exc:
                raise _BadCompressedAnswer(str(exc)) from None
        if self.status == 200 and self.notify is not None:
            self.notify(body=data)
        return data


class _Notifying(http.client.HTTPConnection):
    """Says when its request is written and when its answer starts to arrive (mixed into both connection kinds)."""

    response_class = _NotifyingResponse

    def __init__(self, *args: Any, notify: Callable[..., None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._notify = notify

    def getresponse(self) -> http.client.HTTPResponse:
        self._notify()
        response = super().getresponse()
        self._notify(answering=True)  # the headers are in: the body follows
        if isinstance(response, _NotifyingResponse):
            response.notify = self._notify
        return response


class _NotifyingHTTPConnection(_Notifying):
    """An HTTP connection that says when its request is written."""


class _NotifyingHTTPSConnection(_Notifying, http.client.HTTPSConnection):
    """``_NotifyingHTTPConnection`` over TLS."""


class _KeptConnections:
    """The connections kept open between requests: one per sending thread, reused while the server keeps it.

    Odoo's own server closes every connection after its answer (werkzeug sends ``Connection: close``), and then
    nothing is kept: a request opens a connection, as urllib always does. A proxy in front of Odoo (nginx,
    usually with TLS) keeps them; each request after the first then saves a new connection — over TLS a
    handshake, one or two round trips to a distant server. A connection is reused only once its last answer
    was read to the end, and only if the server has not closed it meanwhile (its idle timeout: looked at
    before sending, as urllib3 does); a request that fails on it is an error like any other, for the
    transport's retries.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()
        #: Connections opened so far.
        self.opened = 0

    def open(
        self,
        handler: urllib.request.AbstractHTTPHandler,
        factory: Callable[..., http.client.HTTPConnection],
        req: urllib.request.Request,
        **connection_args: Any,
    ) -> http.client.HTTPResponse:
        """The answer to ``req`` on this thread's kept connection (urllib's ``do_open``, no ``Connection: close``)."""
        if getattr(req, "_tunnel_host", None):  # through an https proxy's tunnel: urllib's own way, nothing kept
            return handler.do_open(factory, req, **connection_args)
        host = req.host
        if not host:
            raise urllib.error.URLError("no host given")
        connection = self._take(host)
        if connection is None:
            connection = factory(host, timeout=req.timeout, **connection_args)
            with self._lock:
                self._open.add(connection)
                self.opened += 1
        else:
            timeout = req.timeout
            if timeout is socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                timeout = socket.getdefaulttimeout()  # urllib's "none given" is an object a socket does not take
            connection.timeout = timeout
            assert connection.sock is not None
            connection.sock.settimeout(timeout)
        headers = dict(req.unredirected_hdrs)
        headers.update({key: value for key, value in req.headers.items() if key not in headers})
        headers = {name.title(): value for name, value in headers.items()}
        try:
            try:
                connection.request(
                    req.get_method(),
                    req.selector,
                    req.data,
                    headers,
                    encode_chunked=req.has_header("Transfer-encoding"),
                )
            except OSError as err:  # as urllib: the request could not be sent
                raise urllib.error.URLError(err) from err
            response = connection.getresponse()
        except BaseException:
            self._forget(connection)
            raise
        response.url = req.get_full_url()
        response.msg = response.reason  # type: ignore[assignment]
        if response.will_close:
            self._forget(connection)  # http.client handed the socket to the answer, which closes it when read
        else:
            self._local.kept = (host, connection, response)
        return response

    def _take(self, host: str) -> http.client.HTTPConnection | None:
        """The kept connection of this thread to ``host``, if its last answer was read and the server kept it."""
        kept = getattr(self._local, "kept", None)
        if kept is None:
            return None
        self._local.kept = None
        kept_host, connection, last = kept
        sock = connection.sock
        # An answer closed before it was read to the end left bytes behind. An idle connection has nothing to
        # read: readable, it was closed by the server (or holds what no one asked for).
        if kept_host == host and getattr(last, "complete", False) and last.isclosed() and sock is not None:
            try:
                readable = bool(select.select([sock], [], [], 0)[0])
            except (OSError, ValueError):  # closed meanwhile
                readable = True
            if not readable:
                return connection  # type: ignore[no-any-return]
        self._forget(connection)
        return None

    def _forget(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._open.discard(connection)
        connection.close()

    def close(self) -> None:
        """Close every connection kept, of every thread (once they are done sending)."""
        with self._lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            connection.close()


class _NotifyingHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, notify: Callable[..., None], kept: _KeptConnections) -> None:
        super().__init__()
        self._notify = notify
        self._kept = kept

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self._kept.open(self, partial(_NotifyingHTTPConnection, notify=self._notify), req)


class _NotifyingHTTPSHandler(urllib.request.HTTPSHandler):
    """HTTPS with the settings' TLS context, made when the first https request is (none for plain http)."""

    def __init__(
        self, notify: Callable[..., None], context: Callable[[], ssl.SSLContext], kept: _KeptConnections
    ) -> None:
        super().__init__()
        self._notify = notify
        self._make_context = context
        self._tls: ssl.SSLContext | None = None
        self._kept = kept

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        if self._tls is None:
            self._tls = self._make_context()
        factory = partial(_NotifyingHTTPSConnection, notify=self._notify)
        return self._kept.open(self, factory, req, context=self._tls)


class Transport(abc.ABC):
    """A connection to one Odoo database that runs model methods.

    ``call(model, method, ids, params)`` runs ``model.method`` with ``params`` as named arguments (and
    ``ids`` as the records of a record method such as ``read``); it returns the decoded JSON result or raises
    an ``OdooError``. Once connected, its calls may come from two threads at once (the two sending threads of
    a ``CallQueue``): each thread has its own connection (kept between its requests when the server keeps it:
    ``_KeptConnections``), and the hooks below belong to the thread that set
    them. It is closed after use.
    """

    def __init__(self, settings: OdooSettings, cancel: CancelToken | None = None) -> None:
        self.settings = settings
        self.cancel = cancel
        #: HTTP requests sent, retries included; for logs and tests.
        self.requests_sent = 0
        self._hooks = threading.local()
        self._counting = threading.Lock()
        self._kept = _KeptConnections()
        self._registered = settings.secrets
        _RedactOdoorpcSecrets.register(self._registered)

    @abc.abstractmethod
    def connect(self) -> None:
        """Open the session (authenticate when the protocol needs it)."""

    @abc.abstractmethod
    def server_version(self) -> str:
        """The version of the Odoo server, e.g. ``"17.0"``."""

    @abc.abstractmethod
    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> object:
        """Run ``model.method`` and return its result."""

    @property
    def on_request_sent(self) -> Callable[[], None] | None:
        """Called (on the thread sending) each time a request has been written and its answer is awaited.

        Each hook belongs to the thread that set it: two threads may send at once (``CallQueue.chain``).
        """
        return getattr(self._hooks, "sent", None)

    @on_request_sent.setter
    def on_request_sent(self, hook: Callable[[], None] | None) -> None:
        self._hooks.sent = hook

    @property
    def on_answer_arriving(self) -> Callable[[], None] | None:
        """Called (on the thread sending) when the answer's headers have arrived and its body follows."""
        return getattr(self._hooks, "arriving", None)

    @on_answer_arriving.setter
    def on_answer_arriving(self, hook: Callable[[], None] | None) -> None:
        self._hooks.arriving = hook

    @property
    def on_answer_read(self) -> Callable[[bytes], None] | None:
        """Called (on the thread sending) with an answer's whole body, before it is decoded."""
        return getattr(self._hooks, "read", None)

    @on_answer_read.setter
    def on_answer_read(self, hook: Callable[[bytes], None] | None) -> None:
        self._hooks.read = hook

    def _request_sent(self, answering: bool = False, body: bytes | None = None) -> None:
        if body is not None:
            read = self.on_answer_read
            if read is not None:
                read(body)
            return
        hook = self.on_answer_arriving if answering else self.on_request_sent
        if hook is not None:
            hook()

    def _opener(self, *handlers: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
        """A urllib opener whose connections call ``on_request_sent`` once a request is written.

        Every request accepts a gzip-compressed answer: Odoo's own server never compresses, a proxy in front of
        it usually does (nginx's ``gzip``), and a page of lines is then ~7 × smaller on the wire.
        """
        opener = urllib.request.build_opener(
            *handlers,
            _NotifyingHTTPHandler(self._request_sent, self._kept),
            _NotifyingHTTPSHandler(self._request_sent, self.settings.ssl_context, self._kept),
        )
        opener.addheaders.append(("Accept-Encoding", "gzip"))
        return opener

    @property
    def connections_opened(self) -> int:
        """Connections opened so far (fewer than the requests when a proxy keeps them); for logs and tests."""
        return self._kept.opened

    def close(self) -> None:
        """Release what the transport holds; idempotent. Subclasses call it last."""
        self._kept.close()
        _RedactOdoorpcSecrets.unregister(self._registered)
        self._registered = ()

    def _with_context(self, params: Mapping[str, object] | None) -> dict[str, object]:
        """``params`` with the context of the settings: a language only when one is configured.

        Odoo 19 refuses a context naming a language that is not active on the server, so none is sent by
        default (texts then come in the server's default language).
        """
        named = dict(params or {})
        if self.settings.lang:
            named.setdefault("context", {"lang": self.settings.lang})
        return named

    def __enter__(self) -> Transport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _guarded(self, request: Callable[[], T], model: str, what: str) -> T:
        """Run one HTTP request with exception translation and retries."""

        def once() -> T:
            with self._counting:  # two threads send the pages of a chain (CallQueue)
                self.requests_sent += 1
            server_error: OdooError | None = None
            try:
                return request()
            except odoorpc.error.RPCError as exc:
                server_error = self._rpc_error(exc, model)
            except (OdooError, FetchCancelled):
                raise
            except Exception as exc:
                translated = translate_exception(exc, self.settings, model)
                if translated is None:
                    raise
                if isinstance(exc, urllib.error.HTTPError):
                    exc.close()
                # Network errors carry no secret: keep them chained for --debug tracebacks.
                raise translated from exc
            # Raised outside the except block so that odoorpc's error (the server's text and traceback,
            # which may echo arguments) is neither the cause nor the context of ours.
            raise server_error

        return run_with_retry(once, self.settings, self.cancel, what)

    def _rpc_error(self, exc: odoorpc.error.RPCError, model: str) -> OdooError:
        info = exc.info if isinstance(exc.info, dict) else {}
        data = info.get("data") if isinstance(info.get("data"), dict) else {}
        assert isinstance(data, dict)
        name = str(data.get("name") or "")
        message = str(data.get("message") or info.get("message") or exc)
        return classify_server_error(
            url=self.settings.display_url,
            database=self.settings.database,
            user=self.settings.user,
            model=model,
            name=name,
            message=scrub(message, self.settings.secrets),
        )


class JsonRpcTransport(Transport):
    """Odoo's external JSON-RPC (``/jsonrpc``) through odoorpc; the password or an API key authenticates.

    ``connect`` costs two requests (odoorpc's ``version_info`` and ``common.login``); odoorpc's own
    ``login`` would add a third (``context_get``) that a read-only fetch does not need.
    """

    def __init__(self, settings: OdooSettings, cancel: CancelToken | None = None) -> None:
        super().__init__(settings, cancel)
        self._odoo: Any = None
        self._proxy: Any = None
        self._uid: int | None = None

    def connect(self) -> None:
        """Detect the server (odoorpc asks for its version) and log in."""
        endpoint = self.settings.endpoint
        if self._odoo is None:
            opener = self._opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            # odoorpc's own JSON proxy, which sends the request exactly as ODOO.json does, but hands back the
            # answer undecoded: decoded by ``loads`` (orjson), the pages of lines cost a quarter of the time.
            self._proxy = odoorpc.rpc.jsonrpclib.ProxyJSON(
                endpoint.host,
                endpoint.port,
                self.settings.timeout_s,
                ssl=endpoint.tls,
                opener=opener,
                deserialize=False,
            )

            def open_connector() -> Any:
                return odoorpc.ODOO(
                    endpoint.host,
                    protocol="jsonrpc+ssl" if endpoint.tls else "jsonrpc",
                    port=endpoint.port,
                    timeout=self.settings.timeout_s,
                    opener=opener,
                )

            self._odoo = self._guarded(open_connector, "web", "a conexão")
            logger.info("Odoo %s em %s", self._odoo.version, self.settings.display_url)
        if self._uid is None:
            uid = self._guarded(
                lambda: self._jsonrpc(
                    {
                        "service": "common",
                        "method": "login",
                        "args": [self.settings.database, self.settings.user, self.settings.secret],
                    }
                ),
                "res.users",
                "o login",
            )
            if uid is False or uid is None:
                raise OdooLoginFailed(self.settings.display_url, self.settings.database, self.settings.user)
            if isinstance(uid, bool) or not isinstance(uid, int) or uid <= 0:
                raise OdooMalformedAnswer(self.settings.display_url, "o login não devolveu um usuário")
            self._uid = uid

    def server_version(self) -> str:
        """The version odoorpc detected on ``connect``."""
        self.connect()
        return str(self._odoo.version)

    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> object:
        """``object.execute_kw``: record ids go first among the positional arguments, the rest by name."""
        self.connect()
        args: list[object] = [list(ids)] if ids is not None else []
        kwargs = self._with_context(params)
        payload = {
            "service": "object",
            "method": "execute_kw",
            "args": [self.settings.database, self._uid, self.settings.secret, model, method, args, kwargs],
        }
        return self._guarded(lambda: self._jsonrpc(payload), model, f"{model}.{method}")

    def _jsonrpc(self, params: Mapping[str, object]) -> object:
        with self._proxy("/jsonrpc", params) as response:
            data: Any = loads(response.read())
        if data.get("error"):  # as odoorpc's ODOO.json (an answer of another shape: OdooMalformedAnswer)
            raise odoorpc.error.RPCError(data["error"]["data"]["message"], data["error"])
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            raise OdooMalformedAnswer(self.settings.display_url, "a resposta não é JSON-RPC")
        # Odoo leaves "result" out when the method returned None.
        return data.get("result")

    def close(self) -> None:
        """Forget the session and close the connections kept."""
        self._odoo = None
        self._proxy = None
        self._uid = None
        super().close()


class Json2Transport(Transport):
    """Odoo 19's JSON-2 API: ``POST /json/2/<model>/<method>`` with named arguments and a bearer API key.

    Every request authenticates itself; ``connect`` only asks ``GET /web/version`` (one request, no
    authentication) and refuses a server older than Odoo 19 in one sentence (``OdooJson2Unsupported``).
    Errors come as HTTP statuses with a JSON body (``name``, ``message``, ``arguments``, ``context``,
    ``debug``); early Odoo 19 builds sent a bare JSON string, which is understood too. A wrong
    ``X-Odoo-Database`` gets Odoo's 404 HTML page "No database is selected…": that is a database error.
    """

    def __init__(self, settings: OdooSettings, cancel: CancelToken | None = None) -> None:
        super().__init__(settings, cancel)
        self._urlopen = self._opener().open
        self._base = settings.endpoint.base_url
        self._version: str | None = None

    def connect(self) -> None:
        """Ask the server's version (``GET /web/version``, no authentication): JSON-2 needs Odoo 19 or newer.

        Odoo 17 has neither ``/web/version`` nor ``/json/2`` (both answer 404): without this check the first
        call would blame the address. The API key travels with every request; there is no session to open.
        """
        if self._version is not None:
            return
        request = urllib.request.Request(f"{self._base}/web/version", headers={"User-Agent": USER_AGENT}, method="GET")
        try:
            answer = self._guarded(lambda: self._send(request, "web"), "web", "a versão")
        except OdooHTTPError as error:
            if error.status == 404:
                raise OdooJson2Unsupported(self.settings.display_url) from None
            raise
        if not isinstance(answer, dict) or not isinstance(answer.get("version"), str):
            raise OdooMalformedAnswer(self.settings.display_url, "/web/version sem 'version'")
        version = str(answer["version"])
        if parse_version(version)[0] < 19:
            raise OdooJson2Unsupported(self.settings.display_url, version)
        self._version = version
        logger.info("Odoo %s em %s (JSON-2)", version, self.settings.display_url)

    def server_version(self) -> str:
        """The version ``connect`` read from ``GET /web/version``."""
        self.connect()
        assert self._version is not None
        return self._version

    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> object:
        """Send one JSON-2 request; ``ids`` go in the body's ``ids`` key."""
        self.connect()
        body = self._with_context(params)
        if ids is not None:
            body["ids"] = list(ids)
        path = f"/json/2/{urllib.parse.quote(model)}/{urllib.parse.quote(method)}"
        request = urllib.request.Request(
            self._base + path,
            data=json.dumps(body).encode("utf-8"),
            headers={
                "Authorization": f"bearer {self.settings.secret}",
                "X-Odoo-Database": self.settings.database,
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
            },
            method="POST",
        )
        return self._guarded(lambda: self._send(request, model), model, f"{model}.{method}")

    def _send(self, request: urllib.request.Request, model: str) -> object:
        try:
            with self._urlopen(request, timeout=self.settings.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            try:
                raw_error = exc.read()
            except (OSError, http.client.HTTPException):
                raw_error = b""
            finally:
                exc.close()
            status, reason = exc.code, str(exc.reason)
        else:
            return loads(raw)
        # Outside the except block: the error body may echo the request, so nothing is chained to it.
        raise self._http_error(status, reason, raw_error, model)

    def _http_error(self, status: int, reason: str, raw: bytes, model: str) -> OdooError:
        url = self.settings.display_url
        secrets = self.settings.secrets
        try:
            body = loads(raw) if raw else None
        except ValueError:
            body = None
        if isinstance(body, dict) and ("name" in body or "message" in body):
            name, message = str(body.get("name") or ""), str(body.get("message") or "")
        elif isinstance(body, str):
            name, message = "", body
        elif status == 404 and _NO_DATABASE_PAGE in raw:
            # Odoo 19's page for an X-Odoo-Database header that names no database it serves.
            return OdooDatabaseNotFound(url, self.settings.database, "No database is selected")
        else:
            # Not an answer of Odoo (a proxy's HTML page, an empty body): the status is all there is.
            return OdooHTTPError(url, status, scrub(reason, secrets))
        return classify_server_error(
            url=url,
            database=self.settings.database,
            user=self.settings.user,
            model=model,
            name=name,
            message=scrub(message, secrets),
            status=status,
        )

    def close(self) -> None:
        """Close the connections kept."""
        super().close()


#: How long a thread that has an answer to decode waits for the call it asked for ahead to be written.
_AHEAD_WAIT_S = 0.005


#: Whether a call asked for ahead of time is the one its chain wants: said once, by the call before it.
_Turn = Future[bool]


@dataclass(frozen=True, eq=False)
class _Ahead:
    """A call of a chain asked for before the answer it follows from was decoded."""

    params: Mapping[str, object]
    future: Future[object]
    turn: _Turn


class _Chain:
    """The calls of one ``CallQueue.chain``, each sent as soon as the answer before it is in.

    With ``guess``, as soon as that answer has arrived and before it is decoded: decoding a page holds the
    interpreter lock for a millisecond or more, during which Odoo would otherwise wait. The call asked for
    ahead goes to the queue's other thread; it is the chain's next call only if ``follow`` then asks for the
    same one (its ``_Turn`` says so); otherwise its answer, or its error, is dropped, and the call ``follow``
    asks for is sent. Each call puts the future of the one after it, so the futures come in the chain's order.
    """

    def __init__(
        self,
        queue: CallQueue,
        model: str,
        method: str,
        follow: Callable[[object], Mapping[str, object] | None],
        guess: Callable[[bytes, int], Mapping[str, object] | None] | None,
    ) -> None:
        self.queue = queue
        self.model = model
        self.method = method
        self.follow = follow
        self.guess = guess
        self.futures: SimpleQueue[Future[object] | None] = SimpleQueue()

    def start(self, params: Mapping[str, object]) -> Iterator[Future[object]]:
        """Send the first call; the futures of every call of the chain, in order."""
        self.futures.put(self.queue._put(partial(self._send, params, 0, None)))
        return iter(self.futures.get, None)

    def _send(self, named: Mapping[str, object], index: int, turn: _Turn | None) -> object:
        """Call number ``index`` of the chain (``turn``: said by the call before, when asked for ahead)."""
        ahead: _Ahead | None = None

        def read(raw: bytes) -> None:
            nonlocal ahead
            # A call asked for ahead asks for the next only once wanted: its turn is said while it was on its
            # way (the call before it is decoded in a millisecond or so; Odoo took longer to answer).
            if ahead is None and (turn is None or turn.result()):
                ahead = self._ask_ahead(raw, index)
                if ahead is not None:
                    # The next request is out: decoding this answer is off the critical path, and the fetch's
                    # thread need not wait for it (let_answers_in).
                    self.queue._own().set_quiet()

        transport = self.queue.transport
        transport.on_answer_read = read if self.guess is not None else None
        try:
            try:
                answer = transport.call(self.model, self.method, None, named)
            except BaseException:
                if turn is not None and not turn.result():
                    return None  # asked for ahead and not wanted: its error is no one's
                raise
            finally:
                transport.on_answer_read = None
            if turn is not None and not turn.result():
                return None
            try:
                following = self.follow(answer)
                if following is None:
                    self.futures.put(None)
                elif ahead is not None and ahead.params == following:
                    self.futures.put(ahead.future)
                    ahead.turn.set_result(True)
                    ahead = None
                else:
                    self.futures.put(self.queue._put(partial(self._send, following, index + 1, None)))
            except BaseException as exc:  # raised on the caller's thread, in the chain's order
                failed: Future[object] = Future()
                failed.set_exception(exc)
                self.futures.put(failed)
            return answer
        finally:
            if ahead is not None:  # asked for ahead and not the call that follows: dropped
                ahead.turn.set_result(False)

    def _ask_ahead(self, raw: bytes, index: int) -> _Ahead | None:
        """Send from the other thread the call ``guess`` reads in the undecoded answer ``raw`` (``None``: none)."""
        assert self.guess is not None
        guessed = self.guess(raw, index)
        other = self.queue._other() if guessed is not None else None
        if guessed is None or other is None:
            return None
        turn: _Turn = Future()
        idle, written = other.idle, other.written
        try:
            future = other._put(partial(self._send, guessed, index + 1, turn))
        except RuntimeError:  # closed meanwhile: the fetch is over
            return None
        if idle:
            # Decoding holds the interpreter lock throughout: let the other thread write the request first.
            other.wait_written(written, _AHEAD_WAIT_S)
        return _Ahead(guessed, future, turn)


class CallQueue:
    """A transport's calls sent by one background thread, one at a time, in the order they were asked for.

    ``call`` returns at once with a ``Future`` of the answer (or of the ``OdooError`` the transport raised
    after its retries, as it raised it); the caller's thread works meanwhile. ``chain`` sends a call and then
    each call that follows from the answer before it (the pages of lines), from this thread, as soon as that
    answer is in, or, when the chain can read the next call in the answer before decoding it, from a second
    thread while this one decodes (``_Chain``). The threads share the interpreter lock, and the sending ones
    are on the fetch's critical path: an answer is handed over only once the next request is written (the
    transport's ``on_request_sent``), and the caller's thread, between short steps of its work, calls
    ``let_answers_in`` to wait while a sending thread writes a request or takes in an answer (``busy``).

    Between the first ``call`` and ``close`` the transport belongs to the sending threads alone. Once a call
    fails, the calls after it on its thread are not sent: they fail with the same error. ``close`` drops the
    calls not yet sent and waits for those being sent (the transport can then be closed); ``close(wait=False)``
    does not wait, for Ctrl+C. The threads are daemons: a request left hanging never keeps the program from
    exiting.
    """

    def __init__(self, transport: Transport, name: str = "odoo-fetch") -> None:
        self.transport = transport
        self._queue: SimpleQueue[tuple[Future[object], Callable[[], object]] | None] = SimpleQueue()
        self._lock = threading.Lock()
        #: Set while this thread waits (for Odoo, or for calls to send): see ``let_answers_in``.
        self._quiet = threading.Event()
        self._quiet.set()
        self._futures: list[Future[object]] = []
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._started = False
        self._closed = False
        self._name = name
        #: The second thread's queue, for the calls of a chain asked for ahead (``_other``).
        self._ahead: CallQueue | None = None
        self._running = False
        self._written = threading.Condition()
        #: Requests written so far by this queue's thread.
        self.written = 0

    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> Future[object]:
        """Queue ``transport.call(model, method, ids, params)``; its answer or error comes in the future."""
        return self._put(partial(self.transport.call, model, method, ids, params))

    def chain(
        self,
        model: str,
        method: str,
        params: Mapping[str, object],
        follow: Callable[[object], Mapping[str, object] | None],
        guess: Callable[[bytes, int], Mapping[str, object] | None] | None = None,
    ) -> Iterator[Future[object]]:
        """The futures of ``model.method(params)`` and of each call that follows it, in order.

        ``follow(answer)`` gives the next call's named arguments (``None``: the chain is over). It runs on the
        sending thread as soon as an answer is in, and the next call is queued there and then: pages follow one
        another at Odoo's pace, however long the caller's thread takes with each (it would otherwise ask for
        the next only when done with the last). Calls asked for meanwhile go in between, in order. What
        ``follow`` raises (a cancellation, say) is raised where the next answer would be. The next future is
        there as soon as the answer before it is.

        ``guess(raw, index)``, when given, reads the next call's arguments in answer number ``index`` as it
        arrived, before it is decoded (``None``: it cannot tell); that call is then sent at once from the other
        sending thread, and used only if ``follow`` asks for the very same call.
        """
        return _Chain(self, model, method, follow, guess).start(params)

    def _other(self) -> CallQueue | None:
        """The queue of the thread that is not the calling one (``None``: closed).

        The chain's calls asked for ahead go there: from this queue's thread to a second thread, started
        when first needed, and from that one back to this one.
        """
        if threading.current_thread() is not self._thread:
            return self
        with self._lock:
            if self._closed:
                return None
            if self._ahead is None:
                self._ahead = CallQueue(self.transport, f"{self._name}-ahead")
            return self._ahead

    def _own(self) -> CallQueue:
        """The queue whose thread is the calling one (this one's, or its second thread's)."""
        ahead = self._ahead
        return ahead if ahead is not None and threading.current_thread() is ahead._thread else self

    def set_quiet(self) -> None:
        """Say that this queue's thread is no longer on the critical path (until its next answer arrives)."""
        self._quiet.set()

    @property
    def idle(self) -> bool:
        """Whether this queue's thread has no call to send or being sent."""
        return not self._running and self._queue.empty()

    def wait_written(self, written: int, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until a request is written after the ``written`` first."""
        with self._written:
            self._written.wait_for(lambda: self.written > written, timeout)

    def _put(self, request: Callable[[], object]) -> Future[object]:
        future: Future[object] = Future()
        with self._lock:  # the sending thread queues the calls of a chain
            if self._closed:
                raise RuntimeError("CallQueue closed")
            if not self._started:
                self._thread.start()
                self._started = True
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(future)
            self._queue.put((future, request))
        return future

    @property
    def busy(self) -> bool:
        """Whether a sending thread is writing a request or taking in an answer (not waiting for Odoo)."""
        ahead = self._ahead
        return not self._quiet.is_set() or (ahead is not None and ahead.busy)

    def let_answers_in(self) -> None:
        """Wait while the sending threads send a request or take in an answer (20 ms at most).

        Their work is on the fetch's critical path and needs the interpreter lock; the caller's thread computes
        while Odoo prepares the next answer, and calls this between short steps.
        """
        deadline = time.monotonic() + 0.02
        self._quiet.wait(0.02)
        ahead = self._ahead
        if ahead is not None:
            ahead._quiet.wait(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        transport = self.transport
        queue = self._queue
        failed: BaseException | None = None
        # The last answer is handed over only once the next request is written (or when none waits): the
        # caller's thread, woken by it, would hold the interpreter lock while this thread needs it to write.
        answered: tuple[Future[object], object, BaseException | None] | None = None
        quiet = self._quiet

        def hand_over() -> None:
            nonlocal answered
            if answered is not None:
                future, result, error = answered
                answered = None
                if error is None:
                    future.set_result(result)
                else:
                    future.set_exception(error)

        def sent() -> None:
            quiet.set()  # the request is written: Odoo works, the caller's thread may compute
            hand_over()

        def written() -> None:
            with self._written:
                self.written += 1
                self._written.notify_all()
            sent()

        transport.on_request_sent = written
        transport.on_answer_arriving = quiet.clear
        try:
            while True:
                if queue.empty():
                    sent()  # nothing to send: the last answer now
                if (item := queue.get()) is None:
                    break
                future, request = item
                item = None  # answers can be large: keep none alive past the caller's use
                if not future.set_running_or_notify_cancel():
                    pass  # dropped by close()
                elif failed is not None:
                    hand_over()
                    future.set_exception(failed)  # nothing is sent after a failure: the fetch is over
                else:
                    quiet.clear()
                    self._running = True
                    try:
                        result: object = request()
                        error: BaseException | None = None
                    except BaseException as exc:  # handed to the caller's thread, which raises it
                        result, error = None, exc
                        failed = exc
                    finally:
                        self._running = False
                    hand_over()  # the request failed before it was written, or the transport does not say
                    answered = (future, result, error)
                del future, request
        finally:
            sent()
            transport.on_request_sent = None
            transport.on_answer_arriving = None

    def close(self, wait: bool = True) -> None:
        """Drop the calls not sent yet and stop the thread, after the call being sent when ``wait``; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for future in self._futures:
                future.cancel()  # only calls not yet started can be cancelled
            self._futures = []
        if self._started:
            self._queue.put(None)
            if wait:
                self._thread.join()
        if self._ahead is not None:
            self._ahead.close(wait)

    def __enter__(self) -> CallQueue:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Ctrl+C must not wait for a request that may hang for the whole timeout.
        self.close(wait=exc_type is None or issubclass(exc_type, Exception))


def make_transport(settings: OdooSettings, cancel: CancelToken | None = None) -> Transport:
    """The transport the settings choose (``protocol``)."""
    if settings.protocol == "json2":
        return Json2Transport(settings, cancel)
    return JsonRpcTransport(settings, cancel)

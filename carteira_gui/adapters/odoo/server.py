"""A small local Odoo server: enough of Odoo's external API for the tests, the demo and newcomers.

It stands in for a real Odoo, and where they could differ it answers as real Odoo does: as Odoo 17 by default,
as Odoo 19 when asked (``odoo_version=19``, ``carteira-sync demo-odoo --odoo-version 19``). It serves a
``Dataset`` (``dataset.odoo19_view`` of it when it plays Odoo 19) and answers what odoorpc and the JSON-2
transport send:

* ``/web/webclient/version_info`` (JSON-RPC); ``GET /web/version`` only as Odoo 19 (Odoo 17 answers 404);
* ``/jsonrpc`` with the services ``common`` (``version``, ``login``, ``authenticate``), ``db`` (``list``) and
  ``object`` (``execute``, ``execute_kw``) for ``search``, ``search_count``, ``search_read``, ``read``,
  ``fields_get``, ``flush_model`` (returns None: the answer has no ``result``) and ``res.users.context_get``;
* ``POST /json/2/<model>/<method>`` only as Odoo 19, with ``Authorization: bearer <key>``, ``X-Odoo-Database``
  and named arguments (Odoo 17 answers 404 text/html).

Errors use Odoo's envelopes and texts (checked against the sources of Odoo 17.0 and 19.0): on JSON-RPC
``{"code", "message", "data": {"name", "message", "arguments", "context", "debug"}}``, on JSON-2 an HTTP status
with ``{"name", "message", "arguments", "context", "debug"}`` (``arguments`` of an HTTP error: ``[message,
status]``). A wrong login gets ``False`` (login) or ``AccessDenied`` (calls); a wrong uid ``MissingError``; an
unknown field ``Invalid field 'x' on model 'y'`` (read, Odoo 17) or ``on 'y'`` (Odoo 19), ``Invalid field y.x in
leaf (...)`` (domain, Odoo 17) or ``in condition (...)`` (Odoo 19); a malformed domain ``Domain [...] is
syntactically not correct.``; a model that is not served ``Object x doesn't exist`` (JSON-RPC) or 404 ``the
model 'x' does not exist`` (JSON-2), one in ``denied_models`` ``AccessError``; a private method ``AccessError``;
an unknown database ``psycopg2.OperationalError`` (JSON-RPC) or Odoo 19's 404 text/html "No database is
selected" page (JSON-2); a body that is not JSON on ``/jsonrpc`` HTTP 400 text/html; a context language that is
not active ``UserError: Invalid language code: xx`` (422) as Odoo 19, nothing as Odoo 17 (it ignores it).
``read`` leaves out ids that no longer exist, as real Odoo does; ``load`` other than ``_classic_read`` gives
many2one fields as bare ids.

Domains support dotted paths, the prefix operators ``&``, ``|``, ``!`` and the operators ``=``, ``!=``, ``<``,
``<=``, ``>``, ``>=``, ``in``, ``not in``, ``like``, ``ilike``, ``not like``, ``not ilike``, ``=like``,
``=ilike`` and ``=?``. Records are indexed by id in a sorted list, so the keyset page of a fetch
(``id > last`` ordered by id with a limit) starts with a bisection and reads only the rows it returns: a
100,000-line fetch takes a few seconds.

``OdooTestServer`` injects faults on demand (latency, an HTTP status, an Odoo error, a dropped connection, a
truncated or garbled answer) on the Nth matching call, delays every answer when asked (``delay_s``: the
window's progress can then be seen), and counts calls by ``(model, method)``. The module is long because it is
a whole server (ORM, two protocols, faults); each part is a section of its own.

Over 1,000 lines: a stand-in for Odoo 17 and 19 must answer both protocols with Odoo's own shapes and error
texts (routing, domains, read semantics, faults); kept in one module so its fidelity is reviewed in one place.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import inspect
import json
import logging
import operator
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import Any, Literal

from carteira_gui.adapters.odoo.config import DOMAIN_OPERATORS, OdooSettings
from carteira_gui.adapters.odoo.dataset import Dataset, FieldSpec, odoo19_view
from carteira_gui.adapters.odoo.errors import OdooServerError
from carteira_gui.adapters.odoo.source import OdooRecords, OdooSource, ServerInfo
from carteira_gui.adapters.odoo.transport import Transport
from carteira_gui.services.ports import CancelToken

logger = logging.getLogger(__name__)

OdooVersion = Literal[17, 19]
ODOO_VERSIONS: tuple[int, ...] = (17, 19)


@dataclass(frozen=True, slots=True)
class Release:
    """What a server says of its version (``odoo.release``): a packaged build of each major version."""

    version: str
    version_info: tuple[object, ...]
    serie: str

    def rpc_version(self) -> dict[str, object]:
        """``common.version`` and ``/web/webclient/version_info`` (``RPC_VERSION_1``)."""
        return {
            "server_version": self.version,
            "server_version_info": list(self.version_info),
            "server_serie": self.serie,
            "protocol_version": 1,
        }


RELEASES: dict[int, Release] = {
    17: Release("17.0-20240709", (17, 0, 0, "final", 0, ""), "17.0"),
    19: Release("19.0+e-20251002", (19, 0, 0, "final", 0, ""), "19.0"),
}
UID = 2
RECORD_METHODS = frozenset({"read", "flush_model"})
#: Odoo 19's answer (404, text/html) to a request whose X-Odoo-Database names no database it serves.
NOT_FOUND_NODB = b"""<!DOCTYPE html>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>
<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>

<!-- Alternatively, use the X-Odoo-Database header. -->
"""
#: werkzeug's page for a URL no route serves (Odoo 17 for /json/2 and /web/version).
NOT_FOUND_PAGE = b"""<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling \
and try again.</p>
"""
# The operators the connector may send are the ones the server understands.
OPERATORS = DOMAIN_OPERATORS

Record = dict[str, Any]
Predicate = Callable[[Record], bool]
Getter = Callable[[Record], Any]
CallKey = tuple[str, str]


class RpcFault(Exception):
    """An error the server answers with, in the envelope of the protocol of the request."""

    def __init__(self, name: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.status = status

    def http_status(self) -> int:
        """The JSON-2 status of this error (Odoo maps exception classes to statuses)."""
        if self.status is not None:
            return self.status
        short = self.name.rsplit(".", 1)[-1]
        return {
            "AccessDenied": 403,
            "Unauthorized": 401,
            "AccessError": 403,
            "MissingError": 404,
            "NotFound": 404,
            "UserError": 422,
            "ValidationError": 422,
            "BadRequest": 400,
            "UnprocessableEntity": 422,
            "Forbidden": 403,
        }.get(short, 500)

    @property
    def is_http_exception(self) -> bool:
        """Whether Odoo raises it as a werkzeug HTTP exception (JSON-2 then adds the status to ``arguments``)."""
        return self.name.startswith("werkzeug.exceptions.")

    def debug(self) -> str:
        """A traceback-shaped text, as Odoo puts in ``data.debug``."""
        return (
            'Traceback (most recent call last):\n  File "odoo/http.py", line 1, in dispatch\n'
            f"{self.name}: {self.message}\n"
        )


def _invalid_field(name: object, model: str, version: int) -> RpcFault:
    """An unknown field in ``read``/``fields``: Odoo 17 says "on model 'y'", Odoo 19 "on 'y'"."""
    where = f"on model {model!r}" if version < 19 else f"on {model!r}"
    return RpcFault("builtins.ValueError", f"Invalid field {name!r} {where}")


def _invalid_leaf_field(model: str, name: str, leaf: tuple[object, ...], version: int) -> RpcFault:
    """An unknown field in a domain: Odoo 17's "in leaf (...)", Odoo 19's "in condition (...)"."""
    where = "leaf" if version < 19 else "condition"
    return RpcFault("builtins.ValueError", f"Invalid field {model}.{name} in {where} {leaf!r}")


def _bad_domain(domain: object, version: int) -> RpcFault:
    if version < 19:
        return RpcFault("builtins.ValueError", f"Domain {domain} is syntactically not correct.")
    return RpcFault("builtins.ValueError", f"Domain() malformed domain {domain!r}")


def _access_error(model: str) -> RpcFault:
    return RpcFault(
        "odoo.exceptions.AccessError",
        f"You are not allowed to access '{model}' ({model}) records.\n\nThis operation is allowed for the "
        "following groups:\n\t- Sales/User: Own Documents Only",
    )


# --- Data and domains ---------------------------------------------------------------------------------------


class _ModelIndex:
    """The records of one model by id, with the ids sorted for keyset pages."""

    __slots__ = ("_display", "fields", "ids", "name", "records")

    def __init__(self, name: str, fields: Mapping[str, FieldSpec], records: Mapping[int, Record]) -> None:
        self.name = name
        self.fields = dict(fields)
        self.fields.setdefault("id", FieldSpec("integer", "ID"))
        self.records = dict(records)
        self.ids = sorted(self.records)
        self._display: dict[int, str] = {}

    def display_name(self, ident: int) -> str:
        """``display_name`` as Odoo computes it for the models served."""
        cached = self._display.get(ident)
        if cached is not None:
            return cached
        rec = self.records.get(ident, {})
        name = rec.get("name") or f"{self.name},{ident}"
        if self.name == "product.product" and rec.get("default_code"):
            name = f"[{rec['default_code']}] {name}"
        elif self.name == "res.country.state":
            name = f"{name} (BR)"
        self._display[ident] = str(name)
        return str(name)


def _is_null(value: object) -> bool:
    return value is None or value is False


def _like_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """SQL LIKE (``%``, ``_``, backslash escapes) as a regular expression."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _compare(op: str, value: Any) -> Callable[[Any], bool]:
    """The test of one leaf's value against its operand."""
    if op == "=?":
        if _is_null(value) or value == "":
            return lambda v: True
        op = "="
    if op in ("=", "!="):
        if _is_null(value):
            eq: Callable[[Any], bool] = _is_null
        else:
            eq = lambda v: v == value  # noqa: E731 - a closure per leaf is what keeps the scan fast
        return eq if op == "=" else (lambda v: not eq(v))
    if op in ("<", "<=", ">", ">="):
        compare = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}[op]

        def ordered(v: Any) -> bool:
            if _is_null(v):
                return False
            try:
                return bool(compare(v, value))
            except TypeError:
                return False

        return ordered
    if op in ("in", "not in"):
        values = list(value) if isinstance(value, list | tuple) else [value]
        with_null = any(_is_null(v) for v in values)
        members = {v for v in values if not _is_null(v) and not isinstance(v, list | dict)}

        def member(v: Any) -> bool:
            if _is_null(v):
                return with_null
            return v in members

        return member if op == "in" else (lambda v: not member(v))
    # like, ilike, not like, not ilike, =like, =ilike
    if not isinstance(value, str):
        raise RpcFault("builtins.ValueError", f"Invalid value {value!r} for operator {op!r}")
    negative = op.startswith("not ")
    base = op[4:] if negative else op
    pattern = value if base.startswith("=") else f"%{value}%"
    regex = _like_regex(pattern, ignore_case=base.endswith("ilike"))

    def like(v: Any) -> bool:
        return not _is_null(v) and regex.fullmatch(str(v)) is not None

    return (lambda v: not like(v)) if negative else like


@dataclass(slots=True)
class _Node:
    """A compiled domain node: ``and``/``or`` of children, ``not`` of one, or a leaf test."""

    kind: str
    children: list[_Node]
    test: Predicate | None = None
    leaf: tuple[str, str, object] | None = None


class _Engine:
    """Searches and reads over a ``Dataset``, the way the ORM answers them."""

    def __init__(self, dataset: Dataset, version: int = 17, rules: Mapping[str, object] | None = None) -> None:
        self.version = version
        #: Record rules of the user, by model: a domain the records must match to be seen at all.
        self.rules: dict[str, Predicate] = {}
        # Every described model is served, with or without records: real Odoo has its models when they are empty.
        self.models: dict[str, _ModelIndex] = {
            name: _ModelIndex(name, dataset.fields.get(name, {}), dataset.records.get(name, {}))
            for name in {**dataset.fields, **dataset.records}
        }
        for model, domain in (rules or {}).items():
            self.rules[model] = self.compile(model, domain)[0]

    def index(self, model: str) -> _ModelIndex:
        found = self.models.get(model)
        if found is None:
            raise _access_error(model)
        return found

    def field(self, model: str, name: object) -> FieldSpec:
        spec = self.index(model).fields.get(name) if isinstance(name, str) else None
        if spec is None:
            raise _invalid_field(name, model, self.version)
        return spec

    # Domains

    def compile(self, model: str, domain: object) -> tuple[Predicate, tuple[int, bool] | None]:
        """A predicate for ``domain`` and the keyset lower bound ``(id, inclusive)`` it implies, if any."""
        if domain is None or domain is False:
            domain = []
        if not isinstance(domain, list | tuple):
            raise _bad_domain(domain, self.version)
        stack: list[_Node] = []
        # Prefix notation read backwards: operands are on the stack when their operator comes.
        for item in reversed(self._normalize(domain)):
            if item in ("&", "|"):
                if len(stack) < 2:
                    raise _bad_domain(domain, self.version)
                first, second = stack.pop(), stack.pop()
                kind = "and" if item == "&" else "or"
                children: list[_Node] = []
                for child in (first, second):
                    # Flattened so that 300 ORed prefixes do not nest 300 closures deep.
                    children.extend(child.children if child.kind == kind else [child])
                stack.append(_Node(kind, children))
            elif item == "!":
                if not stack:
                    raise _bad_domain(domain, self.version)
                stack.append(_Node("not", [stack.pop()]))
            else:
                stack.append(self._leaf(model, item))
        if len(stack) > 1:
            raise _bad_domain(domain, self.version)
        rule = self.rules.get(model)
        if not stack:
            return (rule or (lambda rec: True)), None
        root = stack[0]
        predicate = self._predicate(root)
        if rule is not None:
            matches = predicate
            predicate = lambda rec: rule(rec) and matches(rec)  # noqa: E731 - what the user may see, then the domain
        return predicate, self._lower_bound(root)

    def _normalize(self, domain: Sequence[object]) -> list[object]:
        """Odoo's ``normalize_domain``: implicit ANDs made explicit; an incomplete domain is refused."""
        result: list[object] = []
        expected = 1
        for item in domain:
            if expected == 0:
                result[0:0] = ["&"]
                expected = 1
            if isinstance(item, str):
                if item in ("&", "|"):
                    expected += 1
                elif item != "!":
                    raise RpcFault("builtins.ValueError", f"Invalid leaf {item}")
            else:
                expected -= 1
            result.append(item)
        if domain and expected != 0:
            raise _bad_domain(domain, self.version)
        return result

    def _leaf(self, model: str, term: object) -> _Node:
        if not isinstance(term, list | tuple) or len(term) != 3:
            raise RpcFault("builtins.ValueError", f"Invalid leaf {term}")
        path, op, value = term
        if path in (0, 1) and op == "=" and value == 1 and not isinstance(path, bool):
            constant = path == 1
            return _Node("leaf", [], lambda rec: constant)
        if not isinstance(path, str) or not isinstance(op, str) or op.lower() not in OPERATORS:
            raise RpcFault("builtins.ValueError", f"Invalid leaf {tuple(term)}")
        op = op.lower()
        display = isinstance(value, str) or (
            isinstance(value, list | tuple) and bool(value) and all(isinstance(v, str) for v in value)
        )
        getter = self._getter(model, path, display, (op, value))
        compare = _compare(op, value)
        return _Node("leaf", [], lambda rec: compare(getter(rec)), (path, op, value))

    def _getter(self, model: str, path: str, display: bool, condition: tuple[object, object]) -> Getter:
        """Read a dotted path from a record; a broken chain (empty many2one) reads as ``None``.

        An unknown field is reported as Odoo's domain does: on the model of the hop where it is missing, with
        the rest of the path as the leaf (``Invalid field sale.order.x in leaf ('x', '=', 1)``).
        """
        parts = path.split(".")
        current = model
        hops: list[tuple[str, _ModelIndex]] = []

        def spec_of(position: int) -> FieldSpec:
            spec = self.index(current).fields.get(parts[position])
            if spec is None:
                leaf = (".".join(parts[position:]), *condition)
                raise _invalid_leaf_field(current, parts[position], leaf, self.version)
            return spec

        for position in range(len(parts) - 1):
            spec = spec_of(position)
            if spec.type != "many2one" or not spec.relation:
                raise RpcFault("builtins.ValueError", f"Wrong path {path}")
            hops.append((parts[position], self.index(spec.relation)))
            current = spec.relation
        last = parts[-1]
        final = spec_of(len(parts) - 1)
        # ('partner_id', 'ilike', 'Santos') compares the related record's name, as Odoo's name search does.
        final_index = self.index(final.relation) if display and final.type == "many2one" and final.relation else None

        def finish(rec: Record) -> Any:
            value: Any = rec.get(last)
            if final_index is not None and not _is_null(value):
                return final_index.display_name(value)
            return value

        if not hops:
            return finish
        if len(hops) == 1:
            first_field, first_index = hops[0]
            related = first_index.records

            def one_hop(rec: Record) -> Any:
                target = related.get(rec.get(first_field))  # type: ignore[arg-type]
                return None if target is None else finish(target)

            return one_hop

        def many_hops(rec: Record) -> Any:
            current_rec: Record | None = rec
            for name, index in hops:
                assert current_rec is not None
                current_rec = index.records.get(current_rec.get(name))  # type: ignore[arg-type]
                if current_rec is None:
                    return None
            return finish(current_rec) if current_rec is not None else None

        return many_hops

    def _predicate(self, node: _Node) -> Predicate:
        if node.kind == "leaf":
            assert node.test is not None
            return node.test
        tests = [self._predicate(child) for child in node.children]
        if node.kind == "not":
            inner = tests[0]
            return lambda rec: not inner(rec)
        if node.kind == "and":
            if len(tests) == 2:
                a, b = tests
                return lambda rec: a(rec) and b(rec)
            return lambda rec: all(t(rec) for t in tests)
        if len(tests) == 2:
            a, b = tests
            return lambda rec: a(rec) or b(rec)
        return lambda rec: any(t(rec) for t in tests)

    @staticmethod
    def _lower_bound(root: _Node) -> tuple[int, bool] | None:
        """``(id, inclusive)`` when the domain ANDs ``id > x`` or ``id >= x`` at the top."""
        leaves = root.children if root.kind == "and" else [root]
        best: tuple[int, bool] | None = None
        for node in leaves:
            if node.kind != "leaf" or node.leaf is None:
                continue
            path, op, value = node.leaf
            if path == "id" and op in (">", ">=") and isinstance(value, int) and not isinstance(value, bool):
                bound = (value, op == ">=")
                if best is None or bound[0] > best[0]:
                    best = bound
        return best

    # ORM methods

    def search(
        self, model: str, domain: object, offset: int = 0, limit: int | None = None, order: str | None = None
    ) -> list[int]:
        index = self.index(model)
        predicate, lower = self.compile(model, domain)
        keys = self._order(model, order)
        records = index.records
        if not keys or keys == [("id", False)]:
            # The keyset fast path: start right after ``last`` in the sorted ids, stop at the limit.
            start = 0
            if lower is not None:
                value, inclusive = lower
                start = (bisect.bisect_left if inclusive else bisect.bisect_right)(index.ids, value)
            found: list[int] = []
            skipped = 0
            for ident in index.ids[start:] if start else index.ids:
                if predicate(records[ident]):
                    if skipped < offset:
                        skipped += 1
                        continue
                    found.append(ident)
                    if limit and len(found) >= limit:
                        break
            return found
        matched = [ident for ident in index.ids if predicate(records[ident])]
        for name, descending in reversed(keys):
            # Stable sorts from the last key to the first give the multi-key order.
            def key_of(ident: int, name: str = name) -> tuple[int, Any]:
                return _sort_key(ident if name == "id" else records[ident].get(name))

            matched.sort(key=key_of, reverse=descending)
        end = offset + limit if limit else None
        return matched[offset:end]

    def count(self, model: str, domain: object, limit: int | None = None) -> int:
        index = self.index(model)
        predicate, _ = self.compile(model, domain)
        total = 0
        for ident in index.ids:
            if predicate(index.records[ident]):
                total += 1
                if limit and total >= limit:
                    break
        return total

    def _order(self, model: str, order: object) -> list[tuple[str, bool]]:
        if order is None or order is False or order == "":
            return []
        if not isinstance(order, str):
            raise RpcFault("builtins.ValueError", f"Invalid order {order!r}")
        keys: list[tuple[str, bool]] = []
        for part in order.split(","):
            tokens = part.split()
            if not tokens or len(tokens) > 2 or (len(tokens) == 2 and tokens[1].lower() not in ("asc", "desc")):
                raise RpcFault("builtins.ValueError", f"Invalid order {order!r}")
            self.field(model, tokens[0])
            keys.append((tokens[0], len(tokens) == 2 and tokens[1].lower() == "desc"))
        return keys

    def read(self, model: str, ids: Iterable[object], fields: object, load: object = "_classic_read") -> list[Record]:
        """Odoo's ``read``: ids that no longer exist are left out (no error), as real Odoo's ``_read_format`` does.

        Many2one fields are ``[id, display_name]`` with the default ``load``, bare ids with any other.
        """
        index = self.index(model)
        names = self._fields_to_read(index, fields)
        many2one = {
            name: self.index(spec.relation)
            for name, spec in ((n, index.fields[n]) for n in names)
            if spec.type == "many2one" and spec.relation and spec.relation in self.models
        }
        with_names = load == "_classic_read"
        rows: list[Record] = []
        for ident in ids:
            if isinstance(ident, bool) or not isinstance(ident, int):
                raise RpcFault("builtins.ValueError", f"Invalid id {ident!r}")
            rec = index.records.get(ident)
            if rec is None:
                continue
            rule = self.rules.get(model)
            if rule is not None and not rule(rec):
                raise RpcFault(
                    "odoo.exceptions.AccessError",
                    f"Due to security restrictions, you are not allowed to access '{model}' ({model}) records.",
                )
            row: Record = {"id": ident}
            for name in names:
                value = rec.get(name, False)
                target = many2one.get(name)
                if target is not None and not _is_null(value):
                    value = [value, target.display_name(value)] if with_names else value
                row[name] = value
            rows.append(row)
        return rows

    def _fields_to_read(self, index: _ModelIndex, fields: object) -> list[str]:
        if fields is None or fields is False or fields == []:
            return [name for name in index.fields if name != "id"]
        if not isinstance(fields, list | tuple):
            raise RpcFault("builtins.ValueError", f"Invalid fields {fields!r}")
        for name in fields:
            if name not in index.fields:
                raise _invalid_field(name, index.name, self.version)
        return [name for name in fields if name != "id"]

    def fields_get(self, model: str, allfields: object = None, attributes: object = None) -> dict[str, object]:
        index = self.index(model)
        if allfields and not isinstance(allfields, list | tuple):
            raise RpcFault("builtins.TypeError", "fields_get() allfields must be a list", status=422)
        names: Iterable[object] = allfields if isinstance(allfields, list | tuple) and allfields else index.fields
        # Odoo ignores the names it does not know instead of failing.
        wanted = [f for f in names if isinstance(f, str) and f in index.fields]
        result: dict[str, object] = {}
        for name in wanted:
            description: dict[str, object] = dict(index.fields[name].to_json())
            description["name"] = name
            if isinstance(attributes, list | tuple) and attributes:
                description = {k: v for k, v in description.items() if k in attributes}
            result[name] = description
        return result


def _sort_key(value: object) -> tuple[int, Any]:
    # NULLs last, as PostgreSQL sorts ascending; mixed types never compare.
    if _is_null(value):
        return (1, 0)
    if isinstance(value, list | tuple):
        value = value[0] if value else 0
    return (0, value)


# --- Faults ---------------------------------------------------------------------------------------------------

FaultKind = Literal["latency", "http_status", "odoo_error", "drop", "truncate", "garble"]


@dataclass(slots=True)
class Fault:
    """A fault injected on the ``nth`` call matching ``model``/``method`` (``None`` matches all).

    It fires on ``times`` consecutive matching calls from the ``nth`` on (``0`` = every one after). ``seen`` and
    ``fired`` count matching calls and firings.
    """

    kind: FaultKind
    nth: int = 1
    times: int = 1
    model: str | None = None
    method: str | None = None
    status: int = 503
    delay_s: float = 0.0
    error_name: str = "builtins.Exception"
    error_message: str = "Erro injetado pelo servidor de teste"
    seen: int = 0
    fired: int = 0


class FaultInjector:
    """The faults of a server; thread-safe, changeable while the server runs."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        """Arm a fault; returns it (its counters tell how often it fired)."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def latency(
        self, delay_s: float, *, nth: int = 1, times: int = 0, model: str | None = None, method: str | None = None
    ) -> Fault:
        """Delay the answer of matching calls by ``delay_s`` seconds (every call by default)."""
        return self.add(Fault("latency", nth, times, model, method, delay_s=delay_s))

    def http_status(
        self, status: int, *, nth: int = 1, times: int = 1, model: str | None = None, method: str | None = None
    ) -> Fault:
        """Answer an HTTP error status with an HTML page, as a proxy in front of Odoo would."""
        return self.add(Fault("http_status", nth, times, model, method, status=status))

    def odoo_error(
        self,
        name: str = "builtins.Exception",
        message: str = "Erro injetado pelo servidor de teste",
        *,
        nth: int = 1,
        times: int = 1,
        model: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """Answer an Odoo error (``name`` is the Python exception, e.g. ``odoo.exceptions.AccessError``)."""
        return self.add(Fault("odoo_error", nth, times, model, method, error_name=name, error_message=message))

    def drop_connection(
        self, *, nth: int = 1, times: int = 1, model: str | None = None, method: str | None = None
    ) -> Fault:
        """Close the connection without answering."""
        return self.add(Fault("drop", nth, times, model, method))

    def truncate(self, *, nth: int = 1, times: int = 1, model: str | None = None, method: str | None = None) -> Fault:
        """Announce the whole answer, send half of it, close the connection."""
        return self.add(Fault("truncate", nth, times, model, method))

    def garble(self, *, nth: int = 1, times: int = 1, model: str | None = None, method: str | None = None) -> Fault:
        """Answer 200 with a body that is not JSON."""
        return self.add(Fault("garble", nth, times, model, method))

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()

    def triggered(self, model: str, method: str) -> list[Fault]:
        """The faults that fire on this call (counting it for every matching fault)."""
        fired: list[Fault] = []
        with self._lock:
            for fault in self._faults:
                if fault.model not in (None, model) or fault.method not in (None, method):
                    continue
                fault.seen += 1
                if fault.seen >= fault.nth and (fault.times == 0 or fault.fired < fault.times):
                    fault.fired += 1
                    fired.append(fault)
        return fired


# --- Protocol handling ------------------------------------------------------------------------------------------


class _Backend:
    """Authentication, call counting and the ORM methods, independent of HTTP."""

    def __init__(
        self,
        dataset: Dataset,
        db_name: str,
        user: str,
        password: str,
        api_key: str | None,
        denied_models: Iterable[str],
        version: int = 17,
        languages: Iterable[str] = ("en_US",),
        delay_s: float = 0.0,
        record_rules: Mapping[str, object] | None = None,
    ) -> None:
        if version not in RELEASES:
            raise ValueError(f"odoo_version must be one of {sorted(RELEASES)}")
        self.version = version
        self.release = RELEASES[version]
        self.engine = _Engine(odoo19_view(dataset) if version >= 19 else dataset, version, record_rules)
        self.db_name = db_name
        self.user = user
        self.password = password
        self.api_key = api_key if api_key is not None else password
        self.denied_models = frozenset(denied_models)
        self.languages = frozenset(languages) | {"en_US"}
        self.delay_s = delay_s
        self.faults = FaultInjector()
        self.stopping = threading.Event()
        self._calls: Counter[CallKey] = Counter()
        self._lock = threading.Lock()

    @property
    def json2(self) -> bool:
        """Whether the server has the JSON-2 API (Odoo 19 on)."""
        return self.version >= 19

    # Counting

    def count_call(self, key: CallKey) -> None:
        with self._lock:
            self._calls[key] += 1

    def calls(self) -> Counter[CallKey]:
        with self._lock:
            return Counter(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    # Authentication

    def check_db(self, db: object) -> None:
        if db != self.db_name:
            raise RpcFault(
                "psycopg2.OperationalError",
                f'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
                f'FATAL:  database "{db}" does not exist',
            )

    def password_ok(self, login: object, password: object) -> bool:
        return login == self.user and isinstance(password, str) and password in (self.password, self.api_key)

    def check_uid(self, uid: object, password: object) -> None:
        """``res.users.check``: an unknown uid is a MissingError, a wrong password AccessDenied."""
        if isinstance(uid, bool) or not isinstance(uid, int):
            raise RpcFault("builtins.ValueError", f"invalid literal for int() with base 10: {uid!r}")
        if uid != UID:
            raise RpcFault(
                "odoo.exceptions.MissingError",
                f"Record does not exist or has been deleted.\n(Record: res.users({uid},), User: {uid})",
            )
        if not self.password_ok(self.user, password):
            raise RpcFault("odoo.exceptions.AccessDenied", "Access Denied")

    def check_context(self, context: object) -> None:
        """Odoo 19 refuses a language that is not active (``env.lang``); Odoo 17 silently ignores it."""
        lang = context.get("lang") if isinstance(context, dict) else None
        if self.version >= 19 and lang and lang not in self.languages:
            raise RpcFault("odoo.exceptions.UserError", f"Invalid language code: {lang}")

    # Dispatch

    def call_method(
        self,
        model: object,
        method: object,
        args: Sequence[object],
        kwargs: Mapping[str, object],
        *,
        json2: bool = False,
    ) -> object:
        if not isinstance(model, str) or not isinstance(method, str):
            raise RpcFault("builtins.TypeError", "model and method must be strings")
        # Odoo 17 checks the method's name before the model; Odoo 19 the model first.
        if self.version < 19:
            self._check_public(model, method)
        if model != "res.users" and model not in self.engine.models:
            if json2:
                raise RpcFault("werkzeug.exceptions.NotFound", f"the model {model!r} does not exist")
            raise RpcFault("odoo.exceptions.UserError", f"Object {model} doesn't exist")
        self._check_public(model, method)
        self.check_context(kwargs.get("context"))
        if model == "res.users" and method == "context_get":
            return {"lang": "pt_BR", "tz": "America/Sao_Paulo", "uid": UID}
        if model in self.denied_models or model not in self.engine.models:
            raise _access_error(model)
        handler = self._handlers().get(method)
        if handler is None:
            if json2:
                raise RpcFault("werkzeug.exceptions.NotFound", f"The method '{model}.{method}' does not exist")
            text = (
                f"The method '{model}.{method}' does not exist"
                if self.version >= 19
                else f"The method '{method}' does not exist on the model '{model}'"
            )
            raise RpcFault("builtins.AttributeError", text)
        named = {k: v for k, v in kwargs.items() if k != "context"}
        try:
            bound = inspect.signature(handler).bind(model, *args, **named)
        except TypeError as exc:
            raise RpcFault("builtins.TypeError", f"{method}() {exc}", status=422) from None
        return handler(*bound.args, **bound.kwargs)

    def _check_public(self, model: str, method: str) -> None:
        if method.startswith("_"):
            shown = f"'{model}.{method}'" if self.version >= 19 else method
            raise RpcFault(
                "odoo.exceptions.AccessError", f"Private methods (such as {shown}) cannot be called remotely."
            )

    def _handlers(self) -> dict[str, Callable[..., object]]:
        return {
            "search": self._search,
            "search_count": self._search_count,
            "search_read": self._search_read,
            "read": self._read,
            "fields_get": self.engine.fields_get,
            "flush_model": self._flush_model,
        }

    def _search(
        self,
        model: str,
        domain: object = None,
        offset: object = 0,
        limit: object = None,
        order: object = None,
        count: object = False,
    ) -> object:
        if count:
            return self.engine.count(model, domain, _limit(limit))
        return self.engine.search(model, domain, _offset(offset), _limit(limit), _order(order))

    def _search_count(self, model: str, domain: object = None, limit: object = None) -> int:
        return self.engine.count(model, domain, _limit(limit))

    def _search_read(
        self,
        model: str,
        domain: object = None,
        fields: object = None,
        offset: object = 0,
        limit: object = None,
        order: object = None,
        load: object = "_classic_read",
    ) -> list[Record]:
        self.engine._fields_to_read(self.engine.index(model), fields)  # unknown fields fail before searching
        ids = self.engine.search(model, domain, _offset(offset), _limit(limit), _order(order))
        return self.engine.read(model, ids, fields, load)

    def _read(self, model: str, ids: object, fields: object = None, load: object = "_classic_read") -> list[Record]:
        if isinstance(ids, int) and not isinstance(ids, bool):
            ids = [ids]
        if not isinstance(ids, list | tuple):
            raise RpcFault("builtins.TypeError", "read() ids must be a list of integers", status=422)
        return self.engine.read(model, ids, fields, load)

    def _flush_model(self, model: str, ids: object = None, fnames: object = None) -> None:
        """Write pending changes to the database: nothing to do here, and like Odoo it returns None."""
        return None

    # JSON-RPC

    def jsonrpc_key(self, path: str, payload: object) -> CallKey:
        if path != "/jsonrpc":
            return ("web", path.rsplit("/", 1)[-1])
        params = payload.get("params") if isinstance(payload, dict) else None
        if not isinstance(params, dict):
            return ("?", "?")
        service, method, args = params.get("service"), params.get("method"), params.get("args")
        if service == "object" and isinstance(args, list) and len(args) >= 5:
            return (str(args[3]), str(args[4]))
        return (str(service), str(method))

    def jsonrpc(self, path: str, payload: object) -> object:
        if path == "/web/webclient/version_info":
            return self.release.rpc_version()
        params = payload.get("params") if isinstance(payload, dict) else None
        if not isinstance(params, dict):
            raise RpcFault("werkzeug.exceptions.BadRequest", "Invalid JSON-RPC request")
        service, method = params.get("service"), params.get("method")
        args = params.get("args") or []
        if not isinstance(args, list):
            raise RpcFault("builtins.TypeError", "args must be a list")
        if service == "common":
            if method == "version":
                return self.release.rpc_version()
            if method in ("login", "authenticate"):
                if len(args) < 3:
                    raise RpcFault("builtins.TypeError", f"{method}() missing arguments")
                self.check_db(args[0])
                return UID if self.password_ok(args[1], args[2]) else False
        elif service == "db":
            if method == "list":
                return [self.db_name]
            if method == "server_version":
                return self.release.version
        elif service == "object" and method in ("execute", "execute_kw"):
            if len(args) < 5:
                raise RpcFault("builtins.TypeError", f"{method}() missing arguments")
            db, uid, password, model, name = args[:5]
            self.check_db(db)
            self.check_uid(uid, password)
            if method == "execute_kw":
                call_args = args[5] if len(args) > 5 else []
                call_kwargs = args[6] if len(args) > 6 else {}
                if not isinstance(call_args, list) or not isinstance(call_kwargs, dict):
                    raise RpcFault("builtins.TypeError", "execute_kw() takes a list and a dict")
            else:
                call_args, call_kwargs = args[5:], {}
            return self.call_method(model, name, call_args, call_kwargs)
        raise RpcFault("builtins.KeyError", f"No handler for method {method!r} of service {service!r}")

    # JSON-2

    def json2_call(self, model: str, method: str, authorization: str, body: bytes) -> object:
        """One ``POST /json/2/<model>/<method>`` on the database of the request (checked by the handler)."""
        match = re.match(r"^bearer\s+(.+)$", authorization, re.IGNORECASE)
        if match is None:
            raise RpcFault(
                "werkzeug.exceptions.Unauthorized",
                "User not authenticated, use an API Key with a Bearer Authorization header.",
            )
        if match.group(1).strip() != self.api_key:
            raise RpcFault("werkzeug.exceptions.Unauthorized", "Invalid apikey")
        try:
            params = json.loads(body.decode("utf-8")) if body else {}
        except ValueError as exc:
            raise RpcFault("werkzeug.exceptions.BadRequest", f"could not parse the body as json: {exc}") from None
        if not isinstance(params, dict):
            raise RpcFault("werkzeug.exceptions.BadRequest", "could not parse the body, expecting a json object")
        ids = params.pop("ids", None)
        if method in RECORD_METHODS:
            return self.call_method(model, method, [ids or []], params, json2=True)
        if ids:
            raise RpcFault("werkzeug.exceptions.UnprocessableEntity", f"cannot call {model}.{method} with ids")
        return self.call_method(model, method, [], params, json2=True)


def _offset(value: object) -> int:
    if value is None or value is False:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RpcFault("builtins.ValueError", f"Invalid offset {value!r}")
    return value


def _limit(value: object) -> int | None:
    if value is None or value is False or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RpcFault("builtins.ValueError", f"Invalid limit {value!r}")
    return value


def _order(value: object) -> str | None:
    if value is None or value is False:
        return None
    if not isinstance(value, str):
        raise RpcFault("builtins.ValueError", f"Invalid order {value!r}")
    return value


def _dumps(value: object, version: int = 19) -> bytes:
    """``value`` as the server writes it: Odoo 17 with ``json.dumps`` (``"id": 7, …``), Odoo 19 with orjson."""
    separators = (",", ":") if version >= 19 else (", ", ": ")
    return json.dumps(value, ensure_ascii=False, separators=separators).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    """One HTTP request: route, count, inject the armed faults, answer."""

    server: _HTTPServer
    server_version = "Werkzeug/3.0"
    sys_version = ""
    # As werkzeug's threaded server (Odoo's own, 17 and 19): HTTP/1.1 answers, each with "Connection: close".
    protocol_version = "HTTP/1.1"
    # A client that opens a connection and sends nothing must not hold a thread forever.
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def setup(self) -> None:
        super().setup()
        server = self.server
        with server.lock:
            server.connections += 1
            server.open_sockets.add(self.connection)
        if server.keep_alive:
            # As nginx on the connections it keeps (tcp_nodelay): an answer written in two pieces would otherwise
            # wait for the client's delayed acknowledgement of the first.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def finish(self) -> None:
        server = self.server
        with server.lock:
            server.open_sockets.discard(self.connection)
            server.idle.discard(self.connection)
        super().finish()

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        # Werkzeug closes every connection after one answer (no keep-alive, whatever the client asks), and so
        # does every way out of this method, an answer dropped included; only an answer sent by ``_send``
        # behind a proxy that keeps connections (``keep_alive``) leaves it open.
        self.close_connection = True
        with self.server.lock:
            self.server.idle.discard(self.connection)
        backend = self.server.backend
        path = urllib.parse.urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        payload: object = None
        if path in ("/jsonrpc", "/web/webclient/version_info"):
            protocol = "jsonrpc"
            try:
                payload = json.loads(body.decode("utf-8")) if body else {}
            except ValueError:
                payload = _NOT_JSON
            key = backend.jsonrpc_key(path, payload)
        elif backend.json2 and path.startswith("/json/2/") and len(path.split("/")) == 5:
            protocol = "json2"
            _, _, _, model, method = path.split("/")
            key = (urllib.parse.unquote(model), urllib.parse.unquote(method))
        elif backend.json2 and path in ("/web/version", "/json/version"):
            protocol = "version"
            key = ("web", "version")
        else:
            # Odoo 17 has neither /json/2 nor /web/version: werkzeug's 404 page, as for any unknown URL.
            backend.count_call(("web", path))
            self._delay()
            self._send(404, NOT_FOUND_PAGE, "text/html; charset=utf-8")
            return
        backend.count_call(key)
        if not self._delay():
            return  # the server is stopping: drop the request
        failure: Fault | None = None
        for fault in backend.faults.triggered(*key):
            if fault.kind == "latency":
                if backend.stopping.wait(fault.delay_s):
                    return  # the server is stopping: drop the request
            elif failure is None:
                failure = fault
        if failure is not None and failure.kind == "drop":
            self._abort()
            return
        if failure is not None and failure.kind == "http_status":
            reason = self.responses.get(failure.status, ("Error",))[0]
            page = f"<html><body><h1>{failure.status} {reason}</h1></body></html>".encode()
            self._send(failure.status, page, "text/html")
            return
        if failure is not None and failure.kind == "garble":
            garbage = b'{"jsonrpc": "2.0", "result": [{"id": 1, "na\xff\xfe<html>Bad Gateway'
            self._send(200, garbage, "application/json", garbled=True)
            return
        if payload is _NOT_JSON:
            # Odoo aborts with a plain response, before any JSON-RPC envelope.
            self._send(400, b"Invalid JSON data", "text/html; charset=utf-8")
            return
        if protocol == "json2" and self.headers.get("X-Odoo-Database", backend.db_name) != backend.db_name:
            # No such database: Odoo 19 falls back to the server-wide routes, where /json/2 is not found.
            self._send(404, NOT_FOUND_NODB, "text/html; charset=utf-8")
            return
        if failure is not None and failure.kind == "odoo_error":
            status, answer = self._error(protocol, payload, RpcFault(failure.error_name, failure.error_message))
        else:
            status, answer = self._answer(protocol, path, key, payload, body)
        data = _dumps(answer, backend.version)
        if failure is not None and failure.kind == "truncate":
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._abort()
            return
        self._send(status, data, "application/json; charset=utf-8")

    def _delay(self) -> bool:
        """Wait the server's delay per call; ``False`` when the server stops meanwhile."""
        backend = self.server.backend
        return not (backend.delay_s > 0 and backend.stopping.wait(backend.delay_s))

    def _answer(self, protocol: str, path: str, key: CallKey, payload: object, body: bytes) -> tuple[int, object]:
        backend = self.server.backend
        try:
            if protocol == "jsonrpc":
                result = backend.jsonrpc(path, payload)
                envelope: dict[str, object] = {"jsonrpc": "2.0", "id": _request_id(payload)}
                if result is not None:
                    envelope["result"] = result  # Odoo leaves "result" out when the method returned None
                return 200, envelope
            if protocol == "version":
                release = backend.release
                return 200, {"version_info": list(release.version_info), "version": release.version}
            # self.headers looks names up regardless of case, as HTTP wants.
            authorization = self.headers.get("Authorization", "")
            return 200, backend.json2_call(key[0], key[1], authorization, body)
        except RpcFault as fault:
            return self._error(protocol, payload, fault)

    def _error(self, protocol: str, payload: object, fault: RpcFault) -> tuple[int, object]:
        version = self.server.backend.version
        http_error = fault.is_http_exception
        arguments: list[object] = [fault.message]
        if protocol != "jsonrpc" and http_error:
            arguments.append(fault.http_status())  # serialize_exception(exc, arguments=(description, code))
        details = {
            "name": fault.name,
            "message": fault.message,
            "arguments": arguments,
            "context": {},
            "debug": fault.debug(),
        }
        if protocol == "jsonrpc":
            not_found = fault.name == "werkzeug.exceptions.NotFound"
            error = {
                "code": 404 if not_found else (200 if version < 19 else 0),
                "message": "404: Not Found" if not_found else "Odoo Server Error",
                "data": details,
            }
            return 200, {"jsonrpc": "2.0", "id": _request_id(payload), "error": error}
        return fault.http_status(), details

    def _send(self, status: int, data: bytes, content_type: str, garbled: bool = False) -> None:
        server = self.server
        kept = server.keep_alive and self.headers.get("Connection", "").lower() != "close"
        # As nginx with "gzip on" for JSON (level 1): compressed when the client accepts it, then chunked (the
        # length is not known in advance). A garbled answer is then a gzip stream garbled on the way.
        compress = server.gzip and "gzip" in self.headers.get("Accept-Encoding", "").lower() and "json" in content_type
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if compress:
            body = data if garbled else gzip.compress(data, compresslevel=1)
            data = b"%x\r\n%b\r\n0\r\n\r\n" % (len(body), body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Transfer-Encoding", "chunked")
            with server.lock:
                server.compressed += 1
        else:
            self.send_header("Content-Length", str(len(data)))
        if not kept:
            self.send_header("Connection", "close")
        self.end_headers()
        if kept:
            self.close_connection = False
            with server.lock:
                server.idle.add(self.connection)  # waiting for the next request once this answer is out
        self.wfile.write(data)

    def _abort(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


_NOT_JSON = object()


def _request_id(payload: object) -> object:
    return payload.get("id") if isinstance(payload, dict) else None


class _HTTPServer(ThreadingHTTPServer):
    """The threaded HTTP server; handler threads are joined on close so that no test leaks one.

    ``keep_alive``: answer as a proxy in front of Odoo does (nginx), keeping connections open between requests;
    ``gzip``: compress the JSON answers when the client accepts it, as nginx's ``gzip`` (``compressed`` counts them);
    ``connections`` counts the connections accepted; ``open_sockets`` and ``idle`` (waiting for a next
    request) are the connections' sockets.
    """

    daemon_threads = False
    block_on_close = True
    backend: _Backend

    def __init__(self, address: Any, handler: Any, keep_alive: bool = False, gzip: bool = False) -> None:
        super().__init__(address, handler)
        self.keep_alive = keep_alive
        self.gzip = gzip
        self.compressed = 0
        self.lock = threading.Lock()
        self.connections = 0
        self.open_sockets: set[socket.socket] = set()
        self.idle: set[socket.socket] = set()

    def shut_down_connections(self, only_idle: bool) -> int:
        """Shut down the connections' sockets (``only_idle``: those waiting for a next request); how many."""
        with self.lock:
            sockets = list(self.idle if only_idle else self.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):  # closed meanwhile
                sock.shutdown(socket.SHUT_RDWR)
        return len(sockets)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the client went away (a timeout in a test): nothing to report
        logger.exception("Erro no servidor Odoo local ao atender %s", client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class OdooTestServer:
    """A local Odoo serving a ``Dataset``, started and stopped as a context manager.

    ``url``/``port`` say where it listens; ``calls`` counts the calls by ``(model, method)`` (``("common",
    "login")``, ``("web", "version_info")``, ``("sale.order.line", "search_read")``...); ``faults`` arms faults.
    The API key of JSON-2 is the password unless ``api_key`` is given. ``odoo_version`` is 17 (the default:
    JSON-RPC only) or 19 (JSON-2 too, and Odoo 19's shapes); ``languages`` are the active languages besides
    ``en_US``; ``delay_s`` delays every answer (kept across ``reset``); ``record_rules`` maps a model to the
    domain its records must match to be seen by the user (Odoo's record rules: a salesman sees his orders).
    Like Odoo's own server it closes every connection after its answer; with ``keep_alive`` it keeps them
    open, as a proxy in front of Odoo (nginx) does — ``connections`` counts those accepted; with ``gzip`` it
    compresses the JSON answers when the client accepts it, as such a proxy usually does (``compressed``).
    """

    def __init__(
        self,
        dataset: Dataset,
        host: str = "127.0.0.1",
        port: int = 0,
        db_name: str = "demo",
        user: str = "admin",
        password: str = "admin",
        *,
        api_key: str | None = None,
        denied_models: Iterable[str] = (),
        odoo_version: int = 17,
        languages: Iterable[str] = ("en_US",),
        delay_s: float = 0.0,
        record_rules: Mapping[str, object] | None = None,
        keep_alive: bool = False,
        gzip: bool = False,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._keep_alive = keep_alive
        self._gzip = gzip
        self._backend = _Backend(
            dataset, db_name, user, password, api_key, denied_models, odoo_version, languages, delay_s, record_rules
        )
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def odoo_version(self) -> int:
        """The major version of Odoo this server plays (17 or 19)."""
        return self._backend.version

    @property
    def version(self) -> str:
        """The version text it reports (``17.0-20240709``, ``19.0+e-…``)."""
        return self._backend.release.version

    @property
    def faults(self) -> FaultInjector:
        """The fault injector of this server."""
        return self._backend.faults

    @property
    def db_name(self) -> str:
        """The only database served."""
        return self._backend.db_name

    @property
    def port(self) -> int:
        """The port it listens on (the real one when started with port 0)."""
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def calls(self) -> Counter[CallKey]:
        """A copy of the call counts by ``(model, method)``, failed and retried calls included."""
        return self._backend.calls()

    @property
    def total_calls(self) -> int:
        """Every call counted."""
        return sum(self._backend.calls().values())

    def reset_calls(self) -> None:
        """Start counting from zero (calls, connections and compressed answers)."""
        self._backend.reset_calls()
        if self._httpd is not None:
            with self._httpd.lock:
                self._httpd.connections = 0
                self._httpd.compressed = 0

    @property
    def compressed(self) -> int:
        """The answers sent gzip-compressed since the start or the last reset."""
        return self._counted("compressed")

    @property
    def connections(self) -> int:
        """The connections accepted since the start or the last reset."""
        return self._counted("connections")

    def _counted(self, name: str) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        with self._httpd.lock:
            return int(getattr(self._httpd, name))

    def drop_idle_connections(self, timeout_s: float = 5.0) -> int:
        """Close the kept connections waiting for a next request, as a proxy's idle timeout does; how many.

        Returns once their threads are done with them (the client's side has seen the close by then).
        """
        httpd = self._httpd
        if httpd is None:
            raise RuntimeError("server not started")
        with httpd.lock:
            dropped = set(httpd.idle)
        httpd.shut_down_connections(only_idle=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with httpd.lock:
                if dropped.isdisjoint(httpd.open_sockets):
                    break
            time.sleep(0.001)
        return len(dropped)

    def reset(self) -> None:
        """Disarm every fault and start counting from zero: the server as a new test expects it."""
        self.faults.clear()
        self.reset_calls()

    def records(self, model: str) -> dict[int, Record]:
        """The live records of ``model``: change a value and the next call sees it (Odoo changing)."""
        return self._backend.engine.index(model).records

    def add_record(self, model: str, record: Record) -> None:
        """Serve one more record; its ``id`` must be new."""
        index = self._backend.engine.index(model)
        ident = record["id"]
        if ident in index.records:
            raise ValueError(f"{model} {ident} already exists")
        index.records[ident] = {name: record.get(name, False) for name in index.fields} | {"id": ident}
        bisect.insort(index.ids, ident)

    def delete_record(self, model: str, ident: int) -> None:
        """Delete one record, as Odoo's ``unlink`` (the next search and read no longer see it)."""
        index = self._backend.engine.index(model)
        del index.records[ident]
        index.ids.remove(ident)

    def start(self) -> OdooTestServer:
        """Bind and serve in a background thread."""
        if self._httpd is not None:
            return self
        server_class = _HTTPServer6 if ":" in self.host else _HTTPServer
        httpd = server_class((self.host, self._requested_port), _Handler, keep_alive=self._keep_alive, gzip=self._gzip)
        httpd.backend = self._backend
        self._backend.stopping.clear()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="odoo-test-server", daemon=True
        )
        self._thread.start()
        logger.info("Servidor Odoo local em %s (base %s)", self.url, self.db_name)
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed answers, close the socket and join every thread."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._backend.stopping.set()
        httpd.shutdown()
        if httpd.keep_alive:
            httpd.shut_down_connections(only_idle=False)  # kept connections would hold their threads open
        httpd.server_close()
        if thread is not None:
            thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> OdooTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def run_demo_server(
    host: str,
    port: int,
    lines: int,
    seed: int,
    db_name: str,
    user: str,
    password: str,
    dataset_path: str | None = None,
    odoo_version: int = 17,
    delay_s: float = 0.0,
) -> None:
    """Serve the demo data set (or ``dataset_path``) in the foreground until Ctrl+C or SIGTERM.

    Prints ``listening on http://HOST:PORT`` (flushed) once connections are accepted. The JSON-2 API key is
    the password; JSON-2 is there only with ``odoo_version`` 19. ``delay_s`` delays every answer.
    """
    if odoo_version not in RELEASES:
        raise ValueError(f"odoo_version must be one of {sorted(RELEASES)}")
    if dataset_path:
        dataset = Dataset.load(dataset_path)
    else:
        from carteira_gui.adapters.odoo.demo import build_demo  # the demo imports the source; avoid a cycle

        dataset = build_demo(lines, seed)[1]
    stop = threading.Event()

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        stop.set()

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous: Any = signal.signal(signal.SIGTERM, on_sigterm) if in_main_thread else None
    try:
        with OdooTestServer(
            dataset, host, port, db_name, user, password, odoo_version=odoo_version, delay_s=delay_s
        ) as server:
            shown = f"[{host}]" if ":" in host else host
            print(f"listening on http://{shown}:{server.port}", flush=True)
            try:
                while not stop.wait(0.2):
                    pass
            except KeyboardInterrupt:
                pass
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


class InMemoryTransport(Transport):
    """A transport that calls a local server's ORM directly, without HTTP.

    The demo computes with it what a fetch of a data set returns, through the very code of the fetch (filter,
    pages, related records).
    """

    def __init__(self, backend: _Backend, settings: OdooSettings, cancel: CancelToken | None = None) -> None:
        super().__init__(settings, cancel)
        self._backend = backend

    def connect(self) -> None:
        """Nothing to open."""

    def server_version(self) -> str:
        """The version the backend plays."""
        return self._backend.release.version

    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> object:
        """Run ``model.method`` on the backend (arguments and answer through JSON, as over the wire)."""
        self.requests_sent += 1
        args: list[object] = [list(ids)] if ids is not None else []
        wire = json.loads(_dumps({"args": args, "kwargs": self._with_context(params)}))
        try:
            result = self._backend.call_method(model, method, wire["args"], wire["kwargs"])
        except RpcFault as fault:
            raise OdooServerError(self.settings.display_url, fault.name, fault.message) from None
        return json.loads(_dumps(result))


def open_records(dataset: Dataset, settings: OdooSettings | None = None, odoo_version: int = 17) -> OdooRecords:
    """The records a fetch of ``dataset`` with ``settings`` reads (open lines and related), without a server.

    The filter, the balance and the reading are the fetch's own (``OdooSource.read_records``); only HTTP is
    left out. Prefixes and extra terms of ``settings`` apply as in a fetch.
    """
    settings = settings or OdooSettings()
    backend = _Backend(dataset, "demo", "admin", "admin", None, (), odoo_version)
    transport = InMemoryTransport(backend, settings)
    with transport:
        source = OdooSource(settings)
        return source.read_records(transport, ServerInfo(backend.release.version))

"""Validation of what comes in: source lines (Odoo or file) and local state documents.

Everything is checked before anything is used: a bad input is rejected whole, with every bad row named.

Over 500 lines: the column-wise fast path and the record-by-record path must answer exactly alike (a test
holds it), so both, their shared predicates and the state-file validation are kept in one module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import compress, count, repeat
from operator import is_, is_not, itemgetter
from typing import Any, ClassVar, TypeGuard

from carteira_gui.domain.errors import InvalidSource, InvalidState
from carteira_gui.domain.model import (
    CAMPOS,
    DATE_CAMPOS,
    PRECO_EXP,
    PRECO_MAX,
    QTD_EXP,
    QTD_MAX,
    TEXT_CAMPOS,
    CarteiraLine,
    FieldValue,
    Key,
    PreSeparacao,
    Separacao,
    SourceData,
    SourceLine,
    Status,
    TipoEnvio,
    parse_decimal,
)

KEY_MAX_LEN = 100
TEXT_MAX_LEN = 1000


class _Bad(ValueError):
    """One problem of one field; collected, never shown alone."""


def parse_key(value: object, name: str) -> str:
    """Validate a key field (num_pedido, cod_produto).

    Keys are compared exactly after trimming surrounding white space: Odoo codes are case-sensitive,
    so ``abc`` and ``ABC`` are two products, while ``" VCD1 "`` is ``VCD1`` typed carelessly.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad(f"{name} ausente ou inválido")
    text = str(value).strip()
    if not text:
        raise _Bad(f"{name} vazio")
    if len(text) > KEY_MAX_LEN:
        raise _Bad(f"{name} com mais de {KEY_MAX_LEN} caracteres")
    if not text.isprintable():
        raise _Bad(f"{name} com caracteres de controle")
    return text


def parse_quantity(value: object, name: str) -> Decimal:
    """Validate a non-negative quantity; round half-up to 3 places."""
    number = parse_decimal(value)
    if number is None:
        raise _Bad(f"{name} não numérico ({_show(value)})")
    if number < 0:
        raise _Bad(f"{name} negativo ({_show(value)})")
    if number.adjusted() >= 12:  # before quantize: it fails past 28 digits (Decimal's default precision)
        raise _Bad(f"{name} grande demais ({_show(value)})")
    result = number.quantize(QTD_EXP, rounding=ROUND_HALF_UP)
    if result > QTD_MAX:
        raise _Bad(f"{name} grande demais ({_show(value)})")
    return result


#: The planners' decision fields a state file may carry, by kind (same checks as the Odoo-owned fields).
DECISION_TEXT = frozenset({"observacao", "criado_por", "transportadora", "numero_nf"})
DECISION_DATES = frozenset({"data_expedicao", "data_embarque"})
DECISION_MONEY = frozenset({"valor_frete"})


def parse_field(name: str, value: object) -> FieldValue:
    """Validate one optional Odoo-owned (or decision) field; ``None`` or ``""`` empties it."""
    if value is None:
        return None
    if name in TEXT_CAMPOS or name in DECISION_TEXT:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _Bad(f"{name} não é texto ({_show(value)})")
        text = str(value).strip()
        if len(text) > TEXT_MAX_LEN:
            raise _Bad(f"{name} com mais de {TEXT_MAX_LEN} caracteres")
        if "\x00" in text:
            raise _Bad(f"{name} contém o caractere nulo")
        if not _utf8(text):
            raise _Bad(f"{name} contém caracteres inválidos (surrogates sem par)")
        return text or None
    if name in DATE_CAMPOS or name in DECISION_DATES:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, datetime):
            return value.date()
        if not isinstance(value, str):
            raise _Bad(f"{name} não é uma data ({_show(value)})")
        text = value.strip()
        if not text:
            return None
        try:
            # Odoo sends datetimes ("2026-11-29 10:00:00") for commitment_date; the day is what counts.
            return date.fromisoformat(text[:10])
        except ValueError:
            raise _Bad(f"{name} não é uma data ISO ({_show(value)})") from None
    if name == "preco" or name in DECISION_MONEY:
        if isinstance(value, str) and not value.strip():
            return None
        number = parse_decimal(value)
        if number is None:
            raise _Bad(f"{name} não numérico ({_show(value)})")
        if number.adjusted() >= 14:
            raise _Bad(f"{name} grande demais ({_show(value)})")
        result = number.quantize(PRECO_EXP, rounding=ROUND_HALF_UP)
        if abs(result) > PRECO_MAX:
            raise _Bad(f"{name} grande demais ({_show(value)})")
        if name in DECISION_MONEY and result < 0:
            raise _Bad(f"{name} negativo ({_show(value)})")
        return result
    raise _Bad(f"campo desconhecido {name}")


def _is_clean_key(raw: object) -> TypeGuard[str]:
    """Whether ``raw`` is a key that needs nothing: no trimming, nothing to refuse."""
    return (
        type(raw) is str
        and bool(raw)
        and len(raw) <= KEY_MAX_LEN
        and raw.isprintable()
        and not raw[0].isspace()
        and not raw[-1].isspace()
    )


def _key(raw: object, name: str) -> str:
    # The common case, an already clean key, without parse_key's strip and messages.
    if _is_clean_key(raw):
        return raw
    return parse_key(raw, name)


def _utf8(text: str) -> bool:
    # A lone surrogate (from JSON "\\ud800") is a str in Python but cannot be stored or exported.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_MISSING: object = object()
_NUMBER_TYPES = (int, float, Decimal, str)


def parse_source_records(
    records: Iterable[object],
    origin: str,
    labels: Sequence[str] | None = None,
) -> SourceData:
    """Validate source records and sum duplicates by key.

    ``labels`` names each record in messages (e.g. ``sale.order.line 42``); by default ``linha N``.
    Raises ``InvalidSource`` listing every bad record; never returns a partial source.
    """
    rows = records if type(records) is list else list(records)
    clean = _parse_clean_records(rows, origin, labels)
    if clean is not None:
        return clean
    return _parse_records_one_by_one(rows, origin, labels)


class _Absent:
    """A field the record does not have (unlike a given ``null``, which empties the field)."""

    __slots__ = ()


_ABSENT = _Absent()
_FIELDS = ("num_pedido", "cod_produto", "qtd_saldo", *CAMPOS)
_KEY_TYPES = frozenset({str})
_TEXT_TYPES = frozenset({str, type(None), _Absent})
_QTD_TYPES = frozenset(_NUMBER_TYPES)
_PRECO_TYPES = _QTD_TYPES | {type(None), _Absent}


class SourceColumns:
    """The column pass of ``parse_source_records``, fed one part of a column at a time as a source arrives.

    Each field keeps a table of the distinct values it has validated: a client, a date or a price repeated on
    thousands of records (and across parts) is validated once. ``column`` returns a part converted, or
    ``None`` as soon as a value needs the record-by-record pass (a bad value, a key to trim): the caller then
    validates the whole source with ``parse_source_records``, which gives the result or names every bad
    record. ``build`` makes the source from whole converted columns. ``parse_source_records`` is this class
    fed each column whole; the Odoo fetch feeds it page by page while the next page is on its way.
    """

    __slots__ = ("_mixed", "_tables")

    #: Per field: the types a clean value may have, how it is converted, and whether it is a number.
    _RULES: ClassVar[dict[str, tuple[frozenset[type], Callable[[object], object], bool]]] = {}

    def __init__(self) -> None:
        self._tables: dict[str, dict[object, object]] = {name: {} for name in _FIELDS}
        #: The number types each numeric field has had so far (float and Decimal must not meet: see column).
        self._mixed: dict[str, set[type]] = {name: set() for name in _FIELDS}

    def column(self, name: str, values: Sequence[object]) -> Sequence[object] | None:
        """``values`` of field ``name`` converted, each new distinct value once; ``None`` when one is not clean.

        Numbers have their types checked on the whole part, before the set: ``True == 1`` would otherwise hide
        a boolean behind a 1. A float equals the ``Decimal`` of its exact binary value but is read through its
        shortest repr, so the two may round apart (1.0005 vs 1.000499999…): a field that has had both, in
        any parts, needs the record-by-record pass. Other fields are checked on their distinct values (a text
        never equals a boolean). A part that converts to itself (keys, clean texts) is returned as it is.
        """
        allowed, convert, numbers = self._RULES[name]
        if numbers:
            types = set(map(type, values))
            seen = self._mixed[name]
            seen |= types
            if not types <= allowed or {float, Decimal} <= seen:
                return None
        try:
            distinct = set(values)
        except TypeError:  # unhashable (a list, an object) or a signalling NaN Decimal
            return None
        if not numbers and not set(map(type, distinct)) <= allowed:
            return None
        table = self._tables[name]
        new = list(distinct.difference(table)) if table else list(distinct)
        if numbers and new:
            kinds = set(map(type, new))
            if kinds == {float} or kinds == {Decimal}:
                exact: list[Any] = list(map(Decimal, map(repr, new))) if float in kinds else new
                converted = _numbers_at_once(exact, *_SCALES[name])
                if converted is None:
                    return None
                table.update(zip(new, converted, strict=True))
                new = []
        for value in new:
            if value is None or value is _ABSENT:
                table[value] = value
                continue
            try:
                table[value] = convert(value)
            except _Bad:
                return None
        same = all(map(is_, map(table.__getitem__, distinct), distinct))
        return values if same else list(map(table.__getitem__, values))

    @staticmethod
    def build(
        origin: str,
        keys: tuple[Sequence[object], Sequence[object], Sequence[object]],
        campos: Sequence[Sequence[object]],
        labels: Sequence[str] | None = None,
        incomplete: Sequence[int] = (),
    ) -> SourceData | None:
        """The source from whole converted columns: ``SourceBuilder`` given them as one part."""
        builder = SourceBuilder(labels)
        builder.add(keys, campos, incomplete)
        return builder.finish(origin)


def make_source_lines(
    keys: tuple[Sequence[object], Sequence[object], Sequence[object]], campos: Sequence[Sequence[object]]
) -> list[SourceLine]:
    """The source lines of converted columns, built in C.

    ``keys``: num_pedido, cod_produto and qtd_saldo; ``campos``: the other fields in ``CAMPOS`` order; all as
    ``SourceColumns`` converted them.
    """
    pedidos, produtos, quantities = keys
    make = tuple.__new__  # NamedTuples built in C, without their Python __new__
    described = map(make, repeat(CarteiraLine), zip(pedidos, produtos, quantities, *campos, strict=True))
    # strict=False: repeat() never ends; every other iterable has one entry per record.
    fields = zip(pedidos, produtos, quantities, repeat(None), repeat(1), described, repeat(()), strict=False)
    return list(map(make, repeat(SourceLine), fields))


class SourceBuilder:
    """A source made from converted columns given in parts, in record order; duplicates summed as they come.

    ``add`` takes a part as columns (as ``make_source_lines``), ``add_lines`` as lines already made. A part
    with no key seen before and none twice goes into the source in one dict update; the records of keys that
    repeat are summed as the record-by-record pass sums them (the first record's fields win, and ``origens``
    names the records).
    ``failed`` turns true when a summed balance gets too large: that pass must then name the record.
    ``labels`` names every record of the whole source, by its index.
    """

    __slots__ = ("_by_key", "_count", "_labels", "_parts", "failed")

    def __init__(self, labels: Sequence[str] | None = None) -> None:
        self._labels = labels
        self._by_key: dict[Key, SourceLine] = {}
        #: Each part's first record index and keys (to name a key's first record when a later part repeats it).
        self._parts: list[tuple[int, list[Key]]] = []
        self._count = 0
        self.failed = False

    def add(
        self,
        keys: tuple[Sequence[object], Sequence[object], Sequence[object]],
        campos: Sequence[Sequence[object]],
        incomplete: Sequence[int] = (),
    ) -> None:
        """Add the next records (``incomplete``: those, by index in the part, that left fields out)."""
        lines = make_source_lines(keys, campos)
        for index in incomplete:
            # Fields left out are "not given": neither compared nor changed.
            line = lines[index]
            values: tuple[object, ...] = line.valores or ()
            given = {name: value for name, value in zip(CAMPOS, values, strict=True) if value is not _ABSENT}
            lines[index] = SourceLine(line[0], line[1], line[2], given)  # type: ignore[arg-type]
        self.add_lines(list(zip(keys[0], keys[1], strict=True)), lines)  # type: ignore[arg-type]

    def add_lines(self, keys: list[Key], lines: list[SourceLine]) -> None:
        """Add the next records as lines already made (``make_source_lines``), with their keys."""
        offset = self._count
        self._count += len(keys)
        self._parts.append((offset, keys))
        by_key = self._by_key
        fresh = dict(zip(keys, lines, strict=True))  # each key where it first appears, with its last line
        if not by_key:
            by_key = self._by_key = fresh
        elif by_key.keys().isdisjoint(fresh):
            by_key.update(fresh)
        else:
            earlier = by_key.keys() & fresh.keys()
            saved = {key: by_key[key] for key in earlier}
            by_key.update(fresh)
            self._sum(keys, lines, offset, saved)
            return
        if len(fresh) != len(keys):
            self._sum(keys, lines, offset, {})

    def _sum(self, keys: list[Key], lines: list[SourceLine], offset: int, saved: dict[Key, SourceLine]) -> None:
        """Sum the records of the part's keys that repeat (``saved``: the lines of its keys made earlier).

        The repeated keys are found in C; only their records are looked at one by one.
        """
        by_key = self._by_key
        repeated = set(compress(keys, map(is_not, map(by_key.__getitem__, keys), lines))).union(saved)
        merged: dict[Key, SourceLine] = {}
        first: dict[Key, int] = {}
        labels = self._labels
        for index in compress(count(), map(repeated.__contains__, keys)):
            key, line, at = keys[index], lines[index], offset + index
            previous = merged.get(key)
            if previous is None and key in saved:
                previous = saved.pop(key)
                first[key] = self._first_index(key)
            if previous is None:
                merged[key] = line
                first[key] = at
                continue
            summed = _merge(previous, line.qtd_saldo, line.campos, (_label(labels, first[key]),), _label(labels, at))
            if summed is None:
                self.failed = True
                return
            merged[key] = summed
        by_key.update(merged)

    def _first_index(self, key: Key) -> int:
        """The index of the first record of ``key`` (in an earlier part: looked for only when a key repeats)."""
        for offset, keys in self._parts:
            try:
                return offset + keys.index(key)
            except ValueError:
                continue
        raise AssertionError(f"{key} was never added")

    def finish(self, origin: str) -> SourceData | None:
        """The source (``None`` when a sum got too large)."""
        return None if self.failed else SourceData(origin, self._by_key)


def _numbers_at_once(exact: list[Decimal], places: Decimal, limit: Decimal, signed: bool) -> list[Decimal] | None:
    """``parse_quantity`` (``signed`` false) or the price's rule on many numbers at once, in C.

    The same checks and rounding as one by one (finite; not negative unless ``signed``; rounded half-up to
    ``places``; at most ``limit`` in size, which also keeps out what would have too many digits); ``None``
    when any number fails, for the record-by-record pass to name it.
    """
    try:
        if not all(map(Decimal.is_finite, exact)) or (not signed and min(exact) < 0):
            return None
        rounded = list(map(Decimal.quantize, exact, repeat(places), repeat(ROUND_HALF_UP)))
    except ArithmeticError:  # a number too long for the context's precision
        return None
    if max(map(abs, rounded)) > limit:
        return None
    return rounded


def precos_at_once(values: list[Decimal]) -> list[Decimal] | None:
    """The price's rule (``parse_field("preco", …)``) on many ``Decimal`` prices at once, in C.

    ``None`` when any fails (not finite, too large), for the record-by-record pass to name it.
    """
    return _numbers_at_once(values, *_SCALES["preco"])


#: The numeric fields: their places, their limit, and whether they may be negative.
_SCALES: dict[str, tuple[Decimal, Decimal, bool]] = {
    "qtd_saldo": (QTD_EXP, QTD_MAX, False),
    "preco": (PRECO_EXP, PRECO_MAX, True),
}


def _clean_key(value: object) -> object:
    # Only keys that need nothing: a key to trim or to refuse goes to the one-by-one path.
    if not _is_clean_key(value):
        raise _Bad("chave a validar linha a linha")
    return value


def _clean_text(value: object) -> object:
    assert type(value) is str
    text = value.strip()  # the same object when there is nothing to strip
    if len(text) > TEXT_MAX_LEN or "\x00" in text or not (text.isascii() or _utf8(text)):
        raise _Bad("texto a validar linha a linha")
    return text or None


def _clean_preco(value: object) -> object:
    # A float (Odoo's price) or a plain decimal text (Odoo's net price, a file) straight to Decimal, as
    # parse_decimal reads them; anything else as parse_field.
    text = repr(value) if type(value) is float else value
    if type(text) is str and text and text.isascii() and "_" not in text and text == text.strip():
        try:
            number = Decimal(text)
        except ArithmeticError:
            raise _Bad("preco a validar linha a linha") from None
        if number.is_finite() and number.adjusted() < 14:
            result = number.quantize(PRECO_EXP, rounding=ROUND_HALF_UP)
            if abs(result) <= PRECO_MAX:
                return result
        raise _Bad("preco a validar linha a linha")
    return parse_field("preco", value)


SourceColumns._RULES = {
    "num_pedido": (_KEY_TYPES, _clean_key, False),
    "cod_produto": (_KEY_TYPES, _clean_key, False),
    "qtd_saldo": (_QTD_TYPES, partial(parse_quantity, name="qtd_saldo"), True),
    **{name: (_TEXT_TYPES, _clean_text, False) for name in CAMPOS if name in TEXT_CAMPOS},
    **{name: (_TEXT_TYPES, partial(parse_field, name), False) for name in CAMPOS if name in DATE_CAMPOS},
    "preco": (_PRECO_TYPES, _clean_preco, True),
}
assert set(SourceColumns._RULES) == set(_FIELDS)


def _parse_clean_records(records: list[object], origin: str, labels: Sequence[str] | None = None) -> SourceData | None:
    """Validate a clean source column by column; ``None`` when any record needs the one-by-one path.

    A day's Odoo answer repeats the same client, city, date and price on thousands of lines, and nearly
    always every record is clean. Column by column, each distinct value is validated once and the rest runs
    in C (``itemgetter``, ``zip``, ``set``, ``map``). Anything unusual (a bad value, a key to trim, a record
    that is not a dict, a sum too large) sends the whole source to the one-by-one path, which gives the same
    result or names every bad record. Duplicate keys are summed as the one-by-one path sums them.
    """
    if not records or set(map(type, records)) != {dict}:
        return None
    take: Callable[[Any], tuple[object, ...]] = itemgetter(*_FIELDS)
    incomplete: list[int] = []
    try:
        rows = list(map(take, records))
    except KeyError:
        rows = []
        for index, record in enumerate(records):
            try:
                rows.append(take(record))
            except KeyError:
                rows.append(tuple(record.get(name, _ABSENT) for name in _FIELDS))  # type: ignore[attr-defined]
                incomplete.append(index)
    columns = SourceColumns()
    converted: list[Sequence[object]] = []
    for name, raw in zip(_FIELDS, zip(*rows, strict=True), strict=True):
        values = columns.column(name, raw)
        if values is None:
            return None
        converted.append(values)
    pedidos, produtos, quantities, *campos = converted
    return SourceColumns.build(origin, (pedidos, produtos, quantities), campos, labels, incomplete)


def _label(labels: Sequence[str] | None, index: int) -> str:
    return labels[index] if labels is not None else f"linha {index + 1}"


def _source_line(num_pedido: str, cod_produto: str, quantity: Decimal, campos: dict[str, FieldValue]) -> SourceLine:
    """A line from its given fields, which must be in ``CAMPOS`` order."""
    if len(campos) == len(CAMPOS):
        described = CarteiraLine(num_pedido, cod_produto, quantity, *campos.values())  # type: ignore[arg-type]
        return SourceLine(num_pedido, cod_produto, quantity, None, 1, described)
    return SourceLine(num_pedido, cod_produto, quantity, campos)


def _merge(
    previous: SourceLine, quantity: Decimal, campos: dict[str, FieldValue], first: tuple[str, ...], label: str
) -> SourceLine | None:
    """``previous`` with one more record of its key; ``None`` when the summed balance is too large.

    The same product twice on one order is one carteira line with the summed balance. The first record's
    fields win; a later record only adds its quantity and the fields no earlier record gave. ``first`` names
    the first record (used when ``previous`` is still a single record).
    """
    total = previous.qtd_saldo + quantity
    if total > QTD_MAX:
        return None
    merged = dict(campos)
    merged.update(previous.campos)
    ordered = {name: merged[name] for name in CAMPOS if name in merged}
    line = _source_line(previous.num_pedido, previous.cod_produto, total, ordered)
    return line._replace(linhas=previous.linhas + 1, origens=(*(previous.origens or first), label))


def _parse_records_one_by_one(records: list[object], origin: str, labels: Sequence[str] | None) -> SourceData:
    """Validate record by record: sums duplicates and names every bad record."""
    lines: dict[Key, SourceLine] = {}
    first_record: dict[Key, int] = {}
    problems: list[str] = []
    # Odoo answers repeat the same client, city, date and price on thousands of lines: each distinct value
    # of a field is validated once, in one table per type: booleans are never cached (True == 1 would share
    # an entry with 1) and a float never shares one with the equal Decimal of its binary value.
    caches: dict[str, dict[type, dict[object, FieldValue | _Bad]]] = {
        name: {t: {} for t in _NUMBER_TYPES} for name in CAMPOS
    }
    qtd_cache: dict[type, dict[object, Decimal | _Bad]] = {t: {} for t in _NUMBER_TYPES}
    text_names = tuple(n for n in CAMPOS if n in TEXT_CAMPOS)
    other_names = tuple(n for n in CAMPOS if n not in TEXT_CAMPOS)
    assert text_names + other_names == CAMPOS  # texts come first in CAMPOS (see the loop below)
    for index, record in enumerate(records):
        # type() first: isinstance against the Mapping ABC costs more than the rest of a clean record.
        if type(record) is not dict and not isinstance(record, Mapping):
            problems.append(f"{_label(labels, index)}: não é um objeto")
            continue
        try:
            num_pedido = _key(record.get("num_pedido"), "num_pedido")
            cod_produto = _key(record.get("cod_produto"), "cod_produto")
            raw_qtd = record.get("qtd_saldo", _MISSING)
            if raw_qtd is _MISSING:
                raise _Bad("qtd_saldo ausente")
            typed_cache = qtd_cache.get(type(raw_qtd))
            quantity = typed_cache.get(raw_qtd) if typed_cache is not None else None
            if quantity is None:
                try:
                    quantity = parse_quantity(raw_qtd, "qtd_saldo")
                except _Bad as bad:
                    quantity = bad
                if typed_cache is not None:
                    typed_cache[raw_qtd] = quantity
            if type(quantity) is _Bad:
                raise quantity
            campos: dict[str, FieldValue] = {}
            get = record.get
            # Texts first, then dates and price: the order of CAMPOS, so campos.values() lines up with it.
            for name in text_names:
                value = get(name, _MISSING)
                if value is _MISSING:
                    continue
                if type(value) is str:
                    text = value.strip()
                    if len(text) <= TEXT_MAX_LEN and "\x00" not in text and (text.isascii() or _utf8(text)):
                        campos[name] = text or None
                        continue
                campos[name] = parse_field(name, value)
            for name in other_names:
                value = get(name, _MISSING)
                if value is _MISSING:
                    continue
                if value is None or type(value) not in _NUMBER_TYPES:
                    campos[name] = parse_field(name, value)
                    continue
                cache = caches[name][type(value)]
                parsed = cache.get(value, _MISSING)
                if parsed is _MISSING:
                    try:
                        parsed = parse_field(name, value)
                    except _Bad as bad:
                        parsed = bad
                    cache[value] = parsed
                if type(parsed) is _Bad:
                    raise parsed
                campos[name] = parsed  # type: ignore[assignment]
        except _Bad as bad:
            problems.append(f"{_label(labels, index)}: {bad}")
            continue
        key = (num_pedido, cod_produto)
        previous = lines.get(key)
        if previous is None:
            first_record[key] = index
            lines[key] = _source_line(num_pedido, cod_produto, quantity, campos)  # type: ignore[arg-type]
            continue
        label = _label(labels, index)
        merged = _merge(previous, quantity, campos, (_label(labels, first_record[key]),), label)  # type: ignore[arg-type]
        if merged is None:
            problems.append(f"{label}: soma de qtd_saldo grande demais para {num_pedido}/{cod_produto}")
            continue
        lines[key] = merged
    if problems:
        raise InvalidSource(origin, problems)
    return SourceData(origin, lines)


def parse_datetime(value: object, name: str) -> datetime:
    """Validate an ISO date-time; a value without a zone is taken as UTC. Returns UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _Bad(f"{name} não é uma data-hora ISO ({_show(value)})") from None
    else:
        raise _Bad(f"{name} não é uma data-hora ISO ({_show(value)})")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise _Bad(f"{name} fora do intervalo de datas ({_show(value)})") from None


def _parse_id(value: object, name: str) -> int | None:
    if value is None:
        return None
    # 32-bit: PostgreSQL's id columns are INTEGER, and SQLite must not be seeded with ids it cannot go on from.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > 2**31 - 1:
        raise _Bad(f"{name} deve ser um inteiro positivo ({_show(value)})")
    return value


def _parse_tipo_envio(value: object) -> TipoEnvio:
    if value is None:
        return TipoEnvio.PARCIAL
    try:
        return TipoEnvio(str(value).strip().lower())
    except ValueError:
        raise _Bad(f"tipo_envio deve ser total ou parcial ({_show(value)})") from None


#: Decision fields of a pré-separação and of a lote in the state file.
PRE_FIELDS = ("data_expedicao", "observacao", "criado_por")
LOTE_FIELDS = (
    "data_expedicao",
    "observacao",
    "criado_por",
    "transportadora",
    "valor_frete",
    "data_embarque",
    "numero_nf",
)


#: Names and codes the database keeps in 100-200 characters.
_SHORT_FIELDS = {"criado_por": 200, "numero_nf": 100}


def _check_name(fields: Mapping[str, FieldValue]) -> None:
    for name, limit in _SHORT_FIELDS.items():
        value = fields.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise _Bad(f"{name} com mais de {limit} caracteres")


class ParsedState:
    """A validated local state document, ready to be stored. Allocations without ``id`` get ``id=0``.

    ``pre_fields[i]`` holds the decision fields of ``pre_separacoes[i]``; ``lotes`` the fields of each lote
    (the first row that gives a field gives it for the lote).
    """

    def __init__(
        self,
        lines: list[CarteiraLine],
        pre_separacoes: list[PreSeparacao],
        separacoes: list[Separacao],
        pre_fields: list[dict[str, FieldValue]] | None = None,
        lotes: dict[str, dict[str, FieldValue]] | None = None,
    ) -> None:
        self.lines = lines
        self.pre_separacoes = pre_separacoes
        self.separacoes = separacoes
        self.pre_fields = pre_fields if pre_fields is not None else [{} for _ in pre_separacoes]
        self.lotes = lotes if lotes is not None else {}


def _section(document: Mapping[str, object], name: str, problems: list[str]) -> list[object]:
    value = document.get(name, [])
    if not isinstance(value, list):
        problems.append(f"{name} deve ser uma lista")
        return []
    return value


def parse_state_document(document: object, origin: str, now: datetime | None = None) -> ParsedState:
    """Validate a local state (the ``seed`` input of docs/comando.md); raises ``InvalidState`` with every problem."""
    if not isinstance(document, Mapping):
        raise InvalidState(origin, ["o documento deve ser um objeto com carteira, pre_separacoes e separacoes"])
    moment = now or datetime.now(UTC)
    problems: list[str] = []
    lines: list[CarteiraLine] = []
    seen: set[Key] = set()
    for index, record in enumerate(_section(document, "carteira", problems)):
        label = f"carteira[{index}]"
        if not isinstance(record, Mapping):
            problems.append(f"{label}: não é um objeto")
            continue
        try:
            num_pedido = parse_key(record.get("num_pedido"), "num_pedido")
            cod_produto = parse_key(record.get("cod_produto"), "cod_produto")
            if "qtd_saldo" not in record:
                raise _Bad("qtd_saldo ausente")
            quantity = parse_quantity(record["qtd_saldo"], "qtd_saldo")
            campos = {name: parse_field(name, record.get(name)) for name in CAMPOS}
        except _Bad as bad:
            problems.append(f"{label}: {bad}")
            continue
        if (num_pedido, cod_produto) in seen:
            problems.append(f"{label}: {num_pedido}/{cod_produto} repetido na carteira")
            continue
        seen.add((num_pedido, cod_produto))
        lines.append(CarteiraLine(num_pedido, cod_produto, quantity, **campos))  # type: ignore[arg-type]

    ids: set[int] = set()
    pre_separacoes: list[PreSeparacao] = []
    pre_fields: list[dict[str, FieldValue]] = []
    for index, record in enumerate(_section(document, "pre_separacoes", problems)):
        label = f"pre_separacoes[{index}]"
        if not isinstance(record, Mapping):
            problems.append(f"{label}: não é um objeto")
            continue
        try:
            ident = _parse_id(record.get("id"), "id")
            if ident is not None and ident in ids:
                raise _Bad(f"id {ident} repetido")
            created = record.get("criado_em")
            pre = PreSeparacao(
                ident or 0,
                parse_key(record.get("num_pedido"), "num_pedido"),
                parse_key(record.get("cod_produto"), "cod_produto"),
                parse_quantity(record.get("qtd"), "qtd"),
                parse_datetime(created, "criado_em") if created is not None else moment,
                _parse_tipo_envio(record.get("tipo_envio")),
            )
            fields = {name: parse_field(name, record.get(name)) for name in PRE_FIELDS}
            _check_name(fields)
        except _Bad as bad:
            problems.append(f"{label}: {bad}")
            continue
        if ident is not None:
            ids.add(ident)
        pre_separacoes.append(pre)
        pre_fields.append(fields)

    ids = set()
    separacoes: list[Separacao] = []
    lotes: dict[str, dict[str, FieldValue]] = {}
    for index, record in enumerate(_section(document, "separacoes", problems)):
        label = f"separacoes[{index}]"
        if not isinstance(record, Mapping):
            problems.append(f"{label}: não é um objeto")
            continue
        try:
            ident = _parse_id(record.get("id"), "id")
            if ident is not None and ident in ids:
                raise _Bad(f"id {ident} repetido")
            raw_status = record.get("status")
            try:
                status = Status(str(raw_status).strip().upper())
            except ValueError:
                raise _Bad(f"status deve ser ABERTO, COTADO, EMBARCADO ou FATURADO ({_show(raw_status)})") from None
            created = record.get("criado_em")
            sep = Separacao(
                ident or 0,
                parse_key(record.get("lote"), "lote"),
                parse_key(record.get("num_pedido"), "num_pedido"),
                parse_key(record.get("cod_produto"), "cod_produto"),
                parse_quantity(record.get("qtd"), "qtd"),
                status,
                parse_datetime(created, "criado_em") if created is not None else moment,
                _parse_tipo_envio(record.get("tipo_envio")),
            )
            fields = {name: parse_field(name, record.get(name)) for name in LOTE_FIELDS}
            _check_name(fields)
        except _Bad as bad:
            problems.append(f"{label}: {bad}")
            continue
        if ident is not None:
            ids.add(ident)
        separacoes.append(sep)
        lote = lotes.setdefault(sep.lote, {"num_pedido": sep.num_pedido, "status": sep.status.value})
        # All rows of a lote share its pedido and status (docs/regras.md): a file where they differ is refused.
        if lote["num_pedido"] != sep.num_pedido:
            problems.append(
                f"{label}: o lote {sep.lote} tem linhas de pedidos diferentes ({lote['num_pedido']}, {sep.num_pedido})"
            )
        if lote["status"] != sep.status.value:
            problems.append(
                f"{label}: o lote {sep.lote} tem linhas com status diferentes ({lote['status']}, {sep.status.value})"
            )
        for name, value in fields.items():
            if lote.get(name) is None and value is not None:
                lote[name] = value
    for name in document:
        if name not in ("carteira", "pre_separacoes", "separacoes", "alertas"):
            problems.append(f"seção desconhecida {name!r}")
    if problems:
        raise InvalidState(origin, problems)
    return ParsedState(lines, pre_separacoes, separacoes, pre_fields, lotes)

"""Entities of the carteira and the values a sync works with.

Plain, immutable, slot-based classes: a snapshot of 100,000 lines must stay cheap to build and to hash.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

QTD_EXP = Decimal("0.001")
PRECO_EXP = Decimal("0.0001")
ZERO = Decimal("0.000")
#: Numeric(15,3): twelve integer digits.
QTD_MAX = Decimal("999999999999.999")
PRECO_MAX = Decimal("99999999999999.9999")

Key = tuple[str, str]


class Status(enum.StrEnum):
    """Status of a separação (picking allocation)."""

    ABERTO = "ABERTO"
    COTADO = "COTADO"
    EMBARCADO = "EMBARCADO"
    FATURADO = "FATURADO"


#: Statuses whose quantity counts against the line's balance.
COUNTED_STATUSES = frozenset({Status.ABERTO, Status.COTADO, Status.EMBARCADO})


class TipoEnvio(enum.StrEnum):
    """Whether a line ships at once (``total``) or may be split (``parcial``)."""

    TOTAL = "total"
    PARCIAL = "parcial"


class TipoMudanca(enum.StrEnum):
    """Kind of change of one carteira key between the local carteira and the source."""

    REDUCAO = "REDUCAO"
    AUMENTO = "AUMENTO"
    NOVO = "NOVO"
    REMOVIDO = "REMOVIDO"
    ALTERADO = "ALTERADO"
    INALTERADO = "INALTERADO"


class Nivel(enum.StrEnum):
    """Severity of an alert."""

    CRITICO = "CRITICO"
    ATENCAO = "ATENCAO"
    INFO = "INFO"


NIVEL_ORDER = {Nivel.CRITICO: 0, Nivel.ATENCAO: 1, Nivel.INFO: 2}


class TipoAlerta(enum.StrEnum):
    """What kind of change raised an alert."""

    REDUCAO = "REDUCAO"
    REMOCAO = "REMOCAO"
    AUMENTO = "AUMENTO"
    NAO_COBERTO = "NAO_COBERTO"


class Alvo(enum.StrEnum):
    """What an impact of a change applies to."""

    SALDO_LIVRE = "SALDO_LIVRE"
    PRE_SEPARACAO = "PRE_SEPARACAO"
    SEPARACAO = "SEPARACAO"


#: Odoo-owned, non-quantity fields of a carteira line, in display order.
CAMPOS: tuple[str, ...] = (
    "nome_produto",
    "cliente",
    "cnpj_cpf",
    "municipio",
    "uf",
    "data_pedido",
    "data_entrega",
    "preco",
)
TEXT_CAMPOS = frozenset({"nome_produto", "cliente", "cnpj_cpf", "municipio", "uf"})
DATE_CAMPOS = frozenset({"data_pedido", "data_entrega"})

FieldValue = str | date | Decimal | None


def qtd(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a quantity: a ``Decimal`` rounded half-up to 3 places."""
    return Decimal(value).quantize(QTD_EXP, rounding=ROUND_HALF_UP)


def is_finite_decimal(value: object) -> bool:
    """Tell whether ``value`` is a finite ``Decimal`` (not NaN nor Infinity)."""
    return isinstance(value, Decimal) and value.is_finite()


def parse_decimal(value: object) -> Decimal | None:
    """Parse a JSON number or numeric string to ``Decimal``; ``None`` when it is not a finite number.

    Floats are converted through their shortest repr so that ``0.1`` becomes ``Decimal('0.1')``.
    Booleans are refused although Python counts them as integers.
    """
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str):
            text = value.strip()
            # Decimal() accepts "1_000" and "nan"; a quantity typed by a person must be a plain number.
            if not text or "_" in text:
                return None
            result = Decimal(text)
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


class CarteiraLine(NamedTuple):
    """One open sale-order line of the local carteira, keyed by (num_pedido, cod_produto).

    A NamedTuple rather than a frozen dataclass: 100,000 of them are built on every load, and a tuple is
    built in C about four times faster.
    """

    num_pedido: str
    cod_produto: str
    qtd_saldo: Decimal
    nome_produto: str | None = None
    cliente: str | None = None
    cnpj_cpf: str | None = None
    municipio: str | None = None
    uf: str | None = None
    data_pedido: date | None = None
    data_entrega: date | None = None
    preco: Decimal | None = None

    @property
    def key(self) -> Key:
        """The line's key."""
        return (self.num_pedido, self.cod_produto)

    def campo(self, name: str) -> FieldValue:
        """Return the value of an Odoo-owned field by name."""
        value: FieldValue = getattr(self, name)
        return value


class PreSeparacao(NamedTuple):
    """A planned, not yet picked allocation of part of a line."""

    id: int
    num_pedido: str
    cod_produto: str
    qtd: Decimal
    criado_em: datetime
    tipo_envio: TipoEnvio = TipoEnvio.PARCIAL

    @property
    def key(self) -> Key:
        """The key of the line it allocates."""
        return (self.num_pedido, self.cod_produto)


class Separacao(NamedTuple):
    """A picking allocation, part of a lote (picking batch)."""

    id: int
    lote: str
    num_pedido: str
    cod_produto: str
    qtd: Decimal
    status: Status
    criado_em: datetime
    tipo_envio: TipoEnvio = TipoEnvio.PARCIAL

    @property
    def key(self) -> Key:
        """The key of the line it allocates."""
        return (self.num_pedido, self.cod_produto)


@dataclass(slots=True)
class Allocations:
    """The allocations of one key: pré-separações and separações (all statuses)."""

    pre_separacoes: list[PreSeparacao] = field(default_factory=list)
    separacoes: list[Separacao] = field(default_factory=list)

    def allocated(self) -> Decimal:
        """Σ pré-separações + Σ separações ABERTO, COTADO and EMBARCADO (FATURADO is history)."""
        total = sum((p.qtd for p in self.pre_separacoes), ZERO)
        return total + sum((s.qtd for s in self.separacoes if s.status in COUNTED_STATUSES), ZERO)


@dataclass(slots=True)
class Snapshot:
    """The "memória": the local carteira and its allocations, read once, keyed by line."""

    lines: dict[Key, CarteiraLine] = field(default_factory=dict)
    allocations: dict[Key, Allocations] = field(default_factory=dict)
    #: A digest of ``lines`` computed by whoever read them (the database adapter hashes its raw rows);
    #: ``None`` lets the fingerprint compute one from the lines themselves.
    lines_digest: str | None = None
    #: How many lines the carteira holds when ``lines`` was read for a subset of keys only.
    line_count: int | None = None

    @property
    def total_lines(self) -> int:
        """Lines in the carteira (``lines`` may hold only the ones a plan touches)."""
        return self.line_count if self.line_count is not None else len(self.lines)

    def allocations_of(self, key: Key) -> Allocations:
        """The allocations of ``key`` (an empty value when it has none)."""
        found = self.allocations.get(key)
        return found if found is not None else Allocations()

    def saldo_livre(self, key: Key) -> Decimal:
        """Free balance of a line: qtd_saldo − allocated (negative in a corrupted database)."""
        line = self.lines.get(key)
        base = line.qtd_saldo if line is not None else ZERO
        return base - self.allocations_of(key).allocated()

    @classmethod
    def build(
        cls,
        lines: list[CarteiraLine],
        pre_separacoes: list[PreSeparacao],
        separacoes: list[Separacao],
    ) -> Snapshot:
        """Group lines and allocations by key."""
        snap = cls({(line[0], line[1]): line for line in lines}, {})
        allocs = snap.allocations
        for p in pre_separacoes:
            key = (p[1], p[2])  # (num_pedido, cod_produto) by index: the hot loop of every load
            a = allocs.get(key)
            if a is None:
                a = allocs[key] = Allocations([], [])
            a.pre_separacoes.append(p)
        for s in separacoes:
            key = (s[2], s[3])
            a = allocs.get(key)
            if a is None:
                a = allocs[key] = Allocations([], [])
            a.separacoes.append(s)
        return snap


class SourceLine(NamedTuple):
    """One validated line as Odoo (or a source file) says it is now.

    A field the source left out is "not given": it is neither compared nor changed; a given ``None`` empties
    it. When the source gave every field, ``linha`` is the carteira line the source describes (so that an
    unchanged line is recognised by one tuple comparison, ``carteira_line == source_line.linha``) and
    ``dados`` is ``None``; otherwise ``dados`` holds the given fields and ``linha`` is ``None``. Read the
    fields through ``campos``.
    """

    num_pedido: str
    cod_produto: str
    qtd_saldo: Decimal
    dados: dict[str, FieldValue] | None
    linhas: int = 1
    linha: CarteiraLine | None = None
    #: The records summed into this line (``sale.order.line 42``, ``linha 7``) when there were several.
    origens: tuple[str, ...] = ()

    @property
    def key(self) -> Key:
        """The line's key."""
        return (self.num_pedido, self.cod_produto)

    @property
    def valores(self) -> tuple[FieldValue, ...] | None:
        """Every field in ``CAMPOS`` order when the source gave them all, else ``None``."""
        return None if self.linha is None else self.linha[3:]

    @property
    def campos(self) -> dict[str, FieldValue]:
        """The fields the source gave, by name, in ``CAMPOS`` order (a new dict on every call)."""
        if self.dados is not None:
            return dict(self.dados)
        if self.linha is None:
            return {}
        return dict(zip(CAMPOS, self.linha[3:], strict=True))


@dataclass(slots=True)
class SourceData:
    """A whole, validated source: lines by key (duplicates already summed) and where they came from."""

    origin: str
    lines: dict[Key, SourceLine]
    #: Records the fetch left out on purpose (goods without an internal reference, when a setting says so),
    #: named for the planner (``sale.order.line 42 (VCD1, produto sem código: Parafuso)``).
    deixadas: tuple[str, ...] = ()

    @property
    def duplicates(self) -> list[SourceLine]:
        """Lines that summed more than one source record."""
        return [line for line in self.lines.values() if line.linhas > 1]

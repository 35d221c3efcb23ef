"""The planners' decisions: pré-separações, lotes de separação and their status — pure rules.

Every function here either returns what to write or raises ``DecisionRefused`` with the sentence for the
planner (what was refused, that nothing was written, what to do). The use cases in ``services.decisions``
read the state inside the write lock, call these rules and write their answer; the rules never read or write.

The invariant they keep (docs/regras.md, "Decisões dos planejadores"): after any accepted decision,
Σ allocated ≤ qtd_saldo on every line it touches. Only a sync can leave a line over-allocated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.model import (
    ZERO,
    Allocations,
    CarteiraLine,
    Key,
    PreSeparacao,
    Separacao,
    Status,
    TipoEnvio,
    parse_decimal,
    qtd,
)
from carteira_gui.domain.quantities import fmt_qtd

#: The moves a lote's status may make (all its rows move together). FATURADO is final.
ALLOWED_MOVES: Mapping[Status, frozenset[Status]] = {
    Status.ABERTO: frozenset({Status.COTADO, Status.EMBARCADO}),
    Status.COTADO: frozenset({Status.ABERTO, Status.EMBARCADO}),
    Status.EMBARCADO: frozenset({Status.FATURADO}),
    Status.FATURADO: frozenset(),
}
_NOTHING = "Nada foi gravado"


class DecisionRefused(CarteiraError):
    """A planner's decision breaks a rule; nothing was written. ``str()`` says why and what to do."""


def _label(key: Key) -> str:
    return f"{key[0]}/{key[1]}"


def saldo_livre(line: CarteiraLine | None, allocs: Allocations) -> Decimal:
    """qtd_saldo − allocated (negative when a sync left the line over-allocated)."""
    return (line.qtd_saldo if line is not None else ZERO) - allocs.allocated()


def decision_qtd(value: object, what: str) -> Decimal:
    """A quantity typed by a planner: a positive number, rounded to 3 places; refused in one sentence otherwise."""
    number = parse_decimal(value)
    if number is None:
        raise DecisionRefused(f"{what}: quantidade inválida ({value!r}). {_NOTHING}; informe um número maior que 0.")
    rounded = qtd(number)
    if rounded <= 0:
        raise DecisionRefused(f"{what}: a quantidade deve ser maior que 0. {_NOTHING}.")
    return rounded


def default_tipo_envio(line: CarteiraLine, quantity: Decimal, chosen: TipoEnvio | None) -> TipoEnvio:
    """``total`` when the allocation takes the line's whole qtd_saldo, else ``parcial`` — unless the planner chose."""
    if chosen is not None:
        return chosen
    return TipoEnvio.TOTAL if quantity == line.qtd_saldo else TipoEnvio.PARCIAL


def require_line(key: Key, line: CarteiraLine | None) -> CarteiraLine:
    """The carteira line of ``key``, or a refusal naming it."""
    if line is None:
        raise DecisionRefused(f"A linha {_label(key)} não está na carteira. {_NOTHING}; confira o pedido e o produto.")
    return line


def check_fits(
    key: Key, line: CarteiraLine | None, allocs: Allocations, quantity: Decimal, own: Decimal = ZERO
) -> None:
    """Refuse ``quantity`` when it exceeds the line's saldo livre (plus ``own``: what the edited allocation holds)."""
    available = saldo_livre(line, allocs) + own
    if quantity > available:
        raise DecisionRefused(
            f"{_label(key)}: {fmt_qtd(quantity)} é mais que o saldo livre da linha ({fmt_qtd(max(available, ZERO))}"
            f"{'' if own == 0 else ', contando os ' + fmt_qtd(own) + ' que esta alocação já tem'}). {_NOTHING}; "
            "outra decisão ou uma sincronização pode ter mudado a linha — veja o saldo de novo."
        )


def require_date(value: date | None, what: str) -> date:
    """A required date (the planned shipping date)."""
    if value is None:
        raise DecisionRefused(f"{what}: informe a data de expedição. {_NOTHING}.")
    return value


# -- pré-separações -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewPre:
    """A pré-separação to insert (the store gives its id)."""

    num_pedido: str
    cod_produto: str
    qtd: Decimal
    data_expedicao: date
    tipo_envio: TipoEnvio
    observacao: str | None
    criado_por: str
    criado_em: datetime


def new_pre(
    key: Key,
    line: CarteiraLine | None,
    allocs: Allocations,
    quantity: Decimal,
    data_expedicao: date | None,
    *,
    tipo_envio: TipoEnvio | None,
    observacao: str | None,
    by: str,
    now: datetime,
) -> NewPre:
    """A new pré-separação of ``key``: qtd > 0 and ≤ saldo livre; a shipping date; tipo by default from the qtd."""
    found = require_line(key, line)
    day = require_date(data_expedicao, f"Pré-separação de {_label(key)}")
    check_fits(key, found, allocs, quantity)
    return NewPre(key[0], key[1], quantity, day, default_tipo_envio(found, quantity, tipo_envio), observacao, by, now)


def edited_pre_qtd(
    key: Key, line: CarteiraLine | None, allocs: Allocations, pre: PreSeparacao, quantity: Decimal
) -> Decimal:
    """A pré-separação's new quantity: up to saldo livre + what it already holds."""
    check_fits(key, line, allocs, quantity, own=pre.qtd)
    return quantity


# -- lotes ---------------------------------------------------------------------------------------------


def lote_code(day: date, sequence: int) -> str:
    """``LOTE-YYYYMMDD-NNNN``: the creation date and the sequence of that day (from 1)."""
    return f"LOTE-{day:%Y%m%d}-{sequence:04d}"


def lote_day_prefix(day: date) -> str:
    """The prefix every lote made on ``day`` shares."""
    return f"LOTE-{day:%Y%m%d}-"


def next_lote_sequence(codes_of_the_day: Sequence[str], day: date) -> int:
    """The next sequence number of ``day``, after the highest already used (codes of other shapes ignored)."""
    prefix = lote_day_prefix(day)
    used = [int(c[len(prefix) :]) for c in codes_of_the_day if c.startswith(prefix) and c[len(prefix) :].isdigit()]
    return max(used, default=0) + 1


@dataclass(frozen=True, slots=True)
class NewSepRow:
    """A row of a lote to insert."""

    cod_produto: str
    qtd: Decimal
    tipo_envio: TipoEnvio


def lote_rows_from_lines(
    num_pedido: str,
    wanted: Mapping[str, Decimal] | None,
    lines: Mapping[Key, CarteiraLine],
    allocations: Mapping[Key, Allocations],
) -> list[NewSepRow]:
    """The rows of a new ABERTO lote of ONE pedido: each ≤ its line's saldo livre.

    ``wanted`` maps cod_produto → qtd; ``None`` takes every line of the pedido with its whole saldo livre
    (lines without saldo livre are left out). A lote without rows is refused.
    """
    rows: list[NewSepRow] = []
    if wanted is None:
        for key in sorted(k for k in lines if k[0] == num_pedido):
            livre = saldo_livre(lines[key], allocations.get(key, Allocations()))
            if livre > 0:
                rows.append(NewSepRow(key[1], livre, default_tipo_envio(lines[key], livre, None)))
        if not rows:
            raise DecisionRefused(
                f"O pedido {num_pedido} não tem saldo livre em nenhuma linha. {_NOTHING}; "
                "confira o pedido na aba Carteira."
            )
        return rows
    if not wanted:
        raise DecisionRefused(f"Informe ao menos um produto do pedido {num_pedido} para o lote. {_NOTHING}.")
    for produto, quantity in wanted.items():
        key = (num_pedido, produto)
        line = require_line(key, lines.get(key))
        check_fits(key, line, allocations.get(key, Allocations()), quantity)
        rows.append(NewSepRow(produto, quantity, default_tipo_envio(line, quantity, None)))
    return rows


def lote_rows_from_pres(pres: Sequence[PreSeparacao]) -> tuple[str, list[NewSepRow]]:
    """The pedido and rows of a lote made from pré-separações: same qtd and tipo_envio; one row per product.

    Pré-separações of one pedido only. Two of the same product become one row with their sum (``parcial``
    unless both were ``total``): a lote has one row per product.
    """
    if not pres:
        raise DecisionRefused(f"Escolha ao menos uma pré-separação. {_NOTHING}.")
    pedidos = sorted({p.num_pedido for p in pres})
    if len(pedidos) > 1:
        raise DecisionRefused(
            f"Um lote é de um só pedido, e as pré-separações escolhidas são de {len(pedidos)} "
            f"({', '.join(pedidos)}). {_NOTHING}; escolha pré-separações de um pedido só."
        )
    by_product: dict[str, NewSepRow] = {}
    for p in sorted(pres, key=lambda p: p.id):
        row = by_product.get(p.cod_produto)
        if row is None:
            by_product[p.cod_produto] = NewSepRow(p.cod_produto, p.qtd, p.tipo_envio)
        else:
            tipo = TipoEnvio.TOTAL if row.tipo_envio is p.tipo_envio is TipoEnvio.TOTAL else TipoEnvio.PARCIAL
            by_product[p.cod_produto] = NewSepRow(p.cod_produto, row.qtd + p.qtd, tipo)
    return pedidos[0], list(by_product.values())


@dataclass(slots=True)
class LoteEdit:
    """What an edit of an ABERTO lote writes: rows updated, added and removed."""

    updates: list[tuple[int, Decimal]] = field(default_factory=list)
    inserts: list[NewSepRow] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)


def require_status(lote: str, status: Status, allowed: frozenset[Status], doing: str) -> None:
    """Refuse ``doing`` on a lote whose status is not in ``allowed``."""
    if status in allowed:
        return
    if status is Status.COTADO:
        hint = "volte-o para ABERTO antes (a cotação do frete depende das quantidades)"
    else:
        hint = f"um lote {status.value} não muda mais"
    raise DecisionRefused(f"O lote {lote} está {status.value}: não é possível {doing}. {_NOTHING}; {hint}.")


def lote_edit(
    lote: str,
    num_pedido: str,
    status: Status,
    rows: Sequence[Separacao],
    wanted: Mapping[str, Decimal],
    lines: Mapping[Key, CarteiraLine],
    allocations: Mapping[Key, Allocations],
) -> LoteEdit:
    """Set rows of an ABERTO lote: 0 removes a row, a new product adds one, each ≤ saldo livre + its own qtd.

    Removing every row is refused (delete the lote instead).
    """
    require_status(lote, status, frozenset({Status.ABERTO}), "alterar suas quantidades")
    if not wanted:
        raise DecisionRefused(f"Informe ao menos um PRODUTO=QTD para o lote {lote}. {_NOTHING}.")
    current = {r.cod_produto: r for r in rows}
    edit = LoteEdit()
    for produto, quantity in wanted.items():
        key = (num_pedido, produto)
        row = current.get(produto)
        if quantity < 0:
            raise DecisionRefused(f"{_label(key)}: a quantidade não pode ser negativa. {_NOTHING}.")
        if quantity == 0:
            if row is None:
                raise DecisionRefused(f"O lote {lote} não tem o produto {produto}. {_NOTHING}.")
            edit.deletes.append(row.id)
            continue
        line = require_line(key, lines.get(key))
        check_fits(key, line, allocations.get(key, Allocations()), quantity, own=row.qtd if row else ZERO)
        if row is None:
            edit.inserts.append(NewSepRow(produto, quantity, default_tipo_envio(line, quantity, None)))
        elif row.qtd != quantity:
            edit.updates.append((row.id, quantity))
    if len(edit.deletes) == len(current) and not edit.inserts:
        raise DecisionRefused(
            f"Essa alteração tiraria todas as linhas do lote {lote}. {_NOTHING}; para desfazer o lote, exclua-o."
        )
    return edit


@dataclass(frozen=True, slots=True)
class StatusMove:
    """A lote's new status and the fields that move records (unchanged fields are ``None``)."""

    status: Status
    transportadora: str | None = None
    valor_frete: Decimal | None = None
    data_embarque: date | None = None
    numero_nf: str | None = None


def status_move(
    lote: str,
    current: Status,
    target: Status,
    *,
    transportadora: str | None = None,
    valor_frete: Decimal | None = None,
    data_embarque: date | None = None,
    numero_nf: str | None = None,
    today: date,
) -> StatusMove:
    """Check a move of a lote's status and say what it records.

    ABERTO → COTADO (transportadora, valor do frete: optional); COTADO → ABERTO (the quote is cancelled:
    transportadora and frete are kept as history of the quote); ABERTO/COTADO → EMBARCADO (data_embarque,
    today by default); EMBARCADO → FATURADO (numero_nf, required). Any other move is refused.
    """
    if target not in ALLOWED_MOVES[current]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_MOVES[current])) or "nenhum (FATURADO é final)"
        raise DecisionRefused(
            f"O lote {lote} está {current.value} e não pode passar para {target.value}. {_NOTHING}; "
            f"de {current.value} ele só pode ir para: {allowed}."
        )
    given = {
        Status.COTADO: [
            n for n, v in (("transportadora", transportadora), ("valor do frete", valor_frete)) if v is not None
        ],
        Status.EMBARCADO: ["data de embarque"] if data_embarque is not None else [],
        Status.FATURADO: ["número da NF"] if numero_nf else [],
    }
    stray = [name for status, names in given.items() if status is not target for name in names]
    if stray:
        raise DecisionRefused(
            f"O lote {lote} vai para {target.value}, e essa mudança não registra {', '.join(stray)}. {_NOTHING}; "
            "informe só o que a mudança de status registra."
        )
    if valor_frete is not None and valor_frete < 0:
        raise DecisionRefused(f"O valor do frete do lote {lote} não pode ser negativo. {_NOTHING}.")
    if target is Status.COTADO:
        return StatusMove(target, transportadora=transportadora, valor_frete=valor_frete)
    if target is Status.EMBARCADO:
        return StatusMove(target, data_embarque=data_embarque or today)
    if target is Status.FATURADO:
        if not numero_nf or not numero_nf.strip():
            raise DecisionRefused(f"Informe o número da NF para faturar o lote {lote}. {_NOTHING}.")
        return StatusMove(target, numero_nf=numero_nf.strip())
    return StatusMove(target)


# -- the audit trail -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One decision as recorded: who, when, what, on which line and allocation, before → after."""

    acao: str
    por: str
    em: datetime
    num_pedido: str
    cod_produto: str | None
    alvo: str
    antes: Mapping[str, Any] | None
    depois: Mapping[str, Any] | None
    resumo: str


def pre_facts(
    quantity: Decimal, data_expedicao: date | None, tipo: TipoEnvio, observacao: str | None
) -> dict[str, Any]:
    """What the audit keeps of a pré-separação."""
    return {
        "qtd": str(quantity),
        "data_expedicao": data_expedicao.isoformat() if data_expedicao else None,
        "tipo_envio": tipo.value,
        "observacao": observacao,
    }

"""The one renderer of a change's impact as a line of text: ``−20 livre; −10 pré-sep #12; −5 LOTE-7 COTADO``.

The command line and the reports use the pt-BR words; the window passes its translated words and its
number format. Works for a planned change and for a stored one (anything with the same attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from carteira_gui.domain.model import Alvo, TipoMudanca
from carteira_gui.domain.quantities import fmt_qtd

MINUS = "\u2212"


class ImpactLike(Protocol):
    """What the renderer reads of an impact (``plan.Impacto`` or a stored one)."""

    @property
    def alvo(self) -> str:
        """SALDO_LIVRE, PRE_SEPARACAO or SEPARACAO."""
        ...

    @property
    def id(self) -> int | None:
        """The allocation's id."""
        ...

    @property
    def lote(self) -> str | None:
        """The separação's lote."""
        ...

    @property
    def status(self) -> Any:
        """The separação's status."""
        ...

    @property
    def qtd_antes(self) -> Decimal:
        """Quantity before."""
        ...

    @property
    def qtd_depois(self) -> Decimal:
        """Quantity after."""
        ...


class ChangeLike(Protocol):
    """What the renderer reads of a change (``plan.Change`` or a stored one)."""

    @property
    def tipo(self) -> str:
        """The kind of change."""
        ...

    @property
    def impactos(self) -> Iterable[ImpactLike]:
        """Its impacts."""
        ...

    @property
    def nao_coberto(self) -> Decimal:
        """The uncovered quantity."""
        ...

    @property
    def campos(self) -> Mapping[str, Any]:
        """The changed fields."""
        ...


@dataclass(frozen=True, slots=True)
class ImpactWords:
    """The words of an impact line (``{0}``: a signed quantity; ``{1}``: an id; the fields' names)."""

    livre: str = "{0} livre"
    pre: str = "{0} pré-sep #{1}"
    pre_excluida: str = "{0} pré-sep #{1} (excluída)"
    nao_coberto: str = "{0} não coberto"
    campos: str = "campos: {0}"
    nenhum: str = "sem impacto"


PT_BR = ImpactWords()


def render_impact(
    change: ChangeLike,
    *,
    fmt: Callable[[Decimal], str] = fmt_qtd,
    words: ImpactWords = PT_BR,
    field_name: Callable[[str], str] = str,
    with_campos: bool = True,
) -> str:
    """The one-line impact of ``change``, most certain first; ``words.nenhum`` when it has none.

    An emptied pré-separação is always deleted (the reduction rule), so a stored impact that reached 0 reads
    "(excluída)" as the planned one did. The fields of a new line are its data, not changes: not listed.
    """
    parts: list[str] = []
    for imp in change.impactos:
        delta = imp.qtd_depois - imp.qtd_antes
        if delta == 0:
            continue
        amount = ("+" if delta > 0 else MINUS) + fmt(abs(delta))
        alvo = str(imp.alvo)
        if alvo == Alvo.SALDO_LIVRE:
            parts.append(words.livre.format(amount))
        elif alvo == Alvo.PRE_SEPARACAO:
            deleted = imp.qtd_depois == 0 and imp.qtd_antes > 0
            parts.append((words.pre_excluida if deleted else words.pre).format(amount, imp.id))
        else:
            status = str(imp.status) if imp.status else ""
            parts.append(f"{amount} {imp.lote or f'#{imp.id}'} {status}".rstrip())
    if change.nao_coberto > 0:
        parts.append(words.nao_coberto.format(fmt(change.nao_coberto)))
    if change.campos and with_campos and str(change.tipo) != TipoMudanca.NOVO:
        parts.append(words.campos.format(", ".join(field_name(name) for name in change.campos)))
    return "; ".join(parts) or words.nenhum

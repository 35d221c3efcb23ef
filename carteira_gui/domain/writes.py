"""What applying a plan writes: the one computation of "after" that the store carries out.

The planner predicts every quantity; ``plan_writes`` turns a plan and the state it is applied to into the
exact rows to update, insert and delete. The database writer executes these lists and nothing else, so
what the review screen promised is what lands (and the tests compare the database with the plan itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from carteira_gui.domain.model import CAMPOS, ZERO, Alvo, CarteiraLine, FieldValue, Key, Snapshot, TipoMudanca
from carteira_gui.domain.plan import Plan


@dataclass(slots=True)
class PlanWrites:
    """Every row an apply writes, in plan order."""

    #: Lines whose quantity or Odoo-owned fields change (the whole line after the change).
    line_updates: list[CarteiraLine] = field(default_factory=list)
    #: NOVO lines.
    line_inserts: list[CarteiraLine] = field(default_factory=list)
    #: REMOVIDO lines (after their allocations were reduced).
    line_deletes: list[Key] = field(default_factory=list)
    #: (pré-separação id, new qtd) for the ones a change reduces or grows but keeps.
    pre_updates: list[tuple[int, Decimal]] = field(default_factory=list)
    #: Pré-separações a reduction empties (deleted, DOMAIN rule).
    pre_deletes: list[int] = field(default_factory=list)
    #: (separação id, new qtd); an emptied separação stays at 0 (its paper list exists).
    sep_updates: list[tuple[int, Decimal]] = field(default_factory=list)
    #: The client recorded with each change of the plan (the source's, else the line's), in plan order.
    clientes: list[str | None] = field(default_factory=list)
    linhas_antes: int = 0

    @property
    def linhas_depois(self) -> int:
        """Lines in the carteira after the apply."""
        return self.linhas_antes + len(self.line_inserts) - len(self.line_deletes)


def line_after(
    before: CarteiraLine | None, key: Key, qtd_depois: Decimal, campos: dict[str, tuple[FieldValue, FieldValue]]
) -> CarteiraLine:
    """The carteira line after a change: ``before`` (or an empty line) with the new quantity and fields."""
    base = before if before is not None else CarteiraLine(key[0], key[1], ZERO)
    values = {name: getattr(base, name) for name in CAMPOS}
    values.update({name: after for name, (_before, after) in campos.items()})
    return CarteiraLine(key[0], key[1], qtd_depois, **values)


def plan_writes(plan: Plan, current: Snapshot) -> PlanWrites:
    """The rows that applying ``plan`` to ``current`` (the state just re-read under the lock) writes."""
    writes = PlanWrites(linhas_antes=current.total_lines)
    for change in plan.changes:
        key = change.key
        before = current.lines.get(key)
        writes.clientes.append(change.cliente if change.cliente is not None or before is None else before.cliente)
        if change.tipo is TipoMudanca.REMOVIDO:
            writes.line_deletes.append(key)
        else:
            line = line_after(before, key, change.qtd_depois, change.campos)
            (writes.line_inserts if change.tipo is TipoMudanca.NOVO else writes.line_updates).append(line)
        for imp in change.impactos:
            if imp.qtd_antes == imp.qtd_depois or imp.id is None:
                continue
            if imp.alvo is Alvo.PRE_SEPARACAO:
                if imp.excluida:
                    writes.pre_deletes.append(imp.id)
                else:
                    writes.pre_updates.append((imp.id, imp.qtd_depois))
            elif imp.alvo is Alvo.SEPARACAO:
                writes.sep_updates.append((imp.id, imp.qtd_depois))
    return writes

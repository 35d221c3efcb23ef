"""The diff and the planner: every rule of docs/regras.md, as pure functions over a Snapshot and a SourceData."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from itertools import compress, filterfalse, repeat
from operator import and_, attrgetter, is_, ne
from typing import Any

from carteira_gui.domain.fingerprint import state_fingerprint
from carteira_gui.domain.model import (
    ZERO,
    Allocations,
    Alvo,
    CarteiraLine,
    FieldValue,
    Key,
    Nivel,
    PreSeparacao,
    Separacao,
    Snapshot,
    SourceData,
    Status,
    TipoAlerta,
    TipoEnvio,
    TipoMudanca,
)
from carteira_gui.domain.plan import AlertaPlano, Change, Impacto, Plan
from carteira_gui.domain.quantities import fmt_qtd

DEFAULT_MASS_REMOVAL_PCT = 20.0
DEFAULT_MASS_REMOVAL_MIN = 10


def owns(num_pedido: str, prefixes: Sequence[str]) -> bool:
    """Whether a line belongs to Odoo: every line by default, else only the configured prefixes."""
    return not prefixes or num_pedido.startswith(tuple(prefixes))


def _campos_diff(line: CarteiraLine, given: dict[str, FieldValue]) -> dict[str, tuple[FieldValue, FieldValue]]:
    diff: dict[str, tuple[FieldValue, FieldValue]] = {}
    for name, value in given.items():
        before = getattr(line, name)
        if before != value:
            diff[name] = (before, value)
    return diff


def _listing(allocs: Allocations) -> tuple[list[PreSeparacao], list[Separacao]]:
    """Counted allocations of a line, newest first within each kind."""
    pres = sorted(allocs.pre_separacoes, key=lambda a: (a.criado_em, a.id), reverse=True)
    seps = sorted(
        (s for s in allocs.separacoes if s.status is not Status.FATURADO),
        key=lambda a: (a.criado_em, a.id),
        reverse=True,
    )
    return pres, seps


def plan_reduction(
    change: Change,
    allocs: Allocations,
    livre_antes: Decimal,
) -> None:
    """Fill ``change`` (REDUCAO, or REMOVIDO as a reduction to zero) with impacts and alerts.

    Δ is consumed from the positive saldo livre, then pré-separações, separações ABERTO and separações
    COTADO, newest first in each tier; what is left is não coberto (EMBARCADO exceeds the new balance).
    """
    remaining = change.qtd_antes - change.qtd_depois
    key_label = f"{change.num_pedido}/{change.cod_produto}"
    tipo_alerta = TipoAlerta.REMOCAO if change.tipo is TipoMudanca.REMOVIDO else TipoAlerta.REDUCAO
    why = "removida do Odoo" if change.tipo is TipoMudanca.REMOVIDO else "reduzida no Odoo"
    take = min(remaining, max(livre_antes, ZERO))
    remaining -= take
    impactos = [Impacto(Alvo.SALDO_LIVRE, livre_antes, livre_antes - take)]
    alertas: list[AlertaPlano] = []
    pres, seps = _listing(allocs)
    for p in pres:
        take = min(remaining, p.qtd) if remaining > 0 else ZERO
        remaining -= take
        after = p.qtd - take
        impactos.append(Impacto(Alvo.PRE_SEPARACAO, p.qtd, after, p.id))
        if take > 0:
            what = "excluída" if after == 0 else f"reduzida de {fmt_qtd(p.qtd)} para {fmt_qtd(after)}"
            alertas.append(
                AlertaPlano(
                    Nivel.INFO,
                    tipo_alerta,
                    change.num_pedido,
                    change.cod_produto,
                    f"Pré-separação #{p.id} de {key_label} {what} (linha {why}: "
                    f"{fmt_qtd(change.qtd_antes)} → {fmt_qtd(change.qtd_depois)}).",
                    p.qtd,
                    after,
                    pre_separacao_id=p.id,
                )
            )
    for status, nivel, consequence in (
        (Status.ABERTO, Nivel.ATENCAO, "a lista de separação impressa não vale mais"),
        (Status.COTADO, Nivel.CRITICO, "o frete cotado precisa ser revisto"),
    ):
        for s in seps:
            if s.status is not status:
                continue
            take = min(remaining, s.qtd) if remaining > 0 else ZERO
            remaining -= take
            after = s.qtd - take
            impactos.append(Impacto(Alvo.SEPARACAO, s.qtd, after, s.id, s.lote, s.status))
            if take > 0:
                alertas.append(
                    AlertaPlano(
                        nivel,
                        tipo_alerta,
                        change.num_pedido,
                        change.cod_produto,
                        f"Separação {status.value} #{s.id} ({s.lote}) de {key_label} {why}: "
                        f"{fmt_qtd(s.qtd)} → {fmt_qtd(after)}; {consequence}.",
                        s.qtd,
                        after,
                        separacao_id=s.id,
                        lote=s.lote,
                    )
                )
    for s in seps:
        if s.status is Status.EMBARCADO:
            impactos.append(Impacto(Alvo.SEPARACAO, s.qtd, s.qtd, s.id, s.lote, s.status))
    change.nao_coberto = remaining
    if remaining > 0:
        embarcado = sum((s.qtd for s in seps if s.status is Status.EMBARCADO), ZERO)
        alertas.append(
            AlertaPlano(
                Nivel.CRITICO,
                TipoAlerta.NAO_COBERTO,
                change.num_pedido,
                change.cod_produto,
                (
                    f"{key_label} removida do Odoo com {fmt_qtd(embarcado)} já embarcado: "
                    if change.tipo is TipoMudanca.REMOVIDO
                    else f"{key_label} reduzida no Odoo para {fmt_qtd(change.qtd_depois)}, abaixo do que já foi "
                    f"embarcado ({fmt_qtd(embarcado)}): "
                )
                + f"{fmt_qtd(remaining)} sem cobertura.",
                change.qtd_antes,
                change.qtd_depois,
            )
        )
    change.impactos = impactos
    change.alertas = alertas


def plan_increase(change: Change, allocs: Allocations, livre_antes: Decimal) -> None:
    """Fill an AUMENTO (or NOVO) change: a single ``total`` allocation grows, else Δ goes to the saldo livre.

    Nothing quoted grows: a COTADO separação keeps its quantity and raises ATENCAO.
    """
    delta = change.qtd_depois - change.qtd_antes
    key_label = f"{change.num_pedido}/{change.cod_produto}"
    pres, seps = _listing(allocs)
    grows: PreSeparacao | Separacao | None = None
    if change.tipo is TipoMudanca.AUMENTO and len(pres) + len(seps) == 1:
        only: PreSeparacao | Separacao = pres[0] if pres else seps[0]
        if only.tipo_envio is TipoEnvio.TOTAL and (isinstance(only, PreSeparacao) or only.status is Status.ABERTO):
            grows = only
    impactos = [Impacto(Alvo.SALDO_LIVRE, livre_antes, livre_antes + (ZERO if grows else delta))]
    alertas: list[AlertaPlano] = []
    for p in pres:
        after = p.qtd + delta if p is grows else p.qtd
        impactos.append(Impacto(Alvo.PRE_SEPARACAO, p.qtd, after, p.id))
        if p is grows:
            alertas.append(
                AlertaPlano(
                    Nivel.INFO,
                    TipoAlerta.AUMENTO,
                    change.num_pedido,
                    change.cod_produto,
                    f"Pré-separação #{p.id} de {key_label} (envio total) cresceu com o pedido: "
                    f"{fmt_qtd(p.qtd)} → {fmt_qtd(after)}.",
                    p.qtd,
                    after,
                    pre_separacao_id=p.id,
                )
            )
    for s in seps:
        after = s.qtd + delta if s is grows else s.qtd
        impactos.append(Impacto(Alvo.SEPARACAO, s.qtd, after, s.id, s.lote, s.status))
        if s is grows:
            alertas.append(
                AlertaPlano(
                    Nivel.INFO,
                    TipoAlerta.AUMENTO,
                    change.num_pedido,
                    change.cod_produto,
                    f"Separação ABERTO #{s.id} ({s.lote}) de {key_label} (envio total) cresceu com o pedido: "
                    f"{fmt_qtd(s.qtd)} → {fmt_qtd(after)}.",
                    s.qtd,
                    after,
                    separacao_id=s.id,
                    lote=s.lote,
                )
            )
        elif s.status is Status.COTADO and change.tipo is TipoMudanca.AUMENTO:
            alertas.append(
                AlertaPlano(
                    Nivel.ATENCAO,
                    TipoAlerta.AUMENTO,
                    change.num_pedido,
                    change.cod_produto,
                    f"O pedido {key_label} cresceu de {fmt_qtd(change.qtd_antes)} para "
                    f"{fmt_qtd(change.qtd_depois)} enquanto a separação #{s.id} ({s.lote}) está cotada: "
                    f"nada cotado cresce sozinho, o aumento ficou livre.",
                    change.qtd_antes,
                    change.qtd_depois,
                    separacao_id=s.id,
                    lote=s.lote,
                )
            )
    change.impactos = impactos
    change.alertas = alertas


def _unchanged_impacts(allocs: Allocations, livre: Decimal) -> list[Impacto]:
    pres, seps = _listing(allocs)
    out = [Impacto(Alvo.SALDO_LIVRE, livre, livre)]
    out.extend(Impacto(Alvo.PRE_SEPARACAO, p.qtd, p.qtd, p.id) for p in pres)
    out.extend(Impacto(Alvo.SEPARACAO, s.qtd, s.qtd, s.id, s.lote, s.status) for s in seps)
    return out


_EMPTY = Allocations()
#: What ``lines.get`` answers for a key the carteira does not have: never equal to a described line (a
#: source line that gives only some fields describes none, ``None``).
_NOT_IN_CARTEIRA: Any = object()
_LINHA = attrgetter("linha")


def _removed(lines: dict[Key, CarteiraLine], found: list[CarteiraLine], source_lines: dict[Key, Any]) -> list[Key]:
    """The keys of ``lines`` that the source no longer has; ``found`` are the lines it has, in source order.

    Odoo sends lines in id order and the carteira took its new lines in that same order, so usually walking
    both in step finds the removed ones with one identity check per line. When the orders disagree, each
    carteira key is looked up in the source instead (a hash probe per line: five times slower at 1,000,000
    lines, where the probes miss the CPU caches).
    """
    if len(found) == len(lines):
        return []
    removed: list[Key] = []
    pending = iter(found)
    expected = next(pending, None)
    for key, line in lines.items():
        if line is expected:
            expected = next(pending, None)
        else:
            removed.append(key)
    if expected is None:
        return removed  # every found line met in order: the others are exactly the removed ones
    return list(filterfalse(source_lines.__contains__, lines))


def plan_sync(
    snapshot: Snapshot,
    source: SourceData,
    *,
    owned_prefixes: Sequence[str] = (),
    mass_removal_pct: float = DEFAULT_MASS_REMOVAL_PCT,
    mass_removal_min: int = DEFAULT_MASS_REMOVAL_MIN,
    now: datetime | None = None,
    with_fingerprint: bool = True,
) -> Plan:
    """Compare the carteira with the source and plan the impact of every change (docs/regras.md steps 3–4).

    Lines outside ``owned_prefixes`` (when given) are neither compared nor removed; source lines outside
    them are ignored and counted. ``with_fingerprint=False`` skips the fingerprint (benchmarks only).
    """
    changes: list[Change] = []
    lines = snapshot.lines
    allocations = snapshot.allocations
    prefixes = tuple(owned_prefixes)
    source_lines = source.lines
    keys = list(source_lines)
    described = list(map(_LINHA, source_lines.values()))
    # The hot path, in C: ~95 % of a day's lines are unchanged, and a source line that gives every field
    # describes a whole carteira line, so one tuple comparison settles it. Only the lines that differ (or
    # are new, or give only some fields) reach the Python loop below.
    current: list[Any] = list(map(lines.get, keys, repeat(_NOT_IN_CARTEIRA)))
    differs: Iterable[bool] = map(ne, current, described)
    ignorados = 0
    if prefixes:
        owned_flags = [key[0].startswith(prefixes) for key in keys]
        ignorados = owned_flags.count(False)
        differs = map(and_, differs, owned_flags)
    candidates = list(compress(range(len(keys)), differs))
    inalterados = len(keys) - ignorados - len(candidates)
    for index in candidates:
        key = keys[index]
        src = source_lines[key]
        line = current[index]
        if line is _NOT_IN_CARTEIRA:
            allocs = allocations.get(key, _EMPTY)
            given = src.campos
            change = Change(
                TipoMudanca.NOVO,
                key[0],
                key[1],
                ZERO,
                src.qtd_saldo,
                campos={name: (None, value) for name, value in given.items() if value is not None},
                linhas_somadas=src.linhas,
                cliente=_str(given.get("cliente")),
            )
            plan_increase(change, allocs, -allocs.allocated())
            changes.append(change)
            continue
        q0 = line.qtd_saldo
        q1 = src.qtd_saldo
        given = src.campos
        campos = _campos_diff(line, given)
        if q0 == q1 and not campos:
            inalterados += 1
            continue
        allocs = allocations.get(key, _EMPTY)
        livre = q0 - allocs.allocated()
        cliente = _str(given["cliente"]) if "cliente" in given else line.cliente
        if q1 < q0:
            change = Change(TipoMudanca.REDUCAO, key[0], key[1], q0, q1, campos=campos, cliente=cliente)
            plan_reduction(change, allocs, livre)
        elif q1 > q0:
            change = Change(TipoMudanca.AUMENTO, key[0], key[1], q0, q1, campos=campos, cliente=cliente)
            plan_increase(change, allocs, livre)
        else:
            change = Change(TipoMudanca.ALTERADO, key[0], key[1], q0, q1, campos=campos, cliente=cliente)
            change.impactos = _unchanged_impacts(allocs, livre)
        change.linhas_somadas = src.linhas
        changes.append(change)
    # Removed lines, taken in key order (the database's row order is no order).
    found = list(filterfalse(partial(is_, _NOT_IN_CARTEIRA), current))
    for key in sorted(_removed(lines, found, source_lines)):
        if prefixes and not key[0].startswith(prefixes):
            continue
        line = lines[key]
        allocs = allocations.get(key, _EMPTY)
        change = Change(TipoMudanca.REMOVIDO, key[0], key[1], line.qtd_saldo, ZERO, cliente=line.cliente)
        plan_reduction(change, allocs, line.qtd_saldo - allocs.allocated())
        changes.append(change)
    plan = Plan(
        fingerprint="",
        changes=changes,
        inalterados=inalterados,
        origem=source.origin,
        linhas_carteira=len(lines),
        limite_remocao_pct=mass_removal_pct,
        gerado_em=now or datetime.now(UTC),
        ignorados=ignorados,
        linhas_odoo=sum(1 for k in lines if k[0].startswith(prefixes)) if prefixes else len(lines),
        limite_remocao_min=mass_removal_min,
        linhas_fonte=len(keys) - ignorados,
        deixadas=source.deixadas,
    )
    if with_fingerprint:
        plan.fingerprint = state_fingerprint(snapshot, plan.dependency_keys)
    return plan


def _str(value: FieldValue) -> str | None:
    return value if isinstance(value, str) else None

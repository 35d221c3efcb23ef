"""A fingerprint of the state a plan depends on, and the explanation of why a plan went stale.

A plan depends on every carteira line (keys, quantities and Odoo-owned fields: they decide what is
REMOVIDO, INALTERADO or ALTERADO) and on the allocations of the keys whose quantity it changes. Lines are
hashed one by one and summed modulo 2**128, so the hash does not depend on the order rows are read in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from carteira_gui.domain.model import CAMPOS, Allocations, Alvo, CarteiraLine, Key, Snapshot, TipoMudanca
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.quantities import fmt_qtd

_MOD = 1 << 128


def _line_text(line: CarteiraLine) -> str:
    return "\x1f".join(
        (
            line.num_pedido,
            line.cod_produto,
            str(line.qtd_saldo),
            *("" if (v := getattr(line, name)) is None else str(v) for name in CAMPOS),
        )
    )


def lines_digest(lines: Iterable[CarteiraLine]) -> tuple[int, int]:
    """(count, order-independent 128-bit digest) of carteira lines."""
    total = 0
    count = 0
    blake = hashlib.blake2b
    for line in lines:
        total += int.from_bytes(blake(_line_text(line).encode(), digest_size=16).digest(), "big")
        count += 1
    return count, total % _MOD


def _allocations_text(key: Key, allocs: Allocations) -> str:
    parts = [f"{key[0]}\x1f{key[1]}"]
    for p in sorted(allocs.pre_separacoes, key=lambda a: a.id):
        parts.append(f"P{p.id}:{p.qtd}:{p.tipo_envio.value}:{p.criado_em.isoformat()}")
    for s in sorted(allocs.separacoes, key=lambda a: a.id):
        parts.append(f"S{s.id}:{s.qtd}:{s.status.value}:{s.tipo_envio.value}:{s.lote}:{s.criado_em.isoformat()}")
    return "\x1e".join(parts)


def state_fingerprint(snapshot: Snapshot, dependency_keys: Iterable[Key]) -> str:
    """Fingerprint of every line of ``snapshot`` and of the allocations of ``dependency_keys``."""
    if snapshot.lines_digest is not None:
        lines_part = snapshot.lines_digest
    else:
        count, digest = lines_digest(snapshot.lines.values())
        lines_part = f"{count}-{digest:032x}"
    hasher = hashlib.blake2b(digest_size=16)
    empty = Allocations()
    for key in sorted(set(dependency_keys)):
        hasher.update(_allocations_text(key, snapshot.allocations.get(key, empty)).encode())
        hasher.update(b"\x1d")
    return f"v1-{lines_part}-{hasher.hexdigest()}"


def _fmt(value: str | Decimal) -> str:
    return fmt_qtd(Decimal(value))


def explain_staleness(plan: Plan, current: Snapshot) -> list[str]:
    """Name the lines and allocations the plan depends on that differ in ``current``.

    Returns human sentences in pt-BR; empty when nothing the plan lists differs (the fingerprint then
    tells that some other line of the carteira changed).
    """
    out: list[str] = []
    for change in plan.changes:
        key = change.key
        label = f"{key[0]}/{key[1]}"
        line = current.lines.get(key)
        if change.tipo is TipoMudanca.NOVO:
            if line is not None:
                out.append(f"{label} já entrou na carteira com {_fmt(line.qtd_saldo)}")
                continue
        elif line is None:
            out.append(f"{label} não está mais na carteira")
            continue
        elif line.qtd_saldo != change.qtd_antes:
            out.append(f"{label}: qtd_saldo era {_fmt(change.qtd_antes)} e agora é {_fmt(line.qtd_saldo)}")
        if line is not None and change.tipo is not TipoMudanca.NOVO:
            for name, (before, _after) in change.campos.items():
                if getattr(line, name) != before:
                    out.append(f"{label}: o campo {name} mudou")
        if change.tipo not in (
            TipoMudanca.REDUCAO,
            TipoMudanca.AUMENTO,
            TipoMudanca.REMOVIDO,
            TipoMudanca.NOVO,
        ):
            continue
        planned: dict[tuple[str, int], tuple[str, str | None]] = {}
        for imp in change.impactos:
            if imp.alvo is Alvo.SALDO_LIVRE or imp.id is None:
                continue
            planned[(imp.alvo.value, imp.id)] = (str(imp.qtd_antes), imp.status.value if imp.status else None)
        allocs = current.allocations.get(key, Allocations())
        now: dict[tuple[str, int], tuple[str, str | None]] = {}
        names: dict[tuple[str, int], str] = {}
        for p in allocs.pre_separacoes:
            now[(Alvo.PRE_SEPARACAO.value, p.id)] = (str(p.qtd), None)
            names[(Alvo.PRE_SEPARACAO.value, p.id)] = f"pré-separação #{p.id}"
        for s in allocs.separacoes:
            now[(Alvo.SEPARACAO.value, s.id)] = (str(s.qtd), s.status.value)
            names[(Alvo.SEPARACAO.value, s.id)] = f"separação #{s.id} ({s.lote})"
        for ident, (q_before, st_before) in planned.items():
            name = "pré-separação" if ident[0] == Alvo.PRE_SEPARACAO.value else "separação"
            if ident not in now:
                out.append(f"{label}: a {name} #{ident[1]} não existe mais")
                continue
            q_now, st_now = now[ident]
            if q_now != q_before:
                out.append(f"{label}: a {names[ident]} tinha {_fmt(q_before)} e agora tem {_fmt(q_now)}")
            if st_now != st_before:
                out.append(f"{label}: a {names[ident]} passou de {st_before} para {st_now}")
        for ident in sorted(now.keys() - planned.keys()):
            if now[ident][1] == "FATURADO":
                continue  # invoiced history is not listed in a plan and never counts
            out.append(f"{label}: nova {names[ident]} com {_fmt(now[ident][0])}")
    return out

"""Use cases of the planners' decisions: pré-separações, lotes and their status, and a line's detail.

Each decision is ONE transaction holding the write lock (``uow.writing()``): it re-reads the lines it touches
inside the lock, asks the domain's rules (``domain.decisions``) what to write, writes it and records an audit
entry. Two planners acting on the same line therefore queue; the second one is checked against what the
first one left, and is refused in one sentence naming the line when it no longer fits. A plan that depends
on a line a decision changed becomes stale (the plan's fingerprint covers the allocations of its lines).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from carteira_gui.domain import decisions as rules
from carteira_gui.domain.decisions import AuditEntry, DecisionRefused, NewSepRow, StatusMove
from carteira_gui.domain.model import Allocations, CarteiraLine, Key, Snapshot, Status, TipoEnvio
from carteira_gui.domain.quantities import fmt_qtd
from carteira_gui.services.ports import UnitOfWork, WriteSession
from carteira_gui.services.views import HistoryEntry, LoteView, PreView

_NOTHING = "Nada foi gravado"
#: A planner's name as the database keeps it (``criado_por``, ``por``: 200 characters).
NAME_MAX_LEN = 200


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    # The planner's calendar day (a lote made at 22:00 in Brazil belongs to that day, not to UTC's next one).
    return datetime.now().astimezone().date()


def _who(by: str) -> str:
    name = by.strip()
    if not name:
        raise DecisionRefused(f"Informe quem decide (o nome do planejador). {_NOTHING}.")
    if len(name) > NAME_MAX_LEN:
        raise DecisionRefused(f"O nome de quem decide passa de {NAME_MAX_LEN} caracteres. {_NOTHING}.")
    return name


def _lines(tx: WriteSession, keys: Collection[Key]) -> Snapshot:
    return tx.load_snapshot(list(keys))


def _pre_facts(pre: PreView) -> dict[str, object]:
    return {
        "qtd": str(pre.qtd),
        "data_expedicao": pre.data_expedicao.isoformat() if pre.data_expedicao else None,
        "tipo_envio": pre.tipo_envio,
        "observacao": pre.observacao,
    }


def _lote_facts(lote: LoteView) -> dict[str, object]:
    return {
        "status": lote.status,
        "data_expedicao": lote.data_expedicao.isoformat() if lote.data_expedicao else None,
        "itens": {i.cod_produto: str(i.qtd) for i in lote.itens},
        "transportadora": lote.transportadora,
        "valor_frete": None if lote.valor_frete is None else str(lote.valor_frete),
        "data_embarque": lote.data_embarque.isoformat() if lote.data_embarque else None,
        "numero_nf": lote.numero_nf,
    }


def _one_pre(tx: WriteSession, pre_id: int) -> PreView:
    found = tx.pre_separacoes(ids=[pre_id])
    if not found:
        raise DecisionRefused(
            f"A pré-separação #{pre_id} não existe (foi excluída ou virou lote). {_NOTHING}; atualize a tela."
        )
    return found[0]


def _one_lote(tx: WriteSession, lote: str) -> LoteView:
    found = tx.lotes(codes=[lote])
    if not found:
        raise DecisionRefused(f"O lote {lote} não existe. {_NOTHING}; confira o código na aba Lotes.")
    return found[0]


# -- pré-separações -----------------------------------------------------------------------------------


def make_pre(
    uow: UnitOfWork,
    num_pedido: str,
    cod_produto: str,
    qtd: object,
    data_expedicao: date | None,
    *,
    by: str,
    tipo_envio: TipoEnvio | None = None,
    observacao: str | None = None,
) -> PreView:
    """Make a pré-separação of a line: qtd > 0 and ≤ its saldo livre, a shipping date; audited."""
    who = _who(by)
    key = (num_pedido.strip(), cod_produto.strip())
    quantity = rules.decision_qtd(qtd, f"Pré-separação de {key[0]}/{key[1]}")
    now = _now()
    with uow.writing() as tx:
        snap = _lines(tx, [key])
        new = rules.new_pre(
            key,
            snap.lines.get(key),
            snap.allocations_of(key),
            quantity,
            data_expedicao,
            tipo_envio=tipo_envio,
            observacao=_text(observacao),
            by=who,
            now=now,
        )
        pre_id = tx.insert_pre(new)
        [made] = tx.pre_separacoes(ids=[pre_id])
        tx.add_audit(
            [
                AuditEntry(
                    "PRE_CRIADA",
                    who,
                    now,
                    key[0],
                    key[1],
                    f"pre:{pre_id}",
                    None,
                    _pre_facts(made),
                    f"pré-separação #{pre_id} de {fmt_qtd(quantity)} para {new.data_expedicao:%d/%m/%Y}",
                )
            ]
        )
    return made


def edit_pre(
    uow: UnitOfWork,
    pre_id: int,
    *,
    by: str,
    qtd: object | None = None,
    data_expedicao: date | None = None,
    observacao: str | None = None,
) -> PreView:
    """Change a pré-separação's quantity (up to saldo livre + its own), date or note; audited."""
    who = _who(by)
    now = _now()
    with uow.writing() as tx:
        before = _one_pre(tx, pre_id)
        key = (before.num_pedido, before.cod_produto)
        quantity = before.qtd
        if qtd is not None:
            quantity = rules.decision_qtd(qtd, f"Pré-separação #{pre_id}")
            snap = _lines(tx, [key])
            [own] = [p for p in snap.allocations_of(key).pre_separacoes if p.id == pre_id]
            rules.edited_pre_qtd(key, snap.lines.get(key), snap.allocations_of(key), own, quantity)
        day = data_expedicao if data_expedicao is not None else before.data_expedicao
        note = _text(observacao) if observacao is not None else before.observacao
        tx.update_pre(pre_id, quantity, day, note)
        [after] = tx.pre_separacoes(ids=[pre_id])
        tx.add_audit(
            [
                AuditEntry(
                    "PRE_ALTERADA",
                    who,
                    now,
                    key[0],
                    key[1],
                    f"pre:{pre_id}",
                    _pre_facts(before),
                    _pre_facts(after),
                    f"pré-separação #{pre_id}: {fmt_qtd(before.qtd)} → {fmt_qtd(after.qtd)}",
                )
            ]
        )
    return after


def delete_pre(uow: UnitOfWork, pre_id: int, *, by: str) -> PreView:
    """Delete a pré-separação (its quantity goes back to the saldo livre); audited. Returns what was deleted."""
    who = _who(by)
    now = _now()
    with uow.writing() as tx:
        before = _one_pre(tx, pre_id)
        tx.delete_pres([pre_id])
        tx.add_audit(
            [
                AuditEntry(
                    "PRE_EXCLUIDA",
                    who,
                    now,
                    before.num_pedido,
                    before.cod_produto,
                    f"pre:{pre_id}",
                    _pre_facts(before),
                    None,
                    f"pré-separação #{pre_id} de {fmt_qtd(before.qtd)} excluída",
                )
            ]
        )
    return before


# -- lotes ---------------------------------------------------------------------------------------------


def _new_code(tx: WriteSession, day: date) -> str:
    # Unique with several planners at once: every writer holds the write lock, and lote.codigo is a key.
    return rules.lote_code(day, rules.next_lote_sequence(tx.lote_codes(rules.lote_day_prefix(day)), day))


def _insert_lote(
    tx: WriteSession,
    num_pedido: str,
    rows: Sequence[NewSepRow],
    *,
    data_expedicao: date | None,
    observacao: str | None,
    who: str,
    now: datetime,
    acao: str,
    resumo: str,
) -> LoteView:
    code = _new_code(tx, _today())
    tx.insert_lote(code, num_pedido, rows, data_expedicao=data_expedicao, observacao=observacao, by=who, now=now)
    made = _one_lote(tx, code)
    tx.add_audit(
        [
            AuditEntry(acao, who, now, num_pedido, r.cod_produto, code, None, _lote_facts(made), f"{code}: {resumo}")
            for r in rows
        ]
    )
    return made


def make_lote(
    uow: UnitOfWork,
    num_pedido: str,
    rows: Mapping[str, object] | None,
    data_expedicao: date | None,
    *,
    by: str,
    observacao: str | None = None,
) -> LoteView:
    """Make an ABERTO lote of ONE pedido from its lines; each row ≤ its line's saldo livre; audited.

    ``rows`` maps cod_produto → qtd; ``None`` takes every line's whole saldo livre.
    """
    who = _who(by)
    pedido = num_pedido.strip()
    wanted = None if rows is None else {p.strip(): rules.decision_qtd(q, f"{pedido}/{p}") for p, q in rows.items()}
    day = rules.require_date(data_expedicao, f"Lote do pedido {pedido}")
    now = _now()
    with uow.writing() as tx:
        if wanted is None:
            snap = tx.load_snapshot(None)
            lines = {k: v for k, v in snap.lines.items() if k[0] == pedido}
        else:
            snap = _lines(tx, [(pedido, p) for p in wanted])
            lines = snap.lines
        new_rows = rules.lote_rows_from_lines(pedido, wanted, lines, snap.allocations)
        total = sum((r.qtd for r in new_rows), Decimal(0))
        return _insert_lote(
            tx,
            pedido,
            new_rows,
            data_expedicao=day,
            observacao=_text(observacao),
            who=who,
            now=now,
            acao="LOTE_CRIADO",
            resumo=f"lote de {len(new_rows)} linha(s), {fmt_qtd(total)} no total",
        )


def lote_from_pres(uow: UnitOfWork, pre_ids: Sequence[int], *, by: str, data_expedicao: date | None = None) -> LoteView:
    """Turn pré-separações of one pedido into a new ABERTO lote (same qtd and tipo_envio); they are deleted.

    The lote's shipping date is ``data_expedicao``, else the earliest of the pré-separações'.
    """
    who = _who(by)
    now = _now()
    with uow.writing() as tx:
        found = {p.id: p for p in tx.pre_separacoes(ids=list(set(pre_ids)))}
        missing = sorted(set(pre_ids) - set(found))
        if missing:
            raise DecisionRefused(
                f"Pré-separação(ões) inexistente(s): {', '.join(f'#{i}' for i in missing)}. "
                f"{_NOTHING}; atualize a tela."
            )
        keys = {(p.num_pedido, p.cod_produto) for p in found.values()}
        snap = _lines(tx, keys)
        domain_pres = [p for k in keys for p in snap.allocations_of(k).pre_separacoes if p.id in found]
        pedido, rows = rules.lote_rows_from_pres(domain_pres)
        days = [p.data_expedicao for p in found.values() if p.data_expedicao is not None]
        day = data_expedicao or (min(days) if days else None)
        tx.delete_pres(sorted(found))
        ids = ", ".join(f"#{i}" for i in sorted(found))
        return _insert_lote(
            tx,
            pedido,
            rows,
            data_expedicao=day,
            observacao=None,
            who=who,
            now=now,
            acao="LOTE_CRIADO",
            resumo=f"lote feito das pré-separações {ids}",
        )


def edit_lote(uow: UnitOfWork, lote: str, rows: Mapping[str, object], *, by: str) -> LoteView:
    """Set rows of an ABERTO lote (0 removes a row, a new product of its pedido adds one); audited."""
    who = _who(by)
    now = _now()
    with uow.writing() as tx:
        before = _one_lote(tx, lote)
        wanted: dict[str, Decimal] = {}
        for produto, value in rows.items():
            number = rules.decision_qtd(value, f"{before.num_pedido}/{produto}") if value not in (0, "0") else None
            wanted[produto.strip()] = number if number is not None else Decimal(0)
        keys = [(before.num_pedido, p) for p in {*wanted, *(i.cod_produto for i in before.itens)}]
        snap = _lines(tx, keys)
        seps = [s for k in keys for s in snap.allocations_of(k).separacoes if s.lote == lote]
        edit = rules.lote_edit(
            lote, before.num_pedido, Status(before.status), seps, wanted, snap.lines, snap.allocations
        )
        tx.edit_lote(lote, before.num_pedido, edit, now)
        after = _one_lote(tx, lote)
        tx.add_audit(
            [
                AuditEntry(
                    "LOTE_ALTERADO",
                    who,
                    now,
                    before.num_pedido,
                    produto,
                    lote,
                    _lote_facts(before),
                    _lote_facts(after),
                    f"{lote}: {produto} {fmt_qtd(_row_qtd(before, produto))} → {fmt_qtd(_row_qtd(after, produto))}",
                )
                for produto in wanted
            ]
        )
    return after


def _row_qtd(lote: LoteView, produto: str) -> Decimal:
    return sum((i.qtd for i in lote.itens if i.cod_produto == produto), Decimal(0))


def move_lote(
    uow: UnitOfWork,
    lote: str,
    status: Status | str,
    *,
    by: str,
    note: str | None = None,
    transportadora: str | None = None,
    valor_frete: Decimal | None = None,
    data_embarque: date | None = None,
    numero_nf: str | None = None,
) -> LoteView:
    """Move a lote (all its rows) to another status, recording what the move records; audited."""
    who = _who(by)
    target = _status(status)
    now = _now()
    with uow.writing() as tx:
        before = _one_lote(tx, lote)
        move: StatusMove = rules.status_move(
            lote,
            Status(before.status),
            target,
            transportadora=_text(transportadora),
            valor_frete=valor_frete,
            data_embarque=data_embarque,
            numero_nf=numero_nf,
            today=_today(),
        )
        tx.move_lote(lote, move, now)
        after = _one_lote(tx, lote)
        resumo = f"{lote}: {before.status} → {after.status}" + (f" ({note.strip()})" if note and note.strip() else "")
        tx.add_audit(
            [
                AuditEntry(
                    "LOTE_STATUS",
                    who,
                    now,
                    before.num_pedido,
                    None,
                    lote,
                    _lote_facts(before),
                    _lote_facts(after),
                    resumo,
                )
            ]
        )
    return after


def delete_lote(uow: UnitOfWork, lote: str, *, by: str) -> LoteView:
    """Delete an ABERTO lote (its quantities go back to the saldo livre); audited. Returns what was deleted."""
    who = _who(by)
    now = _now()
    with uow.writing() as tx:
        before = _one_lote(tx, lote)
        rules.require_status(lote, Status(before.status), frozenset({Status.ABERTO}), "excluí-lo")
        tx.delete_lote(lote)
        tx.add_audit(
            [
                AuditEntry(
                    "LOTE_EXCLUIDO",
                    who,
                    now,
                    before.num_pedido,
                    i.cod_produto,
                    lote,
                    _lote_facts(before),
                    None,
                    f"{lote} excluído",
                )
                for i in before.itens
            ]
        )
    return before


def _status(value: Status | str, *, reading: bool = False) -> Status:
    try:
        return Status(str(value).strip().upper())
    except ValueError:
        consequence = "" if reading else f" {_NOTHING};"
        raise DecisionRefused(
            f"Status desconhecido: {value!r}.{consequence} use ABERTO, COTADO, EMBARCADO ou FATURADO."
        ) from None


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if "\x00" in text:
        raise DecisionRefused(f"O texto contém o caractere nulo. {_NOTHING}.")
    return text or None


# -- reads ---------------------------------------------------------------------------------------------


def list_lotes(uow: UnitOfWork, *, status: Status | str | None = None, pedido: str | None = None) -> list[LoteView]:
    """Lotes with their rows, newest first, filtered by status and pedido."""
    wanted = None if status is None else _status(status, reading=True).value
    with uow.reading() as session:
        return session.lotes(status=wanted, pedido=pedido.strip() if pedido else None)


def list_pres(uow: UnitOfWork) -> list[PreView]:
    """Every pré-separação with its decision fields."""
    with uow.reading() as session:
        return session.pre_separacoes()


@dataclass(frozen=True, slots=True)
class LineDetail:
    """What the side panel shows of a line: its numbers, its allocations and its recent history."""

    key: Key
    line: CarteiraLine | None
    saldo_livre: Decimal
    pres: list[PreView]
    lotes: list[LoteView]
    historico: list[HistoryEntry]


def line_detail(uow: UnitOfWork, key: Key, *, history: int = 30) -> LineDetail:
    """A line's allocations (pré-separações; lotes with status and dates) and its history, newest first."""
    with uow.reading() as session:
        snap = session.load_snapshot([key])
        pres = session.pre_separacoes(key=key)
        lotes = session.lotes(key=key)
        historico = session.history_of(key, history)
    allocs = snap.allocations.get(key, Allocations())
    livre = rules.saldo_livre(snap.lines.get(key), allocs)
    return LineDetail(key, snap.lines.get(key), livre, pres, lotes, historico)

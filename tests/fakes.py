"""A unit of work in memory (cosmicpython's ``FakeUnitOfWork``): the use cases without a database.

``FakeUnitOfWork.writing()`` works on a copy and keeps it only when the block ends without an error, as a
database transaction would; ``commits`` counts the transactions that kept their writes.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from carteira_gui.domain.alerts import AlertWrites, OpenAlert
from carteira_gui.domain.decisions import AuditEntry, LoteEdit, NewPre, NewSepRow, StatusMove
from carteira_gui.domain.model import CarteiraLine, Key, Nivel, PreSeparacao, Separacao, Snapshot, Status
from carteira_gui.domain.parsing import ParsedState
from carteira_gui.domain.plan import Plan
from carteira_gui.domain.safe import HeldChange
from carteira_gui.domain.writes import PlanWrites
from carteira_gui.services.sync import apply_plan
from carteira_gui.services.views import AlertView, ChangeView, HistoryEntry, LoteItemView, LoteView, PreView, RunView


@dataclass
class _Data:
    lines: dict[Key, CarteiraLine] = field(default_factory=dict)
    pres: dict[int, PreSeparacao] = field(default_factory=dict)
    seps: dict[int, Separacao] = field(default_factory=dict)
    alerts: dict[int, AlertView] = field(default_factory=dict)
    runs: list[RunView] = field(default_factory=list)
    next_id: int = 1000
    #: Decision fields of pré-separações (data_expedicao, observacao, criado_por) by id.
    pre_fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: Lotes by code: num_pedido, status, criado_em and the fields of the lote.
    lotes: dict[str, dict[str, Any]] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    #: What each automatic run held, by run id.
    held: dict[int, list[HeldChange]] = field(default_factory=dict)


class FakeSession:
    """Reads and writes the in-memory data (one transaction's copy inside ``writing()``)."""

    def __init__(self, data: _Data) -> None:
        self.data = data

    def load_snapshot(self, only: Collection[Key] | None = None) -> Snapshot:
        # The whole state whatever ``only`` says: an optimisation of the real store, not a rule.
        return Snapshot.build(
            list(self.data.lines.values()), list(self.data.pres.values()), list(self.data.seps.values())
        )

    def alerts(self, *, include_acknowledged: bool = False) -> list[AlertView]:
        return [
            a
            for a in sorted(self.data.alerts.values(), key=lambda a: a.id)
            if include_acknowledged or a.reconhecido_em is None
        ]

    def runs(self) -> list[RunView]:
        return list(reversed(self.data.runs))

    def run(self, run_id: int | None) -> RunView | None:
        found = [r for r in self.data.runs if run_id is None or r.id == run_id]
        return found[-1] if found else None

    def run_changes(self, run_id: int) -> list[ChangeView]:
        return []

    def write_plan(
        self,
        writes: PlanWrites,
        plan: Plan,
        usuario: str,
        started: datetime,
        *,
        held: Sequence[HeldChange] = (),
        automatico: bool = False,
    ) -> int:
        d = self.data
        for line in writes.line_updates + writes.line_inserts:
            d.lines[line.key] = line
        for key in writes.line_deletes:
            del d.lines[key]
        for ident, qtd in writes.pre_updates:
            d.pres[ident] = d.pres[ident]._replace(qtd=qtd)
        for ident in writes.pre_deletes:
            del d.pres[ident]
        for ident, qtd in writes.sep_updates:
            d.seps[ident] = d.seps[ident]._replace(qtd=qtd)
        run_id = len(d.runs) + 1
        counts = {k: v for k, v in plan.summary.items() if k != "alertas"}
        d.runs.append(
            RunView(
                run_id,
                started,
                started,
                usuario,
                plan.origem,
                counts,
                dict(plan.summary["alertas"]),
                writes.linhas_antes,
                writes.linhas_depois,
                plan.delta_total,
                0.0,
                automatico,
                len(held),
            )
        )
        d.held[run_id] = list(held)
        return run_id

    def open_alerts(self, keys: Collection[Key]) -> list[OpenAlert]:
        wanted = set(keys)
        return [
            OpenAlert(
                a.id,
                a.separacao_id,
                a.pre_separacao_id,
                a.num_pedido,
                a.cod_produto,
                a.tipo,
                Nivel(a.nivel),
                a.qtd_anterior,
            )
            for a in self.alerts()
            if (a.num_pedido, a.cod_produto) in wanted
        ]

    def write_alerts(self, writes: AlertWrites, sync_id: int, when: datetime) -> None:
        d = self.data
        for al in writes.inserts:
            d.next_id += 1
            d.alerts[d.next_id] = AlertView(
                d.next_id,
                al.nivel.value,
                al.tipo.value,
                al.num_pedido,
                al.cod_produto,
                al.separacao_id,
                al.pre_separacao_id,
                al.lote,
                al.qtd_anterior,
                al.qtd_nova,
                al.mensagem,
                sync_id,
                when,
                when,
                None,
                None,
                None,
            )
        for u in writes.updates:
            d.alerts[u.id] = replace(
                d.alerts[u.id],
                nivel=u.nivel.value,
                tipo=u.tipo.value,
                qtd_nova=u.qtd_nova,
                mensagem=u.mensagem,
                lote=u.lote,
                sync_id=sync_id,
                atualizado_em=when,
            )

    def acknowledge(self, ids: Collection[int], by: str, note: str | None, when: datetime) -> None:
        for ident in ids:
            self.data.alerts[ident] = replace(
                self.data.alerts[ident], reconhecido_por=by, reconhecido_em=when, nota=note
            )

    # -- decisions ---------------------------------------------------------------------------------

    def pre_separacoes(self, ids: Collection[int] | None = None, key: Key | None = None) -> list[PreView]:
        d = self.data
        out = []
        for p in sorted(d.pres.values(), key=lambda p: p.id):
            if (ids is not None and p.id not in ids) or (key is not None and p.key != key):
                continue
            f = d.pre_fields.get(p.id, {})
            out.append(
                PreView(
                    p.id,
                    p.num_pedido,
                    p.cod_produto,
                    p.qtd,
                    p.tipo_envio.value,
                    p.criado_em,
                    f.get("data_expedicao"),
                    f.get("observacao"),
                    f.get("criado_por"),
                )
            )
        return out

    def lotes(
        self,
        *,
        status: str | None = None,
        pedido: str | None = None,
        codes: Collection[str] | None = None,
        key: Key | None = None,
    ) -> list[LoteView]:
        d = self.data
        out = []
        for code, info in d.lotes.items():
            rows = sorted((s for s in d.seps.values() if s.lote == code), key=lambda s: s.id)
            if status is not None and info["status"] != status:
                continue
            if (pedido is not None and info["num_pedido"] != pedido) or (codes is not None and code not in codes):
                continue
            if key is not None and not any(s.key == key for s in rows):
                continue
            out.append(
                LoteView(
                    code,
                    info["num_pedido"],
                    info["status"],
                    info.get("data_expedicao"),
                    info.get("criado_por"),
                    info["criado_em"],
                    info.get("transportadora"),
                    info.get("valor_frete"),
                    info.get("data_embarque"),
                    info.get("numero_nf"),
                    info.get("observacao"),
                    tuple(LoteItemView(s.id, s.cod_produto, s.qtd, s.tipo_envio.value) for s in rows),
                )
            )
        return sorted(out, key=lambda lote: (lote.criado_em, lote.lote), reverse=True)

    def history_of(self, key: Key, limit: int) -> list[HistoryEntry]:
        entries = [
            HistoryEntry(a.em, "decisao", a.por, a.acao, a.resumo)
            for a in self.data.audit
            if a.num_pedido == key[0] and (a.cod_produto in (None, key[1]))
        ]
        return sorted(entries, key=lambda e: e.em, reverse=True)[:limit]

    def insert_pre(self, pre: NewPre) -> int:
        ident = self._next()
        self.data.pres[ident] = PreSeparacao(
            ident, pre.num_pedido, pre.cod_produto, pre.qtd, pre.criado_em, pre.tipo_envio
        )
        self.data.pre_fields[ident] = {
            "data_expedicao": pre.data_expedicao,
            "observacao": pre.observacao,
            "criado_por": pre.criado_por,
        }
        return ident

    def update_pre(self, pre_id: int, qtd: Decimal, data_expedicao: date | None, observacao: str | None) -> None:
        self.data.pres[pre_id] = self.data.pres[pre_id]._replace(qtd=qtd)
        self.data.pre_fields.setdefault(pre_id, {}).update(data_expedicao=data_expedicao, observacao=observacao)

    def delete_pres(self, ids: Collection[int]) -> None:
        for ident in ids:
            del self.data.pres[ident]

    def lote_codes(self, prefix: str) -> list[str]:
        # As the real store: the lotes there are and the ones the audit trail names.
        return sorted({c for c in (*self.data.lotes, *(a.alvo for a in self.data.audit)) if c.startswith(prefix)})

    def insert_lote(
        self,
        lote: str,
        num_pedido: str,
        rows: Sequence[NewSepRow],
        *,
        data_expedicao: date | None,
        observacao: str | None,
        by: str,
        now: datetime,
    ) -> None:
        assert lote not in self.data.lotes, lote  # the real store's primary key
        self.data.lotes[lote] = {
            "num_pedido": num_pedido,
            "status": "ABERTO",
            "criado_em": now,
            "data_expedicao": data_expedicao,
            "observacao": observacao,
            "criado_por": by,
        }
        for r in rows:
            ident = self._next()
            self.data.seps[ident] = Separacao(
                ident, lote, num_pedido, r.cod_produto, r.qtd, Status.ABERTO, now, r.tipo_envio
            )

    def edit_lote(self, lote: str, num_pedido: str, edit: LoteEdit, now: datetime) -> None:
        for ident, qtd in edit.updates:
            self.data.seps[ident] = self.data.seps[ident]._replace(qtd=qtd)
        for ident in edit.deletes:
            del self.data.seps[ident]
        for r in edit.inserts:
            ident = self._next()
            self.data.seps[ident] = Separacao(
                ident, lote, num_pedido, r.cod_produto, r.qtd, Status.ABERTO, now, r.tipo_envio
            )

    def move_lote(self, lote: str, move: StatusMove, now: datetime) -> None:
        info = self.data.lotes[lote]
        info["status"] = move.status.value
        for name in ("transportadora", "valor_frete", "data_embarque", "numero_nf"):
            if getattr(move, name) is not None:
                info[name] = getattr(move, name)
        for ident, s in list(self.data.seps.items()):
            if s.lote == lote:
                self.data.seps[ident] = s._replace(status=move.status)

    def delete_lote(self, lote: str) -> None:
        for ident, s in list(self.data.seps.items()):
            if s.lote == lote:
                del self.data.seps[ident]
        del self.data.lotes[lote]

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        self.data.audit.extend(entries)

    def is_empty(self) -> bool:
        d = self.data
        return not (d.lines or d.pres or d.seps or d.alerts or d.runs)

    def clear(self) -> None:
        self.data = _Data(next_id=self.data.next_id)

    def insert_state(self, state: ParsedState) -> None:
        d = self.data
        for line in state.lines:
            d.lines[line.key] = line
        for p in state.pre_separacoes:
            ident = p.id or self._next()
            d.pres[ident] = p._replace(id=ident)
        for s in state.separacoes:
            ident = s.id or self._next()
            d.seps[ident] = s._replace(id=ident)
            d.lotes.setdefault(s.lote, {"num_pedido": s.num_pedido, "status": s.status.value, "criado_em": s.criado_em})
        for p, fields in zip(state.pre_separacoes, state.pre_fields, strict=True):
            if p.id:
                d.pre_fields[p.id] = dict(fields)
        for code, fields in state.lotes.items():
            d.lotes.setdefault(code, {"criado_em": datetime.now(UTC)}).update(fields)

    def _next(self) -> int:
        self.data.next_id += 1
        return self.data.next_id


class FakeUnitOfWork:
    """The use cases' ``UnitOfWork`` in memory."""

    def __init__(self, snapshot: Snapshot | None = None) -> None:
        self.data = _Data()
        self.commits = 0
        if snapshot is not None:
            self.data.lines = dict(snapshot.lines)
            for allocs in snapshot.allocations.values():
                self.data.pres.update({p.id: p for p in allocs.pre_separacoes})
                self.data.seps.update({s.id: s for s in allocs.separacoes})
                for s in allocs.separacoes:
                    self.data.lotes.setdefault(
                        s.lote, {"num_pedido": s.num_pedido, "status": s.status.value, "criado_em": s.criado_em}
                    )

    @contextmanager
    def reading(self) -> Iterator[FakeSession]:
        yield FakeSession(self.data)

    @contextmanager
    def writing(self) -> Iterator[FakeSession]:
        session = FakeSession(copy.deepcopy(self.data))
        yield session
        self.data = session.data
        self.commits += 1

    def snapshot(self) -> Snapshot:
        with self.reading() as session:
            return session.load_snapshot()


def applied(snapshot: Snapshot, plan: Plan) -> Snapshot:
    """The state after the apply use case writes ``plan`` over ``snapshot`` (in memory)."""
    uow = FakeUnitOfWork(snapshot)
    apply_plan(uow, plan, usuario="teste", allow_mass_removal=True)
    return uow.snapshot()


def assert_state_follows_plan(before: Snapshot, plan: Plan, after: Snapshot) -> None:
    """What a store holds after applying ``plan`` is what the plan said, change by change; nothing else moved.

    Compared with the plan's own numbers (each change's quantity and fields, each impact's quantity), not
    with a second computation of the result.
    """
    changed = {c.key: c for c in plan.changes}
    for key, line in before.lines.items():
        if key not in changed:
            assert after.lines[key] == line, key
    for key, change in changed.items():
        if change.tipo.value == "REMOVIDO":
            assert key not in after.lines, key
            continue
        line = after.lines[key]
        assert line.qtd_saldo == change.qtd_depois, key
        for name, (_b, value) in change.campos.items():
            assert getattr(line, name) == value, (key, name)
    planned_pre = {i.id: i for c in plan.changes for i in c.impactos if i.alvo.value == "PRE_SEPARACAO"}
    planned_sep = {i.id: i for c in plan.changes for i in c.impactos if i.alvo.value == "SEPARACAO"}
    pres_after = {p.id: p for a in after.allocations.values() for p in a.pre_separacoes}
    seps_after = {s.id: s for a in after.allocations.values() for s in a.separacoes}
    for allocs in before.allocations.values():
        for p in allocs.pre_separacoes:
            imp = planned_pre.get(p.id)
            if imp is None:
                assert pres_after[p.id] == p
            elif imp.excluida:
                assert p.id not in pres_after
            else:
                assert pres_after[p.id] == p._replace(qtd=imp.qtd_depois)
        for s in allocs.separacoes:
            imp = planned_sep.get(s.id)
            assert seps_after[s.id] == (s if imp is None else s._replace(qtd=imp.qtd_depois))
    assert set(pres_after) <= {p.id for a in before.allocations.values() for p in a.pre_separacoes}
    assert set(seps_after) == {s.id for a in before.allocations.values() for s in a.separacoes}

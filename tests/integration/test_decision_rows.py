"""The database side of the planners' decisions, on SQLite and PostgreSQL, through the unit of work.

Round trips of every new session method: pré-separações with their fields, lotes (insert, edit, status
moves, delete), the audit trail and a line's history mixed with its syncs, a state with decision fields,
and ``clear``/``is_empty`` over the new tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from carteira_gui.adapters.db.engine import open_database
from carteira_gui.adapters.db.reads import AUDITORIA, LOTE
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.domain.decisions import AuditEntry, LoteEdit, NewPre, NewSepRow, StatusMove, pre_facts
from carteira_gui.domain.model import PreSeparacao, Status, TipoEnvio
from carteira_gui.domain.parsing import ParsedState, parse_source_records, parse_state_document
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services.ports import WriteSession
from carteira_gui.services.state import load_carteira, seed_state
from carteira_gui.services.sync import apply_plan
from tests.worked_example import worked_source, worked_state

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
Q = Decimal


@pytest.fixture
def uow(db_url: str) -> Iterator[SqlUnitOfWork]:
    engine = open_database(db_url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def _seeded(uow: SqlUnitOfWork) -> None:
    seed_state(uow, worked_state(), "estado", replace=False, db_description="teste")


def _lote_row(uow: SqlUnitOfWork, code: str) -> sa.Row[tuple[object, ...]]:
    with uow.engine.connect() as conn:
        return conn.execute(sa.select(LOTE).where(LOTE.c.codigo == code)).one()


# -- pré-separações -------------------------------------------------------------------------------------


def test_a_pre_separacao_is_inserted_read_updated_and_deleted_with_its_fields(uow: SqlUnitOfWork) -> None:
    _seeded(uow)
    new = NewPre("PED001", "PROD002", Q("12.5"), date(2026, 12, 1), TipoEnvio.PARCIAL, "urgente", "ana", T0)
    with uow.writing() as tx:
        pre_id = tx.insert_pre(new)
        other = tx.insert_pre(
            NewPre("PED001", "PROD002", Q("1"), date(2026, 12, 2), TipoEnvio.TOTAL, None, "bia", T0 + timedelta(1))
        )
    assert pre_id > 7  # after the seeded id 7: the sequence was moved past it
    assert other > pre_id

    with uow.reading() as session:
        [view] = session.pre_separacoes([pre_id])
        by_key = session.pre_separacoes(key=("PED001", "PROD002"))
        every = session.pre_separacoes()
        none = session.pre_separacoes([])
        snap = session.load_snapshot()
    assert (view.id, view.num_pedido, view.cod_produto, view.qtd, view.tipo_envio) == (
        pre_id,
        "PED001",
        "PROD002",
        Q("12.500"),
        "parcial",
    )
    assert (view.criado_em, view.data_expedicao, view.observacao, view.criado_por) == (
        T0,
        date(2026, 12, 1),
        "urgente",
        "ana",
    )
    assert [p.id for p in by_key] == [pre_id, other]
    assert [p.id for p in every] == [7, pre_id, other]
    assert (every[0].data_expedicao, every[0].criado_por) == (None, None)  # the seeded one has no fields
    assert none == []
    # The sync's load sees it as before: the domain's tuple, without the decision fields.
    [loaded, _] = snap.allocations[("PED001", "PROD002")].pre_separacoes
    assert loaded == PreSeparacao(pre_id, "PED001", "PROD002", Q("12.500"), T0, TipoEnvio.PARCIAL)

    with uow.writing() as tx:
        tx.update_pre(pre_id, Q("20"), date(2026, 12, 5), None)
    with uow.reading() as session:
        [view] = session.pre_separacoes([pre_id])
        [kept] = session.pre_separacoes([other])
    assert (view.qtd, view.data_expedicao, view.observacao, view.criado_por) == (
        Q("20.000"),
        date(2026, 12, 5),
        None,
        "ana",
    )
    assert kept.qtd == Q("1.000")

    with uow.writing() as tx:
        tx.delete_pres([pre_id, other])
    with uow.reading() as session:
        assert [p.id for p in session.pre_separacoes()] == [7]
        assert session.pre_separacoes([pre_id]) == []


def test_many_pre_separacoes_are_read_by_id_past_one_in_list(uow: SqlUnitOfWork) -> None:
    with uow.writing() as tx:
        ids = [
            tx.insert_pre(NewPre("P", f"X{i}", Q(1), date(2026, 12, 1), TipoEnvio.TOTAL, None, "ana", T0))
            for i in range(1203)
        ]
    with uow.reading() as session:
        assert [p.id for p in session.pre_separacoes(ids[::-1])] == ids
    with uow.writing() as tx:
        tx.delete_pres(ids)
    with uow.reading() as session:
        assert session.pre_separacoes() == []


# -- lotes ----------------------------------------------------------------------------------------------


def test_a_lote_is_made_edited_moved_through_its_statuses_and_its_rows_follow(uow: SqlUnitOfWork) -> None:
    _seeded(uow)
    code = "LOTE-20261110-0001"
    rows = [NewSepRow("PROD001", Q("10"), TipoEnvio.PARCIAL), NewSepRow("PROD002", Q("50"), TipoEnvio.TOTAL)]
    with uow.writing() as tx:
        tx.insert_lote(code, "PED001", rows, data_expedicao=date(2026, 11, 20), observacao="doca 2", by="ana", now=T0)
    with uow.reading() as session:
        [lote] = session.lotes(codes=[code])
        assert session.lote_codes("LOTE-20261110-") == [code]
        assert session.lote_codes("LOTE-20261111-") == []
        assert [x.lote for x in session.lotes()] == [code, "LOTE-1"]  # newest first
        assert [x.lote for x in session.lotes(status="ABERTO")] == [code]
        assert [x.lote for x in session.lotes(status="COTADO")] == ["LOTE-1"]
        assert [x.lote for x in session.lotes(pedido="PED001")] == [code]
        assert [x.lote for x in session.lotes(key=("PED001", "PROD002"))] == [code]
        assert [x.lote for x in session.lotes(key=("PED002", "PROD001"))] == ["LOTE-1"]
        assert session.lotes(key=("PED009", "PROD001")) == []
        assert session.lotes(codes=[]) == []
        assert session.lotes(pedido="PED001", status="COTADO") == []
        snap = session.load_snapshot()
    assert (lote.num_pedido, lote.status, lote.data_expedicao, lote.observacao, lote.criado_por, lote.criado_em) == (
        "PED001",
        "ABERTO",
        date(2026, 11, 20),
        "doca 2",
        "ana",
        T0,
    )
    assert [(i.cod_produto, i.qtd, i.tipo_envio) for i in lote.itens] == [
        ("PROD001", Q("10.000"), "parcial"),
        ("PROD002", Q("50.000"), "total"),
    ]
    first, second = (i.id for i in lote.itens)
    [sep] = snap.allocations[("PED001", "PROD002")].separacoes
    assert (sep.id, sep.lote, sep.status, sep.criado_em, sep.qtd) == (second, code, Status.ABERTO, T0, Q(50))

    # Edit: one row changed, one removed, one added; only this lote's rows are touched.
    later = T0 + timedelta(hours=1)
    with uow.writing() as tx:
        tx.edit_lote(
            code,
            "PED001",
            LoteEdit(
                updates=[(first, Q("15")), (3, Q("1"))],  # 3 is a row of LOTE-1: not this lote's
                inserts=[NewSepRow("PROD003", Q("2"), TipoEnvio.PARCIAL)],
                deletes=[second, 3],
            ),
            later,
        )
    with uow.reading() as session:
        [lote] = session.lotes(codes=[code])
        [other] = session.lotes(codes=["LOTE-1"])
    assert [(i.id, i.cod_produto, i.qtd) for i in lote.itens][:1] == [(first, "PROD001", Q("15.000"))]
    assert [(i.cod_produto, i.qtd, i.tipo_envio) for i in lote.itens] == [
        ("PROD001", Q("15.000"), "parcial"),
        ("PROD003", Q("2.000"), "parcial"),
    ]
    assert [(i.id, i.qtd) for i in other.itens] == [(3, Q("100.000"))]
    assert lote.criado_em == T0
    assert _lote_row(uow, code).atualizado_em == later

    # ABERTO → COTADO with the quote; → ABERTO keeps it; → EMBARCADO; → FATURADO.
    with uow.writing() as tx:
        tx.move_lote(code, StatusMove(Status.COTADO, transportadora="Rápido", valor_frete=Q("350.5")), later)
    with uow.reading() as session:
        [lote] = session.lotes(codes=[code])
        snap = session.load_snapshot()
    assert (lote.status, lote.transportadora, lote.valor_frete) == ("COTADO", "Rápido", Q("350.5000"))
    assert {s.status for s in snap.allocations[("PED001", "PROD001")].separacoes} == {Status.COTADO}
    assert {s.status for s in snap.allocations[("PED001", "PROD003")].separacoes} == {Status.COTADO}
    assert {s.status for s in snap.allocations[("PED002", "PROD001")].separacoes} == {Status.COTADO}  # LOTE-1

    with uow.writing() as tx:
        tx.move_lote(code, StatusMove(Status.ABERTO), later)
        tx.move_lote(code, StatusMove(Status.EMBARCADO, data_embarque=date(2026, 11, 21)), later)
    last = later + timedelta(days=2)
    with uow.writing() as tx:
        tx.move_lote(code, StatusMove(Status.FATURADO, numero_nf="NF-123"), last)
    with uow.reading() as session:
        [lote] = session.lotes(codes=[code])
        assert [x.lote for x in session.lotes(status="FATURADO")] == [code]
        snap = session.load_snapshot()
    assert (lote.status, lote.transportadora, lote.valor_frete, lote.data_embarque, lote.numero_nf) == (
        "FATURADO",
        "Rápido",
        Q("350.5"),
        date(2026, 11, 21),
        "NF-123",
    )
    assert {s.status for s in snap.allocations[("PED001", "PROD001")].separacoes} == {Status.FATURADO}
    assert _lote_row(uow, code).atualizado_em == last


def test_deleting_a_lote_removes_its_rows_and_nothing_else(uow: SqlUnitOfWork) -> None:
    _seeded(uow)
    with uow.writing() as tx:
        tx.insert_lote(
            "LOTE-X",
            "PED001",
            [NewSepRow("PROD001", Q("5"), TipoEnvio.PARCIAL)],
            data_expedicao=None,
            observacao=None,
            by="ana",
            now=T0,
        )
        tx.delete_lote("LOTE-X")
    with uow.reading() as session:
        assert [x.lote for x in session.lotes()] == ["LOTE-1"]
        snap = session.load_snapshot()
        assert session.lote_codes("LOTE-") == ["LOTE-1"]
    assert not snap.allocations[("PED001", "PROD001")].separacoes
    assert [s.id for s in snap.allocations[("PED002", "PROD001")].separacoes] == [3]


def test_a_lote_code_cannot_be_taken_twice_and_the_failed_transaction_writes_nothing(uow: SqlUnitOfWork) -> None:
    row = [NewSepRow("A", Q("1"), TipoEnvio.TOTAL)]
    with uow.writing() as tx:
        tx.insert_lote("LOTE-20261110-0001", "P", row, data_expedicao=None, observacao=None, by="ana", now=T0)

    def take_two(tx: WriteSession) -> None:
        tx.insert_lote("LOTE-20261110-0002", "P", row, data_expedicao=None, observacao=None, by="bia", now=T0)
        tx.insert_lote("LOTE-20261110-0001", "P", row, data_expedicao=None, observacao=None, by="bia", now=T0)

    with pytest.raises(IntegrityError), uow.writing() as tx:
        take_two(tx)
    with uow.reading() as session:
        assert session.lote_codes("LOTE-20261110-") == ["LOTE-20261110-0001"]
        assert len(session.load_snapshot().allocations[("P", "A")].separacoes) == 1


def test_lote_codes_match_the_prefix_exactly(uow: SqlUnitOfWork) -> None:
    row = [NewSepRow("A", Q("1"), TipoEnvio.TOTAL)]
    with uow.writing() as tx:
        for code in ("LOTE-20261110-0001", "lote-20261110-0009", "LOTE-20261110X0003", "LOTE_20261110-0004"):
            tx.insert_lote(code, "P", row, data_expedicao=None, observacao=None, by="ana", now=T0)
    with uow.reading() as session:
        assert session.lote_codes("LOTE-20261110-") == ["LOTE-20261110-0001"]
        assert session.lote_codes("LOTE_") == ["LOTE_20261110-0004"]


# -- audit and history ----------------------------------------------------------------------------------


def _audit(acao: str, em: datetime, produto: str | None, alvo: str, pedido: str = "PED001") -> AuditEntry:
    return AuditEntry(acao, "ana", em, pedido, produto, alvo, None, {"alvo": alvo}, f"{acao} {alvo}")


def test_an_audit_entry_keeps_its_facts_as_json(uow: SqlUnitOfWork) -> None:
    antes = pre_facts(Q("30.000"), None, TipoEnvio.PARCIAL, None)
    depois = {"qtd": Q("20.5"), "data_expedicao": date(2026, 12, 1), "status": Status.COTADO}
    with uow.writing() as tx:
        tx.add_audit([AuditEntry("PRE_EDITAR", "ana", T0, "PED001", "PROD001", "7", antes, depois, "30 → 20,5")])
        tx.add_audit([])
    with uow.engine.connect() as conn:
        row = conn.execute(sa.select(AUDITORIA)).one()
    assert (row.em, row.por, row.acao, row.num_pedido, row.cod_produto, row.alvo, row.resumo) == (
        T0,
        "ana",
        "PRE_EDITAR",
        "PED001",
        "PROD001",
        "7",
        "30 → 20,5",
    )
    assert row.antes == {"qtd": "30.000", "data_expedicao": None, "tipo_envio": "parcial", "observacao": None}
    assert row.depois == {"qtd": "20.5", "data_expedicao": "2026-12-01", "status": "COTADO"}


def test_a_lines_history_mixes_its_syncs_and_decisions_newest_first(uow: SqlUnitOfWork) -> None:
    _seeded(uow)
    now = datetime.now(UTC)
    before, after = now - timedelta(days=1), now + timedelta(days=1)
    with uow.writing() as tx:
        tx.insert_lote(
            "LOTE-2",
            "PED001",
            [NewSepRow("PROD001", Q("5"), TipoEnvio.PARCIAL)],
            data_expedicao=None,
            observacao=None,
            by="ana",
            now=before,
        )
        tx.add_audit(
            [
                _audit("PRE_CRIAR", before - timedelta(hours=1), "PROD001", "7"),
                _audit("LOTE_CRIAR", before, "PROD001", "LOTE-2"),
                _audit("LOTE_STATUS", after, None, "LOTE-2"),  # the whole lote, which holds the line
                _audit("LOTE_STATUS", after, None, "LOTE-1", pedido="PED002"),  # another pedido's lote
                _audit("LOTE_STATUS", after, None, "LOTE-9"),  # a lote of the pedido without this line
                _audit("PRE_CRIAR", after, "PROD002", "8"),  # another line of the pedido
            ]
        )
    plan = plan_sync(load_carteira(uow), parse_source_records(worked_source(), "odoo"))
    result = apply_plan(uow, plan, usuario="bia", allow_mass_removal=True)
    assert result.sync_id is not None

    with uow.reading() as session:
        history = session.history_of(("PED001", "PROD001"), 10)
        two = session.history_of(("PED001", "PROD001"), 2)
        removed = session.history_of(("PED002", "PROD001"), 10)
        assert session.history_of(("PED001", "PROD001"), 0) == []
        assert session.history_of(("PED009", "PROD009"), 10) == []
    assert [(h.origem, h.acao, h.por, h.resumo) for h in history] == [
        ("decisao", "LOTE_STATUS", "ana", "LOTE_STATUS LOTE-2"),
        ("sync", "REDUCAO", "bia", f"REDUCAO 100 → 80 (sync #{result.sync_id})"),
        ("decisao", "LOTE_CRIAR", "ana", "LOTE_CRIAR LOTE-2"),
        ("decisao", "PRE_CRIAR", "ana", "PRE_CRIAR 7"),
    ]
    assert [h.em for h in history] == sorted((h.em for h in history), reverse=True)
    assert (history[0].em, history[3].em) == (after, before - timedelta(hours=1))
    assert before < history[1].em < after
    assert two == history[:2]
    # The removed line of LOTE-1 (COTADO): its sync, with what was left uncovered, and LOTE-1's move.
    assert [(h.origem, h.acao) for h in removed] == [("decisao", "LOTE_STATUS"), ("sync", "REMOVIDO")]
    assert removed[1].resumo.startswith("REMOVIDO 200 → 0")
    assert removed[1].resumo.endswith(f"(sync #{result.sync_id})")


# -- a state with decisions, clear and is_empty ---------------------------------------------------------


def test_a_state_brings_its_decision_fields_and_lotes_in(uow: SqlUnitOfWork) -> None:
    document = worked_state()
    document["pre_separacoes"][0].update(data_expedicao="2026-12-01", observacao="urgente", criado_por="ana")
    document["separacoes"][0].update(transportadora="Rápido", valor_frete="99.9", criado_por="bia")
    document["separacoes"].append(
        {
            "id": 4,
            "lote": "LOTE-1",
            "num_pedido": "PED002",
            "cod_produto": "PROD009",
            "qtd": 1,
            "status": "COTADO",
            "criado_em": "2026-11-01T08:00:00+00:00",
            "data_expedicao": "2026-11-30",
            "transportadora": "Outra",  # the first row that gives a field gives it for the lote
        }
    )
    document["separacoes"].append(
        {
            "id": 9,
            "lote": "LOTE-F",
            "num_pedido": "PED001",
            "cod_produto": "PROD002",
            "qtd": 5,
            "status": "FATURADO",
            "criado_em": "2026-11-03T08:00:00+00:00",
            "numero_nf": "NF-9",
            "data_embarque": "2026-11-04",
        }
    )
    seed_state(uow, document, "estado", replace=False, db_description="teste")
    with uow.reading() as session:
        [pre] = session.pre_separacoes()
        lotes = {x.lote: x for x in session.lotes()}
        order = [x.lote for x in session.lotes()]
    assert (pre.id, pre.data_expedicao, pre.observacao, pre.criado_por) == (7, date(2026, 12, 1), "urgente", "ana")
    assert order == ["LOTE-F", "LOTE-1"]
    one = lotes["LOTE-1"]
    assert (one.num_pedido, one.status, one.transportadora, one.valor_frete, one.criado_por) == (
        "PED002",
        "COTADO",
        "Rápido",
        Q("99.9"),
        "bia",
    )
    assert one.data_expedicao == date(2026, 11, 30)
    assert one.criado_em == datetime(2026, 11, 1, 8, 0, tzinfo=UTC)  # its earliest row
    assert [i.id for i in one.itens] == [3, 4]
    faturado = lotes["LOTE-F"]
    assert (faturado.status, faturado.numero_nf, faturado.data_embarque) == ("FATURADO", "NF-9", date(2026, 11, 4))

    # Seeding again with --replace empties the decisions too.
    seed_state(uow, worked_state(), "estado", replace=True, db_description="teste")
    with uow.reading() as session:
        assert [x.lote for x in session.lotes()] == ["LOTE-1"]
        assert session.lotes()[0].transportadora is None


def test_a_state_built_without_lote_fields_still_gets_a_row_per_lote(uow: SqlUnitOfWork) -> None:
    parsed = parse_state_document(worked_state(), "estado")
    bare = ParsedState(parsed.lines, parsed.pre_separacoes, parsed.separacoes)
    with uow.writing() as tx:
        tx.insert_state(bare)
    with uow.reading() as session:
        [lote] = session.lotes()
        [pre] = session.pre_separacoes()
    assert (lote.lote, lote.num_pedido, lote.status) == ("LOTE-1", "PED002", "COTADO")
    assert pre.data_expedicao is None


@pytest.mark.parametrize("what", ["lote", "audit"])
def test_clear_and_is_empty_cover_lotes_and_the_audit_trail(uow: SqlUnitOfWork, what: str) -> None:
    with uow.writing() as tx:
        assert tx.is_empty()
        if what == "lote":
            tx.insert_lote("L", "P", [], data_expedicao=None, observacao=None, by="ana", now=T0)
        else:
            tx.add_audit([_audit("PRE_CRIAR", T0, "A", "1")])
        assert not tx.is_empty()
    with uow.writing() as tx:
        assert not tx.is_empty()
        tx.clear()
        assert tx.is_empty()
    with uow.reading() as session:
        assert session.lotes() == []
    with uow.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(AUDITORIA)).scalar_one() == 0

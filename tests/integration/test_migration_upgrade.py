"""A database of the previous version (migration 0003) upgrades to the planners' decisions and back, keeping its data.

The old database is filled with plain SQL, as that version stored it; the upgrade is the program's own
(``open_database``), the downgrade Alembic's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from carteira_gui.adapters.db.engine import _alembic_config, create_db_engine, head_revision, open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.domain.model import Status

#: Every column each table had at revision 0003, in a fixed order.
OLD_COLUMNS = {
    "carteira": "id, num_pedido, cod_produto, qtd_saldo, nome_produto, cliente, cnpj_cpf, municipio, uf, "
    "data_pedido, data_entrega, preco",
    "pre_separacao": "id, num_pedido, cod_produto, qtd, criado_em, tipo_envio",
    "separacao": "id, lote, num_pedido, cod_produto, qtd, status, criado_em, tipo_envio",
    "sync_run": "id, iniciado_em, concluido_em, usuario, origem, fingerprint, n_reducao, n_aumento, n_novo, "
    "n_removido, n_alterado, n_inalterado, n_critico, n_atencao, n_info, linhas_antes, linhas_depois, "
    "delta_total, duracao_s",
    "sync_change": "id, sync_id, tipo, num_pedido, cod_produto, cliente, qtd_antes, qtd_depois, nao_coberto, "
    "linhas_somadas, campos",
    "sync_impacto": "id, change_id, alvo, alvo_id, lote, status, qtd_antes, qtd_depois",
    "alerta": "id, nivel, tipo, num_pedido, cod_produto, separacao_id, pre_separacao_id, lote, qtd_anterior, "
    "qtd_nova, mensagem, sync_id, criado_em, atualizado_em, reconhecido_por, reconhecido_em, nota",
    "trava": "id, nome",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))


def _fill_0003(url: str) -> None:
    """A database at revision 0003 with lines, pré-separações, two lotes (one COTADO), a sync run and alerts."""
    engine = create_db_engine(url)
    sqlite = engine.dialect.name == "sqlite"

    def q(value: str) -> str:  # a quantity as that version stored it
        return str(int(Decimal(value) * 1000)) if sqlite else value

    def p(value: str) -> str:  # a price
        return str(int(Decimal(value) * 10000)) if sqlite else value

    def ts(value: str) -> str:  # a naive UTC timestamp
        return f"'{value}.000000'" if sqlite else f"TIMESTAMP '{value}'"

    json = '\'{"cliente": ["A", "B"]}\''
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0003")
        for sql in (
            "INSERT INTO carteira (id, num_pedido, cod_produto, qtd_saldo, nome_produto, cliente, cnpj_cpf, "
            "municipio, uf, data_pedido, data_entrega, preco) VALUES "
            f"(1, 'PED1', 'P1', {q('100.5')}, 'Parafuso', 'Cliente A', '12.345.678/0001-90', 'Recife', 'PE', "
            f"'2026-10-01', '2026-12-01', {p('12.3456')}), "
            f"(2, 'PED1', 'P2', {q('40')}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
            f"(3, 'PED2', 'P1', {q('200')}, 'Porca', 'Cliente B', NULL, NULL, 'SP', NULL, NULL, {p('1')})",
            "INSERT INTO pre_separacao (id, num_pedido, cod_produto, qtd, criado_em, tipo_envio) VALUES "
            f"(7, 'PED1', 'P1', {q('30.25')}, {ts('2026-11-01 10:00:00')}, 'parcial'), "
            f"(8, 'PED2', 'P1', {q('200')}, {ts('2026-11-01 11:00:00')}, 'total')",
            "INSERT INTO separacao (id, lote, num_pedido, cod_produto, qtd, status, criado_em, tipo_envio) VALUES "
            f"(3, 'LOTE-A', 'PED1', 'P1', {q('20')}, 'ABERTO', {ts('2026-11-03 09:00:00')}, 'parcial'), "
            f"(4, 'LOTE-A', 'PED1', 'P2', {q('40')}, 'ABERTO', {ts('2026-11-02 08:00:00')}, 'total'), "
            f"(5, 'LOTE-B', 'PED2', 'P1', {q('0')}, 'COTADO', {ts('2026-11-04 12:30:00')}, 'parcial')",
            "INSERT INTO sync_run (id, iniciado_em, concluido_em, usuario, origem, fingerprint, n_reducao, n_aumento, "
            "n_novo, n_removido, n_alterado, n_inalterado, n_critico, n_atencao, n_info, linhas_antes, "
            f"linhas_depois, delta_total, duracao_s) VALUES (1, {ts('2026-11-05 10:00:00')}, "
            f"{ts('2026-11-05 10:00:02')}, 'ana', 'odoo.json', 'abc', 1, 0, 0, 0, 1, 1, 1, 0, 0, 3, 3, "
            f"{q('-100')}, 2.5)",
            "INSERT INTO sync_change (id, sync_id, tipo, num_pedido, cod_produto, cliente, qtd_antes, qtd_depois, "
            f"nao_coberto, linhas_somadas, campos) VALUES (1, 1, 'REDUCAO', 'PED2', 'P1', 'Cliente B', {q('300')}, "
            f"{q('200')}, {q('0')}, 1, '{{}}'), (2, 1, 'ALTERADO', 'PED1', 'P2', NULL, {q('40')}, {q('40')}, "
            f"{q('0')}, 2, {json})",
            "INSERT INTO sync_impacto (id, change_id, alvo, alvo_id, lote, status, qtd_antes, qtd_depois) VALUES "
            f"(1, 1, 'SEPARACAO', 5, 'LOTE-B', 'COTADO', {q('100')}, {q('0')})",
            "INSERT INTO alerta (id, nivel, tipo, num_pedido, cod_produto, separacao_id, pre_separacao_id, lote, "
            "qtd_anterior, qtd_nova, mensagem, sync_id, criado_em, atualizado_em, reconhecido_por, reconhecido_em, "
            f"nota) VALUES (1, 'CRITICO', 'REDUCAO', 'PED2', 'P1', 5, NULL, 'LOTE-B', {q('100')}, {q('0')}, "
            f"'Lote cotado reduzido', 1, {ts('2026-11-05 10:00:01')}, {ts('2026-11-05 10:00:01')}, NULL, NULL, "
            f"NULL), (2, 'INFO', 'AUMENTO', 'PED1', 'P1', NULL, 7, NULL, {q('1')}, {q('2')}, 'Aumento', 1, "
            f"{ts('2026-11-05 10:00:01')}, {ts('2026-11-05 10:00:01')}, 'bia', {ts('2026-11-06 08:00:00')}, 'ok')",
        ):
            conn.exec_driver_sql(sql)
    engine.dispose()


def _old_rows(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY id")]
            for table, columns in OLD_COLUMNS.items()
        }


def _revision(engine: sa.Engine) -> str:
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar())


def _versao_moves(engine: sa.Engine) -> bool:
    """Whether the carteira's revision triggers (0003) still bump ``trava.versao``."""
    with engine.begin() as conn:
        before = conn.exec_driver_sql("SELECT versao FROM trava WHERE id = 1").scalar_one()
        conn.exec_driver_sql("UPDATE carteira SET uf = 'RJ' WHERE id = 2")
        after = conn.exec_driver_sql("SELECT versao FROM trava WHERE id = 1").scalar_one()
        conn.exec_driver_sql("UPDATE carteira SET uf = NULL WHERE id = 2")
    return bool(after > before)


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_0003_database_upgrades_keeping_every_row_and_gets_a_row_per_lote(url: str) -> None:
    _fill_0003(url)
    old = create_db_engine(url)
    before = _old_rows(old)
    old.dispose()

    engine = open_database(url)
    try:
        assert _revision(engine) == head_revision()
        assert _old_rows(engine) == before

        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            assert {"lote", "auditoria"} <= set(inspector.get_table_names())
            assert {"data_expedicao", "observacao", "criado_por"} <= {
                c["name"] for c in inspector.get_columns("pre_separacao")
            }
            assert {"ix_lote_status", "ix_lote_pedido"} <= {i["name"] for i in inspector.get_indexes("lote")}
            assert "ix_auditoria_chave" in {i["name"] for i in inspector.get_indexes("auditoria")}
            assert "ix_pre_separacao_chave" in {i["name"] for i in inspector.get_indexes("pre_separacao")}
            assert "ix_sync_change_chave" in {i["name"] for i in inspector.get_indexes("sync_change")}
            assert (
                conn.exec_driver_sql(
                    "SELECT COUNT(*) FROM pre_separacao "
                    "WHERE data_expedicao IS NOT NULL OR observacao IS NOT NULL OR criado_por IS NOT NULL"
                ).scalar_one()
                == 0
            )
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM auditoria").scalar_one() == 0
        assert _versao_moves(engine)

        uow = SqlUnitOfWork(engine)
        with uow.reading() as session:
            snap = session.load_snapshot()
            pres = session.pre_separacoes()
            lotes = session.lotes()
            alerts = session.alerts(include_acknowledged=True)
            runs = session.runs()
            changes = session.run_changes(1)

        assert snap.lines[("PED1", "P1")].qtd_saldo == Decimal("100.500")
        assert snap.lines[("PED1", "P1")].preco == Decimal("12.3456")
        assert snap.lines[("PED1", "P1")].data_entrega == date(2026, 12, 1)
        assert [(p.id, p.qtd, p.criado_em) for p in pres] == [
            (7, Decimal("30.250"), _day("2026-11-01T10:00:00")),
            (8, Decimal("200.000"), _day("2026-11-01T11:00:00")),
        ]
        assert all(p.data_expedicao is None and p.observacao is None and p.criado_por is None for p in pres)

        # Newest first: LOTE-B was made on 4/11, LOTE-A on 2/11 (its earliest row).
        assert [(lote.lote, lote.num_pedido, lote.status) for lote in lotes] == [
            ("LOTE-B", "PED2", "COTADO"),
            ("LOTE-A", "PED1", "ABERTO"),
        ]
        lote_b, lote_a = lotes
        assert lote_a.criado_em == _day("2026-11-02T08:00:00")
        assert lote_b.criado_em == _day("2026-11-04T12:30:00")
        assert [(i.id, i.cod_produto, i.qtd, i.tipo_envio) for i in lote_a.itens] == [
            (3, "P1", Decimal("20.000"), "parcial"),
            (4, "P2", Decimal("40.000"), "total"),
        ]
        assert lote_a.total == Decimal("60.000")
        assert [i.id for i in lote_b.itens] == [5]
        for lote in lotes:
            assert (lote.data_expedicao, lote.criado_por, lote.observacao) == (None, None, None)
            assert (lote.transportadora, lote.valor_frete, lote.data_embarque, lote.numero_nf) == (
                None,
                None,
                None,
                None,
            )
        assert {s.status for s in snap.allocations[("PED2", "P1")].separacoes} == {Status.COTADO}

        assert [(a.id, a.nivel, a.lote, a.reconhecido_por) for a in alerts] == [
            (1, "CRITICO", "LOTE-B", None),
            (2, "INFO", None, "bia"),
        ]
        [run] = runs
        assert (run.usuario, run.delta_total, run.counts["REDUCAO"]) == ("ana", Decimal("-100.000"), 1)
        assert [(c.tipo, c.campos) for c in changes] == [("REDUCAO", {}), ("ALTERADO", {"cliente": ["A", "B"]})]
        assert changes[0].impactos[0].lote == "LOTE-B"

        # The line's history reads the stored sync of the old version.
        with uow.reading() as session:
            [entry] = session.history_of(("PED2", "P1"), 10)
        assert (entry.origem, entry.por, entry.acao) == ("sync", "ana", "REDUCAO")
        assert entry.em == _day("2026-11-05T10:00:00")
        assert entry.resumo == "REDUCAO 300 → 200 (sync #1)"
    finally:
        engine.dispose()


def test_the_upgrade_downgrades_to_0003_keeping_the_old_data_and_upgrades_again(url: str) -> None:
    _fill_0003(url)
    old = create_db_engine(url)
    before = _old_rows(old)
    old.dispose()
    open_database(url).dispose()

    engine = create_db_engine(url)
    try:
        with engine.begin() as conn:
            # Something the new version wrote: a decision field, a decision, a new lote.
            conn.exec_driver_sql("UPDATE pre_separacao SET observacao = 'urgente', criado_por = 'ana' WHERE id = 7")
            conn.exec_driver_sql(
                "INSERT INTO auditoria (em, por, acao, num_pedido, cod_produto, alvo, resumo) "
                "VALUES (CURRENT_TIMESTAMP, 'ana', 'PRE_EDITAR', 'PED1', 'P1', '7', 'observação')"
            )
        with engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0003")
        assert _revision(engine) == "0003"
        assert _old_rows(engine) == before
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            tables = set(inspector.get_table_names())
            assert not tables & {"lote", "auditoria"}
            assert {c["name"] for c in inspector.get_columns("pre_separacao")} == {
                "id",
                "num_pedido",
                "cod_produto",
                "qtd",
                "criado_em",
                "tipo_envio",
            }
            assert "ix_pre_separacao_chave" in {i["name"] for i in inspector.get_indexes("pre_separacao")}
            assert "ix_sync_change_chave" not in {i["name"] for i in inspector.get_indexes("sync_change")}
        assert _versao_moves(engine)
    finally:
        engine.dispose()

    # And up again: the lotes are made again from the separações.
    engine = open_database(url)
    try:
        assert _revision(engine) == head_revision()
        assert _old_rows(engine) == before
        with SqlUnitOfWork(engine).reading() as session:
            assert [(lote.lote, lote.status) for lote in session.lotes()] == [
                ("LOTE-B", "COTADO"),
                ("LOTE-A", "ABERTO"),
            ]
            assert session.pre_separacoes([7])[0].observacao is None
    finally:
        engine.dispose()

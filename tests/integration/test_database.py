"""Opening databases: migrations, refusals of foreign and newer databases, exact quantities."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carteira_gui.adapters.db.engine import _alembic_config, create_db_engine, head_revision, open_database
from carteira_gui.adapters.db.uow import SqlUnitOfWork
from carteira_gui.domain.errors import DatabaseError
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.domain.planner import plan_sync
from carteira_gui.services.history import list_runs
from carteira_gui.services.state import load_carteira, seed_state
from carteira_gui.services.sync import apply_plan

from ..fakes import assert_state_follows_plan
from ..strategies import sources, states
from .cli_helpers import WORKED_STATE, Cli


def test_a_new_database_is_created_at_the_newest_revision(db_url):
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {
        "carteira",
        "pre_separacao",
        "separacao",
        "alerta",
        "sync_run",
        "sync_change",
        "sync_impacto",
    } <= tables


def test_an_older_database_upgrades_in_place_keeping_its_data(db_url):
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO carteira (num_pedido, cod_produto, qtd_saldo) VALUES ('VELHO', 'P1', "
            + ("12345" if engine.dialect.name == "sqlite" else "12.345")
            + ")"
        )
    engine.dispose()
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("separacao")}
    assert "ix_separacao_lote" in indexes
    snap = load_carteira(SqlUnitOfWork(engine))
    engine.dispose()
    assert snap.lines[("VELHO", "P1")].qtd_saldo == Decimal("12.345")


def test_a_database_newer_than_the_program_is_refused(db_url):
    open_database(db_url).dispose()
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_futuro'")
    engine.dispose()
    with pytest.raises(DatabaseError, match="versão mais nova"):
        open_database(db_url)


def test_a_database_of_another_program_is_refused_untouched(db_url):
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE clientes (id INTEGER PRIMARY KEY, nome TEXT)")
    engine.dispose()
    with pytest.raises(DatabaseError, match="outro programa"):
        open_database(db_url)
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == {"clientes"}
    engine.dispose()


def test_a_file_that_is_not_a_database_gets_one_sentence(tmp_path, capsys):
    path = tmp_path / "planilha.sqlite3"
    path.write_text("isto não é um banco de dados\n" * 100, encoding="utf-8")
    result = Cli(f"sqlite:///{path}", tmp_path, capsys)("state")
    assert result.code == 1
    assert "não é um banco de dados do Carteira Sync" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8").startswith("isto não é")


def test_a_missing_database_folder_gets_one_sentence(tmp_path, capsys):
    result = Cli(f"sqlite:///{tmp_path / 'nao' / 'existe.db'}", tmp_path, capsys)("state")
    assert result.code == 1
    assert "não existe" in result.err


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    engine = open_database(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_quantities_are_stored_exactly_as_integers_of_thousandths_on_sqlite(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    cli = Cli(url, tmp_path, capsys)
    state = {
        "carteira": [
            {"num_pedido": "P", "cod_produto": "X", "qtd_saldo": "0.1"},
            {"num_pedido": "P", "cod_produto": "Y", "qtd_saldo": "999999999999.999"},
        ]
    }
    assert cli("seed", cli.file(state)).code == 0
    raw = sqlite3.connect(tmp_path / "c.db")
    assert sorted(r[0] for r in raw.execute("SELECT qtd_saldo FROM carteira")) == [100, 999999999999999]
    raw.close()
    assert {r["cod_produto"]: r["qtd_saldo"] for r in cli.state()["carteira"]} == {
        "X": 0.1,
        "Y": 999999999999.999,
    }


@st.composite
def scenarios(draw):
    state = draw(states())
    return state, draw(sources(state))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_apply_gives_exactly_the_predicted_state_and_a_second_apply_is_a_no_op(backend, request):
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    engine = open_database(url)
    uow = SqlUnitOfWork(engine)
    examples = 40 if backend == "sqlite" else 25

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(scenarios())
    def check(scenario):
        state, rows = scenario
        seed_state(uow, state, "estado", replace=True, db_description="teste")
        before = load_carteira(uow)
        source = parse_source_records(rows, "fonte")
        plan = plan_sync(before, source)
        apply_plan(uow, plan, usuario="prop", allow_mass_removal=True)
        assert_state_follows_plan(before, plan, load_carteira(uow))
        runs = len(list_runs(uow))
        second = plan_sync(load_carteira(uow), source)
        assert second.changes == []
        assert not apply_plan(uow, second, usuario="prop").applied
        assert len(list_runs(uow)) == runs

    try:
        check()
    finally:
        engine.dispose()


def test_times_are_kept_timezone_aware_in_utc(db_url, tmp_path, capsys):
    cli = Cli(db_url, tmp_path, capsys)
    state = dict(WORKED_STATE)
    state["pre_separacoes"] = [dict(WORKED_STATE["pre_separacoes"][0], criado_em="2026-11-01T07:00:00-03:00")]
    assert cli("seed", cli.file(state)).code == 0
    [pre] = cli.state()["pre_separacoes"]
    assert datetime.fromisoformat(pre["criado_em"]) == datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def test_two_applies_of_plans_from_the_same_state_exactly_one_lands(db_url):
    import threading

    from carteira_gui.domain.errors import StalePlan

    engine = open_database(db_url)
    uow = SqlUnitOfWork(engine)
    seed_state(uow, WORKED_STATE, "estado", replace=False, db_description="teste")
    snapshot = load_carteira(uow)
    first = plan_sync(
        snapshot,
        parse_source_records(
            [
                {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 10},
                {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
                {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
            ],
            "a",
        ),
    )
    second = plan_sync(
        snapshot,
        parse_source_records(
            [
                {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 20},
                {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
                {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
            ],
            "b",
        ),
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(plan):
        barrier.wait()
        try:
            apply_plan(uow, plan, usuario="t")
            outcomes.append("applied")
        except StalePlan:
            outcomes.append("stale")

    threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    after = load_carteira(uow)
    runs = list_runs(uow)
    engine.dispose()
    assert sorted(outcomes) == ["applied", "stale"]
    assert len(runs) == 1
    assert after.lines[("PED001", "PROD001")].qtd_saldo in (Decimal(10), Decimal(20))
    # The pré-separação was reduced once, never twice.
    [pre] = after.allocations[("PED001", "PROD001")].pre_separacoes
    assert pre.qtd == after.lines[("PED001", "PROD001")].qtd_saldo

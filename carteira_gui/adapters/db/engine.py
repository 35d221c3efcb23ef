"""Opening the local database: engine options per dialect, migrations on start, clear refusals.

SQLite is the default (one planner, a file in the user data directory): WAL, foreign keys on, and
transactions begun by us so that an apply can take the write lock up front (``BEGIN IMMEDIATE``).
Any SQLAlchemy URL works; PostgreSQL is the shared database of a team.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from carteira_gui.domain.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
OUR_TABLES = {
    "carteira",
    "pre_separacao",
    "separacao",
    "sync_run",
    "sync_change",
    "sync_impacto",
    "alerta",
    "trava",
}


def _alembic_config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration this program knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN: pysqlite's own implicit transactions
        # cannot take the write lock at the start of a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a killed process (kill -9) without losing a committed transaction.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def describe_url(url: str) -> str:
    """The URL without its password, for messages and history."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(URL inválida)"


def create_db_engine(url: str) -> Engine:
    """Build the engine for ``url`` with the options its dialect needs (no migration, no connection)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"A URL de banco de dados {url!r} não é válida. Nada foi alterado; use, por exemplo, "
            "sqlite:///caminho/carteira.sqlite3 ou postgresql+psycopg://usuario@host/banco."
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise DatabaseError(
                    f"A pasta do banco de dados {folder} não existe. Nada foi alterado; "
                    "crie a pasta ou indique outro caminho em --db."
                )
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise DatabaseError(
            f"O banco de dados {describe_url(url)} não é suportado ({exc}). Nada foi alterado; "
            "use uma URL sqlite:// ou postgresql+psycopg://."
        ) from None
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine)
    return engine


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """Open the database at ``url``, upgrading its schema in place to this program's version.

    Raises ``DatabaseError`` with one clear sentence when the file is not a database, belongs to another
    program, was written by a newer Carteira Sync, or cannot be reached.
    """
    engine = create_db_engine(url)
    shown = describe_url(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            current = MigrationContext.configure(connection).get_current_revision()
            connection.rollback()
            if current is None and tables - {"alembic_version"} and not tables & OUR_TABLES:
                raise DatabaseError(
                    f"O banco de dados {shown} já contém tabelas de outro programa. Nada foi alterado; "
                    "indique um arquivo novo ou um banco vazio em --db."
                )
            if current is not None:
                script = ScriptDirectory.from_config(_alembic_config())
                try:
                    script.get_revision(current)
                except Exception:
                    raise DatabaseError(
                        f"O banco de dados {shown} foi criado por uma versão mais nova do Carteira Sync "
                        f"(revisão {current}). Nada foi alterado; atualize o programa."
                    ) from None
            if migrate and current != head_revision():
                log.info("upgrading database %s from %s to %s", shown, current, head_revision())
                with engine.begin() as conn:
                    command.upgrade(_alembic_config(conn), "head")
    except DatabaseError:
        engine.dispose()
        raise
    except (DBAPIError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseError(_explain(shown, exc)) from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"O banco de dados {shown} não pôde ser aberto ({exc}). Nada foi alterado.") from None
    return engine


def _explain(shown: str, exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0] if str(exc) else repr(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "file is encrypted" in lowered:
        return (
            f"O arquivo {shown} não é um banco de dados do Carteira Sync (ou está corrompido). "
            "Nada foi alterado; indique outro arquivo em --db."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return f"O banco de dados {shown} é somente leitura. Nada foi alterado; verifique as permissões do arquivo."
    if "unable to open" in lowered:
        return f"O banco de dados {shown} não pôde ser aberto. Nada foi alterado; verifique o caminho e as permissões."
    if "locked" in lowered:
        return (
            f"O banco de dados {shown} está bloqueado por outro programa. Nada foi alterado; "
            "feche o outro programa e tente de novo."
        )
    return (
        f"O banco de dados {shown} não pôde ser usado ({text}). Nada foi alterado; verifique a conexão e tente de novo."
    )


def explain_db_error(url: str, exc: BaseException) -> str:
    """A clear sentence for a database failure that happened while working (not on open)."""
    return _explain(describe_url(url), exc)

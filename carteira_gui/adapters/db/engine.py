"""Opening the local database: engine options per dialect, migrations on start, clear refusals.

SQLite is the default (one planner, a file in the user data directory): WAL, foreign keys on, and
transactions begun by us so that an apply can take the write lock up front (``BEGIN IMMEDIATE``).
Any SQLAlchemy URL works; PostgreSQL is the shared database of a team.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
from collections.abc import Mapping
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
#: How long a SQLite connection waits for the write lock of another program before ``database is locked``.
DEFAULT_BUSY_TIMEOUT_S = 10.0
#: Overrides ``DEFAULT_BUSY_TIMEOUT_S`` (seconds, e.g. ``0.5``): tests and scripts that must not wait long.
ENV_BUSY_TIMEOUT = "CARTEIRA_DB_BUSY_TIMEOUT_S"
OUR_TABLES = {
    "carteira",
    "pre_separacao",
    "separacao",
    "sync_run",
    "sync_change",
    "sync_impacto",
    "alerta",
    "trava",
    "lote",
    "auditoria",
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


def busy_timeout_from(environ: Mapping[str, str] = os.environ) -> float:
    """The SQLite lock wait in seconds: ``$CARTEIRA_DB_BUSY_TIMEOUT_S`` when set, else 10 s.

    Raises ``DatabaseError`` when the variable is not a number from 0 to 3600.
    """
    text = environ.get(ENV_BUSY_TIMEOUT, "").strip()
    if not text:
        return DEFAULT_BUSY_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 3600):
        raise DatabaseError(
            f"{ENV_BUSY_TIMEOUT}={text!r} não é um tempo válido (segundos de 0 a 3600). Nada foi alterado; "
            "corrija ou remova a variável."
        )
    return value


def _sqlite_events(engine: Engine, busy_timeout_s: float) -> None:
    busy_ms = round(busy_timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN: pysqlite's own implicit transactions
        # cannot take the write lock at the start of a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Another program holding the write lock is waited for this long, then "database is locked".
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
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


def create_db_engine(url: str, *, busy_timeout_s: float | None = None) -> Engine:
    """Build the engine for ``url`` with the options its dialect needs (no migration, no connection).

    ``busy_timeout_s`` is how long SQLite waits for another program's lock (default: ``busy_timeout_from()``).
    """
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
    except ImportError as exc:
        if parsed.get_backend_name() == "postgresql":  # the driver is the [postgres] extra
            raise DatabaseError(
                f"O driver do PostgreSQL (psycopg), que o banco de dados {describe_url(url)} precisa, não está "
                "instalado. Nada foi alterado; instale o extra [postgres]: pip install 'psycopg[binary]'."
            ) from None
        raise DatabaseError(
            f"O banco de dados {describe_url(url)} não é suportado ({exc}). Nada foi alterado; "
            "use uma URL sqlite:// ou postgresql+psycopg://."
        ) from None
    except (NoSuchModuleError, ArgumentError) as exc:
        raise DatabaseError(
            f"O banco de dados {describe_url(url)} não é suportado ({exc}). Nada foi alterado; "
            "use uma URL sqlite:// ou postgresql+psycopg://."
        ) from None
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine, busy_timeout_from() if busy_timeout_s is None else busy_timeout_s)
    return engine


def open_database(url: str, *, migrate: bool = True, busy_timeout_s: float | None = None) -> Engine:
    """Open the database at ``url``, upgrading its schema in place to this program's version.

    Raises ``DatabaseError`` with one clear sentence when the file is not a database, belongs to another
    program, was written by a newer Carteira Sync, or cannot be reached.
    """
    engine = create_db_engine(url, busy_timeout_s=busy_timeout_s)
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


_LOST_CONNECTION = (
    "terminating connection",
    "server closed the connection",
    "connection is closed",
    "connection already closed",
    "consuming input failed",
    "connection is lost",
    "connection lost",
    "ssl syscall error",
    "eof detected",
    "connection reset",
    "broken pipe",
)
_UNREACHABLE = (
    "could not connect",
    "connection refused",
    "connection timeout expired",
    "could not translate host name",
    "no route to host",
    "name or service not known",
)
_DISK_FULL = ("database or disk is full", "no space left", "could not extend file", "disk quota")
_BAD_VALUE = ("out of range", "value too long", "numeric field overflow", "invalid byte sequence")


def _first_line(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    for candidate in (str(inner), str(exc)):
        lines = candidate.strip().splitlines()
        if lines:
            return lines[0].strip()
    return type(inner).__name__


def _explain(shown: str, exc: BaseException) -> str:
    text = _first_line(exc)
    lowered = text.lower()

    def found(needles: tuple[str, ...]) -> bool:
        return any(needle in lowered for needle in needles)

    if "not a database" in lowered or "malformed" in lowered or "file is encrypted" in lowered:
        return (
            f"O arquivo {shown} não é um banco de dados do Carteira Sync (ou está corrompido). "
            "Nada foi alterado; indique outro arquivo em --db."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"O banco de dados {shown} é somente leitura. Nada foi alterado; verifique as permissões do arquivo "
            "(ou do usuário do banco) e tente de novo."
        )
    if "permission denied" in lowered or "insufficient privilege" in lowered:
        return (
            f"O usuário do banco de dados {shown} não tem permissão para esta operação ({text}). Nada foi alterado; "
            "peça ao administrador do banco permissão de escrita ou use outro usuário."
        )
    if found(_DISK_FULL):
        return f"O disco do banco de dados {shown} está cheio. Nada foi alterado; libere espaço e tente de novo."
    if "disk i/o error" in lowered:
        return (
            f"O banco de dados {shown} não pôde ser lido ou gravado no disco (erro de E/S). Nada foi alterado; "
            "verifique o disco e tente de novo."
        )
    if found(_LOST_CONNECTION):
        # The server rolls back a transaction whose connection died: nothing of it is half-written.
        return (
            f"A conexão com o banco de dados {shown} caiu durante a operação. Nada foi gravado pela metade "
            "(o banco desfaz a transação interrompida); confira com 'carteira-sync history' e tente de novo."
        )
    if found(_UNREACHABLE):
        return (
            f"O servidor do banco de dados {shown} não pôde ser alcançado. Nada foi alterado; verifique se ele "
            "está no ar e a rede, e tente de novo."
        )
    if "unable to open" in lowered:
        return f"O banco de dados {shown} não pôde ser aberto. Nada foi alterado; verifique o caminho e as permissões."
    if "locked" in lowered or "lock timeout" in lowered or "could not obtain lock" in lowered:
        return (
            f"O banco de dados {shown} está bloqueado por outro programa. Nada foi alterado; "
            "feche o outro programa (ou espere a outra sincronização terminar) e tente de novo."
        )
    if "deadlock" in lowered:
        return (
            f"O banco de dados {shown} desfez a operação por um conflito com outra. Nada foi alterado; tente de novo."
        )
    if found(_BAD_VALUE):
        return (
            f"O banco de dados {shown} recusou um valor fora do que ele aceita ({text}). Nada foi alterado; "
            "corrija o dado de origem e tente de novo."
        )
    return (
        f"O banco de dados {shown} não pôde ser usado ({text}). Nada foi alterado; verifique a conexão e tente de novo."
    )


def is_database_failure(exc: BaseException) -> bool:
    """Whether ``exc`` comes from SQLAlchemy or a database driver (``sqlite3``, ``psycopg``).

    The store reads through raw DBAPI cursors on its hot path, so driver errors can arrive unwrapped.
    """
    return type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "_sqlite3", "psycopg", "psycopg2")


def explain_db_error(url: str, exc: BaseException) -> str:
    """A clear sentence for a database failure that happened while working (not on open)."""
    return _explain(describe_url(url), exc)

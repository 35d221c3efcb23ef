"""Alembic environment: migrations run on a connection handed over by ``carteira_gui.adapters.db.engine``."""

from alembic import context

from carteira_gui.adapters.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the program always hands a connection over
    raise RuntimeError("Carteira Sync runs its migrations itself; use 'carteira-sync state' to upgrade.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds tables when a later migration needs it.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""Automatic syncs: a run says whether it ran unattended and how many changes it held for a planner;
the held changes are kept with the run, with the reason, beside the ones it applied.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Columns are added and dropped in place (ALTER TABLE), never by rebuilding a table: on SQLite a rebuild of
# ``sync_run`` drops the old table, and its ON DELETE CASCADE would take every stored change with it.
_COLUMNS = (
    ("sync_run", "automatico", sa.Boolean(), sa.false()),
    ("sync_run", "retidas", sa.Integer(), sa.text("0")),
    ("sync_change", "retida", sa.Boolean(), sa.false()),
)


def upgrade() -> None:
    for table, name, kind, default in _COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=False, server_default=default))
    op.add_column("sync_change", sa.Column("motivo", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; Alembic's op.drop_column would rebuild the table there.
    for table, name in (("sync_change", "motivo"), *((t, n) for t, n, _k, _d in reversed(_COLUMNS))):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")

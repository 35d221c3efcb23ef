"""Index separações by lote (the window and the reports look lotes up) and sync runs by start time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_separacao_lote", "separacao", ["lote"])
    op.create_index("ix_sync_run_iniciado", "sync_run", ["iniciado_em"])


def downgrade() -> None:
    op.drop_index("ix_sync_run_iniciado", table_name="sync_run")
    op.drop_index("ix_separacao_lote", table_name="separacao")

"""The planners' decisions: fields of a pré-separação, the lote as a row of its own, the audit trail.

- ``pre_separacao`` gains the decision fields ``data_expedicao``, ``observacao`` and ``criado_por``.
- ``lote`` holds what a lote de separação is beyond its rows (pedido, status, dates, the freight quote, the
  NF); one is made here for every lote already stored in ``separacao``, so every database keeps working.
- ``auditoria`` records every decision (who, when, what, before → after), shown with the line's syncs.
- ``sync_change`` is indexed by line, for the history of one line.

Nothing here touches ``carteira``: its revision triggers (0003) stay as they are.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from carteira_gui.adapters.db.types import Preco, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds nullable columns in place (batch mode rebuilds a table only when it must).
    with op.batch_alter_table("pre_separacao") as batch:
        batch.add_column(sa.Column("data_expedicao", sa.Date, nullable=True))
        batch.add_column(sa.Column("observacao", sa.Text, nullable=True))
        batch.add_column(sa.Column("criado_por", sa.String(200), nullable=True))

    op.create_table(
        "lote",
        sa.Column("codigo", sa.String(100), primary_key=True),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("data_expedicao", sa.Date),
        sa.Column("observacao", sa.Text),
        sa.Column("criado_por", sa.String(200)),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.Column("atualizado_em", UTCDateTime(), nullable=False),
        sa.Column("transportadora", sa.Text),
        sa.Column("valor_frete", Preco()),
        sa.Column("data_embarque", sa.Date),
        sa.Column("numero_nf", sa.String(100)),
    )
    op.create_index("ix_lote_status", "lote", ["status"])
    op.create_index("ix_lote_pedido", "lote", ["num_pedido"])
    # Every lote already stored becomes a row: all its rows share one pedido and one status (MIN picks
    # that one; a database written by another program where they differ still gets a row).
    op.execute(
        "INSERT INTO lote (codigo, num_pedido, status, criado_em, atualizado_em) "
        "SELECT lote, MIN(num_pedido), MIN(status), MIN(criado_em), MIN(criado_em) FROM separacao GROUP BY lote"
    )

    op.create_table(
        "auditoria",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("em", UTCDateTime(), nullable=False),
        sa.Column("por", sa.String(200), nullable=False),
        sa.Column("acao", sa.String(30), nullable=False),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=True),
        sa.Column("alvo", sa.String(100), nullable=False),
        sa.Column("antes", sa.JSON, nullable=True),
        sa.Column("depois", sa.JSON, nullable=True),
        sa.Column("resumo", sa.Text, nullable=False),
    )
    op.create_index("ix_auditoria_chave", "auditoria", ["num_pedido", "cod_produto", "em"])
    op.create_index("ix_sync_change_chave", "sync_change", ["num_pedido", "cod_produto"])


def downgrade() -> None:
    op.drop_index("ix_sync_change_chave", table_name="sync_change")
    op.drop_index("ix_auditoria_chave", table_name="auditoria")
    op.drop_table("auditoria")
    op.drop_index("ix_lote_pedido", table_name="lote")
    op.drop_index("ix_lote_status", table_name="lote")
    op.drop_table("lote")
    # SQLite: batch mode rebuilds pre_separacao without the columns (and recreates its index).
    with op.batch_alter_table("pre_separacao") as batch:
        batch.drop_column("criado_por")
        batch.drop_column("observacao")
        batch.drop_column("data_expedicao")

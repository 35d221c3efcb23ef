"""Initial schema: carteira, allocations, sync runs with changes and impacts, alerts, the lock row.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from carteira_gui.adapters.db.types import Preco, Qtd, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "carteira",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=False),
        sa.Column("qtd_saldo", Qtd(), nullable=False),
        sa.Column("nome_produto", sa.Text),
        sa.Column("cliente", sa.Text),
        sa.Column("cnpj_cpf", sa.Text),
        sa.Column("municipio", sa.Text),
        sa.Column("uf", sa.Text),
        sa.Column("data_pedido", sa.Date),
        sa.Column("data_entrega", sa.Date),
        sa.Column("preco", Preco()),
        sa.UniqueConstraint("num_pedido", "cod_produto", name="uq_carteira_chave"),
    )
    op.create_table(
        "pre_separacao",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=False),
        sa.Column("qtd", Qtd(), nullable=False),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.Column("tipo_envio", sa.String(10), nullable=False),
    )
    op.create_index("ix_pre_separacao_chave", "pre_separacao", ["num_pedido", "cod_produto"])
    op.create_table(
        "separacao",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lote", sa.String(100), nullable=False),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=False),
        sa.Column("qtd", Qtd(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.Column("tipo_envio", sa.String(10), nullable=False),
    )
    op.create_index("ix_separacao_chave", "separacao", ["num_pedido", "cod_produto"])
    op.create_table(
        "sync_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("iniciado_em", UTCDateTime(), nullable=False),
        sa.Column("concluido_em", UTCDateTime(), nullable=False),
        sa.Column("usuario", sa.String(200), nullable=False),
        sa.Column("origem", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(200), nullable=False),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in (
                "n_reducao",
                "n_aumento",
                "n_novo",
                "n_removido",
                "n_alterado",
                "n_inalterado",
                "n_critico",
                "n_atencao",
                "n_info",
                "linhas_antes",
                "linhas_depois",
            )
        ),
        sa.Column("delta_total", Qtd(), nullable=False),
        sa.Column("duracao_s", sa.Float, nullable=False),
    )
    op.create_table(
        "sync_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sync_id", sa.Integer, sa.ForeignKey("sync_run.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tipo", sa.String(12), nullable=False),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=False),
        sa.Column("cliente", sa.Text),
        sa.Column("qtd_antes", Qtd(), nullable=False),
        sa.Column("qtd_depois", Qtd(), nullable=False),
        sa.Column("nao_coberto", Qtd(), nullable=False),
        sa.Column("linhas_somadas", sa.Integer, nullable=False),
        sa.Column("campos", sa.JSON, nullable=False),
    )
    op.create_index("ix_sync_change_run", "sync_change", ["sync_id"])
    op.create_table(
        "sync_impacto",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("change_id", sa.Integer, sa.ForeignKey("sync_change.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alvo", sa.String(20), nullable=False),
        sa.Column("alvo_id", sa.Integer),
        sa.Column("lote", sa.String(100)),
        sa.Column("status", sa.String(10)),
        sa.Column("qtd_antes", Qtd(), nullable=False),
        sa.Column("qtd_depois", Qtd(), nullable=False),
    )
    op.create_index("ix_sync_impacto_change", "sync_impacto", ["change_id"])
    op.create_table(
        "alerta",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nivel", sa.String(10), nullable=False),
        sa.Column("tipo", sa.String(12), nullable=False),
        sa.Column("num_pedido", sa.String(100), nullable=False),
        sa.Column("cod_produto", sa.String(100), nullable=False),
        sa.Column("separacao_id", sa.Integer),
        sa.Column("pre_separacao_id", sa.Integer),
        sa.Column("lote", sa.String(100)),
        sa.Column("qtd_anterior", Qtd(), nullable=False),
        sa.Column("qtd_nova", Qtd(), nullable=False),
        sa.Column("mensagem", sa.Text, nullable=False),
        sa.Column("sync_id", sa.Integer, sa.ForeignKey("sync_run.id", ondelete="SET NULL")),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.Column("atualizado_em", UTCDateTime(), nullable=False),
        sa.Column("reconhecido_por", sa.String(200)),
        sa.Column("reconhecido_em", UTCDateTime()),
        sa.Column("nota", sa.Text),
    )
    op.create_index("ix_alerta_aberto", "alerta", ["num_pedido", "cod_produto", "reconhecido_em"])
    op.create_index("ix_alerta_sync", "alerta", ["sync_id"])
    trava = op.create_table(
        "trava",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nome", sa.String(50), nullable=False),
    )
    op.bulk_insert(trava, [{"id": 1, "nome": "sync"}])


def downgrade() -> None:
    for table in (
        "trava",
        "alerta",
        "sync_impacto",
        "sync_change",
        "sync_run",
        "separacao",
        "pre_separacao",
        "carteira",
    ):
        op.drop_table(table)

"""A revision counter of the carteira, kept by the database itself.

Every INSERT, UPDATE or DELETE on ``carteira`` — by Carteira Sync or by any other program — bumps
``trava.versao`` through a trigger. A plan records the counter it was computed at; the apply compares it
under the lock, so checking that "no line changed" no longer means hashing 100,000 rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    with op.batch_alter_table("trava") as batch:
        batch.add_column(sa.Column("versao", sa.BigInteger, nullable=False, server_default="0"))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION carteira_versao_bump() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE trava SET versao = versao + 1 WHERE id = 1;
                RETURN NULL;
            END $$
            """
        )
        # Statement-level: one bump per statement, whatever the number of rows.
        op.execute(
            "CREATE TRIGGER carteira_versao AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON carteira "
            "FOR EACH STATEMENT EXECUTE FUNCTION carteira_versao_bump()"
        )
    else:
        # SQLite has only row-level triggers; a bump is one small in-page update.
        for event in _SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER carteira_versao_{event.lower()} AFTER {event} ON carteira "
                "BEGIN UPDATE trava SET versao = versao + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER carteira_versao ON carteira")
        op.execute("DROP FUNCTION carteira_versao_bump()")
    else:
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER carteira_versao_{event.lower()}")
    with op.batch_alter_table("trava") as batch:
        batch.drop_column("versao")

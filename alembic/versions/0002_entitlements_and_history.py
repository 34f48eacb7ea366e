"""entitlements and history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:10:45.469542
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import treinico.models.base  # noqa: F401  (custom column types)

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('entitlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('grace_ends_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('granted_by_user_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_user_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_entitlement_client_id_client')),
    sa.ForeignKeyConstraint(['granted_by_user_id'], ['user_account.id'], name=op.f('fk_entitlement_granted_by_user_id_user_account')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_entitlement_product_id_product')),
    sa.ForeignKeyConstraint(['revoked_by_user_id'], ['user_account.id'], name=op.f('fk_entitlement_revoked_by_user_id_user_account')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_entitlement_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlement'))
    )
    with op.batch_alter_table('entitlement', schema=None) as batch_op:
        batch_op.create_index('ix_entitlement_open_grace_ends_at', ['grace_ends_at'], unique=False, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.create_index('ix_entitlement_open_ends_at', ['ends_at'], unique=False, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_entitlement_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_entitlement_team_client', ['team_id', 'client_id'], unique=False)
        batch_op.create_index('uq_entitlement_open_client_product', ['client_id', 'product_id'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('entitlement_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('entitlement_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('old_ends_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('new_ends_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('period_end', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_entitlement_event_actor_user_id_user_account')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_entitlement_event_client_id_client')),
    sa.ForeignKeyConstraint(['entitlement_id'], ['entitlement.id'], name=op.f('fk_entitlement_event_entitlement_id_entitlement')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_entitlement_event_product_id_product')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_entitlement_event_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlement_event'))
    )
    with op.batch_alter_table('entitlement_event', schema=None) as batch_op:
        batch_op.create_index('ix_entitlement_event_entitlement', ['entitlement_id'], unique=False)
        batch_op.create_index('ix_entitlement_event_team_client_at', ['team_id', 'client_id', 'at', 'id'], unique=False)
        batch_op.create_index('uq_entitlement_event_transition', ['entitlement_id', 'event_type', 'period_end'], unique=True, sqlite_where=sa.text("event_type IN ('entered_grace', 'expired')"), postgresql_where=sa.text("event_type IN ('entered_grace', 'expired')"))

    # History is append-only, enforced by the database (SECURITY.md, data integrity).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER entitlement_event_no_update BEFORE UPDATE ON entitlement_event "
            "BEGIN SELECT RAISE(ABORT, 'entitlement_event is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER entitlement_event_no_delete BEFORE DELETE ON entitlement_event "
            "BEGIN SELECT RAISE(ABORT, 'entitlement_event is append-only'); END"
        )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION treinico_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        op.execute(
            "CREATE TRIGGER entitlement_event_append_only BEFORE UPDATE OR DELETE "
            "ON entitlement_event FOR EACH ROW EXECUTE FUNCTION treinico_append_only()"
        )
        op.execute(
            "CREATE TRIGGER entitlement_event_no_truncate BEFORE TRUNCATE "
            "ON entitlement_event FOR EACH STATEMENT EXECUTE FUNCTION treinico_append_only()"
        )



def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS entitlement_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS entitlement_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS entitlement_event_append_only ON entitlement_event")
        op.execute("DROP TRIGGER IF EXISTS entitlement_event_no_truncate ON entitlement_event")
        op.execute("DROP FUNCTION IF EXISTS treinico_append_only()")
    with op.batch_alter_table('entitlement_event', schema=None) as batch_op:
        batch_op.drop_index('uq_entitlement_event_transition', sqlite_where=sa.text("event_type IN ('entered_grace', 'expired')"), postgresql_where=sa.text("event_type IN ('entered_grace', 'expired')"))
        batch_op.drop_index('ix_entitlement_event_team_client_at')
        batch_op.drop_index('ix_entitlement_event_entitlement')

    op.drop_table('entitlement_event')
    with op.batch_alter_table('entitlement', schema=None) as batch_op:
        batch_op.drop_index('uq_entitlement_open_client_product', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index('ix_entitlement_team_client')
        batch_op.drop_index(batch_op.f('ix_entitlement_product_id'))
        batch_op.drop_index('ix_entitlement_open_grace_ends_at', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index('ix_entitlement_open_ends_at', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.drop_table('entitlement')

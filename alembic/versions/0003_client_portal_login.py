"""client portal login

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:27:16.041498
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import treinico.models.base  # noqa: F401  (custom column types)

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('code_hmac', sa.String(length=64), nullable=False),
    sa.Column('known', sa.Boolean(), nullable=False),
    sa.Column('created_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('consumed_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('send_failed', sa.Boolean(), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_challenge'))
    )
    with op.batch_alter_table('login_challenge', schema=None) as batch_op:
        batch_op.create_index('ix_login_challenge_created', ['created_at'], unique=False)
        batch_op.create_index('ix_login_challenge_ip_created', ['ip', 'created_at'], unique=False)
        batch_op.create_index('ix_login_challenge_phone_created', ['phone_e164', 'created_at'], unique=False)

    op.create_table('portal_ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_hash', sa.String(length=64), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('expires_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_ticket')),
    sa.UniqueConstraint('ticket_hash', name=op.f('uq_portal_ticket_ticket_hash'))
    )
    op.create_table('portal_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('phone_e164', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('created_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', treinico.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', treinico.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_portal_session_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_portal_session_token_hash'))
    )
    with op.batch_alter_table('portal_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_session_phone_e164'), ['phone_e164'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('portal_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portal_session_phone_e164'))

    op.drop_table('portal_session')
    op.drop_table('portal_ticket')
    with op.batch_alter_table('login_challenge', schema=None) as batch_op:
        batch_op.drop_index('ix_login_challenge_phone_created')
        batch_op.drop_index('ix_login_challenge_ip_created')
        batch_op.drop_index('ix_login_challenge_created')

    op.drop_table('login_challenge')

"""the business's public page: profile, logo and what it lists

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import treinico.models.base  # noqa: F401  (custom column types)

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_profile",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("whatsapp_e164", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=True),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", treinico.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_public_profile_team_id_team")
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_public_profile")),
    )
    # Plain ADD COLUMNs: nothing is listed until the owner marks it.
    op.add_column(
        "session_type", sa.Column("public", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "product", sa.Column("public", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    op.drop_column("product", "public")
    op.drop_column("session_type", "public")
    op.drop_table("public_profile")

"""job leases: one worker runs each periodic job per period

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import treinico.models.base  # noqa: F401  (custom column types)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_lease",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("expires_at", treinico.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_lease")),
    )


def downgrade() -> None:
    op.drop_table("job_lease")

"""Bulk access changes from the Commerce area: a batch previewed, then applied once."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime


class BulkOperation(StrEnum):
    GRANT = "grant"
    EXTEND = "extend"
    REVOKE = "revoke"


class BatchStatus(StrEnum):
    PREVIEW = "preview"
    RUNNING = "running"
    DONE = "done"


class ItemOutcome(StrEnum):
    PENDING = "pending"  # in the preview, to be changed
    SKIPPED = "skipped"  # left out at preview time, with the reason
    CHANGED = "changed"
    CONFLICT = "conflict"  # changed by someone else between preview and apply


class BulkBatch(SQLModel, table=True):
    """``reference`` is what the page submits: applying the same reference twice (a double
    click, a retried request) runs the batch once and answers with its stored result."""

    __tablename__ = "bulk_batch"
    __table_args__ = (UniqueConstraint("reference"), Index("ix_bulk_batch_team", "team_id", "id"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    reference: str = Field(max_length=40)
    operation: str = Field(max_length=10)
    product_id: int = Field(foreign_key="product.id")
    params: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_by_name: str = Field(max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default=BatchStatus.PREVIEW.value, max_length=10)
    applied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BulkItem(SQLModel, table=True):
    """One client of a batch. ``expected_ends_at`` is the expiry the preview saw: the apply
    changes the access only if it is still that, and reports the client otherwise."""

    __tablename__ = "bulk_item"
    __table_args__ = (Index("ix_bulk_item_batch", "batch_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="bulk_batch.id")
    client_id: int = Field(foreign_key="client.id")
    entitlement_id: int | None = Field(default=None, foreign_key="entitlement.id")
    expected_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    new_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    new_grace_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str = Field(default=ItemOutcome.PENDING.value, max_length=10)
    message: str = Field(default="", max_length=200)

"""A client's access to a product, and its append-only history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text, text
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only


class EntitlementSource(StrEnum):
    MANUAL = "manual"


class EntitlementEventType(StrEnum):
    GRANTED = "granted"
    EXTENDED = "extended"
    REVOKED = "revoked"
    ENTERED_GRACE = "entered_grace"
    EXPIRED = "expired"


class Entitlement(SQLModel, table=True):
    """Status is never stored: it is derived from the dates and the revocation when read.

    ``closed_at`` marks a row that can no longer become current again (revoked, or expired and
    recorded). The partial unique index on open rows allows one current access per client and
    product, whoever writes concurrently.
    """

    __tablename__ = "entitlement"
    __table_args__ = (
        Index(
            "uq_entitlement_open_client_product",
            "client_id",
            "product_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index("ix_entitlement_team_client", "team_id", "client_id"),
        Index(
            "ix_entitlement_open_ends_at",
            "ends_at",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index(
            "ix_entitlement_open_grace_ends_at",
            "grace_ends_at",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    product_id: int = Field(foreign_key="product.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # ends_at + the product's grace days when granted or extended (None for lifetime), so the
    # sweep and the status need only plain comparisons on both databases.
    grace_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    grace_days: int = Field(default=0)
    source: str = Field(default=EntitlementSource.MANUAL.value, max_length=20)
    granted_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    granted_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    revoke_reason: str | None = Field(default=None, sa_type=Text)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class EntitlementEvent(SQLModel, table=True):
    """One line of access history. Inserted, never updated or deleted (database triggers).

    ``period_end`` is the expiry an entered-grace or expired event refers to: with the partial
    unique index, the sweep records each transition once however often and wherever it runs.
    """

    __tablename__ = "entitlement_event"
    __table_args__ = (
        Index("ix_entitlement_event_team_client_at", "team_id", "client_id", "at", "id"),
        Index("ix_entitlement_event_entitlement", "entitlement_id"),
        Index(
            "uq_entitlement_event_transition",
            "entitlement_id",
            "event_type",
            "period_end",
            unique=True,
            sqlite_where=text("event_type IN ('entered_grace', 'expired')"),
            postgresql_where=text("event_type IN ('entered_grace', 'expired')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    product_id: int = Field(foreign_key="product.id")
    entitlement_id: int = Field(foreign_key="entitlement.id")
    event_type: str = Field(max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(max_length=120)  # "sistema" for the sweep
    at: datetime = Field(sa_type=UTCDateTime)
    old_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    new_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    period_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str = Field(default="", sa_type=Text)
    # The Commerce area's bulk change this event belongs to (None for a single change).
    batch_id: int | None = Field(default=None, foreign_key="bulk_batch.id")


make_append_only(EntitlementEvent.__table__)  # type: ignore[attr-defined]

"""Make-up credits (créditos de reposição): an append-only ledger, the only source of the
balance.

Every event belongs to one credit (``credit_key``: a random key given when it is earned) and
carries that credit's step number ``seq`` (earned = 0, then used, returned, used, expired…).
``delta`` is +1 or -1, so a credit is available while the sum of its deltas is 1 and its
validity has not ended. The unique ``(credit_key, seq)`` makes two concurrent uses of one
credit impossible: the second insert collides; the unique ``earned`` per booking makes a
double-submitted cancellation earn once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only


class CreditEventType(StrEnum):
    EARNED = "ganho"
    USED = "usado"
    RETURNED = "devolvido"
    EXPIRED = "expirado"


class CreditEvent(SQLModel, table=True):
    __tablename__ = "credit_event"
    __table_args__ = (
        UniqueConstraint("credit_key", "seq"),
        CheckConstraint("delta IN (-1, 1)", name="delta"),
        Index("ix_credit_event_team_client", "team_id", "client_id", "at"),
        Index("ix_credit_event_entitlement", "entitlement_id", "cycle_start"),
        Index(
            "uq_credit_event_earned_booking",
            "booking_id",
            unique=True,
            sqlite_where=text("event_type = 'ganho'"),
            postgresql_where=text("event_type = 'ganho'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    entitlement_id: int = Field(foreign_key="entitlement.id")
    credit_key: str = Field(sa_column=Column(String(32), nullable=False))
    seq: int = Field(default=0)
    event_type: str = Field(max_length=12)
    delta: int
    booking_id: int | None = Field(default=None, foreign_key="booking.id")
    # Cycle (local start day as UTC instant) the credit was earned in, and its validity end.
    cycle_start: datetime = Field(sa_type=UTCDateTime)
    valid_until: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=200)
    actor_name: str = Field(max_length=120)
    at: datetime = Field(sa_type=UTCDateTime)


make_append_only(CreditEvent.__table__)  # type: ignore[attr-defined]

"""The business's clients."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint, false, true
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, utcnow


class Client(SQLModel, table=True):
    __tablename__ = "client"
    __table_args__ = (
        UniqueConstraint("team_id", "phone_e164"),
        Index("ix_client_team_name", "team_id", "name_search"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    name: str = Field(max_length=120)
    # Lower-cased, accent-free copy of the name, so search works the same on both databases.
    name_search: str = Field(max_length=120)
    phone_e164: str = Field(max_length=16)
    email: str | None = Field(default=None, max_length=254)
    birth_date: date | None = None
    notes: str = Field(default="", sa_type=Text)
    archived: bool = Field(default=False)
    # Set once when the client's contact data was removed on request (LGPD art. 18).
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Portal preferences: a WhatsApp notice when the team writes (on unless turned off), and
    # WhatsApp reminders of bookings and expiring access (off until the client turns them on).
    notify_whatsapp: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    remind_whatsapp: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

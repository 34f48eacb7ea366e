"""Client portal: WhatsApp login challenges and portal sessions.

Portal identity is the phone number (E.164): one person may be a client of several teams.
The team a session works in is checked against the clients table on every event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime


class LoginChallenge(SQLModel, table=True):
    """One code sent (or, for an unknown phone, pretended to be sent) to a phone.

    Only an HMAC of the code is stored. ``attempts`` counts wrong tries; ``consumed_at`` makes
    the code single-use.
    """

    __tablename__ = "login_challenge"
    __table_args__ = (
        Index("ix_login_challenge_phone_created", "phone_e164", "created_at"),
        Index("ix_login_challenge_ip_created", "ip", "created_at"),
        Index("ix_login_challenge_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    phone_e164: str = Field(max_length=16)
    code_hmac: str = Field(sa_column=Column(String(64), nullable=False))
    known: bool = Field(default=False)  # the phone belongs to a client of some team
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = Field(default=0)
    consumed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    send_failed: bool = Field(default=False)
    ip: str = Field(max_length=64)


class PortalSession(SQLModel, table=True):
    """A logged-in phone on one device. Only the keyed hash of the cookie token is stored."""

    __tablename__ = "portal_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    phone_e164: str = Field(max_length=16, index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PortalTicket(SQLModel, table=True):
    """Single-use ticket the browser trades for the portal cookie (like the staff login)."""

    __tablename__ = "portal_ticket"

    id: int | None = Field(default=None, primary_key=True)
    ticket_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    phone_e164: str = Field(max_length=16)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

"""Teams (a trainer's business, a studio or a clinic), staff users and their memberships."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, LargeBinary, String, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, utcnow


class Team(SQLModel, table=True):
    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=60, sa_column_kwargs={"unique": True})
    timezone: str = Field(default="America/Sao_Paulo", max_length=64)
    commerce_enabled: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    # Agenda rules: minimum notice for a client to cancel or reschedule, and how many
    # make-up credits one plan cycle can earn.
    cancel_notice_hours: int = Field(default=24, sa_column_kwargs={"server_default": "24"})
    makeup_cap_per_cycle: int = Field(default=2, sa_column_kwargs={"server_default": "2"})
    # The Saúde module (health records); clinics turn it on.
    health_enabled: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # WhatsApp reminders: the hour (team time) of the day-before booking reminder, and how many
    # days before an access expires its reminder goes out.
    reminder_hour: int = Field(default=18, sa_column_kwargs={"server_default": "18"})
    access_reminder_days: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PublicProfile(SQLModel, table=True):
    """What the business's public page (`/{slug}`) says beside its name. One row per team,
    created on the first save; a team without one gets the defaults."""

    __tablename__ = "public_profile"

    team_id: int = Field(foreign_key="team.id", primary_key=True)
    kind: str = Field(default="studio", max_length=20)  # personal | studio | clinic
    description: str = Field(default="", sa_type=Text)
    address: str = Field(default="", max_length=200)
    whatsapp_e164: str = Field(default="", max_length=16)
    # None: the opening hours follow the trainers' weekly hours in the agenda. Otherwise seven
    # lists (segunda..domingo) of [start_minute, end_minute] windows the owner typed.
    hours: list[list[list[int]]] | None = Field(default=None, sa_column=Column(JSON))
    # The logo, already resized and re-encoded as PNG on upload.
    logo_png: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    active: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    role: str = Field(max_length=20)
    permissions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StaffSession(SQLModel, table=True):
    """A logged-in browser. Only the SHA-256 of the cookie token is stored."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="user_account.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginTicket(SQLModel, table=True):
    """A single-use, short-lived ticket that the browser trades for the session cookie."""

    __tablename__ = "login_ticket"

    id: int | None = Field(default=None, primary_key=True)
    ticket_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="user_account.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginAttempt(SQLModel, table=True):
    """Failed and successful password logins, for throttling by e-mail and by address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    ip: str = Field(max_length=64)
    success: bool
    at: datetime = Field(sa_type=UTCDateTime)


class JobLease(SQLModel, table=True):
    """Which worker runs a periodic job in the current period: the row's ``expires_at`` is the
    end of the period taken, so a second worker finds it taken until then."""

    __tablename__ = "job_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(default="", max_length=120)
    expires_at: datetime = Field(sa_type=UTCDateTime)

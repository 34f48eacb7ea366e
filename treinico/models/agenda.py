"""The agenda: session types, trainers' hours and blocks, appointments and bookings.

An appointment is a trainer's time (start, end, session type); a booking is one client in
it. A group session type has room for several bookings in one appointment.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, Text, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only, utcnow


class BookingStatus(StrEnum):
    SCHEDULED = "agendado"
    PRESENT = "presente"
    ABSENT = "falta"
    CANCELLED = "cancelado"


class CancelKind(StrEnum):
    TIMELY = "no_prazo"
    LATE = "fora_do_prazo"
    STUDIO = "pelo_studio"
    RESCHEDULED = "remarcado"


class SessionType(SQLModel, table=True):
    __tablename__ = "session_type"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 600", name="duration"),
        CheckConstraint("capacity BETWEEN 1 AND 100", name="capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    name: str = Field(max_length=80)
    duration_minutes: int
    capacity: int = Field(default=1)
    color: str = Field(default="teal", max_length=20)
    archived: bool = Field(default=False)
    # Listed on the business's public page.
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SessionTypeProduct(SQLModel, table=True):
    """The plan products whose sessions a session type consumes."""

    __tablename__ = "session_type_product"

    session_type_id: int = Field(foreign_key="session_type.id", primary_key=True)
    product_id: int = Field(foreign_key="product.id", primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)


class WorkingHours(SQLModel, table=True):
    """One weekly window of a trainer (weekday 0 = segunda), in minutes of the local day."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint(
            "start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
            name="window",
        ),
        Index("ix_working_hours_team_user", "team_id", "user_id", "weekday"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    user_id: int = Field(foreign_key="user_account.id")
    weekday: int
    start_minute: int
    end_minute: int


class BlockedPeriod(SQLModel, table=True):
    """Time a trainer does not take clients (folga, férias)."""

    __tablename__ = "blocked_period"
    __table_args__ = (
        Index("ix_blocked_period_team_user_start", "team_id", "user_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    user_id: int = Field(foreign_key="user_account.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Appointment(SQLModel, table=True):
    """A trainer's time. ``booked`` counts its live bookings; the conditional UPDATE that
    takes a seat (``booked < capacity``) and the CHECK keep a group within capacity. An
    appointment whose last booking is cancelled is closed (``cancelled_at``) and frees the
    trainer's time; one open appointment per trainer and start."""

    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="seats"),
        CheckConstraint("starts_at < ends_at", name="span"),
        Index(
            "uq_appointment_open_trainer_start",
            "trainer_user_id",
            "starts_at",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
        Index("ix_appointment_team_start", "team_id", "starts_at"),
        Index("ix_appointment_trainer_start", "trainer_user_id", "starts_at", "ends_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    trainer_user_id: int = Field(foreign_key="user_account.id")
    session_type_id: int = Field(foreign_key="session_type.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    capacity: int
    booked: int = Field(default=0)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Booking(SQLModel, table=True):
    """One client in one appointment. Start and end are copied from the appointment so a
    client's overlaps and upcoming list are one indexed read."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_team_client_start", "team_id", "client_id", "starts_at"),
        # The week view: all trainers of a team, or one trainer.
        Index("ix_booking_team_start", "team_id", "starts_at"),
        Index("ix_booking_trainer_start", "trainer_user_id", "starts_at"),
        Index("ix_booking_appointment", "appointment_id"),
        Index("ix_booking_entitlement_start", "entitlement_id", "starts_at"),
        Index("ix_booking_series", "series_id"),
        # A client is in an appointment once while the booking is live.
        Index(
            "uq_booking_live_client_appointment",
            "client_id",
            "appointment_id",
            unique=True,
            sqlite_where=text("status <> 'cancelado'"),
            postgresql_where=text("status <> 'cancelado'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    appointment_id: int = Field(foreign_key="appointment.id")
    client_id: int = Field(foreign_key="client.id")
    trainer_user_id: int = Field(foreign_key="user_account.id")
    session_type_id: int = Field(foreign_key="session_type.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    # The plan access this booking counts against (None: booked without a plan).
    entitlement_id: int | None = Field(default=None, foreign_key="entitlement.id")
    is_makeup: bool = Field(default=False)
    series_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    status: str = Field(default=BookingStatus.SCHEDULED.value, max_length=12)
    cancel_kind: str | None = Field(default=None, max_length=16)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_by: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=120)


class BookingEvent(SQLModel, table=True):
    """What happened to a booking, who did it and when. Append-only (database triggers)."""

    __tablename__ = "booking_event"
    __table_args__ = (Index("ix_booking_event_booking", "booking_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    booking_id: int = Field(foreign_key="booking.id")
    event_type: str = Field(max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(max_length=120)
    at: datetime = Field(sa_type=UTCDateTime)
    detail: str = Field(default="", sa_type=Text)


class CalendarFeed(SQLModel, table=True):
    """A client's private calendar address. Only the token's SHA-256 is kept; renewing
    revokes the old one."""

    __tablename__ = "calendar_feed"
    __table_args__ = (
        UniqueConstraint("token_hash"),
        Index("ix_calendar_feed_team_client", "team_id", "client_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    token_hash: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


make_append_only(BookingEvent.__table__)  # type: ignore[attr-defined]

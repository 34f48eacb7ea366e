"""The client's private calendar feed (.ics, RFC 5545), so the phone's calendar follows the
agenda. The address carries a long random token; only its SHA-256 is stored, and renewing
the address revokes the old one at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select, update
from sqlmodel import Session, col

from treinico.models import Booking, BookingStatus, CalendarFeed, Client, SessionType, Team, User
from treinico.services.formatting import fmt_datetime

PAST_DAYS = 60
FUTURE_DAYS = 365


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FeedState:
    active: bool
    since: str  # "03/03/2026 07:00"


def feed_state(*, session: Session, team_id: int, client_id: int, tz: str) -> FeedState:
    row = (
        session.execute(
            select(CalendarFeed)
            .where(
                col(CalendarFeed.team_id) == team_id,
                col(CalendarFeed.client_id) == client_id,
                col(CalendarFeed.revoked_at).is_(None),
            )
            .order_by(col(CalendarFeed.id).desc())
        )
        .scalars()
        .first()
    )
    if row is None:
        return FeedState(active=False, since="")
    return FeedState(active=True, since=fmt_datetime(row.created_at, tz))


def renew_feed(*, session: Session, team_id: int, client_id: int, now: datetime) -> str:
    """A new private address for the client's calendar; any previous one stops working."""
    session.execute(
        update(CalendarFeed)
        .where(
            col(CalendarFeed.team_id) == team_id,
            col(CalendarFeed.client_id) == client_id,
            col(CalendarFeed.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        CalendarFeed(team_id=team_id, client_id=client_id, token_hash=_hash(token), created_at=now)
    )
    session.flush()
    return token


def render_feed(*, session: Session, token: str, now: datetime) -> bytes | None:
    """The .ics body for a live token, or None (unknown, renewed, or archived client)."""
    if not token or len(token) > 100:
        return None
    feed = session.execute(
        select(CalendarFeed).where(
            col(CalendarFeed.token_hash) == _hash(token), col(CalendarFeed.revoked_at).is_(None)
        )
    ).scalar_one_or_none()
    if feed is None:
        return None
    client = session.get(Client, feed.client_id)
    team = session.get(Team, feed.team_id)
    if client is None or team is None or client.archived or client.team_id != team.id:
        return None
    rows = session.execute(
        select(Booking, col(SessionType.name), col(User.name))
        .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
        .join(User, col(User.id) == col(Booking.trainer_user_id))
        .where(
            col(Booking.team_id) == team.id,
            col(Booking.client_id) == client.id,
            col(Booking.starts_at) >= now - timedelta(days=PAST_DAYS),
            col(Booking.starts_at) < now + timedelta(days=FUTURE_DAYS),
        )
        .order_by(col(Booking.starts_at))
    ).all()
    cal = Calendar()
    cal.add("prodid", "-//Treinico//Agenda do cliente//PT-BR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{team.name} — meus horários")
    cal.add("x-wr-timezone", team.timezone)
    for booking, type_name, trainer_name in rows:
        event = Event()
        event.add("uid", f"booking-{booking.id}@treinico")
        event.add("dtstamp", now)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{type_name} — {team.name}")
        event.add("description", f"Com {trainer_name}.")
        event.add("sequence", 1 if booking.status == BookingStatus.CANCELLED else 0)
        event.add(
            "status", "CANCELLED" if booking.status == BookingStatus.CANCELLED else "CONFIRMED"
        )
        cal.add_component(event)
    return cal.to_ical()

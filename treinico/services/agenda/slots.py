"""Free slots offered to clients: a trainer's weekly hours minus blocked periods and
appointments, on the session type's duration grid, for the next days.

Four or five reads whatever the size of the agenda (hours, blocks, the trainer's appointments and
the client's bookings in the window); the rest is arithmetic in the team's timezone. A group
appointment of the same type with seats left is offered at its own start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import (
    Appointment,
    BlockedPeriod,
    Booking,
    BookingStatus,
    SessionType,
    Team,
    WorkingHours,
)
from treinico.services.access.status import day_start
from treinico.services.formatting import fmt_time, fmt_weekday_day

WINDOW_DAYS = 14


@dataclass(frozen=True)
class Slot:
    start_iso: str  # UTC, ISO 8601: what the browser sends back, re-checked here
    time: str  # "07:00"
    seats: str  # "" for individual sessions, "2 vagas" for a group


@dataclass(frozen=True)
class DaySlots:
    day_iso: str
    label: str  # "ter., 03/03"
    slots: list[Slot]


def free_slots(
    session: Session,
    *,
    team: Team,
    trainer_user_id: int,
    st: SessionType,
    client_id: int | None,
    now: datetime,
    days: int = WINDOW_DAYS,
    exclude_booking_id: int | None = None,
) -> list[DaySlots]:
    tz = ZoneInfo(team.timezone)
    today = now.astimezone(tz).date()
    window_start = day_start(today, tz)
    window_end = day_start(today + timedelta(days=days), tz)
    hours = session.execute(
        select(
            col(WorkingHours.weekday), col(WorkingHours.start_minute), col(WorkingHours.end_minute)
        ).where(
            col(WorkingHours.team_id) == team.id,
            col(WorkingHours.user_id) == trainer_user_id,
        )
    ).all()
    blocks = session.execute(
        select(col(BlockedPeriod.starts_at), col(BlockedPeriod.ends_at)).where(
            col(BlockedPeriod.team_id) == team.id,
            col(BlockedPeriod.user_id) == trainer_user_id,
            col(BlockedPeriod.starts_at) < window_end,
            col(BlockedPeriod.ends_at) > window_start,
        )
    ).all()
    appts = session.execute(
        select(
            col(Appointment.id),
            col(Appointment.starts_at),
            col(Appointment.ends_at),
            col(Appointment.session_type_id),
            col(Appointment.booked),
            col(Appointment.capacity),
        ).where(
            col(Appointment.team_id) == team.id,
            col(Appointment.trainer_user_id) == trainer_user_id,
            col(Appointment.cancelled_at).is_(None),
            col(Appointment.starts_at) < window_end,
            col(Appointment.ends_at) > window_start,
        )
    ).all()
    mine: list[tuple[datetime, datetime]] = []
    if client_id is not None:
        query = select(col(Booking.starts_at), col(Booking.ends_at)).where(
            col(Booking.team_id) == team.id,
            col(Booking.client_id) == client_id,
            col(Booking.status) != BookingStatus.CANCELLED,
            col(Booking.starts_at) < window_end,
            col(Booking.ends_at) > window_start,
        )
        if exclude_booking_id is not None:
            query = query.where(col(Booking.id) != exclude_booking_id)
        mine = [(s, e) for s, e in session.execute(query).all()]
    # The booking being rescheduled gives its own seat back.
    freed = (
        session.execute(
            select(col(Booking.appointment_id)).where(col(Booking.id) == exclude_booking_id)
        ).scalar_one_or_none()
        if exclude_booking_id is not None
        else None
    )
    busy = [
        (a_id, a_start, a_end, type_id, booked - (1 if a_id == freed else 0), capacity)
        for a_id, a_start, a_end, type_id, booked, capacity in appts
    ]
    busy = [a for a in busy if a[4] > 0]
    duration = timedelta(minutes=st.duration_minutes)
    by_weekday: dict[int, list[tuple[int, int]]] = {}
    for weekday, start_minute, end_minute in hours:
        by_weekday.setdefault(weekday, []).append((start_minute, end_minute))
    result: list[DaySlots] = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        base = day_start(day, tz)
        found: list[Slot] = []
        for start_minute, end_minute in sorted(by_weekday.get(day.weekday(), [])):
            minute = start_minute
            while minute + st.duration_minutes <= end_minute:
                start = base + timedelta(minutes=minute)
                minute += st.duration_minutes
                end = start + duration
                if start <= now:
                    continue
                if any(b_start < end and b_end > start for b_start, b_end in blocks):
                    continue
                if any(m_start < end and m_end > start for m_start, m_end in mine):
                    continue
                seats = ""
                ok = True
                for _id, a_start, a_end, type_id, booked, capacity in busy:
                    if not (a_start < end and a_end > start):
                        continue
                    if a_start == start and type_id == st.id and booked < capacity:
                        left = capacity - booked
                        seats = "1 vaga" if left == 1 else f"{left} vagas"
                        continue
                    ok = False
                    break
                if not ok:
                    continue
                if not seats and st.capacity > 1:
                    seats = f"{st.capacity} vagas"
                found.append(
                    Slot(
                        start_iso=start.isoformat(),
                        time=fmt_time(start, team.timezone),
                        seats=seats,
                    )
                )
        if found:
            result.append(
                DaySlots(day_iso=day.isoformat(), label=fmt_weekday_day(day), slots=found)
            )
    return result


def parse_slot(raw: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(raw)[:40])
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def is_offered(days: list[DaySlots], start: datetime) -> bool:
    return any(parse_slot(slot.start_iso) == start for day in days for slot in day.slots)

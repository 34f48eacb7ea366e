"""What staff read on the agenda: the week view (one trainer or all), one booking, and a
client's bookings, plan card and credit ledger for the client page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from treinico.models import (
    Booking,
    BookingStatus,
    CancelKind,
    Client,
    Entitlement,
    SessionType,
    User,
)
from treinico.services.access.status import day_start, status_of
from treinico.services.actor import Actor
from treinico.services.agenda import credit_ledger, credits
from treinico.services.agenda.booking_core import CANCEL_LABELS
from treinico.services.agenda.plans import LIVE_PLAN, PlanCard, current_plan, plan_card
from treinico.services.agenda.scope import agenda_team, team_booking, team_client
from treinico.services.agenda.settings import (
    SessionTypeRow,
    TrainerOption,
    members,
    session_types,
    trainers,
)
from treinico.services.formatting import fmt_date, fmt_time, fmt_weekday_day
from treinico.services.permissions import Perm

STATUS_LABELS = {
    BookingStatus.SCHEDULED: "Agendado",
    BookingStatus.PRESENT: "Presente",
    BookingStatus.ABSENT: "Falta",
    BookingStatus.CANCELLED: "Cancelado",
}


@dataclass(frozen=True)
class BookingRow:
    id: int
    day_iso: str
    day_label: str  # "ter., 03/03"
    date: str  # "03/03/2026"
    time: str  # "07:00–08:00"
    start_time: str  # "07:00"
    client_id: int
    client_name: str
    trainer_name: str
    type_name: str
    color: str
    status: str
    status_label: str
    needs_confirmation: bool  # past and still "agendado": "Confirmar presença"
    no_plan: bool  # a plan booking whose access is no longer live: "sem plano ativo"
    is_makeup: bool
    in_series: bool
    can_mark: bool
    can_change: bool


@dataclass(frozen=True)
class DayColumn:
    iso: str
    label: str  # "seg., 02/03"
    is_today: bool
    rows: list[BookingRow]


@dataclass(frozen=True)
class WeekView:
    title: str  # "02/03/2026 a 08/03/2026"
    start_iso: str
    today_iso: str
    days: list[DayColumn]
    trainers: list[TrainerOption]
    members: list[TrainerOption]
    session_types: list[SessionTypeRow]
    total: int


def _rows_query(team_id: int):
    trainer = aliased(User)
    return (
        select(
            Booking,
            col(Client.name),
            col(SessionType.name),
            col(SessionType.color),
            col(trainer.name),
            Entitlement,
        )
        .join(Client, col(Client.id) == col(Booking.client_id))
        .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
        .join(trainer, col(trainer.id) == col(Booking.trainer_user_id))
        .outerjoin(Entitlement, col(Entitlement.id) == col(Booking.entitlement_id))
        .where(col(Booking.team_id) == team_id)
    )


def _row(raw, tz: str, now: datetime) -> BookingRow:
    b, client_name, type_name, color, trainer_name, ent = raw
    zone = ZoneInfo(tz)
    local_day = b.starts_at.astimezone(zone).date()
    status = BookingStatus(b.status)
    label = STATUS_LABELS[status]
    if status == BookingStatus.CANCELLED and b.cancel_kind:
        label = f"Cancelado ({CANCEL_LABELS[CancelKind(b.cancel_kind)]})"
    started = b.starts_at <= now
    no_plan = (
        ent is not None
        and status == BookingStatus.SCHEDULED
        and not started
        and status_of(ent, now) not in LIVE_PLAN
    )
    return BookingRow(
        id=b.id or 0,
        day_iso=local_day.isoformat(),
        day_label=fmt_weekday_day(local_day),
        date=fmt_date(local_day),
        time=f"{fmt_time(b.starts_at, tz)}–{fmt_time(b.ends_at, tz)}",
        start_time=fmt_time(b.starts_at, tz),
        client_id=b.client_id,
        client_name=client_name,
        trainer_name=trainer_name,
        type_name=type_name,
        color=color,
        status=status.value,
        status_label=label,
        needs_confirmation=started and status == BookingStatus.SCHEDULED,
        no_plan=no_plan,
        is_makeup=b.is_makeup,
        in_series=b.series_id is not None,
        can_mark=started and status != BookingStatus.CANCELLED,
        can_change=not started and status == BookingStatus.SCHEDULED,
    )


def week_view(
    *,
    session: Session,
    actor: Actor,
    week_of: date | None,
    trainer_user_id: int | None,
    now: datetime,
) -> WeekView:
    """Seven days from the Monday of ``week_of`` (default: this week): live bookings per day,
    for one trainer or all. One statement for the bookings, whatever the agenda's size."""
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    tz = ZoneInfo(team.timezone)
    today = now.astimezone(tz).date()
    anchor = week_of or today
    monday = anchor - timedelta(days=anchor.weekday())
    start, end = day_start(monday, tz), day_start(monday + timedelta(days=7), tz)
    query = _rows_query(team.id or 0).where(
        col(Booking.starts_at) >= start,
        col(Booking.starts_at) < end,
        col(Booking.status) != BookingStatus.CANCELLED,
    )
    if trainer_user_id is not None:
        query = query.where(col(Booking.trainer_user_id) == trainer_user_id)
    rows = [
        _row(r, team.timezone, now)
        for r in session.execute(query.order_by(col(Booking.starts_at), col(Booking.id))).all()
    ]
    days = []
    for i in range(7):
        d = monday + timedelta(days=i)
        days.append(
            DayColumn(
                iso=d.isoformat(),
                label=fmt_weekday_day(d),
                is_today=d == today,
                rows=[r for r in rows if r.day_iso == d.isoformat()],
            )
        )
    return WeekView(
        title=f"{fmt_date(monday)} a {fmt_date(monday + timedelta(days=6))}",
        start_iso=monday.isoformat(),
        today_iso=today.isoformat(),
        days=days,
        trainers=trainers(session, team.id or 0),
        members=members(session, team.id or 0),
        session_types=session_types(session, team.id or 0),
        total=len(rows),
    )


def booking_detail(*, session: Session, actor: Actor, booking_id: int, now: datetime) -> BookingRow:
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    team_booking(session, team.id or 0, booking_id)
    raw = session.execute(_rows_query(team.id or 0).where(col(Booking.id) == booking_id)).one()
    return _row(raw, team.timezone, now)


@dataclass(frozen=True)
class ClientAgenda:
    plan: PlanCard | None
    upcoming: list[BookingRow]
    past: list[BookingRow]
    ledger: list[credit_ledger.LedgerRow]


def client_agenda(
    *, session: Session, actor: Actor, client_id: int, now: datetime, past_limit: int = 20
) -> ClientAgenda:
    """The client page's plan card (same figures as the portal), bookings and ledger."""
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    client = team_client(session, team.id or 0, client_id)
    tz = ZoneInfo(team.timezone)
    plan = current_plan(session, team_id=team.id or 0, client_id=client.id or 0, tz=tz, now=now)
    held = credits.balance(session, team_id=team.id or 0, client_id=client.id or 0, now=now)
    base = _rows_query(team.id or 0).where(col(Booking.client_id) == client.id)
    upcoming = session.execute(
        base.where(col(Booking.starts_at) >= now, col(Booking.status) == BookingStatus.SCHEDULED)
        .order_by(col(Booking.starts_at))
        .limit(50)
    ).all()
    past = session.execute(
        base.where(
            (col(Booking.starts_at) < now) | (col(Booking.status) != BookingStatus.SCHEDULED)
        )
        .order_by(col(Booking.starts_at).desc())
        .limit(past_limit)
    ).all()
    return ClientAgenda(
        plan=plan_card(session, plan, credits=held, now=now) if plan else None,
        upcoming=[_row(r, team.timezone, now) for r in upcoming],
        past=[_row(r, team.timezone, now) for r in past],
        ledger=credit_ledger.ledger(
            session, team_id=team.id or 0, client_id=client.id or 0, tz=team.timezone, now=now
        ),
    )

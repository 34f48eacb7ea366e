"""The one path that puts a client in a trainer's time, and the one that takes them out.

Staff bookings, weekly series, moves, the portal's reschedule and make-up bookings all go
through ``take`` and ``release``; every cancel (staff, portal, demo) through ``cancel_one``,
which also settles the make-up credit. What holds under concurrency:

- the trainer's membership row and the client's row are locked (``SELECT … FOR UPDATE``;
  on SQLite every unit of work already starts with ``BEGIN IMMEDIATE``), so two writers for
  one trainer or one client queue and the second sees the first's booking;
- a seat in a group is taken by a conditional ``UPDATE … SET booked = booked + 1 WHERE
  booked < capacity``, and a CHECK keeps ``booked <= capacity`` in the database;
- one open appointment per trainer and start (partial unique index) backs the overlap check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from treinico.models import (
    Appointment,
    BlockedPeriod,
    Booking,
    BookingEvent,
    BookingStatus,
    CancelKind,
    Client,
    Membership,
    SessionType,
    Team,
    User,
)
from treinico.services.access.status import status_of
from treinico.services.agenda import credits
from treinico.services.agenda.plans import LIVE_PLAN, plan_of_entitlement
from treinico.services.errors import Conflict
from treinico.services.formatting import fmt_day_month, fmt_time

TAKEN = "Este horário acabou de ser ocupado. Escolha outro."


@dataclass(frozen=True)
class Who:
    """Who changes the agenda: a staff member, or the client in the portal (no user id)."""

    user_id: int | None
    name: str


def when(at: datetime, tz: str) -> str:
    """'03/03 às 07:00' in the team's timezone."""
    return f"{fmt_day_month(at.astimezone(ZoneInfo(tz)).date())} às {fmt_time(at, tz)}"


def lock_trainer(session: Session, team_id: int, user_id: int) -> None:
    session.execute(
        select(col(Membership.id))
        .where(col(Membership.team_id) == team_id, col(Membership.user_id) == user_id)
        .with_for_update()
    ).first()


def lock_client(session: Session, client_id: int) -> None:
    session.execute(
        select(col(Client.id)).where(col(Client.id) == client_id).with_for_update()
    ).first()


def check_blocked(
    session: Session, *, team_id: int, trainer_user_id: int, start: datetime, end: datetime
) -> None:
    block = (
        session.execute(
            select(BlockedPeriod).where(
                col(BlockedPeriod.team_id) == team_id,
                col(BlockedPeriod.user_id) == trainer_user_id,
                col(BlockedPeriod.starts_at) < end,
                col(BlockedPeriod.ends_at) > start,
            )
        )
        .scalars()
        .first()
    )
    if block is not None:
        why = f" ({block.reason})" if block.reason else ""
        raise Conflict(f"O profissional está indisponível neste horário{why}.", field="start")


def client_overlap(
    session: Session,
    *,
    team: Team,
    client: Client,
    start: datetime,
    end: datetime,
    exclude_booking_id: int | None,
) -> None:
    query = (
        select(Booking, col(SessionType.name))
        .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
        .where(
            col(Booking.team_id) == team.id,
            col(Booking.client_id) == client.id,
            col(Booking.status) != BookingStatus.CANCELLED,
            col(Booking.starts_at) < end,
            col(Booking.ends_at) > start,
        )
    )
    if exclude_booking_id is not None:
        query = query.where(col(Booking.id) != exclude_booking_id)
    hit = session.execute(query).first()
    if hit is not None:
        other, type_name = hit
        raise Conflict(
            f"{client.name} já tem {type_name} em {when(other.starts_at, team.timezone)}.",
            field="start",
        )


def _collision_message(session: Session, team: Team, appt: Appointment) -> str:
    type_name = session.get(SessionType, appt.session_type_id)
    names = (
        session.execute(
            select(col(Client.name))
            .join(Booking, col(Booking.client_id) == col(Client.id))
            .where(
                col(Booking.appointment_id) == appt.id,
                col(Booking.status) != BookingStatus.CANCELLED,
            )
            .limit(3)
        )
        .scalars()
        .all()
    )
    who = f" com {', '.join(names)}" if names else ""
    label = type_name.name if type_name else "Sessão"
    span = f"{fmt_time(appt.starts_at, team.timezone)}–{fmt_time(appt.ends_at, team.timezone)}"
    return (
        f"Conflito: o profissional já tem {label}{who} em "
        f"{fmt_day_month(appt.starts_at.astimezone(ZoneInfo(team.timezone)).date())}, {span}."
    )


def _seat(
    session: Session,
    *,
    team: Team,
    trainer_user_id: int,
    st: SessionType,
    start: datetime,
    end: datetime,
) -> int:
    """Take a seat for ``st`` at ``start`` with the trainer; returns the appointment id."""
    overlapping = (
        session.execute(
            select(Appointment).where(
                col(Appointment.team_id) == team.id,
                col(Appointment.trainer_user_id) == trainer_user_id,
                col(Appointment.cancelled_at).is_(None),
                col(Appointment.starts_at) < end,
                col(Appointment.ends_at) > start,
            )
        )
        .scalars()
        .all()
    )
    for appt in overlapping:
        same = appt.starts_at == start and appt.session_type_id == st.id
        # A one-seat session (Personal) is not a class to join: taking its time collides
        # with that client's booking, said with who it is ("Conflito: …"), not "Turma lotada".
        if not same or appt.capacity <= 1:
            raise Conflict(_collision_message(session, team, appt), field="start")
        if appt.booked >= appt.capacity:
            raise Conflict(
                f"Turma lotada: {st.name} às {fmt_time(start, team.timezone)} já tem "
                f"{appt.booked} de {appt.capacity} pessoas.",
                field="start",
            )
        taken = session.execute(
            update(Appointment)
            .where(
                col(Appointment.id) == appt.id,
                col(Appointment.booked) < col(Appointment.capacity),
                col(Appointment.cancelled_at).is_(None),
            )
            .values(booked=col(Appointment.booked) + 1)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("A turma acabou de lotar. Escolha outro horário.", field="start")
        return appt.id or 0
    appt = Appointment(
        team_id=team.id or 0,
        trainer_user_id=trainer_user_id,
        session_type_id=st.id or 0,
        starts_at=start,
        ends_at=end,
        capacity=st.capacity,
        booked=1,
    )
    try:
        with session.begin_nested():
            session.add(appt)
            session.flush()
    except IntegrityError:
        raise Conflict(TAKEN, field="start") from None
    return appt.id or 0


def release(session: Session, *, appointment_id: int, now: datetime) -> None:
    """Give back a seat; the appointment closes when its last booking leaves."""
    session.execute(
        update(Appointment)
        .where(col(Appointment.id) == appointment_id, col(Appointment.booked) > 0)
        .values(
            booked=col(Appointment.booked) - 1,
            cancelled_at=case((col(Appointment.booked) == 1, now), else_=Appointment.cancelled_at),
        )
    )


def record(
    session: Session, booking: Booking, kind: str, who: Who, now: datetime, detail: str = ""
) -> None:
    session.add(
        BookingEvent(
            team_id=booking.team_id,
            booking_id=booking.id or 0,
            event_type=kind,
            actor_user_id=who.user_id,
            actor_name=who.name,
            at=now,
            detail=detail,
        )
    )


def take(
    session: Session,
    *,
    team: Team,
    who: Who,
    client: Client,
    trainer_user_id: int,
    st: SessionType,
    start: datetime,
    now: datetime,
    entitlement_id: int | None,
    is_makeup: bool = False,
    series_id: str | None = None,
    moving: Booking | None = None,
) -> Booking:
    """Book ``client`` with the trainer at ``start`` (or move ``moving`` there)."""
    end = start + timedelta(minutes=st.duration_minutes)
    check_blocked(
        session, team_id=team.id or 0, trainer_user_id=trainer_user_id, start=start, end=end
    )
    lock_trainer(session, team.id or 0, trainer_user_id)
    lock_client(session, client.id or 0)
    client_overlap(
        session,
        team=team,
        client=client,
        start=start,
        end=end,
        exclude_booking_id=moving.id if moving is not None else None,
    )
    appointment_id = _seat(
        session, team=team, trainer_user_id=trainer_user_id, st=st, start=start, end=end
    )
    if moving is not None:
        old = moving.starts_at
        release(session, appointment_id=moving.appointment_id, now=now)
        moving.appointment_id = appointment_id
        moving.trainer_user_id = trainer_user_id
        moving.starts_at = start
        moving.ends_at = end
        session.add(moving)
        session.flush()
        record(
            session,
            moving,
            "movido",
            who,
            now,
            f"{when(old, team.timezone)} → {when(start, team.timezone)}",
        )
        return moving
    booking = Booking(
        team_id=team.id or 0,
        appointment_id=appointment_id,
        client_id=client.id or 0,
        trainer_user_id=trainer_user_id,
        session_type_id=st.id or 0,
        starts_at=start,
        ends_at=end,
        entitlement_id=entitlement_id,
        is_makeup=is_makeup,
        series_id=series_id,
        created_at=now,
        created_by=who.name,
    )
    try:
        with session.begin_nested():
            session.add(booking)
            session.flush()
    except IntegrityError:
        raise Conflict(TAKEN, field="start") from None
    record(session, booking, "reposicao" if is_makeup else "agendado", who, now)
    return booking


def trainer_name(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.name if user else ""


CANCEL_LABELS = {
    CancelKind.TIMELY: "no prazo",
    CancelKind.LATE: "fora do prazo",
    CancelKind.STUDIO: "pelo studio",
    CancelKind.RESCHEDULED: "remarcado",
}


def cancel_one(
    session: Session, *, team: Team, booking: Booking, kind: CancelKind, who: Who, now: datetime
) -> str:
    """Cancel one booking (conditional on it still being scheduled) and settle its credit.
    Returns 'earned', 'capped', 'returned' or '' (nothing to do with credits)."""
    done = session.execute(
        update(Booking)
        .where(col(Booking.id) == booking.id, col(Booking.status) == BookingStatus.SCHEDULED)
        .values(
            status=BookingStatus.CANCELLED,
            cancel_kind=kind,
            cancelled_at=now,
            cancelled_by=who.name,
        )
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Este agendamento já foi cancelado ou não está mais agendado.")
    session.refresh(booking)
    release(session, appointment_id=booking.appointment_id, now=now)
    record(session, booking, "cancelado", who, now, CANCEL_LABELS[kind])
    if kind not in (CancelKind.TIMELY, CancelKind.STUDIO):
        return ""
    if booking.is_makeup:
        given = credits.give_back(
            session,
            team_id=team.id or 0,
            client_id=booking.client_id,
            booking_id=booking.id or 0,
            reason="Reposição cancelada no prazo",
            actor_name=who.name,
            now=now,
        )
        return "returned" if given else ""
    plan = plan_of_entitlement(session, booking.entitlement_id, ZoneInfo(team.timezone))
    if plan is None or status_of(plan.entitlement, now) not in LIVE_PLAN:
        return ""
    earned = credits.earn(
        session,
        plan=plan,
        client_id=booking.client_id,
        booking_id=booking.id or 0,
        session_start=booking.starts_at,
        cap=team.makeup_cap_per_cycle,
        actor_name=who.name,
        reason=f"Cancelamento {CANCEL_LABELS[kind]} da sessão de "
        f"{when(booking.starts_at, team.timezone)}",
        now=now,
    )
    return "earned" if earned else "capped"

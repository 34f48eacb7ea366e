"""The client's side of the agenda, in the portal: upcoming bookings with cancel and
reschedule within the notice, the plan card and its statement, make-up bookings.

Every function takes the team and client the portal session resolved on the server
(``portal_auth.current_business``); booking ids and slot starts from the browser are only
lookups, re-checked here against that client and that team. The notice rule is checked here,
not only in the page: a client may cancel or reschedule while ``now <= start - notice``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import (
    Booking,
    BookingStatus,
    CancelKind,
    SessionType,
    Team,
    User,
)
from treinico.services.agenda import credit_ledger, credits, makeups
from treinico.services.agenda.booking_core import CANCEL_LABELS, cancel_one, take, when
from treinico.services.agenda.plans import Plan, PlanCard, current_plan, is_counted, plan_card
from treinico.services.agenda.schedule import STATUS_LABELS
from treinico.services.agenda.scope import (
    client_who,
    plans_by_entitlement,
    portal_client,
    portal_team,
)
from treinico.services.agenda.slots import DaySlots, free_slots, is_offered, parse_slot
from treinico.services.errors import Conflict, Forbidden, NotFound
from treinico.services.formatting import fmt_date, fmt_time, fmt_weekday_day


@dataclass(frozen=True)
class ClientBookingRow:
    id: int
    day_label: str  # "ter., 03/03"
    time: str  # "07:00"
    trainer_name: str
    type_name: str
    is_makeup: bool
    can_change: bool
    reason: str  # why the buttons are gone ("Faltam menos de 24 h: fale com Studio Demo")
    cancel_note: str  # what the cancel confirmation says about credits


@dataclass(frozen=True)
class PortalAgenda:
    upcoming: list[ClientBookingRow]
    plan: PlanCard | None
    credits: int
    makeup_options: list[makeups.MakeupOption]


@dataclass(frozen=True)
class StatementRow:
    date: str
    time: str
    type_name: str
    status_label: str
    counted: str  # "Contou" / "Não contou" / "Agendada"


@dataclass(frozen=True)
class Statement:
    plan: PlanCard | None
    sessions: list[StatementRow]
    ledger: list[credit_ledger.LedgerRow]


def _own_booking(session: Session, team_id: int, client_id: int, booking_id: int) -> Booking:
    booking = session.execute(
        select(Booking).where(
            col(Booking.id) == booking_id,
            col(Booking.team_id) == team_id,
            col(Booking.client_id) == client_id,
        )
    ).scalar_one_or_none()
    if booking is None:
        raise NotFound("Agendamento não encontrado.")
    return booking


def notice_allows(team: Team, start: datetime, now: datetime) -> bool:
    return now <= start - timedelta(hours=team.cancel_notice_hours)


def notice_reason(team: Team) -> str:
    return f"Faltam menos de {team.cancel_notice_hours} h: fale com {team.name}"


def _check_notice(team: Team, booking: Booking, now: datetime) -> None:
    if booking.status != BookingStatus.SCHEDULED or booking.starts_at <= now:
        raise Conflict("Este agendamento não pode mais ser alterado.")
    if not notice_allows(team, booking.starts_at, now):
        raise Forbidden(notice_reason(team) + ".")


def portal_agenda(*, session: Session, team_id: int, client_id: int, now: datetime) -> PortalAgenda:
    team = portal_team(session, team_id)
    client = portal_client(session, team_id, client_id)
    tz = ZoneInfo(team.timezone)
    plan = current_plan(session, team_id=team_id, client_id=client_id, tz=tz, now=now)
    held = credits.balance(session, team_id=team_id, client_id=client_id, now=now)
    rows = session.execute(
        select(Booking, col(SessionType.name), col(User.name))
        .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
        .join(User, col(User.id) == col(Booking.trainer_user_id))
        .where(
            col(Booking.team_id) == team_id,
            col(Booking.client_id) == client.id,
            col(Booking.status) == BookingStatus.SCHEDULED,
            col(Booking.starts_at) >= now,
        )
        .order_by(col(Booking.starts_at))
        .limit(30)
    ).all()
    plans = plans_by_entitlement(
        session, {b.entitlement_id for b, _, _ in rows if b.entitlement_id}, tz
    )
    earned = credits.earned_counts(session, set(plans))
    upcoming = []
    for b, type_name, trainer_name in rows:
        allowed = notice_allows(team, b.starts_at, now)
        upcoming.append(
            ClientBookingRow(
                id=b.id or 0,
                day_label=fmt_weekday_day(b.starts_at.astimezone(tz).date()),
                time=fmt_time(b.starts_at, team.timezone),
                trainer_name=trainer_name,
                type_name=type_name,
                is_makeup=b.is_makeup,
                can_change=allowed,
                reason="" if allowed else notice_reason(team),
                cancel_note=_cancel_note(team, b, plans, earned) if allowed else "",
            )
        )
    return PortalAgenda(
        upcoming=upcoming,
        plan=plan_card(session, plan, credits=held, now=now) if plan else None,
        credits=held,
        makeup_options=makeups.options(session, team, client, now) if held else [],
    )


def _cancel_note(
    team: Team, booking: Booking, plans: dict[int, Plan], earned: dict[tuple[int, datetime], int]
) -> str:
    if booking.is_makeup:
        return "O crédito usado nesta reposição volta para você."
    plan = plans.get(booking.entitlement_id or 0)
    if plan is None:
        return "Este horário não é de um plano: não gera crédito de reposição."
    cycle_start, _ = plan.bounds(plan.cycle_of(booking.starts_at))
    if earned.get((plan.entitlement.id or 0, cycle_start), 0) < team.makeup_cap_per_cycle:
        return "Você ganhará 1 crédito de reposição para usar até o fim do próximo ciclo."
    return "Sem crédito de reposição: o limite de reposições deste ciclo já foi atingido."


def cancel(
    *, session: Session, team_id: int, client_id: int, booking_id: int, now: datetime
) -> str:
    team = portal_team(session, team_id)
    client = portal_client(session, team_id, client_id)
    booking = _own_booking(session, team_id, client_id, booking_id)
    _check_notice(team, booking, now)
    result = cancel_one(
        session, team=team, booking=booking, kind=CancelKind.TIMELY, who=client_who(client), now=now
    )
    if result == "earned":
        return "Horário cancelado. Você ganhou 1 crédito de reposição."
    if result == "returned":
        return "Horário cancelado. O crédito de reposição voltou para você."
    if result == "capped":
        return "Horário cancelado. Sem crédito: o limite de reposições do ciclo foi atingido."
    return "Horário cancelado."


def reschedule_slots(
    *, session: Session, team_id: int, client_id: int, booking_id: int, now: datetime
) -> list[DaySlots]:
    """Free slots of the same trainer and session type in the next 14 days."""
    team = portal_team(session, team_id)
    booking = _own_booking(session, team_id, client_id, booking_id)
    _check_notice(team, booking, now)
    st = session.get(SessionType, booking.session_type_id)
    assert st is not None
    return free_slots(
        session,
        team=team,
        trainer_user_id=booking.trainer_user_id,
        st=st,
        client_id=client_id,
        now=now,
        exclude_booking_id=booking.id,
    )


def reschedule(
    *,
    session: Session,
    team_id: int,
    client_id: int,
    booking_id: int,
    start_iso: str,
    now: datetime,
) -> str:
    """One transaction: the old booking is cancelled as ``remarcado`` and the new slot taken.
    If the slot was taken meanwhile, the caller's rollback keeps the old booking."""
    team = portal_team(session, team_id)
    client = portal_client(session, team_id, client_id)
    booking = _own_booking(session, team_id, client_id, booking_id)
    start = parse_slot(start_iso)
    days = reschedule_slots(
        session=session, team_id=team_id, client_id=client_id, booking_id=booking_id, now=now
    )
    if start is None or not is_offered(days, start):
        raise Conflict("Este horário não está mais livre. Escolha outro.")
    st = session.get(SessionType, booking.session_type_id)
    assert st is not None
    cancel_one(
        session,
        team=team,
        booking=booking,
        kind=CancelKind.RESCHEDULED,
        who=client_who(client),
        now=now,
    )
    new = take(
        session,
        team=team,
        who=client_who(client),
        client=client,
        trainer_user_id=booking.trainer_user_id,
        st=st,
        start=start,
        now=now,
        entitlement_id=booking.entitlement_id,
        is_makeup=booking.is_makeup,
    )
    if booking.is_makeup:
        credits.give_back(
            session,
            team_id=team_id,
            client_id=client_id,
            booking_id=booking.id or 0,
            reason="Reposição remarcada",
            actor_name=client_who(client).name,
            now=now,
        )
        credits.use(
            session,
            team_id=team_id,
            client_id=client_id,
            booking_id=new.id or 0,
            session_start=start,
            actor_name=client_who(client).name,
            now=now,
        )
    return f"Horário remarcado para {when(start, team.timezone)}."


def statement(*, session: Session, team_id: int, client_id: int, now: datetime) -> Statement:
    """ "Ver extrato": the current cycle's plan sessions (which counted, which did not) and
    the credit ledger — the answer to "where did my sessions go?"."""
    team = portal_team(session, team_id)
    portal_client(session, team_id, client_id)
    tz = ZoneInfo(team.timezone)
    plan = current_plan(session, team_id=team_id, client_id=client_id, tz=tz, now=now)
    held = credits.balance(session, team_id=team_id, client_id=client_id, now=now)
    sessions: list[StatementRow] = []
    if plan is not None:
        start, end = plan.bounds(plan.cycle_of(now))
        rows = session.execute(
            select(Booking, col(SessionType.name))
            .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
            .where(
                col(Booking.team_id) == team_id,
                col(Booking.client_id) == client_id,
                col(Booking.entitlement_id) == plan.entitlement.id,
                col(Booking.starts_at) >= start,
                col(Booking.starts_at) < end,
            )
            .order_by(col(Booking.starts_at))
        ).all()
        for b, type_name in rows:
            status = BookingStatus(b.status)
            label = STATUS_LABELS[status]
            if status == BookingStatus.CANCELLED and b.cancel_kind:
                label = f"Cancelado ({CANCEL_LABELS[CancelKind(b.cancel_kind)]})"
            if b.is_makeup:
                label += " · reposição"
            counted = (
                "Agendada"
                if status == BookingStatus.SCHEDULED
                else "Contou"
                if is_counted(b)
                else "Não contou"
            )
            sessions.append(
                StatementRow(
                    date=fmt_date(b.starts_at.astimezone(tz).date()),
                    time=fmt_time(b.starts_at, team.timezone),
                    type_name=type_name,
                    status_label=label,
                    counted=counted,
                )
            )
    return Statement(
        plan=plan_card(session, plan, credits=held, now=now) if plan else None,
        sessions=sessions,
        ledger=credit_ledger.ledger(
            session, team_id=team_id, client_id=client_id, tz=team.timezone, now=now
        ),
    )

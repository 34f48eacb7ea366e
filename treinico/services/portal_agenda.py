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
    Client,
    SessionType,
    SessionTypeProduct,
    Team,
    User,
    WorkingHours,
)
from treinico.services import credits
from treinico.services.agenda import STATUS_LABELS
from treinico.services.booking_core import Who, take, when
from treinico.services.bookings import CANCEL_LABELS, cancel_one, plans_by_entitlement
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_time, fmt_weekday_day
from treinico.services.plans import Plan, PlanCard, current_plan, is_counted, plan_card
from treinico.services.slots import DaySlots, free_slots, is_offered, parse_slot


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
class MakeupOption:
    key: str  # "trainer_id:session_type_id", re-checked on use
    label: str  # "Personal com Dona do Studio"


@dataclass(frozen=True)
class PortalAgenda:
    upcoming: list[ClientBookingRow]
    plan: PlanCard | None
    credits: int
    makeup_options: list[MakeupOption]


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
    ledger: list[credits.LedgerRow]


def _team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("Negócio não encontrado.")
    return team


def _client(session: Session, team_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != team_id or client.archived:
        raise NotFound("Cliente não encontrado.")
    return client


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


def _who(client: Client) -> Who:
    return Who(user_id=None, name=f"{client.name} (portal)")


def portal_agenda(*, session: Session, team_id: int, client_id: int, now: datetime) -> PortalAgenda:
    team = _team(session, team_id)
    client = _client(session, team_id, client_id)
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
        makeup_options=_makeup_options(session, team, client, now) if held else [],
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
    team = _team(session, team_id)
    client = _client(session, team_id, client_id)
    booking = _own_booking(session, team_id, client_id, booking_id)
    _check_notice(team, booking, now)
    result = cancel_one(
        session, team=team, booking=booking, kind=CancelKind.TIMELY, who=_who(client), now=now
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
    team = _team(session, team_id)
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
    team = _team(session, team_id)
    client = _client(session, team_id, client_id)
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
        session, team=team, booking=booking, kind=CancelKind.RESCHEDULED, who=_who(client), now=now
    )
    new = take(
        session,
        team=team,
        who=_who(client),
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
            actor_name=_who(client).name,
            now=now,
        )
        credits.use(
            session,
            team_id=team_id,
            client_id=client_id,
            booking_id=new.id or 0,
            session_start=start,
            actor_name=_who(client).name,
            now=now,
        )
    return f"Horário remarcado para {when(start, team.timezone)}."


def _makeup_options(
    session: Session, team: Team, client: Client, now: datetime
) -> list[MakeupOption]:
    """Session types of the plans the client's credits came from, with each trainer who has
    weekly hours."""
    held = credits.available(session, team_id=team.id or 0, client_id=client.id or 0, now=now)
    entitlement_ids = {c.entitlement_id for c in held}
    if not entitlement_ids:
        return []
    from treinico.models import Entitlement

    rows = session.execute(
        select(col(SessionType.id), col(SessionType.name))
        .join(SessionTypeProduct, col(SessionTypeProduct.session_type_id) == col(SessionType.id))
        .join(Entitlement, col(Entitlement.product_id) == col(SessionTypeProduct.product_id))
        .where(
            col(Entitlement.id).in_(entitlement_ids),
            col(SessionType.team_id) == team.id,
            col(SessionType.archived).is_(False),
        )
        .distinct()
        .order_by(col(SessionType.name))
    ).all()
    trainers = session.execute(
        select(col(User.id), col(User.name))
        .where(
            col(User.id).in_(
                select(col(WorkingHours.user_id)).where(col(WorkingHours.team_id) == team.id)
            )
        )
        .order_by(col(User.name))
    ).all()
    return [
        MakeupOption(key=f"{t_id}:{st_id}", label=f"{st_name} com {t_name}")
        for st_id, st_name in rows
        for t_id, t_name in trainers
    ]


def _option(
    session: Session, team: Team, client: Client, key: str, now: datetime
) -> tuple[int, SessionType]:
    options = {o.key for o in _makeup_options(session, team, client, now)}
    if key not in options:
        raise NotFound("Opção de reposição não encontrada.")
    trainer_id, type_id = (int(x) for x in key.split(":"))
    st = session.get(SessionType, type_id)
    assert st is not None
    return trainer_id, st


def makeup_slots(
    *, session: Session, team_id: int, client_id: int, option_key: str, now: datetime
) -> list[DaySlots]:
    team = _team(session, team_id)
    client = _client(session, team_id, client_id)
    trainer_id, st = _option(session, team, client, option_key, now)
    held = credits.available(session, team_id=team_id, client_id=client_id, now=now)
    last_valid = max(c.valid_until for c in held)
    days = free_slots(
        session, team=team, trainer_user_id=trainer_id, st=st, client_id=client_id, now=now
    )
    return [
        DaySlots(
            day_iso=d.day_iso,
            label=d.label,
            slots=[s for s in d.slots if (parse_slot(s.start_iso) or last_valid) < last_valid],
        )
        for d in days
        if any((parse_slot(s.start_iso) or last_valid) < last_valid for s in d.slots)
    ]


def book_makeup(
    *,
    session: Session,
    team_id: int,
    client_id: int,
    option_key: str,
    start_iso: str,
    now: datetime,
) -> str:
    """Book a make-up session (reposição) on a free slot, spending the oldest valid credit."""
    team = _team(session, team_id)
    client = _client(session, team_id, client_id)
    trainer_id, st = _option(session, team, client, option_key, now)
    start = parse_slot(start_iso)
    days = makeup_slots(
        session=session, team_id=team_id, client_id=client_id, option_key=option_key, now=now
    )
    if start is None or not is_offered(days, start):
        raise Conflict("Este horário não está mais livre. Escolha outro.")
    oldest = credits.available(session, team_id=team_id, client_id=client_id, now=now, before=start)
    if not oldest:
        raise Invalid(credits.NO_CREDIT)
    booking = take(
        session,
        team=team,
        who=_who(client),
        client=client,
        trainer_user_id=trainer_id,
        st=st,
        start=start,
        now=now,
        entitlement_id=oldest[0].entitlement_id,
        is_makeup=True,
    )
    credits.use(
        session,
        team_id=team_id,
        client_id=client_id,
        booking_id=booking.id or 0,
        session_start=start,
        actor_name=_who(client).name,
        now=now,
    )
    return f"Reposição agendada para {when(start, team.timezone)}."


def statement(*, session: Session, team_id: int, client_id: int, now: datetime) -> Statement:
    """ "Ver extrato": the current cycle's plan sessions (which counted, which did not) and
    the credit ledger — the answer to "where did my sessions go?"."""
    team = _team(session, team_id)
    _client(session, team_id, client_id)
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
        ledger=credits.ledger(
            session, team_id=team_id, client_id=client_id, tz=team.timezone, now=now
        ),
    )

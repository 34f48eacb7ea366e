"""Staff use cases on the agenda: book, book a weekly series, cancel, move, mark attendance.

Each function authorizes first (``agenda.write``), scopes every lookup by the actor's team,
and goes through ``booking_core`` for the seat itself. The cancellation choices are the
studio's: "sem cobrança" (counts as in time: the plan booking earns a make-up credit),
"com cobrança" (late: the session counts as used) and "pelo studio" (the business cancelled:
credit, nothing counted).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import (
    Booking,
    BookingStatus,
    CancelKind,
    SessionType,
)
from treinico.services.actor import Actor
from treinico.services.agenda.booking_core import (
    Who,
    cancel_one,
    record,
    take,
    when,
)
from treinico.services.agenda.plans import Plan, plan_for_session_type, usage
from treinico.services.agenda.scope import (
    agenda_team,
    local_instant,
    parse_time,
    team_booking,
    team_client,
    team_session_type,
    team_trainer,
)
from treinico.services.errors import Conflict, Invalid

MAX_OCCURRENCES = 60
STAFF_CANCEL = {
    "sem_cobranca": CancelKind.TIMELY,
    "com_cobranca": CancelKind.LATE,
    "pelo_studio": CancelKind.STUDIO,
}


class OverPlan(Invalid):
    """The booking goes beyond the plan's sessions in its cycle: staff may confirm."""


@dataclass(frozen=True)
class BookResult:
    count: int
    message: str


@dataclass(frozen=True)
class CancelResult:
    count: int
    credits: int
    message: str


def _who(actor: Actor) -> Who:
    return Who(user_id=actor.user_id, name=actor.name or "Equipe")


def _over_plan(session: Session, plan: Plan | None, start: datetime) -> str | None:
    if plan is None:
        return None
    total = plan.product.sessions_per_cycle or 0
    used, scheduled = usage(session, plan, plan.cycle_of(start))
    if used + scheduled >= total:
        return (
            f"O plano {plan.product.name} já tem {used + scheduled} de {total} sessões "
            "neste ciclo (usadas e agendadas)."
        )
    return None


def create_booking(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    trainer_user_id: int,
    session_type_id: int,
    day: date | None,
    time_text: str,
    now: datetime,
    confirm_over_plan: bool = False,
) -> BookResult:
    """Book one session for a client. Conflicts are refused at the start field with what
    they collide with; going beyond the plan needs ``confirm_over_plan``."""
    return create_series(
        session=session,
        actor=actor,
        client_id=client_id,
        trainer_user_id=trainer_user_id,
        session_type_id=session_type_id,
        day=day,
        time_text=time_text,
        weekdays=[],
        until=None,
        weeks=None,
        now=now,
        confirm_over_plan=confirm_over_plan,
    )


def _occurrences(
    day: date, weekdays: list[int], until: date | None, weeks: int | None
) -> list[date]:
    if not weekdays:
        return [day]
    if until is None and weeks is None:
        raise Invalid("Informe até quando repetir (data ou número de semanas).", field="until")
    if weeks is not None and not 1 <= weeks <= 52:
        raise Invalid("De 1 a 52 semanas.", field="weeks")
    last = until if until is not None else day + timedelta(days=7 * (weeks or 1) - 1)
    if last < day:
        raise Invalid("A data final deve ser depois do primeiro dia.", field="until")
    if (last - day).days > 366:
        raise Invalid("Repita por no máximo um ano.", field="until")
    days = [day + timedelta(days=i) for i in range((last - day).days + 1)]
    found = [d for d in days if d.weekday() in set(weekdays)]
    if not found:
        raise Invalid("Nenhum dia da semana escolhido cai neste período.", field="weekdays")
    if len(found) > MAX_OCCURRENCES:
        raise Invalid(f"No máximo {MAX_OCCURRENCES} sessões por série.", field="until")
    return found


def create_series(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    trainer_user_id: int,
    session_type_id: int,
    day: date | None,
    time_text: str,
    weekdays: list[int],
    until: date | None,
    weeks: int | None,
    now: datetime,
    confirm_over_plan: bool = False,
) -> BookResult:
    """Book a weekly series (``weekdays`` 0 = segunda); each occurrence is a normal booking.
    All or nothing: any collision refuses the series and lists the dates."""
    team = agenda_team(session, actor)
    tz = ZoneInfo(team.timezone)
    if day is None:
        raise Invalid("Informe a data.", field="day")
    minute = parse_time(time_text)
    if any(w not in range(7) for w in weekdays):
        raise Invalid("Dia da semana inválido.", field="weekdays")
    client = team_client(session, team.id or 0, client_id)
    trainer = team_trainer(session, team.id or 0, trainer_user_id)
    st = team_session_type(session, team.id or 0, session_type_id)
    days = _occurrences(day, weekdays, until, weeks)
    starts = [local_instant(d, minute, tz) for d in days]
    if starts[0] < now - timedelta(days=1):
        raise Invalid("Não é possível agendar no passado.", field="day")
    plan = plan_for_session_type(
        session,
        team_id=team.id or 0,
        client_id=client.id or 0,
        session_type_id=st.id or 0,
        tz=tz,
        now=now,
    )
    series_id = secrets.token_hex(8) if len(starts) > 1 else None
    problems: list[str] = []
    warnings: list[str] = []
    for start in starts:
        warning = _over_plan(session, plan, start)
        if warning and warning not in warnings:
            warnings.append(warning)
        try:
            with session.begin_nested():
                take(
                    session,
                    team=team,
                    who=_who(actor),
                    client=client,
                    trainer_user_id=trainer,
                    st=st,
                    start=start,
                    now=now,
                    entitlement_id=plan.entitlement.id if plan else None,
                    series_id=series_id,
                )
        except Conflict as exc:
            problems.append(
                exc.message if len(starts) == 1 else f"{when(start, team.timezone)}: {exc.message}"
            )
    if problems:
        if len(starts) == 1:
            raise Conflict(problems[0], field="start")
        shown = " ".join(problems[:3]) + (
            f" (e mais {len(problems) - 3})" if len(problems) > 3 else ""
        )
        raise Conflict(
            f"{len(problems)} de {len(starts)} datas têm conflito. {shown}", field="start"
        )
    if warnings and not confirm_over_plan:
        raise OverPlan(warnings[0] + " Confirme para agendar além do plano.", field="confirm")
    if len(starts) == 1:
        return BookResult(
            count=1, message=f"Agendado: {client.name}, {when(starts[0], team.timezone)}."
        )
    return BookResult(
        count=len(starts),
        message=f"Série criada: {len(starts)} sessões de {client.name}, até "
        f"{when(starts[-1], team.timezone)}.",
    )


def _scope(session: Session, booking: Booking, scope: str) -> list[Booking]:
    if scope == "following" and booking.series_id:
        return list(
            session.execute(
                select(Booking)
                .where(
                    col(Booking.team_id) == booking.team_id,
                    col(Booking.series_id) == booking.series_id,
                    col(Booking.starts_at) >= booking.starts_at,
                    col(Booking.status) == BookingStatus.SCHEDULED,
                )
                .order_by(col(Booking.starts_at))
            )
            .scalars()
            .all()
        )
    return [booking]


def cancel_booking(
    *,
    session: Session,
    actor: Actor,
    booking_id: int,
    charge: str,
    scope: str = "one",
    now: datetime,
) -> CancelResult:
    team = agenda_team(session, actor)
    kind = STAFF_CANCEL.get(charge)
    if kind is None:
        raise Invalid("Escolha como cancelar.", field="charge")
    booking = team_booking(session, team.id or 0, booking_id)
    if booking.status != BookingStatus.SCHEDULED:
        raise Conflict("Este agendamento já foi cancelado ou não está mais agendado.")
    targets = _scope(session, booking, scope)
    earned = capped = 0
    for target in targets:
        result = cancel_one(session, team=team, booking=target, kind=kind, who=_who(actor), now=now)
        earned += result in ("earned", "returned")
        capped += result == "capped"
    what = (
        "1 agendamento cancelado"
        if len(targets) == 1
        else f"{len(targets)} agendamentos cancelados"
    )
    note = ""
    if earned:
        note = (
            f" {earned} crédito de reposição gerado."
            if earned == 1
            else f" {earned} créditos de reposição gerados."
        )
    elif capped:
        note = " Sem crédito de reposição: o limite do ciclo já foi atingido."
    return CancelResult(count=len(targets), credits=earned, message=what + "." + note)


def move_booking(
    *,
    session: Session,
    actor: Actor,
    booking_id: int,
    day: date | None,
    time_text: str,
    scope: str = "one",
    now: datetime,
) -> BookResult:
    """Move a scheduled booking (or it and the following ones of its series by the same
    shift) to a new start with the same trainer and session type."""
    team = agenda_team(session, actor)
    tz = ZoneInfo(team.timezone)
    if day is None:
        raise Invalid("Informe a nova data.", field="day")
    minute = parse_time(time_text)
    booking = team_booking(session, team.id or 0, booking_id)
    if booking.status != BookingStatus.SCHEDULED:
        raise Conflict("Só agendamentos em aberto podem ser movidos.")
    new_start = local_instant(day, minute, tz)
    if new_start < now:
        raise Invalid("O novo horário já passou.", field="day")
    shift = new_start - booking.starts_at
    targets = _scope(session, booking, scope)
    client = team_client(session, team.id or 0, booking.client_id)
    st = session.get(SessionType, booking.session_type_id)
    assert st is not None
    for target in targets:
        take(
            session,
            team=team,
            who=_who(actor),
            client=client,
            trainer_user_id=target.trainer_user_id,
            st=st,
            start=target.starts_at + shift,
            now=now,
            entitlement_id=target.entitlement_id,
            moving=target,
        )
    n = len(targets)
    return BookResult(
        count=n,
        message=f"Movido para {when(new_start, team.timezone)}."
        if n == 1
        else f"{n} agendamentos movidos.",
    )


def mark_attendance(
    *, session: Session, actor: Actor, booking_id: int, present: bool, now: datetime
) -> BookResult:
    """ "Presente" or "Falta", after the session started (and correctable between the two)."""
    team = agenda_team(session, actor)
    booking = team_booking(session, team.id or 0, booking_id)
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict("Este agendamento foi cancelado.")
    if booking.starts_at > now:
        raise Invalid("A presença só pode ser marcada depois do início da sessão.")
    status = BookingStatus.PRESENT if present else BookingStatus.ABSENT
    booking.status = status
    session.add(booking)
    session.flush()
    record(session, booking, status.value, _who(actor), now)
    return BookResult(count=1, message="Presença registrada." if present else "Falta registrada.")

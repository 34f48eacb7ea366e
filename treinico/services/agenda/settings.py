"""Agenda settings: session types, each trainer's weekly hours and blocked periods, the
minimum notice for a client to cancel or reschedule, and the make-up cap per cycle.
Reading needs ``agenda.read``; changing needs ``team.manage``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlmodel import Session, col

from treinico.models import (
    BlockedPeriod,
    Membership,
    Product,
    SessionType,
    SessionTypeProduct,
    User,
    WorkingHours,
)
from treinico.services.access.status import end_of_day
from treinico.services.actor import Actor
from treinico.services.agenda.scope import agenda_team, local_instant, parse_time, team_trainer
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_datetime
from treinico.services.permissions import Perm
from treinico.services.text import clean

WEEKDAYS = ("Seg", "Ter", "Qua", "Qui", "Sex", "Sáb", "Dom")
COLORS = ("teal", "blue", "violet", "orange", "pink", "grass")


@dataclass(frozen=True)
class SessionTypeRow:
    id: int
    name: str
    duration_minutes: int
    capacity: int
    color: str
    product_ids: tuple[int, ...]
    products_label: str


@dataclass(frozen=True)
class HoursRow:
    id: int
    weekday: int
    weekday_label: str
    start: str
    end: str


@dataclass(frozen=True)
class BlockRow:
    id: int
    starts: str
    ends: str
    reason: str


@dataclass(frozen=True)
class TrainerOption:
    user_id: int
    name: str


@dataclass(frozen=True)
class AgendaSetup:
    notice_hours: int
    makeup_cap: int
    session_types: list[SessionTypeRow]
    plan_products: list[tuple[int, str]]
    members: list[TrainerOption]
    reminder_hour: int = 18  # the day-before WhatsApp reminder leaves from this hour
    access_reminder_days: int = 3  # the access reminder, days before it expires


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def session_types(session: Session, team_id: int) -> list[SessionTypeRow]:
    types = (
        session.execute(
            select(SessionType)
            .where(col(SessionType.team_id) == team_id, col(SessionType.archived).is_(False))
            .order_by(col(SessionType.name))
        )
        .scalars()
        .all()
    )
    links = session.execute(
        select(col(SessionTypeProduct.session_type_id), col(Product.id), col(Product.name))
        .join(Product, col(Product.id) == col(SessionTypeProduct.product_id))
        .where(col(SessionTypeProduct.team_id) == team_id)
    ).all()
    by_type: dict[int, list[tuple[int, str]]] = {}
    for type_id, product_id, name in links:
        by_type.setdefault(type_id, []).append((product_id, name))
    return [
        SessionTypeRow(
            id=t.id or 0,
            name=t.name,
            duration_minutes=t.duration_minutes,
            capacity=t.capacity,
            color=t.color,
            product_ids=tuple(p for p, _ in by_type.get(t.id or 0, [])),
            products_label=", ".join(n for _, n in by_type.get(t.id or 0, [])) or "Nenhum plano",
        )
        for t in types
    ]


def members(session: Session, team_id: int) -> list[TrainerOption]:
    rows = session.execute(
        select(col(User.id), col(User.name))
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.team_id) == team_id, col(User.active).is_(True))
        .order_by(col(User.name))
    ).all()
    return [TrainerOption(user_id=i, name=n) for i, n in rows]


def trainers(session: Session, team_id: int) -> list[TrainerOption]:
    """Members who have weekly hours: the ones clients can book."""
    rows = session.execute(
        select(col(User.id), col(User.name))
        .where(
            col(User.id).in_(
                select(col(WorkingHours.user_id)).where(col(WorkingHours.team_id) == team_id)
            )
        )
        .order_by(col(User.name))
    ).all()
    return [TrainerOption(user_id=i, name=n) for i, n in rows]


def agenda_setup(*, session: Session, actor: Actor) -> AgendaSetup:
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    products = session.execute(
        select(col(Product.id), col(Product.name))
        .where(
            col(Product.team_id) == team.id,
            col(Product.archived).is_(False),
            col(Product.sessions_per_cycle) > 0,
        )
        .order_by(col(Product.name))
    ).all()
    return AgendaSetup(
        notice_hours=team.cancel_notice_hours,
        makeup_cap=team.makeup_cap_per_cycle,
        session_types=session_types(session, team.id or 0),
        plan_products=[(i, n) for i, n in products],
        members=members(session, team.id or 0),
        reminder_hour=team.reminder_hour,
        access_reminder_days=team.access_reminder_days,
    )


def update_rules(
    *, session: Session, actor: Actor, notice_hours: int | None, makeup_cap: int | None
) -> None:
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    errors: dict[str, str] = {}
    if notice_hours is None or not 0 <= notice_hours <= 168:
        errors["notice_hours"] = "Informe de 0 a 168 horas."
    if makeup_cap is None or not 0 <= makeup_cap <= 10:
        errors["makeup_cap"] = "Informe de 0 a 10 créditos."
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    team.cancel_notice_hours = int(notice_hours or 0)
    team.makeup_cap_per_cycle = int(makeup_cap or 0)
    session.add(team)


def update_reminders(
    *, session: Session, actor: Actor, reminder_hour: int | None, access_reminder_days: int | None
) -> None:
    """The team's WhatsApp reminder rules: the hour (team's timezone) from which the
    day-before booking reminder leaves, and how many days before an access expires its
    reminder goes (0 turns the access reminder off). Clients still opt in themselves.

    Raises:
        Forbidden: no team.manage.
        Invalid: a value out of range, at its field.
    """
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    errors: dict[str, str] = {}
    if reminder_hour is None or not 0 <= reminder_hour <= 23:
        errors["reminder_hour"] = "Escolha um horário de 0 a 23 h."
    if access_reminder_days is None or not 0 <= access_reminder_days <= 30:
        errors["access_reminder_days"] = "Informe de 0 a 30 dias."
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    team.reminder_hour = int(reminder_hour or 0)
    team.access_reminder_days = int(access_reminder_days or 0)
    session.add(team)


def save_session_type(
    *,
    session: Session,
    actor: Actor,
    session_type_id: int | None,
    name: str,
    duration_minutes: int | None,
    capacity: int | None,
    color: str,
    product_ids: list[int],
) -> SessionTypeRow:
    """Create (``session_type_id`` None) or edit a session type. Duration and capacity of
    bookings already made stay as they were booked."""
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    errors: dict[str, str] = {}
    label = clean(name, max_len=80)
    if not label:
        errors["name"] = "Informe o nome."
    if duration_minutes is None or not 5 <= duration_minutes <= 600:
        errors["duration"] = "Duração de 5 a 600 minutos."
    if capacity is None or not 1 <= capacity <= 100:
        errors["capacity"] = "Capacidade de 1 a 100."
    valid_products = set(
        session.execute(
            select(col(Product.id)).where(
                col(Product.team_id) == team.id, col(Product.id).in_(product_ids or [0])
            )
        ).scalars()
    )
    if set(product_ids) - valid_products:
        errors["products"] = "Plano não encontrado."
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    if session_type_id is None:
        st = SessionType(team_id=team.id or 0, name=label, duration_minutes=0, capacity=1)
    else:
        found = session.get(SessionType, session_type_id)
        if found is None or found.team_id != team.id or found.archived:
            raise NotFound("Tipo de sessão não encontrado.")
        st = found
    st.name = label
    st.duration_minutes = int(duration_minutes or 0)
    st.capacity = int(capacity or 1)
    st.color = color if color in COLORS else "teal"
    session.add(st)
    session.flush()
    session.execute(
        delete(SessionTypeProduct).where(col(SessionTypeProduct.session_type_id) == st.id)
    )
    for product_id in sorted(valid_products):
        session.add(
            SessionTypeProduct(
                session_type_id=st.id or 0, product_id=product_id, team_id=team.id or 0
            )
        )
    session.flush()
    return next(r for r in session_types(session, team.id or 0) if r.id == st.id)


def archive_session_type(*, session: Session, actor: Actor, session_type_id: int) -> None:
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    st = session.get(SessionType, session_type_id)
    if st is None or st.team_id != team.id:
        raise NotFound("Tipo de sessão não encontrado.")
    st.archived = True
    session.add(st)


def trainer_hours(*, session: Session, actor: Actor, trainer_user_id: int) -> list[HoursRow]:
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    team_trainer(session, team.id or 0, trainer_user_id)
    rows = (
        session.execute(
            select(WorkingHours)
            .where(
                col(WorkingHours.team_id) == team.id, col(WorkingHours.user_id) == trainer_user_id
            )
            .order_by(col(WorkingHours.weekday), col(WorkingHours.start_minute))
        )
        .scalars()
        .all()
    )
    return [
        HoursRow(
            id=r.id or 0,
            weekday=r.weekday,
            weekday_label=WEEKDAYS[r.weekday],
            start=_hhmm(r.start_minute),
            end=_hhmm(r.end_minute),
        )
        for r in rows
    ]


def add_hours(
    *,
    session: Session,
    actor: Actor,
    trainer_user_id: int,
    weekdays: list[int],
    start_text: str,
    end_text: str,
) -> list[HoursRow]:
    """Add one window (e.g. 06:00–12:00) on each chosen weekday; overlaps are refused."""
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    team_trainer(session, team.id or 0, trainer_user_id)
    start = parse_time(start_text, "start")
    end = 1440 if (end_text or "").strip() in ("24:00",) else parse_time(end_text, "end")
    if not weekdays or any(w not in range(7) for w in weekdays):
        raise Invalid("Escolha os dias da semana.", field="weekdays")
    if end <= start:
        raise Invalid("O fim deve ser depois do início.", field="end")
    existing = trainer_hours(session=session, actor=actor, trainer_user_id=trainer_user_id)
    for w in weekdays:
        for r in existing:
            if r.weekday == w and parse_time(r.start) < end and parse_time(r.end) > start:
                raise Invalid(f"Sobrepõe {r.weekday_label} {r.start}–{r.end}.", field="start")
        session.add(
            WorkingHours(
                team_id=team.id or 0,
                user_id=trainer_user_id,
                weekday=w,
                start_minute=start,
                end_minute=end,
            )
        )
    session.flush()
    return trainer_hours(session=session, actor=actor, trainer_user_id=trainer_user_id)


def remove_hours(*, session: Session, actor: Actor, hours_id: int) -> None:
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    row = session.get(WorkingHours, hours_id)
    if row is None or row.team_id != team.id:
        raise NotFound("Horário não encontrado.")
    session.delete(row)


def trainer_blocks(
    *, session: Session, actor: Actor, trainer_user_id: int, now: datetime
) -> list[BlockRow]:
    team = agenda_team(session, actor, Perm.AGENDA_READ)
    rows = (
        session.execute(
            select(BlockedPeriod)
            .where(
                col(BlockedPeriod.team_id) == team.id,
                col(BlockedPeriod.user_id) == trainer_user_id,
                col(BlockedPeriod.ends_at) > now,
            )
            .order_by(col(BlockedPeriod.starts_at))
        )
        .scalars()
        .all()
    )
    return [
        BlockRow(
            id=b.id or 0,
            starts=fmt_datetime(b.starts_at, team.timezone),
            ends=fmt_datetime(b.ends_at, team.timezone),
            reason=b.reason,
        )
        for b in rows
    ]


def add_block(
    *,
    session: Session,
    actor: Actor,
    trainer_user_id: int,
    first_day: date | None,
    last_day: date | None,
    reason: str,
    now: datetime,
) -> None:
    """Block whole days (folga, férias), from the start of the first to the end of the last."""
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    team_trainer(session, team.id or 0, trainer_user_id)
    if first_day is None:
        raise Invalid("Informe o primeiro dia.", field="first_day")
    last = last_day or first_day
    if last < first_day:
        raise Invalid("O último dia deve ser depois do primeiro.", field="last_day")
    tz = ZoneInfo(team.timezone)
    session.add(
        BlockedPeriod(
            team_id=team.id or 0,
            user_id=trainer_user_id,
            starts_at=local_instant(first_day, 0, tz),
            ends_at=end_of_day(last, tz),
            reason=clean(reason, max_len=120) or "Bloqueio",
            created_at=now,
        )
    )


def remove_block(*, session: Session, actor: Actor, block_id: int) -> None:
    team = agenda_team(session, actor, Perm.TEAM_MANAGE)
    row = session.get(BlockedPeriod, block_id)
    if row is None or row.team_id != team.id:
        raise NotFound("Bloqueio não encontrado.")
    session.delete(row)

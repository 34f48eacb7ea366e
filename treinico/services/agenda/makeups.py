"""Make-up sessions (reposição) in the portal: the options a client's credits allow (the
session types of the plans they came from, with each trainer who has weekly hours), their
free slots before the credit's validity ends, and the booking that spends the oldest credit.
The option key and slot start come from the browser and are re-checked here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import (
    Client,
    Entitlement,
    SessionType,
    SessionTypeProduct,
    Team,
    User,
    WorkingHours,
)
from treinico.services.agenda import credits
from treinico.services.agenda.booking_core import take, when
from treinico.services.agenda.scope import client_who, portal_client, portal_team
from treinico.services.agenda.slots import DaySlots, free_slots, is_offered, parse_slot
from treinico.services.errors import Conflict, Invalid, NotFound


@dataclass(frozen=True)
class MakeupOption:
    key: str  # "trainer_id:session_type_id", re-checked on use
    label: str  # "Personal com Dona do Studio"


def options(session: Session, team: Team, client: Client, now: datetime) -> list[MakeupOption]:
    """Session types of the plans the client's credits came from, with each trainer who has
    weekly hours."""
    held = credits.available(session, team_id=team.id or 0, client_id=client.id or 0, now=now)
    entitlement_ids = {c.entitlement_id for c in held}
    if not entitlement_ids:
        return []
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


def _chosen(
    session: Session, team: Team, client: Client, key: str, now: datetime
) -> tuple[int, SessionType]:
    allowed = {o.key for o in options(session, team, client, now)}
    if key not in allowed:
        raise NotFound("Opção de reposição não encontrada.")
    trainer_id, type_id = (int(x) for x in key.split(":"))
    st = session.get(SessionType, type_id)
    assert st is not None
    return trainer_id, st


def makeup_slots(
    *, session: Session, team_id: int, client_id: int, option_key: str, now: datetime
) -> list[DaySlots]:
    team = portal_team(session, team_id)
    client = portal_client(session, team_id, client_id)
    trainer_id, st = _chosen(session, team, client, option_key, now)
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
    team = portal_team(session, team_id)
    client = portal_client(session, team_id, client_id)
    trainer_id, st = _chosen(session, team, client, option_key, now)
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
        who=client_who(client),
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
        actor_name=client_who(client).name,
        now=now,
    )
    return f"Reposição agendada para {when(start, team.timezone)}."

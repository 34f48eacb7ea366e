"""Lookups every agenda use case starts with, scoped by the actor's team: the team (with
the permission), a client, a trainer, a session type, a booking; local times in the team's
timezone; and the plan access a booking counts against."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import Booking, Client, Entitlement, Membership, Product, SessionType, Team
from treinico.services.access.status import day_start
from treinico.services.actor import Actor
from treinico.services.agenda.booking_core import Who
from treinico.services.agenda.plans import Plan
from treinico.services.errors import Invalid, NotFound
from treinico.services.permissions import Perm


def agenda_team(session: Session, actor: Actor, permission: str = Perm.AGENDA_WRITE) -> Team:
    actor.require(permission)
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    return team


def team_client(session: Session, team_id: int, client_id: int) -> Client:
    client = session.execute(
        select(Client).where(col(Client.id) == client_id, col(Client.team_id) == team_id)
    ).scalar_one_or_none()
    if client is None or client.archived:
        raise NotFound("Cliente não encontrado.", field="client")
    return client


def team_trainer(session: Session, team_id: int, user_id: int) -> int:
    found = session.execute(
        select(col(Membership.user_id)).where(
            col(Membership.team_id) == team_id, col(Membership.user_id) == user_id
        )
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("Profissional não encontrado.", field="trainer")
    return int(found)


def team_session_type(session: Session, team_id: int, session_type_id: int) -> SessionType:
    st = session.execute(
        select(SessionType).where(
            col(SessionType.id) == session_type_id, col(SessionType.team_id) == team_id
        )
    ).scalar_one_or_none()
    if st is None or st.archived:
        raise NotFound("Tipo de sessão não encontrado.", field="session_type")
    return st


def team_booking(session: Session, team_id: int, booking_id: int) -> Booking:
    booking = session.execute(
        select(Booking).where(col(Booking.id) == booking_id, col(Booking.team_id) == team_id)
    ).scalar_one_or_none()
    if booking is None:
        raise NotFound("Agendamento não encontrado.")
    return booking


def parse_time(raw: str, field: str = "time") -> int:
    """'07:30' -> minutes of the day."""
    text = (raw or "").strip()
    try:
        hours, minutes = text.split(":")[:2]
        value = time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise Invalid("Horário inválido. Use hh:mm.", field=field) from None
    return value.hour * 60 + value.minute


def local_instant(day: date, minute: int, tz: ZoneInfo) -> datetime:
    return day_start(day, tz) + timedelta(minutes=minute)


def plans_by_entitlement(session: Session, ids: set[int], tz: ZoneInfo) -> dict[int, Plan]:
    """The plans of several bookings' accesses in one statement."""
    if not ids:
        return {}
    rows = session.execute(
        select(Entitlement, Product)
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(col(Entitlement.id).in_(ids))
    ).all()
    return {e.id or 0: Plan(entitlement=e, product=p, tz=tz) for e, p in rows}


# The portal: the team and client come from the portal session, resolved on the server.


def portal_team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("Negócio não encontrado.")
    return team


def portal_client(session: Session, team_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != team_id or client.archived:
        raise NotFound("Cliente não encontrado.")
    return client


def client_who(client: Client) -> Who:
    """The client acting in the portal, as the agenda records it."""
    return Who(user_id=None, name=f"{client.name} (portal)")

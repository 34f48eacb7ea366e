"""Who may touch a client's accesses: the Commerce module on, the permission held, and the
client or access in the actor's own team."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import Client, Entitlement, Team
from treinico.services.actor import Actor
from treinico.services.errors import Forbidden, NotFound

COMMERCE_OFF = "O módulo Commerce está desativado para esta equipe."


def team_for(session: Session, actor: Actor, permission: str) -> Team:
    """The actor's team, once the permission is held and the Commerce module is on."""
    actor.require(permission)
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    if not team.commerce_enabled:
        raise Forbidden(COMMERCE_OFF)
    return team


def actor_client(session: Session, actor: Actor, client_id: int) -> Client:
    client = session.execute(
        select(Client).where(col(Client.id) == client_id, col(Client.team_id) == actor.team_id)
    ).scalar_one_or_none()
    if client is None:
        raise NotFound("Cliente não encontrado.")
    return client


def actor_entitlement(session: Session, actor: Actor, entitlement_id: int) -> Entitlement:
    row = session.execute(
        select(Entitlement).where(
            col(Entitlement.id) == entitlement_id, col(Entitlement.team_id) == actor.team_id
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("Acesso não encontrado.")
    return row

"""Who acts, for which team, with which permissions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from treinico.models import Membership, Team, User
from treinico.services.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Actor:
    """A staff member acting inside one team. Built on the server from the session, never
    from anything the browser sends."""

    user_id: int
    team_id: int
    role: str
    permissions: frozenset[str]
    name: str = ""

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise Forbidden()


def load_actor(session: Session, *, user_id: int, team_id: int) -> Actor:
    """Read the actor's current membership: permission changes apply on the next event."""
    row = session.exec(
        select(Membership, User, Team)
        .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
        .join(Team, Team.id == Membership.team_id)  # type: ignore[arg-type]
        .where(Membership.user_id == user_id, Membership.team_id == team_id)
    ).first()
    if row is None:
        raise NotFound("Equipe não encontrada.")
    membership, user, _team = row
    if not user.active:
        raise Forbidden("Usuário desativado.")
    return Actor(
        user_id=user_id,
        team_id=team_id,
        role=membership.role,
        permissions=frozenset(membership.permissions or []),
        name=user.name,
    )

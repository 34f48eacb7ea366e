"""Factories for service tests: teams with members, clients, products."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlmodel import Session

from treinico.models import Client
from treinico.services.actor import Actor, load_actor
from treinico.services.permissions import Role
from treinico.services.products import ProductView, create_product
from treinico.services.teams import TeamView, add_member, create_team
from treinico.services.text import fold

PASSWORD = "senha-de-teste-123"
_seq = itertools.count(1)


@dataclass
class TeamWithOwner:
    team: TeamView
    owner: Actor
    owner_email: str


def make_team(session: Session, name: str | None = None) -> TeamWithOwner:
    n = next(_seq)
    email = f"dono{n}@exemplo.com.br"
    team = create_team(
        session=session,
        name=name or f"Equipe {n}",
        slug=f"equipe-{n}",
        owner_email=email,
        owner_name=f"Dono {n}",
        owner_password=PASSWORD,
    )
    session.flush()
    from sqlmodel import select

    from treinico.models import User

    user = session.exec(select(User).where(User.email == email)).one()
    return TeamWithOwner(
        team=team,
        owner=load_actor(session, user_id=user.id or 0, team_id=team.id),
        owner_email=email,
    )


def make_member(
    session: Session, team_id: int, role: str = Role.TRAINER, permissions: list[str] | None = None
) -> Actor:
    n = next(_seq)
    add_member(
        session=session,
        team_id=team_id,
        email=f"membro{n}@exemplo.com.br",
        name=f"Membro {n}",
        password=PASSWORD,
        role=role,
        permissions=permissions,
    )
    from sqlmodel import select

    from treinico.models import User

    user = session.exec(select(User).where(User.email == f"membro{n}@exemplo.com.br")).one()
    return load_actor(session, user_id=user.id or 0, team_id=team_id)


def mobile(n: int) -> str:
    """A distinct valid São Paulo mobile number for each n."""
    return f"+55119{70000000 + n:08d}"


def make_client(
    session: Session, team_id: int, name: str = "Cliente", phone: str | None = None
) -> int:
    n = next(_seq)
    client = Client(
        team_id=team_id,
        name=name,
        name_search=fold(name),
        phone_e164=phone or mobile(n),
    )
    session.add(client)
    session.flush()
    return client.id or 0


def make_product(
    session: Session, team_id: int, name: str = "Plano Mensal", grace_days: int = 5
) -> ProductView:
    return create_product(
        session=session, team_id=team_id, name=name, price_cents=48000, grace_days=grace_days
    )


def membership_id(session: Session, actor: Actor) -> int:
    """The id of ``actor``'s membership row in their team."""
    from sqlmodel import select

    from treinico.models import Membership

    membership = session.exec(
        select(Membership).where(
            Membership.user_id == actor.user_id, Membership.team_id == actor.team_id
        )
    ).one()
    return membership.id or 0

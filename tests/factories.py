"""Factories for service tests: teams with members, clients, products."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from treinico.models import Client
from treinico.services.actor import Actor, load_actor
from treinico.services.commerce.products import ProductView, create_product
from treinico.services.permissions import Role
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


@dataclass
class AgendaWorld:
    """A team with a "Personal 3x" plan, a "Personal" session type that consumes it and the
    owner training seg–sex 06:00–21:00."""

    owner: Actor
    team_id: int
    trainer_id: int
    session_type_id: int
    product_id: int


def make_agenda(session: Session, name: str | None = None) -> AgendaWorld:
    from treinico.services.agenda.settings import add_hours, save_session_type

    t = make_team(session, name)
    product = create_product(
        session=session,
        team_id=t.team.id,
        name="Personal 3x",
        price_cents=48000,
        billing_months=1,
        sessions_per_cycle=12,
    )
    st = save_session_type(
        session=session,
        actor=t.owner,
        session_type_id=None,
        name="Personal",
        duration_minutes=60,
        capacity=1,
        color="teal",
        product_ids=[product.id],
    )
    add_hours(
        session=session,
        actor=t.owner,
        trainer_user_id=t.owner.user_id,
        weekdays=[0, 1, 2, 3, 4],
        start_text="06:00",
        end_text="21:00",
    )
    session.flush()
    return AgendaWorld(
        owner=t.owner,
        team_id=t.team.id,
        trainer_id=t.owner.user_id,
        session_type_id=st.id,
        product_id=product.id,
    )


def make_plan_client(
    session: Session, world: AgendaWorld, now: datetime, name: str = "Cliente"
) -> int:
    """A client of ``world`` with the plan active since five days before ``now``."""
    from treinico.services.access.entitlements import grant_entitlement

    client_id = make_client(session, world.team_id, name)
    grant_entitlement(
        session=session,
        actor=world.owner,
        client_id=client_id,
        product_id=world.product_id,
        starts_on=(now - timedelta(days=5)).date(),
        ends_on=None,
        now=now,
    )
    return client_id


def book(
    session: Session, world: AgendaWorld, client_id: int, day: date, hhmm: str, now: datetime
) -> int:
    """Book a "Personal" for the client as the owner; returns the booking id."""
    from sqlmodel import select

    from treinico.models import Booking
    from treinico.services.agenda.bookings import create_booking

    create_booking(
        session=session,
        actor=world.owner,
        client_id=client_id,
        trainer_user_id=world.trainer_id,
        session_type_id=world.session_type_id,
        day=day,
        time_text=hhmm,
        now=now,
    )
    session.flush()
    booking = session.exec(
        select(Booking).where(Booking.client_id == client_id).order_by(Booking.id.desc())  # type: ignore[union-attr]
    ).first()
    assert booking is not None
    return booking.id or 0

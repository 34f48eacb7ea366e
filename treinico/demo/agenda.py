"""Demo agenda for Studio Demo: session types, the owner's hours, Ana's "Personal 3x" with
8 sessions used and 1 make-up credit, her upcoming bookings (one inside the 24 h notice,
two well ahead) and a few bookings of other clients so the week is not empty.

Everything goes through the same services and booking path as the app, with ``now`` set to
when each thing would have happened.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from treinico.models import CancelKind, Client, Product, ProductKind, SessionType, Team, User
from treinico.services.access.entitlements import grant_entitlement
from treinico.services.actor import load_actor
from treinico.services.agenda.booking_core import Who, cancel_one, take
from treinico.services.agenda.bookings import mark_attendance
from treinico.services.agenda.scope import local_instant
from treinico.services.agenda.settings import add_hours, save_session_type
from treinico.services.commerce.products import create_product
from treinico.services.errors import Conflict

ANA = "Ana Beatriz Souza"


def _next_weekday(day: date, min_days: int) -> date:
    d = day + timedelta(days=min_days)
    while d.weekday() > 4:
        d += timedelta(days=1)
    return d


def seed_agenda(*, session: Session, team: Team, owner_email: str, now: datetime) -> bool:
    """Add the demo agenda once; False when the team already has session types."""
    if session.exec(select(SessionType).where(SessionType.team_id == team.id)).first():
        return False
    owner = session.exec(select(User).where(User.email == owner_email)).one()
    actor = load_actor(session, user_id=owner.id or 0, team_id=team.id or 0)
    tz = ZoneInfo(team.timezone)
    today = now.astimezone(tz).date()
    plan = create_product(
        session=session,
        team_id=team.id or 0,
        key="personal-3x",
        name="Personal 3x",
        description="Três treinos individuais por semana, 12 sessões por mês.",
        icon="dumbbell",
        kind=ProductKind.SUBSCRIPTION,
        price_cents=48000,
        billing_months=1,
        grace_days=5,
        sessions_per_cycle=12,
    )
    products = {
        p.key: p.id or 0 for p in session.exec(select(Product).where(Product.team_id == team.id))
    }
    personal = save_session_type(
        session=session,
        actor=actor,
        session_type_id=None,
        name="Personal",
        duration_minutes=60,
        capacity=1,
        color="teal",
        product_ids=[plan.id],
    )
    pilates = save_session_type(
        session=session,
        actor=actor,
        session_type_id=None,
        name="Pilates em grupo",
        duration_minutes=50,
        capacity=4,
        color="violet",
        product_ids=[products["plano-mensal"], products["plano-trimestral"]],
    )
    for start, end in (("06:00", "12:00"), ("16:00", "21:00")):
        add_hours(
            session=session,
            actor=actor,
            trainer_user_id=owner.id or 0,
            weekdays=[0, 1, 2, 3, 4],
            start_text=start,
            end_text=end,
        )
    team.cancel_notice_hours = 24
    session.add(team)
    clients = {c.name: c for c in session.exec(select(Client).where(Client.team_id == team.id))}
    ana = clients[ANA]
    # "Personal 3x" started 20 days ago: the current cycle is its first, 20 days old.
    access = grant_entitlement(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        product_id=plan.id,
        starts_on=today - timedelta(days=20),
        ends_on=None,
        now=now - timedelta(days=20),
    )
    who = Who(user_id=owner.id, name=owner.name)
    types = {
        "personal": session.get(SessionType, personal.id),
        "pilates": session.get(SessionType, pilates.id),
    }

    def book(client: Client, kind: str, day: date, hhmm: str, at: datetime, plan_id: int | None):
        hours, minutes = hhmm.split(":")
        st = types[kind]
        assert st is not None
        return take(
            session,
            team=team,
            who=who,
            client=client,
            trainer_user_id=owner.id or 0,
            st=st,
            start=local_instant(day, int(hours) * 60 + int(minutes), tz),
            now=at,
            entitlement_id=plan_id,
        )

    # Ana: 9 weekday sessions in the cycle so far; 8 took place, 1 was cancelled in time and
    # earned the make-up credit she holds.
    past_days = [
        today - timedelta(days=n)
        for n in range(19, 0, -1)
        if (today - timedelta(days=n)).weekday() < 5
    ][-9:]
    for i, day in enumerate(past_days):
        b = book(ana, "personal", day, "07:00", now - timedelta(days=21), access.id)
        if i == 3:
            cancel_one(
                session,
                team=team,
                booking=b,
                kind=CancelKind.TIMELY,
                who=who,
                now=b.starts_at - timedelta(days=2),
            )
        else:
            mark_attendance(
                session=session,
                actor=actor,
                booking_id=b.id or 0,
                present=i != 6,
                now=b.starts_at + timedelta(hours=1),
            )
    # One booking inside the 24 h notice, two more than 48 h ahead.
    soon = now.astimezone(tz).replace(minute=0, second=0, microsecond=0) + timedelta(hours=3)
    soon_day, soon_hhmm = soon.date(), soon.strftime("%H:00")
    book(ana, "personal", soon_day, soon_hhmm, now, access.id)
    first = _next_weekday(today, 3)
    second = _next_weekday(first, 2)
    book(ana, "personal", first, "07:00", now, access.id)
    book(ana, "personal", second, "08:00", now, access.id)
    # Others this week and next, so the week view has something every day.
    monday = today - timedelta(days=today.weekday())
    group = ["Bruno Carvalho", "Camila Ribeiro", "Gabriela Nunes", "Henrique Costa"]
    others: list[tuple[str, str, date, str]] = [
        (name, "pilates", monday + timedelta(days=offset), "18:00")
        for offset in (0, 2, 4, 7, 9)
        for name in group[: 3 if offset % 2 == 0 else 2]
    ]
    others += [
        (name, "personal", monday + timedelta(days=offset), hhmm)
        for offset, name, hhmm in (
            (1, "Isabela Fernandes", "09:00"),
            (3, "João Pedro Alves", "10:00"),
            (1, "Larissa Gomes", "17:00"),
            (8, "Isabela Fernandes", "09:00"),
        )
    ]
    for name, kind, day, hhmm in others:
        try:
            with session.begin_nested():
                book(clients[name], kind, day, hhmm, now - timedelta(days=7), None)
        except Conflict:
            continue  # Ana's booking of the next hours took this time: skip it
    return True

"""A small studio for agenda tests: one trainer (the owner) with weekly hours, "Personal"
(60 min, 1 person, consumes the monthly plan "Personal 3x" of 12 sessions) and "Pilates em
grupo" (50 min, 4 people), and a client with that plan since 01/03/2026."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from tests.factories import TeamWithOwner, make_client, make_team
from treinico.db import unit_of_work
from treinico.services.access import entitlements
from treinico.services.actor import Actor
from treinico.services.agenda import bookings
from treinico.services.agenda import settings as agenda_settings
from treinico.services.commerce.products import create_product

SP = ZoneInfo("America/Sao_Paulo")
# Tuesday 10/03/2026, 12:00 in São Paulo.
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=SP).astimezone(UTC)


@dataclass
class World:
    db: Engine
    t: TeamWithOwner
    owner: Actor
    client_id: int
    other_client_id: int
    plan_product_id: int
    plan_entitlement_id: int
    personal_id: int
    pilates_id: int

    @property
    def team_id(self) -> int:
        return self.t.team.id

    def book(
        self,
        day: date,
        hhmm: str,
        *,
        client_id: int | None = None,
        kind: str = "personal",
        now: datetime = NOW,
        confirm: bool = False,
    ) -> bookings.BookResult:
        with unit_of_work(self.db) as s:
            return bookings.create_booking(
                session=s,
                actor=self.owner,
                client_id=client_id or self.client_id,
                trainer_user_id=self.owner.user_id,
                session_type_id=self.personal_id if kind == "personal" else self.pilates_id,
                day=day,
                time_text=hhmm,
                now=now,
                confirm_over_plan=confirm,
            )


def make_world(db: Engine, *, plan_start: date = date(2026, 3, 1)) -> World:
    with unit_of_work(db) as s:
        t = make_team(s, name="Studio Teste")
        owner = t.owner
        client_id = make_client(s, t.team.id, name="Ana")
        other = make_client(s, t.team.id, name="Bruno")
        product = create_product(
            session=s,
            team_id=t.team.id,
            name="Personal 3x",
            price_cents=48000,
            billing_months=1,
            grace_days=5,
            sessions_per_cycle=12,
        )
        personal = agenda_settings.save_session_type(
            session=s,
            actor=owner,
            session_type_id=None,
            name="Personal",
            duration_minutes=60,
            capacity=1,
            color="teal",
            product_ids=[product.id],
        )
        pilates = agenda_settings.save_session_type(
            session=s,
            actor=owner,
            session_type_id=None,
            name="Pilates em grupo",
            duration_minutes=50,
            capacity=4,
            color="violet",
            product_ids=[],
        )
        for start, end in (("06:00", "12:00"), ("16:00", "21:00")):
            agenda_settings.add_hours(
                session=s,
                actor=owner,
                trainer_user_id=owner.user_id,
                weekdays=[0, 1, 2, 3, 4],
                start_text=start,
                end_text=end,
            )
        access = entitlements.grant_entitlement(
            session=s,
            actor=owner,
            client_id=client_id,
            product_id=product.id,
            starts_on=plan_start,
            ends_on=None,
            now=local(plan_start, 8) - timedelta(days=1),
        )
    return World(
        db=db,
        t=t,
        owner=owner,
        client_id=client_id,
        other_client_id=other,
        plan_product_id=product.id,
        plan_entitlement_id=access.id,
        personal_id=personal.id,
        pilates_id=pilates.id,
    )

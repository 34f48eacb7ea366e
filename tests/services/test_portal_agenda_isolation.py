"""A portal client acts only on their own bookings in the current team: another client of
the same team, or a client of another team, who sends someone else's booking id gets
NotFound and nothing changes (OWASP API1 BOLA), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from tests.conftest import NOW
from tests.factories import book, make_agenda, make_plan_client
from treinico.db import unit_of_work
from treinico.models import Booking, BookingStatus, CreditEvent
from treinico.services.agenda import makeups
from treinico.services.agenda import portal as portal_agenda
from treinico.services.errors import NotFound


@pytest.fixture()
def world(db: Engine):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as session:
        a = make_agenda(session, "Studio A")
        victim = make_plan_client(session, a, NOW, "Ana Vítima")
        neighbour = make_plan_client(session, a, NOW, "Carla Vizinha")
        b = make_agenda(session, "Studio B")
        stranger = make_plan_client(session, b, NOW, "Zé de Fora")
        day = (NOW + timedelta(days=3)).date()  # Friday, far beyond the 24 h notice
        booking_id = book(session, a, victim, day, "07:00", NOW)
        own_b = book(session, b, stranger, day, "07:00", NOW)
    return {
        "team_a": a.team_id,
        "team_b": b.team_id,
        "victim": victim,
        "neighbour": neighbour,
        "stranger": stranger,
        "booking": booking_id,
        "own_b": own_b,
    }


def _snapshot(db: Engine) -> tuple:  # type: ignore[type-arg]
    with unit_of_work(db) as session:
        bookings = session.execute(
            select(Booking.id, Booking.status, Booking.starts_at, Booking.client_id).order_by(
                Booking.id
            )
        ).all()
        credit_events = session.execute(select(func.count()).select_from(CreditEvent)).scalar()
    return tuple(tuple(r) for r in bookings), credit_events


def _slot_of(db: Engine, team_id: int, client_id: int, booking_id: int) -> str:
    """A start the owner of the booking could really move it to."""
    with unit_of_work(db) as session:
        days = portal_agenda.reschedule_slots(
            session=session, team_id=team_id, client_id=client_id, booking_id=booking_id, now=NOW
        )
    return days[0].slots[0].start_iso


@pytest.mark.parametrize("attacker", ["neighbour", "stranger"])
def test_someone_elses_booking_id_is_not_found_and_nothing_changes(
    db: Engine,
    world,  # type: ignore[no-untyped-def]
    attacker: str,
) -> None:
    team = world["team_a"] if attacker == "neighbour" else world["team_b"]
    client = world[attacker]
    start = _slot_of(db, world["team_a"], world["victim"], world["booking"])
    before = _snapshot(db)
    calls = [
        lambda s: portal_agenda.cancel(
            session=s, team_id=team, client_id=client, booking_id=world["booking"], now=NOW
        ),
        lambda s: portal_agenda.reschedule_slots(
            session=s, team_id=team, client_id=client, booking_id=world["booking"], now=NOW
        ),
        lambda s: portal_agenda.reschedule(
            session=s,
            team_id=team,
            client_id=client,
            booking_id=world["booking"],
            start_iso=start,
            now=NOW,
        ),
    ]
    for call in calls:
        with pytest.raises(NotFound), unit_of_work(db) as session:
            call(session)
    assert _snapshot(db) == before
    with unit_of_work(db) as session:
        victim = session.get(Booking, world["booking"])
        assert victim is not None and victim.status == BookingStatus.SCHEDULED


def test_a_client_of_another_team_cannot_reach_in_with_the_other_team_id(
    db: Engine,
    world,  # type: ignore[no-untyped-def]
) -> None:
    """The team comes from the session; even a forged pairing of team A with team B's
    client is refused, because the client is checked to belong to that team."""
    before = _snapshot(db)
    with pytest.raises(NotFound), unit_of_work(db) as session:
        portal_agenda.cancel(
            session=session,
            team_id=world["team_a"],
            client_id=world["stranger"],
            booking_id=world["booking"],
            now=NOW,
        )
    with pytest.raises(NotFound), unit_of_work(db) as session:
        portal_agenda.cancel(
            session=session,
            team_id=world["team_a"],
            client_id=world["stranger"],
            booking_id=world["own_b"],
            now=NOW,
        )
    assert _snapshot(db) == before


def test_the_owner_of_the_booking_can_cancel_it(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    """The same calls succeed for the right client, so the refusals above are not an
    accident of the arrange step."""
    with unit_of_work(db) as session:
        message = portal_agenda.cancel(
            session=session,
            team_id=world["team_a"],
            client_id=world["victim"],
            booking_id=world["booking"],
            now=NOW,
        )
    assert message == "Horário cancelado. Você ganhou 1 crédito de reposição."
    with unit_of_work(db) as session:
        cancelled = session.get(Booking, world["booking"])
        assert cancelled is not None and cancelled.status == BookingStatus.CANCELLED
        view = portal_agenda.portal_agenda(
            session=session, team_id=world["team_a"], client_id=world["victim"], now=NOW
        )
    assert view.credits == 1
    assert [o.label for o in view.makeup_options] == [f"Personal com {world_owner_name(db)}"]


def test_makeup_option_of_another_client_is_not_found(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(db) as session:
        portal_agenda.cancel(
            session=session,
            team_id=world["team_a"],
            client_id=world["victim"],
            booking_id=world["booking"],
            now=NOW,
        )
    with unit_of_work(db) as session:
        key = (
            portal_agenda.portal_agenda(
                session=session, team_id=world["team_a"], client_id=world["victim"], now=NOW
            )
            .makeup_options[0]
            .key
        )
    before = _snapshot(db)
    for team, client in (
        (world["team_a"], world["neighbour"]),
        (world["team_b"], world["stranger"]),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as session:
            makeups.makeup_slots(
                session=session, team_id=team, client_id=client, option_key=key, now=NOW
            )
    assert _snapshot(db) == before


def world_owner_name(db: Engine) -> str:
    from treinico.models import User

    with unit_of_work(db) as session:
        names = session.execute(select(User.name).order_by(User.id)).scalars().all()
    return names[0]

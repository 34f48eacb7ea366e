"""The portal's reschedule and notice rules as the service holds them, whatever the page
shows: a slot taken meanwhile keeps the old booking, and the notice holds at the minute.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import NOW
from tests.factories import book, make_agenda, make_plan_client
from treinico.db import unit_of_work
from treinico.models import Booking, BookingStatus
from treinico.services import portal_agenda
from treinico.services.errors import Conflict, Forbidden
from treinico.services.slots import parse_slot


def test_a_slot_taken_meanwhile_keeps_the_old_booking(db: Engine) -> None:
    with unit_of_work(db) as session:
        world = make_agenda(session)
        ana = make_plan_client(session, world, NOW, "Ana")
        bia = make_plan_client(session, world, NOW, "Bia")
        friday = (NOW + timedelta(days=3)).date()
        mine = book(session, world, ana, friday, "07:00", NOW)
    with unit_of_work(db) as session:
        days = portal_agenda.reschedule_slots(
            session=session, team_id=world.team_id, client_id=ana, booking_id=mine, now=NOW
        )
    wanted = next(s for d in days for s in d.slots if s.time == "09:00")
    start = parse_slot(wanted.start_iso)
    assert start is not None
    with unit_of_work(db) as session:  # Bia gets there first
        local = start.astimezone(ZoneInfo("America/Sao_Paulo"))
        book(session, world, bia, local.date(), "09:00", NOW)
    with pytest.raises(Conflict) as err, unit_of_work(db) as session:
        portal_agenda.reschedule(
            session=session,
            team_id=world.team_id,
            client_id=ana,
            booking_id=mine,
            start_iso=wanted.start_iso,
            now=NOW,
        )
    assert err.value.message == "Este horário não está mais livre. Escolha outro."
    with unit_of_work(db) as session:
        old = session.get(Booking, mine)
        assert old is not None and old.status == BookingStatus.SCHEDULED
        assert (
            portal_agenda.portal_agenda(
                session=session, team_id=world.team_id, client_id=ana, now=NOW
            )
            .upcoming[0]
            .id
            == mine
        )


def test_notice_holds_at_the_boundary_minute(db: Engine) -> None:
    with unit_of_work(db) as session:
        world = make_agenda(session)
        ana = make_plan_client(session, world, NOW, "Ana")
        friday = (NOW + timedelta(days=3)).date()
        first = book(session, world, ana, friday, "07:00", NOW)
        second = book(session, world, ana, friday, "09:00", NOW)
    with unit_of_work(db) as session:
        starts = {b: session.get(Booking, b).starts_at for b in (first, second)}  # type: ignore[union-attr]
    late = starts[first] - timedelta(hours=24) + timedelta(minutes=1)
    with pytest.raises(Forbidden) as err, unit_of_work(db) as session:
        portal_agenda.cancel(
            session=session, team_id=world.team_id, client_id=ana, booking_id=first, now=late
        )
    assert err.value.message == f"Faltam menos de 24 h: fale com {_team_name(db, world.team_id)}."
    with unit_of_work(db) as session:
        row = next(
            r
            for r in portal_agenda.portal_agenda(
                session=session, team_id=world.team_id, client_id=ana, now=late
            ).upcoming
            if r.id == first
        )
    assert not row.can_change and row.reason.startswith("Faltam menos de 24 h")
    on_time = starts[second] - timedelta(hours=24)
    with unit_of_work(db) as session:
        message = portal_agenda.cancel(
            session=session, team_id=world.team_id, client_id=ana, booking_id=second, now=on_time
        )
    assert message.startswith("Horário cancelado.")


def _team_name(db: Engine, team_id: int) -> str:
    from treinico.models import Team

    with unit_of_work(db) as session:
        team = session.get(Team, team_id)
        assert team is not None
        return team.name

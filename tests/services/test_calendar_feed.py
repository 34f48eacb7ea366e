"""The private calendar feed: RFC 5545 that a calendar app can read back (icalendar), the
client's own bookings only, cancelled ones marked CANCELLED, and a renewed address revokes
the old one at once. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar
from sqlalchemy.engine import Engine

from tests.conftest import NOW
from tests.factories import book, make_agenda, make_plan_client
from treinico.db import unit_of_work
from treinico.services.agenda import calendar_feed
from treinico.services.agenda import portal as portal_agenda


def test_feed_lists_the_clients_bookings_and_renewing_revokes_the_old_address(
    db: Engine,
) -> None:
    with unit_of_work(db) as session:
        world = make_agenda(session, "Studio Feed")
        ana = make_plan_client(session, world, NOW, "Ana Feed")
        other = make_plan_client(session, world, NOW, "Outra Cliente")
        friday = (NOW + timedelta(days=3)).date()
        kept = book(session, world, ana, friday, "07:00", NOW)
        dropped = book(session, world, ana, friday, "09:00", NOW)
        foreign = book(session, world, other, friday, "10:00", NOW)
    with unit_of_work(db) as session:
        portal_agenda.cancel(
            session=session, team_id=world.team_id, client_id=ana, booking_id=dropped, now=NOW
        )
        state = calendar_feed.feed_state(
            session=session, team_id=world.team_id, client_id=ana, tz="America/Sao_Paulo"
        )
        assert state.active is False
        token = calendar_feed.renew_feed(
            session=session, team_id=world.team_id, client_id=ana, now=NOW
        )
    assert len(token) >= 40
    with unit_of_work(db) as session:
        body = calendar_feed.render_feed(session=session, token=token, now=NOW)
        assert calendar_feed.feed_state(
            session=session, team_id=world.team_id, client_id=ana, tz="America/Sao_Paulo"
        ).active
    assert body is not None
    cal = Calendar.from_ical(body)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"booking-{kept}@treinico", f"booking-{dropped}@treinico"}
    assert f"booking-{foreign}@treinico" not in events
    first = events[f"booking-{kept}@treinico"]
    start = first.decoded("dtstart")
    # 07:00 in São Paulo (UTC-3) is 10:00 UTC, written as UTC.
    assert start.utcoffset() == timedelta(0)
    assert start == NOW.replace(day=13, hour=10, minute=0).astimezone(UTC)
    assert first.decoded("dtend") - start == timedelta(hours=1)
    assert "Personal" in str(first["summary"])
    assert str(first["status"]) == "CONFIRMED"
    assert str(events[f"booking-{dropped}@treinico"]["status"]) == "CANCELLED"
    assert b"DTSTART:20260313T100000Z" in body

    with unit_of_work(db) as session:
        fresh = calendar_feed.renew_feed(
            session=session, team_id=world.team_id, client_id=ana, now=NOW + timedelta(minutes=5)
        )
    with unit_of_work(db) as session:
        assert calendar_feed.render_feed(session=session, token=token, now=NOW) is None
        assert calendar_feed.render_feed(session=session, token=fresh, now=NOW) is not None
        assert calendar_feed.render_feed(session=session, token="x" * 43, now=NOW) is None
        assert calendar_feed.render_feed(session=session, token="", now=NOW) is None

"""Concurrent agenda writes end with exactly one effect: real sessions released together by a
barrier, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client
from tests.services.agenda_world import NOW, World, local, make_world
from tests.services.test_entitlement_races import race
from treinico.db import unit_of_work
from treinico.models import Appointment, Booking, CreditEvent
from treinico.services.agenda import bookings, credits, makeups
from treinico.services.agenda import portal as portal_agenda

THU = date(2026, 3, 12)


def _book(w: World, client_id: int, kind: str, hhmm: str = "07:00"):  # type: ignore[no-untyped-def]
    def action(s: Session) -> object:
        return bookings.create_booking(
            session=s,
            actor=w.owner,
            client_id=client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id if kind == "personal" else w.pilates_id,
            day=THU,
            time_text=hhmm,
            now=NOW,
        )

    return action


def _live(db: Engine) -> list[Booking]:
    with unit_of_work(db) as s:
        return list(s.exec(select(Booking).where(Booking.status != "cancelado")).all())


def test_two_clients_racing_for_the_last_slot_one_wins(db: Engine) -> None:
    w = make_world(db)
    outcomes = race(
        db, _book(w, w.client_id, "personal"), _book(w, w.other_client_id, "personal", "07:30")
    )
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert loser.startswith("Conflito") or "ocupado" in loser
    assert len(_live(db)) == 1


def test_racing_for_the_last_seat_of_a_group(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        people = [make_client(s, w.team_id, name=f"Aluno {i}") for i in range(5)]
    for client_id in people[:3]:
        with unit_of_work(db) as s:
            _book(w, client_id, "pilates", "18:00")(s)
    outcomes = race(
        db, _book(w, people[3], "pilates", "18:00"), _book(w, people[4], "pilates", "18:00")
    )
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert "lota" in loser  # "Turma lotada…" or "A turma acabou de lotar…"
    with unit_of_work(db) as s:
        appts = s.exec(select(Appointment)).all()
    assert [(a.booked, a.capacity) for a in appts] == [(4, 4)]
    assert len(_live(db)) == 4


def test_a_double_submitted_cancel_earns_one_credit(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        _book(w, w.client_id, "personal")(s)
    booking = _live(db)[0]

    def cancel(s: Session) -> object:
        return portal_agenda.cancel(
            session=s, team_id=w.team_id, client_id=w.client_id, booking_id=booking.id or 0, now=NOW
        )

    outcomes = race(db, cancel, cancel)
    assert outcomes.count("ok") == 1
    with unit_of_work(db) as s:
        earned = s.exec(select(CreditEvent).where(CreditEvent.event_type == "ganho")).all()
        appt = s.get(Appointment, booking.appointment_id)
    assert len(earned) == 1
    assert appt is not None and appt.booked == 0 and appt.cancelled_at is not None


def test_two_cancels_at_the_cap_edge_earn_one_credit(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        from treinico.services.agenda import settings as agenda_settings

        agenda_settings.update_rules(session=s, actor=w.owner, notice_hours=24, makeup_cap=1)
    for hhmm in ("07:00", "09:00"):
        with unit_of_work(db) as s:
            _book(w, w.client_id, "personal", hhmm)(s)
    first, second = _live(db)

    def cancel(booking_id: int):  # type: ignore[no-untyped-def]
        return lambda s: bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=booking_id, charge="sem_cobranca", now=NOW
        )

    assert race(db, cancel(first.id or 0), cancel(second.id or 0)) == ["ok", "ok"]
    with unit_of_work(db) as s:
        assert credits.balance(s, team_id=w.team_id, client_id=w.client_id, now=NOW) == 1


def test_one_credit_cannot_pay_for_two_make_ups(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        _book(w, w.client_id, "personal")(s)
    with unit_of_work(db) as s:
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=_live(db)[0].id or 0, charge="pelo_studio", now=NOW
        )
    key = f"{w.owner.user_id}:{w.personal_id}"
    starts = [local(date(2026, 3, 18), 9).isoformat(), local(date(2026, 3, 19), 9).isoformat()]

    def makeup(start_iso: str):  # type: ignore[no-untyped-def]
        return lambda s: makeups.book_makeup(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            option_key=key,
            start_iso=start_iso,
            now=NOW,
        )

    outcomes = race(db, makeup(starts[0]), makeup(starts[1]))
    assert outcomes.count("ok") == 1
    with unit_of_work(db) as s:
        made = s.exec(select(Booking).where(Booking.is_makeup)).all()
        assert credits.balance(s, team_id=w.team_id, client_id=w.client_id, now=NOW) == 0
    assert len(made) == 1

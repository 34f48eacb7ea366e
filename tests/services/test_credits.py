"""Make-up credits: earned, capped, expired, used, returned and revoked, exactly once, on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.services.agenda_world import NOW, World, local, make_world
from treinico.db import unit_of_work
from treinico.models import Booking, CreditEvent
from treinico.services.access import entitlements
from treinico.services.agenda import bookings, credit_ledger, credits, makeups
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda import schedule as agenda
from treinico.services.errors import NotFound


def _booking_ids(db: Engine) -> list[int]:
    with unit_of_work(db) as s:
        return [
            b.id or 0
            for b in s.exec(select(Booking).where(~Booking.is_makeup).order_by(Booking.starts_at))
        ]


def _cancel(w: World, booking_id: int, charge: str = "sem_cobranca", now: datetime = NOW):
    with unit_of_work(w.db) as s:
        return bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=booking_id, charge=charge, now=now
        )


def _balance(w: World, now: datetime = NOW) -> int:
    with unit_of_work(w.db) as s:
        return credits.balance(s, team_id=w.team_id, client_id=w.client_id, now=now)


def _events(w: World) -> list[tuple[str, int]]:
    with unit_of_work(w.db) as s:
        return [
            (e.event_type, e.delta)
            for e in s.exec(select(CreditEvent).order_by(CreditEvent.id)).all()
        ]


def test_cancel_in_time_earns_one_credit_valid_to_the_end_of_the_next_cycle(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    result = _cancel(w, _booking_ids(db)[0])
    assert result.message == "1 agendamento cancelado. 1 crédito de reposição gerado."
    assert _balance(w) == 1
    with unit_of_work(db) as s:
        rows = credit_ledger.ledger(
            s, team_id=w.team_id, client_id=w.client_id, tz="America/Sao_Paulo", now=NOW
        )
    assert [(r.label, r.delta, r.valid_until) for r in rows] == [
        ("Crédito ganho", "+1", "válido até 30/04/2026")
    ]
    # still held on the last day of April, gone on 01/05
    assert _balance(w, local(date(2026, 4, 30), 23, 59)) == 1
    assert _balance(w, local(date(2026, 5, 1), 0, 0)) == 0


def test_late_cancel_gives_nothing_and_studio_cancel_gives_a_credit(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    w.book(date(2026, 3, 13), "07:00")
    late, studio = _booking_ids(db)
    assert _cancel(w, late, "com_cobranca").credits == 0
    assert _cancel(w, studio, "pelo_studio").credits == 1
    assert _events(w) == [("ganho", 1)]


def test_the_cap_per_cycle_is_respected_and_said(db: Engine) -> None:
    w = make_world(db)  # cap 2 by default
    for day in (12, 13, 16):
        w.book(date(2026, 3, day), "07:00")
    w.book(date(2026, 4, 2), "07:00")  # next cycle
    a, b, c, april = _booking_ids(db)
    assert _cancel(w, a).credits == 1
    assert _cancel(w, b).credits == 1
    third = _cancel(w, c)
    assert third.credits == 0
    assert "limite do ciclo já foi atingido" in third.message
    assert _cancel(w, april).credits == 1  # the cap is per cycle
    assert _balance(w) == 3


def test_expiry_is_derived_and_the_sweep_records_it_once(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    _cancel(w, _booking_ids(db)[0])
    later = datetime(2026, 5, 2, 12, tzinfo=UTC)
    assert _balance(w, later) == 0
    with unit_of_work(db) as s:
        rows = credit_ledger.ledger(
            s, team_id=w.team_id, client_id=w.client_id, tz="America/Sao_Paulo", now=later
        )
    assert rows[0].label == "Crédito expirado"  # shown even before the sweep ran
    for _ in range(3):
        with unit_of_work(db) as s:
            credits.sweep(session=s, now=later)
    assert _events(w) == [("ganho", 1), ("expirado", -1)]


def _makeup(w: World, now: datetime = NOW) -> str:
    with unit_of_work(w.db) as s:
        option = portal_agenda.portal_agenda(
            session=s, team_id=w.team_id, client_id=w.client_id, now=now
        ).makeup_options[0]
        day = makeups.makeup_slots(
            session=s, team_id=w.team_id, client_id=w.client_id, option_key=option.key, now=now
        )[2]
        return makeups.book_makeup(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            option_key=option.key,
            start_iso=day.slots[0].start_iso,
            now=now,
        )


def _makeup_booking(w: World) -> Booking:
    with unit_of_work(w.db) as s:
        return s.exec(select(Booking).where(Booking.is_makeup, Booking.status == "agendado")).one()


def test_make_up_spends_the_oldest_credit_and_a_timely_cancel_gives_it_back(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    w.book(date(2026, 3, 13), "07:00")
    first, second = _booking_ids(db)
    _cancel(w, first)
    _cancel(w, second)
    message = _makeup(w)
    assert message.startswith("Reposição agendada para ")
    assert _balance(w) == 1
    with unit_of_work(db) as s:
        used = s.exec(select(CreditEvent).where(CreditEvent.event_type == "usado")).one()
        oldest = s.exec(select(CreditEvent).order_by(CreditEvent.id)).first()
    assert oldest is not None and used.credit_key == oldest.credit_key
    booking = _makeup_booking(w)
    with unit_of_work(db) as s:
        text = portal_agenda.cancel(
            session=s, team_id=w.team_id, client_id=w.client_id, booking_id=booking.id or 0, now=NOW
        )
    assert text == "Horário cancelado. O crédito de reposição voltou para você."
    assert _balance(w) == 2
    with unit_of_work(db) as s:
        returned = s.exec(select(CreditEvent).where(CreditEvent.event_type == "devolvido")).one()
    assert returned.valid_until == oldest.valid_until  # original validity


def test_a_missed_make_up_spends_the_credit(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    _cancel(w, _booking_ids(db)[0])
    _makeup(w)
    booking = _makeup_booking(w)
    after = booking.starts_at.replace(minute=30)
    with unit_of_work(db) as s:
        bookings.mark_attendance(
            session=s, actor=w.owner, booking_id=booking.id or 0, present=False, now=after
        )
    assert _balance(w, after) == 0
    assert _events(w) == [("ganho", 1), ("usado", -1)]


def test_without_a_credit_no_make_up(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        home = portal_agenda.portal_agenda(
            session=s, team_id=w.team_id, client_id=w.client_id, now=NOW
        )
    assert (home.credits, home.makeup_options) == (0, [])
    with pytest.raises(NotFound), unit_of_work(db) as s:
        makeups.book_makeup(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            option_key=f"{w.owner.user_id}:{w.personal_id}",
            start_iso=local(date(2026, 3, 12), 7).isoformat(),
            now=NOW,
        )
    with unit_of_work(db) as s:
        assert s.exec(select(Booking)).all() == []


def test_revoking_the_plan_expires_its_credits_and_flags_future_bookings(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    w.book(date(2026, 3, 13), "07:00")
    first, second = _booking_ids(db)
    _cancel(w, first)
    assert _balance(w) == 1
    with unit_of_work(db) as s:
        entitlements.revoke_entitlement(
            session=s, actor=w.owner, entitlement_id=w.plan_entitlement_id, now=NOW
        )
    assert _balance(w) == 0
    assert _events(w) == [("ganho", 1), ("expirado", -1)]
    with unit_of_work(db) as s:
        row = agenda.booking_detail(session=s, actor=w.owner, booking_id=second, now=NOW)
        home = portal_agenda.portal_agenda(
            session=s, team_id=w.team_id, client_id=w.client_id, now=NOW
        )
    assert row.no_plan is True
    assert home.plan is None


def test_the_ledger_is_append_only(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    _cancel(w, _booking_ids(db)[0])
    for statement in ("UPDATE credit_event SET delta = 1", "DELETE FROM credit_event"):
        with pytest.raises(sa.exc.DatabaseError), unit_of_work(db) as s:
            s.execute(sa.text(statement))
    assert _events(w) == [("ganho", 1)]

"""Plan cycles and the plan card's figures, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.services.agenda_world import NOW, SP, local, make_world
from treinico.db import unit_of_work
from treinico.models import Booking
from treinico.services.agenda import bookings, credits, plans
from treinico.services.agenda.plans import cycle_at


@pytest.mark.parametrize(
    ("anchor", "on", "start", "end"),
    [
        (date(2026, 1, 31), date(2026, 2, 15), date(2026, 1, 31), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 28), date(2026, 3, 31)),
        (date(2026, 1, 31), date(2026, 3, 30), date(2026, 2, 28), date(2026, 3, 31)),
        (date(2026, 1, 31), date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 30)),
        (date(2024, 1, 30), date(2024, 2, 29), date(2024, 2, 29), date(2024, 3, 30)),
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 1), date(2026, 4, 1)),
        (date(2026, 12, 15), date(2027, 1, 14), date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 3, 10), date(2026, 3, 1), date(2026, 3, 10), date(2026, 4, 10)),
    ],
)
def test_monthly_cycles_keep_the_anchor_day(anchor, on, start, end) -> None:  # type: ignore[no-untyped-def]
    cycle = cycle_at(anchor, on, months=1, days=None)
    assert (cycle.start, cycle.end) == (start, end)


def test_day_31_never_drifts_after_a_short_month() -> None:
    anchor = date(2026, 1, 31)
    starts = [
        cycle_at(anchor, date(2026, m, 28) + timedelta(days=3), months=1, days=None).start
        for m in (1, 2, 3, 4, 5)
    ]
    assert [d.day for d in starts] == [31, 28, 31, 30, 31]


def test_quarterly_and_day_based_cycles() -> None:
    assert cycle_at(date(2026, 1, 31), date(2026, 5, 1), months=3, days=None).start == date(
        2026, 4, 30
    )
    cycle = cycle_at(date(2026, 3, 1), date(2026, 4, 5), months=None, days=30)
    assert (cycle.start, cycle.end, cycle.index) == (date(2026, 3, 31), date(2026, 4, 30), 1)


def _card(w, now=NOW):  # type: ignore[no-untyped-def]
    with unit_of_work(w.db) as s:
        plan = plans.current_plan(s, team_id=w.team_id, client_id=w.client_id, tz=SP, now=now)
        assert plan is not None
        held = credits.balance(s, team_id=w.team_id, client_id=w.client_id, now=now)
        return plans.plan_card(s, plan, credits=held, now=now)


def _mark(w, booking_id: int, present: bool) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(w.db) as s:
        bookings.mark_attendance(
            session=s, actor=w.owner, booking_id=booking_id, present=present, now=NOW
        )


def _ids(w) -> list[int]:  # type: ignore[no-untyped-def]
    with unit_of_work(w.db) as s:
        return list(s.exec(select(Booking.id).order_by(Booking.starts_at)).all())


def test_card_reads_exactly_like_the_seed(db: Engine) -> None:
    w = make_world(db)
    card = _card(w)
    assert card.title == "Personal 3x — R$ 480/mês"
    assert card.used_label == "Sessões usadas: 0 de 12"
    assert card.credits_label == "Créditos de reposição: nenhum disponível"
    assert card.next_due_label == "Próximo vencimento: 31/03"


def test_sessions_used_count_present_absent_and_late_cancels_only(db: Engine) -> None:
    w = make_world(db)
    for day in (2, 3, 4, 5, 6):
        w.book(date(2026, 3, day), "07:00", now=local(date(2026, 3, 1), 9))
    w.book(date(2026, 3, 12), "07:00")  # future: agendada
    w.book(date(2026, 3, 13), "07:00")  # future: cancelled late (com cobrança)
    w.book(date(2026, 3, 16), "07:00")  # future: cancelled in time (sem cobrança)
    ids = _ids(w)
    _mark(w, ids[0], True)
    _mark(w, ids[1], True)
    _mark(w, ids[2], False)  # falta counts
    with unit_of_work(w.db) as s:
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=ids[6], charge="com_cobranca", now=NOW
        )
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=ids[7], charge="sem_cobranca", now=NOW
        )
    card = _card(w)
    # 2 present + 1 falta + 1 late cancel; 2 past still "agendado" + 1 future are scheduled
    assert (card.used, card.scheduled) == (4, 3)
    assert card.used_label == "Sessões usadas: 4 de 12"
    assert card.scheduled_label == "3 agendadas"
    assert card.credits_label == "Créditos de reposição: 1 disponível"


def test_next_due_is_the_expiry_when_it_comes_before_the_cycle_end(db: Engine) -> None:
    w = make_world(db)
    # A plan with an expiry on 20/03, before its cycle ends on 31/03.
    with unit_of_work(db) as s:
        from treinico.services.access import entitlements

        entitlements.grant_entitlement(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            product_id=w.plan_product_id,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 20),
            now=local(date(2026, 3, 1), 7),
        )
        plan = plans.current_plan(s, team_id=w.team_id, client_id=w.other_client_id, tz=SP, now=NOW)
        assert plan is not None
        card = plans.plan_card(s, plan, credits=0, now=NOW)
    assert card.next_due_label == "Próximo vencimento: 20/03"


def test_make_up_bookings_do_not_count_as_sessions(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 12), "07:00")
    ids = _ids(w)
    with unit_of_work(db) as s:
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=ids[0], charge="pelo_studio", now=NOW
        )
    from treinico.services.agenda import makeups
    from treinico.services.agenda import portal as portal_agenda

    with unit_of_work(db) as s:
        option = portal_agenda.portal_agenda(
            session=s, team_id=w.team_id, client_id=w.client_id, now=NOW
        ).makeup_options[0]
        day = makeups.makeup_slots(
            session=s, team_id=w.team_id, client_id=w.client_id, option_key=option.key, now=NOW
        )[0]
        makeups.book_makeup(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            option_key=option.key,
            start_iso=day.slots[0].start_iso,
            now=NOW,
        )
    with unit_of_work(db) as s:
        b = s.exec(select(Booking).where(Booking.is_makeup)).one()
        makeup, b_start = b.id or 0, b.starts_at
    _mark_now = b_start + timedelta(hours=1)
    with unit_of_work(db) as s:
        bookings.mark_attendance(
            session=s, actor=w.owner, booking_id=makeup, present=True, now=_mark_now
        )
    card = _card(w, now=_mark_now)
    assert card.used == 0
    assert card.credits_label == "Créditos de reposição: nenhum disponível"

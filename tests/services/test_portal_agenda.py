"""The client's side: the notice rule at the boundary minute, reschedule in one transaction,
free slots, and what the cancel confirmation says — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.services.agenda_world import NOW, World, local, make_world
from treinico.db import unit_of_work
from treinico.models import Booking
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda import settings as agenda_settings
from treinico.services.errors import Conflict, Forbidden

THU = date(2026, 3, 12)


def _only(w: World) -> Booking:
    with unit_of_work(w.db) as s:
        return s.exec(select(Booking).where(Booking.status == "agendado")).one()


def _home(w: World, now=NOW):  # type: ignore[no-untyped-def]
    with unit_of_work(w.db) as s:
        return portal_agenda.portal_agenda(
            session=s, team_id=w.team_id, client_id=w.client_id, now=now
        )


def test_notice_holds_at_the_boundary_minute(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _only(w)
    boundary = booking.starts_at - timedelta(hours=24)
    row = _home(w, boundary).upcoming[0]
    assert (row.can_change, row.reason) == (True, "")
    late = boundary + timedelta(seconds=1)
    row = _home(w, late).upcoming[0]
    assert (row.can_change, row.reason) == (False, "Faltam menos de 24 h: fale com Studio Teste")
    # the service refuses too, whatever the page shows
    with pytest.raises(Forbidden) as err, unit_of_work(db) as s:
        portal_agenda.cancel(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            now=late,
        )
    assert err.value.message == "Faltam menos de 24 h: fale com Studio Teste."
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        portal_agenda.reschedule_slots(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            now=late,
        )
    assert _only(w).status == "agendado"
    with unit_of_work(db) as s:
        text = portal_agenda.cancel(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            now=boundary,
        )
    assert text == "Horário cancelado. Você ganhou 1 crédito de reposição."


def test_the_team_notice_setting_is_used(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        agenda_settings.update_rules(session=s, actor=w.owner, notice_hours=48, makeup_cap=1)
    w.book(THU, "07:00")
    row = _home(w).upcoming[0]  # 43 h ahead
    assert row.reason == "Faltam menos de 48 h: fale com Studio Teste"


def test_cancel_confirmation_says_whether_a_credit_comes(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        agenda_settings.update_rules(session=s, actor=w.owner, notice_hours=24, makeup_cap=1)
    w.book(THU, "07:00")
    w.book(date(2026, 3, 13), "07:00")
    rows = _home(w).upcoming
    assert rows[0].cancel_note.startswith("Você ganhará 1 crédito de reposição")
    with unit_of_work(db) as s:
        portal_agenda.cancel(
            session=s, team_id=w.team_id, client_id=w.client_id, booking_id=rows[0].id, now=NOW
        )
    after = _home(w).upcoming
    assert after[0].cancel_note.startswith("Sem crédito de reposição: o limite")
    assert _home(w).plan is not None and _home(w).plan.credits_label == (  # type: ignore[union-attr]
        "Créditos de reposição: 1 disponível"
    )


def test_free_slots_follow_hours_appointments_and_blocks(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00", client_id=w.other_client_id)
    w.book(date(2026, 3, 13), "09:00")
    booking = [b for b in _all(w) if b.client_id == w.client_id][0]
    with unit_of_work(db) as s:
        agenda_settings.add_block(
            session=s,
            actor=w.owner,
            trainer_user_id=w.owner.user_id,
            first_day=date(2026, 3, 16),
            last_day=date(2026, 3, 17),
            reason="Folga",
            now=NOW,
        )
        days = portal_agenda.reschedule_slots(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            now=NOW,
        )
    by_day = {d.day_iso: [slot.time for slot in d.slots] for d in days}
    # today (Tue 10/03, 12:00): only the afternoon window is left
    assert by_day["2026-03-10"] == ["16:00", "17:00", "18:00", "19:00", "20:00"]
    assert "07:00" not in by_day["2026-03-12"] and "06:00" in by_day["2026-03-12"]
    assert "09:00" in by_day["2026-03-13"]  # her own booking being moved does not block
    assert "2026-03-14" not in by_day and "2026-03-15" not in by_day  # weekend
    assert "2026-03-16" not in by_day and "2026-03-17" not in by_day  # blocked
    assert len(by_day["2026-03-18"]) == 11
    assert days[0].label == "ter., 10/03"


def _all(w: World) -> list[Booking]:
    with unit_of_work(w.db) as s:
        return list(s.exec(select(Booking).order_by(Booking.starts_at)).all())


def test_reschedule_is_one_transaction(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _only(w)
    target = local(date(2026, 3, 18), 9)
    with unit_of_work(db) as s:
        text = portal_agenda.reschedule(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            start_iso=target.isoformat(),
            now=NOW,
        )
    assert text == "Horário remarcado para 18/03 às 09:00."
    rows = _all(w)
    assert [(b.status, b.cancel_kind, b.starts_at) for b in rows] == [
        ("cancelado", "remarcado", local(THU, 7)),
        ("agendado", None, target),
    ]
    assert rows[1].entitlement_id == w.plan_entitlement_id
    assert _home(w).credits == 0  # a reschedule earns nothing


def test_a_slot_taken_meanwhile_keeps_the_old_booking(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _only(w)
    target = local(date(2026, 3, 18), 9)
    w.book(date(2026, 3, 18), "09:00", client_id=w.other_client_id)  # someone was faster
    with pytest.raises(Conflict) as err, unit_of_work(db) as s:
        portal_agenda.reschedule(
            session=s,
            team_id=w.team_id,
            client_id=w.client_id,
            booking_id=booking.id or 0,
            start_iso=target.isoformat(),
            now=NOW,
        )
    assert err.value.message == "Este horário não está mais livre. Escolha outro."
    mine = [b for b in _all(w) if b.client_id == w.client_id]
    assert [(b.status, b.starts_at) for b in mine] == [("agendado", local(THU, 7))]


def test_a_client_cannot_pick_a_slot_outside_the_offer(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _only(w)
    for start in (local(date(2026, 3, 14), 9), local(date(2026, 3, 18), 9, 30), "amanhã"):
        with pytest.raises(Conflict), unit_of_work(db) as s:
            portal_agenda.reschedule(
                session=s,
                team_id=w.team_id,
                client_id=w.client_id,
                booking_id=booking.id or 0,
                start_iso=start if isinstance(start, str) else start.isoformat(),
                now=NOW,
            )
    assert len(_all(w)) == 1

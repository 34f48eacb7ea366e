"""Staff bookings: conflicts, capacity, series, moves, attendance, permissions and tenancy,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.factories import make_client, make_member, make_team
from tests.services.agenda_world import NOW, local, make_world
from treinico.db import unit_of_work
from treinico.models import Appointment, Booking, BookingEvent
from treinico.services.agenda import bookings
from treinico.services.agenda import schedule as agenda
from treinico.services.agenda import settings as agenda_settings
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.permissions import Perm

THU = date(2026, 3, 12)


def _bookings(db: Engine) -> list[Booking]:
    with unit_of_work(db) as s:
        return list(s.exec(select(Booking).order_by(Booking.starts_at, Booking.id)).all())


def test_trainer_is_never_double_booked_and_the_message_says_with_what(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    with pytest.raises(Conflict) as err:
        w.book(THU, "07:30", client_id=w.other_client_id)
    assert err.value.fields == {"start": err.value.message}
    assert err.value.message.startswith("Conflito: o profissional já tem Personal com Ana")
    assert "12/03, 07:00–08:00" in err.value.message
    assert len(_bookings(db)) == 1
    w.book(THU, "08:00", client_id=w.other_client_id)  # back to back is fine


def test_client_has_no_two_overlapping_bookings(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00", kind="pilates")
    with unit_of_work(db) as s:
        second = make_member(s, w.team_id, role="trainer")
    with pytest.raises(Conflict) as err, unit_of_work(db) as s:
        bookings.create_booking(
            session=s,
            actor=w.owner,
            client_id=w.client_id,
            trainer_user_id=second.user_id,
            session_type_id=w.personal_id,
            day=THU,
            time_text="07:30",
            now=NOW,
        )
    assert err.value.message == "Ana já tem Pilates em grupo em 12/03 às 07:00."


def test_a_group_fills_up_to_its_capacity_and_no_further(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        extra = [make_client(s, w.team_id, name=f"Aluno {i}") for i in range(4)]
    for client_id in extra:
        w.book(THU, "18:00", client_id=client_id, kind="pilates")
    with pytest.raises(Conflict) as err:
        w.book(THU, "18:00", client_id=w.client_id, kind="pilates")
    assert "Turma lotada: Pilates em grupo às 18:00 já tem 4 de 4 pessoas." in err.value.message
    with unit_of_work(db) as s:
        appts = s.exec(select(Appointment)).all()
    assert [(a.booked, a.capacity) for a in appts] == [(4, 4)]
    # The database itself refuses a fifth seat, whatever the code does.
    with pytest.raises(sa.exc.IntegrityError), unit_of_work(db) as s:
        s.execute(sa.text("UPDATE appointment SET booked = booked + 1"))


def test_a_blocked_period_refuses_bookings(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        agenda_settings.add_block(
            session=s,
            actor=w.owner,
            trainer_user_id=w.owner.user_id,
            first_day=THU,
            last_day=THU,
            reason="Férias",
            now=NOW,
        )
    with pytest.raises(Conflict) as err:
        w.book(THU, "07:00")
    assert err.value.message == "O profissional está indisponível neste horário (Férias)."


def test_bad_input_is_refused_at_the_field(db: Engine) -> None:
    w = make_world(db)
    with pytest.raises(Invalid) as err:
        w.book(THU, "7h")
    assert err.value.fields == {"time": "Horário inválido. Use hh:mm."}
    with pytest.raises(Invalid) as err:
        w.book(date(2026, 3, 1), "07:00")
    assert "day" in err.value.fields


def test_weekly_series_books_every_occurrence(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        result = bookings.create_series(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id,
            day=date(2026, 3, 16),
            time_text="09:00",
            weekdays=[0, 2],
            until=None,
            weeks=3,
            now=NOW,
        )
    assert result.count == 6
    assert result.message.startswith("Série criada: 6 sessões de Bruno")
    rows = _bookings(db)
    assert len({b.series_id for b in rows}) == 1 and rows[0].series_id
    assert [b.starts_at.astimezone(local(THU, 0).tzinfo).date().weekday() for b in rows] == [
        0,
        2,
        0,
        2,
        0,
        2,
    ]


def test_a_series_with_a_collision_books_nothing_and_lists_the_dates(db: Engine) -> None:
    w = make_world(db)
    w.book(date(2026, 3, 23), "09:00")  # Ana, second Monday
    with pytest.raises(Conflict) as err, unit_of_work(db) as s:
        bookings.create_series(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id,
            day=date(2026, 3, 16),
            time_text="09:00",
            weekdays=[0],
            until=date(2026, 3, 30),
            weeks=None,
            now=NOW,
        )
    assert err.value.message.startswith("1 de 3 datas têm conflito. 23/03 às 09:00: Conflito")
    assert len(_bookings(db)) == 1


def test_going_beyond_the_plan_needs_staff_confirmation(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        result = bookings.create_series(
            session=s,
            actor=w.owner,
            client_id=w.client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id,
            day=THU,
            time_text="07:00",
            weekdays=[0, 1, 2, 3, 4],
            until=date(2026, 3, 27),
            weeks=None,
            now=NOW,
            confirm_over_plan=True,
        )
    assert result.count == 12
    with pytest.raises(bookings.OverPlan) as err:
        w.book(date(2026, 3, 30), "07:00")
    assert err.value.fields.keys() == {"confirm"}
    assert "12 de 12 sessões" in err.value.message
    assert len(_bookings(db)) == 12
    w.book(date(2026, 3, 30), "07:00", confirm=True)
    w.book(date(2026, 4, 1), "07:00")  # a new cycle starts on 01/04: no warning
    assert len(_bookings(db)) == 14


def test_move_one_or_this_and_the_following(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        bookings.create_series(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id,
            day=date(2026, 3, 16),
            time_text="09:00",
            weekdays=[0],
            until=None,
            weeks=3,
            now=NOW,
        )
    first, second, third = _bookings(db)
    with unit_of_work(db) as s:
        bookings.move_booking(
            session=s,
            actor=w.owner,
            booking_id=first.id or 0,
            day=date(2026, 3, 17),
            time_text="10:00",
            now=NOW,
        )
    with unit_of_work(db) as s:
        result = bookings.move_booking(
            session=s,
            actor=w.owner,
            booking_id=second.id or 0,
            day=date(2026, 3, 23),
            time_text="16:00",
            scope="following",
            now=NOW,
        )
    assert result.count == 2
    starts = [b.starts_at for b in _bookings(db)]
    assert starts == [
        local(date(2026, 3, 17), 10),
        local(date(2026, 3, 23), 16),
        local(date(2026, 3, 30), 16),
    ]
    # the old times are free again
    w.book(date(2026, 3, 16), "09:00")
    with unit_of_work(db) as s:
        kinds = s.exec(select(BookingEvent.event_type)).all()
    assert kinds.count("movido") == 3


def test_a_move_into_a_conflict_changes_nothing(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    w.book(THU, "09:00", client_id=w.other_client_id)
    moving = _bookings(db)[1]
    with pytest.raises(Conflict), unit_of_work(db) as s:
        bookings.move_booking(
            session=s,
            actor=w.owner,
            booking_id=moving.id or 0,
            day=THU,
            time_text="07:30",
            now=NOW,
        )
    assert [b.starts_at for b in _bookings(db)] == [local(THU, 7), local(THU, 9)]


def test_attendance_after_the_start_only(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _bookings(db)[0]
    with pytest.raises(Invalid), unit_of_work(db) as s:
        bookings.mark_attendance(
            session=s, actor=w.owner, booking_id=booking.id or 0, present=True, now=NOW
        )
    after = local(THU, 7, 5)
    with unit_of_work(db) as s:
        view = agenda.booking_detail(
            session=s, actor=w.owner, booking_id=booking.id or 0, now=after
        )
    assert view.needs_confirmation and view.can_mark and not view.can_change
    with unit_of_work(db) as s:
        bookings.mark_attendance(
            session=s, actor=w.owner, booking_id=booking.id or 0, present=False, now=after
        )
    with unit_of_work(db) as s:
        view = agenda.booking_detail(
            session=s, actor=w.owner, booking_id=booking.id or 0, now=after
        )
    assert (view.status_label, view.needs_confirmation) == ("Falta", False)


def test_week_view_one_trainer_or_all(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        other = make_member(s, w.team_id, role="trainer")
    w.book(THU, "07:00")
    with unit_of_work(db) as s:
        bookings.create_booking(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            trainer_user_id=other.user_id,
            session_type_id=w.personal_id,
            day=THU,
            time_text="07:00",
            now=NOW,
        )
        week = agenda.week_view(
            session=s, actor=w.owner, week_of=THU, trainer_user_id=None, now=NOW
        )
        mine = agenda.week_view(
            session=s, actor=w.owner, week_of=THU, trainer_user_id=w.owner.user_id, now=NOW
        )
    assert week.title == "09/03/2026 a 15/03/2026"
    assert [d.label for d in week.days][:2] == ["seg., 09/03", "ter., 10/03"]
    assert week.days[1].is_today
    thursday = week.days[3]
    assert [(r.time, r.client_name) for r in thursday.rows] == [
        ("07:00–08:00", "Ana"),
        ("07:00–08:00", "Bruno"),
    ]
    assert [r.client_name for r in mine.days[3].rows] == ["Ana"]


def test_read_only_member_reads_but_cannot_book(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        reader = make_member(
            s, w.team_id, role="trainer", permissions=[Perm.CLIENTS_READ, Perm.AGENDA_READ]
        )
    with unit_of_work(db) as s:
        agenda.week_view(session=s, actor=reader, week_of=THU, trainer_user_id=None, now=NOW)
        with pytest.raises(Forbidden):
            bookings.create_booking(
                session=s,
                actor=reader,
                client_id=w.client_id,
                trainer_user_id=w.owner.user_id,
                session_type_id=w.personal_id,
                day=THU,
                time_text="07:00",
                now=NOW,
            )
    assert _bookings(db) == []


def test_another_team_gets_not_found_and_nothing_changes(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _bookings(db)[0]
    with unit_of_work(db) as s:
        intruder = make_team(s).owner
    for call in (
        lambda s: bookings.cancel_booking(
            session=s, actor=intruder, booking_id=booking.id or 0, charge="sem_cobranca", now=NOW
        ),
        lambda s: bookings.move_booking(
            session=s,
            actor=intruder,
            booking_id=booking.id or 0,
            day=THU,
            time_text="09:00",
            now=NOW,
        ),
        lambda s: agenda.booking_detail(
            session=s, actor=intruder, booking_id=booking.id or 0, now=NOW
        ),
        lambda s: bookings.create_booking(
            session=s,
            actor=intruder,
            client_id=w.client_id,
            trainer_user_id=w.owner.user_id,
            session_type_id=w.personal_id,
            day=THU,
            time_text="10:00",
            now=NOW,
        ),
        lambda s: agenda.client_agenda(session=s, actor=intruder, client_id=w.client_id, now=NOW),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            call(s)
    rows = _bookings(db)
    assert [(b.status, b.starts_at) for b in rows] == [("agendado", local(THU, 7))]


def test_booking_events_are_append_only(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    for statement in ("UPDATE booking_event SET actor_name = 'x'", "DELETE FROM booking_event"):
        with pytest.raises(sa.exc.DatabaseError), unit_of_work(db) as s:
            s.execute(sa.text(statement))
    with unit_of_work(db) as s:
        assert s.exec(select(BookingEvent.event_type)).all() == ["agendado"]


def test_cancel_twice_is_refused_the_second_time(db: Engine) -> None:
    w = make_world(db)
    w.book(THU, "07:00")
    booking = _bookings(db)[0]
    with unit_of_work(db) as s:
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=booking.id or 0, charge="com_cobranca", now=NOW
        )
    with pytest.raises(Conflict), unit_of_work(db) as s:
        bookings.cancel_booking(
            session=s, actor=w.owner, booking_id=booking.id or 0, charge="com_cobranca", now=NOW
        )
    w.book(THU, "07:00", client_id=w.other_client_id)  # the time is free again

"""The WhatsApp outbox job: notices and reminders leave once, through the real senders (the
`twilio` library against the local stand-in, the console outbox file), within the login
codes' limits, even with two workers running the job at the same moment."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.integrations.test_whatsapp import StandIn, standin, twilio_settings  # noqa: F401
from tests.services.agenda_world import NOW, local, make_world
from treinico.db import unit_of_work
from treinico.integrations.whatsapp import ConsoleSender, TwilioSender
from treinico.jobs.whatsapp import run_once
from treinico.models import Client, LoginChallenge, OutboxStatus, Sender, WhatsAppOutbox
from treinico.services.auth.portal import Business
from treinico.services.messages import conversations as messages
from treinico.services.messages import portal as portal_messages
from treinico.services.whatsapp import notifications, outbox

TOMORROW = date(2026, 3, 11)
EVENING = local(date(2026, 3, 10), 18, 5)  # after the default reminder hour (18:00)


def _reminders_on(db: Engine, client_id: int) -> None:
    with unit_of_work(db) as s:
        client = s.get(Client, client_id)
        assert client is not None
        client.remind_whatsapp = True
        s.add(client)


def _business(world, client_id: int) -> Business:  # type: ignore[no-untyped-def]
    return Business(
        team_id=world.team_id, name="Studio Teste", slug="x", client_id=client_id, client_name="Ana"
    )


def _console_lines(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_staff_message_notice_goes_through_twilio_messages_once(
    db: Engine,
    standin: StandIn,  # noqa: F811
) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="Amanhã às 7h?", now=NOW
        )
    sender = TwilioSender(twilio_settings(standin.base, "verify"))
    first = run_once(now=NOW, sender=sender, engine=db, reminders=False)
    assert (first.sent, first.failed) == (1, 0)
    [req] = standin.requests
    assert req.path.endswith("/Messages.json")
    assert req.form["Body"][0].startswith(
        "Você tem uma nova mensagem de Studio Teste — abra a área do cliente"
    )
    assert req.form["To"] == ["whatsapp:" + _phone(db, w.client_id)]
    again = run_once(now=NOW + timedelta(minutes=1), sender=sender, engine=db)
    assert again.sent == 0 and len(standin.requests) == 1


def _phone(db: Engine, client_id: int) -> str:
    with unit_of_work(db) as s:
        client = s.get(Client, client_id)
        assert client is not None
        return client.phone_e164


def test_the_day_before_reminder_waits_for_the_hour_and_is_listed_for_staff(
    db: Engine, tmp_path: Path
) -> None:
    w = make_world(db)
    assert w.book(TOMORROW, "07:00").count == 1
    outbox = tmp_path / "outbox.jsonl"
    sender = ConsoleSender(outbox)
    # Off until the client turns reminders on.
    assert run_once(now=EVENING, sender=sender, engine=db).queued == 0
    _reminders_on(db, w.client_id)
    before_hour = local(date(2026, 3, 10), 17, 30)
    assert run_once(now=before_hour, sender=sender, engine=db).queued == 0
    result = run_once(now=EVENING, sender=sender, engine=db)
    assert result.sent >= 1
    bodies = [line["body"] for line in _console_lines(outbox)]
    booking = [b for b in bodies if "amanhã" in b and "sessão de Personal" in b]
    assert booking and "Cancelamentos até 24 h antes" in booking[0]
    # Exactly once, however often the job runs.
    again = run_once(now=EVENING + timedelta(minutes=5), sender=sender, engine=db)
    assert again.queued == 0 and again.sent == 0
    with unit_of_work(db) as s:
        staff = messages.open_conversation(
            session=s, actor=w.owner, client_id=w.client_id, now=EVENING
        )
        assert any(m.sender == Sender.SYSTEM.value for m in staff.messages)
        mine = portal_messages.my_conversation(
            session=s, business=_business(w, w.client_id), now=EVENING
        )
        assert all(m.sender != Sender.SYSTEM.value for m in mine.messages)
        # A reminder is not news in the team's list nor an unread message.
        assert messages.staff_unread_total(session=s, actor=w.owner) == 0


def test_the_access_reminder_comes_n_days_before_the_expiry(db: Engine, tmp_path: Path) -> None:
    from treinico.services.access import entitlements as ent

    w = make_world(db)
    _reminders_on(db, w.other_client_id)
    with unit_of_work(db) as s:
        ent.grant_entitlement(
            session=s,
            actor=w.owner,
            client_id=w.other_client_id,
            product_id=w.plan_product_id,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 20),
            now=NOW - timedelta(days=9),
        )
    sender = ConsoleSender(tmp_path / "o.jsonl")
    early = run_once(now=local(date(2026, 3, 16), 19), sender=sender, engine=db)
    assert early.queued == 0  # 4 days before; the team's default is 3
    morning = run_once(now=local(date(2026, 3, 17), 9), sender=sender, engine=db)
    assert morning.queued == 0  # not before the team's reminder hour (18:00)
    due = run_once(now=local(date(2026, 3, 17), 18, 30), sender=sender, engine=db)
    assert due.queued == 1 and due.sent == 1
    [line] = _console_lines(tmp_path / "o.jsonl")
    assert "seu acesso a Personal 3x vence em 3 dias (20/03/2026)" in line["body"]


def test_two_workers_at_once_send_each_message_once(db: Engine, tmp_path: Path) -> None:
    w = make_world(db)
    from tests.factories import make_client

    with unit_of_work(db) as s:
        for i in range(12):
            client_id = make_client(s, w.team_id, f"Cliente {i}")
            client = s.get(Client, client_id)
            assert client is not None
            conversation = messages.conversation_for(s, w.team_id, client_id, NOW)
            # Twelve notices queued directly, one per client (each phone within its limit).
            s.add(
                WhatsAppOutbox(
                    team_id=w.team_id,
                    client_id=client_id,
                    phone_e164=client.phone_e164,
                    kind="message_notice",
                    body=f"aviso {i}",
                    dedupe_key=f"t:{conversation.id}:{i}",
                    created_at=NOW,
                    due_at=NOW,
                )
            )
    outbox = tmp_path / "both.jsonl"
    barrier = threading.Barrier(2)
    results = []

    def worker() -> None:
        barrier.wait()
        results.append(run_once(now=NOW, sender=ConsoleSender(outbox), engine=db, reminders=True))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    bodies = sorted(line["body"] for line in _console_lines(outbox))
    assert bodies == sorted(f"aviso {i}" for i in range(12))
    assert sum(r.sent for r in results) == 12


def test_the_login_code_limits_hold_notices_back(db: Engine, tmp_path: Path) -> None:
    w = make_world(db)
    phone = _phone(db, w.client_id)
    with unit_of_work(db) as s:
        for minutes in (1, 2, 3):  # three codes in ten minutes: the phone's limit
            s.add(
                LoginChallenge(
                    phone_e164=phone,
                    code_hmac="x" * 64,
                    known=True,
                    created_at=NOW - timedelta(minutes=minutes),
                    expires_at=NOW + timedelta(minutes=10),
                    ip="127.0.0.1",
                )
            )
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="oi", now=NOW
        )
    sender = ConsoleSender(tmp_path / "l.jsonl")
    held = run_once(now=NOW, sender=sender, engine=db, reminders=False)
    assert (held.sent, held.deferred) == (0, 1)
    later = run_once(now=NOW + timedelta(minutes=11), sender=sender, engine=db, reminders=False)
    assert later.sent == 1


def test_a_failing_send_is_retried_then_given_up(db: Engine, standin: StandIn) -> None:  # noqa: F811
    w = make_world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="oi", now=NOW
        )
    standin.fail_with(503, 20503, "Service unavailable")
    sender = TwilioSender(twilio_settings(standin.base, "verify"))
    moment = NOW
    for _ in range(outbox.MAX_ATTEMPTS):
        result = run_once(now=moment, sender=sender, engine=db, reminders=False)
        assert result.failed == 1
        moment += timedelta(hours=1)
    with unit_of_work(db) as s:
        [row] = s.exec(select(WhatsAppOutbox)).all()
        assert row.status == OutboxStatus.FAILED.value and row.error == "http-503"


def test_without_a_sender_number_texts_are_given_up_at_once(
    db: Engine,
    standin: StandIn,  # noqa: F811
) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="oi", now=NOW
        )
    sender = TwilioSender(twilio_settings(standin.base, "verify", TWILIO_WHATSAPP_FROM=""))
    assert run_once(now=NOW, sender=sender, engine=db, reminders=False).failed == 1
    assert standin.requests == []
    with unit_of_work(db) as s:
        [row] = s.exec(select(WhatsAppOutbox)).all()
        assert (row.status, row.error) == (OutboxStatus.FAILED.value, "no-sender-number")


def test_a_text_no_longer_wanted_is_skipped_not_sent(db: Engine, tmp_path: Path) -> None:
    w = make_world(db)
    _reminders_on(db, w.client_id)
    assert w.book(TOMORROW, "07:00").count == 1
    with unit_of_work(db) as s:
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="oi", now=EVENING
        )
        queued = notifications.queue_reminders(session=s, now=EVENING)
    assert queued == 1
    # Before the job runs, the client turns both off.
    with unit_of_work(db) as s:
        notifications.set_my_preferences(
            session=s,
            business=_business(w, w.client_id),
            notify_whatsapp=False,
            remind_whatsapp=False,
        )
    outbox_file = tmp_path / "skip.jsonl"
    result = run_once(now=EVENING, sender=ConsoleSender(outbox_file), engine=db, reminders=False)
    assert result.sent == 0 and _console_lines(outbox_file) == []
    with unit_of_work(db) as s:
        rows = s.exec(select(WhatsAppOutbox)).all()
        assert sorted(r.error for r in rows) == ["avisos desligados", "lembretes desligados"]
        assert {r.status for r in rows} == {OutboxStatus.SKIPPED.value}


def test_a_cancelled_booking_gets_no_reminder(db: Engine, tmp_path: Path) -> None:
    from treinico.models import Booking
    from treinico.services.agenda import bookings

    w = make_world(db)
    _reminders_on(db, w.client_id)
    assert w.book(TOMORROW, "07:00").count == 1
    with unit_of_work(db) as s:
        assert notifications.queue_reminders(session=s, now=EVENING) == 1
        booking = s.exec(select(Booking)).first()
        assert booking is not None
        bookings.cancel_booking(
            session=s,
            actor=w.owner,
            booking_id=booking.id or 0,
            charge="pelo_studio",
            scope="one",
            now=EVENING,
        )
    result = run_once(now=EVENING, sender=ConsoleSender(tmp_path / "c.jsonl"), engine=db)
    assert result.sent == 0
    with unit_of_work(db) as s:
        [row] = s.exec(select(WhatsAppOutbox)).all()
        assert (row.status, row.error) == (OutboxStatus.SKIPPED.value, "o agendamento mudou")


def test_a_claim_taken_over_is_not_recorded_twice(db: Engine) -> None:
    w = make_world(db)
    with unit_of_work(db) as s:
        messages.send_staff_message(
            session=s, actor=w.owner, client_id=w.client_id, body="oi", now=NOW
        )
    with unit_of_work(db) as s:
        [slow] = outbox.claim_due(session=s, now=NOW)
    later = NOW + outbox.STALE_CLAIM + timedelta(seconds=1)
    with unit_of_work(db) as s:
        [fresh] = outbox.claim_due(session=s, now=later)  # the first worker looks dead
    with unit_of_work(db) as s:
        assert outbox.still_wanted(session=s, item=slow, now=later) is False
        assert outbox.mark_sent(session=s, item=slow, now=later) is False
        assert outbox.still_wanted(session=s, item=fresh, now=later) is True
        assert outbox.mark_sent(session=s, item=fresh, now=later) is True

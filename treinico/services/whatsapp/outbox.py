"""Sending what notifications.py queued: each WhatsApp text leaves once, only if still wanted,
within the login codes' limits.

- ``claim_due`` moves due rows from pending to sending with a conditional update (one worker
  wins each row) and hands back the claim's time; a claim older than five minutes (a worker
  that died mid-send) is taken again.
- ``still_wanted`` re-reads what the text depends on just before it leaves: the client
  (still active, same phone, the preference still on), the booking (still scheduled, not
  started) or the access (same expiry). Otherwise the row is ``skipped`` with the reason.
- ``mark_sent`` / ``defer`` change the row only while this worker's claim holds, so a claim
  taken over by another worker is never recorded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlmodel import Session, col

from treinico.models import (
    Appointment,
    Booking,
    BookingStatus,
    Client,
    Entitlement,
    LoginChallenge,
    OutboxKind,
    OutboxStatus,
    Sender,
    WhatsAppOutbox,
)
from treinico.services.messages.conversations import add_message, conversation_for
from treinico.settings import get_settings

MAX_ATTEMPTS = 4
STALE_CLAIM = timedelta(minutes=5)
LIMIT_RETRY = timedelta(minutes=10)
# Failures a retry cannot fix: the number cannot receive WhatsApp, or the installation has
# no WhatsApp sender number for texts.
FINAL_ERRORS = ("invalid-number", "no-sender-number")
REMINDERS = (OutboxKind.BOOKING_REMINDER.value, OutboxKind.ACCESS_REMINDER.value)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    phone_e164: str
    body: str
    kind: str
    attempts: int
    claimed_at: datetime  # this worker's claim: outcomes are written only while it holds


def claim_due(*, session: Session, now: datetime, limit: int = 20) -> list[OutboxItem]:
    candidates = session.execute(
        select(col(WhatsAppOutbox.id), col(WhatsAppOutbox.status), col(WhatsAppOutbox.claimed_at))
        .where(
            or_(
                (col(WhatsAppOutbox.status) == OutboxStatus.PENDING.value)
                & (col(WhatsAppOutbox.due_at) <= now),
                (col(WhatsAppOutbox.status) == OutboxStatus.SENDING.value)
                & (col(WhatsAppOutbox.claimed_at) <= now - STALE_CLAIM),
            )
        )
        .order_by(col(WhatsAppOutbox.due_at), col(WhatsAppOutbox.id))
        .limit(limit)
    ).all()
    claimed: list[OutboxItem] = []
    for row_id, status, claimed_at in candidates:
        condition = [col(WhatsAppOutbox.id) == row_id, col(WhatsAppOutbox.status) == status]
        if claimed_at is not None:
            condition.append(col(WhatsAppOutbox.claimed_at) == claimed_at)
        result = session.execute(
            update(WhatsAppOutbox)
            .where(*condition)
            .values(
                status=OutboxStatus.SENDING.value,
                claimed_at=now,
                attempts=col(WhatsAppOutbox.attempts) + 1,
            )
            .returning(
                col(WhatsAppOutbox.id),
                col(WhatsAppOutbox.phone_e164),
                col(WhatsAppOutbox.body),
                col(WhatsAppOutbox.kind),
                col(WhatsAppOutbox.attempts),
                col(WhatsAppOutbox.claimed_at),
            )
        ).first()
        if result is not None:
            claimed.append(OutboxItem(*result))
    return claimed


def _mine(item: OutboxItem) -> list[Any]:
    return [
        col(WhatsAppOutbox.id) == item.id,
        col(WhatsAppOutbox.status) == OutboxStatus.SENDING.value,
        col(WhatsAppOutbox.claimed_at) == item.claimed_at,
    ]


def _why_not(session: Session, row: WhatsAppOutbox, now: datetime) -> str:
    client = session.get(Client, row.client_id)
    if client is None or client.anonymised_at is not None or client.archived:
        return "cliente inativo"
    if client.phone_e164 != row.phone_e164:
        return "o telefone mudou"
    if row.kind == OutboxKind.MESSAGE_NOTICE.value and not client.notify_whatsapp:
        return "avisos desligados"
    if row.kind in REMINDERS and not client.remind_whatsapp:
        return "lembretes desligados"
    kind, _, rest = row.dedupe_key.partition(":")
    if row.kind == OutboxKind.BOOKING_REMINDER.value and kind == "booking":
        booking = session.get(Booking, int(rest))
        appointment = session.get(Appointment, booking.appointment_id) if booking else None
        if (
            booking is None
            or booking.status != BookingStatus.SCHEDULED.value
            or booking.starts_at <= now
            or appointment is None
            or appointment.cancelled_at is not None
        ):
            return "o agendamento mudou"
    if row.kind == OutboxKind.ACCESS_REMINDER.value and kind == "access":
        entitlement_id, _, ends = rest.partition(":")
        e = session.get(Entitlement, int(entitlement_id))
        if (
            e is None
            or e.revoked_at is not None
            or e.closed_at is not None
            or e.ends_at is None
            or e.ends_at.isoformat() != ends
        ):
            return "o acesso mudou"
    return ""


def still_wanted(*, session: Session, item: OutboxItem, now: datetime) -> bool:
    """True if the text should leave now; otherwise it is skipped (or was taken over)."""
    row = session.get(WhatsAppOutbox, item.id)
    if row is None or row.status != OutboxStatus.SENDING.value or row.claimed_at != item.claimed_at:
        return False  # removed (an anonymisation) or another worker's claim now
    reason = _why_not(session, row, now)
    if not reason:
        return True
    session.execute(
        update(WhatsAppOutbox)
        .where(*_mine(item))
        .values(status=OutboxStatus.SKIPPED.value, error=reason)
        .execution_options(synchronize_session=False)
    )
    return False


def within_limits(*, session: Session, item: OutboxItem, now: datetime) -> bool:
    """The login codes' limits count these messages too: per phone in ten minutes, and the
    whole installation's daily budget."""
    settings = get_settings()
    codes_day = session.execute(
        select(func.count())
        .select_from(LoginChallenge)
        .where(col(LoginChallenge.created_at) > now - timedelta(days=1))
    ).scalar_one()
    if int(codes_day) + sent_count(session, since=now - timedelta(days=1)) >= (
        settings.login_sends_per_day
    ):
        return False
    window = now - timedelta(minutes=10)
    codes = session.execute(
        select(func.count())
        .select_from(LoginChallenge)
        .where(
            col(LoginChallenge.phone_e164) == item.phone_e164,
            col(LoginChallenge.created_at) > window,
        )
    ).scalar_one()
    texts = sent_count(session, since=window, phone=item.phone_e164)
    return int(codes) + texts < settings.login_sends_per_phone


def sent_count(session: Session, *, since: datetime, phone: str | None = None) -> int:
    where = [col(WhatsAppOutbox.sent_at) > since]
    if phone is not None:
        where.append(col(WhatsAppOutbox.phone_e164) == phone)
    return int(
        session.execute(select(func.count()).select_from(WhatsAppOutbox).where(*where)).scalar_one()
    )


def defer(*, session: Session, item: OutboxItem, now: datetime, error: str = "") -> None:
    """Back to the queue (a limit tripped, or a send failed and may work later); after the
    last attempt, or for a failure a retry cannot fix, it is given up (status failed)."""
    gave_up = bool(error) and (item.attempts >= MAX_ATTEMPTS or error in FINAL_ERRORS)
    delay = LIMIT_RETRY if not error else timedelta(minutes=2**item.attempts)
    session.execute(
        update(WhatsAppOutbox)
        .where(*_mine(item))
        .values(
            status=(OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING).value,
            due_at=now + delay,
            error=error[:200],
            # A deferral for a limit is not an attempt.
            attempts=col(WhatsAppOutbox.attempts) - (0 if error else 1),
        )
        .execution_options(synchronize_session=False)
    )


def mark_sent(*, session: Session, item: OutboxItem, now: datetime) -> bool:
    """Record the send (False if the claim no longer holds: the row was removed or taken
    over meanwhile); a reminder is also listed in the client's conversation for staff."""
    done = session.execute(
        update(WhatsAppOutbox)
        .where(*_mine(item))
        .values(status=OutboxStatus.SENT.value, sent_at=now, error="")
        .returning(col(WhatsAppOutbox.team_id), col(WhatsAppOutbox.client_id))
    ).first()
    if done is None:
        return False
    team_id, client_id = done
    if item.kind in REMINDERS:
        conversation = conversation_for(session, team_id, client_id, now)
        add_message(
            session,
            conversation,
            sender=Sender.SYSTEM,
            author_name="Lembrete no WhatsApp",
            body=item.body,
            now=now,
        )
    return True

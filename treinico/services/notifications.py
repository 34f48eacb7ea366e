"""WhatsApp notices and reminders: the client's preferences, the outbox they are queued in,
and the claims that make each one leave once.

- A staff message queues "Você tem uma nova mensagem de <negócio>" when the client keeps
  notifications on, at most once per 15 minutes per conversation (a conditional update of
  the conversation's ``last_notified_at`` decides, whoever writes at the same time).
- Reminders (off until the client turns them on): the day-before booking reminder from the
  team's reminder hour, and the access reminder N days before an access expires. Each has a
  unique ``dedupe_key``, so queueing from several workers at once stores it once.
- The job claims due rows (pending -> sending, a conditional update: one worker wins), checks
  the same sending limits as login codes, sends outside any transaction, then records the
  outcome. A sent reminder is also listed in the client's conversation for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from treinico import routes
from treinico.models import (
    Appointment,
    Booking,
    BookingStatus,
    Client,
    Conversation,
    Entitlement,
    LoginChallenge,
    OutboxKind,
    OutboxStatus,
    Product,
    Sender,
    SessionType,
    Team,
    User,
    WhatsAppOutbox,
)
from treinico.services.entitlements import last_day
from treinico.services.errors import NotFound
from treinico.services.formatting import fmt_date, fmt_time, fmt_weekday_day
from treinico.services.messages import add_message, conversation_for
from treinico.services.portal_auth import Business
from treinico.settings import get_settings

NOTICE_EVERY = timedelta(minutes=15)
MAX_ATTEMPTS = 4
STALE_CLAIM = timedelta(minutes=5)  # a worker that died mid-send: the row is retried
LIMIT_RETRY = timedelta(minutes=10)


@dataclass(frozen=True)
class Preferences:
    notify_whatsapp: bool  # a notice when the team writes
    remind_whatsapp: bool  # booking and access reminders


@dataclass(frozen=True)
class OutboxItem:
    id: int
    phone_e164: str
    body: str
    kind: str
    attempts: int


# ---------------------------------------------------------------- preferences (portal)


def _client_of(session: Session, business: Business) -> Client:
    client = session.get(Client, business.client_id)
    if client is None or client.team_id != business.team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def my_preferences(*, session: Session, business: Business) -> Preferences:
    client = _client_of(session, business)
    return Preferences(
        notify_whatsapp=client.notify_whatsapp, remind_whatsapp=client.remind_whatsapp
    )


def set_my_preferences(
    *, session: Session, business: Business, notify_whatsapp: bool, remind_whatsapp: bool
) -> Preferences:
    client = _client_of(session, business)
    client.notify_whatsapp = bool(notify_whatsapp)
    client.remind_whatsapp = bool(remind_whatsapp)
    session.add(client)
    session.flush()
    return Preferences(
        notify_whatsapp=client.notify_whatsapp, remind_whatsapp=client.remind_whatsapp
    )


# ---------------------------------------------------------------- queueing


def _portal_link(team: Team) -> str:
    return get_settings().public_url.rstrip("/") + routes.portal_login(team.slug)


def notice_text(team: Team) -> str:
    return (
        f"Você tem uma nova mensagem de {team.name} — abra a área do cliente: {_portal_link(team)}"
    )


def _insert_ignoring_duplicates(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(WhatsAppOutbox)


def _enqueue(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    result = session.execute(
        _insert_ignoring_duplicates(session)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(col(WhatsAppOutbox.id))
    ).all()
    return len(result)


def queue_message_notice(
    session: Session, *, team: Team, client: Client, conversation: Conversation, now: datetime
) -> bool:
    """Queue the "new message" notice if the client wants it and none went out for this
    conversation in the last 15 minutes. Returns whether one was queued."""
    if not client.notify_whatsapp or client.anonymised_at is not None or client.archived:
        return False
    claimed = session.execute(
        update(Conversation)
        .where(
            col(Conversation.id) == conversation.id,
            or_(
                col(Conversation.last_notified_at).is_(None),
                col(Conversation.last_notified_at) <= now - NOTICE_EVERY,
            ),
        )
        .values(last_notified_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    return (
        _enqueue(
            session,
            [
                _row(
                    team.id or 0,
                    client,
                    OutboxKind.MESSAGE_NOTICE,
                    notice_text(team),
                    f"notice:{conversation.id}:{now.isoformat()}",
                    now,
                )
            ],
        )
        == 1
    )


def _row(
    team_id: int, client: Client, kind: OutboxKind, body: str, key: str, now: datetime
) -> dict[str, Any]:
    return {
        "team_id": team_id,
        "client_id": client.id,
        "phone_e164": client.phone_e164,
        "kind": kind.value,
        "body": body,
        "dedupe_key": key,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "created_at": now,
        "due_at": now,
        "error": "",
    }


def booking_reminder_text(
    team: Team, type_name: str, trainer: str, starts_at: datetime, tz: str
) -> str:
    day = fmt_weekday_day(starts_at.astimezone(ZoneInfo(tz)).date())
    return (
        f"Lembrete de {team.name}: sua sessão de {type_name} com {trainer} é amanhã "
        f"({day}) às {fmt_time(starts_at, tz)}. Cancelamentos até "
        f"{team.cancel_notice_hours} h antes, pela área do cliente: {_portal_link(team)}"
    )


def access_reminder_text(team: Team, product_name: str, last_day: str, days: int) -> str:
    when = "hoje" if days <= 0 else ("amanhã" if days == 1 else f"em {days} dias")
    return (
        f"Lembrete de {team.name}: seu acesso a {product_name} vence {when} ({last_day}). "
        "Fale com a equipe para renovar."
    )


def queue_reminders(*, session: Session, now: datetime) -> int:
    """Queue every reminder due at ``now`` for clients who turned reminders on. Idempotent:
    a reminder already queued (by this or another worker) is not queued again."""
    queued = 0
    for team in session.execute(select(Team)).scalars():
        queued += _queue_booking_reminders(session, team, now)
        queued += _queue_access_reminders(session, team, now)
    return queued


def _queue_booking_reminders(session: Session, team: Team, now: datetime) -> int:
    tz = ZoneInfo(team.timezone)
    local = now.astimezone(tz)
    if local.hour < team.reminder_hour:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tz)
    end = start + timedelta(days=1)
    rows = session.execute(
        select(Booking, Client, col(SessionType.name), col(User.name))
        .join(Client, col(Client.id) == col(Booking.client_id))
        .join(SessionType, col(SessionType.id) == col(Booking.session_type_id))
        .join(User, col(User.id) == col(Booking.trainer_user_id))
        .join(Appointment, col(Appointment.id) == col(Booking.appointment_id))
        .where(
            col(Booking.team_id) == team.id,
            col(Booking.status) == BookingStatus.SCHEDULED.value,
            col(Booking.starts_at) >= start,
            col(Booking.starts_at) < end,
            col(Appointment.cancelled_at).is_(None),
            col(Client.remind_whatsapp),
            col(Client.anonymised_at).is_(None),
            ~col(Client.archived),
        )
    ).all()
    return _enqueue(
        session,
        [
            _row(
                team.id or 0,
                client,
                OutboxKind.BOOKING_REMINDER,
                booking_reminder_text(team, type_name, trainer, b.starts_at, team.timezone),
                f"booking:{b.id}",
                now,
            )
            for b, client, type_name, trainer in rows
        ],
    )


def _queue_access_reminders(session: Session, team: Team, now: datetime) -> int:
    if not team.commerce_enabled or team.access_reminder_days <= 0:
        return 0
    tz = ZoneInfo(team.timezone)
    today = now.astimezone(tz).date()
    horizon = datetime.combine(
        today + timedelta(days=team.access_reminder_days + 1), datetime.min.time(), tz
    )
    rows = session.execute(
        select(Entitlement, Client, col(Product.name))
        .join(Client, col(Client.id) == col(Entitlement.client_id))
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(
            col(Entitlement.team_id) == team.id,
            col(Entitlement.closed_at).is_(None),
            col(Entitlement.revoked_at).is_(None),
            col(Entitlement.ends_at).is_not(None),
            col(Entitlement.ends_at) > now,
            col(Entitlement.ends_at) <= horizon,  # an exclusive end: the last day is the day before
            col(Entitlement.starts_at) <= now,
            col(Client.remind_whatsapp),
            col(Client.anonymised_at).is_(None),
            ~col(Client.archived),
        )
    ).all()
    out = []
    for e, client, product_name in rows:
        assert e.ends_at is not None
        last = last_day(e.ends_at, tz)
        days = (last - today).days
        out.append(
            _row(
                team.id or 0,
                client,
                OutboxKind.ACCESS_REMINDER,
                access_reminder_text(team, product_name, fmt_date(last), days),
                # A new expiry (an extension) is a new reminder.
                f"access:{e.id}:{e.ends_at.isoformat()}",
                now,
            )
        )
    return _enqueue(session, out)


# ---------------------------------------------------------------- sending (the job)


def claim_due(*, session: Session, now: datetime, limit: int = 20) -> list[OutboxItem]:
    """Take up to ``limit`` due messages for this worker: each row is moved pending ->
    sending by a conditional update, so two workers never take the same one. A claim older
    than five minutes (a worker that died mid-send) is taken again."""
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
            )
        ).first()
        if result is not None:
            claimed.append(OutboxItem(*result))
    return claimed


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


# Failures a retry cannot fix: the number cannot receive WhatsApp, or the installation has
# no WhatsApp sender number for texts.
FINAL_ERRORS = ("invalid-number", "no-sender-number")


def defer(*, session: Session, item: OutboxItem, now: datetime, error: str = "") -> None:
    """Back to the queue (a limit tripped or a send failed and may work later); after the
    last attempt, or for a failure a retry cannot fix, it is given up (status failed)."""
    gave_up = bool(error) and (item.attempts >= MAX_ATTEMPTS or error in FINAL_ERRORS)
    delay = LIMIT_RETRY if not error else timedelta(minutes=2**item.attempts)
    session.execute(
        update(WhatsAppOutbox)
        .where(col(WhatsAppOutbox.id) == item.id)
        .values(
            status=(OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING).value,
            due_at=now + delay,
            error=error[:200],
            # A deferral for a limit is not an attempt.
            attempts=col(WhatsAppOutbox.attempts) - (0 if error else 1),
        )
        .execution_options(synchronize_session=False)
    )


def mark_sent(*, session: Session, item: OutboxItem, now: datetime) -> None:
    """Record the send; a reminder is also listed in the client's conversation for staff."""
    row = session.get(WhatsAppOutbox, item.id)
    assert row is not None
    row.status = OutboxStatus.SENT.value
    row.sent_at = now
    row.error = ""
    session.add(row)
    if row.kind in (OutboxKind.BOOKING_REMINDER.value, OutboxKind.ACCESS_REMINDER.value):
        conversation = conversation_for(session, row.team_id, row.client_id, now)
        add_message(
            session,
            conversation,
            sender=Sender.SYSTEM,
            author_name="Lembrete no WhatsApp",
            body=row.body,
            now=now,
        )
    session.flush()

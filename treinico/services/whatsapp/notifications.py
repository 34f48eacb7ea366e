"""WhatsApp notices and reminders: the client's preferences, the outbox they are queued in,
and the claims that make each one leave once.

- A staff message queues "Você tem uma nova mensagem de <negócio>" when the client keeps
  notifications on, at most once per 15 minutes per conversation (a conditional update of
  the conversation's ``last_notified_at`` decides, whoever writes at the same time).
- Reminders (off until the client turns them on): the day-before booking reminder from the
  team's reminder hour, and the access reminder N days before an access expires. Each has a
  unique ``dedupe_key``, so queueing from several workers at once stores it once.
- Sending them (claims, re-checks, limits, outcomes) is services/whatsapp/outbox.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
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
    OutboxKind,
    OutboxStatus,
    Product,
    SessionType,
    Team,
    User,
    WhatsAppOutbox,
)
from treinico.services.access.status import last_day
from treinico.services.auth.portal import Business
from treinico.services.errors import NotFound
from treinico.services.formatting import fmt_date, fmt_time, fmt_weekday_day
from treinico.settings import get_settings

NOTICE_EVERY = timedelta(minutes=15)


@dataclass(frozen=True)
class Preferences:
    notify_whatsapp: bool  # a notice when the team writes
    remind_whatsapp: bool  # booking and access reminders


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
    # A clinic's session type can say something about the client's health ("Fisioterapia
    # pós-cirúrgica") on a locked phone's screen: teams with health records leave it out.
    what = "sua sessão" if team.health_enabled else f"sua sessão de {type_name}"
    return (
        f"Lembrete de {team.name}: {what} com {trainer} é amanhã "
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
    if now.astimezone(tz).hour < team.reminder_hour:
        return 0  # the same hour of the day as the booking reminders, never at midnight
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

"""When an access is what it is: the status of a client's access to a product, derived from
its dates and its revocation every time it is read (right at any moment even if the sweep
never ran), and the days cut in the team's timezone (access starts at the start of the chosen
day; an expiry covers the whole chosen day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from treinico.models import Entitlement
from treinico.services.formatting import fmt_date


class Status(StrEnum):
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    GRACE = "grace"
    EXPIRED = "expired"
    REVOKED = "revoked"


STATUS_LABELS = {
    Status.SCHEDULED: "Agendado",
    Status.ACTIVE: "Ativo",
    Status.GRACE: "Período de carência",
    Status.EXPIRED: "Expirado",
    Status.REVOKED: "Revogado",
}
CURRENT = (Status.SCHEDULED, Status.ACTIVE, Status.GRACE)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant when ``day`` starts in ``tz``."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(ZoneInfo("UTC"))


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The exclusive end of ``day`` in ``tz``: the start of the next day, in UTC."""
    return day_start(day + timedelta(days=1), tz)


def last_day(ends_at: datetime, tz: ZoneInfo) -> date:
    """The last local day an exclusive end instant still covers."""
    return (ends_at - timedelta(microseconds=1)).astimezone(tz).date()


def status_of(e: Entitlement, now: datetime) -> Status:
    if e.revoked_at is not None:
        return Status.REVOKED
    if now < e.starts_at:
        return Status.SCHEDULED
    if e.ends_at is None or now < e.ends_at:
        return Status.ACTIVE
    if e.grace_ends_at is not None and now < e.grace_ends_at:
        return Status.GRACE
    return Status.EXPIRED


def _days_phrase(prefix: str, days: int) -> str:
    if days <= 0:
        return f"{prefix} hoje"
    if days == 1:
        return f"{prefix} amanhã"
    return f"{prefix} em {days} dias"


def time_left(e: Entitlement, status: Status, now: datetime, tz: ZoneInfo) -> str:
    today = now.astimezone(tz).date()
    if status == Status.SCHEDULED:
        return f"Começa em {fmt_date(e.starts_at.astimezone(tz).date())}"
    if status == Status.ACTIVE:
        if e.ends_at is None:
            return "Vitalício"
        return _days_phrase("Expira", (last_day(e.ends_at, tz) - today).days)
    if status == Status.GRACE and e.grace_ends_at is not None:
        return _days_phrase("Carência termina", (last_day(e.grace_ends_at, tz) - today).days)
    return STATUS_LABELS[status]


def grace_end(ends_at: datetime | None, grace_days: int) -> datetime | None:
    return None if ends_at is None else ends_at + timedelta(days=max(grace_days, 0))

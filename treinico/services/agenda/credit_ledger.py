"""The make-up credit ledger as people read it ("Por que tenho 1 crédito?"), on the client
page and in the portal's statement: every event newest first, with a derived expiry shown
even before the sweep has recorded it, so the list always explains the balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import CreditEvent, CreditEventType
from treinico.services.agenda import credits
from treinico.services.formatting import fmt_date, fmt_datetime

EVENT_LABELS = {
    CreditEventType.EARNED: "Crédito ganho",
    CreditEventType.USED: "Crédito usado",
    CreditEventType.RETURNED: "Crédito devolvido",
    CreditEventType.EXPIRED: "Crédito expirado",
}


@dataclass(frozen=True)
class LedgerRow:
    id: int
    at: str
    event: str
    label: str
    delta: str  # "+1" / "−1"
    reason: str
    valid_until: str
    actor_name: str


def _last_day(valid_until: datetime, zone: ZoneInfo) -> date:
    """The last local day an exclusive validity end still covers."""
    return valid_until.astimezone(zone).date() - timedelta(days=1)


def ledger(
    session: Session, *, team_id: int, client_id: int, tz: str, now: datetime, limit: int = 100
) -> list[LedgerRow]:
    """The client's credit events, newest first, with a derived expiry where the sweep has
    not recorded it yet (so the ledger always explains the balance)."""
    events = (
        session.execute(
            select(CreditEvent)
            .where(col(CreditEvent.team_id) == team_id, col(CreditEvent.client_id) == client_id)
            .order_by(col(CreditEvent.at).desc(), col(CreditEvent.id).desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    zone = ZoneInfo(tz)
    rows: list[LedgerRow] = []
    for c in credits.states(session, team_id=team_id, client_id=client_id):
        if c.balance == 1 and c.valid_until <= now:
            rows.append(
                LedgerRow(
                    id=0,
                    at=fmt_datetime(c.valid_until, tz),
                    event=CreditEventType.EXPIRED.value,
                    label=EVENT_LABELS[CreditEventType.EXPIRED],
                    delta="−1",
                    reason="Validade terminou",
                    valid_until="",
                    actor_name=credits.SYSTEM,
                )
            )
    for e in events:
        kind = CreditEventType(e.event_type)
        rows.append(
            LedgerRow(
                id=e.id or 0,
                at=fmt_datetime(e.at, tz),
                event=kind.value,
                label=EVENT_LABELS[kind],
                delta="+1" if e.delta > 0 else "−1",
                reason=e.reason,
                valid_until=(
                    "válido até "
                    + fmt_date((e.valid_until.astimezone(zone)).date() - timedelta(days=1))
                    if kind in (CreditEventType.EARNED, CreditEventType.RETURNED)
                    else ""
                ),
                actor_name=e.actor_name,
            )
        )
    return rows

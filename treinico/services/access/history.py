"""The history of a client's accesses: every grant, extension, revocation, grace and expiry,
who did it and when, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session, col

from treinico.models import Entitlement, EntitlementEvent, EntitlementEventType, Product
from treinico.services.access.scope import actor_client, team_for
from treinico.services.access.status import last_day
from treinico.services.actor import Actor
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.permissions import Perm

SYSTEM_ACTOR = "sistema"  # the name on the events nobody did by hand (grace, expiry)
HISTORY_PAGE_SIZE = 20

EVENT_LABELS = {
    EntitlementEventType.GRANTED: "Acesso concedido",
    EntitlementEventType.EXTENDED: "Acesso estendido",
    EntitlementEventType.REVOKED: "Acesso revogado",
    EntitlementEventType.ENTERED_GRACE: "Entrou em período de carência",
    EntitlementEventType.EXPIRED: "Acesso expirado",
}


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: str
    actor_name: str
    action: str
    event_type: str
    product_name: str
    old_ends_on: str
    new_ends_on: str
    reason: str
    batch: str = ""  # "Alteração em lote #12" for a change made in the Commerce area


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]
    total: int
    page: int
    pages: int


def record_event(
    session: Session,
    e: Entitlement,
    kind: EntitlementEventType,
    actor: Actor,
    now: datetime,
    *,
    old_ends_at: datetime | None = None,
    new_ends_at: datetime | None = None,
    reason: str = "",
    batch_id: int | None = None,
) -> None:
    session.add(
        EntitlementEvent(
            team_id=e.team_id,
            client_id=e.client_id,
            product_id=e.product_id,
            entitlement_id=e.id or 0,
            event_type=kind.value,
            actor_user_id=actor.user_id,
            actor_name=actor.name or "—",
            at=now,
            old_ends_at=old_ends_at,
            new_ends_at=new_ends_at,
            reason=reason,
            batch_id=batch_id,
        )
    )


def list_history(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    page: int = 1,
    page_size: int = HISTORY_PAGE_SIZE,
) -> HistoryPage:
    """The client's access history, newest first."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    actor_client(session, actor, client_id)
    tz_name = team.timezone
    tz = ZoneInfo(tz_name)
    where = (
        col(EntitlementEvent.team_id) == actor.team_id,
        col(EntitlementEvent.client_id) == client_id,
    )
    total = int(
        session.execute(
            select(func.count()).select_from(EntitlementEvent).where(*where)
        ).scalar_one()
    )
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page), pages))
    rows = session.execute(
        select(EntitlementEvent, col(Product.name))
        .join(Product, col(Product.id) == col(EntitlementEvent.product_id))
        .where(*where)
        .order_by(col(EntitlementEvent.at).desc(), col(EntitlementEvent.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return HistoryPage(
        rows=[
            HistoryRow(
                id=ev.id or 0,
                at=fmt_datetime(ev.at, tz_name),
                actor_name=ev.actor_name,
                action=EVENT_LABELS.get(EntitlementEventType(ev.event_type), ev.event_type),
                event_type=ev.event_type,
                product_name=name,
                old_ends_on=fmt_date(last_day(ev.old_ends_at, tz)) if ev.old_ends_at else "",
                new_ends_on=(
                    fmt_date(last_day(ev.new_ends_at, tz))
                    if ev.new_ends_at
                    else ("Vitalício" if ev.event_type == EntitlementEventType.GRANTED else "")
                ),
                reason=ev.reason,
                batch=f"Alteração em lote #{ev.batch_id}" if ev.batch_id else "",
            )
            for ev, name in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )

"""The sweep that records grace and expiry: the events of accesses whose time is over, each
recorded once, and the closing of what has fully expired. Idempotent, safe from several
workers at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from treinico.models import Entitlement, EntitlementEvent, EntitlementEventType
from treinico.services.access.history import SYSTEM_ACTOR
from treinico.services.access.status import Status, status_of


@dataclass(frozen=True)
class SweepResult:
    entered_grace: int
    expired: int


def close_if_expired(session: Session, existing: Entitlement, now: datetime) -> bool:
    """Close an open row whose access is over, recording what the sweep would have."""
    if status_of(existing, now) != Status.EXPIRED:
        return False
    record_transitions(session, now, entitlement_id=existing.id)
    session.execute(
        update(Entitlement)
        .where(col(Entitlement.id) == existing.id, col(Entitlement.closed_at).is_(None))
        .values(closed_at=now)
    )
    return True


def _insert_ignoring_duplicates(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(EntitlementEvent)


def record_transitions(
    session: Session, now: datetime, entitlement_id: int | None = None
) -> tuple[int, int]:
    """Insert the entered-grace and expired events due at ``now`` (each at most once)."""
    base: list[Any] = [col(Entitlement.closed_at).is_(None), col(Entitlement.revoked_at).is_(None)]
    if entitlement_id is not None:
        base.append(col(Entitlement.id) == entitlement_id)
    columns = [
        "team_id",
        "client_id",
        "product_id",
        "entitlement_id",
        "event_type",
        "actor_user_id",
        "actor_name",
        "at",
        "old_ends_at",
        "new_ends_at",
        "period_end",
        "reason",
    ]

    def source(kind: EntitlementEventType, at_col: Any, where: list[Any]) -> Any:
        return select(
            col(Entitlement.team_id),
            col(Entitlement.client_id),
            col(Entitlement.product_id),
            col(Entitlement.id),
            literal(kind.value),
            literal(None),
            literal(SYSTEM_ACTOR),
            at_col,
            col(Entitlement.ends_at),
            literal(None),
            col(Entitlement.ends_at),
            literal(""),
        ).where(*base, *where)

    grace = session.execute(
        _insert_ignoring_duplicates(session)
        .from_select(
            columns,
            source(
                EntitlementEventType.ENTERED_GRACE,
                col(Entitlement.ends_at),
                [
                    col(Entitlement.ends_at) <= now,
                    col(Entitlement.grace_ends_at) > col(Entitlement.ends_at),
                ],
            ),
        )
        .on_conflict_do_nothing()
        .returning(col(EntitlementEvent.id))
    ).all()
    expired = session.execute(
        _insert_ignoring_duplicates(session)
        .from_select(
            columns,
            source(
                EntitlementEventType.EXPIRED,
                col(Entitlement.grace_ends_at),
                [col(Entitlement.grace_ends_at) <= now],
            ),
        )
        .on_conflict_do_nothing()
        .returning(col(EntitlementEvent.id))
    ).all()
    return len(grace), len(expired)


def sweep_expirations(*, session: Session, now: datetime) -> SweepResult:
    """Record grace and expiry transitions for every team, then close what has expired.

    Idempotent and safe to run from several workers at once: each transition is recorded
    once (partial unique index + ON CONFLICT DO NOTHING).
    """
    entered, expired = record_transitions(session, now)
    session.execute(
        update(Entitlement)
        .where(
            col(Entitlement.closed_at).is_(None),
            col(Entitlement.revoked_at).is_(None),
            col(Entitlement.grace_ends_at) <= now,
        )
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )
    return SweepResult(entered_grace=entered, expired=expired)

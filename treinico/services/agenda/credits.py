"""Make-up credits (créditos de reposição): earned, used, returned and expired, all as rows
of one append-only ledger, which is the only source of the balance.

- Earned: a plan booking cancelled ``no prazo`` or ``pelo studio``, at most the team's cap
  per cycle (the cycle of the cancelled session). Valid until the end of the next cycle.
- Used: by a make-up booking, oldest credit first. A make-up cancelled ``no prazo`` gives the
  credit back with its original validity; ``fora do prazo`` or ``falta`` spends it.
- Expired: when its validity ends (always derived when read; the sweep records it), or when
  the plan access is revoked.

Concurrency: each credit's events are numbered (``seq``) and ``(credit_key, seq)`` is unique,
so two uses of one credit cannot both land; earning is once per booking (partial unique
index) and the cap is counted under a lock on the plan access row.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from treinico.models import CreditEvent, CreditEventType, Entitlement
from treinico.services.agenda.plans import Plan
from treinico.services.errors import Conflict

SYSTEM = "sistema"


@dataclass(frozen=True)
class CreditState:
    key: str
    entitlement_id: int
    balance: int  # 1 = held, 0 = used or expired
    last_seq: int
    valid_until: datetime
    earned_at: datetime
    first_id: int = 0  # the earning event's id: ties on the same instant go by it


def states(session: Session, *, team_id: int, client_id: int) -> list[CreditState]:
    """Every credit of a client with its balance: one grouped statement."""
    rows = session.execute(
        select(
            col(CreditEvent.credit_key),
            func.min(col(CreditEvent.entitlement_id)),
            func.sum(col(CreditEvent.delta)),
            func.max(col(CreditEvent.seq)),
            func.min(col(CreditEvent.valid_until)),
            func.min(col(CreditEvent.at)),
            func.min(col(CreditEvent.id)),
        )
        .where(col(CreditEvent.team_id) == team_id, col(CreditEvent.client_id) == client_id)
        .group_by(col(CreditEvent.credit_key))
    ).all()
    return [
        CreditState(
            key=key,
            entitlement_id=int(ent_id),
            balance=int(balance),
            last_seq=int(seq),
            valid_until=_utc(valid_until),
            earned_at=_utc(earned_at),
            first_id=int(first_id),
        )
        for key, ent_id, balance, seq, valid_until, earned_at, first_id in rows
    ]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def available(
    session: Session, *, team_id: int, client_id: int, now: datetime, before: datetime | None = None
) -> list[CreditState]:
    """Credits the client holds now, oldest first. ``before``: still valid at that instant."""
    limit = max(now, before) if before is not None else now
    held = [
        c
        for c in states(session, team_id=team_id, client_id=client_id)
        if c.balance == 1 and c.valid_until > limit
    ]
    return sorted(held, key=lambda c: (c.earned_at, c.first_id))


def balance(session: Session, *, team_id: int, client_id: int, now: datetime) -> int:
    return len(available(session, team_id=team_id, client_id=client_id, now=now))


def _insert(session: Session, event: CreditEvent) -> bool:
    """Insert one ledger row in a savepoint; False if a unique index says it already exists."""
    try:
        with session.begin_nested():
            session.add(event)
            session.flush()
    except IntegrityError:
        return False
    return True


def lock_plan(session: Session, entitlement_id: int) -> None:
    """Serialise credit decisions of one plan access (SQLite: BEGIN IMMEDIATE already does)."""
    session.execute(
        select(col(Entitlement.id)).where(col(Entitlement.id) == entitlement_id).with_for_update()
    ).first()


def earned_in_cycle(session: Session, plan: Plan, cycle_start: datetime) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(CreditEvent)
            .where(
                col(CreditEvent.entitlement_id) == plan.entitlement.id,
                col(CreditEvent.event_type) == CreditEventType.EARNED,
                col(CreditEvent.cycle_start) == cycle_start,
            )
        ).scalar_one()
    )


def earn(
    session: Session,
    *,
    plan: Plan,
    client_id: int,
    booking_id: int,
    session_start: datetime,
    cap: int,
    actor_name: str,
    reason: str,
    now: datetime,
) -> bool:
    """Give one credit for a cancelled plan booking, unless the cycle's cap is reached or the
    booking already earned one. Returns whether a credit was given."""
    lock_plan(session, plan.entitlement.id or 0)
    cycle = plan.cycle_of(session_start)
    cycle_start, _ = plan.bounds(cycle)
    if earned_in_cycle(session, plan, cycle_start) >= cap:
        return False
    following = plan.cycle_on(cycle.end)
    _, valid_until = plan.bounds(following)
    return _insert(
        session,
        CreditEvent(
            team_id=plan.entitlement.team_id,
            client_id=client_id,
            entitlement_id=plan.entitlement.id or 0,
            credit_key=secrets.token_hex(16),
            seq=0,
            event_type=CreditEventType.EARNED,
            delta=1,
            booking_id=booking_id,
            cycle_start=cycle_start,
            valid_until=valid_until,
            reason=reason,
            actor_name=actor_name,
            at=now,
        ),
    )


def earned_counts(session: Session, entitlement_ids: set[int]) -> dict[tuple[int, datetime], int]:
    """Credits earned per (plan access, cycle start), for many plans in one statement."""
    if not entitlement_ids:
        return {}
    rows = session.execute(
        select(col(CreditEvent.entitlement_id), col(CreditEvent.cycle_start), func.count())
        .where(
            col(CreditEvent.entitlement_id).in_(entitlement_ids),
            col(CreditEvent.event_type) == CreditEventType.EARNED,
        )
        .group_by(col(CreditEvent.entitlement_id), col(CreditEvent.cycle_start))
    ).all()
    return {(int(e), _utc(c)): int(n) for e, c, n in rows}


def _follow(
    credit: CreditState,
    *,
    kind: CreditEventType,
    booking_id: int | None,
    reason: str,
    actor_name: str,
    now: datetime,
    team_id: int,
    client_id: int,
) -> CreditEvent:
    """The next event of a credit (its seq one past the last)."""
    return CreditEvent(
        team_id=team_id,
        client_id=client_id,
        entitlement_id=credit.entitlement_id,
        credit_key=credit.key,
        seq=credit.last_seq + 1,
        event_type=kind,
        delta=1 if kind == CreditEventType.RETURNED else -1,
        booking_id=booking_id,
        cycle_start=credit.earned_at,
        valid_until=credit.valid_until,
        reason=reason,
        actor_name=actor_name,
        at=now,
    )


NO_CREDIT = "Você não tem crédito de reposição disponível para esta data."


def use(
    session: Session,
    *,
    team_id: int,
    client_id: int,
    booking_id: int,
    session_start: datetime,
    actor_name: str,
    now: datetime,
) -> None:
    """Spend the oldest credit still valid at the session's start on a make-up booking."""
    for credit in available(
        session, team_id=team_id, client_id=client_id, now=now, before=session_start
    ):
        event = _follow(
            credit,
            kind=CreditEventType.USED,
            booking_id=booking_id,
            reason="Reposição agendada",
            actor_name=actor_name,
            now=now,
            team_id=team_id,
            client_id=client_id,
        )
        if _insert(session, event):
            return
    raise Conflict(NO_CREDIT)


def give_back(
    session: Session,
    *,
    team_id: int,
    client_id: int,
    booking_id: int,
    reason: str,
    actor_name: str,
    now: datetime,
) -> bool:
    """Return the credit a make-up booking used, with its original validity (once)."""
    used = (
        session.execute(
            select(CreditEvent)
            .where(
                col(CreditEvent.team_id) == team_id,
                col(CreditEvent.booking_id) == booking_id,
                col(CreditEvent.event_type) == CreditEventType.USED,
            )
            .order_by(col(CreditEvent.seq).desc())
        )
        .scalars()
        .first()
    )
    if used is None:
        return False
    state = next(
        (
            c
            for c in states(session, team_id=team_id, client_id=client_id)
            if c.key == used.credit_key
        ),
        None,
    )
    if state is None or state.balance != 0 or state.last_seq != used.seq:
        return False
    return _insert(
        session,
        _follow(
            state,
            kind=CreditEventType.RETURNED,
            booking_id=booking_id,
            reason=reason,
            actor_name=actor_name,
            now=now,
            team_id=team_id,
            client_id=client_id,
        ),
    )


def expire_for_entitlement(
    session: Session, *, entitlement: Entitlement, reason: str, actor_name: str, now: datetime
) -> int:
    """Expire every credit still held from one plan access (revocation)."""
    count = 0
    for credit in states(session, team_id=entitlement.team_id, client_id=entitlement.client_id):
        if credit.entitlement_id != entitlement.id or credit.balance != 1:
            continue
        if _insert(
            session,
            _follow(
                credit,
                kind=CreditEventType.EXPIRED,
                booking_id=None,
                reason=reason,
                actor_name=actor_name,
                now=now,
                team_id=entitlement.team_id,
                client_id=entitlement.client_id,
            ),
        ):
            count += 1
    return count


def sweep(*, session: Session, now: datetime) -> int:
    """Record the expiry of every held credit whose validity ended. Idempotent."""
    rows = session.execute(
        select(
            col(CreditEvent.team_id),
            col(CreditEvent.client_id),
            col(CreditEvent.credit_key),
            func.min(col(CreditEvent.entitlement_id)),
            func.max(col(CreditEvent.seq)),
            func.min(col(CreditEvent.valid_until)),
            func.min(col(CreditEvent.at)),
        )
        .group_by(col(CreditEvent.team_id), col(CreditEvent.client_id), col(CreditEvent.credit_key))
        .having(func.sum(col(CreditEvent.delta)) == 1)
        .having(func.min(col(CreditEvent.valid_until)) <= now)
    ).all()
    count = 0
    for team_id, client_id, key, ent_id, seq, valid_until, earned_at in rows:
        state = CreditState(
            key=key,
            entitlement_id=int(ent_id),
            balance=1,
            last_seq=int(seq),
            valid_until=_utc(valid_until),
            earned_at=_utc(earned_at),
        )
        if _insert(
            session,
            _follow(
                state,
                kind=CreditEventType.EXPIRED,
                booking_id=None,
                reason="Validade terminou",
                actor_name=SYSTEM,
                now=now,
                team_id=team_id,
                client_id=client_id,
            ),
        ):
            count += 1
    return count

"""Bulk access changes in the Commerce area: Conceder, Estender, Revogar for many clients of
one product (DOMAIN.md §9).

Two steps. ``preview`` decides, per selected client, what would change and what is skipped
and why ("23 clientes serão alterados; 2 ignorados: já têm acesso"), and stores that plan as
a batch with a reference. ``apply`` runs the stored plan once: applying the same reference
again (a double submit, a retried request) answers with the stored result. Each client's
change is its own history event carrying the batch. A client whose access changed after the
preview (extended or revoked in the modal meanwhile) is reported, never overwritten: the
write is conditional on the expiry the preview saw.

Extending is set-based (four statements per batch); granting and revoking reuse the
single-client rules one client at a time, each in a savepoint.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, insert, literal, select, update
from sqlmodel import Session, col

from treinico.models import (
    BatchStatus,
    BulkBatch,
    BulkItem,
    BulkOperation,
    Client,
    Entitlement,
    EntitlementEvent,
    EntitlementEventType,
    ItemOutcome,
    Product,
    User,
)
from treinico.models.base import UTCDateTime
from treinico.services.access.entitlements import grant_entitlement, revoke_entitlement
from treinico.services.access.scope import team_for
from treinico.services.access.status import last_day
from treinico.services.actor import Actor
from treinico.services.commerce.bulk_preview import (
    OPERATION_LABELS,
    PREVIEW_VALID,
    ROWS_SHOWN,
    BulkResult,
    BulkRow,
    Selection,
    planned_text,
    plural,
    preview,
)
from treinico.services.errors import Conflict, DomainError, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.permissions import Perm

__all__ = ["BulkResult", "BulkRow", "Selection", "apply", "preview", "result"]


def _result_summary(changed: int, conflicts: int, skipped: int) -> str:
    text = plural(changed, "cliente alterado", "clientes alterados")
    if conflicts:
        text += f"; {plural(conflicts, 'mudou', 'mudaram')} depois da prévia e não foi alterado"
        if conflicts > 1:
            text = text.replace("não foi alterado", "não foram alterados")
    if skipped:
        text += f"; {plural(skipped, 'ignorado', 'ignorados')}"
    return text


# ---------------------------------------------------------------- apply


def apply(*, session: Session, actor: Actor, reference: str, now: datetime) -> BulkResult:
    """Run a previewed batch once. The same reference again returns the stored result.

    Raises NotFound (unknown reference or another team's), Conflict (the preview expired,
    or the same batch is being applied right now), Forbidden."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    batch = _batch(session, actor, reference)
    product = session.get(Product, batch.product_id)
    assert product is not None
    if batch.status == BatchStatus.DONE:
        return _stored_result(session, batch, product, tz)
    if batch.status == BatchStatus.PREVIEW and now - batch.created_at > PREVIEW_VALID:
        raise Conflict("A prévia expirou. Gere uma nova prévia.")
    claimed = session.execute(
        update(BulkBatch)
        .where(col(BulkBatch.id) == batch.id, col(BulkBatch.status) == BatchStatus.PREVIEW.value)
        .values(status=BatchStatus.RUNNING.value)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # Another request took it; on PostgreSQL this waited for it to finish.
        status = session.execute(
            select(col(BulkBatch.status)).where(col(BulkBatch.id) == batch.id)
        ).scalar_one()
        if status == BatchStatus.DONE:
            session.refresh(batch)
            return _stored_result(session, batch, product, tz)
        raise Conflict("Este lote já está sendo aplicado. Aguarde um instante.")
    if batch.operation == BulkOperation.EXTEND:
        _apply_extend(session, actor, batch, now)
    else:
        _apply_one_by_one(session, actor, batch, tz, now)
    _explain_conflicts(session, batch, tz)
    session.execute(
        update(BulkBatch)
        .where(col(BulkBatch.id) == batch.id)
        .values(
            status=BatchStatus.DONE.value,
            applied_at=now,
            params={**batch.params, "applied_by": actor.name or "—"},
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(batch)
    return _stored_result(session, batch, product, tz)


def _batch(session: Session, actor: Actor, reference: str) -> BulkBatch:
    batch = session.execute(
        select(BulkBatch).where(
            col(BulkBatch.reference) == str(reference)[:40], col(BulkBatch.team_id) == actor.team_id
        )
    ).scalar_one_or_none()
    if batch is None:
        raise NotFound("Lote não encontrado.")
    return batch


def _pending(session: Session, batch: BulkBatch) -> list[Any]:
    return list(
        session.execute(
            select(
                col(BulkItem.id),
                col(BulkItem.client_id),
                col(BulkItem.entitlement_id),
                col(BulkItem.expected_ends_at),
                col(BulkItem.new_ends_at),
            )
            .where(
                col(BulkItem.batch_id) == batch.id,
                col(BulkItem.outcome) == ItemOutcome.PENDING.value,
            )
            .order_by(col(BulkItem.id))
        ).all()
    )


def _apply_extend(session: Session, actor: Actor, batch: BulkBatch, now: datetime) -> None:
    """Four set-based statements whatever the batch's size. The batch's accesses are locked
    (PostgreSQL; SQLite's write transaction already excludes everyone else); the items whose
    access still has the expiry the preview saw and is still open are marked changed; those
    accesses take the new expiry from their item; the history rows are inserted from them."""
    joined = [
        col(BulkItem.batch_id) == batch.id,
        col(BulkItem.entitlement_id) == col(Entitlement.id),
    ]
    session.execute(
        select(col(Entitlement.id))
        .where(*joined, col(BulkItem.outcome) == ItemOutcome.PENDING.value)
        .with_for_update(of=Entitlement)
    ).all()
    session.execute(
        update(BulkItem)
        .where(
            *joined,
            col(BulkItem.outcome) == ItemOutcome.PENDING.value,
            col(Entitlement.ends_at) == col(BulkItem.expected_ends_at),
            col(Entitlement.revoked_at).is_(None),
            col(Entitlement.closed_at).is_(None),
            col(Entitlement.grace_ends_at) > now,
        )
        .values(outcome=ItemOutcome.CHANGED.value)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Entitlement)
        .where(*joined, col(BulkItem.outcome) == ItemOutcome.CHANGED.value)
        .values(ends_at=col(BulkItem.new_ends_at), grace_ends_at=col(BulkItem.new_grace_ends_at))
        .execution_options(synchronize_session=False)
    )
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
        "reason",
        "batch_id",
    ]
    session.execute(
        insert(EntitlementEvent).from_select(
            columns,
            select(
                literal(batch.team_id),
                col(BulkItem.client_id),
                literal(batch.product_id),
                col(BulkItem.entitlement_id),
                literal(EntitlementEventType.EXTENDED.value),
                literal(actor.user_id),
                literal(actor.name or "—"),
                literal(now, UTCDateTime()),
                col(BulkItem.expected_ends_at),
                col(BulkItem.new_ends_at),
                literal(""),
                literal(batch.id),
            )
            .where(
                col(BulkItem.batch_id) == batch.id,
                col(BulkItem.outcome) == ItemOutcome.CHANGED.value,
            )
            .order_by(col(BulkItem.id)),
        )
    )


def _apply_one_by_one(
    session: Session, actor: Actor, batch: BulkBatch, tz: ZoneInfo, now: datetime
) -> None:
    today = now.astimezone(tz).date()
    for row in _pending(session, batch):
        outcome, message = ItemOutcome.CHANGED, ""
        try:
            with session.begin_nested():
                if batch.operation == BulkOperation.GRANT:
                    grant_entitlement(
                        session=session,
                        actor=actor,
                        client_id=row.client_id,
                        product_id=batch.product_id,
                        starts_on=today,
                        ends_on=last_day(row.new_ends_at, tz) if row.new_ends_at else None,
                        now=now,
                        batch_id=batch.id,
                    )
                else:
                    e = session.get(Entitlement, row.entitlement_id)
                    if e is None or e.revoked_at is not None or e.ends_at != row.expected_ends_at:
                        outcome = ItemOutcome.CONFLICT
                    else:
                        revoke_entitlement(
                            session=session,
                            actor=actor,
                            entitlement_id=row.entitlement_id,
                            note=batch.params.get("reason", ""),
                            now=now,
                            batch_id=batch.id,
                        )
        except DomainError as exc:
            outcome, message = ItemOutcome.CONFLICT, exc.message[:200]
        session.execute(
            update(BulkItem)
            .where(col(BulkItem.id) == row.id)
            .values(outcome=outcome.value, message=message)
            .execution_options(synchronize_session=False)
        )


def _explain_conflicts(session: Session, batch: BulkBatch, tz: ZoneInfo) -> None:
    """Whatever is still pending (or marked conflict without a reason) changed after the
    preview: say how, from the access as it is now."""
    rows = session.execute(
        select(BulkItem, Entitlement)
        .outerjoin(Entitlement, col(Entitlement.id) == col(BulkItem.entitlement_id))
        .where(
            col(BulkItem.batch_id) == batch.id,
            col(BulkItem.outcome).in_([ItemOutcome.PENDING.value, ItemOutcome.CONFLICT.value]),
            col(BulkItem.message) == "",
        )
    ).all()
    for item, e in rows:
        item.outcome = ItemOutcome.CONFLICT.value
        item.message = _conflict_message(session, e, tz)[:200]
        session.add(item)
    session.flush()


def _conflict_message(session: Session, e: Entitlement | None, tz: ZoneInfo) -> str:
    if e is None:
        return "Mudou depois da prévia: não foi alterado."
    if e.revoked_at is not None:
        who = session.get(User, e.revoked_by_user_id) if e.revoked_by_user_id else None
        name = who.name if who else "sistema"
        when = fmt_datetime(e.revoked_at, tz.key)
        return f"Revogado por {name} em {when}, depois da prévia: não foi alterado."
    if e.ends_at is not None:
        return (
            f"A expiração mudou para {fmt_date(last_day(e.ends_at, tz))} depois da prévia: "
            "não foi alterado."
        )
    return "Mudou depois da prévia: não foi alterado."


# ---------------------------------------------------------------- results


def result(*, session: Session, actor: Actor, reference: str) -> BulkResult:
    """A batch as it stands (the preview, or the outcome once applied)."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    batch = _batch(session, actor, reference)
    product = session.get(Product, batch.product_id)
    assert product is not None
    return _stored_result(session, batch, product, ZoneInfo(team.timezone))


def _stored_result(
    session: Session, batch: BulkBatch, product: Product, tz: ZoneInfo
) -> BulkResult:
    counts: Counter[str] = Counter(
        dict(
            session.execute(
                select(col(BulkItem.outcome), func.count())
                .where(col(BulkItem.batch_id) == batch.id)
                .group_by(col(BulkItem.outcome))
            ).all()
        )
    )
    order = case(
        (col(BulkItem.outcome) == ItemOutcome.CONFLICT.value, 0),
        (col(BulkItem.outcome) == ItemOutcome.PENDING.value, 1),
        (col(BulkItem.outcome) == ItemOutcome.CHANGED.value, 1),
        else_=2,
    )
    rows = session.execute(
        select(BulkItem, col(Client.name))
        .join(Client, col(Client.id) == col(BulkItem.client_id))
        .where(col(BulkItem.batch_id) == batch.id)
        .order_by(order, col(Client.name_search), col(BulkItem.id))
        .limit(ROWS_SHOWN)
    ).all()
    done = batch.status == BatchStatus.DONE
    skipped = counts[ItemOutcome.SKIPPED.value]
    to_change = (
        counts[ItemOutcome.PENDING.value]
        + counts[ItemOutcome.CHANGED.value]
        + (counts[ItemOutcome.CONFLICT.value])
    )
    return BulkResult(
        reference=batch.reference,
        operation=batch.operation,
        operation_label=OPERATION_LABELS[batch.operation],
        product_name=product.name,
        status=batch.status,
        to_change=to_change,
        skipped=skipped,
        changed=counts[ItemOutcome.CHANGED.value],
        conflicts=counts[ItemOutcome.CONFLICT.value],
        summary=(
            _result_summary(
                counts[ItemOutcome.CHANGED.value], counts[ItemOutcome.CONFLICT.value], skipped
            )
            if done
            else plural(to_change, "cliente será alterado", "clientes serão alterados")
        ),
        rows=[
            BulkRow(
                client_id=item.client_id,
                client_name=name,
                outcome=item.outcome,
                message=item.message or _planned(batch, item, tz),
            )
            for item, name in rows
        ],
        applied_by=batch.params.get("applied_by", batch.created_by_name) if done else "",
        applied_at=fmt_datetime(batch.applied_at, tz.key) if batch.applied_at else "",
    )


def _planned(batch: BulkBatch, item: BulkItem, tz: ZoneInfo) -> str:
    return planned_text(
        batch.operation, item.new_ends_at, tz, item.outcome == ItemOutcome.CHANGED.value
    )

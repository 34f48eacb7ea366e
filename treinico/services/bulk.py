"""Bulk access changes in the Commerce area: Conceder, Estender, Revogar for many clients of
one product (DOMAIN.md §9).

Two steps. ``preview`` decides, per selected client, what would change and what is skipped
and why ("23 clientes serão alterados; 2 ignorados: já têm acesso"), and stores that plan as
a batch with a reference. ``apply`` runs the stored plan once: applying the same reference
again (a double submit, a retried request) answers with the stored result. Each client's
change is its own history event carrying the batch. A client whose access changed after the
preview (extended or revoked in the modal meanwhile) is reported, never overwritten: the
write is conditional on the expiry the preview saw.

Extending is set-based (a few statements per 500 clients); granting and revoking reuse the
single-client rules one client at a time, each in a savepoint.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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
from treinico.services.actor import Actor
from treinico.services.commerce import matching_client_ids, next_period_end, status_condition
from treinico.services.entitlements import (
    Status,
    end_of_day,
    grant_entitlement,
    last_day,
    revoke_entitlement,
    status_of,
    team_for,
)
from treinico.services.errors import Conflict, DomainError, Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.permissions import Perm
from treinico.services.text import fold

CHUNK = 500
MAX_CLIENTS = 20_000  # extending is set-based
MAX_ONE_BY_ONE = 2_000  # granting and revoking
PREVIEW_VALID = timedelta(minutes=30)
ROWS_SHOWN = 200

# reason code -> (the client's row, the summary's phrase)
REASONS = {
    "has_access": ("Já tem acesso", "já têm acesso"),
    "no_access": ("Sem acesso a este produto", "sem acesso"),
    "lifetime": ("Acesso vitalício", "vitalícios"),
    "scheduled": ("O acesso ainda não começou", "ainda não começaram"),
    "inactive": ("Cliente inativo", "inativos"),
    "not_after": ("A data não é depois da expiração atual", "já vão além da data"),
    "no_period": ("Produto sem período de cobrança: escolha uma data", "sem período"),
}
OPERATION_LABELS = {
    BulkOperation.GRANT.value: "Conceder",
    BulkOperation.EXTEND.value: "Estender",
    BulkOperation.REVOKE.value: "Revogar",
}


@dataclass(frozen=True)
class Selection:
    """Chosen by checkbox (``client_ids``) or "todos os N filtrados" (the filter itself)."""

    client_ids: tuple[int, ...] = ()
    all_filtered: bool = False
    status: str = "current"
    query: str = ""


@dataclass(frozen=True)
class BulkRow:
    client_id: int
    client_name: str
    outcome: str  # pending | skipped | changed | conflict
    message: str  # "Até 30/04/2026", "Já tem acesso", "Revogado por Rafa ..."


@dataclass(frozen=True)
class BulkResult:
    reference: str
    operation: str
    operation_label: str
    product_name: str
    status: str  # preview | running | done
    to_change: int
    skipped: int
    changed: int
    conflicts: int
    summary: str
    rows: list[BulkRow] = field(default_factory=list)  # conflicts first, at most 200
    applied_by: str = ""
    applied_at: str = ""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(to_change: int, skipped: Counter[str]) -> str:
    text = f"{_plural(to_change, 'cliente será alterado', 'clientes serão alterados')}"
    total = sum(skipped.values())
    if total:
        if len(skipped) == 1:
            reasons = REASONS[next(iter(skipped))][1]
        else:
            reasons = ", ".join(f"{n} {REASONS[code][1]}" for code, n in skipped.most_common())
        text += f"; {_plural(total, 'ignorado', 'ignorados')}: {reasons}"
    return text


def _result_summary(changed: int, conflicts: int, skipped: int) -> str:
    text = _plural(changed, "cliente alterado", "clientes alterados")
    if conflicts:
        text += f"; {_plural(conflicts, 'mudou', 'mudaram')} depois da prévia e não foi alterado"
        if conflicts > 1:
            text = text.replace("não foi alterado", "não foram alterados")
    if skipped:
        text += f"; {_plural(skipped, 'ignorado', 'ignorados')}"
    return text


# ---------------------------------------------------------------- preview


def _parse_until(raw: date | str | None) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise Invalid("Data inválida.", field="until") from None


def preview(
    *,
    session: Session,
    actor: Actor,
    product_id: int,
    operation: str,
    selection: Selection,
    now: datetime,
    mode: str = "period",
    until: date | str | None = None,
    reason: str = "",
) -> BulkResult:
    """Plan a bulk change and store it under a new reference (nothing changes yet).

    ``mode`` "period" (one more billing period; for a grant, one period from today) or
    "date" (``until``, inclusive). ``reason`` is the revocation's note.

    Raises Forbidden (no commerce.entitlements.write), NotFound, Invalid (fields ``until``,
    ``clients``, ``operation``).
    """
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    product = session.get(Product, product_id)
    if product is None or product.team_id != actor.team_id:
        raise NotFound("Produto não encontrado.")
    if operation not in OPERATION_LABELS:
        raise Invalid("Operação inválida.", field="operation")
    today = now.astimezone(tz).date()
    target = _parse_until(until) if mode == "date" else None
    if mode == "date" and (target is None or target < today):
        raise Invalid("Escolha uma data a partir de hoje.", field="until")
    if operation == BulkOperation.GRANT and (not product.active or product.archived):
        raise Invalid("Este produto está arquivado: reative-o para conceder acesso.")
    selected = _selected_clients(session, actor, product_id, selection, now)
    if not selected:
        raise Invalid("Selecione ao menos um cliente.", field="clients")
    if operation != BulkOperation.EXTEND and len(selected) > MAX_ONE_BY_ONE:
        # Granting and revoking go client by client (each with its own rules): a couple of
        # thousand keeps the write lock for a few seconds at most.
        raise Invalid(
            "Para conceder ou revogar, selecione no máximo 2.000 clientes por vez.",
            field="clients",
        )
    if len(selected) > MAX_CLIENTS:
        raise Invalid(f"Selecione no máximo {MAX_CLIENTS:,} clientes.".replace(",", "."))

    batch = BulkBatch(
        team_id=actor.team_id,
        reference=secrets.token_urlsafe(18),
        operation=operation,
        product_id=product_id,
        params={
            "mode": mode,
            "until": target.isoformat() if target else "",
            "reason": " ".join((reason or "").split())[:500],
        },
        created_by_user_id=actor.user_id,
        created_by_name=actor.name,
        created_at=now,
    )
    session.add(batch)
    session.flush()
    items: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    rows: list[BulkRow] = []
    for chunk in _chunks(selected):
        current = _current_rows(session, actor.team_id, product_id, [c[0] for c in chunk], now)
        for client_id, name, inactive in chunk:
            code, e, new_end = _plan(
                operation, current.get(client_id), inactive, product, now, tz, target
            )
            if code:
                skipped[code] += 1
            item = {
                "batch_id": batch.id,
                "client_id": client_id,
                "entitlement_id": e.id if e is not None else None,
                "expected_ends_at": e.ends_at if e is not None else None,
                "new_ends_at": new_end,
                "new_grace_ends_at": (
                    new_end + timedelta(days=max(e.grace_days, 0))
                    if new_end is not None and e is not None
                    else None
                ),
                "outcome": (ItemOutcome.SKIPPED if code else ItemOutcome.PENDING).value,
                "message": REASONS[code][0] if code else "",
            }
            items.append(item)
            rows.append(
                BulkRow(
                    client_id=client_id,
                    client_name=name,
                    outcome=item["outcome"],
                    message=item["message"] or _planned_text(operation, new_end, tz, False),
                )
            )
    for chunk_items in _chunks(items):
        session.execute(insert(BulkItem), chunk_items)
    to_change = len(items) - sum(skipped.values())
    rows.sort(key=lambda r: (r.outcome != ItemOutcome.PENDING.value, fold(r.client_name)))
    return BulkResult(
        reference=batch.reference,
        operation=operation,
        operation_label=OPERATION_LABELS[operation],
        product_name=product.name,
        status=BatchStatus.PREVIEW.value,
        to_change=to_change,
        skipped=sum(skipped.values()),
        changed=0,
        conflicts=0,
        summary=_summary(to_change, skipped),
        rows=rows[:ROWS_SHOWN],
    )


def _selected_clients(
    session: Session, actor: Actor, product_id: int, selection: Selection, now: datetime
) -> list[tuple[int, str, bool]]:
    """(id, name, inactive) of the selected clients of the actor's team, by id."""
    if selection.all_filtered:
        wanted = matching_client_ids(
            session=session,
            actor=actor,
            product_id=product_id,
            now=now,
            status=selection.status,
            query=selection.query,
        )
    else:
        wanted = sorted({int(i) for i in selection.client_ids})
    found: list[tuple[int, str, bool]] = []
    for chunk in _chunks(wanted[: MAX_CLIENTS + 1]):
        found += [
            (int(cid), name, bool(inactive))
            for cid, name, inactive in session.execute(
                select(
                    col(Client.id),
                    col(Client.name),
                    col(Client.archived) | col(Client.anonymised_at).is_not(None),
                ).where(col(Client.team_id) == actor.team_id, col(Client.id).in_(chunk))
            ).all()
        ]
    return sorted(found)


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _current_rows(
    session: Session, team_id: int, product_id: int, client_ids: list[int], now: datetime
) -> dict[int, Any]:
    """The clients' current access to the product, as plain rows with the columns the
    status rule reads (no ORM objects: a batch may hold 20,000)."""
    rows = session.execute(
        select(
            col(Entitlement.id),
            col(Entitlement.client_id),
            col(Entitlement.starts_at),
            col(Entitlement.ends_at),
            col(Entitlement.grace_ends_at),
            col(Entitlement.grace_days),
            col(Entitlement.revoked_at),
        ).where(
            col(Entitlement.team_id) == team_id,
            col(Entitlement.product_id) == product_id,
            col(Entitlement.client_id).in_(client_ids),
            status_condition("current", now),
        )
    ).all()
    return {e.client_id: e for e in rows}


def _plan(
    operation: str,
    e: Any,
    inactive: bool,
    product: Product,
    now: datetime,
    tz: ZoneInfo,
    target: date | None,
) -> tuple[str, Any, datetime | None]:
    """(skip reason or "", the access it acts on, the new expiry) for one client."""
    if operation == BulkOperation.GRANT:
        if e is not None:
            return "has_access", None, None
        if inactive:
            return "inactive", None, None
        today = now.astimezone(tz).date()
        end = target if target else next_period_end(today - timedelta(days=1), product)
        return "", None, end_of_day(end, tz) if end else None
    if e is None:
        return "no_access", None, None
    if operation == BulkOperation.REVOKE:
        return "", e, None
    status = status_of(e, now)
    if e.ends_at is None:
        return "lifetime", e, None
    if status == Status.SCHEDULED:
        return "scheduled", e, None
    end = target if target else next_period_end(last_day(e.ends_at, tz), product)
    if end is None:
        return "no_period", e, None
    if end_of_day(end, tz) <= e.ends_at:
        return "not_after", e, None
    return "", e, end_of_day(end, tz)


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
            else _plural(to_change, "cliente será alterado", "clientes serão alterados")
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
    return _planned_text(
        batch.operation, item.new_ends_at, tz, item.outcome == ItemOutcome.CHANGED.value
    )


def _planned_text(operation: str, new_end: datetime | None, tz: ZoneInfo, done: bool) -> str:
    if operation == BulkOperation.REVOKE:
        return "Revogado" if done else "Será revogado"
    if new_end is None:
        return "Acesso vitalício"
    return f"Até {fmt_date(last_day(new_end, tz))}"

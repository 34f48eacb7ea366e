"""The first step of a bulk access change: what would happen to each selected client, stored
as a batch under a reference (services/commerce/bulk.py applies it)."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlmodel import Session, col

from treinico.models import (
    BatchStatus,
    BulkBatch,
    BulkItem,
    BulkOperation,
    Client,
    Entitlement,
    ItemOutcome,
    Product,
)
from treinico.services.access.scope import team_for
from treinico.services.access.status import Status, end_of_day, last_day, status_of
from treinico.services.actor import Actor
from treinico.services.commerce.product_clients import (
    matching_client_ids,
    next_period_end,
    status_condition,
)
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_date
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


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(to_change: int, skipped: Counter[str]) -> str:
    text = f"{plural(to_change, 'cliente será alterado', 'clientes serão alterados')}"
    total = sum(skipped.values())
    if total:
        if len(skipped) == 1:
            reasons = REASONS[next(iter(skipped))][1]
        else:
            reasons = ", ".join(f"{n} {REASONS[code][1]}" for code, n in skipped.most_common())
        text += f"; {plural(total, 'ignorado', 'ignorados')}: {reasons}"
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
    for chunk in chunks(selected):
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
                    message=item["message"] or planned_text(operation, new_end, tz, False),
                )
            )
    for chunk_items in chunks(items):
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
    for chunk in chunks(wanted[: MAX_CLIENTS + 1]):
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


def chunks(values: list[Any]) -> list[list[Any]]:
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


def planned_text(operation: str, new_end: datetime | None, tz: ZoneInfo, done: bool) -> str:
    if operation == BulkOperation.REVOKE:
        return "Revogado" if done else "Será revogado"
    if new_end is None:
        return "Acesso vitalício"
    return f"Até {fmt_date(last_day(new_end, tz))}"

"""The Commerce area's reads: a product's clients by status and the CSV of that list
("Vencendo em breve" and its renewals are services/commerce/renewals.py).

Statuses are derived from the dates as everywhere else (entitlements.status_of), written here
as SQL conditions so a filter, its count and its page are each one query.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from treinico.models import Client, Entitlement, Product
from treinico.services.access.scope import team_for
from treinico.services.access.status import STATUS_LABELS, last_day, status_of, time_left
from treinico.services.actor import Actor
from treinico.services.agenda.plans import add_months
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_date
from treinico.services.permissions import Perm
from treinico.services.text import fold, safe_cell

PAGE_SIZE = 50
# Filter values of a product's client list.
FILTERS = {
    "current": "Com acesso",
    "active": "Ativo",
    "grace": "Período de carência",
    "scheduled": "Agendado",
    "ended": "Expirado ou revogado",
    "none": "Sem acesso",
}


@dataclass(frozen=True)
class ProductClientRow:
    client_id: int
    client_name: str
    entitlement_id: int  # 0 when the client has no access row to show
    status: str  # active | grace | scheduled | expired | revoked | none
    status_label: str
    ends_on: str  # dd/mm/aaaa, "Vitalício", or ""
    time_left: str


@dataclass(frozen=True)
class ProductClientsPage:
    rows: list[ProductClientRow]
    total: int
    page: int
    pages: int


def next_period_end(current_last_day: date, product: Product) -> date | None:
    """The last day covered after one more billing period from ``current_last_day``."""
    if product.billing_months:
        return add_months(current_last_day + timedelta(days=1), product.billing_months) - (
            timedelta(days=1)
        )
    if product.billing_period_days:
        return current_last_day + timedelta(days=product.billing_period_days)
    return None


def open_rows(e: Any = Entitlement) -> list[Any]:
    return [e.closed_at.is_(None), e.revoked_at.is_(None)]


def status_condition(status: str, now: datetime, e: Any = Entitlement) -> Any:
    """SQL for rows of ``e`` (the table or an alias) in ``status`` at ``now``: the same rule
    as entitlements.status_of."""
    not_over = or_(e.grace_ends_at.is_(None), e.grace_ends_at > now)
    if status == "current":
        return and_(*open_rows(e), not_over)
    if status == "scheduled":
        return and_(*open_rows(e), e.starts_at > now)
    if status == "active":
        return and_(*open_rows(e), e.starts_at <= now, or_(e.ends_at.is_(None), e.ends_at > now))
    if status == "grace":
        return and_(*open_rows(e), e.ends_at <= now, e.grace_ends_at > now)
    raise Invalid("Filtro inválido.", field="status")


def _product(session: Session, actor: Actor, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None or product.team_id != actor.team_id:
        raise NotFound("Produto não encontrado.")
    return product


def _clients_stmt(actor: Actor, product_id: int, status: str, query: str, now: datetime) -> Any:
    """(Client, Entitlement | None) rows for a filter, not yet ordered or paged."""
    if status not in FILTERS:
        raise Invalid("Filtro inválido.", field="status")
    base = [col(Client.team_id) == actor.team_id]
    needle = fold(query or "")[:60]
    if needle:
        base.append(col(Client.name_search).contains(needle, autoescape=True))
    live = aliased(Entitlement)
    current = (
        exists()
        .where(
            col(live.client_id) == col(Client.id),
            col(live.product_id) == product_id,
            status_condition("current", now, live),
        )
        .correlate(Client)
    )
    if status == "none":
        return select(Client, literal(None)).where(
            *base, ~current, ~col(Client.archived), col(Client.anonymised_at).is_(None)
        )
    if status == "ended":
        past = aliased(Entitlement)
        latest = (
            select(func.max(past.id))
            .where(col(past.client_id) == col(Client.id), col(past.product_id) == product_id)
            .correlate(Client)
            .scalar_subquery()
        )
        return (
            select(Client, Entitlement)
            .join(Entitlement, col(Entitlement.id) == latest)
            .where(*base, ~current)
        )
    return (
        select(Client, Entitlement)
        .join(Entitlement, col(Entitlement.client_id) == col(Client.id))
        .where(
            *base,
            col(Entitlement.product_id) == product_id,
            status_condition(status, now),
        )
    )


def _client_row(
    client: Client, e: Entitlement | None, now: datetime, tz: ZoneInfo
) -> ProductClientRow:
    if e is None:
        return ProductClientRow(client.id or 0, client.name, 0, "none", "Sem acesso", "", "")
    status = status_of(e, now)
    return ProductClientRow(
        client_id=client.id or 0,
        client_name=client.name,
        entitlement_id=e.id or 0,
        status=status.value,
        status_label=STATUS_LABELS[status],
        ends_on=fmt_date(last_day(e.ends_at, tz)) if e.ends_at else "Vitalício",
        time_left=time_left(e, status, now, tz),
    )


def product_clients(
    *,
    session: Session,
    actor: Actor,
    product_id: int,
    now: datetime,
    status: str = "current",
    query: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> ProductClientsPage:
    """One page of a product's clients in a status (or without access), by name."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    _product(session, actor, product_id)
    tz = ZoneInfo(team.timezone)
    stmt = _clients_stmt(actor, product_id, status, query, now)
    total = int(session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = session.execute(
        stmt.order_by(col(Client.name_search), col(Client.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return ProductClientsPage(
        rows=[_client_row(c, e, now, tz) for c, e in rows], total=total, page=page, pages=pages
    )


def matching_client_ids(
    *, session: Session, actor: Actor, product_id: int, now: datetime, status: str, query: str
) -> list[int]:
    """Every client id of a filter ("todos os N filtrados")."""
    team_for(session, actor, Perm.ENTITLEMENTS_READ)
    _product(session, actor, product_id)
    stmt = _clients_stmt(actor, product_id, status, query, now).subquery()
    return [int(i) for i in session.execute(select(stmt.c.id).order_by(stmt.c.id)).scalars()]


def export_csv(
    *, session: Session, actor: Actor, product_id: int, now: datetime, status: str, query: str = ""
) -> tuple[str, str]:
    """The filtered client list as CSV (semicolon-separated, as Brazilian spreadsheets
    expect) and a file name."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    product = _product(session, actor, product_id)
    tz = ZoneInfo(team.timezone)
    stmt = _clients_stmt(actor, product_id, status, query, now).order_by(
        col(Client.name_search), col(Client.id)
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Cliente", "Telefone", "E-mail", "Produto", "Status", "Início", "Expira em"])
    for client, e in session.execute(stmt).all():
        row = _client_row(client, e, now, tz)
        writer.writerow(
            [
                safe_cell(client.name),
                client.phone_e164 if client.anonymised_at is None else "",
                safe_cell(client.email or ""),
                safe_cell(product.name),
                row.status_label,
                fmt_date(e.starts_at.astimezone(tz).date()) if e is not None else "",
                row.ends_on,
            ]
        )
    day = now.astimezone(tz).date().isoformat()
    return "\ufeff" + out.getvalue(), f"{product.key}-clientes-{day}.csv"

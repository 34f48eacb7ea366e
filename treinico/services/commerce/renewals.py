""" "Vencendo em breve": accesses whose last day is in the next 7, 15 or 30 days, the
navigation's count of them, and "Renovar por mais um período", one click or many, each
renewing once however often it is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session, col

from treinico.models import Client, Entitlement, Product, Team
from treinico.services.access.entitlements import extend_entitlement
from treinico.services.access.scope import team_for
from treinico.services.access.status import Status, last_day, time_left
from treinico.services.actor import Actor
from treinico.services.commerce.product_clients import next_period_end, open_rows
from treinico.services.errors import Conflict, Invalid, NotFound
from treinico.services.formatting import fmt_date
from treinico.services.permissions import Perm

EXPIRING_WINDOWS = (7, 15, 30)
DEFAULT_WINDOW = 30


@dataclass(frozen=True)
class ExpiringRow:
    entitlement_id: int
    client_id: int
    client_name: str
    product_id: int
    product_name: str
    ends_on: str  # dd/mm/aaaa
    ends_on_iso: str  # what a renewal expects (a stale page cannot renew twice)
    time_left: str  # "Expira hoje", "Expira em 15 dias"
    renew_to: str  # dd/mm/aaaa after one more period, "" when the product has no period


def _expiring_stmt(team: Team, days: int, now: datetime) -> Any:
    tz = ZoneInfo(team.timezone)
    today = now.astimezone(tz).date()
    horizon = datetime.combine(today + timedelta(days=days + 1), datetime.min.time(), tz)
    return (
        select(Entitlement, col(Client.name), Product)
        .join(Client, col(Client.id) == col(Entitlement.client_id))
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(
            col(Entitlement.team_id) == team.id,
            *open_rows(),
            col(Entitlement.starts_at) <= now,
            col(Entitlement.ends_at) > now,
            col(Entitlement.ends_at) <= horizon,  # exclusive end: last day = today + days
        )
    )


def _window(days: int) -> int:
    if days not in EXPIRING_WINDOWS:
        raise Invalid("Escolha 7, 15 ou 30 dias.", field="days")
    return days


def expiring_soon(
    *, session: Session, actor: Actor, now: datetime, days: int = DEFAULT_WINDOW, limit: int = 500
) -> list[ExpiringRow]:
    """Active accesses whose last day falls in the next ``days`` days, soonest first."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    tz = ZoneInfo(team.timezone)
    rows = session.execute(
        _expiring_stmt(team, _window(days), now)
        .order_by(col(Entitlement.ends_at), col(Entitlement.id))
        .limit(limit)
    ).all()
    out = []
    for e, name, product in rows:
        assert e.ends_at is not None
        end = last_day(e.ends_at, tz)
        renew = next_period_end(end, product)
        out.append(
            ExpiringRow(
                entitlement_id=e.id or 0,
                client_id=e.client_id,
                client_name=name,
                product_id=product.id or 0,
                product_name=product.name,
                ends_on=fmt_date(end),
                ends_on_iso=end.isoformat(),
                time_left=time_left(e, Status.ACTIVE, now, tz),
                renew_to=fmt_date(renew) if renew else "",
            )
        )
    return out


def expiring_count(
    *, session: Session, actor: Actor, now: datetime, days: int = DEFAULT_WINDOW
) -> int:
    """The navigation badge: 0 for members who cannot read accesses or a team without
    Commerce."""
    team = session.get(Team, actor.team_id)
    if team is None or not team.commerce_enabled or not actor.can(Perm.ENTITLEMENTS_READ):
        return 0
    stmt = _expiring_stmt(team, _window(days), now).with_only_columns(func.count())
    return int(session.execute(stmt).scalar_one())


def renew(
    *, session: Session, actor: Actor, entitlement_id: int, expected_ends_on: str, now: datetime
) -> str:
    """ "Renovar por mais um período": one more billing period from the current expiry.

    ``expected_ends_on`` is the expiry the page showed: if the access was already renewed
    to exactly one period after it (a double click, a retried request), nothing changes;
    if it changed otherwise, the person is told instead of renewing twice. Returns the new
    last day (dd/mm/aaaa)."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    e = session.get(Entitlement, entitlement_id)
    if e is None or e.team_id != actor.team_id:
        raise NotFound("Acesso não encontrado.")
    product = session.get(Product, e.product_id)
    assert product is not None
    try:
        expected = date.fromisoformat(str(expected_ends_on))
    except ValueError:
        raise Invalid("Atualize a página e tente de novo.") from None
    target = next_period_end(expected, product)
    if target is None:
        raise Invalid(f"{product.name} não tem período de cobrança: estenda até uma data.")
    current = last_day(e.ends_at, tz) if e.ends_at else None
    if current == target and e.revoked_at is None:
        return fmt_date(target)  # already renewed by this same click
    if current != expected:
        raise Conflict("Este acesso mudou enquanto você olhava. Atualize a lista.")
    extend_entitlement(
        session=session, actor=actor, entitlement_id=entitlement_id, new_ends_on=target, now=now
    )
    return fmt_date(target)


@dataclass(frozen=True)
class RenewResult:
    entitlement_id: int
    client_name: str
    ok: bool
    message: str  # "Renovado até 30/04/2026" or why not


def renew_many(
    *, session: Session, actor: Actor, items: list[tuple[int, str]], now: datetime
) -> list[RenewResult]:
    """Renew several rows of "Vencendo em breve" at once, each on its own (one refused row
    does not stop the others; a repeated click renews nothing twice)."""
    team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    names: dict[int, str] = dict(
        session.execute(
            select(col(Entitlement.id), col(Client.name))
            .join(Client, col(Client.id) == col(Entitlement.client_id))
            .where(
                col(Entitlement.team_id) == actor.team_id,
                col(Entitlement.id).in_([i for i, _ in items]),
            )
        ).all()
    )
    out = []
    for entitlement_id, expected in items[:500]:
        name = names.get(entitlement_id, "")
        try:
            with session.begin_nested():
                until = renew(
                    session=session,
                    actor=actor,
                    entitlement_id=entitlement_id,
                    expected_ends_on=expected,
                    now=now,
                )
        except (Conflict, Invalid, NotFound) as exc:
            out.append(RenewResult(entitlement_id, name, False, exc.message))
            continue
        out.append(RenewResult(entitlement_id, name, True, f"Renovado até {until}"))
    return out

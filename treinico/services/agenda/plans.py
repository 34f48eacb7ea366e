"""A client's plan: the access to a product with sessions per cycle, its billing cycles,
and the figures of the plan card ("Sessões usadas: 8 de 12").

Cycles are anchored on the access's start day and repeat every billing period: monthly plans
renew on the same day each month, a day 31 falling back to the month's last day (computed
from the anchor every time, so 31/01 -> 28/02 -> 31/03 never drifts). Sessions used in a
cycle are the plan's bookings that took place or were charged: ``presente``, ``falta`` and
cancelled ``fora do prazo``. Make-up bookings never count; they spend credits.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from treinico.models import (
    Booking,
    BookingStatus,
    CancelKind,
    Entitlement,
    Product,
    SessionTypeProduct,
)
from treinico.services.access.status import (
    STATUS_LABELS,
    Status,
    day_start,
    last_day,
    status_of,
)
from treinico.services.formatting import fmt_date, fmt_day_month, fmt_money_short

LIVE_PLAN = (Status.ACTIVE, Status.GRACE)


@dataclass(frozen=True)
class Cycle:
    start: date  # first local day
    end: date  # first local day of the next cycle (exclusive)
    index: int

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)


def _add_months(anchor: date, months: int) -> date:
    year, month0 = divmod(anchor.month - 1 + months, 12)
    year += anchor.year
    return date(year, month0 + 1, min(anchor.day, monthrange(year, month0 + 1)[1]))


add_months = _add_months  # day 31 falls back to the month's last day


def _cycle_start(anchor: date, index: int, months: int | None, days: int | None) -> date:
    if months:
        return _add_months(anchor, index * months)
    return anchor + timedelta(days=index * (days or 30))


def cycle_at(anchor: date, on: date, *, months: int | None, days: int | None) -> Cycle:
    """The billing cycle that contains the local day ``on`` (the first one before it)."""
    if on <= anchor:
        index = 0
    elif months:
        index = ((on.year - anchor.year) * 12 + on.month - anchor.month) // months
        while index > 0 and _cycle_start(anchor, index, months, days) > on:
            index -= 1
        while _cycle_start(anchor, index + 1, months, days) <= on:
            index += 1
    else:
        index = (on - anchor).days // (days or 30)
    return Cycle(
        start=_cycle_start(anchor, index, months, days),
        end=_cycle_start(anchor, index + 1, months, days),
        index=index,
    )


def period_suffix(product: Product) -> str:
    months = product.billing_months
    if months:
        return {1: "/mês", 3: "/trimestre", 6: "/semestre", 12: "/ano"}.get(
            months, f"/{months} meses"
        )
    if product.billing_period_days:
        return f"/{product.billing_period_days} dias"
    return ""


@dataclass(frozen=True)
class Plan:
    """A live plan access with its product, in the team's timezone."""

    entitlement: Entitlement
    product: Product
    tz: ZoneInfo

    @property
    def anchor(self) -> date:
        return self.entitlement.starts_at.astimezone(self.tz).date()

    def cycle_on(self, day: date) -> Cycle:
        return cycle_at(
            self.anchor,
            day,
            months=self.product.billing_months,
            days=self.product.billing_period_days,
        )

    def cycle_of(self, at: datetime) -> Cycle:
        return self.cycle_on(at.astimezone(self.tz).date())

    def bounds(self, cycle: Cycle) -> tuple[datetime, datetime]:
        """UTC instants [start, end) of a cycle."""
        return day_start(cycle.start, self.tz), day_start(cycle.end, self.tz)

    def next_due(self, cycle: Cycle) -> date:
        """End of the cycle, or the access's expiry if that comes first."""
        due = cycle.last
        if self.entitlement.ends_at is not None:
            due = min(due, last_day(self.entitlement.ends_at, self.tz))
        return due


def is_plan_product(product: Product) -> bool:
    return product.sessions_per_cycle is not None and product.sessions_per_cycle > 0


def current_plan(
    session: Session, *, team_id: int, client_id: int, tz: ZoneInfo, now: datetime
) -> Plan | None:
    """The client's live plan (Ativo or Período de carência), the oldest if several."""
    rows = session.execute(
        select(Entitlement, Product)
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(
            col(Entitlement.team_id) == team_id,
            col(Entitlement.client_id) == client_id,
            col(Entitlement.closed_at).is_(None),
            col(Product.sessions_per_cycle) > 0,
        )
        .order_by(col(Entitlement.starts_at), col(Entitlement.id))
    ).all()
    for ent, product in rows:
        if status_of(ent, now) in LIVE_PLAN:
            return Plan(entitlement=ent, product=product, tz=tz)
    return None


def plan_for_session_type(
    session: Session,
    *,
    team_id: int,
    client_id: int,
    session_type_id: int,
    tz: ZoneInfo,
    now: datetime,
) -> Plan | None:
    """The live plan whose sessions a booking of this session type consumes, if any."""
    rows = session.execute(
        select(Entitlement, Product)
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .join(
            SessionTypeProduct,
            and_(
                col(SessionTypeProduct.product_id) == col(Product.id),
                col(SessionTypeProduct.session_type_id) == session_type_id,
            ),
        )
        .where(
            col(Entitlement.team_id) == team_id,
            col(Entitlement.client_id) == client_id,
            col(Entitlement.closed_at).is_(None),
            col(Product.sessions_per_cycle) > 0,
        )
        .order_by(col(Entitlement.starts_at), col(Entitlement.id))
    ).all()
    for ent, product in rows:
        if status_of(ent, now) in LIVE_PLAN:
            return Plan(entitlement=ent, product=product, tz=tz)
    return None


def counted_condition():
    """SQL: the booking counts as a session used."""
    return (col(Booking.status).in_([BookingStatus.PRESENT, BookingStatus.ABSENT])) | (
        (col(Booking.status) == BookingStatus.CANCELLED)
        & (col(Booking.cancel_kind) == CancelKind.LATE)
    )


def is_counted(booking: Booking) -> bool:
    if booking.is_makeup:
        return False
    if booking.status in (BookingStatus.PRESENT, BookingStatus.ABSENT):
        return True
    return booking.status == BookingStatus.CANCELLED and booking.cancel_kind == CancelKind.LATE


def usage(
    session: Session, plan: Plan, cycle: Cycle, *, exclude_booking_id: int | None = None
) -> tuple[int, int]:
    """(sessions used, sessions still scheduled) of the plan in one cycle: one statement."""
    start, end = plan.bounds(cycle)
    query = select(
        func.coalesce(func.sum(case((counted_condition(), 1), else_=0)), 0),
        func.coalesce(
            func.sum(case((col(Booking.status) == BookingStatus.SCHEDULED, 1), else_=0)), 0
        ),
    ).where(
        col(Booking.entitlement_id) == plan.entitlement.id,
        col(Booking.is_makeup).is_(False),
        col(Booking.starts_at) >= start,
        col(Booking.starts_at) < end,
    )
    if exclude_booking_id is not None:
        query = query.where(col(Booking.id) != exclude_booking_id)
    used, scheduled = session.execute(query).one()
    return int(used), int(scheduled)


@dataclass(frozen=True)
class PlanCard:
    """Exactly what the plan card says, on the portal and on the client page."""

    title: str  # "Personal 3x — R$ 480/mês"
    product_name: str
    price_label: str  # "R$ 480/mês"
    used: int
    total: int
    scheduled: int
    used_label: str  # "Sessões usadas: 8 de 12"
    scheduled_label: str  # "3 agendadas"
    credits: int
    credits_label: str  # "Créditos de reposição: 1 disponível"
    next_due: str  # "31/03"
    next_due_label: str  # "Próximo vencimento: 31/03"
    cycle_label: str  # "Ciclo atual: 01/03/2026 a 31/03/2026"
    status: str
    status_label: str


def scheduled_phrase(n: int) -> str:
    if n <= 0:
        return "nenhuma agendada"
    return "1 agendada" if n == 1 else f"{n} agendadas"


def credits_phrase(n: int) -> str:
    if n <= 0:
        return "Créditos de reposição: nenhum disponível"
    return f"Créditos de reposição: {n} disponíve{'l' if n == 1 else 'is'}"


def plan_card(session: Session, plan: Plan, *, credits: int, now: datetime) -> PlanCard:
    cycle = plan.cycle_of(now)
    used, scheduled = usage(session, plan, cycle)
    total = plan.product.sessions_per_cycle or 0
    price = fmt_money_short(plan.product.price_cents, plan.product.currency) + period_suffix(
        plan.product
    )
    due = fmt_day_month(plan.next_due(cycle))
    status = status_of(plan.entitlement, now)
    return PlanCard(
        title=f"{plan.product.name} — {price}",
        product_name=plan.product.name,
        price_label=price,
        used=used,
        total=total,
        scheduled=scheduled,
        used_label=f"Sessões usadas: {used} de {total}",
        scheduled_label=scheduled_phrase(scheduled),
        credits=credits,
        credits_label=credits_phrase(credits),
        next_due=due,
        next_due_label=f"Próximo vencimento: {due}",
        cycle_label=f"Ciclo atual: {fmt_date(cycle.start)} a {fmt_date(cycle.last)}",
        status=status.value,
        status_label=STATUS_LABELS[status],
    )


def plan_of_entitlement(session: Session, entitlement_id: int | None, tz: ZoneInfo) -> Plan | None:
    if entitlement_id is None:
        return None
    row = session.execute(
        select(Entitlement, Product)
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(col(Entitlement.id) == entitlement_id)
    ).first()
    return Plan(entitlement=row[0], product=row[1], tz=tz) if row else None

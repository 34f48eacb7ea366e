"""Client access to products ("Gerenciar Acesso a Produtos"): what the access modal and the
portal show, and grant, extend, revoke. The status rules live in ``access_status``, the
history in ``access_history``, the grace and expiry sweep in ``access_sweep``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from treinico.models import Entitlement, EntitlementEventType, Product, Team, User
from treinico.services.access.history import SYSTEM_ACTOR, record_event
from treinico.services.access.scope import actor_client, actor_entitlement, team_for
from treinico.services.access.status import (
    CURRENT,
    STATUS_LABELS,
    Status,
    day_start,
    end_of_day,
    grace_end,
    last_day,
    status_of,
    time_left,
)
from treinico.services.access.sweep import close_if_expired
from treinico.services.actor import Actor
from treinico.services.errors import Conflict, Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.permissions import Perm

MAX_NOTE = 500


@dataclass(frozen=True)
class EntitlementRow:
    id: int
    product_id: int
    product_name: str
    product_icon: str
    status: str
    status_label: str
    time_left: str
    starts_on: str  # dd/mm/aaaa
    ends_on: str  # dd/mm/aaaa, or "Vitalício"
    ends_on_iso: str  # last day covered, ISO (empty for lifetime)
    can_extend: bool


@dataclass(frozen=True)
class ProductOption:
    id: int
    name: str
    icon: str


@dataclass(frozen=True)
class AccessOverview:
    """What the access modal shows when it opens."""

    client_name: str
    rows: list[EntitlementRow]
    eligible: list[ProductOption]
    today_iso: str  # today in the team's timezone, the default start of a grant


def _row(e: Entitlement, product: Product, now: datetime, tz: ZoneInfo) -> EntitlementRow:
    status = status_of(e, now)
    return EntitlementRow(
        id=e.id or 0,
        product_id=product.id or 0,
        product_name=product.name,
        product_icon=product.icon,
        status=status.value,
        status_label=STATUS_LABELS[status],
        time_left=time_left(e, status, now, tz),
        starts_on=fmt_date(e.starts_at.astimezone(tz).date()),
        ends_on=fmt_date(last_day(e.ends_at, tz)) if e.ends_at else "Vitalício",
        ends_on_iso=last_day(e.ends_at, tz).isoformat() if e.ends_at else "",
        can_extend=e.ends_at is not None and status in (Status.ACTIVE, Status.GRACE),
    )


# ---------------------------------------------------------------- reads


def _open_rows(session: Session, team_id: int, client_id: int) -> list[tuple[Entitlement, Product]]:
    rows = session.execute(
        select(Entitlement, Product)
        .join(Product, col(Product.id) == col(Entitlement.product_id))
        .where(
            col(Entitlement.team_id) == team_id,
            col(Entitlement.client_id) == client_id,
            col(Entitlement.closed_at).is_(None),
        )
        .order_by(col(Product.name), col(Entitlement.id))
    ).all()
    return [(e, p) for e, p in rows]


def list_entitlements(
    *, session: Session, actor: Actor, client_id: int, now: datetime
) -> list[EntitlementRow]:
    """The client's current accesses (scheduled, active, in grace), by product name."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    actor_client(session, actor, client_id)
    tz = ZoneInfo(team.timezone)
    rows = [_row(e, p, now, tz) for e, p in _open_rows(session, team.id or 0, client_id)]
    return [r for r in rows if r.status in CURRENT]


def access_overview(
    *, session: Session, actor: Actor, client_id: int, now: datetime
) -> AccessOverview:
    """The client's current accesses and the products still available to grant."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    client = actor_client(session, actor, client_id)
    tz = ZoneInfo(team.timezone)
    open_rows = _open_rows(session, team.id or 0, client_id)
    rows = [r for r in (_row(e, p, now, tz) for e, p in open_rows) if r.status in CURRENT]
    taken = {r.product_id for r in rows}
    return AccessOverview(
        client_name=client.name,
        rows=rows,
        eligible=[p for p in _active_products(session, actor.team_id) if p.id not in taken],
        today_iso=now.astimezone(tz).date().isoformat(),
    )


def _active_products(session: Session, team_id: int) -> list[ProductOption]:
    products = session.execute(
        select(Product)
        .where(col(Product.team_id) == team_id, col(Product.active), ~col(Product.archived))
        .order_by(col(Product.name))
    ).scalars()
    return [ProductOption(id=p.id or 0, name=p.name, icon=p.icon) for p in products]


def client_accesses(
    *, session: Session, team_id: int, client_id: int, now: datetime
) -> list[EntitlementRow]:
    """A client's current accesses as the client portal shows them.

    The caller has already established that ``client_id`` is the logged-in client of
    ``team_id``. With the Commerce module off, nothing is shown.
    """
    team = session.get(Team, team_id)
    if team is None or not team.commerce_enabled:
        return []
    tz = ZoneInfo(team.timezone)
    rows = [_row(e, p, now, tz) for e, p in _open_rows(session, team_id, client_id)]
    return [r for r in rows if r.status in CURRENT]


def eligible_products(
    *, session: Session, actor: Actor, client_id: int, now: datetime
) -> list[ProductOption]:
    """Active products of the team the client has no current access to."""
    team = team_for(session, actor, Perm.ENTITLEMENTS_READ)
    actor_client(session, actor, client_id)
    taken = {
        e.product_id
        for e, _p in _open_rows(session, team.id or 0, client_id)
        if status_of(e, now) in CURRENT
    }
    products = session.execute(
        select(Product)
        .where(
            col(Product.team_id) == actor.team_id,
            col(Product.active),
            ~col(Product.archived),
        )
        .order_by(col(Product.name))
    ).scalars()
    return [
        ProductOption(id=p.id or 0, name=p.name, icon=p.icon) for p in products if p.id not in taken
    ]


# ---------------------------------------------------------------- writes


def grant_entitlement(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    product_id: int,
    starts_on: date | None,
    ends_on: date | None,
    now: datetime,
    batch_id: int | None = None,
) -> EntitlementRow:
    """Give the client access to a product from ``starts_on`` (default today) through
    ``ends_on`` (inclusive; None = lifetime).

    Raises:
        Forbidden: no commerce.entitlements.write, or the Commerce module is off.
        NotFound: client or product not in the actor's team.
        Invalid: inactive product or impossible dates (``fields`` name the field).
        Conflict: the client already has current access to the product (also when two
            grants race: the partial unique index decides).
    """
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    client = actor_client(session, actor, client_id)
    product = session.execute(
        select(Product).where(col(Product.id) == product_id, col(Product.team_id) == actor.team_id)
    ).scalar_one_or_none()
    if product is None:
        raise NotFound("Produto não encontrado.", field="product")
    if not product.active or product.archived:
        raise Invalid("Este produto está desativado.", field="product")
    today = now.astimezone(tz).date()
    start_day = starts_on or today
    errors: dict[str, str] = {}
    if start_day < today - timedelta(days=366):
        errors["starts_on"] = "Data de início muito antiga."
    if ends_on is not None:
        if ends_on < start_day:
            errors["ends_on"] = "A expiração não pode ser antes do início."
        elif ends_on < today:
            errors["ends_on"] = "A expiração não pode estar no passado."
    if errors:
        raise Invalid("Confira as datas.", fields=errors)
    conflict = Conflict(f"{client.name} já tem acesso a {product.name}.", field="product")
    for existing, _p in _open_rows(session, actor.team_id, client_id):
        if existing.product_id == product.id and not close_if_expired(session, existing, now):
            raise conflict
    starts_at = day_start(start_day, tz)
    if start_day == today:
        starts_at = min(starts_at, now)
    ends_at = end_of_day(ends_on, tz) if ends_on else None
    entitlement = Entitlement(
        team_id=actor.team_id,
        client_id=client_id,
        product_id=product.id or 0,
        starts_at=starts_at,
        ends_at=ends_at,
        grace_ends_at=grace_end(ends_at, product.grace_days),
        grace_days=product.grace_days,
        granted_by_user_id=actor.user_id,
        granted_at=now,
    )
    session.add(entitlement)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise conflict from None
    record_event(
        session,
        entitlement,
        EntitlementEventType.GRANTED,
        actor,
        now,
        new_ends_at=ends_at,
        batch_id=batch_id,
    )
    return _row(entitlement, product, now, tz)


def extend_entitlement(
    *, session: Session, actor: Actor, entitlement_id: int, new_ends_on: date, now: datetime
) -> EntitlementRow:
    """Move the expiry of an active or in-grace access to the end of ``new_ends_on``.

    Renewing during grace returns the access to Ativo with no gap. Replaying the same
    extension changes nothing and records nothing.
    """
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    e = actor_entitlement(session, actor, entitlement_id)
    product = session.get(Product, e.product_id)
    assert product is not None
    new_end = end_of_day(new_ends_on, tz)
    if e.ends_at is not None and new_end == e.ends_at:
        return _row(e, product, now, tz)  # replay of the same extension
    _check_extendable(session, e, now, tz)
    assert e.ends_at is not None
    if new_end <= e.ends_at:
        raise Invalid(
            f"Escolha uma data depois da expiração atual ({fmt_date(last_day(e.ends_at, tz))}).",
            field="ends_on",
        )
    if new_ends_on < now.astimezone(tz).date():
        raise Invalid("A nova data não pode estar no passado.", field="ends_on")
    old_end = e.ends_at
    result = session.execute(
        update(Entitlement)
        .where(
            col(Entitlement.id) == e.id,
            col(Entitlement.ends_at) == old_end,
            col(Entitlement.revoked_at).is_(None),
            col(Entitlement.closed_at).is_(None),
        )
        .values(ends_at=new_end, grace_ends_at=grace_end(new_end, e.grace_days))
        .execution_options(synchronize_session=False)
    )
    session.refresh(e)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if e.ends_at == new_end and e.revoked_at is None:
            return _row(e, product, now, tz)  # a concurrent identical extension won
        _check_extendable(session, e, now, tz)
        raise Conflict("Este acesso mudou enquanto você editava. Atualize e tente de novo.")
    record_event(
        session,
        e,
        EntitlementEventType.EXTENDED,
        actor,
        now,
        old_ends_at=old_end,
        new_ends_at=new_end,
    )
    return _row(e, product, now, tz)


def _revoked_message(session: Session, e: Entitlement, tz: ZoneInfo) -> str:
    who = session.get(User, e.revoked_by_user_id) if e.revoked_by_user_id else None
    name = who.name if who else SYSTEM_ACTOR
    return f"Este acesso já foi revogado por {name} em {fmt_datetime(e.revoked_at, tz.key)}."


def _check_extendable(session: Session, e: Entitlement, now: datetime, tz: ZoneInfo) -> None:
    status = status_of(e, now)
    if status == Status.REVOKED:
        raise Conflict(_revoked_message(session, e, tz) + " Não é possível estendê-lo.")
    if e.ends_at is None:
        raise Invalid("Acessos vitalícios não precisam ser estendidos.", field="ends_on")
    if status == Status.EXPIRED:
        raise Conflict("Este acesso já expirou. Conceda um novo acesso ao produto.")
    if status == Status.SCHEDULED:
        raise Invalid("Este acesso ainda não começou.", field="ends_on")


def revoke_entitlement(
    *,
    session: Session,
    actor: Actor,
    entitlement_id: int,
    note: str = "",
    now: datetime,
    batch_id: int | None = None,
) -> None:
    """End an access immediately and for good (a new grant is the way back).

    The reason "Revogado por <nome> em <data hora>" is recorded automatically, followed by
    the optional note. Of two concurrent revokes exactly one takes effect; the other gets
    "Este acesso já foi revogado por <nome> em <data hora>".
    """
    team = team_for(session, actor, Perm.ENTITLEMENTS_WRITE)
    tz = ZoneInfo(team.timezone)
    e = actor_entitlement(session, actor, entitlement_id)
    note_text = " ".join((note or "").split())[:MAX_NOTE]
    reason = f"Revogado por {actor.name} em {fmt_datetime(now, team.timezone)}"
    if note_text:
        reason += f". Motivo: {note_text}"
    result = session.execute(
        update(Entitlement)
        .where(
            col(Entitlement.id) == e.id,
            col(Entitlement.revoked_at).is_(None),
            col(Entitlement.closed_at).is_(None),
        )
        .values(
            revoked_at=now, revoked_by_user_id=actor.user_id, revoke_reason=reason, closed_at=now
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(e)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if e.revoked_at is not None:
            raise Conflict(_revoked_message(session, e, tz))
        raise Conflict("Este acesso já expirou e não está mais ativo.")
    record_event(
        session,
        e,
        EntitlementEventType.REVOKED,
        actor,
        now,
        old_ends_at=e.ends_at,
        reason=reason,
        batch_id=batch_id,
    )
    # Revoking a plan expires its make-up credits in the same transaction. (Imported here:
    # credits builds on plans, which builds on this module.)
    from treinico.services.agenda.credits import expire_for_entitlement

    expire_for_entitlement(
        session, entitlement=e, reason="Plano revogado", actor_name=actor.name, now=now
    )

"""The team's products (plans, packages, services)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from treinico.models import Product, ProductKind
from treinico.services.actor import Actor
from treinico.services.errors import Conflict, Invalid
from treinico.services.formatting import fmt_money
from treinico.services.permissions import Perm
from treinico.services.text import clean, slugify


@dataclass(frozen=True)
class ProductView:
    id: int
    key: str
    name: str
    description: str
    icon: str
    kind: str
    price: str
    grace_days: int
    billing_period_days: int | None
    sessions_per_cycle: int | None
    active: bool


def _view(p: Product) -> ProductView:
    return ProductView(
        id=p.id or 0,
        key=p.key,
        name=p.name,
        description=p.description,
        icon=p.icon,
        kind=p.kind,
        price=fmt_money(p.price_cents, p.currency),
        grace_days=p.grace_days,
        billing_period_days=p.billing_period_days,
        sessions_per_cycle=p.sessions_per_cycle,
        active=p.active and not p.archived,
    )


def list_products(*, session: Session, actor: Actor) -> list[ProductView]:
    actor.require(Perm.ENTITLEMENTS_READ)
    rows = session.exec(
        select(Product)
        .where(Product.team_id == actor.team_id, ~col(Product.archived))
        .order_by(Product.name)
    ).all()
    return [_view(p) for p in rows]


def create_product(
    *,
    session: Session,
    team_id: int,
    name: str,
    kind: str = ProductKind.SUBSCRIPTION,
    price_cents: int = 0,
    description: str = "",
    icon: str = "package",
    key: str | None = None,
    grace_days: int = 0,
    billing_period_days: int | None = None,
    billing_months: int | None = None,
    sessions_per_cycle: int | None = None,
) -> ProductView:
    """Create a product for a team (used by the seed and, later, the Commerce area)."""
    product_name = clean(name, max_len=120)
    if not product_name:
        raise Invalid("Informe o nome do produto.", field="name")
    if kind not in {k.value for k in ProductKind}:
        raise Invalid("Tipo de produto inválido.", field="kind")
    if price_cents < 0 or grace_days < 0:
        raise Invalid("Valores não podem ser negativos.", field="price")
    product_key = slugify(key or product_name)
    exists = session.exec(
        select(Product.id).where(Product.team_id == team_id, Product.key == product_key)
    ).first()
    if exists is not None:
        raise Conflict("Já existe um produto com esta chave.", field="key")
    product = Product(
        team_id=team_id,
        key=product_key,
        name=product_name,
        description=description,
        icon=icon,
        kind=kind,
        price_cents=price_cents,
        grace_days=grace_days,
        billing_period_days=billing_period_days,
        billing_months=billing_months,
        sessions_per_cycle=sessions_per_cycle,
    )
    session.add(product)
    session.flush()
    return _view(product)

"""The team's products (plans, packages, services): the Commerce area's catalogue.

Products are never deleted (accesses and their history point at them): they are archived and
can be reactivated. The key is chosen once, from the name, and never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from treinico.models import Product, ProductKind
from treinico.services.access.scope import team_for
from treinico.services.actor import Actor
from treinico.services.errors import Conflict, Invalid, NotFound
from treinico.services.formatting import fmt_money
from treinico.services.permissions import Perm
from treinico.services.text import clean, slugify

KIND_LABELS = {
    ProductKind.SUBSCRIPTION.value: "Plano",
    ProductKind.PACKAGE.value: "Pacote",
    ProductKind.SERVICE.value: "Serviço",
    ProductKind.PROGRAM.value: "Programa",
}
# The form's billing choices -> calendar months per cycle (None = no recurrence).
BILLING_CHOICES = {"mensal": 1, "trimestral": 3, "sem_recorrencia": None}
BILLING_LABELS = {
    "mensal": "Mensal",
    "trimestral": "Trimestral",
    "sem_recorrencia": "Sem recorrência",
}
# A period the form does not offer ("a cada 90 dias") is kept as it is when editing.
KEEP_BILLING = ("dias", "meses")
MAX_PRICE_CENTS = 100_000_00
_PRICE = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")


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
    kind_label: str = ""
    billing: str = ""  # mensal | trimestral | sem_recorrencia | dias
    billing_label: str = ""  # "Mensal", "Trimestral", "A cada 90 dias", "Sem recorrência"
    price_input: str = ""  # "480,00", what the edit form starts with
    price_cents: int = 0


def billing_of(p: Product) -> tuple[str, str]:
    if p.billing_months == 1:
        return "mensal", "Mensal"
    if p.billing_months == 3:
        return "trimestral", "Trimestral"
    if p.billing_months:
        return "meses", f"A cada {p.billing_months} meses"
    if p.billing_period_days:
        return "dias", f"A cada {p.billing_period_days} dias"
    return "sem_recorrencia", "Sem recorrência"


def _view(p: Product) -> ProductView:
    billing, billing_label = billing_of(p)
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
        kind_label=KIND_LABELS.get(p.kind, p.kind),
        billing=billing,
        billing_label=billing_label,
        price_input=fmt_money(p.price_cents, p.currency).replace("R$", "").strip(),
        price_cents=p.price_cents,
    )


def parse_price(raw: object) -> int:
    """ "480", "480,00", "1.290,50", "R$ 480,00" -> cents. Raises Invalid (field ``price``)."""
    text = str(raw or "").replace("R$", "").replace(" ", "").replace("\xa0", "").strip()
    if not text:
        raise Invalid("Informe o preço (use 0 para gratuito).", field="price")
    if not _PRICE.match(text):
        raise Invalid("Preço inválido. Use o formato 480,00.", field="price")
    whole, _, cents = text.replace(".", "").partition(",")
    value = int(whole) * 100 + int((cents + "00")[:2])
    if value > MAX_PRICE_CENTS:
        raise Invalid("Preço alto demais.", field="price")
    return value


def _int_field(raw: object, field: str, label: str, *, low: int, high: int) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise Invalid(f"{label}: use um número inteiro.", field=field) from None
    if not low <= value <= high:
        raise Invalid(f"{label}: entre {low} e {high}.", field=field)
    return value


def _product(session: Session, actor: Actor, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None or product.team_id != actor.team_id:
        raise NotFound("Produto não encontrado.")
    return product


def list_products(
    *, session: Session, actor: Actor, include_archived: bool = False
) -> list[ProductView]:
    team_for(session, actor, Perm.ENTITLEMENTS_READ)
    stmt = select(Product).where(Product.team_id == actor.team_id)
    if not include_archived:
        stmt = stmt.where(~col(Product.archived))
    rows = session.exec(stmt.order_by(col(Product.archived), Product.name)).all()
    return [_view(p) for p in rows]


def get_product(*, session: Session, actor: Actor, product_id: int) -> ProductView:
    team_for(session, actor, Perm.ENTITLEMENTS_READ)
    return _view(_product(session, actor, product_id))


@dataclass(frozen=True)
class ProductInput:
    name: str
    kind: str
    price_cents: int
    billing: str
    grace_days: int
    sessions_per_cycle: int | None
    description: str


def parse_product_form(form: dict[str, object]) -> ProductInput:
    """The product form as typed -> checked values. Raises Invalid with every bad field."""
    errors: dict[str, str] = {}
    name = clean(str(form.get("name") or ""), max_len=120)
    if not name:
        errors["name"] = "Informe o nome do produto."
    kind = str(form.get("kind") or ProductKind.SUBSCRIPTION.value)
    if kind not in KIND_LABELS:
        errors["kind"] = "Escolha o tipo."
    billing = str(form.get("billing") or "mensal")
    if billing not in BILLING_CHOICES and billing not in KEEP_BILLING:
        errors["billing"] = "Escolha a cobrança."
    values: dict[str, int | None] = {}
    for key, label, low, high in (
        ("grace_days", "Dias de carência", 0, 90),
        ("sessions_per_cycle", "Sessões por ciclo", 1, 100),
    ):
        try:
            values[key] = _int_field(form.get(key), key, label, low=low, high=high)
        except Invalid as exc:
            errors.update(exc.fields)
    price = 0
    try:
        price = parse_price(form.get("price"))
    except Invalid as exc:
        errors.update(exc.fields)
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    return ProductInput(
        name=name,
        kind=kind,
        price_cents=price,
        billing=billing,
        grace_days=values["grace_days"] or 0,
        sessions_per_cycle=values["sessions_per_cycle"],
        description=clean(str(form.get("description") or ""), max_len=500),
    )


def save_product(
    *, session: Session, actor: Actor, form: dict[str, object], product_id: int | None = None
) -> ProductView:
    """Create (``product_id`` None) or edit a product from the form. The key is set from the
    name on creation and never changes. Needs commerce.products.write."""
    team = team_for(session, actor, Perm.PRODUCTS_WRITE)
    data = parse_product_form(form)
    months = BILLING_CHOICES.get(data.billing)
    if product_id is None:
        if data.billing in KEEP_BILLING:
            raise Invalid("Escolha a cobrança.", field="billing")
        return create_product(
            session=session,
            team_id=team.id or 0,
            name=data.name,
            kind=data.kind,
            price_cents=data.price_cents,
            description=data.description,
            grace_days=data.grace_days,
            billing_months=months,
            sessions_per_cycle=data.sessions_per_cycle,
        )
    product = _product(session, actor, product_id)
    product.name = data.name
    product.kind = data.kind
    product.price_cents = data.price_cents
    product.description = data.description
    product.grace_days = data.grace_days
    product.sessions_per_cycle = data.sessions_per_cycle
    if data.billing not in KEEP_BILLING:
        product.billing_months = months
        product.billing_period_days = None
    session.add(product)
    session.flush()
    return _view(product)


def set_archived(*, session: Session, actor: Actor, product_id: int, archived: bool) -> ProductView:
    """Archive (no new accesses; current ones run to their end) or reactivate a product."""
    team_for(session, actor, Perm.PRODUCTS_WRITE)
    product = _product(session, actor, product_id)
    product.archived = archived
    product.active = not archived
    session.add(product)
    session.flush()
    return _view(product)


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
    """Create a product for a team (the seed, and the Commerce area through save_product)."""
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
        raise Conflict("Já existe um produto com este nome.", field="name")
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

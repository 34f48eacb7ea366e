"""Comércio > Produtos: the catalogue list, the product form and archive / reactivate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico import routes
from treinico.services.commerce.products import (
    BILLING_LABELS,
    KEEP_BILLING,
    KIND_LABELS,
    ProductView,
    get_product,
    list_products,
    save_product,
    set_archived,
)
from treinico.services.errors import NotFound
from treinico.state.session import SessionState, form_text, to_id
from treinico.state.shared.confirmation import Confirmation

FORM_FIELDS = (
    "name",
    "kind",
    "price",
    "billing",
    "grace_days",
    "sessions_per_cycle",
    "description",
)
KIND_OPTIONS = [{"value": k, "label": v} for k, v in KIND_LABELS.items()]
BILLING_OPTIONS = [{"value": k, "label": v} for k, v in BILLING_LABELS.items()]
BLANK_FORM = {
    "name": "",
    "kind": "subscription",
    "price": "",
    "billing": "mensal",
    "grace_days": "0",
    "sessions_per_cycle": "",
    "description": "",
}


def grace_text(days: int) -> str:
    if days <= 0:
        return "Sem carência"
    return f"{days} dia de carência" if days == 1 else f"{days} dias de carência"


def sessions_text(n: int | None) -> str:
    if not n:
        return ""
    return f"{n} sessão por ciclo" if n == 1 else f"{n} sessões por ciclo"


@dataclass(frozen=True)
class ProductRow:
    """A product on the catalogue and in its own page's header (``id`` 0: none read yet)."""

    id: int = 0
    key: str = ""
    name: str = ""
    description: str = ""
    kind_label: str = ""
    price: str = ""  # "R$ 480,00"
    billing_label: str = ""
    grace: str = ""  # "5 dias de carência"
    sessions: str = ""  # "12 sessões por ciclo", "" when not counted
    active: bool = False
    href: str = ""


def product_row(p: ProductView) -> ProductRow:
    return ProductRow(
        id=p.id,
        key=p.key,
        name=p.name,
        description=p.description,
        kind_label=p.kind_label,
        price=p.price,
        billing_label=p.billing_label,
        grace=grace_text(p.grace_days),
        sessions=sessions_text(p.sessions_per_cycle),
        active=p.active,
        href=routes.product_url(p.id),
    )


TABS = ("produtos", "vencendo")


class ProductsState(SessionState, Confirmation):
    tab: str = "produtos"  # produtos | vencendo (``?aba=vencendo`` opens the second)
    rows: list[ProductRow] = []
    show_archived: bool = False
    loading: bool = True
    forbidden: str = ""
    # the product form
    form_open: bool = False
    editing: bool = False
    form_key: int = 0
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    edit_key: str = ""
    kept_billing: str = ""  # "A cada 90 dias": a period the form does not offer, kept as is

    _product_id: int | None = None  # the product in the form (None: a new one)
    _kept_billing_value: str = ""

    @rx.event
    def load(self) -> Any:
        self.loading = True
        aba = self.router.url.query_parameters.get("aba")
        self.tab = aba if aba in TABS else "produtos"
        yield
        yield self._fetch()

    @rx.event
    def set_tab(self, value: Any) -> None:
        self.tab = value if value in TABS else "produtos"

    def _fetch(self) -> Any:
        archived = self.show_archived
        outcome = self._call(
            lambda s, a: list_products(session=s, actor=a, include_archived=archived)
        )
        self.loading = False
        if outcome.error is not None:
            self.rows = []
            self.forbidden = outcome.error.message
            return None
        self.forbidden = ""
        self.rows = [product_row(p) for p in outcome.value]
        return None

    @rx.event
    def toggle_archived(self, value: Any) -> Any:
        self.show_archived = bool(value)
        return self._fetch()

    # ------------------------------------------------------------ form

    @rx.event
    def open_create(self) -> None:
        self._product_id = None
        self._kept_billing_value = ""
        self.editing = False
        self.edit_key = ""
        self.kept_billing = ""
        self.values = dict(BLANK_FORM)
        self.errors = {}
        self.form_key += 1
        self.form_open = True

    @rx.event
    def open_edit(self, product_id: Any) -> Any:
        outcome = self._call(
            lambda s, a: get_product(session=s, actor=a, product_id=to_id(product_id))
        )
        if not outcome.ok:
            return outcome.failure()
        p: ProductView = outcome.value
        self._product_id = p.id
        keep = p.billing in KEEP_BILLING
        self._kept_billing_value = p.billing if keep else ""
        self.kept_billing = p.billing_label if keep else ""
        self.editing = True
        self.edit_key = p.key
        self.values = {
            "name": p.name,
            "kind": p.kind,
            "price": p.price_input,
            "billing": "manter" if keep else p.billing,
            "grace_days": str(p.grace_days),
            "sessions_per_cycle": str(p.sessions_per_cycle or ""),
            "description": p.description,
        }
        self.errors = {}
        self.form_key += 1
        self.form_open = True
        return None

    @rx.event
    def set_form_open(self, value: bool) -> None:
        if not self.saving:
            self.form_open = bool(value)

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Any:
        if self.saving:
            return
        typed = {f: form_text(form_data, f, 600) for f in FORM_FIELDS}
        # Keep what was typed: a refused save shows the form again with these values.
        self.values = typed
        form: dict[str, object] = dict(typed)
        if typed["billing"] == "manter" and self._kept_billing_value:
            form["billing"] = self._kept_billing_value
        self.errors = {}
        self.saving = True
        yield
        product_id = self._product_id
        outcome = self._call(
            lambda s, a: save_product(session=s, actor=a, form=form, product_id=product_id)
        )
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            return
        self.form_open = False
        name = outcome.value.name
        yield rx.toast.success(f"{name} salvo." if product_id else f"Produto {name} criado.")
        yield self._fetch()

    # ------------------------------------------------------------ archive / reactivate

    def _listed(self, product_id: Any) -> ProductRow | None:
        try:
            wanted = to_id(product_id)
        except NotFound:
            return None
        return next((r for r in self.rows if r.id == wanted), None)

    @rx.event
    def ask_archive(self, product_id: Any) -> Any:
        row = self._listed(product_id)
        if row is None:
            return rx.toast.error("Produto não encontrado.")
        self._ask(row.id, row.name)  # apart from the form's product
        return None

    @rx.event
    def confirm_archive(self) -> Any:
        key = self._confirmed()
        return None if key is None else self._set_archived(int(key), True)

    @rx.event
    def reactivate(self, product_id: Any) -> Any:
        row = self._listed(product_id)
        if row is None:
            return rx.toast.error("Produto não encontrado.")
        return self._set_archived(row.id, False)

    def _set_archived(self, product_id: int, archived: bool) -> Any:
        outcome = self._call(
            lambda s, a: set_archived(session=s, actor=a, product_id=product_id, archived=archived)
        )
        self.saving = False
        if not outcome.ok:
            return outcome.failure()
        name = outcome.value.name
        self._fetch()
        return rx.toast.success(f"{name} arquivado." if archived else f"{name} reativado.")

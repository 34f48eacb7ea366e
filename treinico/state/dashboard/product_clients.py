"""A product's page (/painel/comercio/[product_id]): its clients by status, the selection for
bulk changes, and the CSV of the filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico import routes
from treinico.services.commerce.product_clients import (
    FILTERS,
    ProductClientRow,
    export_csv,
    product_clients,
)
from treinico.services.commerce.products import get_product
from treinico.state.dashboard.products import ProductRow, product_row
from treinico.state.session import SessionState, to_id, utcnow

FILTER_OPTIONS = [{"value": k, "label": v} for k, v in FILTERS.items()]


@dataclass(frozen=True)
class ProductClientItem:
    """A client on a product's page, with their access to it."""

    client_id: int
    name: str
    status: str  # active | grace | scheduled | expired | revoked | none
    status_label: str
    ends_on: str  # dd/mm/aaaa, "Vitalício", or ""
    time_left: str
    href: str


def client_row(r: ProductClientRow) -> ProductClientItem:
    return ProductClientItem(
        client_id=r.client_id,
        name=r.client_name,
        status=r.status,
        status_label=r.status_label,
        ends_on=r.ends_on,
        time_left=r.time_left,
        href=routes.client_url(r.client_id),
    )


class ProductClientsState(SessionState):
    product: ProductRow = ProductRow()
    not_found: bool = False
    loading: bool = True
    rows: list[ProductClientItem] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    status: str = "current"
    query: str = ""
    # Selection: ids (as text) ticked by checkbox (kept across pages) or the whole filter.
    selected: list[str] = []
    all_filtered: bool = False

    _product_id: int | None = None

    def _id_from_url(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    @rx.event
    def load(self) -> Any:
        self.loading = True
        self.not_found = False
        self.product = ProductRow()
        self.rows = []
        self.status, self.query, self.page = "current", "", 1
        self.selected, self.all_filtered = [], False
        yield
        raw = self._id_from_url()
        outcome = self._call(lambda s, a: get_product(session=s, actor=a, product_id=to_id(raw)))
        if outcome.error is not None:
            self.loading = False
            self.not_found = True
            return
        self._product_id = outcome.value.id
        self.product = product_row(outcome.value)
        yield self._fetch()

    def _fetch(self) -> Any:
        product_id = self._product_id
        if product_id is None:
            return None
        status, query, page = self.status, self.query, self.page
        outcome = self._call(
            lambda s, a: product_clients(
                session=s,
                actor=a,
                product_id=product_id,
                now=utcnow(),
                status=status,
                query=query,
                page=page,
            )
        )
        self.loading = False
        if not outcome.ok:
            return outcome.failure()
        result = outcome.value
        self.rows = [client_row(r) for r in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        return None

    def _clear_selection(self) -> None:
        self.selected, self.all_filtered = [], False

    @rx.event
    def set_status(self, value: Any) -> Any:
        self.status = value if value in FILTERS else "current"
        self.page = 1
        self._clear_selection()
        return self._fetch()

    @rx.event
    def search(self, value: Any) -> Any:
        self.query = value[:60] if isinstance(value, str) else ""
        self.page = 1
        self._clear_selection()
        return self._fetch()

    @rx.event
    def next_page(self) -> Any:
        if self.page < self.pages:
            self.page += 1
        return self._fetch()

    @rx.event
    def previous_page(self) -> Any:
        if self.page > 1:
            self.page -= 1
        return self._fetch()

    # ------------------------------------------------------------ selection

    @rx.event
    def toggle(self, client_id: Any, checked: Any) -> None:
        """Tick or untick one client of the page shown (ids outside it are ignored)."""
        key = str(client_id)
        if not any(str(r.client_id) == key for r in self.rows):
            return
        self.all_filtered = False
        if checked and key not in self.selected:
            self.selected = [*self.selected, key]
        elif not checked:
            self.selected = [k for k in self.selected if k != key]

    @rx.event
    def toggle_page(self, checked: Any) -> None:
        page_ids = [str(r.client_id) for r in self.rows]
        self.all_filtered = False
        if checked:
            self.selected = [*self.selected, *[k for k in page_ids if k not in self.selected]]
        else:
            self.selected = [k for k in self.selected if k not in page_ids]

    @rx.event
    def select_all_filtered(self) -> None:
        if self.total > 0:
            self.all_filtered = True
            self.selected = [str(r.client_id) for r in self.rows]

    @rx.event
    def clear_selection(self) -> None:
        self._clear_selection()

    @rx.var
    def selected_count(self) -> int:
        return self.total if self.all_filtered else len(self.selected)

    @rx.var
    def page_all_selected(self) -> bool:
        ids = {str(r.client_id) for r in self.rows}
        return bool(ids) and (self.all_filtered or ids <= set(self.selected))

    # ------------------------------------------------------------ CSV

    @rx.event
    def download_csv(self) -> Any:
        product_id = self._product_id
        if product_id is None:
            return None
        status, query = self.status, self.query
        outcome = self._call(
            lambda s, a: export_csv(
                session=s, actor=a, product_id=product_id, now=utcnow(), status=status, query=query
            )
        )
        if not outcome.ok:
            return outcome.failure()
        text, filename = outcome.value
        return rx.download(data=text, filename=filename, mime_type="text/csv;charset=utf-8")

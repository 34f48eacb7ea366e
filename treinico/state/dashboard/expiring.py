"""Comércio > Vencendo em breve: accesses ending in the next 7 / 15 / 30 days, renewed by one
more period per row or in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico import routes
from treinico.services.commerce.renewals import (
    DEFAULT_WINDOW,
    EXPIRING_WINDOWS,
    ExpiringRow,
    RenewResult,
    expiring_soon,
    renew,
    renew_many,
)
from treinico.services.errors import NotFound
from treinico.state.dashboard.nav import NavState
from treinico.state.session import SessionState, to_id, utcnow


@dataclass(frozen=True)
class RenewableRow:
    """An access ending soon (``id`` is the entitlement's)."""

    id: int
    name: str
    href: str
    product: str
    product_href: str
    ends_on: str  # dd/mm/aaaa
    ends_on_iso: str  # what a renewal expects
    time_left: str
    renew_to: str  # "" when the product has no period
    today: bool  # ends today


def expiring_row(r: ExpiringRow) -> RenewableRow:
    return RenewableRow(
        id=r.entitlement_id,
        name=r.client_name,
        href=routes.client_url(r.client_id),
        product=r.product_name,
        product_href=routes.product_url(r.product_id),
        ends_on=r.ends_on,
        ends_on_iso=r.ends_on_iso,
        time_left=r.time_left,
        renew_to=r.renew_to,
        today=r.time_left == "Expira hoje",
    )


class ExpiringState(SessionState):
    days: str = str(DEFAULT_WINDOW)
    rows: list[RenewableRow] = []
    loading: bool = True
    forbidden: str = ""
    selected: list[str] = []  # the rows' ids, as text
    renewing: str = ""  # the row being renewed (its id as text; "" none, "*" the bulk button)
    results: list[RenewResult] = []  # the last "Renovar selecionados"

    @rx.event
    def load(self) -> Any:
        self.loading = True
        self.results = []
        yield
        yield self._fetch()

    def _fetch(self) -> Any:
        days = int(self.days)
        outcome = self._call(
            lambda s, a: expiring_soon(session=s, actor=a, now=utcnow(), days=days)
        )
        self.loading = False
        if outcome.error is not None:
            self.rows, self.forbidden = [], outcome.error.message
            return None
        self.forbidden = ""
        self.rows = [expiring_row(r) for r in outcome.value]
        listed = {str(r.id) for r in self.rows}
        self.selected = [k for k in self.selected if k in listed]
        return None

    @rx.event
    def set_days(self, value: Any) -> Any:
        if str(value) not in {str(d) for d in EXPIRING_WINDOWS}:
            return None
        self.days = str(value)
        self.results = []
        return self._fetch()

    def _row(self, entitlement_id: Any) -> RenewableRow | None:
        try:
            wanted = to_id(entitlement_id)
        except NotFound:
            return None
        return next((r for r in self.rows if r.id == wanted), None)

    @rx.event
    def toggle(self, entitlement_id: Any, checked: Any) -> None:
        row = self._row(entitlement_id)
        if row is None or not row.renew_to:
            return
        key = str(row.id)
        if checked and key not in self.selected:
            self.selected = [*self.selected, key]
        elif not checked:
            self.selected = [k for k in self.selected if k != key]

    @rx.event
    def toggle_all(self, checked: Any) -> None:
        self.selected = [str(r.id) for r in self.rows if r.renew_to] if checked else []

    @rx.var
    def renewable_count(self) -> int:
        return sum(1 for r in self.rows if r.renew_to)

    @rx.event
    def renew(self, entitlement_id: Any) -> Any:
        """ "Renovar por mais um período" on one row (the expiry the page showed goes with
        it, so a second click renews nothing twice)."""
        row = self._row(entitlement_id)
        if row is None:
            return rx.toast.error("Acesso não encontrado. Atualize a lista.")
        if self.renewing:
            return None
        self.renewing = str(row.id)
        yield
        eid, expected = row.id, row.ends_on_iso
        outcome = self._call(
            lambda s, a: renew(
                session=s, actor=a, entitlement_id=eid, expected_ends_on=expected, now=utcnow()
            )
        )
        self.renewing = ""
        if outcome.error is not None:
            yield outcome.failure()
            yield self._fetch()
            return
        self.selected = [k for k in self.selected if k != str(row.id)]
        self._fetch()
        yield rx.toast.success(f"Acesso de {row.name} renovado até {outcome.value}.")
        yield NavState.refresh_nav  # the badge beside Comércio

    @rx.event
    def renew_selected(self) -> Any:
        items = [(r.id, r.ends_on_iso) for r in self.rows if str(r.id) in self.selected]
        if not items:
            return rx.toast.error("Selecione ao menos um acesso.")
        if self.renewing:
            return None
        self.renewing = "*"
        yield
        outcome = self._call(lambda s, a: renew_many(session=s, actor=a, items=items, now=utcnow()))
        self.renewing = ""
        if outcome.error is not None:
            yield outcome.failure()
            return
        self.results = list(outcome.value)
        ok = sum(1 for r in outcome.value if r.ok)
        self.selected = []
        self._fetch()
        if ok == len(outcome.value):
            yield rx.toast.success(f"{ok} acesso(s) renovado(s).")
        else:
            yield rx.toast.warning(
                f"{ok} de {len(outcome.value)} acesso(s) renovado(s). Veja os detalhes."
            )
        yield NavState.refresh_nav  # the badge beside Comércio

    @rx.event
    def dismiss_results(self) -> None:
        self.results = []

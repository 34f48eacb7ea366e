"""The "Gerenciar Acesso a Produtos" modal: list, grant, extend, revoke, history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx

from treinico.services.access.entitlements import (
    AccessOverview,
    ProductOption,
    access_overview,
    extend_entitlement,
    grant_entitlement,
    revoke_entitlement,
)
from treinico.services.access.history import HistoryRow, list_history
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import parse_date
from treinico.state.session import SessionState, form_text, to_id, utcnow


@dataclass(frozen=True)
class AccessRow:
    """One access of the client, as the modal (and the portal's summary) draws it."""

    id: int
    product: str
    icon: str
    status: str
    status_label: str
    time_left: str
    ends_on: str  # dd/mm/aaaa, or "Vitalício"
    ends_on_iso: str  # the earliest new end of an extension
    can_extend: bool


def _maybe_id(raw: Any) -> int | None:
    """An id sent by the page, or None when it is not one (nothing listed has it)."""
    try:
        return to_id(raw)
    except NotFound:
        return None


def _date_field(form_data: Any, key: str) -> date | None:
    try:
        return parse_date(form_text(form_data, key, 10))
    except (ValueError, TypeError):
        raise Invalid("Data inválida.", field=key) from None


class AccessState(SessionState):
    open: bool = False
    view: str = "list"  # list | grant | extend | history
    saving: bool = False
    client_name: str = ""
    rows: list[AccessRow] = []
    products: list[ProductOption] = []
    errors: dict[str, str] = {}
    form_key: int = 0
    today_iso: str = ""
    # extend
    extend_product: str = ""
    extend_current: str = ""
    extend_min: str = ""
    # revoke
    revoke_open: bool = False
    revoke_product: str = ""
    # history
    history: list[HistoryRow] = []
    history_page: int = 1
    history_pages: int = 1
    history_total: int = 0

    _client_id: int | None = None
    _entitlement_id: int | None = None

    def _apply(self, overview: AccessOverview) -> None:
        self.client_name = overview.client_name
        self.rows = [
            AccessRow(
                id=r.id,
                product=r.product_name,
                icon=r.product_icon,
                status=r.status,
                status_label=r.status_label,
                time_left=r.time_left,
                ends_on=r.ends_on,
                ends_on_iso=r.ends_on_iso,
                can_extend=r.can_extend,
            )
            for r in overview.rows
        ]
        self.products = list(overview.eligible)
        self.today_iso = overview.today_iso

    def _reload(self) -> Any:
        client_id = self._client_id
        if client_id is None:
            return None
        outcome = self._call(
            lambda s, a: access_overview(session=s, actor=a, client_id=client_id, now=utcnow())
        )
        if not outcome.ok:
            self.open = False
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _after_write(self, outcome: Any, success: Callable[[Any], str]) -> Iterator[Any]:
        """Events after a grant or an extension: field errors stay on the form; an error
        with no field (the access changed under us) goes back to the list as it now is."""
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            if not outcome.error.fields:
                self.view = "list"
                yield self._reload()
            return
        self.view = "list"
        yield self._reload()
        yield rx.toast.success(success(outcome.value))

    @rx.event
    def open_for(self, client_id: Any) -> Any:
        try:
            self._client_id = to_id(client_id)
        except Exception:  # noqa: BLE001  (a bad id from the browser: nothing to open)
            return rx.toast.error("Cliente não encontrado.")
        self.view = "list"
        self.rows, self.products, self.client_name = [], [], ""
        self.errors = {}
        self.open = True
        # Opened with its rows in one answer: the read takes a few ms, less than a "loading"
        # frame would stay on screen, and a second delta would double the round trips.
        return self._reload()

    @rx.event
    def set_open(self, value: bool) -> None:
        if not self.saving:
            self.open = bool(value)

    @rx.event
    def back(self) -> None:
        self.view = "list"
        self.errors = {}

    @rx.event
    def show_grant(self) -> None:
        self.errors = {}
        self.form_key += 1
        self.view = "grant"

    @rx.event
    def grant(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._client_id is None:
            return
        client_id = self._client_id
        self.errors = {}
        self.saving = True
        yield
        raw_product = form_text(form_data, "product", 12)

        def act(session: Any, actor: Any) -> Any:
            if not raw_product:
                raise Invalid("Escolha um produto.", field="product")
            starts = _date_field(form_data, "starts_on")
            ends = _date_field(form_data, "ends_on")
            return grant_entitlement(
                session=session,
                actor=actor,
                client_id=client_id,
                product_id=to_id(raw_product),
                starts_on=starts,
                ends_on=ends,
                now=utcnow(),
            )

        yield from self._after_write(
            self._call(act), lambda row: f"Acesso a {row.product_name} concedido."
        )

    @rx.event
    def show_extend(self, entitlement_id: Any) -> Any:
        wanted = _maybe_id(entitlement_id)
        row = next((r for r in self.rows if r.id == wanted), None)
        if row is None:
            return rx.toast.error("Acesso não encontrado.")
        self._entitlement_id = row.id
        self.extend_product = row.product
        self.extend_current = row.ends_on
        self.extend_min = row.ends_on_iso
        self.errors = {}
        self.form_key += 1
        self.view = "extend"
        return None

    @rx.event
    def extend(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._entitlement_id is None:
            return
        entitlement_id = self._entitlement_id
        self.errors = {}
        self.saving = True
        yield

        def act(session: Any, actor: Any) -> Any:
            new_end = _date_field(form_data, "ends_on")
            if new_end is None:
                raise Invalid("Escolha a nova data de expiração.", field="ends_on")
            return extend_entitlement(
                session=session,
                actor=actor,
                entitlement_id=entitlement_id,
                new_ends_on=new_end,
                now=utcnow(),
            )

        yield from self._after_write(
            self._call(act),
            lambda row: f"Acesso a {row.product_name} estendido até {row.ends_on}.",
        )

    @rx.event
    def ask_revoke(self, entitlement_id: Any) -> Any:
        wanted = _maybe_id(entitlement_id)
        row = next((r for r in self.rows if r.id == wanted), None)
        if row is None:
            return rx.toast.error("Acesso não encontrado.")
        self._entitlement_id = row.id
        self.revoke_product = row.product
        self.form_key += 1
        self.revoke_open = True
        return None

    @rx.event
    def set_revoke_open(self, value: bool) -> None:
        if not self.saving:
            self.revoke_open = bool(value)

    @rx.event
    def revoke(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._entitlement_id is None:
            return
        entitlement_id = self._entitlement_id
        note = form_text(form_data, "note", 500)
        self.saving = True
        # The row leaves the list at once; a refusal brings the list back from the database.
        self.rows = [r for r in self.rows if r.id != entitlement_id]
        self.revoke_open = False
        yield
        outcome = self._call(
            lambda s, a: revoke_entitlement(
                session=s, actor=a, entitlement_id=entitlement_id, note=note, now=utcnow()
            )
        )
        self.saving = False
        self._entitlement_id = None
        yield self._reload()
        if outcome.error is not None:
            yield outcome.failure()
            return
        yield rx.toast.success(f"Acesso a {self.revoke_product} revogado.")

    @rx.event
    def show_history(self) -> Any:
        self.view = "history"
        self.history_page = 1
        return self._load_history()

    @rx.event
    def history_next(self) -> Any:
        if self.history_page < self.history_pages:
            self.history_page += 1
        return self._load_history()

    @rx.event
    def history_previous(self) -> Any:
        if self.history_page > 1:
            self.history_page -= 1
        return self._load_history()

    def _load_history(self) -> Any:
        client_id, page = self._client_id, self.history_page
        if client_id is None:
            return None
        outcome = self._call(
            lambda s, a: list_history(session=s, actor=a, client_id=client_id, page=page)
        )
        if not outcome.ok:
            return outcome.failure()
        result = outcome.value
        self.history = list(result.rows)
        self.history_page, self.history_pages = result.page, result.pages
        self.history_total = result.total
        return None

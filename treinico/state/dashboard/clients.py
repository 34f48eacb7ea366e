"""Client list, client page, and the client form shared by both."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico.services.actor import Actor
from treinico.services.clients import (
    ClientInput,
    ClientView,
    create_client,
    get_client,
    list_clients,
    set_client_archived,
    update_client,
)
from treinico.state.session import Outcome, SessionState, attempt, form_text, to_id, utcnow
from treinico.state.shared.confirmation import Confirmation

FORM_FIELDS = ("name", "phone", "email", "birth_date", "notes")


@dataclass(frozen=True)
class ClientRow:
    """A client on the list and in the client page's header (``id`` 0: none read yet)."""

    id: int = 0
    name: str = ""
    initials: str = ""
    phone: str = ""
    email: str = ""
    birth_date: str = ""  # ISO
    birth_date_display: str = ""
    notes: str = ""
    archived: bool = False
    anonymised: bool = False


def _row(c: ClientView) -> ClientRow:
    return ClientRow(
        id=c.id,
        name=c.name,
        initials="".join(p[0] for p in c.name.split()[:2]).upper(),
        phone=c.phone_display,
        email=c.email,
        birth_date=c.birth_date,
        birth_date_display=c.birth_date_display,
        notes=c.notes,
        archived=c.archived,
        anonymised=c.anonymised,
    )


class ClientsState(SessionState):
    rows: list[ClientRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    query: str = ""
    show_archived: bool = False
    loading: bool = True
    loaded: bool = False

    def _fill(self, session: Session, actor: Actor) -> Any:
        outcome = attempt(lambda: self._read(session, actor))
        self.loading = False
        if outcome.error is not None:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _read(self, session: Session, actor: Actor) -> Any:
        return list_clients(
            session=session,
            actor=actor,
            query=self.query,
            page=self.page,
            include_archived=self.show_archived,
        )

    def _fetch(self) -> Any:
        outcome = self._call(self._read)
        self.loading = False
        if not outcome.ok:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _apply(self, result: Any) -> None:
        self.rows = [_row(c) for c in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        self.loaded = True

    @rx.event
    def search(self, value: Any) -> Any:
        self.query = value[:80] if isinstance(value, str) else ""
        self.page = 1
        return self._fetch()

    @rx.event
    def toggle_archived(self, value: Any) -> Any:
        self.show_archived = bool(value)
        self.page = 1
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

    @rx.event
    def refresh(self) -> Any:
        """Re-read the list after a change made elsewhere (only if it was shown)."""
        return self._fetch() if self.loaded else None


class ClientDetailState(SessionState):
    client: ClientRow = ClientRow()
    loading: bool = True
    not_found: bool = False

    def _client_id_from_url(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _reset(self) -> None:
        self.loading = True
        self.not_found = False
        self.client = ClientRow()

    def _fill(self, session: Session, actor: Actor) -> Any:
        raw = self._client_id_from_url()
        self._apply(attempt(lambda: get_client(session=session, actor=actor, client_id=to_id(raw))))

    def _apply(self, outcome: Outcome) -> None:
        self.loading = False
        if outcome.error is not None:
            self.not_found = True
            return
        self.client = _row(outcome.value)

    def _fetch(self) -> Any:
        raw = self._client_id_from_url()
        outcome = self._call(lambda s, a: get_client(session=s, actor=a, client_id=to_id(raw)))
        self._apply(outcome)
        return None

    @rx.event
    def refresh(self) -> Any:
        return self._fetch() if self.client.id else None


class ClientFormState(SessionState, Confirmation):
    """The create/edit dialog and the archive confirmation, used on the list and the page."""

    open: bool = False
    editing: bool = False
    form_key: int = 0
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    confirm_restore: bool = False  # the question is "Reativar", not "Arquivar"
    _client_id: int | None = None

    @rx.event
    def open_create(self) -> None:
        self._client_id = None
        self.editing = False
        self.values = {f: "" for f in FORM_FIELDS}
        self.errors = {}
        self.form_key += 1
        self.open = True

    @rx.event
    def open_edit(self, client_id: Any) -> Any:
        def read(session: Session, actor: Actor) -> ClientView:
            return get_client(session=session, actor=actor, client_id=to_id(client_id))

        outcome = self._call(read)
        if not outcome.ok:
            return outcome.failure()
        view = outcome.value
        self._client_id = view.id
        self.editing = True
        self.values = {
            "name": view.name,
            "phone": view.phone_display,
            "email": view.email,
            "birth_date": view.birth_date,
            "notes": view.notes,
        }
        self.errors = {}
        self.form_key += 1
        self.open = True
        return None

    @rx.event
    def set_open(self, value: bool) -> None:
        if not self.saving:
            self.open = bool(value)

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Any:
        data = ClientInput(**{f: form_text(form_data, f) for f in FORM_FIELDS})
        # Keep what was typed: a failed save re-renders the form with these values.
        self.values = {f: getattr(data, f) for f in FORM_FIELDS}
        self.errors = {}
        self.saving = True
        yield
        client_id = self._client_id
        if client_id is None:
            outcome = self._call(
                lambda s, a: create_client(session=s, actor=a, data=data, now=utcnow())
            )
        else:
            outcome = self._call(
                lambda s, a: update_client(
                    session=s, actor=a, client_id=client_id, data=data, now=utcnow()
                )
            )
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            return
        self.open = False
        yield rx.toast.success("Dados do cliente salvos." if client_id else "Cliente cadastrado.")
        yield ClientsState.refresh
        yield ClientDetailState.refresh

    @rx.event
    def ask_archive(self, client_id: Any, name: Any, archived: Any) -> None:
        try:
            wanted = to_id(client_id)
        except Exception:  # noqa: BLE001
            return
        self.confirm_restore = bool(archived)
        self._ask(wanted, name[:120] if isinstance(name, str) else "")

    @rx.event
    def confirm_archive(self) -> Iterator[Any]:
        key, restore = self._confirmed(), self.confirm_restore
        if key is None:
            return
        outcome = self._call(
            lambda s, a: set_client_archived(
                session=s, actor=a, client_id=int(key), archived=not restore, now=utcnow()
            )
        )
        message = "Cliente reativado." if restore else "Cliente arquivado."
        yield from self._saved(outcome, message, ClientsState.refresh, ClientDetailState.refresh)

"""/painel/privacidade (``privacy.manage``): the sensitive-data access log with its filters,
and the data-subject requests (answer, anonymise). The consent texts are in
privacy_texts.py.

Staff, client and request ids stay on the server: the browser gets names and position keys
("s0", "c0") that are resolved here against lists the services just returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import reflex as rx

from treinico.services.clients import list_clients
from treinico.services.errors import Forbidden
from treinico.services.privacy.data_rights import anonymise_client, list_requests, resolve_request
from treinico.services.privacy.reads_log import LogRow, staff_in_log, team_log
from treinico.state.dashboard.clients import ClientDetailState
from treinico.state.dashboard.privacy_rows import (
    LOG_PAGE,
    MAX_MATCHES,
    ClientChoice,
    RequestRow,
    StaffChoice,
    anonymised_note,
    client_choices,
    listed_row,
    parse_period,
    request_rows,
    staff_choices,
)
from treinico.state.session import SessionState, form_text, to_id, utcnow


class PrivacyLogState(SessionState):
    loading: bool = True
    forbidden: bool = False
    rows: list[LogRow] = []  # the first ``PAGE`` of what the filters found, then more
    more: int = 0  # found but not shown yet
    staff_options: list[StaffChoice] = []
    staff_key: str = "todos"
    client_query: str = ""
    client_matches: list[ClientChoice] = []
    client_label: str = ""
    start: str = ""
    end: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0

    _found: list[LogRow] = []
    _staff_ids: dict[str, int] = {}
    _match_ids: dict[str, int] = {}
    _client_filter: int | None = None
    _start: date | None = None
    _end: date | None = None

    @rx.event
    def load(self) -> Iterator[Any]:
        self.loading = True
        self.forbidden = False
        self.rows = []
        self.staff_key, self.client_label, self.client_query = "todos", "", ""
        self.client_matches = []
        self.start = self.end = ""
        self.errors = {}
        self.form_key += 1
        self._client_filter = self._start = self._end = None
        self._match_ids = {}
        yield
        outcome = self._call(lambda s, a: staff_in_log(session=s, actor=a))
        if outcome.error is not None:
            self.loading = False
            self.forbidden = isinstance(outcome.error, Forbidden)
            if not self.forbidden:
                yield outcome.failure()
            return
        self._staff_ids, self.staff_options = staff_choices(outcome.value)
        yield self._fetch()

    def _fetch(self) -> Any:
        client_id = self._client_filter
        user_id = self._staff_ids.get(self.staff_key)
        start, end = self._start, self._end
        self.loading = True
        outcome = self._call(
            lambda s, a: team_log(
                session=s, actor=a, client_id=client_id, user_id=user_id, start=start, end=end
            )
        )
        self.loading = False
        if outcome.error is not None:
            self.errors = dict(outcome.error.fields)
            if isinstance(outcome.error, Forbidden):
                self.forbidden = True
                return None
            return None if self.errors else outcome.failure()
        self.errors = {}
        self._found = list(outcome.value)
        self._show(LOG_PAGE)
        return None

    def _show(self, count: int) -> None:
        self.rows = self._found[:count]
        self.more = len(self._found) - len(self.rows)

    @rx.event
    def show_more(self) -> None:
        self._show(len(self.rows) + LOG_PAGE)

    @rx.event
    def set_staff(self, value: Any) -> Any:
        self.staff_key = value if isinstance(value, str) and value in self._staff_ids else "todos"
        return self._fetch()

    @rx.event
    def search_client(self, value: Any) -> Any:
        self.client_query = value[:80] if isinstance(value, str) else ""
        if len(self.client_query.strip()) < 2:
            self.client_matches, self._match_ids = [], {}
            return None
        query = self.client_query
        outcome = self._call(
            lambda s, a: list_clients(
                session=s, actor=a, query=query, page_size=MAX_MATCHES, include_archived=True
            )
        )
        if not outcome.ok:
            return outcome.failure()
        self._match_ids, self.client_matches = client_choices(outcome.value.rows[:MAX_MATCHES])
        return None

    @rx.event
    def pick_client(self, key: Any) -> Any:
        picked = self._match_ids.get(key) if isinstance(key, str) else None
        if picked is None:
            return None
        self._client_filter = picked
        self.client_label = next((m.name for m in self.client_matches if m.key == key), "")
        self.client_matches, self._match_ids, self.client_query = [], {}, ""
        return self._fetch()

    @rx.event
    def clear_client(self) -> Any:
        self._client_filter = None
        self.client_label = ""
        return self._fetch()

    @rx.event
    def apply_period(self, form_data: dict[str, Any]) -> Any:
        start_raw, end_raw = form_text(form_data, "start", 10), form_text(form_data, "end", 10)
        self.start, self.end = start_raw, end_raw
        start, end, errors = parse_period(start_raw, end_raw)
        if errors:
            self.errors = errors
            return None
        self._start, self._end = start, end
        return self._fetch()

    @rx.event
    def clear_filters(self) -> Any:
        self._client_filter = self._start = self._end = None
        self.client_label = self.client_query = self.start = self.end = ""
        self.client_matches, self._match_ids = [], {}
        self.staff_key = "todos"
        self.errors = {}
        self.form_key += 1
        return self._fetch()


class PrivacyRequestsState(SessionState):
    loading: bool = True
    rows: list[RequestRow] = []
    resolve_open: bool = False
    resolve_title: str = ""
    resolve_error: str = ""
    anon_open: bool = False
    anon_name: str = ""
    anon_typed: str = ""
    saving: bool = False
    form_key: int = 0

    _clients: dict[str, int] = {}  # request id -> client id
    _request_id: int | None = None
    _anon_client_id: int | None = None
    _anon_from_page: bool = False

    @rx.event
    def load(self) -> Iterator[Any]:
        self.loading = True
        self.rows = []
        self.resolve_open = self.anon_open = False
        yield
        yield self._fetch()

    def _fetch(self) -> Any:
        outcome = self._call(lambda s, a: list_requests(session=s, actor=a, now=utcnow()))
        self.loading = False
        if outcome.error is not None:
            return None if isinstance(outcome.error, Forbidden) else outcome.failure()
        self.rows, self._clients = request_rows(outcome.value)
        return None

    # ------------------------------------------------------------ answer a request

    @rx.event
    def ask_resolve(self, request_id: Any) -> None:
        row = listed_row(self.rows, request_id)
        if row is None or row.done:
            return
        self._request_id = row.id
        self.resolve_title = f"{row.kind_label} — {row.client_name}"
        self.resolve_error = ""
        self.form_key += 1
        self.resolve_open = True

    @rx.event
    def set_resolve_open(self, value: bool) -> None:
        if not self.saving:
            self.resolve_open = bool(value)

    @rx.event
    def resolve(self, form_data: dict[str, Any]) -> Iterator[Any]:
        request_id = self._request_id
        if self.saving or request_id is None:
            return
        note = form_text(form_data, "resolution", 2000)
        self.saving = True
        self.resolve_error = ""
        yield
        outcome = self._call(
            lambda s, a: resolve_request(
                session=s, actor=a, request_id=request_id, resolution=note, now=utcnow()
            )
        )
        self.saving = False
        if outcome.error is not None:
            self.resolve_error = outcome.error.fields.get("resolution", "")
            if not self.resolve_error:
                yield outcome.failure()
            return
        self.resolve_open = False
        self._request_id = None
        yield self._fetch()
        yield rx.toast.success("Pedido marcado como atendido.")

    # ------------------------------------------------------------ anonymise

    def _open_anonymise(self, client_id: int, name: str, from_page: bool) -> None:
        self._anon_client_id = client_id
        self._anon_from_page = from_page
        self.anon_name = name
        self.anon_typed = ""
        self.anon_open = True

    @rx.event
    def ask_anonymise(self, request_id: Any) -> None:
        row = listed_row(self.rows, request_id)
        if row is None or row.anonymised:
            return
        client_id = self._clients.get(str(row.id))
        if client_id is not None:
            self._open_anonymise(client_id, row.client_name, from_page=False)

    @rx.event
    async def ask_anonymise_here(self) -> None:
        """From the client page's danger zone: the client on screen."""
        page = await self.get_state(ClientDetailState)
        client = page.client
        name = client.name
        try:
            client_id = to_id(client.id)
        except Exception:  # noqa: BLE001  (no client on screen: id 0)
            return
        if name and not client.anonymised:
            self._open_anonymise(client_id, name, from_page=True)

    @rx.event
    def set_anon_open(self, value: bool) -> None:
        if not self.saving:
            self.anon_open = bool(value)

    @rx.event
    def set_anon_typed(self, value: Any) -> None:
        self.anon_typed = str(value)[:200]

    @rx.event
    def confirm_anonymise(self) -> Iterator[Any]:
        client_id = self._anon_client_id
        if self.saving or client_id is None:
            return
        if " ".join(self.anon_typed.split()).casefold() != self.anon_name.casefold():
            yield rx.toast.error("Digite o nome do cliente exatamente como aparece para confirmar.")
            return
        self.saving = True
        yield
        outcome = self._call(
            lambda s, a: anonymise_client(session=s, actor=a, client_id=client_id, now=utcnow())
        )
        self.saving = False
        if outcome.error is not None:
            yield outcome.failure()
            return
        self.anon_open = False
        self._anon_client_id = None
        yield self._fetch()
        if self._anon_from_page:
            yield ClientDetailState.refresh
        yield rx.toast.success(anonymised_note(self.anon_name, client_id))

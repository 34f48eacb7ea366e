"""The "Novo agendamento" dialog: pick a client by name, trainer, session type, start, and
optionally a weekly series. Conflicts come back at the Horário field; going beyond the plan
asks "Agendar mesmo assim"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.agenda.bookings import create_booking, create_series
from treinico.services.clients import list_clients
from treinico.services.errors import Invalid
from treinico.state.dashboard.agenda import AgendaState, date_field
from treinico.state.session import SessionState, form_text, to_id, utcnow

WEEKDAY_NAMES = ("Seg", "Ter", "Qua", "Qui", "Sex", "Sáb", "Dom")
MAX_MATCHES = 8
FIELDS = ("trainer", "session_type", "day", "time", "until", "weeks")


@dataclass(frozen=True)
class ClientMatch:
    """A client found by name in the picker."""

    id: int
    name: str
    phone: str


class NewBookingState(SessionState):
    open: bool = False
    saving: bool = False
    form_key: int = 0
    query: str = ""
    matches: list[ClientMatch] = []
    searching: bool = False
    client_name: str = ""
    repeat: bool = False
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    over_plan: str = ""

    _client_id: int | None = None
    _match_ids: list[int] = []
    _last_form: dict[str, str] = {}
    _people: dict[str, int] = {}

    @rx.event
    async def open_new(self, day_iso: Any = "", trainer: Any = "") -> None:
        # The member keys of the week on screen ("p0"…), resolved on the server.
        agenda = await self.get_state(AgendaState)
        self._people = dict(agenda._people)
        self._client_id = None
        self._match_ids = []
        self.client_name = ""
        self.query = ""
        self.matches = []
        self.repeat = False
        self.errors = {}
        self.over_plan = ""
        self.values = {
            "day": str(day_iso)[:10] if isinstance(day_iso, str) else "",
            "time": "07:00",
            "trainer": str(trainer) if str(trainer) in self._people else "",
            "session_type": "",
            "until": "",
            "weeks": "",
        }
        self.form_key += 1
        self.open = True

    @rx.event
    def set_open(self, value: bool) -> None:
        if not self.saving:
            self.open = bool(value)

    @rx.event
    def search_client(self, value: Any) -> Any:
        self.query = value[:80] if isinstance(value, str) else ""
        if len(self.query.strip()) < 2:
            self.matches, self._match_ids = [], []
            return None
        query = self.query
        outcome = self._call(
            lambda s, a: list_clients(session=s, actor=a, query=query, page_size=MAX_MATCHES)
        )
        if not outcome.ok:
            return outcome.failure()
        found = outcome.value.rows[:MAX_MATCHES]
        self._match_ids = [c.id for c in found]
        self.matches = [ClientMatch(id=c.id, name=c.name, phone=c.phone_display) for c in found]
        return None

    @rx.event
    def pick_client(self, client_id: Any) -> None:
        try:
            picked = to_id(client_id)
        except Exception:  # noqa: BLE001  (a bad id from the browser: nothing picked)
            return
        if picked not in self._match_ids:
            return
        self._client_id = picked
        self.client_name = next((m.name for m in self.matches if m.id == picked), "")
        self.matches, self._match_ids, self.query = [], [], ""
        self.errors = {k: v for k, v in self.errors.items() if k != "client"}

    @rx.event
    def clear_client(self) -> None:
        self._client_id = None
        self.client_name = ""

    @rx.event
    def set_repeat(self, value: Any) -> None:
        self.repeat = bool(value)

    @rx.event
    def submit(self, form_data: dict[str, Any]) -> Any:
        yield from self._book(form_data, confirm=False)

    @rx.event
    def confirm_submit(self) -> Any:
        """The form as last sent, again, with "Agendar mesmo assim"."""
        yield from self._book(dict(self._last_form), confirm=True)

    def _book(self, form_data: dict[str, Any], confirm: bool) -> Any:
        if self.saving:
            return
        # The form keeps what was typed: remember it for a re-render of the dialog.
        self.values = {k: form_text(form_data, k, 20) for k in FIELDS}
        kept = form_data.items() if isinstance(form_data, dict) else []
        self._last_form = {str(k): v[:40] for k, v in kept if isinstance(v, str)}
        self.errors = {}
        if not confirm:
            self.over_plan = ""
        client_id, repeat, people = self._client_id, self.repeat, dict(self._people)
        weekdays = [i for i in range(7) if form_text(form_data, f"wd{i}", 5)]
        self.saving = True
        yield

        def act(session: Any, actor: Any) -> Any:
            if client_id is None:
                raise Invalid("Escolha o cliente.", field="client")
            raw_trainer = form_text(form_data, "trainer", 12)
            raw_type = form_text(form_data, "session_type", 12)
            problems = {}
            if raw_trainer not in people:
                problems["trainer"] = "Escolha o profissional."
            if not raw_type:
                problems["session_type"] = "Escolha o tipo de sessão."
            if problems:
                raise Invalid("Confira os campos destacados.", fields=problems)
            common = {
                "session": session,
                "actor": actor,
                "client_id": client_id,
                "trainer_user_id": people[raw_trainer],
                "session_type_id": to_id(raw_type),
                "day": date_field(form_data, "day"),
                "time_text": form_text(form_data, "time", 8),
                "now": utcnow(),
                "confirm_over_plan": confirm,
            }
            if not repeat:
                return create_booking(**common)
            if not weekdays:
                raise Invalid("Escolha os dias da semana.", field="weekdays")
            raw_weeks = form_text(form_data, "weeks", 4).strip()
            try:
                weeks = int(raw_weeks) if raw_weeks else None
            except ValueError:
                raise Invalid("Informe um número de semanas.", field="weeks") from None
            return create_series(
                **common, weekdays=weekdays, until=date_field(form_data, "until"), weeks=weeks
            )

        outcome = self._call(act)
        self.saving = False
        if outcome.error is not None:
            fields = dict(outcome.error.fields)
            if "confirm" in fields:
                self.over_plan = fields.pop("confirm")
                self.errors = fields
                return
            self.errors = fields
            yield outcome.failure()
            return
        self.open = False
        self.over_plan = ""
        yield rx.toast.success(outcome.value.message)
        yield AgendaState.go_to(self.values.get("day", ""))  # type: ignore[operator]

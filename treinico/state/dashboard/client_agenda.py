"""The client page's agenda cards: plan card, upcoming and past bookings, credit ledger."""

from __future__ import annotations

from typing import Any

from treinico.services.agenda.schedule import client_agenda
from treinico.services.permissions import Perm
from treinico.state.session import SessionState, attempt, to_id, utcnow
from treinico.state.shared.rows import plan_dict, rows


class ClientAgendaState(SessionState):
    visible: bool = False
    loading: bool = True
    plan: dict[str, str] = {}
    upcoming: list[dict[str, str]] = []
    past: list[dict[str, str]] = []
    ledger: list[dict[str, str]] = []

    def _reset(self) -> None:
        self.loading = True
        self.plan, self.upcoming, self.past, self.ledger = {}, [], [], []

    def _fill(self, session: Any, actor: Any) -> None:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

        def read() -> Any:
            if not actor.can(Perm.AGENDA_READ):
                return None  # no agenda for this member: the cards are left out
            return client_agenda(session=session, actor=actor, client_id=to_id(raw), now=utcnow())

        outcome = attempt(read)
        self.loading = False
        if outcome.error is not None or outcome.value is None:
            self.visible = False
            return
        data = outcome.value
        self.visible = True
        self.plan = plan_dict(data.plan)
        self.upcoming = rows(data.upcoming)
        self.past = rows(data.past)
        self.ledger = rows(data.ledger)

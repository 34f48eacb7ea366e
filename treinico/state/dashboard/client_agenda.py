"""The client page's agenda cards: plan card, upcoming and past bookings, credit ledger."""

from __future__ import annotations

from typing import Any

from treinico.services.agenda.credit_ledger import LedgerRow
from treinico.services.agenda.plans import PlanCard
from treinico.services.agenda.schedule import BookingRow, client_agenda
from treinico.services.permissions import Perm
from treinico.state.session import SessionState, attempt, to_id, utcnow
from treinico.state.shared.plan_rows import NO_PLAN, plan_or_none


class ClientAgendaState(SessionState):
    visible: bool = False
    loading: bool = True
    plan: PlanCard = NO_PLAN
    has_plan: bool = False
    upcoming: list[BookingRow] = []
    past: list[BookingRow] = []
    ledger: list[LedgerRow] = []

    def _reset(self) -> None:
        self.loading = True
        self.plan, self.has_plan = NO_PLAN, False
        self.upcoming, self.past, self.ledger = [], [], []

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
        self.plan, self.has_plan = plan_or_none(data.plan)
        self.upcoming = list(data.upcoming)
        self.past = list(data.past)
        self.ledger = list(data.ledger)

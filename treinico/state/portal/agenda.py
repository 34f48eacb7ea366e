"""The client's upcoming bookings and plan card (portal home and the agenda page), and
cancelling a booking within the notice. The client and team come from the session
(``portal_call``); the booking id from the browser is only a lookup the service re-checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda.makeups import MakeupOption
from treinico.services.agenda.plans import PlanCard
from treinico.services.agenda.portal import ClientBookingRow
from treinico.services.auth.portal import Business
from treinico.services.errors import NotFound
from treinico.state.portal.common import portal_call
from treinico.state.session import to_id
from treinico.state.shared.plan_rows import NO_PLAN, plan_or_none

HOME_ROWS = 3


class PortalAgendaState(rx.State):
    loading: bool = True
    slug: str = ""
    upcoming: list[ClientBookingRow] = []
    plan: PlanCard = NO_PLAN
    has_plan: bool = False
    credits: int = 0
    makeup_options: list[MakeupOption] = []
    cancel_open: bool = False
    cancel_what: str = ""
    cancel_note: str = ""
    saving: bool = False
    _cancel_id: int | None = None

    @rx.var
    def next_rows(self) -> list[ClientBookingRow]:
        return self.upcoming[:HOME_ROWS]

    @rx.var
    def has_more(self) -> bool:
        return len(self.upcoming) > HOME_ROWS

    @rx.var
    def can_book_makeup(self) -> bool:
        return self.credits > 0 and len(self.makeup_options) > 0

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """Bookings, plan card and make-up options, in the caller's unit of work."""
        view = portal_agenda.portal_agenda(
            session=session, team_id=business.team_id, client_id=business.client_id, now=now
        )
        self.slug = business.slug
        self.upcoming = list(view.upcoming)
        self.plan, self.has_plan = plan_or_none(view.plan)
        self.credits = view.credits
        self.makeup_options = list(view.makeup_options)
        self.loading = False

    @rx.event
    def load(self) -> Any:
        """Read again after a change (cancel, reschedule, make-up)."""
        outcome = portal_call(self, self._fill)
        return None if outcome.ok else outcome.failure()

    @rx.event
    def ask_cancel(self, booking_id: Any) -> Any:
        try:
            wanted = to_id(booking_id)
        except NotFound:
            wanted = 0
        row = next((r for r in self.upcoming if r.id == wanted), None)
        if row is None or not row.can_change:
            return rx.toast.error("Agendamento não encontrado.")
        self._cancel_id = row.id
        self.cancel_what = f"{row.day_label} às {row.time} · {row.type_name}"
        self.cancel_note = row.cancel_note
        self.cancel_open = True
        return None

    @rx.event
    def set_cancel_open(self, value: bool) -> None:
        if not self.saving:
            self.cancel_open = bool(value)

    @rx.event
    def cancel(self) -> Any:
        if self.saving or self._cancel_id is None:
            return
        booking_id = self._cancel_id
        self.saving = True
        self.cancel_open = False
        yield
        outcome = portal_call(
            self,
            lambda s, b, now: portal_agenda.cancel(
                session=s,
                team_id=b.team_id,
                client_id=b.client_id,
                booking_id=booking_id,
                now=now,
            ),
        )
        self.saving = False
        self._cancel_id = None
        if not outcome.ok:
            yield outcome.failure()
            yield PortalAgendaState.load
            return
        yield rx.toast.success(outcome.value)
        yield PortalAgendaState.load

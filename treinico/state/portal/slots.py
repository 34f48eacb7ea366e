"""Picking a free slot in the portal: "Reagendar" (same trainer and session type, next 14
days) and "Agendar reposição" (a make-up session paid with a credit). One dialog, two
modes. The booking id, option key and slot start from the browser are lookups the services
re-check against the session's client and team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.agenda import makeups
from treinico.services.agenda import portal as portal_agenda
from treinico.services.agenda.slots import DaySlots
from treinico.services.errors import NotFound
from treinico.state.portal.agenda import PortalAgendaState
from treinico.state.portal.common import portal_call, text_arg
from treinico.state.session import to_id


@dataclass(frozen=True)
class SlotRow:
    """A free slot as the picker draws it: ``start`` is what the browser sends back,
    ``seats`` "" for individual sessions or "2 vagas" for a group."""

    day: str = ""  # the day's label ("ter., 03/03"), for the day's heading
    time: str = ""
    start: str = ""
    seats: str = ""


def _days(days: list[DaySlots]) -> list[list[SlotRow]]:
    """Each day as its list of slots; every slot carries its day label for the heading."""
    return [
        [SlotRow(day=d.label, time=s.time, start=s.start_iso, seats=s.seats) for s in d.slots]
        for d in days
        if d.slots
    ]


class PortalSlotsState(rx.State):
    open: bool = False
    mode: str = ""  # "reschedule" | "makeup"
    title: str = ""
    subtitle: str = ""
    loading: bool = False
    days: list[list[SlotRow]] = []
    option_key: str = ""
    error: str = ""
    confirm_open: bool = False
    confirm_text: str = ""
    saving: bool = False
    _booking_id: int | None = None
    _start: str = ""

    def _reset(self, mode: str) -> None:
        self.mode = mode
        self.days = []
        self.error = ""
        self.confirm_open = False
        self._start = ""
        self.loading = True
        self.open = True

    def _show(self, outcome: Any) -> Any:
        self.loading = False
        if not outcome.ok:
            self.error = outcome.error.message
            return None
        self.days = _days(outcome.value)
        return None

    @rx.event
    def open_reschedule(self, booking_id: Any) -> Any:
        try:
            wanted = to_id(booking_id)
        except NotFound:
            yield rx.toast.error("Agendamento não encontrado.")
            return
        self._reset("reschedule")
        self._booking_id = wanted
        self.title = "Reagendar"
        self.subtitle = "Horários livres do mesmo profissional nos próximos 14 dias."
        yield
        outcome = portal_call(
            self,
            lambda s, b, now: portal_agenda.reschedule_slots(
                session=s, team_id=b.team_id, client_id=b.client_id, booking_id=wanted, now=now
            ),
        )
        yield self._show(outcome)

    @rx.event
    def open_makeup(self, option_key: Any) -> Any:
        key = text_arg(option_key)
        self._reset("makeup")
        self._booking_id = None
        self.option_key = key
        self.title = "Agendar reposição"
        self.subtitle = "Use um crédito de reposição em um horário livre."
        yield
        outcome = portal_call(
            self,
            lambda s, b, now: makeups.makeup_slots(
                session=s, team_id=b.team_id, client_id=b.client_id, option_key=key, now=now
            ),
        )
        yield self._show(outcome)

    @rx.event
    def set_open(self, value: bool) -> None:
        if not self.saving:
            self.open = bool(value)
            if not value:
                self.confirm_open = False

    @rx.event
    def pick(self, start_iso: Any) -> Any:
        start = text_arg(start_iso)
        slot = next((s for day in self.days for s in day if s.start == start), None)
        if slot is None:
            return rx.toast.error("Este horário não está mais livre. Escolha outro.")
        self._start = start
        verb = "Trocar para" if self.mode == "reschedule" else "Agendar reposição em"
        self.confirm_text = f"{verb} {slot.day} às {slot.time}?"
        self.error = ""
        self.confirm_open = True
        return None

    @rx.event
    def set_confirm_open(self, value: bool) -> None:
        if not self.saving:
            self.confirm_open = bool(value)

    @rx.event
    def confirm(self) -> Any:
        if self.saving or not self._start:
            return
        start, mode, key, booking_id = self._start, self.mode, self.option_key, self._booking_id
        self.saving = True
        self.confirm_open = False
        yield
        if mode == "reschedule" and booking_id is not None:
            outcome = portal_call(
                self,
                lambda s, b, now: portal_agenda.reschedule(
                    session=s,
                    team_id=b.team_id,
                    client_id=b.client_id,
                    booking_id=booking_id,
                    start_iso=start,
                    now=now,
                ),
            )
        else:
            outcome = portal_call(
                self,
                lambda s, b, now: makeups.book_makeup(
                    session=s,
                    team_id=b.team_id,
                    client_id=b.client_id,
                    option_key=key,
                    start_iso=start,
                    now=now,
                ),
            )
        self.saving = False
        self._start = ""
        if outcome.error is not None:
            # The old booking stays (the unit of work rolled back); say why, keep the list.
            self.error = outcome.error.message
            yield outcome.failure()
            yield PortalAgendaState.load
            return
        self.open = False
        yield rx.toast.success(outcome.value)
        yield PortalAgendaState.load

"""/{slug}/area-do-cliente/agenda: every upcoming booking with its actions, and
"Adicionar ao calendário"."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame, section_card
from treinico.state.portal.agenda import PortalAgendaState as A
from treinico.views.portal.agenda import agenda_dialogs, booking_list
from treinico.views.portal.calendar import calendar_section
from treinico.views.portal.header import account_header, back_link


def portal_agenda_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            back_link(A.slug),
            rx.heading("Meus horários", size="7"),
            section_card("calendar", "Próximos agendamentos", booking_list(A.upcoming)),
            calendar_section(),
            agenda_dialogs(),
            spacing="4",
            width="100%",
        ),
        header=account_header(),
    )

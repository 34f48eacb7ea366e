"""/painel/agenda: week navigation, trainer filter, the week, and the booking dialogs."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.agenda import AgendaState
from treinico.state.dashboard.agenda_new import NewBookingState
from treinico.state.session import SessionState
from treinico.views.dashboard.agenda_booking import booking_dialog
from treinico.views.dashboard.agenda_new import new_booking_dialog
from treinico.views.dashboard.agenda_week import week_grid


def _week_nav() -> rx.Component:
    return rx.hstack(
        rx.icon_button(
            rx.icon("chevron-left", size=18),
            on_click=AgendaState.previous_week,
            variant="soft",
            size="3",
            aria_label="Semana anterior",
        ),
        rx.button("Hoje", on_click=AgendaState.this_week, variant="soft", size="3"),
        rx.icon_button(
            rx.icon("chevron-right", size=18),
            on_click=AgendaState.next_week,
            variant="soft",
            size="3",
            aria_label="Próxima semana",
        ),
        rx.text(AgendaState.week_title, size="3", weight="medium", data_testid="week-title"),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _trainer_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Profissional", min_width="220px"),
        rx.select.content(
            rx.select.item("Todos os profissionais", value="all"),
            rx.foreach(AgendaState.trainers, lambda t: rx.select.item(t["name"], value=t["id"])),
        ),
        value=AgendaState.trainer_filter,
        on_change=AgendaState.set_trainer,
        size="3",
    )


def _header() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Agenda", size="6"),
            rx.hstack(
                rx.cond(
                    SessionState.can_manage_team,
                    rx.link(
                        rx.hstack(rx.icon("settings", size=16), "Configurações da agenda"),
                        href=routes.AGENDA_SETTINGS,
                        size="2",
                    ),
                ),
                rx.cond(
                    SessionState.can_write_agenda,
                    rx.button(
                        rx.icon("plus", size=16),
                        "Novo agendamento",
                        on_click=NewBookingState.open_new(
                            rx.cond(
                                AgendaState.phone_day != "",
                                AgendaState.phone_day,
                                AgendaState.today_iso,
                            ),
                            AgendaState.trainer_filter,
                        ),
                        size="3",
                    ),
                ),
                spacing="4",
                align="center",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            _week_nav(),
            _trainer_filter(),
            justify="between",
            align="center",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        spacing="3",
        width="100%",
        margin_bottom="1em",
    )


def agenda_content() -> rx.Component:
    return rx.vstack(
        _header(),
        rx.cond(
            AgendaState.loading & (AgendaState.days.length() == 0),
            loading_block("Carregando agenda…"),
            rx.box(
                rx.cond(
                    AgendaState.loading,
                    rx.hstack(
                        rx.spinner(size="2"),
                        rx.text("Atualizando…", size="2", color=rx.color("gray", 11)),
                        aria_busy="true",
                        margin_bottom="0.5em",
                    ),
                ),
                rx.cond(
                    AgendaState.total == 0,
                    rx.card(
                        empty_state(
                            "calendar",
                            "Nenhum agendamento nesta semana",
                            "Use as setas para ver outras semanas"
                            + " ou crie um novo agendamento.",
                        ),
                        width="100%",
                    ),
                    week_grid(),
                ),
                width="100%",
            ),
        ),
        booking_dialog(),
        new_booking_dialog(),
        spacing="2",
        width="100%",
    )


def agenda_page() -> rx.Component:
    return dashboard_shell(agenda_content(), routes.AGENDA)

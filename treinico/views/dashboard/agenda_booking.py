"""The booking dialog: details, then "Presente" / "Falta", "Cancelar" (charge choice and
scope) or "Mover" (new date and time) for those who can write the agenda."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field, form_buttons, loading_block
from treinico.state.dashboard.agenda import AgendaState
from treinico.state.session import SessionState
from treinico.views.dashboard.agenda_week import _badges

CHARGE_OPTIONS = (
    (
        "sem_cobranca",
        "Sem cobrança",
        "Gera crédito de reposição se for sessão de plano.",
    ),
    ("com_cobranca", "Com cobrança", "A sessão conta como usada."),
    ("pelo_studio", "Pelo studio", "O studio cancelou: gera crédito de reposição."),
)


def _error(name: str) -> Any:
    return AgendaState.errors.get(name, "")


def _line(icon: str, value: Any) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, color=rx.color("gray", 10)),
        rx.text(value, size="3"),
        spacing="2",
        align="center",
    )


def _radio(value: str, label: str, hint: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.radio_group.item(value=value, margin_top="3px"),
            rx.vstack(
                rx.text(label, size="3", weight="medium"),
                rx.text(hint, size="2", color=rx.color("gray", 11)),
                spacing="0",
            ),
            spacing="2",
            align="start",
        ),
        style={"cursor": "pointer", "display": "block"},
    )


def _scope_choice(name: str) -> rx.Component:
    return rx.cond(
        AgendaState.detail["in_series"],
        rx.vstack(
            rx.text("Este agendamento faz parte de uma série.", size="2", weight="medium"),
            rx.radio_group.root(
                rx.vstack(
                    _radio("one", "Só esta", "Só este agendamento."),
                    _radio("following", "Esta e as seguintes", "Este e os próximos da série."),
                    spacing="2",
                ),
                name=name,
                default_value="one",
                aria_label="Quais agendamentos",
            ),
            spacing="2",
            width="100%",
        ),
    )


def _buttons(submit: str, color: str | None = None) -> rx.Component:
    return form_buttons(
        on_back=AgendaState.show_step("view"),
        submit_label=submit,
        saving=AgendaState.saving,
        color=color,
    )


def _booking_line() -> rx.Component:
    """Who and when, under a step's heading."""
    return rx.text(
        AgendaState.detail["client_name"],
        " · ",
        AgendaState.detail["day_label"],
        " · ",
        AgendaState.detail["time"],
        size="2",
        color=rx.color("gray", 11),
    )


def _cancel_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Cancelar agendamento", size="4"),
            _booking_line(),
            rx.text("Como fica a cobrança?", size="2", weight="medium"),
            rx.radio_group.root(
                rx.vstack(*[_radio(*o) for o in CHARGE_OPTIONS], spacing="3"),
                name="charge",
                default_value="sem_cobranca",
                aria_label="Como fica a cobrança",
            ),
            rx.cond(
                _error("charge") != "",
                rx.text(_error("charge"), size="2", color=rx.color("red", 11), role="alert"),
            ),
            _scope_choice("scope"),
            _buttons("Confirmar cancelamento", "red"),
            spacing="3",
            width="100%",
        ),
        on_submit=AgendaState.cancel,
        key=AgendaState.form_key,
        width="100%",
    )


def _move_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Mover agendamento", size="4"),
            _booking_line(),
            rx.text(
                "Mesmo profissional e tipo de sessão, em nova data e horário.",
                size="2",
                color=rx.color("gray", 11),
            ),
            field(
                "Nova data",
                rx.input(
                    type="date",
                    name="day",
                    id="move-day",
                    size="3",
                    width="100%",
                    default_value=AgendaState.detail["day_iso"],
                ),
                _error("day"),
                html_for="move-day",
            ),
            field(
                "Novo horário",
                rx.input(
                    type="time",
                    name="time",
                    id="move-time",
                    size="3",
                    width="100%",
                    default_value=AgendaState.detail["start_time"],
                ),
                rx.cond(_error("start") != "", _error("start"), _error("time")),
                html_for="move-time",
            ),
            _scope_choice("scope"),
            _buttons("Mover"),
            spacing="3",
            width="100%",
        ),
        on_submit=AgendaState.move,
        key=AgendaState.form_key,
        width="100%",
    )


def _actions() -> rx.Component:
    d = AgendaState.detail
    return rx.cond(
        SessionState.can_write_agenda,
        rx.flex(
            rx.cond(
                d["can_mark"],
                rx.flex(
                    rx.button(
                        rx.icon("check", size=16),
                        "Presente",
                        on_click=AgendaState.mark(True),
                        color_scheme="grass",
                        size="3",
                        loading=AgendaState.saving,
                    ),
                    rx.button(
                        rx.icon("x", size=16),
                        "Falta",
                        on_click=AgendaState.mark(False),
                        color_scheme="red",
                        variant="soft",
                        size="3",
                        loading=AgendaState.saving,
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            rx.cond(
                d["can_change"],
                rx.flex(
                    rx.button(
                        rx.icon("calendar-clock", size=16),
                        "Mover",
                        on_click=AgendaState.show_step("move"),
                        variant="soft",
                        size="3",
                    ),
                    rx.button(
                        rx.icon("ban", size=16),
                        "Cancelar",
                        on_click=AgendaState.show_step("cancel"),
                        color_scheme="red",
                        variant="soft",
                        size="3",
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
    )


def _view_step() -> rx.Component:
    d = AgendaState.detail
    return rx.vstack(
        rx.hstack(
            rx.box(
                width="6px",
                align_self="stretch",
                border_radius="3px",
                background="var(--" + d["color"] + "-9)",
            ),
            rx.vstack(
                rx.heading(d["client_name"], size="4"),
                rx.text(d["type_name"], size="2", color=rx.color("gray", 11)),
                spacing="0",
            ),
            spacing="3",
        ),
        _line("calendar", d["day_label"] + " · " + d["date"]),
        _line("clock", d["time"]),
        _line("user", d["trainer_name"]),
        _line("info", d["status_label"]),
        _badges(d),
        _actions(),
        spacing="3",
        width="100%",
    )


def booking_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title("Agendamento", margin="0"),
                rx.dialog.close(
                    rx.icon_button(
                        rx.icon("x", size=18),
                        variant="ghost",
                        color_scheme="gray",
                        aria_label="Fechar",
                    )
                ),
                justify="between",
                align="center",
                margin_bottom="0.75em",
            ),
            rx.dialog.description(
                "Detalhes e ações do agendamento.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="0.75em",
            ),
            rx.cond(
                AgendaState.detail_loading,
                loading_block("Carregando agendamento…"),
                rx.match(
                    AgendaState.step,
                    ("cancel", _cancel_step()),
                    ("move", _move_step()),
                    _view_step(),
                ),
            ),
            max_width="480px",
            width="calc(100vw - 24px)",
            data_testid="booking-dialog",
        ),
        open=AgendaState.detail_open,
        on_open_change=AgendaState.set_detail_open,
    )

"""The "Novo agendamento" dialog."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.client_picker import client_picker
from treinico.components.ui import field
from treinico.state.dashboard.agenda import AgendaState
from treinico.state.dashboard.agenda_new import WEEKDAY_NAMES, NewBookingState

S = NewBookingState


def _error(name: str) -> Any:
    return S.errors.get(name, "")


def _client_field() -> rx.Component:
    picker = client_picker(
        input_id="new-client",
        placeholder="Digite o nome do cliente",
        query=S.query,
        on_search=S.search_client,
        matches=S.matches,
        on_pick=lambda m: NewBookingState.pick_client(m["id"]),
        picked_label=S.client_name,
        on_clear=S.clear_client,
        clear_label="Trocar",
    )
    return field("Cliente", picker, _error("client"), html_for="new-client")


def _select(
    label: str, name: str, options: Any, placeholder: str, key: str, numeric_id: bool = False
) -> rx.Component:
    """A select of ``options`` rows; ``numeric_id``: their "id" is a number (sent as text)."""
    control_id = f"new-{name}"
    return field(
        label,
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, width="100%", id=control_id),
            rx.select.content(
                rx.foreach(
                    options,
                    lambda o: rx.select.item(
                        o[key], value=o["id"].to_string() if numeric_id else o["id"]
                    ),
                ),
            ),
            name=name,
            default_value=S.values.get(name, ""),
            size="3",
        ),
        _error(name),
        html_for=control_id,
    )


def _repeat_fields() -> rx.Component:
    return rx.vstack(
        rx.el.fieldset(
            rx.el.legend("Dias da semana", style={"fontSize": "14px", "fontWeight": 500}),
            rx.flex(
                *[rx.checkbox(n, name=f"wd{i}", size="3") for i, n in enumerate(WEEKDAY_NAMES)],
                spacing="3",
                wrap="wrap",
                padding_top="6px",
            ),
            rx.cond(
                _error("weekdays") != "",
                rx.text(_error("weekdays"), size="2", color=rx.color("red", 11), role="alert"),
            ),
            style={"border": "none", "padding": 0, "margin": 0},
        ),
        rx.grid(
            field(
                "Até",
                rx.input(type="date", name="until", id="new-until", size="3", width="100%"),
                _error("until"),
                html_for="new-until",
            ),
            field(
                "Número de semanas",
                rx.input(
                    type="number",
                    name="weeks",
                    id="new-weeks",
                    size="3",
                    width="100%",
                    min="1",
                    max="52",
                    input_mode="numeric",
                ),
                _error("weeks"),
                html_for="new-weeks",
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.text(
            "Preencha a data final ou o número de semanas.", size="1", color=rx.color("gray", 11)
        ),
        spacing="3",
        width="100%",
    )


def _over_plan() -> rx.Component:
    return rx.cond(
        S.over_plan != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(S.over_plan),
            rx.button(
                "Agendar mesmo assim",
                on_click=S.confirm_submit,
                type="button",
                color_scheme="amber",
                size="3",
                loading=S.saving,
                margin_top="0.5em",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _client_field(),
            _select("Profissional", "trainer", AgendaState.members, "Escolha", "name"),
            _select(
                "Tipo de sessão",
                "session_type",
                AgendaState.session_types,
                "Escolha",
                "label",
                numeric_id=True,
            ),
            rx.grid(
                field(
                    "Data",
                    rx.input(
                        type="date",
                        name="day",
                        id="new-day",
                        size="3",
                        width="100%",
                        default_value=S.values.get("day", ""),
                    ),
                    _error("day"),
                    html_for="new-day",
                ),
                field(
                    "Horário",
                    rx.input(
                        type="time",
                        name="time",
                        id="new-time",
                        size="3",
                        width="100%",
                        default_value=S.values.get("time", "07:00"),
                    ),
                    rx.cond(_error("start") != "", _error("start"), _error("time")),
                    html_for="new-time",
                ),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.checkbox("Repetir toda semana", checked=S.repeat, on_change=S.set_repeat, size="3"),
            rx.cond(S.repeat, _repeat_fields()),
            _over_plan(),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        "Cancelar", variant="soft", color_scheme="gray", type="button", size="3"
                    )
                ),
                rx.button("Agendar", type="submit", size="3", loading=S.saving, disabled=S.saving),
                justify="end",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        key=S.form_key,
        width="100%",
    )


def new_booking_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Novo agendamento"),
            rx.dialog.description(
                "Escolha o cliente, o profissional, o tipo de sessão e o horário.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            _form(),
            max_width="520px",
            width="calc(100vw - 24px)",
            data_testid="new-booking-dialog",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )

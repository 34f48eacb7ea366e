"""Pieces of the agenda settings page: form helpers and the "Tipos de sessão" section with
its dialog."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field
from treinico.services.agenda.settings import COLORS
from treinico.state.dashboard.agenda_settings import AgendaSettingsState

S = AgendaSettingsState
COLOR_LABELS = {
    "teal": "Verde-azulado",
    "blue": "Azul",
    "violet": "Violeta",
    "orange": "Laranja",
    "pink": "Rosa",
    "grass": "Verde",
}


def settings_input(label: str, name: str, input_id: str, error: Any, **props: Any) -> rx.Component:
    return field(
        label,
        rx.input(name=name, id=input_id, size="3", width="100%", **props),
        error,
        html_for=input_id,
    )


def settings_section(title: Any, *children: rx.Component, testid: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"),
        width="100%",
        data_testid=testid,
    )


def _type_row(row: Any) -> rx.Component:
    return rx.flex(
        rx.hstack(
            rx.box(
                width="10px",
                height="10px",
                border_radius="50%",
                background="var(--" + row["color"] + "-9)",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(row["name"], weight="medium"),
                rx.text(
                    row["duration_minutes"],
                    " min · capacidade ",
                    row["capacity"],
                    " · ",
                    row["products_label"],
                    size="2",
                    color=rx.color("gray", 11),
                ),
                spacing="0",
                min_width="0",
            ),
            align="center",
            spacing="3",
            min_width="0",
        ),
        rx.hstack(
            rx.button(
                "Editar",
                on_click=S.open_type(row["id"]),
                variant="soft",
                size="2",
                aria_label="Editar " + row["name"],
            ),
            rx.button(
                "Arquivar",
                on_click=S.ask_archive_type(row["id"]),
                variant="soft",
                color_scheme="red",
                size="2",
                aria_label="Arquivar " + row["name"],
            ),
            spacing="2",
        ),
        justify="between",
        align="center",
        spacing="2",
        wrap="wrap",
        width="100%",
        padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="session-type-row",
    )


def session_types_section() -> rx.Component:
    return settings_section(
        "Tipos de sessão",
        rx.cond(
            S.session_types.length() == 0,
            rx.text("Nenhum tipo de sessão ainda.", size="2", color=rx.color("gray", 11)),
            rx.vstack(rx.foreach(S.session_types, _type_row), spacing="0", width="100%"),
        ),
        rx.button(rx.icon("plus", size=16), "Novo tipo", on_click=S.open_type(""), size="3"),
        testid="settings-types",
    )


def session_type_dialog() -> rx.Component:
    v = S.type_values
    form = rx.form(
        rx.vstack(
            settings_input(
                "Nome", "name", "type-name", S.type_errors.get("name", ""), default_value=v["name"]
            ),
            rx.grid(
                settings_input(
                    "Duração em minutos",
                    "duration",
                    "type-duration",
                    S.type_errors.get("duration", ""),
                    type="number",
                    default_value=v["duration"],
                ),
                settings_input(
                    "Capacidade",
                    "capacity",
                    "type-capacity",
                    S.type_errors.get("capacity", ""),
                    type="number",
                    default_value=v["capacity"],
                ),
                columns="2",
                spacing="3",
                width="100%",
            ),
            field(
                "Cor",
                rx.select.root(
                    rx.select.trigger(width="100%", id="type-color"),
                    rx.select.content(*[rx.select.item(COLOR_LABELS[c], value=c) for c in COLORS]),
                    name="color",
                    default_value=v["color"],
                    size="3",
                ),
                html_for="type-color",
            ),
            rx.el.fieldset(
                rx.el.legend(
                    "Planos que esta sessão consome", style={"fontSize": "14px", "fontWeight": 500}
                ),
                rx.vstack(
                    rx.foreach(
                        S.plan_products,
                        lambda p: rx.checkbox(
                            p["name"],
                            name="p" + p["id"].to_string(),
                            default_checked=S.type_products.contains(p["id"].to_string()),
                            size="3",
                        ),
                    ),
                    spacing="2",
                    padding_top="6px",
                ),
                rx.cond(
                    S.plan_products.length() == 0,
                    rx.text(
                        "Nenhum plano com sessões cadastrado.", size="2", color=rx.color("gray", 11)
                    ),
                ),
                style={"border": "none", "padding": 0, "margin": 0},
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        "Cancelar", variant="soft", color_scheme="gray", type="button", size="3"
                    )
                ),
                rx.button("Salvar", type="submit", size="3", loading=S.saving),
                justify="end",
                spacing="3",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save_type,
        key=S.type_key,
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.type_editing, "Editar tipo de sessão", "Novo tipo")),
            rx.dialog.description(
                "Nome, duração, capacidade e planos.",
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            form,
            max_width="480px",
            width="calc(100vw - 24px)",
        ),
        open=S.type_open,
        on_open_change=S.set_type_open,
    )

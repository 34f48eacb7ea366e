"""/painel/clientes: the client list with search, pagination and the "⋯" menu per row."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block, page_header
from treinico.state.dashboard.clients import ClientFormState, ClientsState
from treinico.state.session import SessionState
from treinico.views.dashboard.clients import client_dialogs, client_options_menu


def _avatar(row: Any) -> rx.Component:
    return rx.center(
        rx.text(row["initials"], size="2", weight="bold"),
        width="40px",
        height="40px",
        min_width="40px",
        border_radius="50%",
        background=rx.color("accent", 4),
        color=rx.color("accent", 11),
    )


def _row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.hstack(
                _avatar(row),
                rx.vstack(
                    rx.hstack(
                        rx.text(row["name"], weight="medium", size="3", trim="both"),
                        rx.cond(
                            row["archived"],
                            rx.badge("Arquivado", color_scheme="gray"),
                        ),
                        spacing="2",
                        align="center",
                        wrap="wrap",
                    ),
                    rx.text(row["phone"], size="2", color=rx.color("gray", 11)),
                    spacing="1",
                    min_width="0",
                ),
                rx.cond(
                    row["email"] != "",
                    rx.text(
                        row["email"],
                        size="2",
                        color=rx.color("gray", 11),
                        display=["none", "none", "block"],
                        margin_left="auto",
                        trim="both",
                    ),
                ),
                spacing="3",
                align="center",
                width="100%",
                min_width="0",
            ),
            href="/painel/clientes/" + row["id"].to_string(),
            underline="none",
            color="inherit",
            flex="1",
            min_width="0",
        ),
        client_options_menu(row),
        align="center",
        padding_x="0.75em",
        padding_y="0.7em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        _hover={"background": rx.color("gray", 2)},
        data_testid="client-row",
    )


def _pagination() -> rx.Component:
    return rx.flex(
        rx.text(
            "Página ",
            ClientsState.page,
            " de ",
            ClientsState.pages,
            " · ",
            ClientsState.total,
            rx.cond(ClientsState.total == 1, " cliente", " clientes"),
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.hstack(
            rx.button(
                rx.icon("chevron-left", size=16),
                "Anterior",
                on_click=ClientsState.previous_page,
                disabled=ClientsState.page <= 1,
                variant="soft",
                size="2",
            ),
            rx.button(
                "Próxima",
                rx.icon("chevron-right", size=16),
                on_click=ClientsState.next_page,
                disabled=ClientsState.page >= ClientsState.pages,
                variant="soft",
                size="2",
            ),
            spacing="2",
        ),
        justify="between",
        align="center",
        wrap="wrap",
        spacing="2",
        width="100%",
        padding_top="1em",
    )


def _new_button() -> rx.Component:
    return rx.cond(
        SessionState.can_write_clients,
        rx.button(
            rx.icon("plus", size=16),
            "Novo cliente",
            on_click=ClientFormState.open_create,
            size="3",
        ),
    )


def _list() -> rx.Component:
    empty = rx.cond(
        (ClientsState.query != "") | ClientsState.show_archived,
        empty_state(
            "search-x",
            "Nenhum cliente encontrado",
            "Confira a grafia ou busque pelos números do telefone.",
        ),
        empty_state(
            "users",
            "Nenhum cliente ainda",
            "Cadastre seu primeiro cliente para começar.",
            _new_button(),
        ),
    )
    return rx.cond(
        ClientsState.loading & (ClientsState.rows.length() == 0),
        loading_block("Carregando…"),
        rx.cond(
            ClientsState.rows.length() == 0,
            empty,
            rx.vstack(
                rx.card(
                    rx.vstack(rx.foreach(ClientsState.rows, _row), spacing="0", width="100%"),
                    padding="0",
                    width="100%",
                    opacity=rx.cond(ClientsState.loading, "0.6", "1"),
                ),
                _pagination(),
                width="100%",
                spacing="0",
            ),
        ),
    )


def clients_content() -> rx.Component:
    return rx.vstack(
        page_header("Clientes", _new_button()),
        rx.flex(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                placeholder="Buscar por nome ou telefone",
                on_change=ClientsState.search,
                default_value=ClientsState.query,
                size="3",
                flex="1",
                min_width="200px",
                max_length=80,
                aria_label="Buscar por nome ou telefone",
                type="search",
            ),
            rx.el.label(
                rx.switch(
                    checked=ClientsState.show_archived, on_change=ClientsState.toggle_archived
                ),
                rx.text("Mostrar arquivados", size="2"),
                style={
                    "display": "flex",
                    "gap": "8px",
                    "alignItems": "center",
                    "minHeight": "40px",
                },
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
            margin_bottom="1em",
        ),
        _list(),
        client_dialogs(),
        width="100%",
        spacing="0",
    )


def clients_page() -> rx.Component:
    return dashboard_shell(clients_content(), routes.CLIENTS)

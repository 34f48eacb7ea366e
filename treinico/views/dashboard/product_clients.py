"""A product's page: the filter and search, the client list with checkboxes, the selection
bar with the bulk actions, and the pagination."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.access import status_badge
from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.bulk import BulkState
from treinico.state.dashboard.product_clients import FILTER_OPTIONS, ProductClientsState
from treinico.state.session import SessionState

S = ProductClientsState
CAN_BULK = SessionState.can_write_entitlements


def filters_bar() -> rx.Component:
    return rx.flex(
        rx.box(
            rx.select.root(
                rx.select.trigger(aria_label="Filtrar por status", width="100%"),
                rx.select.content(
                    *[rx.select.item(o["label"], value=o["value"]) for o in FILTER_OPTIONS]
                ),
                value=S.status,
                on_change=S.set_status,
                size="3",
            ),
            min_width="200px",
            flex=rx.breakpoints(initial="1 1 100%", sm="0 0 220px"),
        ),
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Buscar cliente por nome",
            on_change=S.search,
            default_value=S.query,
            size="3",
            flex="1",
            min_width="200px",
            max_length=60,
            aria_label="Buscar cliente por nome",
            type="search",
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _bulk_button(operation: str, label: str, icon: str, color: str) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=14),
        label,
        on_click=BulkState.open_bulk(operation),
        disabled=S.selected_count == 0,
        color_scheme=color,
        variant="soft",
        size="2",
        flex=rx.breakpoints(initial="1", sm="0 0 auto"),
    )


def selection_bar() -> rx.Component:
    """The selected count, "todos os N filtrados" and the bulk actions (write only)."""
    return rx.cond(
        CAN_BULK & (S.total > 0),
        rx.flex(
            rx.vstack(
                rx.text(
                    rx.cond(
                        S.selected_count == 1,
                        "1 cliente selecionado",
                        S.selected_count.to_string() + " clientes selecionados",
                    ),
                    size="2",
                    weight="medium",
                    data_testid="selected-count",
                ),
                rx.hstack(
                    rx.cond(
                        ~S.all_filtered & (S.total > 0),
                        rx.link(
                            "Selecionar todos os ",
                            S.total,
                            " filtrados",
                            on_click=S.select_all_filtered,
                            as_="button",
                            size="2",
                        ),
                        rx.text("Todos os filtrados estão selecionados.", size="2"),
                    ),
                    rx.cond(
                        S.selected_count > 0,
                        rx.link(
                            "Limpar seleção",
                            on_click=S.clear_selection,
                            as_="button",
                            size="2",
                            color_scheme="gray",
                        ),
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="1",
            ),
            rx.hstack(
                _bulk_button("grant", "Conceder", "circle-plus", "grass"),
                _bulk_button("extend", "Estender", "calendar-plus", "blue"),
                _bulk_button("revoke", "Revogar", "ban", "red"),
                spacing="2",
                width=rx.breakpoints(initial="100%", sm="auto"),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.75em",
            width="100%",
            padding="0.75em",
            border_radius="8px",
            background=rx.color("accent", 2),
            border=f"1px solid {rx.color('accent', 5)}",
            data_testid="selection-bar",
        ),
    )


def _row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.cond(
            CAN_BULK,
            rx.checkbox(
                checked=S.all_filtered | S.selected.contains(row["client_id"].to_string()),
                on_change=lambda v: S.toggle(row["client_id"], v),
                size="3",
                aria_label="Selecionar " + row["name"],
            ),
        ),
        rx.flex(
            rx.link(row["name"], href=row["href"], weight="medium", size="3", underline="hover"),
            rx.hstack(
                status_badge(row["status"], row["status_label"]),
                rx.text(
                    row["time_left"],
                    rx.cond(
                        (row["ends_on"] != "") & (row["ends_on"] != row["time_left"]),
                        rx.cond(row["time_left"] != "", " · ", "") + row["ends_on"],
                        "",
                    ),
                    size="2",
                    color=rx.color("gray", 11),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            justify="between",
            align=rx.breakpoints(initial="start", sm="center"),
            gap="0.35em",
            flex="1",
            min_width="0",
        ),
        align="center",
        spacing="3",
        padding_x="0.9em",
        padding_y="0.7em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        data_testid="product-client-row",
    )


def _list_header() -> rx.Component:
    return rx.hstack(
        rx.cond(
            CAN_BULK,
            rx.checkbox(
                "Selecionar página",
                checked=S.page_all_selected,
                on_change=S.toggle_page,
                size="3",
            ),
        ),
        rx.spacer(),
        rx.text(
            S.total,
            rx.cond(S.total == 1, " cliente", " clientes"),
            size="2",
            color=rx.color("gray", 11),
        ),
        align="center",
        padding_x="0.9em",
        padding_y="0.6em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
        width="100%",
    )


def _pagination() -> rx.Component:
    return rx.cond(
        S.pages > 1,
        rx.flex(
            rx.text("Página ", S.page, " de ", S.pages, size="2", color=rx.color("gray", 11)),
            rx.hstack(
                rx.button(
                    rx.icon("chevron-left", size=16),
                    "Anterior",
                    on_click=S.previous_page,
                    disabled=S.page <= 1,
                    variant="soft",
                    size="2",
                ),
                rx.button(
                    "Próxima",
                    rx.icon("chevron-right", size=16),
                    on_click=S.next_page,
                    disabled=S.page >= S.pages,
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
        ),
    )


def client_list() -> rx.Component:
    empty = rx.cond(
        S.query != "",
        empty_state("search-x", "Nenhum cliente encontrado", "Tente outro nome ou outro filtro."),
        empty_state(
            "users",
            "Nenhum cliente neste filtro",
            "Escolha outro status no filtro. Para conceder acesso a quem ainda não tem, "
            "filtre por \u201cSem acesso\u201d.",
        ),
    )
    return rx.cond(
        S.loading & (S.rows.length() == 0),
        loading_block("Carregando clientes…"),
        rx.cond(
            S.rows.length() == 0,
            empty,
            rx.vstack(
                rx.card(
                    rx.vstack(_list_header(), rx.foreach(S.rows, _row), spacing="0", width="100%"),
                    padding="0",
                    width="100%",
                    opacity=rx.cond(S.loading, "0.6", "1"),
                ),
                _pagination(),
                spacing="3",
                width="100%",
            ),
        ),
    )

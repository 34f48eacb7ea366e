"""A client search-and-pick control: type a name, pick one of the matches, see the choice
with a button to change it. The state keeps the matches' ids on the server (the browser
sends back a key or id the state resolves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx


def client_picker(
    *,
    input_id: str,
    placeholder: str,
    query: Any,
    on_search: Any,
    matches: Any,
    on_pick: Callable[[Any], Any],
    picked_label: Any,
    on_clear: Any,
    clear_label: str,
    clear_aria: str | None = None,
    testid_prefix: str = "",
) -> rx.Component:
    """The picked client when ``picked_label`` is set, otherwise the search box and its
    matches (``matches`` rows carry "name" and "phone")."""

    def match(m: Any) -> rx.Component:
        return rx.button(
            rx.text(m["name"], weight="medium"),
            rx.text(m["phone"], size="1", color=rx.color("gray", 11)),
            on_click=on_pick(m),
            type="button",
            variant="ghost",
            color_scheme="gray",
            size="3",
            justify="start",
            width="100%",
            data_testid=f"{testid_prefix}client-match",
            style={"flexWrap": "wrap", "height": "auto", "paddingBlock": "6px"},
        )

    picked = rx.hstack(
        rx.icon("user-check", size=18, color=rx.color("accent", 11)),
        rx.text(
            picked_label, weight="medium", flex="1", data_testid=f"{testid_prefix}picked-client"
        ),
        rx.button(
            clear_label,
            on_click=on_clear,
            type="button",
            variant="soft",
            color_scheme="gray",
            size="2",
            aria_label=clear_aria,
        ),
        align="center",
        width="100%",
        padding="8px",
        border_radius="8px",
        background=rx.color("accent", 3),
    )
    search = rx.vstack(
        rx.input(
            placeholder=placeholder,
            id=input_id,
            value=query,
            on_change=on_search,
            size="3",
            width="100%",
            auto_complete="off",
        ),
        rx.cond(
            matches.length() > 0,
            rx.vstack(
                rx.foreach(matches, match),
                spacing="0",
                width="100%",
                border=f"1px solid {rx.color('gray', 5)}",
                border_radius="8px",
                padding="4px",
                role="group",
                aria_label="Clientes encontrados",
            ),
            rx.cond(
                query.length() >= 2,
                rx.text("Nenhum cliente encontrado.", size="2", color=rx.color("gray", 11)),
            ),
        ),
        spacing="1",
        width="100%",
    )
    return rx.cond(picked_label != "", picked, search)

"""Comércio > Vencendo em breve: the window selector, one row per access with its renewal,
and the bulk renewal with its per-row results."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.expiring import ExpiringState
from treinico.state.session import SessionState

S = ExpiringState


def _renew_button(row: Any) -> rx.Component:
    return rx.cond(
        SessionState.can_write_entitlements & (row["renew_to"] != ""),
        rx.button(
            rx.icon("refresh-cw", size=14),
            rx.vstack(
                # The trailing space keeps the two lines apart in the button's text, which
                # its accessible name must contain ("… período até 16/01").
                rx.text("Renovar por mais um período ", size="2"),
                rx.text("até ", row["renew_to"], size="1", opacity="0.85"),
                spacing="0",
                align="start",
            ),
            on_click=S.renew(row["id"]),
            loading=S.renewing == row["id"].to_string(),
            disabled=S.renewing != "",
            variant="soft",
            size="2",
            height="auto",
            padding_y="0.4em",
            # The name starts with what the button shows (label in name), then whose access.
            aria_label="Renovar por mais um período até " + row["renew_to"] + " — " + row["name"],
            data_testid="renew-button",
        ),
    )


def _row(row: Any) -> rx.Component:
    check = rx.cond(
        SessionState.can_write_entitlements,
        rx.checkbox(
            checked=S.selected.contains(row["id"].to_string()),
            on_change=lambda v: S.toggle(row["id"], v),
            disabled=row["renew_to"] == "",
            size="3",
            aria_label="Selecionar " + row["name"] + " — " + row["product"],
        ),
    )
    return rx.flex(
        rx.hstack(
            check,
            rx.vstack(
                rx.link(
                    row["name"], href=row["href"], weight="medium", size="3", underline="hover"
                ),
                rx.link(
                    row["product"],
                    href=row["product_href"],
                    size="2",
                    color_scheme="gray",
                    underline="hover",
                ),
                rx.hstack(
                    rx.badge(
                        row["time_left"],
                        color_scheme=rx.cond(row["today"], "red", "amber"),
                        variant="soft",
                    ),
                    rx.text("Último dia: ", row["ends_on"], size="1", color=rx.color("gray", 11)),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                min_width="0",
            ),
            spacing="3",
            align="start",
            flex="1",
            min_width="0",
        ),
        _renew_button(row),
        rx.cond(
            SessionState.can_write_entitlements & (row["renew_to"] == ""),
            rx.text(
                "Sem período de cobrança: estenda pelo cliente.",
                size="1",
                color=rx.color("gray", 11),
                max_width="16em",
            ),
        ),
        justify="between",
        align=rx.breakpoints(initial="start", sm="center"),
        direction=rx.breakpoints(initial="column", sm="row"),
        gap="0.6em",
        padding_x="0.9em",
        padding_y="0.75em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        data_testid="expiring-row",
    )


def _results() -> rx.Component:
    return rx.cond(
        S.results.length() > 0,
        rx.callout.root(
            rx.vstack(
                rx.hstack(
                    rx.text("Resultado da renovação", weight="bold", size="2"),
                    rx.spacer(),
                    rx.icon_button(
                        rx.icon("x", size=14),
                        on_click=S.dismiss_results,
                        variant="ghost",
                        size="1",
                        aria_label="Fechar resultado",
                    ),
                    width="100%",
                    align="center",
                ),
                rx.foreach(
                    S.results,
                    lambda r: rx.hstack(
                        rx.cond(
                            r["ok"],
                            rx.icon("circle-check", size=16, color=rx.color("grass", 11)),
                            rx.icon("triangle-alert", size=16, color=rx.color("amber", 11)),
                        ),
                        rx.text(rx.text.strong(r["client_name"]), " — ", r["message"], size="2"),
                        spacing="2",
                        align="start",
                        data_testid="renew-result",
                    ),
                ),
                spacing="1",
                width="100%",
            ),
            color_scheme="gray",
            variant="surface",
            width="100%",
        ),
    )


def _toolbar() -> rx.Component:
    bulk = rx.cond(
        SessionState.can_write_entitlements & (S.renewable_count > 0),
        rx.hstack(
            rx.checkbox(
                "Selecionar todos",
                checked=(S.selected.length() == S.renewable_count) & (S.renewable_count > 0),
                on_change=S.toggle_all,
                size="3",
            ),
            rx.button(
                rx.icon("refresh-cw", size=14),
                "Renovar selecionados (",
                S.selected.length(),
                ")",
                on_click=S.renew_selected,
                disabled=(S.selected.length() == 0) | (S.renewing != ""),
                loading=S.renewing == "*",
                size="2",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
    )
    return rx.flex(
        rx.hstack(
            rx.text("Próximos", size="2", id="expiring-window-label"),
            rx.segmented_control.root(
                rx.segmented_control.item("7 dias", value="7"),
                rx.segmented_control.item("15 dias", value="15"),
                rx.segmented_control.item("30 dias", value="30"),
                value=S.days,
                on_change=S.set_days,
                aria_labelledby="expiring-window-label",
            ),
            spacing="2",
            align="center",
        ),
        bulk,
        justify="between",
        align="center",
        wrap="wrap",
        gap="0.75em",
        width="100%",
    )


def expiring_section() -> rx.Component:
    body = rx.cond(
        S.loading & (S.rows.length() == 0),
        loading_block("Carregando acessos…"),
        rx.cond(
            S.forbidden != "",
            empty_state("lock", "Vencendo em breve", S.forbidden),
            rx.cond(
                S.rows.length() == 0,
                empty_state(
                    "calendar-check",
                    "Tudo em dia",
                    "Nenhum acesso vence nos próximos " + S.days + " dias.",
                ),
                rx.card(
                    rx.vstack(rx.foreach(S.rows, _row), spacing="0", width="100%"),
                    padding="0",
                    width="100%",
                    opacity=rx.cond(S.loading, "0.6", "1"),
                ),
            ),
        ),
    )
    return rx.vstack(_toolbar(), _results(), body, spacing="3", width="100%")

"""The bulk dialog of a product's page: choose (period, date or reason), see the preview,
confirm, read the result per client."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field
from treinico.state.dashboard.bulk import BulkState

S = BulkState
OUTCOME_ICONS = (
    ("changed", rx.icon("circle-check", size=16, color=rx.color("grass", 11))),
    ("conflict", rx.icon("triangle-alert", size=16, color=rx.color("amber", 11))),
    ("pending", rx.icon("circle-arrow-right", size=16, color=rx.color("blue", 11))),
)


def _radio(value: str, label: str, hint: Any) -> rx.Component:
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


def _mode_choice(period_label: str, period_hint: str) -> rx.Component:
    return rx.vstack(
        rx.radio_group.root(
            rx.vstack(
                _radio("period", period_label, period_hint),
                _radio("date", "Até a data", "Todos ficam com acesso até o fim do dia escolhido."),
                spacing="3",
            ),
            value=S.mode,
            on_change=S.set_mode,
            aria_label="Como",
        ),
        rx.cond(
            S.mode == "date",
            field(
                "Data",
                rx.input(
                    type="date",
                    name="until",
                    id="bulk-until",
                    default_value=S.until,
                    size="3",
                    width="100%",
                    required=True,
                ),
                S.bulk_errors.get("until", ""),
                html_for="bulk-until",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _form_body() -> rx.Component:
    return rx.match(
        S.operation,
        (
            "grant",
            rx.vstack(
                _mode_choice(
                    "Um período a partir de hoje",
                    "Cada cliente recebe um período de cobrança do produto, começando hoje.",
                ),
                rx.text(
                    "Quem já tem acesso é ignorado. Dica: filtre por \u201cSem acesso\u201d.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        (
            "revoke",
            rx.vstack(
                rx.callout(
                    "Os clientes selecionados perdem o acesso a este produto na hora.",
                    icon="triangle-alert",
                    color_scheme="red",
                    width="100%",
                ),
                field(
                    "Motivo",
                    rx.text_area(
                        name="reason",
                        id="bulk-reason",
                        default_value=S.reason,
                        placeholder="Opcional. Fica no histórico de cada cliente.",
                        rows="2",
                        width="100%",
                        max_length=500,
                    ),
                    S.bulk_errors.get("reason", ""),
                    html_for="bulk-reason",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        _mode_choice(
            "Mais um período",
            "Cada acesso ganha um período de cobrança a partir da expiração atual.",
        ),
    )


def _close_button(label: str = "Cancelar") -> rx.Component:
    return rx.dialog.close(
        rx.button(label, variant="soft", color_scheme="gray", size="3", type="button")
    )


def _form_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            _form_body(),
            rx.flex(
                _close_button(),
                rx.button(
                    "Ver prévia",
                    type="submit",
                    size="3",
                    loading=S.bulk_busy,
                    disabled=S.bulk_busy,
                ),
                spacing="3",
                justify="end",
                width="100%",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.make_preview,
        width="100%",
    )


def _result_row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.match(
            row["outcome"],
            *OUTCOME_ICONS,
            rx.icon("circle-minus", size=16, color=rx.color("gray", 10)),
        ),
        rx.vstack(
            rx.text(row["name"], size="2", weight="medium"),
            rx.text(row["message"], size="1", color=rx.color("gray", 11)),
            spacing="0",
            min_width="0",
        ),
        rx.spacer(),
        rx.text(
            row["outcome_label"],
            size="1",
            color=rx.color("gray", 11),
            white_space="nowrap",
        ),
        spacing="2",
        align="start",
        width="100%",
        padding_y="0.45em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="bulk-row",
    )


def _rows() -> rx.Component:
    return rx.vstack(
        rx.scroll_area(
            rx.vstack(rx.foreach(S.result_rows, _result_row), spacing="0", width="100%"),
            type="auto",
            scrollbars="vertical",
            max_height="45vh",
        ),
        rx.cond(
            S.shown_more > 0,
            rx.text("e mais ", S.shown_more, " cliente(s).", size="1", color=rx.color("gray", 11)),
        ),
        spacing="1",
        width="100%",
    )


def _preview_step() -> rx.Component:
    return rx.vstack(
        rx.callout(S.summary, icon="info", width="100%", data_testid="bulk-summary"),
        _rows(),
        rx.flex(
            rx.button(
                rx.icon("arrow-left", size=16),
                "Voltar",
                on_click=S.back_to_form,
                variant="soft",
                color_scheme="gray",
                size="3",
                disabled=S.bulk_busy,
            ),
            rx.button(
                "Confirmar",
                on_click=S.confirm,
                size="3",
                loading=S.bulk_busy,
                disabled=S.bulk_busy | (S.to_change == 0),
                color_scheme=rx.cond(S.operation == "revoke", "red", "accent"),
            ),
            spacing="3",
            justify="end",
            width="100%",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def _summary(icon: str, color: str) -> rx.Component:
    return rx.callout(
        S.summary, icon=icon, color_scheme=color, width="100%", data_testid="bulk-summary"
    )


def _result_step() -> rx.Component:
    return rx.vstack(
        # Two callouts with static icons: an icon named by a var brings every lucide icon
        # to the page (240 KB of script on each load of the product page).
        rx.cond(
            S.conflicts > 0,
            _summary("triangle-alert", "amber"),
            _summary("circle-check", "grass"),
        ),
        _rows(),
        rx.flex(
            rx.button("Concluir", on_click=S.finish, size="3"),
            justify="end",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def bulk_dialog() -> rx.Component:
    title = rx.match(
        S.operation,
        ("grant", "Conceder acesso"),
        ("revoke", "Revogar acesso"),
        "Estender acesso",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                title,
                rx.match(S.step, ("preview", " — prévia"), ("result", " — resultado"), ""),
            ),
            rx.dialog.description(
                S.product["name"],
                " · ",
                rx.cond(
                    S.selected_count == 1,
                    "1 cliente selecionado",
                    S.selected_count.to_string() + " clientes selecionados",
                ),
                size="2",
                color=rx.color("gray", 11),
                margin_bottom="1em",
            ),
            rx.match(
                S.step,
                ("preview", _preview_step()),
                ("result", _result_step()),
                _form_step(),
            ),
            max_width="560px",
            width="calc(100vw - 24px)",
        ),
        open=S.bulk_open,
        on_open_change=S.set_bulk_open,
    )

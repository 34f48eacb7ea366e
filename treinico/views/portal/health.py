"""Portal pieces bound to the health state: the list of visible records, one record's text
and attachment links, and the states without the module or without consent."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import PREFETCH, empty_state, loading_block
from treinico.state.portal.health import PortalHealthState as S

TAP = "44px"


def _muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, **{"size": "2", "color": rx.color("gray", 11), **props})


def _record_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.button(
            rx.vstack(
                rx.text(row["title"], size="3", weight="bold", overflow_wrap="anywhere"),
                rx.text(
                    row["date_label"] + " · " + row["kind_label"],
                    size="2",
                    color=rx.color("gray", 11),
                ),
                spacing="1",
                align="start",
                flex="1",
                min_width="0",
            ),
            rx.icon("chevron-right", size=20, color=rx.color("gray", 10)),
            variant="ghost",
            size="3",
            width="100%",
            height="auto",
            min_height="56px",
            padding="10px 8px",
            justify_content="space-between",
            text_align="left",
            color=rx.color("gray", 12),
            on_click=S.open_record(row["id"]),
        ),
        style={"listStyle": "none", "borderBottom": f"1px solid {rx.color('gray', 4)}"},
        data_testid="health-record",
    )


def record_list() -> rx.Component:
    return rx.cond(
        S.records.length() == 0,
        empty_state(
            "file-heart",
            "Nenhum registro liberado",
            "Quando a equipe liberar um registro de saúde para você, ele aparece aqui.",
        ),
        rx.card(
            rx.el.ul(
                rx.foreach(S.records, _record_row),
                style={"margin": 0, "padding": 0, "width": "100%"},
                aria_label="Registros de saúde",
            ),
            size="1",
            width="100%",
        ),
    )


def no_consent() -> rx.Component:
    return empty_state(
        "shield-off",
        "Sem consentimento para dados de saúde",
        "Para ver aqui os registros que a equipe liberar, autorize o tratamento dos seus dados "
        "de saúde em Privacidade. Você pode revogar quando quiser.",
        rx.link(
            rx.button(
                rx.icon("shield-check", size=18),
                "Ir para Privacidade",
                size="3",
                min_height=TAP,
            ),
            href=S.privacy_url,
            custom_attrs=PREFETCH,
        ),
    )


def not_enabled() -> rx.Component:
    return empty_state(
        "file-heart",
        "Registros de saúde indisponíveis",
        "Este negócio não mantém registros de saúde na área do cliente.",
    )


def _attachment(a: Any) -> rx.Component:
    # A plain document link to the authorised HTTP route: the bytes never cross the
    # websocket, and the route checks the session, visibility and consent again.
    return rx.el.li(
        rx.button(
            rx.el.a(
                rx.icon("paperclip", size=16),
                rx.text.span(a["name"], overflow_wrap="anywhere", min_width="0"),
                rx.text.span("(" + a["size"] + ")", color=rx.color("gray", 11)),
                href=a["href"],
                download="",
                reload_document=True,
                aria_label=a["label"],
            ),
            as_child=True,
            variant="soft",
            size="3",
            width="100%",
            min_height=TAP,
            height="auto",
            justify_content="start",
        ),
        style={"listStyle": "none"},
        data_testid="health-attachment",
    )


def _record_body() -> rx.Component:
    return rx.vstack(
        _muted(
            S.record["date_label"]
            + " · "
            + S.record["kind_label"]
            + " · "
            + S.record["author_name"]
        ),
        rx.text(
            S.record_body,
            size="3",
            white_space="pre-wrap",
            overflow_wrap="anywhere",
            data_testid="health-record-body",
        ),
        rx.cond(
            S.attachments.length() > 0,
            rx.vstack(
                rx.heading("Anexos", size="3"),
                rx.el.ul(
                    rx.foreach(S.attachments, _attachment),
                    style={
                        "margin": 0,
                        "padding": 0,
                        "width": "100%",
                        "display": "flex",
                        "flexDirection": "column",
                        "gap": "8px",
                    },
                ),
                spacing="2",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def record_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title(
                    rx.cond(S.record_loading, "Abrindo registro…", S.record["title"]),
                    size="5",
                    margin="0",
                    flex="1",
                    min_width="0",
                    overflow_wrap="anywhere",
                ),
                rx.dialog.close(
                    rx.icon_button(
                        rx.icon("x", size=20),
                        variant="ghost",
                        color_scheme="gray",
                        size="3",
                        aria_label="Fechar",
                    )
                ),
                align="start",
                justify="between",
                spacing="3",
                width="100%",
            ),
            rx.dialog.description(
                "Registro de saúde liberado para você pela equipe.",
                size="1",
                color=rx.color("gray", 11),
                margin_bottom="8px",
            ),
            rx.cond(S.record_loading, loading_block(), _record_body()),
            max_width="560px",
            width="calc(100vw - 24px)",
            max_height="calc(100dvh - 32px)",
            overflow_y="auto",
        ),
        open=S.record_open,
        on_open_change=S.set_record_open,
    )


def health_body() -> rx.Component:
    return rx.cond(
        ~S.loading,
        rx.cond(
            S.enabled,
            rx.cond(S.consent_given, record_list(), no_consent()),
            not_enabled(),
        ),
        loading_block(),
    )

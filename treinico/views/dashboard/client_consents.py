"""The client page's "Consentimentos (LGPD)" card: purposes, in-person recording, ledger."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import loading_block
from treinico.state.dashboard.client_consents import ClientConsentsState
from treinico.state.session import SessionState

S = ClientConsentsState


def _purpose(p: Any) -> rx.Component:
    action = rx.cond(
        SessionState.can_write_clients,
        rx.cond(
            p["given"],
            rx.button(
                "Registrar revogação",
                on_click=S.ask_record(p["purpose"], False),
                variant="soft",
                color_scheme="red",
                size="2",
                aria_label="Registrar revogação — " + p["label"],
            ),
            rx.button(
                "Registrar consentimento presencial",
                on_click=S.ask_record(p["purpose"], True),
                variant="soft",
                size="2",
                aria_label="Registrar consentimento presencial — " + p["label"],
                white_space="normal",
                height="auto",
                min_height="32px",
            ),
        ),
    )
    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.text(p["label"], size="2", weight="medium"),
                rx.badge(p["status"], color_scheme=p["color"].to(str), variant="soft"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.cond(p["when"] != "", rx.text(p["when"], size="1", color=rx.color("gray", 11))),
            rx.cond(
                p["version"] != "", rx.text(p["version"], size="1", color=rx.color("gray", 11))
            ),
            spacing="1",
            min_width="0",
            flex="1 1 16em",  # narrower than this, the button goes below
        ),
        action,
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
        padding_y="0.6em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="consent-purpose",
    )


def _ledger_row(r: Any) -> rx.Component:
    return rx.vstack(
        rx.text(r["action"], " — ", r["purpose_label"], size="2", weight="medium"),
        rx.text(
            r["at_label"],
            " · ",
            r["channel_label"],
            " · texto versão ",
            r["text_version"],
            size="1",
            color=rx.color("gray", 11),
        ),
        spacing="0",
        width="100%",
        padding_y="0.4em",
        border_bottom=f"1px solid {rx.color('gray', 3)}",
        data_testid="consent-ledger-row",
    )


def client_consents_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Consentimentos (LGPD)", size="3"),
            rx.cond(
                S.loading,
                loading_block("Carregando consentimentos…"),
                rx.vstack(
                    rx.vstack(rx.foreach(S.states, _purpose), spacing="0", width="100%"),
                    rx.el.details(
                        rx.el.summary(
                            "Histórico de consentimentos (",
                            S.history.length(),
                            ")",
                            class_name="tr-summary",
                        ),
                        rx.cond(
                            S.history.length() == 0,
                            rx.text(
                                "Nenhuma resposta registrada ainda.",
                                size="2",
                                color=rx.color("gray", 11),
                            ),
                            rx.vstack(rx.foreach(S.history, _ledger_row), spacing="0"),
                        ),
                        style={"width": "100%"},
                        data_testid="consent-ledger",
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="client-consents",
    )


def client_consents_dialogs() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(S.confirm_give, "Registrar consentimento presencial", "Registrar revogação")
            ),
            rx.alert_dialog.description(S.confirm_body, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Cancelar", variant="soft", color_scheme="gray", size="3")
                ),
                rx.button(
                    rx.cond(S.confirm_give, "Registrar consentimento", "Registrar revogação"),
                    on_click=S.confirm_record,
                    color_scheme=rx.cond(S.confirm_give, "teal", "red"),
                    size="3",
                    loading=S.saving,
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
                wrap="wrap",
            ),
            max_width="460px",
            width="calc(100vw - 24px)",
        ),
        open=S.confirm_open,
        on_open_change=S.set_confirm_open,
    )

"""Privacidade in the portal: the form that asks the team to correct or delete the client's
data (answered within 15 days) and the client's requests so far, with their status."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import field
from treinico.state.portal.privacy import PortalPrivacyState as P
from treinico.views.portal.privacy import TAP, muted


def _request_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.flex(
                rx.text(row["kind"], size="3", weight="bold"),
                rx.badge(
                    row["status"],
                    color_scheme=rx.cond(row["status"] == "Atendido", "green", "amber"),
                    variant="soft",
                    size="2",
                    high_contrast=True,
                ),
                justify="between",
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.text(row["message"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            muted("Enviado em " + row["created"] + " · Prazo: " + row["due"], size="1"),
            rx.cond(
                row["resolution"] != "",
                rx.text("Resposta: " + row["resolution"], size="2", overflow_wrap="anywhere"),
            ),
            spacing="1",
            width="100%",
        ),
        style={
            "listStyle": "none",
            "padding": "10px 0",
            "borderBottom": f"1px solid {rx.color('gray', 4)}",
        },
        data_testid="request-row",
    )


def _kind_option(value: str, title: str, hint: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.radio_group.item(value=value, margin_top="3px"),
            rx.vstack(
                rx.text(title, size="3", weight="medium"),
                rx.text(hint, size="2", color=rx.color("gray", 11)),
                spacing="0",
            ),
            spacing="2",
            align="start",
        ),
        style={"cursor": "pointer", "display": "block", "minHeight": TAP},
    )


def request_form() -> rx.Component:
    errors = P.request_errors
    return rx.vstack(
        muted("A equipe responde em até 15 dias (LGPD, art. 19)."),
        rx.form(
            rx.vstack(
                rx.vstack(
                    rx.text("Tipo de pedido", size="2", weight="medium", id="request-kind"),
                    rx.radio_group.root(
                        rx.vstack(
                            _kind_option(
                                "correcao", "Correção", "Algum dado meu está errado ou incompleto."
                            ),
                            _kind_option("exclusao", "Exclusão", "Quero que apaguem dados meus."),
                            spacing="2",
                        ),
                        name="kind",
                        aria_labelledby="request-kind",
                    ),
                    rx.cond(
                        errors.contains("kind"),
                        rx.text(errors["kind"], size="2", color=rx.color("red", 11), role="alert"),
                    ),
                    spacing="2",
                    width="100%",
                ),
                field(
                    "Descrição",
                    rx.text_area(
                        name="message",
                        id="request-message",
                        placeholder="Ex.: meu e-mail mudou para …",
                        rows="4",
                        max_length=2000,
                        size="3",
                        width="100%",
                    ),
                    rx.cond(errors.contains("message"), errors["message"], ""),
                    html_for="request-message",
                ),
                rx.button(
                    rx.icon("send", size=18),
                    "Enviar pedido",
                    type="submit",
                    size="3",
                    min_height=TAP,
                    width="100%",
                    loading=P.request_saving,
                    disabled=P.request_saving,
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=P.submit_request,
            key=P.request_form_key,
            width="100%",
        ),
        rx.cond(
            P.requests.length() > 0,
            rx.vstack(
                rx.heading("Meus pedidos", size="3"),
                rx.el.ul(
                    rx.foreach(P.requests, _request_row),
                    style={"margin": 0, "padding": 0, "width": "100%"},
                ),
                spacing="1",
                width="100%",
                padding_top="8px",
            ),
        ),
        spacing="3",
        width="100%",
    )

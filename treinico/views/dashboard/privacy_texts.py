"""Privacidade's "Textos de consentimento" tab: the text each client reads before accepting,
purpose by purpose, and the dialog that publishes a new version."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import cancel_and_submit, field, loading_block
from treinico.state.dashboard.privacy_texts import PrivacyTextsState

T = PrivacyTextsState


def _text(t: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(t["label"], size="3", weight="medium"),
                    rx.text(t["hint"], size="1", color=rx.color("gray", 11)),
                    spacing="0",
                    min_width="0",
                ),
                rx.button(
                    rx.icon("file-pen-line", size=16),
                    "Publicar nova versão",
                    on_click=T.open_publish(t["purpose"]),
                    size="2",
                    variant="soft",
                    aria_label="Publicar nova versão — " + t["label"],
                ),
                justify="between",
                align="start",
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            rx.text(
                "Versão ",
                t["version"],
                ", publicada em ",
                t["published_label"],
                size="1",
                color=rx.color("gray", 11),
                data_testid="consent-text-version",
            ),
            rx.text(t["title"], size="2", weight="bold"),
            rx.el.details(
                rx.el.summary("Ler o texto", class_name="tr-summary"),
                rx.text(
                    t["body"],
                    size="2",
                    white_space="pre-wrap",
                    overflow_wrap="anywhere",
                    padding_top="0.5em",
                ),
                style={"width": "100%"},
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="consent-text",
    )


def texts_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            "O texto que cada cliente lê antes de aceitar. Cada consentimento fica ligado à "
            "versão aceita.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.cond(
            T.loading,
            loading_block("Carregando textos…"),
            rx.vstack(rx.foreach(T.texts, _text), spacing="3", width="100%"),
        ),
        spacing="3",
        width="100%",
    )


def publish_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Publicar nova versão"),
            rx.dialog.description(T.form_label, size="2", color=rx.color("gray", 11)),
            rx.callout(
                "Os consentimentos já dados continuam ligados à versão que a pessoa aceitou; "
                "novos consentimentos registram esta. Uma nova versão dos Termos de uso é "
                "pedida de novo a cada cliente na próxima entrada na área do cliente.",
                icon="info",
                size="1",
                width="100%",
                margin_y="1em",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Título",
                        rx.input(
                            name="title",
                            id="text-title",
                            default_value=T.form_title,
                            size="3",
                            width="100%",
                            max_length=120,
                        ),
                        T.errors.get("title", ""),
                        html_for="text-title",
                    ),
                    field(
                        "Texto",
                        rx.text_area(
                            name="body",
                            id="text-body",
                            default_value=T.form_body,
                            rows="12",
                            width="100%",
                        ),
                        T.errors.get("body", ""),
                        html_for="text-body",
                    ),
                    cancel_and_submit("Publicar versão", saving=T.saving),
                    spacing="3",
                    width="100%",
                ),
                on_submit=T.publish,
                key=T.form_key,
            ),
            max_width="620px",
            width="calc(100vw - 24px)",
        ),
        open=T.form_open,
        on_open_change=T.set_form_open,
    )

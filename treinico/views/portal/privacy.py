"""The client's consents in the portal: the terms screen on first entry (the terms, and the
health consent apart from them), the purpose cards on Privacidade with their confirmation,
and the pieces the portal's privacy sections share (tap height, muted text, a scrollable
consent text)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog
from treinico.state.portal.privacy import HEALTH_NO, HEALTH_YES
from treinico.state.portal.privacy import PortalPrivacyState as P
from treinico.state.portal.privacy import PortalTermsState as T

TAP = "44px"


def muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, **{"size": "2", "color": rx.color("gray", 11), **props})


def long_text(body: Any, label: Any, max_height: str = "45vh", **props: Any) -> rx.Component:
    """A consent text in a scrollable box that keyboard users can scroll too."""
    return rx.box(
        rx.text(body, size="3", white_space="pre-wrap", overflow_wrap="anywhere"),
        max_height=max_height,
        overflow_y="auto",
        padding="12px 14px",
        border_radius="8px",
        border=f"1px solid {rx.color('gray', 6)}",
        background=rx.color("gray", 1),
        width="100%",
        tab_index=0,
        role="region",
        aria_label=label,
        **props,
    )


# ---------------------------------------------------------------- terms screen


def _health_option(value: str, title: str, hint: str) -> rx.Component:
    return rx.radio_cards.item(
        rx.vstack(
            rx.text(title, size="3", weight="bold"),
            rx.text(hint, size="2", color=rx.color("gray", 11)),
            spacing="1",
            align="start",
            width="100%",
        ),
        value=value,
        min_height="56px",
        justify_content="start",
        text_align="left",
    )


def _health_question() -> rx.Component:
    """The health consent, apart from the terms and highlighted (LGPD art. 11, I: specific
    and highlighted). Nothing is pre-selected."""
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.icon("heart-pulse", size=22, color=rx.color("accent", 11)),
                rx.heading(T.health_title, size="4", id="health-question"),
                spacing="2",
                align="center",
            ),
            rx.text(
                T.business_name,
                " mantém registros de saúde. Este consentimento é separado dos termos: "
                "você pode usar a área do cliente com qualquer resposta.",
                size="2",
                weight="medium",
            ),
            long_text(T.health_body, "Texto do consentimento para dados de saúde", "30vh"),
            rx.radio_cards.root(
                _health_option(
                    HEALTH_YES,
                    "Autorizo o tratamento dos meus dados de saúde",
                    "A equipe pode registrar seus dados de saúde e você vê os registros "
                    "que ela liberar.",
                ),
                _health_option(
                    HEALTH_NO,
                    "Agora não",
                    "Você pode autorizar depois em Privacidade.",
                ),
                name="health",
                columns="1",
                width="100%",
                aria_labelledby="health-question",
                data_testid="health-choice",
            ),
            rx.cond(
                T.health_error != "",
                rx.text(T.health_error, size="2", color=rx.color("red", 11), role="alert"),
            ),
            spacing="3",
            width="100%",
        ),
        padding="14px",
        border_radius="12px",
        border=f"2px solid {rx.color('accent', 8)}",
        background=rx.color("accent", 3),
        width="100%",
        role="group",
        aria_labelledby="health-question",
    )


def terms_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Antes de começar", size="7"),
            rx.text(
                "Para usar a área do cliente de ",
                T.business_name,
                ", leia e aceite os termos.",
                size="3",
                color=rx.color("gray", 11),
            ),
            rx.card(
                rx.vstack(
                    rx.heading(T.terms_title, size="4"),
                    muted(T.terms_meta, size="1"),
                    long_text(T.terms_body, "Texto dos termos de uso e privacidade"),
                    spacing="2",
                    width="100%",
                ),
                size="2",
                width="100%",
            ),
            rx.cond(T.ask_health, _health_question()),
            rx.button(
                rx.icon("check", size=20),
                "Aceitar e continuar",
                type="submit",
                size="4",
                width="100%",
                min_height="52px",
                loading=T.saving,
                disabled=T.saving,
            ),
            rx.button(
                "Recusar e sair",
                type="button",
                variant="soft",
                color_scheme="gray",
                high_contrast=True,
                size="3",
                width="100%",
                min_height=TAP,
                disabled=T.saving,
                on_click=T.set_decline_open(True),
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=T.accept,
        width="100%",
    )


def decline_confirm() -> rx.Component:
    return confirm_dialog(
        open=T.decline_open,
        on_open_change=T.set_decline_open,
        title="Recusar os termos?",
        body=(
            "Sem aceitar os termos não é possível usar a área do cliente. Você sai agora e "
            "poderá aceitar quando entrar de novo."
        ),
        confirm_label="Recusar e sair",
        on_confirm=T.decline,
        dismiss_label="Voltar",
    )


# ---------------------------------------------------------------- Privacidade


def _status_badge(card: Any) -> rx.Component:
    return rx.badge(
        card["status"],
        color_scheme=rx.match(
            card["status"], ("Concedido", "green"), ("Não concedido", "gray"), "amber"
        ),
        variant="soft",
        size="2",
        high_contrast=True,
    )


def _read_text(card: Any) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.icon("chevron-right", size=18, class_name="tr-chevron"),
            "Ler o texto",
            style={
                "gap": "4px",
                "cursor": "pointer",
                "minHeight": TAP,
                "display": "flex",
                "alignItems": "center",
                "fontWeight": 500,
                "color": rx.color("accent", 11),
            },
        ),
        rx.vstack(
            rx.text(card["text_title"], size="3", weight="bold"),
            muted(card["text_meta"], size="1"),
            long_text(card["text_body"], "Texto: " + card["label"], "50vh"),
            spacing="2",
            width="100%",
            padding_bottom="4px",
        ),
        class_name="tr-disclosure",
        width="100%",
    )


def purpose_card(card: Any) -> rx.Component:
    given = card["given"]
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(card["label"], size="4", flex="1", min_width="0"),
                _status_badge(card),
                align="start",
                justify="between",
                spacing="3",
                width="100%",
            ),
            rx.text(card["status_line"], size="2", weight="medium", data_testid="status-line"),
            muted(card["hint"]),
            rx.cond(
                card["version_note"] != "",
                rx.callout(card["version_note"], icon="info", size="1", width="100%"),
            ),
            _read_text(card),
            rx.button(
                rx.cond(given, rx.icon("shield-off", size=18), rx.icon("shield-check", size=18)),
                card["action"],
                size="3",
                min_height=TAP,
                width="100%",
                variant=rx.cond(given, "soft", "solid"),
                color_scheme=rx.cond(given, "red", "teal"),
                disabled=P.saving,
                aria_label=card["action"] + ": " + card["label"],
                on_click=P.ask_change(card["purpose"]),
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        width="100%",
        data_testid=card["testid"],
    )


def change_confirm() -> rx.Component:
    return confirm_dialog(
        open=P.confirm_open,
        on_open_change=P.set_confirm_open,
        title=P.confirm_title,
        body=P.confirm_body,
        confirm_label=P.confirm_label,
        on_confirm=P.confirm_change,
        color=rx.cond(P.confirm_danger, "red", "teal"),
        dismiss_label="Voltar",
    )

"""/{slug}/entrar: phone, then the 6-digit code received on WhatsApp."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame, portal_header
from treinico.components.ui import field
from treinico.pages.common import not_found_page
from treinico.state.portal.login import PortalLoginState as S


def _phone_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Área do cliente", size="6"),
            rx.text(
                "Informe seu WhatsApp. Vamos enviar um código de 6 dígitos para você entrar.",
                size="3",
                color=rx.color("gray", 11),
            ),
            field(
                "Seu WhatsApp",
                rx.input(
                    name="phone",
                    id="portal-phone",
                    type="tel",
                    input_mode="tel",
                    auto_complete="tel",
                    placeholder="(11) 91234-5678",
                    size="3",
                    width="100%",
                    max_length=40,
                    auto_focus=True,
                    required=True,
                    style={"fontSize": "18px", "height": "52px"},
                ),
                S.phone_error,
                hint="Com DDD. Ex.: (11) 91234-5678",
                html_for="portal-phone",
            ),
            rx.button(
                rx.icon("message-circle", size=20),
                "Enviar código",
                type="submit",
                size="4",
                width="100%",
                height="52px",
                loading=S.sending,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.send_code,
        width="100%",
    )


def _code_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Digite o código", size="6"),
        rx.text(
            "Se ",
            rx.text.strong(S.phone_display),
            " for o WhatsApp de um cliente, o código chega em instantes. Ele vale 10 minutos.",
            size="3",
            color=rx.color("gray", 11),
        ),
        rx.form(
            rx.vstack(
                field(
                    "Código de 6 dígitos",
                    rx.input(
                        name="code",
                        id="portal-code",
                        type="text",
                        input_mode="numeric",
                        auto_complete="one-time-code",
                        placeholder="000000",
                        max_length=12,
                        size="3",
                        width="100%",
                        auto_focus=True,
                        required=True,
                        style={
                            "fontSize": "28px",
                            "letterSpacing": "0.3em",
                            "textAlign": "center",
                            "height": "60px",
                        },
                    ),
                    S.code_error,
                    html_for="portal-code",
                ),
                rx.button(
                    "Entrar",
                    type="submit",
                    size="4",
                    width="100%",
                    height="52px",
                    loading=S.verifying,
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=S.verify,
            width="100%",
        ),
        rx.flex(
            rx.button(
                rx.cond(
                    S.cooldown > 0,
                    rx.text("Reenviar em ", S.cooldown, "s"),
                    rx.text("Reenviar código"),
                ),
                on_click=S.send_code({}),
                disabled=(S.cooldown > 0) | S.sending,
                variant="soft",
                size="3",
                height="48px",
                flex="1",
            ),
            rx.button(
                "Trocar número",
                on_click=S.change_number,
                variant="ghost",
                size="3",
                height="48px",
                flex="1",
            ),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def portal_login_page() -> rx.Component:
    body = rx.vstack(
        rx.cond(
            S.session_expired,
            rx.callout("Sua sessão terminou. Entre novamente.", icon="info", width="100%"),
        ),
        rx.cond(
            S.form_error != "",
            rx.callout(
                S.form_error, icon="triangle-alert", color_scheme="red", width="100%", role="alert"
            ),
        ),
        rx.card(
            rx.cond(S.step == "code", _code_step(), _phone_step()),
            size="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
    return rx.cond(
        S.not_found,
        not_found_page(),
        portal_frame(body, header=portal_header(S.business_name)),
    )

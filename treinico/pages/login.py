"""/entrar: staff login."""

from __future__ import annotations

import reflex as rx

from treinico.components.ui import field
from treinico.state.auth import LoginState


def login_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(
                "E-mail",
                rx.input(
                    name="email",
                    id="login-email",
                    type="email",
                    auto_complete="username",
                    placeholder="voce@seuestudio.com.br",
                    size="3",
                    width="100%",
                    auto_focus=True,
                    max_length=254,
                    required=True,
                ),
                LoginState.email_error,
                html_for="login-email",
            ),
            field(
                "Senha",
                rx.input(
                    name="password",
                    id="login-password",
                    type="password",
                    auto_complete="current-password",
                    size="3",
                    width="100%",
                    max_length=1024,
                    required=True,
                ),
                LoginState.password_error,
                html_for="login-password",
            ),
            rx.cond(
                LoginState.form_error != "",
                rx.callout(
                    LoginState.form_error, icon="triangle-alert", color_scheme="red", width="100%"
                ),
            ),
            rx.button(
                rx.cond(LoginState.submitting, "Entrando…", "Entrar"),
                type="submit",
                size="3",
                width="100%",
                loading=LoginState.submitting,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=LoginState.submit,
        width="100%",
    )
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.image(src="/logo.svg", width="36px", height="36px", alt=""),
                    rx.heading("Treinico", size="7"),
                    spacing="2",
                    align="center",
                ),
                rx.heading("Entrar no painel", size="5"),
                rx.text(
                    "Use o e-mail e a senha da sua conta de equipe.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                rx.cond(
                    LoginState.session_expired,
                    rx.callout("Sua sessão terminou. Entre novamente.", icon="info", width="100%"),
                ),
                form,
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="420px",
        ),
        min_height="100vh",
        padding="1em",
        background=rx.color("accent", 2),
    )

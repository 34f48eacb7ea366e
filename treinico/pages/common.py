"""Home and not-found pages."""

from __future__ import annotations

import reflex as rx

from treinico import routes


def home_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.image(src="/logo.svg", width="56px", height="56px", alt=""),
            rx.heading("Treinico", size="8"),
            rx.text(
                "Clientes, acessos e agenda do seu negócio em um só lugar.",
                size="3",
                color=rx.color("gray", 11),
                align="center",
            ),
            rx.link(rx.button("Entrar", size="4"), href=routes.LOGIN),
            align="center",
            spacing="4",
        ),
        min_height="100vh",
        padding="1em",
        background=rx.color("accent", 2),
    )


def not_found_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("map-pin-off", size=40, color=rx.color("accent", 10)),
            rx.heading("Página não encontrada", size="6", align="center"),
            rx.text(
                "O endereço pode estar errado ou a página mudou de lugar.",
                size="3",
                color=rx.color("gray", 11),
                align="center",
            ),
            rx.link(rx.button("Voltar", size="3", variant="soft"), href=routes.HOME),
            align="center",
            spacing="3",
        ),
        min_height="100vh",
        padding="1em",
    )

"""/{slug}: the business's public page with the "Área do cliente" button."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame
from treinico.components.ui import loading_block
from treinico.pages.common import not_found_page
from treinico.state.portal.login import PortalPublicState


def public_page() -> rx.Component:
    content = rx.vstack(
        rx.center(
            rx.image(src="/logo.svg", width="72px", height="72px", alt=""),
            width="100%",
            padding_top="48px",
        ),
        rx.heading(PortalPublicState.business_name, size="8", align="center", width="100%"),
        rx.text(
            "Agenda, plano, tarefas e evolução na palma da mão.",
            size="3",
            color=rx.color("gray", 11),
            align="center",
            width="100%",
        ),
        rx.link(
            rx.button(
                rx.icon("smartphone", size=20),
                "Área do cliente",
                size="4",
                width="100%",
                height="56px",
            ),
            href="/" + PortalPublicState.slug + "/entrar",
            width="100%",
        ),
        rx.text(
            "Você entra com um código enviado para o seu WhatsApp. Sem senha.",
            size="2",
            color=rx.color("gray", 11),
            align="center",
            width="100%",
        ),
        spacing="5",
        width="100%",
    )
    return rx.cond(
        PortalPublicState.not_found,
        not_found_page(),
        portal_frame(rx.cond(PortalPublicState.loading, loading_block(), content)),
    )

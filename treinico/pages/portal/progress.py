"""/{slug}/area-do-cliente/evolucao: "Minha evolução", the client's charts and tables."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame
from treinico.state.portal.progress import PortalProgressState as P
from treinico.views.portal.header import account_header, back_link
from treinico.views.portal.progress import progress_body


def portal_progress_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            back_link(P.slug),
            rx.heading("Minha evolução", size="7"),
            rx.text(
                "Suas medidas de cada avaliação, do começo até hoje.",
                size="3",
                color=rx.color("gray", 11),
            ),
            progress_body(),
            spacing="4",
            width="100%",
        ),
        header=account_header(),
    )

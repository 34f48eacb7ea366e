"""/{slug}/area-do-cliente/saude: "Meus registros de saúde"."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame
from treinico.state.portal.health import PortalHealthState as S
from treinico.views.portal.header import account_header, back_link
from treinico.views.portal.health import health_body, record_dialog


def portal_health_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            back_link(S.slug),
            rx.heading("Meus registros de saúde", size="7"),
            rx.text(
                "Os registros que a equipe liberou para você. Cada abertura fica registrada "
                "em Privacidade.",
                size="3",
                color=rx.color("gray", 11),
            ),
            health_body(),
            record_dialog(),
            spacing="4",
            width="100%",
        ),
        header=account_header(),
    )

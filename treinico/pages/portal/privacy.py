"""/{slug}/area-do-cliente/termos (first entry) and /{slug}/area-do-cliente/privacidade."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_frame, portal_header, section_card
from treinico.components.ui import loading_block
from treinico.state.portal.privacy import PortalPrivacyState as P
from treinico.state.portal.privacy import PortalTermsState as T
from treinico.views.portal.header import account_header, back_link
from treinico.views.portal.privacy import (
    change_confirm,
    decline_confirm,
    purpose_card,
    terms_form,
)
from treinico.views.portal.privacy_log import access_log, export_block
from treinico.views.portal.privacy_requests import request_form


def portal_terms_page() -> rx.Component:
    return portal_frame(
        rx.cond(~T.loading, terms_form(), loading_block()),
        decline_confirm(),
        header=portal_header(rx.cond(T.business_name != "", T.business_name, "Treinico")),
    )


def portal_privacy_page() -> rx.Component:
    content = rx.vstack(
        rx.vstack(
            rx.heading("Seus consentimentos", size="5"),
            rx.vstack(rx.foreach(P.purposes, purpose_card), spacing="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        section_card("eye", "Quem acessou meus dados de saúde", access_log()),
        section_card("download", "Baixar meus dados", export_block()),
        section_card("file-pen-line", "Pedir correção ou exclusão", request_form()),
        spacing="5",
        width="100%",
    )
    return portal_frame(
        rx.vstack(
            back_link(P.slug),
            rx.heading("Privacidade", size="7"),
            rx.text(
                "Seus consentimentos, quem acessou seus dados de saúde e seus direitos pela LGPD.",
                size="3",
                color=rx.color("gray", 11),
            ),
            rx.cond(~P.loading, content, loading_block()),
            change_confirm(),
            spacing="4",
            width="100%",
        ),
        header=account_header(),
    )

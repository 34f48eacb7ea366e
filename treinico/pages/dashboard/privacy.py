"""/painel/privacidade (privacy.manage): access log, data-subject requests, consent texts."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, page_header
from treinico.state.dashboard.privacy import PrivacyLogState
from treinico.views.dashboard.privacy_log import access_log_section, privacy_dialogs
from treinico.views.dashboard.privacy_requests import requests_section
from treinico.views.dashboard.privacy_texts import texts_section


def _content() -> rx.Component:
    return rx.vstack(
        page_header(
            "Privacidade",
            subtitle="Quem acessou dados de saúde, os pedidos dos clientes e os textos que "
            "eles aceitam (LGPD).",
        ),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Registro de acessos", value="acessos"),
                rx.tabs.trigger("Pedidos dos titulares", value="pedidos"),
                rx.tabs.trigger("Textos de consentimento", value="textos"),
                size="2",
                style={"flexWrap": "wrap"},
            ),
            rx.tabs.content(access_log_section(), value="acessos", padding_top="1em"),
            rx.tabs.content(requests_section(), value="pedidos", padding_top="1em"),
            rx.tabs.content(texts_section(), value="textos", padding_top="1em"),
            default_value="acessos",
            width="100%",
        ),
        privacy_dialogs(),
        spacing="3",
        width="100%",
    )


def privacy_content() -> rx.Component:
    return rx.cond(
        PrivacyLogState.forbidden,
        empty_state(
            "lock",
            "Privacidade",
            "Só o proprietário (ou quem recebeu a permissão de Privacidade) vê o registro de "
            "acessos, os pedidos dos clientes e os textos de consentimento.",
        ),
        _content(),
    )


def privacy_page() -> rx.Component:
    return dashboard_shell(privacy_content(), routes.PRIVACY)

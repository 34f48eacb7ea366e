"""/painel/clientes/{id}: the client page, with the same "⋯" menu in its header."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.state.dashboard.clients import ClientDetailState
from treinico.state.dashboard.privacy import PrivacyRequestsState
from treinico.state.session import SessionState
from treinico.views.dashboard.client_agenda import client_agenda_cards
from treinico.views.dashboard.client_consents import client_consents_card, client_consents_dialogs
from treinico.views.dashboard.client_health import client_health_dialogs, client_health_tab
from treinico.views.dashboard.client_homework import client_tasks_card, client_tasks_dialogs
from treinico.views.dashboard.client_progress import (
    client_progress_dialogs,
    client_progress_section,
)
from treinico.views.dashboard.clients import client_dialogs, client_options_menu
from treinico.views.dashboard.privacy_requests import anonymise_dialog


def _info(icon: str, label: str, value: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, color=rx.color("gray", 10)),
        rx.vstack(
            rx.text(label, size="1", color=rx.color("gray", 10)),
            rx.text(rx.cond(value != "", value, "—"), size="3"),
            spacing="0",
        ),
        spacing="3",
        align="center",
    )


def _header() -> rx.Component:
    client = ClientDetailState.client
    return rx.flex(
        rx.hstack(
            rx.center(
                rx.text(client["initials"], size="5", weight="bold"),
                width="56px",
                height="56px",
                min_width="56px",
                border_radius="50%",
                background=rx.color("accent", 4),
                color=rx.color("accent", 11),
            ),
            rx.vstack(
                rx.hstack(
                    rx.heading(client["name"], size="6"),
                    rx.cond(
                        client["archived"],
                        rx.badge("Arquivado", color_scheme="gray"),
                    ),
                    align="center",
                    wrap="wrap",
                ),
                rx.text(client["phone"], size="3", color=rx.color("gray", 11)),
                spacing="1",
                min_width="0",
            ),
            spacing="3",
            align="center",
            min_width="0",
        ),
        client_options_menu(client, show_open=False),
        justify="between",
        align="center",
        spacing="3",
        width="100%",
        data_testid="client-header",
    )


def _danger_zone() -> rx.Component:
    """Anonymise (privacy.manage only): irreversible, behind a typed confirmation."""
    client = ClientDetailState.client
    return rx.cond(
        SessionState.can_manage_privacy & ~client["name"].to(str).startswith("Cliente anonimizado"),
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.heading("Zona de perigo", size="3", color=rx.color("red", 11)),
                    rx.text(
                        "Anonimizar remove os dados de contato do cliente para sempre; "
                        "prontuário, consentimentos e registros ficam, como a lei exige.",
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    spacing="1",
                    min_width="0",
                    flex="1 1 16em",
                ),
                rx.button(
                    rx.icon("user-x", size=16),
                    "Anonimizar cliente",
                    on_click=PrivacyRequestsState.ask_anonymise_here,
                    color_scheme="red",
                    variant="soft",
                    size="2",
                ),
                justify="between",
                align="center",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            width="100%",
            style={"borderColor": rx.color("red", 6)},
            data_testid="danger-zone",
        ),
    )


def _body() -> rx.Component:
    client = ClientDetailState.client
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), "Voltar", spacing="1", align="center"),
            href=routes.CLIENTS,
            size="2",
        ),
        _header(),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Resumo", value="resumo"),
                rx.tabs.trigger("Tarefas", value="tarefas"),
                rx.tabs.trigger("Evolução", value="evolucao"),
                rx.cond(
                    ClientHealthState.enabled, rx.tabs.trigger("Prontuário", value="prontuario")
                ),
                size=rx.breakpoints(initial="1", sm="2"),
                style={"flexWrap": "wrap"},
            ),
            rx.tabs.content(
                rx.vstack(
                    rx.grid(
                        rx.card(
                            rx.vstack(
                                rx.heading("Contato", size="3"),
                                _info("phone", "WhatsApp", client["phone"]),
                                _info("mail", "E-mail", client["email"]),
                                _info("cake", "Nascimento", client["birth_date_display"]),
                                spacing="3",
                            ),
                        ),
                        rx.card(
                            rx.vstack(
                                rx.heading("Observações", size="3"),
                                rx.text(
                                    rx.cond(
                                        client["notes"] != "", client["notes"], "Sem observações."
                                    ),
                                    size="2",
                                    white_space="pre-wrap",
                                    color=rx.cond(
                                        client["notes"] != "",
                                        rx.color("gray", 12),
                                        rx.color("gray", 10),
                                    ),
                                ),
                                spacing="3",
                            ),
                        ),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4",
                        width="100%",
                    ),
                    client_agenda_cards(),
                    client_consents_card(),
                    _danger_zone(),
                    spacing="4",
                    width="100%",
                ),
                value="resumo",
                padding_top="1em",
            ),
            rx.tabs.content(client_tasks_card(), value="tarefas", padding_top="1em"),
            rx.tabs.content(client_progress_section(), value="evolucao", padding_top="1em"),
            rx.cond(
                ClientHealthState.enabled,
                rx.tabs.content(client_health_tab(), value="prontuario", padding_top="1em"),
            ),
            default_value="resumo",
            on_change=ClientHealthState.show_tab,
            width="100%",
        ),
        client_dialogs(),
        client_tasks_dialogs(),
        client_progress_dialogs(),
        client_health_dialogs(),
        client_consents_dialogs(),
        rx.cond(SessionState.can_manage_privacy, anonymise_dialog()),
        spacing="4",
        width="100%",
    )


def client_detail_content() -> rx.Component:
    return rx.cond(
        ClientDetailState.loading,
        loading_block("Carregando…"),
        rx.cond(
            ClientDetailState.not_found,
            empty_state(
                "user-x",
                "Cliente não encontrado.",
                "Ele pode ter sido removido ou pertencer a outra equipe.",
                rx.link(rx.button("Voltar", variant="soft"), href=routes.CLIENTS),
            ),
            _body(),
        ),
    )


def client_detail_page() -> rx.Component:
    return dashboard_shell(client_detail_content(), routes.CLIENTS)

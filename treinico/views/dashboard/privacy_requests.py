"""Privacidade's "Pedidos dos titulares" tab: the clients' requests for correction or
deletion with their 15-day deadline, the dialog that marks one as answered, and the
anonymise confirmation (which the client page's danger zone opens too)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import cancel_and_submit, empty_state, field, loading_block
from treinico.state.dashboard.privacy import PrivacyRequestsState

R = PrivacyRequestsState


def _due_badge(r: Any) -> rx.Component:
    return rx.cond(
        r["done"],
        rx.badge(rx.icon("check", size=12), "Atendido", color_scheme="grass"),
        rx.cond(
            r["overdue"],
            rx.badge("atrasado", color_scheme="red", variant="solid"),
            rx.badge(r["due_text"], color_scheme="amber", variant="soft"),
        ),
    )


def _request(r: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(r["kind_label"], size="3", weight="medium"),
                    rx.text(r["client_name"], size="2", color=rx.color("gray", 11)),
                    spacing="0",
                    min_width="0",
                ),
                _due_badge(r),
                justify="between",
                align="start",
                spacing="2",
                width="100%",
            ),
            rx.text(
                r["message"],
                size="2",
                white_space="pre-wrap",
                overflow_wrap="anywhere",
                padding="0.5em 0.75em",
                border_radius="6px",
                background=rx.color("gray", 2),
                width="100%",
            ),
            rx.text(
                "Recebido em ",
                r["created_label"],
                " · prazo ",
                r["due_label"],
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.cond(
                r["done"],
                rx.vstack(
                    rx.text(r["resolved_label"], size="1", color=rx.color("gray", 11)),
                    rx.text(r["resolution"], size="2", white_space="pre-wrap"),
                    spacing="1",
                ),
            ),
            rx.flex(
                rx.cond(
                    ~r["done"],
                    rx.button(
                        rx.icon("check", size=16),
                        "Marcar como atendido",
                        on_click=R.ask_resolve(r["id"]),
                        size="2",
                        variant="soft",
                    ),
                ),
                rx.cond(
                    ~r["anonymised"],
                    rx.button(
                        rx.icon("user-x", size=16),
                        "Anonimizar cliente",
                        on_click=R.ask_anonymise(r["id"]),
                        size="2",
                        variant="soft",
                        color_scheme="red",
                    ),
                ),
                spacing="2",
                wrap="wrap",
                justify="end",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="data-request",
    )


def requests_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Pedidos de correção ou exclusão feitos pelos clientes na área do cliente. A LGPD "
            "dá 15 dias para responder.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.cond(
            R.loading,
            loading_block("Carregando pedidos…"),
            rx.cond(
                R.rows.length() == 0,
                rx.card(
                    empty_state(
                        "inbox",
                        "Nenhum pedido",
                        "Quando um cliente pedir correção ou exclusão dos dados, o pedido "
                        "aparece aqui com o prazo.",
                    ),
                    width="100%",
                ),
                rx.vstack(rx.foreach(R.rows, _request), spacing="3", width="100%"),
            ),
        ),
        spacing="3",
        width="100%",
    )


def resolve_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Marcar como atendido"),
            rx.alert_dialog.description(R.resolve_title, size="2"),
            rx.form(
                rx.vstack(
                    field(
                        "O que foi feito (obrigatório)",
                        rx.text_area(
                            name="resolution",
                            id="resolve-note",
                            rows="4",
                            width="100%",
                            max_length=2000,
                        ),
                        R.resolve_error,
                        hint="Fica guardado com o pedido, com o seu nome e a data.",
                        html_for="resolve-note",
                    ),
                    cancel_and_submit(
                        "Marcar como atendido", saving=R.saving, close=rx.alert_dialog.cancel
                    ),
                    spacing="3",
                    margin_top="1em",
                    width="100%",
                ),
                on_submit=R.resolve,
                key=R.form_key,
            ),
            max_width="460px",
            width="calc(100vw - 24px)",
        ),
        open=R.resolve_open,
        on_open_change=R.set_resolve_open,
    )


def anonymise_dialog() -> rx.Component:
    matches = R.anon_typed.strip().lower() == R.anon_name.lower()
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Anonimizar cliente"),
            rx.alert_dialog.description(
                "Esta ação é definitiva e não pode ser desfeita.", size="2", weight="medium"
            ),
            rx.vstack(
                rx.box(
                    rx.text("Removido agora:", size="2", weight="medium"),
                    rx.text(
                        "nome, WhatsApp, e-mail, data de nascimento e observações; as sessões "
                        "da área do cliente e o link de calendário.",
                        size="2",
                    ),
                ),
                rx.box(
                    rx.text("Mantido, como a lei exige:", size="2", weight="medium"),
                    rx.text(
                        "prontuário, consentimentos, histórico de acessos e de agendamentos e o "
                        "registro de acessos. O cliente passa a aparecer como “Cliente "
                        "anonimizado nº …”, entre os arquivados.",
                        size="2",
                    ),
                ),
                field(
                    "Para confirmar, digite o nome do cliente: " + R.anon_name,
                    rx.input(
                        id="anon-name",
                        value=R.anon_typed,
                        on_change=R.set_anon_typed,
                        size="3",
                        width="100%",
                        auto_complete="off",
                    ),
                    html_for="anon-name",
                ),
                rx.flex(
                    rx.alert_dialog.cancel(
                        rx.button(
                            "Cancelar", variant="soft", color_scheme="gray", size="3", type="button"
                        )
                    ),
                    rx.button(
                        "Anonimizar definitivamente",
                        color_scheme="red",
                        size="3",
                        on_click=R.confirm_anonymise,
                        disabled=~matches | R.saving,
                        loading=R.saving,
                    ),
                    spacing="3",
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                margin_top="1em",
                width="100%",
            ),
            max_width="480px",
            width="calc(100vw - 24px)",
        ),
        open=R.anon_open,
        on_open_change=R.set_anon_open,
    )

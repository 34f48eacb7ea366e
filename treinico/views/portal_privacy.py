"""Portal pieces bound to the privacy states: the terms screen's form, the purpose cards with
their confirmation, "Quem acessou meus dados de saúde", "Baixar meus dados" and the requests
for correction or deletion."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import confirm_dialog, field
from treinico.state.portal.privacy import HEALTH_NO, HEALTH_YES
from treinico.state.portal.privacy import PortalPrivacyState as P
from treinico.state.portal.privacy import PortalTermsState as T

TAP = "44px"


def _muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, **{"size": "2", "color": rx.color("gray", 11), **props})


def long_text(body: Any, label: Any, max_height: str = "45vh", **props: Any) -> rx.Component:
    """A consent text in a scrollable box that keyboard users can scroll too."""
    return rx.box(
        rx.text(body, size="3", white_space="pre-wrap", overflow_wrap="anywhere"),
        max_height=max_height,
        overflow_y="auto",
        padding="12px 14px",
        border_radius="8px",
        border=f"1px solid {rx.color('gray', 6)}",
        background=rx.color("gray", 1),
        width="100%",
        tab_index=0,
        role="region",
        aria_label=label,
        **props,
    )


# ---------------------------------------------------------------- terms screen


def _health_option(value: str, title: str, hint: str) -> rx.Component:
    return rx.radio_cards.item(
        rx.vstack(
            rx.text(title, size="3", weight="bold"),
            rx.text(hint, size="2", color=rx.color("gray", 11)),
            spacing="1",
            align="start",
            width="100%",
        ),
        value=value,
        min_height="56px",
        justify_content="start",
        text_align="left",
    )


def _health_question() -> rx.Component:
    """The health consent, apart from the terms and highlighted (LGPD art. 11, I: specific
    and highlighted). Nothing is pre-selected."""
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.icon("heart-pulse", size=22, color=rx.color("accent", 11)),
                rx.heading(T.health_title, size="4", id="health-question"),
                spacing="2",
                align="center",
            ),
            rx.text(
                T.business_name,
                " mantém registros de saúde. Este consentimento é separado dos termos: "
                "você pode usar a área do cliente com qualquer resposta.",
                size="2",
                weight="medium",
            ),
            long_text(T.health_body, "Texto do consentimento para dados de saúde", "30vh"),
            rx.radio_cards.root(
                _health_option(
                    HEALTH_YES,
                    "Autorizo o tratamento dos meus dados de saúde",
                    "A equipe pode registrar seus dados de saúde e você vê os registros "
                    "que ela liberar.",
                ),
                _health_option(
                    HEALTH_NO,
                    "Agora não",
                    "Você pode autorizar depois em Privacidade.",
                ),
                name="health",
                columns="1",
                width="100%",
                aria_labelledby="health-question",
                data_testid="health-choice",
            ),
            rx.cond(
                T.health_error != "",
                rx.text(T.health_error, size="2", color=rx.color("red", 11), role="alert"),
            ),
            spacing="3",
            width="100%",
        ),
        padding="14px",
        border_radius="12px",
        border=f"2px solid {rx.color('accent', 8)}",
        background=rx.color("accent", 3),
        width="100%",
        role="group",
        aria_labelledby="health-question",
    )


def terms_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Antes de começar", size="7"),
            rx.text(
                "Para usar a área do cliente de ",
                T.business_name,
                ", leia e aceite os termos.",
                size="3",
                color=rx.color("gray", 11),
            ),
            rx.card(
                rx.vstack(
                    rx.heading(T.terms_title, size="4"),
                    _muted(T.terms_meta, size="1"),
                    long_text(T.terms_body, "Texto dos termos de uso e privacidade"),
                    spacing="2",
                    width="100%",
                ),
                size="2",
                width="100%",
            ),
            rx.cond(T.ask_health, _health_question()),
            rx.button(
                rx.icon("check", size=20),
                "Aceitar e continuar",
                type="submit",
                size="4",
                width="100%",
                min_height="52px",
                loading=T.saving,
                disabled=T.saving,
            ),
            rx.button(
                "Recusar e sair",
                type="button",
                variant="soft",
                color_scheme="gray",
                high_contrast=True,
                size="3",
                width="100%",
                min_height=TAP,
                disabled=T.saving,
                on_click=T.set_decline_open(True),
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=T.accept,
        width="100%",
    )


def decline_confirm() -> rx.Component:
    return confirm_dialog(
        open=T.decline_open,
        on_open_change=T.set_decline_open,
        title="Recusar os termos?",
        body=(
            "Sem aceitar os termos não é possível usar a área do cliente. Você sai agora e "
            "poderá aceitar quando entrar de novo."
        ),
        confirm_label="Recusar e sair",
        on_confirm=T.decline,
        dismiss_label="Voltar",
    )


# ---------------------------------------------------------------- Privacidade


def _status_badge(card: Any) -> rx.Component:
    return rx.badge(
        card["status"],
        color_scheme=rx.match(
            card["status"], ("Concedido", "green"), ("Não concedido", "gray"), "amber"
        ),
        variant="soft",
        size="2",
        high_contrast=True,
    )


def _read_text(card: Any) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.icon("chevron-right", size=18, class_name="tr-chevron"),
            "Ler o texto",
            style={
                "gap": "4px",
                "cursor": "pointer",
                "minHeight": TAP,
                "display": "flex",
                "alignItems": "center",
                "fontWeight": 500,
                "color": rx.color("accent", 11),
            },
        ),
        rx.vstack(
            rx.text(card["text_title"], size="3", weight="bold"),
            _muted(card["text_meta"], size="1"),
            long_text(card["text_body"], "Texto: " + card["label"], "50vh"),
            spacing="2",
            width="100%",
            padding_bottom="4px",
        ),
        class_name="tr-disclosure",
        width="100%",
    )


def purpose_card(card: Any) -> rx.Component:
    given = card["given"] != ""
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(card["label"], size="4", flex="1", min_width="0"),
                _status_badge(card),
                align="start",
                justify="between",
                spacing="3",
                width="100%",
            ),
            rx.text(card["status_line"], size="2", weight="medium", data_testid="status-line"),
            _muted(card["hint"]),
            rx.cond(
                card["version_note"] != "",
                rx.callout(card["version_note"], icon="info", size="1", width="100%"),
            ),
            _read_text(card),
            rx.button(
                rx.cond(given, rx.icon("shield-off", size=18), rx.icon("shield-check", size=18)),
                card["action"],
                size="3",
                min_height=TAP,
                width="100%",
                variant=rx.cond(given, "soft", "solid"),
                color_scheme=rx.cond(given, "red", "teal"),
                disabled=P.saving,
                aria_label=card["action"] + ": " + card["label"],
                on_click=P.ask_change(card["purpose"]),
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        width="100%",
        data_testid=card["testid"],
    )


def change_confirm() -> rx.Component:
    return confirm_dialog(
        open=P.confirm_open,
        on_open_change=P.set_confirm_open,
        title=P.confirm_title,
        body=P.confirm_body,
        confirm_label=P.confirm_label,
        on_confirm=P.confirm_change,
        color=rx.cond(P.confirm_danger, "red", "teal"),
        dismiss_label="Voltar",
    )


def _log_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.text(row["who"], size="3", weight="bold", overflow_wrap="anywhere"),
            rx.text(row["what"], size="3"),
            rx.cond(row["target"] != "", _muted(row["target"])),
            _muted(row["at"], size="1"),
            spacing="0",
            width="100%",
        ),
        style={
            "listStyle": "none",
            "padding": "10px 0",
            "borderBottom": f"1px solid {rx.color('gray', 4)}",
        },
        data_testid="log-row",
    )


def access_log() -> rx.Component:
    return rx.vstack(
        _muted(
            "Cada vez que alguém da equipe ou você abre um registro de saúde, baixa um anexo "
            "ou exporta seus dados, fica registrado aqui."
        ),
        rx.cond(
            P.log.length() == 0,
            rx.text(
                "Ninguém acessou seus dados de saúde até agora.",
                size="3",
                data_testid="log-empty",
            ),
            rx.el.ul(
                rx.foreach(P.log_rows, _log_row),
                style={"margin": 0, "padding": 0, "width": "100%"},
                aria_label="Acessos aos seus dados de saúde",
            ),
        ),
        rx.cond(
            P.log_hidden > 0,
            rx.button(
                "Ver todos os acessos (mais ",
                P.log_hidden.to_string(),
                ")",
                variant="soft",
                size="3",
                min_height=TAP,
                width="100%",
                on_click=P.show_all_log,
            ),
        ),
        spacing="2",
        width="100%",
    )


def export_block() -> rx.Component:
    # A plain document link: the ZIP comes over HTTP (the cookie is checked there), never
    # over the websocket.
    return rx.vstack(
        _muted(
            "Um arquivo ZIP com tudo o que a equipe guarda sobre você: cadastro, agendamentos, "
            "plano, tarefas, medidas, consentimentos, registros de saúde liberados e os "
            "acessos acima (JSON e planilhas CSV)."
        ),
        rx.button(
            rx.el.a(
                rx.icon("download", size=18),
                "Baixar meus dados",
                href=P.export_url,
                download="",
                reload_document=True,
                data_testid="export-link",
            ),
            as_child=True,
            size="3",
            variant="soft",
            width="100%",
            min_height=TAP,
        ),
        spacing="2",
        width="100%",
    )


def _request_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.flex(
                rx.text(row["kind"], size="3", weight="bold"),
                rx.badge(
                    row["status"],
                    color_scheme=rx.cond(row["status"] == "Atendido", "green", "amber"),
                    variant="soft",
                    size="2",
                    high_contrast=True,
                ),
                justify="between",
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.text(row["message"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            _muted("Enviado em " + row["created"] + " · Prazo: " + row["due"], size="1"),
            rx.cond(
                row["resolution"] != "",
                rx.text("Resposta: " + row["resolution"], size="2", overflow_wrap="anywhere"),
            ),
            spacing="1",
            width="100%",
        ),
        style={
            "listStyle": "none",
            "padding": "10px 0",
            "borderBottom": f"1px solid {rx.color('gray', 4)}",
        },
        data_testid="request-row",
    )


def _kind_option(value: str, title: str, hint: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.radio_group.item(value=value, margin_top="3px"),
            rx.vstack(
                rx.text(title, size="3", weight="medium"),
                rx.text(hint, size="2", color=rx.color("gray", 11)),
                spacing="0",
            ),
            spacing="2",
            align="start",
        ),
        style={"cursor": "pointer", "display": "block", "minHeight": TAP},
    )


def request_form() -> rx.Component:
    errors = P.request_errors
    return rx.vstack(
        _muted("A equipe responde em até 15 dias (LGPD, art. 19)."),
        rx.form(
            rx.vstack(
                rx.vstack(
                    rx.text("Tipo de pedido", size="2", weight="medium", id="request-kind"),
                    rx.radio_group.root(
                        rx.vstack(
                            _kind_option(
                                "correcao", "Correção", "Algum dado meu está errado ou incompleto."
                            ),
                            _kind_option("exclusao", "Exclusão", "Quero que apaguem dados meus."),
                            spacing="2",
                        ),
                        name="kind",
                        aria_labelledby="request-kind",
                    ),
                    rx.cond(
                        errors.contains("kind"),
                        rx.text(errors["kind"], size="2", color=rx.color("red", 11), role="alert"),
                    ),
                    spacing="2",
                    width="100%",
                ),
                field(
                    "Descrição",
                    rx.text_area(
                        name="message",
                        id="request-message",
                        placeholder="Ex.: meu e-mail mudou para …",
                        rows="4",
                        max_length=2000,
                        size="3",
                        width="100%",
                    ),
                    rx.cond(errors.contains("message"), errors["message"], ""),
                    html_for="request-message",
                ),
                rx.button(
                    rx.icon("send", size=18),
                    "Enviar pedido",
                    type="submit",
                    size="3",
                    min_height=TAP,
                    width="100%",
                    loading=P.request_saving,
                    disabled=P.request_saving,
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=P.submit_request,
            key=P.request_form_key,
            width="100%",
        ),
        rx.cond(
            P.requests.length() > 0,
            rx.vstack(
                rx.heading("Meus pedidos", size="3"),
                rx.el.ul(
                    rx.foreach(P.requests, _request_row),
                    style={"margin": 0, "padding": 0, "width": "100%"},
                ),
                spacing="1",
                width="100%",
                padding_top="8px",
            ),
        ),
        spacing="3",
        width="100%",
    )

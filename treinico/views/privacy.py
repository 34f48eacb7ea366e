"""Privacidade's three sections (access log, data-subject requests, consent texts) and the
anonymise confirmation, which the client page's danger zone uses too."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import empty_state, field, loading_block
from treinico.state.dashboard.privacy import (
    PrivacyLogState,
    PrivacyRequestsState,
    PrivacyTextsState,
)

L = PrivacyLogState
R = PrivacyRequestsState
T = PrivacyTextsState

# ---------------------------------------------------------------- access log


def _client_match(m: Any) -> rx.Component:
    return rx.button(
        rx.text(m["name"], weight="medium"),
        rx.text(m["phone"], size="1", color=rx.color("gray", 11)),
        on_click=L.pick_client(m["key"]),
        type="button",
        variant="ghost",
        color_scheme="gray",
        size="3",
        justify="start",
        width="100%",
        data_testid="log-client-match",
        style={"flexWrap": "wrap", "height": "auto", "paddingBlock": "6px"},
    )


def _client_filter() -> rx.Component:
    picked = rx.hstack(
        rx.icon("user-check", size=18, color=rx.color("accent", 11)),
        rx.text(L.client_label, weight="medium", flex="1", data_testid="log-picked-client"),
        rx.button(
            "Todos",
            on_click=L.clear_client,
            type="button",
            variant="soft",
            color_scheme="gray",
            size="2",
            aria_label="Mostrar todos os clientes",
        ),
        align="center",
        width="100%",
        padding="6px 8px",
        border_radius="8px",
        background=rx.color("accent", 3),
    )
    search = rx.vstack(
        rx.input(
            placeholder="Todos os clientes — digite um nome",
            id="log-client",
            value=L.client_query,
            on_change=L.search_client.debounce(250),
            size="3",
            width="100%",
            auto_complete="off",
        ),
        rx.cond(
            L.client_matches.length() > 0,
            rx.vstack(
                rx.foreach(L.client_matches, _client_match),
                spacing="0",
                width="100%",
                border=f"1px solid {rx.color('gray', 5)}",
                border_radius="8px",
                padding="4px",
                role="group",
                aria_label="Clientes encontrados",
            ),
            rx.cond(
                L.client_query.length() >= 2,
                rx.text("Nenhum cliente encontrado.", size="2", color=rx.color("gray", 11)),
            ),
        ),
        spacing="1",
        width="100%",
    )
    return field(
        "Cliente", rx.cond(L.client_label != "", picked, search), "", html_for="log-client"
    )


def _staff_filter() -> rx.Component:
    return field(
        "Membro da equipe",
        rx.select.root(
            rx.select.trigger(width="100%", id="log-staff"),
            rx.select.content(
                rx.select.item("Toda a equipe", value="todos"),
                rx.foreach(L.staff_options, lambda o: rx.select.item(o["name"], value=o["key"])),
            ),
            value=L.staff_key,
            on_change=L.set_staff,
            size="3",
        ),
        html_for="log-staff",
    )


def _period_filter() -> rx.Component:
    def day(name: str, label: str, value: Any) -> rx.Component:
        return field(
            label,
            rx.input(
                id=f"log-{name}",
                name=name,
                default_value=value,
                placeholder="dd/mm/aaaa",
                size="3",
                width="100%",
                max_length=10,
                auto_complete="off",
            ),
            L.errors.get(name, ""),
            html_for=f"log-{name}",
        )

    return rx.form(
        rx.flex(
            rx.box(day("start", "De", L.start), flex="1", min_width="130px"),
            rx.box(day("end", "Até", L.end), flex="1", min_width="130px"),
            rx.button("Filtrar período", type="submit", size="3", variant="soft"),
            spacing="3",
            align="end",
            wrap="wrap",
            width="100%",
        ),
        on_submit=L.apply_period,
        key=L.form_key,
        width="100%",
    )


def _filters() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.grid(
                _client_filter(),
                _staff_filter(),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            _period_filter(),
            rx.flex(
                rx.button(
                    rx.icon("x", size=14),
                    "Limpar filtros",
                    on_click=L.clear_filters,
                    variant="ghost",
                    color_scheme="gray",
                    size="2",
                ),
                justify="end",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="log-filters",
    )


def _log_row(r: Any) -> rx.Component:
    def cell(label: str, value: Any, **props: Any) -> rx.Component:
        return rx.el.td(value, data_label=label, **props)

    return rx.el.tr(
        cell("Quando", r["at_label"], style={"whiteSpace": "nowrap"}),
        cell("Quem", r["who"]),
        cell("O quê", r["action_label"]),
        cell("Registro", rx.cond(r["target"] != "", r["target"], "—")),
        cell("Cliente", r["client_name"]),
        cell("Endereço", rx.cond(r["ip"] != "", r["ip"], "—")),
        data_testid="log-row",
    )


def access_log_section() -> rx.Component:
    table = rx.el.table(
        rx.el.thead(
            rx.el.tr(
                *[
                    rx.el.th(h, scope="col")
                    for h in ("Quando", "Quem", "O quê", "Registro", "Cliente", "Endereço")
                ]
            )
        ),
        rx.el.tbody(rx.foreach(L.rows, _log_row)),
        class_name="tr-table",
        aria_label="Registro de acessos a dados sensíveis",
    )
    return rx.vstack(
        rx.text(
            "Cada leitura de um registro de saúde, cada download de anexo e cada exportação "
            "de dados, pela equipe ou pelo próprio cliente. Mostra os 200 mais recentes que "
            "atendem aos filtros.",
            size="2",
            color=rx.color("gray", 11),
        ),
        _filters(),
        rx.cond(
            L.loading & (L.rows.length() == 0),
            loading_block("Carregando registro de acessos…"),
            rx.cond(
                L.rows.length() == 0,
                rx.card(
                    empty_state(
                        "scroll-text",
                        "Nenhum acesso encontrado",
                        "Quando alguém abrir um prontuário, baixar um anexo ou exportar dados, "
                        "o acesso aparece aqui. Confira os filtros.",
                    ),
                    width="100%",
                ),
                rx.card(table, width="100%", data_testid="access-log"),
            ),
        ),
        spacing="3",
        width="100%",
    )


# ---------------------------------------------------------------- requests


def _due_badge(r: Any) -> rx.Component:
    return rx.cond(
        r["done"] == "1",
        rx.badge(rx.icon("check", size=12), "Atendido", color_scheme="grass"),
        rx.cond(
            r["overdue"] == "1",
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
                r["done"] == "1",
                rx.vstack(
                    rx.text(r["resolved_label"], size="1", color=rx.color("gray", 11)),
                    rx.text(r["resolution"], size="2", white_space="pre-wrap"),
                    spacing="1",
                ),
            ),
            rx.flex(
                rx.cond(
                    r["done"] != "1",
                    rx.button(
                        rx.icon("check", size=16),
                        "Marcar como atendido",
                        on_click=R.ask_resolve(r["id"]),
                        size="2",
                        variant="soft",
                    ),
                ),
                rx.cond(
                    r["anonymised"] != "1",
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


def _resolve_dialog() -> rx.Component:
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
                    rx.flex(
                        rx.alert_dialog.cancel(
                            rx.button(
                                "Cancelar",
                                variant="soft",
                                color_scheme="gray",
                                size="3",
                                type="button",
                            )
                        ),
                        rx.button(
                            "Marcar como atendido",
                            type="submit",
                            size="3",
                            loading=R.saving,
                            disabled=R.saving,
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


# ---------------------------------------------------------------- consent texts


def _text(t: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(t["label"], size="3", weight="medium"),
                    rx.text(t["hint"], size="1", color=rx.color("gray", 11)),
                    spacing="0",
                    min_width="0",
                ),
                rx.button(
                    rx.icon("file-pen-line", size=16),
                    "Publicar nova versão",
                    on_click=T.open_publish(t["purpose"]),
                    size="2",
                    variant="soft",
                    aria_label="Publicar nova versão — " + t["label"],
                ),
                justify="between",
                align="start",
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            rx.text(
                "Versão ",
                t["version"],
                ", publicada em ",
                t["published_label"],
                size="1",
                color=rx.color("gray", 11),
                data_testid="consent-text-version",
            ),
            rx.text(t["title"], size="2", weight="bold"),
            rx.el.details(
                rx.el.summary("Ler o texto", class_name="tr-summary"),
                rx.text(
                    t["body"],
                    size="2",
                    white_space="pre-wrap",
                    overflow_wrap="anywhere",
                    padding_top="0.5em",
                ),
                style={"width": "100%"},
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="consent-text",
    )


def texts_section() -> rx.Component:
    return rx.vstack(
        rx.text(
            "O texto que cada cliente lê antes de aceitar. Cada consentimento fica ligado à "
            "versão aceita.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.cond(
            T.loading,
            loading_block("Carregando textos…"),
            rx.vstack(rx.foreach(T.texts, _text), spacing="3", width="100%"),
        ),
        spacing="3",
        width="100%",
    )


def _publish_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Publicar nova versão"),
            rx.dialog.description(T.form_label, size="2", color=rx.color("gray", 11)),
            rx.callout(
                "Os consentimentos já dados continuam ligados à versão que a pessoa aceitou; "
                "novos consentimentos registram esta. Uma nova versão dos Termos de uso é "
                "pedida de novo a cada cliente na próxima entrada na área do cliente.",
                icon="info",
                size="1",
                width="100%",
                margin_y="1em",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Título",
                        rx.input(
                            name="title",
                            id="text-title",
                            default_value=T.form_title,
                            size="3",
                            width="100%",
                            max_length=120,
                        ),
                        T.errors.get("title", ""),
                        html_for="text-title",
                    ),
                    field(
                        "Texto",
                        rx.text_area(
                            name="body",
                            id="text-body",
                            default_value=T.form_body,
                            rows="12",
                            width="100%",
                        ),
                        T.errors.get("body", ""),
                        html_for="text-body",
                    ),
                    rx.flex(
                        rx.dialog.close(
                            rx.button(
                                "Cancelar",
                                variant="soft",
                                color_scheme="gray",
                                size="3",
                                type="button",
                            )
                        ),
                        rx.button(
                            "Publicar versão",
                            type="submit",
                            size="3",
                            loading=T.saving,
                            disabled=T.saving,
                        ),
                        spacing="3",
                        justify="end",
                        width="100%",
                        wrap="wrap",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=T.publish,
                key=T.form_key,
            ),
            max_width="620px",
            width="calc(100vw - 24px)",
        ),
        open=T.form_open,
        on_open_change=T.set_form_open,
    )


def privacy_dialogs() -> rx.Component:
    return rx.fragment(_resolve_dialog(), anonymise_dialog(), _publish_dialog())

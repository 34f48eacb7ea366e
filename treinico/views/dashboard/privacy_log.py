"""Privacidade's "Registro de acessos" tab: every reading of a health record, attachment
download and data export, by the team or the client, filtered by client, staff member and
period; and the dialogs of the page's three tabs, gathered for the page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.client_picker import client_picker
from treinico.components.ui import empty_state, field, loading_block
from treinico.state.dashboard.privacy import PrivacyLogState
from treinico.views.dashboard.privacy_requests import anonymise_dialog, resolve_dialog
from treinico.views.dashboard.privacy_texts import publish_dialog

L = PrivacyLogState


def _client_filter() -> rx.Component:
    picker = client_picker(
        input_id="log-client",
        placeholder="Todos os clientes — digite um nome",
        query=L.client_query,
        on_search=L.search_client,
        matches=L.client_matches,
        on_pick=lambda m: L.pick_client(m["key"]),
        picked_label=L.client_label,
        on_clear=L.clear_client,
        clear_label="Todos",
        clear_aria="Mostrar todos os clientes",
        testid_prefix="log-",
    )
    return field("Cliente", picker, "", html_for="log-client")


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
                rx.vstack(
                    rx.card(table, width="100%", data_testid="access-log"),
                    rx.cond(
                        L.more > 0,
                        rx.button(
                            "Mostrar mais (",
                            L.more.to_string(),
                            " restantes)",
                            variant="soft",
                            size="3",
                            on_click=L.show_more,
                        ),
                    ),
                    spacing="3",
                    width="100%",
                    align="center",
                ),
            ),
        ),
        spacing="3",
        width="100%",
    )


def privacy_dialogs() -> rx.Component:
    return rx.fragment(resolve_dialog(), anonymise_dialog(), publish_dialog())

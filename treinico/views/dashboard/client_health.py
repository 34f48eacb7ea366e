"""The client page's "Prontuário" tab: the client's health records as a list, the consent
banner that says why nothing can be added or changed, and the dialogs the tab opens."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.client_health import ClientHealthState
from treinico.views.dashboard.client_health_record import (
    NO_CONSENT,
    annul_dialog,
    record_badges,
    record_dialog,
)

S = ClientHealthState


def _record_row(row: Any) -> rx.Component:
    return rx.el.button(
        rx.vstack(
            rx.text(
                row["date_label"], " · ", row["author_name"], size="2", color=rx.color("gray", 11)
            ),
            rx.text(
                row["title"],
                size="3",
                weight="medium",
                text_decoration=rx.cond(row["annulled"], "line-through", "none"),
                overflow_wrap="anywhere",
            ),
            record_badges(row),
            spacing="1",
            align="start",
            flex="1",
            min_width="0",
        ),
        rx.icon("chevron-right", size=18, color=rx.color("gray", 10), flex_shrink="0"),
        type="button",
        on_click=S.open_record(row["id"]),
        aria_label="Abrir registro: " + row["title"],
        class_name="tr-rowbtn",
        data_testid="health-record",
    )


def _new_button() -> rx.Component:
    """Only for health.write; without the client's consent it stays disabled and points at
    the banner that says why."""
    return rx.cond(
        S.can_write_health,
        rx.button(
            rx.icon("plus", size=16),
            "Novo registro",
            on_click=S.open_new,
            disabled=~S.can_create,
            size="2",
            aria_describedby=rx.cond(S.can_create, "", "health-banner"),
            title=rx.cond(S.can_create, "", NO_CONSENT),
        ),
    )


def client_health_tab() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.heading("Prontuário", size="3"),
                    rx.text(
                        "Dados de saúde: cada abertura fica no registro de acessos.",
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                    spacing="1",
                ),
                _new_button(),
                justify="between",
                align="start",
                width="100%",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                S.banner != "",
                rx.callout(
                    S.banner,
                    icon="triangle-alert",
                    color_scheme=rx.cond(S.consent == "revogado", "red", "amber"),
                    width="100%",
                    role="status",
                    id="health-banner",
                    data_testid="health-banner",
                ),
            ),
            rx.cond(
                S.loading,
                loading_block("Carregando prontuário…"),
                rx.cond(
                    S.records.length() == 0,
                    empty_state(
                        "clipboard-plus",
                        "Nenhum registro de saúde",
                        "Anamnese, evoluções, avaliações, exames e restrições do cliente "
                        "aparecem aqui.",
                    ),
                    rx.vstack(rx.foreach(S.records, _record_row), spacing="2", width="100%"),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="client-health",
    )


def client_health_dialogs() -> rx.Component:
    return rx.fragment(record_dialog(), annul_dialog())

"""Privacidade in the portal: "Quem acessou meus dados de saúde" (every reading of the
client's health records, attachment download and export, by the team or the client) and
"Baixar meus dados" (everything kept about the client as a ZIP)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.state.portal.privacy import PortalPrivacyState as P
from treinico.views.portal.privacy import TAP, muted


def _log_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.text(row["who"], size="3", weight="bold", overflow_wrap="anywhere"),
            rx.text(row["what"], size="3"),
            rx.cond(row["target"] != "", muted(row["target"])),
            muted(row["at"], size="1"),
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
        muted(
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
        muted(
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

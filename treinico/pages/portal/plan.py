"""/{slug}/area-do-cliente/plano: "Ver extrato" — the plan card, the sessions of the current
cycle (which counted and which did not) and the make-up credit ledger."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.plan import ledger_list, plan_card_body
from treinico.components.portal import portal_frame, section_card
from treinico.components.ui import loading_block
from treinico.state.portal.plan import PortalPlanState as P
from treinico.views.portal.header import account_header, back_link


def _session_row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row["date"], " · ", row["time"], size="3", weight="medium"),
            rx.text(
                row["type_name"], " · ", row["status_label"], size="2", color=rx.color("gray", 11)
            ),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.badge(
            row["counted"],
            color_scheme=rx.match(row["counted"], ("Contou", "teal"), ("Agendada", "blue"), "gray"),
            variant="soft",
            size="2",
        ),
        align="center",
        spacing="3",
        width="100%",
        padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="statement-row",
    )


def _sessions() -> rx.Component:
    return rx.cond(
        P.sessions.length() == 0,
        rx.text("Nenhuma sessão do plano neste ciclo.", size="2", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(P.sessions, _session_row), spacing="0", width="100%"),
    )


def portal_plan_page() -> rx.Component:
    content = rx.vstack(
        back_link(P.slug),
        rx.heading("Extrato do plano", size="7"),
        section_card("credit-card", "Meu plano", plan_card_body(P.plan, P.has_plan)),
        section_card(
            "list-checks",
            "Sessões deste ciclo",
            rx.vstack(
                rx.text(
                    "Contam as sessões feitas, as faltas e os cancelamentos fora do prazo. "
                    "Reposições usam créditos e não contam.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                _sessions(),
                spacing="2",
                width="100%",
            ),
        ),
        section_card("rotate-ccw", "Créditos de reposição", ledger_list(P.ledger)),
        spacing="4",
        width="100%",
    )
    return portal_frame(rx.cond(~P.loading, content, loading_block()), header=account_header())

"""Cards of the client page: "Plano", "Próximos agendamentos", "Histórico de agendamentos"
and "Créditos de reposição"."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.plan import ledger_list, plan_card_body
from treinico.components.ui import loading_block
from treinico.state.dashboard.client_agenda import ClientAgendaState

S = ClientAgendaState


def _booking_row(b: Any) -> rx.Component:
    return rx.hstack(
        rx.box(
            width="4px",
            align_self="stretch",
            border_radius="2px",
            background="var(--" + b["color"] + "-9)",
        ),
        rx.vstack(
            rx.text(b["day_label"], " · ", b["time"], size="2", weight="medium"),
            rx.text(b["type_name"], " · ", b["trainer_name"], size="2", color=rx.color("gray", 11)),
            rx.flex(
                rx.badge(
                    b["status_label"],
                    color_scheme=rx.match(
                        b["status"],
                        ("presente", "grass"),
                        ("falta", "red"),
                        ("agendado", "blue"),
                        "gray",
                    ),
                    variant="soft",
                ),
                rx.cond(b["no_plan"], rx.badge("sem plano ativo", color_scheme="red")),
                rx.cond(b["is_makeup"], rx.badge("Reposição", color_scheme="violet")),
                rx.cond(
                    b["needs_confirmation"],
                    rx.badge("Confirmar presença", color_scheme="amber", variant="soft"),
                ),
                spacing="1",
                wrap="wrap",
            ),
            spacing="1",
            min_width="0",
        ),
        spacing="3",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="client-booking",
    )


def _bookings(rows: Any, empty: str) -> rx.Component:
    return rx.cond(
        rows.length() == 0,
        rx.text(empty, size="2", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(rows, _booking_row), spacing="0", width="100%"),
    )


def _card(title: str, body: rx.Component, testid: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="3"), body, spacing="3", width="100%"),
        width="100%",
        data_testid=testid,
    )


def client_agenda_cards() -> rx.Component:
    return rx.cond(
        S.loading,
        loading_block("Carregando agenda do cliente…"),
        rx.cond(
            S.visible,
            rx.grid(
                _card("Plano", plan_card_body(S.plan, S.has_plan), "client-plan"),
                _card(
                    "Próximos agendamentos",
                    _bookings(S.upcoming, "Nenhum agendamento futuro."),
                    "client-upcoming",
                ),
                _card(
                    "Histórico de agendamentos",
                    _bookings(S.past, "Nenhum agendamento anterior."),
                    "client-past",
                ),
                _card("Créditos de reposição", ledger_list(S.ledger), "client-ledger"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
        ),
    )

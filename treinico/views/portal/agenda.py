"""Portal sections bound to the agenda states: the booking list with "Cancelar" and
"Reagendar", the plan card, the slot picker (reschedule and make-up) and its confirmations."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.plan import plan_card_body
from treinico.components.ui import PREFETCH, confirm_dialog, loading_block
from treinico.state.portal.agenda import PortalAgendaState as A
from treinico.state.portal.slots import PortalSlotsState as S

TAP = "44px"


def _muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, size="2", color=rx.color("gray", 11), **props)


def booking_row(row: Any) -> rx.Component:
    when = row["day_label"] + " às " + row["time"]
    return rx.vstack(
        rx.hstack(
            rx.text(row["day_label"], " · ", row["time"], size="4", weight="bold"),
            rx.cond(
                row["is_makeup"],
                rx.badge("Reposição", color_scheme="violet", variant="soft", size="2"),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        _muted(row["type_name"] + " com " + row["trainer_name"]),
        rx.cond(
            row["can_change"],
            rx.hstack(
                rx.button(
                    rx.icon("calendar-sync", size=16),
                    "Reagendar",
                    variant="soft",
                    size="3",
                    min_height=TAP,
                    flex="1",
                    aria_label="Reagendar " + when,
                    on_click=S.open_reschedule(row["id"]),
                ),
                rx.button(
                    rx.icon("x", size=16),
                    "Cancelar",
                    variant="soft",
                    color_scheme="red",
                    size="3",
                    min_height=TAP,
                    flex="1",
                    aria_label="Cancelar " + when,
                    on_click=A.ask_cancel(row["id"]),
                ),
                spacing="2",
                width="100%",
            ),
            rx.callout(
                row["reason"],
                icon="info",
                color_scheme="amber",
                size="1",
                width="100%",
                data_testid="booking-reason",
            ),
        ),
        spacing="2",
        width="100%",
        padding_y="12px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="portal-booking",
    )


def booking_list(rows: Any) -> rx.Component:
    return rx.cond(
        ~A.loading,
        rx.cond(
            rows.length() == 0,
            _muted("Você não tem horários marcados."),
            rx.vstack(rx.foreach(rows, booking_row), spacing="0", width="100%"),
        ),
        loading_block(),
    )


def plan_section_body() -> rx.Component:
    return rx.cond(
        ~A.loading,
        plan_card_body(
            A.plan,
            A.has_plan,
            rx.vstack(
                rx.cond(
                    A.can_book_makeup,
                    rx.button(
                        rx.icon("calendar-plus", size=16),
                        "Agendar reposição",
                        size="3",
                        min_height=TAP,
                        width="100%",
                        on_click=S.open_makeup(A.makeup_options[0]["key"]),
                    ),
                ),
                rx.link(
                    rx.button(
                        rx.icon("receipt-text", size=16),
                        "Ver extrato",
                        variant="soft",
                        size="3",
                        min_height=TAP,
                        width="100%",
                    ),
                    href="/" + A.slug + "/area-do-cliente/plano",
                    custom_attrs=PREFETCH,
                    width="100%",
                ),
                spacing="2",
                width="100%",
                margin_top="4px",
            ),
        ),
        loading_block(),
    )


def cancel_confirm() -> rx.Component:
    return confirm_dialog(
        open=A.cancel_open,
        on_open_change=A.set_cancel_open,
        title="Cancelar este horário?",
        # The description is a <p>: spans and a line break, no blocks inside it.
        body=rx.fragment(
            rx.text.strong(A.cancel_what),
            rx.el.br(),
            rx.text.span(A.cancel_note, data_testid="cancel-note"),
        ),
        confirm_label="Sim, cancelar",
        on_confirm=A.cancel,
        dismiss_label="Voltar",
    )


def _slot_button(slot: Any) -> rx.Component:
    return rx.button(
        slot["time"],
        rx.cond(slot["seats"] != "", rx.text(slot["seats"], size="1"), rx.fragment()),
        variant="surface",
        size="3",
        min_height=TAP,
        width="100%",
        aria_label=slot["day"] + " às " + slot["time"],
        on_click=S.pick(slot["start"]),
        data_testid="slot",
    )


def _day(day: Any) -> rx.Component:
    return rx.vstack(
        rx.heading(day[0]["day"], size="3", as_="h3"),
        rx.grid(
            rx.foreach(day, _slot_button),
            grid_template_columns="repeat(auto-fill, minmax(76px, 1fr))",
            gap="8px",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def _option_button(option: Any) -> rx.Component:
    return rx.button(
        option["label"],
        variant=rx.cond(S.option_key == option["key"], "solid", "outline"),
        size="3",
        min_height=TAP,
        on_click=S.open_makeup(option["key"]),
    )


def slots_dialog() -> rx.Component:
    body = rx.cond(
        S.loading,
        loading_block("Buscando horários livres…"),
        rx.cond(
            S.days.length() == 0,
            rx.cond(
                S.error != "",
                rx.fragment(),
                _muted("Nenhum horário livre nos próximos 14 dias.", data_testid="no-slots"),
            ),
            rx.vstack(rx.foreach(S.days, _day), spacing="4", width="100%"),
        ),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title(S.title, margin="0"),
                rx.spacer(),
                rx.dialog.close(
                    rx.icon_button(
                        rx.icon("x", size=20),
                        variant="ghost",
                        color_scheme="gray",
                        size="3",
                        aria_label="Fechar",
                    )
                ),
                align="center",
                width="100%",
            ),
            rx.dialog.description(S.subtitle, size="2", color=rx.color("gray", 11)),
            rx.cond(
                (S.mode == "makeup") & (A.makeup_options.length() > 1),
                rx.flex(rx.foreach(A.makeup_options, _option_button), spacing="2", wrap="wrap"),
            ),
            rx.cond(
                S.error != "",
                rx.callout(S.error, icon="triangle-alert", color_scheme="red", role="alert"),
            ),
            rx.box(body, padding_top="8px", width="100%"),
            confirm_dialog(
                open=S.confirm_open,
                on_open_change=S.set_confirm_open,
                title=rx.cond(S.mode == "makeup", "Confirmar reposição", "Confirmar troca"),
                body=S.confirm_text,
                confirm_label="Confirmar",
                on_confirm=S.confirm,
                color="teal",
                dismiss_label="Voltar",
            ),
            display="flex",
            flex_direction="column",
            gap="12px",
            max_width="480px",
            max_height="85vh",
            overflow_y="auto",
            padding="16px",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )


def agenda_dialogs() -> rx.Component:
    return rx.fragment(cancel_confirm(), slots_dialog())

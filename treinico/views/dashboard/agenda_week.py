"""The agenda's week: seven columns at desk width, one day at a time on a phone."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.state.dashboard.agenda import AgendaState

PHONE = ["flex", "flex", "none"]
DESK = ["none", "none", "grid"]


BADGE_WRAP = {"whiteSpace": "normal", "height": "auto", "maxWidth": "100%"}


def _badges(b: Any) -> rx.Component:
    return rx.flex(
        rx.cond(
            b["needs_confirmation"],
            rx.badge("Confirmar presença", color_scheme="amber", variant="soft", style=BADGE_WRAP),
        ),
        rx.cond(b["no_plan"], rx.badge("sem plano ativo", color_scheme="red")),
        rx.cond(b["is_makeup"], rx.badge("Reposição", color_scheme="violet")),
        rx.cond(b["status"] == "presente", rx.badge("Presente", color_scheme="grass")),
        rx.cond(b["status"] == "falta", rx.badge("Falta", color_scheme="red", variant="soft")),
        spacing="1",
        wrap="wrap",
    )


def booking_card(b: Any) -> rx.Component:
    """A compact card; the whole card is the button that opens the booking."""
    return rx.el.button(
        rx.vstack(
            rx.text(b["time"], size="1", weight="bold", color=rx.color("gray", 12)),
            rx.text(
                b["client_name"],
                size="2",
                weight="medium",
                color=rx.color("gray", 12),
                style={"overflowWrap": "anywhere"},
            ),
            rx.text(b["type_name"], size="1", color=rx.color("gray", 11)),
            rx.cond(
                AgendaState.trainer_filter == "all",
                rx.text(b["trainer_name"], size="1", color=rx.color("gray", 11)),
            ),
            _badges(b),
            spacing="1",
            align="start",
            width="100%",
        ),
        on_click=AgendaState.open_booking(b["id"]),
        type="button",
        data_testid="booking-card",
        style={
            "width": "100%",
            "textAlign": "left",
            "cursor": "pointer",
            "padding": "6px 8px",
            "borderRadius": "8px",
            "border": f"1px solid {rx.color('gray', 5)}",
            "borderLeft": "4px solid var(--" + b["color"] + "-9)",
            "background": rx.color("gray", 1),
            "font": "inherit",
            "overflow": "hidden",
        },
        _hover={"background": rx.color("gray", 3)},
    )


def _day_bookings(day_iso: Any) -> rx.Component:
    return rx.foreach(
        AgendaState.bookings,
        lambda b: rx.cond(b["day_iso"] == day_iso, booking_card(b)),
    )


def _desk_column(day: Any) -> rx.Component:
    today = day["is_today"]
    return rx.vstack(
        rx.box(
            rx.text(
                day["label"],
                size="2",
                weight="bold",
                color=rx.cond(today, rx.color("accent", 11), rx.color("gray", 12)),
            ),
            rx.cond(today, rx.text("Hoje", size="1", color=rx.color("accent", 11))),
            padding_bottom="4px",
            border_bottom=rx.cond(
                today, f"2px solid {rx.color('accent', 9)}", f"1px solid {rx.color('gray', 5)}"
            ),
            width="100%",
        ),
        _day_bookings(day["iso"]),
        rx.cond(day["count"] == 0, rx.text("Livre", size="1", color=rx.color("gray", 11))),
        spacing="2",
        min_width="0",
        padding="6px",
        border_radius="8px",
        background=rx.cond(today, rx.color("accent", 2), "transparent"),
        data_testid="day-column",
        aria_current=rx.cond(today, "date", None),
    )


def _day_tab(day: Any) -> rx.Component:
    picked = AgendaState.phone_day == day["iso"]
    return rx.button(
        rx.vstack(
            rx.text(day["short"], size="1"),
            rx.text(day["num"], size="3", weight="bold"),
            spacing="0",
            align="center",
        ),
        on_click=AgendaState.pick_day(day["iso"]),
        variant=rx.cond(picked, "solid", rx.cond(day["is_today"], "soft", "outline")),
        aria_label=day["label"],
        aria_pressed=rx.cond(picked, "true", "false"),
        height="52px",
        padding="0",
        min_width="0",
        width="100%",
    )


def _phone_day() -> rx.Component:
    day = AgendaState.phone_day
    return rx.vstack(
        rx.grid(rx.foreach(AgendaState.days, _day_tab), columns="7", spacing="1", width="100%"),
        rx.foreach(
            AgendaState.days,
            lambda d: rx.cond(
                d["iso"] == day,
                rx.vstack(
                    rx.heading(d["label"], rx.cond(d["is_today"], " · Hoje", ""), size="3"),
                    _day_bookings(d["iso"]),
                    rx.cond(
                        d["count"] == 0,
                        rx.text(
                            "Nenhum agendamento neste dia.", size="2", color=rx.color("gray", 11)
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
        ),
        display=PHONE,
        spacing="3",
        width="100%",
        data_testid="agenda-phone",
    )


def week_grid() -> rx.Component:
    return rx.box(
        rx.grid(
            rx.foreach(AgendaState.days, _desk_column),
            columns="7",
            spacing="2",
            width="100%",
            display=DESK,
            data_testid="agenda-week",
        ),
        _phone_day(),
        width="100%",
    )

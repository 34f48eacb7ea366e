"""How one access to a product reads, in the dashboard modal and in the client portal."""

from __future__ import annotations

from typing import Any

import reflex as rx

PRODUCT_ICONS = ("calendar-days", "calendar-range", "crown", "ruler", "dumbbell", "heart-pulse")
STATUS_COLORS = (("active", "grass"), ("grace", "amber"), ("scheduled", "blue"))


def product_icon(name: Any) -> rx.Component:
    return rx.center(
        rx.match(
            name,
            *[(icon, rx.icon(icon, size=18)) for icon in PRODUCT_ICONS],
            rx.icon("package", size=18),
        ),
        width="36px",
        height="36px",
        min_width="36px",
        border_radius="8px",
        background=rx.color("accent", 3),
        color=rx.color("accent", 11),
    )


def status_badge(status: Any, label: Any) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS, "gray"),
        variant="soft",
        size="2",
    )


def access_summary(row: Any, *trailing: rx.Component, **props: Any) -> rx.Component:
    """Icon, product name, status badge and time left; ``trailing`` goes at the end."""
    return rx.hstack(
        product_icon(row["icon"]),
        rx.vstack(
            rx.text(row["product"], weight="medium", size="3"),
            rx.hstack(
                status_badge(row["status"], row["status_label"]),
                rx.text(row["time_left"], size="2", color=rx.color("gray", 11)),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        *trailing,
        align="center",
        spacing="3",
        width="100%",
        **props,
    )

"""The dashboard frame: sidebar on desktop, drawer menu on phones, header with team and user."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.ticker import ticker
from treinico.components.ui import loading_block
from treinico.state.dashboard.nav import NAV_TICK_MS, NavState
from treinico.state.session import SessionState

# (icon, label, route)
NAV = (
    ("users", "Clientes", routes.CLIENTS),
    ("list-checks", "Tarefas", routes.TASKS),
    ("shopping-bag", "Comércio", routes.COMMERCE),
    ("calendar", "Agenda", routes.AGENDA),
    ("message-circle", "Mensagens", routes.MESSAGES),
    ("shield-check", "Privacidade", routes.PRIVACY),
    ("settings", "Configurações", routes.SETTINGS),
)


# Route -> the NavState count shown as a badge beside its item (refreshed by the shell).
# Unread messages in red; accesses about to end in amber (a reminder, not an alarm).
BADGES: dict[str, tuple[Any, str, str]] = {
    routes.MESSAGES: (NavState.unread_messages, "não lidas", "tomato"),
    routes.COMMERCE: (NavState.expiring_soon, "vencendo em breve", "amber"),
}


def _badge(href: str) -> rx.Component:
    if href not in BADGES:
        return rx.fragment()
    count, meaning, color = BADGES[href]
    return rx.cond(
        count > 0,
        rx.badge(
            count,
            rx.el.span(" " + meaning, class_name="tr-sr"),
            variant="solid" if color == "tomato" else "soft",
            color_scheme=color,
            high_contrast=True,  # the solid tomato's white text is under 4.5:1 otherwise
            radius="full",
            margin_left="auto",
            data_testid="nav-badge",
        ),
    )


def _nav_item(icon: str, key: str, href: str, active: str) -> rx.Component:
    is_active = href == active
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(key, size="3", weight="medium" if is_active else "regular"),
            _badge(href),
            spacing="3",
            align="center",
            padding_x="0.85em",
            padding_y="0.6em",
            border_radius="8px",
            background=rx.color("accent", 4) if is_active else "transparent",
            color=rx.color("accent", 12) if is_active else rx.color("gray", 12),
            _hover={"background": rx.color("accent", 3)},
            width="100%",
        ),
        href=href,
        underline="none",
        width="100%",
        aria_current="page" if is_active else None,
    )


def _nav(active: str) -> rx.Component:
    return rx.vstack(
        *[_nav_item(icon, key, href, active) for icon, key, href in NAV],
        spacing="1",
        width="100%",
    )


def _brand() -> rx.Component:
    return rx.hstack(
        rx.image(src="/logo.svg", width="28px", height="28px", alt=""),
        rx.text("Treinico", size="5", weight="bold"),
        spacing="2",
        align="center",
    )


def _user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(SessionState.user_name, display=["none", "none", "inline"]),
                rx.icon("chevron-down", size=14),
                variant="ghost",
                color_scheme="gray",
                # The visible name is part of the accessible one (WCAG 2.5.3).
                aria_label="Menu do usuário: " + SessionState.user_name,
            )
        ),
        rx.menu.content(
            rx.box(
                rx.text(SessionState.user_name, size="2", weight="medium"),
                padding_x="0.75em",
                padding_y="0.4em",
            ),
            rx.cond(
                SessionState.several_teams,
                rx.menu.item(
                    rx.icon("repeat", size=14),
                    "Trocar de equipe",
                    on_select=rx.redirect(routes.TEAMS),
                ),
            ),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("log-out", size=14),
                "Sair",
                on_select=SessionState.logout,
                color_scheme="red",
            ),
        ),
    )


def _mobile_menu(active: str) -> rx.Component:
    return rx.drawer.root(
        rx.drawer.trigger(
            rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Menu", size="3")
        ),
        rx.drawer.overlay(z_index="50"),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        _brand(),
                        rx.drawer.close(
                            rx.icon_button(rx.icon("x"), variant="ghost", aria_label="Fechar")
                        ),
                        justify="between",
                        width="100%",
                    ),
                    _nav(active),
                    spacing="4",
                    padding="1em",
                    width="100%",
                ),
                height="100%",
                width="80%",
                max_width="300px",
                background=rx.color("gray", 1),
                z_index="60",
            )
        ),
        direction="left",
    )


def dashboard_shell(content: rx.Component, active: str, *, wide: bool = False) -> rx.Component:
    """Frame a dashboard page. Nothing of the page renders until the session is checked.

    ``wide`` lets the page use the whole width (the two-column Mensagens)."""
    sidebar = rx.box(
        rx.vstack(_brand(), _nav(active), spacing="5", padding="1.25em", width="100%"),
        display=["none", "none", "block"],
        width="240px",
        min_width="240px",
        border_right=f"1px solid {rx.color('gray', 5)}",
        min_height="100vh",
        background=rx.color("gray", 2),
    )
    header = rx.hstack(
        rx.box(_mobile_menu(active), display=["block", "block", "none"]),
        rx.hstack(
            rx.icon("building-2", size=16, color=rx.color("gray", 10)),
            rx.text(SessionState.team_name, weight="medium", size="3", trim="both"),
            spacing="2",
            align="center",
            min_width="0",
        ),
        rx.spacer(),
        _user_menu(),
        align="center",
        padding_x=["0.75em", "1em", "1.5em"],
        height="56px",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
    )
    return rx.flex(
        sidebar,
        rx.box(
            header,
            rx.el.main(
                rx.box(
                    rx.cond(~SessionState.loading, content, loading_block("Carregando…")),
                    padding=["1em", "1.25em", "2em"],
                    max_width="1400px" if wide else "1100px",
                    width="100%",
                ),
            ),
            # The navigation's counts, on a slow tick on every dashboard page (one handler).
            ticker(interval=NAV_TICK_MS, on_tick=NavState.refresh_nav),
            flex="1",
            min_width="0",
        ),
        width="100%",
        min_height="100vh",
    )

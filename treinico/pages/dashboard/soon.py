"""Sections that later work fills: each shows an "em breve" state inside the shell."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, page_header
from treinico.i18n import t


def soon_page(title_key: str, icon: str, route: str) -> Callable[[], rx.Component]:
    def page() -> rx.Component:
        return dashboard_shell(
            rx.vstack(
                page_header(t(title_key)),
                rx.card(empty_state(icon, t("soon.title"), t("soon.body")), width="100%"),
                width="100%",
            ),
            route,
        )

    page.__name__ = f"soon_{title_key.replace('.', '_')}"
    return page

"""/painel/comercio: the team's products and "Vencendo em breve"."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, page_header
from treinico.state.dashboard.products import ProductsState
from treinico.state.session import SessionState
from treinico.views.dashboard.expiring import expiring_section
from treinico.views.dashboard.products import products_section


def _content() -> rx.Component:
    return rx.vstack(
        page_header(
            "Comércio",
            subtitle="Produtos da equipe e os acessos que vencem nos próximos dias.",
        ),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Produtos", value="produtos"),
                rx.tabs.trigger("Vencendo em breve", value="vencendo"),
                size="2",
            ),
            rx.tabs.content(products_section(), value="produtos", padding_top="1em"),
            rx.tabs.content(expiring_section(), value="vencendo", padding_top="1em"),
            value=ProductsState.tab,
            on_change=ProductsState.set_tab,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def commerce_content() -> rx.Component:
    return rx.cond(
        SessionState.can_read_entitlements,
        _content(),
        rx.vstack(
            page_header("Comércio"),
            rx.card(
                rx.cond(
                    SessionState.show_commerce,
                    empty_state(
                        "lock",
                        "Sem permissão",
                        "Você não tem permissão para ver produtos e acessos.",
                    ),
                    empty_state(
                        "shopping-bag",
                        "Comércio desativado",
                        "O módulo Comércio está desativado para esta equipe. Quem administra "
                        "a equipe pode ativá-lo em Configurações.",
                    ),
                ),
                width="100%",
            ),
            width="100%",
        ),
    )


def commerce_page() -> rx.Component:
    return dashboard_shell(commerce_content(), routes.COMMERCE)

"""/painel/comercio/[product_id]: one product, its clients by status, bulk changes, CSV."""

from __future__ import annotations

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.product_clients import ProductClientsState
from treinico.views.dashboard.bulk import bulk_dialog
from treinico.views.dashboard.product_clients import client_list, filters_bar, selection_bar

S = ProductClientsState


def _header() -> rx.Component:
    p = S.product
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=14), rx.text("Comércio"), spacing="1"),
            href=routes.COMMERCE,
            size="2",
        ),
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.heading(p["name"], size="6"),
                    rx.cond(
                        p["active"],
                        rx.badge("Ativo", color_scheme="grass"),
                        rx.badge("Arquivado", color_scheme="orange"),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(
                    p["kind_label"],
                    " · ",
                    p["price"],
                    " · ",
                    p["billing_label"],
                    " · ",
                    p["grace"],
                    rx.cond(p["sessions"] != "", " · " + p["sessions"], ""),
                    size="2",
                    color=rx.color("gray", 11),
                ),
                spacing="1",
                min_width="0",
            ),
            rx.button(
                rx.icon("download", size=16),
                "Exportar CSV",
                on_click=S.download_csv,
                variant="soft",
                size="3",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.75em",
            width="100%",
        ),
        rx.cond(
            ~p["active"],
            rx.callout(
                "Produto arquivado: novos acessos não são concedidos; os atuais seguem até o fim.",
                icon="archive",
                color_scheme="orange",
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
        margin_bottom="0.5em",
    )


def _content() -> rx.Component:
    return rx.cond(
        S.not_found,
        rx.card(
            empty_state(
                "package-x",
                "Produto não encontrado",
                "Ele não existe nesta equipe ou você não tem acesso.",
                rx.link(rx.button("Voltar ao Comércio", variant="soft"), href=routes.COMMERCE),
            ),
            width="100%",
        ),
        rx.cond(
            S.product["id"] != 0,  # read (id 0: not yet)
            rx.vstack(
                _header(),
                filters_bar(),
                selection_bar(),
                client_list(),
                bulk_dialog(),
                spacing="3",
                width="100%",
            ),
            loading_block("Carregando produto…"),
        ),
    )


def product_page() -> rx.Component:
    return dashboard_shell(_content(), routes.COMMERCE)

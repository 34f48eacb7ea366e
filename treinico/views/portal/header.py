"""The portal's header with the account menu, shared by every signed-in portal page."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import portal_header
from treinico.components.ui import PREFETCH
from treinico.state.portal.home import PortalHomeState as H


def account_header() -> rx.Component:
    return portal_header(
        H.business_name,
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(
                    rx.icon("circle-user", size=22),
                    variant="ghost",
                    size="3",
                    aria_label="Minha conta",
                )
            ),
            rx.menu.content(
                rx.menu.item(
                    rx.icon("house", size=14),
                    "Início",
                    on_select=rx.redirect("/" + H.slug + "/area-do-cliente"),
                ),
                rx.menu.item(
                    rx.icon("message-circle", size=14),
                    "Mensagens",
                    on_select=rx.redirect("/" + H.slug + "/area-do-cliente/mensagens"),
                ),
                rx.cond(
                    H.health_enabled,
                    rx.menu.item(
                        rx.icon("file-heart", size=14),
                        "Meus registros de saúde",
                        on_select=rx.redirect("/" + H.slug + "/area-do-cliente/saude"),
                    ),
                ),
                rx.menu.item(
                    rx.icon("shield-check", size=14),
                    "Privacidade",
                    on_select=rx.redirect("/" + H.slug + "/area-do-cliente/privacidade"),
                ),
                rx.menu.separator(),
                rx.cond(
                    H.several,
                    rx.menu.item(
                        rx.icon("repeat", size=14),
                        "Trocar de negócio",
                        on_select=rx.redirect("/area-do-cliente/negocios"),
                    ),
                ),
                rx.menu.item(
                    rx.icon("log-out", size=14), "Sair", on_select=H.logout, color_scheme="red"
                ),
                align="end",
            ),
        ),
    )


def back_link(slug: rx.Var, label: str = "Voltar ao início") -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=18), rx.text(label, size="3"), align="center"),
        href="/" + slug + "/area-do-cliente",
        custom_attrs=PREFETCH,
        min_height="44px",
        display="inline-flex",
        align_items="center",
    )

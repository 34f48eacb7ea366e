""" "Adicionar ao calendário" on the portal's agenda page: the private calendar address,
shown once, with "Copiar" and "Abrir no calendário"."""

from __future__ import annotations

import reflex as rx

from treinico.components.portal import section_card
from treinico.state.portal.calendar import PortalCalendarState as C

TAP = "44px"


def _shown() -> rx.Component:
    return rx.vstack(
        rx.callout(
            "Link gerado. Os links anteriores pararam de funcionar.",
            icon="circle-check",
            color_scheme="teal",
            size="1",
            width="100%",
        ),
        rx.text(
            "Seu link (guarde só para você: quem tiver o link vê seus horários):",
            size="2",
            weight="medium",
        ),
        rx.box(
            rx.text(C.feed_url, size="2", font_family="monospace", data_testid="feed-url"),
            padding="10px",
            border_radius="8px",
            background=rx.color("gray", 3),
            width="100%",
            overflow_wrap="anywhere",
            word_break="break-all",
        ),
        rx.vstack(
            rx.button(
                rx.icon("copy", size=16),
                "Copiar",
                size="3",
                min_height=TAP,
                width="100%",
                on_click=[rx.set_clipboard(C.feed_url), rx.toast.success("Link copiado.")],
            ),
            rx.link(
                rx.button(
                    rx.icon("external-link", size=16),
                    "Abrir no calendário",
                    variant="soft",
                    size="3",
                    min_height=TAP,
                    width="100%",
                ),
                href=C.webcal_url,
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        rx.button(
            "Pronto",
            variant="ghost",
            size="3",
            min_height=TAP,
            on_click=C.forget,
        ),
        spacing="3",
        width="100%",
    )


def _generate() -> rx.Component:
    return rx.vstack(
        rx.cond(
            C.active,
            rx.callout(
                rx.text(
                    "Você já tem um link ativo (desde ",
                    C.since,
                    "). Gerar um novo link faz o anterior parar de funcionar.",
                ),
                icon="triangle-alert",
                color_scheme="amber",
                size="1",
                width="100%",
            ),
        ),
        rx.button(
            rx.icon("calendar-plus", size=16),
            rx.cond(C.active, "Gerar novo link", "Gerar link do calendário"),
            size="3",
            min_height=TAP,
            width="100%",
            loading=C.saving,
            on_click=C.renew,
        ),
        spacing="3",
        width="100%",
    )


def calendar_section() -> rx.Component:
    return rx.box(
        section_card(
            "calendar-check",
            "Adicionar ao calendário",
            rx.vstack(
                rx.text(
                    "Assine seus horários no calendário do celular: ele acompanha sozinho "
                    "os agendamentos, cancelamentos e trocas de horário.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                rx.cond(C.feed_url != "", _shown(), _generate()),
                spacing="3",
                width="100%",
            ),
        ),
        id="calendario",
        width="100%",
        on_unmount=C.forget,
    )

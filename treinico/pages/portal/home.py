"""/{slug}/area-do-cliente: the client's home, and /area-do-cliente/negocios: the picker."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.access import access_summary
from treinico.components.portal import portal_frame, portal_header, section_card, soon_text
from treinico.components.ui import PREFETCH, loading_block
from treinico.state.portal.agenda import PortalAgendaState as A
from treinico.state.portal.home import PortalHomeState as H
from treinico.state.portal.home import PortalPickerState as P
from treinico.state.portal.homework import PortalHomeworkState as T
from treinico.state.portal.progress import PortalProgressState as G
from treinico.views.portal.agenda import agenda_dialogs, booking_list, plan_section_body
from treinico.views.portal.header import account_header
from treinico.views.portal.homework import homework_summary
from treinico.views.portal.progress import progress_summary


def _access(row: Any) -> rx.Component:
    return access_summary(row, padding_y="8px", data_testid="portal-access")


def _section_link(text: str, label: str, href: rx.Var) -> rx.Component:
    return rx.vstack(
        soon_text(text),
        rx.link(
            rx.hstack(
                rx.text(label, size="3", weight="medium"),
                rx.icon("chevron-right", size=16),
                align="center",
            ),
            href=href,
            custom_attrs=PREFETCH,
            min_height="44px",
            display="inline-flex",
            align_items="center",
        ),
        spacing="1",
        width="100%",
    )


def _agenda_footer() -> rx.Component:
    return rx.flex(
        rx.cond(
            A.has_more,
            rx.link(
                rx.text("Ver todos", size="3", weight="medium"),
                href="/" + A.slug + "/area-do-cliente/agenda",
                custom_attrs=PREFETCH,
                min_height="44px",
                display="inline-flex",
                align_items="center",
            ),
        ),
        rx.link(
            rx.hstack(rx.icon("calendar-check", size=16), rx.text("Adicionar ao calendário")),
            href="/" + A.slug + "/area-do-cliente/agenda#calendario",
            custom_attrs=PREFETCH,
            size="3",
            min_height="44px",
            display="inline-flex",
            align_items="center",
        ),
        justify="between",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _current(loading: rx.Var, slug: rx.Var, body: rx.Component) -> rx.Component:
    """A section loaded by its own event: shown only once it holds this business's data, so
    switching business never shows the previous one's plan next to the new one's name."""
    return rx.cond(~loading & (slug == H.slug), body, loading_block())


def portal_home_page() -> rx.Component:
    content = rx.vstack(
        rx.heading("Olá, ", H.first_name, "!", size="7"),
        rx.text(
            "Tudo do seu acompanhamento em ",
            H.business_name,
            ".",
            size="3",
            color=rx.color("gray", 11),
        ),
        section_card(
            "calendar",
            "Próximos agendamentos",
            _current(
                A.loading,
                A.slug,
                rx.vstack(booking_list(A.next_rows), _agenda_footer(), spacing="2", width="100%"),
            ),
        ),
        section_card("credit-card", "Meu plano", _current(A.loading, A.slug, plan_section_body())),
        section_card(
            "key-round",
            "Meus acessos",
            rx.cond(
                H.accesses.length() == 0,
                soon_text("Você não tem acessos ativos no momento."),
                rx.vstack(rx.foreach(H.accesses, _access), spacing="1", width="100%"),
            ),
        ),
        section_card(
            "message-circle",
            "Mensagens",
            rx.vstack(
                rx.cond(
                    H.unread_messages > 0,
                    rx.badge(
                        H.unread_messages,
                        rx.cond(H.unread_messages == 1, " nova", " novas"),
                        color_scheme="tomato",
                        variant="solid",
                        size="2",
                        data_testid="portal-unread",
                    ),
                ),
                _section_link(
                    "Fale com a equipe sem sair da área do cliente.",
                    "Abrir mensagens",
                    "/" + H.slug + "/area-do-cliente/mensagens",
                ),
                spacing="2",
                width="100%",
            ),
        ),
        section_card(
            "list-checks", "Lições de casa", _current(T.loading, T.slug, homework_summary())
        ),
        section_card("trending-up", "Evolução", _current(G.loading, G.slug, progress_summary())),
        rx.cond(
            H.health_enabled,
            section_card(
                "file-heart",
                "Meus registros de saúde",
                _section_link(
                    "Os registros de saúde que a equipe liberar para você.",
                    "Ver registros",
                    "/" + H.slug + "/area-do-cliente/saude",
                ),
            ),
        ),
        section_card(
            "shield-check",
            "Privacidade",
            _section_link(
                "Seus consentimentos, quem acessou seus dados de saúde e a cópia dos seus dados.",
                "Abrir Privacidade",
                "/" + H.slug + "/area-do-cliente/privacidade",
            ),
        ),
        agenda_dialogs(),
        spacing="4",
        width="100%",
    )
    return portal_frame(rx.cond(~H.loading, content, loading_block()), header=account_header())


def _business(b: Any) -> rx.Component:
    return rx.link(
        rx.button(
            rx.hstack(
                rx.icon("building-2", size=20),
                rx.text(b["name"], size="4", weight="medium"),
                rx.spacer(),
                rx.icon("chevron-right", size=20),
                align="center",
                width="100%",
            ),
            variant="surface",
            size="4",
            width="100%",
            height="64px",
        ),
        href="/" + b["slug"] + "/area-do-cliente",
        custom_attrs=PREFETCH,
        width="100%",
        data_testid="business-choice",
    )


def portal_picker_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            rx.heading("Escolha o negócio", size="6"),
            rx.text(
                "Seu WhatsApp está cadastrado em mais de um lugar. Qual você quer abrir?",
                size="3",
                color=rx.color("gray", 11),
            ),
            rx.cond(
                P.loading,
                loading_block(),
                rx.vstack(rx.foreach(P.businesses, _business), spacing="3", width="100%"),
            ),
            spacing="4",
            width="100%",
            padding_top="24px",
        ),
        header=portal_header("Treinico"),
    )

"""/{slug}/area-do-cliente/mensagens: the client's conversation with the team (phone first)
and the WhatsApp preferences."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.portal import portal_frame, section_card
from treinico.components.ticker import ticker
from treinico.components.ui import empty_state, loading_block
from treinico.settings import get_settings
from treinico.state.portal.home import PortalHomeState as H
from treinico.state.portal.messages import COMPOSER_ID, COUNTER_ID
from treinico.state.portal.messages import PortalMessagesState as S
from treinico.views.portal.header import account_header, back_link
from treinico.views.shared.conversation import composer, thread

TICK_MS = get_settings().messages_refresh_seconds * 1000


def _switch(label: str, hint: str, checked: Any, on_change: Any, test_id: str) -> rx.Component:
    return rx.el.label(
        rx.vstack(
            rx.text(label, size="3", weight="medium"),
            rx.text(hint, size="2", color=rx.color("gray", 11)),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.switch(
            checked=checked,
            on_change=on_change,
            disabled=S.prefs_saving,
            size="3",
            data_testid=test_id,
        ),
        style={
            "display": "flex",
            "gap": "12px",
            "alignItems": "center",
            "minHeight": "48px",
            "width": "100%",
            "cursor": "pointer",
        },
    )


def notifications_card() -> rx.Component:
    return section_card(
        "bell",
        "Notificações",
        rx.vstack(
            _switch(
                "Avisar no WhatsApp quando o studio escrever",
                "Um aviso curto, no máximo um a cada 15 minutos. O texto fica aqui.",
                S.notify_whatsapp,
                S.set_notify,
                "pref-notify",
            ),
            rx.separator(),
            _switch(
                "Lembretes no WhatsApp (véspera da sessão e vencimento do plano)",
                "Na véspera de cada sessão e alguns dias antes do seu acesso vencer.",
                S.remind_whatsapp,
                S.set_remind,
                "pref-remind",
            ),
            spacing="3",
            width="100%",
        ),
    )


def _conversation() -> rx.Component:
    return rx.card(
        rx.vstack(
            thread(
                S.messages,
                S.parts,
                empty=empty_state(
                    "message-circle",
                    "Nenhuma mensagem ainda",
                    "Escreva para a equipe: dúvidas, remarcações, como foi o treino.",
                ),
                note=rx.cond(
                    S.has_earlier,
                    rx.text(
                        "Mostrando as mensagens mais recentes.",
                        size="1",
                        color=rx.color("gray", 11),
                        align="center",
                        width="100%",
                    ),
                ),
                height=["52dvh", "56vh"],
                min_height="240px",
            ),
            composer(
                on_submit=S.send,
                sending=S.sending,
                error=S.errors.get("body", ""),
                textarea_id=COMPOSER_ID,
                counter_id=COUNTER_ID,
                hint=False,
            ),
            spacing="2",
            width="100%",
        ),
        size="1",
        width="100%",
    )


def portal_messages_page() -> rx.Component:
    return portal_frame(
        rx.vstack(
            back_link(H.slug),
            rx.heading("Mensagens", size="7"),
            rx.text(
                "Sua conversa com ", H.business_name, ".", size="3", color=rx.color("gray", 11)
            ),
            rx.cond(
                ~S.loading,
                rx.vstack(_conversation(), notifications_card(), spacing="4", width="100%"),
                loading_block(),
            ),
            ticker(interval=TICK_MS, on_tick=S.refresh_tick),
            spacing="3",
            width="100%",
        ),
        header=account_header(),
    )

"""/painel/mensagens: conversations on the left (search, unread counts), the open one on the
right with the client's "⋯" menu and the composer. On a phone: the list or the conversation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico import routes
from treinico.components.shell import dashboard_shell
from treinico.components.ticker import ticker
from treinico.components.ui import empty_state, loading_block
from treinico.state.dashboard.access import AccessState
from treinico.state.dashboard.messages import COMPOSER_ID, COUNTER_ID, TICK_MS
from treinico.state.dashboard.messages import MessagesState as M
from treinico.state.session import SessionState
from treinico.views.dashboard.access import access_modal
from treinico.views.shared.conversation import composer, thread

IS_OPEN = M.open_id != ""
PANEL_HEIGHT = [
    "calc(100dvh - 56px - 2em)",
    "calc(100dvh - 56px - 2.5em)",
    "calc(100dvh - 56px - 4em)",
]


def _row(c: Any) -> rx.Component:
    unread = c["unread"] > 0
    is_open = c["id"].to_string() == M.open_id  # open_id: the client id as text
    return rx.link(
        rx.vstack(
            rx.hstack(
                rx.text(
                    c["name"],
                    size="3",
                    weight=rx.cond(unread, "bold", "medium"),
                    trim="both",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                    flex="1",
                    min_width="0",
                ),
                rx.text(c["when"], size="1", color=rx.color("gray", 11), white_space="nowrap"),
                width="100%",
                align="center",
                spacing="2",
            ),
            rx.hstack(
                rx.text(
                    c["preview"],
                    size="2",
                    color=rx.color("gray", 11),
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                    flex="1",
                    min_width="0",
                ),
                rx.cond(
                    unread,
                    rx.badge(
                        c["unread"],
                        rx.el.span(" não lidas", class_name="tr-sr"),
                        variant="solid",
                        radius="full",
                        color_scheme="tomato",
                        data_testid="conversation-unread",
                    ),
                ),
                width="100%",
                align="center",
                spacing="2",
            ),
            spacing="1",
            width="100%",
            padding_x="12px",
            padding_y="10px",
            border_radius="8px",
            background=rx.cond(is_open, rx.color("accent", 4), "transparent"),
            _hover={"background": rx.color("accent", 3)},
        ),
        href=c["href"],
        underline="none",
        color=rx.color("gray", 12),
        width="100%",
        aria_current=rx.cond(is_open, "true", "false"),
        data_testid="conversation-row",
    )


def _list_panel() -> rx.Component:
    return rx.vstack(
        rx.heading("Mensagens", size="6", as_="h1"),
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Buscar cliente",
            aria_label="Buscar cliente",
            on_change=M.search,
            default_value=M.query,
            type="search",
            max_length=60,
            size="3",
            width="100%",
        ),
        rx.cond(
            M.loading,
            loading_block(),
            rx.cond(
                M.conversations.length() == 0,
                rx.cond(
                    M.query != "",
                    empty_state("search-x", "Nenhuma conversa encontrada", "Tente outro nome."),
                    empty_state(
                        "message-circle",
                        "Nenhuma conversa ainda",
                        "As mensagens dos clientes aparecem aqui. Para escrever a um cliente, "
                        "use “Enviar mensagem” no menu ⋯ dele na lista de clientes.",
                    ),
                ),
                rx.vstack(
                    rx.foreach(M.conversations, _row),
                    spacing="1",
                    width="100%",
                    overflow_y="auto",
                    flex="1",
                    min_height="0",
                    aria_label="Conversas",
                    role="navigation",
                ),
            ),
        ),
        spacing="3",
        width=["100%", "100%", "320px"],
        min_width=["0", "0", "320px"],
        height="100%",
        padding_right=["0", "0", "16px"],
        border_right=["none", "none", f"1px solid {rx.color('gray', 5)}"],
        class_name="tr-msg-list",  # hidden on a phone while a conversation is open (css)
    )


def _client_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=18),
                variant="ghost",
                color_scheme="gray",
                size="3",
                aria_label="Ações do cliente — " + M.client_name,
            )
        ),
        rx.menu.content(
            rx.cond(
                SessionState.can_read_entitlements,
                rx.menu.item(
                    rx.icon("key-round", size=14),
                    "Gerenciar Acesso a Produtos",
                    on_select=AccessState.open_for(M.open_id),
                ),
            ),
            rx.menu.item(
                rx.icon("user", size=14),
                "Ver ficha do cliente",
                on_select=rx.redirect("/painel/clientes/" + M.open_id),
            ),
            align="end",
        ),
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.icon("arrow-left", size=20),
            href=routes.MESSAGES,
            aria_label="Voltar às conversas",
            title="Voltar às conversas",
            display=["inline-flex", "inline-flex", "none"],
            min_height="44px",
            min_width="44px",
            align_items="center",
            justify_content="center",
        ),
        rx.heading(
            M.client_name,
            size="4",
            as_="h2",
            overflow="hidden",
            text_overflow="ellipsis",
            white_space="nowrap",
            min_width="0",
            flex="1",
        ),
        _client_menu(),
        width="100%",
        align="center",
        spacing="2",
        padding_bottom="8px",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
    )


def _write_area() -> rx.Component:
    return rx.cond(
        M.can_write,
        composer(
            on_submit=M.send,
            sending=M.sending,
            error=M.errors.get("body", ""),
            textarea_id=COMPOSER_ID,
            counter_id=COUNTER_ID,
        ),
        rx.callout(
            rx.cond(
                SessionState.can_write_clients,
                "Os dados deste cliente foram removidos: não é possível escrever.",
                "Você pode ler as conversas, mas não enviar mensagens.",
            ),
            icon="eye",
            color_scheme="gray",
            size="1",
            width="100%",
            data_testid="read-only-note",
        ),
    )


def _conversation() -> rx.Component:
    return rx.vstack(
        _header(),
        rx.cond(
            M.open_loading,
            loading_block(),
            thread(
                M.messages,
                M.parts,
                empty=empty_state(
                    "message-square-dashed",
                    "Nenhuma mensagem ainda",
                    "Escreva a primeira mensagem para este cliente.",
                ),
                note=rx.cond(
                    M.has_earlier,
                    rx.text(
                        "Mostrando as mensagens mais recentes.",
                        size="1",
                        color=rx.color("gray", 11),
                        align="center",
                        width="100%",
                    ),
                ),
                flex="1",
                min_height="0",
            ),
        ),
        _write_area(),
        spacing="2",
        width="100%",
        height="100%",
        min_width="0",
    )


def _conversation_panel() -> rx.Component:
    return rx.box(
        rx.cond(
            IS_OPEN,
            _conversation(),
            rx.cond(
                M.not_found,
                empty_state(
                    "user-x", "Conversa não encontrada", "Escolha uma conversa na lista ao lado."
                ),
                empty_state(
                    "messages-square",
                    "Escolha uma conversa",
                    "As mensagens aparecem aqui. Elas chegam sem recarregar a página.",
                ),
            ),
        ),
        flex="1",
        min_width="0",
        height="100%",
        padding_left=["0", "0", "16px"],
        class_name="tr-msg-conv",  # hidden on a phone while the list shows (css)
    )


def messages_content() -> rx.Component:
    return rx.fragment(
        rx.flex(
            _list_panel(),
            _conversation_panel(),
            width="100%",
            height=PANEL_HEIGHT,
            min_height="420px",
            class_name=rx.cond(IS_OPEN, "tr-msgs tr-open", "tr-msgs"),
        ),
        # New messages from other tabs and workers: the database is polled while open.
        ticker(interval=TICK_MS, on_tick=M.refresh_tick),
        access_modal(),
    )


def messages_page() -> rx.Component:
    return dashboard_shell(messages_content(), routes.MESSAGES, wide=True)

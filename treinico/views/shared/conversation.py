"""Pieces of a conversation used by the dashboard's Mensagens and the portal's: the message
bubbles (text with clickable links, never HTML), the thread and the composer (Enter sends,
Shift+Enter breaks the line, a counter near the 2,000-character limit)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from treinico.state.shared.message_rows import counter_script


def _segment(seg: Any) -> rx.Component:
    return rx.cond(
        seg["href"] != "",
        rx.link(
            seg["text"],
            href=seg["href"],
            is_external=True,
            word_break="break-all",
            underline="always",
        ),
        rx.text.span(seg["text"]),
    )


def _body(parts: Any) -> rx.Component:
    return rx.text(
        rx.foreach(parts, _segment),
        size="3",
        white_space="pre-wrap",
        overflow_wrap="anywhere",
        color=rx.color("gray", 12),
    )


def _meta(m: Any) -> rx.Component:
    return rx.text(m["author"], " · ", m["when"], size="1", color=rx.color("gray", 11), as_="div")


def _bubble(m: Any, parts: Any, mine: bool) -> rx.Component:
    return rx.flex(
        rx.box(
            _meta(m),
            _body(parts),
            background=rx.color("accent", 4) if mine else rx.color("gray", 3),
            border=f"1px solid {rx.color('accent', 6) if mine else rx.color('gray', 5)}",
            border_radius="12px",
            border_bottom_right_radius="4px" if mine else "12px",
            border_bottom_left_radius="12px" if mine else "4px",
            padding_x="12px",
            padding_y="8px",
            max_width="min(85%, 560px)",
            min_width="0",
        ),
        justify="end" if mine else "start",
        width="100%",
        data_testid="message-mine" if mine else "message-theirs",
    )


def _system(m: Any, parts: Any) -> rx.Component:
    return rx.center(
        rx.box(
            rx.hstack(
                rx.icon("bell-ring", size=14, color=rx.color("gray", 11)),
                rx.text("Lembrete no WhatsApp · ", m["when"], size="1", weight="medium"),
                spacing="1",
                align="center",
                justify="center",
                color=rx.color("gray", 11),
            ),
            rx.text(
                rx.foreach(parts, _segment),
                size="1",
                white_space="pre-wrap",
                overflow_wrap="anywhere",
                color=rx.color("gray", 11),
                align="center",
            ),
            border=f"1px dashed {rx.color('gray', 7)}",
            border_radius="8px",
            padding_x="10px",
            padding_y="6px",
            max_width="min(90%, 520px)",
        ),
        width="100%",
        data_testid="message-system",
    )


def message_item(m: Any, parts: Any) -> rx.Component:
    return rx.match(
        m["side"],
        ("system", _system(m, parts)),
        ("mine", _bubble(m, parts, True)),
        _bubble(m, parts, False),
    )


def thread(
    messages: Var, parts: Var, *, empty: rx.Component, note: Any = None, **props: Any
) -> rx.Component:
    """The messages, oldest at the top, scrolled to the newest (and kept there as new ones
    arrive, unless the reader scrolled up). ``note`` goes above the oldest message."""
    return rx.box(
        rx.cond(
            messages.length() == 0,
            empty,
            rx.vstack(
                note if note is not None else rx.fragment(),
                rx.foreach(messages, lambda m, i: message_item(m, parts[i])),
                spacing="3",
                width="100%",
                padding="12px",
            ),
        ),
        class_name="tr-thread",
        role="log",
        aria_label="Mensagens",
        aria_live="polite",
        width="100%",
        **props,
    )


def composer(
    *,
    on_submit: Any,
    sending: Var,
    error: Any,
    textarea_id: str,
    counter_id: str,
    rows: int = 2,
    hint: bool = True,
) -> rx.Component:
    """Textarea and "Enviar". The text stays when the send fails; the state clears it
    (``clear_composer_script``) only after the message is saved."""
    has_error = error != ""
    return rx.form(
        rx.vstack(
            rx.flex(
                rx.text_area(
                    name="body",
                    id=textarea_id,
                    placeholder="Escreva uma mensagem",
                    aria_label="Mensagem",
                    max_length=2000,
                    rows=str(rows),
                    enter_key_submit=True,
                    custom_attrs={"on_input": Var(_js_expr=counter_script(counter_id))},
                    aria_invalid=rx.cond(has_error, "true", "false"),
                    aria_describedby=counter_id,
                    color_scheme=rx.cond(has_error, "red", "gray"),
                    size="3",
                    flex="1",
                    min_width="0",
                    resize="vertical",
                ),
                rx.button(
                    rx.icon("send-horizontal", size=18),
                    rx.text("Enviar", display=["none", "inline", "inline"]),
                    type="submit",
                    size="3",
                    loading=sending,
                    disabled=sending,
                    aria_label="Enviar",
                    height="auto",
                    min_height="44px",
                ),
                spacing="2",
                align="end",
                width="100%",
            ),
            rx.flex(
                rx.cond(
                    has_error,
                    rx.text(error, size="2", color=rx.color("red", 11), role="alert"),
                    rx.text(
                        "Enter envia · Shift+Enter quebra a linha",
                        size="1",
                        color=rx.color("gray", 11),
                        display=["none", "none", "block"],
                    )
                    if hint
                    else rx.fragment(),
                ),
                rx.spacer(),
                rx.text(
                    "",
                    id=counter_id,
                    size="1",
                    color=rx.color("gray", 11),
                    aria_live="polite",
                    white_space="nowrap",
                ),
                width="100%",
                align="center",
                spacing="2",
                min_height="18px",
            ),
            spacing="1",
            width="100%",
        ),
        on_submit=on_submit,
        width="100%",
    )

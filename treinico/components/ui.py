"""Small building blocks: form fields with their error, empty and loading states, headers."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

# For links between the portal's pages: the router fetches the target page's code as soon as
# the link is on screen, not after the tap (that fetch was most of a page change's wait).
# The attribute reaches the router's link through the themed link's `as_child` slot.
PREFETCH = {"prefetch": "render"}


def field(
    label: str, control: rx.Component, error: Any = "", hint: str = "", html_for: str = ""
) -> rx.Component:
    """A labelled control with its pt-BR error message right below it.

    ``html_for`` is the control's id, so the label names the control for screen readers.
    """
    return rx.vstack(
        rx.el.label(label, html_for=html_for, style={"fontSize": "14px", "fontWeight": 500}),
        control,
        rx.cond(
            error != "",
            rx.text(error, size="2", color=rx.color("red", 11), role="alert"),
            rx.text(hint, size="1", color=rx.color("gray", 11)) if hint else rx.fragment(),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def empty_state(
    icon: str, title: str, body: str, action: rx.Component | None = None
) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=28, color=rx.color("accent", 10)),
                width="56px",
                height="56px",
                border_radius="50%",
                background=rx.color("accent", 3),
            ),
            rx.heading(title, size="4", align="center"),
            rx.text(body, size="2", color=rx.color("gray", 11), align="center", max_width="28em"),
            action if action is not None else rx.fragment(),
            align="center",
            spacing="3",
        ),
        padding_y="3em",
        width="100%",
    )


def loading_block(label: str = "Carregando…") -> rx.Component:
    return rx.center(
        rx.hstack(rx.spinner(size="3"), rx.text(label, color=rx.color("gray", 11)), spacing="3"),
        padding_y="3em",
        width="100%",
        aria_busy="true",
    )


def name_file_input(testid: str, name: str) -> Any:
    """The file input inside an upload zone takes no props from Reflex (react-dropzone makes
    it); give it its accessible name once the zone is on the page."""
    selector = json.dumps(f'[data-testid="{testid}"] input[type=file]')
    return rx.call_script(
        "document.querySelectorAll("
        + selector
        + ").forEach((i) => i.setAttribute('aria-label', "
        + json.dumps(name)
        + "))"
    )


def hydrating() -> rx.Component:
    """What every page shows while its script loads (static: no state is known yet)."""
    return rx.center(
        rx.vstack(
            rx.image(src="/logo.svg", width="56px", height="56px", alt=""),
            rx.text("Carregando…", size="3", color=rx.color("gray", 11)),
            spacing="3",
            align="center",
        ),
        min_height="80vh",
        width="100%",
        aria_busy="true",
    )


def page_header(title: Any, *actions: rx.Component, subtitle: Any = None) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.heading(title, size="6"),
            rx.text(subtitle, size="2", color=rx.color("gray", 11))
            if subtitle is not None
            else rx.fragment(),
            spacing="1",
            min_width="0",
        ),
        rx.hstack(*actions, spacing="2", wrap="wrap"),
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
        margin_bottom="1.25em",
    )


def confirm_dialog(
    *,
    open: Any,
    on_open_change: Any,
    title: Any,
    body: Any,
    confirm_label: Any,
    on_confirm: Any,
    color: str = "red",
    extra: rx.Component | None = None,
    dismiss_label: str = "Cancelar",
) -> rx.Component:
    """Ask before an action that cannot be undone (or is easy to regret).

    ``dismiss_label`` names the way out ("Voltar" when the action itself is a cancel).
    """
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(body, size="2"),
            extra if extra is not None else rx.fragment(),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(dismiss_label, variant="soft", color_scheme="gray", size="3")
                ),
                rx.alert_dialog.action(
                    rx.button(confirm_label, color_scheme=color, on_click=on_confirm, size="3")
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
                wrap="wrap",
            ),
            max_width="440px",
        ),
        open=open,
        on_open_change=on_open_change,
    )


def form_buttons(
    *, on_back: Any, submit_label: Any, saving: Any, color: str | None = None
) -> rx.Component:
    """ "Voltar" and the submit button at the foot of a form step inside a dialog."""
    return rx.flex(
        rx.button(
            rx.icon("arrow-left", size=16),
            "Voltar",
            on_click=on_back,
            variant="soft",
            color_scheme="gray",
            type="button",
            size="3",
        ),
        rx.button(
            submit_label,
            type="submit",
            size="3",
            loading=saving,
            disabled=saving,
            **({"color_scheme": color} if color else {}),
        ),
        justify="end",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def cancel_and_submit(
    submit_label: Any, *, saving: Any, close: Any = rx.dialog.close
) -> rx.Component:
    """ "Cancelar" (closing the dialog through ``close``: ``rx.dialog.close`` or
    ``rx.alert_dialog.cancel``) and the form's submit button, at the foot of a dialog."""
    return rx.flex(
        close(rx.button("Cancelar", variant="soft", color_scheme="gray", size="3", type="button")),
        rx.button(submit_label, type="submit", size="3", loading=saving, disabled=saving),
        spacing="3",
        justify="end",
        width="100%",
        wrap="wrap",
    )

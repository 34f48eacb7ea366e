"""Phone-first frame for the client portal: a narrow column, large tap targets."""

from __future__ import annotations

from typing import Any

import reflex as rx

# The business's web-app manifest (start page, name, icons), so the client can install their
# área do cliente on the phone: the business is the address's first segment.
MANIFEST_SCRIPT = (
    "(() => { const slug = window.location.pathname.split('/')[1];"
    " if (!slug || slug === 'area-do-cliente') return;"
    " let link = document.querySelector('link[rel=manifest]');"
    " if (!link) { link = document.createElement('link'); link.rel = 'manifest';"
    " document.head.appendChild(link); }"
    " link.href = '/' + slug + '/manifest.webmanifest'; })()"
)


def portal_frame(*children: rx.Component, header: rx.Component | None = None) -> rx.Component:
    return rx.box(
        header if header is not None else rx.fragment(),
        # The page's one main landmark (the header stays outside it).
        rx.el.main(
            *children,
            max_width="480px",
            width="100%",
            margin_x="auto",
            padding_x="16px",
            padding_y="20px",
            display="block",
        ),
        min_height="100vh",
        background=rx.color("accent", 2),
        on_mount=rx.call_script(MANIFEST_SCRIPT),
    )


def portal_header(title: Any, action: rx.Component | None = None) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.image(src="/logo.svg", width="28px", height="28px", alt=""),
            rx.text(title, weight="bold", size="4", trim="both"),
            rx.spacer(),
            action if action is not None else rx.fragment(),
            align="center",
            max_width="480px",
            margin_x="auto",
            padding_x="16px",
            height="56px",
        ),
        background=rx.color("gray", 1),
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        position="sticky",
        top="0",
        z_index="10",
    )


def section_card(icon: str, title: str, body: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(icon, size=20, color=rx.color("accent", 10)),
                rx.heading(title, size="4"),
                spacing="2",
                align="center",
            ),
            body,
            spacing="3",
            width="100%",
        ),
        size="2",
        width="100%",
    )


def soon_text(text: str) -> rx.Component:
    return rx.text(text, size="2", color=rx.color("gray", 11))

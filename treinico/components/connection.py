"""The notice shown while the page has lost its connection to the server (a worker
restarting, a network change on the phone), in place of Reflex's English toast. The page
reconnects by itself; the notice says so and leaves when the connection is back."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

LOST = "Sem conexão com o servidor. Tentando reconectar…"


def connection_notice() -> rx.Component:
    return rx.cond(
        has_connection_errors,
        rx.el.div(
            rx.icon("wifi-off", size=16, aria_hidden="true"),
            rx.el.span(LOST),
            role="status",
            aria_live="polite",
            data_testid="connection-lost",
            style={
                "position": "fixed",
                "left": "50%",
                "bottom": "1rem",
                "transform": "translateX(-50%)",
                "zIndex": "9999",
                "display": "flex",
                "alignItems": "center",
                "gap": "0.5rem",
                "maxWidth": "calc(100vw - 2rem)",
                "padding": "0.6rem 1rem",
                "borderRadius": "0.75rem",
                "background": "#991b1b",
                "color": "#ffffff",
                "fontSize": "0.95rem",
                "boxShadow": "0 4px 16px rgba(0,0,0,0.2)",
            },
        ),
    )

"""Portal "Minha evolução": per measured metric a Plotly line chart, the table and the path
line; and the home's text-only summary. Only the chart page uses ``rx.plotly`` (its bundle
is a lazy chunk that no other page asks for)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from treinico.components.ui import PREFETCH, empty_state, loading_block
from treinico.state.portal.progress import PortalProgressState as P

# No toolbar on a phone; the chart follows the width of its card.
CHART_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def _muted(text: Any, **props: Any) -> rx.Component:
    return rx.text(text, **{"size": "2", "color": rx.color("gray", 11), **props})


def _path_line(path: Any) -> rx.Component:
    return rx.text(path, size="3", weight="medium", data_testid="metric-path")


def progress_summary() -> rx.Component:
    """The home's "Evolução": the path lines only (no chart, no plotly on the home)."""
    return rx.cond(
        ~P.loading,
        rx.vstack(
            rx.cond(
                P.paths.length() == 0,
                _muted("Suas medidas e gráficos aparecerão aqui após a avaliação."),
                rx.vstack(rx.foreach(P.paths, _path_line), spacing="1", width="100%"),
            ),
            rx.link(
                rx.hstack(
                    rx.text("Ver gráficos", size="3", weight="medium"),
                    rx.icon("chevron-right", size=16),
                    align="center",
                ),
                href="/" + P.slug + "/area-do-cliente/evolucao",
                custom_attrs=PREFETCH,
                min_height="44px",
                display="inline-flex",
                align_items="center",
            ),
            spacing="2",
            width="100%",
        ),
        loading_block(),
    )


CELL = {"padding": "8px", "borderBottom": "1px solid var(--gray-4)", "textAlign": "left"}
HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "whiteSpace": "nowrap",
}
NUMBER = {**CELL, "textAlign": "right", "fontVariantNumeric": "tabular-nums"}


def _table_row(row: Any) -> rx.Component:
    return rx.el.tr(rx.el.td(row["day"], style=CELL), rx.el.td(row["value"], style=NUMBER))


def _table(card: Any, index: Any) -> rx.Component:
    """Plain HTML table: a Radix table would add its chunk to every page's first load."""
    return rx.el.table(
        rx.el.caption("Medições de " + card["name"], style=HIDDEN),
        rx.el.thead(
            rx.el.tr(
                rx.el.th("Data", scope="col", style=CELL),
                rx.el.th("Valor", scope="col", style=NUMBER),
            )
        ),
        rx.el.tbody(rx.foreach(P.tables[index], _table_row)),
        style={"width": "100%", "borderCollapse": "collapse", "fontSize": "14px"},
    )


def _metric_card(card: Any, index: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(card["name"], size="4"),
            _path_line(card["path"]),
            rx.box(
                rx.plotly.basic(
                    data=P.figures[index],
                    config=CHART_CONFIG,
                    width="100%",
                    height="260px",
                ),
                width="100%",
                min_width="0",
                overflow="hidden",
                role="img",
                aria_label="Gráfico: " + card["path"],
                data_testid="metric-chart",
            ),
            _table(card, index),
            spacing="3",
            width="100%",
        ),
        size="2",
        width="100%",
        data_testid="metric-card",
    )


def progress_body() -> rx.Component:
    return rx.cond(
        ~P.charts_loading,
        rx.cond(
            P.cards.length() == 0,
            rx.card(
                empty_state(
                    "trending-up",
                    "Nenhuma medição ainda",
                    "Depois da sua avaliação, seus gráficos e medidas aparecem aqui.",
                ),
                width="100%",
            ),
            rx.vstack(rx.foreach(P.cards, _metric_card), spacing="4", width="100%"),
        ),
        loading_block(),
    )

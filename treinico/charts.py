"""Plotly figures from plain series (no reflex import): one line chart per metric, readable
on a 390 px phone, with pt-BR dates and the unit on the axis.

The figure is written out as the plain structure plotly.js reads and wrapped without
plotly.py's validation, and with an empty template instead of plotly.py's default one: the
validated build took about 12 ms per chart, and the default template was 7 of the 8 KB each
chart adds to the page's state. What the default template would have styled is set here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

TEAL = "#0d9488"
GRID = "#e5e7eb"
INK = "#1f2937"


def metric_figure(
    *,
    name: str,
    unit: str,
    days_iso: Sequence[str],
    days_label: Sequence[str],
    values: Sequence[float],
    labels: Sequence[str],
    titled: bool = True,
) -> go.Figure:
    """A line with markers; the hover and the tick labels say the date as dd/mm/aaaa.
    ``titled=False`` when the card around the chart already names the metric (the unit
    stays on the axis)."""
    trace: dict[str, Any] = {
        "type": "scatter",
        "x": list(days_iso),
        "y": list(values),
        "mode": "lines+markers+text" if len(values) <= 6 else "lines+markers",
        "text": list(labels),
        "textposition": "top center",
        "cliponaxis": False,  # the label over the highest point stays visible
        "customdata": list(days_label),
        "hovertemplate": "%{customdata}<br>%{text}<extra></extra>",
        "line": {"color": TEAL, "width": 3},
        "marker": {"size": 9, "color": TEAL},
        "name": name,
    }
    axis = {"gridcolor": GRID, "linecolor": GRID, "ticks": "", "automargin": True}
    layout: dict[str, Any] = {
        "template": {},
        "margin": {"l": 44, "r": 16, "t": 44 if titled else 24, "b": 36},
        "height": 260,
        "autosize": True,
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "separators": ",.",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": INK},
        "hoverlabel": {"align": "left"},
        "xaxis": {
            **axis,
            "type": "date",
            "tickformat": "%d/%m/%y",
            "tickvals": list(days_iso),
            "ticktext": [d[:5] for d in days_label],
        },
        "yaxis": {**axis, "title": {"text": unit}, "zeroline": False},
    }
    if titled:
        layout["title"] = {
            "text": f"{name} ({unit})",
            "font": {"size": 15},
            "x": 0,
            "xanchor": "left",
        }
    return go.Figure({"data": [trace], "layout": layout}, _validate=False)

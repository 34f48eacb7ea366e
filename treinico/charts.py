"""Plotly figures from plain series (no reflex import): one line chart per metric, readable
on a 390 px phone, with pt-BR dates and the unit on the axis."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

TEAL = "#0d9488"


def metric_figure(
    *,
    name: str,
    unit: str,
    days_iso: Sequence[str],
    days_label: Sequence[str],
    values: Sequence[float],
    labels: Sequence[str],
) -> go.Figure:
    """A line with markers; the hover and the tick labels say the date as dd/mm/aaaa."""
    figure = go.Figure(
        go.Scatter(
            x=list(days_iso),
            y=list(values),
            mode="lines+markers+text" if len(values) <= 6 else "lines+markers",
            text=list(labels),
            textposition="top center",
            cliponaxis=False,  # the label over the highest point stays visible
            customdata=list(days_label),
            hovertemplate="%{customdata}<br>%{text}<extra></extra>",
            line={"color": TEAL, "width": 3},
            marker={"size": 9, "color": TEAL},
            name=name,
        )
    )
    figure.update_layout(
        title={"text": f"{name} ({unit})", "font": {"size": 15}, "x": 0, "xanchor": "left"},
        margin={"l": 44, "r": 16, "t": 44, "b": 36},
        height=260,
        autosize=True,
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        separators=",.",
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#1f2937"},
        xaxis={
            "type": "date",
            "tickformat": "%d/%m/%y",
            "tickvals": list(days_iso),
            "ticktext": [d[:5] for d in days_label],
            "gridcolor": "#e5e7eb",
        },
        yaxis={"title": {"text": unit}, "gridcolor": "#e5e7eb", "zeroline": False},
    )
    return figure

"""A metric's series as the chart the dashboard and the portal draw."""

from __future__ import annotations

import plotly.graph_objects as go

from treinico.charts import metric_figure
from treinico.services.progress.assessments import MetricSeries


def figure_of(series: MetricSeries, *, titled: bool = True) -> go.Figure:
    return metric_figure(
        name=series.name,
        unit=series.unit,
        days_iso=[p.day_iso for p in series.points],
        days_label=[p.day for p in series.points],
        values=[p.value for p in series.points],
        labels=[p.value_label for p in series.points],
        titled=titled,
    )

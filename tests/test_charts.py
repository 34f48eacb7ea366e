"""The progress charts as the browser receives them: what they show, and that they stay
small (each chart travels in the page's state on every visit)."""

from __future__ import annotations

import json

from plotly.io import to_json

from treinico.charts import metric_figure

SERIES = {
    "name": "Peso",
    "unit": "kg",
    "days_iso": ["2026-01-05", "2026-02-02", "2026-03-02"],
    "days_label": ["05/01/2026", "02/02/2026", "02/03/2026"],
    "values": [85.0, 82.5, 79.0],
    "labels": ["85 kg", "82,5 kg", "79 kg"],
}


def _sent(**extra: object) -> dict:  # type: ignore[type-arg]
    """The figure as Reflex sends it (its serializer goes through plotly.io.to_json)."""
    return json.loads(str(to_json(metric_figure(**SERIES, **extra))))  # type: ignore[arg-type]


def test_the_chart_shows_the_series_with_pt_br_dates_and_the_unit() -> None:
    sent = _sent()
    (trace,) = sent["data"]
    assert trace["type"] == "scatter" and trace["y"] == [85.0, 82.5, 79.0]
    assert trace["text"] == ["85 kg", "82,5 kg", "79 kg"]
    assert trace["mode"] == "lines+markers+text"
    assert trace["customdata"] == ["05/01/2026", "02/02/2026", "02/03/2026"]
    layout = sent["layout"]
    assert layout["xaxis"]["ticktext"] == ["05/01", "02/02", "02/03"]
    assert layout["yaxis"]["title"]["text"] == "kg"
    assert layout["title"]["text"] == "Peso (kg)"
    assert layout["separators"] == ",."


def test_many_points_drop_the_value_labels_and_untitled_charts_have_no_title() -> None:
    many = {
        **SERIES,
        "days_iso": [f"2026-01-{d:02d}" for d in range(1, 11)],
        "days_label": [f"{d:02d}/01/2026" for d in range(1, 11)],
        "values": [80.0 + d for d in range(10)],
        "labels": [f"{80 + d} kg" for d in range(10)],
    }
    sent = json.loads(str(to_json(metric_figure(**many, titled=False))))  # type: ignore[arg-type]
    assert sent["data"][0]["mode"] == "lines+markers"
    assert "title" not in sent["layout"] and sent["layout"]["margin"]["t"] == 24


def test_the_chart_carries_no_default_template() -> None:
    """plotly.py's default template was 7 of the 8 KB of each chart sent to the browser."""
    sent = _sent()
    assert sent["layout"]["template"] == {}
    assert len(json.dumps(sent)) < 2000

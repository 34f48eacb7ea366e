"""The client's measurements (read-only): the path line of each metric on the home, and on
"Minha evolução" a Plotly chart and a table per metric. The client and team come from the
session (``portal_call``); the browser sends nothing."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import reflex as rx

from treinico import charts
from treinico.services import progress
from treinico.state.portal.common import failed, portal_call
from treinico.state.portal.login import slug_from_path


def _without_title(figure: go.Figure) -> go.Figure:
    """The card's heading already names the metric (the unit stays on the axis)."""
    figure.update_layout(title_text="", margin={"t": 24})
    return figure


class PortalProgressState(rx.State):
    ready: bool = False  # the path lines are loaded (home)
    charts_ready: bool = False  # the cards, figures and tables too ("Minha evolução")
    slug: str = ""
    # One entry per metric with measurements; figures[i] and tables[i] belong to cards[i].
    cards: list[dict[str, str]] = []
    figures: list[go.Figure] = []
    tables: list[list[dict[str, str]]] = []
    paths: list[str] = []  # every measured metric's path line (the home's summary)

    def _fetch(self) -> Any:
        outcome = portal_call(
            self,
            lambda s, b, now: progress.portal_progress(
                session=s, team_id=b.team_id, client_id=b.client_id
            ),
        )
        if not outcome.ok:
            return failed(outcome)
        view: progress.Progress = outcome.value
        measured = [s for s in view.series if s.points]
        self.paths = [s.path for s in measured]
        return measured

    def _reset_for(self, slug: str) -> bool:
        """Forget another business's numbers; True when there was something to forget."""
        if slug == self.slug:
            return False
        self.ready = self.charts_ready = False
        self.cards, self.figures, self.tables, self.paths = [], [], [], []
        self.slug = slug
        return True

    @rx.event
    def load_summary(self) -> Any:
        """The home: path lines only (no figures are built or sent)."""
        if self._reset_for(slug_from_path(self.router.url.path)):
            yield  # the cleared page goes out before the new business is read
        measured = self._fetch()
        if not isinstance(measured, list):
            yield measured
            return
        self.ready = True

    @rx.event
    def load(self) -> Any:
        if self._reset_for(slug_from_path(self.router.url.path)):
            yield  # the cleared page goes out before the new business is read
        measured = self._fetch()
        if not isinstance(measured, list):
            yield measured
            return
        self.cards = [
            {"name": s.name, "unit": s.unit, "path": s.path, "testid": f"metric-{s.metric_id}"}
            for s in measured
        ]
        self.figures = [
            _without_title(
                charts.metric_figure(
                    name=s.name,
                    unit=s.unit,
                    days_iso=[p.day_iso for p in s.points],
                    days_label=[p.day for p in s.points],
                    values=[p.value for p in s.points],
                    labels=[p.value_label for p in s.points],
                )
            )
            for s in measured
        ]
        # Newest first in the table, as people read a log.
        self.tables = [
            [{"day": p.day, "value": p.value_label} for p in reversed(s.points)] for s in measured
        ]
        self.ready = self.charts_ready = True

"""The client's measurements (read-only): the path line of each metric on the home, and on
"Minha evolução" a Plotly chart and a table per metric. The client and team come from the
session (``portal_call``); the browser sends nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import plotly.graph_objects as go
import reflex as rx
from sqlmodel import Session

from treinico.services.auth.portal import Business
from treinico.services.progress import assessments as progress
from treinico.state.shared.progress_charts import figure_of


@dataclass(frozen=True)
class MetricCard:
    """A measured metric's card on "Minha evolução"."""

    name: str = ""
    unit: str = ""
    path: str = ""  # "Peso: 85 kg → 82 kg → 79 kg (−6 kg)"
    testid: str = ""


@dataclass(frozen=True)
class MeasureRow:
    """A line of a metric's table: the day and the value with its unit."""

    day: str = ""  # dd/mm/aaaa
    value: str = ""  # "82,5 kg"


class PortalProgressState(rx.State):
    loading: bool = True  # until the path lines are read (home)
    charts_loading: bool = True  # until the cards, figures and tables are ("Minha evolução")
    slug: str = ""
    # One entry per metric with measurements; figures[i] and tables[i] belong to cards[i].
    cards: list[MetricCard] = []
    figures: list[go.Figure] = []
    tables: list[list[MeasureRow]] = []
    paths: list[str] = []  # every measured metric's path line (the home's summary)

    def _series(self, session: Session, business: Business) -> list[progress.MetricSeries]:
        view = progress.portal_progress(
            session=session, team_id=business.team_id, client_id=business.client_id
        )
        measured = [s for s in view.series if s.points]
        self.slug = business.slug
        self.paths = [s.path for s in measured]
        return measured

    def _fill_summary(self, session: Session, business: Business, now: datetime) -> None:
        """The home: path lines only (no figures are built or sent)."""
        if business.slug != self.slug:
            self.charts_loading = True
            self.cards, self.figures, self.tables = [], [], []
        self._series(session, business)
        self.loading = False

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """ "Minha evolução": a card, a figure and a table per measured metric."""
        measured = self._series(session, business)
        self.cards = [
            MetricCard(name=s.name, unit=s.unit, path=s.path, testid=f"metric-{s.metric_id}")
            for s in measured
        ]
        # The card's heading names the metric: no title on the chart.
        self.figures = [figure_of(s, titled=False) for s in measured]
        # Newest first in the table, as people read a log.
        self.tables = [
            [MeasureRow(day=p.day, value=p.value_label) for p in reversed(s.points)]
            for s in measured
        ]
        self.loading = self.charts_loading = False

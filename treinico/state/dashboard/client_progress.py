"""The client page's "Evolução" card: one chart, table and path per metric, the assessments
list, the "Nova avaliação" / edit dialog with one field per metric, removal and the CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import reflex as rx

from treinico.services.errors import Invalid
from treinico.services.formatting import parse_date
from treinico.services.progress.assessments import (
    AssessmentRow,
    MetricSeries,
    Point,
    Progress,
    client_progress,
    export_csv,
    remove_assessment,
    save_assessment,
)
from treinico.services.progress.metrics import MetricRow
from treinico.services.text import slugify
from treinico.state.session import SessionState, attempt, form_text, to_id, utcnow
from treinico.state.shared.confirmation import Confirmation
from treinico.state.shared.progress_charts import figure_of


@dataclass(frozen=True)
class SeriesRow:
    """A metric's card: its name, the path in words and whether it went the better way
    (``improved``), the worse way (``worsened``) or neither yet."""

    metric_id: int = 0
    name: str = ""
    unit: str = ""
    path: str = ""
    count: int = 0  # measurements
    improved: bool = False
    worsened: bool = False


@dataclass(frozen=True)
class AssessmentListRow:
    """An assessment in the list (its values stay on the server)."""

    id: int = 0
    day_iso: str = ""
    day: str = ""
    summary: str = ""  # "Peso 79 kg · % Gordura 18%"


@dataclass(frozen=True)
class MetricField:
    """One metric's field in the assessment dialog, with what was typed and its error."""

    id: int = 0
    name: str = ""
    unit: str = ""
    range_label: str = ""
    name_attr: str = ""  # "metric_3"
    value: str = ""
    error: str = ""


def series_row(s: MetricSeries) -> SeriesRow:
    return SeriesRow(
        metric_id=s.metric_id,
        name=s.name,
        unit=s.unit,
        path=s.path,
        count=len(s.points),
        improved=s.improved is True,
        worsened=s.improved is False,
    )


def assessment_row(a: AssessmentRow) -> AssessmentListRow:
    return AssessmentListRow(id=a.id, day_iso=a.day_iso, day=a.day, summary=a.summary)


class ClientProgressState(SessionState, Confirmation):
    loading: bool = True
    client_name: str = ""
    series: list[SeriesRow] = []
    series_points: list[list[Point]] = []  # table rows (data, valor) per metric
    figures: list[go.Figure] = []
    assessments: list[AssessmentListRow] = []
    metric_count: int = 0
    # new / edit dialog
    form_open: bool = False
    editing: bool = False
    form_key: int = 0
    form_date: str = ""
    form_fields: list[MetricField] = []
    errors: dict[str, str] = {}

    _client_id: int | None = None
    _assessment_id: int | None = None
    _metrics: list[MetricRow] = []
    _values: dict[int, dict[int, str]] = {}

    def _apply(self, progress: Progress) -> None:
        self.client_name = progress.client_name
        self._metrics = list(progress.metrics)
        self.metric_count = len(progress.metrics)
        self.series = [series_row(s) for s in progress.series]
        self.series_points = [list(s.points) for s in progress.series]
        self.figures = [figure_of(s) for s in progress.series]
        self.assessments = [assessment_row(a) for a in progress.assessments]
        self._values = {a.id: dict(a.values) for a in progress.assessments}

    def _reload(self) -> Any:
        client_id = self._client_id
        if client_id is None:
            return None
        outcome = self._call(lambda s, a: client_progress(session=s, actor=a, client_id=client_id))
        if not outcome.ok:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _fields(self, values: dict[int, str], errors: dict[str, str]) -> list[MetricField]:
        return [
            MetricField(
                id=m.id,
                name=m.name,
                unit=m.unit,
                range_label=m.range_label,
                name_attr=f"metric_{m.id}",
                value=values.get(m.id, ""),
                error=errors.get(f"metric_{m.id}", ""),
            )
            for m in self._metrics
        ]

    def _reset(self) -> None:
        self.loading = True
        self.series, self.series_points, self.figures, self.assessments = [], [], [], []
        self.form_open = self.confirm_open = False

    def _fill(self, session: Any, actor: Any) -> None:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

        def read() -> Any:
            client_id = to_id(raw)
            return client_id, client_progress(session=session, actor=actor, client_id=client_id)

        outcome = attempt(read)
        self.loading = False
        if outcome.error is not None:
            self._client_id = None
            return
        self._client_id, progress = outcome.value
        self._apply(progress)

    @rx.event
    def open_new(self) -> None:
        self._assessment_id = None
        self.editing = False
        self.errors = {}
        self.form_date = utcnow().date().isoformat()
        self.form_fields = self._fields({}, {})
        self.form_key += 1
        self.form_open = True

    @rx.event
    def open_edit(self, assessment_id: Any) -> Any:
        try:
            wanted = to_id(assessment_id)
        except Exception:  # noqa: BLE001  (a bad id from the browser)
            return rx.toast.error("Avaliação não encontrada.")
        row = next((a for a in self.assessments if a.id == wanted), None)
        if row is None:
            return rx.toast.error("Avaliação não encontrada.")
        self._assessment_id = wanted
        self.editing = True
        self.errors = {}
        self.form_date = row.day_iso
        self.form_fields = self._fields(dict(self._values.get(wanted, {})), {})
        self.form_key += 1
        self.form_open = True
        return None

    @rx.event
    def set_form_open(self, value: bool) -> None:
        if not self.saving:
            self.form_open = bool(value)

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Iterator[Any]:
        if self.saving or self._client_id is None:
            return
        client_id, assessment_id = self._client_id, self._assessment_id
        typed = {m.id: form_text(form_data, f"metric_{m.id}", 20) for m in self._metrics}
        raw_date = form_text(form_data, "taken_on", 10)
        self.errors = {}
        self.saving = True
        yield

        def act(session: Any, actor: Any) -> Any:
            try:
                taken_on = parse_date(raw_date)
            except (ValueError, TypeError):
                raise Invalid("Data inválida.", field="taken_on") from None
            return save_assessment(
                session=session,
                actor=actor,
                client_id=client_id,
                assessment_id=assessment_id,
                taken_on=taken_on,
                values=dict(typed),
                note="",
                now=utcnow(),
            )

        outcome = self._call(act)
        self.saving = False
        if outcome.error is not None:
            # The inputs keep what was typed (same form key); the errors go under each field.
            self.errors = outcome.error.fields
            self.form_fields = self._fields(typed, self.errors)
            yield outcome.failure()
            return
        self.form_open = False
        yield self._reload()
        yield rx.toast.success("Avaliação atualizada." if assessment_id else "Avaliação salva.")

    @rx.event
    def ask_remove(self, assessment_id: Any) -> Any:
        try:
            wanted = to_id(assessment_id)
        except Exception:  # noqa: BLE001
            return rx.toast.error("Avaliação não encontrada.")
        row = next((a for a in self.assessments if a.id == wanted), None)
        if row is None:
            return rx.toast.error("Avaliação não encontrada.")
        self._ask(wanted, row.day)
        return None

    @rx.event
    def confirm_remove(self) -> Iterator[Any]:
        key = self._confirmed()
        if key is None:
            return
        yield
        outcome = self._call(
            lambda s, a: remove_assessment(session=s, actor=a, assessment_id=int(key), now=utcnow())
        )
        yield from self._saved(
            outcome, f"Avaliação de {self.confirm_subject} removida.", self._reload()
        )

    @rx.event
    def download_csv(self) -> Any:
        client_id = self._client_id
        if client_id is None:
            return None
        outcome = self._call(lambda s, a: export_csv(session=s, actor=a, client_id=client_id))
        if not outcome.ok:
            return outcome.failure()
        name = slugify(self.client_name) or "cliente"
        return rx.download(data=outcome.value, filename=f"evolucao-{name}.csv")

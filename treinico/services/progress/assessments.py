"""Progress (evolução e medidas): the team's metric catalogue, assessments with values for
any metric, and each metric's series, table and path ("Peso: 85 kg → 82 kg → 79 kg
(−6 kg)") for the client page and the portal.

Values are decimals (``Numeric``), typed with a comma or a dot ("82,5"), refused at the field
outside the metric's plausible range. Staff read with ``clients.read``, write assessments
with ``clients.write``; the catalogue needs ``team.manage``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlmodel import Session, col

from treinico.models import Assessment, Client, MeasurementValue, Metric
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_date
from treinico.services.permissions import Perm
from treinico.services.progress.metrics import (
    MetricRow,
    metric_rows,
    metric_view,
    number,
    parse_value,
    with_unit,
)
from treinico.services.text import clean, safe_cell


@dataclass(frozen=True)
class Point:
    day_iso: str
    day: str  # dd/mm/aaaa
    value: float
    value_label: str  # "82,5 kg"


@dataclass(frozen=True)
class MetricSeries:
    metric_id: int
    name: str
    unit: str
    points: list[Point]
    path: str  # "Peso: 85 kg → 82 kg → 79 kg (−6 kg)"
    improved: bool | None  # the change went the better way (None: no change yet)


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    day_iso: str
    day: str
    summary: str  # "Peso 79 kg · % Gordura 18%"
    values: dict[int, str]  # metric id -> the value as typed back ("79", "82,5")


@dataclass(frozen=True)
class Progress:
    client_name: str
    metrics: list[MetricRow]
    series: list[MetricSeries]
    assessments: list[AssessmentRow]


def _client(session: Session, team_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def _values(metrics: list[Metric], raw: dict[int, str]) -> dict[int, Decimal]:
    """Parse the typed values; errors at each field (``metric_<id>``) with the range."""
    errors: dict[str, str] = {}
    parsed: dict[int, Decimal] = {}
    for m in metrics:
        try:
            value = parse_value(raw.get(m.id or 0, ""))
        except ValueError:
            errors[f"metric_{m.id}"] = "Número inválido. Use vírgula para decimais: 82,5."
            continue
        if value is None:
            continue
        if not m.min_value <= value <= m.max_value:
            errors[f"metric_{m.id}"] = (
                "Informe um valor entre "
                + with_unit(f"{number(m.min_value, 3)} e {number(m.max_value, 3)}", m.unit)
                + "."
            )
            continue
        parsed[m.id or 0] = value.quantize(Decimal(1).scaleb(-m.decimals))
    if errors:
        raise Invalid("Confira os valores destacados.", fields=errors)
    if not parsed:
        raise Invalid("Preencha ao menos uma medida.", field="values")
    return parsed


def save_assessment(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    assessment_id: int | None,
    taken_on: date | None,
    values: dict[int, str],
    note: str,
    now: datetime,
) -> int:
    """Add (``assessment_id`` None) or edit an assessment; returns its id."""
    actor.require(Perm.CLIENTS_WRITE)
    client = _client(session, actor.team_id, client_id)
    if taken_on is None:
        raise Invalid("Informe a data da avaliação.", field="taken_on")
    parsed = _values(metric_rows(session, actor.team_id), values)
    if assessment_id is None:
        assessment = Assessment(
            team_id=actor.team_id,
            client_id=client.id or 0,
            taken_on=taken_on,
            created_by=actor.name,
            created_at=now,
            updated_at=now,
        )
    else:
        found = session.get(Assessment, assessment_id)
        if (
            found is None
            or found.team_id != actor.team_id
            or found.client_id != client.id
            or found.removed_at
        ):
            raise NotFound("Avaliação não encontrada.")
        assessment = found
        session.execute(
            MeasurementValue.__table__.delete().where(  # type: ignore[attr-defined]
                MeasurementValue.__table__.c.assessment_id == found.id  # type: ignore[attr-defined]
            )
        )
    assessment.taken_on = taken_on
    assessment.note = clean(note, max_len=500)
    assessment.updated_at = now
    session.add(assessment)
    session.flush()
    for metric_id, value in parsed.items():
        session.add(
            MeasurementValue(
                team_id=actor.team_id,
                client_id=client.id or 0,
                assessment_id=assessment.id or 0,
                metric_id=metric_id,
                taken_on=taken_on,
                value=value,
            )
        )
    session.flush()
    return assessment.id or 0


def remove_assessment(*, session: Session, actor: Actor, assessment_id: int, now: datetime) -> None:
    actor.require(Perm.CLIENTS_WRITE)
    done = session.execute(
        update(Assessment)
        .where(
            col(Assessment.id) == assessment_id,
            col(Assessment.team_id) == actor.team_id,
            col(Assessment.removed_at).is_(None),
        )
        .values(removed_at=now, removed_by=actor.name)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound("Avaliação não encontrada.")


def _path(m: Metric, values: list[Decimal]) -> tuple[str, bool | None]:
    shown = [with_unit(number(v, m.decimals), m.unit) for v in values]
    if len(shown) > 5:
        shown = shown[:1] + ["…"] + shown[-3:]
    text = f"{m.name}: " + " → ".join(shown)
    if len(values) < 2:
        return text, None
    change = values[-1] - values[0]
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    text += " (" + sign + with_unit(number(abs(change), m.decimals), m.unit) + ")"
    if change == 0:
        return text, None
    return text, (change < 0) == m.lower_is_better


def _progress(session: Session, team_id: int, client_id: int) -> Progress:
    client = _client(session, team_id, client_id)
    metrics = metric_rows(session, team_id)
    rows = session.execute(
        select(MeasurementValue, Assessment)
        .join(Assessment, col(Assessment.id) == col(MeasurementValue.assessment_id))
        .where(
            col(MeasurementValue.team_id) == team_id,
            col(MeasurementValue.client_id) == client.id,
            col(Assessment.removed_at).is_(None),
        )
        .order_by(col(MeasurementValue.taken_on), col(Assessment.id))
    ).all()
    by_metric: dict[int, list[tuple[date, Decimal]]] = {}
    by_assessment: dict[int, tuple[Assessment, dict[int, Decimal]]] = {}
    for value, assessment in rows:
        by_metric.setdefault(value.metric_id, []).append((value.taken_on, value.value))
        by_assessment.setdefault(assessment.id or 0, (assessment, {}))[1][value.metric_id] = (
            value.value
        )
    series = []
    for m in metrics:
        points = by_metric.get(m.id or 0, [])
        path, improved = _path(m, [v for _, v in points])
        series.append(
            MetricSeries(
                metric_id=m.id or 0,
                name=m.name,
                unit=m.unit,
                points=[
                    Point(
                        day_iso=d.isoformat(),
                        day=fmt_date(d),
                        value=float(v),
                        value_label=with_unit(number(v, m.decimals), m.unit),
                    )
                    for d, v in points
                ],
                path=path if points else f"{m.name}: sem medições ainda",
                improved=improved,
            )
        )
    names = {m.id or 0: m for m in metrics}
    assessments = [
        AssessmentRow(
            id=a.id or 0,
            day_iso=a.taken_on.isoformat(),
            day=fmt_date(a.taken_on),
            summary=" · ".join(
                f"{m.name} {with_unit(number(vals[m.id or 0], m.decimals), m.unit)}"
                for m in metrics
                if (m.id or 0) in vals
            ),
            values={k: number(v, names[k].decimals) for k, v in vals.items() if k in names},
        )
        for a, vals in sorted(
            by_assessment.values(), key=lambda p: (p[0].taken_on, p[0].id or 0), reverse=True
        )
    ]
    return Progress(
        client_name=client.name,
        metrics=[metric_view(m) for m in metrics],
        series=series,
        assessments=assessments,
    )


def client_progress(*, session: Session, actor: Actor, client_id: int) -> Progress:
    actor.require(Perm.CLIENTS_READ)
    return _progress(session, actor.team_id, client_id)


def portal_progress(*, session: Session, team_id: int, client_id: int) -> Progress:
    """The same charts and tables for the client of the portal session, read-only."""
    return _progress(session, team_id, client_id)


def export_csv(*, session: Session, actor: Actor, client_id: int) -> str:
    """The client's measurements as CSV for a pt-BR spreadsheet (``;``, decimal comma)."""
    progress = client_progress(session=session, actor=actor, client_id=client_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["data", "medida", "valor", "unidade"])
    for s in progress.series:
        for p in s.points:
            value = p.value_label.removesuffix(s.unit).strip()
            writer.writerow([p.day, safe_cell(s.name), value, safe_cell(s.unit)])
    return out.getvalue()

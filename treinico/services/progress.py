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
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from sqlalchemy import select, update
from sqlmodel import Session, col

from treinico.models import Assessment, Client, MeasurementValue, Metric
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import LOCALE, fmt_date
from treinico.services.permissions import Perm
from treinico.services.text import clean, slugify

# key, name, unit, decimals, plausible range, lower is better
DEFAULT_METRICS = (
    ("peso", "Peso", "kg", 1, "20", "400", True),
    ("gordura", "% Gordura", "%", 1, "2", "70", True),
    ("abdominal", "Circunferência abdominal", "cm", 1, "40", "200", True),
)


@dataclass(frozen=True)
class MetricRow:
    id: int
    name: str
    unit: str
    decimals: int
    min_value: str
    max_value: str
    range_label: str  # "20 a 400 kg"
    lower_is_better: bool


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


def ensure_default_metrics(session: Session, team_id: int) -> None:
    """Give a team the default catalogue (new teams, and teams from before it existed)."""
    existing = set(
        session.execute(select(col(Metric.key)).where(col(Metric.team_id) == team_id)).scalars()
    )
    for position, (key, name, unit, decimals, low, high, lower) in enumerate(DEFAULT_METRICS):
        if key not in existing:
            session.add(
                Metric(
                    team_id=team_id,
                    key=key,
                    name=name,
                    unit=unit,
                    decimals=decimals,
                    min_value=Decimal(low),
                    max_value=Decimal(high),
                    lower_is_better=lower,
                    position=position,
                )
            )
    session.flush()


def number(value: Decimal, decimals: int) -> str:
    """pt-BR, without trailing zeros: 85 -> "85", 82.5 -> "82,5"."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def with_unit(text: str, unit: str) -> str:
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def parse_value(raw: str) -> Decimal | None:
    """'82,5', '82.5', ' 82 ' -> Decimal; '' -> None; nonsense -> ValueError."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def _metric_rows(session: Session, team_id: int) -> list[Metric]:
    return list(
        session.execute(
            select(Metric)
            .where(col(Metric.team_id) == team_id, col(Metric.archived).is_(False))
            .order_by(col(Metric.position), col(Metric.id))
        ).scalars()
    )


def _metric_view(m: Metric) -> MetricRow:
    return MetricRow(
        id=m.id or 0,
        name=m.name,
        unit=m.unit,
        decimals=m.decimals,
        min_value=number(m.min_value, m.decimals),
        max_value=number(m.max_value, m.decimals),
        range_label=with_unit(f"{number(m.min_value, 3)} a {number(m.max_value, 3)}", m.unit),
        lower_is_better=m.lower_is_better,
    )


def list_metrics(*, session: Session, actor: Actor) -> list[MetricRow]:
    actor.require(Perm.CLIENTS_READ)
    return [_metric_view(m) for m in _metric_rows(session, actor.team_id)]


def save_metric(
    *,
    session: Session,
    actor: Actor,
    metric_id: int | None,
    name: str,
    unit: str,
    decimals: int | None,
    min_raw: str,
    max_raw: str,
    lower_is_better: bool,
) -> MetricRow:
    actor.require(Perm.TEAM_MANAGE)
    errors: dict[str, str] = {}
    label = clean(name, max_len=60)
    unit_text = clean(unit, max_len=12)
    if not label:
        errors["name"] = "Informe o nome."
    if not unit_text:
        errors["unit"] = "Informe a unidade (kg, cm, %…)."
    if decimals is None or not 0 <= decimals <= 3:
        errors["decimals"] = "De 0 a 3 casas decimais."
    low = high = None
    try:
        low = parse_value(min_raw)
    except ValueError:
        errors["min"] = "Número inválido."
    try:
        high = parse_value(max_raw)
    except ValueError:
        errors["max"] = "Número inválido."
    if low is None and "min" not in errors:
        errors["min"] = "Informe o mínimo plausível."
    if high is None and "max" not in errors:
        errors["max"] = "Informe o máximo plausível."
    if low is not None and high is not None and low >= high:
        errors["max"] = "O máximo deve ser maior que o mínimo."
    if errors:
        raise Invalid("Confira os campos destacados.", fields=errors)
    if metric_id is None:
        key = slugify(label)[:40] or "medida"
        taken = set(
            session.execute(
                select(col(Metric.key)).where(col(Metric.team_id) == actor.team_id)
            ).scalars()
        )
        base, n = key, 2
        while key in taken:
            key, n = f"{base[:36]}-{n}", n + 1
        metric = Metric(
            team_id=actor.team_id,
            key=key,
            name=label,
            unit=unit_text,
            min_value=Decimal(0),
            max_value=Decimal(1),
            position=len(taken),
        )
    else:
        found = session.get(Metric, metric_id)
        if found is None or found.team_id != actor.team_id or found.archived:
            raise NotFound("Medida não encontrada.")
        metric = found
    metric.name, metric.unit, metric.decimals = label, unit_text, int(decimals or 0)
    metric.min_value, metric.max_value = low or Decimal(0), high or Decimal(1)
    metric.lower_is_better = bool(lower_is_better)
    session.add(metric)
    session.flush()
    return _metric_view(metric)


def archive_metric(*, session: Session, actor: Actor, metric_id: int) -> None:
    """Hide a metric from new assessments and charts; its values stay stored."""
    actor.require(Perm.TEAM_MANAGE)
    found = session.get(Metric, metric_id)
    if found is None or found.team_id != actor.team_id:
        raise NotFound("Medida não encontrada.")
    found.archived = True
    session.add(found)


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
    parsed = _values(_metric_rows(session, actor.team_id), values)
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
    metrics = _metric_rows(session, team_id)
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
        metrics=[_metric_view(m) for m in metrics],
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
            writer.writerow([p.day, s.name, p.value_label.removesuffix(s.unit).strip(), s.unit])
    return out.getvalue()

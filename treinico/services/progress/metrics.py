"""The team's metric catalogue (Peso kg, % Gordura %, Circunferência abdominal cm, and the
team's own), and how a value reads in pt-BR ("82,5 kg", "18%"). Changing it needs
``team.manage``; values are parsed here too, with a comma or a dot."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import Metric
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import LOCALE
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


def metric_rows(session: Session, team_id: int) -> list[Metric]:
    return list(
        session.execute(
            select(Metric)
            .where(col(Metric.team_id) == team_id, col(Metric.archived).is_(False))
            .order_by(col(Metric.position), col(Metric.id))
        ).scalars()
    )


def metric_view(m: Metric) -> MetricRow:
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
    return [metric_view(m) for m in metric_rows(session, actor.team_id)]


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
    return metric_view(metric)


def archive_metric(*, session: Session, actor: Actor, metric_id: int) -> None:
    """Hide a metric from new assessments and charts; its values stay stored."""
    actor.require(Perm.TEAM_MANAGE)
    found = session.get(Metric, metric_id)
    if found is None or found.team_id != actor.team_id:
        raise NotFound("Medida não encontrada.")
    found.archived = True
    session.add(found)

"""Progress (evolução e medidas): the team's metric catalogue, assessments and their values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime


class Metric(SQLModel, table=True):
    __tablename__ = "metric"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        CheckConstraint("decimals BETWEEN 0 AND 3", name="decimals"),
        CheckConstraint("min_value < max_value", name="range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    key: str = Field(max_length=40)
    name: str = Field(max_length=60)
    unit: str = Field(max_length=12)
    decimals: int = Field(default=1)
    min_value: Decimal = Field(sa_type=Numeric(12, 3))
    max_value: Decimal = Field(sa_type=Numeric(12, 3))
    lower_is_better: bool = Field(default=True)
    position: int = Field(default=0)
    archived: bool = Field(default=False)


class Assessment(SQLModel, table=True):
    """An avaliação: a date with values for any of the metrics. Removing one keeps the row
    (``removed_at``) so a mistaken removal can be traced."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_team_client_day", "team_id", "client_id", "taken_on"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    taken_on: date
    note: str = Field(default="", sa_type=Text)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removed_by: str | None = Field(default=None, max_length=120)


class MeasurementValue(SQLModel, table=True):
    __tablename__ = "measurement_value"
    __table_args__ = (
        UniqueConstraint("assessment_id", "metric_id"),
        # A client's progress page: every value of every metric, in date order.
        Index(
            "ix_measurement_value_client_metric_day",
            "team_id",
            "client_id",
            "metric_id",
            "taken_on",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    assessment_id: int = Field(foreign_key="assessment.id")
    metric_id: int = Field(foreign_key="metric.id")
    taken_on: date
    value: Decimal = Field(sa_type=Numeric(12, 3))

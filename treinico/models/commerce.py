"""Products a team sells or grants: plans, packages, assessments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, utcnow


class ProductKind(StrEnum):
    SUBSCRIPTION = "subscription"
    PACKAGE = "package"
    SERVICE = "service"
    PROGRAM = "program"


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    key: str = Field(max_length=60)
    name: str = Field(max_length=120)
    description: str = Field(default="", sa_type=Text)
    icon: str = Field(default="package", max_length=40)
    kind: str = Field(default=ProductKind.SUBSCRIPTION.value, max_length=20)
    price_cents: int = Field(default=0)
    currency: str = Field(default="BRL", max_length=3)
    billing_period_days: int | None = None
    # Calendar months per billing cycle (1 = mensal, 3 = trimestral); wins over
    # billing_period_days, so a monthly plan renews on the same day every month.
    billing_months: int | None = None
    grace_days: int = Field(default=0)
    sessions_per_cycle: int | None = None
    active: bool = Field(default=True)
    archived: bool = Field(default=False)
    # Listed on the business's public page.
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

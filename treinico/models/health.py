"""Health records (prontuário): records, their versions and attachments, and the teams'
data keys. Titles, texts, file names and file bytes are stored sealed (see
services/crypto.py); only dates, kinds and flags are readable in the database."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only


class HealthRecordKind(StrEnum):
    ANAMNESE = "anamnese"
    EVOLUCAO = "evolucao"
    AVALIACAO = "avaliacao"
    EXAME = "exame"
    RESTRICAO = "restricao"
    OUTRO = "outro"


class TeamDataKey(SQLModel, table=True):
    """The team's data key, wrapped by the master key from the settings."""

    __tablename__ = "team_data_key"

    team_id: int = Field(foreign_key="team.id", primary_key=True)
    wrapped: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    rotated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HealthRecord(SQLModel, table=True):
    """The current state of one record. Every change also appends a version row."""

    __tablename__ = "health_record"
    __table_args__ = (Index("ix_health_record_client", "team_id", "client_id", "record_date"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    kind: str = Field(max_length=16)
    record_date: date
    title_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    body_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    visible_to_client: bool = Field(default=False)
    version: int = Field(default=1)
    author_user_id: int = Field(foreign_key="user_account.id")
    author_name: str = Field(max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    annulled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    annulled_by_name: str = Field(default="", max_length=120)
    annul_reason: str = Field(default="", max_length=500)


class HealthRecordVersion(SQLModel, table=True):
    """One saved state of a record: what it said, who saved it, when and why."""

    __tablename__ = "health_record_version"
    __table_args__ = (UniqueConstraint("record_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    record_id: int = Field(foreign_key="health_record.id")
    version: int
    change: str = Field(max_length=16)  # criado, editado, visibilidade, anulado
    kind: str = Field(max_length=16)
    record_date: date
    title_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    body_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    visible_to_client: bool
    note: str = Field(default="", max_length=500)
    actor_user_id: int = Field(foreign_key="user_account.id")
    actor_name: str = Field(max_length=120)
    at: datetime = Field(sa_type=UTCDateTime)


class HealthAttachment(SQLModel, table=True):
    """A file attached to a record. Never replaced or removed; ``data_enc`` is read only by
    the download route."""

    __tablename__ = "health_attachment"
    __table_args__ = (Index("ix_health_attachment_record", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    record_id: int = Field(foreign_key="health_record.id")
    name_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    content_type: str = Field(max_length=40)
    size_bytes: int
    added_in_version: int
    data_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    actor_user_id: int = Field(foreign_key="user_account.id")
    at: datetime = Field(sa_type=UTCDateTime)


make_append_only(HealthRecordVersion.__table__)  # type: ignore[attr-defined]
make_append_only(HealthAttachment.__table__)  # type: ignore[attr-defined]

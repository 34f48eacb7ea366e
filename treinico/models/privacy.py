"""LGPD: consent texts and the consent ledger, the sensitive-data access log, and the
data-subject requests (correction, deletion)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only


class ConsentPurpose(StrEnum):
    TERMOS = "termos"
    SAUDE = "saude"
    MARKETING = "marketing"


class ConsentText(SQLModel, table=True):
    """One version of a team's text for one purpose. Editing publishes a new version."""

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("team_id", "purpose", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    purpose: str = Field(max_length=16)
    version: int
    title: str = Field(max_length=120)
    body: str = Field(sa_type=Text)
    created_by_name: str = Field(default="", max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ConsentEvent(SQLModel, table=True):
    """The consent ledger: who gave or revoked which purpose, on which text, how."""

    __tablename__ = "consent_event"
    __table_args__ = (Index("ix_consent_event_client", "team_id", "client_id", "purpose", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    purpose: str = Field(max_length=16)
    text_id: int = Field(foreign_key="consent_text.id")
    text_version: int
    action: str = Field(max_length=10)  # concedido | revogado
    channel: str = Field(max_length=10)  # portal | equipe
    staff_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    staff_name: str = Field(default="", max_length=120)
    ip: str = Field(default="", max_length=64)
    at: datetime = Field(sa_type=UTCDateTime)


class AccessAction(StrEnum):
    LIST = "lista"  # the record list (titles, dates)
    VIEW = "registro"  # a record's text
    VERSIONS = "versoes"  # a record's earlier versions
    DOWNLOAD = "anexo"  # an attachment's bytes
    EXPORT = "exportacao"  # "Meus dados"
    ANONYMISE = "anonimizacao"


class AccessLogEntry(SQLModel, table=True):
    """One read of sensitive data, without its content: who, what, when, from where."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_team_at", "team_id", "at"),
        Index("ix_access_log_client_at", "team_id", "client_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    action: str = Field(max_length=16)
    record_id: int | None = Field(default=None, foreign_key="health_record.id")
    attachment_id: int | None = Field(default=None, foreign_key="health_attachment.id")
    actor_kind: str = Field(max_length=10)  # equipe | cliente
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(default="", max_length=120)  # staff only; a client reads "Você"
    ip: str = Field(default="", max_length=64)
    at: datetime = Field(sa_type=UTCDateTime)


class DataRequestKind(StrEnum):
    CORRECTION = "correcao"
    DELETION = "exclusao"


class DataRequest(SQLModel, table=True):
    """A data-subject request (LGPD art. 18), due 15 days after it was made (art. 19)."""

    __tablename__ = "data_request"
    __table_args__ = (Index("ix_data_request_team", "team_id", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    kind: str = Field(max_length=10)
    message: str = Field(default="", sa_type=Text)
    status: str = Field(default="aberto", max_length=10)  # aberto | atendido
    created_at: datetime = Field(sa_type=UTCDateTime)
    due_on: date
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by_name: str = Field(default="", max_length=120)
    resolution: str = Field(default="", sa_type=Text)


make_append_only(ConsentText.__table__)  # type: ignore[attr-defined]
make_append_only(ConsentEvent.__table__)  # type: ignore[attr-defined]
make_append_only(AccessLogEntry.__table__)  # type: ignore[attr-defined]

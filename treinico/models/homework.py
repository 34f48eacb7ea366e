"""Homework (lições de casa): the team's templates, tasks given to clients, and the
append-only history of every change."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, Text, text
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime, make_append_only


class TaskStatus(StrEnum):
    PENDING = "pendente"
    IN_PROGRESS = "em_andamento"
    DONE = "concluido"


class TaskTemplate(SQLModel, table=True):
    __tablename__ = "task_template"
    __table_args__ = (Index("ix_task_template_team", "team_id", "archived"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    title: str = Field(max_length=120)
    instructions: str = Field(default="", sa_type=Text)
    archived: bool = Field(default=False)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_team_client", "team_id", "client_id", "archived"),
        # The team's open tasks by due date (overdue first).
        Index(
            "ix_task_team_open_due",
            "team_id",
            "due_on",
            "id",
            sqlite_where=text("status <> 'concluido' AND NOT archived"),
            postgresql_where=text("status <> 'concluido' AND NOT archived"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    template_id: int | None = Field(default=None, foreign_key="task_template.id")
    title: str = Field(max_length=120)
    instructions: str = Field(default="", sa_type=Text)
    due_on: date | None = None
    status: str = Field(default=TaskStatus.PENDING.value, max_length=16)
    archived: bool = Field(default=False)
    created_by: str = Field(max_length=120)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class TaskEvent(SQLModel, table=True):
    """Who changed a task, when, from where (painel or portal), old → new status."""

    __tablename__ = "task_event"
    __table_args__ = (Index("ix_task_event_task", "task_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    task_id: int = Field(foreign_key="task.id")
    event_type: str = Field(max_length=16)  # criada, editada, status, arquivada
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str | None = Field(default=None, max_length=16)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(max_length=120)
    channel: str = Field(max_length=10)  # painel | portal
    at: datetime = Field(sa_type=UTCDateTime)


make_append_only(TaskEvent.__table__)  # type: ignore[attr-defined]

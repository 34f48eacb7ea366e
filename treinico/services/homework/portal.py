"""The client's own homework in the portal: the tasks by status, and one tap to move one.
The team and client come from the portal session; a task id from the browser is only a lookup
scoped to that client and team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import Task, TaskStatus
from treinico.services.homework.tasks import (
    TaskRow,
    client_of,
    move_task,
    parse_status,
    task_of,
    task_rows,
    team_of,
)


@dataclass(frozen=True)
class PortalTasks:
    pending: list[TaskRow]
    in_progress: list[TaskRow]
    done: list[TaskRow]


def portal_tasks(*, session: Session, team_id: int, client_id: int, now: datetime) -> PortalTasks:
    team = team_of(session, team_id)
    client = client_of(session, team_id, client_id)
    tasks = (
        session.execute(
            select(Task)
            .where(
                col(Task.team_id) == team_id,
                col(Task.client_id) == client.id,
                col(Task.archived).is_(False),
            )
            .order_by(col(Task.due_on), col(Task.id))
        )
        .scalars()
        .all()
    )
    rows = task_rows(session, team, [(t, client.name) for t in tasks], now)
    return PortalTasks(
        pending=[r for r in rows if r.status == TaskStatus.PENDING],
        in_progress=[r for r in rows if r.status == TaskStatus.IN_PROGRESS],
        done=[r for r in rows if r.status == TaskStatus.DONE],
    )


def portal_set_status(
    *, session: Session, team_id: int, client_id: int, task_id: int, status: str, now: datetime
) -> str:
    """The client moves one of their own tasks; returns the status it had (for "Desfazer")."""
    client = client_of(session, team_id, client_id)
    task = task_of(session, team_id, task_id, client_id=client.id)
    old = task.status
    move_task(
        task, parse_status(status), session, who_id=None, who=client.name, channel="portal", now=now
    )
    return old

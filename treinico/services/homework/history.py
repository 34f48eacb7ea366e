"""Each homework task's history, newest first: who created, edited, moved or archived it,
from the dashboard or the portal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import Task, TaskEvent, TaskStatus
from treinico.services.actor import Actor
from treinico.services.errors import NotFound
from treinico.services.formatting import fmt_datetime
from treinico.services.homework.tasks import STATUS_LABELS, team_of
from treinico.services.permissions import Perm


@dataclass(frozen=True)
class HistoryRow:
    at: str
    actor_name: str
    channel: str
    label: str  # "Tarefa criada", "Pendente → Em andamento"


def task_history(*, session: Session, actor: Actor, task_id: int) -> list[HistoryRow]:
    actor.require(Perm.CLIENTS_READ)
    team = team_of(session, actor.team_id)
    task = session.get(Task, task_id)
    if task is None or task.team_id != actor.team_id:
        raise NotFound("Tarefa não encontrada.")
    events = session.execute(
        select(TaskEvent)
        .where(col(TaskEvent.task_id) == task.id)
        .order_by(col(TaskEvent.at).desc(), col(TaskEvent.id).desc())
    ).scalars()
    labels = {"criada": "Tarefa criada", "editada": "Tarefa editada", "arquivada": "Arquivada"}
    out = []
    for e in events:
        if e.event_type == "status" and e.old_status and e.new_status:
            label = (
                f"{STATUS_LABELS[TaskStatus(e.old_status)]} → "
                f"{STATUS_LABELS[TaskStatus(e.new_status)]}"
            )
        else:
            label = labels.get(e.event_type, e.event_type)
        out.append(
            HistoryRow(
                at=fmt_datetime(e.at, team.timezone),
                actor_name=e.actor_name,
                channel="Portal" if e.channel == "portal" else "Painel",
                label=label,
            )
        )
    return out

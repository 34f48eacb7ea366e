"""Homework (lições de casa): the tasks staff give and change, and the rules both faces share
(the rows as drawn, the status moves). The portal's side is ``portal_homework``, each task's
history ``homework_history``.

Staff read with ``clients.read`` and change with ``clients.write``; the portal functions take
the team and client resolved from the portal session, and a task id from the browser is only
a lookup scoped to that client and team. Every change writes a ``task_event`` row (append-only)
in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import case, select, text
from sqlmodel import Session, col

from treinico.models import Client, Task, TaskEvent, TaskStatus, TaskTemplate, Team
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import LOCALE, fmt_datetime, fmt_day_month
from treinico.services.permissions import Perm
from treinico.services.text import clean

STATUS_LABELS = {
    TaskStatus.PENDING: "Pendente",
    TaskStatus.IN_PROGRESS: "Em andamento",
    TaskStatus.DONE: "Concluído",
}
MAX_INSTRUCTIONS = 4000


@dataclass(frozen=True)
class TaskRow:
    id: int
    client_id: int
    client_name: str
    title: str
    instructions: str
    due_iso: str
    due_label: str  # "prazo: sexta", "prazo: 12/03", ""
    status: str
    status_label: str
    overdue: bool  # "Atrasada": past due and not done
    last_change: str  # "Concluído por Ana Beatriz Souza (portal) em 10/03/2026 14:00"


def due_phrase(due: date | None, today: date) -> str:
    """ "prazo: sexta" within the coming week, "prazo: hoje" / "amanhã", else the date."""
    if due is None:
        return ""
    days = (due - today).days
    if days == 0:
        return "prazo: hoje"
    if days == 1:
        return "prazo: amanhã"
    if 1 < days < 7:
        return "prazo: " + format_date(due, "EEEE", locale=LOCALE).removesuffix("-feira")
    return f"prazo: {fmt_day_month(due)}"


def team_of(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    return team


def _today(team: Team, now: datetime) -> date:
    return now.astimezone(ZoneInfo(team.timezone)).date()


def client_of(session: Session, team_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def task_of(session: Session, team_id: int, task_id: int, client_id: int | None = None) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.team_id != team_id or task.archived:
        raise NotFound("Tarefa não encontrada.")
    if client_id is not None and task.client_id != client_id:
        raise NotFound("Tarefa não encontrada.")
    return task


def _last_changes(session: Session, task_ids: list[int], tz: str) -> dict[int, str]:
    """The latest status change of each task, in one statement."""
    if not task_ids:
        return {}
    rows = session.execute(
        select(TaskEvent)
        .where(col(TaskEvent.task_id).in_(task_ids), col(TaskEvent.event_type) == "status")
        .order_by(col(TaskEvent.task_id), col(TaskEvent.at), col(TaskEvent.id))
    ).scalars()
    last: dict[int, str] = {}
    for e in rows:
        label = STATUS_LABELS[TaskStatus(e.new_status)] if e.new_status else ""
        where = " (portal)" if e.channel == "portal" else ""
        last[e.task_id] = f"{label} por {e.actor_name}{where} em {fmt_datetime(e.at, tz)}"
    return last


def task_rows(
    session: Session, team: Team, pairs: list[tuple[Task, str]], now: datetime
) -> list[TaskRow]:
    today = _today(team, now)
    changes = _last_changes(session, [t.id or 0 for t, _ in pairs], team.timezone)
    return [
        TaskRow(
            id=t.id or 0,
            client_id=t.client_id,
            client_name=name,
            title=t.title,
            instructions=t.instructions,
            due_iso=t.due_on.isoformat() if t.due_on else "",
            due_label=due_phrase(t.due_on, today),
            status=t.status,
            status_label=STATUS_LABELS[TaskStatus(t.status)],
            overdue=t.due_on is not None and t.due_on < today and t.status != TaskStatus.DONE,
            last_change=changes.get(t.id or 0, ""),
        )
        for t, name in pairs
    ]


def _event(
    session: Session,
    task: Task,
    kind: str,
    *,
    actor_user_id: int | None,
    actor_name: str,
    channel: str,
    now: datetime,
    old: str | None = None,
    new: str | None = None,
) -> None:
    session.add(
        TaskEvent(
            team_id=task.team_id,
            task_id=task.id or 0,
            event_type=kind,
            old_status=old,
            new_status=new,
            actor_user_id=actor_user_id,
            actor_name=actor_name,
            channel=channel,
            at=now,
        )
    )


def validated(title: str, instructions: str) -> tuple[str, str]:
    text = clean(title, max_len=120)
    if not text:
        raise Invalid("Informe o título da tarefa.", field="title")
    body = (instructions or "").strip()
    if len(body) > MAX_INSTRUCTIONS:
        raise Invalid(f"Use no máximo {MAX_INSTRUCTIONS} caracteres.", field="instructions")
    return text, body


def parse_status(raw: str) -> TaskStatus:
    try:
        return TaskStatus(raw)
    except ValueError:
        raise Invalid("Situação inválida.", field="status") from None


# ---------------------------------------------------------------- staff


def client_tasks(*, session: Session, actor: Actor, client_id: int, now: datetime) -> list[TaskRow]:
    actor.require(Perm.CLIENTS_READ)
    team = team_of(session, actor.team_id)
    client = client_of(session, actor.team_id, client_id)
    tasks = (
        session.execute(
            select(Task)
            .where(
                col(Task.team_id) == actor.team_id,
                col(Task.client_id) == client.id,
                col(Task.archived).is_(False),
            )
            .order_by(
                col(Task.status) == TaskStatus.DONE,
                case((col(Task.due_on).is_(None), 1), else_=0),
                col(Task.due_on),
                col(Task.id),
            )
        )
        .scalars()
        .all()
    )
    return task_rows(session, team, [(t, client.name) for t in tasks], now)


def open_tasks(*, session: Session, actor: Actor, now: datetime, limit: int = 200) -> list[TaskRow]:
    """The team's tasks not done yet, overdue first: by due date (the overdue ones have the
    earliest), then those without one. Two index range scans on the open tasks' partial
    index, whatever the number of tasks."""
    actor.require(Perm.CLIENTS_READ)
    team = team_of(session, actor.team_id)
    base = (
        select(Task, col(Client.name))
        .join(Client, col(Client.id) == col(Task.client_id))
        .where(
            col(Task.team_id) == actor.team_id,
            # Written exactly as the partial index's predicate (literals, NOT archived), so
            # SQLite and PostgreSQL both plan an index range scan.
            text("task.status <> 'concluido' AND NOT task.archived"),
        )
    )
    dated = session.execute(
        base.where(col(Task.due_on).is_not(None))
        .order_by(col(Task.due_on), col(Task.id))
        .limit(limit)
    ).all()
    undated = (
        session.execute(
            base.where(col(Task.due_on).is_(None)).order_by(col(Task.id)).limit(limit - len(dated))
        ).all()
        if len(dated) < limit
        else []
    )
    return task_rows(session, team, [(t, n) for t, n in [*dated, *undated]], now)


def create_task(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    title: str,
    instructions: str,
    due_on: date | None,
    now: datetime,
    template_id: int | None = None,
) -> TaskRow:
    """Give a client a task, from scratch or from a template (its title and instructions
    fill whatever was left empty)."""
    actor.require(Perm.CLIENTS_WRITE)
    team = team_of(session, actor.team_id)
    client = client_of(session, actor.team_id, client_id)
    if template_id is not None:
        template = session.get(TaskTemplate, template_id)
        if template is None or template.team_id != actor.team_id or template.archived:
            raise NotFound("Modelo não encontrado.", field="template")
        title = title or template.title
        instructions = instructions or template.instructions
    text, body = validated(title, instructions)
    task = Task(
        team_id=actor.team_id,
        client_id=client.id or 0,
        template_id=template_id,
        title=text,
        instructions=body,
        due_on=due_on,
        created_by=actor.name,
        created_at=now,
        updated_at=now,
    )
    session.add(task)
    session.flush()
    _event(
        session,
        task,
        "criada",
        actor_user_id=actor.user_id,
        actor_name=actor.name,
        channel="painel",
        now=now,
        new=task.status,
    )
    return task_rows(session, team, [(task, client.name)], now)[0]


def update_task(
    *,
    session: Session,
    actor: Actor,
    task_id: int,
    title: str,
    instructions: str,
    due_on: date | None,
    now: datetime,
) -> TaskRow:
    actor.require(Perm.CLIENTS_WRITE)
    team = team_of(session, actor.team_id)
    task = task_of(session, actor.team_id, task_id)
    task.title, task.instructions = validated(title, instructions)
    task.due_on = due_on
    task.updated_at = now
    session.add(task)
    _event(
        session,
        task,
        "editada",
        actor_user_id=actor.user_id,
        actor_name=actor.name,
        channel="painel",
        now=now,
    )
    client = client_of(session, actor.team_id, task.client_id)
    return task_rows(session, team, [(task, client.name)], now)[0]


def archive_task(*, session: Session, actor: Actor, task_id: int, now: datetime) -> None:
    actor.require(Perm.CLIENTS_WRITE)
    task = task_of(session, actor.team_id, task_id)
    task.archived = True
    task.updated_at = now
    session.add(task)
    _event(
        session,
        task,
        "arquivada",
        actor_user_id=actor.user_id,
        actor_name=actor.name,
        channel="painel",
        now=now,
    )


def move_task(
    task: Task,
    status: TaskStatus,
    session: Session,
    *,
    who_id: int | None,
    who: str,
    channel: str,
    now: datetime,
) -> bool:
    if task.status == status:
        return False  # a repeated tap changes nothing and records nothing
    old = task.status
    task.status = status
    task.updated_at = now
    session.add(task)
    _event(
        session,
        task,
        "status",
        actor_user_id=who_id,
        actor_name=who,
        channel=channel,
        now=now,
        old=old,
        new=status,
    )
    return True


def set_task_status(
    *, session: Session, actor: Actor, task_id: int, status: str, now: datetime
) -> TaskRow:
    actor.require(Perm.CLIENTS_WRITE)
    team = team_of(session, actor.team_id)
    task = task_of(session, actor.team_id, task_id)
    move_task(
        task,
        parse_status(status),
        session,
        who_id=actor.user_id,
        who=actor.name,
        channel="painel",
        now=now,
    )
    client = client_of(session, actor.team_id, task.client_id)
    session.flush()
    return task_rows(session, team, [(task, client.name)], now)[0]

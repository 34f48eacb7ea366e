"""The team's library of task templates ("Treino A — 3x12 agachamento, supino, remada"):
list, create, edit, archive. Assigning one is ``homework.create_task(template_id=…)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from treinico.models import TaskTemplate
from treinico.services.actor import Actor
from treinico.services.errors import NotFound
from treinico.services.homework.tasks import validated
from treinico.services.permissions import Perm


@dataclass(frozen=True)
class TemplateRow:
    id: int
    title: str
    instructions: str


def list_templates(*, session: Session, actor: Actor) -> list[TemplateRow]:
    actor.require(Perm.CLIENTS_READ)
    rows = session.execute(
        select(TaskTemplate)
        .where(col(TaskTemplate.team_id) == actor.team_id, col(TaskTemplate.archived).is_(False))
        .order_by(col(TaskTemplate.title))
    ).scalars()
    return [TemplateRow(id=t.id or 0, title=t.title, instructions=t.instructions) for t in rows]


def save_template(
    *,
    session: Session,
    actor: Actor,
    template_id: int | None,
    title: str,
    instructions: str,
    now: datetime,
) -> TemplateRow:
    actor.require(Perm.CLIENTS_WRITE)
    text, body = validated(title, instructions)
    if template_id is None:
        template = TaskTemplate(team_id=actor.team_id, title=text, created_at=now)
    else:
        found = session.get(TaskTemplate, template_id)
        if found is None or found.team_id != actor.team_id or found.archived:
            raise NotFound("Modelo não encontrado.")
        template = found
    template.title, template.instructions = text, body
    session.add(template)
    session.flush()
    return TemplateRow(
        id=template.id or 0, title=template.title, instructions=template.instructions
    )


def archive_template(*, session: Session, actor: Actor, template_id: int) -> None:
    actor.require(Perm.CLIENTS_WRITE)
    found = session.get(TaskTemplate, template_id)
    if found is None or found.team_id != actor.team_id:
        raise NotFound("Modelo não encontrado.")
    found.archived = True
    session.add(found)

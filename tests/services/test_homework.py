"""Homework rules on SQLite and PostgreSQL: templates, status changes from both faces with
their history, due phrases, the team's open tasks, permissions and tenancy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import make_client, make_member, make_team
from tests.services.agenda_world import NOW
from treinico.db import unit_of_work
from treinico.models import Task, TaskEvent
from treinico.services.errors import Forbidden, Invalid, NotFound
from treinico.services.homework import history as homework_history
from treinico.services.homework import portal as portal_homework
from treinico.services.homework import tasks as homework
from treinico.services.homework import templates as task_templates
from treinico.services.homework.tasks import due_phrase
from treinico.services.permissions import Perm

TUESDAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("due", "text"),
    [
        (TUESDAY, "prazo: hoje"),
        (TUESDAY + timedelta(days=1), "prazo: amanhã"),
        (TUESDAY + timedelta(days=3), "prazo: sexta"),
        (TUESDAY + timedelta(days=5), "prazo: domingo"),
        (TUESDAY + timedelta(days=7), "prazo: 17/03"),
        (TUESDAY - timedelta(days=1), "prazo: 09/03"),
        (None, ""),
    ],
)
def test_due_dates_within_a_week_read_as_weekdays(due, text) -> None:  # type: ignore[no-untyped-def]
    assert due_phrase(due, TUESDAY) == text


def _world(session: Session):  # type: ignore[no-untyped-def]
    t = make_team(session)
    ana = make_client(session, t.team.id, name="Ana")
    template = task_templates.save_template(
        session=session,
        actor=t.owner,
        template_id=None,
        title="Treino A — 3x12 agachamento, supino, remada",
        instructions="3 séries de 12. https://exemplo.com/video",
        now=NOW,
    )
    return t, ana, template


def test_a_template_assigns_a_task_in_two_clicks(session: Session) -> None:
    t, ana, template = _world(session)
    row = homework.create_task(
        session=session,
        actor=t.owner,
        client_id=ana,
        title="",
        instructions="",
        due_on=TUESDAY + timedelta(days=3),
        now=NOW,
        template_id=template.id,
    )
    assert (row.title, row.status_label, row.due_label) == (
        "Treino A — 3x12 agachamento, supino, remada",
        "Pendente",
        "prazo: sexta",
    )
    assert row.instructions.endswith("https://exemplo.com/video")


def test_both_faces_move_a_task_and_the_history_says_who(db: Engine) -> None:
    with unit_of_work(db) as s:
        t, ana, template = _world(s)
        task = homework.create_task(
            session=s,
            actor=t.owner,
            client_id=ana,
            title="Alongar",
            instructions="",
            due_on=None,
            now=NOW,
        )
    with unit_of_work(db) as s:
        previous = portal_homework.portal_set_status(
            session=s,
            team_id=t.team.id,
            client_id=ana,
            task_id=task.id,
            status="em_andamento",
            now=NOW + timedelta(minutes=1),
        )
        assert previous == "pendente"
    with unit_of_work(db) as s:  # a repeated tap records nothing
        portal_homework.portal_set_status(
            session=s,
            team_id=t.team.id,
            client_id=ana,
            task_id=task.id,
            status="em_andamento",
            now=NOW + timedelta(minutes=2),
        )
    with unit_of_work(db) as s:
        homework.set_task_status(
            session=s,
            actor=t.owner,
            task_id=task.id,
            status="concluido",
            now=NOW + timedelta(minutes=3),
        )
    with unit_of_work(db) as s:
        history = homework_history.task_history(session=s, actor=t.owner, task_id=task.id)
        rows = homework.client_tasks(session=s, actor=t.owner, client_id=ana, now=NOW)
    assert [(h.label, h.actor_name, h.channel) for h in history] == [
        ("Em andamento → Concluído", t.owner.name, "Painel"),
        ("Pendente → Em andamento", "Ana", "Portal"),
        ("Tarefa criada", t.owner.name, "Painel"),
    ]
    assert rows[0].last_change.startswith(f"Concluído por {t.owner.name} em 10/03/2026")


def test_overdue_open_tasks_come_first_in_the_team_view(session: Session) -> None:
    t, ana, _ = _world(session)
    bia = make_client(session, t.team.id, name="Bia")
    for client, title, due in (
        (ana, "Sem prazo", None),
        (bia, "Atrasada", TUESDAY - timedelta(days=2)),
        (ana, "Para sexta", TUESDAY + timedelta(days=3)),
    ):
        homework.create_task(
            session=session,
            actor=t.owner,
            client_id=client,
            title=title,
            instructions="",
            due_on=due,
            now=NOW,
        )
    done = homework.create_task(
        session=session,
        actor=t.owner,
        client_id=ana,
        title="Feita",
        instructions="",
        due_on=TUESDAY - timedelta(days=5),
        now=NOW,
    )
    homework.set_task_status(
        session=session, actor=t.owner, task_id=done.id, status="concluido", now=NOW
    )
    rows = homework.open_tasks(session=session, actor=t.owner, now=NOW)
    assert [(r.title, r.client_name, r.overdue) for r in rows] == [
        ("Atrasada", "Bia", True),
        ("Para sexta", "Ana", False),
        ("Sem prazo", "Ana", False),
    ]


def test_bad_input_is_refused_at_the_field(session: Session) -> None:
    t, ana, _ = _world(session)
    with pytest.raises(Invalid) as err:
        homework.create_task(
            session=session,
            actor=t.owner,
            client_id=ana,
            title="  ",
            instructions="",
            due_on=None,
            now=NOW,
        )
    assert err.value.fields == {"title": "Informe o título da tarefa."}
    task = homework.create_task(
        session=session,
        actor=t.owner,
        client_id=ana,
        title="Ok",
        instructions="",
        due_on=None,
        now=NOW,
    )
    with pytest.raises(Invalid):
        homework.set_task_status(
            session=session, actor=t.owner, task_id=task.id, status="x", now=NOW
        )


def test_read_only_member_and_other_teams(db: Engine) -> None:
    with unit_of_work(db) as s:
        t, ana, template = _world(s)
        task = homework.create_task(
            session=s,
            actor=t.owner,
            client_id=ana,
            title="Alongar",
            instructions="",
            due_on=None,
            now=NOW,
        )
        reader = make_member(s, t.team.id, role="trainer", permissions=[Perm.CLIENTS_READ])
        other = make_team(s)
        stranger = make_client(s, other.team.id, name="Caio")
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        homework.set_task_status(
            session=s, actor=reader, task_id=task.id, status="concluido", now=NOW
        )
    for call in (
        lambda s: homework.set_task_status(
            session=s, actor=other.owner, task_id=task.id, status="concluido", now=NOW
        ),
        lambda s: homework_history.task_history(session=s, actor=other.owner, task_id=task.id),
        lambda s: homework.create_task(
            session=s,
            actor=other.owner,
            client_id=ana,
            title="x",
            instructions="",
            due_on=None,
            now=NOW,
        ),
        lambda s: homework.create_task(
            session=s,
            actor=other.owner,
            client_id=stranger,
            title="",
            instructions="",
            due_on=None,
            now=NOW,
            template_id=template.id,
        ),
        lambda s: portal_homework.portal_set_status(
            session=s,
            team_id=other.team.id,
            client_id=stranger,
            task_id=task.id,
            status="concluido",
            now=NOW,
        ),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            call(s)
    with unit_of_work(db) as s:
        assert s.exec(select(Task.status)).all() == ["pendente"]
        assert len(s.exec(select(TaskEvent)).all()) == 1


def test_task_history_is_append_only(db: Engine) -> None:
    with unit_of_work(db) as s:
        t, ana, _ = _world(s)
        homework.create_task(
            session=s,
            actor=t.owner,
            client_id=ana,
            title="Alongar",
            instructions="",
            due_on=None,
            now=NOW,
        )
    for statement in ("UPDATE task_event SET actor_name = 'x'", "DELETE FROM task_event"):
        with pytest.raises(sa.exc.DatabaseError), unit_of_work(db) as s:
            s.execute(sa.text(statement))

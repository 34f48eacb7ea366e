"""A portal client moves only their own tasks in the current team: another client of the same
team, or a client of another team, who sends someone else's task id gets NotFound and nothing
changes (no task row, no task_event row), on SQLite and PostgreSQL. The owner succeeds, and a
repeated tap records nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from tests.conftest import NOW
from tests.factories import make_client, make_team
from treinico.db import unit_of_work
from treinico.models import Task, TaskEvent
from treinico.services.errors import Invalid, NotFound
from treinico.services.homework import history as homework_history
from treinico.services.homework import portal as portal_homework
from treinico.services.homework import tasks as homework


@pytest.fixture()
def world(db: Engine):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as session:
        a = make_team(session, "Studio A")
        victim = make_client(session, a.team.id, "Ana Vítima")
        neighbour = make_client(session, a.team.id, "Carla Vizinha")
        b = make_team(session, "Studio B")
        stranger = make_client(session, b.team.id, "Zé de Fora")
        task = homework.create_task(
            session=session,
            actor=a.owner,
            client_id=victim,
            title="Treino A — 3x12 agachamento, supino, remada",
            instructions="Veja https://exemplo.com.br/treino-a",
            due_on=(NOW + timedelta(days=3)).date(),
            now=NOW,
        )
    return {
        "team_a": a.team.id,
        "team_b": b.team.id,
        "owner": a.owner,
        "victim": victim,
        "neighbour": neighbour,
        "stranger": stranger,
        "task": task.id,
    }


def _snapshot(db: Engine) -> tuple:  # type: ignore[type-arg]
    with unit_of_work(db) as session:
        tasks = session.execute(
            select(Task.id, Task.status, Task.client_id, Task.updated_at).order_by(Task.id)
        ).all()
        events = session.execute(
            select(
                TaskEvent.id,
                TaskEvent.task_id,
                TaskEvent.event_type,
                TaskEvent.old_status,
                TaskEvent.new_status,
                TaskEvent.channel,
            ).order_by(TaskEvent.id)
        ).all()
    return tuple(tuple(r) for r in tasks), tuple(tuple(r) for r in events)


def _events(db: Engine, task_id: int) -> int:
    with unit_of_work(db) as session:
        return int(
            session.execute(
                select(func.count()).select_from(TaskEvent).where(TaskEvent.task_id == task_id)
            ).scalar_one()
        )


@pytest.mark.parametrize("attacker", ["neighbour", "stranger"])
@pytest.mark.parametrize("status", ["em_andamento", "concluido", "pendente"])
def test_someone_elses_task_id_is_not_found_and_nothing_changes(
    db: Engine,
    world,  # type: ignore[no-untyped-def]
    attacker: str,
    status: str,
) -> None:
    team = world["team_a"] if attacker == "neighbour" else world["team_b"]
    before = _snapshot(db)
    with pytest.raises(NotFound), unit_of_work(db) as session:
        portal_homework.portal_set_status(
            session=session,
            team_id=team,
            client_id=world[attacker],
            task_id=world["task"],
            status=status,
            now=NOW,
        )
    assert _snapshot(db) == before
    with unit_of_work(db) as session:
        mine = portal_homework.portal_tasks(
            session=session, team_id=team, client_id=world[attacker], now=NOW
        )
    assert mine.pending == mine.in_progress == mine.done == []


def test_the_victims_id_with_the_other_team_is_not_found(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    """The right client id but the wrong team (another business of the same phone)."""
    before = _snapshot(db)
    with pytest.raises(NotFound), unit_of_work(db) as session:
        portal_homework.portal_set_status(
            session=session,
            team_id=world["team_b"],
            client_id=world["victim"],
            task_id=world["task"],
            status="concluido",
            now=NOW,
        )
    assert _snapshot(db) == before


def test_the_owner_moves_it_and_a_repeated_tap_records_nothing(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    task_id = world["task"]
    assert _events(db, task_id) == 1  # "criada"
    with unit_of_work(db) as session:
        previous = portal_homework.portal_set_status(
            session=session,
            team_id=world["team_a"],
            client_id=world["victim"],
            task_id=task_id,
            status="em_andamento",
            now=NOW + timedelta(minutes=1),
        )
    assert previous == "pendente"
    assert _events(db, task_id) == 2
    before = _snapshot(db)
    with unit_of_work(db) as session:
        again = portal_homework.portal_set_status(
            session=session,
            team_id=world["team_a"],
            client_id=world["victim"],
            task_id=task_id,
            status="em_andamento",
            now=NOW + timedelta(minutes=2),
        )
    assert again == "em_andamento"
    assert _snapshot(db) == before  # no event, no updated_at change
    with unit_of_work(db) as session:
        view = portal_homework.portal_tasks(
            session=session, team_id=world["team_a"], client_id=world["victim"], now=NOW
        )
        history = homework_history.task_history(
            session=session, actor=world["owner"], task_id=task_id
        )
    assert [r.id for r in view.in_progress] == [task_id]
    assert "(portal)" in view.in_progress[0].last_change
    assert history[0].label == "Pendente → Em andamento"
    assert history[0].channel == "Portal"
    assert history[0].actor_name == "Ana Vítima"


def test_undo_goes_back_to_the_previous_status(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    common = {"team_id": world["team_a"], "client_id": world["victim"], "task_id": world["task"]}
    with unit_of_work(db) as session:
        previous = portal_homework.portal_set_status(
            session=session, status="concluido", now=NOW + timedelta(minutes=1), **common
        )
    with unit_of_work(db) as session:
        portal_homework.portal_set_status(
            session=session, status=previous, now=NOW + timedelta(minutes=2), **common
        )
        view = portal_homework.portal_tasks(
            session=session, team_id=world["team_a"], client_id=world["victim"], now=NOW
        )
    assert [r.id for r in view.pending] == [world["task"]]
    assert _events(db, world["task"]) == 3


def test_an_unknown_status_is_refused(db: Engine, world) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(db)
    with pytest.raises(Invalid), unit_of_work(db) as session:
        portal_homework.portal_set_status(
            session=session,
            team_id=world["team_a"],
            client_id=world["victim"],
            task_id=world["task"],
            status="arquivada",
            now=NOW,
        )
    assert _snapshot(db) == before

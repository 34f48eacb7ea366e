"""Task order on both databases: overdue first, then by due date, tasks without a due date
last (SQLite sorts NULL first and PostgreSQL last, so the order says it explicitly)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import make_client, make_team
from treinico.services.homework.portal import portal_tasks
from treinico.services.homework.tasks import client_tasks, create_task, open_tasks


def _task(session: Session, actor, client_id: int, title: str, due: date | None) -> None:  # type: ignore[no-untyped-def]
    create_task(
        session=session,
        actor=actor,
        client_id=client_id,
        title=title,
        instructions="",
        due_on=due,
        now=NOW,
    )


def test_open_tasks_overdue_first_and_no_due_date_last(session: Session) -> None:
    world = make_team(session)
    actor = world.owner
    today = NOW.date()
    ana = make_client(session, world.team.id, "Ana")
    bia = make_client(session, world.team.id, "Bia")
    _task(session, actor, ana, "sem prazo", None)
    _task(session, actor, bia, "sexta", today + timedelta(days=3))
    _task(session, actor, ana, "ontem", today - timedelta(days=1))
    _task(session, actor, bia, "amanhã", today + timedelta(days=1))

    rows = open_tasks(session=session, actor=actor, now=NOW)
    assert [r.title for r in rows] == ["ontem", "amanhã", "sexta", "sem prazo"]
    assert [r.overdue for r in rows] == [True, False, False, False]
    mine = client_tasks(session=session, actor=actor, client_id=ana, now=NOW)
    assert [r.title for r in mine] == ["ontem", "sem prazo"]
    portal = portal_tasks(session=session, team_id=world.team.id, client_id=bia, now=NOW)
    assert [r.title for r in portal.pending] == ["amanhã", "sexta"]

"""/painel/tarefas: the team's open tasks, grouped by client, overdue first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from treinico import routes
from treinico.services.homework.tasks import TaskRow, open_tasks
from treinico.state.session import SessionState, attempt, utcnow


@dataclass(frozen=True)
class TaskGroupRow:
    """A client's open tasks in the team list: who, the client page, how many, how many late."""

    client_name: str = ""
    href: str = ""
    count: int = 0
    overdue: int = 0


class TeamHomeworkState(SessionState):
    loading: bool = True
    forbidden: bool = False
    groups: list[TaskGroupRow] = []
    group_tasks: list[list[TaskRow]] = []
    total: int = 0
    overdue_total: int = 0

    def _fill(self, session: Any, actor: Any) -> None:
        outcome = attempt(lambda: open_tasks(session=session, actor=actor, now=utcnow()))
        self.loading = False
        if outcome.error is not None:
            self.forbidden = True
            self.groups, self.group_tasks = [], []
            return
        self.forbidden = False
        # The service orders overdue first; a client's group comes where its first task is.
        order: list[int] = []
        by_client: dict[int, list[TaskRow]] = {}
        names: dict[int, str] = {}
        for task in outcome.value:
            if task.client_id not in by_client:
                order.append(task.client_id)
                by_client[task.client_id] = []
                names[task.client_id] = task.client_name
            by_client[task.client_id].append(task)
        self.groups = [
            TaskGroupRow(
                client_name=names[c],
                href=routes.client_url(c),
                count=len(by_client[c]),
                overdue=sum(1 for t in by_client[c] if t.overdue),
            )
            for c in order
        ]
        self.group_tasks = [by_client[c] for c in order]
        self.total = len(outcome.value)
        self.overdue_total = sum(1 for t in outcome.value if t.overdue)

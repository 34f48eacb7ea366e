"""/painel/tarefas: the team's open tasks, grouped by client, overdue first."""

from __future__ import annotations

from typing import Any

from treinico import routes
from treinico.services.homework.tasks import open_tasks
from treinico.state.session import SessionState, attempt, utcnow
from treinico.state.shared.rows import as_strings


class TeamHomeworkState(SessionState):
    loading: bool = True
    forbidden: bool = False
    groups: list[dict[str, str]] = []  # client_name, href, count, overdue
    group_tasks: list[list[dict[str, str]]] = []
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
        by_client: dict[int, list[dict[str, str]]] = {}
        names: dict[int, str] = {}
        for task in outcome.value:
            if task.client_id not in by_client:
                order.append(task.client_id)
                by_client[task.client_id] = []
                names[task.client_id] = task.client_name
            by_client[task.client_id].append(as_strings(task))
        self.groups = [
            {
                "client_name": names[c],
                "href": routes.client_url(c),
                "count": str(len(by_client[c])),
                "overdue": str(sum(1 for t in by_client[c] if t["overdue"])),
            }
            for c in order
        ]
        self.group_tasks = [by_client[c] for c in order]
        self.total = len(outcome.value)
        self.overdue_total = sum(1 for t in outcome.value if t.overdue)

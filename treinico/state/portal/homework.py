"""The client's homework (lições de casa): the tasks by status, one tap to move one, and
"Desfazer". The client and team come from the session (``portal_call``); the task id from the
browser is only a lookup the service re-checks against that client."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import reflex as rx
from reflex_components_sonner.toast import ToastAction
from sqlmodel import Session

from treinico.models.homework import TaskStatus
from treinico.services.auth.portal import Business
from treinico.services.errors import NotFound
from treinico.services.homework import portal as portal_homework
from treinico.services.homework import tasks as homework
from treinico.services.homework.tasks import TaskRow
from treinico.state.portal.common import portal_call, text_arg
from treinico.state.session import to_id
from treinico.state.shared.links import TextPart

HOME_ROWS = 2
URL = re.compile(r"https?://[^\s<>\"']+")
MOVED = {
    "pendente": "Tarefa de volta para Pendente.",
    "em_andamento": "Tarefa em andamento.",
    "concluido": "Tarefa concluída. Muito bem!",
}


def text_parts(text: str) -> list[TextPart]:
    """Instructions as plain runs and links ("https://…" becomes a link; a trailing "." or ")"
    stays text)."""
    parts: list[TextPart] = []
    at = 0
    for found in URL.finditer(text):
        url = found.group(0).rstrip(".,;:!?)")
        start, end = found.start(), found.start() + len(url)
        if start > at:
            parts.append(TextPart(text[at:start]))
        parts.append(TextPart(url, url))
        at = end
    if at < len(text):
        parts.append(TextPart(text[at:]))
    return parts


class PortalHomeworkState(rx.State):
    loading: bool = True
    slug: str = ""
    pending: list[TaskRow] = []
    in_progress: list[TaskRow] = []
    done: list[TaskRow] = []
    parts: dict[str, list[TextPart]] = {}  # task id (as text) -> its instructions with links
    undo_text: str = ""  # "“Treino A” foi para Concluído." while "Desfazer" is offered
    _undo_task_id: int | None = None
    _undo_status: str = ""

    @rx.var
    def open_count(self) -> int:
        return len(self.pending) + len(self.in_progress)

    @rx.var
    def next_rows(self) -> list[TaskRow]:
        """The home's summary: overdue first, then by due date (the service's order)."""
        both = self.pending + self.in_progress
        return sorted(both, key=lambda r: (not r.overdue, r.due_iso or "9999"))[:HOME_ROWS]

    def _read(self, session: Session, business: Business, now: datetime) -> None:
        view = portal_homework.portal_tasks(
            session=session, team_id=business.team_id, client_id=business.client_id, now=now
        )
        self.pending = list(view.pending)
        self.in_progress = list(view.in_progress)
        self.done = list(view.done)
        self.parts = {
            str(t.id): text_parts(t.instructions)
            for t in view.pending + view.in_progress + view.done
        }
        self.loading = False

    def _fetch(self) -> Any:
        """Read again after a move or an undo, in a unit of work of its own."""
        outcome = portal_call(self, self._read)
        return None if outcome.ok else outcome.failure()

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """The page's load (``PortalPageState``): no "Desfazer" left from before."""
        self.slug = business.slug
        self.undo_text, self._undo_task_id, self._undo_status = "", None, ""
        self._read(session, business, now)

    def _set(self, task_id: int, status: str) -> Any:
        """Move the task and read the lists again, in one unit of work: the answer carries
        the moved list and the toast in one delta."""

        def move_and_read(session: Session, business: Business, now: datetime) -> str:
            previous = portal_homework.portal_set_status(
                session=session,
                team_id=business.team_id,
                client_id=business.client_id,
                task_id=task_id,
                status=status,
                now=now,
            )
            self._read(session, business, now)
            return previous

        return portal_call(self, move_and_read)

    def _title(self, task_id: int) -> str:
        for row in self.pending + self.in_progress + self.done:
            if row.id == task_id:
                return row.title
        return ""

    @rx.event
    def move(self, task_id: Any, status: Any) -> Any:
        try:
            wanted_id = to_id(task_id)
        except NotFound:
            yield rx.toast.error("Tarefa não encontrada.")
            return
        wanted = text_arg(status, 16)
        title = self._title(wanted_id)
        # No "saving" frame first: the move and the new lists come back in one answer, and
        # a tab's events run one after the other (a second tap finds the task moved).
        outcome = self._set(wanted_id, wanted)
        if not outcome.ok:
            yield outcome.failure()
            self._fetch()
            return
        previous: str = outcome.value
        if previous != wanted:
            self._undo_task_id, self._undo_status = wanted_id, previous
            label = homework.STATUS_LABELS[TaskStatus(wanted)]  # the service accepted it
            self.undo_text = f"“{title}” foi para {label}." if title else f"Tarefa: {label}."
            yield rx.toast.success(
                MOVED.get(wanted, "Tarefa atualizada."),
                action=ToastAction(label="Desfazer", on_click=PortalHomeworkState.undo),
                duration=8000,
                id="portal-task-move",  # a newer move replaces the toast of the last one
            )

    @rx.event
    def undo(self) -> Any:
        if self._undo_task_id is None:
            return
        task_id, status = self._undo_task_id, self._undo_status
        outcome = self._set(task_id, status)
        self.undo_text, self._undo_task_id, self._undo_status = "", None, ""
        if not outcome.ok:
            yield outcome.failure()
            self._fetch()
        else:
            yield rx.toast.success("Desfeito.", id="portal-task-move")

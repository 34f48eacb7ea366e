"""The client page's "Tarefas" card: the client's tasks, the new/edit dialog (from a
template or from scratch), status changes, each task's history and archiving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import reflex as rx

from treinico.services.errors import Invalid
from treinico.services.formatting import parse_date
from treinico.services.homework.history import HistoryRow, task_history
from treinico.services.homework.tasks import (
    TaskRow,
    archive_task,
    client_tasks,
    create_task,
    set_task_status,
    update_task,
)
from treinico.services.homework.templates import TemplateRow, list_templates
from treinico.state.session import SessionState, attempt, to_id, utcnow
from treinico.state.shared.confirmation import Confirmation
from treinico.state.shared.links import TextPart, link_segments


def _due(raw: str) -> date | None:
    try:
        return parse_date(raw[:10])
    except (ValueError, TypeError):
        raise Invalid("Data inválida.", field="due_on") from None


class ClientHomeworkState(SessionState, Confirmation):
    loading: bool = True
    tasks: list[TaskRow] = []
    task_parts: list[list[TextPart]] = []  # instructions as text and links, per task
    templates: list[TemplateRow] = []
    # new / edit dialog
    form_open: bool = False
    editing: bool = False
    errors: dict[str, str] = {}
    form_template: str = ""
    form_title: str = ""
    form_instructions: str = ""
    form_due: str = ""
    # history dialog
    history_open: bool = False
    history_title: str = ""
    history: list[HistoryRow] = []

    _client_id: int | None = None
    _task_id: int | None = None

    def _apply(self, tasks: list[TaskRow]) -> None:
        self.tasks = list(tasks)
        self.task_parts = [link_segments(t.instructions) for t in tasks]

    def _reload(self) -> Any:
        client_id = self._client_id
        if client_id is None:
            return None
        outcome = self._call(
            lambda s, a: client_tasks(session=s, actor=a, client_id=client_id, now=utcnow())
        )
        if not outcome.ok:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _task(self, task_id: Any) -> TaskRow | None:
        try:
            wanted = to_id(task_id)
        except Exception:  # noqa: BLE001  (a bad id from the browser: no such task)
            return None
        return next((t for t in self.tasks if t.id == wanted), None)

    def _reset(self) -> None:
        self.loading = True
        self.tasks, self.task_parts, self.templates = [], [], []
        self.form_open = self.history_open = self.archive_open = False

    def _fill(self, session: Any, actor: Any) -> None:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

        def read() -> Any:
            client_id = to_id(raw)
            tasks = client_tasks(session=session, actor=actor, client_id=client_id, now=utcnow())
            return client_id, tasks

        outcome = attempt(read)
        self.loading = False
        if outcome.error is not None:
            self._client_id = None
            return
        self._client_id, tasks = outcome.value
        self._apply(tasks)

    # ------------------------------------------------------------ new / edit

    @rx.event
    def open_new(self) -> Any:
        self._task_id = None
        self.editing = False
        self.errors = {}
        self.form_template = self.form_title = self.form_instructions = self.form_due = ""
        self.form_open = True
        yield
        outcome = self._call(lambda s, a: list_templates(session=s, actor=a))
        if not outcome.ok:
            yield outcome.failure()
            return
        self.templates = list(outcome.value)

    @rx.event
    def open_edit(self, task_id: Any) -> Any:
        task = self._task(task_id)
        if task is None:
            return rx.toast.error("Tarefa não encontrada.")
        self._task_id = task.id
        self.editing = True
        self.errors = {}
        self.form_template = ""
        self.form_title = task.title
        self.form_instructions = task.instructions
        self.form_due = task.due_iso
        self.form_open = True
        return None

    @rx.event
    def set_form_open(self, value: bool) -> None:
        if not self.saving:
            self.form_open = bool(value)

    @rx.event
    def pick_template(self, value: Any) -> None:
        """Picking a template fills the title and the instructions (still editable)."""
        found = next((t for t in self.templates if str(t.id) == str(value)), None)
        if found is None:
            return
        self.form_template = str(found.id)
        self.form_title = found.title
        self.form_instructions = found.instructions
        self.errors = {}

    @rx.event
    def set_form_title(self, value: Any) -> None:
        self.form_title = str(value)[:200]

    @rx.event
    def set_form_instructions(self, value: Any) -> None:
        self.form_instructions = str(value)[:5000]

    @rx.event
    def set_form_due(self, value: Any) -> None:
        self.form_due = str(value)[:10]

    @rx.event
    def save(self) -> Iterator[Any]:
        if self.saving or self._client_id is None:
            return
        client_id, task_id = self._client_id, self._task_id
        title, body, due_raw = self.form_title, self.form_instructions, self.form_due
        template_raw = self.form_template
        self.errors = {}
        self.saving = True
        yield

        def act(session: Any, actor: Any) -> Any:
            due_on = _due(due_raw)
            if task_id is not None:
                return update_task(
                    session=session,
                    actor=actor,
                    task_id=task_id,
                    title=title,
                    instructions=body,
                    due_on=due_on,
                    now=utcnow(),
                )
            return create_task(
                session=session,
                actor=actor,
                client_id=client_id,
                title=title,
                instructions=body,
                due_on=due_on,
                now=utcnow(),
                template_id=to_id(template_raw) if template_raw else None,
            )

        outcome = self._call(act)
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            return
        self.form_open = False
        yield self._reload()
        verb = "atualizada" if task_id is not None else "atribuída"
        yield rx.toast.success(f"Tarefa {verb}: {outcome.value.title}")

    # ------------------------------------------------------------ status, history, archive

    @rx.event
    def set_status(self, task_id: Any, status: Any) -> Iterator[Any]:
        task = self._task(task_id)
        if task is None:
            yield rx.toast.error("Tarefa não encontrada.")
            return
        wanted = status if isinstance(status, str) else ""
        found_id = task.id
        outcome = self._call(
            lambda s, a: set_task_status(
                session=s, actor=a, task_id=found_id, status=wanted, now=utcnow()
            )
        )
        yield self._reload()
        if outcome.error is not None:
            yield outcome.failure()
            return
        yield rx.toast.success(f"Situação: {outcome.value.status_label}")

    @rx.event
    def show_history(self, task_id: Any) -> Iterator[Any]:
        task = self._task(task_id)
        if task is None:
            yield rx.toast.error("Tarefa não encontrada.")
            return
        found_id = task.id
        self.history_title = task.title
        self.history = []
        self.history_open = True
        yield
        outcome = self._call(lambda s, a: task_history(session=s, actor=a, task_id=found_id))
        if not outcome.ok:
            self.history_open = False
            yield outcome.failure()
            return
        self.history = list(outcome.value)

    @rx.event
    def set_history_open(self, value: bool) -> None:
        self.history_open = bool(value)

    @rx.event
    def ask_archive(self, task_id: Any) -> Any:
        task = self._task(task_id)
        if task is None:
            return rx.toast.error("Tarefa não encontrada.")
        self._ask(task.id, task.title)
        return None

    @rx.event
    def confirm_archive(self) -> Iterator[Any]:
        key = self._confirmed()
        if key is None:
            return
        yield
        outcome = self._call(
            lambda s, a: archive_task(session=s, actor=a, task_id=int(key), now=utcnow())
        )
        yield from self._saved(outcome, f"Tarefa arquivada: {self.confirm_subject}", self._reload())

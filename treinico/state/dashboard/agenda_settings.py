"""/painel/agenda/configuracoes: rules, session types, each member's hours and blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico.services.agenda import settings as svc
from treinico.services.agenda.settings import BlockRow, HoursRow, SessionTypeRow
from treinico.services.errors import Forbidden, Invalid, NotFound
from treinico.services.permissions import Perm
from treinico.state.dashboard.agenda import PersonOption, date_field
from treinico.state.session import SessionState, form_text, to_id, utcnow
from treinico.state.shared.confirmation import Confirmation


@dataclass(frozen=True)
class PlanProductOption:
    """A plan a session type can consume (a checkbox in the type dialog)."""

    id: int
    name: str


def _maybe_id(raw: Any) -> int | None:
    """An id sent by the page, or None when it is not one (nothing listed has it)."""
    try:
        return to_id(raw)
    except NotFound:
        return None


def _number(form_data: Any, key: str) -> int | None:
    raw = form_text(form_data, key, 6).strip()
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


class AgendaSettingsState(SessionState, Confirmation):
    loading: bool = True
    forbidden: bool = False
    notice_hours: str = "24"
    makeup_cap: str = "2"
    rules_errors: dict[str, str] = {}
    rules_key: int = 0
    # WhatsApp reminders: the day-before hour ("18:00") and days before an access expires
    reminder_hour: str = "18:00"
    access_reminder_days: str = "3"
    reminders_errors: dict[str, str] = {}
    session_types: list[SessionTypeRow] = []
    plan_products: list[PlanProductOption] = []
    members: list[PersonOption] = []
    member: str = ""
    member_name: str = ""
    hours: list[HoursRow] = []
    blocks: list[BlockRow] = []
    hours_errors: dict[str, str] = {}
    hours_key: int = 0
    block_errors: dict[str, str] = {}
    block_key: int = 0
    # session type dialog
    type_open: bool = False
    type_editing: bool = False
    type_values: dict[str, str] = {}
    type_products: list[str] = []
    type_errors: dict[str, str] = {}
    type_key: int = 0
    # confirmation (archive a type, remove a block)
    confirm_title: str = ""
    confirm_body: str = ""

    _member_id: int | None = None
    # Members are shown by an opaque key ("p0", "p1"…): their user ids stay on the server.
    _people: dict[str, int] = {}
    _type_id: int | None = None

    def _fail(self, outcome: Any) -> Any:
        return outcome.failure()

    def _read_setup(self) -> Any:
        def read(session: Any, actor: Any) -> Any:
            if not actor.can(Perm.TEAM_MANAGE):
                raise Forbidden()
            return svc.agenda_setup(session=session, actor=actor)

        outcome = self._call(read)
        if outcome.error is not None:
            self.forbidden = True
            return None
        setup = outcome.value
        self.forbidden = False
        self.notice_hours = str(setup.notice_hours)
        self.makeup_cap = str(setup.makeup_cap)
        self.reminder_hour = f"{setup.reminder_hour:02d}:00"
        self.access_reminder_days = str(setup.access_reminder_days)
        self.session_types = list(setup.session_types)
        self.plan_products = [PlanProductOption(id=i, name=n) for i, n in setup.plan_products]
        self._people = {f"p{i}": m.user_id for i, m in enumerate(setup.members)}
        self.members = [PersonOption(id=f"p{i}", name=m.name) for i, m in enumerate(setup.members)]
        if self._member_id not in self._people.values():
            self._member_id = setup.members[0].user_id if setup.members else None
        self.member = next((k for k, v in self._people.items() if v == self._member_id), "")
        self.member_name = next((m.name for m in self.members if m.id == self.member), "")
        return None

    def _read_member(self) -> Any:
        member_id = self._member_id
        if member_id is None or self.forbidden:
            self.hours, self.blocks = [], []
            return None
        outcome = self._call(
            lambda s, a: (
                svc.trainer_hours(session=s, actor=a, trainer_user_id=member_id),
                svc.trainer_blocks(session=s, actor=a, trainer_user_id=member_id, now=utcnow()),
            )
        )
        if not outcome.ok:
            return self._fail(outcome)
        hours, blocks = outcome.value
        self.hours = list(hours)
        self.blocks = list(blocks)
        return None

    @rx.event
    def load(self) -> Any:
        self.loading = True
        yield
        for result in (self._read_setup(), self._read_member()):
            if result is not None:
                yield result
        self.loading = False

    def _write(self, fn: Any, message: str, errors_attr: str) -> Iterator[Any]:
        self.saving = True
        yield
        outcome = self._call(fn)
        self.saving = False
        if outcome.error is not None:
            setattr(self, errors_attr, outcome.error.fields)
            yield outcome.failure()
            return
        setattr(self, errors_attr, {})
        yield rx.toast.success(message)
        for result in (self._read_setup(), self._read_member()):
            if result is not None:
                yield result

    @rx.event
    def save_rules(self, form_data: dict[str, Any]) -> Any:
        if self.saving:
            return
        notice, cap = _number(form_data, "notice_hours"), _number(form_data, "makeup_cap")
        yield from self._write(
            lambda s, a: svc.update_rules(session=s, actor=a, notice_hours=notice, makeup_cap=cap),
            "Regras da agenda salvas.",
            "rules_errors",
        )

    @rx.event
    def save_reminders(self, form_data: dict[str, Any]) -> Any:
        if self.saving:
            return
        hour_text = form_text(form_data, "reminder_hour", 5).split(":", 1)[0].strip()
        hour = int(hour_text) if hour_text.isascii() and hour_text.isdigit() else None
        days = _number(form_data, "access_reminder_days")
        yield from self._write(
            lambda s, a: svc.update_reminders(
                session=s, actor=a, reminder_hour=hour, access_reminder_days=days
            ),
            "Lembretes no WhatsApp salvos.",
            "reminders_errors",
        )

    # Session types -------------------------------------------------------------------

    @rx.event
    def open_type(self, type_id: Any = "") -> None:
        wanted = _maybe_id(type_id)
        row = next((r for r in self.session_types if r.id == wanted), None)
        self._type_id = row.id if row else None
        self.type_editing = row is not None
        self.type_values = {
            "name": row.name if row else "",
            "duration": str(row.duration_minutes) if row else "60",
            "capacity": str(row.capacity) if row else "1",
            "color": row.color if row else "teal",
        }
        self.type_products = [str(p) for p in row.product_ids] if row else []
        self.type_errors = {}
        self.type_key += 1
        self.type_open = True

    @rx.event
    def set_type_open(self, value: bool) -> None:
        if not self.saving:
            self.type_open = bool(value)

    @rx.event
    def save_type(self, form_data: dict[str, Any]) -> Any:
        if self.saving:
            return
        type_id = self._type_id
        name = form_text(form_data, "name", 120)
        color = form_text(form_data, "color", 20)
        duration, capacity = _number(form_data, "duration"), _number(form_data, "capacity")
        products = [p.id for p in self.plan_products if form_text(form_data, f"p{p.id}")]
        self.type_values = {
            "name": name,
            "duration": str(duration or ""),
            "capacity": str(capacity or ""),
            "color": color,
        }
        self.type_products = [str(p) for p in products]

        def act(session: Any, actor: Any) -> Any:
            return svc.save_session_type(
                session=session,
                actor=actor,
                session_type_id=type_id,
                name=name,
                duration_minutes=duration,
                capacity=capacity,
                color=color,
                product_ids=products,
            )

        yield from self._write(act, "Tipo de sessão salvo.", "type_errors")
        if not self.type_errors:
            self.type_open = False

    @rx.event
    def ask_archive_type(self, type_id: Any) -> Any:
        wanted = _maybe_id(type_id)
        row = next((r for r in self.session_types if r.id == wanted), None)
        if row is None:
            return rx.toast.error("Tipo de sessão não encontrado.")
        self.confirm_title = f"Arquivar {row.name}?"
        self.confirm_body = (
            "O tipo deixa de aparecer para novos agendamentos. "
            "Os agendamentos já feitos continuam como estão."
        )
        self._ask(f"type:{row.id}", row.name)
        return None

    # Hours and blocks ----------------------------------------------------------------

    @rx.event
    def pick_member(self, member_id: Any) -> Any:
        if str(member_id) not in self._people:
            return None
        self._member_id = self._people[str(member_id)]
        self.member = str(member_id)
        self.member_name = next((m.name for m in self.members if m.id == self.member), "")
        self.hours_errors, self.block_errors = {}, {}
        self.hours_key += 1
        self.block_key += 1
        return self._read_member()

    @rx.event
    def add_hours(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._member_id is None:
            return
        member_id = self._member_id
        weekdays = [i for i in range(7) if form_text(form_data, f"wd{i}", 5)]
        start, end = form_text(form_data, "start", 8), form_text(form_data, "end", 8)
        yield from self._write(
            lambda s, a: svc.add_hours(
                session=s,
                actor=a,
                trainer_user_id=member_id,
                weekdays=weekdays,
                start_text=start,
                end_text=end,
            ),
            "Horário adicionado.",
            "hours_errors",
        )

    @rx.event
    def remove_hours(self, hours_id: Any) -> Any:
        target = _maybe_id(hours_id)
        if self.saving or target is None or not any(h.id == target for h in self.hours):
            return
        yield from self._write(
            lambda s, a: svc.remove_hours(session=s, actor=a, hours_id=target),
            "Horário removido.",
            "hours_errors",
        )

    @rx.event
    def add_block(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._member_id is None:
            return
        member_id = self._member_id
        reason = form_text(form_data, "reason", 200)

        def act(session: Any, actor: Any) -> Any:
            return svc.add_block(
                session=session,
                actor=actor,
                trainer_user_id=member_id,
                first_day=date_field(form_data, "first_day"),
                last_day=date_field(form_data, "last_day"),
                reason=reason,
                now=utcnow(),
            )

        yield from self._write(act, "Bloqueio adicionado.", "block_errors")
        if not self.block_errors:
            self.block_key += 1

    @rx.event
    def ask_remove_block(self, block_id: Any) -> Any:
        wanted = _maybe_id(block_id)
        row = next((b for b in self.blocks if b.id == wanted), None)
        if row is None:
            return rx.toast.error("Bloqueio não encontrado.")
        self.confirm_title = "Remover bloqueio?"
        self.confirm_body = f"{row.reason}: {row.starts} a {row.ends}."
        self._ask(f"block:{row.id}", row.reason)
        return None

    @rx.event
    def confirm(self) -> Any:
        key = self._confirmed()
        if key is None:
            return
        kind, _, raw_id = key.partition(":")
        target = int(raw_id)
        if kind == "type":
            yield from self._write(
                lambda s, a: svc.archive_session_type(session=s, actor=a, session_type_id=target),
                "Tipo de sessão arquivado.",
                "type_errors",
            )
        elif kind == "block":
            yield from self._write(
                lambda s, a: svc.remove_block(session=s, actor=a, block_id=target),
                "Bloqueio removido.",
                "block_errors",
            )
        else:
            raise Invalid()

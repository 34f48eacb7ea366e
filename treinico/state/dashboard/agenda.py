"""/painel/agenda: the week (one trainer or all), and the booking dialog with its actions
(Presente / Falta, cancel with the studio's charge choice, move)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import reflex as rx

from treinico.services.agenda.bookings import cancel_booking, mark_attendance, move_booking
from treinico.services.agenda.schedule import BookingRow, WeekView, booking_detail, week_view
from treinico.services.errors import Invalid
from treinico.services.formatting import parse_date
from treinico.state.session import SessionState, attempt, form_text, to_id, utcnow

CHARGES = ("sem_cobranca", "com_cobranca", "pelo_studio")
SCOPES = ("one", "following")


def date_field(form_data: Any, key: str) -> date | None:
    """A date typed in a form (ISO from <input type=date>), or a field error."""
    try:
        return parse_date(form_text(form_data, key, 10))
    except (ValueError, TypeError):
        raise Invalid("Data inválida.", field=key) from None


@dataclass(frozen=True)
class DayRow:
    """A day of the week on screen: its column (desk) or tab (phone)."""

    iso: str
    label: str  # "seg., 02/03"
    short: str  # "seg."
    num: str  # "02"
    is_today: bool
    count: int  # bookings shown that day


@dataclass(frozen=True)
class PersonOption:
    """A member in a picker, by the opaque key the page sends back ("p0", "p1"…)."""

    id: str
    name: str


@dataclass(frozen=True)
class SessionTypeOption:
    id: int
    name: str
    label: str  # "Personal (60 min)"


# The booking dialog before (or while) a booking is read.
NO_BOOKING = BookingRow(
    id=0,
    day_iso="",
    day_label="",
    date="",
    time="",
    start_time="",
    client_id=0,
    client_name="",
    trainer_name="",
    type_name="",
    color="",
    status="",
    status_label="",
    needs_confirmation=False,
    no_plan=False,
    is_makeup=False,
    in_series=False,
    can_mark=False,
    can_change=False,
)


def _iso(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


class AgendaState(SessionState):
    loading: bool = True
    week_title: str = ""
    week_start_iso: str = ""
    today_iso: str = ""
    total: int = 0
    days: list[DayRow] = []
    bookings: list[BookingRow] = []
    trainers: list[PersonOption] = []
    members: list[PersonOption] = []
    session_types: list[SessionTypeOption] = []
    trainer_filter: str = "all"
    phone_day: str = ""
    # booking dialog
    detail_open: bool = False
    detail_loading: bool = False
    detail: BookingRow = NO_BOOKING
    step: str = "view"  # view | cancel | move
    errors: dict[str, str] = {}
    saving: bool = False
    form_key: int = 0

    _week_of: date | None = None
    _trainer_id: int | None = None
    # Members are shown by an opaque key ("p0", "p1"…): their user ids stay on the server.
    _people: dict[str, int] = {}
    _booking_id: int | None = None

    def _apply(self, week: WeekView) -> None:
        self.week_title = week.title
        self.week_start_iso = week.start_iso
        self.today_iso = week.today_iso
        self.total = week.total
        self.days = [
            DayRow(
                iso=d.iso,
                label=d.label,
                short=d.label.split(",")[0],
                num=d.iso[8:10],
                is_today=d.is_today,
                count=len(d.rows),
            )
            for d in week.days
        ]
        self.bookings = [row for d in week.days for row in d.rows]
        self._people = {f"p{i}": m.user_id for i, m in enumerate(week.members)}
        key_of = {user_id: key for key, user_id in self._people.items()}
        self.members = [PersonOption(id=key_of[m.user_id], name=m.name) for m in week.members]
        self.trainers = [
            PersonOption(id=key_of[t.user_id], name=t.name)
            for t in week.trainers
            if t.user_id in key_of
        ]
        self.trainer_filter = key_of.get(self._trainer_id or 0, "all")
        self.session_types = [
            SessionTypeOption(id=s.id, name=s.name, label=f"{s.name} ({s.duration_minutes} min)")
            for s in week.session_types
        ]
        isos = [d.iso for d in week.days]
        if self.phone_day not in isos:
            self.phone_day = week.today_iso if week.today_iso in isos else isos[0]

    def _fetch(self) -> Any:
        week_of, trainer_id = self._week_of, self._trainer_id
        outcome = self._call(
            lambda s, a: week_view(
                session=s, actor=a, week_of=week_of, trainer_user_id=trainer_id, now=utcnow()
            )
        )
        self.loading = False
        if not outcome.ok:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    def _reload(self) -> Iterator[Any]:
        self.loading = True
        yield
        result = self._fetch()
        if result is not None:
            yield result

    def _fill(self, session: Any, actor: Any) -> Any:
        """The page's load: the week arrives in one delta (the grid keeps its place)."""
        self.detail_open = False
        week_of, trainer_id = self._week_of, self._trainer_id
        outcome = attempt(
            lambda: week_view(
                session=session,
                actor=actor,
                week_of=week_of,
                trainer_user_id=trainer_id,
                now=utcnow(),
            )
        )
        self.loading = False
        if outcome.error is not None:
            return outcome.failure()
        self._apply(outcome.value)
        return None

    @rx.event
    def previous_week(self) -> Any:
        start = _iso(self.week_start_iso) or utcnow().date()
        self._week_of = start - timedelta(days=7)
        self.phone_day = ""
        yield from self._reload()

    @rx.event
    def next_week(self) -> Any:
        start = _iso(self.week_start_iso) or utcnow().date()
        self._week_of = start + timedelta(days=7)
        self.phone_day = ""
        yield from self._reload()

    @rx.event
    def this_week(self) -> Any:
        self._week_of = None
        self.phone_day = ""
        yield from self._reload()

    @rx.event
    def go_to(self, day_iso: Any) -> Any:
        """Show the week of a day (after booking it) with that day picked on a phone."""
        day = _iso(day_iso)
        if day is None:
            return
        self._week_of = day
        self.phone_day = day.isoformat()
        yield from self._reload()

    @rx.event
    def set_trainer(self, value: Any) -> Any:
        self._trainer_id = self._people.get(str(value))  # unknown key or "all": everyone
        self.trainer_filter = str(value) if self._trainer_id is not None else "all"
        yield from self._reload()

    @rx.event
    def pick_day(self, day_iso: Any) -> None:
        if any(d.iso == day_iso for d in self.days):
            self.phone_day = str(day_iso)

    # The booking dialog ---------------------------------------------------------------

    def _read_detail(self) -> Any:
        booking_id = self._booking_id
        if booking_id is None:
            return None
        outcome = self._call(
            lambda s, a: booking_detail(session=s, actor=a, booking_id=booking_id, now=utcnow())
        )
        self.detail_loading = False
        if not outcome.ok:
            self.detail_open = False
            return outcome.failure()
        self.detail = outcome.value
        return None

    @rx.event
    def open_booking(self, booking_id: Any) -> Any:
        try:
            self._booking_id = to_id(booking_id)
        except Exception:  # noqa: BLE001  (a bad id from the browser: nothing to open)
            return rx.toast.error("Agendamento não encontrado.")
        self.detail = NO_BOOKING
        self.step = "view"
        self.errors = {}
        self.detail_loading = True
        self.detail_open = True
        yield
        result = self._read_detail()
        if result is not None:
            yield result

    @rx.event
    def set_detail_open(self, value: bool) -> None:
        if not self.saving:
            self.detail_open = bool(value)

    @rx.event
    def show_step(self, step: Any) -> None:
        if step in ("view", "cancel", "move"):
            self.step = str(step)
            self.errors = {}
            self.form_key += 1

    def _after(self, outcome: Any, close: bool = True) -> Iterator[Any]:
        self.saving = False
        if outcome.error is not None:
            self.errors = outcome.error.fields
            yield outcome.failure()
            return
        if close:
            self.detail_open = False
        yield rx.toast.success(outcome.value.message)
        yield from self._reload()

    @rx.event
    def mark(self, present: Any) -> Any:
        if self.saving or self._booking_id is None:
            return
        booking_id, is_present = self._booking_id, present is True or present == "1"
        self.saving = True
        yield
        yield from self._after(
            self._call(
                lambda s, a: mark_attendance(
                    session=s, actor=a, booking_id=booking_id, present=is_present, now=utcnow()
                )
            )
        )

    @rx.event
    def cancel(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._booking_id is None:
            return
        booking_id = self._booking_id
        charge = form_text(form_data, "charge", 20)
        scope = form_text(form_data, "scope", 20) or "one"
        self.errors = {}
        if charge not in CHARGES:
            self.errors = {"charge": "Escolha como cancelar."}
            return
        self.saving = True
        yield
        yield from self._after(
            self._call(
                lambda s, a: cancel_booking(
                    session=s,
                    actor=a,
                    booking_id=booking_id,
                    charge=charge,
                    scope=scope if scope in SCOPES else "one",
                    now=utcnow(),
                )
            )
        )

    @rx.event
    def move(self, form_data: dict[str, Any]) -> Any:
        if self.saving or self._booking_id is None:
            return
        booking_id = self._booking_id
        time_text = form_text(form_data, "time", 8)
        scope = form_text(form_data, "scope", 20) or "one"
        self.errors = {}
        self.saving = True
        yield

        def act(session: Any, actor: Any) -> Any:
            return move_booking(
                session=session,
                actor=actor,
                booking_id=booking_id,
                day=date_field(form_data, "day"),
                time_text=time_text,
                scope=scope if scope in SCOPES else "one",
                now=utcnow(),
            )

        yield from self._after(self._call(act))

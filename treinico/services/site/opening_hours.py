"""Opening hours of the public page: read from the trainers' weekly hours, or typed by the
owner one line per weekday ("06:00–12:00, 14:00–21:00"; empty = fechado)."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from treinico.models import WorkingHours
from treinico.services.errors import Invalid

WEEKDAYS = ("Segunda", "Terça", "Quarta", "Quinta", "Sexta", "Sábado", "Domingo")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CLOSED = "Fechado"

Week = list[list[tuple[int, int]]]  # seven days, each a sorted list of (start, end) minutes

_TIME = r"(\d{1,2})(?:[:h](\d{2})?)?"
_WINDOW = re.compile(rf"^{_TIME}\s*(?:-|–|—|a|às|as|até)\s*{_TIME}$")


def empty_week() -> Week:
    return [[] for _ in WEEKDAYS]


def merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching windows become one: two trainers 06–12 and 10–14 read 06–14."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def agenda_week(session: Session, team_id: int) -> Week:
    """The union of every trainer's weekly hours, day by day."""
    week = empty_week()
    rows = session.exec(
        select(WorkingHours.weekday, WorkingHours.start_minute, WorkingHours.end_minute)
        .where(WorkingHours.team_id == team_id)
        .order_by(col(WorkingHours.weekday), col(WorkingHours.start_minute))
    ).all()
    for weekday, start, end in rows:
        week[weekday].append((start, end))
    return [merge(day) for day in week]


def stored_week(raw: object) -> Week | None:
    """The JSON column back into a week; anything malformed counts as "follow the agenda"."""
    if not isinstance(raw, list) or len(raw) != len(WEEKDAYS):
        return None
    week = empty_week()
    for index, day in enumerate(raw):
        if not isinstance(day, list):
            return None
        for window in day:
            if not (isinstance(window, list | tuple) and len(window) == 2):
                return None
            try:
                start, end = int(window[0]), int(window[1])
            except (TypeError, ValueError):
                return None
            if not 0 <= start < end <= 1440:
                return None
            week[index].append((start, end))
    return week


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def day_text(windows: list[tuple[int, int]]) -> str:
    """ "06:00–12:00, 14:00–21:00", or "" for a closed day (the form's value)."""
    return ", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in windows)


def day_label(windows: list[tuple[int, int]]) -> str:
    """What the public page shows: the windows, or "Fechado"."""
    return day_text(windows) or CLOSED


def _minute(hours: str, minutes: str | None) -> int:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return 1440
    if h > 23 or m > 59:
        raise ValueError
    return h * 60 + m


def parse_day(raw: str, *, field: str) -> list[tuple[int, int]]:
    """ "06:00-12:00, 14h-21h" -> [(360, 720), (840, 1260)]; "" or "fechado" -> []."""
    text = (raw or "").strip().lower()
    if text in ("", "fechado", "-", "—"):
        return []
    if len(text) > 120:
        raise Invalid("Texto longo demais.", field=field)
    windows = []
    for part in re.split(r"\s*(?:,|;|\be\b)\s*", text):
        if not part:
            continue
        match = _WINDOW.match(part.strip())
        try:
            if match is None:
                raise ValueError
            start = _minute(match.group(1), match.group(2))
            end = _minute(match.group(3), match.group(4))
        except ValueError:
            raise Invalid(
                'Use horários como "06:00–12:00, 14:00–21:00" ou deixe vazio se fechado.',
                field=field,
            ) from None
        if start >= end:
            raise Invalid("O fim precisa ser depois do início.", field=field)
        windows.append((start, end))
    return merge(windows)


def parse_week(days: list[str]) -> Week:
    """Seven lines of the form; each error points at its own day (``hours_0``..``hours_6``)."""
    errors: dict[str, str] = {}
    week = empty_week()
    for index in range(len(WEEKDAYS)):
        raw = days[index] if index < len(days) else ""
        try:
            week[index] = parse_day(raw, field=f"hours_{index}")
        except Invalid as error:
            errors.update(error.fields)
    if errors:
        raise Invalid("Confira os horários.", fields=errors)
    return week


def schema_hours(week: Week) -> list[dict[str, object]]:
    """schema.org OpeningHoursSpecification, one entry per window and day."""
    out: list[dict[str, object]] = []
    for index, day in enumerate(week):
        for start, end in day:
            out.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[index]}",
                    "opens": hhmm(start),
                    "closes": hhmm(min(end, 1439)),  # schema.org has no 24:00
                }
            )
    return out

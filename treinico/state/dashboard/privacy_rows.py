"""Privacidade as the typed rows and plain values its states keep and send: the log
filter's period and its staff and client choices under position keys, the requests with
their deadline in words (client ids kept back) and the one the browser names, the consent
texts with their hints, and the anonymisation notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from treinico.services.clients import ClientView
from treinico.services.formatting import parse_date
from treinico.services.privacy.consent import TextView
from treinico.services.privacy.consent_texts import PURPOSE_HINTS
from treinico.services.privacy.data_rights import TeamRequestRow
from treinico.services.privacy.reads_log import StaffOption
from treinico.state.session import to_id

LOG_PAGE = 50  # access-log rows shown at a time (a phone lists them as cards)
MAX_MATCHES = 8
ANON_PREFIX = "Cliente anonimizado nº "
BAD_DAY = "Data inválida (dd/mm/aaaa)."


@dataclass(frozen=True)
class StaffChoice:
    """A staff member in the log filter, under a position key ("s0")."""

    key: str = ""
    name: str = ""


@dataclass(frozen=True)
class ClientChoice:
    """A client found for the log filter, under a position key ("c0")."""

    key: str = ""
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class RequestRow:
    """A data-subject request as the browser gets it: no client id."""

    id: int = 0
    client_name: str = ""
    kind_label: str = ""
    message: str = ""
    created_label: str = ""
    due_label: str = ""
    days_left: int = 0
    overdue: bool = False
    done: bool = False
    resolution: str = ""
    resolved_label: str = ""
    anonymised: bool = False
    due_text: str = ""  # "vence em 3 dias", "atrasado", "" when answered


@dataclass(frozen=True)
class ConsentTextRow:
    """A purpose's current consent text, with the hint of what the purpose covers."""

    purpose: str = ""
    label: str = ""
    version: int = 0
    title: str = ""
    body: str = ""
    published_label: str = ""
    hint: str = ""


def _period_day(raw: str) -> date | None:
    try:
        return parse_date(raw[:10])
    except (ValueError, TypeError):
        raise ValueError(raw) from None


def parse_period(start_raw: str, end_raw: str) -> tuple[date | None, date | None, dict[str, str]]:
    """The period typed in the log filter (an empty side is open) and, for a side that is
    not a date, its error."""
    errors = {}
    try:
        start = _period_day(start_raw)
    except ValueError:
        start, errors["start"] = None, BAD_DAY
    try:
        end = _period_day(end_raw)
    except ValueError:
        end, errors["end"] = None, BAD_DAY
    return start, end, errors


def staff_choices(staff: list[StaffOption]) -> tuple[dict[str, int], list[StaffChoice]]:
    """Each staff member's id under a position key ("s0"), kept on the server, and the
    options the browser gets."""
    ids = {f"s{i}": o.user_id for i, o in enumerate(staff)}
    return ids, [StaffChoice(key=f"s{i}", name=o.name) for i, o in enumerate(staff)]


def client_choices(found: list[ClientView]) -> tuple[dict[str, int], list[ClientChoice]]:
    """The clients found for the filter: their ids under position keys ("c0"), kept on the
    server, and the names and phones the browser gets."""
    ids = {f"c{i}": c.id for i, c in enumerate(found)}
    return ids, [
        ClientChoice(key=f"c{i}", name=c.name, phone=c.phone_display) for i, c in enumerate(found)
    ]


def due_text(days_left: int, overdue: bool, done: bool) -> str:
    if done:
        return ""
    if overdue:
        return "atrasado"
    if days_left == 0:
        return "vence hoje"
    if days_left == 1:
        return "vence amanhã"
    return f"vence em {days_left} dias"


def request_rows(items: list[TeamRequestRow]) -> tuple[list[RequestRow], dict[str, int]]:
    """The rows the browser gets (no client id) and, kept on the server, each request's
    client."""
    out = [
        RequestRow(
            id=r.id,
            client_name=r.client_name,
            kind_label=r.kind_label,
            message=r.message,
            created_label=r.created_label,
            due_label=r.due_label,
            days_left=r.days_left,
            overdue=r.overdue,
            done=r.done,
            resolution=r.resolution,
            resolved_label=r.resolved_label,
            anonymised=r.anonymised,
            due_text=due_text(r.days_left, r.overdue, r.done),
        )
        for r in items
    ]
    return out, {str(r.id): r.client_id for r in items}


def listed_row(rows: list[RequestRow], request_id: Any) -> RequestRow | None:
    """The listed request the browser named by its id, if any."""
    try:
        wanted = to_id(request_id)
    except Exception:  # noqa: BLE001  (a bad id from the browser: no such request)
        return None
    return next((r for r in rows if r.id == wanted), None)


def anonymised_note(name: str, client_id: int) -> str:
    return (
        f"{name} foi anonimizado: {ANON_PREFIX}{client_id}. Os dados de contato "
        "foram removidos; prontuário, consentimentos e registros continuam guardados."
    )


def text_rows(texts: list[TextView]) -> list[ConsentTextRow]:
    return [
        ConsentTextRow(
            purpose=t.purpose,
            label=t.label,
            version=t.version,
            title=t.title,
            body=t.body,
            published_label=t.published_label,
            hint=PURPOSE_HINTS.get(t.purpose, ""),
        )
        for t in texts
    ]

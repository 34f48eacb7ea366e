"""The Prontuário's record form off the state: the kinds it offers, the upload zone's id,
today in the team's zone, the typed date as a date, the files read for the service, the
message for refused ones, and the one call that saves it (a new record, or a new
version of one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from treinico.services.actor import Actor
from treinico.services.formatting import fmt_date, parse_date
from treinico.services.health.files import MAX_BYTES, MAX_FILES, Upload
from treinico.services.health.records import KIND_LABELS, RecordRow, create_record, edit_record

UPLOAD_ID = "health-files"
KIND_OPTIONS = [{"value": k, "label": v} for k, v in KIND_LABELS.items()]


@dataclass(frozen=True)
class RecordForm:
    """What the form saves: for which client, the record and version it edits (None for a
    new record), and the fields as typed."""

    client_id: int
    record_id: int | None
    version: int | None
    kind: str
    record_date: date | None
    title: str
    body: str
    visible_to_client: bool
    files: list[Upload]


def today_label(tz: str) -> str:
    return fmt_date(datetime.now(ZoneInfo(tz)).date())


def parse_day(raw: str) -> date | None:
    """dd/mm/aaaa (or ISO) as a date; anything else is None, which the service refuses at
    the field with its own message."""
    try:
        return parse_date(raw[:10])
    except (ValueError, TypeError):
        return None


async def read_uploads(files: Any) -> list[Upload]:
    """The files sent with the form, each read to one byte past the limit: enough for the
    service to refuse a file that is too big."""
    uploads: list[Upload] = []
    for f in files if isinstance(files, list) else []:
        if len(uploads) > MAX_FILES:  # one past the limit is enough for the service to refuse
            break
        if isinstance(f, rx.UploadFile):
            uploads.append(Upload(name=f.name or "anexo", data=await f.read(MAX_BYTES + 1)))
    return uploads


def rejected_files_error(names: Any) -> str:
    """Files the picker refused (over 10 MB, or not PDF/JPEG/PNG by name), by name."""
    raw = names if isinstance(names, list) else []
    listed = [n.rsplit("/", 1)[-1][:120] for n in raw[:10] if isinstance(n, str)]
    who = ", ".join(f"“{n}”" for n in listed) or "O arquivo"
    return f"{who}: envie PDF, JPEG ou PNG de até 10 MB cada."


def save_record(*, session: Session, actor: Actor, form: RecordForm, now: datetime) -> RecordRow:
    """A new record for the client or, for an open record, a new version of it (refused if
    it changed since that version was read)."""
    if form.record_id is not None:
        return edit_record(
            session=session,
            actor=actor,
            record_id=form.record_id,
            expected_version=form.version,
            kind=form.kind,
            record_date=form.record_date,
            title=form.title,
            body=form.body,
            visible_to_client=form.visible_to_client,
            files=form.files,
            now=now,
        )
    return create_record(
        session=session,
        actor=actor,
        client_id=form.client_id,
        kind=form.kind,
        record_date=form.record_date,
        title=form.title,
        body=form.body,
        visible_to_client=form.visible_to_client,
        files=form.files,
        now=now,
    )

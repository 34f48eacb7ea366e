"""Health records on the staff side (prontuário): list, read, create, edit (a new version),
show to the client or not, annul with a reason. Nothing is ever deleted.

Every read of a record's content leaves an access-log row. Writing needs the client's
health-data consent; reading what was recorded before a revocation stays possible (the
law's retention duties), with a banner.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from treinico.models import AccessAction, HealthAttachment, HealthRecord, HealthRecordVersion
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.health import files as health_files
from treinico.services.health.files import Upload
from treinico.services.health.store import (
    BODY_PURPOSE,
    CHANGE_LABELS,
    KIND_LABELS,
    TITLE_PURPOSE,
    HealthOverview,
    RecordDetail,
    RecordRow,
    VersionRow,
    append_version,
    attachment_counts,
    client_for,
    consent_banner,
    open_field,
    record_for,
    require_consent,
    seal_field,
    team_for,
    to_row,
    validated,
    writable,
)
from treinico.services.permissions import Perm
from treinico.services.privacy import reads_log as access_log

__all__ = [
    "BODY_PURPOSE",
    "KIND_LABELS",
    "TITLE_PURPOSE",
    "HealthOverview",
    "RecordDetail",
    "RecordRow",
    "VersionRow",
    "open_field",
]


def list_records(
    *, session: Session, actor: Actor, client_id: int, now: datetime, ip: str = ""
) -> HealthOverview:
    """The client's records, newest first (titles are sensitive too: one log row)."""
    team_for(session, actor, Perm.HEALTH_READ)
    client = client_for(session, actor, client_id)
    records = session.exec(
        select(HealthRecord)
        .where(HealthRecord.team_id == actor.team_id, HealthRecord.client_id == client.id)
        .order_by(col(HealthRecord.record_date).desc(), col(HealthRecord.id).desc())
    ).all()
    counts = attachment_counts(session, actor.team_id, [r.id or 0 for r in records])
    consent, banner = consent_banner(session, actor.team_id, client.id or 0)
    access_log.write(
        session,
        team_id=actor.team_id,
        client_id=client.id or 0,
        action=AccessAction.LIST,
        now=now,
        actor=actor,
        ip=ip,
    )
    return HealthOverview(
        records=[to_row(session, r, counts.get(r.id or 0, 0)) for r in records],
        consent=consent,
        banner=banner,
        can_write=actor.can(Perm.HEALTH_WRITE) and consent == "concedido",
    )


def get_record(
    *, session: Session, actor: Actor, record_id: int, now: datetime, ip: str = ""
) -> RecordDetail:
    """One record's current text and attachments; one log row."""
    team = team_for(session, actor, Perm.HEALTH_READ)
    record = record_for(session, actor, record_id)
    attachments = health_files.list_for(session, team_id=actor.team_id, record_id=record.id or 0)
    access_log.write(
        session,
        team_id=actor.team_id,
        client_id=record.client_id,
        action=AccessAction.VIEW,
        now=now,
        actor=actor,
        ip=ip,
        record_id=record.id,
    )
    annulled = ""
    if record.annulled_at is not None:
        annulled = (
            f"Anulado em {fmt_datetime(record.annulled_at, team.timezone)} por "
            f"{record.annulled_by_name}"
        )
    return RecordDetail(
        row=to_row(session, record, len(attachments)),
        body=open_field(session, record.team_id, BODY_PURPOSE, record.body_enc),
        attachments=attachments,
        annul_reason=record.annul_reason,
        annulled_label=annulled,
        updated_label=fmt_datetime(record.updated_at, team.timezone),
    )


def record_versions(
    *, session: Session, actor: Actor, record_id: int, now: datetime, ip: str = ""
) -> list[VersionRow]:
    """Every saved version, newest first; one log row."""
    team = team_for(session, actor, Perm.HEALTH_READ)
    record = record_for(session, actor, record_id)
    rows = session.exec(
        select(HealthRecordVersion)
        .where(
            HealthRecordVersion.team_id == actor.team_id,
            HealthRecordVersion.record_id == record.id,
        )
        .order_by(col(HealthRecordVersion.version).desc())
    ).all()
    access_log.write(
        session,
        team_id=actor.team_id,
        client_id=record.client_id,
        action=AccessAction.VERSIONS,
        now=now,
        actor=actor,
        ip=ip,
        record_id=record.id,
    )
    return [
        VersionRow(
            version=v.version,
            change_label=CHANGE_LABELS.get(v.change, v.change),
            kind_label=KIND_LABELS.get(v.kind, v.kind),
            date_label=fmt_date(v.record_date),
            title=open_field(session, v.team_id, TITLE_PURPOSE, v.title_enc),
            body=open_field(session, v.team_id, BODY_PURPOSE, v.body_enc),
            visible_to_client=v.visible_to_client,
            note=v.note,
            actor_name=v.actor_name,
            at_label=fmt_datetime(v.at, team.timezone),
        )
        for v in rows
    ]


def create_record(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    kind: str,
    record_date: date | None,
    title: str,
    body: str,
    visible_to_client: bool = False,
    files: list[Upload] | None = None,
    now: datetime,
) -> RecordRow:
    team_for(session, actor, Perm.HEALTH_WRITE)
    client = client_for(session, actor, client_id)
    kind, day, title, body = validated(kind, record_date, title, body)
    checked = health_files.check_all(list(files or []))
    require_consent(session, actor.team_id, client.id or 0)
    record = HealthRecord(
        team_id=actor.team_id,
        client_id=client.id or 0,
        kind=kind,
        record_date=day,
        title_enc=seal_field(session, actor.team_id, TITLE_PURPOSE, title),
        body_enc=seal_field(session, actor.team_id, BODY_PURPOSE, body),
        visible_to_client=bool(visible_to_client),
        version=1,
        author_user_id=actor.user_id,
        author_name=actor.name,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    append_version(session, record, actor, "criado", now)
    health_files.store(
        session,
        team_id=actor.team_id,
        record_id=record.id or 0,
        version=1,
        checked=checked,
        actor_user_id=actor.user_id,
        now=now,
    )
    return to_row(session, record, len(checked))


def edit_record(
    *,
    session: Session,
    actor: Actor,
    record_id: int,
    expected_version: int | None,
    kind: str,
    record_date: date | None,
    title: str,
    body: str,
    visible_to_client: bool,
    files: list[Upload] | None = None,
    now: datetime,
) -> RecordRow:
    """Save a new version; the earlier ones stay readable."""
    record = writable(session, actor, record_id, expected_version)
    kind, day, title, body = validated(kind, record_date, title, body)
    checked = health_files.check_all(list(files or []))
    require_consent(session, actor.team_id, record.client_id)
    record.kind = kind
    record.record_date = day
    record.title_enc = seal_field(session, actor.team_id, TITLE_PURPOSE, title)
    record.body_enc = seal_field(session, actor.team_id, BODY_PURPOSE, body)
    record.visible_to_client = bool(visible_to_client)
    record.version += 1
    record.updated_at = now
    session.add(record)
    session.flush()
    append_version(session, record, actor, "editado", now)
    health_files.store(
        session,
        team_id=actor.team_id,
        record_id=record.id or 0,
        version=record.version,
        checked=checked,
        actor_user_id=actor.user_id,
        now=now,
    )
    counts = attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def set_visibility(
    *,
    session: Session,
    actor: Actor,
    record_id: int,
    visible: bool,
    now: datetime,
    expected_version: int | None = None,
) -> RecordRow:
    """ "Visível ao cliente" on or off (a version of its own, so the history says who).
    With ``expected_version`` (the version on screen), a record saved meanwhile by someone
    else is not published unseen: Conflict."""
    record = writable(session, actor, record_id, expected_version)
    if record.visible_to_client != bool(visible):
        record.visible_to_client = bool(visible)
        record.version += 1
        record.updated_at = now
        session.add(record)
        session.flush()
        append_version(session, record, actor, "visibilidade", now)
    counts = attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def annul_record(
    *, session: Session, actor: Actor, record_id: int, reason: str, now: datetime
) -> RecordRow:
    """Annul with a reason. The record and its versions stay; the client no longer sees it."""
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if len(reason) < 5 or len(reason) > 500:
        raise Invalid("Explique o motivo da anulação (5 a 500 caracteres).", field="reason")
    record = writable(session, actor, record_id, None)
    record.annulled_at = now
    record.annulled_by_name = actor.name
    record.annul_reason = reason
    record.visible_to_client = False
    record.version += 1
    record.updated_at = now
    session.add(record)
    session.flush()
    append_version(session, record, actor, "anulado", now, note=reason)
    counts = attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def download_for_staff(
    *, session: Session, actor: Actor, attachment_id: int, now: datetime, ip: str = ""
) -> health_files.FileOut:
    """An attachment's bytes for a staff member with ``health.read``; one log row."""

    team_for(session, actor, Perm.HEALTH_READ)
    record_id = health_files.record_of(session, team_id=actor.team_id, attachment_id=attachment_id)
    if record_id is None:
        raise NotFound("Anexo não encontrado.")
    record = record_for(session, actor, record_id)
    attachment = session.get(HealthAttachment, attachment_id)
    assert attachment is not None
    access_log.write(
        session,
        team_id=actor.team_id,
        client_id=record.client_id,
        action=AccessAction.DOWNLOAD,
        now=now,
        actor=actor,
        ip=ip,
        record_id=record.id,
        attachment_id=attachment.id,
    )
    return health_files.read(session, attachment=attachment)

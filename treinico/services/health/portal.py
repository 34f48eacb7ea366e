"""The client's side of health records ("Meus registros de saúde"): only records marked
"Visível ao cliente", not annulled, in a team with the Saúde module on, and only while the
client's health-data consent stands. Hidden records are filtered in the query, so they
never reach the browser. Each read leaves an access-log row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from treinico.models import AccessAction, HealthAttachment, HealthRecord, Team
from treinico.services.auth.portal import Business
from treinico.services.errors import NotFound
from treinico.services.formatting import fmt_date
from treinico.services.health import files as health_files
from treinico.services.health.files import AttachmentRow, FileOut
from treinico.services.health.store import BODY_PURPOSE, KIND_LABELS, TITLE_PURPOSE, open_field
from treinico.services.privacy import reads_log as access_log
from treinico.services.privacy.consent import has_consent, needs_terms


@dataclass(frozen=True)
class PortalRecordRow:
    id: int
    kind_label: str
    date_label: str
    title: str
    author_name: str


@dataclass(frozen=True)
class PortalHealth:
    enabled: bool  # the team keeps health records
    consent_given: bool
    records: list[PortalRecordRow]


@dataclass(frozen=True)
class PortalRecord:
    row: PortalRecordRow
    body: str
    attachments: list[AttachmentRow]


def _allowed(session: Session, business: Business) -> tuple[bool, bool]:
    team = session.get(Team, business.team_id)
    enabled = team is not None and team.health_enabled
    consent = enabled and has_consent(
        session, team_id=business.team_id, client_id=business.client_id, purpose="saude"
    )
    return enabled, consent


def _visible():
    return (
        col(HealthRecord.visible_to_client).is_(True),
        col(HealthRecord.annulled_at).is_(None),
    )


def _row(session: Session, record: HealthRecord) -> PortalRecordRow:
    return PortalRecordRow(
        id=record.id or 0,
        kind_label=KIND_LABELS.get(record.kind, record.kind),
        date_label=fmt_date(record.record_date),
        title=open_field(session, record.team_id, TITLE_PURPOSE, record.title_enc),
        author_name=record.author_name,
    )


def visible_records(session: Session, business: Business) -> list[HealthRecord]:
    """The records the client may see now (none without the module or the consent)."""
    _enabled, consent = _allowed(session, business)
    if not consent:
        return []
    return list(
        session.exec(
            select(HealthRecord)
            .where(
                HealthRecord.team_id == business.team_id,
                HealthRecord.client_id == business.client_id,
                *_visible(),
            )
            .order_by(col(HealthRecord.record_date).desc(), col(HealthRecord.id).desc())
        ).all()
    )


def my_records(
    *, session: Session, business: Business, now: datetime, ip: str = ""
) -> PortalHealth:
    enabled, consent = _allowed(session, business)
    if not consent:
        return PortalHealth(enabled=enabled, consent_given=False, records=[])
    records = visible_records(session, business)
    if records:
        access_log.write(
            session,
            team_id=business.team_id,
            client_id=business.client_id,
            action=AccessAction.LIST,
            now=now,
            ip=ip,
        )
    return PortalHealth(
        enabled=True, consent_given=True, records=[_row(session, r) for r in records]
    )


def _my_record(session: Session, business: Business, record_id: object) -> HealthRecord:
    enabled, consent = _allowed(session, business)
    if not consent or not isinstance(record_id, int):
        raise NotFound("Registro não encontrado.")
    record = session.exec(
        select(HealthRecord).where(
            col(HealthRecord.id) == record_id,
            HealthRecord.team_id == business.team_id,
            HealthRecord.client_id == business.client_id,
            *_visible(),
        )
    ).first()
    if record is None:
        raise NotFound("Registro não encontrado.")
    return record


def my_record(
    *, session: Session, business: Business, record_id: int, now: datetime, ip: str = ""
) -> PortalRecord:
    record = _my_record(session, business, record_id)
    access_log.write(
        session,
        team_id=business.team_id,
        client_id=business.client_id,
        action=AccessAction.VIEW,
        now=now,
        ip=ip,
        record_id=record.id,
    )
    return PortalRecord(
        row=_row(session, record),
        body=open_field(session, record.team_id, BODY_PURPOSE, record.body_enc),
        attachments=health_files.list_for(
            session, team_id=business.team_id, record_id=record.id or 0
        ),
    )


def download_for_client(
    *, session: Session, business: Business, attachment_id: int, now: datetime, ip: str = ""
) -> FileOut:
    record_id = health_files.record_of(
        session, team_id=business.team_id, attachment_id=attachment_id
    )
    # The download route is reached without the portal's terms gate: apply it here.
    if record_id is None or needs_terms(
        session, team_id=business.team_id, client_id=business.client_id
    ):
        raise NotFound("Anexo não encontrado.")
    record = _my_record(session, business, record_id)
    attachment = session.get(HealthAttachment, attachment_id)
    assert attachment is not None
    access_log.write(
        session,
        team_id=business.team_id,
        client_id=business.client_id,
        action=AccessAction.DOWNLOAD,
        now=now,
        ip=ip,
        record_id=record.id,
        attachment_id=attachment.id,
    )
    return health_files.read(session, attachment=attachment)

"""Health records on the staff side (prontuário): list, read, create, edit (a new version),
show to the client or not, annul with a reason. Nothing is ever deleted.

Every read of a record's content leaves an access-log row. Writing needs the client's
health-data consent; reading what was recorded before a revocation stays possible (the
law's retention duties), with a banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from treinico.models import (
    AccessAction,
    Client,
    HealthRecord,
    HealthRecordKind,
    HealthRecordVersion,
    Team,
)
from treinico.services import access_log, crypto, health_files
from treinico.services.actor import Actor
from treinico.services.consent import consent_states
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.health_files import AttachmentRow, Upload
from treinico.services.permissions import Perm

TITLE_PURPOSE = "record.title"
BODY_PURPOSE = "record.body"
MAX_TITLE = 160
MAX_BODY = 50_000

KIND_LABELS: dict[str, str] = {
    HealthRecordKind.ANAMNESE: "Anamnese",
    HealthRecordKind.EVOLUCAO: "Evolução",
    HealthRecordKind.AVALIACAO: "Avaliação",
    HealthRecordKind.EXAME: "Exame",
    HealthRecordKind.RESTRICAO: "Restrição/Lesão",
    HealthRecordKind.OUTRO: "Outro",
}
CHANGE_LABELS = {
    "criado": "Criado",
    "editado": "Editado",
    "visibilidade": "Visibilidade alterada",
    "anulado": "Anulado",
}
MODULE_OFF = "O módulo Saúde está desligado para esta equipe."


@dataclass(frozen=True)
class RecordRow:
    id: int
    kind: str
    kind_label: str
    date_iso: str
    date_label: str
    title: str
    visible_to_client: bool
    annulled: bool
    version: int
    author_name: str
    attachment_count: int


@dataclass(frozen=True)
class RecordDetail:
    row: RecordRow
    body: str
    attachments: list[AttachmentRow]
    annul_reason: str
    annulled_label: str  # "Anulado em 10/03/2026 14:00 por Dra. Marina Prado"
    updated_label: str


@dataclass(frozen=True)
class VersionRow:
    version: int
    change_label: str
    kind_label: str
    date_label: str
    title: str
    body: str
    visible_to_client: bool
    note: str
    actor_name: str
    at_label: str


@dataclass(frozen=True)
class HealthOverview:
    records: list[RecordRow]
    consent: str  # concedido | revogado | pendente
    banner: str  # "" when the client has given the health consent
    can_write: bool


def _team(session: Session, actor: Actor, perm: str) -> Team:
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    if not team.health_enabled:
        raise Forbidden(MODULE_OFF)
    actor.require(perm)
    return team


def _client(session: Session, actor: Actor, client_id: object) -> Client:
    client = session.get(Client, client_id) if isinstance(client_id, int) else None
    if client is None or client.team_id != actor.team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def _record(
    session: Session, actor: Actor, record_id: object, *, lock: bool = False
) -> HealthRecord:
    if not isinstance(record_id, int):
        raise NotFound("Registro não encontrado.")
    stmt = select(HealthRecord).where(
        col(HealthRecord.id) == record_id, col(HealthRecord.team_id) == actor.team_id
    )
    if lock:
        stmt = stmt.with_for_update()
    record = session.exec(stmt).first()
    if record is None:
        raise NotFound("Registro não encontrado.")
    return record


def open_field(session: Session, team_id: int, purpose: str, sealed: bytes) -> str:
    return crypto.open_text(session, team_id=team_id, purpose=purpose, sealed=sealed)


def _seal(session: Session, team_id: int, purpose: str, text: str) -> bytes:
    return crypto.seal_text(session, team_id=team_id, purpose=purpose, text=text)


def to_row(session: Session, record: HealthRecord, attachment_count: int) -> RecordRow:
    return RecordRow(
        id=record.id or 0,
        kind=record.kind,
        kind_label=KIND_LABELS.get(record.kind, record.kind),
        date_iso=record.record_date.isoformat(),
        date_label=fmt_date(record.record_date),
        title=open_field(session, record.team_id, TITLE_PURPOSE, record.title_enc),
        visible_to_client=record.visible_to_client,
        annulled=record.annulled_at is not None,
        version=record.version,
        author_name=record.author_name,
        attachment_count=attachment_count,
    )


def _consent_banner(session: Session, team_id: int, client_id: int) -> tuple[str, str]:
    state = next(
        s
        for s in consent_states(session, team_id=team_id, client_id=client_id)
        if s.purpose == "saude"
    )
    if state.given:
        return "concedido", ""
    if state.decided:
        return "revogado", (
            f"O cliente revogou o consentimento para dados de saúde em {state.at_label}. "
            "Novos registros estão bloqueados; os registros existentes são mantidos, como a "
            "lei exige, e não aparecem na área do cliente."
        )
    return "pendente", (
        "O cliente ainda não deu o consentimento para dados de saúde. Ele pode dar na área "
        "do cliente, ou registre aqui o consentimento dado pessoalmente antes de criar "
        "registros."
    )


def _attachment_counts(session: Session, team_id: int, ids: list[int]) -> dict[int, int]:
    from sqlalchemy import func

    from treinico.models import HealthAttachment

    if not ids:
        return {}
    rows = session.exec(
        select(HealthAttachment.record_id, func.count())
        .where(HealthAttachment.team_id == team_id, col(HealthAttachment.record_id).in_(ids))
        .group_by(col(HealthAttachment.record_id))
    ).all()
    return {rid: int(n) for rid, n in rows}


def list_records(
    *, session: Session, actor: Actor, client_id: int, now: datetime, ip: str = ""
) -> HealthOverview:
    """The client's records, newest first (titles are sensitive too: one log row)."""
    _team(session, actor, Perm.HEALTH_READ)
    client = _client(session, actor, client_id)
    records = session.exec(
        select(HealthRecord)
        .where(HealthRecord.team_id == actor.team_id, HealthRecord.client_id == client.id)
        .order_by(col(HealthRecord.record_date).desc(), col(HealthRecord.id).desc())
    ).all()
    counts = _attachment_counts(session, actor.team_id, [r.id or 0 for r in records])
    consent, banner = _consent_banner(session, actor.team_id, client.id or 0)
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
    team = _team(session, actor, Perm.HEALTH_READ)
    record = _record(session, actor, record_id)
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
    team = _team(session, actor, Perm.HEALTH_READ)
    record = _record(session, actor, record_id)
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


def _validated(
    kind: object, record_date: object, title: object, body: object
) -> tuple[str, date, str, str]:
    problems: dict[str, str] = {}
    if not isinstance(kind, str) or kind not in KIND_LABELS:
        problems["kind"] = "Escolha o tipo do registro."
    if not isinstance(record_date, date):
        problems["record_date"] = "Informe a data do registro (dd/mm/aaaa)."
    title_s = title.strip() if isinstance(title, str) else ""
    body_s = body.strip() if isinstance(body, str) else ""
    if not title_s:
        problems["title"] = "Informe um título."
    elif len(title_s) > MAX_TITLE:
        problems["title"] = f"O título pode ter até {MAX_TITLE} caracteres."
    if len(body_s) > MAX_BODY:
        problems["body"] = "O texto pode ter até 50.000 caracteres."
    if problems:
        raise Invalid(next(iter(problems.values())), fields=problems)
    assert isinstance(kind, str) and isinstance(record_date, date)
    return kind, record_date, title_s, body_s


def _require_consent(session: Session, team_id: int, client_id: int) -> None:
    consent, _banner = _consent_banner(session, team_id, client_id)
    if consent != "concedido":
        raise Forbidden(
            "Sem o consentimento do cliente para dados de saúde não é possível registrar. "
            "Registre o consentimento presencial ou peça que ele conceda na área do cliente."
        )


def _append_version(
    session: Session, record: HealthRecord, actor: Actor, change: str, now: datetime, note: str = ""
) -> None:
    session.add(
        HealthRecordVersion(
            team_id=record.team_id,
            record_id=record.id or 0,
            version=record.version,
            change=change,
            kind=record.kind,
            record_date=record.record_date,
            title_enc=record.title_enc,
            body_enc=record.body_enc,
            visible_to_client=record.visible_to_client,
            note=note,
            actor_user_id=actor.user_id,
            actor_name=actor.name,
            at=now,
        )
    )


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
    _team(session, actor, Perm.HEALTH_WRITE)
    client = _client(session, actor, client_id)
    kind, day, title, body = _validated(kind, record_date, title, body)
    checked = health_files.check_all(list(files or []))
    _require_consent(session, actor.team_id, client.id or 0)
    record = HealthRecord(
        team_id=actor.team_id,
        client_id=client.id or 0,
        kind=kind,
        record_date=day,
        title_enc=_seal(session, actor.team_id, TITLE_PURPOSE, title),
        body_enc=_seal(session, actor.team_id, BODY_PURPOSE, body),
        visible_to_client=bool(visible_to_client),
        version=1,
        author_user_id=actor.user_id,
        author_name=actor.name,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    _append_version(session, record, actor, "criado", now)
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


def _writable(
    session: Session, actor: Actor, record_id: int, expected_version: int | None
) -> HealthRecord:
    _team(session, actor, Perm.HEALTH_WRITE)
    record = _record(session, actor, record_id, lock=True)
    if record.annulled_at is not None:
        raise Conflict("Este registro foi anulado e não pode mais ser alterado.")
    if expected_version is not None and record.version != expected_version:
        raise Conflict(
            "Este registro foi alterado por outra pessoa enquanto você editava. Reabra-o para "
            "ver a versão atual."
        )
    return record


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
    record = _writable(session, actor, record_id, expected_version)
    kind, day, title, body = _validated(kind, record_date, title, body)
    checked = health_files.check_all(list(files or []))
    _require_consent(session, actor.team_id, record.client_id)
    record.kind = kind
    record.record_date = day
    record.title_enc = _seal(session, actor.team_id, TITLE_PURPOSE, title)
    record.body_enc = _seal(session, actor.team_id, BODY_PURPOSE, body)
    record.visible_to_client = bool(visible_to_client)
    record.version += 1
    record.updated_at = now
    session.add(record)
    session.flush()
    _append_version(session, record, actor, "editado", now)
    health_files.store(
        session,
        team_id=actor.team_id,
        record_id=record.id or 0,
        version=record.version,
        checked=checked,
        actor_user_id=actor.user_id,
        now=now,
    )
    counts = _attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def set_visibility(
    *, session: Session, actor: Actor, record_id: int, visible: bool, now: datetime
) -> RecordRow:
    """ "Visível ao cliente" on or off (a version of its own, so the history says who)."""
    record = _writable(session, actor, record_id, None)
    if record.visible_to_client != bool(visible):
        record.visible_to_client = bool(visible)
        record.version += 1
        record.updated_at = now
        session.add(record)
        session.flush()
        _append_version(session, record, actor, "visibilidade", now)
    counts = _attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def annul_record(
    *, session: Session, actor: Actor, record_id: int, reason: str, now: datetime
) -> RecordRow:
    """Annul with a reason. The record and its versions stay; the client no longer sees it."""
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if len(reason) < 5 or len(reason) > 500:
        raise Invalid("Explique o motivo da anulação (5 a 500 caracteres).", field="reason")
    record = _writable(session, actor, record_id, None)
    record.annulled_at = now
    record.annulled_by_name = actor.name
    record.annul_reason = reason
    record.visible_to_client = False
    record.version += 1
    record.updated_at = now
    session.add(record)
    session.flush()
    _append_version(session, record, actor, "anulado", now, note=reason)
    counts = _attachment_counts(session, actor.team_id, [record.id or 0])
    return to_row(session, record, counts.get(record.id or 0, 0))


def download_for_staff(
    *, session: Session, actor: Actor, attachment_id: int, now: datetime, ip: str = ""
) -> health_files.FileOut:
    """An attachment's bytes for a staff member with ``health.read``; one log row."""
    from treinico.models import HealthAttachment

    _team(session, actor, Perm.HEALTH_READ)
    attachment = session.get(HealthAttachment, attachment_id)
    if attachment is None or attachment.team_id != actor.team_id:
        raise NotFound("Anexo não encontrado.")
    record = _record(session, actor, attachment.record_id)
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

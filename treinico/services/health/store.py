"""Health records' shared parts: labels, the views handed to the pages, the guards every use
case runs (module on, permission, same team), sealing of titles and texts, validation and
the version rows. The use cases are in services/health/records.py"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from treinico.models import (
    Client,
    HealthAttachment,
    HealthRecord,
    HealthRecordKind,
    HealthRecordVersion,
    Team,
)
from treinico.services import crypto
from treinico.services.actor import Actor
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.formatting import fmt_date, fmt_datetime
from treinico.services.health.files import AttachmentRow
from treinico.services.permissions import Perm
from treinico.services.privacy.consent import GIVEN, latest_event

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


def team_for(session: Session, actor: Actor, perm: str) -> Team:
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    if not team.health_enabled:
        raise Forbidden(MODULE_OFF)
    actor.require(perm)
    return team


def client_for(session: Session, actor: Actor, client_id: object) -> Client:
    client = session.get(Client, client_id) if isinstance(client_id, int) else None
    if client is None or client.team_id != actor.team_id:
        raise NotFound("Cliente não encontrado.")
    return client


def record_for(
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


def seal_field(session: Session, team_id: int, purpose: str, text: str) -> bytes:
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


def consent_banner(session: Session, team_id: int, client_id: int) -> tuple[str, str]:
    last = latest_event(session, team_id=team_id, client_id=client_id, purpose="saude")
    if last is not None and last.action == GIVEN:
        return "concedido", ""
    if last is not None:
        team = session.get(Team, team_id)
        when = fmt_datetime(last.at, team.timezone if team else "America/Sao_Paulo")
        return "revogado", (
            f"O cliente revogou o consentimento para dados de saúde em {when}. "
            "Novos registros estão bloqueados; os registros existentes são mantidos, como a "
            "lei exige, e não aparecem na área do cliente."
        )
    return "pendente", (
        "O cliente ainda não deu o consentimento para dados de saúde. Ele pode dar na área "
        "do cliente, ou registre aqui o consentimento dado pessoalmente antes de criar "
        "registros."
    )


def attachment_counts(session: Session, team_id: int, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.exec(
        select(HealthAttachment.record_id, func.count())
        .where(HealthAttachment.team_id == team_id, col(HealthAttachment.record_id).in_(ids))
        .group_by(col(HealthAttachment.record_id))
    ).all()
    return {rid: int(n) for rid, n in rows}


def validated(
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


def require_consent(session: Session, team_id: int, client_id: int) -> None:
    """The client's health consent, read under the client row's lock (the one a consent
    change takes), so a revocation and a new record cannot cross."""
    session.exec(
        select(Client.id)
        .where(col(Client.id) == client_id, col(Client.team_id) == team_id)
        .with_for_update()
    ).first()
    consent, _banner = consent_banner(session, team_id, client_id)
    if consent != "concedido":
        raise Forbidden(
            "Sem o consentimento do cliente para dados de saúde não é possível registrar. "
            "Registre o consentimento presencial ou peça que ele conceda na área do cliente."
        )


def append_version(
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


def writable(
    session: Session, actor: Actor, record_id: int, expected_version: int | None
) -> HealthRecord:
    team_for(session, actor, Perm.HEALTH_WRITE)
    record = record_for(session, actor, record_id, lock=True)
    if record.annulled_at is not None:
        raise Conflict("Este registro foi anulado e não pode mais ser alterado.")
    if expected_version is not None and record.version != expected_version:
        raise Conflict(
            "Este registro foi alterado por outra pessoa enquanto você editava. Reabra-o para "
            "ver a versão atual."
        )
    return record

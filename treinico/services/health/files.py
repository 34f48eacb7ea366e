"""Attachments of health records: what is accepted (PDF, JPEG, PNG up to 10 MB, judged by
the bytes, not the name), how they are sealed, and how the download route gets them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from treinico.models import HealthAttachment, Team
from treinico.services import crypto
from treinico.services.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
NAME_PURPOSE = "attachment.name"
DATA_PURPOSE = "attachment.data"

# content type -> (accepted extensions, test on the bytes)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "application/pdf": ((".pdf",), "PDF"),
    "image/jpeg": ((".jpg", ".jpeg"), "JPEG"),
    "image/png": ((".png",), "PNG"),
}


@dataclass(frozen=True)
class Upload:
    """A file as received from the browser: its name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class FileOut:
    name: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The content type the bytes really have, among the accepted ones."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in data[-4096:]:
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data[-16:]:
        return "image/png"
    return None


def safe_name(raw: str) -> str:
    """A file name fit for a Content-Disposition header: no path, no control characters."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*]", "", name).strip(" .")
    return name[:120] or "anexo"


def check(upload: Upload) -> tuple[str, str]:
    """(safe name, content type) or Invalid at the ``files`` field."""
    name = safe_name(upload.name)
    if not upload.data:
        raise Invalid(f"O arquivo “{name}” está vazio.", field="files")
    if len(upload.data) > MAX_BYTES:
        raise Invalid(f"O arquivo “{name}” passa de 10 MB.", field="files")
    content_type = sniff(upload.data)
    lower = name.lower()
    if content_type is None or not lower.endswith(KINDS[content_type][0]):
        raise Invalid(
            f"O arquivo “{name}” não é um PDF, JPEG ou PNG válido (o conteúdo não confere "
            "com o nome).",
            field="files",
        )
    return name, content_type


def check_all(uploads: list[Upload]) -> list[tuple[Upload, str, str]]:
    if len(uploads) > MAX_FILES:
        raise Invalid(f"Anexe no máximo {MAX_FILES} arquivos por vez.", field="files")
    return [(u, *check(u)) for u in uploads]


def store(
    session: Session,
    *,
    team_id: int,
    record_id: int,
    version: int,
    checked: list[tuple[Upload, str, str]],
    actor_user_id: int,
    now: datetime,
) -> None:
    for upload, name, content_type in checked:
        session.add(
            HealthAttachment(
                team_id=team_id,
                record_id=record_id,
                name_enc=crypto.seal_text(
                    session, team_id=team_id, purpose=NAME_PURPOSE, text=name
                ),
                content_type=content_type,
                size_bytes=len(upload.data),
                added_in_version=version,
                data_enc=crypto.seal(
                    session, team_id=team_id, purpose=DATA_PURPOSE, plaintext=upload.data
                ),
                actor_user_id=actor_user_id,
                at=now,
            )
        )


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    name: str
    content_type: str
    size_label: str
    added_in_version: int


def size_label(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def list_for(session: Session, *, team_id: int, record_id: int) -> list[AttachmentRow]:
    """The record's attachments (names only: the bytes stay in the database)."""
    rows = session.execute(
        select(  # type: ignore[call-overload]
            HealthAttachment.id,
            HealthAttachment.name_enc,
            HealthAttachment.content_type,
            HealthAttachment.size_bytes,
            HealthAttachment.added_in_version,
        )
        .where(HealthAttachment.team_id == team_id, HealthAttachment.record_id == record_id)
        .order_by(col(HealthAttachment.id))
    ).all()
    return [
        AttachmentRow(
            id=aid or 0,
            name=crypto.open_text(session, team_id=team_id, purpose=NAME_PURPOSE, sealed=enc),
            content_type=ctype,
            size_label=size_label(size),
            added_in_version=version,
        )
        for aid, enc, ctype, size, version in rows
    ]


def record_of(session: Session, *, team_id: int, attachment_id: object) -> int | None:
    """The record an attachment of ``team_id`` belongs to, without loading its bytes (they
    are read only once the caller is known to be allowed)."""
    if not isinstance(attachment_id, int):
        return None
    return session.exec(
        select(HealthAttachment.record_id).where(
            col(HealthAttachment.id) == attachment_id, HealthAttachment.team_id == team_id
        )
    ).first()


def team_slug_of(session: Session, *, attachment_id: int) -> str | None:
    """The slug of the business an attachment belongs to (the portal session is then
    checked against that business)."""
    return session.exec(
        select(Team.slug)
        .join(HealthAttachment, col(HealthAttachment.team_id) == col(Team.id))
        .where(col(HealthAttachment.id) == attachment_id)
    ).first()


def read(session: Session, *, attachment: HealthAttachment) -> FileOut:
    team_id = attachment.team_id
    return FileOut(
        name=crypto.open_text(
            session, team_id=team_id, purpose=NAME_PURPOSE, sealed=attachment.name_enc
        ),
        content_type=attachment.content_type,
        data=crypto.open_sealed(
            session, team_id=team_id, purpose=DATA_PURPOSE, sealed=attachment.data_enc
        ),
    )

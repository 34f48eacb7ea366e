"""Health records as the typed rows the Prontuário draws: rows (newest first, and the one
the browser names), the open record, its attachments as download links, each version with
what it changed from the one before, and what a change of visibility means for the client."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from treinico import routes
from treinico.services.health.files import AttachmentRow
from treinico.services.health.records import RecordDetail, RecordRow, VersionRow
from treinico.state.session import to_id


@dataclass(frozen=True)
class HealthListRow:
    """A listed record, with its attachments in words ("2 anexos", "" for none)."""

    id: int = 0
    kind: str = ""
    kind_label: str = ""
    date_iso: str = ""
    date_label: str = ""
    title: str = ""
    visible_to_client: bool = False
    annulled: bool = False
    version: int = 0
    author_name: str = ""
    attachment_count: int = 0
    attachments_label: str = ""


@dataclass(frozen=True)
class HealthDetailRow(HealthListRow):
    """The open record: its row and its text (``id`` 0 while none is open)."""

    body: str = ""
    annul_reason: str = ""
    annulled_label: str = ""
    updated_label: str = ""


@dataclass(frozen=True)
class HealthAttachmentRow:
    """An attachment as a link to the authorised download route."""

    id: int = 0
    name: str = ""
    content_type: str = ""
    size_label: str = ""
    added_in_version: int = 0
    href: str = ""
    kind_label: str = ""  # "PDF", "JPEG", "PNG"


@dataclass(frozen=True)
class HealthVersionRow:
    """A saved version with what it changed and the files added in it."""

    version: int = 0
    change_label: str = ""
    kind_label: str = ""
    date_label: str = ""
    title: str = ""
    body: str = ""
    visible_to_client: bool = False
    note: str = ""
    actor_name: str = ""
    at_label: str = ""
    visible_label: str = ""
    changes: str = ""
    files_label: str = ""


def count_label(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _attachments_label(row: RecordRow) -> str:
    n = row.attachment_count
    return count_label(n, "anexo", "anexos") if n else ""


def _list_fields(row: RecordRow) -> dict[str, Any]:
    """The service row's fields and the attachments' label: what a listed record and an open
    one both show."""
    return {**asdict(row), "attachments_label": _attachments_label(row)}


def record_row(row: RecordRow) -> HealthListRow:
    return HealthListRow(**_list_fields(row))


def newest_first(rows: list[HealthListRow]) -> list[HealthListRow]:
    """Newest first, as the service lists them (record date, then id)."""
    return sorted(rows, key=lambda r: (r.date_iso, r.id), reverse=True)


def listed_id(rows: list[HealthListRow], record_id: Any) -> int | None:
    """The id the browser sent, if it is one of the listed records."""
    try:
        wanted = to_id(record_id)
    except Exception:  # noqa: BLE001  (a bad id from the browser: no such record)
        return None
    return wanted if any(r.id == wanted for r in rows) else None


def attachment_row(a: AttachmentRow) -> HealthAttachmentRow:
    return HealthAttachmentRow(
        id=a.id,
        name=a.name,
        content_type=a.content_type,
        size_label=a.size_label,
        added_in_version=a.added_in_version,
        href=routes.health_attachment(a.id),
        kind_label={"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(
            a.content_type, ""
        ),
    )


def detail_row(detail: RecordDetail) -> HealthDetailRow:
    return HealthDetailRow(
        **_list_fields(detail.row),
        body=detail.body,
        annul_reason=detail.annul_reason,
        annulled_label=detail.annulled_label,
        updated_label=detail.updated_label,
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " e " + items[-1]


def _changes(newer: VersionRow, older: VersionRow | None) -> str:
    """What a version changed from the one before it, in words."""
    if older is None:
        return "Primeira versão do registro."
    fields = []
    if newer.kind_label != older.kind_label:
        fields.append(f"o tipo ({older.kind_label} → {newer.kind_label})")
    if newer.date_label != older.date_label:
        fields.append(f"a data ({older.date_label} → {newer.date_label})")
    if newer.title != older.title:
        fields.append("o título")
    if newer.body != older.body:
        fields.append("o texto")
    sentences = [f"Alterou {_and(fields)}."] if fields else []
    if newer.visible_to_client != older.visible_to_client:
        sentences.append(
            "Passou a ser visível ao cliente."
            if newer.visible_to_client
            else "Deixou de ser visível ao cliente."
        )
    return " ".join(sentences) or "Sem mudança no texto."


def version_rows(
    versions: list[VersionRow], attachments: list[HealthAttachmentRow]
) -> list[HealthVersionRow]:
    """Newest first, as the service gives them; each with its change summary and the names
    of the files added in it."""
    out: list[HealthVersionRow] = []
    for index, v in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        added = [a.name for a in attachments if a.added_in_version == v.version]
        out.append(
            HealthVersionRow(
                version=v.version,
                change_label=v.change_label,
                kind_label=v.kind_label,
                date_label=v.date_label,
                title=v.title,
                body=v.body,
                visible_to_client=v.visible_to_client,
                note=v.note,
                actor_name=v.actor_name,
                at_label=v.at_label,
                visible_label="Visível ao cliente" if v.visible_to_client else "Só a equipe",
                changes=_changes(v, older),
                files_label=("Anexos adicionados: " + ", ".join(added)) if added else "",
            )
        )
    return out


def with_visibility(detail: HealthDetailRow, row: RecordRow) -> HealthDetailRow:
    """The open record with the visibility and version the service just saved."""
    return replace(detail, visible_to_client=row.visible_to_client, version=row.version)


def visibility_note(visible: bool) -> str:
    return (
        "O cliente passa a ver este registro na área do cliente."
        if visible
        else "O registro deixou de aparecer na área do cliente."
    )

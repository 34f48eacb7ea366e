"""Health records as the plain dicts the Prontuário draws: rows (newest first, and the one
the browser names), the open record, its attachments as download links, each version with
what it changed from the one before, and what a change of visibility means for the client."""

from __future__ import annotations

from typing import Any

from treinico import routes
from treinico.services.health.files import AttachmentRow
from treinico.services.health.records import RecordDetail, RecordRow, VersionRow
from treinico.state.session import to_id
from treinico.state.shared.rows import as_strings


def count_label(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def record_row(row: RecordRow) -> dict[str, str]:
    out = as_strings(row)
    out["attachments_label"] = (
        count_label(row.attachment_count, "anexo", "anexos") if row.attachment_count else ""
    )
    return out


def newest_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Newest first, as the service lists them (record date, then id)."""
    return sorted(rows, key=lambda r: (r["date_iso"], int(r["id"])), reverse=True)


def listed_id(rows: list[dict[str, str]], record_id: Any) -> int | None:
    """The id the browser sent, if it is one of the listed records."""
    try:
        wanted = to_id(record_id)
    except Exception:  # noqa: BLE001  (a bad id from the browser: no such record)
        return None
    return wanted if any(r["id"] == str(wanted) for r in rows) else None


def attachment_row(a: AttachmentRow) -> dict[str, str]:
    out = as_strings(a)
    out["href"] = routes.health_attachment(a.id)
    out["kind_label"] = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(
        a.content_type, ""
    )
    return out


def detail_dict(detail: RecordDetail) -> dict[str, str]:
    out = record_row(detail.row)
    out.update(
        body=detail.body,
        annul_reason=detail.annul_reason,
        annulled_label=detail.annulled_label,
        updated_label=detail.updated_label,
    )
    return out


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
    versions: list[VersionRow], attachments: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Newest first, as the service gives them; each with its change summary and the names
    of the files added in it."""
    out: list[dict[str, str]] = []
    for index, v in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        row = as_strings(v)
        row["visible_label"] = "Visível ao cliente" if v.visible_to_client else "Só a equipe"
        row["changes"] = _changes(v, older)
        added = [a["name"] for a in attachments if a["added_in_version"] == str(v.version)]
        row["files_label"] = ("Anexos adicionados: " + ", ".join(added)) if added else ""
        out.append(row)
    return out


def with_visibility(detail: dict[str, str], row: RecordRow) -> dict[str, str]:
    """The open record with the visibility and version the service just saved."""
    return {
        **detail,
        "visible_to_client": "1" if row.visible_to_client else "",
        "version": str(row.version),
    }


def visibility_note(visible: bool) -> str:
    return (
        "O cliente passa a ver este registro na área do cliente."
        if visible
        else "O registro deixou de aparecer na área do cliente."
    )

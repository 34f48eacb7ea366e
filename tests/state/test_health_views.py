"""What the Prontuário and Privacidade states send to the browser: version summaries in
words, attachment links to the authorised route, and request rows without client ids."""

from __future__ import annotations

import os
from dataclasses import fields

os.environ.setdefault("TREINICO_SESSION_SECRET", "test-secret-" + "x" * 40)

from treinico.services.health.files import AttachmentRow  # noqa: E402
from treinico.services.health.records import VersionRow  # noqa: E402
from treinico.services.privacy.data_rights import TeamRequestRow  # noqa: E402
from treinico.state.dashboard.health_rows import attachment_row, version_rows  # noqa: E402
from treinico.state.dashboard.privacy_rows import due_text, request_rows  # noqa: E402


def _version(n: int, change: str, **kw: object) -> VersionRow:
    base: dict[str, object] = {
        "version": n,
        "change_label": change,
        "kind_label": "Evolução",
        "date_label": "10/03/2026",
        "title": "Nota",
        "body": "Texto",
        "visible_to_client": False,
        "note": "",
        "actor_name": "Dra. Marina Prado",
        "at_label": "10/03/2026 14:00",
    }
    base.update(kw)
    return VersionRow(**base)  # type: ignore[arg-type]


def test_each_version_says_what_it_changed() -> None:
    versions = [  # newest first, as the service lists them
        _version(4, "Anulado", note="Registrado no cliente errado"),
        _version(
            3, "Visibilidade alterada", title="Nota 2", body="Texto 2", visible_to_client=True
        ),
        _version(2, "Editado", title="Nota 2", body="Texto 2", date_label="11/03/2026"),
        _version(1, "Criado"),
    ]
    files = [attachment_row(AttachmentRow(7, "exame.pdf", "application/pdf", "12 KB", 2))]
    rows = version_rows(versions, files)
    assert [r.changes for r in rows] == [
        "Alterou o título e o texto. Deixou de ser visível ao cliente.",
        "Alterou a data (11/03/2026 → 10/03/2026). Passou a ser visível ao cliente.",
        "Alterou a data (10/03/2026 → 11/03/2026), o título e o texto.",
        "Primeira versão do registro.",
    ]
    assert rows[2].files_label == "Anexos adicionados: exame.pdf"
    assert rows[0].files_label == ""


def test_attachments_link_to_the_authorised_route_only() -> None:
    row = attachment_row(AttachmentRow(12, "raio-x.png", "image/png", "1,2 MB", 1))
    assert row.href == "/arquivos/saude/12"
    assert row.kind_label == "PNG"
    assert {f.name for f in fields(row)} == {
        "id",
        "name",
        "content_type",
        "size_label",
        "added_in_version",
        "href",
        "kind_label",
    }


def test_request_rows_keep_the_client_id_on_the_server() -> None:
    item = TeamRequestRow(
        id=5,
        client_id=41,
        client_name="Paulo Henrique Dias",
        kind_label="Exclusão",
        message="Apaguem meus dados.",
        created_label="01/03/2026",
        due_label="16/03/2026",
        days_left=3,
        overdue=False,
        done=False,
        resolution="",
        resolved_label="",
        anonymised=True,
    )
    rows, clients = request_rows([item])
    values = [getattr(rows[0], f.name) for f in fields(rows[0])]
    assert "client_id" not in {f.name for f in fields(rows[0])}
    assert 41 not in values and "41" not in values
    assert clients == {"5": 41}
    assert rows[0].due_text == "vence em 3 dias" and rows[0].anonymised is True
    assert due_text(0, False, False) == "vence hoje"
    assert due_text(-2, True, False) == "atrasado"
    assert due_text(-2, True, True) == ""

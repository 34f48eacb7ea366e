"""The attachment and "Meus dados" routes, spoken to over HTTP with real cookies: who gets
the bytes, with which headers, and that every download leaves one log row."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import func, select
from starlette.testclient import TestClient

from tests.services.health_world import PDF, Clinic, make_clinic
from treinico import db as db_module
from treinico import settings as settings_module
from treinico.db import unit_of_work
from treinico.http.app import build_http_app
from treinico.models import AccessLogEntry, HealthAttachment, PortalSession, StaffSession
from treinico.services.auth.staff import new_token, token_hash
from treinico.services.health import records as health
from treinico.services.health.files import Upload

NOW = datetime.now(UTC)


@pytest.fixture()
def app(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("TREINICO_DATABASE_URL", db.url.render_as_string(hide_password=False))
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    with TestClient(build_http_app(), base_url="http://localhost:3000") as client:
        yield client
    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()


@pytest.fixture()
def clinic(db: Engine) -> Clinic:
    with unit_of_work(db) as s:
        c = make_clinic(s)
    with unit_of_work(db) as s:
        for title, visible in (("Anamnese inicial", True), ("Nota clínica", False)):
            health.create_record(
                session=s,
                actor=c.physio,
                client_id=c.ana,
                kind="anamnese",
                record_date=NOW.date(),
                title=title,
                body="texto",
                visible_to_client=visible,
                files=[Upload("Laudo São Paulo.pdf", PDF)],
                now=NOW,
            )
    return c


def _attachments(db: Engine) -> tuple[int, int]:
    with unit_of_work(db) as s:
        ids = s.exec(select(HealthAttachment.id).order_by(HealthAttachment.id)).all()
    return ids[0] or 0, ids[1] or 0  # visible record's, hidden record's


def _staff_cookie(db: Engine, user_id: int, team_id: int) -> dict[str, str]:
    token = new_token()
    with unit_of_work(db) as s:
        s.add(
            StaffSession(
                token_hash=token_hash(token),
                user_id=user_id,
                team_id=team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(hours=8),
            )
        )
    return {"treinico_sessao": token}


def _portal_cookie(db: Engine, phone: str, team_id: int) -> dict[str, str]:
    token = new_token()
    with unit_of_work(db) as s:
        s.add(
            PortalSession(
                token_hash=token_hash(token),
                phone_e164=phone,
                team_id=team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(days=30),
            )
        )
    return {"treinico_portal": token}


def _downloads(db: Engine) -> int:
    with unit_of_work(db) as s:
        return int(
            s.exec(
                select(func.count())
                .select_from(AccessLogEntry)
                .where(AccessLogEntry.action == "anexo")
            ).one()
        )


def test_staff_with_health_read_downloads_with_private_headers(
    db: Engine, app: TestClient, clinic: Clinic
) -> None:
    visible, hidden = _attachments(db)
    app.cookies.update(_staff_cookie(db, clinic.physio.user_id, clinic.team_id))
    for attachment in (visible, hidden):  # staff see hidden records' files too
        response = app.get(f"/arquivos/saude/{attachment}")
        assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''Laudo%20S%C3%A3o%20Paulo.pdf" in response.headers["content-disposition"]
    )
    assert response.headers["cache-control"] == "no-store, private"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert _downloads(db) == 2


def test_trainer_without_health_read_and_other_teams_get_404(
    db: Engine, app: TestClient, clinic: Clinic
) -> None:
    visible, _ = _attachments(db)
    with unit_of_work(db) as s:
        other = make_clinic(s)
    for cookie in (
        _staff_cookie(db, clinic.trainer.user_id, clinic.team_id),
        _staff_cookie(db, other.owner.user_id, other.team_id),
        _portal_cookie(db, other.ana_phone, other.team_id),
        {},
    ):
        app.cookies.clear()
        app.cookies.update(cookie)
        response = app.get(f"/arquivos/saude/{visible}")
        assert response.status_code == 404 and PDF not in response.content
    assert _downloads(db) == 0


def test_the_client_gets_only_visible_records_files(
    db: Engine, app: TestClient, clinic: Clinic
) -> None:
    visible, hidden = _attachments(db)
    app.cookies.update(_portal_cookie(db, clinic.ana_phone, clinic.team_id))
    assert app.get(f"/arquivos/saude/{visible}").content == PDF
    assert app.get(f"/arquivos/saude/{hidden}").status_code == 404
    assert _downloads(db) == 1


def test_my_data_zip_is_the_clients_own(db: Engine, app: TestClient, clinic: Clinic) -> None:
    app.cookies.update(_portal_cookie(db, clinic.ana_phone, clinic.team_id))
    response = app.get(f"/arquivos/meus-dados.zip?negocio={clinic.slug}")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store, private"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "meus-dados.json" in names
    app.cookies.clear()
    assert app.get(f"/arquivos/meus-dados.zip?negocio={clinic.slug}").status_code == 404


def test_cross_site_downloads_are_refused(db: Engine, app: TestClient, clinic: Clinic) -> None:
    visible, _ = _attachments(db)
    app.cookies.update(_staff_cookie(db, clinic.physio.user_id, clinic.team_id))
    refused = app.get(f"/arquivos/saude/{visible}", headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 404
    assert (
        app.get(f"/arquivos/saude/{visible}", headers={"Sec-Fetch-Site": "same-origin"}).content
        == PDF
    )
    assert _downloads(db) == 1


def test_a_client_without_the_current_terms_gets_no_file(db: Engine, app: TestClient) -> None:
    with unit_of_work(db) as s:
        c = make_clinic(s, consents=("saude",))  # health consent, terms never accepted
        health.create_record(
            session=s,
            actor=c.physio,
            client_id=c.ana,
            kind="exame",
            record_date=NOW.date(),
            title="Exame",
            body="",
            visible_to_client=True,
            files=[Upload("a.pdf", PDF)],
            now=NOW,
        )
    with unit_of_work(db) as s:
        attachment = s.exec(select(HealthAttachment.id)).one()
    app.cookies.update(_portal_cookie(db, c.ana_phone, c.team_id))
    assert app.get(f"/arquivos/saude/{attachment}").status_code == 404
    assert _downloads(db) == 0


def test_a_private_file_keeps_its_own_policy_through_the_whole_stack(
    db: Engine, app: TestClient, clinic: Clinic
) -> None:
    """The route's ``default-src 'none'; sandbox`` (the file cannot run anything even if a
    browser renders it) survives the app's header middleware, which used to overwrite it
    with the pages' policy. The stack is composed as treinico/app.py composes it."""
    from treinico.http.errors import error_pages
    from treinico.http.gate import slug_gate
    from treinico.http.headers import security_headers

    stack = security_headers(error_pages(slug_gate(build_http_app())))
    visible, _hidden = _attachments(db)
    with TestClient(stack, base_url="http://localhost:3000") as client:
        client.cookies.update(_staff_cookie(db, clinic.physio.user_id, clinic.team_id))
        response = client.get(f"/arquivos/saude/{visible}")
        page = client.get("/robots.txt")
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert response.headers["x-frame-options"] == "DENY"  # the other headers still come
    assert "script-src 'self'" in page.headers["content-security-policy"]

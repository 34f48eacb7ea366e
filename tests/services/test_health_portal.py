"""The client's side of health records, the access log they read, "Meus dados" and the
owner's requests and anonymisation — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from tests.services.health_world import NOW, PDF, Clinic, make_clinic
from treinico.db import unit_of_work
from treinico.models import AccessLogEntry, Client, HealthAttachment, PortalSession
from treinico.services.auth.portal import new_token, token_hash
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.health import portal as portal_health
from treinico.services.health import records as health
from treinico.services.health.files import Upload
from treinico.services.privacy import consent, data_rights
from treinico.services.privacy import portal as portal_privacy
from treinico.services.privacy import reads_log as access_log


@pytest.fixture()
def clinic(db: Engine) -> Clinic:
    with unit_of_work(db) as s:
        c = make_clinic(s)
    with unit_of_work(db) as s:
        for title, visible in (("Anamnese inicial", True), ("Nota clínica: dor lombar", False)):
            health.create_record(
                session=s,
                actor=c.physio,
                client_id=c.ana,
                kind="anamnese",
                record_date=date(2026, 3, 1),
                title=title,
                body=f"Texto de {title}",
                visible_to_client=visible,
                files=[Upload(f"{title[:4]}.pdf", PDF)],
                now=NOW,
            )
    return c


def _ids(db: Engine, title_visible: bool) -> tuple[int, int]:
    with unit_of_work(db) as s:
        rows = s.exec(
            select(HealthAttachment.record_id, HealthAttachment.id).order_by(HealthAttachment.id)
        ).all()
    return rows[0] if title_visible else rows[1]


def test_the_client_sees_only_visible_records_and_each_read_is_logged(
    db: Engine, clinic: Clinic
) -> None:
    b = clinic.business()
    with unit_of_work(db) as s:
        mine = portal_health.my_records(session=s, business=b, now=NOW, ip="200.1.1.1")
    assert [r.title for r in mine.records] == ["Anamnese inicial"]
    visible_id, visible_att = _ids(db, True)
    hidden_id, hidden_att = _ids(db, False)
    with unit_of_work(db) as s:
        record = portal_health.my_record(session=s, business=b, record_id=visible_id, now=NOW)
        file = portal_health.download_for_client(
            session=s, business=b, attachment_id=visible_att, now=NOW
        )
    assert record.body == "Texto de Anamnese inicial" and file.data == PDF
    for fn in (
        lambda s: portal_health.my_record(session=s, business=b, record_id=hidden_id, now=NOW),
        lambda s: portal_health.download_for_client(
            session=s, business=b, attachment_id=hidden_att, now=NOW
        ),
        lambda s: portal_health.my_record(session=s, business=b, record_id="1", now=NOW),  # type: ignore[arg-type]
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            fn(s)
    with unit_of_work(db) as s:
        log = access_log.client_log(s, team_id=clinic.team_id, client_id=clinic.ana)
    assert [r.action_label for r in log][:3] == [
        "Baixou um anexo",
        "Leu um registro de saúde",
        "Abriu a lista de registros de saúde",
    ]
    assert log[0].who == "Você (área do cliente)" and log[0].ip == ""


def test_revoking_health_consent_hides_records_at_once(db: Engine, clinic: Clinic) -> None:
    b = clinic.business()
    visible_id, visible_att = _ids(db, True)
    with unit_of_work(db) as s:
        portal_privacy.set_consent(session=s, business=b, purpose="saude", give=False, now=NOW)
    with unit_of_work(db) as s:
        mine = portal_health.my_records(session=s, business=b, now=NOW)
    assert mine.enabled and not mine.consent_given and mine.records == []
    for fn in (
        lambda s: portal_health.my_record(session=s, business=b, record_id=visible_id, now=NOW),
        lambda s: portal_health.download_for_client(
            session=s, business=b, attachment_id=visible_att, now=NOW
        ),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            fn(s)
    with unit_of_work(db) as s:
        portal_privacy.set_consent(session=s, business=b, purpose="saude", give=True, now=NOW)
        assert len(portal_health.my_records(session=s, business=b, now=NOW).records) == 1


def test_another_client_or_team_never_gets_anamnesis(db: Engine, clinic: Clinic) -> None:
    from tests.factories import make_client

    visible_id, visible_att = _ids(db, True)
    with unit_of_work(db) as s:
        bruno = make_client(s, clinic.team_id, "Bruno")
        consent.record(
            s, team_id=clinic.team_id, client_id=bruno, purpose="saude", give=True, now=NOW
        )
        other = make_clinic(s)
    for b in (clinic.business(bruno, "Bruno"), other.business()):
        with unit_of_work(db) as s:
            assert portal_health.my_records(session=s, business=b, now=NOW).records == []
        with pytest.raises(NotFound), unit_of_work(db) as s:
            portal_health.my_record(session=s, business=b, record_id=visible_id, now=NOW)
        with pytest.raises(NotFound), unit_of_work(db) as s:
            portal_health.download_for_client(
                session=s, business=b, attachment_id=visible_att, now=NOW
            )


def test_the_owner_reads_the_log_with_filters(db: Engine, clinic: Clinic) -> None:
    visible_id, _ = _ids(db, True)
    with unit_of_work(db) as s:
        health.get_record(
            session=s, actor=clinic.physio, record_id=visible_id, now=NOW, ip="10.0.0.2"
        )
        health.get_record(
            session=s, actor=clinic.owner, record_id=visible_id, now=NOW + timedelta(days=2)
        )
        portal_health.my_record(
            session=s, business=clinic.business(), record_id=visible_id, now=NOW
        )
    with unit_of_work(db) as s:
        everyone = access_log.team_log(session=s, actor=clinic.owner)
        physio = access_log.team_log(session=s, actor=clinic.owner, user_id=clinic.physio.user_id)
        that_day = access_log.team_log(
            session=s, actor=clinic.owner, start=date(2026, 3, 12), end=date(2026, 3, 12)
        )
        staff = access_log.staff_in_log(session=s, actor=clinic.owner)
    assert len(everyone) == 3
    assert [(r.who, r.ip) for r in physio] == [(clinic.physio.name, "10.0.0.2")]
    assert physio[0].target.startswith(f"Registro nº {visible_id} · Anamnese")
    assert [r.who for r in that_day] == [clinic.owner.name]
    assert {o.name for o in staff} == {clinic.owner.name, clinic.physio.name}
    assert "Nota" not in " ".join(r.target for r in everyone)  # the log holds no content
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        access_log.team_log(session=s, actor=clinic.physio)
    with pytest.raises(Invalid), unit_of_work(db) as s:
        access_log.team_log(
            session=s, actor=clinic.owner, start=date(2026, 3, 12), end=date(2026, 3, 1)
        )


def test_my_data_export_has_everything_of_mine_and_nothing_hidden(
    db: Engine, clinic: Clinic
) -> None:
    b = clinic.business()
    with unit_of_work(db) as s:
        portal_privacy.request_change(
            session=s, business=b, kind="correcao", message="Meu e-mail mudou", now=NOW
        )
        body = data_rights.build_export(session=s, business=b, now=NOW, ip="200.1.1.1")
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert {
        "meus-dados.json",
        "consentimentos.csv",
        "registro_de_acessos.csv",
        "registros_de_saude.csv",
    } <= set(archive.namelist())
    raw = archive.read("meus-dados.json").decode()
    data = json.loads(raw)
    assert data["tabelas"]["cliente"][0]["name"] == "Ana Souza"
    assert [r["purpose"] for r in data["tabelas"]["consentimentos"]] == ["termos", "saude"]
    assert [r["titulo"] for r in data["tabelas"]["registros_de_saude"]] == ["Anamnese inicial"]
    assert "dor lombar" not in raw and "não liberados para você: 1" in data["aviso"]
    assert data["tabelas"]["pedidos_lgpd"][0]["message"] == "Meu e-mail mudou"
    assert "team_id" not in data["tabelas"]["cliente"][0]
    with unit_of_work(db) as s:
        exports = s.exec(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.action == "exportacao")
        ).one()
    assert exports == 1
    assert "Baixou uma cópia dos dados" in archive.read("registro_de_acessos.csv").decode()


def test_requests_have_a_15_day_deadline_and_the_owner_answers_them(
    db: Engine, clinic: Clinic
) -> None:
    b = clinic.business()
    with pytest.raises(Invalid), unit_of_work(db) as s:
        portal_privacy.request_change(
            session=s, business=b, kind="tudo", message="apaguem tudo", now=NOW
        )
    with unit_of_work(db) as s:
        row = portal_privacy.request_change(
            session=s, business=b, kind="exclusao", message="Quero excluir meus dados", now=NOW
        )
    assert row.due_label == "25/03/2026" and row.status_label == "Em andamento"
    with unit_of_work(db) as s:
        listed = data_rights.list_requests(
            session=s, actor=clinic.owner, now=NOW + timedelta(days=16)
        )
    assert listed[0].overdue and listed[0].days_left == -1 and listed[0].client_name == "Ana Souza"
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        data_rights.list_requests(session=s, actor=clinic.physio, now=NOW)
    with unit_of_work(db) as s:
        data_rights.resolve_request(
            session=s,
            actor=clinic.owner,
            request_id=listed[0].id,
            resolution="Dados anonimizados.",
            now=NOW,
        )
    with pytest.raises(Conflict), unit_of_work(db) as s:
        data_rights.resolve_request(
            session=s, actor=clinic.owner, request_id=listed[0].id, resolution="De novo.", now=NOW
        )
    with unit_of_work(db) as s:
        other = make_clinic(s)
    with pytest.raises(NotFound), unit_of_work(db) as s:
        data_rights.resolve_request(
            session=s, actor=other.owner, request_id=listed[0].id, resolution="Invasão.", now=NOW
        )


def test_a_team_ends_only_the_sessions_in_its_own_business(db: Engine, clinic: Clinic) -> None:
    """Anonymising Ana in the clinic ends her portal sessions there, not the one her phone
    has open in another business (the clinic's staff must not reach into another team)."""
    from tests.factories import make_client, make_team

    with unit_of_work(db) as s:
        other = make_team(s)
        make_client(s, other.team.id, name="Ana", phone=clinic.ana_phone)
        other_team = other.team.id
    tokens = {}
    with unit_of_work(db) as s:
        for team_id in (clinic.team_id, other_team):
            tokens[team_id] = token = new_token()
            s.add(
                PortalSession(
                    token_hash=token_hash(token),
                    phone_e164=clinic.ana_phone,
                    team_id=team_id,
                    created_at=NOW,
                    last_seen_at=NOW,
                    expires_at=NOW + timedelta(days=30),
                )
            )
    with unit_of_work(db) as s:
        data_rights.anonymise_client(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)
    with unit_of_work(db) as s:
        ended = {
            row.team_id: row.revoked_at is not None for row in s.exec(select(PortalSession)).all()
        }
    assert ended == {clinic.team_id: True, other_team: False}


def test_anonymise_removes_contact_data_ends_sessions_and_keeps_records(
    db: Engine, clinic: Clinic
) -> None:
    token = new_token()
    with unit_of_work(db) as s:
        s.add(
            PortalSession(
                token_hash=token_hash(token),
                phone_e164=clinic.ana_phone,
                team_id=clinic.team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(days=30),
            )
        )
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        data_rights.anonymise_client(session=s, actor=clinic.physio, client_id=clinic.ana, now=NOW)
    with unit_of_work(db) as s:
        data_rights.anonymise_client(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)
    with unit_of_work(db) as s:
        client = s.get(Client, clinic.ana)
        assert client is not None
        assert client.name == f"Cliente anonimizado nº {clinic.ana}" and client.email is None
        assert (
            client.phone_e164 == f"anon:{clinic.ana}"
            and client.archived
            and client.anonymised_at is not None
        )
        session_row = s.exec(select(PortalSession)).one()
        assert session_row.revoked_at is not None
        overview = health.list_records(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)
        assert len(overview.records) == 2  # health records kept, as the law requires
        last = access_log.team_log(session=s, actor=clinic.owner)[1]
        assert last.action_label == "Anonimizou o cliente" and last.who == clinic.owner.name
    with pytest.raises(Conflict), unit_of_work(db) as s:
        data_rights.anonymise_client(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)
    with unit_of_work(db) as s:
        portal_privacy.request_change(
            session=s, business=clinic.business(), kind="exclusao", message="Apaguem", now=NOW
        )
        from treinico.services.clients import get_client

        assert data_rights.list_requests(session=s, actor=clinic.owner, now=NOW)[0].anonymised
        assert get_client(session=s, actor=clinic.owner, client_id=clinic.ana).anonymised


def test_the_clients_log_does_not_describe_records_they_may_not_see(
    db: Engine, clinic: Clinic
) -> None:
    hidden_id, _ = _ids(db, False)
    with unit_of_work(db) as s:
        health.get_record(session=s, actor=clinic.physio, record_id=hidden_id, now=NOW)
        mine = access_log.client_log(s, team_id=clinic.team_id, client_id=clinic.ana)
        owners = access_log.team_log(session=s, actor=clinic.owner)
    assert mine[0].target == "Um registro não liberado para você"
    assert owners[0].target.startswith(f"Registro nº {hidden_id} · Anamnese")


def test_csv_cells_that_would_run_as_formulas_are_quoted() -> None:
    out = data_rights._csv([{"a": "=HYPERLINK(1)", "b": "", "c": "\tcmd", "d": "ok", "e": 3}])
    assert out.splitlines()[1] == "'=HYPERLINK(1),,'\tcmd,ok,3"


def test_anonymise_clears_what_the_client_typed_in_requests(db: Engine, clinic: Clinic) -> None:
    with unit_of_work(db) as s:
        portal_privacy.request_change(
            session=s,
            business=clinic.business(),
            kind="correcao",
            message="Meu novo WhatsApp é 11 99999-0000",
            now=NOW,
        )
    with unit_of_work(db) as s:
        data_rights.anonymise_client(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)
    with unit_of_work(db) as s:
        row = data_rights.list_requests(session=s, actor=clinic.owner, now=NOW)[0]
    assert row.message == "[removido na anonimização]"

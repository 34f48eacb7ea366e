"""Health records on the staff side: permissions, tenancy, versions, annulment, consent,
encryption at rest and the access log — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from tests.services.health_world import NOW, PDF, PNG, Clinic, make_clinic
from treinico.db import unit_of_work
from treinico.models import AccessLogEntry, HealthAttachment, HealthRecord, HealthRecordVersion
from treinico.services.errors import Conflict, Forbidden, Invalid, NotFound
from treinico.services.health import records as health
from treinico.services.health.files import Upload
from treinico.services.permissions import Perm
from treinico.services.privacy import consent
from treinico.services.teams import set_health_enabled

SECRET_TITLE = "Nota clínica: dor lombar"
SECRET_BODY = "Lasègue negativo, suspender corrida por 10 dias"


def _record(
    db: Engine, c: Clinic, *, visible: bool = False, files: list[Upload] | None = None
) -> int:
    with unit_of_work(db) as s:
        row = health.create_record(
            session=s,
            actor=c.physio,
            client_id=c.ana,
            kind="evolucao",
            record_date=date(2026, 3, 9),
            title=SECRET_TITLE,
            body=SECRET_BODY,
            visible_to_client=visible,
            files=files,
            now=NOW,
        )
    return row.id


def _log_count(db: Engine) -> int:
    with unit_of_work(db) as s:
        return int(s.exec(select(func.count()).select_from(AccessLogEntry)).one())


@pytest.fixture()
def clinic(db: Engine) -> Clinic:
    with unit_of_work(db) as s:
        return make_clinic(s)


def test_health_professional_records_and_reads_with_one_log_row_per_read(
    db: Engine, clinic: Clinic
) -> None:
    record_id = _record(db, clinic, files=[Upload("exame.pdf", PDF)])
    before = _log_count(db)
    with unit_of_work(db) as s:
        detail = health.get_record(
            session=s, actor=clinic.owner, record_id=record_id, now=NOW, ip="10.0.0.9"
        )
    assert detail.row.title == SECRET_TITLE and detail.body == SECRET_BODY
    assert [a.name for a in detail.attachments] == ["exame.pdf"]
    assert detail.row.author_name == clinic.physio.name
    assert _log_count(db) == before + 1
    with unit_of_work(db) as s:
        entry = s.exec(select(AccessLogEntry).order_by(col(AccessLogEntry.id).desc())).first()
        assert entry is not None
        assert (entry.action, entry.record_id, entry.user_id, entry.ip, entry.actor_kind) == (
            "registro",
            record_id,
            clinic.owner.user_id,
            "10.0.0.9",
            "equipe",
        )
    with unit_of_work(db) as s:
        overview = health.list_records(
            session=s, actor=clinic.physio, client_id=clinic.ana, now=NOW
        )
    assert [r.title for r in overview.records] == [SECRET_TITLE]
    assert overview.can_write and overview.banner == ""
    assert _log_count(db) == before + 2


@pytest.mark.parametrize("call", ["list", "get", "versions", "download", "create"])
def test_trainer_without_health_permission_reads_nothing(
    db: Engine, clinic: Clinic, call: str
) -> None:
    record_id = _record(db, clinic, files=[Upload("exame.pdf", PDF)])
    with unit_of_work(db) as s:
        attachment_id = s.exec(select(HealthAttachment.id)).one()
    before = _log_count(db)
    calls = {
        "list": lambda s: health.list_records(
            session=s, actor=clinic.trainer, client_id=clinic.ana, now=NOW
        ),
        "get": lambda s: health.get_record(
            session=s, actor=clinic.trainer, record_id=record_id, now=NOW
        ),
        "versions": lambda s: health.record_versions(
            session=s, actor=clinic.trainer, record_id=record_id, now=NOW
        ),
        "download": lambda s: health.download_for_staff(
            session=s, actor=clinic.trainer, attachment_id=attachment_id, now=NOW
        ),
        "create": lambda s: health.create_record(
            session=s,
            actor=clinic.trainer,
            client_id=clinic.ana,
            kind="outro",
            record_date=date(2026, 3, 9),
            title="x",
            body="y",
            now=NOW,
        ),
    }
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        calls[call](s)
    assert _log_count(db) == before


def test_module_off_refuses_even_the_owner(db: Engine, clinic: Clinic) -> None:
    _record(db, clinic)
    with unit_of_work(db) as s:
        set_health_enabled(session=s, actor=clinic.owner, enabled=False)
    with pytest.raises(Forbidden, match="módulo Saúde"), unit_of_work(db) as s:
        health.list_records(session=s, actor=clinic.owner, client_id=clinic.ana, now=NOW)


def test_another_teams_record_and_attachment_are_not_found(db: Engine, clinic: Clinic) -> None:
    record_id = _record(db, clinic, files=[Upload("exame.pdf", PDF)])
    with unit_of_work(db) as s:
        other = make_clinic(s)
        attachment_id = s.exec(select(HealthAttachment.id)).one()
    before = _log_count(db)
    for fn in (
        lambda s: health.get_record(session=s, actor=other.owner, record_id=record_id, now=NOW),
        lambda s: health.record_versions(
            session=s, actor=other.owner, record_id=record_id, now=NOW
        ),
        lambda s: health.download_for_staff(
            session=s, actor=other.owner, attachment_id=attachment_id, now=NOW
        ),
        lambda s: health.list_records(session=s, actor=other.owner, client_id=clinic.ana, now=NOW),
        lambda s: health.set_visibility(
            session=s, actor=other.owner, record_id=record_id, visible=True, now=NOW
        ),
        lambda s: health.annul_record(
            session=s, actor=other.owner, record_id=record_id, reason="por engano", now=NOW
        ),
    ):
        with pytest.raises(NotFound), unit_of_work(db) as s:
            fn(s)
    assert _log_count(db) == before


def test_edit_adds_a_version_and_the_old_text_stays_readable(db: Engine, clinic: Clinic) -> None:
    record_id = _record(db, clinic)
    with unit_of_work(db) as s:
        row = health.edit_record(
            session=s,
            actor=clinic.owner,
            record_id=record_id,
            expected_version=1,
            kind="evolucao",
            record_date=date(2026, 3, 9),
            title="Nota clínica: lombalgia",
            body="Melhorou.",
            visible_to_client=False,
            files=[Upload("raio-x.png", PNG)],
            now=NOW + timedelta(hours=1),
        )
    assert row.version == 2 and row.attachment_count == 1
    with unit_of_work(db) as s:
        versions = health.record_versions(
            session=s, actor=clinic.owner, record_id=record_id, now=NOW
        )
    assert [(v.version, v.change_label, v.title) for v in versions] == [
        (2, "Editado", "Nota clínica: lombalgia"),
        (1, "Criado", SECRET_TITLE),
    ]
    assert versions[1].body == SECRET_BODY and versions[0].actor_name == clinic.owner.name
    # someone editing the old version is told, not overwritten
    with pytest.raises(Conflict), unit_of_work(db) as s:
        health.edit_record(
            session=s,
            actor=clinic.physio,
            record_id=record_id,
            expected_version=1,
            kind="evolucao",
            record_date=date(2026, 3, 9),
            title="x",
            body="y",
            visible_to_client=False,
            now=NOW,
        )


def test_annul_keeps_the_record_and_blocks_changes(db: Engine, clinic: Clinic) -> None:
    record_id = _record(db, clinic, visible=True)
    with pytest.raises(Invalid) as short, unit_of_work(db) as s:
        health.annul_record(session=s, actor=clinic.owner, record_id=record_id, reason="x", now=NOW)
    assert "reason" in short.value.fields
    with unit_of_work(db) as s:
        row = health.annul_record(
            session=s, actor=clinic.owner, record_id=record_id, reason="Paciente errado", now=NOW
        )
    assert row.annulled and not row.visible_to_client
    with unit_of_work(db) as s:
        detail = health.get_record(session=s, actor=clinic.owner, record_id=record_id, now=NOW)
        assert s.exec(select(func.count()).select_from(HealthRecord)).one() == 1
    assert detail.annul_reason == "Paciente errado" and "Anulado em" in detail.annulled_label
    with pytest.raises(Conflict), unit_of_work(db) as s:
        health.set_visibility(
            session=s, actor=clinic.owner, record_id=record_id, visible=True, now=NOW
        )


def test_visibility_toggle_is_a_version_with_who(db: Engine, clinic: Clinic) -> None:
    record_id = _record(db, clinic)
    with unit_of_work(db) as s:
        row = health.set_visibility(
            session=s, actor=clinic.physio, record_id=record_id, visible=True, now=NOW
        )
        again = health.set_visibility(
            session=s, actor=clinic.physio, record_id=record_id, visible=True, now=NOW
        )
    assert row.visible_to_client and row.version == 2 and again.version == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("laudo.pdf", b"MZ\x90\x00 this is an executable", "não é um PDF"),
        ("foto.png", PDF, "não é um PDF"),  # a real PDF named .png
        ("laudo.pdf", b"", "vazio"),
        ("grande.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024) + b"%%EOF", "10 MB"),
        ("script.html", b"<script>alert(1)</script>", "não é um PDF"),
    ],
)
def test_files_are_judged_by_their_content(
    db: Engine, clinic: Clinic, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(Invalid, match=message) as refused, unit_of_work(db) as s:
        health.create_record(
            session=s,
            actor=clinic.physio,
            client_id=clinic.ana,
            kind="exame",
            record_date=date(2026, 3, 9),
            title="Exame",
            body="",
            files=[Upload(name, data)],
            now=NOW,
        )
    assert "files" in refused.value.fields
    with unit_of_work(db) as s:
        assert s.exec(select(func.count()).select_from(HealthRecord)).one() == 0


def test_form_errors_name_their_fields(db: Engine, clinic: Clinic) -> None:
    with pytest.raises(Invalid) as refused, unit_of_work(db) as s:
        health.create_record(
            session=s,
            actor=clinic.physio,
            client_id=clinic.ana,
            kind="magia",
            record_date=None,
            title="  ",
            body="",
            now=NOW,
        )
    assert set(refused.value.fields) == {"kind", "record_date", "title"}


def test_without_health_consent_new_records_are_blocked_and_staff_see_why(db: Engine) -> None:
    with unit_of_work(db) as s:
        c = make_clinic(s, consents=("termos",))
    with unit_of_work(db) as s:
        overview = health.list_records(session=s, actor=c.owner, client_id=c.ana, now=NOW)
    assert (
        overview.consent == "pendente"
        and not overview.can_write
        and "ainda não deu" in overview.banner
    )
    with pytest.raises(Forbidden, match="consentimento"), unit_of_work(db) as s:
        health.create_record(
            session=s,
            actor=c.owner,
            client_id=c.ana,
            kind="anamnese",
            record_date=date(2026, 3, 9),
            title="Anamnese",
            body="",
            now=NOW,
        )
    with unit_of_work(db) as s:
        consent.record_in_person(
            session=s, actor=c.owner, client_id=c.ana, purpose="saude", give=True, now=NOW
        )
    record_id = _record(db, c)
    with unit_of_work(db) as s:
        consent.record(
            session=s, team_id=c.team_id, client_id=c.ana, purpose="saude", give=False, now=NOW
        )
    with unit_of_work(db) as s:
        overview = health.list_records(session=s, actor=c.owner, client_id=c.ana, now=NOW)
    assert overview.consent == "revogado" and "revogou" in overview.banner
    assert [r.id for r in overview.records] == [record_id]  # kept, as the law requires
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        health.edit_record(
            session=s,
            actor=c.owner,
            record_id=record_id,
            expected_version=1,
            kind="evolucao",
            record_date=date(2026, 3, 9),
            title="x",
            body="y",
            visible_to_client=False,
            now=NOW,
        )


def test_encrypted_columns_hold_no_plaintext(db: Engine, clinic: Clinic) -> None:
    _record(db, clinic, files=[Upload("ressonancia-lombar.pdf", PDF)])
    needles = [SECRET_TITLE.encode(), SECRET_BODY.encode(), b"ressonancia", b"%PDF", b"lombar"]
    with db.connect() as conn:
        for table, columns in (
            ("health_record", ("title_enc", "body_enc")),
            ("health_record_version", ("title_enc", "body_enc")),
            ("health_attachment", ("name_enc", "data_enc")),
        ):
            for row in conn.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table}")):
                for value in row:
                    raw = bytes(value)
                    assert raw[:1] == b"\x01" and len(raw) > 28
                    assert not any(n in raw for n in needles), table
        wrapped = conn.execute(sa.text("SELECT wrapped FROM team_data_key")).scalar_one()
        assert wrapped.startswith("gAAAA")  # a Fernet token, never the raw key


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE health_record_version SET note = 'x'",
        "DELETE FROM health_record_version",
        "UPDATE health_attachment SET size_bytes = 1",
        "DELETE FROM health_attachment",
        "UPDATE access_log SET actor_name = 'x'",
        "DELETE FROM access_log",
    ],
)
def test_versions_attachments_and_log_are_append_only(
    db: Engine, clinic: Clinic, statement: str
) -> None:
    record_id = _record(db, clinic, files=[Upload("exame.pdf", PDF)])
    with unit_of_work(db) as s:
        health.get_record(session=s, actor=clinic.owner, record_id=record_id, now=NOW)
    with pytest.raises(sa.exc.DBAPIError), db.begin() as conn:
        conn.exec_driver_sql(statement)


def test_health_role_and_presets(db: Engine, clinic: Clinic) -> None:
    assert clinic.physio.can(Perm.HEALTH_READ) and clinic.physio.can(Perm.HEALTH_WRITE)
    assert not clinic.trainer.can(Perm.HEALTH_READ)
    assert clinic.owner.can(Perm.PRIVACY_MANAGE) and not clinic.physio.can(Perm.PRIVACY_MANAGE)
    with unit_of_work(db) as s:
        assert s.exec(select(func.count()).select_from(HealthRecordVersion)).one() == 0


def test_visibility_is_not_published_over_a_version_never_seen(db: Engine, clinic: Clinic) -> None:
    record_id = _record(db, clinic)
    with unit_of_work(db) as s:
        health.edit_record(
            session=s,
            actor=clinic.owner,
            record_id=record_id,
            expected_version=1,
            kind="evolucao",
            record_date=date(2026, 3, 9),
            title="Nova versão",
            body="Texto novo e sensível",
            visible_to_client=False,
            now=NOW,
        )
    with pytest.raises(Conflict), unit_of_work(db) as s:
        health.set_visibility(
            session=s,
            actor=clinic.physio,
            record_id=record_id,
            visible=True,
            now=NOW,
            expected_version=1,
        )


def test_only_the_owner_grants_or_withdraws_privacy(db: Engine, clinic: Clinic) -> None:
    from tests.factories import make_member, membership_id
    from treinico.services.permissions import Role
    from treinico.services.teams import set_member_permission

    with unit_of_work(db) as s:
        admin = make_member(s, clinic.team_id, Role.ADMIN)
    for target in (admin, clinic.physio):
        with pytest.raises(Forbidden, match="proprietário"), unit_of_work(db) as s:
            set_member_permission(
                session=s,
                actor=admin,
                membership_id=membership_id(s, target),
                permission=Perm.PRIVACY_MANAGE,
                granted=True,
            )
    with unit_of_work(db) as s:
        row = set_member_permission(
            session=s,
            actor=clinic.owner,
            membership_id=membership_id(s, clinic.physio),
            permission=Perm.PRIVACY_MANAGE,
            granted=True,
        )
    assert Perm.PRIVACY_MANAGE in row.permissions

"""Consent: versioned texts, the append-only ledger, the portal's terms gate and the
consequences of revoking, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from tests.services.health_world import NOW, Clinic, make_clinic
from treinico.db import unit_of_work
from treinico.models import ConsentEvent, PortalSession
from treinico.services.auth.portal import current_business, new_token, token_hash
from treinico.services.errors import Forbidden, Invalid, Unauthenticated
from treinico.services.privacy import consent
from treinico.services.privacy import portal as portal_privacy


@pytest.fixture()
def clinic(db: Engine) -> Clinic:
    with unit_of_work(db) as s:
        return make_clinic(s, consents=())


def _states(db: Engine, c: Clinic) -> dict[str, consent.ConsentState]:
    with unit_of_work(db) as s:
        return {
            st.purpose: st for st in consent.consent_states(s, team_id=c.team_id, client_id=c.ana)
        }


def test_default_texts_are_version_one_and_name_the_business(db: Engine, clinic: Clinic) -> None:
    with unit_of_work(db) as s:
        texts = consent.list_texts(session=s, actor=clinic.owner)
    assert [(t.purpose, t.version) for t in texts] == [
        ("termos", 1),
        ("saude", 1),
        ("marketing", 1),
    ]
    assert all("{negocio}" not in t.body and "Equipe" in t.body for t in texts)


def test_first_entry_asks_terms_and_health_then_lets_the_client_in(
    db: Engine, clinic: Clinic
) -> None:
    with unit_of_work(db) as s:
        gate = portal_privacy.gate(session=s, business=clinic.business())
    assert gate.needs_terms and gate.ask_health and gate.health is not None
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(
            session=s, business=clinic.business(), health=False, now=NOW, ip="1.1.1.1"
        )
    with unit_of_work(db) as s:
        gate = portal_privacy.gate(session=s, business=clinic.business())
    assert not gate.needs_terms and not gate.ask_health  # "Agora não" is an answer too
    states = _states(db, clinic)
    assert states["termos"].given and not states["saude"].given and states["saude"].decided
    assert states["termos"].channel_label == "pela área do cliente"


def test_a_new_terms_version_is_asked_again_and_old_consents_keep_their_text(
    db: Engine, clinic: Clinic
) -> None:
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(session=s, business=clinic.business(), health=None, now=NOW)
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        consent.publish_text(
            session=s, actor=clinic.physio, purpose="termos", title="T", body="x" * 30, now=NOW
        )
    with pytest.raises(Invalid) as short, unit_of_work(db) as s:
        consent.publish_text(
            session=s, actor=clinic.owner, purpose="termos", title="", body="curto", now=NOW
        )
    assert set(short.value.fields) == {"title", "body"}
    with unit_of_work(db) as s:
        v2 = consent.publish_text(
            session=s,
            actor=clinic.owner,
            purpose="termos",
            title="Termos 2027",
            body="Novos termos de uso, com mais detalhes.",
            now=NOW + timedelta(days=1),
        )
    assert v2.version == 2
    with unit_of_work(db) as s:
        assert consent.needs_terms(s, team_id=clinic.team_id, client_id=clinic.ana)
        old = s.exec(select(ConsentEvent).where(ConsentEvent.client_id == clinic.ana)).one()
    assert old.text_version == 1
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(session=s, business=clinic.business(), health=None, now=NOW)
        assert not consent.needs_terms(s, team_id=clinic.team_id, client_id=clinic.ana)
        rows = s.exec(select(ConsentEvent.text_version).order_by(col(ConsentEvent.id))).all()
    assert rows == [1, 2]


def test_giving_twice_is_one_event_and_revoking_is_as_easy(db: Engine, clinic: Clinic) -> None:
    b = clinic.business()
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(session=s, business=b, health=None, now=NOW)
        assert (
            portal_privacy.set_consent(
                session=s, business=b, purpose="marketing", give=True, now=NOW
            )
            is False
        )
        portal_privacy.set_consent(session=s, business=b, purpose="marketing", give=True, now=NOW)
        portal_privacy.set_consent(session=s, business=b, purpose="marketing", give=False, now=NOW)
        rows = s.exec(
            select(ConsentEvent.action)
            .where(ConsentEvent.purpose == "marketing")
            .order_by(col(ConsentEvent.id))
        ).all()
    assert rows == ["concedido", "revogado"]
    with pytest.raises(Invalid), unit_of_work(db) as s:
        portal_privacy.set_consent(
            session=s, business=b, purpose="vender-dados", give=True, now=NOW
        )


def _portal_session(db: Engine, c: Clinic) -> str:
    token = new_token()
    with unit_of_work(db) as s:
        s.add(
            PortalSession(
                token_hash=token_hash(token),
                phone_e164=c.ana_phone,
                team_id=c.team_id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(days=30),
            )
        )
    return token


def test_revoking_terms_ends_the_portal_session_at_once(db: Engine, clinic: Clinic) -> None:
    token = _portal_session(db, clinic)
    with unit_of_work(db) as s:
        b = current_business(session=s, token=token, now=NOW, slug=clinic.slug)
        portal_privacy.accept_terms(session=s, business=b, health=True, now=NOW)
    with unit_of_work(db) as s:
        assert (
            portal_privacy.set_consent(session=s, business=b, purpose="termos", give=False, now=NOW)
            is True
        )
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        current_business(session=s, token=token, now=NOW, slug=clinic.slug)
    with unit_of_work(db) as s:
        assert consent.needs_terms(s, team_id=clinic.team_id, client_id=clinic.ana)


def test_staff_records_consent_given_in_person_and_the_ledger_says_who(
    db: Engine, clinic: Clinic
) -> None:
    with pytest.raises(Forbidden), unit_of_work(db) as s:
        from tests.factories import make_member

        reader = make_member(s, clinic.team_id, permissions=["clients.read"])
        consent.record_in_person(
            session=s, actor=reader, client_id=clinic.ana, purpose="saude", give=True, now=NOW
        )
    with unit_of_work(db) as s:
        view = consent.record_in_person(
            session=s,
            actor=clinic.physio,
            client_id=clinic.ana,
            purpose="saude",
            give=True,
            now=NOW,
        )
    saude = next(st for st in view.states if st.purpose == "saude")
    assert saude.given and saude.channel_label == f"presencial, registrado por {clinic.physio.name}"
    assert view.history[0].channel_label.endswith(clinic.physio.name)
    with unit_of_work(db) as s:
        row = s.exec(select(ConsentEvent)).one()
    assert (row.channel, row.staff_user_id) == ("equipe", clinic.physio.user_id)


def test_another_team_cannot_record_consent_for_my_client(db: Engine, clinic: Clinic) -> None:
    from treinico.services.errors import NotFound

    with unit_of_work(db) as s:
        other = make_clinic(s)
    with pytest.raises(NotFound), unit_of_work(db) as s:
        consent.record_in_person(
            session=s, actor=other.owner, client_id=clinic.ana, purpose="saude", give=True, now=NOW
        )
    with pytest.raises(NotFound), unit_of_work(db) as s:
        consent.client_consents(session=s, actor=other.owner, client_id=clinic.ana)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consent_event SET action = 'concedido'",
        "DELETE FROM consent_event",
        "UPDATE consent_text SET body = 'outro texto'",
        "DELETE FROM consent_text",
    ],
)
def test_the_ledger_and_the_texts_cannot_be_changed(
    db: Engine, clinic: Clinic, statement: str
) -> None:
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(session=s, business=clinic.business(), health=False, now=NOW)
    with pytest.raises(sa.exc.DBAPIError), db.begin() as conn:
        conn.exec_driver_sql(statement)


def test_staff_recording_a_terms_revocation_ends_the_portal_session_too(
    db: Engine, clinic: Clinic
) -> None:
    token = _portal_session(db, clinic)
    with unit_of_work(db) as s:
        portal_privacy.accept_terms(session=s, business=clinic.business(), health=None, now=NOW)
    with unit_of_work(db) as s:
        consent.record_in_person(
            session=s,
            actor=clinic.owner,
            client_id=clinic.ana,
            purpose="termos",
            give=False,
            now=NOW,
        )
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        current_business(session=s, token=token, now=NOW, slug=clinic.slug)


def test_revoking_terms_ends_this_business_sessions_and_others_meet_the_terms_again(
    db: Engine, clinic: Clinic
) -> None:
    """The clinic ends only its own sessions of the phone (a team never reaches into another
    business's). Ana's session working in another business carries on there; if it moves to
    the clinic, the clinic asks its terms again before anything else."""
    from tests.factories import make_client, make_team

    with unit_of_work(db) as s:
        studio = make_team(s)
        make_client(s, studio.team.id, "Ana Souza", phone=clinic.ana_phone)
    here = _portal_session(db, clinic)
    elsewhere = new_token()
    with unit_of_work(db) as s:
        s.add(
            PortalSession(
                token_hash=token_hash(elsewhere),
                phone_e164=clinic.ana_phone,
                team_id=studio.team.id,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW + timedelta(days=30),
            )
        )
        b = current_business(session=s, token=here, now=NOW, slug=clinic.slug)
        portal_privacy.accept_terms(session=s, business=b, health=None, now=NOW)
    with unit_of_work(db) as s:
        portal_privacy.set_consent(session=s, business=b, purpose="termos", give=False, now=NOW)
    with pytest.raises(Unauthenticated), unit_of_work(db) as s:
        current_business(session=s, token=here, now=NOW, slug=clinic.slug)
    with unit_of_work(db) as s:
        assert current_business(session=s, token=elsewhere, now=NOW).team_id == studio.team.id
        moved = current_business(session=s, token=elsewhere, now=NOW, slug=clinic.slug)
        assert portal_privacy.gate(session=s, business=moved).needs_terms

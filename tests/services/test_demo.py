"""Demo seed: the studio, its two staff users, clients and products; idempotent."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from tests.conftest import NOW
from treinico.db import unit_of_work
from treinico.demo.seed import has_demo_data, seed_demo
from treinico.models import Client, Membership, Product, Team, User
from treinico.services.actor import load_actor
from treinico.services.clients import ClientInput, create_client, list_clients
from treinico.services.errors import Forbidden
from treinico.services.permissions import ALL_PERMISSIONS, Role
from treinico.services.phones import parse_mobile

OWNER = "dono@studio-demo.com.br"
READONLY = "recepcao@studio-demo.com.br"


def _member(session: Session, email: str) -> tuple[User, Membership]:
    user = session.exec(select(User).where(User.email == email)).one()
    membership = session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    return user, membership


def _counts(session: Session) -> dict[str, int]:
    return {
        table.name: int(session.exec(select(func.count()).select_from(table)).one())
        for table in SQLModel.metadata.sorted_tables
    }


def test_seed_creates_studio_demo_team(session: Session) -> None:
    assert not has_demo_data(session)
    result = seed_demo(session=session, now=NOW)
    team = session.get(Team, result.team_id)
    assert result.created is True
    assert team is not None
    assert (team.name, team.slug, team.is_demo) == ("Studio Demo", "studio-demo", True)
    assert has_demo_data(session)


def test_seed_owner_is_owner_of_demo_team(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    user, membership = _member(session, OWNER)
    assert user.is_demo
    assert (membership.team_id, membership.role) == (result.team_id, Role.OWNER)
    assert list(membership.permissions) == list(ALL_PERMISSIONS)


def test_seed_readonly_member_has_only_read_permissions(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    user, membership = _member(session, READONLY)
    assert membership.team_id == result.team_id
    assert sorted(membership.permissions) == [
        "agenda.read",
        "clients.read",
        "commerce.entitlements.read",
    ]
    assert user.is_demo


def test_seed_readonly_member_can_read_but_not_write_clients(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    user, _ = _member(session, READONLY)
    actor = load_actor(session, user_id=user.id or 0, team_id=result.team_id)
    before = list_clients(session=session, actor=actor, include_archived=True).total
    assert before >= 12
    data = ClientInput(name="Nova Cliente", phone="(11) 91111-2222")
    with pytest.raises(Forbidden):
        create_client(session=session, actor=actor, data=data, now=NOW)
    assert list_clients(session=session, actor=actor, include_archived=True).total == before


def test_seed_clients_have_valid_brazilian_mobiles(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    phones = session.exec(select(Client.phone_e164).where(Client.team_id == result.team_id)).all()
    assert len(phones) >= 12
    assert len(set(phones)) == len(phones)
    for e164 in phones:
        number = phonenumbers.parse(e164, None)
        assert number.country_code == 55, e164
        assert phonenumbers.is_valid_number(number), e164
        assert phonenumbers.number_type(number) == PhoneNumberType.MOBILE, e164
        assert parse_mobile(e164) == e164


def test_seed_client_search_names_are_folded(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    user, _ = _member(session, OWNER)
    owner = load_actor(session, user_id=user.id or 0, team_id=result.team_id)
    page = list_clients(session=session, actor=owner, query="joao")
    assert [r.name for r in page.rows] == ["João Pedro Alves"]


def test_seed_creates_the_studio_products(session: Session) -> None:
    result = seed_demo(session=session, now=NOW)
    products = {
        p.name: p
        for p in session.exec(select(Product).where(Product.team_id == result.team_id)).all()
    }
    assert set(products) == {
        "Plano Mensal",
        "Acompanhamento Premium",
        "Avaliação Física",
        "Plano Trimestral",
        "Personal 3x",
    }
    personal = products["Personal 3x"]
    assert (personal.price_cents, personal.billing_months, personal.sessions_per_cycle) == (
        48000,
        1,
        12,
    )
    monthly = products["Plano Mensal"]
    assert (monthly.grace_days, monthly.billing_period_days) == (5, 30)
    assert products["Plano Trimestral"].grace_days == 0


def test_second_seed_creates_nothing(db: Engine) -> None:
    with unit_of_work(db) as s:
        first = seed_demo(session=s, now=NOW)
    with unit_of_work(db) as s:
        before = _counts(s)
    with unit_of_work(db) as s:
        second = seed_demo(session=s, now=NOW)
    with unit_of_work(db) as s:
        after = _counts(s)
    assert (first.created, second.created) == (True, False)
    assert second.team_id == first.team_id
    assert after == before
    assert before["client"] >= 12 and before["product"] == 6  # 5 in the studio, 1 in the clinic
    assert before["team"] == 2


def test_demo_health_records_and_consents_as_the_issue_describes(db: Engine) -> None:
    from treinico.demo.seed import SECOND_OWNER_EMAIL
    from treinico.services.auth.portal import businesses_for_phone
    from treinico.services.health import portal as portal_health
    from treinico.services.health import records as health
    from treinico.services.privacy import consent

    with unit_of_work(db) as s:
        seed_demo(session=s, now=NOW)
    with unit_of_work(db) as s:
        assert seed_demo(session=s, now=NOW).created is False  # idempotent
    with unit_of_work(db) as s:
        studio = s.exec(select(Team).where(Team.slug == "studio-demo")).one()
        clinic = s.exec(select(Team).where(Team.slug == "clinica-movimento")).one()
        assert clinic.health_enabled and not studio.health_enabled
        owner = s.exec(select(User).where(User.email == SECOND_OWNER_EMAIL)).one()
        actor = load_actor(s, user_id=owner.id or 0, team_id=clinic.id or 0)
        ana = {b.slug: b for b in businesses_for_phone(session=s, phone="+5511987654321")}
        staff_view = health.list_records(
            session=s, actor=actor, client_id=ana["clinica-movimento"].client_id, now=NOW
        )
        assert sorted((r.title, r.visible_to_client) for r in staff_view.records) == [
            ("Anamnese inicial", True),
            ("Nota clínica: dor lombar", False),
        ]
        mine = portal_health.my_records(session=s, business=ana["clinica-movimento"], now=NOW)
        assert [r.title for r in mine.records] == ["Anamnese inicial"]

        def given(slug: str) -> set[str]:
            b = ana[slug]
            states = consent.consent_states(s, team_id=b.team_id, client_id=b.client_id)
            return {st.purpose for st in states if st.given}

        assert given("clinica-movimento") == {"termos", "saude"}
        assert given("studio-demo") == {"termos"}
        paulo = businesses_for_phone(session=s, phone="+5511934567812")[0]
        assert consent.needs_terms(s, team_id=paulo.team_id, client_id=paulo.client_id)


def test_demo_public_pages(session: Session) -> None:
    from treinico.services.site.public_page import public_page

    seed_demo(session=session, now=NOW)
    studio = public_page(session=session, slug="studio-demo")
    assert studio.schema_type == "ExerciseGym" and studio.phone_display == "(11) 94000-1234"
    assert studio.address.startswith("Rua Domingos de Morais, 1200")
    assert [o.name for o in studio.sessions] == ["Personal", "Pilates em grupo"]
    assert [(o.name, o.detail) for o in studio.products] == [
        ("Avaliação Física", "R$ 150,00"),
        ("Personal 3x", "R$ 480,00/mês"),
    ]
    assert studio.hours[0].day == "Segunda" and studio.hours[0].text != "Fechado"
    clinic = public_page(session=session, slug="clinica-movimento")
    assert clinic.schema_type == "MedicalClinic"
    assert [o.name for o in clinic.products] == ["Pacote Fisioterapia 10 sessões"]

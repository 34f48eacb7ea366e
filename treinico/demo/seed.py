"""Demo data: one studio, two staff users, a dozen clients and four products.

Loaded only on purpose (``treinico seed-demo``), never in production, and idempotent:
a second run finds the demo team and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from treinico.models import Client, Product, ProductKind, Team, User
from treinico.services.commerce.products import create_product
from treinico.services.permissions import Perm, Role
from treinico.services.phones import parse_mobile
from treinico.services.teams import add_member, create_team
from treinico.services.text import fold

DEMO_SLUG = "studio-demo"
SECOND_SLUG = "clinica-movimento"
SECOND_OWNER_EMAIL = "dono@clinica-movimento.com.br"
# Ana is a client of both demo businesses: the portal shows her the business picker.
SHARED_CLIENT = ("Ana Beatriz Souza", "(11) 98765-4321")
DEMO_PASSWORD = "demo-treinico"  # noqa: S105  (documented demo password, demo data only)
OWNER_EMAIL = "dono@studio-demo.com.br"
READONLY_EMAIL = "recepcao@studio-demo.com.br"

DEMO_CLIENTS: tuple[tuple[str, str, str | None, date | None], ...] = (
    ("Ana Beatriz Souza", "(11) 98765-4321", "ana.souza@example.com", date(1990, 4, 12)),
    ("Bruno Carvalho", "(11) 99876-5432", None, date(1985, 9, 3)),
    ("Camila Ribeiro", "(21) 98123-4567", "camila@example.com", None),
    ("Diego Martins", "(11) 97654-3210", None, date(1993, 1, 27)),
    ("Eduarda Lima", "(31) 99234-5678", "duda.lima@example.com", date(1998, 7, 19)),
    ("Felipe Araújo", "(11) 96543-2109", None, None),
    ("Gabriela Nunes", "(41) 98876-1234", "gabi.nunes@example.com", date(1988, 11, 30)),
    ("Henrique Costa", "(11) 95432-1098", None, date(1979, 5, 8)),
    ("Isabela Fernandes", "(51) 99654-3321", "isa.f@example.com", None),
    ("João Pedro Alves", "(11) 94321-0987", None, date(2001, 2, 14)),
    ("Larissa Gomes", "(61) 98345-6789", "larissa.gomes@example.com", date(1995, 10, 5)),
    ("Marcos Vinícius Rocha", "(11) 93210-9876", None, date(1982, 12, 22)),
    ("Natália Mendes", "(71) 99111-2233", "natalia.m@example.com", None),
    ("Otávio Barbosa", "(11) 91234-5678", None, date(1991, 6, 1)),
)


@dataclass(frozen=True)
class SeedResult:
    created: bool
    team_id: int


def seed_demo(*, session: Session, now: datetime) -> SeedResult:
    """Create the demo team if it does not exist yet."""
    from treinico.demo.agenda import seed_agenda
    from treinico.demo.messages import seed_messages
    from treinico.demo.progress import seed_progress
    from treinico.demo.public_pages import seed_public_pages

    existing = session.exec(select(Team).where(Team.slug == DEMO_SLUG)).first()
    if existing is not None:
        # A database seeded before the agenda existed gets it once; later runs change nothing.
        added = seed_agenda(session=session, team=existing, owner_email=OWNER_EMAIL, now=now)
        added = (
            seed_progress(session=session, team=existing, owner_email=OWNER_EMAIL, now=now) or added
        )
        added = _seed_health(session, now) or added
        added = (
            seed_messages(session=session, team=existing, owner_email=OWNER_EMAIL, now=now) or added
        )
        added = seed_public_pages(session=session) or added
        return SeedResult(created=added, team_id=existing.id or 0)
    team = create_team(
        session=session,
        name="Studio Demo",
        slug=DEMO_SLUG,
        owner_email=OWNER_EMAIL,
        owner_name="Dona do Studio",
        owner_password=DEMO_PASSWORD,
        is_demo=True,
    )
    add_member(
        session=session,
        team_id=team.id,
        email=READONLY_EMAIL,
        name="Rafa da Recepção",
        password=DEMO_PASSWORD,
        role=Role.TRAINER,
        permissions=[Perm.CLIENTS_READ, Perm.ENTITLEMENTS_READ, Perm.AGENDA_READ],
        is_demo=True,
    )
    for name, phone, email, birth in DEMO_CLIENTS:
        session.add(
            Client(
                team_id=team.id,
                name=name,
                name_search=fold(name),
                phone_e164=parse_mobile(phone),
                email=email,
                birth_date=birth,
                created_at=now,
                updated_at=now,
            )
        )
    create_product(
        session=session,
        team_id=team.id,
        key="plano-mensal",
        name="Plano Mensal",
        description="Treinos personalizados com cobrança a cada 30 dias.",
        icon="calendar-days",
        kind=ProductKind.SUBSCRIPTION,
        price_cents=48000,
        billing_period_days=30,
        grace_days=5,
        sessions_per_cycle=12,
    )
    create_product(
        session=session,
        team_id=team.id,
        key="acompanhamento-premium",
        name="Acompanhamento Premium",
        description="Acompanhamento individual com ajustes semanais de treino.",
        icon="crown",
        kind=ProductKind.PROGRAM,
        price_cents=89000,
        billing_period_days=30,
        grace_days=3,
    )
    create_product(
        session=session,
        team_id=team.id,
        key="avaliacao-fisica",
        name="Avaliação Física",
        description="Avaliação completa com medidas e bioimpedância.",
        icon="ruler",
        kind=ProductKind.SERVICE,
        price_cents=15000,
    )
    create_product(
        session=session,
        team_id=team.id,
        key="plano-trimestral",
        name="Plano Trimestral",
        description="Três meses de treino com cobrança única.",
        icon="calendar-range",
        kind=ProductKind.SUBSCRIPTION,
        price_cents=129000,
        billing_period_days=90,
        grace_days=0,
        sessions_per_cycle=36,
    )
    session.flush()
    _seed_entitlements(session, team.id, now)
    _seed_second_team(session, now)
    team_row = session.get(Team, team.id)
    assert team_row is not None
    seed_agenda(session=session, team=team_row, owner_email=OWNER_EMAIL, now=now)
    seed_progress(session=session, team=team_row, owner_email=OWNER_EMAIL, now=now)
    _seed_health(session, now)
    seed_messages(session=session, team=team_row, owner_email=OWNER_EMAIL, now=now)
    seed_public_pages(session=session)
    return SeedResult(created=True, team_id=team.id)


def _seed_health(session: Session, now: datetime) -> bool:
    from treinico.demo.health import seed_health

    return seed_health(
        session=session,
        now=now,
        studio_slug=DEMO_SLUG,
        clinic_slug=SECOND_SLUG,
        clinic_owner_email=SECOND_OWNER_EMAIL,
        shared_phone=parse_mobile(SHARED_CLIENT[1]),
    )


def _seed_second_team(session: Session, now: datetime) -> None:
    """A clinic that shares one client (by phone) with the studio."""
    from treinico.services.access.entitlements import grant_entitlement
    from treinico.services.actor import load_actor

    clinic = create_team(
        session=session,
        name="Clínica Movimento",
        slug=SECOND_SLUG,
        owner_email=SECOND_OWNER_EMAIL,
        owner_name="Dra. Marina Prado",
        owner_password=DEMO_PASSWORD,
        is_demo=True,
    )
    people = (SHARED_CLIENT, ("Paulo Henrique Dias", "(11) 93456-7812"))
    ids = []
    for name, phone in people:
        client = Client(
            team_id=clinic.id,
            name=name,
            name_search=fold(name),
            phone_e164=parse_mobile(phone),
            created_at=now,
            updated_at=now,
        )
        session.add(client)
        session.flush()
        ids.append(client.id or 0)
    physio = create_product(
        session=session,
        team_id=clinic.id,
        key="fisioterapia-10",
        name="Pacote Fisioterapia 10 sessões",
        icon="heart-pulse",
        kind=ProductKind.PACKAGE,
        price_cents=120000,
        grace_days=7,
        sessions_per_cycle=10,
    )
    owner = session.exec(select(User).where(User.email == SECOND_OWNER_EMAIL)).one()
    actor = load_actor(session, user_id=owner.id or 0, team_id=clinic.id)
    today = now.astimezone(ZoneInfo("America/Sao_Paulo")).date()
    grant_entitlement(
        session=session,
        actor=actor,
        client_id=ids[0],
        product_id=physio.id,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=40),
        now=now - timedelta(days=3),
    )


def _seed_entitlements(session: Session, team_id: int, now: datetime) -> None:
    """Accesses in every status, so the modal and the portal show each case."""
    from treinico.services.access.entitlements import grant_entitlement, revoke_entitlement
    from treinico.services.actor import load_actor

    owner = session.exec(select(User).where(User.email == OWNER_EMAIL)).one()
    actor = load_actor(session, user_id=owner.id or 0, team_id=team_id)
    clients = {
        c.name: c.id or 0 for c in session.exec(select(Client).where(Client.team_id == team_id))
    }
    products = {
        p.key: p.id or 0 for p in session.exec(select(Product).where(Product.team_id == team_id))
    }
    today = now.astimezone(ZoneInfo("America/Sao_Paulo")).date()

    def grant(client: str, product: str, *, start: int, end: int | None, at: int = 0) -> int:
        row = grant_entitlement(
            session=session,
            actor=actor,
            client_id=clients[client],
            product_id=products[product],
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end) if end is not None else None,
            now=now + timedelta(days=at),
        )
        return row.id

    grant("Ana Beatriz Souza", "plano-mensal", start=-15, end=15, at=-15)  # Ativo, 15 dias
    grant("Ana Beatriz Souza", "acompanhamento-premium", start=-60, end=None, at=-60)  # Vitalício
    grant("Bruno Carvalho", "plano-mensal", start=-32, end=-2, at=-32)  # Período de carência
    grant("Camila Ribeiro", "plano-trimestral", start=7, end=97)  # Agendado
    grant("Diego Martins", "plano-trimestral", start=-100, end=-10, at=-100)  # Expirado
    grant("Eduarda Lima", "plano-mensal", start=0, end=0)  # Expira hoje
    revoked = grant("Felipe Araújo", "avaliacao-fisica", start=-5, end=25, at=-5)
    revoke_entitlement(
        session=session, actor=actor, entitlement_id=revoked, note="Pediu cancelamento", now=now
    )


def has_demo_data(session: Session) -> bool:
    return session.exec(select(Team.id).where(Team.is_demo)).first() is not None

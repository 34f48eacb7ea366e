"""Demo health records and consents: Clínica Movimento keeps health records (Saúde on) and
Ana has given termos and saúde there; Studio Demo has Saúde off and its clients have
accepted the terms. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from treinico.models import Client, ConsentEvent, HealthRecord, Team, User
from treinico.services.actor import load_actor
from treinico.services.health.records import create_record
from treinico.services.privacy import consent

ANAMNESIS = (
    "Queixa principal: rigidez na região lombar ao acordar, sem irradiação.\n"
    "Histórico: sedentária até 2024; pratica musculação 3x por semana desde então.\n"
    "Medicamentos: nenhum de uso contínuo. Alergias: não relata.\n"
    "Objetivo: fortalecer o core e voltar a correr 5 km sem dor."
)
LOW_BACK_NOTE = (
    "Dor lombar à flexão anterior (EVA 4/10) após corrida no fim de semana. Teste de Lasègue "
    "negativo. Conduta: liberação miofascial, mobilidade de quadril e suspensão da corrida "
    "por 10 dias. Reavaliar na próxima sessão."
)


def seed_health(
    *,
    session: Session,
    now: datetime,
    studio_slug: str,
    clinic_slug: str,
    clinic_owner_email: str,
    shared_phone: str,
) -> bool:
    """Returns True when something was added."""
    added = False
    studio = session.exec(select(Team).where(Team.slug == studio_slug)).first()
    if studio is not None and _no_consents(session, studio.id or 0):
        for client in session.exec(select(Client).where(Client.team_id == studio.id)).all():
            consent.record(
                session,
                team_id=studio.id or 0,
                client_id=client.id or 0,
                purpose="termos",
                give=True,
                now=now - timedelta(days=20),
            )
        added = True
    clinic = session.exec(select(Team).where(Team.slug == clinic_slug)).first()
    if clinic is None:
        return added
    ana = session.exec(
        select(Client).where(Client.team_id == clinic.id, Client.phone_e164 == shared_phone)
    ).first()
    if (
        ana is None
        or session.exec(select(HealthRecord.id).where(HealthRecord.team_id == clinic.id)).first()
        is not None
    ):
        return added
    clinic.health_enabled = True
    session.add(clinic)
    for purpose in ("termos", "saude"):
        consent.record(
            session,
            team_id=clinic.id or 0,
            client_id=ana.id or 0,
            purpose=purpose,
            give=True,
            now=now - timedelta(days=3),
        )
    owner = session.exec(select(User).where(User.email == clinic_owner_email)).one()
    actor = load_actor(session, user_id=owner.id or 0, team_id=clinic.id or 0)
    today = now.astimezone(ZoneInfo(clinic.timezone)).date()
    create_record(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        kind="anamnese",
        record_date=today - timedelta(days=3),
        title="Anamnese inicial",
        body=ANAMNESIS,
        visible_to_client=True,
        now=now - timedelta(days=3),
    )
    create_record(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        kind="evolucao",
        record_date=today - timedelta(days=1),
        title="Nota clínica: dor lombar",
        body=LOW_BACK_NOTE,
        visible_to_client=False,
        now=now - timedelta(days=1),
    )
    return True


def _no_consents(session: Session, team_id: int) -> bool:
    return (
        session.exec(select(col(ConsentEvent.id)).where(ConsentEvent.team_id == team_id)).first()
        is None
    )

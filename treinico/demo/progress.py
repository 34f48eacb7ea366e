"""Demo homework and progress for Ana in Studio Demo: three assessments (Peso 85 → 82 → 79
kg, % Gordura 22 → 20 → 18 %, Circunferência abdominal 95 → 91 → 88 cm), three tasks (one
of each status, the pending one due within the week) and two templates."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from treinico.models import Client, Metric, Task, Team, User
from treinico.services.actor import load_actor
from treinico.services.homework import portal as portal_homework
from treinico.services.homework import tasks as homework
from treinico.services.homework import templates as task_templates
from treinico.services.progress import assessments as progress
from treinico.services.progress import metrics as metrics_catalogue

ANA = "Ana Beatriz Souza"
TEMPLATES = (
    (
        "Treino A — 3x12 agachamento, supino, remada",
        "Aqueça 5 minutos. 3 séries de 12 de cada exercício, 60 s de descanso.\n"
        "Vídeo de referência: https://www.youtube.com/results?search_query=agachamento+livre",
    ),
    (
        "Alongamento diário — 10 minutos",
        "Posterior de coxa, quadríceps e lombar: 30 s cada lado, duas vezes.",
    ),
)


def seed_progress(*, session: Session, team: Team, owner_email: str, now: datetime) -> bool:
    """Add the demo homework and assessments once; False if Ana already has tasks."""
    ana = session.exec(select(Client).where(Client.team_id == team.id, Client.name == ANA)).one()
    if session.exec(select(Task).where(Task.client_id == ana.id)).first():
        return False
    owner = session.exec(select(User).where(User.email == owner_email)).one()
    actor = load_actor(session, user_id=owner.id or 0, team_id=team.id or 0)
    metrics_catalogue.ensure_default_metrics(session, team.id or 0)
    metrics = {
        m.key: m.id or 0 for m in session.exec(select(Metric).where(Metric.team_id == team.id))
    }
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    for weeks_ago, peso, gordura, abdominal in (
        (12, "85", "22", "95"),
        (6, "82", "20", "91"),
        (0, "79", "18", "88"),
    ):
        progress.save_assessment(
            session=session,
            actor=actor,
            client_id=ana.id or 0,
            assessment_id=None,
            taken_on=today - timedelta(weeks=weeks_ago, days=1 if weeks_ago == 0 else 0),
            values={
                metrics["peso"]: peso,
                metrics["gordura"]: gordura,
                metrics["abdominal"]: abdominal,
            },
            note="",
            now=now - timedelta(weeks=weeks_ago),
        )
    templates = [
        task_templates.save_template(
            session=session, actor=actor, template_id=None, title=t, instructions=i, now=now
        )
        for t, i in TEMPLATES
    ]
    first = homework.create_task(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        title="",
        instructions="",
        due_on=today + timedelta(days=3),
        now=now,
        template_id=templates[0].id,
    )
    second = homework.create_task(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        title="",
        instructions="",
        due_on=today + timedelta(days=10),
        now=now - timedelta(days=2),
        template_id=templates[1].id,
    )
    third = homework.create_task(
        session=session,
        actor=actor,
        client_id=ana.id or 0,
        title="Caminhada 30 minutos no fim de semana",
        instructions="Ritmo leve, sem parar.",
        due_on=today - timedelta(days=2),
        now=now - timedelta(days=6),
    )
    portal_homework.portal_set_status(
        session=session,
        team_id=team.id or 0,
        client_id=ana.id or 0,
        task_id=second.id,
        status="em_andamento",
        now=now - timedelta(days=1),
    )
    portal_homework.portal_set_status(
        session=session,
        team_id=team.id or 0,
        client_id=ana.id or 0,
        task_id=third.id,
        status="concluido",
        now=now - timedelta(days=2),
    )
    assert first.status == "pendente"
    return True

"""Demo conversations for Studio Demo: Ana (three messages, her last one unread by the team)
and Bruno (one message from the team). Added once, also to a database seeded before."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from treinico.models import Client, Conversation, Sender, Team, User
from treinico.services.messages.conversations import add_message, conversation_for

ANA = "Ana Beatriz Souza"
BRUNO = "Bruno Carvalho"


def seed_messages(*, session: Session, team: Team, owner_email: str, now: datetime) -> bool:
    if session.exec(select(Conversation.id).where(Conversation.team_id == team.id)).first():
        return False
    owner = session.exec(select(User).where(User.email == owner_email)).one()
    clients = {
        c.name: c
        for c in session.exec(
            select(Client).where(Client.team_id == team.id, Client.name.in_((ANA, BRUNO)))  # type: ignore[attr-defined]
        )
    }
    script = (
        (
            ANA,
            Sender.STAFF,
            "Oi, Ana! Sua avaliação de evolução está marcada para a próxima semana.",
            26,
        ),
        (ANA, Sender.CLIENT, "Oi! Obrigada. Posso levar o resultado do meu exame?", 25),
        (ANA, Sender.CLIENT, "Fiz o treino da lição de casa ontem e senti o joelho 😅", 2),
        (
            BRUNO,
            Sender.STAFF,
            "Bruno, seu Plano Mensal está em período de carência. Quer renovar?",
            20,
        ),
    )
    for name, sender, body, hours_ago in script:
        client = clients[name]
        conversation = conversation_for(session, team.id or 0, client.id or 0, now)
        staff = sender == Sender.STAFF
        add_message(
            session,
            conversation,
            sender=sender,
            author_name=owner.name if staff else client.name,
            author_user_id=owner.id if staff else None,
            body=body,
            now=now - timedelta(hours=hours_ago),
        )
    # The team read Ana's first answer; her newest message is still unread.
    ana = conversation_for(session, team.id or 0, clients[ANA].id or 0, now)
    session.refresh(ana)
    ana.staff_unread = 1
    ana.client_unread = 0
    session.add(ana)
    session.flush()
    return True

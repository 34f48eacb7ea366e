"""The client's side of their conversation with the current team (portal "Mensagens").

Every function takes the portal ``Business`` resolved from the session cookie: the client
and the team come from there, never from the page, so a client only ever reaches their own
conversation in the team they are logged into. A client's message never leaves the system
(no WhatsApp); the team sees it with an unread count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session, col

from treinico.models import Client, Conversation, Message, Sender, Team
from treinico.services.auth.portal import Business
from treinico.services.errors import Invalid, NotFound
from treinico.services.messages.conversations import (
    ConversationView,
    MessageRow,
    add_message,
    clean_body,
    conversation_for,
    find_conversation,
    message_row,
    recent_messages,
)


def _tz(session: Session, business: Business) -> str:
    team = session.get(Team, business.team_id)
    if team is None:
        raise NotFound("Negócio não encontrado.")
    return team.timezone


def my_conversation(
    *, session: Session, business: Business, now: datetime, after_id: int = 0
) -> ConversationView:
    """The client's messages with the team (staff and their own; the reminders the team
    sees are WhatsApp's copy and stay on the staff side), marking the team's messages read."""
    tz = _tz(session, business)
    conversation = find_conversation(session, business.team_id, business.client_id)
    messages: list[Message] = []
    more = False
    if conversation is not None:
        messages, more = recent_messages(
            session, conversation.id or 0, after_id=after_id, include_system=False
        )
        if conversation.client_unread:
            session.execute(
                update(Conversation)
                .where(col(Conversation.id) == conversation.id)
                .values(client_unread=0)
                .execution_options(synchronize_session=False)
            )
    return ConversationView(
        client_id=business.client_id,
        client_name=business.client_name,
        messages=[message_row(m, tz) for m in messages],
        last_id=(messages[-1].id or 0) if messages else after_id,
        has_earlier=more,
        can_write=True,
    )


def my_unread(*, session: Session, business: Business) -> int:
    """Messages from the team the client has not opened yet (the portal's badge)."""
    unread = session.execute(
        select(col(Conversation.client_unread)).where(
            col(Conversation.team_id) == business.team_id,
            col(Conversation.client_id) == business.client_id,
        )
    ).scalar_one_or_none()
    return int(unread or 0)


# A client writes at a person's pace: at most 10 messages a minute and 60 an hour.
PACE = ((10, timedelta(minutes=1)), (60, timedelta(hours=1)))


def _check_pace(session: Session, conversation_id: int, now: datetime) -> None:
    """Refuse a message beyond the pace (each check reads at most 60 index entries)."""
    for count, window in PACE:
        nth = session.execute(
            select(col(Message.created_at))
            .where(
                col(Message.conversation_id) == conversation_id,
                col(Message.sender) == Sender.CLIENT.value,
            )
            .order_by(col(Message.id).desc())
            .offset(count - 1)
            .limit(1)
        ).scalar_one_or_none()
        if nth is not None and nth > now - window:
            raise Invalid(
                "Você enviou muitas mensagens seguidas. Aguarde um pouco e tente de novo.",
                field="body",
            )


def my_newest_id(*, session: Session, business: Business) -> int:
    """The id of the newest message of the conversation (0 without one): what the page's
    tick compares before reading anything else."""
    newest = session.execute(
        select(col(Conversation.last_message_id)).where(
            col(Conversation.team_id) == business.team_id,
            col(Conversation.client_id) == business.client_id,
        )
    ).scalar_one_or_none()
    return int(newest or 0)


def send_client_message(
    *, session: Session, business: Business, body: str, now: datetime
) -> MessageRow:
    """The client writes to the team. Raises Invalid (field ``body``) for an empty or too
    long text."""
    text = clean_body(body)
    client = session.get(Client, business.client_id)
    if client is None or client.team_id != business.team_id or client.anonymised_at:
        raise NotFound("Cliente não encontrado.")
    if client.archived:
        raise Invalid("Seu cadastro está inativo. Fale com o negócio por telefone.")
    conversation = conversation_for(session, business.team_id, business.client_id, now)
    _check_pace(session, conversation.id or 0, now)
    message = add_message(
        session,
        conversation,
        sender=Sender.CLIENT,
        author_name=client.name,
        body=text,
        now=now,
    )
    return message_row(message, _tz(session, business))

"""Conversations between a team and its clients (DOMAIN.md §8): the staff side, and the
pieces the portal side (portal_messages) shares.

One conversation per client per team, shared by every member who can read clients. The last
message and both unread counters live on the conversation row and change in the same
transaction as each message, so the list and the navigation badge never count messages.
Bodies are stored as typed (plain text); pages show them as text with links.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from treinico.models import Client, Conversation, Message, Sender, Team
from treinico.services.actor import Actor
from treinico.services.errors import Invalid, NotFound
from treinico.services.formatting import fmt_datetime, fmt_time
from treinico.services.permissions import Perm
from treinico.services.text import fold

MAX_BODY = 2000
PREVIEW_LEN = 140
LIST_LIMIT = 50
CONVERSATION_LIMIT = 100


@dataclass(frozen=True)
class ConversationRow:
    client_id: int
    client_name: str
    preview: str
    last_sender: str  # staff | client | system
    when: str  # "14:05" today, "dd/mm/aaaa HH:mm" before
    unread: int


@dataclass(frozen=True)
class MessageRow:
    id: int
    sender: str  # staff | client | system
    author_name: str
    body: str
    when: str  # dd/mm/aaaa HH:mm in the team's timezone


@dataclass(frozen=True)
class ConversationView:
    client_id: int
    client_name: str
    messages: list[MessageRow]
    last_id: int  # the newest message's id (0 when empty), what a refresh asks after
    has_earlier: bool  # older messages exist beyond the shown ones
    can_write: bool  # the client can still be written to (not anonymised)


def clean_body(raw: object) -> str:
    """The text as typed, with line breaks kept: trailing spaces and blank edges trimmed.

    Raises Invalid (field ``body``) when empty or longer than 2,000 characters."""
    text = str(raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if not text:
        raise Invalid("Escreva uma mensagem.", field="body")
    if len(text) > MAX_BODY:
        count = f"{len(text):,}".replace(",", ".")
        raise Invalid(f"A mensagem pode ter até 2.000 caracteres (tem {count}).", field="body")
    return text


def preview_of(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= PREVIEW_LEN else flat[: PREVIEW_LEN - 1] + "…"


def when_label(at: datetime | None, now: datetime, tz: str) -> str:
    if at is None:
        return ""
    if fmt_datetime(at, tz)[:10] == fmt_datetime(now, tz)[:10]:
        return fmt_time(at, tz)
    return fmt_datetime(at, tz)


def message_row(m: Message, tz: str) -> MessageRow:
    return MessageRow(
        id=m.id or 0,
        sender=m.sender,
        author_name=m.author_name,
        body=m.body,
        when=fmt_datetime(m.created_at, tz),
    )


def find_conversation(session: Session, team_id: int, client_id: int) -> Conversation | None:
    return session.execute(
        select(Conversation).where(
            col(Conversation.team_id) == team_id, col(Conversation.client_id) == client_id
        )
    ).scalar_one_or_none()


def conversation_for(session: Session, team_id: int, client_id: int, now: datetime) -> Conversation:
    """The client's conversation, created on first use (two first messages at once create
    it once: the unique (team, client) key decides)."""
    found = find_conversation(session, team_id, client_id)
    if found is not None:
        return found
    conversation = Conversation(team_id=team_id, client_id=client_id, created_at=now)
    try:
        with session.begin_nested():
            session.add(conversation)
            session.flush()
    except IntegrityError:
        found = find_conversation(session, team_id, client_id)
        assert found is not None
        return found
    return conversation


def add_message(
    session: Session,
    conversation: Conversation,
    *,
    sender: Sender,
    author_name: str,
    body: str,
    now: datetime,
    author_user_id: int | None = None,
) -> Message:
    """Insert a message and move the conversation's last message and the other side's
    unread counter in the same statement (atomic under concurrency)."""
    message = Message(
        team_id=conversation.team_id,
        conversation_id=conversation.id or 0,
        sender=sender.value,
        author_user_id=author_user_id,
        author_name=author_name,
        body=body,
        created_at=now,
    )
    session.add(message)
    session.flush()
    values: dict[str, object] = {}
    if sender == Sender.CLIENT:
        values["staff_unread"] = col(Conversation.staff_unread) + 1
    elif sender == Sender.STAFF:
        values["client_unread"] = col(Conversation.client_unread) + 1
    if sender != Sender.SYSTEM:  # a reminder is listed, not the conversation's news
        values.update(
            last_message_id=message.id,
            last_message_at=now,
            last_preview=preview_of(body),
            last_sender=sender.value,
        )
    if values:
        session.execute(
            update(Conversation)
            .where(col(Conversation.id) == conversation.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return message


def recent_messages(
    session: Session,
    conversation_id: int,
    *,
    after_id: int = 0,
    limit: int = CONVERSATION_LIMIT,
    include_system: bool = True,
) -> tuple[list[Message], bool]:
    """The newest ``limit`` messages (oldest first) after ``after_id``, and whether there
    are more before them. One indexed range read whatever the conversation's length."""
    where = [col(Message.conversation_id) == conversation_id, col(Message.id) > after_id]
    if not include_system:
        where.append(col(Message.sender) != Sender.SYSTEM.value)
    rows = list(
        session.execute(
            select(Message).where(*where).order_by(col(Message.id).desc()).limit(limit + 1)
        ).scalars()
    )
    more = len(rows) > limit
    return list(reversed(rows[:limit])), more


def _team(session: Session, actor: Actor) -> Team:
    team = session.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Equipe não encontrada.")
    return team


def _client(session: Session, actor: Actor, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.team_id != actor.team_id:
        raise NotFound("Cliente não encontrado.")
    return client


# ---------------------------------------------------------------- staff side


def list_conversations(
    *, session: Session, actor: Actor, now: datetime, query: str = "", limit: int = LIST_LIMIT
) -> list[ConversationRow]:
    """The team's conversations, newest first, optionally only clients whose name contains
    ``query`` (accents and case ignored)."""
    actor.require(Perm.CLIENTS_READ)
    team = _team(session, actor)
    stmt = (
        select(Conversation, col(Client.name))
        .join(Client, col(Client.id) == col(Conversation.client_id))
        .where(
            col(Conversation.team_id) == actor.team_id,
            col(Conversation.last_message_at).is_not(None),
        )
    )
    needle = fold(query or "")[:60]
    if needle:
        stmt = stmt.where(col(Client.name_search).contains(needle, autoescape=True))
    stmt = stmt.order_by(
        col(Conversation.last_message_at).desc(), col(Conversation.id).desc()
    ).limit(max(1, min(limit, 200)))
    return [
        ConversationRow(
            client_id=c.client_id,
            client_name=name,
            preview=c.last_preview,
            last_sender=c.last_sender,
            when=when_label(c.last_message_at, now, team.timezone),
            unread=c.staff_unread,
        )
        for c, name in session.execute(stmt).all()
    ]


def staff_unread_total(*, session: Session, actor: Actor) -> int:
    """Unread client messages across the team (the navigation badge); 0 without clients.read."""
    if not actor.can(Perm.CLIENTS_READ):
        return 0
    total = session.execute(
        select(func.coalesce(func.sum(Conversation.staff_unread), 0)).where(
            col(Conversation.team_id) == actor.team_id, col(Conversation.staff_unread) > 0
        )
    ).scalar_one()
    return int(total)


def conversations_stamp(*, session: Session, actor: Actor) -> str:
    """A short fingerprint of the team's conversations (newest message id, unread total,
    conversation count): the Mensagens page's tick compares it and reads the list and the
    open conversation again only when it changed. One aggregate over the team's
    conversation rows, never over messages. "" without clients.read."""
    if not actor.can(Perm.CLIENTS_READ):
        return ""
    newest, unread, count = session.execute(
        select(
            func.coalesce(func.max(Conversation.last_message_id), 0),
            func.coalesce(func.sum(Conversation.staff_unread), 0),
            func.count(),
        ).where(col(Conversation.team_id) == actor.team_id)
    ).one()
    return f"{int(newest)}:{int(unread)}:{int(count)}"


def open_conversation(
    *,
    session: Session,
    actor: Actor,
    client_id: int,
    now: datetime,
    after_id: int = 0,
    mark_read: bool = True,
) -> ConversationView:
    """The conversation with a client (the newest messages, or only those after
    ``after_id`` for a refresh), marking the client's messages read for the team."""
    actor.require(Perm.CLIENTS_READ)
    team = _team(session, actor)
    client = _client(session, actor, client_id)
    conversation = find_conversation(session, actor.team_id, client_id)
    messages: list[Message] = []
    more = False
    if conversation is not None:
        messages, more = recent_messages(session, conversation.id or 0, after_id=after_id)
        # Only a member who can answer marks the team's unread messages read: a read-only
        # member opening the conversation must not clear the badge for everyone else.
        if mark_read and conversation.staff_unread and actor.can(Perm.CLIENTS_WRITE):
            session.execute(
                update(Conversation)
                .where(col(Conversation.id) == conversation.id)
                .values(staff_unread=0)
                .execution_options(synchronize_session=False)
            )
    return ConversationView(
        client_id=client_id,
        client_name=client.name,
        messages=[message_row(m, team.timezone) for m in messages],
        last_id=(messages[-1].id or 0) if messages else after_id,
        has_earlier=more,
        can_write=client.anonymised_at is None and actor.can(Perm.CLIENTS_WRITE),
    )


def send_staff_message(
    *, session: Session, actor: Actor, client_id: int, body: str, now: datetime
) -> MessageRow:
    """Write to a client. The client may get a WhatsApp notice (their preference, at most
    once per 15 minutes per conversation), queued in the same transaction.

    Raises:
        Forbidden: no clients.write.
        NotFound: the client is not in the actor's team.
        Invalid: empty or too long (field ``body``), or the client was anonymised.
    """
    actor.require(Perm.CLIENTS_WRITE)
    team = _team(session, actor)
    client = _client(session, actor, client_id)
    text = clean_body(body)
    if client.anonymised_at is not None:
        raise Invalid("Os dados deste cliente foram removidos: não é possível escrever.")
    conversation = conversation_for(session, actor.team_id, client_id, now)
    message = add_message(
        session,
        conversation,
        sender=Sender.STAFF,
        author_name=actor.name,
        author_user_id=actor.user_id,
        body=text,
        now=now,
    )
    # Imported here: notifications builds on this module.
    from treinico.services.whatsapp.notifications import queue_message_notice

    queue_message_notice(session, team=team, client=client, conversation=conversation, now=now)
    return message_row(message, team.timezone)

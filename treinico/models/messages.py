"""Conversations between a team and a client, and the WhatsApp outbox of notices and
reminders."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from treinico.models.base import UTCDateTime


class Sender(StrEnum):
    STAFF = "staff"
    CLIENT = "client"
    SYSTEM = "system"  # a reminder the background job sent on WhatsApp (shown to staff)


class Conversation(SQLModel, table=True):
    """One per client per team. The unread counters and the last message are kept here,
    updated in the same transaction as each message, so the list never counts messages."""

    __tablename__ = "conversation"
    __table_args__ = (
        UniqueConstraint("team_id", "client_id"),
        Index("ix_conversation_team_last", "team_id", "last_message_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    last_message_id: int | None = None
    last_message_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_preview: str = Field(default="", max_length=140)
    last_sender: str = Field(default="", max_length=10)
    staff_unread: int = Field(default=0)
    client_unread: int = Field(default=0)
    # When the client was last told on WhatsApp that a message is waiting (one notice per
    # 15 minutes per conversation).
    last_notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (Index("ix_message_conversation_id", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    conversation_id: int = Field(foreign_key="conversation.id")
    sender: str = Field(max_length=10)
    author_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    author_name: str = Field(max_length=120)
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)


class OutboxKind(StrEnum):
    MESSAGE_NOTICE = "message_notice"
    BOOKING_REMINDER = "booking_reminder"
    ACCESS_REMINDER = "access_reminder"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the retries
    SKIPPED = "skipped"  # no longer wanted when its turn came (preference off, booking gone)


class WhatsAppOutbox(SQLModel, table=True):
    """A WhatsApp text waiting to leave. ``dedupe_key`` is unique, so a reminder queued by
    several workers at once exists once; a claim (pending -> sending) makes one send it."""

    __tablename__ = "whatsapp_outbox"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        Index("ix_whatsapp_outbox_status_due", "status", "due_at"),
        Index("ix_whatsapp_outbox_phone_sent", "phone_e164", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    client_id: int = Field(foreign_key="client.id")
    phone_e164: str = Field(max_length=16)
    kind: str = Field(max_length=20)
    body: str = Field(sa_type=Text)
    dedupe_key: str = Field(max_length=120)
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=10)
    attempts: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str = Field(default="", max_length=200)

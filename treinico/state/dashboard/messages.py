"""/painel/mensagens: the team's conversations (search, unread counts), one open
conversation (``?cliente=ID``, so it can be linked) and the composer.

The database holds every message, so other tabs and other workers see new messages by
polling: ``refresh_tick`` (only on this page; every 3 s unless
TREINICO_MESSAGES_REFRESH_SECONDS says otherwise) reads one aggregate fingerprint of the
team's conversations and touches the list and the open conversation only when it moved, and
then only the messages after the last one shown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import reflex as rx

from treinico import routes
from treinico.services.errors import NotFound
from treinico.services.messages import conversations as svc
from treinico.settings import get_settings
from treinico.state.session import SessionState, form_text, to_id, utcnow
from treinico.state.shared.links import TextPart
from treinico.state.shared.message_rows import (
    KEEP,
    MessageLine,
    clear_composer_script,
    message_rows,
)

COMPOSER_ID = "message-composer"
COUNTER_ID = "message-composer-count"
TICK_MS = get_settings().messages_refresh_seconds * 1000
REPEAT_WINDOW = 3.0  # seconds: the same text sent twice this fast from one tab is one message


def conversation_url(client_id: int | str) -> str:
    return f"{routes.MESSAGES}?cliente={client_id}"


@dataclass(frozen=True)
class ConversationLine:
    """A conversation in the list: ``id`` is the client's, ``unread`` their unread count."""

    id: int = 0
    name: str = ""
    preview: str = ""
    when: str = ""
    unread: int = 0
    href: str = ""


def _row(c: svc.ConversationRow) -> ConversationLine:
    who = {"staff": "Você: ", "system": ""}.get(c.last_sender, "")
    return ConversationLine(
        id=c.client_id,
        name=c.client_name,
        preview=who + c.preview,
        when=c.when,
        unread=c.unread,
        href=conversation_url(c.client_id),
    )


class MessagesState(SessionState):
    loading: bool = True
    query: str = ""
    conversations: list[ConversationLine] = []
    # the open conversation ("" = none; on a phone the list shows instead)
    open_id: str = ""
    open_loading: bool = False
    not_found: bool = False
    client_name: str = ""
    messages: list[MessageLine] = []
    parts: list[list[TextPart]] = []
    has_earlier: bool = False
    can_write: bool = False  # this member may write and the client can be written to
    sending: bool = False
    errors: dict[str, str] = {}

    _client_id: int | None = None
    _last_id: int = 0
    _stamp: str = ""
    _last_sent: tuple[str, float] = ("", 0.0)

    # ------------------------------------------------------------ reading

    def _read_list(self, tick: bool = False) -> Any:
        query = self.query
        outcome = self._call(
            lambda s, a: (
                svc.list_conversations(session=s, actor=a, now=utcnow(), query=query),
                svc.conversations_stamp(session=s, actor=a),
            ),
            tick=tick,
            read_only=True,
        )
        if not outcome.ok:
            return outcome.failure()
        rows, self._stamp = outcome.value
        fresh = [_row(c) for c in rows]
        if fresh != self.conversations:
            self.conversations = fresh
        return None

    def _show(self, view: svc.ConversationView) -> None:
        rows, parts = message_rows(view.messages, mine="staff")
        self.client_name = view.client_name
        self.messages, self.parts = rows, parts
        self.has_earlier = view.has_earlier
        self.can_write = view.can_write
        self._last_id = view.last_id

    def _append(self, view: svc.ConversationView) -> None:
        """Only messages not shown yet (a refresh, or the echo of our own send)."""
        shown = {m.id for m in self.messages}
        fresh = [m for m in view.messages if m.id not in shown]
        if fresh:
            rows, parts = message_rows(fresh, mine="staff")
            self.messages = (self.messages + rows)[-KEEP:]
            self.parts = (self.parts + parts)[-KEEP:]
        self._last_id = max(self._last_id, view.last_id)
        if view.can_write != self.can_write:
            self.can_write = view.can_write

    def _open(self, client_id: int) -> Any:
        outcome = self._call(
            lambda s, a: svc.open_conversation(
                session=s, actor=a, client_id=client_id, now=utcnow()
            )
        )
        self.open_loading = False
        if outcome.error is not None:
            self._client_id, self.open_id, self.not_found = None, "", True
            return outcome.failure()
        self._client_id, self.open_id = client_id, str(client_id)
        self._show(outcome.value)
        return None

    @rx.event
    def load(self) -> Any:
        """The page: the list, and the conversation named in ``?cliente=``."""
        raw = self.router.url.query_parameters.get("cliente", "")
        self.errors, self.not_found, self.sending = {}, False, False
        self._last_sent = ("", 0.0)
        wanted: int | None = None
        if raw:
            try:
                wanted = to_id(raw)
            except NotFound:
                self.not_found = True
        if wanted is None:
            self._client_id, self.open_id = None, ""
            self.messages, self.parts, self.client_name = [], [], ""
        elif str(wanted) != self.open_id:
            self.messages, self.parts, self.client_name = [], [], ""
            self.open_id, self.open_loading = str(wanted), True
        if not self.conversations:
            self.loading = True
        yield
        if wanted is not None:
            yield self._open(wanted)
        yield self._read_list()  # after opening: the opened row shows as read
        self.loading = False

    @rx.event
    def search(self, value: Any) -> Any:
        self.query = value[:60] if isinstance(value, str) else ""
        return self._read_list()

    @rx.event
    def refresh_tick(self) -> Any:
        """Every few seconds while the page is open: one aggregate, and more reads only
        when something changed."""
        if self.loading or self.sending:
            return None
        # A tick is not the person's activity (the idle timeout keeps running) and, until
        # something changed, writes nothing.
        outcome = self._call(
            lambda s, a: svc.conversations_stamp(session=s, actor=a), tick=True, read_only=True
        )
        if not outcome.ok or outcome.value == self._stamp:
            return None
        client_id, after = self._client_id, self._last_id
        if client_id is not None:
            opened = self._call(
                lambda s, a: svc.open_conversation(
                    session=s, actor=a, client_id=client_id, now=utcnow(), after_id=after
                ),
                tick=True,
            )
            if opened.ok:
                self._append(opened.value)
        return self._read_list(tick=True)

    # ------------------------------------------------------------ writing

    @rx.event
    def send(self, form_data: dict[str, Any]) -> Any:
        client_id = self._client_id
        if client_id is None or self.sending:
            return
        body = form_text(form_data, "body", svc.MAX_BODY * 2)
        last_body, last_at = self._last_sent
        if body.strip() and body == last_body and time.monotonic() - last_at < REPEAT_WINDOW:
            return  # a second Enter queued behind the first send: already sent
        self.sending = True
        self.errors = {}
        yield
        after = self._last_id

        def write(s: Any, a: Any) -> svc.ConversationView:
            svc.send_staff_message(session=s, actor=a, client_id=client_id, body=body, now=utcnow())
            return svc.open_conversation(
                session=s, actor=a, client_id=client_id, now=utcnow(), after_id=after
            )

        outcome = self._call(write)
        self.sending = False
        if outcome.error is not None:  # the text stays in the composer
            self.errors = outcome.error.fields or {"body": outcome.error.message}
            yield outcome.failure()
            return
        self._last_sent = (body, time.monotonic())
        self._append(outcome.value)
        yield rx.call_script(clear_composer_script(COMPOSER_ID, COUNTER_ID))
        yield self._read_list()

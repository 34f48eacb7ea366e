"""/{slug}/area-do-cliente/mensagens: the client's conversation with the team, the composer,
and the WhatsApp preferences ("Notificações"). The client and the team come from the cookie
and the address (``portal_call``); no handler takes an id.

New messages from the team arrive by polling: ``refresh_tick`` asks only for messages after
the last one shown (one indexed range read) and assigns nothing when there are none."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico.services.auth.portal import Business
from treinico.services.messages import portal as portal_messages
from treinico.services.messages.conversations import MAX_BODY, ConversationView
from treinico.services.whatsapp import notifications
from treinico.state.portal.common import portal_call
from treinico.state.session import form_text
from treinico.state.shared.links import TextPart
from treinico.state.shared.message_rows import (
    KEEP,
    MessageLine,
    clear_composer_script,
    message_rows,
)

COMPOSER_ID = "portal-composer"
COUNTER_ID = "portal-composer-count"
REPEAT_WINDOW = 3.0


class PortalMessagesState(rx.State):
    loading: bool = True
    slug: str = ""
    messages: list[MessageLine] = []
    parts: list[list[TextPart]] = []
    has_earlier: bool = False
    sending: bool = False
    errors: dict[str, str] = {}
    notify_whatsapp: bool = True
    remind_whatsapp: bool = False
    prefs_saving: bool = False

    _last_id: int = 0
    _last_sent: tuple[str, float] = ("", 0.0)

    def _append(self, view: ConversationView) -> None:
        shown = {m.id for m in self.messages}
        fresh = [m for m in view.messages if m.id not in shown]
        if fresh:
            rows, parts = message_rows(fresh, mine="client", mine_label="Você")
            self.messages = (self.messages + rows)[-KEEP:]
            self.parts = (self.parts + parts)[-KEEP:]
        self._last_id = max(self._last_id, view.last_id)

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """The conversation (marked read) and the WhatsApp preferences."""
        view = portal_messages.my_conversation(session=session, business=business, now=now)
        prefs = notifications.my_preferences(session=session, business=business)
        self.slug = business.slug
        self.errors, self.sending = {}, False
        self._last_sent = ("", 0.0)
        self.messages, self.parts = message_rows(view.messages, mine="client", mine_label="Você")
        self.has_earlier = view.has_earlier
        self._last_id = view.last_id
        self.notify_whatsapp, self.remind_whatsapp = prefs.notify_whatsapp, prefs.remind_whatsapp
        self.loading = False

    @rx.event
    def refresh_tick(self) -> Any:
        if self.loading or self.sending:
            return None
        after = self._last_id
        # First the newest message's id alone, reading only (a tick is not the client's
        # activity and writes nothing until something arrived).
        newest = portal_call(
            self,
            lambda s, b, now: portal_messages.my_newest_id(session=s, business=b),
            tick=True,
            read_only=True,
        )
        if not newest.ok or newest.value <= after:
            return None
        outcome = portal_call(
            self,
            lambda s, b, now: portal_messages.my_conversation(
                session=s, business=b, now=now, after_id=after
            ),
            tick=True,
        )
        if outcome.ok:
            self._append(outcome.value)
        return None

    @rx.event
    def send(self, form_data: dict[str, Any]) -> Any:
        if self.loading or self.sending:
            return
        body = form_text(form_data, "body", MAX_BODY * 2)
        last_body, last_at = self._last_sent
        if body.strip() and body == last_body and time.monotonic() - last_at < REPEAT_WINDOW:
            return
        self.sending = True
        self.errors = {}
        yield
        after = self._last_id

        def write(s: Any, b: Any, now: Any) -> ConversationView:
            portal_messages.send_client_message(session=s, business=b, body=body, now=now)
            return portal_messages.my_conversation(session=s, business=b, now=now, after_id=after)

        outcome = portal_call(self, write)
        self.sending = False
        if outcome.error is not None:  # the text stays in the composer
            self.errors = outcome.error.fields or {"body": outcome.error.message}
            yield outcome.failure()
            return
        self._last_sent = (body, time.monotonic())
        self._append(outcome.value)
        yield rx.call_script(clear_composer_script(COMPOSER_ID, COUNTER_ID))

    def _save_prefs(self, notify: bool, remind: bool, done: str) -> Any:
        if self.prefs_saving:
            return None
        self.prefs_saving = True
        outcome = portal_call(
            self,
            lambda s, b, now: notifications.set_my_preferences(
                session=s, business=b, notify_whatsapp=notify, remind_whatsapp=remind
            ),
        )
        self.prefs_saving = False
        if not outcome.ok:
            return outcome.failure()
        prefs = outcome.value
        self.notify_whatsapp, self.remind_whatsapp = prefs.notify_whatsapp, prefs.remind_whatsapp
        return rx.toast.success(done)

    @rx.event
    def set_notify(self, value: Any) -> Any:
        on = value is True
        return self._save_prefs(
            on,
            self.remind_whatsapp,
            "Avisos de novas mensagens ligados." if on else "Avisos de novas mensagens desligados.",
        )

    @rx.event
    def set_remind(self, value: Any) -> Any:
        on = value is True
        return self._save_prefs(
            self.notify_whatsapp,
            on,
            "Lembretes no WhatsApp ligados." if on else "Lembretes no WhatsApp desligados.",
        )

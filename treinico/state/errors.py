"""What a person sees when an event cannot finish on the server.

- The person must go elsewhere first (the staff session ended, no team is chosen yet, the
  portal session or the business is gone, the portal's terms wait): the paths to services
  (``SessionState._call``, ``portal_call``) raise ``SessionEnded`` and the answer is that
  navigation, so no handler checks for it.
- Anything else gets a pt-BR toast (Reflex's own says "An error occurred." in English). An
  outage of the database or of Redis says so and asks to try again in a moment; any other
  error is logged with its traceback."""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec

from treinico.outages import UNEXPECTED, outage

log = logging.getLogger("treinico.events")


class SessionEnded(Exception):
    """Raised by the paths to services when the person must go elsewhere before anything
    else; ``go`` is where (the login, the team picker, the portal's terms)."""

    def __init__(self, go: EventSpec) -> None:
        super().__init__("session ended")
        self.go = go


def event_error(exception: Exception) -> EventSpec:
    if isinstance(exception, SessionEnded):
        return exception.go
    message = outage(exception)
    if message is None:
        log.error("unexpected error in an event", exc_info=exception)
        message = UNEXPECTED
    else:
        log.warning("outage during an event: %s", type(exception).__name__)
    return rx.toast.error(message, id="backend_error", position="top-center", duration=10000)

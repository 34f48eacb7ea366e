"""What a person sees when an event fails on the server: a pt-BR toast (Reflex's own says
"An error occurred." in English). An outage of the database or of Redis says so and asks
to try again in a moment; anything else is logged with its traceback."""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec

from treinico.outages import UNEXPECTED, outage

log = logging.getLogger("treinico.events")


def event_error(exception: Exception) -> EventSpec:
    message = outage(exception)
    if message is None:
        log.error("unexpected error in an event", exc_info=exception)
        message = UNEXPECTED
    else:
        log.warning("outage during an event: %s", type(exception).__name__)
    return rx.toast.error(message, id="backend_error", position="top-center", duration=10000)

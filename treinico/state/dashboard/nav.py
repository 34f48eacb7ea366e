"""The dashboard navigation's counts (badges beside the menu items), refreshed on a slow
tick from the shell on every dashboard page.

One handler, ``refresh_nav``, reads every count in one unit of work; each count is one
indexed aggregate, so a tick stays cheap with many open tabs. A new badge is a new int var
here plus one line in ``_counts`` (and its place in ``components/shell.NAV``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico.services.actor import Actor
from treinico.services.commerce.renewals import expiring_count
from treinico.services.messages.conversations import staff_unread_total
from treinico.settings import get_settings
from treinico.state.session import SessionState, utcnow

NAV_TICK_MS = get_settings().nav_refresh_seconds * 1000


def _counts(session: Session, actor: Actor) -> dict[str, int]:
    return {
        "unread_messages": staff_unread_total(session=session, actor=actor),
        "expiring_soon": expiring_count(session=session, actor=actor, now=utcnow()),
    }


class NavState(SessionState):
    unread_messages: int = 0  # client messages the team has not read (Mensagens)
    expiring_soon: int = 0  # accesses ending in the next 30 days (Comércio, Vencendo em breve)

    def _apply(self, counts: dict[str, int]) -> None:
        for name, value in counts.items():
            if getattr(self, name) != value:  # unchanged counts are not sent again
                setattr(self, name, value)

    @rx.event
    def refresh_nav(self) -> Any:
        """Counts for the navigation. An ended session goes to the login like any other
        event's (its ``_call`` has already hidden the page); other errors stay quiet."""
        outcome = self._call(_counts, tick=True, read_only=True)
        if outcome.ok:
            self._apply(outcome.value)
        return None

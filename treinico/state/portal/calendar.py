""" "Adicionar ao calendário": the client's private calendar address. The raw token is shown
once, right after it is made, and cleared when the person closes it or leaves the page; only
its hash is stored, and it is never logged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.models import Team
from treinico.services.agenda import calendar_feed
from treinico.services.auth.portal import Business
from treinico.settings import get_settings
from treinico.state.portal.common import portal_call


class PortalCalendarState(rx.State):
    loading: bool = True
    active: bool = False
    since: str = ""
    # Shown once: the address with the raw token, kept only while it is on screen.
    feed_url: str = ""
    saving: bool = False

    @rx.var
    def webcal_url(self) -> str:
        if not self.feed_url:
            return ""
        return "webcal://" + self.feed_url.split("://", 1)[-1]

    def _fill(self, session: Session, business: Business, now: datetime) -> None:
        """Whether a calendar address exists ("Meus horários"); the raw one is never kept."""
        view = calendar_feed.feed_state(
            session=session,
            team_id=business.team_id,
            client_id=business.client_id,
            tz=_tz(session, business.team_id),
        )
        self.feed_url = ""
        self.active = view.active
        self.since = view.since
        self.loading = False

    @rx.event
    def renew(self) -> Any:
        if self.saving:
            return
        self.saving = True
        self.feed_url = ""
        yield
        outcome = portal_call(
            self,
            lambda s, b, now: calendar_feed.renew_feed(
                session=s, team_id=b.team_id, client_id=b.client_id, now=now
            ),
        )
        self.saving = False
        if not outcome.ok:
            yield outcome.failure()
            return
        base = get_settings().public_url.rstrip("/")
        self.feed_url = base + routes.calendar_feed(outcome.value)
        self.active = True
        self.since = "agora"
        # No toast: the address appears in place, with "Link gerado" above it (a toast would
        # cover the buttons at the bottom of a phone screen).

    @rx.event
    def forget(self) -> None:
        """Drop the address from the state (closing the box, leaving the page)."""
        self.feed_url = ""

    def _forget(self, session: Session, business: Business, now: datetime) -> None:
        """``forget`` as part of the home's load."""
        self.feed_url = ""


def _tz(session: Session, team_id: int) -> str:
    team = session.get(Team, team_id)
    return team.timezone if team is not None else "America/Sao_Paulo"

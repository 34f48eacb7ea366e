"""One event per portal page: the header and every section of the page are read in one unit
of work, after one resolution of the portal session and one terms check, and reach the
browser as one delta.

A page used to run one handler per section (the home had five), each resolving the session,
the business and the terms again in its own unit of work and sending its own deltas, a
"loading" one first. The sections keep their state classes (the views bind to them); what
they read is their ``_fill(session, business, now)``, called here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.cookies import portal_cookie_name, token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.auth.portal import Business, current_business_among, held_rows
from treinico.services.errors import DomainError, NotFound, Unauthenticated
from treinico.services.privacy.consent import needs_terms
from treinico.state.portal.address import slug_from_path, to_login
from treinico.state.portal.agenda import PortalAgendaState
from treinico.state.portal.calendar import PortalCalendarState
from treinico.state.portal.health import PortalHealthState
from treinico.state.portal.home import PortalHomeState
from treinico.state.portal.homework import PortalHomeworkState
from treinico.state.portal.messages import PortalMessagesState
from treinico.state.portal.plan import PortalPlanState
from treinico.state.portal.privacy import PortalPrivacyState
from treinico.state.portal.progress import PortalProgressState
from treinico.state.session import utcnow

Fill = Callable[[Any, Session, Business, datetime], None]
Section = tuple[type[rx.State], Fill]

HOME: tuple[Section, ...] = (
    (PortalAgendaState, PortalAgendaState._fill),
    (PortalCalendarState, PortalCalendarState._forget),
    (PortalHomeworkState, PortalHomeworkState._fill),
    (PortalProgressState, PortalProgressState._fill_summary),
)
AGENDA: tuple[Section, ...] = (
    (PortalAgendaState, PortalAgendaState._fill),
    (PortalCalendarState, PortalCalendarState._fill),
)


class PortalPageState(rx.State):
    """The portal pages' ``on_load``: no vars of its own."""

    async def _open(self, *sections: Section) -> Any:
        slug = slug_from_path(self.router.url.path)
        token = token_from_cookie_header(self.router.headers.cookie, portal_cookie_name())
        header = await self.get_state(PortalHomeState)
        parts = [(await self.get_state(cls), fill) for cls, fill in sections]
        now = utcnow()
        try:
            with unit_of_work() as session:
                try:
                    business, businesses = current_business_among(
                        session=session, token=token, now=now, slug=slug
                    )
                except NotFound:
                    return rx.redirect(routes.PORTAL_PICKER, replace=True)
                held = held_rows(session=session, business=business)
                if needs_terms(session, team_id=business.team_id, client_id=business.client_id):
                    return rx.redirect(routes.portal_terms(business.slug), replace=True)
                header._fill(session, business, businesses, now)
                for state, fill in parts:
                    fill(state, session, business, now)
                del held  # held until every section has read
        except Unauthenticated:
            return to_login(slug)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return None

    @rx.event
    async def home(self) -> Any:
        return await self._open(*HOME)

    @rx.event
    async def agenda(self) -> Any:
        return await self._open(*AGENDA)

    @rx.event
    async def plan(self) -> Any:
        return await self._open((PortalPlanState, PortalPlanState._fill))

    @rx.event
    async def tasks(self) -> Any:
        return await self._open((PortalHomeworkState, PortalHomeworkState._fill))

    @rx.event
    async def progress(self) -> Any:
        return await self._open((PortalProgressState, PortalProgressState._fill))

    @rx.event
    async def messages(self) -> Any:
        return await self._open((PortalMessagesState, PortalMessagesState._fill))

    @rx.event
    async def privacy(self) -> Any:
        return await self._open((PortalPrivacyState, PortalPrivacyState._fill))

    @rx.event
    async def health(self) -> Any:
        return await self._open((PortalHealthState, PortalHealthState._fill))

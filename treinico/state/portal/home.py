"""Portal home and the business picker. The client is always derived on the server from the
portal cookie and the business in the address bar; the browser sends no ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.cookies import portal_cookie_name, token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.access.entitlements import client_accesses
from treinico.services.auth.portal import Business, list_my_businesses, logout_portal
from treinico.services.errors import Unauthenticated
from treinico.services.messages.portal import my_unread
from treinico.state.session import utcnow
from treinico.state.shared.navigation import go_to


@dataclass(frozen=True)
class AccessLine:
    """One access of the client ("Meus acessos"), as ``components.access`` draws it."""

    product: str = ""
    icon: str = ""
    status: str = ""
    status_label: str = ""
    time_left: str = ""


@dataclass(frozen=True)
class BusinessChoice:
    """A business of the picker: its name, address and the client's first name there."""

    name: str = ""
    slug: str = ""
    client: str = ""


class PortalHomeState(rx.State):
    loading: bool = True
    first_name: str = ""
    business_name: str = ""
    slug: str = ""
    several: bool = False
    health_enabled: bool = False  # the team keeps health records: "Saúde" in the navigation
    accesses: list[AccessLine] = []
    unread_messages: int = 0  # messages from the team not opened yet ("2 novas")

    def _token(self) -> str | None:
        return token_from_cookie_header(self.router.headers.cookie, portal_cookie_name())

    def _fill(
        self, session: Session, business: Business, businesses: list[Business], now: datetime
    ) -> None:
        """The header and the accesses, read in the page's unit of work
        (``PortalPageState``), after the session and the terms were checked there."""
        rows = client_accesses(
            session=session, team_id=business.team_id, client_id=business.client_id, now=now
        )
        self.unread_messages = my_unread(session=session, business=business)
        self.first_name = business.client_name.split()[0]
        self.business_name = business.name
        self.slug = business.slug
        self.several = len(businesses) > 1
        self.health_enabled = business.health_enabled
        self.accesses = [
            AccessLine(
                product=r.product_name,
                icon=r.product_icon,
                status=r.status,
                status_label=r.status_label,
                time_left=r.time_left,
            )
            for r in rows
        ]
        self.loading = False

    @rx.event
    def logout(self) -> Any:
        with unit_of_work() as session:
            logout_portal(session=session, token=self._token(), now=utcnow())
        self.loading = True
        return go_to(routes.AUTH_PORTAL_LOGOUT, negocio=self.slug)


class PortalPickerState(rx.State):
    businesses: list[BusinessChoice] = []
    loading: bool = True

    @rx.event
    def load(self) -> Any:
        self.loading = True
        token = token_from_cookie_header(self.router.headers.cookie, portal_cookie_name())
        try:
            with unit_of_work() as session:
                found = list_my_businesses(session=session, token=token, now=utcnow())
        except Unauthenticated:
            return rx.redirect(routes.HOME, replace=True)
        self.businesses = [
            BusinessChoice(name=b.name, slug=b.slug, client=b.client_name.split()[0]) for b in found
        ]
        self.loading = False
        return None

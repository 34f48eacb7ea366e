"""The staff session as the dashboard sees it, and the one way handlers reach services.

Every handler resolves the actor again from the HttpOnly cookie carried by the websocket
handshake: logout, revocation and permission changes apply on the very next event.
Nothing here is trusted from the browser; team, user and permissions stay on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.cookies import token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.actor import Actor, load_actor
from treinico.services.auth.staff import list_teams_for_user, resolve_session
from treinico.services.errors import DomainError, NotFound, Unauthenticated
from treinico.services.permissions import Perm
from treinico.services.teams import get_team
from treinico.state.errors import SessionEnded
from treinico.state.shared.navigation import go_to

T = TypeVar("T")


class NoTeamChosen(Exception):
    """The session is valid but no team was picked yet."""


def actor_for(session: Session, token: str | None, *, touch: bool = True) -> Actor:
    view = resolve_session(session=session, token=token, now=utcnow(), touch=touch)
    if view.team_id is None:
        raise NoTeamChosen()
    return load_actor(session, user_id=view.user_id, team_id=view.team_id)


@dataclass
class Outcome:
    """What one service call gave: a value or a domain error. (Where the person must go
    instead, when the session ended, is raised as ``SessionEnded``: state/errors.py.)"""

    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def failure(self) -> Any:
        """The domain error as the page shows it: a toast with its pt-BR message."""
        assert self.error is not None
        return rx.toast.error(self.error.message)

    def reply(self, success: str = "", *then: Any) -> Any:
        """How an action ends: the error's toast, or the success toast (if any) followed by
        the reloads of what changed (``then``: events or handlers)."""
        if not self.ok:
            return self.failure()
        events = [rx.toast.success(success)] if success else []
        return [*events, *then] or None


def attempt(fn: Callable[[], T]) -> Outcome:
    """One section's read inside a page's unit of work: its domain error (a client of another
    team, a permission this member lacks) stays the section's own, the others still read."""
    try:
        return Outcome(value=fn())
    except Unauthenticated:
        raise
    except DomainError as exc:
        return Outcome(error=exc)


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_id(raw: Any) -> int:
    """An id sent by the browser, as an int, or NotFound. Never proof of access."""
    if isinstance(raw, bool):
        raise NotFound()
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise NotFound() from None
    if value <= 0 or value > 2**31:
        raise NotFound()
    return value


def form_text(form_data: Any, key: str, max_len: int = 4000) -> str:
    """A text value from a submitted form dict, whatever the browser sent."""
    if not isinstance(form_data, dict):
        return ""
    value = form_data.get(key, "")
    return value[:max_len] if isinstance(value, str) else ""


class SessionState(rx.State):
    """Header, sidebar and permission-dependent display flags of the dashboard."""

    loading: bool = True
    user_name: str = ""
    user_email: str = ""
    team_name: str = ""
    team_slug: str = ""
    several_teams: bool = False
    show_commerce: bool = False
    can_write_clients: bool = False
    can_manage_team: bool = False
    can_read_entitlements: bool = False
    can_write_entitlements: bool = False
    can_write_products: bool = False
    can_read_agenda: bool = False
    can_write_agenda: bool = False
    can_manage_privacy: bool = False

    def _token(self) -> str | None:
        return token_from_cookie_header(self.router.headers.cookie)

    def _actor(self, session: Session, touch: bool = True) -> Actor:
        return actor_for(session, self._token(), touch=touch)

    def _call(
        self, fn: Callable[[Session, Actor], T], *, tick: bool = False, read_only: bool = False
    ) -> Outcome:
        """Resolve the actor and run one service in one unit of work. An ended session
        raises ``SessionEnded`` (answered with the way to the login); a domain error comes
        back in the outcome.

        ``tick``: a polling event, not the person's action (the idle timeout keeps running);
        ``read_only``: nothing is written (no write lock on SQLite)."""
        try:
            with unit_of_work(read_only=read_only) as session:
                actor = self._actor(session, touch=not tick)
                return Outcome(value=fn(session, actor))
        except Unauthenticated:
            self.loading = True
            raise SessionEnded(rx.redirect(f"{routes.LOGIN}?expirado=1", replace=True)) from None
        except NoTeamChosen:
            raise SessionEnded(rx.redirect(routes.TEAMS, replace=True)) from None
        except DomainError as exc:
            return Outcome(error=exc)

    @rx.event
    def load_shell(self) -> Any:
        outcome = self._call(self._fill_shell)
        if not outcome.ok:
            return outcome.failure()
        return None

    def _fill_shell(self, session: Session, actor: Actor) -> None:
        """The header and the sidebar: the team, whether there are others, what may be done."""
        team = get_team(session=session, actor=actor)
        team_count = len(list_teams_for_user(session=session, user_id=actor.user_id))
        self.user_name = actor.name
        self.team_name = team.name
        self.team_slug = team.slug
        self.several_teams = team_count > 1
        self.show_commerce = team.commerce_enabled
        self.can_write_clients = actor.can(Perm.CLIENTS_WRITE)
        self.can_manage_team = actor.can(Perm.TEAM_MANAGE)
        self.can_read_entitlements = team.commerce_enabled and actor.can(Perm.ENTITLEMENTS_READ)
        self.can_write_entitlements = team.commerce_enabled and actor.can(Perm.ENTITLEMENTS_WRITE)
        self.can_write_products = team.commerce_enabled and actor.can(Perm.PRODUCTS_WRITE)
        self.can_read_agenda = actor.can(Perm.AGENDA_READ)
        self.can_write_agenda = actor.can(Perm.AGENDA_WRITE)
        self.can_manage_privacy = actor.can(Perm.PRIVACY_MANAGE)
        self.loading = False

    @rx.event
    def logout(self) -> Any:
        """Revoke this session on the server, then clear the cookie over HTTP."""
        from treinico.services.auth.staff import logout

        with unit_of_work() as session:
            logout(session=session, token=self._token(), now=utcnow())
        self.loading = True
        return go_to(routes.AUTH_LOGOUT)

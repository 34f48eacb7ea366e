"""The one way portal handlers reach services: the client and the team come from the
HttpOnly portal cookie and the business in the address bar, never from the browser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from treinico import routes
from treinico.cookies import portal_cookie_name, token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.auth.portal import Business, current_business
from treinico.services.errors import DomainError, NotFound, Unauthenticated
from treinico.services.privacy.consent import needs_terms
from treinico.state.errors import SessionEnded
from treinico.state.portal.address import slug_from_path, to_login
from treinico.state.session import Outcome, utcnow

T = TypeVar("T")


def portal_call(
    state: rx.State,
    fn: Callable[[Session, Business, datetime], T],
    *,
    before_terms: bool = False,
    tick: bool = False,
    read_only: bool = False,
) -> Outcome:
    """Resolve the portal client for this tab's address and run one service in one unit of
    work. A domain error rolls the whole unit back (a refused reschedule keeps the old
    booking).

    Until the client has accepted the team's current terms, every call except the terms
    screen's own (``before_terms=True``) answers with a redirect to that screen: nothing of
    the portal is read before. Both, and an ended session, raise ``SessionEnded``: the
    answer is that navigation (state/errors.py)."""
    slug = slug_from_path(state.router.url.path)
    token = token_from_cookie_header(state.router.headers.cookie, portal_cookie_name())
    now = utcnow()
    try:
        with unit_of_work(read_only=read_only) as session:
            try:
                business = current_business(
                    session=session, token=token, now=now, slug=slug, touch=not tick
                )
            except NotFound:
                raise SessionEnded(rx.redirect(routes.PORTAL_PICKER, replace=True)) from None
            if not before_terms and needs_terms(
                session, team_id=business.team_id, client_id=business.client_id
            ):
                raise SessionEnded(rx.redirect(routes.portal_terms(business.slug), replace=True))
            return Outcome(value=fn(session, business, now))
    except Unauthenticated:
        raise SessionEnded(to_login(slug)) from None
    except DomainError as exc:
        return Outcome(error=exc)


def text_arg(raw: Any, max_len: int = 64) -> str:
    """A short string argument from the browser (slot start, option key), or ""."""
    return raw[:max_len] if isinstance(raw, str) else ""

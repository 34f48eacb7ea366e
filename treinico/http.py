"""Plain HTTP routes beside the Reflex app: they set and clear the HttpOnly session cookie.

The websocket cannot set an HttpOnly cookie, so login ends here: the login form's event
issues a single-use ticket, the browser navigates to ``/auth/entrar?ticket=…``, and this
route trades it for a fresh session token in a cookie that JavaScript cannot read.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from treinico import routes
from treinico.cookies import cookie_name, portal_cookie_name, token_from_cookie_header
from treinico.db import unit_of_work
from treinico.services.auth import list_teams_for_user, logout, redeem_ticket, resolve_session
from treinico.services.calendar_feed import render_feed
from treinico.services.errors import Unauthenticated
from treinico.services.portal_auth import logout_portal, redeem_portal_ticket
from treinico.settings import get_settings


def _set_session_cookie(response: Response, name: str, token: str, max_age: int) -> Response:
    response.set_cookie(
        name,
        token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
    )
    return _no_store(response)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def complete_login(request: Request) -> Response:
    ticket = request.query_params.get("ticket", "")
    now = datetime.now(UTC)
    try:
        with unit_of_work() as session:
            token = redeem_ticket(session=session, ticket=ticket, now=now)
            view = resolve_session(session=session, token=token, now=now)
            teams = list_teams_for_user(session=session, user_id=view.user_id)
    except Unauthenticated:
        return _no_store(RedirectResponse(f"{routes.LOGIN}?expirado=1", status_code=303))
    target = routes.CLIENTS if len(teams) == 1 else routes.TEAMS
    max_age = get_settings().staff_session_max_hours * 3600
    return _set_session_cookie(
        RedirectResponse(target, status_code=303), cookie_name(), token, max_age
    )


async def finish_logout(request: Request) -> Response:
    token = token_from_cookie_header(request.headers.get("cookie"))
    if token:
        with unit_of_work() as session:
            logout(session=session, token=token, now=datetime.now(UTC))
    response = RedirectResponse(routes.LOGIN, status_code=303)
    response.delete_cookie(cookie_name(), path="/")
    return _no_store(response)


def _safe_slug(raw: str | None) -> str:
    slug = (raw or "").strip().lower()
    return slug if slug and all(c.isalnum() or c == "-" for c in slug) and len(slug) <= 60 else ""


async def complete_portal_login(request: Request) -> Response:
    """Trade a portal ticket for the HttpOnly portal cookie, then go to the portal."""
    ticket = request.query_params.get("ticket", "")
    slug = _safe_slug(request.query_params.get("negocio"))
    now = datetime.now(UTC)
    try:
        with unit_of_work() as session:
            token, businesses = redeem_portal_ticket(session=session, ticket=ticket, now=now)
    except Unauthenticated:
        target = f"/{slug}/entrar?expirado=1" if slug else routes.HOME
        return _no_store(RedirectResponse(target, status_code=303))
    if len(businesses) == 1:
        target = routes.portal_home(businesses[0].slug)
    else:
        target = routes.PORTAL_PICKER
    max_age = get_settings().portal_session_days * 86400
    return _set_session_cookie(
        RedirectResponse(target, status_code=303), portal_cookie_name(), token, max_age
    )


async def finish_portal_logout(request: Request) -> Response:
    token = token_from_cookie_header(request.headers.get("cookie"), portal_cookie_name())
    if token:
        with unit_of_work() as session:
            logout_portal(session=session, token=token, now=datetime.now(UTC))
    slug = _safe_slug(request.query_params.get("negocio"))
    response = RedirectResponse(f"/{slug}" if slug else routes.HOME, status_code=303)
    response.delete_cookie(portal_cookie_name(), path="/")
    return _no_store(response)


async def calendar_feed(request: Request) -> Response:
    """The client's private calendar (.ics). Unknown or renewed tokens get a bare 404; the
    token is never logged."""
    token = str(request.path_params.get("token", ""))
    with unit_of_work() as session:
        body = render_feed(session=session, token=token, now=datetime.now(UTC))
    if body is None:
        return _no_store(Response("Não encontrado.", status_code=404, media_type="text/plain"))
    return _no_store(Response(body, media_type="text/calendar; charset=utf-8"))


def build_http_app() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.AUTH_COMPLETE, complete_login, methods=["GET"]),
            Route(routes.AUTH_LOGOUT, finish_logout, methods=["GET", "POST"]),
            Route(routes.AUTH_PORTAL, complete_portal_login, methods=["GET"]),
            Route(routes.AUTH_PORTAL_LOGOUT, finish_portal_logout, methods=["GET", "POST"]),
            Route(routes.CALENDAR_FEED, calendar_feed, methods=["GET"]),
        ]
    )

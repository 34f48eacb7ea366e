"""Plain HTTP routes beside the Reflex app: they set and clear the HttpOnly session cookie.

The websocket cannot set an HttpOnly cookie, so login ends here: the login form's event
issues a single-use ticket, the browser navigates to ``/auth/entrar?ticket=…``, and this
route trades it for a fresh session token in a cookie that JavaScript cannot read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from treinico import routes
from treinico.cookies import cookie_name, portal_cookie_name, token_from_cookie_header
from treinico.db import unit_of_work
from treinico.http.errors import starlette_error
from treinico.http.public_page import card, logo
from treinico.services.actor import load_actor
from treinico.services.agenda.calendar_feed import render_feed
from treinico.services.auth.portal import current_business, logout_portal, redeem_portal_ticket
from treinico.services.auth.staff import list_teams_for_user, logout, redeem_ticket, resolve_session
from treinico.services.errors import DomainError, Unauthenticated
from treinico.services.health.files import FileOut, team_slug_of
from treinico.services.health.portal import download_for_client
from treinico.services.health.records import download_for_staff
from treinico.services.privacy.data_rights import build_export
from treinico.services.site.brand import icon_png, portal_manifest
from treinico.services.site.crawlers import robots_txt, sitemap_xml
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
    # The staff login page sends its own browser here; a link from another site would log
    # the visitor into the ticket's account.
    if _cross_site(request):
        return _no_store(RedirectResponse(f"{routes.LOGIN}?expirado=1", status_code=303))
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
    return slug if routes.SLUG.fullmatch(slug) else ""


def portal_cookie_response(ticket: str, slug: str) -> Response:
    """Trade a portal ticket for the HttpOnly portal cookie and go to the portal. Called by
    the login's own POST (treinico/http/portal_login.py), which has checked where it came from: no
    GET address hands the cookie out, so no other site can log a visitor into an account."""
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


def client_address(request: Request) -> str:
    """The caller's address for the access log: the proxy's X-Forwarded-For only when a
    proxy is configured as trusted."""
    if get_settings().trusted_proxy:
        # The proxy appends the address it saw: the last value, not one the caller wrote.
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.client.host if request.client else "?"


def _private_file(body: bytes, name: str, content_type: str) -> Response:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    response = Response(body, media_type=content_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _cross_site(request: Request) -> bool:
    """A download started by another site (a link or a redirect elsewhere) would carry the
    Lax cookie and write a log row in the victim's name: refuse it."""
    return request.headers.get("sec-fetch-site", "") == "cross-site"


def _not_found() -> Response:
    return _no_store(Response("Não encontrado.", status_code=404, media_type="text/plain"))


def _attachment_as_staff(request: Request, attachment_id: int, now: datetime) -> FileOut | None:
    token = token_from_cookie_header(request.headers.get("cookie"))
    if not token:
        return None
    try:
        with unit_of_work() as session:
            view = resolve_session(session=session, token=token, now=now)
            if view.team_id is None:
                return None
            actor = load_actor(session, user_id=view.user_id, team_id=view.team_id)
            return download_for_staff(
                session=session,
                actor=actor,
                attachment_id=attachment_id,
                now=now,
                ip=client_address(request),
            )
    except DomainError:
        return None


def _attachment_as_client(request: Request, attachment_id: int, now: datetime) -> FileOut | None:
    token = token_from_cookie_header(request.headers.get("cookie"), portal_cookie_name())
    if not token:
        return None
    try:
        with unit_of_work() as session:
            slug = team_slug_of(session, attachment_id=attachment_id)
            if slug is None:
                return None
            business = current_business(session=session, token=token, now=now, slug=slug)
            return download_for_client(
                session=session,
                business=business,
                attachment_id=attachment_id,
                now=now,
                ip=client_address(request),
            )
    except DomainError:
        return None


async def health_attachment(request: Request) -> Response:
    """An attachment of a health record, for staff with ``health.read`` in its team or for
    the client it belongs to (visible record, health consent given). Anything else: 404."""
    if _cross_site(request):
        return _not_found()
    attachment_id = int(request.path_params["attachment_id"])
    now = datetime.now(UTC)
    found = _attachment_as_staff(request, attachment_id, now) or _attachment_as_client(
        request, attachment_id, now
    )
    if found is None:
        return _not_found()
    return _private_file(found.data, found.name, found.content_type)


async def my_data_export(request: Request) -> Response:
    """ "Baixar meus dados": the client's ZIP for the business in ``?negocio=``."""
    token = token_from_cookie_header(request.headers.get("cookie"), portal_cookie_name())
    slug = _safe_slug(request.query_params.get("negocio"))
    now = datetime.now(UTC)
    if not token or not slug or _cross_site(request):
        return _not_found()
    try:
        with unit_of_work() as session:
            business = current_business(session=session, token=token, now=now, slug=slug)
            body = build_export(
                session=session, business=business, now=now, ip=client_address(request)
            )
    except DomainError:
        return _not_found()
    day = now.strftime("%Y-%m-%d")
    return _private_file(body, f"meus-dados-{slug}-{day}.zip", "application/zip")


async def robots(_request: Request) -> Response:
    return PlainTextResponse(robots_txt(get_settings().public_url))


async def sitemap(_request: Request) -> Response:
    with unit_of_work() as session:
        body = sitemap_xml(session=session, public_url=get_settings().public_url)
    return Response(body, media_type="application/xml")


async def icon(request: Request) -> Response:
    kind = request.path_params.get("kind")
    if kind not in (None, "maskable"):
        return Response(status_code=404)
    try:
        body = icon_png(int(request.path_params["size"]), maskable=kind == "maskable")
    except (ValueError, DomainError):
        return Response(status_code=404)
    headers = {"Cache-Control": "public, max-age=86400"}
    return Response(body, media_type="image/png", headers=headers)


async def manifest(request: Request) -> Response:
    slug = _safe_slug(request.path_params.get("slug"))
    try:
        with unit_of_work() as session:
            body = portal_manifest(session=session, slug=slug)
    except DomainError:
        return Response(status_code=404)
    return Response(body, media_type="application/manifest+json")


def build_http_app() -> Starlette:
    return Starlette(
        exception_handlers={Exception: starlette_error},
        routes=[
            Route(routes.AUTH_COMPLETE, complete_login, methods=["GET"]),
            Route(routes.AUTH_LOGOUT, finish_logout, methods=["GET", "POST"]),
            Route(routes.AUTH_PORTAL_LOGOUT, finish_portal_logout, methods=["GET", "POST"]),
            Route(routes.CALENDAR_FEED, calendar_feed, methods=["GET"]),
            Route(routes.HEALTH_ATTACHMENT, health_attachment, methods=["GET"]),
            Route(routes.MY_DATA_EXPORT, my_data_export, methods=["GET"]),
            Route(routes.ROBOTS, robots, methods=["GET"]),
            Route(routes.SITEMAP, sitemap, methods=["GET"]),
            Route(routes.ICON, icon, methods=["GET"]),
            Route(routes.ICON_MASKABLE, icon, methods=["GET"]),
            Route(routes.PORTAL_MANIFEST, manifest, methods=["GET"]),
            Route(routes.PUBLIC_LOGO, logo, methods=["GET"]),
            Route(routes.PUBLIC_CARD, card, methods=["GET"]),
        ],
    )

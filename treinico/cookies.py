"""The staff session cookie: its name and how to read it from a raw Cookie header."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from treinico.settings import get_settings


def cookie_name() -> str:
    # The __Host- prefix pins the cookie to this exact origin; browsers accept it only over
    # HTTPS, so plain-HTTP local runs use the bare name.
    return "__Host-treinico_sessao" if get_settings().secure_cookies else "treinico_sessao"


def portal_cookie_name() -> str:
    return "__Host-treinico_portal" if get_settings().secure_cookies else "treinico_portal"


def token_from_cookie_header(header: str | None, name: str | None = None) -> str | None:
    """A session token from a Cookie header (the websocket handshake's or a request's).

    ``name`` defaults to the staff session cookie.
    """
    if not header or len(header) > 8192:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name or cookie_name())
    return morsel.value if morsel else None

"""Response headers, set in one place for every HTTP response of the app: Reflex's pages and
assets, the server-rendered pages, the HTTP routes and the 404s (the websocket is left alone).

The Content-Security-Policy is as strict as the built Reflex app works under:

- ``script-src 'self' 'unsafe-inline' 'unsafe-eval'``: every Reflex page starts from inline
  scripts whose content differs per page (the router's context and the bootstrap import),
  and Reflex runs ``rx.call_script`` and some event chains through ``eval``. No script is
  loaded from anywhere else.
- ``style-src 'self' 'unsafe-inline'``: Emotion writes the components' styles into ``<style>``
  tags at run time, and Radix sets inline ``style`` attributes.
- ``connect-src 'self'`` plus the websocket origin (``ws:``/``wss:`` of the public URL): the
  event channel and uploads.
- ``img-src 'self' data: blob:``: the app's images, the charts' exports and Plotly's icons.
- ``frame-ancestors 'none'`` (and ``X-Frame-Options: DENY``): the dashboard's one-click
  actions must never run inside another site's frame. ``object-src 'none'``, ``base-uri
  'self'``, ``form-action 'self'``.

Caching: a response that did not choose its own ``Cache-Control`` gets ``no-store``, except the
build's hashed assets (cached for a year) and the few fixed public files (an hour). Pages and
routes that carry personal data either set ``no-store`` themselves or get it here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from treinico.settings import get_settings

PUBLIC_FILES = ("/logo.svg", "/treinico.css", "/favicon.ico")
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _websocket_origins(public_url: str) -> str:
    parts = urlsplit(public_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}"


def content_security_policy(public_url: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {_websocket_origins(public_url)}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _cache_policy(path: str) -> str:
    if path.startswith("/assets/"):
        return "public, max-age=31536000, immutable"  # file names carry their content's hash
    if path in PUBLIC_FILES:
        return "public, max-age=3600"
    return "no-store"


def security_headers(app: ASGIApp) -> ASGIApp:
    settings = get_settings()
    fixed = {
        "Content-Security-Policy": content_security_policy(settings.public_url),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": PERMISSIONS,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.public_url.startswith("https://"):
        fixed["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in fixed.items():
                    # A route that set its own, stricter policy keeps it (a private file is
                    # served with "default-src 'none'; sandbox").
                    if name == "Content-Security-Policy" and name.lower() in headers:
                        continue
                    headers[name] = value
                if "referrer-policy" not in headers:
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
                if "cache-control" not in headers:
                    headers["Cache-Control"] = _cache_policy(path)
            await send(message)

        await app(scope, receive, send_with_headers)

    return with_headers
